#include "scheduler/fire.h"

#include "api/producer/hard_delete.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/clock.h"
#include "domain/oslo_time.h"
#include "domain/schedule_time.h"
#include "events/evlog.h"
#include "obs/log.h"
#include "scheduler/aggregates.h"
#include "scheduler/jobs.h"

#include <jansson.h>
#include <pthread.h>
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
    struct sched_aggregate agg;
    bool has_agg;
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

static void put_member(struct nt_buf *b, const char *key, const char *value)
{
    nt_buf_printf(b, ",\"%s\":", key);
    if (value && value[0])
        nt_buf_json_str(b, value, strlen(value));
    else
        nt_buf_puts(b, "null");
}

/* PaaminnelseOpprettet with the order's notices and their varselIds (13.3).
 * The order is the compact JSON object the projection booked; its members
 * go into the event as they are, without a parse. */
static int fire_remind(struct store_tx *tx, const struct job *j, const struct sched_aggregate *a,
                       int64_t now)
{
    if (strcmp(a->tilstand, "UTFOERT") == 0 || a->avlyst)
        return 0;
    size_t n = j->payload ? strlen(j->payload) : 0;
    if (n < 2 || j->payload[0] != '{' || j->payload[n - 1] != '}')
        return -1;
    char when[64];
    instant_text(now, when, sizeof when);
    struct nt_buf b;
    nt_buf_init(&b, 0);
    nt_buf_puts(&b, "{\"notifikasjonId\":");
    nt_buf_json_str(&b, a->id, strlen(a->id));
    put_member(&b, "opprettetTidspunkt", when);
    put_member(&b, "merkelapp", a->merkelapp);
    put_member(&b, "virksomhetsnummer", a->virksomhetsnummer);
    put_member(&b, "produsentId", a->produsent);
    put_member(&b, "kildeAppNavn", KILDE_APP);
    if (n > 2) {
        nt_buf_putc(&b, ',');
        nt_buf_append(&b, j->payload + 1, n - 2);
    }
    nt_buf_putc(&b, '}');
    struct evlog_event e = {.aggregate_id = a->id, .type = "PaaminnelseOpprettet",
                            .payload = nt_buf_str(&b),
                            .producer = a->produsent[0] ? a->produsent : NULL, .created_at = now};
    int rc = evlog_emit(tx, &e);
    nt_buf_free(&b);
    return rc;
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

/* The job's row goes first, so an event that re-arms the same job keeps the
 * new row. */
static int run_one(struct store_tx *tx, const struct job *j, int64_t now)
{
    int taken = sched_job_take(tx, j->kind, j->aggregate_id, j->due);
    if (taken <= 0)
        return taken; /* moved, cancelled or taken by another writer since it was read */
    fire_fn *fn = handler_of(j->kind);
    /* The notification as read with the job is current enough: every change
     * that matters to a job (a new frist or start, utført, AVLYST, delete)
     * also moves or drops the job, and then taking it fails. */
    if (!fn || !j->has_agg)
        return 0; /* nothing left to act on */
    return fn(tx, j, &j->agg, now);
}

/* store_fn: the job failed and its command rolled back. The failure is an
 * event (PlanlagtJobbFeilet) that moves the job to its next try, or drops
 * it after MAX_ATTEMPTS, so a replay gives the same schedule back. */
static int retry_later(struct store_tx *tx, void *arg)
{
    const struct job *j = arg;
    bool give_up = j->attempts + 1 >= MAX_ATTEMPTS;
    if (give_up)
        OBS_LOG(OBS_ERROR, "scheduled job given up", "kind", j->kind, "aggregate", j->aggregate_id);
    else
        OBS_LOG(OBS_WARN, "scheduled job failed, retrying", "kind", j->kind, "aggregate",
                j->aggregate_id);
    int64_t now = nt_now_us();
    json_t *p = json_pack("{s:s,s:s,s:I,s:I,s:I,s:b}", "kind", j->kind, "aggregateId",
                          j->aggregate_id, "forfall", (json_int_t)j->due, "forsok",
                          (json_int_t)(j->attempts + 1), "nesteForsok",
                          (json_int_t)(now + dom_retry_backoff_us(j->attempts)), "oppgitt", give_up);
    char *text = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    struct evlog_event e = {.aggregate_id = j->aggregate_id, .type = "PlanlagtJobbFeilet",
                            .payload = text, .created_at = now};
    int rc = evlog_emit(tx, &e);
    free(text);
    return rc;
}

struct due_list {
    int64_t now;
    int limit;
    struct job *jobs;
    size_t n;
};

static int load_due(struct store_tx *tx, void *arg)
{
    struct due_list *l = arg;
    /* A multi-node PostgreSQL mode adds FOR UPDATE SKIP LOCKED to a claim
     * here; today removing the row inside the job's command is the claim. */
    struct store_stmt *st = store_prepare(
        tx, "SELECT j.kind, j.aggregate_id, j.due_at, j.payload, j.attempts, " SCHED_AGGREGATE_COLUMNS
            " FROM sched_job j LEFT JOIN sched_aggregate a ON a.id = j.aggregate_id WHERE "
            "j.due_at <= ? AND (j.claimed_by IS NULL OR j.lease_until < ?) "
            "ORDER BY j.due_at, j.kind, j.aggregate_id LIMIT ?");
    store_bind_int64(st, 1, l->now);
    store_bind_int64(st, 2, l->now);
    store_bind_int64(st, 3, l->limit);
    l->n = 0;
    while (l->n < (size_t)l->limit && store_step(st) == STORE_ROW) {
        struct job *j = &l->jobs[l->n++];
        snprintf(j->kind, sizeof j->kind, "%s", store_column_text(st, 0));
        snprintf(j->aggregate_id, sizeof j->aggregate_id, "%s", store_column_text(st, 1));
        j->due = store_column_int64(st, 2);
        const char *payload = store_column_text(st, 3);
        j->payload = payload ? nt_strdup(payload) : NULL;
        j->attempts = store_column_int64(st, 4);
        j->has_agg = store_column_text(st, 5) != NULL;
        if (j->has_agg)
            sched_aggregate_read(st, 5, &j->agg);
    }
    return 0;
}

/* Waits for the answers of asynchronous commands. */
struct latch {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t pending;
};

/* A run of consecutive jobs as one command. */
struct chunk {
    struct job *jobs;
    size_t n;
    struct latch *latch;
    int rc;
};

#define CHUNK 32

static void chunk_done(int rc, void *userdata)
{
    struct chunk *c = userdata;
    c->rc = rc;
    pthread_mutex_lock(&c->latch->mu);
    if (--c->latch->pending == 0)
        pthread_cond_signal(&c->latch->cv);
    pthread_mutex_unlock(&c->latch->mu);
}

static int run_chunk(struct store_tx *tx, void *arg)
{
    struct chunk *c = arg;
    int64_t now = nt_now_us();
    for (size_t i = 0; i < c->n; i++)
        if (run_one(tx, &c->jobs[i], now) != 0)
            return -1;
    return 0;
}

/* Queues the chunks and waits for all of them. */
static void run_chunks(struct store *store, struct chunk *chunks, size_t n)
{
    struct latch latch = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, n};
    for (size_t i = 0; i < n; i++) {
        chunks[i].latch = &latch;
        store_write_async(store, run_chunk, &chunks[i], chunk_done, &chunks[i]);
    }
    pthread_mutex_lock(&latch.mu);
    while (latch.pending > 0)
        pthread_cond_wait(&latch.cv, &latch.mu);
    pthread_mutex_unlock(&latch.mu);
}

