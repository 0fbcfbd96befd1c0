/* The user API over HTTP against the real binary and a real database:
 * notifications made through the producer API are read, clicked and
 * counted by the persons the access file gives rights; saker with every
 * filter and counter; access rules (rights lost and gained, relations
 * added and revoked at run time, a failing access service); the live
 * stream; and durability across a restart. */
#include "blackbox.h"
#include "check.h"

#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define A "16120101181" /* rights in ORG1 (4321:1, nav_tiltak) and ORG2 (nav_syk) */
#define B "26090099884" /* rights in ORG1 (5441:1) */
#define C "01017012345" /* no rights; nearest leader of E through a relation */
#define E "02028512345"
#define ORG1 "910825496"
#define ORG2 "910825518"

static struct bb_server srv;
static char auth_producer[4200], auth_syfo[4200], auth_other[4200];
static char auth_a[4200], auth_b[4200], auth_c[4200];
static char access_path[PATH_MAX + 32];

static const char *const access_initial =
    "{\"personer\":[{\"fnr\":\"" A "\",\"virksomheter\":[{\"virksomhetsnummer\":\"" ORG1 "\","
    "\"navn\":\"Slemdal og Ryktet AS\",\"altinn\":[{\"serviceCode\":\"4321\","
    "\"serviceEdition\":\"1\"}],\"ressurser\":[\"nav_tiltak\"]},{\"virksomhetsnummer\":\"" ORG2
    "\",\"navn\":\"Kolbotn Bakeri AS\",\"ressurser\":[\"nav_syk\"]}]},"
    "{\"fnr\":\"" B "\",\"virksomheter\":[{\"virksomhetsnummer\":\"" ORG1 "\",\"altinn\":"
    "[{\"serviceCode\":\"5441\",\"serviceEdition\":\"1\"}]}]}]}";

static void write_access(const char *json)
{
    char tmp[PATH_MAX + 64];
    snprintf(tmp, sizeof tmp, "%s.tmp", access_path);
    FILE *f = fopen(tmp, "w");
    if (f) {
        fputs(json, f);
        fclose(f);
    }
    rename(tmp, access_path); /* a new file: the server sees the change at once */
}

static json_t *request(const char *path, const char *auth, json_t *body, long *status)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    struct bb_reply *r = malloc(sizeof *r);
    bb_request(&srv, body ? "POST" : "GET", path, text, text ? strlen(text) : 0, auth, r);
    if (status)
        *status = r->status;
    json_t *v = json_loads(r->body, 0, NULL);
    if (!v && r->len)
        fprintf(stderr, "not JSON (%ld): %s\n", r->status, r->body);
    free(r);
    free(text);
    json_decref(body);
    return v;
}

static json_t *gql(const char *path, const char *auth, const char *query, json_t *vars)
{
    json_t *body = json_pack("{s:s}", "query", query);
    if (vars)
        json_object_set_new(body, "variables", vars);
    return request(path, auth, body, NULL);
}

static json_t *user(const char *auth, const char *query, json_t *vars)
{
    return gql("/api/user/graphql", auth, query, vars);
}

static json_t *at(json_t *v, const char *path)
{
    return bb_json_path(v, path);
}

static const char *str_at(json_t *v, const char *path)
{
    return json_string_value(at(v, path));
}

static long long int_at(json_t *v, const char *path)
{
    json_t *x = at(v, path);
    return json_is_integer(x) ? json_integer_value(x) : -1;
}

static char *dump(json_t *v)
{
    static char buf[8192];
    char *text = v ? json_dumps(v, JSON_COMPACT) : strdup("(null)");
    snprintf(buf, sizeof buf, "%s", text);
    free(text);
    return buf;
}

/* ---- Producer side ---- */

static json_t *recipient_altinn(const char *code)
{
    return json_pack("{s:{s:s,s:s}}", "altinn", "serviceCode", code, "serviceEdition", "1");
}

static json_t *recipient_ressurs(const char *id)
{
    return json_pack("{s:{s:s}}", "altinnRessurs", "ressursId", id);
}

static json_t *recipient_leder(const char *leder, const char *ansatt)
{
    return json_pack("{s:{s:s,s:s}}", "naermesteLeder", "naermesteLederFnr", leder, "ansattFnr",
                     ansatt);
}

static int ekstern_seq;

/* nyBeskjed or nyOppgave; returns the id (static buffer per call site). */
static void create(const char *kind, const char *org, json_t *recipient, const char *tekst,
                   const char *grupperingsid, const char *merkelapp, char out_id[64])
{
    char ekstern[32], query[256];
    snprintf(ekstern, sizeof ekstern, "e-%d", ++ekstern_seq);
    bool oppgave = strcmp(kind, "oppgave") == 0;
    snprintf(query, sizeof query,
             "mutation($n: %s!) { %s(%s: $n) { __typename ... on %s { id } ... on Error { "
             "feilmelding } } }",
             oppgave ? "NyOppgaveInput" : "NyBeskjedInput", oppgave ? "nyOppgave" : "nyBeskjed",
             oppgave ? "nyOppgave" : "nyBeskjed",
             oppgave ? "NyOppgaveVellykket" : "NyBeskjedVellykket");
    json_t *meta = json_pack("{s:s,s:s}", "eksternId", ekstern, "virksomhetsnummer", org);
    if (grupperingsid)
        json_object_set_new(meta, "grupperingsid", json_string(grupperingsid));
    json_t *vars = json_pack("{s:{s:o,s:[o],s:{s:s,s:s,s:s}}}", "n", "metadata", meta,
                             "mottakere", recipient, "notifikasjon", "merkelapp",
                             merkelapp ? merkelapp : "Tiltak", "tekst", tekst, "lenke",
                             "https://tiltak.example/1");
    json_t *r = gql("/api/producer/graphql", auth_producer, query, vars);
    json_t *id = at(r, oppgave ? "data.nyOppgave.id" : "data.nyBeskjed.id");
    if (!id)
        fprintf(stderr, "create failed: %s\n", dump(r));
    snprintf(out_id, 64, "%s", json_string_value(id) ? json_string_value(id) : "");
    json_decref(r);
}

