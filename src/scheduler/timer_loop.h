/* A thread that sleeps until the earliest due time of some work, runs it,
 * and sleeps again; woken early by timer_loop_kick (a commit that armed
 * something earlier, a change of the controllable clock, an operator
 * switch). Due times are on the service clock (nt_now_us), which tests may
 * freeze: a frozen clock is slept on until the next kick. */
#ifndef SCHEDULER_TIMER_LOOP_H
#define SCHEDULER_TIMER_LOOP_H
#include "store/store.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* Runs what is due; returns the next due instant (INT64_MAX: nothing, wait
 * for a kick), or -1 on a failure (retried with back-off: 1 s x 2^n, at most
 * 10 minutes). Called on the loop's thread only. */
typedef int64_t timer_loop_run_fn(void *userdata);

struct timer_loop;

struct timer_loop *timer_loop_start(const char *name, timer_loop_run_fn *run, void *userdata);
/* Wakes the loop to run again now. Any thread; cheap. */
void timer_loop_kick(struct timer_loop *t);
/* Wakes the loop if due is before what it sleeps on. Any thread. */
void timer_loop_kick_if_earlier(struct timer_loop *t, int64_t due_us);
/* Stops the thread (after the run in progress) and frees the loop. NULL ok. */
void timer_loop_stop(struct timer_loop *t);

/* Commit hooks and clock listeners cannot be removed, so they reach a loop
 * through a slot that outlives it (one static slot per kind of loop). */
struct timer_slot {
    pthread_mutex_t mu;
    struct timer_loop *loop;
    int64_t (*take_earliest)(void); /* due time armed since the last call, INT64_MAX if none */
    bool clock_hooked;
};
#define TIMER_SLOT_INIT(take_earliest) {PTHREAD_MUTEX_INITIALIZER, NULL, take_earliest, false}

/* Starts a loop in the slot, woken by every commit of store that armed
 * something earlier than it sleeps on and by every clock change. */
void timer_slot_start(struct timer_slot *slot, struct store *store, const char *name,
                      timer_loop_run_fn *run, void *userdata);
/* Stops the slot's loop; the hooks then find the slot empty. */
void timer_slot_stop(struct timer_slot *slot);
/* Wakes the slot's loop, if one runs. */
void timer_slot_kick(struct timer_slot *slot);

#endif
