/* The scheduler's projection and job runner on a real SQLite store, fed
 * with the events of docs/events.md: expiry at the end of the frist day in
 * Oslo, AVHOLDT, each reminder kind, hard delete with FORLENG/OVERSKRIV,
 * what cancels or moves each job, exactly-once firing, and replay giving
 * the same schedule. The clock is the controllable one. */
#include "api/producer/read_model.h"
#include "base/clock.h"
#include "check.h"
#include "domain/oslo_time.h"
#include "events/evlog.h"
#include "notify/projection.h"
#include "scheduler/fire.h"
#include "scheduler/jobs.h"
#include "scheduler/projection.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/budstikke-schedXXXXXX";
static struct store *store;

static int64_t at(const char *instant)
{
    int64_t us = 0;
    dom_parse_datetime(instant, &us);
    return us;
}

struct emit_args {
    const char *type, *aggregate, *payload;
    int64_t created;
};

static int emit_cmd(struct store_tx *tx, void *arg)
{
    struct emit_args *a = arg;
    struct evlog_event e = {.aggregate_id = a->aggregate, .type = a->type, .payload = a->payload,
                            .producer = "dev:tiltak", .created_at = a->created};
    return evlog_emit(tx, &e);
}

static void emit(const char *type, const char *aggregate, const char *payload, const char *when)
{
    struct emit_args a = {type, aggregate, payload, at(when)};
    CHECK_EQ_INT(store_write(store, emit_cmd, &a), 0);
}

/* Runs every due job at the given time; returns how many ran. */
static int run_at(const char *when)
{
    nt_clock_set(at(when));
    int ran = sched_run_due(store, 100, NULL, NULL);
    CHECK(ran >= 0);
    return ran;
}

struct count_args {
    const char *sql, *a, *b;
    int64_t n;
    char text[4096];
};

static int count_cmd(struct store_tx *tx, void *arg)
{
    struct count_args *c = arg;
    struct store_stmt *st = store_prepare(tx, c->sql);
    store_bind_text(st, 1, c->a);
    if (c->b)
        store_bind_text(st, 2, c->b);
    c->n = 0;
    c->text[0] = '\0';
    if (store_step(st) == STORE_ROW) {
        c->n = store_column_int64(st, 0);
        const char *t = store_column_text(st, 1);
        snprintf(c->text, sizeof c->text, "%s", t ? t : "");
    }
    return 0;
}

/* Events of a type for an aggregate, and the last one's payload. */
static int64_t events_of(const char *type, const char *aggregate, char *payload_out, size_t n)
{
    struct count_args c = {"SELECT COUNT(*), MAX(payload) FROM events WHERE type = ? AND "
                           "aggregate_id = ?", type, aggregate, 0, ""};
    store_read(store, count_cmd, &c);
    if (payload_out)
        snprintf(payload_out, n, "%s", c.text);
    return c.n;
}

static int64_t job_due(const char *kind, const char *aggregate)
{
    struct count_args c = {"SELECT due_at, kind FROM sched_job WHERE kind = ? AND aggregate_id = ?",
                           kind, aggregate, 0, ""};
    store_read(store, count_cmd, &c);
    return c.n;
}

static const char *tilstand(const char *id)
{
    static struct count_args c;
    c = (struct count_args){"SELECT 1, tilstand FROM notifikasjon WHERE id = ?", id, NULL, 0, ""};
    store_read(store, count_cmd, &c);
    return c.n ? c.text : "(gone)";
}

/* A creation payload of docs/events.md with extra members appended. */
static char *creation(const char *id, const char *opprettet, const char *extra)
{
    char *p = malloc(4096);
    snprintf(p, 4096,
             "{\"notifikasjonId\":\"%s\",\"merkelapp\":\"tiltak\",\"eksternId\":\"%s\","
             "\"virksomhetsnummer\":\"012345678\",\"tekst\":\"t\",\"lenke\":\"https://x\","
             "\"opprettetTidspunkt\":\"%s\",\"produsentId\":\"dev:tiltak\",\"kildeAppNavn\":\"a\","
             "\"mottakere\":[],\"identity\":\"{\\\"id\\\":\\\"%s\\\"}\"%s%s}",
             id, id, opprettet, id, extra[0] ? "," : "", extra);
    return p;
}

