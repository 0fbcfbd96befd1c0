/* Kalenderavtaler over HTTP (producer-api.md 9.3, 9.12, 14): nyKalenderavtale
 * (the sak it needs, every error member in the reference's order,
 * idempotency), how it reads back, and oppdaterKalenderavtale (only given
 * fields change, a working idempotencyKey, new times, reminders). */
#include "blackbox.h"
#include "check.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bb_server srv;
static struct bb_producers auth;
static struct bb_reply r;
static char avtale_id[64], varsel_id[64];

#define LEDER "{'naermesteLeder': {'naermesteLederFnr': '16120101181', 'ansattFnr': '26090099884'}}"

#define NY_AVTALE                                                                                \
    "mutation K($gid: String! $merkelapp: String! $eksternId: String! $tekst: String! $m: "       \
    "[MottakerInput!]! $start: ISO8601DateTime! $slutt: ISO8601DateTime $lokasjon: LokasjonInput " \
    "$digitalt: Boolean $tilstand: KalenderavtaleTilstand $varsler: [EksterntVarselInput!]! = [] " \
    "$p: PaaminnelseInput $hd: FutureTemporalInput $org: String!) { nyKalenderavtale("            \
    "virksomhetsnummer: $org grupperingsid: $gid merkelapp: $merkelapp eksternId: $eksternId "   \
    "tekst: $tekst lenke: 'https://avtale.example/1' mottakere: $m startTidspunkt: $start "       \
    "sluttTidspunkt: $slutt lokasjon: $lokasjon erDigitalt: $digitalt tilstand: $tilstand "      \
    "eksterneVarsler: $varsler paaminnelse: $p hardDelete: $hd) { __typename ... on "            \
    "NyKalenderavtaleVellykket { id eksterneVarsler { id } paaminnelse { eksterneVarsler { id } } " \
    "} ... on DuplikatEksternIdOgMerkelapp { idTilEksisterende } ... on Error { feilmelding } } }"

/* The first avtale's variables; later members of the object override. */
#define AVTALE_VARS                                                                              \
    "{'gid': 'avtale-sak', 'merkelapp': 'Tiltak', 'eksternId': 'a-1', 'tekst': 'Dialogmøte', "    \
    "'m': [" LEDER "], 'start': '2030-06-01T10:00', 'slutt': '2030-06-01T11:30', 'lokasjon': "    \
    "{'adresse': 'Storgata 1', 'postnummer': '0155', 'poststed': 'Oslo'}, 'digitalt': true, "     \
    "'varsler': [{'sms': {'mottaker': {'kontaktinfo': {'tlf': '99999999'}}, 'smsTekst': 'Møte', "  \
    "'sendetidspunkt': {'sendevindu': 'LOEPENDE'}}}], 'p': {'tidspunkt': {'foerStartTidspunkt': " \
    "'P1D'}, 'eksterneVarsler': []}, 'org': '910825496'"

static void avtale(const char *auth_header, const char *overrides)
{
    bb_gqlf(&srv, auth_header, NY_AVTALE, &r, AVTALE_VARS "%s}", overrides ? overrides : "");
}

static void setup(void)
{
    CHECK_EQ_INT(bb_producer_start(&srv, &auth), 0);
    const char *sak = "mutation S($gid: String! $m: String! $r: [MottakerInput!]!) { nySak("
                      "grupperingsid: $gid merkelapp: $m virksomhetsnummer: '910825496' "
                      "mottakere: $r tittel: 'Oppfølging' initiellStatus: MOTTATT) { __typename } }";
    bb_gql(&srv, auth.tiltak, sak, "{'gid': 'avtale-sak', 'm': 'Tiltak', 'r': [" LEDER "]}", &r);
    CHECK_CONTAINS(r.body, "NySakVellykket");
    bb_gql(&srv, auth.annen, sak, "{'gid': 'annen-sak', 'm': 'Annen', 'r': [" LEDER "]}", &r);
    CHECK_CONTAINS(r.body, "NySakVellykket");
}

