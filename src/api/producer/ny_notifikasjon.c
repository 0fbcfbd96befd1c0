/* nyBeskjed and nyOppgave (producer-api.md 9.1, 9.2): input rules, producer,
 * påminnelse and recipient checks in the reference's order, then one store
 * command that either creates the notification (event + read model) or
 * recognises a repeated create by (merkelapp, eksternId). */
#include "api/producer/producer_internal.h"
#include "api/producer/read_model.h"
#include "auth/registry.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/uuid.h"
#include "domain/oslo_time.h"
#include "domain/reminder.h"
#include "domain/text_rules.h"
#include "events/evlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- External notices ---- */

static char *check_sendetidspunkt(json_t *v)
{
    static const char *const names[] = {"tidspunkt", "sendevindu"};
    if (!json_object_get(v, "sendetidspunkt"))
        return NULL; /* a reminder's notice has a send window instead */
    return api_exactly_one("SendetidspunktInput", json_object_get(v, "sendetidspunkt"), names, 2);
}

/* type: "EksterntVarselInput" or "PaaminnelseEksterntVarselInput". */
static char *check_notice(json_t *v, const char *type)
{
    static const char *const kinds[] = {"sms", "epost", "altinntjeneste", "altinnressurs"};
    char *err = api_exactly_one(type, v, kinds, 4);
    if (err)
        return err;
    json_t *sms = json_object_get(v, "sms"), *epost = json_object_get(v, "epost");
    if (api_present(v, "sms")) {
        json_t *k = json_object_get(json_object_get(sms, "mottaker"), "kontaktinfo");
        if (!k || json_is_null(k))
            return nt_strdup("sms.mottaker: nøyaktig ett felt skal være satt. (Ingen felt er satt)");
        const char *tlf = api_str(k, "tlf");
        if (!tlf || !*tlf || strspn(tlf, " \t") == strlen(tlf))
            return nt_strdup("Kontaktinfo.tlf: verdien kan ikke være blank.");
        if ((err = dom_check_mobile(tlf)))
            return err;
        return check_sendetidspunkt(sms);
    }
    if (api_present(v, "epost")) {
        json_t *k = json_object_get(json_object_get(epost, "mottaker"), "kontaktinfo");
        if (!k || json_is_null(k))
            return nt_strdup("epost.mottaker: nøyaktig ett felt skal være satt. (Ingen felt er satt)");
        const char *addr = api_str(k, "epostadresse");
        if (!addr || !*addr || strspn(addr, " \t") == strlen(addr))
            return nt_strdup("Kontaktinfo.epostadresse: verdien kan ikke være blank.");
        if ((err = dom_check_email(addr)))
            return err;
        return check_sendetidspunkt(epost);
    }
    const char *kind = api_present(v, "altinntjeneste") ? "altinntjeneste" : "altinnressurs";
    return check_sendetidspunkt(json_object_get(v, kind));
}

/* The notice as stored: its channel and its input, with the reference's
 * ". " suffix on altinnressurs e-mail titles. */
static json_t *notice_spec(json_t *v, const char **out_kanal)
{
    static const char *const kinds[] = {"sms", "epost", "altinntjeneste", "altinnressurs"};
    for (int i = 0; i < 4; i++) {
        if (!api_present(v, kinds[i]))
            continue;
        *out_kanal = kinds[i];
        json_t *spec = json_deep_copy(json_object_get(v, kinds[i]));
        const char *title = api_str(spec, "epostTittel");
        size_t n = title ? strlen(title) : 0;
        if (i == 3 && title && !(n >= 2 && strcmp(title + n - 2, ". ") == 0))
            json_object_set_new(spec, "epostTittel", json_sprintf("%s. ", title));
        return spec;
    }
    *out_kanal = "?";
    return json_object();
}

/* ---- The store command ---- */

enum outcome { CREATED, SAME, DUPLICATE };

/* What differs between the kinds this file creates. */
struct kind_spec {
    const char *arg;          /* "nyBeskjed" */
    const char *kind;         /* "BESKJED" */
    const char *event_type;   /* "BeskjedOpprettet" */
    const char *success_type; /* "NyBeskjedVellykket" */
    bool is_oppgave;
};

static const struct kind_spec beskjed_spec = {"nyBeskjed", "BESKJED", "BeskjedOpprettet",
                                              "NyBeskjedVellykket", false};
static const struct kind_spec oppgave_spec = {"nyOppgave", "OPPGAVE", "OppgaveOpprettet",
                                              "NyOppgaveVellykket", true};