/* recipients: one MottakerInput or a list of them. */
static void create_sak(const char *grupperingsid, const char *org, json_t *recipients,
                       const char *tittel, const char *merkelapp, char out_id[64])
{
    if (!json_is_array(recipients))
        recipients = json_pack("[o]", recipients);
    json_t *vars = json_pack("{s:s,s:s,s:s,s:o,s:s}", "g", grupperingsid, "m", merkelapp, "v",
                             org, "r", recipients, "t", tittel);
    json_t *r = gql("/api/producer/graphql", auth_producer,
                    "mutation($g: String!, $m: String!, $v: String!, $r: [MottakerInput!]!, $t: "
                    "String!) { nySak(grupperingsid: $g, merkelapp: $m, virksomhetsnummer: $v, "
                    "mottakere: $r, tittel: $t, initiellStatus: MOTTATT) { __typename ... on "
                    "NySakVellykket { id } ... on Error { feilmelding } } }",
                    vars);
    json_t *id = at(r, "data.nySak.id");
    if (!id)
        fprintf(stderr, "nySak failed: %s\n", dump(r));
    snprintf(out_id, 64, "%s", json_string_value(id) ? json_string_value(id) : "");
    json_decref(r);
}

static void producer_mutation(const char *query, json_t *vars)
{
    json_t *r = gql("/api/producer/graphql", auth_producer, query, vars);
    if (!r || json_object_get(r, "errors"))
        fprintf(stderr, "producer mutation failed: %s\n", dump(r));
    json_decref(r);
}

/* The ids a person's bell shows, in order, joined with ',' */
static void bell_ids(const char *auth, char *out, size_t n)
{
    json_t *r = user(auth, "{ notifikasjoner { notifikasjoner { ... on Beskjed { id } ... on "
                           "Oppgave { id } ... on Kalenderavtale { id } } } }",
                     NULL);
    out[0] = '\0';
    size_t i;
    json_t *v;
    json_array_foreach(at(r, "data.notifikasjoner.notifikasjoner"), i, v) {
        size_t len = strlen(out);
        snprintf(out + len, n - len, "%s%s", len ? "," : "", json_string_value(json_object_get(v, "id")));
    }
    json_decref(r);
}

static bool bell_has(const char *auth, const char *id)
{
    char ids[4096];
    bell_ids(auth, ids, sizeof ids);
    return *id && strstr(ids, id) != NULL;
}

/* ---- Set-up ---- */

static char beskjed1[64], oppgave1[64], beskjed_org2[64], beskjed_b[64], beskjed_leder[64];

static void setup(void)
{
    bb_setup();
    bb_producer_setup(
        "{\"producers\":[{\"id\":\"dev:tiltak\",\"merkelapper\":[\"Tiltak\",\"Sykepenger\"],"
        "\"mottakere\":[{\"altinn\":{\"serviceCode\":\"4321\",\"serviceEdition\":\"1\"}},"
        "{\"altinn\":{\"serviceCode\":\"5441\",\"serviceEdition\":\"1\"}},"
        "{\"altinnRessurs\":{\"ressursId\":\"nav_tiltak\"}},{\"altinnRessurs\":{\"ressursId\":"
        "\"nav_syk\"}},{\"naermesteLeder\":{}}]},"
        "{\"id\":\"dev:syfo\",\"merkelapp\":[],\"merkelapper\":[],\"mottakere\":[{\"naermesteLeder\":{}}]},"
        "{\"id\":\"dev:annen\",\"merkelapper\":[],\"mottakere\":[]}]}");
    snprintf(access_path, sizeof access_path, "%s/access.json", bb_workdir);
    write_access(access_initial);
    CHECK_EQ_INT(bb_mint_token("producer", "dev:tiltak", auth_producer, sizeof auth_producer), 0);
    CHECK_EQ_INT(bb_mint_token("producer", "dev:syfo", auth_syfo, sizeof auth_syfo), 0);
    CHECK_EQ_INT(bb_mint_token("producer", "dev:annen", auth_other, sizeof auth_other), 0);
    CHECK_EQ_INT(bb_mint_token("user", A, auth_a, sizeof auth_a), 0);
    CHECK_EQ_INT(bb_mint_token("user", B, auth_b, sizeof auth_b), 0);
    CHECK_EQ_INT(bb_mint_token("user", C, auth_c, sizeof auth_c), 0);
    const char *more[] = {"--access", access_path, NULL};
    CHECK_EQ_INT(bb_start_producer_server_with(&srv, more), 0);
}

static void tokens_are_required(void)
{
    long status = 0;
    json_t *r = request("/api/user/graphql", NULL, json_pack("{s:s}", "query", "{ whoami }"),
                        &status);
    CHECK_EQ_INT(status, 401);
    json_decref(r);
    /* a producer's token names no person */
    r = request("/api/user/graphql", auth_producer, json_pack("{s:s}", "query", "{ whoami }"),
                &status);
    CHECK_EQ_INT(status, 401);
    CHECK_CONTAINS(dump(r), "pid");
    json_decref(r);
    r = user(auth_a, "{ whoami }", NULL);
    CHECK_EQ_STR(str_at(r, "data.whoami"), A);
    json_decref(r);
}

static void each_person_sees_what_their_rights_allow(void)
{
    create("beskjed", ORG1, recipient_altinn("4321"), "Beskjed til 4321", NULL, NULL, beskjed1);
    create("oppgave", ORG1, recipient_ressurs("nav_tiltak"), "Oppgave nav_tiltak", NULL, NULL,
           oppgave1);
    create("beskjed", ORG2, recipient_ressurs("nav_syk"), "Beskjed i ORG2", NULL, NULL,
           beskjed_org2);
    create("beskjed", ORG1, recipient_altinn("5441"), "Beskjed til 5441", NULL, NULL, beskjed_b);
    /* the same resource in an organisation A has no rights in */
    char elsewhere[64];
    create("beskjed", "999999999", recipient_ressurs("nav_tiltak"), "Annen virksomhet", NULL, NULL,
           elsewhere);
    char ids[4096], want[512];
    bell_ids(auth_a, ids, sizeof ids);
    snprintf(want, sizeof want, "%s,%s,%s", beskjed_org2, oppgave1, beskjed1); /* newest first */
    CHECK_EQ_STR(ids, want);
    bell_ids(auth_b, ids, sizeof ids);
    CHECK_EQ_STR(ids, beskjed_b);
    bell_ids(auth_c, ids, sizeof ids);
    CHECK_EQ_STR(ids, "");
}

