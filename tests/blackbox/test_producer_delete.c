/* Deletes over HTTP (producer-api.md 9.13, 15): a sak takes every
 * notification of its merkelapp and grupperingsid with it (linked or not),
 * its events are erased, its grupperingsid is burnt
 * (DuplikatGrupperingsidEtterDelete) while a deleted notification's
 * eksternId may be used again; every variant and error member; after a
 * restart nothing comes back. */
#include "blackbox.h"
#include "check.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bb_server srv;
static struct bb_producers auth;
static struct bb_reply r;
static char sak_id[64], before_sak[64], linked[64], oppgave[64], avtale[64], other[64];

#define LEDER "{'naermesteLeder': {'naermesteLederFnr': '16120101181', 'ansattFnr': '26090099884'}}"

static void ny_sak(const char *gid, char *id_out)
{
    bb_gqlf(&srv, auth.tiltak,
            "mutation S($gid: String! $m: [MottakerInput!]!) { nySak(grupperingsid: $gid merkelapp: "
            "'Tiltak' virksomhetsnummer: '910825496' mottakere: $m tittel: 'Sak' initiellStatus: "
            "MOTTATT) { __typename ... on NySakVellykket { id } ... on Error { feilmelding } } }",
            &r, "{'gid': '%s', 'm': [" LEDER "]}", gid);
    if (id_out)
        bb_json_at(r.body, "data.nySak.id", id_out, 64);
}

static void beskjed(const char *ekstern_id, const char *merkelapp, const char *gid, char *id_out)
{
    bb_gqlf(&srv, auth.tiltak,
            "mutation B($b: NyBeskjedInput!) { nyBeskjed(nyBeskjed: $b) { ... on NyBeskjedVellykket "
            "{ id } } }",
            &r,
            "{'b': {'mottakere': [" LEDER "], 'notifikasjon': {'merkelapp': '%s', 'tekst': 'Hei', "
            "'lenke': 'x'}, 'metadata': {'eksternId': '%s', 'virksomhetsnummer': '910825496', "
            "'grupperingsid': '%s'}}}",
            merkelapp, ekstern_id, gid);
    bb_json_at(r.body, "data.nyBeskjed.id", id_out, 64);
}

static void setup(void)
{
    CHECK_EQ_INT(bb_producer_start(&srv, &auth), 0);
    beskjed("for-saken", "Tiltak", "sak-1", before_sak); /* before the sak existed: unlinked */
    ny_sak("sak-1", sak_id);
    beskjed("i-saken", "Tiltak", "sak-1", linked);
    beskjed("annen-merkelapp", "Pensjon", "sak-1", other);
    bb_gql(&srv, auth.tiltak,
           "mutation O($m: [MottakerInput!]!) { nyOppgave(nyOppgave: {mottakere: $m, notifikasjon: "
           "{merkelapp: 'Tiltak', tekst: 'Gjør', lenke: 'x'}, metadata: {eksternId: 'oppgave', "
           "virksomhetsnummer: '910825496', grupperingsid: 'sak-1'}}) { ... on NyOppgaveVellykket { id } } }",
           "{'m': [" LEDER "]}", &r);
    bb_json_at(r.body, "data.nyOppgave.id", oppgave, sizeof oppgave);
    bb_gql(&srv, auth.tiltak,
           "mutation K($m: [MottakerInput!]!) { nyKalenderavtale(virksomhetsnummer: '910825496', "
           "grupperingsid: 'sak-1', merkelapp: 'Tiltak', eksternId: 'avtale', tekst: 'Møte', lenke: "
           "'x', mottakere: $m, startTidspunkt: '2030-01-01T10:00') { ... on NyKalenderavtaleVellykket "
           "{ id } } }",
           "{'m': [" LEDER "]}", &r);
    bb_json_at(r.body, "data.nyKalenderavtale.id", avtale, sizeof avtale);
    const char *ids[] = {sak_id, before_sak, linked, other, oppgave, avtale};
    for (int i = 0; i < 6; i++)
        CHECK_EQ_INT(strlen(ids[i]), 36);
}

#define DELETE_SAK                                                                               \
    "mutation D($id: ID!) { hardDeleteSak(id: $id) { __typename ... on HardDeleteSakVellykket { "   \
    "id } ... on Error { feilmelding } } }"

