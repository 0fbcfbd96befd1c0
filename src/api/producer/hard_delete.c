#include "api/producer/hard_delete.h"

#include "base/alloc.h"
#include "events/evlog.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What is erased; the strings are owned (target_clear). */
struct target {
    char *id;
    char *kind;
    char *merkelapp;
    char *grupperingsid; /* NULL unless a sak */
};

static void target_clear(struct target *t)
{
    free(t->id);
    free(t->kind);
    free(t->merkelapp);
    free(t->grupperingsid);
    memset(t, 0, sizeof(*t));
}

static char *copy(const char *s)
{
    return s ? nt_strdup(s) : NULL;
}

static bool find_target(struct store_tx *tx, const char *id, struct target *t)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT id, kind, merkelapp, NULL FROM notifikasjon WHERE id = ? UNION ALL "
            "SELECT id, 'SAK', merkelapp, grupperingsid FROM sak WHERE id = ?");
    store_bind_text(q, 1, id);
    store_bind_text(q, 2, id);
    if (store_step(q) != STORE_ROW)
        return false;
    *t = (struct target){copy(store_column_text(q, 0)), copy(store_column_text(q, 1)),
                         copy(store_column_text(q, 2)), copy(store_column_text(q, 3))};
    return true;
}

/* Erases one aggregate and records its HardDelete. */
static int erase_one(struct store_tx *tx, const struct target *t, const char *producer, int64_t at)
{
    const char *gid = t->grupperingsid;
    if (evlog_erase(tx, t->id, t->kind, t->merkelapp, gid, at) != 0)
        return -1;
    json_t *p = json_pack("{s:s,s:s,s:s?,s:I}", "notifikasjonId", t->id, "merkelapp",
                          t->merkelapp, "grupperingsid", gid, "deletedAt", (json_int_t)at);
    char *text = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    struct evlog_event e = {.aggregate_id = t->id, .type = "HardDelete", .payload = text,
                            .producer = producer, .created_at = at};
    int rc = evlog_emit(tx, &e);
    free(text);
    return rc;
}

/* The notifications of a sak: same merkelapp and grupperingsid, linked or not. */
static struct target *notifications_of(struct store_tx *tx, const struct target *sak, size_t *n)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT id, kind FROM notifikasjon WHERE merkelapp = ? AND grupperingsid = ?");
    store_bind_text(q, 1, sak->merkelapp);
    store_bind_text(q, 2, sak->grupperingsid);
    size_t cap = 8;
    struct target *all = nt_calloc(cap, sizeof(*all));
    *n = 0;
    while (store_step(q) == STORE_ROW) {
        if (*n == cap)
            all = nt_realloc(all, (cap *= 2) * sizeof(*all));
        all[(*n)++] = (struct target){copy(store_column_text(q, 0)), copy(store_column_text(q, 1)),
                                      copy(sak->merkelapp), NULL};
    }
    return all;
}

enum producer_delete_result producer_hard_delete(struct store_tx *tx, const char *aggregate_id,
                                                 const char *producer, int64_t at)
{
    struct target t;
    if (!find_target(tx, aggregate_id, &t))
        return PRODUCER_DELETE_NOT_FOUND;
    int rc = 0;
    if (strcmp(t.kind, "SAK") == 0) {
        size_t n = 0;
        struct target *cascade = notifications_of(tx, &t, &n);
        for (size_t i = 0; i < n; i++) {
            if (rc == 0)
                rc = erase_one(tx, &cascade[i], producer, at);
            target_clear(&cascade[i]);
        }
        free(cascade);
    }
    if (rc == 0)
        rc = erase_one(tx, &t, producer, at);
    target_clear(&t);
    return rc == 0 ? PRODUCER_DELETED : PRODUCER_DELETE_FAILED;
}
