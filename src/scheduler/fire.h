/* Running due jobs: one store command claims and runs a batch of jobs whose
 * time has come, each in its own savepoint, so a job runs exactly once (its
 * row goes in the same transaction as the events it emits) and a failing job
 * is retried later with back-off without taking the others down. Jobs due
 * at or before nt_now_us() run. */
#ifndef SCHEDULER_FIRE_H
#define SCHEDULER_FIRE_H
#include "store/store.h"

#include <stdint.h>

/* Seen for each job that ran (for metrics and the benchmark). */
typedef void sched_ran_fn(int64_t due_us, int64_t ran_us, void *userdata);

struct sched_batch {
    int64_t now_us;  /* out: the clock (nt_now_us) when the batch began */
    int limit;       /* in: at most this many */
    sched_ran_fn *on_ran; /* in: may be NULL */
    void *userdata;
    int ran;         /* out: jobs taken (run or rescheduled after a failure) */
};

/* store_fn: arg is a struct sched_batch. */
int sched_run_due(struct store_tx *tx, void *arg);

#endif
