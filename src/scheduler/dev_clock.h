/* The controllable clock over HTTP, for tests (serve --dev only):
 *   GET  /internal/dev/clock  -> {"now": INSTANT, "frozen": bool}
 *   POST /internal/dev/clock  {"set": ISO8601DateTime} | {"advance": ISO8601Duration}
 *                             | {"reset": true}, optionally "settle": true
 * set freezes the clock at that instant; advance moves it (days and time
 * only; frozen or not); reset returns to real time. With settle the answer
 * waits (at most 10 s) until no scheduled job and, unless sending is paused,
 * no notice is due any more, and says "settled": true|false. */
#ifndef SCHEDULER_DEV_CLOCK_H
#define SCHEDULER_DEV_CLOCK_H
#include "http/server.h"
#include "store/store.h"

void dev_clock_route(struct http_server *srv, struct store *store);

#endif
