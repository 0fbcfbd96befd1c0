/* A påminnelse in the bell (producer-api.md 13.3): when the scheduler fires
 * it, the user API shows the oppgave unread again and on top, dated at the
 * reminder's time. Producer API, scheduler and user API of one server. */
#include "blackbox.h"
#include "check.h"
#include "fakes.h"

#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define A "16120101181"
#define ORG "910825496"

static struct bb_server srv;
static char producer[4200], person[4200];

static void setup(void)
{
    bb_setup();
    bb_producer_setup("{\"producers\":[{\"id\":\"dev:tiltak\",\"merkelapper\":[\"tiltak\"],"
                      "\"mottakere\":[{\"altinn\":{\"serviceCode\":\"4321\",\"serviceEdition\":\"1\"}}]}]}");
    static char access[PATH_MAX + 32];
    snprintf(access, sizeof access, "%s/access.json", bb_workdir);
    FILE *f = fopen(access, "w");
    fputs("{\"personer\":[{\"fnr\":\"" A "\",\"virksomheter\":[{\"virksomhetsnummer\":\"" ORG
          "\",\"navn\":\"Slemdal og Ryktet AS\",\"altinn\":[{\"serviceCode\":\"4321\","
          "\"serviceEdition\":\"1\"}]}]}]}",
          f);
    fclose(f);
    CHECK_EQ_INT(bb_mint_token("producer", "dev:tiltak", producer, sizeof producer), 0);
    CHECK_EQ_INT(bb_mint_token("user", A, person, sizeof person), 0);
    const char *more[] = {"--access", access, NULL};
    CHECK_EQ_INT(bb_start_producer_server_with(&srv, more), 0);
}

static void create(const char *mutation, const char *ekstern_id, const char *extra, char id[64])
{
    char doc[2048];
    snprintf(doc, sizeof doc,
             "mutation { %s(%s: { mottakere: [{altinn: {serviceCode: \"4321\", serviceEdition: "
             "\"1\"}}], notifikasjon: {merkelapp: \"tiltak\", tekst: \"%s\", lenke: \"https://x.no\"}, "
             "metadata: {eksternId: \"%s\", virksomhetsnummer: \"" ORG "\"} %s }) { __typename ... on "
             "%sVellykket { id } } }",
             mutation, mutation, ekstern_id, ekstern_id, extra,
             strcmp(mutation, "nyOppgave") == 0 ? "NyOppgave" : "NyBeskjed");
    struct bb_reply r;
    bb_gql_doc(&srv, producer, doc, &r);
    CHECK_CONTAINS(r.body, "Vellykket\",\"id\"");
    bb_first_id(&r, id);
}

/* The person's bell: the ids in order, and what it says of the oppgave. */
static json_t *bell(void)
{
    json_t *body = json_pack("{s:s}", "query",
                             "{ notifikasjoner { notifikasjoner { __typename ... on Oppgave { id "
                             "sorteringTidspunkt paaminnelseTidspunkt brukerKlikk { klikketPaa } } "
                             "... on Beskjed { id } } } }");
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    struct bb_reply *r = calloc(1, sizeof(*r));
    bb_request(&srv, "POST", "/api/user/graphql", text, strlen(text), person, r);
    json_t *v = json_loads(r->body, 0, NULL);
    if (!v)
        fprintf(stderr, "# not JSON: %s\n", r->body);
    free(text);
    free(r);
    return v;
}

static const char *item(json_t *v, const char *path)
{
    return json_string_value(bb_json_path(v, path));
}

static void fired_reminder_brings_the_oppgave_back_on_top_unread(void)
{
    char oppgave[64], beskjed[64];
    CHECK_EQ_INT(bb_clock_set(&srv, "2031-05-05T08:00:00Z"), 0);
    create("nyOppgave", "bell-oppgave",
           ", paaminnelse: {tidspunkt: {konkret: \"2031-05-05T12:00\"}}", oppgave);
    CHECK_EQ_INT(bb_clock_set(&srv, "2031-05-05T09:00:00Z"), 0);
    create("nyBeskjed", "bell-beskjed", "", beskjed);
    json_t *v = bell();
    CHECK_EQ_STR(item(v, "data.notifikasjoner.notifikasjoner.0.id"), beskjed);
    CHECK_EQ_STR(item(v, "data.notifikasjoner.notifikasjoner.1.id"), oppgave);
    json_decref(v);
    char doc[256];
    snprintf(doc, sizeof doc,
             "{\"query\":\"mutation { notifikasjonKlikketPaa(id: \\\"%s\\\") { __typename } }\"}",
             oppgave);
    struct bb_reply r;
    bb_request(&srv, "POST", "/api/user/graphql", doc, strlen(doc), person, &r);
    CHECK_EQ_INT(r.status, 200);
    v = bell();
    CHECK(json_is_true(bb_json_path(v, "data.notifikasjoner.notifikasjoner.1.brukerKlikk.klikketPaa")));
    json_decref(v);
    CHECK_EQ_INT(bb_clock_set(&srv, "2031-05-05T10:00:00Z"), 0); /* 12:00 Oslo: the reminder */
    v = bell();
    CHECK_EQ_STR(item(v, "data.notifikasjoner.notifikasjoner.0.id"), oppgave);
    CHECK_EQ_STR(item(v, "data.notifikasjoner.notifikasjoner.0.paaminnelseTidspunkt"),
                 "2031-05-05T10:00:00Z");
    CHECK_EQ_STR(item(v, "data.notifikasjoner.notifikasjoner.0.sorteringTidspunkt"),
                 "2031-05-05T10:00:00Z");
    CHECK(json_is_false(bb_json_path(v, "data.notifikasjoner.notifikasjoner.0.brukerKlikk.klikketPaa")));
    CHECK_EQ_STR(item(v, "data.notifikasjoner.notifikasjoner.1.id"), beskjed);
    json_decref(v);
}

static void teardown(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"fired_reminder_brings_the_oppgave_back_on_top_unread",
     fired_reminder_brings_the_oppgave_back_on_top_unread},
    {"teardown", teardown},
};

CHECK_MAIN("reminder_bell", cases)
