/* The user read model: notification events, clicks, "last read" marks and
 * deletes (saker are in read_model_sak.c). Every handler is idempotent
 * (a creation is insert-if-absent, updates set values) and skips events
 * about aggregates it does not hold, so replays and late events are
 * harmless. A malformed payload is skipped, never an error: an error
 * would roll back the writer's command. */
#include "api/user/read_model.h"

#include "access/access.h"
#include "api/user/changes.h"
#include "api/user/read_model_internal.h"
#include "api/user/visibility.h"
#include "domain/oslo_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A notification's task bits as a task row of its sak (see
 * bruker_notifikasjon.oppgave_bits): its state, and the same state's
 * "with a fired reminder" bit. An appointment waiting for an answer counts
 * as an open task. */
#define TASK_STATE_BITS(state_bit)                                                               \
    state_bit " + CASE WHEN paaminnelse IS NOT NULL THEN 2 * " state_bit " ELSE 0 END"
#define TASK_BITS_OF_ROW                                                                         \
    "CASE WHEN (kind = 'OPPGAVE' AND tilstand = 'NY') OR (kind = 'KALENDERAVTALE' AND "          \
    "tilstand = 'VENTER_SVAR_FRA_ARBEIDSGIVER') THEN " TASK_STATE_BITS("1")                      \
    " WHEN kind = 'OPPGAVE' AND tilstand = 'UTFOERT' THEN " TASK_STATE_BITS("4")                 \
    " WHEN kind = 'OPPGAVE' AND tilstand = 'UTGAATT' THEN " TASK_STATE_BITS("16") " ELSE 0 END"

static int done(struct store_stmt *st)
{
    return store_step(st) == STORE_DONE ? 0 : -1;
}

const char *urm_str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

int64_t urm_instant(const char *text, int64_t fallback_us, char out[64])
{
    int64_t us = fallback_us;
    if (text)
        dom_parse_datetime(text, &us);
    dom_format_instant(us, out, 64);
    return us;
}

const char *urm_status_text(const char *status)
{
    if (status && strcmp(status, "UNDER_BEHANDLING") == 0)
        return "Under behandling";
    if (status && strcmp(status, "FERDIG") == 0)
        return "Ferdig";
    return "Mottatt";
}

/* The grants a row was given so far: a notification may name the same one
 * twice, and a plain insert costs PostgreSQL less than ON CONFLICT's
 * speculative one (the row's nr is new, so only its own list can repeat). */
struct added {
    char **pairs; /* "virksomhet\x1fnokkel", malloc'ed */
    size_t n;
};

/* True when the pair was not added before (and now is). */
static bool add_once(struct added *a, const char *virksomhet, const char *key)
{
    char *pair;
    if (asprintf(&pair, "%s\x1f%s", virksomhet, key) < 0)
        abort();
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->pairs[i], pair) == 0) {
            free(pair);
            return false;
        }
    }
    a->pairs = realloc(a->pairs, (a->n + 1) * sizeof(*a->pairs));
    if (!a->pairs)
        abort();
    a->pairs[a->n++] = pair;
    return true;
}

static int add_recipient(struct store_tx *tx, int64_t nr, json_t *m, const char *org,
                         struct added *added)
{
    char key[512];
    if (!access_recipient_key(urm_str(m, "kind"), urm_str(m, "a"), urm_str(m, "b"), key, sizeof key))
        return 0; /* a kind nobody can be granted */
    const char *v = urm_str(m, "virksomhetsnummer");
    if (!add_once(added, v ? v : org, key))
        return 0;
    struct store_stmt *st =
        store_prepare(tx, "INSERT INTO bruker_mottaker (nr, virksomhet, nokkel) VALUES (?, ?, ?)");
    store_bind_int64(st, 1, nr);
    store_bind_text(st, 2, v ? v : org);
    store_bind_text(st, 3, key);
    return done(st);
}

int urm_add_recipients(struct store_tx *tx, int64_t nr, json_t *p, const char *org)
{
    struct added added = {0};
    json_t *legacy = json_object_get(p, "mottaker");
    int rc = json_is_object(legacy) ? add_recipient(tx, nr, legacy, org, &added) : 0;
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(p, "mottakere"), i, m) {
        if (rc == 0)
            rc = add_recipient(tx, nr, m, org, &added);
    }
    for (size_t k = 0; k < added.n; k++)
        free(added.pairs[k]);
    free(added.pairs);
    return rc;
}