static void setup(void)
{
    CHECK(mkdtemp(dir) != NULL);
    char url[256], *err = NULL;
    snprintf(url, sizeof url, "sqlite:%s/test.db", dir);
    store = store_open(url, &err);
    CHECK(store != NULL);
    evlog_register(&producer_read_model);
    evlog_register(&sched_projection);
    evlog_register(&notify_projection);
}

static void expiry_at_the_end_of_the_frist_day_in_oslo(void)
{
    char *p = creation("o1", "2024-01-15T10:00:00Z", "\"tilstand\":\"NY\",\"frist\":\"2024-01-16\","
                                                      "\"eksterneVarsler\":[]");
    emit("OppgaveOpprettet", "o1", p, "2024-01-15T10:00:00Z");
    free(p);
    CHECK_EQ_INT(job_due("EXPIRE", "o1"), at("2024-01-16T23:00:00Z")); /* 00:00 Oslo on the 17th */
    run_at("2024-01-16T22:59:59.999999Z");
    CHECK_EQ_STR(tilstand("o1"), "NY");
    run_at("2024-01-16T23:00:00Z");
    char payload[512];
    CHECK_EQ_INT(events_of("OppgaveUtgaatt", "o1", payload, sizeof payload), 1);
    CHECK_CONTAINS(payload, "\"utgaattTidspunkt\":\"2024-01-16T22:59:59.999999Z\"");
    CHECK_EQ_STR(tilstand("o1"), "UTGAATT");
    run_at("2024-01-18T00:00:00Z");
    CHECK_EQ_INT(events_of("OppgaveUtgaatt", "o1", NULL, 0), 1); /* exactly once */
    /* summer time: the day ends at 22:00Z */
    p = creation("o2", "2024-06-01T10:00:00Z", "\"tilstand\":\"NY\",\"frist\":\"2024-06-10\"");
    emit("OppgaveOpprettet", "o2", p, "2024-06-01T10:00:00Z");
    free(p);
    CHECK_EQ_INT(job_due("EXPIRE", "o2"), at("2024-06-10T22:00:00Z"));
}

static void utfoert_cancels_expiry_and_reminder(void)
{
    char *p = creation("o3", "2024-02-01T10:00:00Z",
                       "\"tilstand\":\"NY\",\"frist\":\"2024-02-10\",\"paaminnelse\":{\"tidspunkt\":"
                       "{\"kind\":\"foerFrist\",\"value\":\"P1D\"},\"paaminnelseTidspunkt\":"
                       "\"2024-02-09T22:59:59.999999Z\",\"eksterneVarsler\":[]}");
    emit("OppgaveOpprettet", "o3", p, "2024-02-01T10:00:00Z");
    free(p);
    CHECK_EQ_INT(job_due("REMIND", "o3"), at("2024-02-09T22:59:59.999999Z"));
    emit("OppgaveUtfoert", "o3", "{\"notifikasjonId\":\"o3\",\"utfoertTidspunkt\":\"2024-02-02T10:00:00Z\"}",
         "2024-02-02T10:00:00Z");
    CHECK_EQ_INT(job_due("REMIND", "o3"), 0);
    CHECK_EQ_INT(job_due("EXPIRE", "o3"), 0);
    run_at("2024-03-01T00:00:00Z");
    CHECK_EQ_INT(events_of("PaaminnelseOpprettet", "o3", NULL, 0), 0);
    CHECK_EQ_INT(events_of("OppgaveUtgaatt", "o3", NULL, 0), 0);
    CHECK_EQ_STR(tilstand("o3"), "UTFOERT");
}

