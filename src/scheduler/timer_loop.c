#include "scheduler/timer_loop.h"

#include "base/alloc.h"
#include "base/clock.h"
#include "domain/schedule_time.h"
#include "obs/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#define MAX_SLEEP_US 5000000LL      /* re-check at least every 5 s (e.g. for jobs armed on another node) */

struct timer_loop {
    const char *name;
    timer_loop_run_fn *run;
    void *userdata;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool kicked, stopping;
    _Atomic int64_t armed_us; /* the due time slept on */
};

static void deadline_in(struct timespec *ts, int64_t us)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    int64_t ns = ts->tv_nsec + (us % 1000000) * 1000;
    ts->tv_sec += (time_t)(us / 1000000 + ns / 1000000000);
    ts->tv_nsec = (long)(ns % 1000000000);
}

/* Waits up to us (real time) or until kicked; true when kicked. */
static bool wait_for(struct timer_loop *t, int64_t us)
{
    struct timespec ts;
    deadline_in(&ts, us);
    pthread_mutex_lock(&t->mu);
    while (!t->kicked && !t->stopping)
        if (pthread_cond_timedwait(&t->cv, &t->mu, &ts) != 0)
            break;
    bool kicked = t->kicked || t->stopping;
    t->kicked = false;
    pthread_mutex_unlock(&t->mu);
    return kicked;
}

static bool stopping(struct timer_loop *t)
{
    pthread_mutex_lock(&t->mu);
    bool s = t->stopping;
    pthread_mutex_unlock(&t->mu);
    return s;
}

static void *loop_main(void *arg)
{
    struct timer_loop *t = arg;
    int failures = 0;
    bool clock_frozen = false;
    while (!stopping(t)) {
        atomic_store(&t->armed_us, INT64_MIN); /* kicks during a run are not lost */
        int64_t next = t->run(t->userdata);
        int64_t now = nt_now_us();
        int64_t sleep_us;
        if (next < 0) {
            failures++;
            sleep_us = dom_retry_backoff_us(failures);
            OBS_LOG(OBS_WARN, "timer loop run failed, backing off", "loop", t->name);
            next = INT64_MAX;
        } else {
            failures = 0;
            if (next <= now)
                continue;
            sleep_us = next - now;
            if (clock_frozen || sleep_us > MAX_SLEEP_US)
                sleep_us = MAX_SLEEP_US;
        }
        atomic_store(&t->armed_us, next);
        bool kicked = wait_for(t, sleep_us);
        /* A timed-out wait that left the clock where it was: the clock is
         * frozen, so only a kick (clock change, commit) can make work due. */
        clock_frozen = !kicked && nt_now_us() == now;
    }
    return NULL;
}

struct timer_loop *timer_loop_start(const char *name, timer_loop_run_fn *run, void *userdata)
{
    struct timer_loop *t = nt_calloc(1, sizeof(*t));
    t->name = name;
    t->run = run;
    t->userdata = userdata;
    pthread_mutex_init(&t->mu, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&t->cv, &attr);
    pthread_condattr_destroy(&attr);
    atomic_store(&t->armed_us, INT64_MIN);
    pthread_create(&t->thread, NULL, loop_main, t);
    return t;
}

void timer_loop_kick(struct timer_loop *t)
{
    pthread_mutex_lock(&t->mu);
    t->kicked = true;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

void timer_loop_kick_if_earlier(struct timer_loop *t, int64_t due_us)
{
    int64_t armed = atomic_load(&t->armed_us);
    if (armed == INT64_MIN || due_us < armed)
        timer_loop_kick(t);
}

void timer_loop_stop(struct timer_loop *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->mu);
    t->stopping = true;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

static void slot_on_commit(void *userdata)
{
    struct timer_slot *slot = userdata;
    int64_t due = slot->take_earliest();
    if (due == INT64_MAX)
        return;
    pthread_mutex_lock(&slot->mu);
    if (slot->loop)
        timer_loop_kick_if_earlier(slot->loop, due);
    pthread_mutex_unlock(&slot->mu);
}

void timer_slot_kick(struct timer_slot *slot)
{
    pthread_mutex_lock(&slot->mu);
    if (slot->loop)
        timer_loop_kick(slot->loop);
    pthread_mutex_unlock(&slot->mu);
}

static void slot_on_clock_change(void *userdata)
{
    timer_slot_kick(userdata);
}

void timer_slot_start(struct timer_slot *slot, struct store *store, const char *name,
                      timer_loop_run_fn *run, void *userdata)
{
    store_on_commit(store, slot_on_commit, slot);
    pthread_mutex_lock(&slot->mu);
    if (!slot->clock_hooked) {
        nt_clock_on_change(slot_on_clock_change, slot);
        slot->clock_hooked = true;
    }
    slot->loop = timer_loop_start(name, run, userdata);
    pthread_mutex_unlock(&slot->mu);
}

void timer_slot_stop(struct timer_slot *slot)
{
    pthread_mutex_lock(&slot->mu);
    struct timer_loop *loop = slot->loop;
    slot->loop = NULL;
    pthread_mutex_unlock(&slot->mu);
    timer_loop_stop(loop);
}
