/* The producer's queries over HTTP (producer-api.md 8): hentNotifikasjon
 * and mineNotifikasjoner render every kind with its recipients, texts,
 * states and external notices, in a defined order (newest first), with
 * their error members; and the create mutations' error members for
 * nyOppgave, the deprecated by-eksternId forms. */
#include "blackbox.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bb_server srv;
static struct bb_producers auth;
static struct bb_reply r;
static char beskjed_id[64], oppgave_id[64], varsel_id[64];

#define NY_OPPGAVE                                                                               \
    "mutation O($o: NyOppgaveInput!) { nyOppgave(nyOppgave: $o) { __typename ... on "            \
    "NyOppgaveVellykket { id } ... on DuplikatEksternIdOgMerkelapp { idTilEksisterende } ... on " \
    "Error { feilmelding } } }"

static void oppgave(const char *auth_header, const char *merkelapp, const char *recipient,
                    const char *tekst)
{
    bb_gqlf(&srv, auth_header, NY_OPPGAVE, &r,
            "{'o': {'mottakere': [%s], 'notifikasjon': {'merkelapp': '%s', 'tekst': '%s', 'lenke': "
            "'https://x/o'}, 'metadata': {'eksternId': 'o-1', 'virksomhetsnummer': '910825496', "
            "'opprettetTidspunkt': '2024-01-01T01:01+01:00'}}}",
            recipient, merkelapp, tekst);
}

#define ROLLE "{'altinnRolle': {'roleDefinitionCode': 'DAGL'}}"

static void setup(void)
{
    CHECK_EQ_INT(bb_producer_start(&srv, &auth), 0);
    bb_gql(&srv, auth.tiltak,
           "mutation B($b: NyBeskjedInput!) { nyBeskjed(nyBeskjed: $b) { ... on NyBeskjedVellykket "
           "{ id eksterneVarsler { id } } } }",
           "{'b': {'mottaker': {'altinnReportee': {'fnr': '16120101181'}}, 'mottakere': [{'altinn': "
           "{'serviceCode': '4321', 'serviceEdition': '1'}}, {'altinnRessurs': {'ressursId': "
           "'nav_tiltak'}}], 'notifikasjon': {'merkelapp': 'Pensjon', 'tekst': 'Beskjed', 'lenke': "
           "'https://x/b'}, 'metadata': {'eksternId': 'b-1', 'virksomhetsnummer': '910825496', "
           "'grupperingsid': 'g'}, 'eksterneVarsler': [{'altinnressurs': {'mottaker': {'ressursId': "
           "'nav_tiltak'}, 'epostTittel': 'Hei', 'epostHtmlBody': '<p>Hei</p>', 'smsTekst': 'Hei', "
           "'sendetidspunkt': {'tidspunkt': '2030-01-01T08:00'}}}]}}",
           &r);
    bb_json_at(r.body, "data.nyBeskjed.id", beskjed_id, sizeof beskjed_id);
    bb_json_at(r.body, "data.nyBeskjed.eksterneVarsler.0.id", varsel_id, sizeof varsel_id);
    CHECK_EQ_INT(strlen(varsel_id), 36);
}

static void ny_oppgave_error_members(void)
{
    oppgave(auth.ukjent, "Tiltak", ROLLE, "Gjør");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UkjentProdusent\",\"feilmelding\":\"Finner ikke produsent "
                           "med id dev:ukjent\"}");
    oppgave(auth.tiltak, "Annen", "{'altinnRolle': {'roleDefinitionCode': 'REGN'}}", "Gjør");
    CHECK_CONTAINS(r.body, "\"feilmelding\":\" Ugyldig mottaker 'AltinnRolleMottaker(roleDefinitionCode=REGN, "
                           "virksomhetsnummer=910825496)'. \\n Gyldige mottakere er: [");
    oppgave(auth.tiltak, "Annen", ROLLE, "Gjør");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMerkelapp\",\"feilmelding\":\" Ugyldig merkelapp 'Annen'.");
    oppgave(auth.tiltak, "Tiltak", ROLLE, "Gjør");
    bb_json_at(r.body, "data.nyOppgave.id", oppgave_id, sizeof oppgave_id);
    CHECK_EQ_INT(strlen(oppgave_id), 36);
    oppgave(auth.tiltak, "Tiltak", ROLLE, "Gjør noe annet");
    char want[160];
    snprintf(want, sizeof want, "{\"__typename\":\"DuplikatEksternIdOgMerkelapp\",\"idTilEksisterende\":\"%s\"", oppgave_id);
    CHECK_CONTAINS(r.body, want);
    oppgave(auth.tiltak, "Tiltak", ROLLE, "Gjør 12345678901");
    CHECK_CONTAINS(r.body, "Exception while fetching data (/nyOppgave) : notifikasjon.tekst: verdien "
                           "inneholder uønsket data: personnummer (11 siffer)");
}

