/* Saker (producer-api.md 9.4, 9.5, 8.3): nySak with its initial status,
 * nyStatusSak with idempotency keys, hentSak. Each write is one store
 * command, so the check for an existing sak and the creation cannot
 * interleave with another request's. */
#include "api/producer/producer_internal.h"
#include "auth/registry.h"
#include "base/alloc.h"
#include "base/uuid.h"
#include "domain/oslo_time.h"
#include "domain/text_rules.h"
#include "events/evlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        c->outcome = api_same_identity(store_column_text(q, 1), api_str(c->sak, "identity"))
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
    if (!err)
        err = api_check_future_temporal(json_object_get(args, "hardDelete"));
    return err;
}

/* What a repeated nySak must equal to be the same sak (spec 10.2); the read
 * model keeps nesteSteg and tilleggsinformasjon current. */
static char *sak_identity(json_t *args, json_t *recipients)
{
    json_t *id = json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:o,s:s?,s:s?,s:s?}", "merkelapp",
                           api_str(args, "merkelapp"), "grupperingsid", api_str(args, "grupperingsid"),
                           "virksomhetsnummer", api_str(args, "virksomhetsnummer"), "tittel",
                           api_str(args, "tittel"), "lenke", api_str(args, "lenke"), "nesteSteg",
                           api_str(args, "nesteSteg"), "tilleggsinformasjon",
                           api_str(args, "tilleggsinformasjon"), "mottakere",
                           sorted_recipients(recipients), "initiellStatus",
                           api_str(args, "initiellStatus"), "overstyrStatustekstMed",
                           api_str(args, "overstyrStatustekstMed"), "tidspunkt",
                           api_str(args, "tidspunkt"));
    char *text = json_dumps(id, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(id);
    return text;
}

static json_t *sak_payload(const struct producer_ctx *ctx, json_t *args, json_t *recipients,
                           int64_t now, const char *id, const char *mottatt)
{
    int64_t oppgitt, *given = NULL;
    if (api_present(args, "tidspunkt") && dom_parse_datetime(api_str(args, "tidspunkt"), &oppgitt))
        given = &oppgitt;
    char *identity = sak_identity(args, recipients);
    json_t *sak = json_pack(
        "{s:s,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:o,s:s,s:s,s:s,s:s?,s:s}", "sakId", id,
        "merkelapp", api_str(args, "merkelapp"), "grupperingsid", api_str(args, "grupperingsid"),
        "virksomhetsnummer", api_str(args, "virksomhetsnummer"), "tittel", api_str(args, "tittel"),
        "lenke", api_str(args, "lenke"), "nesteSteg", api_str(args, "nesteSteg"),
        "tilleggsinformasjon", api_str(args, "tilleggsinformasjon"), "mottakere",
        api_recipients_for_event(recipients), "produsentId", auth_producer_id(ctx->producer),
        "kildeAppNavn", ctx->app, "mottattTidspunkt", mottatt, "oppgittTidspunkt",
        api_str(args, "tidspunkt"), "identity", identity);
    free(identity);
    json_t *hd = api_hard_delete_for_event(json_object_get(args, "hardDelete"),
                                           DOM_HD_SAK_OPPRETTET, now, given);
    if (hd)
        json_object_set_new(sak, "hardDelete", hd);
    return sak;
}

static json_t *ny_sak_answer(const struct sak_cmd *c, const char *id)
{
    switch (c->outcome) {
    case SAK_SAME: return api_success("NySakVellykket", c->existing);
    case SAK_DUPLICATE:
        return json_pack("{s:s,s:s,s:s}", "__typename", "DuplikatGrupperingsid", "feilmelding",
                         "sak med angitt grupperings-id og merkelapp finnes fra før",
                         "idTilEksisterende", c->existing);
    case SAK_DELETED_BEFORE:
        return api_error_value("DuplikatGrupperingsidEtterDelete",
                               "sak med angitt grupperings-id og merkelapp har vært brukt tidligere");
    case SAK_CREATED: break;
    }
    return api_success("NySakVellykket", id);
}

