/* The instants the scheduler arms (producer-api.md 12, 14, 15.2). Pure. */
#ifndef DOM_SCHEDULE_TIME_H
#define DOM_SCHEDULE_TIME_H
#include "domain/duration.h"
#include "domain/oslo_time.h"

#include <stdbool.h>
#include <stdint.h>

/* A frist date is over from 00:00 Oslo the day after: *out_due_us; the
 * expiry is dated at the frist's last moment, 23:59:59.999999 Oslo:
 * *out_end_us. false when frist is not a date. */
bool dom_frist_expiry(const char *frist, int64_t *out_due_us, int64_t *out_end_us);

/* The pause before retry number attempts + 1 of a failed job or notice:
 * 1 s x 2^attempts, at most 10 minutes (producer-api.md 16.3). */
int64_t dom_retry_backoff_us(int64_t attempts);

#endif
