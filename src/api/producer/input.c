/* Input pieces shared by the producer resolvers: recipients, the
 * exactly-one-of rule, registry checks. */
#include "api/producer/producer_internal.h"
#include "auth/registry.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "domain/text_rules.h"
#include "events/evlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
    for (size_t i = 0; i < n; i++)
        given[i] = api_present(o, names[i]);
    return dom_check_exactly_one(type, names, given, n);
}

const char *api_str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* ---- Recipients ---- */

struct recipient {
    enum auth_recipient_kind kind;
    const char *field;
    const char *a, *b;
};

static struct recipient recipient_of(json_t *m)
{
    struct recipient r = {0};
    json_t *v;
    if ((v = json_object_get(m, "altinn")) && !json_is_null(v))
        r = (struct recipient){AUTH_RECIPIENT_ALTINN, "altinn", api_str(v, "serviceCode"), api_str(v, "serviceEdition")};
    else if ((v = json_object_get(m, "altinnRessurs")) && !json_is_null(v))
        r = (struct recipient){AUTH_RECIPIENT_ALTINN_RESSURS, "altinnRessurs", api_str(v, "ressursId"), NULL};
    else if ((v = json_object_get(m, "altinnRolle")) && !json_is_null(v))
        r = (struct recipient){AUTH_RECIPIENT_ALTINN_ROLLE, "altinnRolle", api_str(v, "roleDefinitionCode"), NULL};
    else if ((v = json_object_get(m, "altinnReportee")) && !json_is_null(v))
        r = (struct recipient){AUTH_RECIPIENT_ALTINN_REPORTEE, "altinnReportee", api_str(v, "fnr"), NULL};
    else if ((v = json_object_get(m, "naermesteLeder")) && !json_is_null(v))
        r = (struct recipient){AUTH_RECIPIENT_NAERMESTE_LEDER, "naermesteLeder",
                               api_str(v, "naermesteLederFnr"), api_str(v, "ansattFnr")};
    return r;
}

/* The reference prints recipients as Kotlin data classes. */
static char *recipient_text(const struct recipient *r, const char *org)
{
    static const char *const names[] = {"AltinnMottaker", "AltinnRessursMottaker",
                                        "AltinnRolleMottaker", "AltinnReporteeMottaker",
                                        "NaermesteLederMottaker"};
    static const char *const a_names[] = {"serviceCode", "ressursId", "roleDefinitionCode", "fnr",
                                          "naermesteLederFnr"};
    struct nt_buf b;
    nt_buf_init(&b, 0);
    nt_buf_printf(&b, "%s(%s=%s, ", names[r->kind], a_names[r->kind], r->a ? r->a : "");
    if (r->kind == AUTH_RECIPIENT_ALTINN)
        nt_buf_printf(&b, "serviceEdition=%s, ", r->b);
    if (r->kind == AUTH_RECIPIENT_NAERMESTE_LEDER)
        nt_buf_printf(&b, "ansattFnr=%s, ", r->b);
    nt_buf_printf(&b, "virksomhetsnummer=%s)", org);
    return nt_buf_steal(&b, NULL);
}

int api_emit(struct store_tx *tx, const struct producer_ctx *ctx, const char *aggregate,
             const char *type, json_t *payload, int64_t at)
{
    char *text = json_dumps(payload, JSON_COMPACT);
    struct evlog_event e = {.aggregate_id = aggregate, .type = type, .payload = text,
                            .producer = auth_producer_id(ctx->producer), .created_at = at};
    int rc = evlog_emit(tx, &e);
    free(text);
    return rc;
}

json_t *api_collect_recipients(json_t *in, char **out_err)
{
    json_t *all = json_array();
    if (api_present(in, "mottaker"))
        json_array_append(all, json_object_get(in, "mottaker"));
    json_array_extend(all, json_object_get(in, "mottakere"));
    for (size_t i = 0; i < json_array_size(all) && !*out_err; i++)
        *out_err = api_exactly_one("MottakerInput", json_array_get(all, i), recipient_fields,
                               NRECIPIENT_FIELDS);
    return all;
}

json_t *api_check_rights(const struct producer_ctx *ctx, json_t *recipients, const char *org,
                            const char *merkelapp)
{
    for (size_t i = 0; i < json_array_size(recipients); i++) {
        struct recipient r = recipient_of(json_array_get(recipients, i));
        if (auth_producer_allows(ctx->producer, r.kind,
                                 r.kind <= AUTH_RECIPIENT_ALTINN_ROLLE ? r.a : NULL,
                                 r.kind == AUTH_RECIPIENT_ALTINN ? r.b : NULL))
            continue;
        char *text = recipient_text(&r, org), *allowed = auth_producer_mottakere_text(ctx->producer);
        char *msg = NULL;
        if (asprintf(&msg, " Ugyldig mottaker '%s'. \n Gyldige mottakere er: %s", text, allowed) < 0)
            msg = NULL;
        json_t *v = api_error_value("UgyldigMottaker", msg ? msg : "Ugyldig mottaker");
        free(msg);
        free(text);
        free(allowed);
        return v;
    }
    if (!auth_producer_has_merkelapp(ctx->producer, merkelapp)) {
        char *msg = auth_producer_merkelapp_error(ctx->producer, merkelapp);
        json_t *v = api_error_value("UgyldigMerkelapp", msg);
        free(msg);
        return v;
    }
    return NULL;
}

json_t *api_recipients_for_event(json_t *recipients, const char *org)
{
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(recipients); i++) {
        struct recipient r = recipient_of(json_array_get(recipients, i));
        json_array_append_new(out, json_pack("{s:s,s:s?,s:s?,s:s}", "kind", r.field, "a", r.a,
                                             "b", r.b, "virksomhetsnummer", org));
    }
    return out;
}
