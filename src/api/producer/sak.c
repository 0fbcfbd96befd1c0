/* Saker (producer-api.md 9.4, 9.5, 8.3): nySak with its initial status,
 * nyStatusSak with idempotency keys, hentSak. Each write is one store
 * command, so the check for an existing sak and the creation cannot
 * interleave with another request's. */
#include "api/producer/producer_internal.h"
#include "api/producer/read_model.h"
#include "auth/registry.h"
#include "base/alloc.h"
#include "base/uuid.h"
#include "domain/oslo_time.h"
#include "domain/text_rules.h"
#include "events/evlog.h"
#include "graphql/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Shared ---- */

static json_t *sak_not_found(const char *id, const char *merkelapp, const char *grupperingsid,
                             bool lower_case)
{
    char msg[512];
    if (id)
        snprintf(msg, sizeof msg, lower_case ? "sak med id=%s finnes ikke" : "Sak med id %s finnes ikke",
                 id);
    else if (lower_case)
        snprintf(msg, sizeof msg, "sak med merkelapp='%s' og grupperingsid='%s' finnes ikke",
                 merkelapp, grupperingsid);
    else
        snprintf(msg, sizeof msg, "Sak med grupperingsid %s og merkelapp %s finnes ikke",
                 grupperingsid, merkelapp);
    return api_error_value("SakFinnesIkke", msg);
}

static json_t *foreign_merkelapp(const struct producer_ctx *ctx, const char *merkelapp)
{
    char *text = auth_producer_merkelapp_error(ctx->producer, merkelapp);
    json_t *v = api_error_value("UgyldigMerkelapp", text);
    free(text);
    return v;
}

/* ---- nySak ---- */

enum sak_outcome { SAK_CREATED, SAK_SAME, SAK_DUPLICATE, SAK_DELETED_BEFORE };

struct sak_cmd {
    const struct producer_ctx *ctx;
    json_t *sak;    /* SakOpprettet payload */
    json_t *status; /* the initial NyStatusSak payload */
    int64_t at;
    enum sak_outcome outcome;
    char existing[64];
};

static int create_sak(struct store_tx *tx, void *arg)
{
    struct sak_cmd *c = arg;
    const char *merkelapp = api_str(c->sak, "merkelapp"), *gid = api_str(c->sak, "grupperingsid");
    struct store_stmt *q =
        store_prepare(tx, "SELECT id, identity FROM sak WHERE merkelapp = ? AND grupperingsid = ?");
    store_bind_text(q, 1, merkelapp);
    store_bind_text(q, 2, gid);
    if (store_step(q) == STORE_ROW) {
        snprintf(c->existing, sizeof c->existing, "%s", store_column_text(q, 0));
        c->outcome = strcmp(store_column_text(q, 1), api_str(c->sak, "identity")) == 0
                         ? SAK_SAME
                         : SAK_DUPLICATE;
        return 0;
    }
    if (evlog_tombstone_exists(tx, "SAK", merkelapp, gid)) {
        c->outcome = SAK_DELETED_BEFORE;
        return 0;
    }
    c->outcome = SAK_CREATED;
    const char *id = api_str(c->sak, "sakId");
    if (api_emit(tx, c->ctx, id, "SakOpprettet", c->sak, c->at) != 0)
        return -1;
    return api_emit(tx, c->ctx, id, "NyStatusSak", c->status, c->at);
}

/* Recipients are compared as a set (spec 10.2): sorted text forms. */
static int compare_json_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static json_t *sorted_recipients(json_t *recipients)
{
    size_t n = json_array_size(recipients);
    char **texts = nt_calloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        texts[i] = json_dumps(json_array_get(recipients, i), JSON_COMPACT | JSON_SORT_KEYS);
    qsort(texts, n, sizeof(char *), compare_json_text);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!i || strcmp(texts[i], texts[i - 1]) != 0)
            json_array_append_new(out, json_string(texts[i]));
    }
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    return out;
}

static char *sak_validation(json_t *args)
{
    char *err = dom_check_text("sak.tittel", api_str(args, "tittel"), 140);
    const char *extra = api_str(args, "tilleggsinformasjon");
    if (!err && extra)
        err = dom_check_text("sak.tilleggsinformasjon", extra, 140);
    return err;
}

