#include "scheduler/fire.h"

#include "api/producer/hard_delete.h"
#include "base/alloc.h"
#include "base/clock.h"
#include "domain/oslo_time.h"
#include "domain/schedule_time.h"
#include "events/evlog.h"
#include "obs/log.h"
#include "scheduler/aggregates.h"
#include "scheduler/jobs.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KILDE_APP "budstikke-scheduler"
#define MAX_ATTEMPTS 20

struct job {
    char kind[16];
    char aggregate_id[64];
    int64_t due;
    int64_t attempts;
    char *payload; /* malloc'ed or NULL */
};

static int emit(struct store_tx *tx, const struct sched_aggregate *a, const char *type, json_t *p,
                int64_t now)
{
    char *text = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    struct evlog_event e = {.aggregate_id = a->id, .type = type, .payload = text,
                            .producer = a->produsent[0] ? a->produsent : NULL, .created_at = now};
    int rc = evlog_emit(tx, &e);
    free(text);
    return rc;
}

static void instant_text(int64_t us, char *out, size_t n)
{
    dom_format_instant(us, out, n);
}

/* OppgaveUtgaatt dated at the frist's last moment (12). */
static int fire_expire(struct store_tx *tx, const struct job *j, const struct sched_aggregate *a,
                       int64_t now)
{
    (void)j;
    int64_t due, end;
    if (strcmp(a->tilstand, "NY") != 0 || !dom_frist_expiry(a->frist, &due, &end))
        return 0;
    char when[64];
    instant_text(end, when, sizeof when);
    return emit(tx, a, "OppgaveUtgaatt",
                json_pack("{s:s,s:s,s:n,s:n,s:s,s:s}", "notifikasjonId", a->id, "utgaattTidspunkt",
                          when, "hardDelete", "nyLenke", "kildeAppNavn", KILDE_APP, "merkelapp",
                          a->merkelapp),
                now);
}

/* KalenderavtaleOppdatert {tilstand: AVHOLDT}, nothing else changed (14). */
static int fire_avholdt(struct store_tx *tx, const struct job *j, const struct sched_aggregate *a,
                        int64_t now)
{
    (void)j;
    if (strcmp(a->tilstand, "AVLYST") == 0 || strcmp(a->tilstand, "AVHOLDT") == 0)
        return 0;
    char when[64];
    instant_text(now, when, sizeof when);
    return emit(tx, a, "KalenderavtaleOppdatert",
                json_pack("{s:s,s:s,s:s?,s:s?,s:s,s:s,s:[],s:s}", "notifikasjonId", a->id,
                          "merkelapp", a->merkelapp, "grupperingsid",
                          a->grupperingsid[0] ? a->grupperingsid : NULL, "opprettetTidspunkt",
                          a->opprettet[0] ? a->opprettet : NULL, "oppdatertTidspunkt", when,
                          "tilstand", "AVHOLDT", "eksterneVarsler", "kildeAppNavn", KILDE_APP),
                now);
}

/* PaaminnelseOpprettet with the order's notices and their varselIds (13.3). */
static int fire_remind(struct store_tx *tx, const struct job *j, const struct sched_aggregate *a,
                       int64_t now)
{
    if (strcmp(a->tilstand, "UTFOERT") == 0 || a->avlyst)
        return 0;
    json_t *order = j->payload ? json_loads(j->payload, 0, NULL) : NULL;
    if (!order)
        return -1;
    char when[64];
    instant_text(now, when, sizeof when);
    json_t *notices = json_object_get(order, "eksterneVarsler");
    json_t *p = json_pack(
        "{s:s,s:O,s:s,s:O,s:O?,s:O,s:O?,s:O,s:s,s:s,s:s?,s:s}", "notifikasjonId", a->id,
        "bestillingSeq", json_object_get(order, "bestillingSeq"), "opprettetTidspunkt", when,
        "fristOpprettetTidspunkt", json_object_get(order, "fristOpprettetTidspunkt"), "frist",
        json_object_get(order, "frist"), "tidspunkt", json_object_get(order, "tidspunkt"),
        "paaminnelse", json_object_get(order, "paaminnelse"), "eksterneVarsler",
        notices ? notices : json_array(), "merkelapp", a->merkelapp, "virksomhetsnummer",
        a->virksomhetsnummer, "produsentId", a->produsent[0] ? a->produsent : NULL,
        "kildeAppNavn", KILDE_APP);
    json_decref(order);
    return emit(tx, a, "PaaminnelseOpprettet", p, now);
}

static int fire_hard_delete(struct store_tx *tx, const struct job *j,
                            const struct sched_aggregate *a, int64_t now)
{
    (void)j;
    enum producer_delete_result r =
        producer_hard_delete(tx, a->id, a->produsent[0] ? a->produsent : NULL, now);
    return r == PRODUCER_DELETE_FAILED ? -1 : 0;
}

