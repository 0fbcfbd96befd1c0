/* The schedule as a projection of the event log (producer-api.md 12-15,
 * 17.1): creations arm expiry, AVHOLDT, påminnelse and hard delete; later
 * events cancel or move them. Depends only on events and its own tables, so
 * replay rebuilds the schedule. */
#ifndef SCHEDULER_PROJECTION_H
#define SCHEDULER_PROJECTION_H
#include "events/evlog.h"

extern const struct evlog_projection sched_projection;

#endif
