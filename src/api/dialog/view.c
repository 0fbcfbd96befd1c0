/* The dialog as one viewer sees it (dialog.md 2.6): every read goes
 * through here, so letter secrecy (2.4.8) is applied in one place, for
 * single reads and lists alike. */
#include "api/dialog/internal.h"
#include "domain/dialog/tekstlenker.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *col(struct store_stmt *st, int i)
{
    return store_column_text(st, i);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static void party_from(struct dom_party *p, char *buf, size_t n, const char *kode,
                       const char *type)
{
    copy(buf, n, kode);
    p->kode = buf;
    if (!dom_orgtype_parse(type, &p->type))
        p->type = DOM_ORG_VIRKSOMHET;
}

#define HEAD_SQL                                                                                 \
    "SELECT innbygger, kanal, svartype, status, avsender_org, avsender_org_type, mottaker_org, "  \
    "mottaker_org_type, avsender_kilde, arkivert, historisk FROM dialog WHERE id = ?"

bool dlg_read_head(struct store_tx *tx, const char *id, struct dlg_head *out)
{
    struct store_stmt *st = store_prepare(tx, HEAD_SQL);
    store_bind_text(st, 1, id);
    if (store_step(st) != STORE_ROW)
        return false;
    memset(out, 0, sizeof(*out));
    copy(out->innbygger, sizeof out->innbygger, col(st, 0));
    dom_kanal_parse(col(st, 1), &out->kanal);
    dom_svartype_parse(col(st, 2), &out->svartype);
    dom_status_parse(col(st, 3), &out->status);
    struct dlg_parter *p = &out->parter;
    party_from(&p->avsender, p->avsender_kode, sizeof p->avsender_kode, col(st, 4), col(st, 5));
    p->har_mottaker = col(st, 6) != NULL;
    if (p->har_mottaker)
        party_from(&p->mottaker, p->mottaker_kode, sizeof p->mottaker_kode, col(st, 6), col(st, 7));
    copy(out->avsender_kilde, sizeof out->avsender_kilde, col(st, 8));
    out->arkivert = col(st, 9) != NULL;
    out->historisk = store_column_int64(st, 10) != 0;
    return true;
}

bool dlg_fullt_for(const struct dlg_caller *c, const struct dlg_parter *p,
                   const char *sikkerhetsniva)
{
    if (c->kind == DLG_INNBYGGER)
        return !(sikkerhetsniva && strcmp(sikkerhetsniva, "high") == 0) || c->hoyt_nivaa;
    return dom_fullt_innhold(&c->org->party, &p->avsender, p->har_mottaker ? &p->mottaker : NULL);
}

/* ---- Parts shared by dialogs and replies ---- */

static json_t *org_json(const struct api_dialog *api, const char *kode, const char *type)
{
    const struct dlg_org *o = dlg_org_by_kode(api->dir, kode);
    return json_pack("{s:s?,s:s?,s:s?}", "kode", kode, "type", type, "navn", o ? o->navn : NULL);
}

static json_t *person_json(const char *stored)
{
    json_t *p = stored ? json_loads(stored, 0, NULL) : NULL;
    if (!p)
        return json_null();
    json_t *v = json_pack("{s:O}", "type", json_object_get(p, "type"));
    if (json_object_get(p, "navn"))
        json_object_set(v, "navn", json_object_get(p, "navn"));
    json_decref(p);
    return v;
}

/* Adds "person" {type, navn} to o from a stored avsenderPerson, if any. */
static void add_person(json_t *o, const char *stored)
{
    json_t *person = person_json(stored);
    if (!json_is_null(person))
        json_object_set(o, "person", person);
    json_decref(person);
}

static json_t *history_json(struct store_tx *tx, const char *maal_type, const char *maal_id)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT fra_status, til_status, tidspunkt, utfort_av_org, utfort_av_person, kilde "
            "FROM dialog_statushistorikk WHERE maal_type = ? AND maal_id = ? ORDER BY event_seq");
    store_bind_text(st, 1, maal_type);
    store_bind_text(st, 2, maal_id);
    json_t *list = json_array();
    while (store_step(st) == STORE_ROW) {
        json_t *by = json_pack("{s:o}", "org", str_or_null(col(st, 3)));
        add_person(by, col(st, 4));
        json_array_append_new(list, json_pack("{s:o,s:s,s:o,s:o,s:s}", "fra", str_or_null(col(st, 0)),
                                              "til", col(st, 1), "tidspunkt",
                                              dlg_time_json(store_column_int64(st, 2)), "utfortAv",
                                              by, "kilde", col(st, 5)));
    }
    return list;
}

