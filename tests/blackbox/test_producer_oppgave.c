/* Oppgaver over HTTP (producer-api.md 9.8-9.11, 12, 13): oppgaveUtfoert and
 * oppgaveUtgaatt (order of checks, repeats), oppgaveUtsettFrist (Konflikt,
 * reminders from the original creation, UTGAATT reopens, UTFOERT refused)
 * and oppgaveEndrePaaminnelse (keys, removal, bounds), and how every
 * tilstand reads back. */
#include "blackbox.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bb_server srv;
static struct bb_producers auth;
static struct bb_reply r;
static char oppgave_id[64], beskjed_id[64];

#define NY_OPPGAVE                                                                               \
    "mutation O($o: NyOppgaveInput!) { nyOppgave(nyOppgave: $o) { __typename ... on "            \
    "NyOppgaveVellykket { id paaminnelse { eksterneVarsler { id } } } ... on Error { feilmelding " \
    "} } }"

/* An oppgave created 2024-01-01T01:01Z (so reminders have a fixed base). */
static void ny_oppgave(const char *ekstern_id, const char *frist, char *id_out)
{
    bb_gqlf(&srv, auth.tiltak, NY_OPPGAVE, &r,
            "{'o': {'mottakere': [{'altinnRolle': {'roleDefinitionCode': 'DAGL'}}], 'notifikasjon': "
            "{'merkelapp': 'Tiltak', 'tekst': 'Fyll ut', 'lenke': 'https://x'}, 'frist': %s, "
            "'metadata': {'eksternId': '%s', 'virksomhetsnummer': '910825496', "
            "'opprettetTidspunkt': '2024-01-01T01:01Z'}}}",
            frist, ekstern_id);
    bb_json_at(r.body, "data.nyOppgave.id", id_out, 64);
}

static const char *column_of(const char *id, const char *column)
{
    static char out[256];
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT %s FROM notifikasjon WHERE id = '%s'", column, id);
    bb_db_rows(sql, out, sizeof out);
    out[strcspn(out, "\n")] = '\0';
    return out;
}

static void setup(void)
{
    CHECK_EQ_INT(bb_producer_start(&srv, &auth), 0);
    ny_oppgave("o-1", "'2024-02-08'", oppgave_id);
    CHECK_EQ_INT(strlen(oppgave_id), 36);
    bb_gql(&srv, auth.tiltak,
           "mutation { nyBeskjed(nyBeskjed: {mottakere: [{altinnReportee: {fnr: 'x'}}], "
           "notifikasjon: {merkelapp: 'Tiltak', tekst: 'Hei', lenke: 'x'}, metadata: {eksternId: "
           "'b-1', virksomhetsnummer: '910825496'}}) { ... on NyBeskjedVellykket { id } } }",
           NULL, &r);
    bb_json_at(r.body, "data.nyBeskjed.id", beskjed_id, sizeof beskjed_id);
    CHECK_EQ_INT(strlen(beskjed_id), 36);
}

#define UTSETT                                                                                   \
    "mutation U($id: ID! $frist: ISO8601Date! $p: PaaminnelseInput) { oppgaveUtsettFrist(id: "    \
    "$id, nyFrist: $frist, paaminnelse: $p) { __typename ... on OppgaveUtsettFristVellykket { id " \
    "} ... on Error { feilmelding } } }"