int api_producer_ny_sak(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    (void)parent;
    const struct producer_ctx *ctx = info->ctx;
    char *err = sak_validation(args);
    json_t *wrapper = json_pack("{s:O}", "mottakere", json_object_get(args, "mottakere"));
    json_t *recipients = err ? NULL : api_collect_recipients(wrapper, &err);
    json_decref(wrapper);
    if (err) {
        int rc = api_input_error(info, err);
        free(err);
        json_decref(recipients);
        return rc;
    }
    if (!ctx->producer) {
        *out = api_unknown_producer(ctx);
        json_decref(recipients);
        return 0;
    }
    if (!json_array_size(recipients)) {
        json_decref(recipients);
        return gql_resolve_fail(info, "minst 1 mottaker må gis");
    }
    const char *org = api_str(args, "virksomhetsnummer"), *merkelapp = api_str(args, "merkelapp");
    if ((*out = api_check_rights(ctx, recipients, org, merkelapp))) {
        json_decref(recipients);
        return 0;
    }
    int64_t now = nt_now_us();
    char id[37], status_id[37], mottatt[64];
    nt_uuid_v7(id, now / 1000);
    nt_uuid_v7(status_id, now / 1000);
    dom_format_instant(now, mottatt, sizeof mottatt);
    json_t *for_event = api_recipients_for_event(recipients, org);
    json_decref(recipients);
    json_t *identity = json_pack(
        "{s:O,s:O,s:O,s:O,s:O?,s:O?,s:O?,s:o,s:O,s:O?,s:O?}", "merkelapp",
        json_object_get(args, "merkelapp"), "grupperingsid", json_object_get(args, "grupperingsid"),
        "virksomhetsnummer", json_object_get(args, "virksomhetsnummer"), "tittel",
        json_object_get(args, "tittel"), "lenke", json_object_get(args, "lenke"), "nesteSteg",
        json_object_get(args, "nesteSteg"), "tilleggsinformasjon",
        json_object_get(args, "tilleggsinformasjon"), "mottakere", sorted_recipients(for_event),
        "initiellStatus", json_object_get(args, "initiellStatus"), "overstyrStatustekstMed",
        json_object_get(args, "overstyrStatustekstMed"), "tidspunkt",
        json_object_get(args, "tidspunkt"));
    char *identity_text = json_dumps(identity, JSON_COMPACT);
    json_decref(identity);
    json_t *sak = json_pack(
        "{s:s,s:O,s:O,s:O,s:O,s:O?,s:O?,s:O?,s:o,s:s,s:s,s:s,s:O?}", "sakId", id, "merkelapp",
        json_object_get(args, "merkelapp"), "grupperingsid", json_object_get(args, "grupperingsid"),
        "virksomhetsnummer", json_object_get(args, "virksomhetsnummer"), "tittel",
        json_object_get(args, "tittel"), "lenke", json_object_get(args, "lenke"), "nesteSteg",
        json_object_get(args, "nesteSteg"), "tilleggsinformasjon",
        json_object_get(args, "tilleggsinformasjon"), "mottakere", for_event, "produsentId",
        auth_producer_id(ctx->producer), "mottattTidspunkt", mottatt, "identity", identity_text,
        "hardDelete", json_object_get(args, "hardDelete"));
    json_t *status = json_pack("{s:s,s:s,s:O,s:O?,s:O?,s:s,s:s}", "sakId", id, "statusId",
                               status_id, "status", json_object_get(args, "initiellStatus"),
                               "overstyrStatustekstMed", json_object_get(args, "overstyrStatustekstMed"),
                               "oppgittTidspunkt", json_object_get(args, "tidspunkt"),
                               "mottattTidspunkt", mottatt, "idempotensKey", "INITIAL");
    free(identity_text);
    struct sak_cmd cmd = {.ctx = ctx, .sak = sak, .status = status, .at = now};
    int rc = store_write(ctx->cfg->store, create_sak, &cmd);
    json_decref(sak);
    json_decref(status);
    if (rc != 0)
        return gql_resolve_fail(info, "The sak could not be stored.");
    switch (cmd.outcome) {
    case SAK_CREATED: *out = json_pack("{s:s,s:s}", "__typename", "NySakVellykket", "id", id); break;
    case SAK_SAME:
        *out = json_pack("{s:s,s:s}", "__typename", "NySakVellykket", "id", cmd.existing);
        break;
    case SAK_DUPLICATE:
        *out = json_pack("{s:s,s:s,s:s}", "__typename", "DuplikatGrupperingsid", "feilmelding",
                         "sak med angitt grupperings-id og merkelapp finnes fra før",
                         "idTilEksisterende", cmd.existing);
        break;
    case SAK_DELETED_BEFORE:
        *out = api_error_value("DuplikatGrupperingsidEtterDelete",
                               "sak med angitt grupperings-id og merkelapp har vært brukt tidligere");
        break;
    }
    return 0;
}

