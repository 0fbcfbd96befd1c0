/* A node killed in the middle of a send (issue 6): its lease on the notice
 * keeps the other nodes off it until the lease runs out; then another node
 * takes the notice over and sends it, with the same Idempotency-Key, so
 * the gateway delivers it once and the producer sees it SENDT. Two nodes
 * on one database (PostgreSQL under BUDSTIKKE_TEST_PG, else SQLite). */
#include "blackbox.h"
#include "check.h"
#include "fakes.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static struct bb_server first, second;
static struct fake_http *sms;
static char auth[4200], sms_url[96];
static char id[64];

static void setup(void)
{
    bb_tiltak_setup("1234", auth, sizeof auth);
    sms = fake_http_start();
    snprintf(sms_url, sizeof sms_url, "%s/sms", fake_http_url(sms));
    const char *more[] = {"--sms-url", sms_url, NULL};
    CHECK_EQ_INT(bb_start_producer_server_with(&first, more), 0);
}

static void the_first_node_dies_while_sending(void)
{
    /* real time on both nodes: the second must start inside the lease */
    fake_http_hold_next(sms, 1);
    struct bb_reply r;
    bb_gql_doc(&first, auth,
               "mutation { nyBeskjed(nyBeskjed: { mottakere: [{altinn: {serviceCode: \"1234\", "
               "serviceEdition: \"1\"}}], notifikasjon: {merkelapp: \"tiltak\", tekst: \"t\", lenke: "
               "\"https://x.no\"}, metadata: {eksternId: \"midt-i\", virksomhetsnummer: \"012345678\"}, "
               "eksterneVarsler: [{sms: {mottaker: {kontaktinfo: {tlf: \"99999999\"}}, smsTekst: "
               "\"overtatt\", sendetidspunkt: {sendevindu: LOEPENDE}}}] }) { __typename ... on "
               "NyBeskjedVellykket { id } } }",
               &r);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
    bb_first_id(&r, id);
    for (int i = 0; i < 200 && fake_http_requests(sms) < 1; i++)
        bb_sleep_ms(50);
    CHECK_EQ_INT(fake_http_requests(sms), 1); /* the send is under way, held by the gateway */
    kill(first.pid, SIGKILL);
    waitpid(first.pid, NULL, 0);
    fake_http_release(sms);
}

static void another_node_waits_for_the_lease(void)
{
    const char *more[] = {"--sms-url", sms_url, NULL};
    CHECK_EQ_INT(bb_start_producer_server_with(&second, more), 0);
    CHECK_EQ_INT(bb_clock_advance(&second, "PT3M"), 0); /* the lease holds 5 minutes */
    CHECK_EQ_INT(fake_http_requests(sms), 1);
    CHECK_EQ_STR(bb_notice_status(&second, auth, id), "NY");
}

static void then_takes_the_notice_over(void)
{
    CHECK_EQ_INT(bb_clock_advance(&second, "PT3M"), 0);
    CHECK_EQ_INT(fake_http_requests(sms), 2);
    CHECK_EQ_INT(fake_http_seen(sms, "overtatt"), 2);
    CHECK_EQ_INT(fake_http_distinct_keys(sms), 1); /* the same order twice: delivered once */
    CHECK_EQ_STR(bb_notice_status(&second, auth, id), "SENDT");
    /* and it is not sent again */
    CHECK_EQ_INT(bb_clock_advance(&second, "PT1H"), 0);
    CHECK_EQ_INT(fake_http_requests(sms), 2);
}

static void teardown(void)
{
    CHECK_EQ_INT(bb_stop_server(&second, SIGTERM), 0);
    fake_http_stop(sms);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"the_first_node_dies_while_sending", the_first_node_dies_while_sending},
    {"another_node_waits_for_the_lease", another_node_waits_for_the_lease},
    {"then_takes_the_notice_over", then_takes_the_notice_over},
    {"teardown", teardown},
};

CHECK_MAIN("takeover", cases)
