/* The user read model (bruker_* tables, migration 0020), a projection of
 * the events of docs/events.md: notifications and saker as people see them,
 * their recipients, clicks and "last read" marks, and the visibility rows
 * (visibility.h) that both events and grants keep up to date. */
#ifndef API_USER_READ_MODEL_H
#define API_USER_READ_MODEL_H
#include "events/evlog.h"

extern const struct evlog_projection user_read_model;

/* Event types this module writes (docs/events.md). */
#define USER_EVENT_KLIKKET "BrukerKlikket"
#define USER_EVENT_SIST_LEST "NotifikasjonerSistLest"

#endif