/* ---- Notifications ---- */

struct row {
    int64_t nr;
    int64_t sak_nr; /* 0: none */
    char kind[20];
};

/* 1 found, 0 not held, -1 a failed statement (the command must stop: on
 * PostgreSQL an earlier write of the command may have failed). */
static int find_notification(struct store_tx *tx, const char *id, struct row *out)
{
    if (!id)
        return 0;
    struct store_stmt *q =
        store_prepare(tx, "SELECT nr, sak_nr, kind FROM bruker_notifikasjon WHERE id = ?");
    store_bind_text(q, 1, id);
    enum store_step step = store_step(q);
    if (step != STORE_ROW)
        return step == STORE_DONE ? 0 : -1;
    out->nr = store_column_int64(q, 0);
    out->sak_nr = store_column_int64(q, 1);
    snprintf(out->kind, sizeof out->kind, "%s", store_column_text(q, 2));
    return 1;
}

/* The notification of an update event, when held and of the kind; *rc is
 * what the handler returns when it is not. */
static bool held(struct store_tx *tx, json_t *p, const char *kind, bool kind_wanted,
                 struct row *r, int *rc)
{
    int found = find_notification(tx, urm_str(p, "notifikasjonId"), r);
    *rc = found < 0 ? -1 : 0;
    return found > 0 && (!kind || (strcmp(r->kind, kind) == 0) == kind_wanted);
}

/* After any change to a notification row: its task bits and versjon, the
 * persons' copies, and its sak's task bits. */
static int notification_changed(struct store_tx *tx, const struct row *r, int64_t seq)
{
    struct store_stmt *st = store_prepare(
        tx, "UPDATE bruker_notifikasjon SET oppgave_bits = " TASK_BITS_OF_ROW
            ", versjon = ? WHERE nr = ?");
    store_bind_int64(st, 1, seq);
    store_bind_int64(st, 2, r->nr);
    if (done(st) != 0 || vis_notification_changed(tx, r->nr, seq) != 0)
        return -1;
    return r->sak_nr ? vis_sak_tasks_changed(tx, r->sak_nr) : 0;
}

/* What a creation needs to know, in one statement (on PostgreSQL one
 * round trip instead of three): 1 when the notification is held already or
 * its sak was deleted (it went with the sak), 0 with *sak_nr its sak's nr
 * (0: none), -1 a failed statement. */
static int creation_context(struct store_tx *tx, const char *id, const char *merkelapp,
                            const char *grupperingsid, int64_t *sak_nr)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT (SELECT 1 FROM bruker_notifikasjon WHERE id = ?), "
            "(SELECT 1 FROM tombstones WHERE kind = 'SAK' AND merkelapp = ? AND grupperingsid = ?), "
            "(SELECT nr FROM bruker_sak WHERE merkelapp = ? AND grupperingsid = ? ORDER BY nr "
            "LIMIT 1)");
    store_bind_text(q, 1, id);
    store_bind_text(q, 2, merkelapp);
    store_bind_text(q, 3, grupperingsid);
    store_bind_text(q, 4, merkelapp);
    store_bind_text(q, 5, grupperingsid);
    if (store_step(q) != STORE_ROW)
        return -1;
    if (store_column_text(q, 0) || store_column_text(q, 1))
        return 1;
    *sak_nr = store_column_int64(q, 2);
    return 0;
}

/* The kind-specific columns of a creation. */
struct created {
    const char *tilstand;
    const char *start, *slutt;
    char *lokasjon;  /* malloc'ed JSON */
    int digitalt;    /* -1: none */
    int64_t tidslinje_us;
};