int api_producer_ny_sak(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    (void)parent;
    const struct producer_ctx *ctx = info->ctx;
    const char *org = api_str(args, "virksomhetsnummer"), *merkelapp = api_str(args, "merkelapp");
    int decided = 0;
    json_t *recipients = api_checked_recipients(info, args, org, sak_validation(args), out, &decided);
    if (!recipients)
        return decided;
    if (!json_array_size(recipients)) {
        json_decref(recipients);
        return gql_resolve_fail(info, "minst 1 mottaker må gis");
    }
    if ((*out = api_check_rights(ctx, recipients, merkelapp))) {
        json_decref(recipients);
        return 0;
    }
    int64_t now = nt_now_us();
    char id[37], status_id[37], mottatt[64];
    nt_uuid_v7(id, now / 1000);
    nt_uuid_v7(status_id, now / 1000);
    dom_format_instant(now, mottatt, sizeof mottatt);
    json_t *sak = sak_payload(ctx, args, recipients, now, id, mottatt);
    json_decref(recipients);
    json_t *status = json_pack("{s:s,s:s,s:s?,s:s?,s:s?,s:s,s:s}", "sakId", id, "statusId",
                               status_id, "status", api_str(args, "initiellStatus"),
                               "overstyrStatustekstMed", api_str(args, "overstyrStatustekstMed"),
                               "oppgittTidspunkt", api_str(args, "tidspunkt"), "mottattTidspunkt",
                               mottatt, "idempotensKey", "INITIAL");
    struct sak_cmd cmd = {.ctx = ctx, .sak = sak, .status = status, .at = now};
    int rc = store_write(ctx->cfg->store, create_sak, &cmd);
    json_decref(sak);
    json_decref(status);
    if (rc != 0)
        return gql_resolve_fail(info, "The sak could not be stored.");
    *out = ny_sak_answer(&cmd, id);
    return 0;
}

/* ---- nyStatusSak ---- */

struct status_cmd {
    const struct producer_ctx *ctx;
    struct api_address address;
    json_t *args;
    json_t *answer;
};

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static json_t *read_statuser(struct store_tx *tx, const char *sak_id)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT status, coalesce(oppgitt, mottatt), overstyr_tekst FROM sak_status WHERE "
            "sak_id = ? ORDER BY coalesce(oppgitt, mottatt) DESC, event_seq DESC");
    store_bind_text(q, 1, sak_id);
    json_t *statuser = json_array();
    while (store_step(q) == STORE_ROW)
        json_array_append_new(statuser,
                              json_pack("{s:s,s:s,s:s?}", "status", store_column_text(q, 0),
                                        "tidspunkt", store_column_text(q, 1),
                                        "overstyrStatusTekstMed", store_column_text(q, 2)));
    return statuser;
}

static json_t *status_success(struct store_tx *tx, const char *status_id, const char *sak_id)
{
    return json_pack("{s:s,s:s,s:o}", "__typename", "NyStatusSakVellykket", "id", status_id,
                     "statuser", read_statuser(tx, sak_id));
}

/* The key the status update is stored under (spec 9.5); malloc'ed. */
static char *status_key(json_t *args, int64_t now)
{
    const char *user_key = api_str(args, "idempotencyKey");
    char generated[37], *key = NULL;
    if (!user_key)
        nt_uuid_v7(generated, now / 1000);
    if (asprintf(&key, "%s%s", user_key ? "USER_SUPPLIED" : "GENERATED", user_key ? user_key : generated) < 0)
        key = NULL;
    return key;
}

static json_t *status_payload(json_t *args, const char *sak_id, const char *status_id,
                              const char *key, int64_t now)
{
    char mottatt[64];
    dom_format_instant(now, mottatt, sizeof mottatt);
    int64_t oppgitt, *given = NULL;
    if (api_present(args, "tidspunkt") && dom_parse_datetime(api_str(args, "tidspunkt"), &oppgitt))
        given = &oppgitt;
    json_t *p = json_pack("{s:s,s:s,s:s?,s:s?,s:s?,s:s,s:s,s:s?}", "sakId", sak_id, "statusId",
                          status_id, "status", api_str(args, "nyStatus"), "overstyrStatustekstMed",
                          api_str(args, "overstyrStatustekstMed"), "oppgittTidspunkt",
                          api_str(args, "tidspunkt"), "mottattTidspunkt", mottatt, "idempotensKey",
                          key, "nyLenkeTilSak", api_str(args, "nyLenkeTilSak"));
    json_t *hd = api_hard_delete_update_for_event(json_object_get(args, "hardDelete"),
                                                  DOM_HD_NY_STATUS_SAK, now, given);
    if (hd)
        json_object_set_new(p, "hardDelete", hd);
    return p;
}

