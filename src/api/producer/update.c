/* One store command for every update of a single notification: the lookup
 * and the checks every such mutation makes in the reference's order, then
 * the mutation's own step. */
#include "api/producer/producer_internal.h"
#include "domain/oslo_time.h"

#include <stdlib.h>

static json_t *not_found(const struct api_update *u, json_t *row)
{
    if (!u->spec->kalenderavtale) /* an oppgave mutation */
        return row ? api_not_an_oppgave(api_str(row, "id")) : api_notification_not_found(&u->address);
    if (u->address.id)
        return api_error_valuef("NotifikasjonFinnesIkke", "kalenderavtale med id=%s finnes ikke",
                                u->address.id);
    return api_error_valuef("NotifikasjonFinnesIkke",
                            "kalenderavtale med eksternId=%s og merkelapp=%s finnes ikke",
                            u->address.key, u->address.merkelapp);
}

static int update_one(struct store_tx *tx, void *arg)
{
    struct api_update *u = arg;
    json_decref(u->answer); /* the store may run a command again */
    free(u->input_error);
    u->answer = NULL;
    u->input_error = NULL;
    /* oppdaterKalenderavtale asks for the producer first, the oppgave
     * mutations look the notification up first */
    if (u->spec->kalenderavtale && !u->ctx->producer) {
        u->answer = api_unknown_producer(u->ctx);
        return 0;
    }
    json_t *row = api_find_notification(tx, &u->address);
    const char *kind = u->spec->kalenderavtale ? "KALENDERAVTALE" : "OPPGAVE";
    if (!row || !api_is_kind(row, kind)) {
        u->answer = not_found(u, row);
        json_decref(row);
        return 0;
    }
    int rc = 0;
    if (!(u->answer = api_check_owner(u->ctx, api_str(row, "merkelapp"))))
        rc = u->spec->apply(tx, u, row);
    json_decref(row);
    return rc;
}

int api_run_update(struct gql_resolve_info *info, json_t *args, const struct api_update_spec *spec,
                   json_t **out)
{
    struct api_update u = {.ctx = info->ctx, .spec = spec, .args = args,
                           .address = api_address_of(args, "eksternId")};
    int rc = store_write(u.ctx->cfg->store, update_one, &u);
    if (rc != 0) {
        json_decref(u.answer);
        free(u.input_error);
        return gql_resolve_fail(info, "The notification could not be updated.");
    }
    if (u.input_error) {
        json_decref(u.answer);
        rc = api_input_error(info, u.input_error);
        free(u.input_error);
        return rc;
    }
    *out = u.answer;
    return 0;
}

bool api_update_key_seen(struct store_tx *tx, const char *notification_id, const char *key)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT 1 FROM notifikasjon_oppdatering WHERE notifikasjon_id = ? AND idempotency_key = ?");
    store_bind_text(q, 1, notification_id);
    store_bind_text(q, 2, key);
    return store_step(q) == STORE_ROW;
}

int64_t api_created_us(json_t *row)
{
    int64_t t = 0;
    dom_parse_datetime(api_str(row, "opprettetTidspunkt"), &t);
    return t;
}
