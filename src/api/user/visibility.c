#include "api/user/visibility.h"

#include "api/user/changes.h"
#include "base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The task bits of a person's sak row (bruker_synlig_sak.oppgaver): the OR
 * of oppgave_bits over the task rows of the sak the person sees, and
 * shifted by USER_TASK_NL_SHIFT the same over those seen through a
 * relation (what is left when the Altinn lookup failed). Written with max
 * per bit because SQL has no portable OR aggregate; CROSS JOIN keeps SQLite
 * from walking all of the person's rows instead of the sak's few tasks. */
#define NL_BITS "(CASE WHEN v.refs_nl > 0 THEN t.oppgave_bits ELSE 0 END)"
#define ANY_BIT(b) "max(t.oppgave_bits & " b ") + "
#define NL_BIT(b) "max(" NL_BITS " & " b ") + "
#define TASK_BITS_SQL                                                                            \
    "coalesce((SELECT " ANY_BIT("1") ANY_BIT("2") ANY_BIT("4") ANY_BIT("8") ANY_BIT("16")        \
    ANY_BIT("32") "256 * (" NL_BIT("1") NL_BIT("2") NL_BIT("4") NL_BIT("8") NL_BIT("16")         \
    NL_BIT("32") "0) FROM bruker_notifikasjon t CROSS JOIN bruker_synlig v WHERE "              \
    "t.sak_nr = bruker_synlig_sak.nr AND t.oppgave_bits <> 0 AND "                               \
    "v.fnr = bruker_synlig_sak.fnr AND v.nr = t.nr), 0)"

static int done(struct store_stmt *st)
{
    return store_step(st) == STORE_DONE ? 0 : -1;
}

/* Binds texts to the placeholders from first on. */
static void bind_texts(struct store_stmt *st, int first, const char *const *values, int n)
{
    for (int i = 0; i < n; i++)
        store_bind_text(st, first + i, values[i]);
}

typedef void fnr_fn(const char *fnr, const char *id);

static void touch_one(const char *fnr, const char *id)
{
    (void)id;
    user_changes_touch(fnr);
}

static void removed_one(const char *fnr, const char *id)
{
    user_changes_removed(fnr, id);
}

/* Tells the watchers of everyone who sees notification nr. */
static int tell_viewers(struct store_tx *tx, int64_t nr, const char *id, fnr_fn *fn)
{
    if (!user_changes_anyone_watching())
        return 0;
    struct store_stmt *q = store_prepare(tx, "SELECT fnr FROM bruker_synlig WHERE nr = ?");
    store_bind_int64(q, 1, nr);
    enum store_step s;
    while ((s = store_step(q)) == STORE_ROW)
        fn(store_column_text(q, 0), id);
    return s == STORE_DONE ? 0 : -1;
}

/* ---- Aggregates ---- */

int vis_notification_added(struct store_tx *tx, int64_t nr)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO bruker_synlig (fnr, nr, sortering_us, refs_altinn, refs_nl, klikket, "
            "ferdig, kommende_us, versjon) SELECT t.fnr, n.nr, n.sortering_us, sum(1 - t.nl), "
            "sum(t.nl), 0, " VIS_FERDIG_SQL ", " VIS_KOMMENDE_SQL ", n.versjon "
            "FROM bruker_mottaker m JOIN bruker_tilgang t ON t.virksomhet = m.virksomhet AND "
            "t.nokkel = m.nokkel JOIN bruker_notifikasjon n ON n.nr = m.nr WHERE m.nr = ? "
            "GROUP BY t.fnr, n.nr ON CONFLICT (fnr, nr) DO NOTHING");
    store_bind_int64(st, 1, nr);
    if (done(st) != 0)
        return -1;
    return tell_viewers(tx, nr, NULL, touch_one);
}

