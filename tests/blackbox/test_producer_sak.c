/* Saker over HTTP against the real binary and SQLite file: nySak
 * (idempotency, DuplikatGrupperingsid, every error member), nyStatusSak
 * (status ids, idempotency keys, Konflikt), hentSak, nesteStegSak and
 * tilleggsinformasjonSak (shared key space, never Konflikt), durability. */
#include "blackbox.h"
#include "check.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bb_server srv;
static struct bb_producers auth;
static struct bb_reply r;
static char sak_id[64];

static void setup(void)
{
    CHECK_EQ_INT(bb_producer_start(&srv, &auth), 0);
}

/* The guide's nySak (seed 001, "Hvordan opprette ny sak") with the
 * recipients and texts the test asks for. */
#define NY_SAK                                                                                   \
    "mutation OpprettNySak($grupperingsid: String! $virksomhetsnummer: String! $tittel: String! " \
    "$lenke: String $mottakere: [MottakerInput!]! $tilleggsinformasjon: String $hardDelete: "    \
    "FutureTemporalInput $merkelapp: String! = 'Tiltak') { nySak(grupperingsid: $grupperingsid " \
    "merkelapp: $merkelapp virksomhetsnummer: $virksomhetsnummer mottakere: $mottakere tittel: " \
    "$tittel lenke: $lenke tilleggsinformasjon: $tilleggsinformasjon hardDelete: $hardDelete "   \
    "initiellStatus: MOTTATT tidspunkt: '2022-03-01T17:18:00+01' overstyrStatustekstMed: "        \
    "'Avtale opprettet') { __typename ... on NySakVellykket { id } ... on DuplikatGrupperingsid " \
    "{ idTilEksisterende } ... on Error { feilmelding } } }"

#define TWO_RECIPIENTS                                                                           \
    "[{'altinn': {'serviceCode': '4321', 'serviceEdition': '1'}}, {'naermesteLeder': "           \
    "{'naermesteLederFnr': '16120101181', 'ansattFnr': '26090099884'}}]"

static void ny_sak(const char *auth_header, const char *gid, const char *tittel,
                   const char *recipients, const char *extra)
{
    bb_gqlf(&srv, auth_header, NY_SAK, &r,
            "{'grupperingsid': '%s', 'virksomhetsnummer': '910825496', 'tittel': '%s', 'lenke': "
            "'https://dev.nav.no/avtale/1', 'mottakere': %s%s}",
            gid, tittel, recipients, extra ? extra : "");
}

static void ny_sak_creates_and_recognises_a_repeat(void)
{
    ny_sak(auth.tiltak, "sak-1", "Avtale om arbeidstrening", TWO_RECIPIENTS, NULL);
    CHECK_CONTAINS(r.body, "{\"data\":{\"nySak\":{\"__typename\":\"NySakVellykket\",\"id\":\"");
    bb_json_at(r.body, "data.nySak.id", sak_id, sizeof sak_id);
    CHECK_EQ_INT(strlen(sak_id), 36);
    CHECK_EQ_INT(bb_events_of(sak_id), 2); /* SakOpprettet and the initial NyStatusSak */
    /* the same sak again, recipients in another order: the same id, nothing written */
    ny_sak(auth.tiltak, "sak-1", "Avtale om arbeidstrening",
           "[{'naermesteLeder': {'naermesteLederFnr': '16120101181', 'ansattFnr': '26090099884'}}, "
           "{'altinn': {'serviceCode': '4321', 'serviceEdition': '1'}}]",
           NULL);
    char again[64];
    CHECK_EQ_STR(bb_json_at(r.body, "data.nySak.id", again, sizeof again), sak_id);
    CHECK_EQ_INT(bb_events_of(sak_id), 2);
}