/* Marks the viewer may see: the citizen sees only its own; organisations
 * see the citizen's, contact persons', and their own caseworkers'. */
static bool mark_visible(const struct dlg_caller *c, const char *aktor_type, const char *aktor_org)
{
    if (strcmp(aktor_type, "INNBYGGER") == 0)
        return true;
    if (c->kind == DLG_INNBYGGER)
        return false;
    if (strcmp(aktor_type, "KONTAKTPERSON") == 0)
        return true;
    return aktor_org && strcmp(aktor_org, c->org->party.kode) == 0;
}

json_t *dlg_marks_json(struct store_tx *tx, const char *maal_type, const char *maal_id,
                       const struct dlg_caller *c)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT type, kode, aktor_type, aktor_ident, aktor_org, forste, siste, kilde "
            "FROM dialog_markering WHERE maal_type = ? AND maal_id = ? "
            "ORDER BY aktor_type, aktor_ident, type DESC");
    store_bind_text(st, 1, maal_type);
    store_bind_text(st, 2, maal_id);
    json_t *list = json_array();
    while (store_step(st) == STORE_ROW) {
        const char *aktor_type = col(st, 2);
        if (!mark_visible(c, aktor_type, col(st, 4)))
            continue;
        json_t *aktor = json_pack("{s:s}", "type", aktor_type);
        if (strcmp(aktor_type, "INNBYGGER") != 0) {
            json_object_set_new(aktor, "ident", json_string(col(st, 3)));
            json_object_set_new(aktor, "org", str_or_null(col(st, 4)));
        }
        json_t *m = json_pack("{s:s}", "type", col(st, 0));
        if (col(st, 1))
            json_object_set_new(m, "kode", json_integer(store_column_int64(st, 1)));
        json_object_set_new(m, "aktor", aktor);
        json_object_set_new(m, "forsteTidspunkt", dlg_time_json(store_column_int64(st, 5)));
        json_object_set_new(m, "sisteTidspunkt", dlg_time_json(store_column_int64(st, 6)));
        json_object_set_new(m, "kilde", json_string(col(st, 7)));
        json_array_append_new(list, m);
    }
    return list;
}

static json_t *attachments_json(struct store_tx *tx, const char *eier_type, const char *eier_id)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT v.id, v.filnavn, v.medietype, v.storrelse, v.sha256 FROM dialog_vedlegg d "
            "JOIN vedlegg v ON v.id = d.vedlegg_id WHERE d.eier_type = ? AND d.eier_id = ? "
            "ORDER BY d.pos");
    store_bind_text(st, 1, eier_type);
    store_bind_text(st, 2, eier_id);
    json_t *list = json_array();
    while (store_step(st) == STORE_ROW)
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:I,s:s}", "id", col(st, 0), "filnavn",
                                              col(st, 1), "medietype", col(st, 2), "storrelse",
                                              (json_int_t)store_column_int64(st, 3), "sha256",
                                              col(st, 4)));
    return list;
}

/* The stored element with `utlopt`; an expired link keeps its texts and
 * loses its url (A12). */
static json_t *link_json(const char *stored, int64_t frist, int64_t now)
{
    json_t *l = stored ? json_loads(stored, 0, NULL) : NULL;
    if (!l)
        return json_null();
    bool expired = frist && frist <= now;
    json_t *v = json_object();
    json_object_set_new(v, "url", expired ? json_null() : json_incref(json_object_get(l, "url")));
    const char *parts[] = {"beskrivelse", "knappTekst"};
    for (int i = 0; i < 2; i++) {
        json_t *p = json_object_get(l, parts[i]);
        json_object_set(v, parts[i], p ? p : json_null());
    }
    json_object_set_new(v, "frist", dlg_time_json(frist));
    json_object_set_new(v, "utlopt", json_boolean(expired));
    json_decref(l);
    return v;
}