static void utsett_frist_checks(void)
{
    bb_gql(&srv, auth.tiltak, UTSETT, "{'id': '01a206c2-9f89-73d6-bf25-000000000000', 'frist': '2024-03-01'}", &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"NotifikasjonFinnesIkke\",\"feilmelding\":\"Notifikasjon "
                           "med id 01a206c2-9f89-73d6-bf25-000000000000 finnes ikke\"}");
    /* the reminder input is read only once the oppgave is found */
    bb_gql(&srv, auth.tiltak, UTSETT,
           "{'id': '01a206c2-9f89-73d6-bf25-000000000000', 'frist': '2024-03-01', 'p': "
           "{'tidspunkt': {'konkret': '2024-02-01T00:00', 'foerFrist': 'P1D'}}}",
           &r);
    CHECK_CONTAINS(r.body, "NotifikasjonFinnesIkke");
    bb_gqlf(&srv, auth.tiltak, UTSETT, &r,
            "{'id': '%s', 'frist': '2024-03-01', 'p': {'tidspunkt': {'konkret': "
            "'2024-02-01T00:00', 'foerFrist': 'P1D'}}}",
            oppgave_id);
    CHECK_CONTAINS(r.body, "Exception while fetching data (/oppgaveUtsettFrist) : PaaminnelseTidspunktInput: "
                           "nøyaktig ett felt skal være satt. (konkret, foerFrist er gitt)");
    bb_gqlf(&srv, auth.tiltak, UTSETT, &r, "{'id': '%s', 'frist': '2024-03-01'}", beskjed_id);
    char want[160];
    snprintf(want, sizeof want, "\"feilmelding\":\"Notifikasjonen (id %s) er ikke en oppgave\"", beskjed_id);
    CHECK_CONTAINS(r.body, want);
    bb_gqlf(&srv, auth.ukjent, UTSETT, &r, "{'id': '%s', 'frist': '2024-03-01'}", oppgave_id);
    CHECK_CONTAINS(r.body, "\"__typename\":\"UkjentProdusent\"");
    bb_gqlf(&srv, auth.annen, UTSETT, &r, "{'id': '%s', 'frist': '2024-03-01'}", oppgave_id);
    CHECK_CONTAINS(r.body, "\"__typename\":\"UgyldigMerkelapp\"");
    bb_gqlf(&srv, auth.tiltak, UTSETT, &r, "{'id': '%s', 'frist': '2024-02-07'}", oppgave_id);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"Konflikt\",\"feilmelding\":\"Ny frist kan ikke være "
                           "tidligere enn den gamle\"}");
    /* the reminder counts from the original creation and the new frist */
    bb_gqlf(&srv, auth.tiltak, UTSETT, &r,
            "{'id': '%s', 'frist': '2024-03-01', 'p': {'tidspunkt': {'konkret': '2023-12-31T00:00'}}}",
            oppgave_id);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigPaaminnelseTidspunkt\",\"feilmelding\":"
                           "\"påminnelsestidspunktet kan ikke være før oppgaven er opprettet\"}");
    bb_gqlf(&srv, auth.tiltak, UTSETT, &r,
            "{'id': '%s', 'frist': '2024-03-01', 'p': {'tidspunkt': {'konkret': '2024-03-02T00:00'}}}",
            oppgave_id);
    CHECK_CONTAINS(r.body, "påminnelsestidspunktet kan ikke være etter fristen på oppgaven");
    CHECK_EQ_INT(bb_events_of(oppgave_id), 1);
    CHECK_EQ_STR(column_of(oppgave_id, "frist"), "2024-02-08");
}

