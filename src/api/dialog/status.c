/* Setting statuses (UpdateBesked / UpdateBeskedsvar setstatus; dialog.md
 * 2.4.6): a dialog's by its creating organisation on threads only, a
 * reply's by the organisation that wrote it, each change kept in the
 * history; setting the current status again changes nothing. */
#include "api/dialog/internal.h"
#include "base/clock.h"
#include "events/evlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct status_cmd {
    struct dlg_req *q;
    const char *value; /* as given */
    int64_t now;
    struct dlg_err err;
    char dialog_id[64];
    json_t *result;
};

static int emit_change(struct status_cmd *c, struct store_tx *tx, const char *type,
                       const char *svar_id, enum dom_status from, enum dom_status to)
{
    json_t *by = json_pack("{s:s}", "org", c->q->caller.org->party.kode);
    json_t *p = json_pack("{s:s,s:s?,s:s,s:s,s:I,s:o}", "dialogId", c->dialog_id, "svarId", svar_id,
                          "fra", dom_status_name(from), "til", dom_status_name(to), "tidspunkt",
                          (json_int_t)c->now, "utfortAv", by);
    char *text = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    struct evlog_event ev = {.aggregate_id = c->dialog_id, .type = type, .payload = text,
                             .producer = c->q->caller.client, .created_at = c->now};
    int rc = evlog_emit(tx, &ev);
    free(text);
    return rc == 0 ? 0 : dlg_fail(&c->err, 500, "Intern", NULL, "Statusen kunne ikke lagres");
}

static int refuse_value(struct status_cmd *c, const char *allowed)
{
    return dlg_fail(&c->err, 400, "UgyldigStatus", "status", "Status må være %s, fikk '%s'",
                    allowed, c->value ? c->value : "");
}

static int dialog_status_command(struct store_tx *tx, void *arg)
{
    struct status_cmd *c = arg;
    const struct dlg_org *org = c->q->caller.org;
    struct dlg_head h;
    snprintf(c->dialog_id, sizeof c->dialog_id, "%s", c->q->param);
    if (!dlg_read_head(tx, c->dialog_id, &h))
        return dlg_fail(&c->err, 404, "UkjentDialog", NULL, "Ukjent dialog %s", c->dialog_id);
    if (dlg_org_ser_dialog(c->q->api, org, h.innbygger, &h.parter, DLG_OPPRETT, &c->err) != 0)
        return -1;
    enum dom_status to;
    enum dom_statusendring change = dom_dialog_statusendring(h.status, c->value, &to);
    if (change == DOM_ENDRING_UGYLDIG)
        return refuse_value(c, "AFSLUTTET eller FEJLOPRETTET");
    if (h.kanal != DOM_KANAL_M2M)
        return dlg_fail(&c->err, 409, "StatusIkkeTillattForKanal", NULL,
                        "Status kan bare settes på kanal MYNDIGHET_TIL_MYNDIGHET");
    if (strcmp(h.parter.avsender_kode, org->party.kode) != 0)
        return dlg_fail(&c->err, 403, "IkkeOpprettendeOrganisasjon", NULL,
                        "Bare %s, som opprettet dialogen, kan sette status", h.parter.avsender_kode);
    if (change == DOM_ENDRING_OVERGANG)
        return dlg_fail(&c->err, 409, "UgyldigStatusovergang", "status",
                        "Status kan ikke gå fra %s til %s", dom_status_name(h.status),
                        dom_status_name(to));
    if (change == DOM_ENDRING_SAMME)
        return 0;
    return emit_change(c, tx, "DialogStatusEndret", NULL, h.status, to);
}

static int reply_status_command(struct store_tx *tx, void *arg)
{
    struct status_cmd *c = arg;
    const struct dlg_org *org = c->q->caller.org;
    struct store_stmt *st = store_prepare(
        tx, "SELECT dialog_id, avsender_type, avsender_org, status FROM dialog_svar WHERE id = ?");
    store_bind_text(st, 1, c->q->param);
    if (store_step(st) != STORE_ROW)
        return dlg_fail(&c->err, 404, "UkjentSvar", NULL, "Ukjent svar %s", c->q->param);
    snprintf(c->dialog_id, sizeof c->dialog_id, "%s", store_column_text(st, 0));
    bool own = strcmp(store_column_text(st, 1), "ORGANISASJON") == 0 &&
               strcmp(store_column_text(st, 2), org->party.kode) == 0;
    enum dom_status from = DOM_STATUS_AKTIV;
    dom_status_parse(store_column_text(st, 3), &from);
    struct dlg_head h;
    if (!dlg_read_head(tx, c->dialog_id, &h))
        return dlg_fail(&c->err, 404, "UkjentSvar", NULL, "Ukjent svar %s", c->q->param);
    if (dlg_org_ser_dialog(c->q->api, org, h.innbygger, &h.parter, DLG_OPPRETT, &c->err) != 0)
        return -1;
    enum dom_status to;
    enum dom_statusendring change = dom_svar_statusendring(from, c->value, &to);
    if (change == DOM_ENDRING_UGYLDIG)
        return refuse_value(c, "FEJLOPRETTET");
    if (!own)
        return dlg_fail(&c->err, 403, "IkkeEgetSvar", NULL,
                        "Bare organisasjonen som skrev svaret kan sette status");
    if (change == DOM_ENDRING_SAMME)
        return 0;
    return emit_change(c, tx, "SvarStatusEndret", c->q->param, from, to);
}

/* The reply as its thread shows it, for the answer. */
static json_t *reply_view(struct store_tx *tx, struct status_cmd *c)
{
    struct dlg_viewer v = {.api = c->q->api, .caller = &c->q->caller, .med_svar = true};
    json_t *dialog = dlg_view(tx, c->dialog_id, &v, c->now);
    json_t *found = NULL;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(dialog, "svar"), i, r) {
        if (strcmp(json_string_value(json_object_get(r, "id")), c->q->param) == 0)
            found = json_incref(r);
    }
    json_decref(dialog);
    return found ? found : json_object();
}

static int read_result(struct store_tx *tx, void *arg)
{
    struct status_cmd *c = arg;
    if (strcmp(c->dialog_id, c->q->param) == 0) {
        struct dlg_viewer v = {.api = c->q->api, .caller = &c->q->caller, .med_svar = true};
        c->result = dlg_view(tx, c->dialog_id, &v, c->now);
    } else {
        c->result = reply_view(tx, c);
    }
    return c->result ? 0 : -1;
}

static void set_status(struct dlg_req *q, store_fn *command)
{
    struct dlg_err e;
    json_t *body = dlg_body_object(q, &e);
    if (!body) {
        dlg_respond_error(q, &e);
        return;
    }
    static const char *const members[] = {"status", NULL};
    struct status_cmd c = {.q = q, .now = nt_now_us()};
    if (dlg_only_members(body, members, "", &c.err) != 0 ||
        dlg_opt_string(body, "status", &c.value, &c.err) != 0) {
        dlg_respond_error(q, &c.err);
        json_decref(body);
        return;
    }
    int rc = dlg_write(q, command, &c);
    if (rc == 0)
        rc = store_read(q->api->cfg.store, read_result, &c) == 0 ? 0 : -2;
    dlg_answer(q, rc, 200, c.result, &c.err);
    json_decref(body);
}

void dlg_dialog_status(struct dlg_req *q)
{
    set_status(q, dialog_status_command);
}

void dlg_svar_status(struct dlg_req *q)
{
    set_status(q, reply_status_command);
}
