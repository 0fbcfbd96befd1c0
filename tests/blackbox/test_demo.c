/* Black-box tests of `budstikke demo`: the demo data goes in through the
 * producer API and the dialog API, and a server started with the demo's
 * access file and registry shows each demo person and the demo citizen
 * what the portal needs (docs/web.md). */
#include "blackbox.h"
#include "check.h"

#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KARI "16120101181"
#define OLA "07098400116"
#define PER "26118512345"
#define BORGER "1505851234"

static char access_path[PATH_MAX], registry_path[PATH_MAX];
static struct bb_server srv;
static int started = -1;

static int run_demo(char *out, size_t n)
{
    const char *args[] = {bb_binary, "demo", "--db", bb_db_url(), "--access", access_path,
                          "--registry", registry_path, NULL};
    return bb_run_binary(args, out, n);
}

static void loads_and_writes_its_files(void)
{
    bb_setup();
    snprintf(access_path, sizeof access_path, "%s/demo-access.json", bb_workdir);
    snprintf(registry_path, sizeof registry_path, "%s/demo-registry.json", bb_workdir);
    char out[8192];
    CHECK_EQ_INT(run_demo(out, sizeof out), 0);
    CHECK_CONTAINS(out, "34 of 34 steps ran");
    CHECK_CONTAINS(out, "8 dialog steps ran");
    CHECK_CONTAINS(out, KARI "  Kari Nordmann");
    CHECK_CONTAINS(out, BORGER "  Mette Borger");
    json_t *access = json_load_file(access_path, 0, NULL);
    json_t *registry = json_load_file(registry_path, 0, NULL);
    CHECK_EQ_INT((int)json_array_size(json_object_get(access, "personer")), 3);
    CHECK_EQ_INT((int)json_array_size(json_object_get(access, "innbyggere")), 1);
    CHECK_EQ_INT((int)json_array_size(json_object_get(registry, "producers")), 5);
    CHECK_EQ_INT((int)json_array_size(json_object_get(registry, "organisasjoner")), 2);
    json_decref(access);
    json_decref(registry);
    char rows[256];
    CHECK(bb_db_rows("SELECT count(*) FROM events", rows, sizeof rows) == 1);
    CHECK(atoi(rows) > 60); /* creates, statuses, state changes: each an event */
    CHECK(bb_db_count("SELECT count(*) FROM events WHERE type = 'DialogOpprettet'") == 4);
    CHECK(bb_db_count("SELECT count(*) FROM events WHERE type = 'DialogImportert'") == 1);
    CHECK(bb_db_count("SELECT count(*) FROM events WHERE type = 'SvarLagtTil'") == 1);
}

static void starts_with_the_demo_files(void)
{
    char *registry = bb_read_file(registry_path);
    bb_producer_setup(registry); /* the dev key; the registry file is the demo's */
    free(registry);
    const char *more[] = {"--access", access_path, NULL};
    started = bb_start_producer_server_with(&srv, more);
    CHECK_EQ_INT(started, 0);
}

/* The user API's answer for person fnr (parsed; json_decref it). */
static json_t *as_person(const char *fnr, const char *query)
{
    char auth[4200];
    bb_mint_token("user", fnr, auth, sizeof auth);
    json_t *body = json_pack("{s:s}", "query", query);
    char *text = json_dumps(body, JSON_COMPACT);
    struct bb_reply r;
    bb_request(&srv, "POST", "/api/user/graphql", text, strlen(text), auth, &r);
    free(text);
    json_decref(body);
    CHECK_EQ_INT(r.status, 200);
    return json_loads(r.body, 0, NULL);
}

/* How many notifications of the answer match typename and, if given, a
 * field's value. */
static int count_notes(json_t *answer, const char *type, const char *field, const char *value)
{
    int n = 0;
    size_t i;
    json_t *note;
    json_array_foreach(bb_json_path(answer, "data.notifikasjoner.notifikasjoner"), i, note) {
        const char *t = json_string_value(json_object_get(note, "__typename"));
        const char *v = field ? json_string_value(json_object_get(note, field)) : NULL;
        n += t && strcmp(t, type) == 0 && (!field || (v && strcmp(v, value) == 0));
    }
    return n;
}

