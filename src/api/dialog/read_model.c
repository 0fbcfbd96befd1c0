/* The dialog read model as a projection of the event log (docs/events.md,
 * "Dialog events"): every table of 0060_dialog.sql is written here from an
 * event's payload and the tables themselves, so replay rebuilds it. */
#include "api/dialog/read_model.h"

#include "api/dialog/internal.h"
#include "events/evlog.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int64_t num(json_t *o, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(o, key));
}

static void bind_opt_int(struct store_stmt *st, int i, json_t *v)
{
    if (json_is_integer(v))
        store_bind_int64(st, i, (int64_t)json_integer_value(v));
    else
        store_bind_text(st, i, NULL);
}

/* The stored JSON of a member, or NULL (caller frees). */
static char *dumped(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return v && !json_is_null(v) ? json_dumps(v, JSON_COMPACT) : NULL;
}

static int done(struct store_stmt *st)
{
    return st && store_step(st) == STORE_DONE ? 0 : -1;
}

static int reset(struct store_tx *tx)
{
    static const char *const tables[] = {"dialog_markering", "dialog_statushistorikk",
                                         "dialog_vedlegg", "dialog_svar", "dialog", "vedlegg"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[64];
        strcpy(sql, "DELETE FROM ");
        strcat(sql, tables[i]);
        if (done(store_prepare(tx, sql)) != 0)
            return -1;
    }
    return 0;
}

static int add_history(struct store_tx *tx, int64_t seq, const char *dialog_id,
                       const char *maal_type, const char *maal_id, const char *fra,
                       const char *til, int64_t at, json_t *by, const char *kilde)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO dialog_statushistorikk (event_seq, dialog_id, maal_type, maal_id, "
            "fra_status, til_status, tidspunkt, utfort_av_org, utfort_av_person, kilde) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)");
    char *person = dumped(by, "person");
    store_bind_int64(st, 1, seq);
    store_bind_text(st, 2, dialog_id);
    store_bind_text(st, 3, maal_type);
    store_bind_text(st, 4, maal_id);
    store_bind_text(st, 5, fra);
    store_bind_text(st, 6, til);
    store_bind_int64(st, 7, at);
    store_bind_text(st, 8, str(by, "org"));
    store_bind_text(st, 9, person);
    store_bind_text(st, 10, kilde);
    free(person);
    return done(st);
}

static int add_attachments(struct store_tx *tx, const char *dialog_id, const char *eier_type,
                           const char *eier_id, json_t *ids)
{
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) {
        struct store_stmt *st = store_prepare(
            tx, "INSERT INTO dialog_vedlegg (eier_type, eier_id, pos, dialog_id, vedlegg_id) "
                "VALUES (?,?,?,?,?)");
        store_bind_text(st, 1, eier_type);
        store_bind_text(st, 2, eier_id);
        store_bind_int64(st, 3, (int64_t)i);
        store_bind_text(st, 4, dialog_id);
        store_bind_text(st, 5, json_string_value(id));
        if (done(st) != 0)
            return -1;
    }
    return 0;
}

/* One mark: the first time stays, the last time moves (A3). */
static int upsert_mark(struct store_tx *tx, const char *dialog_id, const char *maal_type,
                       const char *maal_id, const char *type, json_t *aktor, int64_t at,
                       const char *kilde)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO dialog_markering (maal_type, maal_id, type, aktor_type, aktor_ident, "
            "dialog_id, aktor_org, forste, siste, kode, kilde) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (maal_type, maal_id, type, aktor_type, aktor_ident) "
            "DO UPDATE SET siste = excluded.siste");
    const char *aktor_type = str(aktor, "type");
    bool citizen_read = strcmp(aktor_type, "INNBYGGER") == 0 && strcmp(type, "LEST") == 0;
    store_bind_text(st, 1, maal_type);
    store_bind_text(st, 2, maal_id);
    store_bind_text(st, 3, type);
    store_bind_text(st, 4, aktor_type);
    store_bind_text(st, 5, str(aktor, "ident"));
    store_bind_text(st, 6, dialog_id);
    store_bind_text(st, 7, str(aktor, "org"));
    store_bind_int64(st, 8, at);
    store_bind_int64(st, 9, at);
    if (citizen_read)
        store_bind_int64(st, 10, 1);
    else
        store_bind_text(st, 10, NULL);
    store_bind_text(st, 11, kilde);
    return done(st);
}