int vis_notification_changed(struct store_tx *tx, int64_t nr, int64_t versjon)
{
    struct store_stmt *st = store_prepare(
        tx, "UPDATE bruker_synlig SET sortering_us = n.sortering_us, ferdig = " VIS_FERDIG_SQL
            ", kommende_us = " VIS_KOMMENDE_SQL ", versjon = ? FROM bruker_notifikasjon n "
            "WHERE n.nr = bruker_synlig.nr AND bruker_synlig.nr = ?");
    store_bind_int64(st, 1, versjon);
    store_bind_int64(st, 2, nr);
    if (done(st) != 0)
        return -1;
    return tell_viewers(tx, nr, NULL, touch_one);
}

int vis_notification_deleted(struct store_tx *tx, int64_t nr, const char *id)
{
    if (tell_viewers(tx, nr, id, removed_one) != 0)
        return -1;
    struct store_stmt *st = store_prepare(tx, "DELETE FROM bruker_synlig WHERE nr = ?");
    store_bind_int64(st, 1, nr);
    return done(st);
}

int vis_sak_metadata_changed(struct store_tx *tx, int64_t sak_nr, int64_t versjon)
{
    if (user_changes_anyone_watching()) {
        struct store_stmt *q = store_prepare(
            tx, "SELECT s.fnr FROM bruker_notifikasjon n JOIN bruker_synlig s ON s.nr = n.nr "
                "WHERE n.sak_nr = ?");
        store_bind_int64(q, 1, sak_nr);
        while (store_step(q) == STORE_ROW)
            user_changes_touch(store_column_text(q, 0));
    }
    struct store_stmt *st = store_prepare(
        tx, "UPDATE bruker_synlig SET versjon = ? WHERE nr IN (SELECT nr FROM "
            "bruker_notifikasjon WHERE sak_nr = ?)");
    store_bind_int64(st, 1, versjon);
    store_bind_int64(st, 2, sak_nr);
    return done(st);
}

int vis_sak_tasks_changed(struct store_tx *tx, int64_t sak_nr)
{
    struct store_stmt *st = store_prepare(
        tx, "UPDATE bruker_synlig_sak SET oppgaver = " TASK_BITS_SQL " WHERE nr = ?");
    store_bind_int64(st, 1, sak_nr);
    return done(st);
}

int vis_sak_added(struct store_tx *tx, int64_t nr)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO bruker_synlig_sak (fnr, nr, sist_endret_us, refs_altinn, refs_nl, "
            "virksomhet, merkelapp, oppgaver) SELECT t.fnr, s.nr, s.sist_endret_us, "
            "sum(1 - t.nl), sum(t.nl), s.virksomhetsnummer, s.merkelapp, 0 "
            "FROM bruker_mottaker m JOIN bruker_tilgang t ON t.virksomhet = m.virksomhet AND "
            "t.nokkel = m.nokkel JOIN bruker_sak s ON s.nr = m.nr WHERE m.nr = ? "
            "GROUP BY t.fnr, s.nr ON CONFLICT (fnr, nr) DO NOTHING");
    store_bind_int64(st, 1, nr);
    if (done(st) != 0)
        return -1;
    return vis_sak_tasks_changed(tx, nr);
}

int vis_sak_deleted(struct store_tx *tx, int64_t nr)
{
    struct store_stmt *st = store_prepare(tx, "DELETE FROM bruker_synlig_sak WHERE nr = ?");
    store_bind_int64(st, 1, nr);
    return done(st);
}

int vis_sak_touched(struct store_tx *tx, int64_t nr, int64_t us)
{
    static const char *const sql[] = {
        "UPDATE bruker_sak SET sist_endret_us = ? WHERE nr = ? AND sist_endret_us < ?",
        "UPDATE bruker_synlig_sak SET sist_endret_us = ? WHERE nr = ? AND sist_endret_us < ?",
    };
    for (int i = 0; i < 2; i++) {
        struct store_stmt *st = store_prepare(tx, sql[i]);
        store_bind_int64(st, 1, us);
        store_bind_int64(st, 2, nr);
        store_bind_int64(st, 3, us);
        if (done(st) != 0)
            return -1;
    }
    return 0;
}

/* ---- Grants ---- */

/* The person's task bits of every sak the grant reaches, directly or
 * through a task row. */
