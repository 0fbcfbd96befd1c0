/* notifikasjonKlikketPaa and notifikasjonerSistLest (user-api.md 4.8-4.10):
 * each is one store command that checks and emits its event (BrukerKlikket,
 * NotifikasjonerSistLest), which the read model folds like any other. A
 * click counts only on a notification the person may see: anything else
 * is UgyldigId, so ids of other people's notifications reveal nothing. */
#include "api/user/read_model.h"
#include "api/user/user_internal.h"
#include "base/clock.h"
#include "domain/oslo_time.h"
#include "events/evlog.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int emit(struct store_tx *tx, const char *aggregate, const char *type, json_t *payload)
{
    char *text = json_dumps(payload, JSON_COMPACT);
    struct evlog_event e = {.aggregate_id = aggregate, .type = type, .payload = text,
                            .producer = NULL, .created_at = nt_now_us()};
    int rc = evlog_emit(tx, &e);
    free(text);
    return rc;
}

enum click_outcome { CLICK_INVALID, CLICK_DONE };

struct click_cmd {
    const struct user_session *s;
    const char *id;
    enum click_outcome outcome;
};

static int click(struct store_tx *tx, void *arg)
{
    struct click_cmd *c = arg;
    struct store_stmt *q = store_prepare(
        tx, "SELECT s.klikket FROM bruker_notifikasjon n JOIN bruker_synlig s ON s.nr = n.nr "
            "AND s.fnr = ? WHERE n.id = ? AND (? OR s.refs_nl > 0)");
    store_bind_text(q, 1, c->s->fnr);
    store_bind_text(q, 2, c->id);
    store_bind_int64(q, 3, c->s->altinn_ok);
    if (store_step(q) != STORE_ROW) {
        c->outcome = CLICK_INVALID;
        return 0;
    }
    c->outcome = CLICK_DONE;
    if (store_column_int64(q, 0))
        return 0; /* clicked before: nothing new to record */
    char now[64];
    dom_format_instant(nt_now_us(), now, sizeof now);
    json_t *p = json_pack("{s:s,s:s,s:s}", "notifikasjonId", c->id, "fnr", c->s->fnr,
                          "klikketTidspunkt", now);
    int rc = emit(tx, c->id, USER_EVENT_KLIKKET, p);
    json_decref(p);
    return rc;
}

int user_resolve_klikket_paa(struct gql_resolve_info *info, json_t *parent, json_t *args,
                             json_t **out)
{
    (void)parent;
    struct user_ctx *ctx = info->ctx;
    struct click_cmd c = {user_session_of(ctx), json_string_value(json_object_get(args, "id")),
                          CLICK_INVALID};
    if (store_write(ctx->api->cfg.store, click, &c) != 0)
        return gql_resolve_fail(info, "Klikket kunne ikke lagres.");
    if (c.outcome == CLICK_INVALID)
        *out = json_pack("{s:s,s:s}", "__typename", "UgyldigId", "feilmelding",
                         "Ingen notifikasjon med denne id-en som du har tilgang til.");
    else
        *out = json_pack("{s:s,s:s,s:b}", "__typename", "BrukerKlikk", "id", c.id, "klikketPaa",
                         1);
    return 0;
}

/* ---- notifikasjonerSistLest ---- */

struct sist_lest_cmd {
    const struct user_session *s;
    const char *tidspunkt; /* NULL: read only */
    char stored[64];
    bool found;
};

static int read_sist_lest(struct store_tx *tx, void *arg)
{
    struct sist_lest_cmd *c = arg;
    struct store_stmt *q =
        store_prepare(tx, "SELECT tidspunkt FROM bruker_sist_lest WHERE fnr = ?");
    store_bind_text(q, 1, c->s->fnr);
    c->found = store_step(q) == STORE_ROW;
    if (c->found)
        snprintf(c->stored, sizeof c->stored, "%s", store_column_text(q, 0));
    return 0;
}

static int write_sist_lest(struct store_tx *tx, void *arg)
{
    struct sist_lest_cmd *c = arg;
    json_t *p = json_pack("{s:s,s:s}", "fnr", c->s->fnr, "tidspunkt", c->tidspunkt);
    int rc = emit(tx, c->s->fnr, USER_EVENT_SIST_LEST, p);
    json_decref(p);
    return rc == 0 ? read_sist_lest(tx, arg) : rc;
}

static json_t *sist_lest_value(const struct sist_lest_cmd *c)
{
    return json_pack("{s:s,s:o}", "__typename", "NotifikasjonerSistLest", "tidspunkt",
                     c->found ? json_string(c->stored) : json_null());
}

int user_resolve_sist_lest_query(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                 json_t **out)
{
    (void)parent;
    (void)args;
    struct user_ctx *ctx = info->ctx;
    struct sist_lest_cmd c = {.s = user_session_of(ctx)};
    if (store_read(ctx->api->cfg.store, read_sist_lest, &c) != 0)
        return gql_resolve_fail(info, "Sist lest kunne ikke leses.");
    *out = sist_lest_value(&c);
    return 0;
}

int user_resolve_sist_lest_mutation(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                    json_t **out)
{
    (void)parent;
    struct user_ctx *ctx = info->ctx;
    struct sist_lest_cmd c = {.s = user_session_of(ctx),
                              .tidspunkt = json_string_value(json_object_get(args, "tidspunkt"))};
    if (store_write(ctx->api->cfg.store, write_sist_lest, &c) != 0)
        return gql_resolve_fail(info, "Sist lest kunne ikke lagres.");
    *out = sist_lest_value(&c);
    return 0;
}
