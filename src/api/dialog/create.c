/* Creating dialogs (CreateMessage) and importing historic ones
 * (CreateHistoricMessage): dialog.md 2.4.1-2.4.5, 2.4.12, 2.4.13. The body
 * is read and shaped first; then one store command checks, in the spec's
 * order, idempotency, citizens and rights, fields, and business rules,
 * and writes one event per citizen, all or nothing. */
#include "api/dialog/internal.h"
#include "base/alloc.h"
#include "base/clock.h"
#include "base/uuid.h"
#include "domain/dialog/ident.h"
#include "events/evlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAKS_INNBYGGERE 500

struct create_in {
    bool historisk;
    char hash[65];
    const char *ekstern_id;
    json_t *innbyggere; /* borrowed from the body */
    enum dom_kanal kanal;
    json_t *meldingstype; /* borrowed integer or NULL */
    enum dom_svartype svartype;
    const char *mottaker_kode;
    enum dom_orgtype mottaker_type;
    const char *tittel;
    const char *tekst;
    bool vis_i_innboks;
    const char *sikkerhetsniva;
    bool har_synlig_fra;
    int64_t synlig_fra;
    struct dlg_lenke_in lenke;
    json_t *vedlegg; /* owned */
    json_t *person;  /* owned or NULL */
    int64_t opprettet;
    enum dom_status status;
    bool har_lest;
    int64_t lest;
};

/* ---- Shape (step 2) ---- */

static int parse_kanal(json_t *body, enum dom_kanal *out, struct dlg_err *e)
{
    json_t *k = json_object_get(body, "kanal");
    char alias[12] = "";
    if (json_is_integer(k) && json_integer_value(k) >= 3 && json_integer_value(k) <= 4)
        snprintf(alias, sizeof alias, "%d", (int)json_integer_value(k));
    if (dom_kanal_parse(json_is_string(k) ? json_string_value(k) : alias, out))
        return 0;
    return dlg_fail(e, 400, "UgyldigForesporsel", "kanal",
                    "kanal må være SMS, EPOST, VARSEL eller MYNDIGHET_TIL_MYNDIGHET");
}

static int parse_innbyggere(json_t *body, json_t **out, struct dlg_err *e)
{
    json_t *list = json_object_get(body, "innbyggere");
    if (!json_is_array(list) || json_array_size(list) < 1 || json_array_size(list) > MAKS_INNBYGGERE)
        return dlg_fail(e, 400, "UgyldigForesporsel", "innbyggere",
                        "innbyggere må være en liste med 1 til %d identer", MAKS_INNBYGGERE);
    if (dlg_check_string_list(list, "innbyggere", e) != 0)
        return -1;
    size_t i;
    json_t *ident;
    json_array_foreach(list, i, ident) {
        if (!dom_ident_gyldig(json_string_value(ident))) {
            char felt[48];
            snprintf(felt, sizeof felt, "innbyggere[%zu]", i);
            return dlg_fail(e, 400, "UgyldigIdent", felt, "%s er verken et gyldig fødselsnummer "
                            "eller et gyldig CPR-nummer", felt);
        }
    }
    *out = list;
    return 0;
}

static int parse_mottaker(json_t *body, struct create_in *in, struct dlg_err *e)
{
    json_t *m = json_object_get(body, "mottaker");
    if (!m || json_is_null(m))
        return 0;
    static const char *const members[] = {"kode", "type", NULL};
    if (!json_is_object(m))
        return dlg_fail(e, 400, "UgyldigForesporsel", "mottaker", "mottaker må være et objekt");
    if (dlg_only_members(m, members, "mottaker.", e) != 0)
        return -1;
    const char *kode = json_string_value(json_object_get(m, "kode"));
    if (!kode || !*kode)
        return dlg_fail(e, 400, "UgyldigForesporsel", "mottaker.kode", "mottaker.kode mangler");
    if (!dom_orgtype_parse(json_string_value(json_object_get(m, "type")), &in->mottaker_type))
        return dlg_fail(e, 400, "UgyldigForesporsel", "mottaker.type",
                        "mottaker.type må være STAR, JOBCENTER, AKASSE, KOMMUNE eller VIRKSOMHET");
    in->mottaker_kode = kode;
    return 0;
}

