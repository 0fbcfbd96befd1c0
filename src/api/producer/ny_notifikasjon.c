/* nyBeskjed, nyOppgave and nyKalenderavtale (producer-api.md 9.1-9.3): input
 * rules, producer, reminder, recipient and merkelapp checks in the
 * reference's order, then one store command that finds the sak of
 * (merkelapp, grupperingsid), checks the recipients against it, and either
 * creates the notification (event + read models) or recognises a repeated
 * create by (merkelapp, eksternId). */
#include "api/producer/producer_internal.h"
#include "auth/registry.h"
#include "base/alloc.h"
#include "base/uuid.h"
#include "domain/oslo_time.h"
#include "domain/sak_recipients.h"
#include "domain/text_rules.h"
#include "events/evlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What differs between the kinds this file creates. */
struct kind_spec {
    const char *kind;         /* "BESKJED" */
    const char *event_type;   /* "BeskjedOpprettet" */
    const char *success_type; /* "NyBeskjedVellykket" */
    const char *text_path;    /* where a text error points */
    enum dom_hd_event hard_delete_base;
    bool needs_sak;           /* a kalenderavtale belongs to an existing sak */
    bool has_reminder;
};

static const struct kind_spec beskjed_spec = {"BESKJED", "BeskjedOpprettet", "NyBeskjedVellykket",
                                              "notifikasjon.tekst", DOM_HD_NOTIFIKASJON_OPPRETTET,
                                              false, false};
static const struct kind_spec oppgave_spec = {"OPPGAVE", "OppgaveOpprettet", "NyOppgaveVellykket",
                                              "notifikasjon.tekst", DOM_HD_NOTIFIKASJON_OPPRETTET,
                                              false, true};
static const struct kind_spec kalender_spec = {
    "KALENDERAVTALE", "KalenderavtaleOpprettet", "NyKalenderavtaleVellykket", "kalenderavtale.tekst",
    DOM_HD_KALENDERAVTALE_OPPRETTET, true, true};

/* The three mutations' inputs, read into one shape. */
struct create_req {
    const struct kind_spec *spec;
    json_t *in; /* holds mottaker(e), eksterneVarsler, paaminnelse, frist */
    const char *merkelapp, *ekstern_id, *org, *grupperingsid, *tekst, *lenke;
    const char *opprettet; /* producer-given opprettetTidspunkt, or NULL */
    json_t *hard_delete;   /* FutureTemporalInput, or NULL */
};

static struct create_req request_of(const struct kind_spec *spec, json_t *in)
{
    struct create_req r = {.spec = spec, .in = in};
    if (spec->needs_sak) { /* nyKalenderavtale takes flat arguments */
        r.merkelapp = api_str(in, "merkelapp");
        r.ekstern_id = api_str(in, "eksternId");
        r.org = api_str(in, "virksomhetsnummer");
        r.grupperingsid = api_str(in, "grupperingsid");
        r.tekst = api_str(in, "tekst");
        r.lenke = api_str(in, "lenke");
        r.hard_delete = json_object_get(in, "hardDelete");
        return r;
    }
    json_t *meta = json_object_get(in, "metadata"), *notif = json_object_get(in, "notifikasjon");
    r.merkelapp = api_str(notif, "merkelapp");
    r.ekstern_id = api_str(meta, "eksternId");
    r.org = api_str(meta, "virksomhetsnummer");
    r.grupperingsid = api_str(meta, "grupperingsid");
    r.tekst = api_str(notif, "tekst");
    r.lenke = api_str(notif, "lenke");
    r.opprettet = api_str(meta, "opprettetTidspunkt");
    r.hard_delete = json_object_get(meta, "hardDelete");
    return r;
}

/* Section 7 rules: the text, the notices, the reminder, the hardDelete. */
static char *validate(const struct create_req *r)
{
    char *err = dom_check_text(r->spec->text_path, r->tekst, 300);
    if (!err)
        err = api_check_notices(json_object_get(r->in, "eksterneVarsler"), "EksterntVarselInput");
    if (!err)
        err = api_check_reminder(json_object_get(r->in, "paaminnelse"));
    if (!err)
        err = api_check_future_temporal(r->hard_delete);
    return err;
}

/* ---- The event ---- */

/* What a repeated create must equal to be the same notification (spec
 * 10.1): no ids, no opprettetTidspunkt, no hardDelete; the read model keeps
 * it current as the notification changes. */
