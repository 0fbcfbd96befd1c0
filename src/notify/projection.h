/* External notices as a projection of the event log (producer-api.md 16):
 * creation events and PaaminnelseOpprettet store their notices (state NY)
 * and queue them (notice_queue) for the first moment their send window
 * allows, counted from the event's time; KalenderavtaleOppdatert with new
 * notices or AVLYST asks for the cancellation of every unsent one;
 * EksterntVarselVellykket / Feilet / Kansellert make a notice final and take
 * it off the queue. The sender (sender.h) works the queue and writes those
 * final events. Replay rebuilds `notice` and leaves the queue as the sender
 * left it. */
#ifndef NOTIFY_PROJECTION_H
#define NOTIFY_PROJECTION_H
#include "events/evlog.h"

#include <stdint.h>

extern const struct evlog_projection notify_projection;

/* The earliest due time put since the last call (INT64_MAX when none). */
int64_t notify_take_earliest_put(void);

#endif