/* LEST implies VIST. */
static int mark_item(struct store_tx *tx, const char *dialog_id, const char *maal_type,
                     const char *maal_id, const char *type, json_t *aktor, int64_t at,
                     const char *kilde)
{
    if (upsert_mark(tx, dialog_id, maal_type, maal_id, type, aktor, at, kilde) != 0)
        return -1;
    if (strcmp(type, "LEST") == 0)
        return upsert_mark(tx, dialog_id, maal_type, maal_id, "VIST", aktor, at, kilde);
    return 0;
}

#define DIALOG_INSERT                                                                            \
    "INSERT INTO dialog (id, avsender_org, avsender_org_type, avsender_kilde, avsender_navn, "    \
    "avsender_person, "                                                                          \
    "ekstern_id, foresporsel, pos, innbygger, kanal, meldingstype, svartype, mottaker_org, "      \
    "mottaker_org_type, tittel, tekst, vis_i_innboks, sikkerhetsniva, synlig_fra, opprettet, "   \
    "historisk, status, status_endret, lenke, lenke_frist, levering_kanal, levering_til, "       \
    "levering_status, levering_arsak, levering_tidspunkt, siste_aktivitet, event_seq) "          \
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

static int insert_dialog(struct store_tx *tx, json_t *p, int64_t seq)
{
    json_t *avsender = json_object_get(p, "avsender"), *mottaker = json_object_get(p, "mottaker");
    json_t *lenke = json_object_get(p, "lenke"), *lev = json_object_get(p, "levering");
    char *person = dumped(avsender, "person"), *lenke_text = dumped(p, "lenke");
    int64_t opprettet = num(p, "opprettet");
    struct store_stmt *st = store_prepare(tx, DIALOG_INSERT);
    store_bind_text(st, 1, str(p, "dialogId"));
    store_bind_text(st, 2, str(avsender, "org"));
    store_bind_text(st, 3, str(avsender, "type"));
    store_bind_text(st, 4, str(avsender, "kilde"));
    store_bind_text(st, 5, str(avsender, "navn"));
    store_bind_text(st, 6, person);
    store_bind_text(st, 7, str(p, "eksternId"));
    store_bind_text(st, 8, str(p, "foresporsel"));
    store_bind_int64(st, 9, num(p, "pos"));
    store_bind_text(st, 10, str(p, "innbygger"));
    store_bind_text(st, 11, str(p, "kanal"));
    bind_opt_int(st, 12, json_object_get(p, "meldingstype"));
    store_bind_text(st, 13, str(p, "svartype"));
    store_bind_text(st, 14, str(mottaker, "kode"));
    store_bind_text(st, 15, str(mottaker, "type"));
    store_bind_text(st, 16, str(p, "tittel"));
    store_bind_text(st, 17, str(p, "tekst"));
    store_bind_int64(st, 18, json_is_true(json_object_get(p, "visIInnboks")));
    store_bind_text(st, 19, str(p, "sikkerhetsniva"));
    bind_opt_int(st, 20, json_object_get(p, "synligFra"));
    store_bind_int64(st, 21, opprettet);
    store_bind_int64(st, 22, json_is_true(json_object_get(p, "historisk")));
    store_bind_text(st, 23, str(p, "status"));
    store_bind_int64(st, 24, opprettet);
    store_bind_text(st, 25, lenke_text);
    bind_opt_int(st, 26, json_object_get(lenke, "fristUs"));
    store_bind_text(st, 27, str(lev, "kanal"));
    store_bind_text(st, 28, str(lev, "til"));
    store_bind_text(st, 29, str(lev, "status"));
    store_bind_text(st, 30, str(lev, "arsak"));
    if (lev)
        store_bind_int64(st, 31, opprettet);
    else
        store_bind_text(st, 31, NULL);
    store_bind_int64(st, 32, opprettet);
    store_bind_int64(st, 33, seq);
    free(person);
    free(lenke_text);
    return done(st);
}