static char *identity_of(const struct kind_spec *spec, json_t *payload)
{
    json_t *id = json_pack("{s:s,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:o}", "kind", spec->kind, "merkelapp",
                           json_object_get(payload, "merkelapp"), "eksternId",
                           json_object_get(payload, "eksternId"), "tekst",
                           json_object_get(payload, "tekst"), "lenke",
                           json_object_get(payload, "lenke"), "grupperingsid",
                           json_object_get(payload, "grupperingsid"), "virksomhetsnummer",
                           json_object_get(payload, "virksomhetsnummer"), "mottakere",
                           json_object_get(payload, "mottakere"), "eksterneVarsler",
                           api_notice_contents(json_object_get(payload, "eksterneVarsler")));
    /* the kind's own fields; each present from the start, so that the read
     * model's updates replace them in place */
    static const char *const oppgave[] = {"tilstand", "frist"};
    static const char *const avtale[] = {"tilstand", "startTidspunkt", "sluttTidspunkt", "lokasjon",
                                         "erDigitalt"};
    const char *const *extra = spec == &oppgave_spec ? oppgave : spec == &kalender_spec ? avtale : NULL;
    size_t n = spec == &oppgave_spec ? 2 : spec == &kalender_spec ? 5 : 0;
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_object_get(payload, extra[i]);
        json_object_set(id, extra[i], v ? v : json_null());
    }
    if (spec->has_reminder) /* its notices count, its time does not */
        json_object_set_new(id, "paaminnelseVarsler",
                            api_notice_contents(json_object_get(
                                json_object_get(payload, "paaminnelse"), "eksterneVarsler")));
    char *text = api_json_text(id);
    json_decref(id);
    return text;
}

static void set_kind_fields(const struct create_req *r, json_t *payload)
{
    json_t *in = r->in;
    if (r->spec == &oppgave_spec) {
        json_object_set_new(payload, "tilstand", json_string("NY"));
        if (api_present(in, "frist"))
            json_object_set(payload, "frist", json_object_get(in, "frist"));
    }
    if (r->spec != &kalender_spec)
        return;
    const char *tilstand = api_str(in, "tilstand");
    json_object_set_new(payload, "tilstand",
                        json_string(tilstand ? tilstand : "VENTER_SVAR_FRA_ARBEIDSGIVER"));
    json_object_set_new(payload, "startTidspunkt", api_oslo_local(api_str(in, "startTidspunkt")));
    if (api_present(in, "sluttTidspunkt"))
        json_object_set_new(payload, "sluttTidspunkt", api_oslo_local(api_str(in, "sluttTidspunkt")));
    if (api_present(in, "lokasjon"))
        json_object_set(payload, "lokasjon", json_object_get(in, "lokasjon"));
    json_object_set_new(payload, "erDigitalt", json_boolean(json_is_true(json_object_get(in, "erDigitalt"))));
}

static json_t *build_payload(const struct create_req *r, const struct producer_ctx *ctx,
                             json_t *recipients, int64_t now, int64_t created)
{
    char id[37], created_text[64];
    nt_uuid_v7(id, now / 1000);
    dom_format_instant(created, created_text, sizeof created_text);
    json_t *payload = json_pack(
        "{s:s,s:s,s:s,s:s,s:s?,s:s,s:s,s:s,s:s,s:s,s:o,s:o}", "notifikasjonId", id, "merkelapp",
        r->merkelapp, "eksternId", r->ekstern_id, "virksomhetsnummer", r->org, "grupperingsid",
        r->grupperingsid, "tekst", r->tekst, "lenke", r->lenke, "opprettetTidspunkt", created_text,
        "produsentId", auth_producer_id(ctx->producer), "kildeAppNavn", ctx->app, "mottakere",
        api_recipients_for_event(recipients), "eksterneVarsler",
        api_notices_for_event(json_object_get(r->in, "eksterneVarsler"), now / 1000));
    json_t *hd = api_hard_delete_for_event(r->hard_delete, r->spec->hard_delete_base, now, &created);
    if (hd)
        json_object_set_new(payload, "hardDelete", hd);
    set_kind_fields(r, payload);
    return payload;
}

/* ---- The store command ---- */

enum outcome { CREATED, SAME, DUPLICATE, SAK_MISSING, REFUSED };

struct create_cmd {
    const struct create_req *req;
    json_t *payload;    /* the creation event, ids included */
    json_t *recipients; /* as collected, legacy mark included */
    const char *identity;
    const char *producer;
    json_t *refusal;    /* an answer due once the sak is known to exist */
    int64_t at;
    enum outcome outcome;
    json_t *answer;     /* REFUSED: the error value (owned) */
    char existing[64];
    json_t *existing_payload; /* SAME: the existing notification's creation event */
};

/* Every recipient of mottakere (not the legacy mottaker) is one of the sak's
 * (spec 11.2); else the UgyldigMottaker value. */