int sched_run_due(struct store *store, int limit, sched_ran_fn *on_ran, void *userdata)
{
    struct due_list l = {.now = nt_now_us(), .limit = limit,
                         .jobs = nt_calloc((size_t)limit, sizeof(struct job))};
    if (store_read(store, load_due, &l) != 0) {
        free(l.jobs);
        return -1;
    }
    /* Jobs go in commands of CHUNK, which the group commit makes one
     * transaction; a chunk that fails rolls back alone (its savepoint) and
     * its jobs run again one per command, so only the failing job waits. */
    size_t nchunks = (l.n + CHUNK - 1) / CHUNK;
    struct chunk *chunks = nt_calloc(nchunks ? nchunks : 1, sizeof(*chunks));
    for (size_t i = 0; i < nchunks; i++)
        chunks[i] = (struct chunk){.jobs = &l.jobs[i * CHUNK],
                                   .n = l.n - i * CHUNK < CHUNK ? l.n - i * CHUNK : CHUNK};
    run_chunks(store, chunks, nchunks);
    for (size_t i = 0; i < nchunks; i++) {
        if (chunks[i].rc == 0)
            continue;
        struct chunk *singles = nt_calloc(chunks[i].n, sizeof(*singles));
        for (size_t k = 0; k < chunks[i].n; k++)
            singles[k] = (struct chunk){.jobs = &chunks[i].jobs[k], .n = 1};
        run_chunks(store, singles, chunks[i].n);
        for (size_t k = 0; k < chunks[i].n; k++)
            if (singles[k].rc != 0)
                store_write(store, retry_later, &chunks[i].jobs[k]);
        free(singles);
    }
    int64_t ran_at = nt_now_us();
    for (size_t i = 0; on_ran && i < l.n; i++)
        on_ran(l.jobs[i].due, ran_at, userdata);
    for (size_t i = 0; i < l.n; i++)
        free(l.jobs[i].payload);
    free(l.jobs);
    free(chunks);
    return (int)l.n;
}