static void a_different_sak_under_the_same_key_is_a_duplicate(void)
{
    ny_sak(auth.tiltak, "sak-1", "Et annet navn", TWO_RECIPIENTS, NULL);
    char want[256];
    snprintf(want, sizeof want,
             "{\"__typename\":\"DuplikatGrupperingsid\",\"idTilEksisterende\":\"%s\",\"feilmelding\":"
             "\"sak med angitt grupperings-id og merkelapp finnes fra før\"}",
             sak_id);
    CHECK_CONTAINS(r.body, want);
    /* another merkelapp is another key */
    ny_sak(auth.tiltak, "sak-1", "Avtale om arbeidstrening", TWO_RECIPIENTS, ", 'merkelapp': 'Pensjon'");
    CHECK_CONTAINS(r.body, "NySakVellykket");
}

static void ny_sak_errors_in_the_reference_order(void)
{
    ny_sak(auth.ukjent, "sak-2", "Tittel", TWO_RECIPIENTS, NULL);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UkjentProdusent\",\"feilmelding\":\"Finner ikke produsent "
                           "med id dev:ukjent\"}");
    /* recipients before the merkelapp */
    ny_sak(auth.tiltak, "sak-2", "Tittel", "[{'altinnRessurs': {'ressursId': 'nav_annet'}}]",
           ", 'merkelapp': 'Annen'");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMottaker\",\"feilmelding\":\" Ugyldig mottaker "
                           "'AltinnRessursMottaker(ressursId=nav_annet, virksomhetsnummer=910825496)'. \\n "
                           "Gyldige mottakere er: [");
    ny_sak(auth.tiltak, "sak-2", "Tittel", TWO_RECIPIENTS, ", 'merkelapp': 'Annen'");
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMerkelapp\",\"feilmelding\":\" Ugyldig merkelapp "
                           "'Annen'.\\n Gyldige merkelapper er: [Tiltak, Pensjon, EtSakssystem, "
                           "Sykemelding, Skademelding, fager, tag]\"}");
    ny_sak(auth.tiltak, "sak-2", "Tittel", "[]", NULL);
    CHECK_CONTAINS(r.body, "{\"errors\":[{\"message\":\"minst 1 mottaker må gis\"");
}

static void ny_sak_input_rules(void)
{
    char tittel[200];
    memset(tittel, 'x', 141);
    tittel[141] = '\0';
    ny_sak(auth.tiltak, "sak-3", tittel, TWO_RECIPIENTS, NULL);
    CHECK_CONTAINS(r.body, "\"message\":\"Exception while fetching data (/nySak) : sak.tittel: verdien "
                           "overstiger maks antall tegn, antall=141, maks=140.\"");
    CHECK_CONTAINS(r.body, "\"path\":[\"nySak\"]}],\"data\":null}");
    ny_sak(auth.tiltak, "sak-3", "Sak for 16120101181", TWO_RECIPIENTS, NULL);
    CHECK_CONTAINS(r.body, "sak.tittel: verdien inneholder uønsket data: personnummer (11 siffer)");
    ny_sak(auth.tiltak, "sak-3", "Tittel", TWO_RECIPIENTS, ", 'tilleggsinformasjon': '12345678901'");
    CHECK_CONTAINS(r.body, "sak.tilleggsinformasjon: verdien inneholder uønsket data: personnummer");
    ny_sak(auth.tiltak, "sak-3", "Tittel", TWO_RECIPIENTS,
           ", 'hardDelete': {'den': '2030-01-01T00:00', 'om': 'P1D'}");
    CHECK_CONTAINS(r.body, "FutureTemporalInput: nøyaktig ett felt skal være satt. (den, om er gitt)");
    ny_sak(auth.tiltak, "sak-3", "Tittel", "[{}]", NULL);
    CHECK_CONTAINS(r.body, "MottakerInput: nøyaktig ett felt skal være satt. (Ingen felt er satt)");
    ny_sak(auth.tiltak, "sak-3", "Tittel", TWO_RECIPIENTS, ", 'hardDelete': {'om': '5 dager'}");
    CHECK_CONTAINS(r.body, "\"errors\":[{\"message\":\"Variable \\\"$hardDelete\\\" got invalid value");
    CHECK_EQ_INT(strstr(r.body, "NySakVellykket") == NULL, 1);
}

