/* The event log over the store: every change is an event appended in the
 * same transaction that updates the read models (projections), so the two
 * can never disagree; replay rebuilds a read model from the log; a hard
 * delete erases the aggregate's events and leaves only a tombstone. */
#ifndef EVLOG_H
#define EVLOG_H
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

struct json_t;
struct evlog_event {
    int64_t seq;
    const char *aggregate_id;
    const char *type;
    const char *payload; /* JSON */
    const char *producer; /* NULL for events no producer caused */
    int64_t created_at;  /* microseconds since the epoch */
    /* The payload already decoded (a jansson value, borrowed, read-only),
     * when the writer has it; NULL on replay and from writers without it. A
     * projection may use it instead of parsing payload: evlog_payload. */
    struct json_t *decoded;
};

/* The event's payload as a jansson value: decoded with a reference added,
 * or payload parsed; NULL when it is not JSON. The caller decrefs it and
 * must not modify it. */
struct json_t *evlog_payload(const struct evlog_event *e);

/* A read model fed by events. reset empties it; apply folds one event in.
 * Both run inside the caller's transaction and return 0 or an error. */
struct evlog_projection {
    const char *name;
    int (*reset)(struct store_tx *tx);
    int (*apply)(struct store_tx *tx, const struct evlog_event *e);
};

/* Appends the event (its seq is filled in) and applies it to every
 * projection; returns 0, or non-zero with nothing applied by the caller's
 * savepoint once it rolls back. */
int evlog_append(struct store_tx *tx, struct evlog_event *e,
                 const struct evlog_projection *const *projections, size_t nprojections);

/* The projections every emitted event goes to. Register each read model
 * once at start-up, before the first write (registering twice is a no-op);
 * at most EVLOG_MAX_PROJECTIONS. */
#define EVLOG_MAX_PROJECTIONS 16
void evlog_register(const struct evlog_projection *p);
/* evlog_append to every registered projection. */
int evlog_emit(struct store_tx *tx, struct evlog_event *e);
/* evlog_replay of every registered projection, in registration order. */
int evlog_replay_all(struct store_tx *tx);

typedef int evlog_visit_fn(const struct evlog_event *e, void *userdata);
/* Visits events with seq > after in order, at most limit (0 = all); stops
 * early when fn returns non-zero. Returns the number visited or -1. */
int64_t evlog_read_after(struct store_tx *tx, int64_t after, int64_t limit, evlog_visit_fn *fn,
                         void *userdata);
/* The same for after < seq <= upto. */
int64_t evlog_read_between(struct store_tx *tx, int64_t after, int64_t upto, int64_t limit,
                           evlog_visit_fn *fn, void *userdata);

/* Empties the projection and folds the whole log into it again. */
int evlog_replay(struct store_tx *tx, const struct evlog_projection *p);

/* Hard delete: removes every event of the aggregate and records a tombstone
 * (kind, merkelapp and grupperingsid are kept to refuse reuse). */
int evlog_erase(struct store_tx *tx, const char *aggregate_id, const char *kind,
                const char *merkelapp, const char *grupperingsid, int64_t at);
bool evlog_tombstone_exists(struct store_tx *tx, const char *kind, const char *merkelapp,
                            const char *grupperingsid);

#endif
