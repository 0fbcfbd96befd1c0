/* Reading dialogs: one by id and a citizen's list for organisations
 * (GetMessage, GetMessages), the citizen's tray and own dialogs, and the
 * DPI export of a dialog's link element. Masking happens in view.c. */
#include "api/dialog/internal.h"
#include "base/clock.h"
#include "domain/dialog/ident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct read_cmd {
    struct dlg_req *q;
    int64_t now;
    bool med_svar;
    bool uleste;  /* tray filter */
    bool arkivet; /* tray: the archived ones */
    struct dlg_err err;
    json_t *result;
};

static void answer(struct dlg_req *q, struct read_cmd *c, int rc)
{
    dlg_answer(q, rc, 200, c->result, &c->err);
}

static int read_run(struct dlg_req *q, store_fn *fn, struct read_cmd *c)
{
    return store_read(q->api->cfg.store, fn, c);
}

static int bool_arg(struct dlg_req *q, const char *name, bool dflt, bool *out, struct dlg_err *e)
{
    const char *v = http_query_arg(q->http, name);
    *out = dflt;
    if (!v)
        return 0;
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) {
        *out = v[0] == 't';
        return 0;
    }
    return dlg_fail(e, 400, "UgyldigForesporsel", name, "%s må være true eller false", name);
}

/* The dialog of the path, whole, as the caller sees it. */
static int view_of_param(struct store_tx *tx, struct read_cmd *c)
{
    struct dlg_viewer v = {.api = c->q->api, .caller = &c->q->caller, .med_svar = true};
    c->result = dlg_view(tx, c->q->param, &v, c->now);
    return c->result ? 0 : -2;
}

/* ---- Organisations ---- */

static int get_one(struct store_tx *tx, void *arg)
{
    struct read_cmd *c = arg;
    struct dlg_head h;
    if (!dlg_read_head(tx, c->q->param, &h))
        return dlg_fail(&c->err, 404, "UkjentDialog", NULL, "Ukjent dialog %s", c->q->param);
    if (dlg_org_ser_dialog(c->q->api, c->q->caller.org, h.innbygger, &h.parter, DLG_OPPRETT,
                           &c->err) != 0)
        return -1;
    return view_of_param(tx, c);
}

void dlg_hent(struct dlg_req *q)
{
    struct read_cmd c = {.q = q, .now = nt_now_us()};
    answer(q, &c, read_run(q, get_one, &c));
}

/* Views of the ids, newest first, as the viewer may see them. */
static json_t *views(struct store_tx *tx, struct read_cmd *c, json_t *ids)
{
    struct dlg_viewer v = {.api = c->q->api, .caller = &c->q->caller, .med_svar = c->med_svar};
    json_t *list = json_array();
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) {
        json_t *view = dlg_view(tx, json_string_value(id), &v, c->now);
        if (view)
            json_array_append_new(list, view);
    }
    return list;
}

static int list_for_citizen(struct store_tx *tx, void *arg)
{
    struct read_cmd *c = arg;
    struct store_stmt *st = store_prepare(
        tx, "SELECT id FROM dialog WHERE innbygger = ? ORDER BY opprettet DESC, id DESC");
    store_bind_text(st, 1, c->q->param);
    json_t *ids = json_array();
    while (store_step(st) == STORE_ROW)
        json_array_append_new(ids, json_string(store_column_text(st, 0)));
    c->result = json_pack("{s:o}", "dialoger", views(tx, c, ids));
    json_decref(ids);
    return 0;
}

void dlg_liste(struct dlg_req *q)
{
    struct read_cmd c = {.q = q, .now = nt_now_us()};
    const struct dlg_innbygger *b = NULL;
    int rc = -1;
    if (!dom_ident_gyldig(q->param))
        dlg_fail(&c.err, 400, "UgyldigIdent", "ident", "Ugyldig ident");
    else if (!(b = dlg_innbygger(q->api->dir, q->param)))
        dlg_fail(&c.err, 404, "UkjentInnbygger", "ident", "Ukjent innbygger");
    else if (dlg_org_rett(q->caller.org, b, DLG_LISTE, &c.err) == 0 &&
             bool_arg(q, "medSvar", true, &c.med_svar, &c.err) == 0)
        rc = read_run(q, list_for_citizen, &c);
    answer(q, &c, rc);
}

/* ---- The citizen ---- */

