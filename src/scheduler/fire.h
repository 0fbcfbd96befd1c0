/* Running due jobs: each job whose time has come (nt_now_us) removes its
 * row and records its events in the same store command, so it runs exactly
 * once; jobs go in commands of a few dozen that share the group commit. A
 * failing job rolls back alone and is tried again later with back-off
 * (1 s x 2^n, given up after 20 attempts). */
#ifndef SCHEDULER_FIRE_H
#define SCHEDULER_FIRE_H
#include "store/store.h"

#include <stdint.h>

/* Seen for each job that ran (for metrics and the benchmark). */
typedef void sched_ran_fn(int64_t due_us, int64_t ran_us, void *userdata);

/* Runs at most limit due jobs, earliest first; returns how many were taken,
 * or -1 when the store does not answer. on_ran may be NULL. */
int sched_run_due(struct store *store, int limit, sched_ran_fn *on_ran, void *userdata);

#endif