static int apply_dialog_created(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    const char *id = str(p, "dialogId");
    bool historic = json_is_true(json_object_get(p, "historisk"));
    const char *kilde = historic ? "HISTORISK_IMPORT" : "API";
    json_t *avsender = json_object_get(p, "avsender");
    json_t *by = json_pack("{s:s?,s:O?}", "org", str(avsender, "org"), "person",
                           json_object_get(avsender, "person"));
    int rc = insert_dialog(tx, p, e->seq);
    if (rc == 0)
        rc = add_history(tx, e->seq, id, "DIALOG", id, NULL, str(p, "status"), num(p, "opprettet"),
                         by, kilde);
    json_decref(by);
    if (rc == 0)
        rc = add_attachments(tx, id, "DIALOG", id, json_object_get(p, "vedlegg"));
    json_t *read = json_object_get(p, "lestAvInnbygger");
    if (rc == 0 && json_is_integer(read)) {
        json_t *citizen = json_pack("{s:s,s:s}", "type", "INNBYGGER", "ident", str(p, "innbygger"));
        rc = mark_item(tx, id, "DIALOG", id, "LEST", citizen, json_integer_value(read), kilde);
        json_decref(citizen);
    }
    return rc;
}

#define REPLY_INSERT                                                                             \
    "INSERT INTO dialog_svar (id, dialog_id, ekstern_id, foresporsel, avsender_type, "           \
    "avsender_org, avsender_org_type, avsender_kilde, avsender_person, tekst, lenke, "           \
    "lenke_frist, opprettet, historisk, status, status_endret, event_seq) "                      \
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'AKTIV',?,?)"

static int apply_reply_added(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    const char *id = str(p, "svarId"), *dialog_id = str(p, "dialogId");
    json_t *avsender = json_object_get(p, "avsender");
    bool historic = json_is_true(json_object_get(p, "historisk"));
    int64_t at = num(p, "opprettet");
    char *person = dumped(avsender, "person"), *lenke = dumped(p, "lenke");
    struct store_stmt *st = store_prepare(tx, REPLY_INSERT);
    store_bind_text(st, 1, id);
    store_bind_text(st, 2, dialog_id);
    store_bind_text(st, 3, str(p, "eksternId"));
    store_bind_text(st, 4, str(p, "foresporsel"));
    store_bind_text(st, 5, str(avsender, "type"));
    store_bind_text(st, 6, str(avsender, "org"));
    store_bind_text(st, 7, str(avsender, "orgType"));
    store_bind_text(st, 8, str(avsender, "kilde"));
    store_bind_text(st, 9, person);
    store_bind_text(st, 10, str(p, "tekst"));
    store_bind_text(st, 11, lenke);
    bind_opt_int(st, 12, json_object_get(json_object_get(p, "lenke"), "fristUs"));
    store_bind_int64(st, 13, at);
    store_bind_int64(st, 14, historic);
    store_bind_int64(st, 15, at);
    store_bind_int64(st, 16, e->seq);
    free(person);
    free(lenke);
    int rc = done(st);
    json_t *by = json_pack("{s:s?,s:O?}", "org", str(avsender, "org"), "person",
                           json_object_get(avsender, "person"));
    if (rc == 0)
        rc = add_history(tx, e->seq, dialog_id, "SVAR", id, NULL, "AKTIV", at, by,
                         historic ? "HISTORISK_IMPORT" : "API");
    json_decref(by);
    if (rc == 0)
        rc = add_attachments(tx, dialog_id, "SVAR", id, json_object_get(p, "vedlegg"));
    if (rc == 0 && !historic && strcmp(str(avsender, "type"), "ORGANISASJON") == 0) {
        struct store_stmt *u = store_prepare(
            tx, "UPDATE dialog SET siste_aktivitet = ? WHERE id = ? AND siste_aktivitet < ?");
        store_bind_int64(u, 1, at);
        store_bind_text(u, 2, dialog_id);
        store_bind_int64(u, 3, at);
        rc = done(u);
    }
    return rc;
}

static int apply_status(struct store_tx *tx, const struct evlog_event *e, json_t *p, bool reply)
{
    const char *dialog_id = str(p, "dialogId");
    const char *maal_id = reply ? str(p, "svarId") : dialog_id;
    struct store_stmt *st = store_prepare(
        tx, reply ? "UPDATE dialog_svar SET status = ?, status_endret = ? WHERE id = ?"
                  : "UPDATE dialog SET status = ?, status_endret = ? WHERE id = ?");
    store_bind_text(st, 1, str(p, "til"));
    store_bind_int64(st, 2, num(p, "tidspunkt"));
    store_bind_text(st, 3, maal_id);
    if (done(st) != 0)
        return -1;
    return add_history(tx, e->seq, dialog_id, reply ? "SVAR" : "DIALOG", maal_id, str(p, "fra"),
                       str(p, "til"), num(p, "tidspunkt"), json_object_get(p, "utfortAv"), "API");
}

/* Without svarId the dialog and every reply in it (seed: a thread's items
 * that have no time get one); with it, that reply only. */
