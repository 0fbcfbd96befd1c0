/* Two nodes with every role on one database (PostgreSQL under
 * BUDSTIKKE_TEST_PG, else one SQLite file): both run a scheduler and a
 * sender, yet every reminder fires once and every notice reaches the SMS
 * gateway once, although both nodes go for the same due work. */
#include "blackbox.h"
#include "check.h"
#include "fakes.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 200

static struct bb_server node[2];
static struct fake_http *sms;
static char auth[4200];

static void setup(void)
{
    bb_tiltak_setup("1234", auth, sizeof auth);
    sms = fake_http_start();
    static char url[96];
    snprintf(url, sizeof url, "%s/sms", fake_http_url(sms));
    const char *more[] = {"--sms-url", url, NULL};
    for (int i = 0; i < 2; i++)
        CHECK_EQ_INT(bb_start_producer_server_with(&node[i], more), 0);
}

/* Moves both clocks at nearly the same moment (so both nodes go for the
 * same due work), then waits until both have settled. */
static void both_clocks(const char *instant)
{
    char body[96];
    snprintf(body, sizeof body, "{\"set\":\"%s\"}", instant);
    struct bb_reply *r = calloc(1, sizeof(*r));
    for (int i = 0; i < 2; i++)
        bb_request(&node[i], "POST", "/internal/dev/clock", body, strlen(body), NULL, r);
    free(r);
    for (int i = 0; i < 2; i++)
        CHECK_EQ_INT(bb_clock_set(&node[i], instant), 0);
    for (int i = 0; i < 2; i++) /* work the other node queued meanwhile */
        CHECK_EQ_INT(bb_clock_set(&node[i], instant), 0);
}

static int sms_with(const char *text)
{
    return fake_http_seen(sms, text);
}

static void every_job_and_notice_runs_once(void)
{
    both_clocks("2024-10-07T08:00:00Z");
    for (int i = 0; i < N; i++) {
        char doc[2048];
        snprintf(doc, sizeof doc,
                 "mutation { nyOppgave(nyOppgave: { mottakere: [{altinn: {serviceCode: \"1234\", "
                 "serviceEdition: \"1\"}}], notifikasjon: {merkelapp: \"tiltak\", tekst: \"t\", lenke: "
                 "\"https://x.no\"}, metadata: {eksternId: \"flere-%d\", virksomhetsnummer: "
                 "\"012345678\"}, eksterneVarsler: [{sms: {mottaker: {kontaktinfo: {tlf: \"99999999\"}}, "
                 "smsTekst: \"straks-%03d\", sendetidspunkt: {sendevindu: LOEPENDE}}}], paaminnelse: "
                 "{tidspunkt: {konkret: \"2024-10-07T12:00\"}, eksterneVarsler: [{sms: {mottaker: "
                 "{kontaktinfo: {tlf: \"99999999\"}}, smsTekst: \"senere-%03d\", sendevindu: LOEPENDE}}]}"
                 " }) { __typename } }",
                 i, i, i);
        struct bb_reply r;
        bb_gql_doc(&node[i % 2], auth, doc, &r);
        CHECK_CONTAINS(r.body, "NyOppgaveVellykket");
    }
    both_clocks("2024-10-07T08:00:01Z");
    both_clocks("2024-10-07T10:00:00Z"); /* 12:00 Oslo: every reminder is due on both nodes */
    for (int i = 0; i < N; i++) {
        char text[32];
        snprintf(text, sizeof text, "straks-%03d\"", i);
        CHECK_EQ_INT(sms_with(text), 1);
        snprintf(text, sizeof text, "senere-%03d\"", i);
        CHECK_EQ_INT(sms_with(text), 1);
    }
    CHECK_EQ_INT(fake_http_requests(sms), 2 * N);
    /* a reminder fired twice would not show at the gateway (its notices keep
     * their varselIds): count the events */
    char out[64];
    CHECK_EQ_INT(bb_db_rows("SELECT COUNT(*) FROM events WHERE type = 'PaaminnelseOpprettet'", out,
                            sizeof out),
                 1);
    char want[16];
    snprintf(want, sizeof want, "%d\n", N);
    CHECK_EQ_STR(out, want);
}

static void teardown(void)
{
    for (int i = 0; i < 2; i++)
        CHECK_EQ_INT(bb_stop_server(&node[i], SIGTERM), 0);
    fake_http_stop(sms);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"every_job_and_notice_runs_once", every_job_and_notice_runs_once},
    {"teardown", teardown},
};

CHECK_MAIN("multinode_jobs", cases)