static void utsett_frist_moves_it_and_reopens(void)
{
    bb_gqlf(&srv, auth.tiltak,
            "mutation ($id: ID!) { oppgaveUtgaatt(id: $id) { __typename } }", &r, "{'id': '%s'}", oppgave_id);
    CHECK_EQ_STR(column_of(oppgave_id, "tilstand"), "UTGAATT");
    bb_gqlf(&srv, auth.tiltak, UTSETT, &r, "{'id': '%s', 'frist': '2024-02-08'}", oppgave_id); /* same day: fine */
    char want[128];
    snprintf(want, sizeof want, "{\"__typename\":\"OppgaveUtsettFristVellykket\",\"id\":\"%s\"}", oppgave_id);
    CHECK_CONTAINS(r.body, want);
    CHECK_EQ_STR(column_of(oppgave_id, "tilstand"), "NY");
    bb_gql(&srv, auth.tiltak,
           "mutation { oppgaveUtsettFristByEksternId(merkelapp: 'Tiltak', eksternId: 'o-1', nyFrist: "
           "'2024-03-01', paaminnelse: {tidspunkt: {foerFrist: 'P7D'}}) { __typename } }",
           NULL, &r);
    CHECK_CONTAINS(r.body, "OppgaveUtsettFristVellykket");
    CHECK_EQ_STR(column_of(oppgave_id, "frist"), "2024-03-01");
    char out[128];
    /* 7 days before the end of the frist day, Oslo */
    CHECK_EQ_STR(bb_event_at(oppgave_id, "FristUtsatt", "paaminnelse.paaminnelseTidspunkt", out, sizeof out),
                 "2024-02-23T22:59:59.999999Z");
    /* an oppgave without frist takes any date */
    char no_frist[64];
    ny_oppgave("o-2", "null", no_frist);
    bb_gqlf(&srv, auth.tiltak, UTSETT, &r, "{'id': '%s', 'frist': '2001-01-01'}", no_frist);
    CHECK_CONTAINS(r.body, "OppgaveUtsettFristVellykket");
    bb_gql(&srv, auth.tiltak,
           "mutation { oppgaveUtsettFristByEksternId(merkelapp: 'Tiltak', eksternId: 'nei', nyFrist: "
           "'2024-03-01') { __typename ... on Error { feilmelding } } }",
           NULL, &r);
    CHECK_CONTAINS(r.body, "\"feilmelding\":\"Notifikasjon med eksternId nei og merkelapp Tiltak finnes ikke\"");
}

#define ENDRE                                                                                    \
    "mutation($id: ID!, $idemptoencyKey: String, $paaminnelse: PaaminnelseInput) { "              \
    "oppgaveEndrePaaminnelse(id: $id, idempotencyKey: $idemptoencyKey, paaminnelse: "            \
    "$paaminnelse) { __typename ... on OppgaveEndrePaaminnelseVellykket { id } ... on Error { "    \
    "feilmelding } } }"

static void endre_paaminnelse(void)
{
    int before = bb_events_of(oppgave_id);
    bb_gqlf(&srv, auth.tiltak, ENDRE, &r,
            "{'id': '%s', 'idemptoencyKey': 'p-1', 'paaminnelse': {'tidspunkt': {'foerFrist': "
            "'P7DT'}, 'eksterneVarsler': [{'sms': {'mottaker': {'kontaktinfo': {'tlf': "
            "'+4740000000'}}, 'smsTekst': 'Husk', 'sendevindu': 'NKS_AAPNINGSTID'}}]}}",
            oppgave_id);
    CHECK_CONTAINS(r.body, "OppgaveEndrePaaminnelseVellykket");
    CHECK_EQ_INT(bb_events_of(oppgave_id), before + 1);
    /* the key again, whatever the content: success without effect */
    bb_gqlf(&srv, auth.tiltak, ENDRE, &r, "{'id': '%s', 'idemptoencyKey': 'p-1', 'paaminnelse': null}",
            oppgave_id);
    CHECK_CONTAINS(r.body, "OppgaveEndrePaaminnelseVellykket");
    CHECK_EQ_INT(bb_events_of(oppgave_id), before + 1);
    /* null removes the reminder */
    bb_gqlf(&srv, auth.tiltak, ENDRE, &r, "{'id': '%s', 'paaminnelse': null}", oppgave_id);
    CHECK_EQ_INT(bb_events_of(oppgave_id), before + 2);
    char out[64];
    CHECK_EQ_STR(bb_event_at(oppgave_id, NULL, "paaminnelse", out, sizeof out), "");
    CHECK_EQ_STR(bb_event_at(oppgave_id, NULL, "notifikasjonId", out, sizeof out), oppgave_id);
    bb_gqlf(&srv, auth.tiltak, ENDRE, &r,
            "{'id': '%s', 'paaminnelse': {'tidspunkt': {'etterOpprettelse': 'P1Y'}}}", oppgave_id);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigPaaminnelseTidspunkt\",\"feilmelding\":"
                           "\"påminnelsestidspunktet kan ikke være etter fristen på oppgaven\"}");
    bb_gqlf(&srv, auth.tiltak, ENDRE, &r,
            "{'id': '%s', 'paaminnelse': {'tidspunkt': {'foerStartTidspunkt': 'P1D'}}}", oppgave_id);
    CHECK_CONTAINS(r.body, "foerStartTidspunkt er kun gyldig på kalenderavtaler");
    /* input rules come first, even for an oppgave that is not there */
    bb_gql(&srv, auth.tiltak, ENDRE,
           "{'id': '01a206c2-9f89-73d6-bf25-000000000000', 'paaminnelse': {'tidspunkt': {'foerFrist': "
           "'P1D'}, 'eksterneVarsler': [{'sms': {'mottaker': {'kontaktinfo': {'tlf': '42000000'}}, "
           "'smsTekst': 'x', 'sendevindu': 'LOEPENDE'}}]}}",
           &r);
    CHECK_CONTAINS(r.body, "Kontaktinfo.tlf: verdien er ikke et gyldig norsk mobilnummer. Nummerserien "
                           "4200xxxx er blokkert. (se: NKOM E164).");
    bb_gql(&srv, auth.tiltak, ENDRE, "{'id': '01a206c2-9f89-73d6-bf25-000000000000'}", &r);
    CHECK_CONTAINS(r.body, "NotifikasjonFinnesIkke");
    bb_gqlf(&srv, auth.tiltak, ENDRE, &r, "{'id': '%s'}", beskjed_id);
    CHECK_CONTAINS(r.body, "er ikke en oppgave");
    bb_gqlf(&srv, auth.ukjent, ENDRE, &r, "{'id': '%s'}", oppgave_id);
    CHECK_CONTAINS(r.body, "UkjentProdusent");
    bb_gqlf(&srv, auth.annen, ENDRE, &r, "{'id': '%s'}", oppgave_id);
    CHECK_CONTAINS(r.body, "UgyldigMerkelapp");
    bb_gql(&srv, auth.tiltak,
           "mutation { oppgaveEndrePaaminnelseByEksternId(merkelapp: 'Tiltak', eksternId: 'o-1', "
           "paaminnelse: {tidspunkt: {konkret: '2024-01-10T12:00'}}) { __typename } }",
           NULL, &r);
    CHECK_CONTAINS(r.body, "OppgaveEndrePaaminnelseVellykket");
}

