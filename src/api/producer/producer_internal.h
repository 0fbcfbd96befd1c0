/* Shared by the producer API's resolver files. */
#ifndef API_PRODUCER_INTERNAL_H
#define API_PRODUCER_INTERNAL_H
#include "api/producer/producer.h"
#include "graphql/gql.h"

#include <jansson.h>

/* What a resolver knows about its caller. */
struct producer_ctx {
    const struct api_producer_config *cfg;
    char *app;                            /* application name from the token */
    const struct auth_producer *producer; /* NULL: not in the registry */
};

/* {"__typename": type, "feilmelding": message} (message may be NULL: then
 * it is taken over from owned). */
json_t *api_error_value(const char *type, const char *message);
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
gql_resolve_fn api_producer_oppgave_utgaatt;
gql_resolve_fn api_producer_delete_notifikasjon_by_ekstern_id;

#endif
