/* Input pieces shared by the producer resolvers: recipients, the
 * exactly-one-of rule, registry checks, scheduled hard deletes. */
#include "api/producer/producer_internal.h"
#include "auth/registry.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "domain/oslo_time.h"
#include "domain/text_rules.h"
#include "events/evlog.h"
#include "graphql/coerce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const recipient_fields[] = {"altinn", "altinnRessurs", "altinnRolle",
                                               "altinnReportee", "naermesteLeder"};
#define NRECIPIENT_FIELDS 5

bool api_present(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return v && !json_is_null(v);
}

char *api_exactly_one(const char *type, json_t *o, const char *const *names, size_t n)
{
    bool given[8] = {false};
    for (size_t i = 0; i < n && i < 8; i++)
        given[i] = api_present(o, names[i]);
    return dom_check_exactly_one(type, names, given, n);
}

const char *api_str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

json_t *api_error_value(const char *type, const char *message)
{
    return json_pack("{s:s,s:s}", "__typename", type, "feilmelding", message);
}

json_t *api_error_valuef(const char *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    json_t *v = api_error_value(type, msg ? msg : type);
    free(msg);
    return v;
}

json_t *api_unknown_producer(const struct producer_ctx *ctx)
{
    return api_error_valuef("UkjentProdusent", "Finner ikke produsent med id %s", ctx->app);
}

json_t *api_foreign_merkelapp(const struct producer_ctx *ctx, const char *merkelapp)
{
    char *text = auth_producer_merkelapp_error(ctx->producer, merkelapp);
    json_t *v = api_error_value("UgyldigMerkelapp", text);
    free(text);
    return v;
}

json_t *api_check_owner(const struct producer_ctx *ctx, const char *merkelapp)
{
    if (!ctx->producer)
        return api_unknown_producer(ctx);
    if (!auth_producer_has_merkelapp(ctx->producer, merkelapp))
        return api_foreign_merkelapp(ctx, merkelapp);
    return NULL;
}

json_t *api_success(const char *type, const char *id)
{
    return json_pack("{s:s,s:s}", "__typename", type, "id", id);
}

/* ---- Recipients ---- */

static const char *const kind_names[] = {"altinn", "altinnRessurs", "altinnRolle",
                                         "altinnReportee", "naermesteLeder"};

/* The recipient input m in the event's form. */
static json_t *recipient_for_event(json_t *m, const char *org)
{
    static const char *const a_fields[] = {"serviceCode", "ressursId", "roleDefinitionCode", "fnr",
                                           "naermesteLederFnr"};
    for (int k = 0; k < NRECIPIENT_FIELDS; k++) {
        json_t *v = json_object_get(m, recipient_fields[k]);
        if (!v || json_is_null(v))
            continue;
        const char *b = k == 0 ? api_str(v, "serviceEdition") : k == 4 ? api_str(v, "ansattFnr") : NULL;
        return json_pack("{s:s,s:s?,s:s?,s:s}", "kind", kind_names[k], "a", api_str(v, a_fields[k]),
                         "b", b, "virksomhetsnummer", org);
    }
    return json_pack("{s:s,s:s}", "kind", "?", "virksomhetsnummer", org);
}

static int kind_index(const char *kind)
{
    for (int k = 0; k < NRECIPIENT_FIELDS; k++)
        if (kind && strcmp(kind, kind_names[k]) == 0)
            return k;
    return -1;
}

char *api_recipient_text(json_t *r)
{
    static const char *const names[] = {"AltinnMottaker", "AltinnRessursMottaker",
                                        "AltinnRolleMottaker", "AltinnReporteeMottaker",
                                        "NaermesteLederMottaker"};
    static const char *const a_names[] = {"serviceCode", "ressursId", "roleDefinitionCode", "fnr",
                                          "naermesteLederFnr"};
    int k = kind_index(api_str(r, "kind"));
    const char *a = api_str(r, "a"), *b = api_str(r, "b");
    struct nt_buf buf;
    nt_buf_init(&buf, 0);
    nt_buf_printf(&buf, "%s(%s=%s, ", k < 0 ? "Mottaker" : names[k], k < 0 ? "id" : a_names[k],
                  a ? a : "");
    if (k == AUTH_RECIPIENT_ALTINN)
        nt_buf_printf(&buf, "serviceEdition=%s, ", b ? b : "");
    if (k == AUTH_RECIPIENT_NAERMESTE_LEDER)
        nt_buf_printf(&buf, "ansattFnr=%s, ", b ? b : "");
    nt_buf_printf(&buf, "virksomhetsnummer=%s)", api_str(r, "virksomhetsnummer"));
    return nt_buf_steal(&buf, NULL);
}

json_t *api_checked_recipients(struct gql_resolve_info *info, json_t *in, const char *org,
                               char *rule_error, json_t **out, int *rc)
{
    const struct producer_ctx *ctx = info->ctx;
    char *err = rule_error;
    json_t *recipients = err ? NULL : api_collect_recipients(in, org, &err);
    *rc = 0;
    if (err) {
        *rc = api_input_error(info, err);
        free(err);
        json_decref(recipients);
        return NULL;
    }
    if (!ctx->producer) {
        *out = api_unknown_producer(ctx);
        json_decref(recipients);
        return NULL;
    }
    return recipients;
}