static void bell_fields_follow_the_schema(void)
{
    json_t *r = user(auth_a,
                     "{ notifikasjoner { feilAltinn feilDigiSyfo antallUleste notifikasjoner { "
                     "__typename ... on Oppgave { id merkelapp tekst lenke tilstand "
                     "opprettetTidspunkt sorteringTidspunkt paaminnelseTidspunkt frist "
                     "utfoertTidspunkt brukerKlikk { id klikketPaa } virksomhet { "
                     "virksomhetsnummer navn } sak { tittel } } } } }",
                     NULL);
    json_t *o = at(r, "data.notifikasjoner.notifikasjoner.1");
    CHECK_EQ_STR(str_at(o, "__typename"), "Oppgave");
    CHECK_EQ_STR(str_at(o, "id"), oppgave1);
    CHECK_EQ_STR(str_at(o, "tilstand"), "NY");
    CHECK_EQ_STR(str_at(o, "tekst"), "Oppgave nav_tiltak");
    CHECK_EQ_STR(str_at(o, "virksomhet.navn"), "Slemdal og Ryktet AS");
    CHECK_EQ_STR(str_at(o, "virksomhet.virksomhetsnummer"), ORG1);
    CHECK_EQ_STR(str_at(o, "sorteringTidspunkt"), str_at(o, "opprettetTidspunkt"));
    CHECK(json_is_null(at(o, "paaminnelseTidspunkt")));
    CHECK(json_is_false(at(o, "brukerKlikk.klikketPaa")));
    CHECK(json_is_null(at(o, "sak")));
    CHECK(json_is_false(at(r, "data.notifikasjoner.feilAltinn")));
    CHECK(json_is_false(at(r, "data.notifikasjoner.feilDigiSyfo")));
    CHECK_EQ_INT(int_at(r, "data.notifikasjoner.antallUleste"), 3); /* never marked read */
    json_decref(r);
}

/* notifikasjoner counts antallUleste in its own transaction when it sees
 * the field; an alias, a fragment spread or an inline fragment gives the
 * same count, and so does the field alone, and the field in a second node
 * of the same response key (which the resolver does not look at: the
 * count then has a transaction of its own). */
static void the_unread_count_is_the_same_however_it_is_asked_for(void)
{
    static const char *const queries[] = {
        "{ notifikasjoner { antallUleste } }",
        "{ notifikasjoner(first: 1) { n: antallUleste notifikasjoner { __typename } } }",
        "{ notifikasjoner { ...F } } fragment F on NotifikasjonerResultat { antallUleste }",
        "{ notifikasjoner { ... on NotifikasjonerResultat { antallUleste } } }",
        "{ notifikasjoner { feilAltinn } notifikasjoner { antallUleste } }",
        "{ notifikasjoner { antallUleste @skip(if: true) feilAltinn } }",
    };
    static const char *const paths[] = {
        "data.notifikasjoner.antallUleste", "data.notifikasjoner.n",
        "data.notifikasjoner.antallUleste", "data.notifikasjoner.antallUleste",
        "data.notifikasjoner.antallUleste",
    };
    for (size_t i = 0; i < 5; i++) {
        json_t *r = user(auth_a, queries[i], NULL);
        CHECK_EQ_INT(int_at(r, paths[i]), 3); /* never marked read */
        json_decref(r);
    }
    json_t *r = user(auth_a, queries[5], NULL);
    CHECK(at(r, "data.notifikasjoner.antallUleste") == NULL);
    CHECK(json_is_false(at(r, "data.notifikasjoner.feilAltinn")));
    json_decref(r);
}

static void the_bell_pages(void)
{
    json_t *r = user(auth_a, "{ notifikasjoner(first: 2) { pageInfo { hasNextPage endCursor } "
                             "notifikasjoner { ... on Beskjed { id } ... on Oppgave { id } } } }",
                     NULL);
    CHECK_EQ_STR(str_at(r, "data.notifikasjoner.notifikasjoner.1.id"), oppgave1);
    CHECK(json_is_true(at(r, "data.notifikasjoner.pageInfo.hasNextPage")));
    json_t *vars = json_pack("{s:s}", "after", str_at(r, "data.notifikasjoner.pageInfo.endCursor"));
    json_decref(r);
    r = user(auth_a, "query($after: String) { notifikasjoner(first: 2, after: $after) { pageInfo "
                     "{ hasNextPage } notifikasjoner { ... on Beskjed { id } } } }",
             vars);
    CHECK_EQ_STR(str_at(r, "data.notifikasjoner.notifikasjoner.0.id"), beskjed1);
    CHECK_EQ_INT(json_array_size(at(r, "data.notifikasjoner.notifikasjoner")), 1);
    CHECK(json_is_false(at(r, "data.notifikasjoner.pageInfo.hasNextPage")));
    json_decref(r);
    r = user(auth_a, "{ notifikasjoner(first: 0) { feilAltinn } }", NULL);
    CHECK_CONTAINS(dump(r), "first må være mellom 1 og 200");
    json_decref(r);
    r = user(auth_a, "{ notifikasjoner(after: \"tull\") { feilAltinn } }", NULL);
    CHECK_CONTAINS(dump(r), "after er ikke en gyldig markør");
    json_decref(r);
}

static json_t *click(const char *auth, const char *id)
{
    return user(auth,
                "mutation($id: ID!) { notifikasjonKlikketPaa(id: $id) { __typename ... on "
                "BrukerKlikk { id klikketPaa } ... on UgyldigId { feilmelding } } }",
                json_pack("{s:s}", "id", id));
}

static void clicks_count_only_where_the_person_has_access(void)
{
    json_t *r = click(auth_a, beskjed1);
    CHECK_EQ_STR(str_at(r, "data.notifikasjonKlikketPaa.__typename"), "BrukerKlikk");
    CHECK_EQ_STR(str_at(r, "data.notifikasjonKlikketPaa.id"), beskjed1);
    CHECK(json_is_true(at(r, "data.notifikasjonKlikketPaa.klikketPaa")));
    json_decref(r);
    r = click(auth_a, beskjed1); /* idempotent */
    CHECK_EQ_STR(str_at(r, "data.notifikasjonKlikketPaa.__typename"), "BrukerKlikk");
    json_decref(r);
    r = click(auth_b, beskjed1); /* exists, but B may not see it */
    CHECK_EQ_STR(str_at(r, "data.notifikasjonKlikketPaa.__typename"), "UgyldigId");
    json_decref(r);
    r = click(auth_a, "00000000-0000-7000-8000-000000000000");
    CHECK_EQ_STR(str_at(r, "data.notifikasjonKlikketPaa.__typename"), "UgyldigId");
    json_decref(r);
    r = user(auth_a, "{ notifikasjoner { notifikasjoner { ... on Beskjed { id brukerKlikk { "
                     "klikketPaa } } } } }",
             NULL);
    CHECK(json_is_false(at(r, "data.notifikasjoner.notifikasjoner.0.brukerKlikk.klikketPaa")));
    CHECK(json_is_true(at(r, "data.notifikasjoner.notifikasjoner.2.brukerKlikk.klikketPaa")));
    json_decref(r);
}

static long long unread(const char *auth)
{
    json_t *r = user(auth, "{ notifikasjoner { antallUleste } }", NULL);
    long long n = int_at(r, "data.notifikasjoner.antallUleste");
    json_decref(r);
    return n;
}