#define STATUS_BY_ID                                                                             \
    "mutation S($id: ID! $key: String $status: SaksStatus! $tidspunkt: ISO8601DateTime "          \
    "$lenke: String) { nyStatusSak(id: $id idempotencyKey: $key nyStatus: $status tidspunkt: "   \
    "$tidspunkt nyLenkeTilSak: $lenke overstyrStatustekstMed: 'Avtale opprettet') { __typename " \
    "... on NyStatusSakVellykket { id statuser { status tidspunkt overstyrStatusTekstMed } } "     \
    "... on Error { feilmelding } } }"

static char first_status[64];

static void status_update_answers_its_own_id_and_the_history(void)
{
    bb_gqlf(&srv, auth.tiltak, STATUS_BY_ID, &r,
            "{'id': '%s', 'status': 'UNDER_BEHANDLING', 'tidspunkt': '2022-03-01T18:18:00+01', "
            "'key': 'k-1'}",
            sak_id);
    bb_json_at(r.body, "data.nyStatusSak.id", first_status, sizeof first_status);
    CHECK_EQ_INT(strlen(first_status), 36);
    CHECK(strcmp(first_status, sak_id) != 0); /* the status update's id, not the sak's */
    CHECK_CONTAINS(r.body, "\"statuser\":[{\"status\":\"UNDER_BEHANDLING\",\"tidspunkt\":"
                           "\"2022-03-01T17:18:00Z\",\"overstyrStatusTekstMed\":\"Avtale opprettet\"},"
                           "{\"status\":\"MOTTATT\",\"tidspunkt\":\"2022-03-01T16:18:00Z\","
                           "\"overstyrStatusTekstMed\":\"Avtale opprettet\"}]");
    CHECK_EQ_INT(bb_events_of(sak_id), 3);
}

static void status_key_repeats_or_conflicts(void)
{
    bb_gqlf(&srv, auth.tiltak, STATUS_BY_ID, &r,
            "{'id': '%s', 'status': 'UNDER_BEHANDLING', 'tidspunkt': '2022-03-01T17:18:00Z', "
            "'key': 'k-1'}",
            sak_id); /* the same instant, written otherwise */
    char again[64];
    CHECK_EQ_STR(bb_json_at(r.body, "data.nyStatusSak.id", again, sizeof again), first_status);
    CHECK_EQ_INT(bb_events_of(sak_id), 3);
    bb_gqlf(&srv, auth.tiltak, STATUS_BY_ID, &r, "{'id': '%s', 'status': 'FERDIG', 'key': 'k-1'}",
            sak_id);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"Konflikt\",\"feilmelding\":\"statusoppdatering med "
                           "idempotency eksisterer, men er annerledes\"}");
    /* no key: every call is a new status, and transitions are free */
    for (int i = 0; i < 2; i++)
        bb_gqlf(&srv, auth.tiltak, STATUS_BY_ID, &r, "{'id': '%s', 'status': 'FERDIG'}", sak_id);
    CHECK_EQ_INT(bb_events_of(sak_id), 5);
    bb_gqlf(&srv, auth.tiltak, STATUS_BY_ID, &r, "{'id': '%s', 'status': 'MOTTATT'}", sak_id);
    CHECK_CONTAINS(r.body, "NyStatusSakVellykket");
}

static void long_status_keys_are_kept_whole(void)
{
    char a[1200], b[1200];
    memset(a, 'k', 1100);
    a[1100] = '\0';
    snprintf(b, sizeof b, "%.1099sx", a); /* the same first 1099 */
    bb_gqlf(&srv, auth.tiltak, STATUS_BY_ID, &r, "{'id': '%s', 'status': 'FERDIG', 'key': '%s'}", sak_id, a);
    CHECK_CONTAINS(r.body, "NyStatusSakVellykket");
    bb_gqlf(&srv, auth.tiltak, STATUS_BY_ID, &r, "{'id': '%s', 'status': 'MOTTATT', 'key': '%s'}", sak_id, b);
    CHECK_CONTAINS(r.body, "NyStatusSakVellykket"); /* another key: no Konflikt */
}

