/* The user read model fed with events appended directly (docs/events.md),
 * read through the user API's resolvers in process: the event kinds the
 * producer API cannot make yet (kalenderavtaler, reminders, deadline
 * changes, next step, extra information, a sak's delete), out-of-order and
 * repeated events, and replay giving the same model as live folding. */
#include "access/access.h"
#include "api/user/user.h"
#include "base/buf.h"
#include "base/clock.h"
#include "blackbox.h"
#include "check.h"
#include "events/evlog.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define P "16120101181"
#define ORG "910825496"

static char dir[] = "/tmp/budstikke-usermodelXXXXXX";
static struct store *store;
static struct access_source *source;
static struct api_user *api;

/* ---- Helpers ---- */

static void emit(const char *type, const char *aggregate, json_t *payload)
{
    CHECK_EQ_INT(bb_emit_event(store, type, aggregate, payload), 0);
}

static json_t *mottakere(void)
{
    return json_pack("[{s:s,s:s,s:s,s:s}]", "kind", "altinn", "a", "4321", "b", "1",
                     "virksomhetsnummer", ORG);
}

static void beskjed(const char *id, const char *gid, const char *opprettet)
{
    emit("BeskjedOpprettet", id,
         json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s,s:s,s:s,s:o}", "notifikasjonId", id, "merkelapp",
                   "Tiltak", "eksternId", id, "virksomhetsnummer", ORG, "grupperingsid", gid,
                   "tekst", "Beskjed", "lenke", "https://x/b", "opprettetTidspunkt", opprettet,
                   "mottakere", mottakere()));
}

static void oppgave(const char *id, const char *gid, const char *opprettet, const char *frist)
{
    emit("OppgaveOpprettet", id,
         json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s,s:s,s:s,s:o,s:s,s:s?}", "notifikasjonId", id,
                   "merkelapp", "Tiltak", "eksternId", id, "virksomhetsnummer", ORG,
                   "grupperingsid", gid, "tekst", "Oppgave", "lenke", "https://x/o",
                   "opprettetTidspunkt", opprettet, "mottakere", mottakere(), "tilstand", "NY",
                   "frist", frist));
}

static void sak(const char *id, const char *gid, const char *mottatt)
{
    emit("SakOpprettet", id,
         json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s}", "sakId", id, "merkelapp", "Tiltak",
                   "grupperingsid", gid, "virksomhetsnummer", ORG, "tittel", "Sak om tiltak",
                   "mottakere", mottakere(), "mottattTidspunkt", mottatt));
}

/* The query's result as a person, parsed; NULL on a request error. */
static json_t *query(const char *q)
{
    struct nt_buf out;
    nt_buf_init(&out, 0);
    api_user_execute(api, P, q, NULL, &out);
    json_t *v = json_loads(nt_buf_str(&out), 0, NULL);
    if (json_object_get(v, "errors"))
        fprintf(stderr, "errors: %s\n", nt_buf_str(&out));
    nt_buf_free(&out);
    return v;
}

static json_t *at(json_t *v, const char *path)
{
    return bb_json_path(v, path);
}

static const char *str_at(json_t *v, const char *path)
{
    return json_string_value(at(v, path));
}

static char *text_of(json_t *v)
{
    static char buf[4096];
    char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    snprintf(buf, sizeof buf, "%s", t ? t : "(null)");
    free(t);
    return buf;
}

#define BELL                                                                                     \
    "{ notifikasjoner { antallUleste notifikasjoner { __typename ... on Beskjed { id "           \
    "sorteringTidspunkt brukerKlikk { klikketPaa } } ... on Oppgave { id tilstand frist "        \
    "sorteringTidspunkt paaminnelseTidspunkt utgaattTidspunkt brukerKlikk { klikketPaa } } ... " \
    "on Kalenderavtale { id avtaletilstand startTidspunkt sluttTidspunkt lokasjon { adresse } "   \
    "digitalt sak { tittel } } } } }"

