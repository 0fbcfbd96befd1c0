/* Shared by the dialog API's files: the directory of organisations and
 * citizens, the caller, errors as problem+json, the request context, and
 * the handlers the router dispatches to. */
#ifndef API_DIALOG_INTERNAL_H
#define API_DIALOG_INTERNAL_H
#include "api/dialog/dialog.h"
#include "domain/dialog/kanal.h"
#include "domain/dialog/maskering.h"
#include "domain/dialog/status.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- Directory (directory.c): organisations from the registry file,
 * citizens from the access file; immutable once loaded. ---- */

struct dlg_org {
    char *kode;
    enum dom_orgtype type; /* as registered */
    char *navn;
    struct dom_party party; /* normalised: sub-jobcenter -> main, anden aktør -> its jobcenter */
    bool underenhet;        /* a sub-jobcenter (may not be addressed) */
};

struct dlg_innbygger {
    char *ident;
    char *jobcenter;
    char *kommune;
    char *akasse;
    char **tidligere_akasser;
    size_t ntidligere;
    char *mobil;
    char *epost;
};

struct dlg_directory;

struct dlg_directory *dlg_directory_load(const char *registry_path, const char *access_path,
                                         char **out_err);
void dlg_directory_free(struct dlg_directory *d);
const struct dlg_org *dlg_org_by_kode(const struct dlg_directory *d, const char *kode);
/* The organisation a producer client acts for, or NULL. */
const struct dlg_org *dlg_org_by_client(const struct dlg_directory *d, const char *client);
const struct dlg_innbygger *dlg_innbygger(const struct dlg_directory *d, const char *ident);

/* ---- Errors (problem.c) ---- */

struct dlg_err {
    int status;
    const char *kode;
    char felt[96];
    char detail[320];
};

/* Fills e and returns -1, so checks read `return dlg_fail(...)`. */
__attribute__((format(printf, 5, 6))) int dlg_fail(struct dlg_err *e, int status,
                                                   const char *kode, const char *felt,
                                                   const char *fmt, ...);

/* ---- The request (router.c) ---- */

enum dlg_caller_kind { DLG_ORG, DLG_INNBYGGER };

struct dlg_caller {
    enum dlg_caller_kind kind;
    const struct dlg_org *org; /* DLG_ORG */
    char client[128];          /* DLG_ORG: the token's client (azp or sub) */
    char ident[16];            /* DLG_INNBYGGER: the token's pid */
    bool hoyt_nivaa;           /* DLG_INNBYGGER: logged in at idporten-loa-high */
};

struct api_dialog {
    struct api_dialog_config cfg;
    struct dlg_directory *dir;
    struct auth_token_cache *tokens; /* verified bearer tokens (owned) */
    size_t vedlegg_max;
};

struct dlg_req {
    struct api_dialog *api;
    struct http_request *http;
    struct dlg_caller caller;
    const char *param; /* the {id} or {ident} of the path (borrowed) */
    char param_buf[80];
};

/* Answers problem+json for e. */
void dlg_respond_error(struct dlg_req *q, const struct dlg_err *e);
/* Answers the JSON value (reference taken over). */
void dlg_respond_json(struct dlg_req *q, int status, json_t *body);
/* Answers a store command's outcome: rc 0 with the result (reference
 * taken over) and ok_status; rc -1 with e; any other rc (the store failed)
 * with 500. */
void dlg_answer(struct dlg_req *q, int rc, int ok_status, json_t *result, struct dlg_err *e);

/* ---- Body input (input.c) ---- */

/* The body as a JSON object, or NULL with e filled (400 UgyldigForesporsel). */
json_t *dlg_body_object(struct dlg_req *q, struct dlg_err *e);
/* 0 when o holds only allowed members (NULL-terminated), else 400. */
int dlg_only_members(json_t *o, const char *const *allowed, const char *prefix, struct dlg_err *e);
/* Optional string member: 0 with *out NULL when absent or null, -1 when
 * not a string. */
