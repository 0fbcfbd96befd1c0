/* The directory the dialog rules need (dialog.md 2.2.1, 2.2.4): the
 * organisations and which producer client is which (the registry file's
 * "organisasjoner" and producers' "organisasjon"), and the citizens with
 * their jobcenter, kommune, a-kasse, former a-kasser and contact details
 * (the access file's "innbyggere"). Loaded whole at start and checked; the
 * rules ask it at request time, never copy it into dialogs. */
#include "api/dialog/internal.h"
#include "base/alloc.h"
#include "base/map.h"
#include "domain/dialog/ident.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct client_org {
    char *client;
    const struct dlg_org *org;
};

struct dlg_directory {
    struct dlg_org *orgs;
    size_t norgs;
    struct client_org *clients;
    size_t nclients;
    struct dlg_innbygger *innbyggere;
    size_t ninnbyggere;
    struct nt_map org_by_kode;
    struct nt_map innbygger_by_ident;
};

__attribute__((format(printf, 1, 2))) static char *errorf(const char *fmt, ...)
{
    char *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = nt_strdup("invalid dialog directory");
    va_end(ap);
    return s;
}

static char *dup_or_null(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? nt_strdup(s) : NULL;
}

static struct dlg_org *add_org(struct dlg_directory *d, const char *kode, enum dom_orgtype type,
                               const char *navn)
{
    struct dlg_org *o = &d->orgs[d->norgs++];
    o->kode = nt_strdup(kode);
    o->type = type;
    o->navn = nt_strdup(navn ? navn : kode);
    o->party = (struct dom_party){.kode = o->kode, .type = type};
    return o;
}

static char *parse_org(struct dlg_directory *d, json_t *o, size_t i)
{
    const char *kode = json_string_value(json_object_get(o, "kode"));
    const char *type_name = json_string_value(json_object_get(o, "type"));
    enum dom_orgtype type;
    if (!kode || !*kode || !dom_orgtype_parse(type_name, &type))
        return errorf("organisasjon number %zu needs \"kode\" and a \"type\" of STAR, JOBCENTER, "
                      "AKASSE, KOMMUNE, ANDEN_AKTOR or VIRKSOMHET",
                      i + 1);
    if (nt_map_get(&d->org_by_kode, kode))
        return errorf("organisasjon %s is listed twice", kode);
    if (type == DOM_ORG_JOBCENTER && !dom_hovedjobcenter(kode))
        return errorf("jobcenter %s: a main jobcenter's number ends in 00", kode);
    struct dlg_org *org = add_org(d, kode, type, json_string_value(json_object_get(o, "navn")));
    nt_map_put(&d->org_by_kode, org->kode, org);
    json_t *subs = json_object_get(o, "underenheter");
    for (size_t j = 0; j < json_array_size(subs); j++) {
        const char *sub = json_string_value(json_array_get(subs, j));
        if (type != DOM_ORG_JOBCENTER || !sub || nt_map_get(&d->org_by_kode, sub))
            return errorf("organisasjon %s: underenheter must be new codes of a jobcenter", kode);
        struct dlg_org *s = add_org(d, sub, DOM_ORG_JOBCENTER, org->navn);
        s->underenhet = true;
        s->party.kode = org->kode;
        nt_map_put(&d->org_by_kode, s->kode, s);
    }
    return NULL;
}

/* An anden aktør acts as the main jobcenter it works for. */
static char *link_anden_aktor(struct dlg_directory *d, json_t *orgs)
{
    for (size_t i = 0; i < json_array_size(orgs); i++) {
        json_t *o = json_array_get(orgs, i);
        struct dlg_org *org = nt_map_get(&d->org_by_kode, json_string_value(json_object_get(o, "kode")));
        if (org->type != DOM_ORG_ANDEN_AKTOR)
            continue;
        const char *jc = json_string_value(json_object_get(o, "forJobcenter"));
        const struct dlg_org *target = jc ? nt_map_get(&d->org_by_kode, jc) : NULL;
        if (!target || target->type != DOM_ORG_JOBCENTER || target->underenhet)
            return errorf("anden aktør %s needs \"forJobcenter\": a known main jobcenter", org->kode);
        org->party = (struct dom_party){.kode = target->kode, .type = DOM_ORG_JOBCENTER};
    }
    return NULL;
}

static size_t count_orgs(json_t *orgs)
{
    size_t n = json_array_size(orgs);
    for (size_t i = 0; i < json_array_size(orgs); i++)
        n += json_array_size(json_object_get(json_array_get(orgs, i), "underenheter"));
    return n;
}

static char *parse_registry(struct dlg_directory *d, json_t *doc)
{
    json_t *orgs = json_object_get(doc, "organisasjoner");
    if (orgs && !json_is_array(orgs))
        return nt_strdup("\"organisasjoner\" must be an array");
    d->orgs = nt_calloc(count_orgs(orgs) + 1, sizeof(*d->orgs));
    char *err = NULL;
    for (size_t i = 0; i < json_array_size(orgs) && !err; i++)
        err = parse_org(d, json_array_get(orgs, i), i);
    if (!err)
        err = link_anden_aktor(d, orgs);
    json_t *producers = json_object_get(doc, "producers");
    d->clients = nt_calloc(json_array_size(producers) + 1, sizeof(*d->clients));
    for (size_t i = 0; i < json_array_size(producers) && !err; i++) {
        json_t *p = json_array_get(producers, i);
        const char *id = json_string_value(json_object_get(p, "id"));
        json_t *kode = json_object_get(p, "organisasjon");
        if (!kode || !id)
            continue;
        const struct dlg_org *org = nt_map_get(&d->org_by_kode, json_string_value(kode) ? json_string_value(kode) : "");
        if (!org)
            return errorf("producer %s: organisasjon %s is not in \"organisasjoner\"", id,
                          json_string_value(kode) ? json_string_value(kode) : "(not a string)");
        d->clients[d->nclients++] = (struct client_org){nt_strdup(id), org};
    }
    return err;
}

