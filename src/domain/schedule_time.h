/* The instants the scheduler arms (producer-api.md 12, 14, 15.2). Pure. */
#ifndef DOM_SCHEDULE_TIME_H
#define DOM_SCHEDULE_TIME_H
#include "domain/duration.h"
#include "domain/oslo_time.h"

#include <stdbool.h>
#include <stdint.h>

/* base + d with the calendar part on the UTC calendar, then the exact part
 * (hard delete `om`: 2022-04-01T12:30Z + P1YT5H = 2023-04-01T17:30Z). */
int64_t dom_instant_plus_utc(int64_t base_us, const struct dom_duration *d);
/* FutureTemporalInput: exactly one of den (Oslo local date-time) or om (a
 * duration after base). false when neither parses. */
bool dom_future_temporal(const char *den, const char *om, int64_t base_us, int64_t *out_us);
/* A frist date is over from 00:00 Oslo the day after: *out_due_us; the
 * expiry is dated at the frist's last moment, 23:59:59.999999 Oslo:
 * *out_end_us. false when frist is not a date. */
bool dom_frist_expiry(const char *frist, int64_t *out_due_us, int64_t *out_end_us);

/* The pause before retry number attempts + 1 of a failed job or notice:
 * 1 s x 2^attempts, at most 10 minutes (producer-api.md 16.3). */
int64_t dom_retry_backoff_us(int64_t attempts);

#endif
