#include "scheduler/projection.h"

#include "domain/oslo_time.h"
#include "domain/schedule_time.h"
#include "obs/log.h"
#include "scheduler/aggregates.h"
#include "scheduler/fold.h"
#include "scheduler/jobs.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static bool present(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return v && !json_is_null(v);
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* ---- Hard delete (15.2, 15.3) ---- */

/* The instant the writer computed for a hardDelete value (docs/events.md:
 * consumers never recompute it, the base time of `om` is a write-time fact). */
static bool delete_instant(json_t *hard_delete, int64_t *out)
{
    const char *t = str(hard_delete, "tidspunkt");
    return t && dom_parse_datetime(t, out);
}

static int schedule_delete_on_create(struct store_tx *tx, const char *id, json_t *p)
{
    int64_t at;
    if (!delete_instant(json_object_get(p, "hardDelete"), &at))
        return 0;
    return sched_job_put(tx, SCHED_HARD_DELETE, id, at, NULL);
}

/* FORLENG keeps whichever is later; OVERSKRIV always takes the new time. */
static int schedule_delete_on_update(struct store_tx *tx, const char *id, json_t *p)
{
    json_t *hd = json_object_get(p, "hardDelete");
    int64_t at, old;
    if (!delete_instant(hd, &at))
        return 0;
    bool forleng = strcmp(str(hd, "strategi") ? str(hd, "strategi") : "", "FORLENG") == 0;
    if (forleng && sched_job_due(tx, SCHED_HARD_DELETE, id, &old) && at < old)
        return 0;
    return sched_job_put(tx, SCHED_HARD_DELETE, id, at, NULL);
}

/* ---- Påminnelse (13) ---- */

/* Books the reminder order of a creating or changing event; a påminnelse
 * without a computed instant books nothing. */
static int book_reminder(struct store_tx *tx, const char *id, json_t *paaminnelse,
                         const char *frist_opprettet, const char *frist, int64_t seq)
{
    int64_t at;
    if (!json_is_object(paaminnelse))
        return 0;
    const char *when = str(paaminnelse, "paaminnelseTidspunkt");
    if (!when || !dom_parse_datetime(when, &at)) {
        OBS_LOG(OBS_WARN, "paaminnelse without paaminnelseTidspunkt", "notifikasjon", id);
        return 0;
    }
    json_t *notices = json_object_get(paaminnelse, "eksterneVarsler");
    notices = json_is_array(notices) ? json_incref(notices) : json_array();
    /* the members PaaminnelseOpprettet will carry (fire.c copies them) */
    json_t *order = json_pack("{s:I,s:s?,s:s?,s:s,s:O*,s:o}", "bestillingSeq", (json_int_t)seq,
                              "fristOpprettetTidspunkt", frist_opprettet, "frist", frist,
                              "tidspunkt", when, "paaminnelse",
                              json_object_get(paaminnelse, "tidspunkt"), "eksterneVarsler",
                              notices);
    char *text = json_dumps(order, JSON_COMPACT);
    json_decref(order);
    int rc = sched_job_put(tx, SCHED_REMIND, id, at, text);
    free(text);
    return rc;
}

/* ---- Expiry (12) and AVHOLDT (14) ---- */

static int schedule_expiry(struct store_tx *tx, const char *id, const char *frist)
{
    int64_t due, end;
    if (!dom_frist_expiry(frist, &due, &end))
        return sched_job_drop(tx, SCHED_EXPIRE, id);
    return sched_job_put(tx, SCHED_EXPIRE, id, due, NULL);
}

static bool is_final_avtale_state(const char *tilstand)
{
    return tilstand && (strcmp(tilstand, "AVLYST") == 0 || strcmp(tilstand, "AVHOLDT") == 0);
}

/* The start as an instant: Oslo local text, or a time with an offset. */
static bool start_instant(const char *text, int64_t *out)
{
    struct dom_local l;
    if (dom_parse_local_datetime(text, &l)) {
        *out = dom_oslo_local_to_instant(&l);
        return true;
    }
    return dom_parse_datetime(text, out);
}

/* AVHOLDT once the start is strictly before now. */
static int schedule_avholdt(struct store_tx *tx, const struct sched_aggregate *a)
{
    int64_t start;
    if (is_final_avtale_state(a->tilstand) || !start_instant(a->start_tidspunkt, &start))
        return sched_job_drop(tx, SCHED_AVHOLDT, a->id);
    return sched_job_put(tx, SCHED_AVHOLDT, a->id, start + 1, NULL);
}

/* ---- Events ---- */

