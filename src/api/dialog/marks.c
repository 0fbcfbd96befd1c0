/* Seen and read marks (setmarkering; dialog.md 2.4.7) and the citizen's
 * archive label. A mark is per person: the citizen through /meg, an
 * employer's contact person through the employer's token, any other
 * organisation only as its own caseworker read. Without svarId a mark
 * covers the dialog and every reply in it; archived dialogs take none. */
#include "api/dialog/internal.h"
#include "base/clock.h"
#include "base/uuid.h"
#include "events/evlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mark_cmd {
    struct dlg_req *q;
    const char *type;
    const char *svar_id;
    const char *kontaktperson;
    bool arkivert; /* the archive label to set */
    int64_t now;
    struct dlg_err err;
    json_t *result;
};

static int emit(struct mark_cmd *c, struct store_tx *tx, const char *type, json_t *payload)
{
    char *text = json_dumps(payload, JSON_COMPACT);
    json_decref(payload);
    struct evlog_event ev = {.aggregate_id = c->q->param, .type = type, .payload = text,
                             .producer = c->q->caller.kind == DLG_ORG ? c->q->caller.client : NULL,
                             .created_at = c->now};
    int rc = evlog_emit(tx, &ev);
    free(text);
    return rc == 0 ? 0 : dlg_fail(&c->err, 500, "Intern", NULL, "Markeringen kunne ikke lagres");
}

/* The dialog, if the caller may see it at all. */
static int read_visible(struct store_tx *tx, struct mark_cmd *c, struct dlg_head *h)
{
    const struct dlg_caller *who = &c->q->caller;
    bool found = dlg_read_head(tx, c->q->param, h);
    if (who->kind == DLG_INNBYGGER && found && strcmp(h->innbygger, who->ident) != 0)
        found = false;
    if (!found)
        return dlg_fail(&c->err, 404, "UkjentDialog", NULL, "Ukjent dialog %s", c->q->param);
    if (who->kind == DLG_ORG)
        return dlg_org_ser_dialog(c->q->api, who->org, h->innbygger, &h->parter, DLG_MARKER, &c->err);
    return 0;
}

static json_t *actor(const struct mark_cmd *c, const struct dlg_head *h)
{
    const struct dlg_caller *who = &c->q->caller;
    if (who->kind == DLG_INNBYGGER)
        return json_pack("{s:s,s:s}", "type", "INNBYGGER", "ident", h->innbygger);
    if (who->org->type == DOM_ORG_VIRKSOMHET)
        return json_pack("{s:s,s:s,s:s}", "type", "KONTAKTPERSON", "ident", c->kontaktperson,
                         "org", who->org->party.kode);
    return json_pack("{s:s,s:s,s:s}", "type", "SAKSBEHANDLER", "ident", who->org->party.kode,
                     "org", who->org->party.kode);
}

static bool reply_in_dialog(struct store_tx *tx, const char *svar_id, const char *dialog_id)
{
    struct store_stmt *st = store_prepare(tx, "SELECT dialog_id FROM dialog_svar WHERE id = ?");
    store_bind_text(st, 1, svar_id);
    return store_step(st) == STORE_ROW && strcmp(store_column_text(st, 0), dialog_id) == 0;
}

/* The store may run a command again after a lost race: start afresh. */
static void restart(struct mark_cmd *c)
{
    json_decref(c->result);
    c->result = NULL;
}

static int mark_command(struct store_tx *tx, void *arg)
{
    struct mark_cmd *c = arg;
    restart(c);
    struct dlg_head h;
    if (read_visible(tx, c, &h) != 0)
        return -1;
    bool employer = c->q->caller.kind == DLG_ORG && c->q->caller.org->type == DOM_ORG_VIRKSOMHET;
    if (employer && !c->kontaktperson)
        return dlg_fail(&c->err, 400, "UgyldigForesporsel", "kontaktperson",
                        "En virksomhet markerer for en kontaktperson (kontaktperson mangler)");
    if (!employer && c->kontaktperson)
        return dlg_fail(&c->err, 400, "UgyldigForesporsel", "kontaktperson",
                        "Bare en virksomhet markerer for en kontaktperson");
    if (c->svar_id && !reply_in_dialog(tx, c->svar_id, c->q->param))
        return dlg_fail(&c->err, 404, "UkjentSvar", "svarId", "Ukjent svar %s", c->svar_id);
    if (h.arkivert)
        return dlg_fail(&c->err, 409, "Arkivert", NULL, "Arkiverte dialoger kan ikke markeres");
    json_t *p = json_pack("{s:s,s:s?,s:s,s:o,s:I}", "dialogId", c->q->param, "svarId", c->svar_id,
                          "type", c->type, "aktor", actor(c, &h), "tidspunkt", (json_int_t)c->now);
    if (emit(c, tx, "DialogMarkert", p) != 0)
        return -1;
    const char *maal = c->svar_id ? "SVAR" : "DIALOG";
    c->result = json_pack("{s:o,s:o}", "tidspunkt", dlg_time_json(c->now), "markeringer",
                          dlg_marks_json(tx, maal, c->svar_id ? c->svar_id : c->q->param,
                                         &c->q->caller));
    return 0;
}

