/* Sak <-> notification linking over HTTP (producer-api.md 11): a beskjed or
 * oppgave with the merkelapp and grupperingsid of an existing sak carries the
 * sak's id in its event, and its recipients must be the sak's (subset,
 * virksomhetsnummer included; the legacy single mottaker is not checked; a
 * legacy Altinn service admits its resources); without a sak it is created
 * unlinked. */
#include "blackbox.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bb_server srv;
static struct bb_producers auth;
static struct bb_reply r;
static char sak_id[64];

#define NY_BESKJED                                                                               \
    "mutation B($b: NyBeskjedInput!) { nyBeskjed(nyBeskjed: $b) { __typename ... on "            \
    "NyBeskjedVellykket { id } ... on Error { feilmelding } } }"
#define NY_OPPGAVE                                                                               \
    "mutation O($o: NyOppgaveInput!) { nyOppgave(nyOppgave: $o) { __typename ... on "            \
    "NyOppgaveVellykket { id } ... on Error { feilmelding } } }"
#define LEDER "{'naermesteLeder': {'naermesteLederFnr': '16120101181', 'ansattFnr': '26090099884'}}"
#define RESSURS "{'altinnRessurs': {'ressursId': 'nav_tiltak'}}"

static void setup(void)
{
    CHECK_EQ_INT(bb_producer_start(&srv, &auth), 0);
    bb_gql(&srv, auth.tiltak,
           "mutation S($m: [MottakerInput!]!) { nySak(grupperingsid: 'sak-42', merkelapp: 'Tiltak', "
           "virksomhetsnummer: '910825496', mottakere: $m, tittel: 'Sak', initiellStatus: MOTTATT) "
           "{ ... on NySakVellykket { id } } }",
           "{'m': [" LEDER ", " RESSURS ", {'altinn': {'serviceCode': '4936', 'serviceEdition': '1'}}]}",
           &r);
    bb_json_at(r.body, "data.nySak.id", sak_id, sizeof sak_id);
    CHECK_EQ_INT(strlen(sak_id), 36);
}

/* A beskjed in merkelapp Tiltak with the recipients (and legacy mottaker) given. */
static void beskjed(const char *ekstern_id, const char *gid, const char *org, const char *mottakere,
                    const char *legacy, char *id_out)
{
    bb_gqlf(&srv, auth.tiltak, NY_BESKJED, &r,
            "{'b': {%s%s%s 'mottakere': %s, 'notifikasjon': {'merkelapp': 'Tiltak', 'tekst': 'Hei', "
            "'lenke': 'https://x'}, 'metadata': {'eksternId': '%s', 'virksomhetsnummer': '%s', "
            "'grupperingsid': %s}}}",
            legacy ? "'mottaker': " : "", legacy ? legacy : "", legacy ? "," : "", mottakere,
            ekstern_id, org, gid);
    if (id_out)
        bb_json_at(r.body, "data.nyBeskjed.id", id_out, 64);
}

static void sak_id_of_event(const char *id, char *out, size_t size)
{
    char sql[256], payload[8192];
    snprintf(sql, sizeof sql, "SELECT payload FROM events WHERE aggregate_id = '%s'", id);
    bb_db_rows(sql, payload, sizeof payload);
    payload[strcspn(payload, "\n")] = '\0';
    bb_json_at(payload, "sakId", out, size);
    if (!*out)
        snprintf(out, size, "none");
}

static void linked_notification_carries_the_sak_id(void)
{
    char id[64], linked[64];
    beskjed("b-1", "'sak-42'", "910825496", "[" LEDER "]", NULL, id);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
    sak_id_of_event(id, linked, sizeof linked);
    CHECK_EQ_STR(linked, sak_id);
    /* a subset of the sak's recipients, in any order */
    beskjed("b-2", "'sak-42'", "910825496", "[" RESSURS ", " LEDER "]", NULL, id);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
}

static void unknown_grupperingsid_is_created_unlinked(void)
{
    char id[64], linked[64];
    beskjed("b-3", "'ingen-sak'", "999999999", "[" LEDER "]", NULL, id);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
    sak_id_of_event(id, linked, sizeof linked);
    CHECK_EQ_STR(linked, "none");
    beskjed("b-4", "null", "999999999", "[" LEDER "]", NULL, id);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
    /* same grupperingsid in another merkelapp is another sak */
    bb_gql(&srv, auth.tiltak, NY_BESKJED,
           "{'b': {'mottakere': [{'altinnRolle': {'roleDefinitionCode': 'DAGL'}}], 'notifikasjon': "
           "{'merkelapp': 'Pensjon', 'tekst': 'Hei', 'lenke': 'x'}, 'metadata': {'eksternId': 'b-5', "
           "'virksomhetsnummer': '1', 'grupperingsid': 'sak-42'}}}",
           &r);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
}