static void creates_and_recognises_a_repeat(void)
{
    avtale(auth.tiltak, NULL);
    CHECK_CONTAINS(r.body, "{\"data\":{\"nyKalenderavtale\":{\"__typename\":\"NyKalenderavtaleVellykket\"");
    CHECK_CONTAINS(r.body, "\"paaminnelse\":{\"eksterneVarsler\":[]}");
    bb_json_at(r.body, "data.nyKalenderavtale.id", avtale_id, sizeof avtale_id);
    bb_json_at(r.body, "data.nyKalenderavtale.eksterneVarsler.0.id", varsel_id, sizeof varsel_id);
    CHECK_EQ_INT(strlen(avtale_id), 36);
    CHECK_EQ_INT(strlen(varsel_id), 36);
    avtale(auth.tiltak, NULL);
    char again[64];
    CHECK_EQ_STR(bb_json_at(r.body, "data.nyKalenderavtale.id", again, sizeof again), avtale_id);
    CHECK_EQ_STR(bb_json_at(r.body, "data.nyKalenderavtale.eksterneVarsler.0.id", again, sizeof again),
                 varsel_id);
    CHECK_EQ_INT(bb_events_of(avtale_id), 1);
    avtale(auth.tiltak, ", 'digitalt': false");
    char want[256];
    snprintf(want, sizeof want, "{\"__typename\":\"DuplikatEksternIdOgMerkelapp\",\"idTilEksisterende\":"
                                "\"%s\",\"feilmelding\":\"notifikasjon med angitt eksternId og "
                                "merkelapp finnes fra før\"}",
             avtale_id);
    CHECK_CONTAINS(r.body, want);
}

static void errors_in_the_reference_order(void)
{
    avtale(auth.ukjent, ", 'eksternId': 'a-2'");
    CHECK_CONTAINS(r.body, "\"__typename\":\"UkjentProdusent\"");
    /* the sak is looked up before the merkelapp is checked */
    avtale(auth.tiltak, ", 'eksternId': 'a-2', 'merkelapp': 'Annen', 'gid': 'ingen'");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"SakFinnesIkke\",\"feilmelding\":\"Sak med grupperingsid "
                           "ingen og merkelapp Annen finnes ikke\"}");
    avtale(auth.tiltak, ", 'eksternId': 'a-2', 'merkelapp': 'Annen', 'gid': 'annen-sak', "
                        "'slutt': '2030-06-01T09:59'");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigKalenderavtale\",\"feilmelding\":\"sluttTidspunkt "
                           "kan ikke være før startTidspunkt\"}");
    avtale(auth.tiltak, ", 'eksternId': 'a-2', 'p': {'tidspunkt': {'foerStartTidspunkt': 'PT-1H'}}");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigPaaminnelseTidspunkt\",\"feilmelding\":"
                           "\"påminnelsestidspunktet kan ikke være etter startTidspunkt på kalenderavtalen\"}");
    avtale(auth.tiltak, ", 'eksternId': 'a-2', 'p': {'tidspunkt': {'konkret': '2001-01-01T00:00'}}");
    CHECK_CONTAINS(r.body, "påminnelsestidspunktet kan ikke være før oppgaven er opprettet");
    avtale(auth.tiltak, ", 'eksternId': 'a-2', 'p': {'tidspunkt': {'foerFrist': 'P1D'}}");
    CHECK_CONTAINS(r.body, "du må oppgi `frist`, siden `foerFrist` skal være relativ til denne");
    avtale(auth.tiltak, ", 'eksternId': 'a-2', 'm': [{'altinnRessurs': {'ressursId': 'nav_annet'}}]");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMottaker\",\"feilmelding\":\" Ugyldig mottaker "
                           "'AltinnRessursMottaker(ressursId=nav_annet, virksomhetsnummer=910825496)'. "
                           "\\n Gyldige mottakere er: [");
    avtale(auth.tiltak, ", 'eksternId': 'a-2', 'merkelapp': 'Annen', 'gid': 'annen-sak'");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMerkelapp\",\"feilmelding\":\" Ugyldig merkelapp 'Annen'.");
    avtale(auth.tiltak, ", 'eksternId': 'a-2', 'm': [{'altinnRolle': {'roleDefinitionCode': 'DAGL'}}]");
    CHECK_CONTAINS(r.body, "AltinnRolleMottaker(roleDefinitionCode=DAGL, virksomhetsnummer=910825496)'. "
                           "\\n Mottaker må finnes på sak.");
    /* ending when it starts is fine */
    avtale(auth.tiltak, ", 'eksternId': 'a-2', 'slutt': '2030-06-01T10:00'");
    CHECK_CONTAINS(r.body, "NyKalenderavtaleVellykket");
}

