/* nesteStegSak and tilleggsinformasjonSak with their by-grupperingsid forms
 * (producer-api.md 9.6, 9.7): one sak field replaced (null clears it). Their
 * idempotency keys share one space per sak, and a key seen before answers
 * success without effect whatever the content: never Konflikt. */
#include "api/producer/producer_internal.h"
#include "domain/text_rules.h"

#include <stdlib.h>
#include <string.h>

struct field_spec {
    const char *field;        /* the argument and the event's field */
    const char *event_type;
    const char *success_type;
    bool checked;             /* 140 characters, no personal number */
};

static const struct field_spec neste_steg = {"nesteSteg", "NesteStegSak", "NesteStegSakVellykket", false};
static const struct field_spec tilleggsinformasjon = {"tilleggsinformasjon", "TilleggsinformasjonSak",
                                                      "TilleggsinformasjonSakVellykket", true};

struct field_cmd {
    const struct producer_ctx *ctx;
    const struct field_spec *spec;
    struct api_address address;
    json_t *args;
    json_t *answer;
};

static bool key_seen(struct store_tx *tx, const char *sak_id, const char *key)
{
    struct store_stmt *q =
        store_prepare(tx, "SELECT 1 FROM sak_oppdatering WHERE sak_id = ? AND idempotency_key = ?");
    store_bind_text(q, 1, sak_id);
    store_bind_text(q, 2, key);
    return store_step(q) == STORE_ROW;
}

static int set_field(struct store_tx *tx, void *arg)
{
    struct field_cmd *c = arg;
    json_decref(c->answer); /* the store may run a command again */
    c->answer = NULL;
    json_t *sak = api_find_sak(tx, &c->address);
    if (!sak) {
        c->answer = api_sak_not_found(&c->address, true);
        return 0;
    }
    int rc = 0;
    const char *sak_id = api_str(sak, "id"), *key = api_str(c->args, "idempotencyKey");
    if (!(c->answer = api_check_owner(c->ctx, api_str(sak, "merkelapp")))) {
        if (!key || !key_seen(tx, sak_id, key)) {
            json_t *p = json_pack("{s:s,s:O,s:O,s:s?,s:s?}", "sakId", sak_id, "merkelapp",
                                  json_object_get(sak, "merkelapp"), "grupperingsid",
                                  json_object_get(sak, "grupperingsid"), c->spec->field,
                                  api_str(c->args, c->spec->field), "idempotenceKey", key);
            rc = api_emit(tx, c->ctx, sak_id, c->spec->event_type, p, nt_now_us());
            json_decref(p);
        }
        c->answer = api_success(c->spec->success_type, sak_id);
    }
    json_decref(sak);
    return rc;
}

static int run(struct gql_resolve_info *info, json_t *args, const struct field_spec *spec,
               json_t **out)
{
    const char *value = api_str(args, spec->field);
    char *err = spec->checked && value ? dom_check_text(spec->field, value, 140) : NULL;
    if (err) {
        int rc = api_input_error(info, err);
        free(err);
        return rc;
    }
    struct field_cmd cmd = {.ctx = info->ctx, .spec = spec, .args = args,
                            .address = api_address_of(args, "grupperingsid")};
    if (store_write(cmd.ctx->cfg->store, set_field, &cmd) != 0) {
        json_decref(cmd.answer);
        return gql_resolve_fail(info, "The sak could not be updated.");
    }
    *out = cmd.answer;
    return 0;
}

int api_producer_neste_steg_sak(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                json_t **out)
{
    (void)parent;
    return run(info, args, &neste_steg, out);
}

int api_producer_tilleggsinformasjon_sak(struct gql_resolve_info *info, json_t *parent,
                                         json_t *args, json_t **out)
{
    (void)parent;
    return run(info, args, &tilleggsinformasjon, out);
}