static void add_text_part(const struct dom_tekstdel *d, void *ud)
{
    json_t *list = ud;
    if (d->lenke)
        json_array_append_new(list, json_pack("{s:s,s:s%,s:s%}", "type", "lenke", "tekst", d->tekst,
                                              d->tekst_len, "url", d->url, d->url_len));
    else
        json_array_append_new(list, json_pack("{s:s,s:s%}", "type", "tekst", "verdi", d->tekst,
                                              d->tekst_len));
}

static json_t *text_parts(const char *text)
{
    json_t *list = json_array();
    dom_tekstlenker(text, add_text_part, list);
    return list;
}

/* ---- Replies ---- */

static json_t *reply_author(const struct api_dialog *api, struct store_stmt *st)
{
    if (strcmp(col(st, 1), "INNBYGGER") == 0)
        return json_pack("{s:s}", "type", "INNBYGGER");
    json_t *a = json_pack("{s:s,s:o}", "type", "ORGANISASJON", "org",
                          org_json(api, col(st, 2), col(st, 3)));
    add_person(a, col(st, 4));
    return a;
}

static json_t *replies_json(struct store_tx *tx, const struct api_dialog *api, const char *dialog_id,
                            const struct dlg_caller *c, bool full, int64_t now)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT id, avsender_type, avsender_org, avsender_org_type, avsender_person, tekst, "
            "lenke, lenke_frist, opprettet, historisk, status FROM dialog_svar "
            "WHERE dialog_id = ? ORDER BY event_seq");
    store_bind_text(st, 1, dialog_id);
    json_t *list = json_array();
    while (store_step(st) == STORE_ROW) {
        json_t *r = json_pack("{s:s,s:o}", "id", col(st, 0), "avsender", reply_author(api, st));
        json_object_set_new(r, "tekst", json_string(full ? col(st, 5) : DOM_MASKERT_TEKST));
        json_object_set_new(r, "innholdSkjult", json_boolean(!full));
        if (full && col(st, 6))
            json_object_set_new(r, "lenke", link_json(col(st, 6), store_column_int64(st, 7), now));
        json_object_set_new(r, "opprettet", dlg_time_json(store_column_int64(st, 8)));
        json_object_set_new(r, "historisk", json_boolean(store_column_int64(st, 9)));
        json_object_set_new(r, "status", json_string(col(st, 10)));
        json_array_append_new(list, r);
    }
    /* history, attachments and marks per reply, after the reply cursor is done */
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r) {
        const char *id = json_string_value(json_object_get(r, "id"));
        json_object_set_new(r, "statushistorikk", history_json(tx, "SVAR", id));
        json_object_set_new(r, "vedlegg", full ? attachments_json(tx, "SVAR", id) : json_array());
        json_object_set_new(r, "markeringer", dlg_marks_json(tx, "SVAR", id, c));
    }
    return list;
}

/* ---- The dialog ---- */

#define VIEW_SQL                                                                                 \
    "SELECT id, avsender_org, avsender_org_type, avsender_kilde, avsender_person, innbygger, "    \
    "kanal, meldingstype, svartype, mottaker_org, mottaker_org_type, tittel, tekst, "            \
    "vis_i_innboks, sikkerhetsniva, synlig_fra, opprettet, historisk, status, lenke, "           \
    "lenke_frist, arkivert, levering_kanal, levering_status, levering_arsak, "                   \
    "levering_tidspunkt FROM dialog WHERE id = ?"

static json_t *delivery_json(struct store_stmt *st)
{
    if (!col(st, 22))
        return json_null();
    return json_pack("{s:s,s:s,s:o,s:o}", "kanal", col(st, 22), "status", col(st, 23), "arsak",
                     str_or_null(col(st, 24)), "tidspunkt", dlg_time_json(store_column_int64(st, 25)));
}

