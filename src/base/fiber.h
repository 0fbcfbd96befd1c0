/* Fibers: a function run on a stack of its own, so that it can pause in the
 * middle (fiber_wait) and be continued later, without holding the thread
 * that ran it. The HTTP server runs every handler in a fiber: a handler that
 * waits for a group commit (store_write) pauses its fiber, and the thread
 * serves other connections meanwhile, so a few threads carry as many
 * waiting writes as there are connections.
 *
 * One fiber runs on one thread at a time; fiber_resume is called by the
 * thread that owns it (the HTTP server resumes a connection's fiber on that
 * connection's thread). fiber_wake may be called from any thread, and even
 * before the fiber has paused: the wake is then not lost. */
#ifndef BASE_FIBER_H
#define BASE_FIBER_H
#include <stdbool.h>

struct fiber;

typedef void fiber_fn(void *arg);
/* Called from fiber_wake, on the waking thread: ask the fiber's owner to
 * fiber_resume it soon. Keep it short. */
typedef void fiber_waker_fn(void *userdata);

/* A fiber that will run fn(arg) on its first fiber_resume. The stack comes
 * from a pool (a guard page below it turns an overflow into a crash). */
struct fiber *fiber_new(fiber_fn *fn, void *arg, fiber_waker_fn *waker, void *waker_userdata);
/* Runs the fiber until it pauses or fn returns. Returns true when fn has
 * returned (then fiber_free it); false when it paused in fiber_wait. */
bool fiber_resume(struct fiber *f);
/* Gives the fiber's stack back to the pool. Only after fn has returned. */
void fiber_free(struct fiber *f);

/* The fiber this code runs in, NULL on a thread's own stack. */
struct fiber *fiber_current(void);
/* Inside a fiber: pauses until fiber_wake(self) has been called (at once if
 * it already was since the last wait). Returns on the resuming thread. */
void fiber_wait(void);
/* Makes the fiber's next (or current) fiber_wait return: calls its waker. */
void fiber_wake(struct fiber *f);

/* Runs fn(arg) that may block for long (a call to another service): inside
 * a fiber on a thread of its own while the fiber waits, so the fiber's
 * thread serves others meanwhile; outside a fiber, or while
 * FIBER_OFFLOAD_MAX such threads run already, simply here. */
#define FIBER_OFFLOAD_MAX 64
void fiber_offload(fiber_fn *fn, void *arg);

#endif