static void utfoert_and_utgaatt_in_the_reference_order(void)
{
    const char *utfoert = "mutation ($id: ID!) { oppgaveUtfoert(id: $id) { __typename ... on Error { feilmelding } } }";
    bb_gqlf(&srv, auth.ukjent, utfoert, &r, "{'id': '%s'}", beskjed_id); /* the kind before the producer */
    CHECK_CONTAINS(r.body, "er ikke en oppgave");
    bb_gqlf(&srv, auth.ukjent, utfoert, &r, "{'id': '%s'}", oppgave_id);
    CHECK_CONTAINS(r.body, "UkjentProdusent");
    bb_gqlf(&srv, auth.annen, utfoert, &r, "{'id': '%s'}", oppgave_id);
    CHECK_CONTAINS(r.body, "UgyldigMerkelapp");
    int before = bb_events_of(oppgave_id);
    for (int i = 0; i < 2; i++) { /* no state check: it repeats */
        bb_gqlf(&srv, auth.tiltak, utfoert, &r, "{'id': '%s'}", oppgave_id);
        CHECK_CONTAINS(r.body, "{\"__typename\":\"OppgaveUtfoertVellykket\"}");
    }
    CHECK_EQ_INT(bb_events_of(oppgave_id), before + 2);
    CHECK_EQ_STR(column_of(oppgave_id, "tilstand"), "UTFOERT");
    bb_gql(&srv, auth.tiltak,
           "mutation { oppgaveUtgaatt(id: '01a206c2-9f89-73d6-bf25-000000000000') { __typename ... "
           "on Error { feilmelding } } }", NULL, &r);
    CHECK_CONTAINS(r.body, "Notifikasjon med id 01a206c2-9f89-73d6-bf25-000000000000 finnes ikke");
    bb_gqlf(&srv, auth.annen, "mutation ($id: ID!) { oppgaveUtgaatt(id: $id) { __typename } }", &r,
            "{'id': '%s'}", oppgave_id);
    CHECK_CONTAINS(r.body, "UgyldigMerkelapp"); /* before the state */
}

