/* External notices over HTTP against the real binary: e-mail through a real
 * SMTP server (aiosmtpd) on loopback, SMS and Altinn orders to real HTTP
 * receivers; each send window (NKS over Easter and the spring change,
 * DAGTID, a fixed time, LOEPENDE); statuses as producers see them; a
 * failing gateway that recovers (sent exactly once), final rejections and
 * the retry limit; the emergency brake. The clock is moved with
 * /internal/dev/clock. */
#include "blackbox.h"
#include "check.h"
#include "fakes.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bb_server srv;
static struct fake_smtp smtp;
static struct fake_http *sms, *altinn;
static char auth[4200];

static const char *server_args[16];

static void setup(void)
{
    bb_tiltak_setup("1234", auth, sizeof auth);
    CHECK_EQ_INT(fake_smtp_start(&smtp, bb_workdir), 0);
    sms = fake_http_start();
    altinn = fake_http_start();
    static char sms_url[96];
    snprintf(sms_url, sizeof sms_url, "%s/sms", fake_http_url(sms));
    static char altinn_url[96];
    snprintf(altinn_url, sizeof altinn_url, "%s", fake_http_url(altinn));
    const char *more[] = {"--smtp-url", smtp.url, "--smtp-from", "varsel@budstikke.test",
                          "--sms-url", sms_url, "--altinn-url", altinn_url,
                          "--notice-max-attempts", "3", NULL};
    memcpy(server_args, more, sizeof more);
    CHECK_EQ_INT(bb_start_producer_server_with(&srv, server_args), 0);
}

/* nyBeskjed with one external notice (the EksterntVarselInput text); its
 * notice's id into varsel. */
static void beskjed(const char *ekstern_id, const char *notice, char id[64], char varsel[64])
{
    char doc[4096];
    snprintf(doc, sizeof doc,
             "mutation { nyBeskjed(nyBeskjed: { mottakere: [{altinn: {serviceCode: \"1234\", "
             "serviceEdition: \"1\"}}], notifikasjon: {merkelapp: \"tiltak\", tekst: \"Hei\", "
             "lenke: \"https://x.no\"}, metadata: {eksternId: \"%s\", virksomhetsnummer: "
             "\"012345678\"}, eksterneVarsler: [%s] }) { __typename ... on NyBeskjedVellykket { id "
             "eksterneVarsler { id } } ... on Error { feilmelding } } }",
             ekstern_id, notice);
    struct bb_reply r;
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
    bb_first_id(&r, id);
    const char *v = strstr(r.body, "\"eksterneVarsler\":[{\"id\":\"");
    snprintf(varsel, 64, "%.36s", v ? v + 26 : "");
}

static char *sms_notice(const char *text, const char *when)
{
    static char out[512];
    snprintf(out, sizeof out,
             "{sms: {mottaker: {kontaktinfo: {tlf: \"99999999\"}}, smsTekst: \"%s\", "
             "sendetidspunkt: {%s}}}",
             text, when);
    return out;
}

static const char *status_of(const char *id)
{
    return bb_notice_status(&srv, auth, id);
}

static int in_log(struct fake_http *f, const char *needle)
{
    return fake_http_seen(f, needle);
}

static void epost_goes_through_a_real_smtp_server(void)
{
    char id[64], varsel[64];
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-01-15T10:00:00Z"), 0);
    beskjed("epost-1",
            "{epost: {mottaker: {kontaktinfo: {epostadresse: \"kari@firma.no\"}}, epostTittel: "
            "\"Ny melding å lese\", epostHtmlBody: \"<p>Hei Kari</p>\", sendetidspunkt: "
            "{sendevindu: LOEPENDE}}}",
            id, varsel);
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT1S"), 0);
    CHECK_EQ_INT(fake_smtp_count(&smtp), 1);
    char *mail = fake_smtp_all(&smtp);
    CHECK_CONTAINS(mail, "To: <kari@firma.no>");
    CHECK_CONTAINS(mail, "From: <varsel@budstikke.test>");
    CHECK_CONTAINS(mail, "Subject: =?UTF-8?B?TnkgbWVsZGluZyDDpSBsZXNl?="); /* "Ny melding å lese" */
    CHECK_CONTAINS(mail, "PHA+SGVpIEthcmk8L3A+"); /* "<p>Hei Kari</p>" */
    CHECK_CONTAINS(mail, varsel);
    free(mail);
    CHECK_EQ_STR(status_of(id), "SENDT");
}

