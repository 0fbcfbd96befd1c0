/* Scheduled hard deletes over HTTP (producer-api.md 15.2-15.3): the instant
 * each mutation writes into its event (hardDelete.tidspunkt, from the base
 * the event names) and the schedule the read model keeps per aggregate
 * (a creation sets it, FORLENG keeps the later, OVERSKRIV replaces, a delete
 * removes it), read from the real SQLite file. */
#include "blackbox.h"
#include "check.h"
#include "domain/hard_delete.h"
#include "domain/oslo_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct bb_server srv;
static struct bb_producers auth;
static struct bb_reply r;
static char beskjed_id[64], oppgave_id[64], sak_id[64], avtale_id[64];

#define LEDER "{'naermesteLeder': {'naermesteLederFnr': '16120101181', 'ansattFnr': '26090099884'}}"

static int64_t real_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t instant(const char *text)
{
    int64_t t = 0;
    CHECK(dom_parse_datetime(text, &t));
    return t;
}

/* The scheduled instant of an aggregate, -1 when none. */
static int64_t scheduled(const char *id)
{
    char sql[256], out[64];
    snprintf(sql, sizeof sql, "SELECT tidspunkt FROM skedulert_hard_delete WHERE aggregate_id = '%s'", id);
    return bb_db_rows(sql, out, sizeof out) == 1 ? strtoll(out, NULL, 10) : -1;
}

/* hardDelete.tidspunkt of the aggregate's latest event of that type. */
static const char *written(const char *id, const char *type)
{
    static char out[128];
    return bb_event_at(id, type, "hardDelete.tidspunkt", out, sizeof out);
}

static void beskjed(const char *ekstern_id, const char *hard_delete)
{
    bb_gqlf(&srv, auth.tiltak,
            "mutation B($b: NyBeskjedInput!) { nyBeskjed(nyBeskjed: $b) { ... on NyBeskjedVellykket "
            "{ id } } }",
            &r,
            "{'b': {'mottakere': [" LEDER "], 'notifikasjon': {'merkelapp': 'Tiltak', 'tekst': 'Hei', "
            "'lenke': 'x'}, 'metadata': {'eksternId': '%s', 'virksomhetsnummer': '910825496', "
            "'opprettetTidspunkt': '2022-04-01T12:30Z', 'hardDelete': %s}}}",
            ekstern_id, hard_delete);
}

static void setup(void)
{
    CHECK_EQ_INT(bb_producer_start(&srv, &auth), 0);
}

static void creations_count_from_their_base(void)
{
    /* opprettetTidspunkt is the base of a beskjed's om (the reference's examples) */
    beskjed("b-1", "{'om': 'PT5H'}");
    bb_json_at(r.body, "data.nyBeskjed.id", beskjed_id, sizeof beskjed_id);
    CHECK_EQ_STR(written(beskjed_id, "BeskjedOpprettet"), "2022-04-01T17:30:00Z");
    CHECK_EQ_INT(scheduled(beskjed_id), instant("2022-04-01T17:30:00Z"));
    beskjed("b-2", "{'om': 'P1YT5H'}");
    char id[64];
    bb_json_at(r.body, "data.nyBeskjed.id", id, sizeof id);
    CHECK_EQ_INT(scheduled(id), instant("2023-04-01T17:30:00Z"));
    /* den is Oslo wall-clock time */
    bb_gql(&srv, auth.tiltak,
           "mutation O($m: [MottakerInput!]!) { nyOppgave(nyOppgave: {mottakere: $m, notifikasjon: "
           "{merkelapp: 'Tiltak', tekst: 'Gjør', lenke: 'x'}, metadata: {eksternId: 'o-1', "
           "virksomhetsnummer: '910825496', hardDelete: {den: '2022-04-01T12:30'}}}) { ... on "
           "NyOppgaveVellykket { id } } }",
           "{'m': [" LEDER "]}", &r);
    bb_json_at(r.body, "data.nyOppgave.id", oppgave_id, sizeof oppgave_id);
    CHECK_EQ_STR(written(oppgave_id, "OppgaveOpprettet"), "2022-04-01T10:30:00Z");
    CHECK_EQ_INT(scheduled(oppgave_id), instant("2022-04-01T10:30:00Z"));
    /* nySak: its tidspunkt when given */
    bb_gql(&srv, auth.tiltak,
           "mutation S($m: [MottakerInput!]!) { nySak(grupperingsid: 'sak-1', merkelapp: 'Tiltak', "
           "virksomhetsnummer: '910825496', mottakere: $m, tittel: 'Sak', initiellStatus: MOTTATT, "
           "tidspunkt: '2022-04-01T12:30Z', hardDelete: {om: 'P1YT5H'}) { ... on NySakVellykket { id } } }",
           "{'m': [" LEDER "]}", &r);
    bb_json_at(r.body, "data.nySak.id", sak_id, sizeof sak_id);
    CHECK_EQ_INT(scheduled(sak_id), instant("2023-04-01T17:30:00Z"));
    /* no schedule asked for: none */
    beskjed("b-3", "null");
    bb_json_at(r.body, "data.nyBeskjed.id", id, sizeof id);
    CHECK_EQ_INT(scheduled(id), -1);
}

