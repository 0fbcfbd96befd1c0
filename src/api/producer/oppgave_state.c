/* oppgaveUtfoert and oppgaveUtgaatt with their by-eksternId forms
 * (producer-api.md 9.8, 9.9): an event that moves the tilstand. */
#include "api/producer/producer_internal.h"
#include "domain/oslo_time.h"

#include <stdlib.h>
#include <string.h>

/* The utfoert/utgaatt event of the oppgave in row; its time is the given
 * one or now, its hardDelete counts from the call. */
static int move(struct store_tx *tx, struct api_update *u, json_t *row, const char *event_type,
                const char *time_arg, const char *success_type)
{
    const char *id = api_str(row, "id");
    int64_t now = nt_now_us();
    char when[64];
    dom_format_instant(now, when, sizeof when);
    const char *given = api_str(u->args, time_arg);
    json_t *p = json_pack("{s:s,s:s,s:s?}", "notifikasjonId", id, time_arg, given ? given : when,
                          "nyLenke", api_str(u->args, "nyLenke"));
    json_t *hd = api_hard_delete_update_for_event(json_object_get(u->args, "hardDelete"),
                                                  DOM_HD_OPPDATERING, now, NULL);
    if (hd)
        json_object_set_new(p, "hardDelete", hd);
    int rc = api_emit(tx, u->ctx, id, event_type, p, now);
    json_decref(p);
    u->answer = api_success(success_type, id);
    return rc;
}

static int utfoert(struct store_tx *tx, struct api_update *u, json_t *row)
{
    /* no state check: the reference lets it repeat */
    return move(tx, u, row, "OppgaveUtfoert", "utfoertTidspunkt", "OppgaveUtfoertVellykket");
}

static int utgaatt(struct store_tx *tx, struct api_update *u, json_t *row)
{
    const char *tilstand = api_str(row, "tilstand");
    if (tilstand && strcmp(tilstand, "UTFOERT") == 0) {
        u->answer = api_error_value("OppgavenErAlleredeUtfoert", "Oppgaven er allerede utført");
        return 0;
    }
    return move(tx, u, row, "OppgaveUtgaatt", "utgaattTidspunkt", "OppgaveUtgaattVellykket");
}

static const struct api_update_spec utfoert_spec = {false, utfoert};
static const struct api_update_spec utgaatt_spec = {false, utgaatt};

static int run(struct gql_resolve_info *info, json_t *args, const struct api_update_spec *spec,
               json_t **out)
{
    char *err = api_check_hard_delete_update(json_object_get(args, "hardDelete"));
    if (err) {
        int rc = api_input_error(info, err);
        free(err);
        return rc;
    }
    return api_run_update(info, args, spec, out);
}

int api_producer_oppgave_utfoert(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                 json_t **out)
{
    (void)parent;
    return run(info, args, &utfoert_spec, out);
}

int api_producer_oppgave_utgaatt(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                 json_t **out)
{
    (void)parent;
    return run(info, args, &utgaatt_spec, out);
}