static void input_rules(void)
{
    char tekst[400];
    memset(tekst, 't', 301);
    tekst[301] = '\0';
    char over[512];
    snprintf(over, sizeof over, ", 'eksternId': 'a-3', 'tekst': '%s'", tekst);
    avtale(auth.tiltak, over);
    CHECK_CONTAINS(r.body, "\"message\":\"Exception while fetching data (/nyKalenderavtale) : "
                           "kalenderavtale.tekst: verdien overstiger maks antall tegn, antall=301, maks=300.\"");
    avtale(auth.tiltak, ", 'eksternId': 'a-3', 'tekst': 'Møte med 16120101181'");
    CHECK_CONTAINS(r.body, "kalenderavtale.tekst: verdien inneholder uønsket data: personnummer (11 siffer)");
    avtale(auth.tiltak, ", 'eksternId': 'a-3', 'varsler': [{'epost': {'mottaker': {'kontaktinfo': "
                        "{'epostadresse': 'foo@foo'}}, 'epostTittel': 't', 'epostHtmlBody': 'b', "
                        "'sendetidspunkt': {'sendevindu': 'LOEPENDE'}}}]");
    CHECK_CONTAINS(r.body, "Kontaktinfo.epostadresse: verdien er ikke en gyldig e-postadresse.");
    avtale(auth.tiltak, ", 'eksternId': 'a-3', 'hd': {'den': '2031-01-01T00:00', 'om': 'P1D'}");
    CHECK_CONTAINS(r.body, "FutureTemporalInput: nøyaktig ett felt skal være satt. (den, om er gitt)");
    avtale(auth.tiltak, ", 'eksternId': 'a-3', 'p': {'tidspunkt': {}}");
    CHECK_CONTAINS(r.body, "PaaminnelseTidspunktInput: nøyaktig ett felt skal være satt. (Ingen felt er satt)");
    avtale(auth.tiltak, ", 'eksternId': 'a-3', 'm': []");
    CHECK_CONTAINS(r.body, "minst 1 mottaker må gis");
    char out[64];
    bb_db_rows("SELECT count(*) FROM notifikasjon WHERE ekstern_id = 'a-3'", out, sizeof out);
    CHECK_EQ_STR(out, "0\n");
}

#define HENT                                                                                     \
    "query H($id: ID!) { hentNotifikasjon(id: $id) { ... on HentetNotifikasjon { notifikasjon { " \
    "__typename ... on Kalenderavtale { mottakere { __typename ... on NaermesteLederMottaker { "   \
    "naermesteLederFnr ansattFnr virksomhetsnummer } } metadata { id eksternId grupperingsid } "   \
    "kalenderavtale { merkelapp tekst lenke startTidspunkt sluttTidspunkt lokasjon { adresse "     \
    "postnummer poststed } digitalt tilstand } eksterneVarsler { id status } } } } } }"

static void hent(void)
{
    bb_gqlf(&srv, auth.tiltak, HENT, &r, "{'id': '%s'}", avtale_id);
}