#define SAKER(args)                                                                              \
    "{ saker(virksomhetsnumre: [\"" ORG "\"], limit: 10" args ") { totaltAntallSaker saker { "  \
    "id nesteSteg tilleggsinformasjon frister tidslinje { __typename } } oppgaveFilterInfo { "   \
    "filterType antall } } }"

static void setup(void)
{
    CHECK(mkdtemp(dir) != NULL);
    char path[512], url[512];
    snprintf(path, sizeof path, "%s/access.json", dir);
    FILE *f = fopen(path, "w");
    fputs("{\"personer\":[{\"fnr\":\"" P "\",\"virksomheter\":[{\"virksomhetsnummer\":\"" ORG
          "\",\"navn\":\"Bedrift AS\",\"altinn\":[{\"serviceCode\":\"4321\",\"serviceEdition\":"
          "\"1\"}],\"roller\":[\"DAGL\"],\"reportee\":true}]}]}",
          f);
    fclose(f);
    snprintf(url, sizeof url, "sqlite:%s/test.db", dir);
    char *err = NULL;
    store = store_open(url, &err);
    struct access_config ac = {.file = path};
    source = access_open(&ac, &err);
    struct api_user_config uc = {.store = store, .access = source};
    api = api_user_new(&uc, &err);
    CHECK(store && source && api);
    nt_clock_set(1767225600000000LL); /* 2026-01-01T00:00:00Z */
}

static void kalenderavtaler_in_oslo_time(void)
{
    sak("s-k", "g-k", "2026-01-01T00:00:00Z");
    emit("KalenderavtaleOpprettet", "k-1",
         json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:b}",
                   "notifikasjonId", "k-1", "merkelapp", "Tiltak", "eksternId", "k-1",
                   "virksomhetsnummer", ORG, "grupperingsid", "g-k", "sakId", "s-k", "tekst",
                   "Møte", "lenke", "https://x/k", "opprettetTidspunkt", "2026-01-01T00:00:00Z",
                   "mottakere", mottakere(), "tilstand", "VENTER_SVAR_FRA_ARBEIDSGIVER",
                   "startTidspunkt", "2026-06-01T08:00:00Z", "sluttTidspunkt", "2026-06-01T11:30",
                   "lokasjon", "adresse", "Gata 1", "postnummer", "0150", "poststed", "Oslo",
                   "erDigitalt", 1));
    json_t *r = query(BELL);
    json_t *k = at(r, "data.notifikasjoner.notifikasjoner.0");
    CHECK_EQ_STR(str_at(k, "__typename"), "Kalenderavtale");
    CHECK_EQ_STR(str_at(k, "startTidspunkt"), "2026-06-01T10:00:00+02:00");
    CHECK_EQ_STR(str_at(k, "sluttTidspunkt"), "2026-06-01T11:30:00+02:00");
    CHECK_EQ_STR(str_at(k, "lokasjon.adresse"), "Gata 1");
    CHECK(json_is_true(at(k, "digitalt"))); /* the reference always gave null here */
    CHECK_EQ_STR(str_at(k, "sak.tittel"), "Sak om tiltak");
    json_decref(r);
    const char *kommende = "{ kommendeKalenderavtaler(virksomhetsnumre: [\"" ORG "\"]) { avtaler "
                           "{ id avtaletilstand } } }";
    r = query(kommende);
    CHECK_EQ_STR(str_at(r, "data.kommendeKalenderavtaler.avtaler.0.id"), "k-1");
    json_decref(r);
    r = query("{ kommendeKalenderavtaler(virksomhetsnumre: [\"999999999\"]) { avtaler { id } } }");
    CHECK_EQ_INT(json_array_size(at(r, "data.kommendeKalenderavtaler.avtaler")), 0);
    json_decref(r);
    /* waiting for an answer is an open task of the sak */
    r = query(SAKER(""));
    CHECK_CONTAINS(text_of(at(r, "data.saker.oppgaveFilterInfo")), "TILSTAND_NY\",\"antall\":1");
    json_decref(r);
    emit("KalenderavtaleOppdatert", "k-1",
         json_pack("{s:s,s:s,s:s}", "notifikasjonId", "k-1", "merkelapp", "Tiltak", "tilstand",
                   "AVLYST"));
    r = query(kommende);
    CHECK_EQ_INT(json_array_size(at(r, "data.kommendeKalenderavtaler.avtaler")), 0);
    json_decref(r);
    r = query(BELL);
    k = at(r, "data.notifikasjoner.notifikasjoner.0");
    CHECK_EQ_STR(str_at(k, "avtaletilstand"), "AVLYST");
    CHECK_EQ_STR(str_at(k, "lokasjon.adresse"), "Gata 1"); /* what the update left out stays */
    json_decref(r);
    r = query(SAKER(""));
    CHECK_EQ_STR(text_of(at(r, "data.saker.oppgaveFilterInfo")), "[]");
    json_decref(r);
    /* the past is not to come */
    nt_clock_set(1780000000000000LL); /* 2026-05-28 */
    emit("KalenderavtaleOppdatert", "k-1",
         json_pack("{s:s,s:s,s:s}", "notifikasjonId", "k-1", "merkelapp", "Tiltak", "tilstand",
                   "ARBEIDSGIVER_HAR_GODTATT"));
    r = query(kommende);
    CHECK_EQ_INT(json_array_size(at(r, "data.kommendeKalenderavtaler.avtaler")), 1);
    json_decref(r);
    nt_clock_set(1790000000000000LL); /* 2026-09-21 */
    r = query(kommende);
    CHECK_EQ_INT(json_array_size(at(r, "data.kommendeKalenderavtaler.avtaler")), 0);
    json_decref(r);
    nt_clock_set(1767225600000000LL);
}