struct create_cmd {
    const struct kind_spec *spec;
    json_t *payload;      /* the creation event, ids included */
    const char *merkelapp;
    const char *ekstern_id;
    const char *identity;
    const char *producer;
    int64_t at;
    enum outcome outcome;
    char existing[64];
    json_t *existing_payload; /* the existing notification's creation event */
};

static int create_or_recognise(struct store_tx *tx, void *arg)
{
    struct create_cmd *c = arg;
    struct store_stmt *q = store_prepare(
        tx, "SELECT id, identity, tilstand FROM notifikasjon WHERE merkelapp = ? AND ekstern_id = ?");
    store_bind_text(q, 1, c->merkelapp);
    store_bind_text(q, 2, c->ekstern_id);
    if (store_step(q) == STORE_ROW) {
        snprintf(c->existing, sizeof c->existing, "%s", store_column_text(q, 0));
        /* an oppgave that moved on from NY is no longer what a create makes (spec 10.1) */
        const char *tilstand = store_column_text(q, 2);
        bool moved = tilstand && strcmp(tilstand, "NY") != 0;
        c->outcome = !moved && strcmp(store_column_text(q, 1), c->identity) == 0 ? SAME : DUPLICATE;
        if (c->outcome == SAME) {
            struct store_stmt *v = store_prepare(
                tx, "SELECT payload FROM events WHERE aggregate_id = ? ORDER BY seq LIMIT 1");
            store_bind_text(v, 1, c->existing);
            if (store_step(v) == STORE_ROW)
                c->existing_payload = json_loads(store_column_text(v, 0), 0, NULL);
        }
        return 0;
    }
    char *payload = json_dumps(c->payload, JSON_COMPACT);
    struct evlog_event e = {.aggregate_id = api_str(c->payload, "notifikasjonId"),
                            .type = c->spec->event_type, .payload = payload,
                            .producer = c->producer, .created_at = c->at};
    int rc = evlog_emit(tx, &e);
    free(payload);
    c->outcome = CREATED;
    return rc;
}

/* ---- The resolver ---- */



/* Section 7 rules for the text and the external notices. */
static char *validate_input(json_t *in)
{
    char *err = dom_check_text("notifikasjon.tekst", api_str(json_object_get(in, "notifikasjon"), "tekst"), 300);
    json_t *notices = json_object_get(in, "eksterneVarsler");
    for (size_t i = 0; !err && i < json_array_size(notices); i++)
        err = check_notice(json_array_get(notices, i), "EksterntVarselInput");
    json_t *p = json_object_get(in, "paaminnelse");
    if (!err && p && !json_is_null(p)) {
        static const char *const when[] = {"konkret", "etterOpprettelse", "foerFrist",
                                           "foerStartTidspunkt"};
        err = api_exactly_one("PaaminnelseTidspunktInput", json_object_get(p, "tidspunkt"), when, 4);
        json_t *rn = json_object_get(p, "eksterneVarsler");
        for (size_t i = 0; !err && i < json_array_size(rn); i++)
            err = check_notice(json_array_get(rn, i), "PaaminnelseEksterntVarselInput");
    }
    return err;
}



/* The notices with fresh ids, and their ids for the answer. */
static json_t *notices_for_event(json_t *in, json_t *ids, int64_t ms)
{
    json_t *out = json_array();
    json_t *notices = json_object_get(in, "eksterneVarsler");
    for (size_t i = 0; i < json_array_size(notices); i++) {
        char id[37];
        nt_uuid_v7(id, ms);
        const char *kanal;
        json_t *spec = notice_spec(json_array_get(notices, i), &kanal);
        json_array_append_new(out, json_pack("{s:s,s:s,s:o}", "varselId", id, "kanal", kanal,
                                             "spec", spec));
        json_array_append_new(ids, json_pack("{s:s}", "id", id));
    }
    return out;
}

/* What a repeated create must equal to be the same beskjed (spec 10.1). */
static json_t *ids_of(json_t *notices)
{
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(notices); i++)
        json_array_append_new(out, json_pack("{s:O}", "id",
                                             json_object_get(json_array_get(notices, i), "varselId")));
    return out;
}

/* Notices without their ids: what a repeated create is compared on. */
static json_t *notice_contents(json_t *list)
{
    json_t *notices = json_array();
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *v = json_array_get(list, i);
        json_array_append_new(notices, json_pack("{s:O,s:O}", "kanal", json_object_get(v, "kanal"),
                                                 "spec", json_object_get(v, "spec")));
    }
    return notices;
}

