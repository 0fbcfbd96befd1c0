/* The delete mutations (producer-api.md 9.13, 15): a notification, or a sak
 * with every notification of its merkelapp and grupperingsid, by id or by
 * the producer's key. Lookup, producer, merkelapp in the reference's order,
 * then producer_hard_delete (events erased, rows gone, tombstones and a
 * content-free HardDelete left). The deprecated soft deletes do the same. */
#include "api/producer/hard_delete.h"
#include "api/producer/producer_internal.h"
#include "auth/registry.h"
#include "graphql/schema.h"

#include <string.h>

struct delete_cmd {
    const struct producer_ctx *ctx;
    struct api_address address;
    bool sak;
    const char *success_type;
    json_t *answer;
};

static int delete_one(struct store_tx *tx, void *arg)
{
    struct delete_cmd *c = arg;
    json_decref(c->answer); /* the store may run a command again */
    c->answer = NULL;
    json_t *found = c->sak ? api_find_sak(tx, &c->address) : api_find_notification(tx, &c->address);
    if (!found) {
        c->answer = c->sak ? api_sak_not_found(&c->address, false) : api_notification_not_found(&c->address);
        return 0;
    }
    int rc = 0;
    const char *id = api_str(found, "id");
    if (!(c->answer = api_check_owner(c->ctx, api_str(found, "merkelapp")))) {
        rc = producer_hard_delete(tx, id, auth_producer_id(c->ctx->producer), nt_now_us()) ==
                     PRODUCER_DELETED
                 ? 0
                 : -1;
        c->answer = api_success(c->success_type, id);
    }
    json_decref(found);
    return rc;
}

/* The hard and soft deletes of a notification or sak, by id or by key: the field
 * name says which. */
static int run_delete(struct gql_resolve_info *info, json_t *args, bool sak, json_t **out)
{
    const char *name = info->field->name;
    bool soft = strncmp(name, "soft", 4) == 0;
    static const char *const types[2][2] = {
        {"HardDeleteNotifikasjonVellykket", "SoftDeleteNotifikasjonVellykket"},
        {"HardDeleteSakVellykket", "SoftDeleteSakVellykket"}};
    struct delete_cmd cmd = {.ctx = info->ctx, .sak = sak, .success_type = types[sak][soft],
                             .address = api_address_of(args, sak ? "grupperingsid" : "eksternId")};
    if (store_write(cmd.ctx->cfg->store, delete_one, &cmd) != 0) {
        json_decref(cmd.answer);
        return gql_resolve_fail(info, "The %s could not be deleted.", sak ? "sak" : "notification");
    }
    *out = cmd.answer;
    return 0;
}

int api_producer_delete_notifikasjon(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                     json_t **out)
{
    (void)parent;
    return run_delete(info, args, false, out);
}

int api_producer_delete_sak(struct gql_resolve_info *info, json_t *parent, json_t *args,
                            json_t **out)
{
    (void)parent;
    return run_delete(info, args, true, out);
}