static void sak_delete_errors(void)
{
    bb_gql(&srv, auth.tiltak, DELETE_SAK, "{'id': '01a206c2-9f89-73d6-bf25-000000000000'}", &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"SakFinnesIkke\",\"feilmelding\":\"Sak med id "
                           "01a206c2-9f89-73d6-bf25-000000000000 finnes ikke\"}");
    bb_gql(&srv, auth.tiltak,
           "mutation { softDeleteSakByGrupperingsid(merkelapp: 'Tiltak', grupperingsid: 'nei') { "
           "__typename ... on Error { feilmelding } } }", NULL, &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"SakFinnesIkke\",\"feilmelding\":\"Sak med grupperingsid nei "
                           "og merkelapp Tiltak finnes ikke\"}");
    /* the lookup comes before the producer check */
    bb_gql(&srv, auth.ukjent, DELETE_SAK, "{'id': '01a206c2-9f89-73d6-bf25-000000000000'}", &r);
    CHECK_CONTAINS(r.body, "SakFinnesIkke");
    bb_gqlf(&srv, auth.ukjent, DELETE_SAK, &r, "{'id': '%s'}", sak_id);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UkjentProdusent\",\"feilmelding\":\"Finner ikke produsent "
                           "med id dev:ukjent\"}");
    bb_gqlf(&srv, auth.annen, DELETE_SAK, &r, "{'id': '%s'}", sak_id);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMerkelapp\",\"feilmelding\":\" Ugyldig merkelapp "
                           "'Tiltak'.\\n Gyldige merkelapper er: [Annen]\"}");
    CHECK_EQ_INT(bb_events_of(sak_id), 2);
}

static void sak_delete_cascades_and_erases(void)
{
    bb_gqlf(&srv, auth.tiltak, DELETE_SAK, &r, "{'id': '%s'}", sak_id);
    char want[128];
    snprintf(want, sizeof want, "{\"__typename\":\"HardDeleteSakVellykket\",\"id\":\"%s\"}", sak_id);
    CHECK_CONTAINS(r.body, want);
    const char *gone[] = {sak_id, before_sak, linked, oppgave, avtale};
    for (int i = 0; i < 5; i++) {
        char sql[256];
        /* only the content-free HardDelete is left of each */
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM events WHERE aggregate_id = '%s' AND type <> 'HardDelete'", gone[i]);
        CHECK_EQ_INT(bb_db_count(sql), 0);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM tombstones WHERE aggregate_id = '%s'", gone[i]);
        CHECK_EQ_INT(bb_db_count(sql), 1);
    }
    CHECK_EQ_INT(bb_db_count("SELECT count(*) FROM notifikasjon WHERE merkelapp = 'Tiltak'"), 0);
    CHECK_EQ_INT(bb_db_count("SELECT count(*) FROM notifikasjon"), 1); /* the Pensjon beskjed */
    CHECK_EQ_INT(bb_events_of(other), 1);                      /* another merkelapp: not the sak's */
    bb_gql(&srv, auth.tiltak,
           "{ mineNotifikasjoner { ... on NotifikasjonConnection { edges { node { ... on Beskjed { "
           "metadata { eksternId } } } } } } }", NULL, &r);
    CHECK_EQ_STR(r.body, "{\"data\":{\"mineNotifikasjoner\":{\"edges\":[{\"node\":{\"metadata\":{"
                         "\"eksternId\":\"annen-merkelapp\"}}}]}}}");
    bb_gqlf(&srv, auth.tiltak, "query H($id: ID!) { hentSak(id: $id) { __typename } }", &r,
            "{'id': '%s'}", sak_id);
    CHECK_CONTAINS(r.body, "SakFinnesIkke");
    bb_gqlf(&srv, auth.tiltak, DELETE_SAK, &r, "{'id': '%s'}", sak_id); /* gone is gone */
    CHECK_CONTAINS(r.body, "SakFinnesIkke");
}

static void grupperingsid_is_burnt_but_ekstern_ids_are_free(void)
{
    ny_sak("sak-1", NULL);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"DuplikatGrupperingsidEtterDelete\",\"feilmelding\":\"sak "
                           "med angitt grupperings-id og merkelapp har vært brukt tidligere\"}");
    char again[64];
    beskjed("i-saken", "Tiltak", "sak-1", again);
    CHECK_EQ_INT(strlen(again), 36);
    CHECK(strcmp(again, linked) != 0);
}

static void every_sak_delete_variant(void)
{
    static const char *const types[] = {"HardDeleteSakVellykket", "SoftDeleteSakVellykket",
                                        "SoftDeleteSakVellykket"};
    for (int i = 0; i < 3; i++) {
        char gid[16], id[64], call[256], query[512];
        snprintf(gid, sizeof gid, "sak-%d", i + 2);
        ny_sak(gid, id);
        char b[64];
        beskjed("b", "Tiltak", gid, b);
        if (i == 1)
            snprintf(call, sizeof call, "softDeleteSak(id: '%s')", id);
        else
            snprintf(call, sizeof call, "%sDeleteSakByGrupperingsid(merkelapp: 'Tiltak', grupperingsid: '%s')",
                     i == 0 ? "hard" : "soft", gid);
        snprintf(query, sizeof query, "mutation { %s { __typename ... on %s { id } } }", call, types[i]);
        bb_gql(&srv, auth.tiltak, query, NULL, &r);
        char want[128];
        snprintf(want, sizeof want, "{\"__typename\":\"%s\",\"id\":\"%s\"}", types[i], id);
        CHECK_CONTAINS(r.body, want);
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM notifikasjon WHERE id = '%s'", b);
        CHECK_EQ_INT(bb_db_count(sql), 0);
    }
}