static void sms_and_altinn_orders_reach_their_gateways(void)
{
    char id[64], varsel[64], id2[64], varsel2[64];
    beskjed("sms-1", sms_notice("Hei fra NAV", "sendevindu: LOEPENDE"), id, varsel);
    beskjed("altinn-1",
            "{altinnressurs: {mottaker: {ressursId: \"nav_tiltak\"}, epostTittel: \"Tittel\", "
            "epostHtmlBody: \"<b>Innhold</b>\", smsTekst: \"Kort\", sendetidspunkt: "
            "{sendevindu: LOEPENDE}}}",
            id2, varsel2);
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT1S"), 0);
    CHECK_EQ_INT(in_log(sms, "\"to\":\"+4799999999\""), 1);
    CHECK_EQ_INT(in_log(sms, "\"text\":\"Hei fra NAV\""), 1);
    CHECK_EQ_INT(in_log(altinn, "POST /notifications/api/v1/future/orders"), 1);
    CHECK_EQ_INT(in_log(altinn, "\"resourceId\":\"urn:altinn:resource:nav_tiltak\""), 1);
    CHECK_EQ_INT(in_log(altinn, "\"orgNumber\":\"012345678\""), 1);
    CHECK_EQ_INT(in_log(altinn, "\"subject\":\"Tittel. \""), 1); /* the reference's suffix */
    CHECK_EQ_INT(in_log(altinn, varsel2), 1);
    CHECK_EQ_STR(status_of(id), "SENDT");
    CHECK_EQ_STR(status_of(id2), "NY"); /* ordered: Altinn has not reported yet */
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT5S"), 0); /* the default shipment: Completed */
    CHECK_EQ_INT(in_log(altinn, "GET /notifications/api/v1/future/shipment/shipment-1"), 1);
    CHECK_EQ_STR(status_of(id2), "SENDT");
}

/* An accepted Altinn order is polled until its shipment completes; all
 * recipients failing makes the notice FEILET. */
static void altinn_shipment_is_polled_until_it_completes(void)
{
    char a[64], va[64], b[64], vb[64];
    const char *order = "{altinnressurs: {mottaker: {ressursId: \"nav_tiltak\"}, epostTittel: \"T\", "
                        "epostHtmlBody: \"B\", smsTekst: \"S\", sendetidspunkt: {sendevindu: LOEPENDE}}}";
    fake_http_answer_get(altinn, "{\"status\":\"Processing\",\"recipients\":[]}");
    beskjed("altinn-poll-1", order, a, va);
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT1S"), 0);
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT5S"), 0);
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT5S"), 0);
    CHECK_EQ_STR(status_of(a), "NY");
    CHECK_EQ_INT(in_log(altinn, "GET /notifications/api/v1/future/shipment/shipment-"), 3);
    fake_http_answer_get(altinn, "{\"status\":\"Completed\",\"recipients\":[{\"destination\":"
                                 "\"a@x.no\",\"status\":\"Email_Failed\"},{\"destination\":\"+4799\","
                                 "\"status\":\"SMS_Failed_InvalidRecipient\"}]}");
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT5S"), 0);
    CHECK_EQ_STR(status_of(a), "FEILET");
    char sql[256], rows[2048];
    snprintf(sql, sizeof sql, "SELECT payload FROM events WHERE type = 'EksterntVarselFeilet' AND "
                              "aggregate_id = '%s'", a);
    CHECK_EQ_INT(bb_db_rows(sql, rows, sizeof rows), 1);
    CHECK_CONTAINS(rows, "\"altinnFeilkode\":\"Email_Failed,SMS_Failed_InvalidRecipient\"");
    CHECK_CONTAINS(rows, "Destinasjon: a@x.no, Status: Email_Failed,Destinasjon: +4799, Status: "
                         "SMS_Failed_InvalidRecipient");
    fake_http_answer_get(altinn, "{\"status\":\"Completed\",\"recipients\":[{\"destination\":"
                                 "\"a@x.no\",\"status\":\"Email_Delivered\"},{\"destination\":\"+4799\","
                                 "\"status\":\"SMS_Failed\"}]}");
    beskjed("altinn-poll-2", order, b, vb); /* some delivered: counts as sent */
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT1S"), 0);
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT5S"), 0);
    CHECK_EQ_STR(status_of(b), "SENDT");
    fake_http_answer_get(altinn, "{\"status\":\"Completed\",\"recipients\":[]}");
}