static void created_fields(const char *kind, json_t *p, int64_t opprettet_us, struct created *c)
{
    memset(c, 0, sizeof(*c));
    c->digitalt = -1;
    c->tidslinje_us = opprettet_us;
    if (strcmp(kind, "OPPGAVE") == 0) {
        c->tilstand = urm_str(p, "tilstand") ? urm_str(p, "tilstand") : "NY";
        return;
    }
    if (strcmp(kind, "KALENDERAVTALE") != 0)
        return;
    c->tilstand = urm_str(p, "tilstand") ? urm_str(p, "tilstand") : "VENTER_SVAR_FRA_ARBEIDSGIVER";
    c->start = urm_str(p, "startTidspunkt");
    c->slutt = urm_str(p, "sluttTidspunkt");
    int64_t start;
    if (c->start && dom_parse_datetime(c->start, &start)) /* an instant, or Oslo wall-clock */
        c->tidslinje_us = start;
    json_t *lok = json_object_get(p, "lokasjon");
    if (json_is_object(lok))
        c->lokasjon = json_dumps(lok, JSON_COMPACT | JSON_SORT_KEYS);
    json_t *dig = json_object_get(p, "erDigitalt");
    if (json_is_boolean(dig))
        c->digitalt = json_is_true(dig);
}

static int insert_notification(struct store_tx *tx, const struct evlog_event *e, json_t *p,
                               const char *kind, int64_t sak_nr)
{
    char opprettet[64];
    int64_t us = urm_instant(urm_str(p, "opprettetTidspunkt"), e->created_at, opprettet);
    struct created c;
    created_fields(kind, p, us, &c);
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO bruker_notifikasjon (nr, id, kind, merkelapp, grupperingsid, sak_nr, "
            "virksomhetsnummer, tekst, lenke, opprettet, opprettet_us, sortering_us, "
            "tidslinje_us, tilstand, oppgave_bits, frist, start_tidspunkt, slutt_tidspunkt, lokasjon, "
            "digitalt, versjon) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?,?,?)");
    int i = 1;
    store_bind_int64(st, i++, e->seq);
    store_bind_text(st, i++, urm_str(p, "notifikasjonId"));
    store_bind_text(st, i++, kind);
    store_bind_text(st, i++, urm_str(p, "merkelapp"));
    store_bind_text(st, i++, urm_str(p, "grupperingsid"));
    if (sak_nr)
        store_bind_int64(st, i++, sak_nr);
    else
        store_bind_text(st, i++, NULL);
    store_bind_text(st, i++, urm_str(p, "virksomhetsnummer"));
    store_bind_text(st, i++, urm_str(p, "tekst") ? urm_str(p, "tekst") : "");
    store_bind_text(st, i++, urm_str(p, "lenke") ? urm_str(p, "lenke") : "");
    store_bind_text(st, i++, opprettet);
    store_bind_int64(st, i++, us);
    store_bind_int64(st, i++, us);
    store_bind_int64(st, i++, c.tidslinje_us);
    store_bind_text(st, i++, c.tilstand);
    store_bind_text(st, i++, urm_str(p, "frist"));
    store_bind_text(st, i++, c.start);
    store_bind_text(st, i++, c.slutt);
    store_bind_text(st, i++, c.lokasjon);
    if (c.digitalt >= 0)
        store_bind_int64(st, i++, c.digitalt);
    else
        store_bind_text(st, i++, NULL);
    store_bind_int64(st, i++, e->seq);
    free(c.lokasjon);
    return done(st);
}

static int apply_created(struct store_tx *tx, const struct evlog_event *e, json_t *p,
                         const char *kind)
{
    const char *id = urm_str(p, "notifikasjonId"), *merkelapp = urm_str(p, "merkelapp");
    const char *gid = urm_str(p, "grupperingsid"), *org = urm_str(p, "virksomhetsnummer");
    if (!id || !merkelapp || !org)
        return 0;
    struct row r = {.nr = e->seq};
    int found = creation_context(tx, id, merkelapp, gid, &r.sak_nr);
    if (found != 0) /* already held, or created under a sak that was deleted */
        return found < 0 ? -1 : 0;
    snprintf(r.kind, sizeof r.kind, "%s", kind);
    if (insert_notification(tx, e, p, kind, r.sak_nr) != 0 ||
        urm_add_recipients(tx, r.nr, p, org) != 0)
        return -1;
    /* a beskjed is no task row: its bits stay the 0 it was inserted with */
    if (strcmp(kind, "BESKJED") != 0) {
        struct store_stmt *st = store_prepare(
            tx, "UPDATE bruker_notifikasjon SET oppgave_bits = " TASK_BITS_OF_ROW " WHERE nr = ?");
        store_bind_int64(st, 1, r.nr);
        if (done(st) != 0)
            return -1;
    }
    if (vis_notification_added(tx, r.nr) != 0)
        return -1;
    if (!r.sak_nr)
        return 0;
    char ignored[64];
    int64_t created = urm_instant(urm_str(p, "opprettetTidspunkt"), e->created_at, ignored);
    if (vis_sak_touched(tx, r.sak_nr, created) != 0)
        return -1;
    return vis_sak_tasks_changed(tx, r.sak_nr);
}

