/* Replies in a thread (CreateMessageReply, CreateHistoricMessageReply;
 * dialog.md 2.4.1, 2.4.6, 2.4.12): only on MYNDIGHET_TIL_MYNDIGHET
 * dialogs whose svartype lets the author answer, only by the two parties
 * and the citizen, never on a closed thread; historic replies are
 * delivered to no one. */
#include "api/dialog/internal.h"
#include "base/clock.h"
#include "base/uuid.h"
#include "domain/oslo_time.h"
#include "events/evlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reply_in {
    bool historisk;
    bool innbygger; /* the citizen answers (/meg) */
    char hash[65];
    const char *ekstern_id;
    const char *tekst;
    struct dlg_lenke_in lenke;
    json_t *vedlegg; /* owned */
    json_t *person;  /* owned or NULL */
    int64_t opprettet;
};

static int parse_hendelsesdag(json_t *body, struct reply_in *in, int64_t now, struct dlg_err *e)
{
    const char *day;
    struct dom_local l;
    if (dlg_req_string(body, "hendelsesdag", &day, e) != 0)
        return -1;
    if (!dom_parse_date(day, &l))
        return dlg_fail(e, 400, "UgyldigForesporsel", "hendelsesdag",
                        "hendelsesdag må være en dato (ÅÅÅÅ-MM-DD), fikk '%s'", day);
    l.hour = l.minute = l.second = l.micro = 0;
    in->opprettet = dom_oslo_local_to_instant(&l);
    if (dlg_after_today(in->opprettet, now))
        return dlg_fail(e, 400, "HendelsesdagIFremtiden", "hendelsesdag",
                        "hendelsesdag må være på eller før dagens dato");
    if (in->opprettet > now) /* today: the day has begun, so its start is past */
        in->opprettet = now;
    return 0;
}

static int parse_reply(json_t *body, struct reply_in *in, int64_t now, struct dlg_err *e)
{
    static const char *const org_members[] = {"eksternId", "tekst", "lenke", "vedlegg",
                                              "avsenderPerson", NULL};
    static const char *const historic_members[] = {"eksternId", "tekst", "lenke", "vedlegg",
                                                   "avsenderPerson", "hendelsesdag", NULL};
    static const char *const citizen_members[] = {"eksternId", "tekst", NULL};
    const char *const *allowed = in->innbygger   ? citizen_members
                                 : in->historisk ? historic_members
                                                 : org_members;
    in->opprettet = now;
    dlg_hash_json(body, in->historisk ? "historisk-svar" : "svar", in->hash);
    if (dlg_only_members(body, allowed, "", e) != 0 ||
        dlg_parse_ekstern_id(body, &in->ekstern_id, e) != 0 ||
        dlg_req_string(body, "tekst", &in->tekst, e) != 0 ||
        dlg_parse_lenke(body, &in->lenke, e) != 0 ||
        dlg_parse_vedlegg_ids(body, &in->vedlegg, e) != 0 ||
        dlg_parse_person(body, &in->person, e) != 0)
        return -1;
    return in->historisk ? parse_hendelsesdag(body, in, now, e) : 0;
}

struct reply_cmd {
    struct dlg_req *q;
    struct reply_in *in;
    int64_t now;
    struct dlg_err err;
    char id[37];
    bool replayed;
};

static const char *author_key(const struct reply_cmd *c)
{
    return c->in->innbygger ? "INNBYGGER" : c->q->caller.org->kode;
}

/* 1 with the earlier reply's id, 0 when new, -1 on a conflict. */
static int find_earlier(struct store_tx *tx, struct reply_cmd *c)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT id, foresporsel FROM dialog_svar WHERE dialog_id = ? AND avsender_kilde = ? "
            "AND ekstern_id = ?");
    store_bind_text(st, 1, c->q->param);
    store_bind_text(st, 2, author_key(c));
    store_bind_text(st, 3, c->in->ekstern_id);
    if (store_step(st) != STORE_ROW)
        return 0;
    if (strcmp(store_column_text(st, 1), c->in->hash) != 0)
        return dlg_fail(&c->err, 409, "EksternIdKonflikt", "eksternId",
                        "eksternId '%s' er brukt før med et annet innhold", c->in->ekstern_id);
    snprintf(c->id, sizeof c->id, "%s", store_column_text(st, 0));
    return 1;
}

static int check_access(struct store_tx *tx, struct reply_cmd *c, const struct dlg_head *h)
{
    const struct dlg_caller *who = &c->q->caller;
    if (c->in->innbygger)
        return 0; /* own dialog: checked when it was read */
    if (dlg_org_ser_dialog(c->q->api, who->org, h->innbygger, &h->parter, DLG_OPPRETT, &c->err) != 0)
        return -1;
    if (!dlg_er_part(who->org, &h->parter))
        return dlg_fail(&c->err, 403, "IngenTilgang", NULL,
                        "Bare dialogens to organisasjoner og innbyggeren kan svare");
    return dlg_check_vedlegg_owner(tx, c->in->vedlegg, who->org->kode, &c->err);
}