static void the_director_sees_every_state(void)
{
    if (started != 0)
        return;
    json_t *a = as_person(KARI, "{ notifikasjoner { antallUleste notifikasjoner { __typename "
                                "... on Oppgave { tilstand frist } "
                                "... on Kalenderavtale { avtaletilstand } ... on Beskjed { id } } } }");
    CHECK(count_notes(a, "Beskjed", NULL, NULL) >= 4);
    CHECK(count_notes(a, "Oppgave", "tilstand", "NY") >= 3);
    CHECK_EQ_INT(count_notes(a, "Oppgave", "tilstand", "UTFOERT"), 1);
    CHECK_EQ_INT(count_notes(a, "Oppgave", "tilstand", "UTGAATT"), 1);
    CHECK_EQ_INT(count_notes(a, "Kalenderavtale", "avtaletilstand", "VENTER_SVAR_FRA_ARBEIDSGIVER"), 1);
    CHECK_EQ_INT(count_notes(a, "Kalenderavtale", "avtaletilstand", "ARBEIDSGIVER_HAR_GODTATT"), 1);
    CHECK_EQ_INT(count_notes(a, "Kalenderavtale", "avtaletilstand", "AVLYST"), 1);
    CHECK(json_integer_value(bb_json_path(a, "data.notifikasjoner.antallUleste")) > 0);
    json_decref(a);

    a = as_person(KARI, "{ saker(virksomhetsnumre: [\"910825496\", \"910825518\"], limit: 30) "
                        "{ totaltAntallSaker } "
                        "sakByGrupperingsid(merkelapp: \"Inntektsmelding\", grupperingsid: \"im-kari\") "
                        "{ sak { sisteStatus { type tekst } tidslinje { __typename } } } }");
    CHECK_EQ_INT((int)json_integer_value(bb_json_path(a, "data.saker.totaltAntallSaker")), 6);
    CHECK_EQ_STR(json_string_value(bb_json_path(a, "data.sakByGrupperingsid.sak.sisteStatus.type")), "FERDIG");
    CHECK_EQ_STR(json_string_value(bb_json_path(a, "data.sakByGrupperingsid.sak.sisteStatus.tekst")), "Utbetalt");
    CHECK_EQ_INT((int)json_array_size(bb_json_path(a, "data.sakByGrupperingsid.sak.tidslinje")), 2);
    json_decref(a);
}

static void the_accountant_has_more_than_a_page(void)
{
    if (started != 0)
        return;
    json_t *a = as_person(OLA, "{ saker(virksomhetsnumre: [\"910998250\", \"910825496\"], limit: 30) "
                               "{ totaltAntallSaker saker { id } } }");
    CHECK_EQ_INT((int)json_integer_value(bb_json_path(a, "data.saker.totaltAntallSaker")), 35);
    CHECK_EQ_INT((int)json_array_size(bb_json_path(a, "data.saker.saker")), 30);
    json_decref(a);
}

static void the_nearest_leader_sees_his_employee(void)
{
    if (started != 0)
        return;
    json_t *a = as_person(PER, "{ notifikasjoner { notifikasjoner { __typename "
                               "... on Beskjed { tekst } ... on Oppgave { tekst } "
                               "... on Kalenderavtale { tekst } } } }");
    CHECK_EQ_INT(count_notes(a, "Beskjed", "tekst",
                             "Jonas Dahl er sykmeldt, og du er registrert som nærmeste leder."), 1);
    CHECK_EQ_INT(count_notes(a, "Oppgave", "tekst", "Lag en oppfølgingsplan for Jonas Dahl."), 1);
    CHECK_EQ_INT(count_notes(a, "Kalenderavtale", "tekst", "Dialogmøte om Jonas Dahl"), 1);
    json_decref(a);
}

/* GET path as the person (a token at the substantial level), parsed. */
static json_t *get_as(const char *fnr, const char *path, struct bb_reply *r)
{
    char auth[4200];
    bb_mint_token("user", fnr, auth, sizeof auth);
    bb_request(&srv, "GET", path, NULL, 0, auth, r);
    return json_loads(r->body, 0, NULL);
}

/* The citizen's dialog with that title, from her tray. */
static json_t *titled(json_t *tray, const char *tittel)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(tray, "dialoger"), i, d) {
        if (strcmp(json_string_value(json_object_get(d, "tittel")), tittel) == 0)
            return d;
    }
    return NULL;
}