static void reads_back_with_times_in_utc(void)
{
    hent();
    char want[1024];
    snprintf(want, sizeof want,
             "{\"data\":{\"hentNotifikasjon\":{\"notifikasjon\":{\"__typename\":\"Kalenderavtale\","
             "\"mottakere\":[{\"__typename\":\"NaermesteLederMottaker\",\"naermesteLederFnr\":"
             "\"16120101181\",\"ansattFnr\":\"26090099884\",\"virksomhetsnummer\":\"910825496\"}],"
             "\"metadata\":{\"id\":\"%s\",\"eksternId\":\"a-1\",\"grupperingsid\":\"avtale-sak\"},"
             "\"kalenderavtale\":{\"merkelapp\":\"Tiltak\",\"tekst\":\"Dialogmøte\",\"lenke\":"
             "\"https://avtale.example/1\",\"startTidspunkt\":\"2030-06-01T08:00:00Z\","
             "\"sluttTidspunkt\":\"2030-06-01T09:30:00Z\",\"lokasjon\":{\"adresse\":\"Storgata 1\","
             "\"postnummer\":\"0155\",\"poststed\":\"Oslo\"},\"digitalt\":true,\"tilstand\":"
             "\"VENTER_SVAR_FRA_ARBEIDSGIVER\"},\"eksterneVarsler\":[{\"id\":\"%s\",\"status\":\"NY\"}]}}}}",
             avtale_id, varsel_id);
    CHECK_EQ_STR(r.body, want);
    /* the event carries the times as Oslo local date-times (producer-api.md 17) */
    char out[128];
    CHECK_EQ_STR(bb_event_at(avtale_id, NULL, "startTidspunkt", out, sizeof out), "2030-06-01T10:00:00");
    CHECK_EQ_STR(bb_event_at(avtale_id, NULL, "sluttTidspunkt", out, sizeof out), "2030-06-01T11:30:00");
}

#define OPPDATER                                                                                 \
    "mutation U($id: ID! $key: String $tilstand: KalenderavtaleTilstand $tekst: String $lenke: "  \
    "String $lokasjon: LokasjonInput $digitalt: Boolean $start: ISO8601DateTime $slutt: "        \
    "ISO8601DateTime $p: PaaminnelseInput $hd: HardDeleteUpdateInput) { oppdaterKalenderavtale(" \
    "id: $id idempotencyKey: $key nyTilstand: $tilstand nyTekst: $tekst nyLenke: $lenke "        \
    "nyLokasjon: $lokasjon nyErDigitalt: $digitalt nyttStartTidspunkt: $start "                   \
    "nyttSluttTidspunkt: $slutt paaminnelse: $p hardDelete: $hd) { __typename ... on "           \
    "OppdaterKalenderavtaleVellykket { id } ... on Error { feilmelding } } }"

static void oppdater(const char *auth_header, const char *id, const char *vars)
{
    bb_gqlf(&srv, auth_header, OPPDATER, &r, "{'id': '%s'%s}", id, vars);
}