static int click_cmd(struct store_tx *tx, void *arg)
{
    (void)arg;
    struct evlog_event e = {.aggregate_id = "o-1", .type = "BrukerKlikket",
                            .payload = "{\"notifikasjonId\":\"o-1\",\"fnr\":\"" P "\"}",
                            .created_at = nt_now_us()};
    return evlog_emit(tx, &e);
}

static void a_reminder_resurfaces_the_task(void)
{
    sak("s-1", "g-1", "2025-01-01T00:00:00Z");
    oppgave("o-1", "g-1", "2025-01-02T00:00:00Z", "2025-03-01");
    beskjed("b-1", NULL, "2025-06-01T00:00:00Z");
    CHECK_EQ_INT(store_write(store, click_cmd, NULL), 0);
    json_t *r = query(BELL);
    /* kalenderavtale (2026), beskjed (2025-06), oppgave (2025-01) */
    CHECK_EQ_STR(str_at(r, "data.notifikasjoner.notifikasjoner.2.id"), "o-1");
    CHECK(json_is_true(at(r, "data.notifikasjoner.notifikasjoner.2.brukerKlikk.klikketPaa")));
    json_decref(r);
    r = query("mutation { notifikasjonerSistLest(tidspunkt: \"2025-12-31T00:00:00Z\") { antallUleste } }");
    CHECK_EQ_STR(text_of(at(r, "data.notifikasjonerSistLest.antallUleste")), "1"); /* the 2026 avtale */
    json_decref(r);
    emit("PaaminnelseOpprettet", "o-1",
         json_pack("{s:s,s:s,s:s,s:s}", "notifikasjonId", "o-1", "opprettetTidspunkt",
                   "2026-01-01T00:00:05Z", "tidspunkt", "2026-01-01T00:00:01Z", "frist",
                   "2025-03-01"));
    r = query(BELL);
    json_t *o = at(r, "data.notifikasjoner.notifikasjoner.0");
    CHECK_EQ_STR(str_at(o, "id"), "o-1");
    CHECK_EQ_STR(str_at(o, "sorteringTidspunkt"), "2026-01-01T00:00:01Z");
    CHECK_EQ_STR(str_at(o, "paaminnelseTidspunkt"), "2026-01-01T00:00:01Z");
    CHECK(json_is_false(at(o, "brukerKlikk.klikketPaa"))); /* bold again */
    CHECK_EQ_STR(text_of(at(r, "data.notifikasjoner.antallUleste")), "2");
    json_decref(r);
    r = query(SAKER(", oppgaveFilter: [TILSTAND_NY, TILSTAND_NY_MED_PAAMINNELSE_UTLOEST]"));
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.id"), "s-1");
    CHECK_EQ_STR(text_of(at(r, "data.saker.totaltAntallSaker")), "1");
    json_decref(r);
    /* the reminder moved s-1 above the kalenderavtale's sak */
    r = query(SAKER(""));
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.id"), "s-1");
    CHECK_EQ_STR(text_of(at(r, "data.saker.saker.0.frister")), "[\"2025-03-01\"]");
    json_decref(r);
}