static int parse_mark(struct mark_cmd *c, json_t *body)
{
    static const char *const org_members[] = {"type", "svarId", "kontaktperson", NULL};
    static const char *const citizen_members[] = {"type", "svarId", NULL};
    bool citizen = c->q->caller.kind == DLG_INNBYGGER;
    if (dlg_only_members(body, citizen ? citizen_members : org_members, "", &c->err) != 0 ||
        dlg_req_string(body, "type", &c->type, &c->err) != 0 ||
        dlg_opt_string(body, "svarId", &c->svar_id, &c->err) != 0 ||
        dlg_opt_string(body, "kontaktperson", &c->kontaktperson, &c->err) != 0)
        return -1;
    if (strcmp(c->type, "VIST") != 0 && strcmp(c->type, "LEST") != 0)
        return dlg_fail(&c->err, 400, "UgyldigForesporsel", "type", "type må være VIST eller LEST");
    if (c->kontaktperson && !nt_uuid_valid(c->kontaktperson))
        return dlg_fail(&c->err, 400, "UgyldigForesporsel", "kontaktperson",
                        "kontaktperson må være en GUID");
    return 0;
}

static void run(struct dlg_req *q, store_fn *command, int (*parse)(struct mark_cmd *, json_t *))
{
    struct mark_cmd c = {.q = q, .now = nt_now_us()};
    json_t *body = dlg_body_object(q, &c.err);
    if (!body || parse(&c, body) != 0) {
        dlg_respond_error(q, &c.err);
        json_decref(body);
        return;
    }
    int rc = dlg_write(q, command, &c);
    dlg_answer(q, rc, 200, c.result, &c.err);
    json_decref(body);
}

void dlg_marker(struct dlg_req *q)
{
    run(q, mark_command, parse_mark);
}

void dlg_meg_marker(struct dlg_req *q)
{
    run(q, mark_command, parse_mark);
}

/* ---- The archive label ---- */

static int archive_command(struct store_tx *tx, void *arg)
{
    struct mark_cmd *c = arg;
    restart(c);
    struct dlg_head h;
    if (read_visible(tx, c, &h) != 0)
        return -1;
    if (h.arkivert != c->arkivert) {
        json_t *p = json_pack("{s:s,s:b,s:I}", "dialogId", c->q->param, "arkivert", c->arkivert,
                              "tidspunkt", (json_int_t)c->now);
        if (emit(c, tx, "DialogArkivert", p) != 0)
            return -1;
    }
    struct dlg_viewer v = {.api = c->q->api, .caller = &c->q->caller, .med_svar = true};
    c->result = dlg_view(tx, c->q->param, &v, c->now);
    return c->result ? 0 : dlg_fail(&c->err, 500, "Intern", NULL, "Dialogen kunne ikke leses");
}

static int parse_archive(struct mark_cmd *c, json_t *body)
{
    static const char *const members[] = {"arkivert", NULL};
    if (dlg_only_members(body, members, "", &c->err) != 0)
        return -1;
    if (!json_is_boolean(json_object_get(body, "arkivert")))
        return dlg_fail(&c->err, 400, "UgyldigForesporsel", "arkivert",
                        "arkivert må være true eller false");
    c->arkivert = json_is_true(json_object_get(body, "arkivert"));
    return 0;
}

void dlg_meg_arkiv(struct dlg_req *q)
{
    run(q, archive_command, parse_archive);
}