static void status_by_grupperingsid_and_its_errors(void)
{
    /* the guide's "Deres ID" example, verbatim */
    const char *guide =
        "mutation OpprettNySak($grupperingsid: String!) { nyStatusSakByGrupperingsid( "
        "grupperingsid: $grupperingsid merkelapp: 'Tiltak' nyStatus: UNDER_BEHANDLING tidspunkt: "
        "'2022-03-01T18:18:00+01' overstyrStatustekstMed: 'Avtale opprettet') { __typename ... on "
        "NyStatusSakVellykket { id } ... on Error { feilmelding } } }";
    bb_gql(&srv, auth.tiltak, guide, "{'grupperingsid': 'sak-1'}", &r);
    CHECK_CONTAINS(r.body, "{\"data\":{\"nyStatusSakByGrupperingsid\":{\"__typename\":"
                           "\"NyStatusSakVellykket\",\"id\":\"");
    bb_gql(&srv, auth.tiltak, guide, "{'grupperingsid': 'finnes-ikke'}", &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"SakFinnesIkke\",\"feilmelding\":\"sak med "
                           "merkelapp='Tiltak' og grupperingsid='finnes-ikke' finnes ikke\"}");
    bb_gql(&srv, auth.tiltak, STATUS_BY_ID,
           "{'id': '01a206c2-9f89-73d6-bf25-000000000000', 'status': 'FERDIG'}", &r);
    CHECK_CONTAINS(r.body, "\"feilmelding\":\"sak med id=01a206c2-9f89-73d6-bf25-000000000000 finnes ikke\"");
    /* the lookup comes before the producer check */
    bb_gql(&srv, auth.ukjent, guide, "{'grupperingsid': 'finnes-ikke'}", &r);
    CHECK_CONTAINS(r.body, "SakFinnesIkke");
    bb_gql(&srv, auth.ukjent, guide, "{'grupperingsid': 'sak-1'}", &r);
    CHECK_CONTAINS(r.body, "\"__typename\":\"UkjentProdusent\"");
    bb_gql(&srv, auth.annen, guide, "{'grupperingsid': 'sak-1'}", &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMerkelapp\",\"feilmelding\":\" Ugyldig merkelapp "
                           "'Tiltak'.\\n Gyldige merkelapper er: [Annen]\"}");
    bb_gqlf(&srv, auth.tiltak,
            "mutation S($id: ID!) { nyStatusSak(id: $id nyStatus: FERDIG hardDelete: {nyTid: {}, "
            "strategi: FORLENG}) { __typename } }",
            &r, "{'id': '%s'}", sak_id);
    CHECK_CONTAINS(r.body, "Exception while fetching data (/nyStatusSak) : FutureTemporalInput: "
                           "nøyaktig ett felt skal være satt. (Ingen felt er satt)");
}

#define HENT_SAK                                                                                 \
    "{ __typename ... on HentetSak { sak { id grupperingsid virksomhetsnummer tittel lenke "       \
    "nesteSteg tilleggsinformasjon merkelapp sisteStatus } } ... on Error { feilmelding } }"