static void the_citizen_has_her_messages(void)
{
    if (started != 0)
        return;
    struct bb_reply *r = malloc(sizeof *r);
    json_t *tray = get_as(BORGER, "/api/dialog/v1/meg/dialoger", r);
    CHECK_EQ_INT(r->status, 200);
    CHECK_EQ_INT((int)json_array_size(json_object_get(tray, "dialoger")), 5);
    CHECK_EQ_INT((int)json_integer_value(json_object_get(tray, "antallUleste")), 3);
    /* read, with a PDF she can download */
    json_t *plan = titled(tray, "Din nye jobplan er klar");
    CHECK(plan && json_is_false(json_object_get(plan, "ulest")));
    const char *pdf = json_string_value(bb_json_path(plan, "vedlegg.0.id"));
    CHECK_EQ_STR(json_string_value(bb_json_path(plan, "vedlegg.0.filnavn")), "jobplan.pdf");
    CHECK_EQ_STR(json_string_value(bb_json_path(plan, "tekstDeler.1.url")), "https://www.jobnet.dk/");
    char path[160];
    snprintf(path, sizeof path, "/api/dialog/v1/meg/vedlegg/%s", pdf ? pdf : "-");
    json_decref(get_as(BORGER, path, r));
    CHECK_EQ_INT(r->status, 200);
    CHECK(strncmp(r->body, "%PDF-1.4", 8) == 0 && strstr(r->body, "%%EOF") != NULL);
    CHECK_CONTAINS(r->body, "(Jobplan for Mette Borger) Tj");
    /* the link element, its deadline ahead */
    json_t *samtale = titled(tray, "Book din næste samtale");
    CHECK(samtale && json_is_true(json_object_get(samtale, "ulest")));
    CHECK_EQ_STR(json_string_value(bb_json_path(samtale, "lenke.knappTekst.tekst")), "Book samtale");
    CHECK_EQ_STR(json_string_value(bb_json_path(samtale, "lenke.url")), "https://www.jobnet.dk/book-samtale");
    CHECK(json_is_false(bb_json_path(samtale, "lenke.utlopt")));
    CHECK(json_string_value(bb_json_path(samtale, "lenke.frist")) != NULL);
    /* a thread with the jobcenter's reply, that she may answer */
    json_t *thread = titled(tray, "A-kassens indstilling til jobcentret om tilbud");
    CHECK(thread != NULL);
    CHECK_EQ_INT((int)json_array_size(json_object_get(thread, "svar")), 1);
    CHECK_EQ_STR(json_string_value(bb_json_path(thread, "svar.0.avsender.org.kode")), "14700");
    CHECK_EQ_STR(json_string_value(json_object_get(thread, "svartype")), "INNBYGGER_OG_SAKSBEHANDLER");
    /* the high-level one shows nothing at this login; the historic one is read */
    json_t *high = titled(tray, "Du må logge inn med høyere sikkerhetsnivå");
    CHECK(high && json_is_true(json_object_get(high, "innholdSkjult")));
    json_t *old = titled(tray, "Velkommen til Jobnet");
    CHECK(old && json_is_true(json_object_get(old, "historisk")));
    json_decref(tray);
    free(r);
    /* the same in her bell */
    json_t *a = as_person(BORGER, "{ notifikasjoner { antallUleste notifikasjoner { __typename } } }");
    CHECK_EQ_INT(count_notes(a, "Dialogvarsel", NULL, NULL), 5);
    CHECK_EQ_INT((int)json_integer_value(bb_json_path(a, "data.notifikasjoner.antallUleste")), 3);
    json_decref(a);
}

static void a_second_run_changes_nothing(void)
{
    if (started == 0)
        CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    char *before = bb_db_dump_read_models();
    char events_before[64], events_after[64], out[8192];
    bb_db_rows("SELECT count(*) FROM events", events_before, sizeof events_before);
    CHECK_EQ_INT(run_demo(out, sizeof out), 0);
    CHECK_CONTAINS(out, "already loaded");
    bb_db_rows("SELECT count(*) FROM events", events_after, sizeof events_after);
    CHECK_EQ_STR(events_after, events_before);
    char *after = bb_db_dump_read_models();
    CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);
}

static void bad_command_lines(void)
{
    char out[2048];
    const char *bad_db[] = {bb_binary, "demo", "--db", "nonsense", NULL};
    CHECK_EQ_INT(bb_run_binary(bad_db, out, sizeof out), 2);
    CHECK_CONTAINS(out, "--db must be sqlite:PATH");
    const char *unwritable[] = {bb_binary, "demo", "--db", bb_db_url(), "--access",
                                "/nonexistent-dir/access.json", NULL};
    CHECK_EQ_INT(bb_run_binary(unwritable, out, sizeof out), 1);
    CHECK_CONTAINS(out, "cannot write /nonexistent-dir/access.json");
}

static const struct check_case cases[] = {
    {"loads_and_writes_its_files", loads_and_writes_its_files},
    {"starts_with_the_demo_files", starts_with_the_demo_files},
    {"the_director_sees_every_state", the_director_sees_every_state},
    {"the_accountant_has_more_than_a_page", the_accountant_has_more_than_a_page},
    {"the_nearest_leader_sees_his_employee", the_nearest_leader_sees_his_employee},
    {"the_citizen_has_her_messages", the_citizen_has_her_messages},
    {"a_second_run_changes_nothing", a_second_run_changes_nothing},
    {"bad_command_lines", bad_command_lines},
};

CHECK_MAIN("blackbox/demo", cases)
