/* Shared by the user API's files. */
#ifndef API_USER_INTERNAL_H
#define API_USER_INTERNAL_H
#include "api/user/user.h"
#include "graphql/gql.h"
#include "base/map.h"
#include "http/graphql.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct user_applied; /* session.c: which rights are applied to the read model */

struct api_user {
    struct api_user_config cfg;
    struct gql_schema *schema;
    struct gql_engine *engine;
    struct user_applied *applied;
    struct auth_token_cache *tokens;
    struct user_streams *streams;
    struct http_graphql_endpoint endpoint;
};

/* The person behind one request, and what their rights allow now. */
struct user_session {
    char fnr[32];     /* the person's ident: fødselsnummer (11 digits) or CPR (10) */
    bool hoyt_nivaa;  /* logged in at the high level (acr): dialog titles of high dialogs */
    bool feil_altinn; /* the access source failed or answered in part */
    bool altinn_ok;   /* false: only what relations show may be shown */
};

/* The resolver context of one request. */
struct user_ctx {
    struct api_user *api;
    char fnr[32];
    bool hoyt_nivaa;
    bool opened;
    struct user_session session;
};

/* Looks the person's rights up and makes the read model's visibility match
 * them (a write only when they changed). Never fails: a failure of the
 * source or the store leaves feil_altinn set and relations only. */
void user_session_open(struct api_user *api, const char *fnr, bool hoyt_nivaa,
                       struct user_session *out);
/* The request's session, opened on first use. */
const struct user_session *user_session_of(struct user_ctx *ctx);
struct user_applied *user_applied_new(void);
void user_applied_free(struct user_applied *a);

/* ---- Rows as GraphQL values (rows.c) ---- */

/* Columns and FROM of a visible notification; the FROM's first placeholder
 * is altinn_ok, then the query's own. */
#define USER_NOTE_COLUMNS_WITH(MORE_COLUMNS)                                                     \
    "n.nr, n.id, n.kind, n.merkelapp, n.tekst, n.lenke, n.opprettet, n.tilstand, n.frist, "      \
    "n.paaminnelse, n.utfoert, n.utgaatt, n.start_tidspunkt, n.slutt_tidspunkt, n.lokasjon, "    \
    "n.digitalt, n.virksomhetsnummer, " MORE_COLUMNS
#define USER_NOTE_COLUMNS                                                                        \
    USER_NOTE_COLUMNS_WITH("s.klikket, k.tittel, k.tilleggsinformasjon, s.versjon, s.sortering_us")
#define USER_NOTE_FROM                                                                           \
    "bruker_synlig s JOIN bruker_notifikasjon n ON n.nr = s.nr LEFT JOIN bruker_synlig_sak ss "  \
    "ON ss.fnr = s.fnr AND ss.nr = n.sak_nr AND (? OR ss.refs_nl > 0) LEFT JOIN bruker_sak k "   \
    "ON k.nr = ss.nr"
#define USER_NOTE_WHERE "s.fnr = ? AND (? OR s.refs_nl > 0)"
/* A sak's timeline elements have no sak fields and show nothing of the
 * visibility row (user_note_json with timeline=true reads neither): the
 * same visible rows without the two sak joins, which cost three index
 * lookups a row, and with constants for the visibility row's columns, so
 * that SQLite answers the join from its primary key's index and never
 * reads the row itself (with Altinn; without, refs_nl is read). No
 * placeholder of its own, so USER_NOTE_WHERE's two come first. */
#define USER_TIMELINE_COLUMNS USER_NOTE_COLUMNS_WITH("0, NULL, NULL, 0, 0")
#define USER_TIMELINE_FROM "bruker_synlig s JOIN bruker_notifikasjon n ON n.nr = s.nr"
/* Column positions of USER_NOTE_COLUMNS that callers read. */
enum { USER_NOTE_NR = 0, USER_NOTE_ORG = 16, USER_NOTE_VERSJON = 20, USER_NOTE_SORTERING = 21 };

struct store_stmt;
/* A Notifikasjon (Beskjed/Oppgave/Kalenderavtale) from a row of
 * USER_NOTE_COLUMNS; timeline=true gives the TidslinjeElement type. */