/* OppgaveUtfoert / OppgaveUtgaatt: the state, its time, maybe a new link. */
static int apply_task_end(struct store_tx *tx, const struct evlog_event *e, json_t *p,
                          bool utfoert)
{
    struct row r;
    int rc;
    if (!held(tx, p, "OPPGAVE", true, &r, &rc))
        return rc;
    char when[64];
    urm_instant(urm_str(p, utfoert ? "utfoertTidspunkt" : "utgaattTidspunkt"), e->created_at, when);
    struct store_stmt *st = store_prepare(
        tx, utfoert ? "UPDATE bruker_notifikasjon SET tilstand = 'UTFOERT', utfoert = ?, "
                      "lenke = coalesce(?, lenke) WHERE nr = ?"
                    : "UPDATE bruker_notifikasjon SET tilstand = 'UTGAATT', utgaatt = ?, "
                      "lenke = coalesce(?, lenke) WHERE nr = ?");
    store_bind_text(st, 1, when);
    store_bind_text(st, 2, urm_str(p, "nyLenke"));
    store_bind_int64(st, 3, r.nr);
    return done(st) == 0 ? notification_changed(tx, &r, e->seq) : -1;
}

/* A new deadline reopens the task (unless done) and takes back its
 * reminder: it drops to its creation time in the bell. */
static int apply_frist_utsatt(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct row r;
    int rc;
    if (!held(tx, p, "OPPGAVE", true, &r, &rc))
        return rc;
    struct store_stmt *st = store_prepare(
        tx, "UPDATE bruker_notifikasjon SET tilstand = 'NY', frist = ?, utgaatt = NULL, "
            "paaminnelse = NULL, sortering_us = opprettet_us WHERE nr = ? AND tilstand <> "
            "'UTFOERT'");
    store_bind_text(st, 1, urm_str(p, "frist"));
    store_bind_int64(st, 2, r.nr);
    return done(st) == 0 ? notification_changed(tx, &r, e->seq) : -1;
}

/* The reminder's instant: "tidspunkt" as text, or the reminder object. */
static const char *reminder_text(json_t *p)
{
    json_t *t = json_object_get(p, "tidspunkt");
    if (json_is_string(t))
        return json_string_value(t);
    if (json_is_object(t))
        return urm_str(t, "paaminnelseTidspunkt");
    return urm_str(p, "paaminnelseTidspunkt");
}

/* A fired reminder: the item moves up to the reminder's time and is unread
 * (not clicked) again for everyone. */
static int apply_paaminnelse(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct row r;
    int rc;
    if (!held(tx, p, "BESKJED", false, &r, &rc))
        return rc;
    char when[64];
    int64_t us = urm_instant(reminder_text(p), e->created_at, when);
    struct store_stmt *st = store_prepare(
        tx, "UPDATE bruker_notifikasjon SET paaminnelse = ?, sortering_us = ? WHERE nr = ?");
    store_bind_text(st, 1, when);
    store_bind_int64(st, 2, us);
    store_bind_int64(st, 3, r.nr);
    if (done(st) != 0)
        return -1;
    static const char *const unclick[] = {"DELETE FROM bruker_klikk WHERE nr = ?",
                                          "UPDATE bruker_synlig SET klikket = 0 WHERE nr = ?"};
    for (int i = 0; i < 2; i++) {
        st = store_prepare(tx, unclick[i]);
        store_bind_int64(st, 1, r.nr);
        if (done(st) != 0)
            return -1;
    }
    if (notification_changed(tx, &r, e->seq) != 0)
        return -1;
    return r.sak_nr ? vis_sak_touched(tx, r.sak_nr, us) : 0;
}