static void last_read_is_one_mark_for_every_device(void)
{
    json_t *r = user(auth_a, "{ notifikasjonerSistLest { __typename ... on NotifikasjonerSistLest "
                             "{ tidspunkt } } }",
                     NULL);
    CHECK(json_is_null(at(r, "data.notifikasjonerSistLest.tidspunkt")));
    json_decref(r);
    r = user(auth_a, "{ notifikasjoner { notifikasjoner { ... on Beskjed { sorteringTidspunkt } } } }",
             NULL);
    char newest[64];
    snprintf(newest, sizeof newest, "%s",
             str_at(r, "data.notifikasjoner.notifikasjoner.0.sorteringTidspunkt"));
    json_decref(r);
    r = user(auth_a, "mutation($t: ISO8601DateTime!) { notifikasjonerSistLest(tidspunkt: $t) { "
                     "tidspunkt antallUleste } }",
             json_pack("{s:s}", "t", newest));
    CHECK_EQ_STR(str_at(r, "data.notifikasjonerSistLest.tidspunkt"), newest);
    CHECK_EQ_INT(int_at(r, "data.notifikasjonerSistLest.antallUleste"), 0);
    json_decref(r);
    /* an older mark (another device's stale view) does not move it back */
    r = user(auth_a, "mutation { notifikasjonerSistLest(tidspunkt: \"2001-01-01T00:00:00+01:00\") "
                     "{ tidspunkt } }",
             NULL);
    CHECK_EQ_STR(str_at(r, "data.notifikasjonerSistLest.tidspunkt"), newest);
    json_decref(r);
    CHECK_EQ_INT(unread(auth_a), 0);
    char id[64];
    create("beskjed", ORG1, recipient_altinn("4321"), "Ny etter lest", NULL, NULL, id);
    CHECK_EQ_INT(unread(auth_a), 1);
    r = user(auth_a, "mutation { notifikasjonerSistLest(tidspunkt: \"2999-01-01T00:00:00Z\") "
                     "{ tidspunkt } }",
             NULL);
    json_decref(r);
    CHECK_EQ_INT(unread(auth_a), 0);
    r = user(auth_a, "mutation { notifikasjonerSistLest(tidspunkt: \"i går\") { tidspunkt } }", NULL);
    CHECK(json_object_get(r, "errors") != NULL);
    json_decref(r);
}

static void a_done_task_shows_as_done(void)
{
    producer_mutation("mutation($id: ID!) { oppgaveUtfoert(id: $id, utfoertTidspunkt: "
                      "\"2030-05-05T12:00:00Z\") { __typename } }",
                      json_pack("{s:s}", "id", oppgave1));
    json_t *r = user(auth_a, "{ notifikasjoner { notifikasjoner { ... on Oppgave { id tilstand "
                             "utfoertTidspunkt } } } }",
                     NULL);
    size_t i;
    json_t *v;
    bool seen = false;
    json_array_foreach(at(r, "data.notifikasjoner.notifikasjoner"), i, v) {
        if (str_at(v, "id") && strcmp(str_at(v, "id"), oppgave1) == 0) {
            seen = true;
            CHECK_EQ_STR(str_at(v, "tilstand"), "UTFOERT");
            CHECK_EQ_STR(str_at(v, "utfoertTidspunkt"), "2030-05-05T12:00:00Z");
        }
    }
    CHECK(seen);
    json_decref(r);
}

/* ---- Saker ---- */

static char sak1[64], sak2[64], sak3[64], sak_b[64];
static char sak1_oppgave[64], sak1_beskjed_b[64];

static void saker_setup(void)
{
    /* A sees it through 4321:1, B through 5441:1 */
    create_sak("g-1", ORG1, json_pack("[o,o]", recipient_altinn("4321"), recipient_altinn("5441")),
               "Søknad om lønnstilskudd 010190 Ola", "Tiltak", sak1);
    bb_sleep_ms(5);
    create("oppgave", ORG1, recipient_altinn("4321"), "Signer avtalen", "g-1", NULL, sak1_oppgave);
    /* in the sak, but addressed to B only: A's timeline must not show it */
    create("beskjed", ORG1, recipient_altinn("5441"), "Kun for B", "g-1", NULL, sak1_beskjed_b);
    bb_sleep_ms(5);
    create_sak("g-2", ORG2, recipient_ressurs("nav_syk"), "Sykepenger for Kari", "Sykepenger",
               sak2);
    bb_sleep_ms(5);
    create_sak("g-3", ORG1, recipient_ressurs("nav_tiltak"), "Arbeidstrening", "Tiltak", sak3);
    char done[64];
    create("oppgave", ORG1, recipient_ressurs("nav_tiltak"), "Ferdig oppgave", "g-3", NULL, done);
    producer_mutation("mutation($id: ID!) { oppgaveUtfoert(id: $id) { __typename } }",
                      json_pack("{s:s}", "id", done));
    create_sak("g-b", ORG1, recipient_altinn("5441"), "Bare for B", "Tiltak", sak_b);
    producer_mutation("mutation($id: ID!) { nyStatusSak(id: $id, nyStatus: UNDER_BEHANDLING, "
                      "overstyrStatustekstMed: \"Vi ser på saken\") { __typename } }",
                      json_pack("{s:s}", "id", sak2));
    CHECK(*sak1 && *sak2 && *sak3 && *sak_b && *sak1_oppgave && *sak1_beskjed_b);
}

static json_t *saker(const char *auth, const char *args)
{
    char query[1024];
    snprintf(query, sizeof query,
             "{ saker(%s) { totaltAntallSaker feilAltinn saker { id tittel merkelapp "
             "sisteStatus { type tekst } frister oppgaver { tilstand } tidslinje { __typename "
             "... on OppgaveTidslinjeElement { id tilstand } ... on BeskjedTidslinjeElement { id "
             "} } } sakstyper { navn antall } oppgaveFilterInfo { filterType antall } "
             "oppgaveTilstandInfo { tilstand antall } } }",
             args);
    return user(auth, query, NULL);
}