static void add_sender(json_t *v, const struct api_dialog *api, struct store_stmt *st)
{
    json_t *avsender = json_pack("{s:o}", "org", org_json(api, col(st, 1), col(st, 2)));
    if (strcmp(col(st, 3), col(st, 1)) != 0) /* a sub-jobcenter or an anden aktør */
        json_object_set_new(avsender, "via", json_string(col(st, 3)));
    add_person(avsender, col(st, 4));
    json_object_set_new(v, "avsender", avsender);
    json_object_set_new(v, "mottaker",
                        col(st, 9) ? org_json(api, col(st, 9), col(st, 10)) : json_null());
}

static void add_content(json_t *v, struct store_stmt *st, bool full, bool citizen_low,
                        enum dom_orgtype sender, int64_t now)
{
    const char *kanal = col(st, 6);
    const char *tittel = full ? col(st, 11) : citizen_low ? DOM_HOYERE_NIVAA_TITTEL
                                                          : dom_maskert_tittel(sender);
    const char *tekst = full ? col(st, 12) : citizen_low ? DOM_HOYERE_NIVAA_TITTEL
                                                         : DOM_MASKERT_TEKST;
    json_object_set_new(v, "tittel", json_string(tittel));
    json_object_set_new(v, "tekst", json_string(tekst));
    if (strcmp(kanal, "VARSEL") == 0)
        json_object_set_new(v, "tekstDeler", text_parts(tekst));
    json_object_set_new(v, "innholdSkjult", json_boolean(!full));
    if (full)
        json_object_set_new(v, "lenke", link_json(col(st, 19), store_column_int64(st, 20), now));
}

json_t *dlg_view(struct store_tx *tx, const char *id, const struct dlg_viewer *viewer, int64_t now)
{
    struct dlg_head head;
    if (!dlg_read_head(tx, id, &head))
        return NULL;
    const struct api_dialog *api = viewer->api;
    const struct dlg_caller *c = viewer->caller;
    struct store_stmt *st = store_prepare(tx, VIEW_SQL);
    store_bind_text(st, 1, id);
    if (store_step(st) != STORE_ROW)
        return NULL;
    bool full = dlg_fullt_for(c, &head.parter, col(st, 14));
    json_t *v = json_pack("{s:s,s:s}", "id", col(st, 0), "kanal", col(st, 6));
    json_object_set_new(v, "meldingstype",
                        col(st, 7) ? json_integer(store_column_int64(st, 7)) : json_null());
    json_object_set_new(v, "svartype", json_string(col(st, 8)));
    add_sender(v, api, st);
    json_object_set_new(v, "innbygger", json_string(col(st, 5)));
    add_content(v, st, full, c->kind == DLG_INNBYGGER, head.parter.avsender.type, now);
    json_object_set_new(v, "opprettet", dlg_time_json(store_column_int64(st, 16)));
    json_object_set_new(v, "synligFra", dlg_time_json(store_column_int64(st, 15)));
    json_object_set_new(v, "historisk", json_boolean(store_column_int64(st, 17)));
    json_object_set_new(v, "visIInnboks", json_boolean(store_column_int64(st, 13)));
    json_object_set_new(v, "sikkerhetsniva", json_string(col(st, 14)));
    json_object_set_new(v, "arkivert", json_boolean(col(st, 21) != NULL));
    if (c->kind == DLG_ORG)
        json_object_set_new(v, "levering", delivery_json(st));
    json_object_set_new(v, "status", json_string(col(st, 18)));
    /* the row cursor is done with; the parts below run their own queries */
    json_object_set_new(v, "vedlegg", full ? attachments_json(tx, "DIALOG", id) : json_array());
    json_object_set_new(v, "statushistorikk", history_json(tx, "DIALOG", id));
    json_object_set_new(v, "markeringer", dlg_marks_json(tx, "DIALOG", id, c));
    if (viewer->med_svar)
        json_object_set_new(v, "svar", replies_json(tx, api, id, c, full, now));
    return v;
}
