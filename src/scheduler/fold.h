/* Folding an event into a projection by its type: a table of handlers, the
 * payload parsed once (with the strict reader) for those that read it, or
 * the writer's decoded value (evlog_event.decoded, read-only) when it has one.
 * Shared by the schedule and the notices. */
#ifndef SCHEDULER_FOLD_H
#define SCHEDULER_FOLD_H
#include "events/evlog.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef int fold_fn(struct store_tx *tx, const struct evlog_event *e, json_t *payload);

struct fold {
    const char *type;
    fold_fn *fn;
    bool reads_payload; /* false: fn gets NULL */
};

/* Runs the handler of e's type (0 when it has none); -1 when its payload
 * does not parse. */
int fold_event(struct store_tx *tx, const struct evlog_event *e, const struct fold *folds,
               size_t nfolds);

#endif