json_t *api_collect_recipients(json_t *in, const char *org, char **out_err)
{
    json_t *all = json_array();
    json_t *legacy = json_object_get(in, "mottaker");
    if (legacy && !json_is_null(legacy)) {
        if ((*out_err = api_exactly_one("MottakerInput", legacy, recipient_fields, NRECIPIENT_FIELDS)))
            return all;
        json_t *r = recipient_for_event(legacy, org);
        json_object_set_new(r, "legacy", json_true());
        json_array_append_new(all, r);
    }
    json_t *list = json_object_get(in, "mottakere");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *m = json_array_get(list, i);
        if ((*out_err = api_exactly_one("MottakerInput", m, recipient_fields, NRECIPIENT_FIELDS)))
            return all;
        json_array_append_new(all, recipient_for_event(m, org));
    }
    return all;
}

json_t *api_check_rights(const struct producer_ctx *ctx, json_t *recipients, const char *merkelapp)
{
    for (size_t i = 0; i < json_array_size(recipients); i++) {
        json_t *r = json_array_get(recipients, i);
        int k = kind_index(api_str(r, "kind"));
        bool named = k == AUTH_RECIPIENT_ALTINN || k == AUTH_RECIPIENT_ALTINN_RESSURS ||
                     k == AUTH_RECIPIENT_ALTINN_ROLLE;
        if (k >= 0 && auth_producer_allows(ctx->producer, (enum auth_recipient_kind)k,
                                           named ? api_str(r, "a") : NULL,
                                           k == AUTH_RECIPIENT_ALTINN ? api_str(r, "b") : NULL))
            continue;
        char *text = api_recipient_text(r), *allowed = auth_producer_mottakere_text(ctx->producer);
        json_t *v = api_error_valuef("UgyldigMottaker", " Ugyldig mottaker '%s'. \n Gyldige mottakere er: %s",
                                     text, allowed);
        free(text);
        free(allowed);
        return v;
    }
    if (!auth_producer_has_merkelapp(ctx->producer, merkelapp))
        return api_foreign_merkelapp(ctx, merkelapp);
    return NULL;
}

json_t *api_recipients_for_event(json_t *recipients)
{
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(recipients); i++) {
        json_t *r = json_deep_copy(json_array_get(recipients, i));
        json_object_del(r, "legacy");
        json_array_append_new(out, r);
    }
    return out;
}

/* ---- Scheduled hard delete ---- */

char *api_check_future_temporal(json_t *fti)
{
    static const char *const names[] = {"den", "om"};
    if (!fti || json_is_null(fti))
        return NULL;
    return api_exactly_one("FutureTemporalInput", fti, names, 2);
}

char *api_check_hard_delete_update(json_t *update)
{
    if (!update || json_is_null(update))
        return NULL;
    return api_check_future_temporal(json_object_get(update, "nyTid"));
}

/* {den|om: ..., tidspunkt: instant}, or NULL when the time does not parse
 * (the scalars have checked it, so only a broken input gets here). */
static json_t *future_temporal_with_instant(json_t *fti, int64_t base_us)
{
    const char *den = api_str(fti, "den"), *om = api_str(fti, "om");
    int64_t at;
    if (!dom_hard_delete_instant(den, om, base_us, &at))
        return NULL;
    char when[64];
    dom_format_instant(at, when, sizeof when);
    return den ? json_pack("{s:s,s:s}", "den", den, "tidspunkt", when)
               : json_pack("{s:s,s:s}", "om", om, "tidspunkt", when);
}

json_t *api_hard_delete_for_event(json_t *fti, enum dom_hd_event event, int64_t call_us,
                                  const int64_t *given_us)
{
    if (!fti || json_is_null(fti))
        return NULL;
    return future_temporal_with_instant(fti, dom_hard_delete_base(event, call_us, given_us));
}

json_t *api_hard_delete_update_for_event(json_t *update, enum dom_hd_event event, int64_t call_us,
                                         const int64_t *given_us)
{
    if (!update || json_is_null(update))
        return NULL;
    json_t *t = future_temporal_with_instant(json_object_get(update, "nyTid"),
                                             dom_hard_delete_base(event, call_us, given_us));
    if (!t)
        return NULL;
    json_t *nyTid = json_deep_copy(t);
    json_object_del(nyTid, "tidspunkt");
    json_t *out = json_pack("{s:o,s:O,s:O}", "nyTid", nyTid, "strategi",
                            json_object_get(update, "strategi"), "tidspunkt",
                            json_object_get(t, "tidspunkt"));
    json_decref(t);
    return out;
}

/* ---- Times ---- */

json_t *api_oslo_local(const char *instant_text)
{
    int64_t at;
    if (!instant_text || !dom_parse_datetime(instant_text, &at))
        return json_null();
    struct dom_local l;
    dom_oslo_instant_to_local(at, &l);
    char out[64];
    dom_format_local(&l, out, sizeof out);
    return json_string(out);
}

/* ---- Events ---- */

char *api_json_text(json_t *v)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    gql_json_write(v, &b);
    return nt_buf_steal(&b, NULL);
}

bool api_same_identity(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    if (strcmp(a, b) == 0)
        return true;
    json_t *x = json_loads(a, 0, NULL), *y = json_loads(b, 0, NULL);
    bool same = x && y && json_equal(x, y);
    json_decref(x);
    json_decref(y);
    return same;
}

int api_emit(struct store_tx *tx, const struct producer_ctx *ctx, const char *aggregate,
             const char *type, json_t *payload, int64_t at)
{
    char *text = api_json_text(payload);
    struct evlog_event e = {.aggregate_id = aggregate, .type = type, .payload = text,
                            .producer = auth_producer_id(ctx->producer), .created_at = at,
                            .decoded = payload};
    int rc = evlog_emit(tx, &e);
    free(text);
    return rc;
}
