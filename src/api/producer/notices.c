/* External notices (eksterneVarsler) and reminders (paaminnelse) of the
 * producer inputs (producer-api.md 6.6, 6.7, 13): their input rules, and
 * their event form with fresh ids. */
#include "api/producer/producer_internal.h"
#include "base/alloc.h"
#include "base/uuid.h"
#include "domain/oslo_time.h"
#include "domain/reminder.h"
#include "domain/text_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const channels[] = {"sms", "epost", "altinntjeneste", "altinnressurs"};
#define NCHANNELS 4

static bool blank(const char *s)
{
    return !s || strspn(s, " \t\r\n") == strlen(s);
}

static char *check_sendetidspunkt(json_t *v)
{
    static const char *const names[] = {"tidspunkt", "sendevindu"};
    if (!json_object_get(v, "sendetidspunkt"))
        return NULL; /* a reminder's notice has a send window instead */
    return api_exactly_one("SendetidspunktInput", json_object_get(v, "sendetidspunkt"), names, 2);
}

static char *check_contact(json_t *channel, const char *name, const char *field)
{
    json_t *k = json_object_get(json_object_get(channel, "mottaker"), "kontaktinfo");
    char msg[128];
    if (!k || json_is_null(k)) {
        snprintf(msg, sizeof msg, "%s.mottaker: nøyaktig ett felt skal være satt. (Ingen felt er satt)", name);
        return nt_strdup(msg);
    }
    const char *value = api_str(k, field);
    if (blank(value)) {
        snprintf(msg, sizeof msg, "Kontaktinfo.%s: verdien kan ikke være blank.", field);
        return nt_strdup(msg);
    }
    return strcmp(field, "tlf") == 0 ? dom_check_mobile(value) : dom_check_email(value);
}

/* type: "EksterntVarselInput" or "PaaminnelseEksterntVarselInput". */
static char *check_notice(json_t *v, const char *type)
{
    char *err = api_exactly_one(type, v, channels, NCHANNELS);
    if (err)
        return err;
    if (api_present(v, "sms")) {
        json_t *sms = json_object_get(v, "sms");
        return (err = check_contact(sms, "sms", "tlf")) ? err : check_sendetidspunkt(sms);
    }
    if (api_present(v, "epost")) {
        json_t *epost = json_object_get(v, "epost");
        return (err = check_contact(epost, "epost", "epostadresse")) ? err : check_sendetidspunkt(epost);
    }
    const char *kind = api_present(v, "altinntjeneste") ? "altinntjeneste" : "altinnressurs";
    return check_sendetidspunkt(json_object_get(v, kind));
}

char *api_check_notices(json_t *list, const char *type)
{
    char *err = NULL;
    for (size_t i = 0; !err && i < json_array_size(list); i++)
        err = check_notice(json_array_get(list, i), type);
    return err;
}

static const char *const reminder_kinds[] = {"konkret", "etterOpprettelse", "foerFrist",
                                             "foerStartTidspunkt"};

char *api_check_reminder(json_t *p)
{
    if (!p || json_is_null(p))
        return NULL;
    char *err = api_exactly_one("PaaminnelseTidspunktInput", json_object_get(p, "tidspunkt"),
                                reminder_kinds, 4);
    return err ? err : api_check_notices(json_object_get(p, "eksterneVarsler"),
                                         "PaaminnelseEksterntVarselInput");
}

/* The notice as stored: its channel and its input, with the reference's
 * ". " suffix on altinnressurs e-mail titles. */
static json_t *notice_spec(json_t *v, const char **out_kanal)
{
    for (int i = 0; i < NCHANNELS; i++) {
        if (!api_present(v, channels[i]))
            continue;
        *out_kanal = channels[i];
        json_t *spec = json_deep_copy(json_object_get(v, channels[i]));
        const char *title = api_str(spec, "epostTittel");
        size_t n = title ? strlen(title) : 0;
        if (i == 3 && title && !(n >= 2 && strcmp(title + n - 2, ". ") == 0))
            json_object_set_new(spec, "epostTittel", json_sprintf("%s. ", title));
        return spec;
    }
    *out_kanal = "?";
    return json_object();
}

json_t *api_notices_for_event(json_t *list, int64_t ms)
{
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(list); i++) {
        char id[37];
        nt_uuid_v7(id, ms);
        const char *kanal;
        json_t *spec = notice_spec(json_array_get(list, i), &kanal);
        json_array_append_new(out, json_pack("{s:s,s:s,s:o}", "varselId", id, "kanal", kanal,
                                             "spec", spec));
    }
    return out;
}

json_t *api_notice_ids(json_t *notices)
{
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(notices); i++)
        json_array_append_new(out, json_pack("{s:O}", "id",
                                             json_object_get(json_array_get(notices, i), "varselId")));
    return out;
}

json_t *api_notice_contents(json_t *notices)
{
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(notices); i++) {
        json_t *v = json_array_get(notices, i);
        json_array_append_new(out, json_pack("{s:O,s:O}", "kanal", json_object_get(v, "kanal"),
                                             "spec", json_object_get(v, "spec")));
    }
    return out;
}

json_t *api_reminder_for_event(json_t *p, const struct api_reminder_base *base, int64_t ms,
                               json_t **out_error)
{
    if (!p || json_is_null(p))
        return NULL;
    json_t *t = json_object_get(p, "tidspunkt");
    int kind = 0;
    while (kind < 3 && !api_present(t, reminder_kinds[kind]))
        kind++;
    struct dom_local frist, start;
    bool has_frist = base->frist && dom_parse_date(base->frist, &frist);
    int64_t start_us;
    bool has_start = base->start && dom_parse_datetime(base->start, &start_us);
    if (has_start)
        dom_oslo_instant_to_local(start_us, &start);
    int64_t at = 0;
    char *err = dom_reminder_instant((enum dom_reminder_kind)kind, api_str(t, reminder_kinds[kind]),
                                     base->created_us, has_frist ? &frist : NULL,
                                     has_start ? &start : NULL, &at);
    if (err) {
        *out_error = api_error_value("UgyldigPaaminnelseTidspunkt", err);
        free(err);
        return NULL;
    }
    char when[64];
    dom_format_instant(at, when, sizeof when);
    return json_pack("{s:{s:s,s:O},s:s,s:o}", "tidspunkt", "kind", reminder_kinds[kind], "value",
                     json_object_get(t, reminder_kinds[kind]), "paaminnelseTidspunkt", when,
                     "eksterneVarsler",
                     api_notices_for_event(json_object_get(p, "eksterneVarsler"), ms));
}

json_t *api_reminder_result(json_t *reminder)
{
    if (!reminder || json_is_null(reminder))
        return json_null();
    return json_pack("{s:o}", "eksterneVarsler",
                     api_notice_ids(json_object_get(reminder, "eksterneVarsler")));
}
