/* The outbound event feed (GET /events?after=N): the log as integrations
 * may see it. An event goes out as its sequence number, type, aggregate id
 * and time; its payload only through a filter its module registered, which
 * decides what may leave (dialog events carry no content, seed 004 R4.15).
 * Types without a filter go out without data. */
#ifndef EVLOG_FEED_H
#define EVLOG_FEED_H
#include "events/evlog.h"

#include <jansson.h>

/* Returns the outbound data for an event of the module (new reference), or
 * NULL for none. payload is the parsed event payload (borrowed). */
typedef json_t *evlog_feed_filter_fn(const struct evlog_event *e, json_t *payload);

#define EVLOG_FEED_MAX_FILTERS 16
/* Events whose type starts with type_prefix go through fn. Register at
 * start-up, before serving; registering the same pair twice is a no-op. */
void evlog_feed_register(const char *type_prefix, evlog_feed_filter_fn *fn);

/* Appends events with after < seq <= upto (at most limit) to out as
 * {seq, type, aggregateId, createdAt, data?}; *out_last is the last seq
 * written (after when none). Returns how many, or -1. upto is what
 * store_read_settled gave: a page never ends past an event still to come. */
int64_t evlog_feed_read(struct store_tx *tx, int64_t after, int64_t upto, int64_t limit,
                        json_t *out, int64_t *out_last);

#endif
