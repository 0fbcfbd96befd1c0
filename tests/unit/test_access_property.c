/* Property: what the user API shows a person is exactly what their rights
 * allow. Random persons get random rights (Altinn services, resources,
 * roles, reportee) in random organisations and random nearest-leader
 * relations; random notifications and saker get 1-3 random recipients of
 * every kind. Over several rounds the rights, the relations and the data
 * change (rights lost and gained, relations revoked, notifications
 * deleted, new ones made before and after the rights), and after each
 * round every person's bell and saker are compared with an oracle that
 * decides each (person, recipient) pair directly from the rules of
 * user-api.md 5.2. Zero shown without access, zero missing.
 * BUDSTIKKE_PROPERTY_SEED=<n> reruns one seed. */
#include "access/access.h"
#include "api/user/user.h"
#include "api/user/visibility.h"
#include "base/buf.h"
#include "blackbox.h"
#include "check.h"
#include "events/evlog.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NPERSONS 40
#define NEMPLOYEES 5
#define NORGS 6
#define NROUNDS 6
#define NEW_PER_ROUND 70

enum kind { K_ALTINN, K_RESSURS, K_ROLLE, K_REPORTEE, K_LEDER };

struct recipient {
    enum kind kind;
    int org;
    int value;    /* service code 1-2, resource 1-2, role 0, or the person */
    int employee; /* K_LEDER */
};

struct aggregate {
    char id[32];
    bool sak;
    bool deleted;
    int n;
    struct recipient r[3];
};

struct org_rights {
    bool altinn[3], ressurs[3], dagl, reportee;
};

static struct org_rights rights[NPERSONS][NORGS];
static bool relation[NPERSONS][NEMPLOYEES][NORGS];
static struct aggregate aggs[NROUNDS * NEW_PER_ROUND];
static int naggs;
static unsigned long long rng;

static unsigned next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

static bool chance(int percent)
{
    return (int)(next() % 100) < percent;
}

static void fnr_of(int person, char out[12])
{
    snprintf(out, 12, "%011lld", 10000000000LL + person);
}

static void employee_of(int e, char out[12])
{
    snprintf(out, 12, "%011lld", 20000000000LL + e);
}

static void org_of(int org, char out[10])
{
    snprintf(out, 10, "9100000%02d", org);
}

/* ---- The oracle ---- */

static bool oracle_match(int p, const struct recipient *r)
{
    const struct org_rights *o = &rights[p][r->org];
    switch (r->kind) {
    case K_ALTINN: return o->altinn[r->value];
    case K_RESSURS: return o->ressurs[r->value];
    case K_ROLLE: return o->dagl;
    case K_REPORTEE: return r->value == p && o->reportee;
    case K_LEDER: return r->value == p && relation[p][r->employee][r->org];
    }
    return false;
}

static bool oracle_sees(int p, const struct aggregate *a)
{
    for (int i = 0; i < a->n; i++)
        if (oracle_match(p, &a->r[i]))
            return true;
    return false;
}

/* ---- The system ---- */

static char dir[] = "/tmp/budstikke-propertyXXXXXX";
static char access_path[512];
static struct store *store;
static struct access_source *source;
static struct api_user *api;

static void write_rights(void)
{
    json_t *persons = json_array();
    for (int p = 0; p < NPERSONS; p++) {
        char fnr[12];
        fnr_of(p, fnr);
        json_t *orgs = json_array();
        for (int o = 0; o < NORGS; o++) {
            char org[10];
            org_of(o, org);
            const struct org_rights *r = &rights[p][o];
            json_t *altinn = json_array(), *ressurser = json_array(), *roller = json_array();
            for (int k = 1; k <= 2; k++) {
                char code[16];
                snprintf(code, sizeof code, "%d", k);
                if (r->altinn[k])
                    json_array_append_new(altinn, json_pack("{s:s,s:s}", "serviceCode", code,
                                                            "serviceEdition", "1"));
                if (r->ressurs[k])
                    json_array_append_new(ressurser, json_sprintf("nav_r%d", k));
            }
            if (r->dagl)
                json_array_append_new(roller, json_string("DAGL"));
            json_array_append_new(orgs, json_pack("{s:s,s:o,s:o,s:o,s:b}", "virksomhetsnummer",
                                                  org, "altinn", altinn, "ressurser", ressurser,
                                                  "roller", roller, "reportee", r->reportee));
        }
        json_array_append_new(persons, json_pack("{s:s,s:o}", "fnr", fnr, "virksomheter", orgs));
    }
    json_t *root = json_pack("{s:o}", "personer", persons);
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", access_path);
    json_dump_file(root, tmp, JSON_COMPACT);
    json_decref(root);
    rename(tmp, access_path);
}

static void random_rights(int percent_changed)
{
    for (int p = 0; p < NPERSONS; p++)
        for (int o = 0; o < NORGS; o++) {
            if (!chance(percent_changed))
                continue;
            struct org_rights *r = &rights[p][o];
            r->altinn[1] = chance(30);
            r->altinn[2] = chance(30);
            r->ressurs[1] = chance(30);
            r->ressurs[2] = chance(20);
            r->dagl = chance(15);
            r->reportee = chance(20);
        }
}