static void deprecated_by_ekstern_id_forms(void)
{
    bb_gql(&srv, auth.ukjent,
           "mutation { oppgaveUtgaattByEksternId(merkelapp: 'Tiltak', eksternId: 'o-1') { __typename } }",
           NULL, &r);
    CHECK_CONTAINS(r.body, "UkjentProdusent"); /* after the lookup found it */
    /* eksternId typed ID: an integer literal is the string "1" */
    bb_gql(&srv, auth.tiltak,
           "mutation { oppgaveUtfoertByEksternId(merkelapp: 'Tiltak', eksternId: 1) { __typename ... "
           "on Error { feilmelding } } }", NULL, &r);
    CHECK_CONTAINS(r.body, "\"feilmelding\":\"Notifikasjon med eksternId 1 og merkelapp Tiltak finnes ikke\"");
    bb_gql(&srv, auth.tiltak,
           "mutation { oppgaveUtfoertByEksternId(merkelapp: 'Tiltak', eksternId: 'o-1', hardDelete: "
           "{nyTid: {om: 'P1D'}, strategi: FORLENG}) { __typename } }", NULL, &r);
    CHECK_CONTAINS(r.body, "{\"data\":{\"oppgaveUtfoertByEksternId\":{\"__typename\":\"OppgaveUtfoertVellykket\"}}}");
}

#define NODE                                                                                     \
    "__typename ... on Beskjed { mottaker { __typename } mottakere { __typename ... on "           \
    "AltinnMottaker { serviceCode serviceEdition virksomhetsnummer } ... on AltinnRessursMottaker " \
    "{ ressursId virksomhetsnummer } ... on AltinnReporteeMottaker { fnr virksomhetsnummer } } "  \
    "metadata { id eksternId opprettetTidspunkt grupperingsid } beskjed { merkelapp tekst lenke } " \
    "eksterneVarsler { id status } } ... on Oppgave { mottaker { __typename } metadata { "         \
    "eksternId opprettetTidspunkt grupperingsid } oppgave { tilstand merkelapp tekst lenke } "     \
    "eksterneVarsler { id } }"

static void hent_notifikasjon_renders_each_kind(void)
{
    bb_gqlf(&srv, auth.tiltak,
            "query H($id: ID!) { hentNotifikasjon(id: $id) { ... on HentetNotifikasjon { notifikasjon "
            "{ " NODE " } } } }", &r, "{'id': '%s'}", beskjed_id);
    char want[1024];
    snprintf(want, sizeof want,
             "{\"data\":{\"hentNotifikasjon\":{\"notifikasjon\":{\"__typename\":\"Beskjed\",\"mottaker\":"
             "{\"__typename\":\"AltinnReporteeMottaker\"},\"mottakere\":[{\"__typename\":"
             "\"AltinnReporteeMottaker\",\"fnr\":\"16120101181\",\"virksomhetsnummer\":\"910825496\"},"
             "{\"__typename\":\"AltinnMottaker\",\"serviceCode\":\"4321\",\"serviceEdition\":\"1\","
             "\"virksomhetsnummer\":\"910825496\"},{\"__typename\":\"AltinnRessursMottaker\",\"ressursId\":"
             "\"nav_tiltak\",\"virksomhetsnummer\":\"910825496\"}],\"metadata\":{\"id\":\"%s\",\"eksternId\":"
             "\"b-1\",\"opprettetTidspunkt\":\"",
             beskjed_id);
    CHECK_CONTAINS(r.body, want);
    snprintf(want, sizeof want,
             "\",\"grupperingsid\":\"g\"},\"beskjed\":{\"merkelapp\":\"Pensjon\",\"tekst\":\"Beskjed\","
             "\"lenke\":\"https://x/b\"},\"eksterneVarsler\":[{\"id\":\"%s\",\"status\":\"NY\"}]}}}}",
             varsel_id);
    CHECK_CONTAINS(r.body, want);
    bb_gqlf(&srv, auth.tiltak,
            "query H($id: ID!) { hentNotifikasjon(id: $id) { ... on HentetNotifikasjon { notifikasjon "
            "{ " NODE " } } } }", &r, "{'id': '%s'}", oppgave_id);
    CHECK_EQ_STR(r.body, "{\"data\":{\"hentNotifikasjon\":{\"notifikasjon\":{\"__typename\":\"Oppgave\","
                         "\"mottaker\":{\"__typename\":\"AltinnRolleMottaker\"},\"metadata\":{\"eksternId\":"
                         "\"o-1\",\"opprettetTidspunkt\":\"2024-01-01T00:01:00Z\",\"grupperingsid\":null},"
                         "\"oppgave\":{\"tilstand\":\"UTFOERT\",\"merkelapp\":\"Tiltak\",\"tekst\":\"Gjør\","
                         "\"lenke\":\"https://x/o\"},\"eksterneVarsler\":[]}}}}");
}