static void reminder_fires_once_with_its_notices(void)
{
    char *p = creation("o4", "2024-03-01T08:00:00Z",
                       "\"tilstand\":\"NY\",\"paaminnelse\":{\"tidspunkt\":{\"kind\":"
                       "\"etterOpprettelse\",\"value\":\"PT2H\"},\"paaminnelseTidspunkt\":"
                       "\"2024-03-01T10:00:00Z\",\"eksterneVarsler\":[{\"varselId\":\"v-r1\","
                       "\"kanal\":\"sms\",\"spec\":{\"mottaker\":{\"kontaktinfo\":{\"tlf\":"
                       "\"99999999\"}},\"smsTekst\":\"husk\",\"sendevindu\":\"NKS_AAPNINGSTID\"}}]}");
    emit("OppgaveOpprettet", "o4", p, "2024-03-01T08:00:00Z");
    free(p);
    CHECK_EQ_INT(run_at("2024-03-01T09:59:59Z"), 0);
    CHECK_EQ_INT(run_at("2024-03-01T10:00:00Z"), 1);
    char payload[2048];
    CHECK_EQ_INT(events_of("PaaminnelseOpprettet", "o4", payload, sizeof payload), 1);
    CHECK_CONTAINS(payload, "\"varselId\":\"v-r1\"");
    CHECK_CONTAINS(payload, "\"tidspunkt\":\"2024-03-01T10:00:00Z\"");
    CHECK_CONTAINS(payload, "\"virksomhetsnummer\":\"012345678\"");
    /* its notice is ordered when it fires: Friday 11:00 Oslo is inside NKS */
    struct count_args c = {"SELECT q.due_at, n.state FROM notice n JOIN notice_queue q ON "
                           "q.varsel_id = n.varsel_id WHERE n.varsel_id = ?", "v-r1", NULL, 0, ""};
    store_read(store, count_cmd, &c);
    CHECK_EQ_INT(c.n, at("2024-03-01T10:00:00Z"));
    CHECK_EQ_STR(c.text, "NY");
    CHECK_EQ_INT(run_at("2024-03-02T10:00:00Z"), 0);
    CHECK_EQ_INT(events_of("PaaminnelseOpprettet", "o4", NULL, 0), 1);
}

static void frist_utsatt_and_endret_paaminnelse_move_jobs(void)
{
    char *p = creation("o5", "2024-04-01T08:00:00Z",
                       "\"tilstand\":\"NY\",\"frist\":\"2024-04-05\",\"paaminnelse\":{\"tidspunkt\":"
                       "{\"kind\":\"konkret\",\"value\":\"2024-04-03T12:00\"},\"paaminnelseTidspunkt\":"
                       "\"2024-04-03T10:00:00Z\",\"eksterneVarsler\":[]}");
    emit("OppgaveOpprettet", "o5", p, "2024-04-01T08:00:00Z");
    free(p);
    emit("FristUtsatt", "o5",
         "{\"notifikasjonId\":\"o5\",\"merkelapp\":\"tiltak\",\"fristEndretTidspunkt\":"
         "\"2024-04-02T08:00:00Z\",\"frist\":\"2024-04-20\",\"paaminnelse\":{\"tidspunkt\":{\"kind\":"
         "\"foerFrist\",\"value\":\"P2D\"},\"paaminnelseTidspunkt\":\"2024-04-17T21:59:59.999999Z\","
         "\"eksterneVarsler\":[]}}",
         "2024-04-02T08:00:00Z");
    CHECK_EQ_INT(job_due("EXPIRE", "o5"), at("2024-04-20T22:00:00Z"));
    CHECK_EQ_INT(job_due("REMIND", "o5"), at("2024-04-17T21:59:59.999999Z"));
    emit("OppgavePaaminnelseEndret", "o5",
         "{\"notifikasjonId\":\"o5\",\"merkelapp\":\"tiltak\",\"oppgaveOpprettetTidspunkt\":"
         "\"2024-04-01T08:00:00Z\",\"frist\":\"2024-04-20\"}",
         "2024-04-03T08:00:00Z");
    CHECK_EQ_INT(job_due("REMIND", "o5"), 0); /* no påminnelse: removed */
    emit("OppgavePaaminnelseEndret", "o5",
         "{\"notifikasjonId\":\"o5\",\"merkelapp\":\"tiltak\",\"oppgaveOpprettetTidspunkt\":"
         "\"2024-04-01T08:00:00Z\",\"paaminnelse\":{\"tidspunkt\":{\"kind\":\"konkret\",\"value\":"
         "\"2024-04-10T09:00\"},\"paaminnelseTidspunkt\":\"2024-04-10T07:00:00Z\","
         "\"eksterneVarsler\":[]}}",
         "2024-04-03T09:00:00Z");
    CHECK_EQ_INT(job_due("REMIND", "o5"), at("2024-04-10T07:00:00Z"));
    emit("OppgaveUtgaatt", "o5", "{\"notifikasjonId\":\"o5\",\"utgaattTidspunkt\":\"2024-04-04T00:00:00Z\"}",
         "2024-04-04T00:00:00Z");
    CHECK_EQ_INT(job_due("REMIND", "o5"), 0);
    CHECK_EQ_INT(job_due("EXPIRE", "o5"), 0);
}

