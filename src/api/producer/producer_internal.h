/* Shared by the producer API's resolver files. Values exchanged with the
 * engine are jansson values; every json_t * returned is owned by the caller,
 * every const char * is borrowed from its json_t. */
#ifndef API_PRODUCER_INTERNAL_H
#define API_PRODUCER_INTERNAL_H
#include "api/producer/producer.h"
#include "base/clock.h"
#include "domain/hard_delete.h"
#include "graphql/gql.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

/* What a resolver knows about its caller. */
struct producer_ctx {
    const struct api_producer_config *cfg;
    char *app;                            /* application name from the token */
    const struct auth_producer *producer; /* NULL: not in the registry */
};

/* ---- Answers (input.c) ---- */
/* {"__typename": type, "feilmelding": message}. */
json_t *api_error_value(const char *type, const char *message);
json_t *api_error_valuef(const char *type, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* {"__typename": type, "id": id}. */
json_t *api_success(const char *type, const char *id);
/* UkjentProdusent for the caller (ctx->app). */
json_t *api_unknown_producer(const struct producer_ctx *ctx);
/* UgyldigMerkelapp for a merkelapp the producer does not own. */
json_t *api_foreign_merkelapp(const struct producer_ctx *ctx, const char *merkelapp);
/* UkjentProdusent, UgyldigMerkelapp, or NULL when the caller owns merkelapp. */
json_t *api_check_owner(const struct producer_ctx *ctx, const char *merkelapp);
/* GraphQL error for invalid input, in the reference's wording:
 * "Exception while fetching data (/<field>) : <message>"; returns -1. */
int api_input_error(struct gql_resolve_info *info, const char *message);

/* ---- Input helpers (input.c) ---- */
/* The member is there and not null. */
bool api_present(json_t *o, const char *key);
/* The string member, or NULL. */
const char *api_str(json_t *o, const char *key);
/* NULL, or the exactly-one-of message (malloc'ed) for names in o. */
char *api_exactly_one(const char *type, json_t *o, const char *const *names, size_t n);
/* [mottaker] + mottakere of in, in the event's form (docs/events.md) bound to
 * org; the legacy single mottaker is marked "legacy": true. *out_err on the
 * first that is not exactly one kind. */
json_t *api_collect_recipients(json_t *in, const char *org, char **out_err);
/* What every create checks first: rule_error (the first input rule broken,
 * or NULL; taken over), then the recipients, then the caller. Returns the
 * recipients (owned), or NULL when the answer is decided: *rc is what the
 * resolver returns, and *out holds UkjentProdusent when that is it. */
json_t *api_checked_recipients(struct gql_resolve_info *info, json_t *in, const char *org,
                               char *rule_error, json_t **out, int *rc);
/* UgyldigMottaker (recipients first) or UgyldigMerkelapp value, or NULL. */
json_t *api_check_rights(const struct producer_ctx *ctx, json_t *recipients, const char *merkelapp);
/* The collected recipients as events hold them (the legacy mark dropped). */
json_t *api_recipients_for_event(json_t *recipients);
/* A recipient in event form as the reference prints it (malloc'ed):
 * "AltinnRessursMottaker(ressursId=x, virksomhetsnummer=y)". */
char *api_recipient_text(json_t *recipient);

/* FutureTemporalInput / HardDeleteUpdateInput rules: NULL or a message. */
char *api_check_future_temporal(json_t *fti);
char *api_check_hard_delete_update(json_t *update);
/* The event form of a creation's hardDelete ({den|om, tidspunkt}) and of an
 * update's ({nyTid, strategi, tidspunkt}), the instant computed from the
 * event's base (domain/hard_delete.h); NULL when not given. */
json_t *api_hard_delete_for_event(json_t *fti, enum dom_hd_event event, int64_t call_us,
                                  const int64_t *given_us);
json_t *api_hard_delete_update_for_event(json_t *update, enum dom_hd_event event, int64_t call_us,
                                         const int64_t *given_us);

/* An instant (ISO8601DateTime text) as the Oslo local date-time events carry
 * a kalenderavtale's start and end in (producer-api.md 17); null for NULL. */
json_t *api_oslo_local(const char *instant_text);

/* ---- Notices and reminders (notices.c) ---- */
/* Rules of a list of EksterntVarselInput / PaaminnelseEksterntVarselInput. */
char *api_check_notices(json_t *list, const char *type);
/* Rules of a PaaminnelseInput (NULL input: fine). */
char *api_check_reminder(json_t *paaminnelse);
/* The notices with fresh varselIds, as events hold them. */
json_t *api_notices_for_event(json_t *list, int64_t unix_ms);
/* [{id}] of event notices; their contents without ids. */
json_t *api_notice_ids(json_t *notices);
json_t *api_notice_contents(json_t *notices);
/* What a reminder is computed from: the notification's creation, its frist
 * (a date) or start (an instant text), either may be NULL. */
struct api_reminder_base {
    int64_t created_us;
    const char *frist;
    const char *start;
};
/* The event form of a PaaminnelseInput with its instant and fresh notice
 * ids; NULL when absent, or when out of bounds with the
 * UgyldigPaaminnelseTidspunkt value in *out_error. */
json_t *api_reminder_for_event(json_t *paaminnelse, const struct api_reminder_base *base,
                               int64_t unix_ms, json_t **out_error);
/* PaaminnelseResultat {eksterneVarsler: [{id}]} of an event reminder, or null. */
json_t *api_reminder_result(json_t *reminder);

/* ---- Lookups inside store commands (lookup.c) ---- */
/* A notification by id, or by (merkelapp, eksternId); a sak by id, or by
 * (merkelapp, grupperingsid): key is the eksternId or grupperingsid. */
struct api_address {
    const char *id;
    const char *merkelapp;
    const char *key;
};
struct api_address api_address_of(json_t *args, const char *key_field);
struct store_tx;
/* The row as an object (id, kind, merkelapp, eksternId, virksomhetsnummer,
 * grupperingsid, tilstand, frist, opprettetTidspunkt, startTidspunkt,
 * sluttTidspunkt, sakId), or NULL. */
json_t *api_find_notification(struct store_tx *tx, const struct api_address *a);
bool api_is_kind(json_t *row, const char *kind);
/* {id, merkelapp, grupperingsid, virksomhetsnummer}, or NULL. */
json_t *api_find_sak(struct store_tx *tx, const struct api_address *a);
/* A create's two lookups in one statement (one round trip): the sak at
 * (merkelapp, grupperingsid) as api_find_sak gives it (NULL when grupperingsid
 * is NULL or there is none), and the id and identity of the notification
 * already held under (merkelapp, ekstern_id) into *out_id and *out_identity
 * (malloc'ed; NULL when none). */
json_t *api_find_sak_and_notification(struct store_tx *tx, const char *merkelapp,
                                      const char *grupperingsid, const char *ekstern_id,
                                      char **out_id, char **out_identity);
/* The sak's recipients in event form. */
json_t *api_sak_recipients(struct store_tx *tx, const char *sak_id);
/* NotifikasjonFinnesIkke by id or eksternId, and its "er ikke en oppgave" form. */
json_t *api_notification_not_found(const struct api_address *a);
json_t *api_not_an_oppgave(const char *id);
/* SakFinnesIkke; lower_case: the words of the status/nesteSteg/tilleggsinfo
 * mutations ("sak med id=..."), else those of queries and deletes. */
json_t *api_sak_not_found(const struct api_address *a, bool lower_case);

/* ---- Updates of one notification (update.c) ---- */
struct api_update;
struct api_update_spec {
    bool kalenderavtale; /* else an oppgave */
    /* The mutation's own step, after lookup, kind, producer and merkelapp:
     * sets u->answer (or u->input_error) and may emit; 0 or a store error. */
    int (*apply)(struct store_tx *tx, struct api_update *u, json_t *row);
};
struct api_update {
    const struct producer_ctx *ctx;
    const struct api_update_spec *spec;
    struct api_address address; /* by id, or by (merkelapp, eksternId) */
    json_t *args;
    json_t *answer;    /* the union value */
    char *input_error; /* or a GraphQL input error found after the lookup */
};
/* Runs the update in one store command and answers it. */
int api_run_update(struct gql_resolve_info *info, json_t *args, const struct api_update_spec *spec,
                   json_t **out);
/* An update idempotency key seen before on this notification (shared by
 * oppgaveEndrePaaminnelse and oppdaterKalenderavtale). */
bool api_update_key_seen(struct store_tx *tx, const char *notification_id, const char *key);
/* The opprettetTidspunkt of a looked-up row in microseconds. */
int64_t api_created_us(json_t *row);

/* ---- Events ---- */
/* v as compact JSON text (malloc'ed), with the engine's writer: several
 * times faster than json_dumps, and what every event payload is written
 * with. Keys keep their insertion order. */
char *api_json_text(json_t *v);
/* Two identities (what a repeated create is compared on) are the same:
 * equal texts, or equal JSON whatever the order of keys. */
bool api_same_identity(const char *a, const char *b);
/* Appends the event (payload serialised, not taken over) to the log and
 * applies it to every registered read model, inside the caller's command. */
int api_emit(struct store_tx *tx, const struct producer_ctx *ctx, const char *aggregate,
             const char *type, json_t *payload, int64_t at);

/* ---- Resolvers ---- */
gql_resolve_fn api_producer_ny_beskjed;
gql_resolve_fn api_producer_ny_oppgave;
gql_resolve_fn api_producer_ny_kalenderavtale;
gql_resolve_fn api_producer_hent_notifikasjon;
gql_resolve_fn api_producer_mine_notifikasjoner;
gql_resolve_fn api_producer_delete_notifikasjon;
gql_resolve_fn api_producer_delete_sak;
gql_resolve_fn api_producer_oppgave_utfoert;
gql_resolve_fn api_producer_oppgave_utgaatt;
gql_resolve_fn api_producer_oppgave_utsett_frist;
gql_resolve_fn api_producer_oppgave_endre_paaminnelse;
gql_resolve_fn api_producer_oppdater_kalenderavtale;
gql_resolve_fn api_producer_ny_sak;
gql_resolve_fn api_producer_ny_status_sak;
gql_resolve_fn api_producer_neste_steg_sak;
gql_resolve_fn api_producer_tilleggsinformasjon_sak;
gql_resolve_fn api_producer_hent_sak;

#endif
