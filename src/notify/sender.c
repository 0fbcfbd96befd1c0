#include "notify/sender.h"

#include "base/alloc.h"
#include "base/clock.h"
#include "domain/schedule_time.h"
#include "domain/send_window.h"
#include "events/evlog.h"
#include "notify/control.h"
#include "notify/projection.h"
#include "obs/log.h"
#include "obs/metrics.h"
#include "scheduler/timer_loop.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLAIM_BATCH 16
#define LEASE_US (5 * 60 * 1000000LL)
#define POLL_US (5 * 1000000LL) /* between looks at an accepted Altinn order */

struct notify_sender {
    struct notify_sender_config cfg;
};

static struct timer_slot slot = TIMER_SLOT_INIT(notify_take_earliest_put);

void notify_register_projection(void)
{
    evlog_register(&notify_projection);
}

void notify_sender_kick(void)
{
    timer_slot_kick(&slot);
}

/* ---- One claimed notice ---- */

struct claimed {
    char varsel_id[64];
    char notifikasjon_id[64];
    char kanal[32];
    char virksomhetsnummer[32];
    json_t *spec;
    int64_t attempts;
    char shipment[128]; /* an accepted Altinn order, or "" */
    bool for_dialog;    /* its outcome is a DialogLeveringOppdatert */
    struct notify_result result;
};

static int emit_final(struct store_tx *tx, const char *notifikasjon_id, const char *type,
                      json_t *payload)
{
    char *text = json_dumps(payload, JSON_COMPACT);
    json_decref(payload);
    struct evlog_event e = {.aggregate_id = notifikasjon_id, .type = type, .payload = text,
                            .created_at = nt_now_us()};
    int rc = evlog_emit(tx, &e);
    free(text);
    return rc;
}

static int emit_cancelled(struct store_tx *tx, const char *notifikasjon_id, const char *varsel_id)
{
    return emit_final(tx, notifikasjon_id, "EksterntVarselKansellert",
                      json_pack("{s:s,s:s}", "notifikasjonId", notifikasjon_id, "varselId",
                                varsel_id));
}

/* The window a notice keeps to when it is retried or delayed. */
static enum dom_send_window window_of(json_t *spec)
{
    json_t *when = json_object_get(spec, "sendetidspunkt");
    const char *name = json_string_value(json_object_get(when ? when : spec, "sendevindu"));
    enum dom_send_window w = DOM_WINDOW_LOEPENDE;
    dom_send_window_parse(name, &w);
    return w;
}

static int set_due(struct store_tx *tx, const char *varsel_id, int64_t due)
{
    struct store_stmt *st = store_prepare(
        tx, "UPDATE notice_queue SET due_at = ?, claimed_by = NULL, lease_until = NULL "
            "WHERE varsel_id = ?");
    store_bind_int64(st, 1, due);
    store_bind_text(st, 2, varsel_id);
    return store_step(st) == STORE_DONE ? 0 : -1;
}

/* ---- Claiming ---- */

struct claim_cmd {
    const struct notify_sender_config *cfg;
    struct claimed rows[CLAIM_BATCH];
    size_t n;
    bool paused;
};

/* true when this node got the lease (another node may hold it). */
static bool take_lease(struct store_tx *tx, const struct claim_cmd *c, const char *varsel_id,
                       int64_t now)
{
    struct store_stmt *st = store_prepare(
        tx, "UPDATE notice_queue SET claimed_by = ?, lease_until = ? WHERE varsel_id = ? AND "
            "(claimed_by IS NULL OR lease_until < ?)");
    store_bind_text(st, 1, c->cfg->node_id);
    store_bind_int64(st, 2, now + LEASE_US);
    store_bind_text(st, 3, varsel_id);
    store_bind_int64(st, 4, now);
    return store_step(st) == STORE_DONE && store_changes(tx) == 1;
}

/* A due row as read, before acting on it (acting writes the table read). */
struct due_row {
    char *varsel_id, *notifikasjon_id, *kanal, *spec, *virksomhetsnummer, *shipment; /* malloc'ed */
    bool cancel_requested, for_dialog;
    int64_t attempts;
};

static char *column_dup(struct store_stmt *q, int col)
{
    const char *v = store_column_text(q, col);
    return v ? nt_strdup(v) : NULL;
}