static int check_rules(struct reply_cmd *c, const struct dlg_head *h)
{
    if (dlg_check_tekst("tekst", c->in->tekst, DOM_SVAR_TEKST_MAKS, "et svar", &c->err) != 0 ||
        dlg_check_lenke(&c->in->lenke, c->now, c->in->historisk, &c->err) != 0)
        return -1;
    bool allowed = c->in->innbygger ? dom_svartype_tillater_innbygger(h->svartype)
                                    : dom_svartype_tillater_org(h->svartype);
    if (dom_kanal_enveis(h->kanal) || !allowed)
        return dlg_fail(&c->err, 409, "SvarIkkeTillatt", NULL,
                        "Dialogen kan ikke besvares av %s (kanal %s, svartype %s)",
                        c->in->innbygger ? "innbyggeren" : "organisasjonen",
                        dom_kanal_name(h->kanal), dom_svartype_name(h->svartype));
    if (!c->in->historisk && !dom_dialog_aapen(h->status))
        return dlg_fail(&c->err, 409, "DialogAvsluttet", NULL, "Dialogen er %s",
                        dom_status_name(h->status));
    return 0;
}

static json_t *reply_payload(const struct reply_cmd *c)
{
    const struct reply_in *in = c->in;
    json_t *avsender;
    if (in->innbygger) {
        avsender = json_pack("{s:s,s:s}", "type", "INNBYGGER", "kilde", "INNBYGGER");
    } else {
        const struct dlg_org *org = c->q->caller.org;
        avsender = json_pack("{s:s,s:s,s:s,s:s}", "type", "ORGANISASJON", "org", org->party.kode,
                             "orgType", dom_orgtype_name(org->party.type), "kilde", org->kode);
        if (in->person)
            json_object_set(avsender, "person", in->person);
    }
    json_t *p = json_pack("{s:s,s:s,s:s?,s:s?,s:o,s:s}", "svarId", c->id, "dialogId", c->q->param,
                          "eksternId", in->ekstern_id, "foresporsel",
                          in->ekstern_id ? in->hash : NULL, "avsender", avsender, "tekst", in->tekst);
    json_t *lenke = dlg_lenke_event(&in->lenke);
    if (lenke)
        json_object_set_new(p, "lenke", lenke);
    json_object_set(p, "vedlegg", in->vedlegg);
    json_object_set_new(p, "opprettet", json_integer(in->opprettet));
    json_object_set_new(p, "historisk", json_boolean(in->historisk));
    return p;
}

static int reply_command(struct store_tx *tx, void *arg)
{
    struct reply_cmd *c = arg;
    c->replayed = false; /* the store may run a command again after a lost race */
    struct dlg_head h;
    bool own = dlg_read_head(tx, c->q->param, &h) &&
               (!c->in->innbygger || strcmp(h.innbygger, c->q->caller.ident) == 0);
    if (!own)
        return dlg_fail(&c->err, 404, "UkjentDialog", NULL, "Ukjent dialog %s", c->q->param);
    if (c->in->ekstern_id) {
        int earlier = find_earlier(tx, c);
        if (earlier != 0) {
            c->replayed = earlier > 0;
            return earlier > 0 ? 0 : -1;
        }
    }
    if (check_access(tx, c, &h) != 0 || check_rules(c, &h) != 0)
        return -1;
    nt_uuid_v7(c->id, c->now / 1000);
    json_t *payload = reply_payload(c);
    char *text = json_dumps(payload, JSON_COMPACT);
    json_decref(payload);
    struct evlog_event ev = {.aggregate_id = c->q->param,
                             .type = c->in->historisk ? "SvarImportert" : "SvarLagtTil",
                             .payload = text,
                             .producer = c->in->innbygger ? NULL : c->q->caller.client,
                             .created_at = c->now};
    int rc = evlog_emit(tx, &ev);
    free(text);
    return rc == 0 ? 0 : dlg_fail(&c->err, 500, "Intern", NULL, "Svaret kunne ikke lagres");
}

static void reply(struct dlg_req *q, bool historic, bool citizen)
{
    struct dlg_err e;
    json_t *body = dlg_body_object(q, &e);
    if (!body) {
        dlg_respond_error(q, &e);
        return;
    }
    struct reply_in in = {.historisk = historic, .innbygger = citizen};
    struct reply_cmd c = {.q = q, .in = &in, .now = nt_now_us()};
    if (parse_reply(body, &in, c.now, &c.err) != 0) {
        dlg_respond_error(q, &c.err);
    } else {
        int rc = dlg_write(q, reply_command, &c);
        dlg_answer(q, rc, c.replayed ? 200 : 201, rc == 0 ? json_pack("{s:s}", "id", c.id) : NULL,
                   &c.err);
    }
    json_decref(in.vedlegg);
    json_decref(in.person);
    json_decref(body);
}

void dlg_svar(struct dlg_req *q)
{
    reply(q, false, false);
}

void dlg_historisk_svar(struct dlg_req *q)
{
    reply(q, true, false);
}

void dlg_meg_svar(struct dlg_req *q)
{
    reply(q, false, true);
}