static void a_new_deadline_reopens_the_task(void)
{
    emit("OppgaveUtgaatt", "o-1",
         json_pack("{s:s,s:s}", "notifikasjonId", "o-1", "utgaattTidspunkt",
                   "2025-03-01T23:59:59.999+01:00"));
    json_t *r = query(BELL);
    CHECK_EQ_STR(str_at(r, "data.notifikasjoner.notifikasjoner.0.tilstand"), "UTGAATT");
    CHECK_EQ_STR(str_at(r, "data.notifikasjoner.notifikasjoner.0.utgaattTidspunkt"),
                 "2025-03-01T22:59:59.999Z");
    json_decref(r);
    emit("FristUtsatt", "o-1",
         json_pack("{s:s,s:s,s:s,s:s}", "notifikasjonId", "o-1", "merkelapp", "Tiltak",
                   "fristEndretTidspunkt", "2026-01-01T00:00:00Z", "frist", "2026-04-01"));
    r = query(BELL);
    /* back at its creation time, open again, no reminder */
    json_t *o = at(r, "data.notifikasjoner.notifikasjoner.2");
    CHECK_EQ_STR(str_at(o, "id"), "o-1");
    CHECK_EQ_STR(str_at(o, "tilstand"), "NY");
    CHECK_EQ_STR(str_at(o, "frist"), "2026-04-01");
    CHECK(json_is_null(at(o, "paaminnelseTidspunkt")));
    CHECK(json_is_null(at(o, "utgaattTidspunkt")));
    json_decref(r);
    emit("OppgaveUtfoert", "o-1", json_pack("{s:s}", "notifikasjonId", "o-1"));
    emit("FristUtsatt", "o-1",
         json_pack("{s:s,s:s,s:s}", "notifikasjonId", "o-1", "merkelapp", "Tiltak", "frist",
                   "2027-01-01"));
    r = query(BELL);
    CHECK_EQ_STR(str_at(r, "data.notifikasjoner.notifikasjoner.2.tilstand"), "UTFOERT");
    CHECK_EQ_STR(str_at(r, "data.notifikasjoner.notifikasjoner.2.frist"), "2026-04-01");
    json_decref(r);
}

static void next_step_and_extra_information(void)
{
    emit("NesteStegSak", "s-1",
         json_pack("{s:s,s:s,s:s,s:s}", "sakId", "s-1", "merkelapp", "Tiltak", "grupperingsid",
                   "g-1", "nesteSteg", "Vent på svar"));
    emit("TilleggsinformasjonSak", "s-1",
         json_pack("{s:s,s:s,s:s,s:s}", "sakId", "s-1", "merkelapp", "Tiltak", "grupperingsid",
                   "g-1", "tilleggsinformasjon", "Gjelder Åse Ødegård"));
    json_t *r = query(SAKER(", tekstsoek: \"åse\""));
    CHECK_EQ_STR(text_of(at(r, "data.saker.totaltAntallSaker")), "1");
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.nesteSteg"), "Vent på svar");
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.tilleggsinformasjon"), "Gjelder Åse Ødegård");
    json_decref(r);
    emit("NesteStegSak", "s-1",
         json_pack("{s:s,s:s,s:s,s:n}", "sakId", "s-1", "merkelapp", "Tiltak", "grupperingsid",
                   "g-1", "nesteSteg"));
    r = query(SAKER(", tekstsoek: \"åse\""));
    CHECK(json_is_null(at(r, "data.saker.saker.0.nesteSteg")));
    json_decref(r);
}

