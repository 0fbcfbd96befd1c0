/* The service's notion of now. Real time by default; in development mode
 * (serve --dev) tests may freeze it or move it, so that deadlines, reminders
 * and send windows can be walked through without waiting. Every rule that
 * depends on the time asks this clock, never the system clock directly.
 * Thread-safe (atomics). */
#ifndef BASE_CLOCK_H
#define BASE_CLOCK_H
#include <stdint.h>

/* Microseconds since the epoch (UTC). */
int64_t nt_now_us(void);
/* Freezes the clock at us. */
void nt_clock_set(int64_t us);
/* Moves the clock by delta (frozen or not). */
void nt_clock_advance(int64_t delta_us);
/* Back to real time. */
void nt_clock_reset(void);

/* Called after every set/advance/reset (e.g. to re-arm timers); at most
 * NT_CLOCK_MAX_LISTENERS, registered at start-up. */
typedef void nt_clock_listener_fn(void *userdata);
#define NT_CLOCK_MAX_LISTENERS 8
void nt_clock_on_change(nt_clock_listener_fn *fn, void *userdata);

#endif