static int parse_enums(json_t *body, struct create_in *in, struct dlg_err *e)
{
    json_t *t = json_object_get(body, "meldingstype");
    if (t && !json_is_null(t)) {
        if (!json_is_integer(t) || json_integer_value(t) < 1)
            return dlg_fail(e, 400, "UgyldigForesporsel", "meldingstype",
                            "meldingstype må være et positivt heltall");
        in->meldingstype = t;
    }
    const char *s;
    if (dlg_opt_string(body, "svartype", &s, e) != 0)
        return -1;
    in->svartype = DOM_SVAR_INGEN;
    if (s && !dom_svartype_parse(s, &in->svartype))
        return dlg_fail(e, 400, "UgyldigForesporsel", "svartype",
                        "svartype må være INGEN, SAKSBEHANDLER eller INNBYGGER_OG_SAKSBEHANDLER");
    if (dlg_opt_string(body, "sikkerhetsniva", &s, e) != 0)
        return -1;
    in->sikkerhetsniva = s ? s : "substantial";
    if (strcmp(in->sikkerhetsniva, "substantial") != 0 && strcmp(in->sikkerhetsniva, "high") != 0)
        return dlg_fail(e, 400, "UgyldigForesporsel", "sikkerhetsniva",
                        "sikkerhetsniva må være substantial eller high");
    return 0;
}

/* opprettet, status and lestAvInnbygger of a historic import. */
static int parse_historic(json_t *body, struct create_in *in, int64_t now, struct dlg_err *e)
{
    bool present;
    if (dlg_opt_instant(body, "opprettet", &present, &in->opprettet, e) != 0)
        return -1;
    if (!present || in->opprettet > now)
        return dlg_fail(e, 400, "UgyldigForesporsel", "opprettet",
                        "opprettet må være et tidspunkt som har vært");
    if (!in->har_synlig_fra)
        return dlg_fail(e, 400, "UgyldigForesporsel", "synligFra", "synligFra mangler");
    const char *status;
    if (dlg_opt_string(body, "status", &status, e) != 0)
        return -1;
    in->status = DOM_STATUS_AKTIV;
    if (status && !dom_historisk_status(status, &in->status))
        return dlg_fail(e, 400, "UgyldigStatus", "status",
                        "en historisk dialog kan bare være AKTIV eller AFSLUTTET");
    if (dlg_opt_instant(body, "lestAvInnbygger", &in->har_lest, &in->lest, e) != 0)
        return -1;
    if (in->har_lest && in->lest > now)
        return dlg_fail(e, 400, "UgyldigForesporsel", "lestAvInnbygger",
                        "lestAvInnbygger kan ikke være i fremtiden");
    return 0;
}

