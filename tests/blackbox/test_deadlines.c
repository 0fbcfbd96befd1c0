/* Deadlines over HTTP against the real binary (serve --dev, the clock moved
 * through /internal/dev/clock): an oppgave expires when its frist day is over
 * in Oslo, utført and utgått cancel what they should, each påminnelse kind
 * fires once (its SMS reaches a real HTTP receiver exactly once), a pending
 * reminder survives a restart, and scheduled hard deletes (om/den,
 * FORLENG/OVERSKRIV) run at their time. */
#include "blackbox.h"
#include "check.h"
#include "fakes.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bb_server srv;
static struct fake_http *sms;
static char auth[4200];
static const char *sms_args[3];

static void start(void)
{
    CHECK_EQ_INT(bb_start_producer_server_with(&srv, sms_args), 0);
}

static void setup(void)
{
    bb_tiltak_setup("1234", auth, sizeof auth);
    sms = fake_http_start();
    CHECK(sms != NULL);
    static char url[96];
    snprintf(url, sizeof url, "%s/sms", fake_http_url(sms));
    sms_args[0] = "--sms-url";
    sms_args[1] = url;
    start();
}

/* nyOppgave with eksternId, extra input fields (frist, paaminnelse...)
 * and metadata extras; the new id into id. */
static void oppgave(const char *ekstern_id, const char *fields, const char *metadata, char id[64])
{
    char doc[4096];
    snprintf(doc, sizeof doc,
             "mutation { nyOppgave(nyOppgave: { mottakere: [{altinn: {serviceCode: \"1234\", "
             "serviceEdition: \"1\"}}], notifikasjon: {merkelapp: \"tiltak\", tekst: \"Gjør noe\", "
             "lenke: \"https://x.no\"}, metadata: {eksternId: \"%s\", virksomhetsnummer: "
             "\"012345678\" %s} %s }) { __typename ... on NyOppgaveVellykket { id } ... on Error "
             "{ feilmelding } } }",
             ekstern_id, metadata, fields);
    struct bb_reply r;
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "NyOppgaveVellykket");
    bb_first_id(&r, id);
}

static void beskjed(const char *ekstern_id, const char *metadata, char id[64])
{
    char doc[4096];
    snprintf(doc, sizeof doc,
             "mutation { nyBeskjed(nyBeskjed: { mottakere: [{altinn: {serviceCode: \"1234\", "
             "serviceEdition: \"1\"}}], notifikasjon: {merkelapp: \"tiltak\", tekst: \"Hei\", "
             "lenke: \"https://x.no\"}, metadata: {eksternId: \"%s\", virksomhetsnummer: "
             "\"012345678\" %s} }) { __typename ... on NyBeskjedVellykket { id } } }",
             ekstern_id, metadata);
    struct bb_reply r;
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
    bb_first_id(&r, id);
}

/* The oppgave's tilstand, "slettet" once it is gone. */
static const char *tilstand(const char *id)
{
    static char out[64];
    char doc[512];
    snprintf(doc, sizeof doc,
             "{ hentNotifikasjon(id: \"%s\") { __typename ... on HentetNotifikasjon { notifikasjon "
             "{ ... on Oppgave { oppgave { tilstand } } ... on Beskjed { beskjed { tekst } } ... on "
             "Kalenderavtale { kalenderavtale { tilstand } eksterneVarsler { status } } } } } }",
             id);
    struct bb_reply r;
    bb_gql_doc(&srv, auth, doc, &r);
    const char *t = strstr(r.body, "\"tilstand\":\"");
    if (strstr(r.body, "NotifikasjonFinnesIkke"))
        return "slettet";
    if (strstr(r.body, "\"beskjed\""))
        return "beskjed";
    snprintf(out, sizeof out, "%.*s", t ? (int)strcspn(t + 12, "\"") : 0, t ? t + 12 : "");
    return out;
}

static int sms_with(const char *text)
{
    return fake_http_seen(sms, text);
}

