/* The scheduler (producer-api.md 12-15): due jobs kept in the store as a
 * projection of events (src/scheduler/projection.h) and one thread that
 * sleeps on the earliest due time, re-armed by commits that schedule
 * something earlier and by changes of the controllable clock. Jobs survive
 * restarts because they are rows; each runs exactly once because its row is
 * removed in the transaction that records its events. */
#ifndef SCHEDULER_H
#define SCHEDULER_H
#include "scheduler/fire.h"
#include "store/store.h"

struct scheduler;

/* Registers the schedule's projection; every node calls it (writers on any
 * node keep the schedule current), before the first write. */
void scheduler_register_projection(void);

/* Starts the thread (the `scheduler` role). on_ran may be NULL. At most one
 * scheduler per process. */
struct scheduler *scheduler_start(struct store *store, sched_ran_fn *on_ran, void *userdata);
/* Stops the thread; NULL is ignored. */
void scheduler_stop(struct scheduler *s);

#endif