static void hent_sak_by_id_and_by_grupperingsid(void)
{
    bb_gqlf(&srv, auth.tiltak, "query H($id: ID!) { hentSak(id: $id) " HENT_SAK "}", &r,
            "{'id': '%s'}", sak_id);
    char want[512];
    snprintf(want, sizeof want,
             "{\"data\":{\"hentSak\":{\"__typename\":\"HentetSak\",\"sak\":{\"id\":\"%s\","
             "\"grupperingsid\":\"sak-1\",\"virksomhetsnummer\":\"910825496\",\"tittel\":\"Avtale "
             "om arbeidstrening\",\"lenke\":\"https://dev.nav.no/avtale/1\",\"nesteSteg\":null,"
             "\"tilleggsinformasjon\":null,\"merkelapp\":\"Tiltak\",\"sisteStatus\":\"UNDER_BEHANDLING\"}}}}",
             sak_id);
    CHECK_EQ_STR(r.body, want); /* the status received last, whatever its tidspunkt */
    bb_gql(&srv, auth.tiltak,
           "{ hentSakMedGrupperingsid(grupperingsid: 'sak-1', merkelapp: 'Tiltak') " HENT_SAK "}", NULL, &r);
    CHECK_CONTAINS(r.body, sak_id);
    bb_gql(&srv, auth.tiltak,
           "{ hentSakMedGrupperingsid(grupperingsid: 'nei', merkelapp: 'Tiltak') " HENT_SAK "}", NULL, &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"SakFinnesIkke\",\"feilmelding\":\"Sak med grupperingsid "
                           "nei og merkelapp Tiltak finnes ikke\"}");
    bb_gql(&srv, auth.tiltak, "{ hentSak(id: 'nei') " HENT_SAK "}", NULL, &r);
    CHECK_CONTAINS(r.body, "\"feilmelding\":\"Sak med id nei finnes ikke\"");
    bb_gqlf(&srv, auth.annen, "query H($id: ID!) { hentSak(id: $id) " HENT_SAK "}", &r,
            "{'id': '%s'}", sak_id);
    CHECK_CONTAINS(r.body, "\"__typename\":\"UgyldigMerkelapp\"");
    /* the producer is checked first here */
    bb_gql(&srv, auth.ukjent, "{ hentSak(id: 'nei') " HENT_SAK "}", NULL, &r);
    CHECK_CONTAINS(r.body, "\"__typename\":\"UkjentProdusent\"");
}

static void new_link_shows_and_the_create_still_repeats(void)
{
    bb_gqlf(&srv, auth.tiltak, STATUS_BY_ID, &r,
            "{'id': '%s', 'status': 'UNDER_BEHANDLING', 'lenke': 'https://dev.nav.no/ny'}", sak_id);
    bb_gqlf(&srv, auth.tiltak, "query H($id: ID!) { hentSak(id: $id) " HENT_SAK "}", &r,
            "{'id': '%s'}", sak_id);
    CHECK_CONTAINS(r.body, "\"lenke\":\"https://dev.nav.no/ny\"");
    ny_sak(auth.tiltak, "sak-1", "Avtale om arbeidstrening", TWO_RECIPIENTS, NULL);
    CHECK_CONTAINS(r.body, sak_id);
    CHECK_CONTAINS(r.body, "NySakVellykket");
}

#define NESTE_STEG                                                                               \
    "mutation ($sakId: ID!, $nesteSteg: String, $idempotencyKey: String) { nesteStegSak("        \
    "nesteSteg: $nesteSteg, id: $sakId, idempotencyKey: $idempotencyKey) { __typename ... on "    \
    "NesteStegSakVellykket { id } ... on Error { feilmelding } } }"
#define TILLEGG_BY_GID                                                                           \
    "mutation ($grupperingsid: String! $merkelapp: String! $tilleggsinformasjon: String "         \
    "$idempotencyKey: String) { tilleggsinformasjonSakByGrupperingsid(grupperingsid: "           \
    "$grupperingsid, merkelapp: $merkelapp, tilleggsinformasjon: $tilleggsinformasjon, "         \
    "idempotencyKey: $idempotencyKey) { __typename ... on TilleggsinformasjonSakVellykket { id } " \
    "... on Error { feilmelding } } }"

static void sak_field(const char *field, char *out, size_t size)
{
    bb_gqlf(&srv, auth.tiltak, "query H($id: ID!) { hentSak(id: $id) " HENT_SAK "}", &r,
            "{'id': '%s'}", sak_id);
    char path[64];
    snprintf(path, sizeof path, "data.hentSak.sak.%s", field);
    bb_json_at(r.body, path, out, size);
}