static void oppgave_expires_when_its_frist_day_is_over(void)
{
    char id[64];
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-01-15T10:00:00Z"), 0);
    oppgave("frist-1", "frist: \"2024-01-16\"", "", id);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-01-16T22:59:59Z"), 0); /* 23:59:59 in Oslo */
    CHECK_EQ_STR(tilstand(id), "NY");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-01-16T23:00:00Z"), 0); /* midnight in Oslo */
    CHECK_EQ_STR(tilstand(id), "UTGAATT");
}

static void utfoert_oppgave_never_expires(void)
{
    char id[64], doc[256];
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-01-20T10:00:00Z"), 0);
    oppgave("frist-2", "frist: \"2024-01-21\"", "", id);
    snprintf(doc, sizeof doc, "mutation { oppgaveUtfoert(id: \"%s\") { __typename } }", id);
    struct bb_reply r;
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "OppgaveUtfoertVellykket");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-01-25T00:00:00Z"), 0);
    CHECK_EQ_STR(tilstand(id), "UTFOERT");
}

static char *reminder(const char *when, const char *text)
{
    static char out[512];
    snprintf(out, sizeof out,
             "paaminnelse: {tidspunkt: {%s}, eksterneVarsler: [{sms: {mottaker: {kontaktinfo: "
             "{tlf: \"99999999\"}}, smsTekst: \"%s\", sendevindu: LOEPENDE}}]}",
             when, text);
    return out;
}

static void each_reminder_kind_fires_once(void)
{
    char a[64], b[64], c[64], fields[700];
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-02-05T08:00:00Z"), 0); /* Monday 09:00 Oslo */
    oppgave("p-konkret", reminder("konkret: \"2024-02-05T12:00\"", "husk-konkret"), "", a);
    oppgave("p-etter", reminder("etterOpprettelse: \"PT4H\"", "husk-etter"), "", b);
    snprintf(fields, sizeof fields, "frist: \"2024-02-06\" %s",
             reminder("foerFrist: \"PT10H\"", "husk-foer-frist"));
    oppgave("p-foer", fields, "", c); /* 23:59:59.999 - 10 h = 13:59:59.999 Oslo */
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-02-05T10:59:59Z"), 0);
    CHECK_EQ_INT(sms_with("husk-konkret") + sms_with("husk-etter") + sms_with("husk-foer-frist"), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-02-05T11:00:00Z"), 0);
    CHECK_EQ_INT(sms_with("husk-konkret"), 1);
    CHECK_EQ_INT(sms_with("husk-etter"), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-02-05T12:00:00Z"), 0);
    CHECK_EQ_INT(sms_with("husk-etter"), 1);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-02-06T12:59:59Z"), 0);
    CHECK_EQ_INT(sms_with("husk-foer-frist"), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-02-06T13:00:00Z"), 0);
    CHECK_EQ_INT(sms_with("husk-foer-frist"), 1);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-02-06T20:00:00Z"), 0);
    CHECK_EQ_INT(sms_with("husk-konkret") + sms_with("husk-etter") + sms_with("husk-foer-frist"), 3);
}

static void utgaatt_utfoert_and_delete_cancel_reminders(void)
{
    char a[64], b[64], doc[256];
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-02-10T08:00:00Z"), 0);
    oppgave("c-utgaatt", reminder("etterOpprettelse: \"PT1H\"", "aldri-utgaatt"), "", a);
    oppgave("c-utfoert", reminder("etterOpprettelse: \"PT1H\"", "aldri-utfoert"), "", b);
    char c[64];
    oppgave("c-slettet", reminder("etterOpprettelse: \"PT1H\"", "aldri-slettet"), "", c);
    struct bb_reply r;
    snprintf(doc, sizeof doc, "mutation { hardDeleteNotifikasjon(id: \"%s\") { __typename } }", c);
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "HardDeleteNotifikasjonVellykket");
    snprintf(doc, sizeof doc, "mutation { oppgaveUtgaatt(id: \"%s\") { __typename } }", a);
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "OppgaveUtgaattVellykket");
    snprintf(doc, sizeof doc, "mutation { oppgaveUtfoert(id: \"%s\") { __typename } }", b);
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "OppgaveUtfoertVellykket");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-02-10T12:00:00Z"), 0);
    CHECK_EQ_INT(sms_with("aldri-utgaatt") + sms_with("aldri-utfoert") + sms_with("aldri-slettet"), 0);
}

