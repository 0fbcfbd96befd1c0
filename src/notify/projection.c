#include "notify/projection.h"

#include "domain/oslo_time.h"
#include "domain/send_window.h"
#include "scheduler/fold.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static _Atomic int64_t earliest_put = INT64_MAX;

int64_t notify_take_earliest_put(void)
{
    return atomic_exchange(&earliest_put, INT64_MAX);
}

static void note_put(int64_t due)
{
    int64_t cur = atomic_load(&earliest_put);
    while (due < cur && !atomic_compare_exchange_weak(&earliest_put, &cur, due))
        ;
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The first moment the notice may go, counted from when it was ordered: a
 * fixed Oslo time (never before the order), or its send window. */
static int64_t first_due(json_t *spec, int64_t ordered_us)
{
    json_t *when = json_object_get(spec, "sendetidspunkt");
    const char *fixed = str(when, "tidspunkt");
    const char *window = when ? str(when, "sendevindu") : str(spec, "sendevindu");
    struct dom_local l;
    if (fixed && dom_parse_local_datetime(fixed, &l)) {
        int64_t at = dom_oslo_local_to_instant(&l);
        return at > ordered_us ? at : ordered_us;
    }
    enum dom_send_window w = DOM_WINDOW_LOEPENDE;
    dom_send_window_parse(window, &w);
    return dom_send_window_next(w, ordered_us);
}

static bool exec_done(struct store_stmt *st)
{
    return store_step(st) == STORE_DONE;
}

/* A queue row keeps what the sender already did with the notice: a replay
 * finds it and leaves it. */
static int enqueue(struct store_tx *tx, const char *varsel_id, int64_t due)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO notice_queue (varsel_id, due_at) VALUES (?, ?) "
            "ON CONFLICT (varsel_id) DO NOTHING");
    store_bind_text(st, 1, varsel_id);
    store_bind_int64(st, 2, due);
    if (!exec_done(st))
        return -1;
    note_put(due);
    return 0;
}

/* One notice, ordered at the event's time, on the queue from due. */
static int order(struct store_tx *tx, const struct evlog_event *e, const char *varsel_id,
                 const char *kanal, json_t *spec, const char *virksomhetsnummer, const char *origin,
                 int64_t due)
{
    char *spec_text = json_dumps(spec, JSON_COMPACT);
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO notice (varsel_id, notifikasjon_id, kanal, spec, virksomhetsnummer, state, "
            "created_at, origin) VALUES (?,?,?,?,?,'NY',?,?) ON CONFLICT (varsel_id) DO NOTHING");
    store_bind_text(st, 1, varsel_id);
    store_bind_text(st, 2, e->aggregate_id);
    store_bind_text(st, 3, kanal);
    store_bind_text(st, 4, spec_text ? spec_text : "{}");
    store_bind_text(st, 5, virksomhetsnummer);
    store_bind_int64(st, 6, e->created_at);
    store_bind_text(st, 7, origin);
    free(spec_text);
    return exec_done(st) ? enqueue(tx, varsel_id, due) : -1;
}

static int store_notices(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    json_t *list = json_object_get(p, "eksterneVarsler");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *v = json_array_get(list, i);
        json_t *spec = json_object_get(v, "spec");
        if (order(tx, e, str(v, "varselId"), str(v, "kanal"), spec, str(p, "virksomhetsnummer"),
                  "notifikasjon", first_due(spec, e->created_at)) != 0)
            return -1;
    }
    return 0;
}

/* A dialog on SMS or EPOST whose delivery was ordered (dialog.md 2.4.3):
 * the text as an SMS, or tittel and tekst as a plain e-mail, at once (no
 * send windows for dialogs). The dialog's id is the notice's. */