static int on_created(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct sched_aggregate a = {0};
    copy(a.id, sizeof a.id, e->aggregate_id);
    copy(a.kind, sizeof a.kind,
         strcmp(e->type, "BeskjedOpprettet") == 0   ? "BESKJED"
         : strcmp(e->type, "OppgaveOpprettet") == 0 ? "OPPGAVE"
                                                    : "KALENDERAVTALE");
    copy(a.merkelapp, sizeof a.merkelapp, str(p, "merkelapp"));
    copy(a.grupperingsid, sizeof a.grupperingsid, str(p, "grupperingsid"));
    copy(a.virksomhetsnummer, sizeof a.virksomhetsnummer, str(p, "virksomhetsnummer"));
    copy(a.produsent, sizeof a.produsent, str(p, "produsentId") ? str(p, "produsentId") : e->producer);
    copy(a.tilstand, sizeof a.tilstand, str(p, "tilstand"));
    copy(a.frist, sizeof a.frist, str(p, "frist"));
    copy(a.opprettet, sizeof a.opprettet, str(p, "opprettetTidspunkt"));
    copy(a.start_tidspunkt, sizeof a.start_tidspunkt, str(p, "startTidspunkt"));
    /* a beskjed has no later event that reads its row: only its hard
     * delete job, when it has one, needs it (fire.c joins it) */
    int64_t at;
    bool needs_row = strcmp(a.kind, "BESKJED") != 0 ||
                     delete_instant(json_object_get(p, "hardDelete"), &at);
    if ((needs_row && sched_aggregate_put(tx, &a) != 0) || schedule_delete_on_create(tx, a.id, p) != 0)
        return -1;
    if (strcmp(a.kind, "OPPGAVE") == 0 && a.frist[0] && schedule_expiry(tx, a.id, a.frist) != 0)
        return -1;
    if (strcmp(a.kind, "KALENDERAVTALE") == 0 && schedule_avholdt(tx, &a) != 0)
        return -1;
    return book_reminder(tx, a.id, json_object_get(p, "paaminnelse"), a.opprettet, str(p, "frist"),
                         e->seq);
}

static int on_sak(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    if (strcmp(e->type, "SakOpprettet") == 0) {
        struct sched_aggregate a = {0};
        copy(a.id, sizeof a.id, e->aggregate_id);
        copy(a.kind, sizeof a.kind, "SAK");
        copy(a.merkelapp, sizeof a.merkelapp, str(p, "merkelapp"));
        copy(a.grupperingsid, sizeof a.grupperingsid, str(p, "grupperingsid"));
        copy(a.virksomhetsnummer, sizeof a.virksomhetsnummer, str(p, "virksomhetsnummer"));
        copy(a.produsent, sizeof a.produsent, str(p, "produsentId") ? str(p, "produsentId") : e->producer);
        return sched_aggregate_put(tx, &a) == 0 ? schedule_delete_on_create(tx, a.id, p) : -1;
    }
    return schedule_delete_on_update(tx, e->aggregate_id, p); /* NyStatusSak */
}

static int set_tilstand(struct store_tx *tx, struct sched_aggregate *a, const char *tilstand)
{
    copy(a->tilstand, sizeof a->tilstand, tilstand);
    return sched_aggregate_put(tx, a);
}

static int on_utfoert(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct sched_aggregate a;
    if (!sched_aggregate_get(tx, e->aggregate_id, &a))
        return 0;
    if (set_tilstand(tx, &a, "UTFOERT") != 0 || sched_job_drop(tx, SCHED_EXPIRE, a.id) != 0 ||
        sched_job_drop(tx, SCHED_REMIND, a.id) != 0)
        return -1;
    return schedule_delete_on_update(tx, a.id, p);
}

/* Unlike the reference, any utgått (manual or automatic) ends the automatic
 * expiry: an UTGAATT oppgave never expires a second time. */
static int on_utgaatt(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct sched_aggregate a;
    if (!sched_aggregate_get(tx, e->aggregate_id, &a))
        return 0;
    if (set_tilstand(tx, &a, "UTGAATT") != 0 || sched_job_drop(tx, SCHED_EXPIRE, a.id) != 0 ||
        sched_job_drop(tx, SCHED_REMIND, a.id) != 0)
        return -1;
    return schedule_delete_on_update(tx, a.id, p);
}

/* A new frist reopens the oppgave and replaces its reminder; an UTFOERT
 * oppgave stays done (the reference would expire it later, spec 9.10). */
static int on_frist_utsatt(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct sched_aggregate a;
    if (!sched_aggregate_get(tx, e->aggregate_id, &a) || strcmp(a.tilstand, "UTFOERT") == 0)
        return 0;
    copy(a.frist, sizeof a.frist, str(p, "frist"));
    if (set_tilstand(tx, &a, "NY") != 0 || schedule_expiry(tx, a.id, a.frist) != 0 ||
        sched_job_drop(tx, SCHED_REMIND, a.id) != 0)
        return -1;
    return book_reminder(tx, a.id, json_object_get(p, "paaminnelse"), str(p, "fristEndretTidspunkt"),
                         a.frist, e->seq);
}