static void saker_list_newest_first_with_counts(void)
{
    json_t *r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], limit: 10");
    CHECK_EQ_INT(int_at(r, "data.saker.totaltAntallSaker"), 3);
    /* sak2 changed last (its status), then sak3 (its oppgave), then sak1 */
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.id"), sak2);
    CHECK_EQ_STR(str_at(r, "data.saker.saker.1.id"), sak3);
    CHECK_EQ_STR(str_at(r, "data.saker.saker.2.id"), sak1);
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.sisteStatus.type"), "UNDER_BEHANDLING");
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.sisteStatus.tekst"), "Vi ser på saken");
    CHECK_EQ_STR(str_at(r, "data.saker.saker.2.sisteStatus.tekst"), "Mottatt");
    CHECK_EQ_STR(dump(at(r, "data.saker.sakstyper")),
                 "[{\"navn\":\"Sykepenger\",\"antall\":1},{\"navn\":\"Tiltak\",\"antall\":2}]");
    CHECK_EQ_STR(dump(at(r, "data.saker.oppgaveFilterInfo")),
                 "[{\"filterType\":\"TILSTAND_NY\",\"antall\":1},{\"filterType\":"
                 "\"TILSTAND_UTFOERT\",\"antall\":1}]");
    CHECK_EQ_STR(dump(at(r, "data.saker.oppgaveTilstandInfo")),
                 "[{\"tilstand\":\"NY\",\"antall\":1},{\"tilstand\":\"UTFOERT\",\"antall\":1}]");
    json_decref(r);
    r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], sortering: ELDSTE, limit: 1");
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.id"), sak1);
    CHECK_EQ_INT(json_array_size(at(r, "data.saker.saker")), 1);
    CHECK_EQ_INT(int_at(r, "data.saker.totaltAntallSaker"), 3);
    json_decref(r);
    r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], offset: 1, limit: 1");
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.id"), sak3);
    json_decref(r);
    r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"]"); /* default limit 3 */
    CHECK_EQ_INT(json_array_size(at(r, "data.saker.saker")), 3);
    json_decref(r);
}

static void the_timeline_shows_only_what_the_person_may_see(void)
{
    json_t *r = user(auth_a,
                     "query($m: String!, $g: String!) { sakByGrupperingsid(merkelapp: $m, "
                     "grupperingsid: $g) { feilAltinn sak { id tittel frister oppgaver { tilstand } "
                     "tidslinje { __typename ... on OppgaveTidslinjeElement { id tekst tilstand } "
                     "... on BeskjedTidslinjeElement { id } } } } }",
                     json_pack("{s:s,s:s}", "m", "Tiltak", "g", "g-1"));
    CHECK_EQ_STR(str_at(r, "data.sakByGrupperingsid.sak.id"), sak1);
    json_t *timeline = at(r, "data.sakByGrupperingsid.sak.tidslinje");
    CHECK_EQ_INT(json_array_size(timeline), 1);
    CHECK_EQ_STR(str_at(timeline, "0.id"), sak1_oppgave);
    CHECK_EQ_STR(str_at(timeline, "0.__typename"), "OppgaveTidslinjeElement");
    CHECK_EQ_STR(dump(at(r, "data.sakByGrupperingsid.sak.frister")), "[null]");
    CHECK_EQ_STR(dump(at(r, "data.sakByGrupperingsid.sak.oppgaver")), "[{\"tilstand\":\"NY\"}]");
    CHECK_CONTAINS(dump(r), "\"feilAltinn\":false");
    json_decref(r);
    /* B sees the same sak with only B's beskjed, and no open task */
    r = user(auth_b, "query($id: ID!) { sakById(id: $id) { sak { frister tidslinje { "
                     "__typename ... on BeskjedTidslinjeElement { id } } } } }",
             json_pack("{s:s}", "id", sak1));
    CHECK_EQ_INT(json_array_size(at(r, "data.sakById.sak.tidslinje")), 1);
    CHECK_EQ_STR(str_at(r, "data.sakById.sak.tidslinje.0.id"), sak1_beskjed_b);
    CHECK_EQ_STR(dump(at(r, "data.sakById.sak.frister")), "[]");
    json_decref(r);
    r = saker(auth_b, "virksomhetsnumre: [\"" ORG1 "\"], oppgaveFilter: [TILSTAND_NY]");
    CHECK_EQ_INT(int_at(r, "data.saker.totaltAntallSaker"), 0); /* A's task is not B's */
    json_decref(r);
    /* the notification of the sak shows the sak's title in the bell */
    r = user(auth_a, "{ notifikasjoner { notifikasjoner { ... on Oppgave { id sak { tittel } } } } }",
             NULL);
    CHECK_EQ_STR(str_at(r, "data.notifikasjoner.notifikasjoner.0.sak.tittel"),
                 "Arbeidstrening");
    json_decref(r);
}

static void sak_by_id_needs_access(void)
{
    char query[] = "query($id: ID!) { sakById(id: $id) { feilAltinn sak { id tittel virksomhet { "
                   "navn } } } }";
    json_t *r = user(auth_a, query, json_pack("{s:s}", "id", sak2));
    CHECK_EQ_STR(str_at(r, "data.sakById.sak.tittel"), "Sykepenger for Kari");
    CHECK_EQ_STR(str_at(r, "data.sakById.sak.virksomhet.navn"), "Kolbotn Bakeri AS");
    json_decref(r);
    r = user(auth_b, query, json_pack("{s:s}", "id", sak2));
    CHECK(json_is_null(at(r, "data.sakById.sak")));
    json_decref(r);
    r = user(auth_a, query, json_pack("{s:s}", "id", "00000000-0000-7000-8000-000000000000"));
    CHECK(json_is_null(at(r, "data.sakById.sak")));
    json_decref(r);
    r = user(auth_a, query, json_pack("{s:s}", "id", "ikke-en-uuid"));
    CHECK_CONTAINS(dump(r), "id må være en UUID");
    json_decref(r);
    r = user(auth_b, "{ sakstyper { navn } }", NULL);
    CHECK_EQ_STR(dump(at(r, "data.sakstyper")), "[{\"navn\":\"Tiltak\"}]");
    json_decref(r);
    r = user(auth_a, "{ sakstyper { navn } }", NULL);
    CHECK_EQ_STR(dump(at(r, "data.sakstyper")),
                 "[{\"navn\":\"Sykepenger\"},{\"navn\":\"Tiltak\"}]");
    json_decref(r);
}

