/* Hard delete of notifications (producer-api.md 9.13, 15): the
 * notification's events are erased, its rows go, and a HardDelete event
 * without content plus a tombstone remain. The deprecated soft deletes do
 * the same. */
#include "api/producer/hard_delete.h"
#include "api/producer/producer_internal.h"
#include "api/producer/read_model.h"
#include "auth/registry.h"
#include "events/evlog.h"
#include "graphql/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum delete_outcome { DELETED, NOT_FOUND, FOREIGN_MERKELAPP, UNKNOWN_PRODUCER };

struct delete_cmd {
    const struct producer_ctx *ctx;
    const char *id;          /* by our id, or ... */
    const char *merkelapp;   /* ... by (merkelapp, eksternId) */
    const char *ekstern_id;
    enum delete_outcome outcome;
    char found_id[64];
    char found_merkelapp[256];
};

static int delete_notification(struct store_tx *tx, void *arg)
{
    struct delete_cmd *c = arg;
    struct store_stmt *q =
        c->id ? store_prepare(tx, "SELECT id, merkelapp FROM notifikasjon WHERE id = ?")
              : store_prepare(tx, "SELECT id, merkelapp FROM notifikasjon "
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
    if (!c->ctx->producer) {
        c->outcome = UNKNOWN_PRODUCER;
        return 0;
    }
    if (!auth_producer_has_merkelapp(c->ctx->producer, c->found_merkelapp)) {
        c->outcome = FOREIGN_MERKELAPP;
        return 0;
    }
    int rc = producer_hard_delete(tx, c->found_id, auth_producer_id(c->ctx->producer),
                                  nt_now_us()) == PRODUCER_DELETED
                 ? 0
                 : -1;
    c->outcome = DELETED;
    return rc;
}

static int run_delete(struct gql_resolve_info *info, struct delete_cmd *cmd,
                      const char *success_type, json_t **out)
{
    if (store_write(cmd->ctx->cfg->store, delete_notification, cmd) != 0)
        return gql_resolve_fail(info, "The notification could not be deleted.");
    char msg[512];
    switch (cmd->outcome) {
    case NOT_FOUND:
        if (cmd->id)
            snprintf(msg, sizeof msg, "Notifikasjon med id %s finnes ikke", cmd->id);
        else
            snprintf(msg, sizeof msg, "Notifikasjon med eksternId %s og merkelapp %s finnes ikke",
                     cmd->ekstern_id, cmd->merkelapp);
        *out = api_error_value("NotifikasjonFinnesIkke", msg);
        break;
    case UNKNOWN_PRODUCER: *out = api_unknown_producer(cmd->ctx); break;
    case FOREIGN_MERKELAPP: {
        char *text = auth_producer_merkelapp_error(cmd->ctx->producer, cmd->found_merkelapp);
        *out = api_error_value("UgyldigMerkelapp", text);
        free(text);
        break;
    }
    case DELETED:
        *out = json_pack("{s:s,s:s}", "__typename", success_type, "id", cmd->found_id);
        break;
    }
    return 0;
}

/* Hard and soft variants differ only in their success type. */
static const char *success_type_of(const struct gql_resolve_info *info)
{
    return strncmp(info->field->name, "soft", 4) == 0 ? "SoftDeleteNotifikasjonVellykket"
                                                       : "HardDeleteNotifikasjonVellykket";
}

int api_producer_delete_notifikasjon(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                     json_t **out)
{
    (void)parent;
    struct delete_cmd cmd = {.ctx = info->ctx, .id = json_string_value(json_object_get(args, "id"))};
    return run_delete(info, &cmd, success_type_of(info), out);
}

int api_producer_delete_notifikasjon_by_ekstern_id(struct gql_resolve_info *info, json_t *parent,
                                                   json_t *args, json_t **out)
{
    (void)parent;
    struct delete_cmd cmd = {.ctx = info->ctx,
                             .merkelapp = json_string_value(json_object_get(args, "merkelapp")),
                             .ekstern_id = json_string_value(json_object_get(args, "eksternId"))};
    return run_delete(info, &cmd, success_type_of(info), out);
}
