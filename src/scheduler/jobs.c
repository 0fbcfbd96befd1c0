#include "scheduler/jobs.h"

#include <stdatomic.h>

static _Atomic int64_t earliest_put = INT64_MAX;

static void note_put(int64_t due)
{
    int64_t cur = atomic_load(&earliest_put);
    while (due < cur && !atomic_compare_exchange_weak(&earliest_put, &cur, due))
        ;
}

int64_t sched_job_take_earliest_put(void)
{
    return atomic_exchange(&earliest_put, INT64_MAX);
}

int sched_job_put(struct store_tx *tx, const char *kind, const char *aggregate_id, int64_t due_us,
                  const char *payload)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO sched_job (kind, aggregate_id, due_at, payload) VALUES (?,?,?,?) "
            "ON CONFLICT (kind, aggregate_id) DO UPDATE SET due_at = excluded.due_at, "
            "payload = excluded.payload, attempts = 0, claimed_by = NULL, lease_until = NULL");
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, aggregate_id);
    store_bind_int64(st, 3, due_us);
    store_bind_text(st, 4, payload);
    if (store_step(st) != STORE_DONE)
        return -1;
    note_put(due_us);
    return 0;
}

int sched_job_drop(struct store_tx *tx, const char *kind, const char *aggregate_id)
{
    struct store_stmt *st =
        kind ? store_prepare(tx, "DELETE FROM sched_job WHERE aggregate_id = ? AND kind = ?")
             : store_prepare(tx, "DELETE FROM sched_job WHERE aggregate_id = ?");
    store_bind_text(st, 1, aggregate_id);
    if (kind)
        store_bind_text(st, 2, kind);
    return store_step(st) == STORE_DONE ? 0 : -1;
}

int sched_job_take(struct store_tx *tx, const char *kind, const char *aggregate_id, int64_t due_us)
{
    struct store_stmt *st = store_prepare(
        tx, "DELETE FROM sched_job WHERE kind = ? AND aggregate_id = ? AND due_at = ?");
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, aggregate_id);
    store_bind_int64(st, 3, due_us);
    if (store_step(st) != STORE_DONE)
        return -1;
    return store_changes(tx) > 0;
}

bool sched_job_due(struct store_tx *tx, const char *kind, const char *aggregate_id, int64_t *out_us)
{
    struct store_stmt *st =
        store_prepare(tx, "SELECT due_at FROM sched_job WHERE kind = ? AND aggregate_id = ?");
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, aggregate_id);
    if (store_step(st) != STORE_ROW)
        return false;
    *out_us = store_column_int64(st, 0);
    return true;
}

int64_t sched_job_earliest(struct store_tx *tx)
{
    struct store_stmt *st = store_prepare(tx, "SELECT due_at FROM sched_job ORDER BY due_at LIMIT 1");
    return store_step(st) == STORE_ROW ? store_column_int64(st, 0) : INT64_MAX;
}