/* The schedule of something written between before and after with om
 * counted from the call. */
static void check_counts_from_the_call(const char *id, const char *om, int64_t before, int64_t after)
{
    int64_t lo, hi, at = scheduled(id);
    CHECK(dom_hard_delete_instant(NULL, om, before, &lo));
    CHECK(dom_hard_delete_instant(NULL, om, after, &hi));
    CHECK(at >= lo && at <= hi);
}

static void call_time_bases(void)
{
    int64_t before = real_now_us();
    bb_gql(&srv, auth.tiltak,
           "mutation S($m: [MottakerInput!]!) { nySak(grupperingsid: 'sak-2', merkelapp: 'Tiltak', "
           "virksomhetsnummer: '910825496', mottakere: $m, tittel: 'Sak', initiellStatus: MOTTATT, "
           "hardDelete: {om: 'P5M'}) { ... on NySakVellykket { id } } }",
           "{'m': [" LEDER "]}", &r);
    char id[64];
    bb_json_at(r.body, "data.nySak.id", id, sizeof id);
    check_counts_from_the_call(id, "P5M", before, real_now_us());
    before = real_now_us();
    bb_gql(&srv, auth.tiltak,
           "mutation K($m: [MottakerInput!]!) { nyKalenderavtale(virksomhetsnummer: '910825496', "
           "grupperingsid: 'sak-1', merkelapp: 'Tiltak', eksternId: 'a-1', tekst: 'Møte', lenke: 'x', "
           "mottakere: $m, startTidspunkt: '2030-01-01T10:00', hardDelete: {om: 'P1D'}) { ... on "
           "NyKalenderavtaleVellykket { id } } }",
           "{'m': [" LEDER "]}", &r);
    bb_json_at(r.body, "data.nyKalenderavtale.id", avtale_id, sizeof avtale_id);
    check_counts_from_the_call(avtale_id, "P1D", before, real_now_us());
    /* utgaatt: from the call, not from utgaattTidspunkt */
    before = real_now_us();
    bb_gqlf(&srv, auth.tiltak,
            "mutation ($id: ID!) { oppgaveUtgaatt(id: $id, utgaattTidspunkt: '2001-01-01T00:00Z', "
            "hardDelete: {nyTid: {om: 'P1D'}, strategi: OVERSKRIV}) { __typename } }",
            &r, "{'id': '%s'}", oppgave_id);
    CHECK_CONTAINS(r.body, "OppgaveUtgaattVellykket");
    check_counts_from_the_call(oppgave_id, "P1D", before, real_now_us());
}

static void utfoert(const char *strategi, const char *den)
{
    bb_gqlf(&srv, auth.tiltak,
            "mutation ($id: ID! $den: ISO8601LocalDateTime! $s: NyTidStrategi!) { oppgaveUtfoert("
            "id: $id, hardDelete: {nyTid: {den: $den}, strategi: $s}) { __typename } }",
            &r, "{'id': '%s', 'den': '%s', 's': '%s'}", oppgave_id, den, strategi);
}

static void forleng_and_overskriv(void)
{
    /* scheduled about a day from now by the last case; FORLENG to 2040 takes the later */
    utfoert("FORLENG", "2040-01-01T00:00");
    CHECK_CONTAINS(r.body, "OppgaveUtfoertVellykket");
    CHECK_EQ_STR(written(oppgave_id, "OppgaveUtfoert"), "2039-12-31T23:00:00Z");
    CHECK_EQ_INT(scheduled(oppgave_id), instant("2039-12-31T23:00:00Z"));
    /* an earlier time with FORLENG keeps the later */
    utfoert("FORLENG", "2035-01-01T00:00");
    CHECK_EQ_STR(written(oppgave_id, "OppgaveUtfoert"), "2034-12-31T23:00:00Z");
    CHECK_EQ_INT(scheduled(oppgave_id), instant("2039-12-31T23:00:00Z"));
    /* OVERSKRIV replaces, even with the past */
    utfoert("OVERSKRIV", "2001-01-01T00:00");
    CHECK_EQ_INT(scheduled(oppgave_id), instant("2000-12-31T23:00:00Z"));
    /* a notification without a schedule takes FORLENG's time */
    char id[64];
    beskjed("b-4", "null");
    bb_json_at(r.body, "data.nyBeskjed.id", id, sizeof id);
    CHECK_EQ_INT(scheduled(id), -1);
}