static void neste_steg_and_tilleggsinformasjon(void)
{
    char v[256];
    bb_gqlf(&srv, auth.tiltak, NESTE_STEG, &r,
            "{'sakId': '%s', 'nesteSteg': 'Du vil få refusjon utbetalt innen januar 2026', "
            "'idempotencyKey': null}",
            sak_id);
    char want[128];
    snprintf(want, sizeof want, "{\"__typename\":\"NesteStegSakVellykket\",\"id\":\"%s\"}", sak_id);
    CHECK_CONTAINS(r.body, want);
    CHECK_EQ_STR((sak_field("nesteSteg", v, sizeof v), v), "Du vil få refusjon utbetalt innen januar 2026");
    bb_gql(&srv, auth.tiltak, TILLEGG_BY_GID,
           "{'grupperingsid': 'sak-1', 'merkelapp': 'Tiltak', 'tilleggsinformasjon': "
           "'Avtaleperioden er: 01.09.2024 - 01.12.2024', 'idempotencyKey': 'delt'}",
           &r);
    CHECK_CONTAINS(r.body, "TilleggsinformasjonSakVellykket");
    CHECK_EQ_STR((sak_field("tilleggsinformasjon", v, sizeof v), v), "Avtaleperioden er: 01.09.2024 - 01.12.2024");
    /* the key is taken, also for nesteSteg: success, nothing changes, never Konflikt */
    int before = bb_events_of(sak_id);
    bb_gql(&srv, auth.tiltak, TILLEGG_BY_GID,
           "{'grupperingsid': 'sak-1', 'merkelapp': 'Tiltak', 'tilleggsinformasjon': 'annet', "
           "'idempotencyKey': 'delt'}", &r);
    CHECK_CONTAINS(r.body, "TilleggsinformasjonSakVellykket");
    bb_gqlf(&srv, auth.tiltak, NESTE_STEG, &r,
            "{'sakId': '%s', 'nesteSteg': 'noe annet', 'idempotencyKey': 'delt'}", sak_id);
    CHECK_CONTAINS(r.body, "NesteStegSakVellykket");
    CHECK_EQ_INT(bb_events_of(sak_id), before);
    CHECK_EQ_STR((sak_field("tilleggsinformasjon", v, sizeof v), v), "Avtaleperioden er: 01.09.2024 - 01.12.2024");
    CHECK_EQ_STR((sak_field("nesteSteg", v, sizeof v), v), "Du vil få refusjon utbetalt innen januar 2026");
    /* nesteSteg changed the sak: the original nySak is now a different sak */
    ny_sak(auth.tiltak, "sak-1", "Avtale om arbeidstrening", TWO_RECIPIENTS, NULL);
    CHECK_CONTAINS(r.body, "DuplikatGrupperingsid");
    /* null clears both; then the original nySak is the same sak again */
    bb_gqlf(&srv, auth.tiltak, NESTE_STEG, &r, "{'sakId': '%s', 'nesteSteg': null}", sak_id);
    bb_gql(&srv, auth.tiltak, TILLEGG_BY_GID,
           "{'grupperingsid': 'sak-1', 'merkelapp': 'Tiltak', 'tilleggsinformasjon': null}", &r);
    CHECK_EQ_STR((sak_field("nesteSteg", v, sizeof v), v), "null");
    CHECK_EQ_STR((sak_field("tilleggsinformasjon", v, sizeof v), v), "null");
    ny_sak(auth.tiltak, "sak-1", "Avtale om arbeidstrening", TWO_RECIPIENTS, NULL);
    CHECK_CONTAINS(r.body, sak_id);
}