static void utfoert_oppgave_refuses_new_frist_and_reminder(void)
{
    bb_gqlf(&srv, auth.tiltak, UTSETT, &r, "{'id': '%s', 'frist': '2025-01-01'}", oppgave_id);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"OppgavenErAlleredeUtfoert\",\"feilmelding\":\"Oppgaven er "
                           "allerede utført\"}");
    bb_gqlf(&srv, auth.tiltak, ENDRE, &r, "{'id': '%s', 'paaminnelse': null}", oppgave_id);
    CHECK_CONTAINS(r.body, "OppgavenErAlleredeUtfoert");
    /* a key seen before still answers success */
    bb_gqlf(&srv, auth.tiltak, ENDRE, &r, "{'id': '%s', 'idemptoencyKey': 'p-1'}", oppgave_id);
    CHECK_CONTAINS(r.body, "OppgaveEndrePaaminnelseVellykket");
    CHECK_EQ_STR(column_of(oppgave_id, "tilstand"), "UTFOERT");
}

static void every_tilstand_reads_back(void)
{
    char utgaatt[64];
    ny_oppgave("o-3", "null", utgaatt);
    bb_gqlf(&srv, auth.tiltak, "mutation ($id: ID!) { oppgaveUtgaatt(id: $id) { __typename } }", &r,
            "{'id': '%s'}", utgaatt);
    bb_gqlf(&srv, auth.tiltak, "mutation ($id: ID!) { oppgaveUtgaatt(id: $id) { __typename } }", &r,
            "{'id': '%s'}", utgaatt); /* repeating on UTGAATT is fine */
    CHECK_CONTAINS(r.body, "OppgaveUtgaattVellykket");
    bb_gql(&srv, auth.tiltak,
           "{ mineNotifikasjoner { ... on NotifikasjonConnection { edges { node { __typename ... on "
           "Oppgave { metadata { eksternId opprettetTidspunkt } oppgave { tilstand } } ... on Beskjed { "
           "metadata { eksternId } } } } } } }",
           NULL, &r);
    CHECK_EQ_STR(r.body,
                 "{\"data\":{\"mineNotifikasjoner\":{\"edges\":["
                 "{\"node\":{\"__typename\":\"Oppgave\",\"metadata\":{\"eksternId\":\"o-3\",\"opprettetTidspunkt\":"
                 "\"2024-01-01T01:01:00Z\"},\"oppgave\":{\"tilstand\":\"UTGAATT\"}}},"
                 "{\"node\":{\"__typename\":\"Oppgave\",\"metadata\":{\"eksternId\":\"o-2\",\"opprettetTidspunkt\":"
                 "\"2024-01-01T01:01:00Z\"},\"oppgave\":{\"tilstand\":\"NY\"}}},"
                 "{\"node\":{\"__typename\":\"Beskjed\",\"metadata\":{\"eksternId\":\"b-1\"}}},"
                 "{\"node\":{\"__typename\":\"Oppgave\",\"metadata\":{\"eksternId\":\"o-1\",\"opprettetTidspunkt\":"
                 "\"2024-01-01T01:01:00Z\"},\"oppgave\":{\"tilstand\":\"UTFOERT\"}}}]}}}");
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"utsett_frist_checks", utsett_frist_checks},
    {"utsett_frist_moves_it_and_reopens", utsett_frist_moves_it_and_reopens},
    {"endre_paaminnelse", endre_paaminnelse},
    {"utfoert_and_utgaatt_in_the_reference_order", utfoert_and_utgaatt_in_the_reference_order},
    {"utfoert_oppgave_refuses_new_frist_and_reminder", utfoert_oppgave_refuses_new_frist_and_reminder},
    {"every_tilstand_reads_back", every_tilstand_reads_back},
};

CHECK_MAIN("blackbox/producer_oppgave", cases)