/* Every field the update carries replaces the stored one. */
static int apply_kalender_oppdatert(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct row r;
    int rc;
    if (!held(tx, p, "KALENDERAVTALE", true, &r, &rc))
        return rc;
    struct created c;
    created_fields("KALENDERAVTALE", p, 0, &c);
    struct store_stmt *st = store_prepare(
        tx, "UPDATE bruker_notifikasjon SET tilstand = coalesce(?, tilstand), lenke = "
            "coalesce(?, lenke), tekst = coalesce(?, tekst), start_tidspunkt = coalesce(?, "
            "start_tidspunkt), slutt_tidspunkt = coalesce(?, slutt_tidspunkt), lokasjon = coalesce(?, "
            "lokasjon), digitalt = coalesce(?, digitalt), tidslinje_us = coalesce(?, "
            "tidslinje_us) WHERE nr = ?");
    store_bind_text(st, 1, urm_str(p, "tilstand"));
    store_bind_text(st, 2, urm_str(p, "lenke"));
    store_bind_text(st, 3, urm_str(p, "tekst"));
    store_bind_text(st, 4, c.start);
    store_bind_text(st, 5, c.slutt);
    store_bind_text(st, 6, c.lokasjon);
    if (c.digitalt >= 0)
        store_bind_int64(st, 7, c.digitalt);
    else
        store_bind_text(st, 7, NULL);
    if (c.start && c.tidslinje_us)
        store_bind_int64(st, 8, c.tidslinje_us);
    else
        store_bind_text(st, 8, NULL);
    store_bind_int64(st, 9, r.nr);
    free(c.lokasjon);
    return done(st) == 0 ? notification_changed(tx, &r, e->seq) : -1;
}

static int apply_klikket(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct row r;
    const char *fnr = urm_str(p, "fnr");
    int rc = 0;
    if (!fnr || !held(tx, p, NULL, true, &r, &rc))
        return rc;
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO bruker_klikk (fnr, nr) VALUES (?, ?) ON CONFLICT (fnr, nr) DO NOTHING");
    store_bind_text(st, 1, fnr);
    store_bind_int64(st, 2, r.nr);
    if (done(st) != 0)
        return -1;
    st = store_prepare(
        tx, "UPDATE bruker_synlig SET klikket = 1, versjon = ? WHERE fnr = ? AND nr = ?");
    store_bind_int64(st, 1, e->seq);
    store_bind_text(st, 2, fnr);
    store_bind_int64(st, 3, r.nr);
    if (done(st) != 0)
        return -1;
    user_changes_touch(fnr);
    return 0;
}

/* "Last read" only moves forward: a device with an older view cannot make
 * old items unread again. */
static int apply_sist_lest(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    const char *fnr = urm_str(p, "fnr");
    if (!fnr || !urm_str(p, "tidspunkt"))
        return 0;
    char when[64];
    int64_t us = urm_instant(urm_str(p, "tidspunkt"), e->created_at, when);
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO bruker_sist_lest (fnr, tidspunkt, tidspunkt_us) VALUES (?, ?, ?) "
            "ON CONFLICT (fnr) DO UPDATE SET tidspunkt = excluded.tidspunkt, tidspunkt_us = "
            "excluded.tidspunkt_us WHERE excluded.tidspunkt_us > bruker_sist_lest.tidspunkt_us");
    store_bind_text(st, 1, fnr);
    store_bind_text(st, 2, when);
    store_bind_int64(st, 3, us);
    if (done(st) != 0)
        return -1;
    user_changes_touch(fnr);
    return 0;
}

static int apply_hard_delete(struct store_tx *tx, const struct evlog_event *e)
{
    struct row r;
    int found = find_notification(tx, e->aggregate_id, &r);
    if (found < 0)
        return -1;
    if (!found)
        return urm_sak_hard_delete(tx, e->aggregate_id);
    if (vis_notification_deleted(tx, r.nr, e->aggregate_id) != 0)
        return -1;
    static const char *const sql[] = {"DELETE FROM bruker_mottaker WHERE nr = ?",
                                      "DELETE FROM bruker_klikk WHERE nr = ?",
                                      "DELETE FROM bruker_notifikasjon WHERE nr = ?"};
    for (int i = 0; i < 3; i++) {
        struct store_stmt *st = store_prepare(tx, sql[i]);
        store_bind_int64(st, 1, r.nr);
        if (done(st) != 0)
            return -1;
    }
    return r.sak_nr ? vis_sak_tasks_changed(tx, r.sak_nr) : 0;
}