static void kalenderavtale_reminder_avholdt_and_avlyst(void)
{
    const char *avtale = "\"grupperingsid\":\"g1\",\"sakId\":\"s1\",\"tilstand\":"
                         "\"VENTER_SVAR_FRA_ARBEIDSGIVER\",\"startTidspunkt\":\"2024-03-01T10:00\","
                         "\"erDigitalt\":false,\"eksterneVarsler\":[{\"varselId\":\"v-k1\",\"kanal\":"
                         "\"sms\",\"spec\":{\"mottaker\":{\"kontaktinfo\":{\"tlf\":\"99999999\"}},"
                         "\"smsTekst\":\"x\",\"sendetidspunkt\":{\"tidspunkt\":\"2024-02-28T10:00\"}}}],"
                         "\"paaminnelse\":{\"tidspunkt\":{\"kind\":\"foerStartTidspunkt\",\"value\":"
                         "\"PT1H\"},\"paaminnelseTidspunkt\":\"2024-03-01T08:00:00Z\","
                         "\"eksterneVarsler\":[]}";
    char *p = creation("k1", "2024-02-20T08:00:00Z", avtale);
    emit("KalenderavtaleOpprettet", "k1", p, "2024-02-20T08:00:00Z");
    free(p);
    p = creation("k2", "2024-02-20T08:00:00Z", avtale);
    /* k2's notice gets an id of its own */
    char *v = strstr(p, "v-k1");
    v[3] = '2';
    emit("KalenderavtaleOpprettet", "k2", p, "2024-02-20T08:00:00Z");
    free(p);
    CHECK_EQ_INT(job_due("AVHOLDT", "k1"), at("2024-03-01T09:00:00Z") + 1);
    emit("KalenderavtaleOppdatert", "k2",
         "{\"notifikasjonId\":\"k2\",\"merkelapp\":\"tiltak\",\"oppdatertTidspunkt\":"
         "\"2024-02-21T08:00:00Z\",\"tilstand\":\"AVLYST\",\"eksterneVarsler\":[]}",
         "2024-02-21T08:00:00Z");
    CHECK_EQ_INT(job_due("AVHOLDT", "k2"), 0);
    CHECK_EQ_INT(job_due("REMIND", "k2"), 0);
    struct count_args c = {"SELECT cancel_requested, state FROM notice WHERE varsel_id = ?", "v-k2",
                           NULL, 0, ""};
    store_read(store, count_cmd, &c);
    CHECK_EQ_INT(c.n, 1); /* AVLYST asks the sender to cancel the unsent notice */
    run_at("2024-03-01T08:00:00Z");
    CHECK_EQ_INT(events_of("PaaminnelseOpprettet", "k1", NULL, 0), 1);
    run_at("2024-03-01T09:00:00Z"); /* the start itself is not yet "before now" */
    CHECK_EQ_INT(events_of("KalenderavtaleOppdatert", "k1", NULL, 0), 0);
    run_at("2024-03-01T09:00:01Z");
    char payload[1024];
    CHECK_EQ_INT(events_of("KalenderavtaleOppdatert", "k1", payload, sizeof payload), 1);
    CHECK_CONTAINS(payload, "\"tilstand\":\"AVHOLDT\"");
    CHECK_EQ_INT(events_of("PaaminnelseOpprettet", "k2", NULL, 0), 0);
    CHECK_EQ_INT(events_of("KalenderavtaleOppdatert", "k2", NULL, 0), 1); /* only the AVLYST */
}