static int on_dialog_created(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    json_t *lev = json_object_get(p, "levering");
    const char *status = str(lev, "status"), *kanal = str(lev, "kanal"), *til = str(lev, "til");
    if (!status || strcmp(status, "BESTILT") != 0 || !kanal || !til)
        return 0;
    bool sms = strcmp(kanal, "SMS") == 0;
    json_t *spec = sms ? json_pack("{s:{s:{s:s}},s:s}", "mottaker", "kontaktinfo", "tlf", til,
                                   "smsTekst", str(p, "tekst") ? str(p, "tekst") : "")
                       : json_pack("{s:{s:{s:s}},s:s,s:s}", "mottaker", "kontaktinfo",
                                   "epostadresse", til, "epostTittel",
                                   str(p, "tittel") ? str(p, "tittel") : "", "epostTekst",
                                   str(p, "tekst") ? str(p, "tekst") : "");
    int rc = order(tx, e, e->aggregate_id, sms ? "sms" : "epost", spec, NULL, "dialog",
                   e->created_at);
    json_decref(spec);
    return rc;
}

/* New notices or AVLYST replace every unsent notice of the kalenderavtale
 * (16.6): the sender records each cancellation as soon as it can. */
static int on_avtale_updated(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    const char *tilstand = str(p, "tilstand");
    bool avlyst = tilstand && strcmp(tilstand, "AVLYST") == 0;
    if (avlyst || json_array_size(json_object_get(p, "eksterneVarsler")) > 0) {
        struct store_stmt *q = store_prepare(
            tx, "UPDATE notice_queue SET due_at = ? WHERE varsel_id IN (SELECT varsel_id FROM "
                "notice WHERE notifikasjon_id = ? AND state = 'NY')");
        store_bind_int64(q, 1, e->created_at);
        store_bind_text(q, 2, e->aggregate_id);
        struct store_stmt *st = store_prepare(
            tx, "UPDATE notice SET cancel_requested = 1 WHERE notifikasjon_id = ? AND state = 'NY'");
        store_bind_text(st, 1, e->aggregate_id);
        if (!exec_done(q) || !exec_done(st))
            return -1;
        note_put(e->created_at);
    }
    return store_notices(tx, e, p);
}

static int finish(struct store_tx *tx, const char *varsel_id, const char *state)
{
    struct store_stmt *st = store_prepare(tx, "UPDATE notice SET state = ? WHERE varsel_id = ?");
    store_bind_text(st, 1, state);
    store_bind_text(st, 2, varsel_id);
    struct store_stmt *q = store_prepare(tx, "DELETE FROM notice_queue WHERE varsel_id = ?");
    store_bind_text(q, 1, varsel_id);
    return exec_done(st) && exec_done(q) ? 0 : -1;
}

static int on_final(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    const char *state = strcmp(e->type, "EksterntVarselVellykket") == 0 ? "SENDT"
                        : strcmp(e->type, "EksterntVarselFeilet") == 0  ? "FEILET"
                                                                        : "KANSELLERT";
    return finish(tx, str(p, "varselId"), state);
}

static int on_dialog_delivered(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    (void)e;
    const char *status = str(p, "status");
    return status ? finish(tx, str(p, "dialogId"), status) : 0;
}

static const struct fold handlers[] = {
    {"BeskjedOpprettet", store_notices, true},
    {"OppgaveOpprettet", store_notices, true},
    {"KalenderavtaleOpprettet", store_notices, true},
    {"PaaminnelseOpprettet", store_notices, true},
    {"KalenderavtaleOppdatert", on_avtale_updated, true},
    {"EksterntVarselVellykket", on_final, true},
    {"EksterntVarselFeilet", on_final, true},
    {"EksterntVarselKansellert", on_final, true},
    {"DialogOpprettet", on_dialog_created, true},
    {"DialogLeveringOppdatert", on_dialog_delivered, true},
};

static int apply(struct store_tx *tx, const struct evlog_event *e)
{
    return fold_event(tx, e, handlers, sizeof handlers / sizeof handlers[0]);
}

/* The queue is the sender's and stays: the replayed events keep it in step. */
static int reset(struct store_tx *tx)
{
    return store_step(store_prepare(tx, "DELETE FROM notice")) == STORE_DONE ? 0 : -1;
}

const struct evlog_projection notify_projection = {"notify", reset, apply};
