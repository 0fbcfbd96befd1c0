/* The user read model's saker: creation (which links the notifications
 * already there by merkelapp and grupperingsid), statuses, next step,
 * extra information, the search text, and deletes. */
#include "api/user/read_model_internal.h"
#include "api/user/visibility.h"
#include "base/buf.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int done(struct store_stmt *st)
{
    return store_step(st) == STORE_DONE ? 0 : -1;
}

/* The sak's nr; 0 when not held, -1 after a failed statement (see
 * find_notification in read_model.c). */
static int64_t find_sak(struct store_tx *tx, const char *id)
{
    if (!id)
        return 0;
    struct store_stmt *q = store_prepare(tx, "SELECT nr FROM bruker_sak WHERE id = ?");
    store_bind_text(q, 1, id);
    enum store_step step = store_step(q);
    return step == STORE_ROW ? store_column_int64(q, 0) : step == STORE_DONE ? 0 : -1;
}

/* What tekstsoek searches, lower case: title, merkelapp, extra information
 * and, for every status the sak has had, its display text and its
 * override text (user-api.md 4.2.1; unlike the reference, a status without
 * an override counts too). */
static int update_search_text(struct store_tx *tx, int64_t nr)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT tittel, merkelapp, tilleggsinformasjon FROM bruker_sak WHERE nr = ?");
    store_bind_int64(q, 1, nr);
    if (store_step(q) != STORE_ROW)
        return 0;
    struct nt_buf b;
    nt_buf_init(&b, 0);
    const char *extra = store_column_text(q, 2);
    nt_buf_printf(&b, "%s %s %s", store_column_text(q, 0), store_column_text(q, 1),
                  extra ? extra : "");
    q = store_prepare(tx, "SELECT status, overstyrt_tekst FROM bruker_sak_status WHERE "
                          "sak_nr = ? ORDER BY mottatt_us, seq");
    store_bind_int64(q, 1, nr);
    while (store_step(q) == STORE_ROW) {
        const char *own = store_column_text(q, 1);
        nt_buf_printf(&b, " %s %s", urm_status_text(store_column_text(q, 0)), own ? own : "");
    }
    gchar *lower = g_utf8_strdown(nt_buf_str(&b), -1);
    nt_buf_free(&b);
    struct store_stmt *st = store_prepare(tx, "UPDATE bruker_sak SET soketekst = ? WHERE nr = ?");
    store_bind_text(st, 1, lower);
    store_bind_int64(st, 2, nr);
    g_free(lower);
    return done(st);
}

/* Notifications created before their sak belong to it too; the sak's
 * last-changed time covers them (whatever order the events came in). */
static int link_notifications(struct store_tx *tx, int64_t nr, const char *merkelapp,
                              const char *grupperingsid)
{
    struct store_stmt *st = store_prepare(
        tx, "UPDATE bruker_notifikasjon SET sak_nr = ? WHERE merkelapp = ? AND grupperingsid = ? "
            "AND sak_nr IS NULL");
    store_bind_int64(st, 1, nr);
    store_bind_text(st, 2, merkelapp);
    store_bind_text(st, 3, grupperingsid);
    if (done(st) != 0)
        return -1;
    struct store_stmt *q = store_prepare(
        tx, "SELECT max(sortering_us) FROM bruker_notifikasjon WHERE sak_nr = ?");
    store_bind_int64(q, 1, nr);
    int64_t latest = store_step(q) == STORE_ROW ? store_column_int64(q, 0) : 0;
    return latest ? vis_sak_touched(tx, nr, latest) : 0;
}

int urm_sak_opprettet(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    const char *id = urm_str(p, "sakId"), *merkelapp = urm_str(p, "merkelapp"),
               *gid = urm_str(p, "grupperingsid"), *org = urm_str(p, "virksomhetsnummer");
    int64_t found = id && merkelapp && gid && org ? find_sak(tx, id) : 1;
    if (found != 0)
        return found < 0 ? -1 : 0;
    char opprettet[64];
    const char *given = urm_str(p, "oppgittTidspunkt");
    int64_t us = urm_instant(given ? given : urm_str(p, "mottattTidspunkt"), e->created_at, opprettet);
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO bruker_sak (nr, id, merkelapp, grupperingsid, virksomhetsnummer, tittel, "
            "lenke, neste_steg, tilleggsinformasjon, opprettet, sist_endret_us, soketekst) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,'')");
    store_bind_int64(st, 1, e->seq);
    store_bind_text(st, 2, id);
    store_bind_text(st, 3, merkelapp);
    store_bind_text(st, 4, gid);
    store_bind_text(st, 5, org);
    store_bind_text(st, 6, urm_str(p, "tittel") ? urm_str(p, "tittel") : "");
    store_bind_text(st, 7, urm_str(p, "lenke"));
    store_bind_text(st, 8, urm_str(p, "nesteSteg"));
    store_bind_text(st, 9, urm_str(p, "tilleggsinformasjon"));
    store_bind_text(st, 10, opprettet);
    store_bind_int64(st, 11, us);
    if (done(st) != 0 || urm_add_recipients(tx, e->seq, p, org) != 0 ||
        link_notifications(tx, e->seq, merkelapp, gid) != 0 ||
        update_search_text(tx, e->seq) != 0 || vis_sak_added(tx, e->seq) != 0)
        return -1;
    return vis_sak_metadata_changed(tx, e->seq, e->seq);
}