static void due_row_free(struct due_row *d)
{
    free(d->varsel_id);
    free(d->notifikasjon_id);
    free(d->kanal);
    free(d->spec);
    free(d->virksomhetsnummer);
    free(d->shipment);
}

/* Acts on one due row: a cancellation is recorded at once, a closed window
 * moves the row to its next opening, anything else is leased for sending. */
static int claim_row(struct store_tx *tx, struct claim_cmd *c, const struct due_row *d, int64_t now)
{
    if (d->cancel_requested)
        return emit_cancelled(tx, d->notifikasjon_id, d->varsel_id);
    json_t *spec = json_loads(d->spec ? d->spec : "{}", 0, NULL);
    enum dom_send_window w = window_of(spec);
    if (!d->shipment && !dom_send_window_is_open(w, now)) { /* an accepted order is polled any time */
        json_decref(spec);
        return set_due(tx, d->varsel_id, dom_send_window_next(w, now));
    }
    if (!take_lease(tx, c, d->varsel_id, now)) {
        json_decref(spec);
        return 0;
    }
    struct claimed *r = &c->rows[c->n++];
    memset(r, 0, sizeof(*r));
    snprintf(r->varsel_id, sizeof r->varsel_id, "%s", d->varsel_id);
    snprintf(r->notifikasjon_id, sizeof r->notifikasjon_id, "%s", d->notifikasjon_id);
    snprintf(r->kanal, sizeof r->kanal, "%s", d->kanal ? d->kanal : "");
    snprintf(r->virksomhetsnummer, sizeof r->virksomhetsnummer, "%s",
             d->virksomhetsnummer ? d->virksomhetsnummer : "");
    r->spec = spec ? spec : json_object();
    r->attempts = d->attempts;
    snprintf(r->shipment, sizeof r->shipment, "%s", d->shipment ? d->shipment : "");
    r->for_dialog = d->for_dialog;
    return 0;
}

/* Drops the rows of a claim (and their outcomes); a command runs again
 * when another of its batch failed, so a claim may start over. */
static void release_claimed(struct claim_cmd *c)
{
    for (size_t i = 0; i < c->n; i++) {
        json_decref(c->rows[i].spec);
        json_decref(c->rows[i].result.response);
    }
    c->n = 0;
}

static int claim_due(struct store_tx *tx, void *arg)
{
    struct claim_cmd *c = arg;
    release_claimed(c);
    if ((c->paused = notify_paused(tx)))
        return 0;
    int64_t now = nt_now_us();
    /* Rows another node is claiming right now are left to it (PostgreSQL);
     * the conditional lease below is what makes a claim exclusive. */
    char lock[64], sql[640];
    snprintf(sql, sizeof sql,
             "SELECT q.varsel_id, n.notifikasjon_id, n.kanal, n.spec, n.virksomhetsnummer, "
             "n.cancel_requested, q.attempts, q.shipment_id, n.origin FROM notice_queue q JOIN "
             "notice n ON n.varsel_id = q.varsel_id WHERE q.due_at <= ? AND n.state = 'NY' AND "
             "(q.claimed_by IS NULL OR q.lease_until < ?) ORDER BY q.due_at, q.varsel_id LIMIT ?%s",
             store_skip_locked(tx, "q", lock, sizeof lock));
    struct store_stmt *q = store_prepare(tx, sql);
    store_bind_int64(q, 1, now);
    store_bind_int64(q, 2, now);
    store_bind_int64(q, 3, CLAIM_BATCH);
    struct due_row due[CLAIM_BATCH];
    size_t n = 0;
    while (n < CLAIM_BATCH && store_step(q) == STORE_ROW)
        due[n++] = (struct due_row){column_dup(q, 0),
                                    column_dup(q, 1),
                                    column_dup(q, 2),
                                    column_dup(q, 3),
                                    column_dup(q, 4),
                                    column_dup(q, 7),
                                    store_column_int64(q, 5) != 0,
                                    strcmp(store_column_text(q, 8), "dialog") == 0,
                                    store_column_int64(q, 6)};
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = claim_row(tx, c, &due[i], now);
        due_row_free(&due[i]);
    }
    return rc;
}