static int tray(struct store_tx *tx, void *arg)
{
    struct read_cmd *c = arg;
    struct store_stmt *st = store_prepare(
        tx, "SELECT d.id, CASE WHEN " DLG_SQL_ULEST " THEN 1 ELSE 0 END FROM dialog d WHERE " DLG_SQL_INNBOKS
            " AND ((? = 1 AND d.arkivert IS NOT NULL) OR (? = 0 AND d.arkivert IS NULL)) "
            "ORDER BY d.opprettet DESC, d.id DESC");
    store_bind_text(st, 1, c->q->caller.ident);
    store_bind_int64(st, 2, c->now);
    store_bind_int64(st, 3, c->arkivet);
    store_bind_int64(st, 4, c->arkivet);
    json_t *ids = json_array(), *unread = json_array();
    while (store_step(st) == STORE_ROW)
        if (!c->uleste || store_column_int64(st, 1)) {
            json_array_append_new(ids, json_string(store_column_text(st, 0)));
            json_array_append_new(unread, json_boolean(store_column_int64(st, 1)));
        }
    json_t *list = views(tx, c, ids);
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) json_object_set(v, "ulest", json_array_get(unread, i));
    json_decref(ids);
    json_decref(unread);
    struct store_stmt *n = store_prepare(
        tx, "SELECT count(*) FROM dialog d WHERE " DLG_SQL_INNBOKS " AND d.arkivert IS NULL AND " DLG_SQL_ULEST);
    store_bind_text(n, 1, c->q->caller.ident);
    store_bind_int64(n, 2, c->now);
    int64_t antall = store_step(n) == STORE_ROW ? store_column_int64(n, 0) : 0;
    c->result = json_pack("{s:I,s:o}", "antallUleste", (json_int_t)antall, "dialoger", list);
    return 0;
}

void dlg_meg_liste(struct dlg_req *q)
{
    struct read_cmd c = {.q = q, .now = nt_now_us(), .med_svar = true};
    const char *filter = http_query_arg(q->http, "filter");
    int rc = -1;
    if (filter && strcmp(filter, "alle") != 0 && strcmp(filter, "uleste") != 0)
        dlg_fail(&c.err, 400, "UgyldigForesporsel", "filter", "filter må være alle eller uleste");
    else if (bool_arg(q, "arkiv", false, &c.arkivet, &c.err) == 0) {
        c.uleste = filter && strcmp(filter, "uleste") == 0;
        rc = read_run(q, tray, &c);
    }
    answer(q, &c, rc);
}

static int own(struct store_tx *tx, void *arg)
{
    struct read_cmd *c = arg;
    struct store_stmt *st = store_prepare(
        tx, "SELECT 1 FROM dialog WHERE id = ? AND innbygger = ? AND "
            "(synlig_fra IS NULL OR synlig_fra <= ?)");
    store_bind_text(st, 1, c->q->param);
    store_bind_text(st, 2, c->q->caller.ident);
    store_bind_int64(st, 3, c->now);
    if (store_step(st) != STORE_ROW)
        return dlg_fail(&c->err, 404, "UkjentDialog", NULL, "Ukjent dialog %s", c->q->param);
    return view_of_param(tx, c);
}

void dlg_meg_hent(struct dlg_req *q)
{
    struct read_cmd c = {.q = q, .now = nt_now_us()};
    answer(q, &c, read_run(q, own, &c));
}

/* ---- The DPI link element ---- */

struct xml_cmd {
    struct read_cmd base;
    struct nt_buf xml;
};

static void text_from(json_t *l, const char *key, struct dom_lenke_tekst *t)
{
    json_t *o = json_object_get(l, key);
    t->tekst = json_string_value(json_object_get(o, "tekst"));
    t->lang = json_string_value(json_object_get(o, "lang"));
}

static int export_link(struct store_tx *tx, void *arg)
{
    struct xml_cmd *x = arg;
    struct read_cmd *c = &x->base;
    struct dlg_head h;
    if (!dlg_read_head(tx, c->q->param, &h))
        return dlg_fail(&c->err, 404, "UkjentDialog", NULL, "Ukjent dialog %s", c->q->param);
    if (dlg_org_ser_dialog(c->q->api, c->q->caller.org, h.innbygger, &h.parter, DLG_OPPRETT,
                           &c->err) != 0)
        return -1;
    struct store_stmt *st = store_prepare(
        tx, "SELECT lenke, lenke_frist, sikkerhetsniva FROM dialog WHERE id = ?");
    store_bind_text(st, 1, c->q->param);
    if (store_step(st) != STORE_ROW)
        return -2;
    if (!dlg_fullt_for(&c->q->caller, &h.parter, store_column_text(st, 2)))
        return dlg_fail(&c->err, 403, "IngenTilgang", NULL,
                        "Organisasjonen kan ikke se innholdet i denne dialogen");
    json_t *l = store_column_text(st, 0) ? json_loads(store_column_text(st, 0), 0, NULL) : NULL;
    if (!l)
        return dlg_fail(&c->err, 404, "IkkeFunnet", NULL, "Dialogen har ingen lenke");
    struct dom_lenke lenke = {.url = json_string_value(json_object_get(l, "url")),
                              .har_frist = store_column_text(st, 1) != NULL,
                              .frist_us = store_column_int64(st, 1)};
    text_from(l, "beskrivelse", &lenke.beskrivelse);
    text_from(l, "knappTekst", &lenke.knapp_tekst);
    dom_lenke_xml(&lenke, &x->xml);
    json_decref(l);
    return 0;
}

void dlg_lenke_xml(struct dlg_req *q)
{
    struct xml_cmd x = {.base = {.q = q, .now = nt_now_us()}};
    nt_buf_init(&x.xml, 0);
    int rc = read_run(q, export_link, &x.base);
    if (rc == 0)
        http_respond(q->http, 200, DOM_LENKE_MIME, nt_buf_str(&x.xml), x.xml.len);
    else
        answer(q, &x.base, rc);
    nt_buf_free(&x.xml);
}
