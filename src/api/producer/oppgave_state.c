/* oppgaveUtfoert and oppgaveUtgaatt with their by-eksternId forms
 * (producer-api.md 9.8, 9.9): lookup, kind, producer and merkelapp checks in
 * the reference's order, then an event that moves the tilstand. */
#include "api/producer/producer_internal.h"
#include "api/producer/read_model.h"
#include "auth/registry.h"
#include "domain/oslo_time.h"
#include "domain/text_rules.h"
#include "events/evlog.h"
#include "graphql/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum state_outcome { MOVED, NOT_FOUND, NOT_OPPGAVE, UNKNOWN_PRODUCER, FOREIGN_MERKELAPP, ALREADY_DONE };

struct state_cmd {
    const struct producer_ctx *ctx;
    const char *id, *merkelapp, *ekstern_id; /* by id, or by (merkelapp, eksternId) */
    const char *event_type;                  /* OppgaveUtfoert | OppgaveUtgaatt */
    json_t *args;
    enum state_outcome outcome;
    char found_id[64];
    char found_merkelapp[256];
};

static int move_state(struct store_tx *tx, void *arg)
{
    struct state_cmd *c = arg;
    struct store_stmt *q =
        c->id ? store_prepare(tx, "SELECT id, merkelapp, kind, tilstand FROM notifikasjon WHERE id = ?")
              : store_prepare(tx, "SELECT id, merkelapp, kind, tilstand FROM notifikasjon "
                                  "WHERE merkelapp = ? AND ekstern_id = ?");
    store_bind_text(q, 1, c->id ? c->id : c->merkelapp);
    if (!c->id)
        store_bind_text(q, 2, c->ekstern_id);
    if (store_step(q) != STORE_ROW) {
        c->outcome = NOT_FOUND;
        return 0;
    }
    snprintf(c->found_id, sizeof c->found_id, "%s", store_column_text(q, 0));
    snprintf(c->found_merkelapp, sizeof c->found_merkelapp, "%s", store_column_text(q, 1));
    bool oppgave = strcmp(store_column_text(q, 2), "OPPGAVE") == 0;
    const char *tilstand = store_column_text(q, 3);
    bool done = tilstand && strcmp(tilstand, "UTFOERT") == 0;
    if (!oppgave)
        c->outcome = NOT_OPPGAVE;
    else if (!c->ctx->producer)
        c->outcome = UNKNOWN_PRODUCER;
    else if (!auth_producer_has_merkelapp(c->ctx->producer, c->found_merkelapp))
        c->outcome = FOREIGN_MERKELAPP;
    else if (done && strcmp(c->event_type, "OppgaveUtgaatt") == 0)
        c->outcome = ALREADY_DONE;
    else
        c->outcome = MOVED;
    if (c->outcome != MOVED)
        return 0;
    int64_t now = nt_now_us();
    char when[64];
    dom_format_instant(now, when, sizeof when);
    const char *time_arg = strcmp(c->event_type, "OppgaveUtfoert") == 0 ? "utfoertTidspunkt"
                                                                          : "utgaattTidspunkt";
    json_t *given = json_object_get(c->args, time_arg);
    json_t *p = json_pack("{s:s,s:s,s:O?,s:O?}", "notifikasjonId", c->found_id, time_arg,
                          json_is_string(given) ? json_string_value(given) : when, "nyLenke",
                          json_object_get(c->args, "nyLenke"), "hardDelete",
                          json_object_get(c->args, "hardDelete"));
    int rc = api_emit(tx, c->ctx, c->found_id, c->event_type, p, now);
    json_decref(p);
    return rc;
}

static int run(struct gql_resolve_info *info, json_t *args, const char *event_type,
               const char *success_type, json_t **out)
{
    struct state_cmd cmd = {.ctx = info->ctx, .event_type = event_type, .args = args,
                            .id = json_string_value(json_object_get(args, "id")),
                            .merkelapp = json_string_value(json_object_get(args, "merkelapp")),
                            .ekstern_id = json_string_value(json_object_get(args, "eksternId"))};
    json_t *hd = json_object_get(args, "hardDelete");
    if (hd && !json_is_null(hd)) {
        static const char *const names[] = {"den", "om"};
        json_t *nyTid = json_object_get(hd, "nyTid");
        bool given[2] = {json_object_get(nyTid, "den") && !json_is_null(json_object_get(nyTid, "den")),
                         json_object_get(nyTid, "om") && !json_is_null(json_object_get(nyTid, "om"))};
        char *err = dom_check_exactly_one("FutureTemporalInput", names, given, 2);
        if (err) {
            int rc = api_input_error(info, err);
            free(err);
            return rc;
        }
    }
    if (store_write(cmd.ctx->cfg->store, move_state, &cmd) != 0)
        return gql_resolve_fail(info, "The oppgave could not be updated.");
    char msg[512];
    switch (cmd.outcome) {
    case NOT_FOUND:
        if (cmd.id)
            snprintf(msg, sizeof msg, "Notifikasjon med id %s finnes ikke", cmd.id);
        else
            snprintf(msg, sizeof msg, "Notifikasjon med eksternId %s og merkelapp %s finnes ikke",
                     cmd.ekstern_id, cmd.merkelapp);
        *out = api_error_value("NotifikasjonFinnesIkke", msg);
        break;
    case NOT_OPPGAVE:
        snprintf(msg, sizeof msg, "Notifikasjonen (id %s) er ikke en oppgave", cmd.found_id);
        *out = api_error_value("NotifikasjonFinnesIkke", msg);
        break;
    case UNKNOWN_PRODUCER: *out = api_unknown_producer(cmd.ctx); break;
    case FOREIGN_MERKELAPP: {
        char *text = auth_producer_merkelapp_error(cmd.ctx->producer, cmd.found_merkelapp);
        *out = api_error_value("UgyldigMerkelapp", text);
        free(text);
        break;
    }
    case ALREADY_DONE: *out = api_error_value("OppgavenErAlleredeUtfoert", "Oppgaven er allerede utført"); break;
    case MOVED: *out = json_pack("{s:s,s:s}", "__typename", success_type, "id", cmd.found_id); break;
    }
    return 0;
}

int api_producer_oppgave_utfoert(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                 json_t **out)
{
    (void)parent;
    return run(info, args, "OppgaveUtfoert", "OppgaveUtfoertVellykket", out);
}

int api_producer_oppgave_utgaatt(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                 json_t **out)
{
    (void)parent;
    return run(info, args, "OppgaveUtgaatt", "OppgaveUtgaattVellykket", out);
}