static void a_notification_before_its_sak_is_linked(void)
{
    oppgave("o-early", "g-late", "2026-02-01T00:00:00Z", NULL);
    sak("s-late", "g-late", "2025-01-01T00:00:00Z");
    json_t *r = query(SAKER(""));
    /* the sak is as new as its notification, whatever came first */
    CHECK_EQ_STR(str_at(r, "data.saker.saker.0.id"), "s-late");
    CHECK_EQ_STR(text_of(at(r, "data.saker.saker.0.tidslinje")),
                 "[{\"__typename\":\"OppgaveTidslinjeElement\"}]");
    json_decref(r);
}

/* Every user table's rows as text, in key order. */
static int dump_tables(struct store_tx *tx, void *arg)
{
    static const char *const sql[] = {
        "SELECT nr, id, kind, sak_nr, tilstand, oppgave_bits, sortering_us, paaminnelse, frist, "
        "lenke, versjon FROM bruker_notifikasjon ORDER BY nr",
        "SELECT nr, id, sist_endret_us, soketekst, neste_steg, tilleggsinformasjon FROM "
        "bruker_sak ORDER BY nr",
        "SELECT fnr, nr, sortering_us, refs_altinn, refs_nl, klikket, ferdig, kommende_us, "
        "versjon FROM bruker_synlig ORDER BY fnr, nr",
        "SELECT fnr, nr, sist_endret_us, refs_altinn, refs_nl, oppgaver FROM bruker_synlig_sak "
        "ORDER BY fnr, nr",
        "SELECT nr, virksomhet, nokkel FROM bruker_mottaker ORDER BY nr, virksomhet, nokkel",
        "SELECT fnr, nr FROM bruker_klikk ORDER BY fnr, nr",
        "SELECT fnr, tidspunkt FROM bruker_sist_lest ORDER BY fnr",
        "SELECT id, status, tidspunkt FROM bruker_sak_status ORDER BY id",
    };
    struct nt_buf *b = arg;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        struct store_stmt *q = store_prepare(tx, sql[i]);
        while (store_step(q) == STORE_ROW) {
            for (int c = 0; c < 11; c++) {
                const char *v = store_column_text(q, c);
                nt_buf_printf(b, "%s|", v ? v : "-");
            }
            nt_buf_putc(b, '\n');
        }
        nt_buf_putc(b, '#');
    }
    return 0;
}

static int replay(struct store_tx *tx, void *arg)
{
    (void)arg;
    return evlog_replay_all(tx);
}

static void repeated_events_and_replay_change_nothing(void)
{
    beskjed("b-1", NULL, "2030-01-01T00:00:00Z"); /* the same id again: insert-if-absent */
    sak("s-1", "g-1", "2030-01-01T00:00:00Z");
    struct nt_buf before, after;
    nt_buf_init(&before, 0);
    nt_buf_init(&after, 0);
    CHECK_EQ_INT(store_read(store, dump_tables, &before), 0);
    CHECK_EQ_INT(store_write(store, replay, NULL), 0);
    CHECK_EQ_INT(store_read(store, dump_tables, &after), 0);
    CHECK(before.len > 500);
    CHECK_EQ_STR(nt_buf_str(&after), nt_buf_str(&before));
    nt_buf_free(&before);
    nt_buf_free(&after);
}