static int parse_create(json_t *body, bool historic, int64_t now, struct create_in *in,
                        struct dlg_err *e)
{
    static const char *const members[] = {
        "eksternId", "innbyggere", "kanal", "meldingstype", "svartype", "mottaker", "tittel",
        "tekst", "visIInnboks", "synligFra", "sikkerhetsniva", "lenke", "vedlegg",
        "avsenderPerson", "opprettet", "status", "lestAvInnbygger", NULL};
    /* the last three belong to the historic import only */
    static const char *const *const normal = members;
    const char *const *allowed = normal;
    const char *limited[sizeof members / sizeof members[0]];
    if (!historic) {
        memcpy(limited, members, sizeof limited);
        limited[14] = NULL;
        allowed = limited;
    }
    in->historisk = historic;
    in->opprettet = now;
    in->status = DOM_STATUS_AKTIV;
    dlg_hash_json(body, historic ? "historikk" : "opprett", in->hash);
    if (dlg_only_members(body, allowed, "", e) != 0 || dlg_parse_ekstern_id(body, &in->ekstern_id, e) != 0 ||
        parse_innbyggere(body, &in->innbyggere, e) != 0 || parse_kanal(body, &in->kanal, e) != 0 ||
        parse_enums(body, in, e) != 0 || parse_mottaker(body, in, e) != 0 ||
        dlg_req_string(body, "tittel", &in->tittel, e) != 0 ||
        dlg_req_string(body, "tekst", &in->tekst, e) != 0 ||
        dlg_opt_bool(body, "visIInnboks", true, &in->vis_i_innboks, e) != 0 ||
        dlg_opt_instant(body, "synligFra", &in->har_synlig_fra, &in->synlig_fra, e) != 0 ||
        dlg_parse_lenke(body, &in->lenke, e) != 0 ||
        dlg_parse_vedlegg_ids(body, &in->vedlegg, e) != 0 ||
        dlg_parse_person(body, &in->person, e) != 0)
        return -1;
    return historic ? parse_historic(body, in, now, e) : 0;
}

/* ---- The store command ---- */

struct create_cmd {
    struct dlg_req *q;
    struct create_in *in;
    int64_t now;
    struct dlg_err err;
    json_t *result; /* {dialoger: [...]} */
    bool replayed;
};

/* 1 with the first answer when the request was made before, 0 when new,
 * -1 on a reused eksternId with another body. */
static int find_earlier(struct store_tx *tx, const char *kilde, const struct create_in *in,
                        json_t **result, struct dlg_err *e)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT id, innbygger, foresporsel FROM dialog WHERE avsender_kilde = ? AND "
            "ekstern_id = ? ORDER BY pos");
    store_bind_text(st, 1, kilde);
    store_bind_text(st, 2, in->ekstern_id);
    json_t *list = json_array();
    bool same = true;
    while (store_step(st) == STORE_ROW) {
        same = same && strcmp(store_column_text(st, 2), in->hash) == 0;
        json_array_append_new(list, json_pack("{s:s,s:s}", "id", store_column_text(st, 0),
                                              "innbygger", store_column_text(st, 1)));
    }
    if (json_array_size(list) == 0) {
        json_decref(list);
        return 0;
    }
    if (!same) {
        json_decref(list);
        return dlg_fail(e, 409, "EksternIdKonflikt", "eksternId",
                        "eksternId '%s' er brukt før med et annet innhold", in->ekstern_id);
    }
    *result = json_pack("{s:o}", "dialoger", list);
    return 1;
}

static int check_citizens(struct create_cmd *c, const struct dlg_innbygger **who)
{
    const struct dlg_org *org = c->q->caller.org;
    size_t n = json_array_size(c->in->innbyggere);
    for (size_t i = 0; i < n; i++) {
        const char *ident = json_string_value(json_array_get(c->in->innbyggere, i));
        if (!(who[i] = dlg_innbygger(c->q->api->dir, ident))) {
            char felt[48];
            snprintf(felt, sizeof felt, "innbyggere[%zu]", i);
            return dlg_fail(&c->err, 404, "UkjentInnbygger", felt, "Ukjent innbygger i %s", felt);
        }
    }
    for (size_t i = 0; i < n; i++)
        if (dlg_org_rett(org, who[i], DLG_OPPRETT, &c->err) != 0)
            return -1;
    if (org->type == DOM_ORG_VIRKSOMHET && c->in->kanal != DOM_KANAL_VARSEL &&
        c->in->kanal != DOM_KANAL_EPOST)
        return dlg_fail(&c->err, 403, "IngenTilgang", "kanal",
                        "En virksomhet kan bare sende VARSEL eller EPOST");
    return 0;
}