struct relation_cmd {
    int p, e, o;
    bool on;
};

static int relation_write(struct store_tx *tx, void *arg)
{
    struct relation_cmd *c = arg;
    char id[64], leder[12], ansatt[12], org[10];
    fnr_of(c->p, leder);
    employee_of(c->e, ansatt);
    org_of(c->o, org);
    snprintf(id, sizeof id, "rel-%d-%d-%d", c->p, c->e, c->o);
    return c->on ? vis_relation_put(tx, id, leder, ansatt, org, "api")
                 : (vis_relation_remove(tx, id) < 0 ? -1 : 0);
}

static void random_relations(void)
{
    for (int k = 0; k < 25; k++) {
        struct relation_cmd c = {(int)(next() % NPERSONS), (int)(next() % NEMPLOYEES),
                                 (int)(next() % NORGS), chance(60)};
        CHECK_EQ_INT(store_write(store, relation_write, &c), 0);
        relation[c.p][c.e][c.o] = c.on;
    }
}

static json_t *recipient_json(const struct recipient *r)
{
    char org[10], a[16], b[12];
    org_of(r->org, org);
    switch (r->kind) {
    case K_ALTINN:
        snprintf(a, sizeof a, "%d", r->value);
        return json_pack("{s:s,s:s,s:s,s:s}", "kind", "altinn", "a", a, "b", "1",
                         "virksomhetsnummer", org);
    case K_RESSURS:
        snprintf(a, sizeof a, "nav_r%d", r->value);
        return json_pack("{s:s,s:s,s:s}", "kind", "altinnRessurs", "a", a, "virksomhetsnummer", org);
    case K_ROLLE:
        return json_pack("{s:s,s:s,s:s}", "kind", "altinnRolle", "a", "DAGL", "virksomhetsnummer",
                         org);
    case K_REPORTEE:
        fnr_of(r->value, a);
        return json_pack("{s:s,s:s,s:s}", "kind", "altinnReportee", "a", a, "virksomhetsnummer",
                         org);
    case K_LEDER:
        fnr_of(r->value, a);
        employee_of(r->employee, b);
        return json_pack("{s:s,s:s,s:s,s:s}", "kind", "naermesteLeder", "a", a, "b", b,
                         "virksomhetsnummer", org);
    }
    return json_null();
}

static void emit(const char *type, const char *aggregate, json_t *payload)
{
    CHECK_EQ_INT(bb_emit_event(store, type, aggregate, payload), 0);
}

static void new_aggregates(int n)
{
    for (int k = 0; k < n; k++) {
        struct aggregate *a = &aggs[naggs];
        a->sak = chance(25);
        snprintf(a->id, sizeof a->id, "%s-%d", a->sak ? "s" : "n", naggs);
        a->n = 1 + (int)(next() % 3);
        json_t *list = json_array();
        for (int i = 0; i < a->n; i++) {
            struct recipient *r = &a->r[i];
            r->kind = (enum kind)(next() % 5);
            r->org = (int)(next() % NORGS);
            r->value = r->kind == K_ALTINN || r->kind == K_RESSURS ? 1 + (int)(next() % 2)
                       : r->kind >= K_REPORTEE                    ? (int)(next() % NPERSONS)
                                                                  : 0;
            r->employee = (int)(next() % NEMPLOYEES);
            json_array_append_new(list, recipient_json(r));
        }
        char org[10], when[40], gid[40];
        org_of(a->r[0].org, org);
        snprintf(when, sizeof when, "2026-01-01T00:%02d:%02dZ", (naggs / 60) % 60, naggs % 60);
        snprintf(gid, sizeof gid, "g-%d", naggs);
        if (a->sak)
            emit("SakOpprettet", a->id,
                 json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s}", "sakId", a->id, "merkelapp", "M",
                           "grupperingsid", gid, "virksomhetsnummer", org, "tittel", "Sak",
                           "mottakere", list, "mottattTidspunkt", when));
        else
            emit("BeskjedOpprettet", a->id,
                 json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "notifikasjonId", a->id,
                           "merkelapp", "M", "eksternId", a->id, "virksomhetsnummer", org, "tekst",
                           "T", "lenke", "https://x", "opprettetTidspunkt", when, "mottakere",
                           list));
        naggs++;
    }
}

static void delete_some(void)
{
    for (int i = 0; i < naggs; i++) {
        if (aggs[i].deleted || !chance(5))
            continue;
        aggs[i].deleted = true;
        emit("HardDelete", aggs[i].id, json_pack("{s:s}", "notifikasjonId", aggs[i].id));
    }
}

/* ---- Comparing ---- */