static void saker_filters(void)
{
    struct {
        const char *args;
        long long total;
        const char *first; /* id of the first sak, or NULL */
    } cases[] = {
        {"virksomhetsnumre: [\"" ORG1 "\"]", 2, sak3},
        {"virksomhetsnummer: \"" ORG2 "\"", 1, sak2},
        {"virksomhetsnumre: []", 0, NULL},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], sakstyper: [\"Sykepenger\"]", 1, sak2},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], sakstyper: []", 0, NULL},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], oppgaveFilter: [TILSTAND_NY]", 1, sak1},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], oppgaveFilter: [TILSTAND_UTFOERT]", 1, sak3},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], oppgaveFilter: []", 0, NULL},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], oppgaveFilter: [TILSTAND_NY, "
         "TILSTAND_NY_MED_PAAMINNELSE_UTLOEST]", 0, NULL},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], oppgaveTilstand: [UTFOERT]", 1, sak3},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], tekstsoek: \"LØNNSTILSKUDD ola\"", 1, sak1},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], tekstsoek: \"01.01.90\"", 1, sak1},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], tekstsoek: \"kari, behandling\"", 1, sak2},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], tekstsoek: \"ser på saken\"", 1, sak2},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], tekstsoek: \"tiltak\"", 2, sak3},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], tekstsoek: \"   \"", 3, sak2},
        {"virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], tekstsoek: \"%\"", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *r = saker(auth_a, cases[i].args);
        if (int_at(r, "data.saker.totaltAntallSaker") != cases[i].total)
            fprintf(stderr, "case %zu (%s): %s\n", i, cases[i].args, dump(r));
        CHECK_EQ_INT(int_at(r, "data.saker.totaltAntallSaker"), cases[i].total);
        if (cases[i].first)
            CHECK_EQ_STR(str_at(r, "data.saker.saker.0.id"), cases[i].first);
        json_decref(r);
    }
    /* counters: sakstyper ignores the sakstyper filter, filter info ignores the task filter */
    json_t *r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], sakstyper: "
                              "[\"Sykepenger\"], oppgaveFilter: [TILSTAND_NY]");
    CHECK_EQ_INT(int_at(r, "data.saker.totaltAntallSaker"), 0);
    CHECK_EQ_STR(dump(at(r, "data.saker.sakstyper")), "[{\"navn\":\"Tiltak\",\"antall\":1}]");
    CHECK_EQ_STR(dump(at(r, "data.saker.oppgaveFilterInfo")), "[]");
    json_decref(r);
    r = saker(auth_a, "limit: 3");
    CHECK_CONTAINS(dump(r), "argument 'virksomhetsnummer' required");
    json_decref(r);
    r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\"], offset: -1");
    CHECK_CONTAINS(dump(r), "offset må være >= 0");
    json_decref(r);
    r = saker(auth_b, "virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], limit: 10");
    CHECK_EQ_INT(int_at(r, "data.saker.totaltAntallSaker"), 2);
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.id"), sak_b);
    CHECK_EQ_STR(str_at(r, "data.saker.saker.1.id"), sak1);
    json_decref(r);
}

/* ---- Access changes ---- */

static void losing_a_right_hides_old_notifications_and_regaining_shows_them(void)
{
    CHECK(bell_has(auth_a, oppgave1));
    /* A loses nav_tiltak in ORG1 */
    write_access(
        "{\"personer\":[{\"fnr\":\"" A "\",\"virksomheter\":[{\"virksomhetsnummer\":\"" ORG1 "\","
        "\"navn\":\"Slemdal og Ryktet AS\",\"altinn\":[{\"serviceCode\":\"4321\","
        "\"serviceEdition\":\"1\"}]},{\"virksomhetsnummer\":\"" ORG2 "\",\"ressurser\":"
        "[\"nav_syk\"]}]},{\"fnr\":\"" B "\",\"virksomheter\":[{\"virksomhetsnummer\":\"" ORG1
        "\",\"altinn\":[{\"serviceCode\":\"5441\",\"serviceEdition\":\"1\"}]}]}]}");
    CHECK(!bell_has(auth_a, oppgave1));
    CHECK(bell_has(auth_a, beskjed1));
    json_t *r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], limit: 10");
    CHECK_EQ_INT(int_at(r, "data.saker.totaltAntallSaker"), 2); /* sak3 was nav_tiltak */
    json_decref(r);
    r = click(auth_a, oppgave1);
    CHECK_EQ_STR(str_at(r, "data.notifikasjonKlikketPaa.__typename"), "UgyldigId");
    json_decref(r);
    write_access(access_initial);
    CHECK(bell_has(auth_a, oppgave1));
    r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], limit: 10");
    CHECK_EQ_INT(int_at(r, "data.saker.totaltAntallSaker"), 3);
    CHECK_EQ_STR(dump(at(r, "data.saker.oppgaveFilterInfo")),
                 "[{\"filterType\":\"TILSTAND_NY\",\"antall\":1},{\"filterType\":"
                 "\"TILSTAND_UTFOERT\",\"antall\":1}]");
    json_decref(r);
}

static json_t *relation(const char *auth, json_t *body, long *status)
{
    return request("/internal/naermeste-leder", auth, body, status);
}

static void relations_are_added_and_revoked_at_run_time(void)
{
    create("beskjed", ORG1, recipient_leder(C, E), "Sykmeldt ansatt", NULL, NULL, beskjed_leder);
    CHECK(!bell_has(auth_c, beskjed_leder));
    long status = 0;
    json_t *body = json_pack("{s:s,s:s,s:s}", "naermesteLederFnr", C, "ansattFnr", E,
                             "virksomhetsnummer", ORG1);
    json_t *r = relation(auth_a, json_incref(body), &status);
    CHECK_EQ_INT(status, 403); /* a person's token */
    json_decref(r);
    r = relation(auth_other, json_incref(body), &status);
    CHECK_EQ_INT(status, 403); /* a client the registry does not allow naermesteLeder */
    json_decref(r);
    r = relation(auth_syfo, json_pack("{s:s}", "naermesteLederFnr", C), &status);
    CHECK_EQ_INT(status, 400);
    json_decref(r);
    r = relation(auth_syfo, body, &status);
    CHECK_EQ_INT(status, 200);
    CHECK_EQ_STR(str_at(r, "status"), "aktiv");
    char id[128];
    snprintf(id, sizeof id, "%s", str_at(r, "id") ? str_at(r, "id") : "");
    json_decref(r);
    CHECK(bell_has(auth_c, beskjed_leder));
    r = user(auth_c, "{ notifikasjoner { feilAltinn } }", NULL);
    CHECK(json_is_false(at(r, "data.notifikasjoner.feilAltinn")));
    json_decref(r);
    /* the relation is exact: A (not the leader) does not see it */
    CHECK(!bell_has(auth_a, beskjed_leder));
    /* revoked with aktivTom, as the feed does */
    r = relation(auth_syfo, json_pack("{s:s,s:s}", "id", id, "aktivTom", "2024-01-01"), &status);
    CHECK_EQ_INT(status, 200);
    CHECK_EQ_STR(str_at(r, "status"), "avsluttet");
    json_decref(r);
    CHECK(!bell_has(auth_c, beskjed_leder));
    /* again, and revoked with DELETE */
    r = relation(auth_syfo, json_pack("{s:s,s:s,s:s,s:s}", "id", "rel-1", "naermesteLederFnr", C,
                                      "ansattFnr", E, "virksomhetsnummer", ORG1),
                 &status);
    json_decref(r);
    CHECK(bell_has(auth_c, beskjed_leder));
    struct bb_reply *rep = malloc(sizeof *rep);
    bb_request(&srv, "DELETE", "/internal/naermeste-leder/rel-1", NULL, 0, auth_syfo, rep);
    CHECK_EQ_INT(rep->status, 200);
    bb_request(&srv, "DELETE", "/internal/naermeste-leder/rel-1", NULL, 0, auth_syfo, rep);
    CHECK_EQ_INT(rep->status, 404);
    free(rep);
    CHECK(!bell_has(auth_c, beskjed_leder));
}

