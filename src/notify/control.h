/* The emergency brake (producer-api.md 16.5): an operator switch, kept in
 * the store, that pauses all sending while events are still stored.
 *   GET  /internal/emergency_brake            -> {"paused": bool}
 *   POST /internal/update_emergency_brake {"newState": bool} -> {"paused": bool}
 * Off on a fresh database (the reference starts with it on). */
#ifndef NOTIFY_CONTROL_H
#define NOTIFY_CONTROL_H
#include "http/server.h"
#include "store/store.h"

#include <stdbool.h>

/* Inside a transaction: is sending paused? */
bool notify_paused(struct store_tx *tx);
/* Sets the switch and wakes the sender. 0 or -1. */
int notify_set_paused(struct store *store, bool paused);
/* The two routes above. store must outlive the server. */
void notify_control_route(struct http_server *srv, struct store *store);

#endif
