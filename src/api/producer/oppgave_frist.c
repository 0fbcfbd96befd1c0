/* oppgaveUtsettFrist and oppgaveEndrePaaminnelse with their by-eksternId
 * forms (producer-api.md 9.10, 9.11): a new frist (never earlier) with an
 * optional new reminder, or a replaced (or removed) reminder. Reminders
 * count from the oppgave's original creation. An UTFOERT oppgave is refused
 * with OppgavenErAlleredeUtfoert (the reference reopened it for the
 * producer and let it expire later: spec 9.10). */
#include "api/producer/producer_internal.h"
#include "domain/oslo_time.h"

#include <stdlib.h>
#include <string.h>

static bool done(json_t *row)
{
    const char *tilstand = api_str(row, "tilstand");
    return tilstand && strcmp(tilstand, "UTFOERT") == 0;
}

static json_t *already_done(void)
{
    return api_error_value("OppgavenErAlleredeUtfoert", "Oppgaven er allerede utført");
}

/* The new reminder in event form, NULL when none was asked for or when it
 * is refused (then u->answer is set). */
static json_t *reminder_of(struct api_update *u, json_t *row, const char *frist, int64_t now)
{
    struct api_reminder_base base = {api_created_us(row), frist, NULL};
    return api_reminder_for_event(json_object_get(u->args, "paaminnelse"), &base, now / 1000,
                                  &u->answer);
}

static int utsett_frist(struct store_tx *tx, struct api_update *u, json_t *row)
{
    const char *id = api_str(row, "id"), *old = api_str(row, "frist"),
               *ny = api_str(u->args, "nyFrist");
    if (done(row)) {
        u->answer = already_done();
        return 0;
    }
    if (old && strcmp(ny, old) < 0) { /* ISO dates order as text */
        u->answer = api_error_value("Konflikt", "Ny frist kan ikke være tidligere enn den gamle");
        return 0;
    }
    /* the reference reads the reminder only once the oppgave is found */
    if ((u->input_error = api_check_reminder(json_object_get(u->args, "paaminnelse"))))
        return 0;
    int64_t now = nt_now_us();
    json_t *reminder = reminder_of(u, row, ny, now);
    if (u->answer)
        return 0;
    char when[64];
    dom_format_instant(now, when, sizeof when);
    json_t *p = json_pack("{s:s,s:O,s:s,s:s,s:o*}", "notifikasjonId", id, "merkelapp",
                          json_object_get(row, "merkelapp"), "fristEndretTidspunkt", when, "frist",
                          ny, "paaminnelse", reminder);
    int rc = api_emit(tx, u->ctx, id, "FristUtsatt", p, now);
    json_decref(p);
    u->answer = api_success("OppgaveUtsettFristVellykket", id);
    return rc;
}

static int endre_paaminnelse(struct store_tx *tx, struct api_update *u, json_t *row)
{
    const char *id = api_str(row, "id"), *key = api_str(u->args, "idempotencyKey");
    if (key && api_update_key_seen(tx, id, key)) {
        u->answer = api_success("OppgaveEndrePaaminnelseVellykket", id);
        return 0;
    }
    if (done(row)) {
        u->answer = already_done();
        return 0;
    }
    int64_t now = nt_now_us();
    json_t *reminder = reminder_of(u, row, api_str(row, "frist"), now);
    if (u->answer)
        return 0;
    json_t *p = json_pack("{s:s,s:O,s:O,s:O,s:o*,s:s*}", "notifikasjonId", id, "merkelapp",
                          json_object_get(row, "merkelapp"), "frist", json_object_get(row, "frist"),
                          "oppgaveOpprettetTidspunkt", json_object_get(row, "opprettetTidspunkt"),
                          "paaminnelse", reminder, "idempotenceKey", key);
    int rc = api_emit(tx, u->ctx, id, "OppgavePaaminnelseEndret", p, now);
    json_decref(p);
    u->answer = api_success("OppgaveEndrePaaminnelseVellykket", id);
    return rc;
}

static const struct api_update_spec utsett_frist_spec = {false, utsett_frist};
static const struct api_update_spec endre_paaminnelse_spec = {false, endre_paaminnelse};

int api_producer_oppgave_utsett_frist(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                      json_t **out)
{
    (void)parent;
    return api_run_update(info, args, &utsett_frist_spec, out);
}

int api_producer_oppgave_endre_paaminnelse(struct gql_resolve_info *info, json_t *parent,
                                           json_t *args, json_t **out)
{
    (void)parent;
    char *err = api_check_reminder(json_object_get(args, "paaminnelse"));
    if (err) {
        int rc = api_input_error(info, err);
        free(err);
        return rc;
    }
    return api_run_update(info, args, &endre_paaminnelse_spec, out);
}
