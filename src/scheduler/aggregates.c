#include "scheduler/aggregates.h"

#include <stdio.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
    size_t len = src ? strnlen(src, n - 1) : 0;
    memcpy(dst, src ? src : "", len);
    dst[len] = '\0';
}

void sched_aggregate_read(struct store_stmt *st, int first, struct sched_aggregate *out)
{
    memset(out, 0, sizeof(*out));
    copy(out->id, sizeof out->id, store_column_text(st, first));
    copy(out->kind, sizeof out->kind, store_column_text(st, first + 1));
    copy(out->merkelapp, sizeof out->merkelapp, store_column_text(st, first + 2));
    copy(out->grupperingsid, sizeof out->grupperingsid, store_column_text(st, first + 3));
    copy(out->virksomhetsnummer, sizeof out->virksomhetsnummer, store_column_text(st, first + 4));
    copy(out->produsent, sizeof out->produsent, store_column_text(st, first + 5));
    copy(out->tilstand, sizeof out->tilstand, store_column_text(st, first + 6));
    copy(out->frist, sizeof out->frist, store_column_text(st, first + 7));
    copy(out->opprettet, sizeof out->opprettet, store_column_text(st, first + 8));
    copy(out->start_tidspunkt, sizeof out->start_tidspunkt, store_column_text(st, first + 9));
    out->avlyst = store_column_int64(st, first + 10) != 0;
}

bool sched_aggregate_get(struct store_tx *tx, const char *id, struct sched_aggregate *out)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT " SCHED_AGGREGATE_COLUMNS " FROM sched_aggregate a WHERE a.id = ?");
    store_bind_text(st, 1, id);
    if (store_step(st) != STORE_ROW)
        return false;
    sched_aggregate_read(st, 0, out);
    return true;
}

static const char *or_null(const char *s)
{
    return s[0] ? s : NULL;
}

int sched_aggregate_put(struct store_tx *tx, const struct sched_aggregate *a)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO sched_aggregate (id, kind, merkelapp, grupperingsid, virksomhetsnummer, "
            "produsent, tilstand, frist, opprettet, start_tidspunkt, avlyst) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET tilstand = excluded.tilstand, "
            "frist = excluded.frist, start_tidspunkt = excluded.start_tidspunkt, "
            "avlyst = excluded.avlyst");
    store_bind_text(st, 1, a->id);
    store_bind_text(st, 2, a->kind);
    store_bind_text(st, 3, or_null(a->merkelapp));
    store_bind_text(st, 4, or_null(a->grupperingsid));
    store_bind_text(st, 5, or_null(a->virksomhetsnummer));
    store_bind_text(st, 6, or_null(a->produsent));
    store_bind_text(st, 7, or_null(a->tilstand));
    store_bind_text(st, 8, or_null(a->frist));
    store_bind_text(st, 9, or_null(a->opprettet));
    store_bind_text(st, 10, or_null(a->start_tidspunkt));
    store_bind_int64(st, 11, a->avlyst);
    return store_step(st) == STORE_DONE ? 0 : -1;
}

int sched_aggregate_drop(struct store_tx *tx, const char *id)
{
    struct store_stmt *st = store_prepare(tx, "DELETE FROM sched_aggregate WHERE id = ?");
    store_bind_text(st, 1, id);
    return store_step(st) == STORE_DONE ? 0 : -1;
}