/* ---- Dialogs ---- */

/* A dialog event reaches the person's live bell (the dialog module keeps
 * the dialogs; this model keeps nothing of them). */
static int on_dialog(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    (void)e;
    if (!user_changes_anyone_watching())
        return 0;
    const char *ident = urm_str(p, "innbygger");
    if (ident) {
        user_changes_dialog(ident);
        return 0;
    }
    struct store_stmt *q = store_prepare(tx, "SELECT innbygger FROM dialog WHERE id = ?");
    store_bind_text(q, 1, urm_str(p, "dialogId"));
    enum store_step step = store_step(q);
    if (step == STORE_ROW)
        user_changes_dialog(store_column_text(q, 0));
    return step == STORE_ERROR ? -1 : 0;
}

/* ---- The projection ---- */

static int reset(struct store_tx *tx)
{
    /* bruker_tilgang, bruker_tilgang_sett and bruker_naermeste_leder are
     * inputs, not projections: they stay, and the visibility is rebuilt
     * from them as the events are folded in again */
    static const char *const tables[] = {
        "bruker_notifikasjon", "bruker_sak",   "bruker_sak_status",     "bruker_mottaker",
        "bruker_synlig",       "bruker_synlig_sak", "bruker_klikk",     "bruker_sist_lest",
    };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "DELETE FROM %s", tables[i]);
        if (done(store_prepare(tx, sql)) != 0)
            return -1;
    }
    return 0;
}

typedef int handler_fn(struct store_tx *tx, const struct evlog_event *e, json_t *p);

static int on_beskjed(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    return apply_created(tx, e, p, "BESKJED");
}

static int on_oppgave(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    return apply_created(tx, e, p, "OPPGAVE");
}

static int on_kalenderavtale(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    return apply_created(tx, e, p, "KALENDERAVTALE");
}

static int on_utfoert(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    return apply_task_end(tx, e, p, true);
}

static int on_utgaatt(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    return apply_task_end(tx, e, p, false);
}

static const struct {
    const char *type;
    handler_fn *fn;
} handlers[] = {
    {"BeskjedOpprettet", on_beskjed},
    {"OppgaveOpprettet", on_oppgave},
    {"KalenderavtaleOpprettet", on_kalenderavtale},
    {"KalenderavtaleOppdatert", apply_kalender_oppdatert},
    {"OppgaveUtfoert", on_utfoert},
    {"OppgaveUtgaatt", on_utgaatt},
    {"FristUtsatt", apply_frist_utsatt},
    {"PaaminnelseOpprettet", apply_paaminnelse},
    {"SakOpprettet", urm_sak_opprettet},
    {"NyStatusSak", urm_ny_status_sak},
    {"NesteStegSak", urm_neste_steg_sak},
    {"TilleggsinformasjonSak", urm_tilleggsinformasjon_sak},
    {USER_EVENT_KLIKKET, apply_klikket},
    {USER_EVENT_SIST_LEST, apply_sist_lest},
    {"DialogOpprettet", on_dialog},
    {"SvarLagtTil", on_dialog},
    {"DialogMarkert", on_dialog},
    {"DialogArkivert", on_dialog},
    {"DialogStatusEndret", on_dialog},
    {"SvarStatusEndret", on_dialog},
};

static bool is_dialog_event(const char *type)
{
    return strncmp(type, "Dialog", 6) == 0 || strncmp(type, "Svar", 4) == 0;
}

static int apply(struct store_tx *tx, const struct evlog_event *e)
{
    if (is_dialog_event(e->type) && !user_changes_anyone_watching())
        return 0; /* nothing to tell, nothing kept */
    if (strcmp(e->type, "HardDelete") == 0 || strcmp(e->type, "SoftDelete") == 0)
        return apply_hard_delete(tx, e);
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
        if (strcmp(e->type, handlers[i].type) != 0)
            continue;
        json_t *p = evlog_payload(e); /* the writer's decoded value when it has one */
        int rc = json_is_object(p) ? handlers[i].fn(tx, e, p) : 0;
        json_decref(p);
        return rc;
    }
    return 0; /* not an event this model folds */
}

const struct evlog_projection user_read_model = {"user", reset, apply};