static int recompute_person_tasks(struct store_tx *tx, const char *fnr, const char *virksomhet,
                                  const char *nokkel)
{
    struct store_stmt *st = store_prepare(
        tx, "UPDATE bruker_synlig_sak SET oppgaver = " TASK_BITS_SQL " WHERE fnr = ? AND nr IN "
            "(SELECT n.sak_nr FROM bruker_mottaker m JOIN bruker_notifikasjon n ON n.nr = m.nr "
            "WHERE m.virksomhet = ? AND m.nokkel = ? AND n.sak_nr IS NOT NULL AND "
            "n.oppgave_bits <> 0 UNION SELECT m.nr FROM bruker_mottaker m WHERE "
            "m.virksomhet = ? AND m.nokkel = ?)");
    bind_texts(st, 1, (const char *const[]){fnr, virksomhet, nokkel, virksomhet, nokkel}, 5);
    return done(st);
}

/* Binds fnr, the two ref deltas and the grant pair to a statement whose
 * placeholders are (fnr, altinn, nl, [fnr,] virksomhet, nokkel). */
static void bind_grant(struct store_stmt *st, const char *fnr, bool nl, bool fnr_twice,
                       const char *virksomhet, const char *nokkel)
{
    int i = 1;
    store_bind_text(st, i++, fnr);
    store_bind_int64(st, i++, nl ? 0 : 1);
    store_bind_int64(st, i++, nl ? 1 : 0);
    if (fnr_twice)
        store_bind_text(st, i++, fnr);
    store_bind_text(st, i++, virksomhet);
    store_bind_text(st, i++, nokkel);
}

int vis_grant_add(struct store_tx *tx, const char *fnr, const char *virksomhet,
                  const char *nokkel, bool nl)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO bruker_tilgang (fnr, virksomhet, nokkel, nl) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (fnr, virksomhet, nokkel) DO NOTHING");
    bind_texts(st, 1, (const char *const[]){fnr, virksomhet, nokkel}, 3);
    store_bind_int64(st, 4, nl ? 1 : 0);
    if (done(st) != 0)
        return -1;
    if (store_changes(tx) == 0)
        return 0;
    st = store_prepare(
        tx, "INSERT INTO bruker_synlig (fnr, nr, sortering_us, refs_altinn, refs_nl, klikket, "
            "ferdig, kommende_us, versjon) SELECT ?, n.nr, n.sortering_us, ?, ?, CASE WHEN EXISTS "
            "(SELECT 1 FROM bruker_klikk k WHERE k.fnr = ? AND k.nr = n.nr) THEN 1 ELSE 0 END, "
            VIS_FERDIG_SQL ", " VIS_KOMMENDE_SQL ", n.versjon FROM bruker_mottaker m JOIN "
            "bruker_notifikasjon n ON n.nr = m.nr WHERE m.virksomhet = ? AND m.nokkel = ? "
            "ON CONFLICT (fnr, nr) DO UPDATE SET refs_altinn = bruker_synlig.refs_altinn + "
            "excluded.refs_altinn, refs_nl = bruker_synlig.refs_nl + excluded.refs_nl");
    bind_grant(st, fnr, nl, true, virksomhet, nokkel);
    if (done(st) != 0)
        return -1;
    st = store_prepare(
        tx, "INSERT INTO bruker_synlig_sak (fnr, nr, sist_endret_us, refs_altinn, refs_nl, "
            "virksomhet, merkelapp, oppgaver) SELECT ?, s.nr, s.sist_endret_us, ?, ?, "
            "s.virksomhetsnummer, s.merkelapp, 0 FROM bruker_mottaker m JOIN bruker_sak s ON "
            "s.nr = m.nr WHERE m.virksomhet = ? AND m.nokkel = ? ON CONFLICT (fnr, nr) DO UPDATE "
            "SET refs_altinn = bruker_synlig_sak.refs_altinn + excluded.refs_altinn, refs_nl = "
            "bruker_synlig_sak.refs_nl + excluded.refs_nl");
    bind_grant(st, fnr, nl, false, virksomhet, nokkel);
    if (done(st) != 0 || recompute_person_tasks(tx, fnr, virksomhet, nokkel) != 0)
        return -1;
    user_changes_refresh(fnr);
    return 0;
}

