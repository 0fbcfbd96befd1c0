/* Hard delete of one aggregate (producer-api.md 15): a notification, or a
 * sak together with every notification of the same merkelapp and
 * grupperingsid. Each erased aggregate loses its events and rows and keeps
 * a tombstone plus a content-free HardDelete event, which every registered
 * read model folds (so the user model, the schedules and the notices drop
 * it too). Shared by the delete mutations and the hard-delete scheduler. */
#ifndef API_PRODUCER_HARD_DELETE_H
#define API_PRODUCER_HARD_DELETE_H
#include "store/store.h"

#include <stdint.h>

enum producer_delete_result {
    PRODUCER_DELETED = 0,
    PRODUCER_DELETE_NOT_FOUND = 1,
    PRODUCER_DELETE_FAILED = -1,
};

/* Inside a store command. producer: who caused it (the event's producer),
 * may be NULL for the scheduler. */
enum producer_delete_result producer_hard_delete(struct store_tx *tx, const char *aggregate_id,
                                                 const char *producer, int64_t at);

#endif