static json_t *check_on_sak(struct store_tx *tx, json_t *recipients, const char *sak_id)
{
    json_t *of_sak = api_sak_recipients(tx, sak_id), *refusal = NULL;
    size_t n = json_array_size(of_sak);
    struct dom_recipient *sak = nt_calloc(n + 1, sizeof(*sak));
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(of_sak, i);
        sak[i] = (struct dom_recipient){api_str(s, "kind"), api_str(s, "a"), api_str(s, "b"),
                                        api_str(s, "virksomhetsnummer")};
    }
    for (size_t i = 0; i < json_array_size(recipients) && !refusal; i++) {
        json_t *m = json_array_get(recipients, i);
        struct dom_recipient r = {api_str(m, "kind"), api_str(m, "a"), api_str(m, "b"),
                                  api_str(m, "virksomhetsnummer")};
        if (json_is_true(json_object_get(m, "legacy")) || dom_recipient_on_sak(&r, sak, n))
            continue;
        char *text = api_recipient_text(m);
        refusal = api_error_valuef("UgyldigMottaker", " Ugyldig mottaker '%s'. \n Mottaker må finnes på sak.", text);
        free(text);
    }
    free(sak);
    json_decref(of_sak);
    return refusal;
}

static void recognise(struct store_tx *tx, struct create_cmd *c, const char *id, const char *identity)
{
    snprintf(c->existing, sizeof c->existing, "%s", id);
    c->outcome = api_same_identity(identity, c->identity) ? SAME : DUPLICATE;
    if (c->outcome != SAME)
        return;
    struct store_stmt *v =
        store_prepare(tx, "SELECT payload FROM events WHERE aggregate_id = ? ORDER BY seq LIMIT 1");
    store_bind_text(v, 1, c->existing);
    if (store_step(v) == STORE_ROW)
        c->existing_payload = json_loads(store_column_text(v, 0), 0, NULL);
}

/* What a create comes to before anything is written, in the reference's
 * order: the sak it needs, a refusal on the sak, then a notification already
 * held under its eksternId. CREATED: go on and write. */
static int decide(struct store_tx *tx, struct create_cmd *c, json_t *sak, const char *held_id,
                  const char *held_identity)
{
    if (!sak && c->req->spec->needs_sak)
        return c->outcome = SAK_MISSING;
    json_t *refusal = c->refusal ? json_incref(c->refusal)
                      : sak      ? check_on_sak(tx, c->recipients, api_str(sak, "id"))
                                 : NULL;
    if (refusal) {
        c->answer = refusal;
        return c->outcome = REFUSED;
    }
    if (sak)
        json_object_set(c->payload, "sakId", json_object_get(sak, "id"));
    if (held_id) {
        recognise(tx, c, held_id, held_identity);
        return c->outcome;
    }
    return CREATED;
}

static int create_or_recognise(struct store_tx *tx, void *arg)
{
    struct create_cmd *c = arg;
    json_decref(c->answer); /* the store may run a command again */
    json_decref(c->existing_payload);
    c->answer = c->existing_payload = NULL;
    const struct create_req *r = c->req;
    char *held_id = NULL, *held_identity = NULL;
    json_t *sak = api_find_sak_and_notification(tx, r->merkelapp, r->grupperingsid, r->ekstern_id,
                                                &held_id, &held_identity);
    int outcome = decide(tx, c, sak, held_id, held_identity);
    free(held_id);
    free(held_identity);
    json_decref(sak);
    if (outcome != CREATED)
        return 0;
    char *payload = api_json_text(c->payload);
    struct evlog_event e = {.aggregate_id = api_str(c->payload, "notifikasjonId"),
                            .type = r->spec->event_type, .payload = payload,
                            .producer = c->producer, .created_at = c->at, .decoded = c->payload};
    int rc = evlog_emit(tx, &e);
    free(payload);
    c->outcome = CREATED;
    return rc;
}

/* ---- The resolver ---- */

/* The answer for a stored (or recognised) notification from its event. */
static json_t *success_value(const struct create_req *r, json_t *payload)
{
    json_t *v = json_pack("{s:s,s:O,s:o}", "__typename", r->spec->success_type, "id",
                          json_object_get(payload, "notifikasjonId"), "eksterneVarsler",
                          api_notice_ids(json_object_get(payload, "eksterneVarsler")));
    if (r->spec->has_reminder) /* a repeated create shows it only when it asked for one */
        json_object_set_new(v, "paaminnelse",
                            api_present(r->in, "paaminnelse")
                                ? api_reminder_result(json_object_get(payload, "paaminnelse"))
                                : json_null());
    return v;
}