static void update_errors(void)
{
    /* the producer is asked before the lookup here */
    oppdater(auth.ukjent, "01a206c2-9f89-73d6-bf25-000000000000", ", 'tekst': 'x'");
    CHECK_CONTAINS(r.body, "\"__typename\":\"UkjentProdusent\"");
    oppdater(auth.tiltak, "01a206c2-9f89-73d6-bf25-000000000000", ", 'tekst': 'x'");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"NotifikasjonFinnesIkke\",\"feilmelding\":\"kalenderavtale "
                           "med id=01a206c2-9f89-73d6-bf25-000000000000 finnes ikke\"}");
    bb_gql(&srv, auth.tiltak,
           "mutation { oppdaterKalenderavtaleByEksternId(merkelapp: 'Tiltak', eksternId: 'nei', "
           "nyTekst: 'x') { __typename ... on Error { feilmelding } } }",
           NULL, &r);
    CHECK_CONTAINS(r.body, "\"feilmelding\":\"kalenderavtale med eksternId=nei og merkelapp=Tiltak finnes ikke\"");
    /* a beskjed is not a kalenderavtale */
    bb_gql(&srv, auth.tiltak,
           "mutation B($m: [MottakerInput!]!) { nyBeskjed(nyBeskjed: {mottakere: $m, notifikasjon: "
           "{merkelapp: 'Tiltak', tekst: 'Hei', lenke: 'x'}, metadata: {eksternId: 'b-1', "
           "virksomhetsnummer: '910825496'}}) { ... on NyBeskjedVellykket { id } } }",
           "{'m': [" LEDER "]}", &r);
    char beskjed[64], want[160];
    bb_json_at(r.body, "data.nyBeskjed.id", beskjed, sizeof beskjed);
    oppdater(auth.tiltak, beskjed, ", 'tekst': 'x'");
    snprintf(want, sizeof want, "\"feilmelding\":\"kalenderavtale med id=%s finnes ikke\"", beskjed);
    CHECK_CONTAINS(r.body, want);
    oppdater(auth.annen, avtale_id, ", 'tekst': 'x'");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMerkelapp\",\"feilmelding\":\" Ugyldig merkelapp "
                           "'Tiltak'.\\n Gyldige merkelapper er: [Annen]\"}");
    oppdater(auth.tiltak, avtale_id, ", 'slutt': '2030-06-01T09:00'");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigKalenderavtale\",\"feilmelding\":\"sluttTidspunkt "
                           "kan ikke være før startTidspunkt\"}");
    oppdater(auth.tiltak, avtale_id, ", 'p': {'tidspunkt': {'konkret': '2031-01-01T00:00'}}");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigPaaminnelseTidspunkt\",\"feilmelding\":"
                           "\"påminnelsestidspunktet kan ikke være etter startTidspunkt på kalenderavtalen\"}");
    char tekst[400];
    memset(tekst, 't', 301);
    tekst[301] = '\0';
    char vars[512];
    snprintf(vars, sizeof vars, ", 'tekst': '%s'", tekst);
    oppdater(auth.tiltak, avtale_id, vars);
    CHECK_CONTAINS(r.body, "Exception while fetching data (/oppdaterKalenderavtale) : kalenderavtale.tekst: "
                           "verdien overstiger maks antall tegn, antall=301, maks=300.");
    oppdater(auth.tiltak, avtale_id, ", 'hd': {'nyTid': {}, 'strategi': 'OVERSKRIV'}");
    CHECK_CONTAINS(r.body, "FutureTemporalInput: nøyaktig ett felt skal være satt. (Ingen felt er satt)");
    CHECK_EQ_INT(bb_events_of(avtale_id), 1); /* none of these changed anything */
}

static void only_given_fields_change(void)
{
    oppdater(auth.tiltak, avtale_id, "");
    CHECK_CONTAINS(r.body, "OppdaterKalenderavtaleVellykket");
    CHECK_EQ_INT(bb_events_of(avtale_id), 1); /* nothing to do: no event */
    oppdater(auth.tiltak, avtale_id,
             ", 'tilstand': 'ARBEIDSGIVER_HAR_GODTATT', 'tekst': 'Dialogmøte 2', 'lokasjon': "
             "{'adresse': 'Kirkegata 2', 'postnummer': '0153', 'poststed': 'Oslo'}, 'digitalt': false");
    char want[128];
    snprintf(want, sizeof want, "{\"__typename\":\"OppdaterKalenderavtaleVellykket\",\"id\":\"%s\"}", avtale_id);
    CHECK_CONTAINS(r.body, want);
    hent();
    CHECK_CONTAINS(r.body, "\"kalenderavtale\":{\"merkelapp\":\"Tiltak\",\"tekst\":\"Dialogmøte 2\","
                           "\"lenke\":\"https://avtale.example/1\",\"startTidspunkt\":\"2030-06-01T08:00:00Z\","
                           "\"sluttTidspunkt\":\"2030-06-01T09:30:00Z\",\"lokasjon\":{\"adresse\":"
                           "\"Kirkegata 2\",\"postnummer\":\"0153\",\"poststed\":\"Oslo\"},\"digitalt\":"
                           "false,\"tilstand\":\"ARBEIDSGIVER_HAR_GODTATT\"}");
    /* the avtale moved on: its original create is another avtale now */
    avtale(auth.tiltak, NULL);
    CHECK_CONTAINS(r.body, "DuplikatEksternIdOgMerkelapp");
}

static void idempotency_key_answers_without_effect(void)
{
    int before = bb_events_of(avtale_id);
    oppdater(auth.tiltak, avtale_id, ", 'key': 'k-1', 'lenke': 'https://avtale.example/2'");
    CHECK_EQ_INT(bb_events_of(avtale_id), before + 1);
    oppdater(auth.tiltak, avtale_id, ", 'key': 'k-1', 'lenke': 'https://avtale.example/3'");
    CHECK_CONTAINS(r.body, "OppdaterKalenderavtaleVellykket");
    CHECK_EQ_INT(bb_events_of(avtale_id), before + 1);
    hent();
    CHECK_CONTAINS(r.body, "\"lenke\":\"https://avtale.example/2\"");
}

