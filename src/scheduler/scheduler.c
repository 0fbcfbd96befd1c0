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

#define BATCH 512

struct scheduler {
    struct store *store;
    struct timer_loop *loop;
    sched_ran_fn *on_ran;
    void *userdata;
};

/* Commit hooks and clock listeners cannot be removed: they reach the running
 * scheduler through this pointer. */
static pthread_mutex_t current_mu = PTHREAD_MUTEX_INITIALIZER;
static struct scheduler *current;

void scheduler_register_projection(void)
{
    evlog_register(&sched_projection);
}

static void on_commit(void *userdata)
{
    (void)userdata;
    int64_t due = sched_job_take_earliest_put();
    if (due == INT64_MAX)
        return;
    pthread_mutex_lock(&current_mu);
    if (current)
        timer_loop_kick_if_earlier(current->loop, due);
    pthread_mutex_unlock(&current_mu);
}

static void on_clock_change(void *userdata)
{
    (void)userdata;
    pthread_mutex_lock(&current_mu);
    if (current)
        timer_loop_kick(current->loop);
    pthread_mutex_unlock(&current_mu);
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

static int64_t run(void *userdata)
{
    struct scheduler *s = userdata;
    int64_t next = INT64_MAX;
    if (store_read(s->store, read_earliest, &next) != 0)
        return -1;
    if (next > nt_now_us())
        return next; /* nothing due: no write transaction */
    int ran = sched_run_due(s->store, BATCH, observe, s);
    if (ran < 0)
        return -1;
    if (ran)
        obs_counter_add("budstikke_scheduler_jobs_total", "", ran);
    if (ran == BATCH)
        return 0; /* more may be due: run again at once */
    return store_read(s->store, read_earliest, &next) == 0 ? next : -1;
}

struct scheduler *scheduler_start(struct store *store, sched_ran_fn *on_ran, void *userdata)
{
    static bool hooked_clock;
    struct scheduler *s = nt_calloc(1, sizeof(*s));
    s->store = store;
    s->on_ran = on_ran;
    s->userdata = userdata;
    obs_metric_help("budstikke_scheduler_lag_seconds", "histogram",
                    "Delay between a job's due time and its execution.");
    obs_metric_help("budstikke_scheduler_jobs_total", "counter", "Scheduled jobs run.");
    store_on_commit(store, on_commit, NULL);
    if (!hooked_clock) {
        nt_clock_on_change(on_clock_change, NULL);
        hooked_clock = true;
    }
    pthread_mutex_lock(&current_mu);
    current = s;
    s->loop = timer_loop_start("scheduler", run, s);
    pthread_mutex_unlock(&current_mu);
    return s;
}

void scheduler_stop(struct scheduler *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&current_mu);
    current = NULL;
    pthread_mutex_unlock(&current_mu);
    timer_loop_stop(s->loop);
    free(s);
}
