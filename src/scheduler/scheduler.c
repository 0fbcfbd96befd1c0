#include "scheduler/scheduler.h"

#include "base/alloc.h"
#include "base/clock.h"
#include "obs/metrics.h"
#include "scheduler/jobs.h"
#include "scheduler/projection.h"
#include "scheduler/timer_loop.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

/* Jobs falling due within this much of the next one wait for it and run in
 * one transaction: a few milliseconds of delay for far fewer commits. */
#define GATHER_US 10000
#define BATCH 2048 /* the store commits up to 512 commands at a time: a few back-to-back */

struct scheduler {
    struct store *store;
    sched_ran_fn *on_ran;
    void *userdata;
};

static struct timer_slot slot = TIMER_SLOT_INIT(sched_job_take_earliest_put);

void scheduler_register_projection(void)
{
    evlog_register(&sched_projection);
}

static void observe(int64_t due_us, int64_t ran_us, void *userdata)
{
    struct scheduler *s = userdata;
    obs_histogram_observe("budstikke_scheduler_lag_seconds", "", (double)(ran_us - due_us) / 1e6);
    if (s->on_ran)
        s->on_ran(due_us, ran_us, s->userdata);
}

static int read_earliest(struct store_tx *tx, void *arg)
{
    *(int64_t *)arg = sched_job_earliest(tx);
    return 0;
}

/* At once when a job is due, else shortly after the earliest one. */
static int64_t next_wake(struct scheduler *s)
{
    int64_t next = INT64_MAX;
    if (store_read(s->store, read_earliest, &next) != 0)
        return -1;
    return next <= nt_now_us() || next == INT64_MAX ? next : next + GATHER_US;
}

static int64_t run(void *userdata)
{
    struct scheduler *s = userdata;
    int64_t wake = next_wake(s);
    if (wake < 0 || wake > nt_now_us())
        return wake; /* nothing due: no write transaction */
    int ran = sched_run_due(s->store, BATCH, observe, s);
    if (ran < 0)
        return -1;
    if (ran)
        obs_counter_add("budstikke_scheduler_jobs_total", "", ran);
    return ran == BATCH ? 0 : next_wake(s); /* a full batch: more may be due */
}

struct scheduler *scheduler_start(struct store *store, sched_ran_fn *on_ran, void *userdata)
{
    struct scheduler *s = nt_calloc(1, sizeof(*s));
    s->store = store;
    s->on_ran = on_ran;
    s->userdata = userdata;
    obs_metric_help("budstikke_scheduler_lag_seconds", "histogram",
                    "Delay between a job's due time and its execution.");
    obs_metric_help("budstikke_scheduler_jobs_total", "counter", "Scheduled jobs run.");
    timer_slot_start(&slot, store, "scheduler", run, s);
    return s;
}

void scheduler_stop(struct scheduler *s)
{
    if (!s)
        return;
    timer_slot_stop(&slot);
    free(s);
}