static void the_producers_other_mutations_reach_the_person(void)
{
    json_t *vars = json_pack("{s:s,s:s,s:s,s:[o]}", "v", ORG1, "g", "g-1", "m", "Tiltak", "r",
                             recipient_altinn("4321"));
    json_t *r = gql("/api/producer/graphql", auth_producer,
                    "mutation($v: String!, $g: String!, $m: String!, $r: [MottakerInput!]!) { "
                    "nyKalenderavtale(virksomhetsnummer: $v, grupperingsid: $g, merkelapp: $m, "
                    "eksternId: \"k-1\", tekst: \"Dialogmøte\", lenke: \"https://x/k\", "
                    "mottakere: $r, startTidspunkt: \"2031-06-01T10:00:00\", sluttTidspunkt: "
                    "\"2031-06-01T11:00:00\", lokasjon: {adresse: \"Gata 1\", postnummer: "
                    "\"0150\", poststed: \"Oslo\"}, erDigitalt: true) { __typename ... on "
                    "NyKalenderavtaleVellykket { id } ... on Error { feilmelding } } }",
                    vars);
    char avtale[64];
    snprintf(avtale, sizeof avtale, "%s", str_at(r, "data.nyKalenderavtale.id") ? str_at(r, "data.nyKalenderavtale.id") : "");
    CHECK(*avtale);
    json_decref(r);
    const char *kommende = "{ kommendeKalenderavtaler(virksomhetsnumre: [\"" ORG1 "\"]) { "
                           "feilAltinn avtaler { id tekst avtaletilstand startTidspunkt "
                           "sluttTidspunkt digitalt lokasjon { poststed } sak { tittel } } } }";
    r = user(auth_a, kommende, NULL);
    json_t *a = at(r, "data.kommendeKalenderavtaler.avtaler.0");
    CHECK_EQ_STR(str_at(a, "id"), avtale);
    CHECK_EQ_STR(str_at(a, "startTidspunkt"), "2031-06-01T10:00:00+02:00");
    CHECK_EQ_STR(str_at(a, "sluttTidspunkt"), "2031-06-01T11:00:00+02:00");
    CHECK_EQ_STR(str_at(a, "avtaletilstand"), "VENTER_SVAR_FRA_ARBEIDSGIVER");
    CHECK(json_is_true(at(a, "digitalt")));
    CHECK_EQ_STR(str_at(a, "lokasjon.poststed"), "Oslo");
    CHECK_EQ_STR(str_at(a, "sak.tittel"), "Søknad om lønnstilskudd 010190 Ola");
    json_decref(r);
    r = user(auth_b, kommende, NULL); /* B lacks 4321:1 */
    CHECK_EQ_INT(json_array_size(at(r, "data.kommendeKalenderavtaler.avtaler")), 0);
    json_decref(r);
    producer_mutation("mutation($id: ID!) { oppdaterKalenderavtale(id: $id, nyTilstand: AVLYST) "
                      "{ __typename } }",
                      json_pack("{s:s}", "id", avtale));
    r = user(auth_a, kommende, NULL);
    CHECK_EQ_INT(json_array_size(at(r, "data.kommendeKalenderavtaler.avtaler")), 0);
    json_decref(r);
    /* next step, extra information, a new deadline */
    producer_mutation("mutation($id: ID!) { nesteStegSak(id: $id, nesteSteg: \"Signer avtalen\") "
                      "{ __typename } }",
                      json_pack("{s:s}", "id", sak1));
    producer_mutation("mutation($id: ID!) { tilleggsinformasjonSak(id: $id, tilleggsinformasjon: "
                      "\"Gjelder Kari Nordmann\") { __typename } }",
                      json_pack("{s:s}", "id", sak1));
    producer_mutation("mutation($id: ID!) { oppgaveUtsettFrist(id: $id, nyFrist: \"2031-01-31\") "
                      "{ __typename } }",
                      json_pack("{s:s}", "id", sak1_oppgave));
    r = user(auth_a, "query($id: ID!) { sakById(id: $id) { sak { nesteSteg tilleggsinformasjon "
                     "frister } } }",
             json_pack("{s:s}", "id", sak1));
    CHECK_EQ_STR(str_at(r, "data.sakById.sak.nesteSteg"), "Signer avtalen");
    CHECK_EQ_STR(str_at(r, "data.sakById.sak.tilleggsinformasjon"), "Gjelder Kari Nordmann");
    CHECK_EQ_STR(dump(at(r, "data.sakById.sak.frister")), "[\"2031-01-31\"]");
    json_decref(r);
    r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\"], tekstsoek: \"kari nordmann\"");
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.id"), sak1);
    json_decref(r);
    /* a deleted sak takes its notifications along */
    char done_task[64];
    r = user(auth_a, "query($m: String!, $g: String!) { sakByGrupperingsid(merkelapp: $m, "
                     "grupperingsid: $g) { sak { tidslinje { ... on OppgaveTidslinjeElement { id } "
                     "} } } }",
             json_pack("{s:s,s:s}", "m", "Tiltak", "g", "g-3"));
    snprintf(done_task, sizeof done_task, "%s",
             str_at(r, "data.sakByGrupperingsid.sak.tidslinje.0.id") ? str_at(r, "data.sakByGrupperingsid.sak.tidslinje.0.id") : "?");
    json_decref(r);
    CHECK(bell_has(auth_a, done_task));
    producer_mutation("mutation($id: ID!) { hardDeleteSak(id: $id) { __typename } }",
                      json_pack("{s:s}", "id", sak3));
    CHECK(!bell_has(auth_a, done_task));
    r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\", \"" ORG2 "\"], limit: 10");
    CHECK_EQ_INT(int_at(r, "data.saker.totaltAntallSaker"), 2);
    CHECK(!strstr(dump(r), sak3));
    json_decref(r);
}

/* ---- The live stream ---- */

static struct bb_sse *stream_of(const char *auth_header)
{
    char path[4400];
    snprintf(path, sizeof path, "/api/user/stream?access_token=%s",
             strstr(auth_header, "Bearer ") + 7);
    return bb_sse_open(&srv, path);
}