/* Far enough ahead that the real clock of a restarted server (before the
 * test sets it) is still before the reminder. */
static void pending_reminder_survives_a_restart(void)
{
    char id[64];
    CHECK_EQ_INT(bb_clock_set(&srv, "2031-03-04T08:00:00Z"), 0);
    oppgave("restart-1", reminder("konkret: \"2031-03-04T15:00\"", "etter-omstart"), "", id);
    CHECK_EQ_INT(bb_stop_server(&srv, SIGKILL), 128 + SIGKILL);
    start();
    CHECK_EQ_INT(bb_clock_set(&srv, "2031-03-04T13:59:00Z"), 0);
    CHECK_EQ_INT(sms_with("etter-omstart"), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2031-03-04T14:00:00Z"), 0);
    CHECK_EQ_INT(sms_with("etter-omstart"), 1);
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    /* a replay rebuilds the schedule and the notices from the log: the fired
     * reminder and its sent SMS stay done */
    char out[512];
    const char *replay[] = {bb_binary, "replay", "--db", bb_db_url(), NULL};
    CHECK_EQ_INT(bb_run_binary(replay, out, sizeof out), 0);
    start();
    CHECK_EQ_INT(bb_clock_set(&srv, "2031-03-05T14:00:00Z"), 0);
    CHECK_EQ_INT(sms_with("etter-omstart"), 1); /* fired once, not again after the restart */
}

static void hard_delete_om_and_den_at_their_time(void)
{
    char om[64], den[64];
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-01T12:30:00Z"), 0);
    beskjed("slett-om", ", hardDelete: {om: \"PT5H\"}", om);
    beskjed("slett-den", ", hardDelete: {den: \"2024-04-02T10:00\"}", den); /* 08:00Z */
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-01T17:29:59Z"), 0);
    CHECK_EQ_STR(tilstand(om), "beskjed");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-01T17:30:00Z"), 0);
    CHECK_EQ_STR(tilstand(om), "slettet");
    CHECK_EQ_STR(tilstand(den), "beskjed");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-04-02T08:00:00Z"), 0);
    CHECK_EQ_STR(tilstand(den), "slettet");
}

static void forleng_keeps_the_later_time_overskriv_replaces_it(void)
{
    char id[64], doc[512];
    struct bb_reply r;
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-05-01T10:00:00Z"), 0);
    oppgave("slett-strategi", "", ", hardDelete: {den: \"2024-05-10T12:00\"}", id);
    /* FORLENG to one hour from now: earlier than the 10th, so the 10th stays */
    snprintf(doc, sizeof doc,
             "mutation { oppgaveUtfoert(id: \"%s\", hardDelete: {nyTid: {om: \"PT1H\"}, strategi: "
             "FORLENG}) { __typename } }",
             id);
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "OppgaveUtfoertVellykket");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-05-01T12:00:00Z"), 0);
    CHECK_EQ_STR(tilstand(id), "UTFOERT");
    /* OVERSKRIV to one hour from now wins even though it is earlier */
    snprintf(doc, sizeof doc,
             "mutation { oppgaveUtfoert(id: \"%s\", hardDelete: {nyTid: {om: \"PT1H\"}, strategi: "
             "OVERSKRIV}) { __typename } }",
             id);
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-05-01T12:59:59Z"), 0);
    CHECK_EQ_STR(tilstand(id), "UTFOERT");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-05-01T13:00:00Z"), 0);
    CHECK_EQ_STR(tilstand(id), "slettet");
}

static void sak(const char *grupperingsid)
{
    char doc[1024];
    snprintf(doc, sizeof doc,
             "mutation { nySak(grupperingsid: \"%s\", merkelapp: \"tiltak\", virksomhetsnummer: "
             "\"012345678\", mottakere: [{altinn: {serviceCode: \"1234\", serviceEdition: \"1\"}}], "
             "tittel: \"Sak\", initiellStatus: MOTTATT) { __typename } }",
             grupperingsid);
    struct bb_reply r;
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "NySakVellykket");
}

