/* budstikke replay: after a mix of creates, updates and deletes, every read
 * model table rebuilt from the event log equals what live application
 * wrote (nothing deleted comes back); events of other writers (the notice
 * senders' receipts) reach the producer's queries through replay too. */
#include "blackbox.h"
#include "check.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bb_server srv;
static struct bb_producers auth;
static struct bb_reply r;
static char beskjed_id[64], varsel_ids[3][64];

#define LEDER "{'naermesteLeder': {'naermesteLederFnr': '16120101181', 'ansattFnr': '26090099884'}}"
#define SMS(tlf)                                                                                 \
    "{'sms': {'mottaker': {'kontaktinfo': {'tlf': '" tlf "'}}, 'smsTekst': 'Hei', "              \
    "'sendetidspunkt': {'sendevindu': 'LOEPENDE'}}}"

static void post(const char *query, const char *vars)
{
    bb_gql(&srv, auth.tiltak, query, vars, &r);
    CHECK(strstr(r.body, "\"errors\"") == NULL);
}

static void ny_sak(const char *gid)
{
    bb_gqlf(&srv, auth.tiltak,
            "mutation S($gid: String! $m: [MottakerInput!]!) { nySak(grupperingsid: $gid merkelapp: "
            "'Tiltak' virksomhetsnummer: '910825496' mottakere: $m tittel: 'Sak' initiellStatus: "
            "MOTTATT hardDelete: {om: 'P1Y'}) { __typename } }",
            &r, "{'gid': '%s', 'm': [" LEDER "]}", gid);
    CHECK_CONTAINS(r.body, "NySakVellykket");
}

static void beskjed(const char *ekstern_id, const char *gid, const char *notices)
{
    bb_gqlf(&srv, auth.tiltak,
            "mutation B($b: NyBeskjedInput!) { nyBeskjed(nyBeskjed: $b) { __typename ... on "
            "NyBeskjedVellykket { id eksterneVarsler { id } } } }",
            &r,
            "{'b': {'mottakere': [" LEDER "], 'notifikasjon': {'merkelapp': 'Tiltak', 'tekst': 'Hei', "
            "'lenke': 'x'}, 'metadata': {'eksternId': '%s', 'virksomhetsnummer': '910825496', "
            "'grupperingsid': '%s', 'hardDelete': {'om': 'P30D'}}, 'eksterneVarsler': %s}}",
            ekstern_id, gid, notices);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
}

static void setup(void)
{
    CHECK_EQ_INT(bb_producer_start(&srv, &auth), 0);
}

static void a_mix_of_writes(void)
{
    ny_sak("sak-1");
    ny_sak("sak-2");
    beskjed("b-1", "sak-1", "[" SMS("99999999") ", " SMS("40000000") ", " SMS("+4790000000") "]");
    bb_json_at(r.body, "data.nyBeskjed.id", beskjed_id, sizeof beskjed_id);
    for (int i = 0; i < 3; i++) {
        char path[64];
        snprintf(path, sizeof path, "data.nyBeskjed.eksterneVarsler.%d.id", i);
        bb_json_at(r.body, path, varsel_ids[i], sizeof varsel_ids[i]);
    }
    beskjed("b-2", "sak-2", "[]");
    beskjed("b-3", "ingen-sak", "[]");
    post("mutation O($m: [MottakerInput!]!) { nyOppgave(nyOppgave: {mottakere: $m, notifikasjon: "
         "{merkelapp: 'Tiltak', tekst: 'Gjør', lenke: 'x'}, frist: '2031-01-01', paaminnelse: "
         "{tidspunkt: {foerFrist: 'P7D'}}, metadata: {eksternId: 'o-1', virksomhetsnummer: "
         "'910825496', grupperingsid: 'sak-1'}}) { __typename } }",
         "{'m': [" LEDER "]}");
    post("mutation K($m: [MottakerInput!]!) { nyKalenderavtale(virksomhetsnummer: '910825496', "
         "grupperingsid: 'sak-1', merkelapp: 'Tiltak', eksternId: 'a-1', tekst: 'Møte', lenke: 'x', "
         "mottakere: $m, startTidspunkt: '2031-01-01T10:00', lokasjon: {adresse: 'a', postnummer: "
         "'1', poststed: 'p'}) { __typename } }",
         "{'m': [" LEDER "]}");
    post("mutation { nyStatusSakByGrupperingsid(grupperingsid: 'sak-1', merkelapp: 'Tiltak', "
         "nyStatus: UNDER_BEHANDLING, idempotencyKey: 'k', nyLenkeTilSak: 'https://ny', hardDelete: "
         "{nyTid: {om: 'P2Y'}, strategi: FORLENG}) { __typename } }", NULL);
    post("mutation { nesteStegSakByGrupperingsid(grupperingsid: 'sak-1', merkelapp: 'Tiltak', "
         "nesteSteg: 'Vent', idempotencyKey: 'n') { __typename } }", NULL);
    post("mutation { tilleggsinformasjonSakByGrupperingsid(grupperingsid: 'sak-1', merkelapp: "
         "'Tiltak', tilleggsinformasjon: 'Info') { __typename } }", NULL);
    post("mutation { oppgaveUtsettFristByEksternId(merkelapp: 'Tiltak', eksternId: 'o-1', nyFrist: "
         "'2031-02-01') { __typename } }", NULL);
    post("mutation { oppgaveEndrePaaminnelseByEksternId(merkelapp: 'Tiltak', eksternId: 'o-1', "
         "idempotencyKey: 'p', paaminnelse: {tidspunkt: {foerFrist: 'P1D'}}) { __typename } }", NULL);
    post("mutation { oppgaveUtfoertByEksternId_V2(merkelapp: 'Tiltak', eksternId: 'o-1', hardDelete: "
         "{nyTid: {den: '2040-01-01T00:00'}, strategi: OVERSKRIV}) { __typename } }", NULL);
    post("mutation { oppdaterKalenderavtaleByEksternId(merkelapp: 'Tiltak', eksternId: 'a-1', "
         "idempotencyKey: 'u', nyTilstand: ARBEIDSGIVER_HAR_GODTATT, nyErDigitalt: true) { __typename } }",
         NULL);
    post("mutation { hardDeleteNotifikasjonByEksternId_V2(merkelapp: 'Tiltak', eksternId: 'b-3') { "
         "__typename } }", NULL);
    post("mutation { hardDeleteSakByGrupperingsid(merkelapp: 'Tiltak', grupperingsid: 'sak-2') { "
         "__typename } }", NULL);
    char out[64];
    bb_db_rows("SELECT count(*) FROM notifikasjon", out, sizeof out);
    CHECK_EQ_STR(out, "3\n"); /* b-1, o-1, a-1 */
}