static void a_new_beskjed_reaches_the_open_stream(void)
{
    struct bb_sse *s = stream_of(auth_a);
    CHECK(bb_sse_wait(s, "event: antall\ndata: {\"antallUleste\":", 5000));
    char id[64], want[128];
    create("beskjed", ORG1, recipient_altinn("4321"), "Direkte til bjella", NULL, NULL, id);
    snprintf(want, sizeof want, "event: notifikasjon\ndata: {\"__typename\":\"Beskjed\",\"id\":\"%s\"",
             id);
    CHECK(bb_sse_wait(s, want, 5000));
    CHECK(bb_sse_wait(s, "\"tekst\":\"Direkte til bjella\"", 5000));
    /* B's notification does not reach A's stream; A's click on another device does */
    char other[64];
    create("beskjed", ORG1, recipient_altinn("5441"), "Ikke for A", NULL, NULL, other);
    json_t *r = click(auth_a, id);
    json_decref(r);
    CHECK(bb_sse_wait(s, "\"klikketPaa\":true", 5000));
    CHECK(!bb_sse_has(s, "Ikke for A"));
    /* a delete is pushed as fjernet */
    producer_mutation("mutation($id: ID!) { hardDeleteNotifikasjon(id: $id) { __typename } }",
                      json_pack("{s:s}", "id", id));
    snprintf(want, sizeof want, "event: fjernet\ndata: {\"id\":\"%s\"}", id);
    CHECK(bb_sse_wait(s, want, 5000));
    CHECK(!bell_has(auth_a, id));
    bb_sse_close(s);
    /* a stream without a token is refused */
    struct bb_reply *rep = malloc(sizeof *rep);
    bb_request(&srv, "GET", "/api/user/stream", NULL, 0, NULL, rep);
    CHECK_EQ_INT(rep->status, 401);
    free(rep);
}

static void dev_login_mints_tokens_for_demo_persons(void)
{
    long status = 0;
    json_t *r = request("/api/user/dev/login", NULL, json_pack("{s:s}", "fnr", A), &status);
    CHECK_EQ_INT(status, 200);
    char header[4200];
    snprintf(header, sizeof header, "Authorization: Bearer %s", str_at(r, "token"));
    json_decref(r);
    r = user(header, "{ whoami }", NULL);
    CHECK_EQ_STR(str_at(r, "data.whoami"), A);
    json_decref(r);
    r = request("/api/user/dev/personer", NULL, NULL, &status);
    CHECK_EQ_INT(status, 200);
    CHECK_CONTAINS(dump(r), "\"navn\":\"Kolbotn Bakeri AS\"");
    json_decref(r);
    r = request("/api/user/dev/login", NULL, json_pack("{s:s}", "fnr", "123"), &status);
    CHECK_EQ_INT(status, 400);
    json_decref(r);
}

static void state_survives_a_restart(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    const char *more[] = {"--access", access_path, NULL};
    CHECK_EQ_INT(bb_start_producer_server_with(&srv, more), 0);
    json_t *r = user(auth_a, "{ notifikasjonerSistLest { ... on NotifikasjonerSistLest { "
                             "tidspunkt } } notifikasjoner { notifikasjoner { ... on Beskjed { id "
                             "brukerKlikk { klikketPaa } } } } }",
                     NULL);
    CHECK_EQ_STR(str_at(r, "data.notifikasjonerSistLest.tidspunkt"), "2999-01-01T00:00:00Z");
    size_t i;
    json_t *v;
    bool clicked = false;
    json_array_foreach(at(r, "data.notifikasjoner.notifikasjoner"), i, v) {
        if (str_at(v, "id") && strcmp(str_at(v, "id"), beskjed1) == 0)
            clicked = json_is_true(at(v, "brukerKlikk.klikketPaa"));
    }
    CHECK(clicked);
    json_decref(r);
}

static void a_failing_access_service_shows_what_relations_allow(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    /* a port nothing listens on: every lookup fails at once */
    const char *more[] = {"--access-url", "http://127.0.0.1:9/tilganger", NULL};
    CHECK_EQ_INT(bb_start_producer_server_with(&srv, more), 0);
    long status = 0;
    json_t *r = relation(auth_syfo, json_pack("{s:s,s:s,s:s}", "naermesteLederFnr", A, "ansattFnr",
                                              E, "virksomhetsnummer", ORG1),
                         &status);
    json_decref(r);
    char via_relation[64];
    create("beskjed", ORG1, recipient_leder(A, E), "Via relasjon", NULL, NULL, via_relation);
    r = user(auth_a, "{ notifikasjoner { feilAltinn notifikasjoner { ... on Beskjed { id } } } }",
             NULL);
    CHECK(json_is_true(at(r, "data.notifikasjoner.feilAltinn")));
    CHECK_EQ_INT(json_array_size(at(r, "data.notifikasjoner.notifikasjoner")), 1);
    CHECK_EQ_STR(str_at(r, "data.notifikasjoner.notifikasjoner.0.id"), via_relation);
    json_decref(r);
    r = saker(auth_a, "virksomhetsnumre: [\"" ORG1 "\"]");
    CHECK(json_is_true(at(r, "data.saker.feilAltinn")));
    CHECK_EQ_INT(int_at(r, "data.saker.totaltAntallSaker"), 0);
    json_decref(r);
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"tokens_are_required", tokens_are_required},
    {"each_person_sees_what_their_rights_allow", each_person_sees_what_their_rights_allow},
    {"bell_fields_follow_the_schema", bell_fields_follow_the_schema},
    {"the_unread_count_is_the_same_however_it_is_asked_for",
     the_unread_count_is_the_same_however_it_is_asked_for},
    {"the_bell_pages", the_bell_pages},
    {"clicks_count_only_where_the_person_has_access", clicks_count_only_where_the_person_has_access},
    {"last_read_is_one_mark_for_every_device", last_read_is_one_mark_for_every_device},
    {"a_done_task_shows_as_done", a_done_task_shows_as_done},
    {"saker_setup", saker_setup},
    {"saker_list_newest_first_with_counts", saker_list_newest_first_with_counts},
    {"the_timeline_shows_only_what_the_person_may_see",
     the_timeline_shows_only_what_the_person_may_see},
    {"sak_by_id_needs_access", sak_by_id_needs_access},
    {"saker_filters", saker_filters},
    {"losing_a_right_hides_old_notifications_and_regaining_shows_them",
     losing_a_right_hides_old_notifications_and_regaining_shows_them},
    {"relations_are_added_and_revoked_at_run_time", relations_are_added_and_revoked_at_run_time},
    {"the_producers_other_mutations_reach_the_person",
     the_producers_other_mutations_reach_the_person},
    {"a_new_beskjed_reaches_the_open_stream", a_new_beskjed_reaches_the_open_stream},
    {"dev_login_mints_tokens_for_demo_persons", dev_login_mints_tokens_for_demo_persons},
    {"state_survives_a_restart", state_survives_a_restart},
    {"a_failing_access_service_shows_what_relations_allow",
     a_failing_access_service_shows_what_relations_allow},
};

CHECK_MAIN("user", cases)