/* nyKalenderavtale in the sak of grupperingsid with extra arguments. */
static void avtale(const char *grupperingsid, const char *ekstern_id, const char *start,
                   const char *extra, char id[64])
{
    char doc[4096];
    snprintf(doc, sizeof doc,
             "mutation { nyKalenderavtale(virksomhetsnummer: \"012345678\", grupperingsid: \"%s\", "
             "merkelapp: \"tiltak\", eksternId: \"%s\", tekst: \"Møte\", lenke: \"https://x.no\", "
             "mottakere: [{altinn: {serviceCode: \"1234\", serviceEdition: \"1\"}}], "
             "startTidspunkt: \"%s\" %s) { __typename ... on NyKalenderavtaleVellykket { id } ... on "
             "Error { feilmelding } } }",
             grupperingsid, ekstern_id, start, extra);
    struct bb_reply r;
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "NyKalenderavtaleVellykket");
    bb_first_id(&r, id);
}

static void kalenderavtale_reminder_before_start_then_avholdt(void)
{
    char id[64];
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-07-01T06:00:00Z"), 0); /* Monday 08:00 Oslo */
    sak("g-avtale");
    avtale("g-avtale", "avtale-1", "2024-07-01T12:00", /* Oslo: 10:00Z */
           reminder("foerStartTidspunkt: \"PT2H\"", "husk-avtalen"), id);
    CHECK_EQ_STR(tilstand(id), "VENTER_SVAR_FRA_ARBEIDSGIVER");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-07-01T07:59:59Z"), 0);
    CHECK_EQ_INT(sms_with("husk-avtalen"), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-07-01T08:00:00Z"), 0); /* 10:00 Oslo */
    CHECK_EQ_INT(sms_with("husk-avtalen"), 1);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-07-01T10:00:00Z"), 0); /* the start itself */
    CHECK_EQ_STR(tilstand(id), "VENTER_SVAR_FRA_ARBEIDSGIVER");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-07-01T10:00:01Z"), 0);
    CHECK_EQ_STR(tilstand(id), "AVHOLDT");
    CHECK_EQ_INT(sms_with("husk-avtalen"), 1);
}

static void avlyst_cancels_unsent_notices_and_the_reminder(void)
{
    char id[64], doc[512];
    /* Saturday: the NKS notice waits for Monday */
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-07-06T10:00:00Z"), 0);
    char extra[1024];
    snprintf(extra, sizeof extra,
             "eksterneVarsler: [{sms: {mottaker: {kontaktinfo: {tlf: \"99999999\"}}, smsTekst: "
             "\"avlyst-varsel\", sendetidspunkt: {sendevindu: NKS_AAPNINGSTID}}}] %s",
             reminder("foerStartTidspunkt: \"P1D\"", "avlyst-paaminnelse"));
    avtale("g-avtale", "avtale-2", "2024-07-10T12:00", extra, id);
    CHECK_EQ_STR(bb_notice_status(&srv, auth, id), "NY");
    snprintf(doc, sizeof doc,
             "mutation { oppdaterKalenderavtale(id: \"%s\", nyTilstand: AVLYST) { __typename } }", id);
    struct bb_reply r;
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "OppdaterKalenderavtaleVellykket");
    CHECK_EQ_INT(bb_clock_advance(&srv, "PT1S"), 0);
    CHECK_EQ_STR(bb_notice_status(&srv, auth, id), "KANSELLERT");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-07-11T12:00:00Z"), 0);
    CHECK_EQ_INT(sms_with("avlyst-varsel") + sms_with("avlyst-paaminnelse"), 0);
    CHECK_EQ_STR(tilstand(id), "AVLYST"); /* no AVHOLDT after an AVLYST */
}