typedef int fire_fn(struct store_tx *tx, const struct job *j, const struct sched_aggregate *a,
                    int64_t now);

static fire_fn *handler_of(const char *kind)
{
    static const struct {
        const char *kind;
        fire_fn *fn;
    } table[] = {{SCHED_EXPIRE, fire_expire},
                 {SCHED_AVHOLDT, fire_avholdt},
                 {SCHED_REMIND, fire_remind},
                 {SCHED_HARD_DELETE, fire_hard_delete}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(kind, table[i].kind) == 0)
            return table[i].fn;
    return NULL;
}

static bool exec_sql(struct store_tx *tx, const char *sql)
{
    return store_step(store_prepare(tx, sql)) == STORE_DONE;
}

/* The job's row goes first, so an event that re-arms the same job keeps the
 * new row. */
static int run_one(struct store_tx *tx, const struct job *j, int64_t now)
{
    if (sched_job_drop(tx, j->kind, j->aggregate_id) != 0)
        return -1;
    struct sched_aggregate a;
    fire_fn *fn = handler_of(j->kind);
    if (!fn || !sched_aggregate_get(tx, j->aggregate_id, &a))
        return 0; /* nothing left to act on */
    return fn(tx, j, &a, now);
}

/* 1 s x 2^attempts, at most 10 minutes. */
static int64_t backoff_us(int64_t attempts)
{
    int64_t us = 1000000;
    for (int64_t i = 0; i < attempts && us < 600000000; i++)
        us *= 2;
    return us < 600000000 ? us : 600000000;
}

static void retry_later(struct store_tx *tx, const struct job *j, int64_t now)
{
    if (j->attempts + 1 >= MAX_ATTEMPTS) {
        OBS_LOG(OBS_ERROR, "scheduled job given up", "kind", j->kind, "aggregate", j->aggregate_id);
        return;
    }
    OBS_LOG(OBS_WARN, "scheduled job failed, retrying", "kind", j->kind, "aggregate",
            j->aggregate_id, "error", store_error(tx));
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO sched_job (kind, aggregate_id, due_at, payload, attempts) VALUES "
            "(?,?,?,?,?) ON CONFLICT (kind, aggregate_id) DO NOTHING");
    store_bind_text(st, 1, j->kind);
    store_bind_text(st, 2, j->aggregate_id);
    store_bind_int64(st, 3, now + backoff_us(j->attempts));
    store_bind_text(st, 4, j->payload);
    store_bind_int64(st, 5, j->attempts + 1);
    store_step(st);
}

static size_t load_due(struct store_tx *tx, int64_t now, int limit, struct job *out)
{
    /* A multi-node PostgreSQL mode adds FOR UPDATE SKIP LOCKED here; the
     * lease columns cover jobs claimed outside a transaction. */
    struct store_stmt *st = store_prepare(
        tx, "SELECT kind, aggregate_id, due_at, payload, attempts FROM sched_job WHERE due_at <= ? "
            "AND (claimed_by IS NULL OR lease_until < ?) ORDER BY due_at LIMIT ?");
    store_bind_int64(st, 1, now);
    store_bind_int64(st, 2, now);
    store_bind_int64(st, 3, limit);
    size_t n = 0;
    while (store_step(st) == STORE_ROW) {
        struct job *j = &out[n++];
        snprintf(j->kind, sizeof j->kind, "%s", store_column_text(st, 0));
        snprintf(j->aggregate_id, sizeof j->aggregate_id, "%s", store_column_text(st, 1));
        j->due = store_column_int64(st, 2);
        const char *payload = store_column_text(st, 3);
        j->payload = payload ? nt_strdup(payload) : NULL;
        j->attempts = store_column_int64(st, 4);
    }
    return n;
}

int sched_run_due(struct store_tx *tx, void *arg)
{
    struct sched_batch *b = arg;
    b->now_us = nt_now_us();
    struct job *jobs = nt_calloc((size_t)b->limit, sizeof(*jobs));
    size_t n = load_due(tx, b->now_us, b->limit, jobs);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!exec_sql(tx, "SAVEPOINT sched_job")) {
            rc = -1;
            break;
        }
        if (run_one(tx, &jobs[i], b->now_us) != 0) {
            exec_sql(tx, "ROLLBACK TO sched_job");
            retry_later(tx, &jobs[i], b->now_us);
        }
        rc = exec_sql(tx, "RELEASE sched_job") ? 0 : -1;
        if (b->on_ran)
            b->on_ran(jobs[i].due, nt_now_us(), b->userdata);
    }
    for (size_t i = 0; i < n; i++)
        free(jobs[i].payload);
    free(jobs);
    b->ran = (int)n;
    return rc;
}
