/* The producer read model: a projection of the event log (every table it
 * holds is derived from event payloads and its own rows, never the clock,
 * so replay rebuilds it exactly). This file dispatches by event type and
 * holds what notifications and saker share: identities, keys, hard
 * deletes and their schedule. */
#include "api/producer/read_model.h"

#include "api/producer/read_model_internal.h"
#include "domain/hard_delete.h"
#include "domain/oslo_time.h"
#include "graphql/coerce.h"
#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

const char *rm_str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

int rm_done(struct store_stmt *st)
{
    return store_step(st) == STORE_DONE ? 0 : -1;
}

int rm_insert_sak_recipients(struct store_tx *tx, const char *sak_id, json_t *list)
{
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *m = json_array_get(list, i);
        struct store_stmt *st = store_prepare(
            tx, "INSERT INTO sak_mottaker (sak_id, pos, kind, a, b, virksomhetsnummer) "
                "VALUES (?,?,?,?,?,?)");
        store_bind_text(st, 1, sak_id);
        store_bind_int64(st, 2, (int64_t)i);
        store_bind_text(st, 3, rm_str(m, "kind"));
        store_bind_text(st, 4, rm_str(m, "a"));
        store_bind_text(st, 5, rm_str(m, "b"));
        store_bind_text(st, 6, rm_str(m, "virksomhetsnummer"));
        if (rm_done(st) != 0)
            return -1;
    }
    return 0;
}

static int reset(struct store_tx *tx)
{
    /* a sak's recipients, notices, statuses and keys go with their rows (ON DELETE CASCADE) */
    static const char *const sql[] = {"DELETE FROM notifikasjon", "DELETE FROM sak",
                                      "DELETE FROM skedulert_hard_delete"};
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++)
        if (rm_done(store_prepare(tx, sql[i])) != 0)
            return -1;
    return 0;
}

int rm_patch_identity(struct store_tx *tx, bool sak, const char *id, json_t *changes)
{
    struct store_stmt *q = store_prepare(tx, sak ? "SELECT identity FROM sak WHERE id = ?"
                                                 : "SELECT identity FROM notifikasjon WHERE id = ?");
    store_bind_text(q, 1, id);
    if (store_step(q) != STORE_ROW)
        return 0; /* gone: nothing to keep current */
    json_t *identity = json_loads(store_column_text(q, 0), 0, NULL);
    if (!identity)
        return -1;
    json_object_update(identity, changes);
    struct nt_buf b;
    nt_buf_init(&b, 0);
    gql_json_write(identity, &b); /* as the producer API writes them */
    json_decref(identity);
    char *text = nt_buf_steal(&b, NULL);
    struct store_stmt *u = store_prepare(tx, sak ? "UPDATE sak SET identity = ? WHERE id = ?"
                                                 : "UPDATE notifikasjon SET identity = ? WHERE id = ?");
    store_bind_text(u, 1, text);
    store_bind_text(u, 2, id);
    free(text);
    return rm_done(u);
}

int rm_record_key(struct store_tx *tx, bool sak, const char *id, const char *key)
{
    if (!key)
        return 0;
    struct store_stmt *st = store_prepare(
        tx, sak ? "INSERT INTO sak_oppdatering (sak_id, idempotency_key) SELECT id, ? FROM sak "
                  "WHERE id = ? ON CONFLICT DO NOTHING"
                : "INSERT INTO notifikasjon_oppdatering (notifikasjon_id, idempotency_key) SELECT "
                  "id, ? FROM notifikasjon WHERE id = ? ON CONFLICT DO NOTHING");
    store_bind_text(st, 1, key);
    store_bind_text(st, 2, id);
    return rm_done(st);
}

int rm_schedule_hard_delete(struct store_tx *tx, const char *aggregate_id, json_t *hard_delete)
{
    int64_t at;
    if (!hard_delete || json_is_null(hard_delete) ||
        !dom_parse_datetime(rm_str(hard_delete, "tidspunkt"), &at))
        return 0; /* none, or an event without the instant: nothing to schedule */
    enum dom_hd_strategy strategy;
    if (dom_hd_strategy_parse(rm_str(hard_delete, "strategi"), &strategy)) {
        struct store_stmt *q =
            store_prepare(tx, "SELECT tidspunkt FROM skedulert_hard_delete WHERE aggregate_id = ?");
        store_bind_text(q, 1, aggregate_id);
        int64_t old, *has_old = NULL;
        if (store_step(q) == STORE_ROW) {
            old = store_column_int64(q, 0);
            has_old = &old;
        }
        at = dom_hard_delete_merge(has_old, at, strategy);
    }
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO skedulert_hard_delete (aggregate_id, tidspunkt) VALUES (?, ?) "
            "ON CONFLICT (aggregate_id) DO UPDATE SET tidspunkt = excluded.tidspunkt");
    store_bind_text(st, 1, aggregate_id);
    store_bind_int64(st, 2, at);
    return rm_done(st);
}

/* The aggregate is a notification or a sak; a sak's notifications get
 * HardDelete events of their own (hard_delete.c), so only this id goes. */
static int hard_deleted(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    (void)p;
    static const char *const sql[] = {"DELETE FROM notifikasjon WHERE id = ?",
                                      "DELETE FROM sak WHERE id = ?",
                                      "DELETE FROM skedulert_hard_delete WHERE aggregate_id = ?"};
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        struct store_stmt *st = store_prepare(tx, sql[i]);
        store_bind_text(st, 1, e->aggregate_id);
        if (rm_done(st) != 0)
            return -1;
    }
    return 0;
}

static const struct {
    const char *type;
    rm_apply_fn *fn;
} folds[] = {
    {"BeskjedOpprettet", rm_notification_created},
    {"OppgaveOpprettet", rm_notification_created},
    {"KalenderavtaleOpprettet", rm_notification_created},
    {"OppgaveUtfoert", rm_oppgave_utfoert},
    {"OppgaveUtgaatt", rm_oppgave_utgaatt},
    {"FristUtsatt", rm_frist_utsatt},
    {"OppgavePaaminnelseEndret", rm_paaminnelse_endret},
    {"KalenderavtaleOppdatert", rm_kalenderavtale_oppdatert},
    {"EksterntVarselVellykket", rm_notice_status},
    {"EksterntVarselFeilet", rm_notice_status},
    {"EksterntVarselKansellert", rm_notice_status},
    {"SakOpprettet", rm_sak_created},
    {"NyStatusSak", rm_sak_status},
    {"NesteStegSak", rm_sak_field},
    {"TilleggsinformasjonSak", rm_sak_field},
    {"HardDelete", hard_deleted},
    {"SoftDelete", hard_deleted}, /* legacy events are hard deletes (spec 15) */
};

static int apply(struct store_tx *tx, const struct evlog_event *e)
{
    for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++) {
        if (strcmp(e->type, folds[i].type) != 0)
            continue;
        json_t *p = evlog_payload(e);
        int rc = p ? folds[i].fn(tx, e, p) : -1;
        json_decref(p);
        return rc;
    }
    return 0; /* not an event this model folds */
}

const struct evlog_projection producer_read_model = {"producer", reset, apply};