/* ---- nyStatusSak ---- */

enum status_outcome { ST_ADDED, ST_SAME, ST_CONFLICT, ST_NOT_FOUND, ST_UNKNOWN_PRODUCER, ST_FOREIGN };

struct status_cmd {
    const struct producer_ctx *ctx;
    const char *id, *merkelapp, *grupperingsid;
    json_t *args;
    enum status_outcome outcome;
    char sak_id[64], sak_merkelapp[256], status_id[64];
    json_t *statuser;
};

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int find_sak(struct store_tx *tx, struct status_cmd *c)
{
    struct store_stmt *q =
        c->id ? store_prepare(tx, "SELECT id, merkelapp FROM sak WHERE id = ?")
              : store_prepare(tx, "SELECT id, merkelapp FROM sak WHERE merkelapp = ? AND grupperingsid = ?");
    store_bind_text(q, 1, c->id ? c->id : c->merkelapp);
    if (!c->id)
        store_bind_text(q, 2, c->grupperingsid);
    if (store_step(q) != STORE_ROW)
        return 0;
    snprintf(c->sak_id, sizeof c->sak_id, "%s", store_column_text(q, 0));
    snprintf(c->sak_merkelapp, sizeof c->sak_merkelapp, "%s", store_column_text(q, 1));
    return 1;
}

static void read_statuser(struct store_tx *tx, struct status_cmd *c)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT status, coalesce(oppgitt, mottatt), overstyr_tekst FROM sak_status WHERE "
            "sak_id = ? ORDER BY coalesce(oppgitt, mottatt) DESC, event_seq DESC");
    store_bind_text(q, 1, c->sak_id);
    c->statuser = json_array();
    while (store_step(q) == STORE_ROW)
        json_array_append_new(c->statuser,
                              json_pack("{s:s,s:s,s:s?}", "status", store_column_text(q, 0),
                                        "tidspunkt", store_column_text(q, 1),
                                        "overstyrStatusTekstMed", store_column_text(q, 2)));
}

static int add_status(struct store_tx *tx, void *arg)
{
    struct status_cmd *c = arg;
    if (!find_sak(tx, c)) {
        c->outcome = ST_NOT_FOUND;
        return 0;
    }
    if (!c->ctx->producer) {
        c->outcome = ST_UNKNOWN_PRODUCER;
        return 0;
    }
    if (!auth_producer_has_merkelapp(c->ctx->producer, c->sak_merkelapp)) {
        c->outcome = ST_FOREIGN;
        return 0;
    }
    int64_t now = nt_now_us();
    char key[512], mottatt[64];
    const char *user_key = api_str(c->args, "idempotencyKey");
    if (user_key) {
        snprintf(key, sizeof key, "USER_SUPPLIED%s", user_key);
    } else {
        char generated[37];
        nt_uuid_v7(generated, now / 1000);
        snprintf(key, sizeof key, "GENERATED%s", generated);
    }
    const char *status = api_str(c->args, "nyStatus"), *overstyr = api_str(c->args, "overstyrStatustekstMed"),
               *oppgitt = api_str(c->args, "tidspunkt");
    struct store_stmt *q = store_prepare(
        tx, "SELECT id, status, overstyr_tekst, oppgitt FROM sak_status WHERE sak_id = ? AND "
            "idempotency_key = ?");
    store_bind_text(q, 1, c->sak_id);
    store_bind_text(q, 2, key);
    if (store_step(q) == STORE_ROW) {
        snprintf(c->status_id, sizeof c->status_id, "%s", store_column_text(q, 0));
        bool same = same_text(store_column_text(q, 1), status) &&
                    same_text(store_column_text(q, 2), overstyr) &&
                    same_text(store_column_text(q, 3), oppgitt);
        c->outcome = same ? ST_SAME : ST_CONFLICT;
        if (same)
            read_statuser(tx, c);
        return 0;
    }
    nt_uuid_v7(c->status_id, now / 1000);
    dom_format_instant(now, mottatt, sizeof mottatt);
    json_t *p = json_pack("{s:s,s:s,s:s,s:s?,s:s?,s:s,s:s,s:O?,s:O?}", "sakId", c->sak_id,
                          "statusId", c->status_id, "status", status, "overstyrStatustekstMed",
                          overstyr, "oppgittTidspunkt", oppgitt, "mottattTidspunkt", mottatt,
                          "idempotensKey", key, "hardDelete", json_object_get(c->args, "hardDelete"),
                          "nyLenkeTilSak", json_object_get(c->args, "nyLenkeTilSak"));
    int rc = api_emit(tx, c->ctx, c->sak_id, "NyStatusSak", p, now);
    json_decref(p);
    c->outcome = ST_ADDED;
    if (rc == 0)
        read_statuser(tx, c);
    return rc;
}