/* ---- Recording outcomes ---- */

struct complete_cmd {
    const struct notify_sender_config *cfg;
    struct claimed *rows;
    size_t n;
};

static bool still_ours(struct store_tx *tx, const struct complete_cmd *c, const char *varsel_id)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT 1 FROM notice_queue q JOIN notice n ON n.varsel_id = q.varsel_id WHERE "
            "q.varsel_id = ? AND n.state = 'NY' AND q.claimed_by = ?");
    store_bind_text(st, 1, varsel_id);
    store_bind_text(st, 2, c->cfg->node_id);
    return store_step(st) == STORE_ROW;
}

/* A dialog's delivery (dialog.md 2.4.3), as its read model folds it. */
static int emit_dialog_outcome(struct store_tx *tx, const struct claimed *r, bool sent)
{
    return emit_final(tx, r->notifikasjon_id, "DialogLeveringOppdatert",
                      json_pack("{s:s,s:s,s:s?,s:I}", "dialogId", r->notifikasjon_id, "status",
                                sent ? "SENDT" : "FEILET", "arsak", sent ? NULL : r->result.code,
                                "tidspunkt", (json_int_t)nt_now_us()));
}

static int emit_sent(struct store_tx *tx, const struct claimed *r)
{
    if (r->for_dialog)
        return emit_dialog_outcome(tx, r, true);
    return emit_final(tx, r->notifikasjon_id, "EksterntVarselVellykket",
                      json_pack("{s:s,s:s,s:O?}", "notifikasjonId", r->notifikasjon_id, "varselId",
                                r->varsel_id, "raaRespons", r->result.response));
}

static int emit_failed(struct store_tx *tx, const struct claimed *r)
{
    if (r->for_dialog)
        return emit_dialog_outcome(tx, r, false);
    return emit_final(tx, r->notifikasjon_id, "EksterntVarselFeilet",
                      json_pack("{s:s,s:s,s:O?,s:s,s:s}", "notifikasjonId", r->notifikasjon_id,
                                "varselId", r->varsel_id, "raaRespons", r->result.response,
                                "feilmelding", r->result.message, "altinnFeilkode",
                                r->result.code));
}

static int schedule_retry(struct store_tx *tx, const struct claimed *r, int64_t now)
{
    struct store_stmt *st = store_prepare(
        tx, "UPDATE notice_queue SET attempts = ?, last_error = ?, due_at = ?, claimed_by = NULL, "
            "lease_until = NULL WHERE varsel_id = ?");
    store_bind_int64(st, 1, r->attempts + 1);
    store_bind_text(st, 2, r->result.message);
    store_bind_int64(st, 3, now + dom_retry_backoff_us(r->attempts));
    store_bind_text(st, 4, r->varsel_id);
    return store_step(st) == STORE_DONE ? 0 : -1;
}

/* An accepted order: look at its shipment again in a while. */
static int poll_later(struct store_tx *tx, const struct claimed *r, int64_t now)
{
    struct store_stmt *st = store_prepare(
        tx, "UPDATE notice_queue SET shipment_id = ?, due_at = ?, claimed_by = NULL, "
            "lease_until = NULL WHERE varsel_id = ?");
    store_bind_text(st, 1, r->result.shipment);
    store_bind_int64(st, 2, now + POLL_US);
    store_bind_text(st, 3, r->varsel_id);
    return store_step(st) == STORE_DONE ? 0 : -1;
}

static int record_one(struct store_tx *tx, const struct complete_cmd *c, const struct claimed *r)
{
    if (!still_ours(tx, c, r->varsel_id))
        return 0; /* finished elsewhere meanwhile (a replay, another node) */
    switch (r->result.outcome) {
    case NOTIFY_SENT:
        return emit_sent(tx, r);
    case NOTIFY_FAILED:
        return emit_failed(tx, r);
    case NOTIFY_PENDING:
        return poll_later(tx, r, nt_now_us());
    case NOTIFY_RETRY:
        break;
    }
    if (r->attempts + 1 >= c->cfg->max_attempts)
        return emit_failed(tx, r);
    return schedule_retry(tx, r, nt_now_us());
}

