/* Shared by the producer API's resolver files. */
#ifndef API_PRODUCER_INTERNAL_H
#define API_PRODUCER_INTERNAL_H
#include "api/producer/producer.h"
#include "base/clock.h"
#include "graphql/gql.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* What a resolver knows about its caller. */
struct producer_ctx {
    const struct api_producer_config *cfg;
    char *app;                            /* application name from the token */
    const struct auth_producer *producer; /* NULL: not in the registry */
};

/* {"__typename": type, "feilmelding": message} (message may be NULL: then
 * it is taken over from owned). */
json_t *api_error_value(const char *type, const char *message);
/* ---- Input helpers (input.c) ---- */
/* The member is there and not null. */
bool api_present(json_t *o, const char *key);
/* The string member, or NULL. */
const char *api_str(json_t *o, const char *key);
/* NULL, or the exactly-one-of message (malloc'ed) for names in o. */
char *api_exactly_one(const char *type, json_t *o, const char *const *names, size_t n);
/* [mottaker] + mottakere (new reference); *out_err on the first that is
 * not exactly one kind. */
json_t *api_collect_recipients(json_t *in, char **out_err);
/* UgyldigMottaker or UgyldigMerkelapp value, or NULL when allowed. */
json_t *api_check_rights(const struct producer_ctx *ctx, json_t *recipients, const char *org,
                         const char *merkelapp);
/* Recipients as events and the read model hold them. */
json_t *api_recipients_for_event(json_t *recipients, const char *org);

/* Appends the event (payload serialised, not taken over) to the log and
 * applies it to every registered read model, inside the caller's command. */
struct store_tx;
int api_emit(struct store_tx *tx, const struct producer_ctx *ctx, const char *aggregate,
             const char *type, json_t *payload, int64_t at);

/* UkjentProdusent for the caller (ctx->app). */
json_t *api_unknown_producer(const struct producer_ctx *ctx);
/* GraphQL error for invalid input, in the reference's wording:
 * "Exception while fetching data (/<field>) : <message>"; returns -1. */
int api_input_error(struct gql_resolve_info *info, const char *message);

gql_resolve_fn api_producer_ny_beskjed;
gql_resolve_fn api_producer_ny_oppgave;
gql_resolve_fn api_producer_hent_notifikasjon;
gql_resolve_fn api_producer_mine_notifikasjoner;
gql_resolve_fn api_producer_delete_notifikasjon;
gql_resolve_fn api_producer_oppgave_utfoert;
gql_resolve_fn api_producer_ny_sak;
gql_resolve_fn api_producer_ny_status_sak;
gql_resolve_fn api_producer_hent_sak;
gql_resolve_fn api_producer_oppgave_utgaatt;
gql_resolve_fn api_producer_delete_notifikasjon_by_ekstern_id;

#endif