static int add_status(struct store_tx *tx, void *arg)
{
    struct status_cmd *c = arg;
    json_decref(c->answer); /* the store may run a command again */
    c->answer = NULL;
    json_t *sak = api_find_sak(tx, &c->address);
    if (!sak) {
        c->answer = api_sak_not_found(&c->address, true);
        return 0;
    }
    const char *sak_id = api_str(sak, "id");
    int rc = 0;
    if ((c->answer = api_check_owner(c->ctx, api_str(sak, "merkelapp")))) {
        json_decref(sak);
        return 0;
    }
    int64_t now = nt_now_us();
    char *key = status_key(c->args, now);
    struct store_stmt *q = store_prepare(
        tx, "SELECT id, status, overstyr_tekst, oppgitt FROM sak_status WHERE sak_id = ? AND "
            "idempotency_key = ?");
    store_bind_text(q, 1, sak_id);
    store_bind_text(q, 2, key);
    if (store_step(q) == STORE_ROW) {
        bool same = same_text(store_column_text(q, 1), api_str(c->args, "nyStatus")) &&
                    same_text(store_column_text(q, 2), api_str(c->args, "overstyrStatustekstMed")) &&
                    same_text(store_column_text(q, 3), api_str(c->args, "tidspunkt"));
        char *existing = nt_strdup(store_column_text(q, 0));
        c->answer = same ? status_success(tx, existing, sak_id)
                         : api_error_value("Konflikt", "statusoppdatering med idempotency eksisterer, men er annerledes");
        free(existing);
    } else {
        char status_id[37];
        nt_uuid_v7(status_id, now / 1000);
        json_t *p = status_payload(c->args, sak_id, status_id, key, now);
        rc = api_emit(tx, c->ctx, sak_id, "NyStatusSak", p, now);
        json_decref(p);
        if (rc == 0)
            c->answer = status_success(tx, status_id, sak_id);
    }
    free(key);
    json_decref(sak);
    return rc;
}

int api_producer_ny_status_sak(struct gql_resolve_info *info, json_t *parent, json_t *args,
                               json_t **out)
{
    (void)parent;
    char *err = api_check_hard_delete_update(json_object_get(args, "hardDelete"));
    if (err) {
        int rc = api_input_error(info, err);
        free(err);
        return rc;
    }
    struct status_cmd cmd = {.ctx = info->ctx, .args = args,
                             .address = api_address_of(args, "grupperingsid")};
    if (store_write(cmd.ctx->cfg->store, add_status, &cmd) != 0) {
        json_decref(cmd.answer);
        return gql_resolve_fail(info, "The status could not be stored.");
    }
    *out = cmd.answer;
    return 0;
}

/* ---- hentSak ---- */

/* sisteStatus is the latest received status; MOTTATT if none was kept. */
#define SAK_SELECT                                                                               \
    "SELECT s.id, s.grupperingsid, s.virksomhetsnummer, s.tittel, s.lenke, s.neste_steg, "      \
    "s.tilleggsinformasjon, s.merkelapp, (SELECT status FROM sak_status st WHERE st.sak_id = "  \
    "s.id ORDER BY event_seq DESC LIMIT 1) FROM sak s "

struct sak_lookup {
    struct api_address address;
    json_t *sak;
};

static int read_sak(struct store_tx *tx, void *arg)
{
    struct sak_lookup *l = arg;
    struct store_stmt *q =
        l->address.id ? store_prepare(tx, SAK_SELECT "WHERE s.id = ?")
                      : store_prepare(tx, SAK_SELECT "WHERE s.merkelapp = ? AND s.grupperingsid = ?");
    store_bind_text(q, 1, l->address.id ? l->address.id : l->address.merkelapp);
    if (!l->address.id)
        store_bind_text(q, 2, l->address.key);
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
    struct sak_lookup l = {.address = api_address_of(args, "grupperingsid")};
    if (!ctx->producer) {
        *out = api_unknown_producer(ctx);
        return 0;
    }
    if (store_read(ctx->cfg->store, read_sak, &l) != 0)
        return gql_resolve_fail(info, "The sak could not be read.");
    if (!l.sak)
        *out = api_sak_not_found(&l.address, false);
    else if ((*out = api_check_owner(ctx, api_str(l.sak, "merkelapp"))))
        json_decref(l.sak);
    else
        *out = json_pack("{s:s,s:o}", "__typename", "HentetSak", "sak", l.sak);
    return 0;
}