static int check_fields(struct create_cmd *c)
{
    const struct create_in *in = c->in;
    char what[48];
    snprintf(what, sizeof what, "kanal %s", dom_kanal_name(in->kanal));
    if (dlg_check_tekst("tittel", in->tittel, DOM_TITTEL_MAKS, "tittel", &c->err) != 0 ||
        dlg_check_tekst("tekst", in->tekst, dom_kanal_tekst_maks(in->kanal), what, &c->err) != 0)
        return -1;
    return dlg_check_lenke(&in->lenke, c->now, in->historisk, &c->err);
}

static bool is_type_11_or_12(json_t *t)
{
    return t && (json_integer_value(t) == 11 || json_integer_value(t) == 12);
}

static int check_business(struct create_cmd *c)
{
    const struct create_in *in = c->in;
    const struct dlg_org *org = c->q->caller.org;
    struct dlg_err *e = &c->err;
    if (in->kanal == DOM_KANAL_SMS && org->type != DOM_ORG_STAR)
        return dlg_fail(e, 403, "SmsKunForStar", "kanal", "Bare STAR kan bruke kanal SMS");
    if (is_type_11_or_12(in->meldingstype) && org->type != DOM_ORG_AKASSE)
        return dlg_fail(e, 403, "MeldingstypeIkkeTillatt", "meldingstype",
                        "Meldingstype %lld kan bare opprettes av en a-kasse",
                        (long long)json_integer_value(in->meldingstype));
    if (is_type_11_or_12(in->meldingstype) && in->kanal != DOM_KANAL_M2M)
        return dlg_fail(e, 400, "MeldingstypeIkkeTillatt", "meldingstype",
                        "Meldingstype %lld må sendes på kanal MYNDIGHET_TIL_MYNDIGHET",
                        (long long)json_integer_value(in->meldingstype));
    if (dom_kanal_enveis(in->kanal) && in->svartype != DOM_SVAR_INGEN)
        return dlg_fail(e, 400, "SvarIkkeStottetForKanal", "svartype",
                        "Kanal %s er enveis og tar bare svartype INGEN", dom_kanal_name(in->kanal));
    if (in->kanal == DOM_KANAL_M2M && !in->mottaker_kode)
        return dlg_fail(e, 400, "UgyldigMottaker", "mottaker",
                        "Kanal MYNDIGHET_TIL_MYNDIGHET krever en mottaker");
    if (dom_kanal_enveis(in->kanal) && in->mottaker_kode)
        return dlg_fail(e, 400, "UgyldigMottaker", "mottaker",
                        "Kanal %s har ingen mottakende organisasjon", dom_kanal_name(in->kanal));
    if (in->historisk && dlg_after_today(in->synlig_fra, c->now))
        return dlg_fail(e, 400, "SynligFraIFremtiden", "synligFra",
                        "synligFra må være på eller før dagens dato");
    return 0;
}

/* The receiving organisation for one citizen (dialog.md 2.4.4): "99999"
 * means the citizen's own main jobcenter or a-kasse. */
