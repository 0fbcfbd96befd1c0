/* Black-box helpers for the dialog API: fixture F of dialog.md section 4
 * (organisations in tests/fixtures/dialog/registry.json, citizens B1-B4 in
 * access.json), a development token per party, the server started on a
 * real SQLite file, and JSON requests through libcurl with whole bodies
 * and the headers the tests look at. */
#ifndef DIALOG_BB_H
#define DIALOG_BB_H
#include "blackbox.h"

#include <jansson.h>
#include <stddef.h>

enum dlg_party {
    T_STAR, T_14700, T_14701, T_10100, T_AK1, T_AK2, T_AA1, T_0147, T_V, T_NO_ORG,
    U_B1, U_B2, U_B3, U_B4,
    NO_TOKEN,
    DLG_NPARTIES = NO_TOKEN,
};

#define B1 "0101901234"
#define B2 "0202902345"
#define B3 "0303903456"
#define B4 "0404904567"

extern struct bb_server dlg_srv;

struct dlg_reply {
    long status;
    char *body; /* whole body, NUL-terminated (malloc'ed) */
    size_t len;
    json_t *json; /* parsed body when it is JSON, else NULL */
    char content_type[128];
    char disposition[512];
    char nosniff[64];
    char csp[128];
};

/* Makes the work directory, mints the tokens and starts the server with
 * the fixture (extra: more serve arguments, may be NULL); 0 on success. */
int dlg_bb_start(const char *const *extra);
void dlg_bb_stop(void);
/* Starts the server again on the same database, with the same arguments. */
int dlg_bb_restart(void);

/* One request: path below /api/dialog/v1 (or absolute when it starts with
 * "/events"); body is sent as JSON when not NULL. */
void dlg_call(enum dlg_party who, const char *method, const char *path, const char *body,
              struct dlg_reply *r);
/* Same with a JSON value as the body (reference taken over). */
void dlg_call_json(enum dlg_party who, const char *method, const char *path, json_t *body,
                   struct dlg_reply *r);
/* POST /vedlegg?filnavn=... with raw bytes and the declared type. */
void dlg_upload(enum dlg_party who, const char *filnavn, const char *content_type,
                const void *bytes, size_t len, struct dlg_reply *r);
void dlg_reply_free(struct dlg_reply *r);

/* The string at a dotted path of the reply's JSON ("dialoger.0.id"), or NULL. */
const char *dlg_get_str(const struct dlg_reply *r, const char *path);
json_t *dlg_get(json_t *root, const char *path);

/* Creates dialogs (POST /dialoger) and copies the first id to out (37
 * bytes); returns the HTTP status. */
long dlg_create(enum dlg_party who, json_t *body, char out[37]);
/* A minimal create body: one citizen, channel, title and text. */
json_t *dlg_body(const char *ident, const char *kanal, const char *tekst);
/* An M2M body from the caller to (kode, type) with the reply policy. */
json_t *dlg_m2m_body(const char *ident, const char *kode, const char *type, const char *svartype);
/* A string of n copies of unit (malloc'ed). */
char *dlg_repeat(const char *unit, size_t n);
/* The number of dialogs in GET /meg/dialoger (who: a citizen) or in GET
 * /innbyggere/{ident}/dialoger (who: an organisation); -1 on an error. */
long dlg_count(enum dlg_party who, const char *ident);
/* Whether the list of who contains the dialog id. */
int dlg_list_has(enum dlg_party who, const char *ident, const char *id);

/* GET /dialoger/{id}, or /meg/dialoger/{id} for a citizen. */
void dlg_get_dialog(enum dlg_party who, const char *id, struct dlg_reply *r);
/* The mark of type by an actor of aktor_type on a dialog or reply view, or NULL. */
json_t *dlg_mark_of(json_t *item, const char *type, const char *aktor_type);
/* Lowercase hex SHA-256 of the bytes into out[65]. */
void dlg_sha256_hex(const void *bytes, size_t n, char out[65]);

/* Checks a problem+json answer: status, kode, fejlkode (0 = none) and felt
 * (NULL = not checked); failures are reported at the caller's line. */
void dlg_check_problem(const struct dlg_reply *r, long status, const char *kode, int fejlkode,
                       const char *felt, const char *file, int line);
#define CHECK_PROBLEM(r, status, kode, fejlkode, felt)                                           \
    dlg_check_problem((r), (status), (kode), (fejlkode), (felt), __FILE__, __LINE__)

#endif