int vis_grant_remove(struct store_tx *tx, const char *fnr, const char *virksomhet,
                     const char *nokkel, bool nl)
{
    struct store_stmt *st = store_prepare(
        tx, "DELETE FROM bruker_tilgang WHERE fnr = ? AND virksomhet = ? AND nokkel = ?");
    bind_texts(st, 1, (const char *const[]){fnr, virksomhet, nokkel}, 3);
    if (done(st) != 0)
        return -1;
    if (store_changes(tx) == 0)
        return 0;
    static const char *const sql[] = {
        "UPDATE bruker_synlig SET refs_altinn = refs_altinn - ?, refs_nl = refs_nl - ? "
        "WHERE fnr = ? AND nr IN (SELECT nr FROM bruker_mottaker WHERE virksomhet = ? AND "
        "nokkel = ?)",
        "UPDATE bruker_synlig_sak SET refs_altinn = refs_altinn - ?, refs_nl = refs_nl - ? "
        "WHERE fnr = ? AND nr IN (SELECT nr FROM bruker_mottaker WHERE virksomhet = ? AND "
        "nokkel = ?)",
    };
    static const char *const drop[] = {
        "DELETE FROM bruker_synlig WHERE fnr = ? AND refs_altinn <= 0 AND refs_nl <= 0 AND "
        "nr IN (SELECT nr FROM bruker_mottaker WHERE virksomhet = ? AND nokkel = ?)",
        "DELETE FROM bruker_synlig_sak WHERE fnr = ? AND refs_altinn <= 0 AND refs_nl <= 0 AND "
        "nr IN (SELECT nr FROM bruker_mottaker WHERE virksomhet = ? AND nokkel = ?)",
    };
    for (int i = 0; i < 2; i++) {
        st = store_prepare(tx, sql[i]);
        store_bind_int64(st, 1, nl ? 0 : 1);
        store_bind_int64(st, 2, nl ? 1 : 0);
        bind_texts(st, 3, (const char *const[]){fnr, virksomhet, nokkel}, 3);
        if (done(st) != 0)
            return -1;
        st = store_prepare(tx, drop[i]);
        bind_texts(st, 1, (const char *const[]){fnr, virksomhet, nokkel}, 3);
        if (done(st) != 0)
            return -1;
    }
    if (recompute_person_tasks(tx, fnr, virksomhet, nokkel) != 0)
        return -1;
    user_changes_refresh(fnr);
    return 0;
}

/* The person's applied Altinn grants, sorted like access_rights. */
static struct access_grant *applied_grants(struct store_tx *tx, const char *fnr, size_t *out_n)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT virksomhet, nokkel FROM bruker_tilgang WHERE fnr = ? AND nl = 0 "
            "ORDER BY virksomhet, nokkel");
    store_bind_text(q, 1, fnr);
    size_t n = 0, cap = 16;
    struct access_grant *g = nt_calloc(cap, sizeof(*g));
    while (store_step(q) == STORE_ROW) {
        if (n == cap)
            g = nt_realloc(g, (cap *= 2) * sizeof(*g));
        g[n].virksomhet = nt_strdup(store_column_text(q, 0));
        g[n].nokkel = nt_strdup(store_column_text(q, 1));
        n++;
    }
    *out_n = n;
    return g;
}

static int compare_grant(const struct access_grant *a, const struct access_grant *b)
{
    int c = strcmp(a->virksomhet, b->virksomhet);
    return c ? c : strcmp(a->nokkel, b->nokkel);
}