static int replay(void)
{
    char out[512];
    const char *args[] = {bb_binary, "replay", "--db", bb_db_url(), NULL};
    int rc = bb_run_binary(args, out, sizeof out);
    CHECK_CONTAINS(out, "replayed ");
    return rc;
}

static void replay_rebuilds_the_same_read_models(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    char *live = bb_db_dump_read_models();
    CHECK_CONTAINS(live, "== skedulert_hard_delete\n");
    CHECK_CONTAINS(live, "== notifikasjon_oppdatering\n");
    CHECK(strlen(live) > 2000);
    CHECK_EQ_INT(replay(), 0);
    char *rebuilt = bb_db_dump_read_models();
    CHECK_EQ_STR(rebuilt, live);
    CHECK_EQ_INT(replay(), 0); /* and again: the same */
    char *twice = bb_db_dump_read_models();
    CHECK_EQ_STR(twice, live);
    free(live);
    free(rebuilt);
    free(twice);
}

static void other_writers_events_reach_the_queries(void)
{
    char sql[2048];
    snprintf(sql, sizeof sql,
             "INSERT INTO events (aggregate_id, type, payload, producer, created_at) VALUES "
             "('%s', 'EksterntVarselVellykket', '{\"notifikasjonId\":\"%s\",\"varselId\":\"%s\",\"raaRespons\":{}}', NULL, 1),"
             "('%s', 'EksterntVarselFeilet', '{\"notifikasjonId\":\"%s\",\"varselId\":\"%s\",\"raaRespons\":{},"
             "\"feilmelding\":\"nei\"}', NULL, 2),"
             "('%s', 'EksterntVarselKansellert', '{\"notifikasjonId\":\"%s\",\"varselId\":\"%s\"}', NULL, 3)",
             beskjed_id, beskjed_id, varsel_ids[0], beskjed_id, beskjed_id, varsel_ids[1], beskjed_id,
             beskjed_id, varsel_ids[2]);
    CHECK_EQ_INT(bb_db_exec(sql), 0);
    CHECK_EQ_INT(replay(), 0);
    CHECK_EQ_INT(bb_start_producer_server(&srv), 0);
    bb_gqlf(&srv, auth.tiltak,
            "query H($id: ID!) { hentNotifikasjon(id: $id) { ... on HentetNotifikasjon { notifikasjon "
            "{ ... on Beskjed { eksterneVarsler { id status } } } } } }", &r, "{'id': '%s'}", beskjed_id);
    char want[512];
    snprintf(want, sizeof want,
             "\"eksterneVarsler\":[{\"id\":\"%s\",\"status\":\"SENDT\"},{\"id\":\"%s\",\"status\":"
             "\"FEILET\"},{\"id\":\"%s\",\"status\":\"KANSELLERT\"}]",
             varsel_ids[0], varsel_ids[1], varsel_ids[2]);
    CHECK_CONTAINS(r.body, want);
    /* what was deleted stays deleted */
    bb_gql(&srv, auth.tiltak,
           "mutation M($m: [MottakerInput!]!) { nySak(grupperingsid: 'sak-2' merkelapp: 'Tiltak' "
           "virksomhetsnummer: '910825496' mottakere: $m tittel: 'Sak' initiellStatus: MOTTATT) { "
           "__typename } }", "{'m': [" LEDER "]}", &r);
    CHECK_CONTAINS(r.body, "DuplikatGrupperingsidEtterDelete");
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
}

static void replay_refuses_a_bad_database_url(void)
{
    char out[512];
    const char *args[] = {bb_binary, "replay", "--db", "mysql://x", NULL};
    CHECK_EQ_INT(bb_run_binary(args, out, sizeof out), 2);
    CHECK_CONTAINS(out, "--db must be sqlite:PATH");
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"a_mix_of_writes", a_mix_of_writes},
    {"replay_rebuilds_the_same_read_models", replay_rebuilds_the_same_read_models},
    {"other_writers_events_reach_the_queries", other_writers_events_reach_the_queries},
    {"replay_refuses_a_bad_database_url", replay_refuses_a_bad_database_url},
};

CHECK_MAIN("blackbox/producer_replay", cases)