static void utsatt_frist_and_endret_paaminnelse_move_the_jobs(void)
{
    char id[64], doc[1024];
    struct bb_reply r;
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-08-05T08:00:00Z"), 0);
    char fields[700];
    snprintf(fields, sizeof fields, "frist: \"2024-08-06\" %s",
             reminder("konkret: \"2024-08-06T12:00\"", "gammel-paaminnelse"));
    oppgave("utsett-1", fields, "", id);
    snprintf(doc, sizeof doc,
             "mutation { oppgaveUtsettFrist(id: \"%s\", nyFrist: \"2024-08-09\", %s) { __typename "
             "... on Error { feilmelding } } }",
             id, reminder("foerFrist: \"P1D\"", "ny-paaminnelse"));
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "OppgaveUtsettFristVellykket");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-08-07T00:00:00Z"), 0); /* the old frist is over */
    CHECK_EQ_STR(tilstand(id), "NY");
    CHECK_EQ_INT(sms_with("gammel-paaminnelse"), 0);
    /* P1D before 2024-08-09 23:59:59.999 Oslo = 2024-08-08T21:59:59.999Z; moved later instead */
    snprintf(doc, sizeof doc,
             "mutation { oppgaveEndrePaaminnelse(id: \"%s\", %s) { __typename ... on Error { "
             "feilmelding } } }",
             id, reminder("konkret: \"2024-08-09T08:00\"", "endret-paaminnelse"));
    bb_gql_doc(&srv, auth, doc, &r);
    CHECK_CONTAINS(r.body, "OppgaveEndrePaaminnelseVellykket");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-08-09T05:59:59Z"), 0);
    CHECK_EQ_INT(sms_with("ny-paaminnelse") + sms_with("endret-paaminnelse"), 0);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-08-09T06:00:00Z"), 0);
    CHECK_EQ_INT(sms_with("endret-paaminnelse"), 1);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-08-09T21:59:59Z"), 0);
    CHECK_EQ_STR(tilstand(id), "NY");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-08-09T22:00:00Z"), 0); /* the new frist is over */
    CHECK_EQ_STR(tilstand(id), "UTGAATT");
    CHECK_EQ_INT(sms_with("ny-paaminnelse") + sms_with("gammel-paaminnelse"), 0);
}

static bool sak_exists(const char *id)
{
    char doc[256];
    snprintf(doc, sizeof doc, "{ hentSak(id: \"%s\") { __typename } }", id);
    struct bb_reply r;
    bb_gql_doc(&srv, auth, doc, &r);
    return strstr(r.body, "HentetSak") != NULL;
}

/* A sak's scheduled hard delete takes its notifications along. */
static void sak_hard_delete_cascades_at_its_time(void)
{
    char sak[64], b[64];
    struct bb_reply r;
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-06-03T10:00:00Z"), 0);
    bb_gql_doc(&srv, auth,
           "mutation { nySak(grupperingsid: \"g-slett\", merkelapp: \"tiltak\", virksomhetsnummer: "
           "\"012345678\", mottakere: [{altinn: {serviceCode: \"1234\", serviceEdition: \"1\"}}], "
           "tittel: \"Sak\", initiellStatus: MOTTATT, hardDelete: {om: \"PT2H\"}) { __typename ... on "
           "NySakVellykket { id } } }",
           &r);
    CHECK_CONTAINS(r.body, "NySakVellykket");
    bb_first_id(&r, sak);
    beskjed("i-saken", ", grupperingsid: \"g-slett\"", b);
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-06-03T11:59:59Z"), 0);
    CHECK(sak_exists(sak));
    CHECK_EQ_STR(tilstand(b), "beskjed");
    CHECK_EQ_INT(bb_clock_set(&srv, "2024-06-03T12:00:00Z"), 0);
    CHECK(!sak_exists(sak));
    CHECK_EQ_STR(tilstand(b), "slettet");
}

/* A node without the scheduler role keeps jobs but runs none; a node with it
 * runs them later. */