int vis_sync_altinn(struct store_tx *tx, const char *fnr, const struct access_rights *r)
{
    size_t nold = 0;
    struct access_grant *old = applied_grants(tx, fnr, &nold);
    size_t i = 0, j = 0;
    int rc = 0;
    while (rc == 0 && (i < nold || j < r->ngrants)) {
        int c = i == nold ? 1 : j == r->ngrants ? -1 : compare_grant(&old[i], &r->grants[j]);
        if (c < 0) {
            rc = vis_grant_remove(tx, fnr, old[i].virksomhet, old[i].nokkel, false);
            i++;
        } else if (c > 0) {
            rc = vis_grant_add(tx, fnr, r->grants[j].virksomhet, r->grants[j].nokkel, false);
            j++;
        } else {
            i++;
            j++;
        }
    }
    for (size_t k = 0; k < nold; k++) {
        free(old[k].virksomhet);
        free(old[k].nokkel);
    }
    free(old);
    if (rc != 0)
        return -1;
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO bruker_tilgang_sett (fnr, hash) VALUES (?, ?) ON CONFLICT (fnr) "
            "DO UPDATE SET hash = excluded.hash");
    store_bind_text(st, 1, fnr);
    store_bind_text(st, 2, r->hash);
    return done(st);
}

bool vis_applied_hash(struct store_tx *tx, const char *fnr, char out[65])
{
    struct store_stmt *q = store_prepare(tx, "SELECT hash FROM bruker_tilgang_sett WHERE fnr = ?");
    store_bind_text(q, 1, fnr);
    if (store_step(q) != STORE_ROW)
        return false;
    snprintf(out, 65, "%s", store_column_text(q, 0));
    return true;
}

/* ---- Relations ---- */

struct triple {
    char leder[64], ansatt[64], virksomhet[64];
};

static bool relation_of(struct store_tx *tx, const char *id, struct triple *t)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT leder, ansatt, virksomhet FROM bruker_naermeste_leder WHERE id = ?");
    store_bind_text(q, 1, id);
    if (store_step(q) != STORE_ROW)
        return false;
    snprintf(t->leder, sizeof t->leder, "%s", store_column_text(q, 0));
    snprintf(t->ansatt, sizeof t->ansatt, "%s", store_column_text(q, 1));
    snprintf(t->virksomhet, sizeof t->virksomhet, "%s", store_column_text(q, 2));
    return true;
}

/* Drops the grant of a triple unless another relation still gives it. */
static int release_triple(struct store_tx *tx, const struct triple *t)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT 1 FROM bruker_naermeste_leder WHERE leder = ? AND ansatt = ? AND "
            "virksomhet = ?");
    bind_texts(q, 1, (const char *const[]){t->leder, t->ansatt, t->virksomhet}, 3);
    if (store_step(q) == STORE_ROW)
        return 0;
    char key[160];
    access_relation_key(t->leder, t->ansatt, key, sizeof key);
    return vis_grant_remove(tx, t->leder, t->virksomhet, key, true);
}

int vis_relation_put(struct store_tx *tx, const char *id, const char *leder, const char *ansatt,
                     const char *virksomhet, const char *kilde)
{
    struct triple old;
    bool had = relation_of(tx, id, &old);
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO bruker_naermeste_leder (id, leder, ansatt, virksomhet, kilde) VALUES "
            "(?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET leder = excluded.leder, ansatt = "
            "excluded.ansatt, virksomhet = excluded.virksomhet, kilde = excluded.kilde");
    bind_texts(st, 1, (const char *const[]){id, leder, ansatt, virksomhet, kilde}, 5);
    if (done(st) != 0)
        return -1;
    if (had && release_triple(tx, &old) != 0)
        return -1;
    char key[160];
    access_relation_key(leder, ansatt, key, sizeof key);
    return vis_grant_add(tx, leder, virksomhet, key, true);
}

int vis_relation_remove(struct store_tx *tx, const char *id)
{
    struct triple old;
    if (!relation_of(tx, id, &old))
        return 1;
    struct store_stmt *st = store_prepare(tx, "DELETE FROM bruker_naermeste_leder WHERE id = ?");
    store_bind_text(st, 1, id);
    if (done(st) != 0)
        return -1;
    return release_triple(tx, &old);
}