static char *identity_of(json_t *payload, const char *kind)
{
    json_t *notices = notice_contents(json_object_get(payload, "eksterneVarsler"));
    json_t *id = json_pack("{s:s,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:o}", "kind", kind, "merkelapp",
                           json_object_get(payload, "merkelapp"), "eksternId",
                           json_object_get(payload, "eksternId"), "tekst",
                           json_object_get(payload, "tekst"), "lenke",
                           json_object_get(payload, "lenke"), "grupperingsid",
                           json_object_get(payload, "grupperingsid"), "virksomhetsnummer",
                           json_object_get(payload, "virksomhetsnummer"), "mottakere",
                           json_object_get(payload, "mottakere"), "eksterneVarsler", notices);
    if (strcmp(kind, "OPPGAVE") == 0) {
        /* the current tilstand, frist and reminder notices count too; the
         * reminder's time does not (spec 10.1) */
        json_t *p = json_object_get(payload, "paaminnelse");
        json_object_set_new(id, "tilstand", json_string("NY"));
        json_object_set(id, "frist", json_object_get(payload, "frist"));
        json_object_set_new(id, "paaminnelseVarsler",
                            notice_contents(json_object_get(p, "eksterneVarsler")));
    }
    char *text = json_dumps(id, JSON_COMPACT);
    json_decref(id);
    return text;
}

/* The påminnelse of a nyOppgave: its time (UgyldigPaaminnelseTidspunkt
 * value in *out_error when out of bounds) and its notices with fresh ids. */
static json_t *reminder_for_event(json_t *in, int64_t created_us, int64_t ms, json_t **out_error)
{
    json_t *p = json_object_get(in, "paaminnelse");
    if (!p || json_is_null(p))
        return NULL;
    static const char *const names[] = {"konkret", "etterOpprettelse", "foerFrist",
                                        "foerStartTidspunkt"};
    json_t *t = json_object_get(p, "tidspunkt");
    int kind = 0;
    while (kind < 3 && !api_present(t, names[kind]))
        kind++;
    struct dom_local frist;
    const char *frist_text = api_str(in, "frist");
    bool has_frist = frist_text && dom_parse_date(frist_text, &frist);
    int64_t at = 0;
    char *err = dom_reminder_instant((enum dom_reminder_kind)kind, api_str(t, names[kind]), created_us,
                                     has_frist ? &frist : NULL, NULL, &at);
    if (err) {
        *out_error = api_error_value("UgyldigPaaminnelseTidspunkt", err);
        free(err);
        return NULL;
    }
    char when[64];
    dom_format_instant(at, when, sizeof when);
    json_t *ids = json_array();
    json_t *fake_in = json_pack("{s:O}", "eksterneVarsler", json_object_get(p, "eksterneVarsler"));
    json_t *notices = notices_for_event(fake_in, ids, ms);
    json_decref(fake_in);
    json_decref(ids);
    return json_pack("{s:{s:s,s:O,s:s},s:o}", "tidspunkt", "kind", names[kind], "value",
                     json_object_get(t, names[kind]), "paaminnelseTidspunkt", when,
                     "eksterneVarsler", notices);
}

/* The answer for a stored (or recognised) notification from its event. */
static json_t *success_value(const struct kind_spec *spec, json_t *payload)
{
    json_t *v = json_pack("{s:s,s:O,s:o}", "__typename", spec->success_type, "id",
                          json_object_get(payload, "notifikasjonId"), "eksterneVarsler",
                          ids_of(json_object_get(payload, "eksterneVarsler")));
    if (spec->is_oppgave) {
        json_t *p = json_object_get(payload, "paaminnelse");
        json_object_set_new(v, "paaminnelse",
                            p ? json_pack("{s:o}", "eksterneVarsler",
                                          ids_of(json_object_get(p, "eksterneVarsler")))
                              : json_null());
    }
    return v;
}