static int apply_marked(struct store_tx *tx, json_t *p)
{
    const char *dialog_id = str(p, "dialogId"), *svar = str(p, "svarId"), *type = str(p, "type");
    json_t *aktor = json_object_get(p, "aktor");
    int64_t at = num(p, "tidspunkt");
    if (svar)
        return mark_item(tx, dialog_id, "SVAR", svar, type, aktor, at, "API");
    if (mark_item(tx, dialog_id, "DIALOG", dialog_id, type, aktor, at, "API") != 0)
        return -1;
    struct store_stmt *st = store_prepare(tx, "SELECT id FROM dialog_svar WHERE dialog_id = ?");
    store_bind_text(st, 1, dialog_id);
    json_t *ids = json_array();
    while (store_step(st) == STORE_ROW)
        json_array_append_new(ids, json_string(store_column_text(st, 0)));
    size_t i;
    json_t *id;
    int rc = 0;
    json_array_foreach(ids, i, id) {
        if (rc == 0)
            rc = mark_item(tx, dialog_id, "SVAR", json_string_value(id), type, aktor, at, "KASKADE");
    }
    json_decref(ids);
    return rc;
}

static int apply_archived(struct store_tx *tx, json_t *p)
{
    struct store_stmt *st = store_prepare(tx, "UPDATE dialog SET arkivert = ? WHERE id = ?");
    if (json_is_true(json_object_get(p, "arkivert")))
        store_bind_int64(st, 1, num(p, "tidspunkt"));
    else
        store_bind_text(st, 1, NULL);
    store_bind_text(st, 2, str(p, "dialogId"));
    return done(st);
}

static int apply_uploaded(struct store_tx *tx, json_t *p)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO vedlegg (id, filnavn, medietype, storrelse, sha256, lastet_opp, "
            "lastet_opp_av_org) VALUES (?,?,?,?,?,?,?)");
    store_bind_text(st, 1, str(p, "vedleggId"));
    store_bind_text(st, 2, str(p, "filnavn"));
    store_bind_text(st, 3, str(p, "medietype"));
    store_bind_int64(st, 4, num(p, "storrelse"));
    store_bind_text(st, 5, str(p, "sha256"));
    store_bind_int64(st, 6, num(p, "lastetOpp"));
    store_bind_text(st, 7, str(p, "org"));
    return done(st);
}

static int apply_delivery(struct store_tx *tx, json_t *p)
{
    struct store_stmt *st = store_prepare(
        tx, "UPDATE dialog SET levering_status = ?, levering_arsak = ?, levering_tidspunkt = ? "
            "WHERE id = ?");
    store_bind_text(st, 1, str(p, "status"));
    store_bind_text(st, 2, str(p, "arsak"));
    store_bind_int64(st, 3, num(p, "tidspunkt"));
    store_bind_text(st, 4, str(p, "dialogId"));
    return done(st);
}

static int apply(struct store_tx *tx, const struct evlog_event *e)
{
    if (strncmp(e->type, "Dialog", 6) != 0 && strncmp(e->type, "Svar", 4) != 0 &&
        strcmp(e->type, "VedleggLastetOpp") != 0)
        return 0;
    json_t *p = json_loads(e->payload, 0, NULL);
    if (!p)
        return -1;
    int rc = 0;
    if (!strcmp(e->type, "DialogOpprettet") || !strcmp(e->type, "DialogImportert"))
        rc = apply_dialog_created(tx, e, p);
    else if (!strcmp(e->type, "SvarLagtTil") || !strcmp(e->type, "SvarImportert"))
        rc = apply_reply_added(tx, e, p);
    else if (!strcmp(e->type, "DialogStatusEndret"))
        rc = apply_status(tx, e, p, false);
    else if (!strcmp(e->type, "SvarStatusEndret"))
        rc = apply_status(tx, e, p, true);
    else if (!strcmp(e->type, "DialogMarkert"))
        rc = apply_marked(tx, p);
    else if (!strcmp(e->type, "DialogArkivert"))
        rc = apply_archived(tx, p);
    else if (!strcmp(e->type, "VedleggLastetOpp"))
        rc = apply_uploaded(tx, p);
    else if (!strcmp(e->type, "DialogLeveringOppdatert"))
        rc = apply_delivery(tx, p);
    json_decref(p);
    return rc;
}

const struct evlog_projection dialog_read_model = {.name = "dialog", .reset = reset, .apply = apply};