static void new_times_and_reminders(void)
{
    oppdater(auth.tiltak, avtale_id, ", 'start': '2030-06-02T10:00', 'slutt': '2030-06-02T12:00'");
    hent();
    CHECK_CONTAINS(r.body, "\"startTidspunkt\":\"2030-06-02T08:00:00Z\",\"sluttTidspunkt\":"
                           "\"2030-06-02T10:00:00Z\"");
    char out[256];
    CHECK_EQ_STR(bb_event_at(avtale_id, NULL, "startTidspunkt", out, sizeof out), "2030-06-02T10:00:00");
    /* a reminder alone is a change, counted from the new start */
    oppdater(auth.tiltak, avtale_id, ", 'p': {'tidspunkt': {'foerStartTidspunkt': 'PT2H'}}");
    CHECK_CONTAINS(r.body, "OppdaterKalenderavtaleVellykket");
#define REMINDER_AT bb_event_at(avtale_id, "KalenderavtaleOppdatert", "paaminnelse.paaminnelseTidspunkt", out, sizeof out)
    CHECK_EQ_STR(REMINDER_AT, "2030-06-02T06:00:00Z");
    /* AVLYST takes no reminder */
    oppdater(auth.tiltak, avtale_id, ", 'tilstand': 'AVLYST', 'p': {'tidspunkt': {'foerStartTidspunkt': 'PT2H'}}");
    CHECK_EQ_STR(REMINDER_AT, "");
    oppdater(auth.tiltak, avtale_id, ", 'tilstand': 'AVHOLDT'");
    bb_gql(&srv, auth.tiltak,
           "{ mineNotifikasjoner(merkelapp: 'Tiltak') { ... on NotifikasjonConnection { edges { node "
           "{ ... on Kalenderavtale { metadata { eksternId } kalenderavtale { tilstand startTidspunkt } "
           "} } } } } }",
           NULL, &r);
    CHECK_CONTAINS(r.body, "{\"node\":{\"metadata\":{\"eksternId\":\"a-1\"},\"kalenderavtale\":{"
                           "\"tilstand\":\"AVHOLDT\",\"startTidspunkt\":\"2030-06-02T08:00:00Z\"}}}");
    bb_gql(&srv, auth.tiltak,
           "mutation { oppdaterKalenderavtaleByEksternId(merkelapp: 'Tiltak', eksternId: 'a-1', "
           "nyTilstand: VENTER_SVAR_FRA_ARBEIDSGIVER) { __typename ... on "
           "OppdaterKalenderavtaleVellykket { id } } }",
           NULL, &r);
    CHECK_CONTAINS(r.body, avtale_id);
}

static void survives_a_restart(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    CHECK_EQ_INT(bb_start_producer_server(&srv), 0);
    hent();
    CHECK_CONTAINS(r.body, "\"tilstand\":\"VENTER_SVAR_FRA_ARBEIDSGIVER\"");
    int before = bb_events_of(avtale_id);
    oppdater(auth.tiltak, avtale_id, ", 'key': 'k-1', 'lenke': 'https://avtale.example/4'");
    CHECK_EQ_INT(bb_events_of(avtale_id), before);
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"creates_and_recognises_a_repeat", creates_and_recognises_a_repeat},
    {"errors_in_the_reference_order", errors_in_the_reference_order},
    {"input_rules", input_rules},
    {"reads_back_with_times_in_utc", reads_back_with_times_in_utc},
    {"update_errors", update_errors},
    {"only_given_fields_change", only_given_fields_change},
    {"idempotency_key_answers_without_effect", idempotency_key_answers_without_effect},
    {"new_times_and_reminders", new_times_and_reminders},
    {"survives_a_restart", survives_a_restart},
};

CHECK_MAIN("blackbox/producer_kalenderavtale", cases)