static void sak_field_errors(void)
{
    char long_text[200];
    memset(long_text, 'y', 141);
    long_text[141] = '\0';
    /* the text is checked before the sak is looked up */
    bb_gqlf(&srv, auth.tiltak, TILLEGG_BY_GID, &r,
            "{'grupperingsid': 'nei', 'merkelapp': 'Tiltak', 'tilleggsinformasjon': '%s'}", long_text);
    CHECK_CONTAINS(r.body, "Exception while fetching data (/tilleggsinformasjonSakByGrupperingsid) : "
                           "tilleggsinformasjon: verdien overstiger maks antall tegn, antall=141, maks=140.");
    bb_gql(&srv, auth.tiltak,
           "mutation { tilleggsinformasjonSak(id: 'nei', tilleggsinformasjon: 'fnr 12345678901') "
           "{ __typename } }", NULL, &r);
    CHECK_CONTAINS(r.body, "tilleggsinformasjon: verdien inneholder uønsket data: personnummer (11 siffer)");
    /* nesteSteg has no text rules */
    bb_gqlf(&srv, auth.tiltak, NESTE_STEG, &r, "{'sakId': '%s', 'nesteSteg': '%s 12345678901'}",
            sak_id, long_text);
    CHECK_CONTAINS(r.body, "NesteStegSakVellykket");
    bb_gql(&srv, auth.tiltak, TILLEGG_BY_GID,
           "{'grupperingsid': 'nei', 'merkelapp': 'Tiltak', 'tilleggsinformasjon': 'x'}", &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"SakFinnesIkke\",\"feilmelding\":\"sak med "
                           "merkelapp='Tiltak' og grupperingsid='nei' finnes ikke\"}");
    bb_gql(&srv, auth.tiltak, NESTE_STEG, "{'sakId': '9350-39426-12333-431213', 'nesteSteg': 'x'}", &r);
    CHECK_CONTAINS(r.body, "\"feilmelding\":\"sak med id=9350-39426-12333-431213 finnes ikke\"");
    bb_gqlf(&srv, auth.ukjent, NESTE_STEG, &r, "{'sakId': '%s', 'nesteSteg': 'x'}", sak_id);
    CHECK_CONTAINS(r.body, "UkjentProdusent");
    bb_gql(&srv, auth.annen, TILLEGG_BY_GID,
           "{'grupperingsid': 'sak-1', 'merkelapp': 'Tiltak', 'tilleggsinformasjon': 'x'}", &r);
    CHECK_CONTAINS(r.body, "UgyldigMerkelapp");
    bb_gql(&srv, auth.tiltak,
           "mutation { nesteStegSakByGrupperingsid(grupperingsid: 'sak-1', merkelapp: 'Tiltak', "
           "nesteSteg: 'z') { __typename ... on NesteStegSakVellykket { id } } }",
           NULL, &r);
    CHECK_CONTAINS(r.body, sak_id);
}

static void survives_a_restart(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    CHECK_EQ_INT(bb_start_producer_server(&srv), 0);
    char v[256];
    CHECK_EQ_STR((sak_field("nesteSteg", v, sizeof v), v), "z");
    bb_gqlf(&srv, auth.tiltak, STATUS_BY_ID, &r,
            "{'id': '%s', 'status': 'UNDER_BEHANDLING', 'tidspunkt': '2022-03-01T17:18:00Z', "
            "'key': 'k-1'}",
            sak_id);
    CHECK_CONTAINS(r.body, first_status); /* keys last */
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"ny_sak_creates_and_recognises_a_repeat", ny_sak_creates_and_recognises_a_repeat},
    {"a_different_sak_under_the_same_key_is_a_duplicate", a_different_sak_under_the_same_key_is_a_duplicate},
    {"ny_sak_errors_in_the_reference_order", ny_sak_errors_in_the_reference_order},
    {"ny_sak_input_rules", ny_sak_input_rules},
    {"status_update_answers_its_own_id_and_the_history", status_update_answers_its_own_id_and_the_history},
    {"status_key_repeats_or_conflicts", status_key_repeats_or_conflicts},
    {"long_status_keys_are_kept_whole", long_status_keys_are_kept_whole},
    {"status_by_grupperingsid_and_its_errors", status_by_grupperingsid_and_its_errors},
    {"hent_sak_by_id_and_by_grupperingsid", hent_sak_by_id_and_by_grupperingsid},
    {"new_link_shows_and_the_create_still_repeats", new_link_shows_and_the_create_still_repeats},
    {"neste_steg_and_tilleggsinformasjon", neste_steg_and_tilleggsinformasjon},
    {"sak_field_errors", sak_field_errors},
    {"survives_a_restart", survives_a_restart},
};

CHECK_MAIN("blackbox/producer_sak", cases)