static void nks_waits_over_easter_and_the_spring_change(void)
{
    char id[64], varsel[64];
    /* Saturday 30 March 2024; Sunday is Easter and summer time begins; Monday
     * is 2. påskedag: the next NKS opening is Tuesday 08:30 CEST = 06:30Z */
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-03-30T12:00:00Z"), 0);
    beskjed("nks-1", sms_notice("nks-paaske", "sendevindu: NKS_AAPNINGSTID"), id, varsel);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-01T07:30:00Z"), 0); /* 2. påskedag 09:30 */
    CHECK_EQ_INT(in_log(sms, "nks-paaske"), 0);
    CHECK_EQ_STR(status_of(id), "NY");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-02T06:29:59Z"), 0);
    CHECK_EQ_INT(in_log(sms, "nks-paaske"), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-02T06:30:00Z"), 0);
    CHECK_EQ_INT(in_log(sms, "nks-paaske"), 1);
}

static void dagtid_skips_sunday_fixed_time_waits_for_its_moment(void)
{
    char a[64], va[64], b[64], vb[64];
    /* Saturday 13 April 2024 16:30 CEST: closed until Monday 09:00 */
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-13T14:30:00Z"), 0);
    beskjed("dagtid-1", sms_notice("dagtid-mandag", "sendevindu: DAGTID_IKKE_SOENDAG"), a, va);
    beskjed("fast-1", sms_notice("fast-tid", "tidspunkt: \"2024-04-14T12:00\""), b, vb);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-14T09:59:59Z"), 0);
    CHECK_EQ_INT(in_log(sms, "fast-tid"), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-14T10:00:00Z"), 0); /* Sunday 12:00 Oslo */
    CHECK_EQ_INT(in_log(sms, "fast-tid"), 1);
    CHECK_EQ_INT(in_log(sms, "dagtid-mandag"), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-15T06:59:00Z"), 0);
    CHECK_EQ_INT(in_log(sms, "dagtid-mandag"), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-15T07:00:00Z"), 0);
    CHECK_EQ_INT(in_log(sms, "dagtid-mandag"), 1);
}

static void failing_gateway_recovers_and_sends_once(void)
{
    char id[64], varsel[64];
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-05-06T10:00:00Z"), 0);
    int before = fake_http_requests(sms);
    fake_http_fail_next(sms, 2, 503);
    beskjed("retry-1", sms_notice("prov-igjen", "sendevindu: LOEPENDE"), id, varsel);
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT0.1S"), 0);
    CHECK_EQ_INT(fake_http_requests(sms) - before, 1);
    CHECK_EQ_STR(status_of(id), "NY");
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT1S"), 0); /* first back-off: 1 s */
    CHECK_EQ_INT(fake_http_requests(sms) - before, 2);
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT2S"), 0); /* then 2 s: the gateway is back */
    CHECK_EQ_INT(fake_http_requests(sms) - before, 3);
    CHECK_EQ_STR(status_of(id), "SENDT");
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT1H"), 0);
    CHECK_EQ_INT(fake_http_requests(sms) - before, 3);
    CHECK_EQ_INT(in_log(sms, "prov-igjen"), 3);
    CHECK_EQ_INT(in_log(sms, varsel), 3); /* the same order each time: one idempotency key */
}

static void rejection_and_retry_limit_end_as_feilet(void)
{
    char a[64], va[64], b[64], vb[64];
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-05-07T10:00:00Z"), 0);
    fake_http_fail_next(sms, 1, 400);
    beskjed("avvist-1", sms_notice("avvist", "sendevindu: LOEPENDE"), a, va);
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT0.1S"), 0);
    CHECK_EQ_STR(status_of(a), "FEILET");
    CHECK_EQ_INT(in_log(sms, "avvist"), 1);
    fake_http_fail_next(sms, 100, 500);
    beskjed("grense-1", sms_notice("grense", "sendevindu: LOEPENDE"), b, vb);
    for (int i = 0; i < 4; i++)
        CHECK_EQ_INT(bb_clock_advance(&srv, "PT10M"), 0);
    CHECK_EQ_STR(status_of(b), "FEILET");
    CHECK_EQ_INT(in_log(sms, "grense"), 3); /* --notice-max-attempts 3 */
    fake_http_fail_next(sms, 0, 200);
}

static void emergency_brake_holds_every_notice(void)
{
    char id[64], varsel[64];
    struct bb_reply r;
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-05-08T10:00:00Z"), 0);
    bb_request(&srv, "POST", "/internal/update_emergency_brake", "{\"newState\":true}", 17, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(r.body, "{\"paused\":true}");
    beskjed("brems-1", sms_notice("bremset", "sendevindu: LOEPENDE"), id, varsel);
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT1H"), 0);
    CHECK_EQ_INT(in_log(sms, "bremset"), 0);
    CHECK_EQ_STR(status_of(id), "NY");
    bb_request(&srv, "GET", "/internal/emergency_brake", NULL, 0, NULL, &r);
    CHECK_EQ_STR(r.body, "{\"paused\":true}");
    bb_request(&srv, "POST", "/internal/update_emergency_brake", "{\"newState\":\"nei\"}", 18, NULL, &r);
    CHECK_EQ_INT(r.status, 400);
    CHECK_CONTAINS(r.body, "newState");
    bb_request(&srv, "POST", "/internal/update_emergency_brake", "{\"newState\":false}", 18, NULL, &r);
    CHECK_EQ_STR(r.body, "{\"paused\":false}");
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT1S"), 0);
    CHECK_EQ_INT(in_log(sms, "bremset"), 1);
    CHECK_EQ_STR(status_of(id), "SENDT");
}

static void dev_clock_refuses_bad_input(void)
{
    struct bb_reply r;
    bb_request(&srv, "POST", "/internal/dev/clock", "{\"advance\":\"P1M\"}", 17, NULL, &r);
    CHECK_EQ_INT(r.status, 400);
    CHECK_CONTAINS(r.body, "advance must be");
    bb_request(&srv, "POST", "/internal/dev/clock", "{\"set\":\"i morgen\"}", 18, NULL, &r);
    CHECK_EQ_INT(r.status, 400);
    bb_request(&srv, "GET", "/internal/dev/clock", NULL, 0, NULL, &r);
    CHECK_CONTAINS(r.body, "\"now\":\"2024-05-08T11:00:01Z\"");
}

/* A replay rebuilds the notices from the log and leaves the sender's
 * queue as it was: a notice half-way through its retries goes on from there
 * and is sent once. Far enough ahead that a restarted server's real clock is
 * before it. */
static void replay_keeps_the_senders_bookkeeping(void)
{
    char id[64], varsel[64], sql[256], out[256];
    CHECK_EQ_INT(bb_clock_set(&srv, "2033-01-03T10:00:00Z"), 0);
    int before = fake_http_requests(sms);
    fake_http_fail_next(sms, 2, 503);
    beskjed("replay-1", sms_notice("etter-replay", "sendevindu: LOEPENDE"), id, varsel);
    CHECK_EQ_INT(bb_clock_set(&srv, "2033-01-03T10:00:00.1Z"), 0);
    CHECK_EQ_INT(fake_http_requests(sms) - before, 1);
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    char *live = bb_db_dump_read_models();
    const char *replay[] = {bb_binary, "replay", "--db", bb_db_url(), NULL};
    CHECK_EQ_INT(bb_run_binary(replay, out, sizeof out), 0);
    char *rebuilt = bb_db_dump_read_models();
    CHECK_EQ_STR(rebuilt, live);
    free(live);
    free(rebuilt);
    snprintf(sql, sizeof sql, "SELECT attempts FROM notice_queue WHERE varsel_id = '%s'", varsel);
    CHECK_EQ_INT(bb_db_rows(sql, out, sizeof out), 1);
    CHECK_EQ_STR(out, "1\n");
    CHECK_EQ_INT(bb_start_producer_server_with(&srv, server_args), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2033-01-03T10:00:01.1Z"), 0); /* the 1 s back-off */
    CHECK_EQ_INT(fake_http_requests(sms) - before, 2);
    CHECK_EQ_INT(bb_clock_set(&srv, "2033-01-03T10:00:03.1Z"), 0); /* then 2 s */
    CHECK_EQ_INT(fake_http_requests(sms) - before, 3);
    CHECK_EQ_STR(status_of(id), "SENDT");
    CHECK_EQ_INT(bb_db_rows(sql, out, sizeof out), 0); /* off the queue once final */
}

static void teardown(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    fake_http_stop(sms);
    fake_http_stop(altinn);
    fake_smtp_stop(&smtp);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"epost_goes_through_a_real_smtp_server", epost_goes_through_a_real_smtp_server},
    {"sms_and_altinn_orders_reach_their_gateways", sms_and_altinn_orders_reach_their_gateways},
    {"altinn_shipment_is_polled_until_it_completes", altinn_shipment_is_polled_until_it_completes},
    {"nks_waits_over_easter_and_the_spring_change", nks_waits_over_easter_and_the_spring_change},
    {"dagtid_skips_sunday_fixed_time_waits_for_its_moment",
     dagtid_skips_sunday_fixed_time_waits_for_its_moment},
    {"failing_gateway_recovers_and_sends_once", failing_gateway_recovers_and_sends_once},
    {"rejection_and_retry_limit_end_as_feilet", rejection_and_retry_limit_end_as_feilet},
    {"emergency_brake_holds_every_notice", emergency_brake_holds_every_notice},
    {"dev_clock_refuses_bad_input", dev_clock_refuses_bad_input},
    {"replay_keeps_the_senders_bookkeeping", replay_keeps_the_senders_bookkeeping},
    {"teardown", teardown},
};

CHECK_MAIN("notices", cases)