static void query_error_members(void)
{
    char q[256];
    snprintf(q, sizeof q, "{ hentNotifikasjon(id: '%s') { __typename ... on Error { feilmelding } } }", beskjed_id);
    bb_gql(&srv, auth.ukjent, q, NULL, &r);
    CHECK_CONTAINS(r.body, "\"__typename\":\"UkjentProdusent\"");
    bb_gql(&srv, auth.annen, q, NULL, &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMerkelapp\",\"feilmelding\":\" Ugyldig merkelapp 'Pensjon'.");
    bb_gql(&srv, auth.ukjent, "{ mineNotifikasjoner { __typename } }", NULL, &r);
    CHECK_CONTAINS(r.body, "{\"data\":{\"mineNotifikasjoner\":{\"__typename\":\"UkjentProdusent\"}}}");
    bb_gql(&srv, auth.tiltak, "{ mineNotifikasjoner(merkelapper: ['Tiltak', 'Annen']) { __typename ... on "
                              "Error { feilmelding } } }", NULL, &r);
    CHECK_CONTAINS(r.body, "\" Ugyldig merkelapp 'Annen'.");
    bb_gql(&srv, auth.tiltak, "{ mineNotifikasjoner(after: 'bm90LWEtY3Vyc29y') { __typename } }", NULL, &r);
    CHECK_CONTAINS(r.body, "Exception while fetching data (/mineNotifikasjoner) : after: ukjent cursor.");
    bb_gql(&srv, auth.tiltak, "{ mineNotifikasjoner(first: 0) { ... on NotifikasjonConnection { edges { "
                              "cursor } pageInfo { hasNextPage endCursor } } } }", NULL, &r);
    CHECK_EQ_STR(r.body, "{\"data\":{\"mineNotifikasjoner\":{\"edges\":[],\"pageInfo\":{\"hasNextPage\":"
                         "false,\"endCursor\":\"Y3VyMA==\"}}}}");
}

static void mine_notifikasjoner_newest_first_across_merkelapper(void)
{
    bb_gql(&srv, auth.tiltak,
           "{ mineNotifikasjoner(merkelapper: ['Pensjon', 'Tiltak']) { ... on NotifikasjonConnection { "
           "edges { cursor node { __typename } } pageInfo { hasNextPage endCursor } } } }", NULL, &r);
    CHECK_EQ_STR(r.body, "{\"data\":{\"mineNotifikasjoner\":{\"edges\":[{\"cursor\":\"Y3VyMQ==\",\"node\":"
                         "{\"__typename\":\"Oppgave\"}},{\"cursor\":\"Y3VyMg==\",\"node\":{\"__typename\":"
                         "\"Beskjed\"}}],\"pageInfo\":{\"hasNextPage\":false,\"endCursor\":\"Y3VyMg==\"}}}}");
    /* pages over several merkelapper (each named once however often it is given) */
    bb_gql(&srv, auth.tiltak,
           "{ mineNotifikasjoner(first: 1, merkelapper: ['Pensjon', 'Tiltak', 'Pensjon']) { ... on "
           "NotifikasjonConnection { edges { cursor node { __typename } } pageInfo { hasNextPage } } } }",
           NULL, &r);
    CHECK_EQ_STR(r.body, "{\"data\":{\"mineNotifikasjoner\":{\"edges\":[{\"cursor\":\"Y3VyMQ==\",\"node\":"
                         "{\"__typename\":\"Oppgave\"}}],\"pageInfo\":{\"hasNextPage\":true}}}}");
    bb_gql(&srv, auth.tiltak,
           "{ mineNotifikasjoner(first: 1, after: 'Y3VyMQ==', merkelapper: ['Pensjon', 'Tiltak']) { ... on "
           "NotifikasjonConnection { edges { cursor node { __typename } } pageInfo { hasNextPage } } } }",
           NULL, &r);
    CHECK_EQ_STR(r.body, "{\"data\":{\"mineNotifikasjoner\":{\"edges\":[{\"cursor\":\"Y3VyMg==\",\"node\":"
                         "{\"__typename\":\"Beskjed\"}}],\"pageInfo\":{\"hasNextPage\":false}}}}");
    bb_gql(&srv, auth.tiltak,
           "{ mineNotifikasjoner(merkelapp: 'Pensjon', grupperingsid: 'g') { ... on NotifikasjonConnection "
           "{ edges { node { __typename } } } } }", NULL, &r);
    CHECK_EQ_STR(r.body, "{\"data\":{\"mineNotifikasjoner\":{\"edges\":[{\"node\":{\"__typename\":\"Beskjed\"}}]}}}");
    bb_gql(&srv, auth.tiltak,
           "{ mineNotifikasjoner(merkelapp: 'Pensjon', grupperingsid: 'annen') { ... on "
           "NotifikasjonConnection { edges { node { __typename } } } } }", NULL, &r);
    CHECK_EQ_STR(r.body, "{\"data\":{\"mineNotifikasjoner\":{\"edges\":[]}}}");
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"ny_oppgave_error_members", ny_oppgave_error_members},
    {"deprecated_by_ekstern_id_forms", deprecated_by_ekstern_id_forms},
    {"hent_notifikasjon_renders_each_kind", hent_notifikasjon_renders_each_kind},
    {"query_error_members", query_error_members},
    {"mine_notifikasjoner_newest_first_across_merkelapper", mine_notifikasjoner_newest_first_across_merkelapper},
};

CHECK_MAIN("blackbox/producer_queries", cases)