int dlg_opt_string(json_t *o, const char *key, const char **out, struct dlg_err *e);
int dlg_req_string(json_t *o, const char *key, const char **out, struct dlg_err *e);
/* Optional boolean with a default. */
int dlg_opt_bool(json_t *o, const char *key, bool dflt, bool *out, struct dlg_err *e);
/* Optional instant (ISO 8601 date-time; without offset: Oslo time). */
int dlg_opt_instant(json_t *o, const char *key, bool *present, int64_t *out, struct dlg_err *e);
/* A canonical SHA-256 (hex) of the value (keys sorted), for idempotency. */
void dlg_hash_json(json_t *v, const char *salt, char out[65]);
/* UTC instant with milliseconds: 2026-12-24T11:00:00.000Z. */
void dlg_format_time(int64_t us, char out[32]);
json_t *dlg_time_json(int64_t us); /* null for 0 */

/* ---- Fields shared by creates and replies (fields.c) ---- */

#include "domain/dialog/lenke.h"

/* The link element as given: shape checked, values not yet. */
struct dlg_lenke_in {
    bool present;
    struct dom_lenke lenke;
    bool frist_unparsable;
};

int dlg_parse_lenke(json_t *body, struct dlg_lenke_in *out, struct dlg_err *e);
/* The values (dialog.md 2.4.9): 400 UgyldigLenke with `felt`. */
int dlg_check_lenke(const struct dlg_lenke_in *in, int64_t now, bool historic, struct dlg_err *e);
/* The element as events carry it, or NULL when absent. */
json_t *dlg_lenke_event(const struct dlg_lenke_in *in);
/* avsenderPerson {type, ident?, navn?} as stored (new reference), or NULL. */
int dlg_parse_person(json_t *body, json_t **out, struct dlg_err *e);
/* 0 when every item of list is a string and none repeats, else 400 with
 * felt "key[i]". */
int dlg_check_string_list(json_t *list, const char *key, struct dlg_err *e);
/* vedlegg: up to 20 distinct attachment ids (new reference, [] when absent). */
int dlg_parse_vedlegg_ids(json_t *body, json_t **out, struct dlg_err *e);
/* Every id is an upload of the organisation (else 404 UkjentVedlegg). */
int dlg_check_vedlegg_owner(struct store_tx *tx, json_t *ids, const char *org, struct dlg_err *e);
/* 1..max code points, not only white space: TomTekst / TekstForLang. */
int dlg_check_tekst(const char *felt, const char *text, size_t max, const char *what,
                    struct dlg_err *e);
/* eksternId: 1..128 characters when given. */
int dlg_parse_ekstern_id(json_t *body, const char **out, struct dlg_err *e);
/* The Oslo date of instant is after the Oslo date of now. */
bool dlg_after_today(int64_t instant, int64_t now);

/* ---- Rights (rights.c, dialog.md 2.2.4) ---- */

enum dlg_metode {
    DLG_OPPRETT, /* create, reply, get one, set statuses */
    DLG_LISTE,   /* a citizen's dialogs */
    DLG_MARKER,
    DLG_DOKUMENT,
};

/* 0 when the organisation may use the method for the citizen, else 403
 * IngenTilgang or InnbyggerTilhorerIkkeJobcenter. */
int dlg_org_rett(const struct dlg_org *org, const struct dlg_innbygger *b, enum dlg_metode m,
                 struct dlg_err *e);

/* What the read side knows of one dialog's parties. */
struct dlg_parter {
    struct dom_party avsender;
    struct dom_party mottaker;
    bool har_mottaker;
    char avsender_kode[32];
    char mottaker_kode[32];
};

bool dlg_er_part(const struct dlg_org *org, const struct dlg_parter *p);
/* Whether org may see the dialog at all, for method m (a VIRKSOMHET only
 * where it is a party); 0 or 403/404 in e. */