static int complete(struct store_tx *tx, void *arg)
{
    struct complete_cmd *c = arg;
    for (size_t i = 0; i < c->n; i++)
        if (record_one(tx, c, &c->rows[i]) != 0)
            return -1;
    return 0;
}

/* ---- The loop ---- */

int64_t notify_next_due(struct store_tx *tx)
{
    /* a claimed row needs the sender again only if its lease runs out */
    struct store_stmt *st = store_prepare(
        tx, "SELECT MIN(CASE WHEN claimed_by IS NULL THEN due_at ELSE lease_until END) "
            "FROM notice_queue");
    if (store_step(st) == STORE_ROW && store_column_text(st, 0))
        return store_column_int64(st, 0);
    return INT64_MAX;
}

bool notify_has_due(struct store_tx *tx, int64_t now_us, const char *node_id)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT 1 FROM notice_queue WHERE due_at <= ? AND (claimed_by IS NULL OR "
            "claimed_by = ? OR lease_until < ?) LIMIT 1");
    store_bind_int64(st, 1, now_us);
    store_bind_text(st, 2, node_id);
    store_bind_int64(st, 3, now_us);
    return store_step(st) == STORE_ROW;
}

static int read_next_due(struct store_tx *tx, void *arg)
{
    *(int64_t *)arg = notify_next_due(tx);
    return 0;
}

struct peek {
    bool paused;
    int64_t next;
};

static int peek(struct store_tx *tx, void *arg)
{
    struct peek *p = arg;
    p->paused = notify_paused(tx);
    p->next = notify_next_due(tx);
    return 0;
}

static void send_claimed(struct notify_sender *s, struct claim_cmd *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct claimed *r = &c->rows[i];
        struct notify_order o = {r->varsel_id, r->notifikasjon_id, r->kanal, r->spec,
                                 r->virksomhetsnummer[0] ? r->virksomhetsnummer : NULL,
                                 nt_now_us(), r->shipment[0] ? r->shipment : NULL};
        notify_send(&s->cfg.endpoints, &o, &r->result);
        static const char *const names[] = {"sent", "retry", "failed", "pending"};
        char labels[96];
        snprintf(labels, sizeof labels, "kanal=\"%s\",outcome=\"%s\"", r->kanal,
                 names[r->result.outcome]);
        obs_counter_add("budstikke_notices_total", labels, 1);
        if (r->result.outcome == NOTIFY_RETRY || r->result.outcome == NOTIFY_FAILED)
            OBS_LOG(OBS_WARN, "notice not sent", "varsel", r->varsel_id, "kanal", r->kanal,
                    "code", r->result.code, "error", r->result.message);
    }
}

static int64_t run(void *userdata)
{
    struct notify_sender *s = userdata;
    struct peek pk;
    if (store_read(s->cfg.store, peek, &pk) != 0)
        return -1;
    if (pk.paused)
        return INT64_MAX; /* notify_set_paused kicks when the brake is released */
    if (pk.next > nt_now_us())
        return pk.next; /* nothing due: no write transaction */
    struct claim_cmd *c = nt_calloc(1, sizeof(*c));
    c->cfg = &s->cfg;
    int rc = store_write(s->cfg.store, claim_due, c);
    bool paused = c->paused;
    if (rc == 0 && c->n) {
        send_claimed(s, c);
        struct complete_cmd done = {&s->cfg, c->rows, c->n};
        rc = store_write(s->cfg.store, complete, &done);
    }
    release_claimed(c);
    free(c);
    int64_t next = INT64_MAX;
    if (rc != 0 || store_read(s->cfg.store, read_next_due, &next) != 0)
        return -1;
    return paused ? INT64_MAX : next;
}

struct notify_sender *notify_sender_start(const struct notify_sender_config *cfg)
{
    struct notify_sender *s = nt_calloc(1, sizeof(*s));
    s->cfg = *cfg;
    if (s->cfg.max_attempts < 1)
        s->cfg.max_attempts = 1;
    obs_metric_help("budstikke_notices_total", "counter", "External notice attempts by outcome.");
    timer_slot_start(&slot, cfg->store, "notices", run, s);
    return s;
}

void notify_sender_stop(struct notify_sender *s)
{
    if (!s)
        return;
    timer_slot_stop(&slot);
    free(s);
}
