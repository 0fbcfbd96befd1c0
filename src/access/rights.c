/* Rights of one person from the access JSON, as sorted grants with a hash,
 * and the one spelling of the keys that recipients and rights share. */
#include "access/access.h"

#include "base/alloc.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The refcount sits in front of the public struct. */
struct rights_box {
    atomic_int refs;
    struct access_rights r;
};

static struct rights_box *box_of(struct access_rights *r)
{
    return (struct rights_box *)((char *)r - offsetof(struct rights_box, r));
}

bool access_recipient_key(const char *kind, const char *a, const char *b, char *out,
                          size_t out_size)
{
    if (!kind || !a)
        return false;
    int n;
    if (strcmp(kind, "altinn") == 0 && b)
        n = snprintf(out, out_size, "altinn:%s:%s", a, b);
    else if (strcmp(kind, "altinnRessurs") == 0)
        n = snprintf(out, out_size, "ressurs:%s", a);
    else if (strcmp(kind, "altinnRolle") == 0)
        n = snprintf(out, out_size, "rolle:%s", a);
    else if (strcmp(kind, "altinnReportee") == 0)
        n = snprintf(out, out_size, "reportee:%s", a);
    else if (strcmp(kind, "naermesteLeder") == 0 && b)
        n = snprintf(out, out_size, "nl:%s:%s", a, b);
    else
        return false;
    return n > 0 && (size_t)n < out_size;
}

void access_relation_key(const char *leder, const char *ansatt, char *out, size_t out_size)
{
    snprintf(out, out_size, "nl:%s:%s", leder, ansatt);
}

bool access_key_is_relation(const char *nokkel)
{
    return strncmp(nokkel, "nl:", 3) == 0;
}

/* ---- Building ---- */

struct grant_list {
    struct access_grant *items;
    size_t n, cap;
};

static void add_grant(struct grant_list *l, const char *org, const char *nokkel)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = nt_realloc(l->items, l->cap * sizeof(*l->items));
    }
    l->items[l->n].virksomhet = nt_strdup(org);
    l->items[l->n].nokkel = nt_strdup(nokkel);
    l->n++;
}

static int compare_grants(const void *pa, const void *pb)
{
    const struct access_grant *a = pa, *b = pb;
    int c = strcmp(a->virksomhet, b->virksomhet);
    return c ? c : strcmp(a->nokkel, b->nokkel);
}

static void sort_unique(struct grant_list *l)
{
    if (l->n)
        qsort(l->items, l->n, sizeof(*l->items), compare_grants);
    size_t out = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (out && compare_grants(&l->items[out - 1], &l->items[i]) == 0) {
            free(l->items[i].virksomhet);
            free(l->items[i].nokkel);
            continue;
        }
        l->items[out++] = l->items[i];
    }
    l->n = out;
}

static void hash_grants(struct access_rights *r)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    for (size_t i = 0; i < r->ngrants; i++) {
        /* NUL-separated: no two lists share a byte stream */
        EVP_DigestUpdate(ctx, r->grants[i].virksomhet, strlen(r->grants[i].virksomhet) + 1);
        EVP_DigestUpdate(ctx, r->grants[i].nokkel, strlen(r->grants[i].nokkel) + 1);
    }
    unsigned char md[32];
    unsigned len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    for (unsigned i = 0; i < len && i < 32; i++)
        snprintf(r->hash + 2 * i, 3, "%02x", md[i]);
}

static struct access_rights *new_rights(struct grant_list *l, bool known, bool partial)
{
    struct rights_box *b = nt_calloc(1, sizeof(*b));
    atomic_init(&b->refs, 1);
    sort_unique(l);
    b->r.grants = l->items;
    b->r.ngrants = l->n;
    b->r.known = known;
    b->r.partial = partial;
    hash_grants(&b->r);
    return &b->r;
}

struct access_rights *access_rights_unknown(void)
{
    struct grant_list l = {0};
    return new_rights(&l, false, true);
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* One organisation's rights as grants. */
static void add_org(struct grant_list *l, const char *fnr, json_t *org)
{
    const char *orgnr = str(org, "virksomhetsnummer");
    if (!orgnr)
        orgnr = str(org, "orgnr");
    if (!orgnr)
        return;
    char key[512];
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(org, "altinn"), i, v) {
        if (access_recipient_key("altinn", str(v, "serviceCode"), str(v, "serviceEdition"), key,
                                 sizeof key))
            add_grant(l, orgnr, key);
    }
    json_array_foreach(json_object_get(org, "ressurser"), i, v) {
        if (access_recipient_key("altinnRessurs", json_string_value(v), NULL, key, sizeof key))
            add_grant(l, orgnr, key);
    }
    json_array_foreach(json_object_get(org, "roller"), i, v) {
        if (access_recipient_key("altinnRolle", json_string_value(v), NULL, key, sizeof key))
            add_grant(l, orgnr, key);
    }
    if (json_is_true(json_object_get(org, "reportee")) &&
        access_recipient_key("altinnReportee", fnr, NULL, key, sizeof key))
        add_grant(l, orgnr, key);
}

struct access_rights *access_rights_from_person(const char *fnr, json_t *person,
                                                access_name_fn *on_name, void *userdata)
{
    struct grant_list l = {0};
    size_t i;
    json_t *org;
    json_array_foreach(json_object_get(person, "virksomheter"), i, org) {
        add_org(&l, fnr, org);
        const char *orgnr = str(org, "virksomhetsnummer"), *navn = str(org, "navn");
        if (on_name && orgnr && navn)
            on_name(orgnr, navn, userdata);
    }
    return new_rights(&l, true, json_is_true(json_object_get(person, "isError")));
}

struct access_rights *access_rights_flagged(const struct access_rights *r)
{
    struct grant_list l = {0};
    for (size_t i = 0; i < r->ngrants; i++)
        add_grant(&l, r->grants[i].virksomhet, r->grants[i].nokkel);
    return new_rights(&l, r->known, true);
}

struct access_rights *access_rights_ref(struct access_rights *r)
{
    atomic_fetch_add(&box_of(r)->refs, 1);
    return r;
}

void access_rights_release(struct access_rights *r)
{
    if (!r)
        return;
    struct rights_box *b = box_of(r);
    if (atomic_fetch_sub(&b->refs, 1) != 1)
        return;
    for (size_t i = 0; i < r->ngrants; i++) {
        free(r->grants[i].virksomhet);
        free(r->grants[i].nokkel);
    }
    free(r->grants);
    free(b);
}