static int erase_sak(struct store_tx *tx, void *arg)
{
    (void)arg;
    /* as src/api/producer/hard_delete.c does: the notifications first */
    static const char *const ids[] = {"o-1", "s-1"};
    for (int i = 0; i < 2; i++) {
        if (evlog_erase(tx, ids[i], i ? "SAK" : "OPPGAVE", "Tiltak", i ? "g-1" : NULL, 1) != 0)
            return -1;
        char payload[128];
        snprintf(payload, sizeof payload, "{\"notifikasjonId\":\"%s\",\"merkelapp\":\"Tiltak\"}",
                 ids[i]);
        struct evlog_event e = {.aggregate_id = ids[i], .type = "HardDelete", .payload = payload,
                                .created_at = 1};
        if (evlog_emit(tx, &e) != 0)
            return -1;
    }
    return 0;
}

static void a_deleted_sak_takes_its_notifications_and_stays_deleted(void)
{
    CHECK_EQ_INT(store_write(store, erase_sak, NULL), 0);
    json_t *r = query("{ sakByGrupperingsid(merkelapp: \"Tiltak\", grupperingsid: \"g-1\") { sak "
                      "{ id } } }");
    CHECK(json_is_null(at(r, "data.sakByGrupperingsid.sak")));
    json_decref(r);
    r = query(BELL);
    CHECK(!strstr(text_of(r), "\"o-1\""));
    json_decref(r);
    /* a notification created later in the deleted sak never shows */
    beskjed("b-late", "g-1", "2026-03-01T00:00:00Z");
    r = query(BELL);
    CHECK(!strstr(text_of(r), "b-late"));
    json_decref(r);
}

static void roles_and_reportee_match(void)
{
    emit("BeskjedOpprettet", "r-1",
         json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:[{s:s,s:s,s:s}]}", "notifikasjonId", "r-1",
                   "merkelapp", "Tiltak", "virksomhetsnummer", ORG, "tekst", "Til daglig leder",
                   "lenke", "https://x", "opprettetTidspunkt", "2026-04-01T00:00:00Z",
                   "eksternId", "r-1", "mottakere", "kind", "altinnRolle", "a", "DAGL",
                   "virksomhetsnummer", ORG));
    emit("BeskjedOpprettet", "r-2",
         json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:[{s:s,s:s,s:s}]}", "notifikasjonId", "r-2",
                   "merkelapp", "Tiltak", "virksomhetsnummer", ORG, "tekst", "Til meg",
                   "lenke", "https://x", "opprettetTidspunkt", "2026-04-02T00:00:00Z",
                   "eksternId", "r-2", "mottakere", "kind", "altinnReportee", "a", P,
                   "virksomhetsnummer", ORG));
    emit("BeskjedOpprettet", "r-3",
         json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:[{s:s,s:s,s:s}]}", "notifikasjonId", "r-3",
                   "merkelapp", "Tiltak", "virksomhetsnummer", ORG, "tekst", "Til en annen",
                   "lenke", "https://x", "opprettetTidspunkt", "2026-04-03T00:00:00Z",
                   "eksternId", "r-3", "mottakere", "kind", "altinnReportee", "a", "01017012345",
                   "virksomhetsnummer", ORG));
    json_t *r = query(BELL);
    const char *t = text_of(r);
    CHECK(strstr(t, "\"r-1\"") && strstr(t, "\"r-2\"") && !strstr(t, "\"r-3\""));
    json_decref(r);
}

static void teardown(void)
{
    nt_clock_reset();
    api_user_shutdown(api);
    api_user_free(api);
    access_close(source);
    store_close(store);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"kalenderavtaler_in_oslo_time", kalenderavtaler_in_oslo_time},
    {"a_reminder_resurfaces_the_task", a_reminder_resurfaces_the_task},
    {"a_new_deadline_reopens_the_task", a_new_deadline_reopens_the_task},
    {"next_step_and_extra_information", next_step_and_extra_information},
    {"a_notification_before_its_sak_is_linked", a_notification_before_its_sak_is_linked},
    {"repeated_events_and_replay_change_nothing", repeated_events_and_replay_change_nothing},
    {"a_deleted_sak_takes_its_notifications_and_stays_deleted",
     a_deleted_sak_takes_its_notifications_and_stays_deleted},
    {"roles_and_reportee_match", roles_and_reportee_match},
    {"teardown", teardown},
};

CHECK_MAIN("user_model", cases)