static json_t *run(int person, const char *query, json_t *vars)
{
    char fnr[12];
    fnr_of(person, fnr);
    struct nt_buf out;
    nt_buf_init(&out, 0);
    api_user_execute(api, fnr, query, vars, &out);
    json_t *v = json_loads(nt_buf_str(&out), 0, NULL);
    nt_buf_free(&out);
    return v;
}

/* The ids the API shows person p, as a set (a JSON object used as one). */
static json_t *shown(int p)
{
    json_t *ids = json_object();
    const char *cursor = NULL;
    json_t *page = NULL;
    do {
        json_t *vars = cursor ? json_pack("{s:s}", "a", cursor) : json_object();
        json_t *next_page =
            run(p, "query($a: String) { notifikasjoner(first: 200, after: $a) { pageInfo { "
                   "hasNextPage endCursor } notifikasjoner { ... on Beskjed { id } } } }",
                vars);
        json_decref(vars);
        json_decref(page);
        page = next_page;
        json_t *list = json_object_get(json_object_get(json_object_get(page, "data"),
                                                       "notifikasjoner"),
                                       "notifikasjoner");
        size_t i;
        json_t *v;
        json_array_foreach(list, i, v) json_object_set(ids, json_string_value(json_object_get(v, "id")),
                                                       json_true());
        json_t *info = json_object_get(json_object_get(json_object_get(page, "data"),
                                                       "notifikasjoner"),
                                       "pageInfo");
        cursor = json_is_true(json_object_get(info, "hasNextPage"))
                     ? json_string_value(json_object_get(info, "endCursor"))
                     : NULL;
    } while (cursor);
    json_decref(page);
    char all_orgs[256] = "";
    for (int o = 0; o < NORGS; o++) {
        char org[10];
        org_of(o, org);
        size_t len = strlen(all_orgs);
        snprintf(all_orgs + len, sizeof all_orgs - len, "%s\"%s\"", o ? "," : "", org);
    }
    char q[512];
    snprintf(q, sizeof q, "{ saker(virksomhetsnumre: [%s], limit: 1000) { saker { id } } }",
             all_orgs);
    json_t *r = run(p, q, NULL);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(json_object_get(json_object_get(r, "data"), "saker"), "saker"),
                       i, v) json_object_set(ids, json_string_value(json_object_get(v, "id")),
                                             json_true());
    json_decref(r);
    return ids;
}

static long long pairs, visible_pairs, wrongly_shown, missing;

static void compare_everyone(void)
{
    for (int p = 0; p < NPERSONS; p++) {
        json_t *ids = shown(p);
        for (int i = 0; i < naggs; i++) {
            bool expected = !aggs[i].deleted && oracle_sees(p, &aggs[i]);
            bool got = json_object_get(ids, aggs[i].id) != NULL;
            pairs++;
            visible_pairs += expected;
            if (got && !expected) {
                wrongly_shown++;
                fprintf(stderr, "person %d was shown %s without access\n", p, aggs[i].id);
            }
            if (expected && !got) {
                missing++;
                fprintf(stderr, "person %d misses %s\n", p, aggs[i].id);
            }
        }
        json_decref(ids);
    }
}

static void setup(void)
{
    const char *seed = getenv("BUDSTIKKE_PROPERTY_SEED");
    rng = seed ? strtoull(seed, NULL, 10) : 88172645463325252ULL;
    if (!rng)
        rng = 1;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(access_path, sizeof access_path, "%s/access.json", dir);
    random_rights(100);
    write_rights();
    char url[600], *err = NULL;
    snprintf(url, sizeof url, "sqlite:%s/test.db", dir);
    store = store_open(url, &err);
    struct access_config ac = {.file = access_path};
    source = access_open(&ac, &err);
    struct api_user_config uc = {.store = store, .access = source};
    api = api_user_new(&uc, &err);
    CHECK(store && source && api);
}

static void shown_is_exactly_what_the_rights_allow(void)
{
    /* round 0: data before anyone's rights were applied; later rounds mix */
    for (int round = 0; round < NROUNDS; round++) {
        new_aggregates(NEW_PER_ROUND / 2);
        if (round > 0) {
            random_rights(35);
            write_rights();
        }
        random_relations();
        if (round > 1)
            delete_some();
        if (round > 0)
            compare_everyone(); /* rights applied here; the next data fans out to them */
        new_aggregates(NEW_PER_ROUND / 2);
        compare_everyone();
    }
    printf("# %lld (person, aggregate) pairs checked, %lld visible; %lld shown without access, "
           "%lld missing\n",
           pairs, visible_pairs, wrongly_shown, missing);
    CHECK(pairs >= 20000);
    CHECK(visible_pairs > pairs / 20); /* the rights are not all empty */
    CHECK_EQ_INT(wrongly_shown, 0);
    CHECK_EQ_INT(missing, 0);
}

static void teardown(void)
{
    api_user_shutdown(api);
    api_user_free(api);
    access_close(source);
    store_close(store);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"shown_is_exactly_what_the_rights_allow", shown_is_exactly_what_the_rights_allow},
    {"teardown", teardown},
};

CHECK_MAIN("access_property", cases)
