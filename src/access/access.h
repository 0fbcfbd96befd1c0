/* A person's rights, asked for at read time (user-api.md section 5): the
 * Altinn rights per organisation (services "code:edition", resources,
 * roles, reportee) from a JSON file (--access FILE, re-read when it changes)
 * or an HTTP service (--access-url URL, with timeouts and a short cache),
 * plus the organisations' names.
 *
 * Rights and recipients meet as grants: a pair (virksomhet, nokkel) where
 * nokkel names one way of being addressed ("altinn:4321:1",
 * "ressurs:nav_tiltak", "rolle:DAGL", "reportee:<fnr>", "nl:<leder>:<ansatt>").
 * A notification is visible to a person when one of its recipients' pairs
 * is among the person's grants; access_recipient_key is the only place
 * that spells the keys. Nearest-leader relations are not part of the
 * rights: they live in the database (the file's list is synced into it at
 * start-up, the internal endpoint changes them at run time). */
#ifndef ACCESS_H
#define ACCESS_H
#include <stdbool.h>
#include <stddef.h>

struct access_grant {
    char *virksomhet;
    char *nokkel;
};

/* Immutable once built and shared between requests: take a reference with
 * access_rights_ref, drop it with access_rights_release. */
struct access_rights {
    struct access_grant *grants; /* sorted by (virksomhet, nokkel), no duplicates */
    size_t ngrants;
    char hash[65];               /* SHA-256 (hex) of the sorted grants */
    bool known;                  /* false: the source failed, nothing is known */
    bool partial;                /* the source reported an error with its answer */
};

struct access_relation {
    char *id;
    char *leder;
    char *ansatt;
    char *virksomhet;
};

struct access_config {
    const char *file;        /* --access FILE, or NULL */
    const char *url;         /* --access-url URL, or NULL */
    unsigned timeout_ms;     /* total time for one HTTP lookup (connect gets half) */
    unsigned cache_seconds;  /* how long a successful HTTP answer is used */
};

struct access_source;

/* With neither file nor url every person has no Altinn rights. NULL and a
 * malloc'ed *out_err when the file cannot be read or parsed. */
struct access_source *access_open(const struct access_config *cfg, char **out_err);
void access_close(struct access_source *src);

/* The rights of fnr now (never NULL; known=false when the source failed).
 * Concurrent lookups of one person share one HTTP call; failures are not
 * cached. */
struct access_rights *access_lookup(struct access_source *src, const char *fnr);
struct access_rights *access_rights_ref(struct access_rights *r);
void access_rights_release(struct access_rights *r);

/* The organisation's name as the source last gave it; "" when unknown. */
void access_org_name(struct access_source *src, const char *orgnr, char *out, size_t out_size);

/* The nearest-leader relations listed in the file (none for a URL). The
 * array stays owned by the source. */
const struct access_relation *access_file_relations(struct access_source *src, size_t *out_n);

/* The persons of the file with their names and organisations, for a
 * development login's picker: [{"fnr", "navn"?, "virksomheter":
 * [{"virksomhetsnummer", "navn", "overordnet"?}]}], every organisation the
 * file lists for the person (rights or not), then the main units they name
 * as "overordnet" that are not listed themselves; "navn" of an
 * organisation as the source knows it now ("" when unknown). A new
 * reference; [] for a URL source. */
struct json_t *access_file_persons(struct access_source *src);
/* The file's citizens (its "innbyggere", dialog.md 2.2.4) for the same
 * picker: [{"ident", "navn"?}] (a new reference; [] for a URL source). */
struct json_t *access_file_citizens(struct access_source *src);

/* ---- Keys (shared by the rights and the read model) ---- */

/* The nokkel of a recipient as events spell it ({"kind", "a", "b"}, see
 * docs/events.md); false for an unknown kind. */
bool access_recipient_key(const char *kind, const char *a, const char *b, char *out,
                          size_t out_size);
/* The nokkel a nearest-leader relation grants its leader. */
void access_relation_key(const char *leder, const char *ansatt, char *out, size_t out_size);
/* True for keys that come from a nearest-leader relation. */
bool access_key_is_relation(const char *nokkel);

/* ---- Parsing (exposed for tests) ---- */

struct json_t;
/* Rights of one person object of the access JSON ({"fnr", "virksomheter": [...]});
 * names seen are passed to on_name. */
typedef void access_name_fn(const char *orgnr, const char *navn, void *userdata);
struct access_rights *access_rights_from_person(const char *fnr, struct json_t *person,
                                                access_name_fn *on_name, void *userdata);
/* The same grants, marked partial (the source reported a problem). */
struct access_rights *access_rights_flagged(const struct access_rights *r);
/* Rights for a failed lookup (known=false, no grants). */
struct access_rights *access_rights_unknown(void);

#endif