int api_producer_ny_status_sak(struct gql_resolve_info *info, json_t *parent, json_t *args,
                               json_t **out)
{
    (void)parent;
    struct status_cmd cmd = {.ctx = info->ctx, .args = args,
                             .id = api_str(args, "id"),
                             .merkelapp = api_str(args, "merkelapp"),
                             .grupperingsid = api_str(args, "grupperingsid")};
    if (store_write(cmd.ctx->cfg->store, add_status, &cmd) != 0) {
        json_decref(cmd.statuser);
        return gql_resolve_fail(info, "The status could not be stored.");
    }
    switch (cmd.outcome) {
    case ST_NOT_FOUND: *out = sak_not_found(cmd.id, cmd.merkelapp, cmd.grupperingsid, true); break;
    case ST_UNKNOWN_PRODUCER: *out = api_unknown_producer(cmd.ctx); break;
    case ST_FOREIGN: *out = foreign_merkelapp(cmd.ctx, cmd.sak_merkelapp); break;
    case ST_CONFLICT:
        *out = api_error_value("Konflikt", "statusoppdatering med idempotency eksisterer, men er annerledes");
        break;
    case ST_ADDED:
    case ST_SAME:
        *out = json_pack("{s:s,s:s,s:o}", "__typename", "NyStatusSakVellykket", "id", cmd.status_id,
                         "statuser", cmd.statuser);
        cmd.statuser = NULL;
        break;
    }
    json_decref(cmd.statuser);
    return 0;
}

/* ---- hentSak ---- */

/* sisteStatus is the latest received status; MOTTATT if none was kept. */
#define SAK_SELECT                                                                               \
    "SELECT s.id, s.grupperingsid, s.virksomhetsnummer, s.tittel, s.lenke, s.neste_steg, "      \
    "s.tilleggsinformasjon, s.merkelapp, (SELECT status FROM sak_status st WHERE st.sak_id = "  \
    "s.id ORDER BY event_seq DESC LIMIT 1) FROM sak s "

struct sak_lookup {
    const char *id, *merkelapp, *grupperingsid;
    json_t *sak;
};

static int read_sak(struct store_tx *tx, void *arg)
{
    struct sak_lookup *l = arg;
    struct store_stmt *q =
        l->id ? store_prepare(tx, SAK_SELECT "WHERE s.id = ?")
              : store_prepare(tx, SAK_SELECT "WHERE s.merkelapp = ? AND s.grupperingsid = ?");
    store_bind_text(q, 1, l->id ? l->id : l->merkelapp);
    if (!l->id)
        store_bind_text(q, 2, l->grupperingsid);
    if (store_step(q) != STORE_ROW)
        return 0;
    const char *siste = store_column_text(q, 8);
    l->sak = json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:s,s:s}", "id", store_column_text(q, 0),
                       "grupperingsid", store_column_text(q, 1), "virksomhetsnummer",
                       store_column_text(q, 2), "tittel", store_column_text(q, 3), "lenke",
                       store_column_text(q, 4), "nesteSteg", store_column_text(q, 5),
                       "tilleggsinformasjon", store_column_text(q, 6), "merkelapp",
                       store_column_text(q, 7), "sisteStatus", siste ? siste : "MOTTATT");
    return 0;
}

int api_producer_hent_sak(struct gql_resolve_info *info, json_t *parent, json_t *args,
                          json_t **out)
{
    (void)parent;
    const struct producer_ctx *ctx = info->ctx;
    struct sak_lookup l = {.id = api_str(args, "id"), .merkelapp = api_str(args, "merkelapp"),
                           .grupperingsid = api_str(args, "grupperingsid")};
    if (!ctx->producer) {
        *out = api_unknown_producer(ctx);
        return 0;
    }
    if (store_read(ctx->cfg->store, read_sak, &l) != 0)
        return gql_resolve_fail(info, "The sak could not be read.");
    if (!l.sak)
        *out = sak_not_found(l.id, l.merkelapp, l.grupperingsid, false);
    else if (!auth_producer_has_merkelapp(ctx->producer, api_str(l.sak, "merkelapp"))) {
        *out = foreign_merkelapp(ctx, api_str(l.sak, "merkelapp"));
        json_decref(l.sak);
    } else {
        *out = json_pack("{s:s,s:o}", "__typename", "HentetSak", "sak", l.sak);
    }
    return 0;
}