static json_t *build_payload(const struct kind_spec *spec, const struct producer_ctx *ctx,
                             json_t *in, json_t *recipients, int64_t now)
{
    json_t *meta = json_object_get(in, "metadata"), *notif = json_object_get(in, "notifikasjon");
    const char *org = api_str(meta, "virksomhetsnummer");
    char id[37], created[64];
    nt_uuid_v7(id, now / 1000);
    if (api_present(meta, "opprettetTidspunkt"))
        snprintf(created, sizeof created, "%s", api_str(meta, "opprettetTidspunkt"));
    else
        dom_format_instant(now, created, sizeof created);
    json_t *ids = json_array();
    json_t *payload = json_pack(
        "{s:s,s:O,s:O,s:s,s:O?,s:O,s:O,s:s,s:s,s:s,s:o,s:o,s:O?}", "notifikasjonId", id,
        "merkelapp", json_object_get(notif, "merkelapp"), "eksternId",
        json_object_get(meta, "eksternId"), "virksomhetsnummer", org, "grupperingsid",
        json_object_get(meta, "grupperingsid"), "tekst", json_object_get(notif, "tekst"), "lenke",
        json_object_get(notif, "lenke"), "opprettetTidspunkt", created, "produsentId",
        auth_producer_id(ctx->producer), "kildeAppNavn", ctx->app, "mottakere",
        api_recipients_for_event(recipients, org), "eksterneVarsler",
        notices_for_event(in, ids, now / 1000), "hardDelete", json_object_get(meta, "hardDelete"));
    json_decref(ids);
    if (spec->is_oppgave) {
        json_object_set_new(payload, "tilstand", json_string("NY"));
        if (api_present(in, "frist"))
            json_object_set(payload, "frist", json_object_get(in, "frist"));
    }
    return payload;
}

static int create_notification(struct gql_resolve_info *info, json_t *args,
                               const struct kind_spec *spec, json_t **out)
{
    const struct producer_ctx *ctx = info->ctx;
    json_t *in = json_object_get(args, spec->arg);
    char *err = validate_input(in);
    json_t *recipients = err ? NULL : api_collect_recipients(in, &err);
    if (err) {
        int rc = api_input_error(info, err);
        free(err);
        json_decref(recipients);
        return rc;
    }
    if (!ctx->producer) {
        *out = api_unknown_producer(ctx);
        json_decref(recipients);
        return 0;
    }
    int64_t now = nt_now_us();
    json_t *payload = build_payload(spec, ctx, in, recipients, now);
    int64_t created = now;
    dom_parse_datetime(api_str(payload, "opprettetTidspunkt"), &created);
    json_t *reminder = spec->is_oppgave ? reminder_for_event(in, created, now / 1000, out) : NULL;
    const char *org = api_str(payload, "virksomhetsnummer"), *merkelapp = api_str(payload, "merkelapp");
    if (!*out && !json_array_size(recipients)) {
        json_decref(recipients);
        json_decref(payload);
        json_decref(reminder);
        return gql_resolve_fail(info, "minst 1 mottaker må gis");
    }
    if (!*out)
        *out = api_check_rights(ctx, recipients, org, merkelapp);
    json_decref(recipients);
    if (*out) {
        json_decref(payload);
        json_decref(reminder);
        return 0;
    }
    if (reminder)
        json_object_set_new(payload, "paaminnelse", reminder);
    char *identity = identity_of(payload, spec->kind);
    json_object_set_new(payload, "identity", json_string(identity));
    struct create_cmd cmd = {.spec = spec, .payload = payload, .merkelapp = merkelapp,
                             .ekstern_id = api_str(payload, "eksternId"), .identity = identity,
                             .producer = auth_producer_id(ctx->producer), .at = now};
    int rc = store_write(ctx->cfg->store, create_or_recognise, &cmd);
    free(identity);
    if (rc != 0)
        rc = gql_resolve_fail(info, "The notification could not be stored.");
    else if (cmd.outcome == DUPLICATE)
        *out = json_pack("{s:s,s:s,s:s}", "__typename", "DuplikatEksternIdOgMerkelapp",
                         "feilmelding", "notifikasjon med angitt eksternId og merkelapp finnes fra før",
                         "idTilEksisterende", cmd.existing);
    else
        *out = success_value(spec, cmd.outcome == SAME && cmd.existing_payload
                                       ? cmd.existing_payload
                                       : payload);
    json_decref(cmd.existing_payload);
    json_decref(payload);
    return rc;
}

int api_producer_ny_beskjed(struct gql_resolve_info *info, json_t *parent, json_t *args,
                            json_t **out)
{
    (void)parent;
    return create_notification(info, args, &beskjed_spec, out);
}

int api_producer_ny_oppgave(struct gql_resolve_info *info, json_t *parent, json_t *args,
                            json_t **out)
{
    (void)parent;
    return create_notification(info, args, &oppgave_spec, out);
}