static void hard_delete_om_den_forleng_overskriv(void)
{
    /* the writer's computed instants (P1YT5H after 2022-04-01T12:30Z, spec 15.2) */
    char *p = creation("b1", "2022-04-01T12:30:00Z", "\"eksterneVarsler\":[],\"hardDelete\":{\"om\":"
                                                      "\"P1YT5H\",\"tidspunkt\":\"2023-04-01T17:30:00Z\"}");
    emit("BeskjedOpprettet", "b1", p, "2022-04-01T12:30:00Z");
    free(p);
    CHECK_EQ_INT(job_due("HARD_DELETE", "b1"), at("2023-04-01T17:30:00Z"));
    p = creation("o6", "2020-01-01T01:01:00Z",
                 "\"tilstand\":\"NY\",\"hardDelete\":{\"den\":\"2022-10-13T07:20:50.52\","
                 "\"tidspunkt\":\"2022-10-13T05:20:50.52Z\"}");
    emit("OppgaveOpprettet", "o6", p, "2020-01-01T01:01:00Z");
    free(p);
    CHECK_EQ_INT(job_due("HARD_DELETE", "o6"), at("2022-10-13T05:20:50.52Z"));
    /* FORLENG with an earlier time keeps the old one; with a later one takes it */
    emit("OppgaveUtfoert", "o6",
         "{\"notifikasjonId\":\"o6\",\"hardDelete\":{\"nyTid\":{\"om\":\"P1YT1H\"},\"strategi\":"
         "\"FORLENG\",\"tidspunkt\":\"2022-03-04T14:37:37.37Z\"}}",
         "2021-03-04T13:37:37.37Z");
    CHECK_EQ_INT(job_due("HARD_DELETE", "o6"), at("2022-10-13T05:20:50.52Z"));
    emit("OppgaveUtfoert", "o6",
         "{\"notifikasjonId\":\"o6\",\"hardDelete\":{\"nyTid\":{\"om\":\"P1Y8MT1H\"},\"strategi\":"
         "\"FORLENG\",\"tidspunkt\":\"2022-11-04T14:37:37.37Z\"}}",
         "2021-03-04T13:37:37.37Z");
    CHECK_EQ_INT(job_due("HARD_DELETE", "o6"), at("2022-11-04T14:37:37.37Z"));
    emit("OppgaveUtfoert", "o6",
         "{\"notifikasjonId\":\"o6\",\"hardDelete\":{\"nyTid\":{\"om\":\"P1YT1H\"},\"strategi\":"
         "\"OVERSKRIV\",\"tidspunkt\":\"2022-03-04T14:37:37.37Z\"}}",
         "2021-03-04T13:37:37.37Z");
    CHECK_EQ_INT(job_due("HARD_DELETE", "o6"), at("2022-03-04T14:37:37.37Z"));
    run_at("2022-03-04T14:37:37Z");
    CHECK_EQ_STR(tilstand("o6"), "UTFOERT");
    run_at("2022-03-04T14:37:37.37Z");
    CHECK_EQ_STR(tilstand("o6"), "(gone)");
    CHECK_EQ_INT(events_of("HardDelete", "o6", NULL, 0), 1);
    CHECK_EQ_INT(events_of("OppgaveOpprettet", "o6", NULL, 0), 0); /* erased */
}

static int insert_broken_job(struct store_tx *tx, void *arg)
{
    (void)arg;
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO sched_job (kind, aggregate_id, due_at, payload) VALUES ('REMIND', 'o7', ?, "
            "'not an order')");
    store_bind_int64(st, 1, at("2024-09-01T10:00:00Z"));
    return store_step(st) == STORE_DONE ? 0 : -1;
}

/* A job that fails rolls back alone: the others of its batch run, and it is
 * tried again after its back-off. */
