/* oppdaterKalenderavtale and its by-eksternId form (producer-api.md 9.12,
 * 14): only the given fields change. Where the reference falls short we
 * build what its documentation promises: the idempotencyKey works (the same
 * key on the same kalenderavtale answers success without effect), a call
 * with only a new paaminnelse replaces the reminder, the guide's
 * nyttStartTidspunkt/nyttSluttTidspunkt move the avtale (refused with
 * UgyldigKalenderavtale when it would end before it starts), and a bad
 * reminder is UgyldigPaaminnelseTidspunkt instead of an unhandled error. */
#include "api/producer/producer_internal.h"
#include "domain/oslo_time.h"
#include "domain/text_rules.h"

#include <stdlib.h>
#include <string.h>

/* Argument -> event field of what may change. */
static const char *const changes[][2] = {
    {"nyTilstand", "tilstand"},         {"nyTekst", "tekst"},
    {"nyLenke", "lenke"},               {"nyLokasjon", "lokasjon"},
    {"nyErDigitalt", "erDigitalt"},     {"nyttStartTidspunkt", "startTidspunkt"},
    {"nyttSluttTidspunkt", "sluttTidspunkt"},
};
#define NCHANGES (sizeof changes / sizeof changes[0])

static bool anything_to_do(json_t *args)
{
    for (size_t i = 0; i < NCHANGES; i++)
        if (api_present(args, changes[i][0]))
            return true;
    return api_present(args, "hardDelete") || api_present(args, "paaminnelse") ||
           json_array_size(json_object_get(args, "eksterneVarsler")) > 0;
}

static int64_t instant_or(const char *text, int64_t fallback)
{
    int64_t t;
    return text && dom_parse_datetime(text, &t) ? t : fallback;
}

/* The avtale after the change may not end before it starts. */
static bool ends_before_start(json_t *args, json_t *row)
{
    const char *start = api_str(args, "nyttStartTidspunkt"), *slutt = api_str(args, "nyttSluttTidspunkt");
    if (!start)
        start = api_str(row, "startTidspunkt");
    if (!slutt)
        slutt = api_str(row, "sluttTidspunkt");
    return slutt && instant_or(slutt, 0) < instant_or(start, 0);
}

static bool cancelled(json_t *args)
{
    const char *t = api_str(args, "nyTilstand");
    return t && strcmp(t, "AVLYST") == 0;
}

static json_t *event_of(struct api_update *u, json_t *row, int64_t now)
{
    char when[64];
    dom_format_instant(now, when, sizeof when);
    json_t *p = json_pack("{s:O,s:O,s:O,s:O,s:s,s:o,s:s*}", "notifikasjonId", json_object_get(row, "id"),
                          "merkelapp", json_object_get(row, "merkelapp"), "grupperingsid",
                          json_object_get(row, "grupperingsid"), "opprettetTidspunkt",
                          json_object_get(row, "opprettetTidspunkt"), "oppdatertTidspunkt", when,
                          "eksterneVarsler",
                          api_notices_for_event(json_object_get(u->args, "eksterneVarsler"), now / 1000),
                          "idempotenceKey", api_str(u->args, "idempotencyKey"));
    for (size_t i = 0; i < NCHANGES; i++) {
        const char *arg = changes[i][0];
        if (!api_present(u->args, arg))
            continue;
        json_object_set_new(p, changes[i][1], strncmp(arg, "nytt", 4) == 0 /* the times */
                                                  ? api_oslo_local(api_str(u->args, arg))
                                                  : json_incref(json_object_get(u->args, arg)));
    }
    json_t *hd = api_hard_delete_update_for_event(json_object_get(u->args, "hardDelete"),
                                                  DOM_HD_OPPDATERING, now, NULL);
    if (hd)
        json_object_set_new(p, "hardDelete", hd);
    return p;
}

static int oppdater(struct store_tx *tx, struct api_update *u, json_t *row)
{
    const char *id = api_str(row, "id"), *key = api_str(u->args, "idempotencyKey");
    if (!anything_to_do(u->args) || (key && api_update_key_seen(tx, id, key))) {
        u->answer = api_success("OppdaterKalenderavtaleVellykket", id);
        return 0;
    }
    if (ends_before_start(u->args, row)) {
        u->answer = api_error_value("UgyldigKalenderavtale", "sluttTidspunkt kan ikke være før startTidspunkt");
        return 0;
    }
    int64_t now = nt_now_us();
    json_t *reminder = NULL;
    if (!cancelled(u->args)) { /* an AVLYST avtale gets no reminder */
        const char *start = api_str(u->args, "nyttStartTidspunkt");
        struct api_reminder_base base = {api_created_us(row), NULL,
                                         start ? start : api_str(row, "startTidspunkt")};
        reminder = api_reminder_for_event(json_object_get(u->args, "paaminnelse"), &base, now / 1000,
                                          &u->answer);
        if (u->answer)
            return 0;
    }
    json_t *p = event_of(u, row, now);
    if (reminder)
        json_object_set_new(p, "paaminnelse", reminder);
    int rc = api_emit(tx, u->ctx, id, "KalenderavtaleOppdatert", p, now);
    json_decref(p);
    u->answer = api_success("OppdaterKalenderavtaleVellykket", id);
    return rc;
}

static const struct api_update_spec oppdater_spec = {true, oppdater};

static char *validate(json_t *args)
{
    const char *tekst = api_str(args, "nyTekst");
    char *err = tekst ? dom_check_text("kalenderavtale.tekst", tekst, 300) : NULL;
    if (!err)
        err = api_check_notices(json_object_get(args, "eksterneVarsler"), "EksterntVarselInput");
    if (!err)
        err = api_check_reminder(json_object_get(args, "paaminnelse"));
    if (!err)
        err = api_check_hard_delete_update(json_object_get(args, "hardDelete"));
    return err;
}

int api_producer_oppdater_kalenderavtale(struct gql_resolve_info *info, json_t *parent,
                                         json_t *args, json_t **out)
{
    (void)parent;
    char *err = validate(args);
    if (err) {
        int rc = api_input_error(info, err);
        free(err);
        return rc;
    }
    return api_run_update(info, args, &oppdater_spec, out);
}