static void notification_delete_variants(void)
{
    char id[64];
    beskjed("slett-meg", "Pensjon", "x", id);
    bb_gqlf(&srv, auth.annen, "mutation D($id: ID!) { hardDeleteNotifikasjon(id: $id) { __typename } }", &r,
            "{'id': '%s'}", id);
    CHECK_CONTAINS(r.body, "UgyldigMerkelapp");
    bb_gqlf(&srv, auth.ukjent, "mutation D($id: ID!) { softDeleteNotifikasjon(id: $id) { __typename } }", &r,
            "{'id': '%s'}", id);
    CHECK_CONTAINS(r.body, "UkjentProdusent");
    bb_gqlf(&srv, auth.tiltak,
            "mutation D($id: ID!) { softDeleteNotifikasjon(id: $id) { __typename ... on "
            "SoftDeleteNotifikasjonVellykket { id } } }", &r, "{'id': '%s'}", id);
    CHECK_CONTAINS(r.body, id);
    bb_gqlf(&srv, auth.tiltak,
            "mutation D($id: ID!) { hardDeleteNotifikasjon(id: $id) { __typename ... on Error { "
            "feilmelding } } }", &r, "{'id': '%s'}", id);
    char want[160];
    snprintf(want, sizeof want, "\"feilmelding\":\"Notifikasjon med id %s finnes ikke\"", id);
    CHECK_CONTAINS(r.body, want);
    /* a sak is no notification, and a notification no sak */
    bb_gqlf(&srv, auth.tiltak, DELETE_SAK, &r, "{'id': '%s'}", other);
    CHECK_CONTAINS(r.body, "SakFinnesIkke");
    bb_gql(&srv, auth.tiltak,
           "mutation { hardDeleteNotifikasjonByEksternId(merkelapp: 'Pensjon', eksternId: "
           "'annen-merkelapp') { __typename } }", NULL, &r);
    CHECK_CONTAINS(r.body, "HardDeleteNotifikasjonVellykket");
}

/* Keys longer than any buffer: nothing is cut short on the way to the cascade
 * and the tombstone. */
static void long_keys_are_kept_whole(void)
{
    char gid[400], other_gid[400], sak[64], inside[64], outside[64];
    memset(gid, 'g', 300);
    gid[300] = '\0';
    snprintf(other_gid, sizeof other_gid, "%.299sh", gid); /* the same first 299 */
    ny_sak(gid, sak);
    beskjed("lang-1", "Tiltak", gid, inside);
    beskjed("lang-2", "Tiltak", other_gid, outside);
    bb_gqlf(&srv, auth.tiltak, DELETE_SAK, &r, "{'id': '%s'}", sak);
    CHECK_CONTAINS(r.body, "HardDeleteSakVellykket");
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM notifikasjon WHERE id IN ('%s', '%s')", inside, outside);
    CHECK_EQ_INT(bb_db_count(sql), 1); /* only the sak's own */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM notifikasjon WHERE id = '%s'", outside);
    CHECK_EQ_INT(bb_db_count(sql), 1);
    ny_sak(gid, NULL);
    CHECK_CONTAINS(r.body, "DuplikatGrupperingsidEtterDelete");
    ny_sak(other_gid, NULL);
    CHECK_CONTAINS(r.body, "NySakVellykket");
}

static void nothing_comes_back_after_a_restart(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    CHECK_EQ_INT(bb_start_producer_server(&srv), 0);
    ny_sak("sak-1", NULL);
    CHECK_CONTAINS(r.body, "DuplikatGrupperingsidEtterDelete");
    CHECK_EQ_INT(bb_db_count("SELECT count(*) FROM sak WHERE grupperingsid = 'sak-1'"), 0);
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"sak_delete_errors", sak_delete_errors},
    {"sak_delete_cascades_and_erases", sak_delete_cascades_and_erases},
    {"grupperingsid_is_burnt_but_ekstern_ids_are_free", grupperingsid_is_burnt_but_ekstern_ids_are_free},
    {"every_sak_delete_variant", every_sak_delete_variant},
    {"notification_delete_variants", notification_delete_variants},
    {"long_keys_are_kept_whole", long_keys_are_kept_whole},
    {"nothing_comes_back_after_a_restart", nothing_comes_back_after_a_restart},
};

CHECK_MAIN("blackbox/producer_delete", cases)