static char *parse_innbygger(struct dlg_directory *d, json_t *b, size_t i)
{
    const char *ident = json_string_value(json_object_get(b, "ident"));
    if (!ident || !dom_ident_gyldig(ident))
        return errorf("innbygger number %zu needs a valid \"ident\"", i + 1);
    if (nt_map_get(&d->innbygger_by_ident, ident))
        return errorf("innbygger number %zu is listed twice", i + 1);
    struct dlg_innbygger *x = &d->innbyggere[d->ninnbyggere++];
    x->ident = nt_strdup(ident);
    x->jobcenter = dup_or_null(b, "jobcenter");
    x->kommune = dup_or_null(b, "kommune");
    x->akasse = dup_or_null(b, "akasse");
    json_t *former = json_object_get(b, "tidligereAkasser");
    x->tidligere_akasser = nt_calloc(json_array_size(former) + 1, sizeof(char *));
    for (size_t j = 0; j < json_array_size(former); j++) {
        const char *a = json_string_value(json_array_get(former, j));
        if (a)
            x->tidligere_akasser[x->ntidligere++] = nt_strdup(a);
    }
    json_t *kontakt = json_object_get(b, "kontakt");
    x->mobil = dup_or_null(kontakt, "mobil");
    x->epost = dup_or_null(kontakt, "epost");
    nt_map_put(&d->innbygger_by_ident, x->ident, x);
    return NULL;
}

static char *parse_access(struct dlg_directory *d, json_t *doc)
{
    json_t *list = json_object_get(doc, "innbyggere");
    if (list && !json_is_array(list))
        return nt_strdup("\"innbyggere\" must be an array");
    d->innbyggere = nt_calloc(json_array_size(list) + 1, sizeof(*d->innbyggere));
    for (size_t i = 0; i < json_array_size(list); i++) {
        char *err = parse_innbygger(d, json_array_get(list, i), i);
        if (err)
            return err;
    }
    return NULL;
}

typedef char *parse_fn(struct dlg_directory *d, json_t *doc);

static char *parse_file(struct dlg_directory *d, const char *path, parse_fn *fn, const char *what)
{
    json_t *doc = json_object();
    if (path) {
        json_error_t jerr;
        json_decref(doc);
        if (!(doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr)))
            return errorf("cannot read %s %s: %s", what, path, jerr.text);
    }
    char *err = fn(d, doc);
    json_decref(doc);
    if (!err)
        return NULL;
    char *full = errorf("%s %s: %s", what, path ? path : "", err);
    free(err);
    return full;
}

struct dlg_directory *dlg_directory_load(const char *registry_path, const char *access_path,
                                         char **out_err)
{
    struct dlg_directory *d = nt_calloc(1, sizeof(*d));
    nt_map_init(&d->org_by_kode);
    nt_map_init(&d->innbygger_by_ident);
    char *err = parse_file(d, registry_path, parse_registry, "producer registry");
    if (!err)
        err = parse_file(d, access_path, parse_access, "access file");
    if (err) {
        dlg_directory_free(d);
        *out_err = err;
        return NULL;
    }
    return d;
}

void dlg_directory_free(struct dlg_directory *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->norgs; i++) {
        free(d->orgs[i].kode);
        free(d->orgs[i].navn);
    }
    for (size_t i = 0; i < d->nclients; i++)
        free(d->clients[i].client);
    for (size_t i = 0; i < d->ninnbyggere; i++) {
        struct dlg_innbygger *b = &d->innbyggere[i];
        free(b->ident);
        free(b->jobcenter);
        free(b->kommune);
        free(b->akasse);
        for (size_t j = 0; j < b->ntidligere; j++)
            free(b->tidligere_akasser[j]);
        free(b->tidligere_akasser);
        free(b->mobil);
        free(b->epost);
    }
    free(d->orgs);
    free(d->clients);
    free(d->innbyggere);
    nt_map_free(&d->org_by_kode);
    nt_map_free(&d->innbygger_by_ident);
    free(d);
}

const struct dlg_org *dlg_org_by_kode(const struct dlg_directory *d, const char *kode)
{
    return kode ? nt_map_get(&d->org_by_kode, kode) : NULL;
}

const struct dlg_org *dlg_org_by_client(const struct dlg_directory *d, const char *client)
{
    for (size_t i = 0; client && i < d->nclients; i++)
        if (strcmp(d->clients[i].client, client) == 0)
            return d->clients[i].org;
    return NULL;
}

const struct dlg_innbygger *dlg_innbygger(const struct dlg_directory *d, const char *ident)
{
    return ident ? nt_map_get(&d->innbygger_by_ident, ident) : NULL;
}