/* The checks the reference makes before it looks for an existing
 * notification, in its order: the avtale's times, the reminder, the
 * recipients' presence (a GraphQL error: -1 from here), the registry. */
static int refusal_of(struct gql_resolve_info *info, const struct create_req *r, json_t *payload,
                      json_t *recipients, int64_t created, json_t **out)
{
    const struct producer_ctx *ctx = info->ctx;
    if (r->spec == &kalender_spec && api_present(r->in, "sluttTidspunkt")) {
        int64_t start = 0, slutt = 0;
        dom_parse_datetime(api_str(r->in, "startTidspunkt"), &start);
        dom_parse_datetime(api_str(r->in, "sluttTidspunkt"), &slutt);
        if (slutt < start) {
            *out = api_error_value("UgyldigKalenderavtale", "sluttTidspunkt kan ikke være før startTidspunkt");
            return 0;
        }
    }
    if (r->spec->has_reminder) {
        struct api_reminder_base base = {created, api_str(payload, "frist"),
                                         api_str(payload, "startTidspunkt")};
        json_t *reminder = api_reminder_for_event(json_object_get(r->in, "paaminnelse"), &base,
                                                  nt_now_us() / 1000, out);
        if (*out)
            return 0;
        if (reminder)
            json_object_set_new(payload, "paaminnelse", reminder);
    }
    if (!json_array_size(recipients))
        return gql_resolve_fail(info, "minst 1 mottaker må gis");
    *out = api_check_rights(ctx, recipients, r->merkelapp);
    return 0;
}

static json_t *answer_of(const struct create_cmd *c)
{
    const struct create_req *r = c->req;
    switch (c->outcome) {
    case DUPLICATE:
        return json_pack("{s:s,s:s,s:s}", "__typename", "DuplikatEksternIdOgMerkelapp", "feilmelding",
                         "notifikasjon med angitt eksternId og merkelapp finnes fra før",
                         "idTilEksisterende", c->existing);
    case SAK_MISSING:
        return api_sak_not_found(&(struct api_address){.merkelapp = r->merkelapp, .key = r->grupperingsid},
                                 false);
    case REFUSED: return json_incref(c->answer);
    case SAME: return success_value(r, c->existing_payload ? c->existing_payload : c->payload);
    case CREATED: break;
    }
    return success_value(r, c->payload);
}

static int create_notification(struct gql_resolve_info *info, const struct create_req *r,
                               json_t **out)
{
    const struct producer_ctx *ctx = info->ctx;
    int decided = 0;
    json_t *recipients = api_checked_recipients(info, r->in, r->org, validate(r), out, &decided);
    if (!recipients)
        return decided;
    int64_t now = nt_now_us(), created = now;
    if (r->opprettet)
        dom_parse_datetime(r->opprettet, &created);
    json_t *payload = build_payload(r, ctx, recipients, now, created), *refusal = NULL;
    int rc = refusal_of(info, r, payload, recipients, created, &refusal);
    if (rc != 0 || (refusal && !r->spec->needs_sak)) {
        *out = refusal; /* nothing to look up first */
        json_decref(recipients);
        json_decref(payload);
        return rc;
    }
    char *identity = identity_of(r->spec, payload);
    json_object_set_new(payload, "identity", json_string(identity));
    struct create_cmd cmd = {.req = r, .payload = payload, .recipients = recipients,
                             .identity = identity, .producer = auth_producer_id(ctx->producer),
                             .refusal = refusal, .at = now};
    rc = store_write(ctx->cfg->store, create_or_recognise, &cmd);
    if (rc != 0)
        rc = gql_resolve_fail(info, "The notification could not be stored.");
    else
        *out = answer_of(&cmd);
    free(identity);
    json_decref(cmd.answer);
    json_decref(cmd.existing_payload);
    json_decref(refusal);
    json_decref(recipients);
    json_decref(payload);
    return rc;
}

int api_producer_ny_beskjed(struct gql_resolve_info *info, json_t *parent, json_t *args,
                            json_t **out)
{
    (void)parent;
    struct create_req r = request_of(&beskjed_spec, json_object_get(args, "nyBeskjed"));
    return create_notification(info, &r, out);
}

int api_producer_ny_oppgave(struct gql_resolve_info *info, json_t *parent, json_t *args,
                            json_t **out)
{
    (void)parent;
    struct create_req r = request_of(&oppgave_spec, json_object_get(args, "nyOppgave"));
    return create_notification(info, &r, out);
}

int api_producer_ny_kalenderavtale(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                   json_t **out)
{
    (void)parent;
    struct create_req r = request_of(&kalender_spec, args);
    return create_notification(info, &r, out);
}