static void roles_decide_who_runs_jobs(void)
{
    char id[64];
    const char *api_only[] = {"--roles", "api,senders", sms_args[0], sms_args[1], NULL};
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    CHECK_EQ_INT(bb_start_producer_server_with(&srv, api_only), 0);
    struct bb_reply r;
    const char *set = "{\"set\":\"2032-06-01T10:00:00Z\"}";
    bb_request(&srv, "POST", "/internal/dev/clock", set, strlen(set), NULL, &r);
    oppgave("roller-1", "frist: \"2032-06-01\"", "", id);
    const char *later = "{\"set\":\"2032-06-03T00:00:00Z\"}";
    bb_request(&srv, "POST", "/internal/dev/clock", later, strlen(later), NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    bb_sleep_ms(300); /* a scheduler would have run it by now */
    CHECK_EQ_STR(tilstand(id), "NY");
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    start();
    CHECK_EQ_INT(bb_clock_set(&srv, "2032-06-03T00:00:00Z"), 0);
    CHECK_EQ_STR(tilstand(id), "UTGAATT");
    char out[4096];
    const char *bad[] = {bb_binary, "check-config", "--roles", "api,cron", NULL};
    CHECK_EQ_INT(bb_run_binary(bad, out, sizeof out), 2);
    CHECK_CONTAINS(out, "--roles must list api, scheduler and/or senders");
    const char *secret[] = {bb_binary, "check-config", "--smtp-password", "hemmelig", "--sms-token",
                            "tok", NULL};
    CHECK_EQ_INT(bb_run_binary(secret, out, sizeof out), 0);
    CHECK_CONTAINS(out, "\"smtp_password\":\"***\"");
    CHECK_CONTAINS(out, "\"sms_token\":\"***\"");
    CHECK(strstr(out, "hemmelig") == NULL);
    /* the notice endpoints from a config file and the environment, flags last */
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/notices.json", bb_workdir);
    FILE *f = fopen(path, "w");
    fputs("{\"smtp_url\":\"smtp://fil.example:25\",\"altinn_url\":\"https://fil.example\","
          "\"notice_max_attempts\":\"4\"}",
          f);
    fclose(f);
    setenv("BUDSTIKKE_ALTINN_URL", "https://miljo.example", 1);
    const char *layered[] = {bb_binary, "check-config", "--config", path, "--notice-max-attempts",
                             "5", NULL};
    CHECK_EQ_INT(bb_run_binary(layered, out, sizeof out), 0);
    unsetenv("BUDSTIKKE_ALTINN_URL");
    CHECK_CONTAINS(out, "\"smtp_url\":\"smtp://fil.example:25\"");
    CHECK_CONTAINS(out, "\"altinn_url\":\"https://miljo.example\"");
    CHECK_CONTAINS(out, "\"notice_max_attempts\":\"5\"");
    const char *zero[] = {bb_binary, "check-config", "--notice-max-attempts", "0", NULL};
    CHECK_EQ_INT(bb_run_binary(zero, out, sizeof out), 2);
    CHECK_CONTAINS(out, "--notice-max-attempts must be a number from 1 to 1000");
}

static void teardown(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    fake_http_stop(sms);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"oppgave_expires_when_its_frist_day_is_over", oppgave_expires_when_its_frist_day_is_over},
    {"utfoert_oppgave_never_expires", utfoert_oppgave_never_expires},
    {"each_reminder_kind_fires_once", each_reminder_kind_fires_once},
    {"utgaatt_utfoert_and_delete_cancel_reminders", utgaatt_utfoert_and_delete_cancel_reminders},
    {"pending_reminder_survives_a_restart", pending_reminder_survives_a_restart},
    {"hard_delete_om_and_den_at_their_time", hard_delete_om_and_den_at_their_time},
    {"forleng_keeps_the_later_time_overskriv_replaces_it",
     forleng_keeps_the_later_time_overskriv_replaces_it},
    {"sak_hard_delete_cascades_at_its_time", sak_hard_delete_cascades_at_its_time},
    {"kalenderavtale_reminder_before_start_then_avholdt",
     kalenderavtale_reminder_before_start_then_avholdt},
    {"avlyst_cancels_unsent_notices_and_the_reminder", avlyst_cancels_unsent_notices_and_the_reminder},
    {"utsatt_frist_and_endret_paaminnelse_move_the_jobs",
     utsatt_frist_and_endret_paaminnelse_move_the_jobs},
    {"roles_decide_who_runs_jobs", roles_decide_who_runs_jobs},
    {"teardown", teardown},
};

CHECK_MAIN("deadlines", cases)