static int on_paaminnelse_endret(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct sched_aggregate a;
    if (!sched_aggregate_get(tx, e->aggregate_id, &a))
        return 0;
    if (sched_job_drop(tx, SCHED_REMIND, a.id) != 0)
        return -1;
    if (strcmp(a.tilstand, "UTFOERT") == 0)
        return 0;
    return book_reminder(tx, a.id, json_object_get(p, "paaminnelse"), a.opprettet,
                         a.frist[0] ? a.frist : NULL, e->seq);
}

static int on_avtale_updated(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct sched_aggregate a;
    if (!sched_aggregate_get(tx, e->aggregate_id, &a))
        return 0;
    const char *tilstand = str(p, "tilstand");
    bool avlyses = tilstand && strcmp(tilstand, "AVLYST") == 0;
    bool moved = present(p, "startTidspunkt");
    if (tilstand)
        copy(a.tilstand, sizeof a.tilstand, tilstand);
    if (moved)
        copy(a.start_tidspunkt, sizeof a.start_tidspunkt, str(p, "startTidspunkt"));
    a.avlyst = a.avlyst || avlyses; /* permanently: reminders never come back */
    if (sched_aggregate_put(tx, &a) != 0)
        return -1;
    if ((tilstand || moved) && schedule_avholdt(tx, &a) != 0)
        return -1;
    bool new_reminder = present(p, "paaminnelse");
    if ((avlyses || moved || new_reminder) && sched_job_drop(tx, SCHED_REMIND, a.id) != 0)
        return -1;
    if (new_reminder && !a.avlyst &&
        book_reminder(tx, a.id, json_object_get(p, "paaminnelse"), a.opprettet, NULL, e->seq) != 0)
        return -1;
    return schedule_delete_on_update(tx, a.id, p);
}

/* A fired reminder (live or replayed) closes its order. */
static int on_paaminnelse_opprettet(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    (void)p;
    return sched_job_drop(tx, SCHED_REMIND, e->aggregate_id);
}

/* A job that failed (fire.c): to its next try, or dropped when given up. */
static int on_job_failed(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    (void)e;
    const char *kind = str(p, "kind"), *id = str(p, "aggregateId");
    if (!kind || !id)
        return 0;
    if (json_is_true(json_object_get(p, "oppgitt")))
        return sched_job_drop(tx, kind, id);
    struct store_stmt *st = store_prepare(
        tx, "UPDATE sched_job SET due_at = ?, attempts = ? WHERE kind = ? AND aggregate_id = ? "
            "AND due_at = ?");
    store_bind_int64(st, 1, json_integer_value(json_object_get(p, "nesteForsok")));
    store_bind_int64(st, 2, json_integer_value(json_object_get(p, "forsok")));
    store_bind_text(st, 3, kind);
    store_bind_text(st, 4, id);
    store_bind_int64(st, 5, json_integer_value(json_object_get(p, "forfall")));
    return store_step(st) == STORE_DONE ? 0 : -1;
}

/* A sak's notifications get HardDelete events of their own (hard_delete.h). */
static int on_hard_delete(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    (void)p;
    return sched_job_drop(tx, NULL, e->aggregate_id) == 0 ? sched_aggregate_drop(tx, e->aggregate_id)
                                                          : -1;
}

static const struct fold handlers[] = {
    {"BeskjedOpprettet", on_created, true},
    {"OppgaveOpprettet", on_created, true},
    {"KalenderavtaleOpprettet", on_created, true},
    {"SakOpprettet", on_sak, true},
    {"NyStatusSak", on_sak, true},
    {"OppgaveUtfoert", on_utfoert, true},
    {"OppgaveUtgaatt", on_utgaatt, true},
    {"FristUtsatt", on_frist_utsatt, true},
    {"OppgavePaaminnelseEndret", on_paaminnelse_endret, true},
    {"KalenderavtaleOppdatert", on_avtale_updated, true},
    {"PaaminnelseOpprettet", on_paaminnelse_opprettet, false},
    {"PlanlagtJobbFeilet", on_job_failed, true},
    {"HardDelete", on_hard_delete, false},
    {"SoftDelete", on_hard_delete, false},
};

static int apply(struct store_tx *tx, const struct evlog_event *e)
{
    return fold_event(tx, e, handlers, sizeof handlers / sizeof handlers[0]);
}

static int reset(struct store_tx *tx)
{
    return store_step(store_prepare(tx, "DELETE FROM sched_job")) == STORE_DONE &&
                   store_step(store_prepare(tx, "DELETE FROM sched_aggregate")) == STORE_DONE
               ? 0
               : -1;
}

const struct evlog_projection sched_projection = {"scheduler", reset, apply};