static const struct dlg_org *receiver_for(struct create_cmd *c, const struct dlg_innbygger *b)
{
    const struct create_in *in = c->in;
    const struct dlg_directory *dir = c->q->api->dir;
    struct dlg_err *e = &c->err;
    const char *kode = in->mottaker_kode;
    bool unknown = strcmp(kode, "99999") == 0;
    if (unknown && in->mottaker_type == DOM_ORG_AKASSE && !b->akasse) {
        dlg_fail(e, 409, "InnbyggerHarIngenAkasse", "mottaker", "Innbyggeren har ingen a-kasse");
        return NULL;
    }
    if (unknown && in->mottaker_type == DOM_ORG_JOBCENTER)
        kode = b->jobcenter;
    else if (unknown && in->mottaker_type == DOM_ORG_AKASSE)
        kode = b->akasse;
    const struct dlg_org *to = dlg_org_by_kode(dir, kode);
    if (in->mottaker_type == DOM_ORG_JOBCENTER) {
        if (!to || to->type != DOM_ORG_JOBCENTER || to->underenhet ||
            !b->jobcenter || strcmp(b->jobcenter, to->kode) != 0) {
            dlg_fail(e, 400, "UgyldigJobcenter", "mottaker.kode",
                     "Mottakeren må være innbyggerens hovedjobcenter (nummer som ender på 00)");
            return NULL;
        }
    } else if (!to || to->type != in->mottaker_type || in->mottaker_type == DOM_ORG_ANDEN_AKTOR) {
        dlg_fail(e, 400, "UgyldigMottaker", "mottaker", "Ukjent mottaker %s", in->mottaker_kode);
        return NULL;
    }
    if (strcmp(to->party.kode, c->q->caller.org->party.kode) == 0) {
        dlg_fail(e, 400, "UgyldigMottaker", "mottaker", "Mottakeren kan ikke være avsenderen");
        return NULL;
    }
    return to;
}

static json_t *delivery_for(const struct create_in *in, const struct dlg_innbygger *b)
{
    if (in->historisk || (in->kanal != DOM_KANAL_SMS && in->kanal != DOM_KANAL_EPOST))
        return NULL;
    const char *til = in->kanal == DOM_KANAL_SMS ? b->mobil : b->epost;
    if (!til)
        return json_pack("{s:s,s:s,s:s}", "kanal", dom_kanal_name(in->kanal), "status", "FEILET",
                         "arsak", "INGEN_KONTAKTINFO");
    return json_pack("{s:s,s:s,s:s}", "kanal", dom_kanal_name(in->kanal), "til", til, "status",
                     "BESTILT");
}

static json_t *event_payload(struct create_cmd *c, size_t pos, const char *id,
                             const struct dlg_innbygger *b, const struct dlg_org *to)
{
    const struct create_in *in = c->in;
    const struct dlg_org *org = c->q->caller.org;
    const struct dlg_org *named = dlg_org_by_kode(c->q->api->dir, org->party.kode);
    json_t *avsender = json_pack("{s:s,s:s,s:s,s:s}", "org", org->party.kode, "type",
                                 dom_orgtype_name(org->party.type), "kilde", org->kode, "navn",
                                 named ? named->navn : org->navn);
    if (in->person)
        json_object_set(avsender, "person", in->person);
    json_t *p = json_pack("{s:s,s:I,s:s?,s:s?,s:o,s:s,s:s,s:O?,s:s}", "dialogId", id, "pos",
                          (json_int_t)pos, "eksternId", in->ekstern_id, "foresporsel",
                          in->ekstern_id ? in->hash : NULL, "avsender", avsender, "innbygger",
                          b->ident, "kanal", dom_kanal_name(in->kanal), "meldingstype",
                          in->meldingstype, "svartype", dom_svartype_name(in->svartype));
    if (to)
        json_object_set_new(p, "mottaker", json_pack("{s:s,s:s}", "kode", to->party.kode, "type",
                                                     dom_orgtype_name(to->party.type)));
    json_object_set_new(p, "tittel", json_string(in->tittel));
    json_object_set_new(p, "tekst", json_string(in->tekst));
    json_object_set_new(p, "visIInnboks", json_boolean(in->vis_i_innboks));
    json_object_set_new(p, "sikkerhetsniva", json_string(in->sikkerhetsniva));
    if (in->har_synlig_fra)
        json_object_set_new(p, "synligFra", json_integer(in->synlig_fra));
    json_object_set_new(p, "opprettet", json_integer(in->opprettet));
    json_object_set_new(p, "historisk", json_boolean(in->historisk));
    json_object_set_new(p, "status", json_string(dom_status_name(in->status)));
    json_t *lenke = dlg_lenke_event(&in->lenke);
    if (lenke)
        json_object_set_new(p, "lenke", lenke);
    json_object_set(p, "vedlegg", in->vedlegg);
    json_t *lev = delivery_for(in, b);
    if (lev)
        json_object_set_new(p, "levering", lev);
    if (in->har_lest)
        json_object_set_new(p, "lestAvInnbygger", json_integer(in->lest));
    return p;
}

