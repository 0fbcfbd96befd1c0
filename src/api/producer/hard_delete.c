#include "api/producer/hard_delete.h"

#include "base/alloc.h"
#include "events/evlog.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct target {
    char id[64];
    char kind[32];
    char merkelapp[256];
    char grupperingsid[256];
    bool has_grupperingsid;
};

static bool find_target(struct store_tx *tx, const char *id, struct target *t)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT id, kind, merkelapp, NULL FROM notifikasjon WHERE id = ? UNION ALL "
            "SELECT id, 'SAK', merkelapp, grupperingsid FROM sak WHERE id = ?");
    store_bind_text(q, 1, id);
    store_bind_text(q, 2, id);
    if (store_step(q) != STORE_ROW)
        return false;
    snprintf(t->id, sizeof t->id, "%s", store_column_text(q, 0));
    snprintf(t->kind, sizeof t->kind, "%s", store_column_text(q, 1));
    snprintf(t->merkelapp, sizeof t->merkelapp, "%s", store_column_text(q, 2));
    const char *g = store_column_text(q, 3);
    t->has_grupperingsid = g != NULL;
    snprintf(t->grupperingsid, sizeof t->grupperingsid, "%s", g ? g : "");
    return true;
}

/* Erases one aggregate and records its HardDelete. */
static int erase_one(struct store_tx *tx, const struct target *t, const char *producer, int64_t at)
{
    const char *gid = t->has_grupperingsid ? t->grupperingsid : NULL;
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
        struct target *t = &all[(*n)++];
        memset(t, 0, sizeof(*t));
        snprintf(t->id, sizeof t->id, "%s", store_column_text(q, 0));
        snprintf(t->kind, sizeof t->kind, "%s", store_column_text(q, 1));
        snprintf(t->merkelapp, sizeof t->merkelapp, "%s", sak->merkelapp);
    }
    return all;
}

enum producer_delete_result producer_hard_delete(struct store_tx *tx, const char *aggregate_id,
                                                 const char *producer, int64_t at)
{
    struct target t;
    if (!find_target(tx, aggregate_id, &t))
        return PRODUCER_DELETE_NOT_FOUND;
    if (strcmp(t.kind, "SAK") == 0) {
        size_t n = 0;
        struct target *cascade = notifications_of(tx, &t, &n);
        int rc = 0;
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = erase_one(tx, &cascade[i], producer, at);
        free(cascade);
        if (rc != 0)
            return PRODUCER_DELETE_FAILED;
    }
    return erase_one(tx, &t, producer, at) == 0 ? PRODUCER_DELETED : PRODUCER_DELETE_FAILED;
}