int urm_ny_status_sak(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    int64_t nr = find_sak(tx, urm_str(p, "sakId"));
    if (nr <= 0)
        return (int)nr;
    char mottatt[64], tidspunkt[64], fallback_id[32];
    int64_t mottatt_us = urm_instant(urm_str(p, "mottattTidspunkt"), e->created_at, mottatt);
    const char *given = urm_str(p, "oppgittTidspunkt");
    int64_t at = urm_instant(given ? given : mottatt, mottatt_us, tidspunkt);
    const char *status_id = urm_str(p, "statusId");
    snprintf(fallback_id, sizeof fallback_id, "seq-%lld", (long long)e->seq);
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO bruker_sak_status (id, sak_nr, status, overstyrt_tekst, tidspunkt, "
            "mottatt_us, seq) VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING");
    store_bind_text(st, 1, status_id ? status_id : fallback_id);
    store_bind_int64(st, 2, nr);
    store_bind_text(st, 3, urm_str(p, "status") ? urm_str(p, "status") : "MOTTATT");
    store_bind_text(st, 4, urm_str(p, "overstyrStatustekstMed"));
    store_bind_text(st, 5, tidspunkt);
    store_bind_int64(st, 6, mottatt_us);
    store_bind_int64(st, 7, e->seq);
    if (done(st) != 0 || vis_sak_touched(tx, nr, at) != 0)
        return -1;
    if (urm_str(p, "nyLenkeTilSak")) {
        st = store_prepare(tx, "UPDATE bruker_sak SET lenke = ? WHERE nr = ?");
        store_bind_text(st, 1, urm_str(p, "nyLenkeTilSak"));
        store_bind_int64(st, 2, nr);
        if (done(st) != 0)
            return -1;
    }
    return update_search_text(tx, nr);
}

/* NesteStegSak and TilleggsinformasjonSak: a value, or null to clear. */
static int set_text(struct store_tx *tx, json_t *p, const char *sql, const char *key,
                    int64_t *out_nr)
{
    *out_nr = find_sak(tx, urm_str(p, "sakId"));
    if (*out_nr <= 0)
        return (int)*out_nr;
    struct store_stmt *st = store_prepare(tx, sql);
    store_bind_text(st, 1, urm_str(p, key));
    store_bind_int64(st, 2, *out_nr);
    return done(st);
}

int urm_neste_steg_sak(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    (void)e;
    int64_t nr;
    return set_text(tx, p, "UPDATE bruker_sak SET neste_steg = ? WHERE nr = ?", "nesteSteg", &nr);
}

int urm_tilleggsinformasjon_sak(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    int64_t nr = 0;
    if (set_text(tx, p, "UPDATE bruker_sak SET tilleggsinformasjon = ? WHERE nr = ?",
                 "tilleggsinformasjon", &nr) != 0)
        return -1;
    if (nr <= 0)
        return (int)nr;
    return update_search_text(tx, nr) == 0 ? vis_sak_metadata_changed(tx, nr, e->seq) : -1;
}

/* Its notifications had HardDelete events of their own before this one
 * (src/api/producer/hard_delete.h). */
int urm_sak_hard_delete(struct store_tx *tx, const char *id)
{
    int64_t nr = find_sak(tx, id);
    if (nr <= 0)
        return (int)nr;
    if (vis_sak_deleted(tx, nr) != 0)
        return -1;
    static const char *const sql[] = {
        "DELETE FROM bruker_mottaker WHERE nr = ?",
        "DELETE FROM bruker_sak_status WHERE sak_nr = ?",
        "UPDATE bruker_notifikasjon SET sak_nr = NULL WHERE sak_nr = ?",
        "DELETE FROM bruker_sak WHERE nr = ?",
    };
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        struct store_stmt *st = store_prepare(tx, sql[i]);
        store_bind_int64(st, 1, nr);
        if (done(st) != 0)
            return -1;
    }
    return 0;
}