static void status_updates_schedule_the_sak(void)
{
#define STATUS                                                                                   \
    "mutation ($id: ID! $s: NyTidStrategi!) { nyStatusSak(id: $id, nyStatus: FERDIG, tidspunkt: "  \
    "'2020-01-01T00:00Z', hardDelete: {nyTid: {om: 'P1D'}, strategi: $s}) { __typename } }"
    bb_gqlf(&srv, auth.tiltak, STATUS, &r, "{'id': '%s', 's': 'FORLENG'}", sak_id);
    CHECK_CONTAINS(r.body, "NyStatusSakVellykket");
    CHECK_EQ_STR(written(sak_id, "NyStatusSak"), "2020-01-02T00:00:00Z"); /* from its tidspunkt */
    CHECK_EQ_INT(scheduled(sak_id), instant("2023-04-01T17:30:00Z"));
    bb_gqlf(&srv, auth.tiltak, STATUS, &r, "{'id': '%s', 's': 'OVERSKRIV'}", sak_id);
    CHECK_EQ_INT(scheduled(sak_id), instant("2020-01-02T00:00:00Z"));
    /* the guide's example: FORLENG by 5 months from the call */
    int64_t before = real_now_us();
    bb_gql(&srv, auth.tiltak,
           "mutation OppdaterSakMedAutomatiskSletting { nyStatusSakByGrupperingsid( hardDelete: { "
           "nyTid: { om: 'P5M' } strategi: FORLENG } grupperingsid: 'sak-1' merkelapp: 'Tiltak' "
           "nyStatus: UNDER_BEHANDLING ) { __typename } }", NULL, &r);
    check_counts_from_the_call(sak_id, "P5M", before, real_now_us());
    /* the avtale's update */
    bb_gqlf(&srv, auth.tiltak,
            "mutation ($id: ID!) { oppdaterKalenderavtale(id: $id, hardDelete: {nyTid: {den: "
            "'2019-10-13T07:20:50.52'}, strategi: OVERSKRIV}) { __typename } }", &r, "{'id': '%s'}", avtale_id);
    CHECK_EQ_INT(scheduled(avtale_id), instant("2019-10-13T05:20:50.520Z"));
}

static void a_repeated_create_keeps_its_schedule(void)
{
    beskjed("b-1", "{'om': 'P10Y'}"); /* the same beskjed; its hardDelete is not compared */
    char id[64];
    CHECK_EQ_STR(bb_json_at(r.body, "data.nyBeskjed.id", id, sizeof id), beskjed_id);
    CHECK_EQ_INT(scheduled(beskjed_id), instant("2022-04-01T17:30:00Z"));
}

static void deletes_remove_the_schedule(void)
{
    bb_gqlf(&srv, auth.tiltak, "mutation ($id: ID!) { hardDeleteSak(id: $id) { __typename } }", &r,
            "{'id': '%s'}", sak_id);
    CHECK_CONTAINS(r.body, "HardDeleteSakVellykket");
    CHECK_EQ_INT(scheduled(sak_id), -1);
    CHECK_EQ_INT(scheduled(avtale_id), -1); /* the sak's avtale went with it */
    bb_gqlf(&srv, auth.tiltak, "mutation ($id: ID!) { hardDeleteNotifikasjon(id: $id) { __typename } }", &r,
            "{'id': '%s'}", beskjed_id);
    CHECK_EQ_INT(scheduled(beskjed_id), -1);
    CHECK_EQ_INT(scheduled(oppgave_id), instant("2000-12-31T23:00:00Z")); /* the others stay */
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"creations_count_from_their_base", creations_count_from_their_base},
    {"call_time_bases", call_time_bases},
    {"forleng_and_overskriv", forleng_and_overskriv},
    {"status_updates_schedule_the_sak", status_updates_schedule_the_sak},
    {"a_repeated_create_keeps_its_schedule", a_repeated_create_keeps_its_schedule},
    {"deletes_remove_the_schedule", deletes_remove_the_schedule},
};

CHECK_MAIN("blackbox/producer_schedule", cases)
