#include "events/evlog.h"

#include <jansson.h>

#include <stdatomic.h>

static const struct evlog_projection *registered[EVLOG_MAX_PROJECTIONS];
static atomic_size_t nregistered;

void evlog_register(const struct evlog_projection *p)
{
    size_t n = atomic_load(&nregistered);
    for (size_t i = 0; i < n; i++)
        if (registered[i] == p)
            return;
    if (n < EVLOG_MAX_PROJECTIONS) {
        registered[n] = p;
        atomic_store(&nregistered, n + 1);
    }
}

json_t *evlog_payload(const struct evlog_event *e)
{
    if (e->decoded)
        return json_incref(e->decoded);
    return e->payload ? json_loads(e->payload, 0, NULL) : NULL;
}

int evlog_emit(struct store_tx *tx, struct evlog_event *e)
{
    return evlog_append(tx, e, registered, atomic_load(&nregistered));
}

int evlog_replay_all(struct store_tx *tx)
{
    size_t n = atomic_load(&nregistered);
    for (size_t i = 0; i < n; i++)
        if (evlog_replay(tx, registered[i]) != 0)
            return -1;
    return 0;
}

int evlog_append(struct store_tx *tx, struct evlog_event *e,
                 const struct evlog_projection *const *projections, size_t nprojections)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO events (aggregate_id, type, payload, producer, created_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING seq");
    store_bind_text(st, 1, e->aggregate_id);
    store_bind_text(st, 2, e->type);
    store_bind_text(st, 3, e->payload);
    store_bind_text(st, 4, e->producer);
    store_bind_int64(st, 5, e->created_at);
    if (store_step(st) != STORE_ROW)
        return -1;
    e->seq = store_column_int64(st, 0);
    for (size_t i = 0; i < nprojections; i++)
        if (projections[i]->apply(tx, e) != 0)
            return -1;
    return 0;
}

int64_t evlog_read_after(struct store_tx *tx, int64_t after, int64_t limit, evlog_visit_fn *fn,
                         void *userdata)
{
    return evlog_read_between(tx, after, INT64_MAX, limit, fn, userdata);
}

int64_t evlog_read_between(struct store_tx *tx, int64_t after, int64_t upto, int64_t limit,
                           evlog_visit_fn *fn, void *userdata)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT seq, aggregate_id, type, payload, producer, created_at FROM events "
            "WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?");
    store_bind_int64(st, 1, after);
    store_bind_int64(st, 2, upto);
    store_bind_int64(st, 3, limit > 0 ? limit : INT64_MAX);
    int64_t n = 0;
    enum store_step step;
    while ((step = store_step(st)) == STORE_ROW) {
        struct evlog_event e = {
            .seq = store_column_int64(st, 0),
            .aggregate_id = store_column_text(st, 1),
            .type = store_column_text(st, 2),
            .payload = store_column_text(st, 3),
            .producer = store_column_text(st, 4),
            .created_at = store_column_int64(st, 5),
        };
        n++;
        if (fn(&e, userdata) != 0)
            return n;
    }
    return step == STORE_DONE ? n : -1;
}

struct replay_ctx {
    struct store_tx *tx;
    const struct evlog_projection *p;
    int rc;
};

static int replay_one(const struct evlog_event *e, void *userdata)
{
    struct replay_ctx *c = userdata;
    c->rc = c->p->apply(c->tx, e);
    return c->rc;
}

int evlog_replay(struct store_tx *tx, const struct evlog_projection *p)
{
    if (p->reset(tx) != 0)
        return -1;
    struct replay_ctx c = {tx, p, 0};
    return evlog_read_after(tx, 0, 0, replay_one, &c) < 0 ? -1 : c.rc;
}

int evlog_erase(struct store_tx *tx, const char *aggregate_id, const char *kind,
                const char *merkelapp, const char *grupperingsid, int64_t at)
{
    struct store_stmt *del = store_prepare(tx, "DELETE FROM events WHERE aggregate_id = ?");
    store_bind_text(del, 1, aggregate_id);
    if (store_step(del) != STORE_DONE)
        return -1;
    struct store_stmt *tomb = store_prepare(
        tx, "INSERT INTO tombstones (aggregate_id, kind, merkelapp, grupperingsid, deleted_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (aggregate_id) DO UPDATE SET kind = excluded.kind, "
            "merkelapp = excluded.merkelapp, grupperingsid = excluded.grupperingsid, "
            "deleted_at = excluded.deleted_at");
    store_bind_text(tomb, 1, aggregate_id);
    store_bind_text(tomb, 2, kind);
    store_bind_text(tomb, 3, merkelapp);
    store_bind_text(tomb, 4, grupperingsid);
    store_bind_int64(tomb, 5, at);
    return store_step(tomb) == STORE_DONE ? 0 : -1;
}

bool evlog_tombstone_exists(struct store_tx *tx, const char *kind, const char *merkelapp,
                            const char *grupperingsid)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT 1 FROM tombstones WHERE kind = ? AND merkelapp = ? AND grupperingsid = ?");
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, merkelapp);
    store_bind_text(st, 3, grupperingsid);
    return store_step(st) == STORE_ROW;
}