json_t *user_note_json(struct api_user *api, struct store_stmt *q, bool timeline);
/* Values that many notifications of one response share (their
 * organisation's object, type names, merkelapper), built once per response
 * and referenced by each notification: the bell's 200 name some 50
 * organisations and two merkelapper. The engine only reads them. */
struct user_note_shared {
    struct nt_map orgs;  /* orgnr -> virksomhet object (a reference held) */
    struct nt_map texts; /* text -> json string (a reference held) */
};
void user_note_shared_init(struct user_note_shared *sh);
/* Drops the references held; values handed out stay valid. */
void user_note_shared_free(struct user_note_shared *sh);
/* user_note_json with shared values; sh NULL builds every value anew. */
json_t *user_note_json_shared(struct api_user *api, struct store_stmt *q, bool timeline,
                              struct user_note_shared *sh);
/* {virksomhetsnummer, navn} */
json_t *user_virksomhet_json(struct api_user *api, const char *orgnr);
/* A time (an instant, or Oslo wall-clock without an offset) as Oslo time
 * with its offset then (2024-06-01T10:00:00+02:00); NULL gives json null. */
json_t *user_oslo_time_json(const char *text);
/* json string, or null for NULL. */
json_t *user_str_or_null(const char *s);

/* Binds the three leading placeholders of "SELECT USER_NOTE_COLUMNS FROM
 * USER_NOTE_FROM WHERE USER_NOTE_WHERE ..."; returns the next index. */
int user_bind_note_query(struct store_stmt *st, const struct user_session *s);
/* The unread count for the session, capped: counting stops at 99 (the
 * badge shows "9+" from 10, and a capped count stays an index range of at
 * most 99 rows). */
#define USER_UNREAD_MAX 99
#define USER_UNREAD_MAX_TEXT "99"
int64_t user_unread_count(struct store_tx *tx, const struct user_session *s);
/* The same when the caller has read the dialogs already: unread_dialogs is
 * user_dialog_items' answer (-1 counts none). */
int64_t user_unread_count_with(struct store_tx *tx, const struct user_session *s,
                               int64_t unread_dialogs);

/* ---- The person's dialogs (dialoger.c) ---- */

/* One Dialogvarsel with its time, for merging into the bell. */
struct user_dialog_item {
    int64_t at; /* sisteAktivitet */
    json_t *value;
};
/* The dialogs of the person's tray (src/api/dialog/bell.h), newest first;
 * malloc'ed array (user_dialog_items_free). Returns how many are unread,
 * or -1. */
int64_t user_dialog_items(struct store_tx *tx, const struct user_session *s,
                          struct user_dialog_item **out, size_t *out_n);
void user_dialog_items_free(struct user_dialog_item *items, size_t n);

/* ---- Resolvers ---- */
gql_resolve_fn user_resolve_notifikasjoner;
gql_resolve_fn user_resolve_antall_uleste;
gql_resolve_fn user_resolve_saker;
gql_resolve_fn user_resolve_sakstyper;
gql_resolve_fn user_resolve_sak_by_id;
gql_resolve_fn user_resolve_sak_by_grupperingsid;
gql_resolve_fn user_resolve_kommende;
gql_resolve_fn user_resolve_klikket_paa;
gql_resolve_fn user_resolve_sist_lest_query;
gql_resolve_fn user_resolve_sist_lest_mutation;

/* ---- Live streams (stream.c) ---- */
struct user_streams *user_streams_new(struct api_user *api);
void user_streams_shutdown(struct user_streams *s);
void user_streams_free(struct user_streams *s);
enum http_handled user_stream_handle(struct http_request *r, void *userdata);

/* ---- Tokens (user.c) ---- */
/* The person of a request's bearer token (header, or access_token query
 * argument for EventSource) and whether they logged in at the high level;
 * false with *out_message on refusal. */
bool user_authenticate(struct api_user *api, struct http_request *r, char fnr[32],
                       bool *out_hoyt_nivaa, const char **out_message);

/* ---- Internal endpoints (internal.c) ---- */
void user_internal_routes(struct api_user *api, struct http_server *srv);
/* Syncs the access file's relations into the read model (start-up). */
int user_sync_file_relations(struct api_user *api);

#endif