int dlg_org_ser_dialog(const struct api_dialog *api, const struct dlg_org *org,
                       const char *innbygger, const struct dlg_parter *p, enum dlg_metode m,
                       struct dlg_err *e);

/* ---- Views (view.c) ---- */

struct dlg_viewer {
    const struct api_dialog *api;
    const struct dlg_caller *caller;
    bool med_svar;
};

/* The dialog as the viewer may see it (masked where §2.4.8 says), or NULL
 * when there is no such dialog. */
json_t *dlg_view(struct store_tx *tx, const char *id, const struct dlg_viewer *v, int64_t now);
/* Reads a dialog's parties, citizen, kanal and status; false when unknown. */
struct dlg_head {
    char innbygger[16];
    enum dom_kanal kanal;
    enum dom_svartype svartype;
    enum dom_status status;
    struct dlg_parter parter;
    char avsender_kilde[32];
    bool arkivert;
    bool historisk;
};
bool dlg_read_head(struct store_tx *tx, const char *id, struct dlg_head *out);
/* The marks on one item the caller may see (the citizen only its own). */
json_t *dlg_marks_json(struct store_tx *tx, const char *maal_type, const char *maal_id,
                       const struct dlg_caller *c);
/* Whether the viewer sees the dialog's content in full. */
bool dlg_fullt_for(const struct dlg_caller *c, const struct dlg_parter *p,
                   const char *sikkerhetsniva);

/* Unread for the citizen: not historic, and the dialog or a (live)
 * organisation reply in it has no LEST mark by the citizen (dialog.md 2.7). */
#define DLG_SQL_ULEST                                                                                   \
    "(d.historisk = 0 AND (NOT EXISTS (SELECT 1 FROM dialog_markering m WHERE "                   \
    "m.maal_type = 'DIALOG' AND m.maal_id = d.id AND m.type = 'LEST' AND "                       \
    "m.aktor_type = 'INNBYGGER') OR EXISTS (SELECT 1 FROM dialog_svar s WHERE "                  \
    "s.dialog_id = d.id AND s.avsender_type = 'ORGANISASJON' AND s.historisk = 0 AND NOT "       \
    "EXISTS (SELECT 1 FROM dialog_markering m WHERE m.maal_type = 'SVAR' AND m.maal_id = s.id "  \
    "AND m.type = 'LEST' AND m.aktor_type = 'INNBYGGER'))))"

#define DLG_SQL_INNBOKS                                                                                     \
    "d.innbygger = ? AND d.vis_i_innboks = 1 AND (d.synlig_fra IS NULL OR d.synlig_fra <= ?)"

/* ---- Handlers ---- */

typedef void dlg_handler_fn(struct dlg_req *q);
dlg_handler_fn dlg_opprett, dlg_historisk_opprett;
dlg_handler_fn dlg_hent, dlg_liste, dlg_lenke_xml;
dlg_handler_fn dlg_svar, dlg_historisk_svar, dlg_meg_svar;
dlg_handler_fn dlg_dialog_status, dlg_svar_status;
dlg_handler_fn dlg_marker, dlg_meg_marker, dlg_meg_arkiv;
dlg_handler_fn dlg_meg_liste, dlg_meg_hent;
dlg_handler_fn dlg_vedlegg_hent;
/* The upload route has its own body limit and takes raw bytes. */
enum http_handled dlg_vedlegg_last_opp(struct http_request *r, void *userdata);
/* GET /events?after=N, and the filter that keeps content off it. */
enum http_handled dlg_feed(struct http_request *r, void *userdata);
void dlg_feed_register(void);

/* Authenticates the request's bearer token for the caller kind; on failure
 * answers (401 empty, or 403 IngenTilgang) and returns -1. */
int dlg_authenticate(struct dlg_req *q, enum dlg_caller_kind kind);

/* One store command with its outcome: ok (then data) or an error. */
int dlg_write(struct dlg_req *q, store_fn *fn, void *arg);

#endif