static void recipients_must_be_on_the_sak(void)
{
    beskjed("b-6", "'sak-42'", "910825496", "[{'altinnRolle': {'roleDefinitionCode': 'DAGL'}}]", NULL, NULL);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMottaker\",\"feilmelding\":\" Ugyldig mottaker "
                           "'AltinnRolleMottaker(roleDefinitionCode=DAGL, virksomhetsnummer=910825496)'. "
                           "\\n Mottaker må finnes på sak.\"}");
    /* the sak's recipient of another organisation is another recipient */
    beskjed("b-6", "'sak-42'", "999999999", "[" LEDER "]", NULL, NULL);
    CHECK_CONTAINS(r.body, "NaermesteLederMottaker(naermesteLederFnr=16120101181, ansattFnr=26090099884, "
                           "virksomhetsnummer=999999999)'. \\n Mottaker må finnes på sak.");
    /* the registry is asked first: a recipient the producer may not use */
    beskjed("b-6", "'sak-42'", "910825496", "[{'altinnRessurs': {'ressursId': 'nav_annet'}}]", NULL, NULL);
    CHECK_CONTAINS(r.body, "Gyldige mottakere er:");
    /* nothing was stored under b-6 */
    char out[64];
    bb_db_rows("SELECT count(*) FROM notifikasjon WHERE ekstern_id = 'b-6'", out, sizeof out);
    CHECK_EQ_STR(out, "0\n");
}

static void legacy_mottaker_is_not_checked_and_altinn2_admits_its_resources(void)
{
    beskjed("b-7", "'sak-42'", "910825496", "[" LEDER "]",
            "{'altinnRolle': {'roleDefinitionCode': 'DAGL'}}", NULL);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
    /* the sak has altinn 4936:1, which became nav_sykepenger_inntektsmelding */
    beskjed("b-8", "'sak-42'", "910825496",
            "[{'altinnRessurs': {'ressursId': 'nav_sykepenger_inntektsmelding'}}]", NULL, NULL);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
}

static void oppgave_is_linked_the_same_way(void)
{
    bb_gql(&srv, auth.tiltak, NY_OPPGAVE,
           "{'o': {'mottakere': [{'altinnRolle': {'roleDefinitionCode': 'DAGL'}}], 'notifikasjon': "
           "{'merkelapp': 'Tiltak', 'tekst': 'Gjør', 'lenke': 'x'}, 'metadata': {'eksternId': 'o-1', "
           "'virksomhetsnummer': '910825496', 'grupperingsid': 'sak-42'}}}",
           &r);
    CHECK_CONTAINS(r.body, "Mottaker må finnes på sak.");
    bb_gql(&srv, auth.tiltak, NY_OPPGAVE,
           "{'o': {'mottakere': [" LEDER "], 'notifikasjon': {'merkelapp': 'Tiltak', 'tekst': 'Gjør', "
           "'lenke': 'x'}, 'metadata': {'eksternId': 'o-1', 'virksomhetsnummer': '910825496', "
           "'grupperingsid': 'sak-42'}}}",
           &r);
    char id[64], linked[64];
    bb_json_at(r.body, "data.nyOppgave.id", id, sizeof id);
    sak_id_of_event(id, linked, sizeof linked);
    CHECK_EQ_STR(linked, sak_id);
    /* the sak's notifications, as mineNotifikasjoner filters them */
    bb_gql(&srv, auth.tiltak,
           "{ mineNotifikasjoner(merkelapp: 'Tiltak', grupperingsid: 'sak-42') { ... on "
           "NotifikasjonConnection { edges { node { ... on Beskjed { metadata { eksternId } } ... "
           "on Oppgave { metadata { eksternId } } } } } } }",
           NULL, &r);
    CHECK_EQ_STR(r.body, "{\"data\":{\"mineNotifikasjoner\":{\"edges\":[{\"node\":{\"metadata\":{"
                         "\"eksternId\":\"o-1\"}}},{\"node\":{\"metadata\":{\"eksternId\":\"b-8\"}}},"
                         "{\"node\":{\"metadata\":{\"eksternId\":\"b-7\"}}},{\"node\":{\"metadata\":{"
                         "\"eksternId\":\"b-2\"}}},{\"node\":{\"metadata\":{\"eksternId\":\"b-1\"}}}]}}}");
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"linked_notification_carries_the_sak_id", linked_notification_carries_the_sak_id},
    {"unknown_grupperingsid_is_created_unlinked", unknown_grupperingsid_is_created_unlinked},
    {"recipients_must_be_on_the_sak", recipients_must_be_on_the_sak},
    {"legacy_mottaker_is_not_checked_and_altinn2_admits_its_resources",
     legacy_mottaker_is_not_checked_and_altinn2_admits_its_resources},
    {"oppgave_is_linked_the_same_way", oppgave_is_linked_the_same_way},
};

CHECK_MAIN("blackbox/producer_linking", cases)