static int emit(struct create_cmd *c, struct store_tx *tx, const char *id, json_t *payload)
{
    char *text = json_dumps(payload, JSON_COMPACT);
    struct evlog_event ev = {.aggregate_id = id,
                             .type = c->in->historisk ? "DialogImportert" : "DialogOpprettet",
                             .payload = text,
                             .producer = c->q->caller.client,
                             .created_at = c->now};
    int rc = evlog_emit(tx, &ev);
    free(text);
    return rc;
}

static int write_dialogs(struct create_cmd *c, struct store_tx *tx,
                         const struct dlg_innbygger **who, const struct dlg_org **to)
{
    size_t n = json_array_size(c->in->innbyggere);
    json_t *list = json_array();
    c->result = json_pack("{s:o}", "dialoger", list);
    for (size_t i = 0; i < n; i++) {
        char id[37];
        nt_uuid_v7(id, c->now / 1000);
        json_t *payload = event_payload(c, i, id, who[i], to[i]);
        int rc = emit(c, tx, id, payload);
        json_decref(payload);
        if (rc != 0)
            return dlg_fail(&c->err, 500, "Intern", NULL, "Dialogen kunne ikke lagres");
        json_array_append_new(list, json_pack("{s:s,s:s}", "id", id, "innbygger", who[i]->ident));
    }
    return 0;
}

static int create_command(struct store_tx *tx, void *arg)
{
    struct create_cmd *c = arg;
    /* the store may run a command again after a lost race: start afresh */
    json_decref(c->result);
    c->result = NULL;
    c->replayed = false;
    if (c->in->ekstern_id) {
        int earlier = find_earlier(tx, c->q->caller.org->kode, c->in, &c->result, &c->err);
        if (earlier != 0) {
            c->replayed = earlier > 0;
            return earlier > 0 ? 0 : -1;
        }
    }
    size_t n = json_array_size(c->in->innbyggere);
    const struct dlg_innbygger **who = nt_calloc(n, sizeof(*who));
    const struct dlg_org **to = nt_calloc(n, sizeof(*to));
    int rc = check_citizens(c, who);
    if (rc == 0)
        rc = dlg_check_vedlegg_owner(tx, c->in->vedlegg, c->q->caller.org->kode, &c->err);
    if (rc == 0)
        rc = check_fields(c);
    if (rc == 0)
        rc = check_business(c);
    for (size_t i = 0; rc == 0 && c->in->mottaker_kode && i < n; i++)
        rc = (to[i] = receiver_for(c, who[i])) ? 0 : -1;
    if (rc == 0)
        rc = write_dialogs(c, tx, who, to);
    free(who);
    free(to);
    return rc;
}

static void create(struct dlg_req *q, bool historic)
{
    struct dlg_err e;
    json_t *body = dlg_body_object(q, &e);
    if (!body) {
        dlg_respond_error(q, &e);
        return;
    }
    struct create_in in = {0};
    struct create_cmd c = {.q = q, .in = &in, .now = nt_now_us()};
    if (parse_create(body, historic, c.now, &in, &c.err) != 0) {
        dlg_respond_error(q, &c.err);
    } else {
        int rc = dlg_write(q, create_command, &c);
        dlg_answer(q, rc, c.replayed ? 200 : 201, c.result, &c.err);
        c.result = NULL;
    }
    json_decref(c.result);
    json_decref(in.vedlegg);
    json_decref(in.person);
    json_decref(body);
}

void dlg_opprett(struct dlg_req *q)
{
    create(q, false);
}

void dlg_historisk_opprett(struct dlg_req *q)
{
    create(q, true);
}