static void a_failing_job_waits_alone(void)
{
    char *p = creation("o7", "2024-09-01T08:00:00Z", "\"tilstand\":\"NY\"");
    emit("OppgaveOpprettet", "o7", p, "2024-09-01T08:00:00Z");
    free(p);
    for (int i = 0; i < 3; i++) {
        char id[16], extra[512];
        snprintf(id, sizeof id, "o8%d", i);
        snprintf(extra, sizeof extra,
                 "\"tilstand\":\"NY\",\"paaminnelse\":{\"tidspunkt\":{\"kind\":\"konkret\","
                 "\"value\":\"2024-09-01T12:00\"},\"paaminnelseTidspunkt\":\"2024-09-01T10:00:00Z\","
                 "\"eksterneVarsler\":[]}");
        p = creation(id, "2024-09-01T08:00:00Z", extra);
        emit("OppgaveOpprettet", id, p, "2024-09-01T08:00:00Z");
        free(p);
    }
    CHECK_EQ_INT(store_write(store, insert_broken_job, NULL), 0);
    CHECK(run_at("2024-09-01T10:00:00Z") >= 4); /* with what earlier cases left due */
    CHECK_EQ_INT(events_of("PaaminnelseOpprettet", "o80", NULL, 0), 1);
    CHECK_EQ_INT(events_of("PaaminnelseOpprettet", "o82", NULL, 0), 1);
    CHECK_EQ_INT(events_of("PaaminnelseOpprettet", "o7", NULL, 0), 0);
    CHECK_EQ_INT(job_due("REMIND", "o7"), at("2024-09-01T10:00:01Z")); /* 1 s back-off */
    CHECK_EQ_INT(run_at("2024-09-01T10:00:01Z"), 1);
    CHECK_EQ_INT(job_due("REMIND", "o7"), at("2024-09-01T10:00:03Z")); /* then 2 s */
    CHECK_EQ_INT(events_of("PaaminnelseOpprettet", "o81", NULL, 0), 1);
    CHECK_EQ_INT(events_of("PlanlagtJobbFeilet", "o7", NULL, 0), 2);
}

struct snapshot {
    char text[8192];
};

static int snapshot_cmd(struct store_tx *tx, void *arg)
{
    struct snapshot *s = arg;
    struct store_stmt *st = store_prepare(
        tx, "SELECT kind, aggregate_id, due_at FROM sched_job ORDER BY kind, aggregate_id");
    s->text[0] = '\0';
    while (store_step(st) == STORE_ROW) {
        size_t n = strlen(s->text);
        snprintf(s->text + n, sizeof s->text - n, "%s:%s:%lld;", store_column_text(st, 0),
                 store_column_text(st, 1), (long long)store_column_int64(st, 2));
    }
    return 0;
}

static int replay_cmd(struct store_tx *tx, void *arg)
{
    (void)arg;
    return evlog_replay(tx, &sched_projection);
}

static void replay_gives_the_same_schedule(void)
{
    struct snapshot before, after;
    store_read(store, snapshot_cmd, &before);
    CHECK(strlen(before.text) > 0);
    CHECK_EQ_INT(store_write(store, replay_cmd, NULL), 0);
    store_read(store, snapshot_cmd, &after);
    CHECK_EQ_STR(after.text, before.text);
}

static void teardown(void)
{
    store_close(store);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"expiry_at_the_end_of_the_frist_day_in_oslo", expiry_at_the_end_of_the_frist_day_in_oslo},
    {"utfoert_cancels_expiry_and_reminder", utfoert_cancels_expiry_and_reminder},
    {"reminder_fires_once_with_its_notices", reminder_fires_once_with_its_notices},
    {"frist_utsatt_and_endret_paaminnelse_move_jobs", frist_utsatt_and_endret_paaminnelse_move_jobs},
    {"kalenderavtale_reminder_avholdt_and_avlyst", kalenderavtale_reminder_avholdt_and_avlyst},
    {"hard_delete_om_den_forleng_overskriv", hard_delete_om_den_forleng_overskriv},
    {"replay_gives_the_same_schedule", replay_gives_the_same_schedule},
    {"a_failing_job_waits_alone", a_failing_job_waits_alone},
    {"teardown", teardown},
};

CHECK_MAIN("scheduler", cases)
