#include "api/user/user.h"

#include "api/producer/scalars.h"
#include "api/user/changes.h"
#include "api/user/read_model.h"
#include "api/user/user_internal.h"
#include "auth/token_cache.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/embed.h"
#include "base/json_arena.h"
#include "graphql/gql.h"
#include "http/graphql.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define TOKEN_CACHE_MAX 4096

static int resolve_whoami(struct gql_resolve_info *info, json_t *parent, json_t *args,
                          json_t **out)
{
    (void)parent;
    (void)args;
    struct user_ctx *ctx = info->ctx;
    *out = json_string(ctx->fnr);
    return 0;
}

static const struct gql_binding bindings[] = {
    {"Query", "notifikasjoner", user_resolve_notifikasjoner},
    {"NotifikasjonerResultat", "antallUleste", user_resolve_antall_uleste},
    {"Query", "saker", user_resolve_saker},
    {"Query", "sakstyper", user_resolve_sakstyper},
    {"Query", "sakById", user_resolve_sak_by_id},
    {"Query", "sakByGrupperingsid", user_resolve_sak_by_grupperingsid},
    {"Query", "kommendeKalenderavtaler", user_resolve_kommende},
    {"Query", "whoami", resolve_whoami},
    {"Query", "notifikasjonerSistLest", user_resolve_sist_lest_query},
    {"Mutation", "notifikasjonKlikketPaa", user_resolve_klikket_paa},
    {"Mutation", "notifikasjonerSistLest", user_resolve_sist_lest_mutation},
    {"NotifikasjonerSistLest", "antallUleste", user_resolve_antall_uleste},
};

/* The date scalars are the producer API's (the same rules); this schema
 * has two of its four. */
static size_t pick_scalars(struct gql_scalar_binding *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < api_producer_nscalars && n < max; i++) {
        const char *name = api_producer_scalars[i].name;
        if (!strcmp(name, "ISO8601DateTime") || !strcmp(name, "ISO8601Date"))
            out[n++] = api_producer_scalars[i];
    }
    return n;
}

/* ---- Authentication ---- */

/* A fødselsnummer (11 digits) or a Danish CPR number (10): the bell serves
 * employers and citizens alike (dialog.md 3.3). */
static bool is_ident(const char *s)
{
    size_t n = 0;
    while (s[n] && isdigit((unsigned char)s[n]))
        n++;
    return (n == 10 || n == 11) && !s[n];
}

static bool acr_is_high(const char *acr)
{
    return acr && (strcmp(acr, "idporten-loa-high") == 0 || strcmp(acr, "Level4") == 0);
}

static const char *bearer_of(struct http_request *r)
{
    const char *auth = http_header(r, "Authorization");
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
        return auth + 7;
    /* EventSource cannot send headers (RFC 6750 section 2.3) */
    if (strcmp(http_path(r), "/api/user/stream") == 0)
        return http_query_arg(r, "access_token");
    return NULL;
}

/* The verified-token cache holds "<ident> <H|S>": the person and the level. */
static void from_cached(const char *cached, char fnr[32], bool *out_hoyt)
{
    size_t n = strcspn(cached, " ");
    snprintf(fnr, 32, "%.*s", (int)n, cached);
    *out_hoyt = cached[n] == ' ' && cached[n + 1] == 'H';
}

bool user_authenticate(struct api_user *api, struct http_request *r, char fnr[32],
                       bool *out_hoyt_nivaa, const char **out_message)
{
    const char *token = bearer_of(r);
    if (!token || !*token) {
        *out_message = "A bearer token is required.";
        return false;
    }
    if (!api->cfg.keys) {
        *out_message = "No token issuer is configured (start with --dev for development tokens).";
        return false;
    }
    int64_t now = (int64_t)time(NULL);
    char cached[48];
    if (auth_token_cache_get(api->tokens, token, now, cached, sizeof cached)) {
        from_cached(cached, fnr, out_hoyt_nivaa);
        return true;
    }
    json_t *claims = NULL;
    enum auth_result res =
        auth_verify(api->cfg.keys, token, api->cfg.issuer, api->cfg.audience, now, &claims);
    if (res != AUTH_OK) {
        *out_message = auth_result_text(res);
        return false;
    }
    const char *pid = json_string_value(json_object_get(claims, "pid"));
    bool ok = pid && is_ident(pid);
    if (ok) {
        snprintf(cached, sizeof cached, "%s %c", pid,
                 acr_is_high(json_string_value(json_object_get(claims, "acr"))) ? 'H' : 'S');
        from_cached(cached, fnr, out_hoyt_nivaa);
        auth_token_cache_put(api->tokens, token, cached,
                             json_integer_value(json_object_get(claims, "exp")));
    } else {
        *out_message = "The token names no person (pid claim with 10 or 11 digits).";
    }
    json_decref(claims);
    return ok;
}

static void *context_of(struct http_request *r, void *userdata, int *out_status,
                        const char **out_message)
{
    struct api_user *api = userdata;
    struct user_ctx *ctx = nt_calloc(1, sizeof(*ctx));
    ctx->api = api;
    *out_status = 401;
    if (!user_authenticate(api, r, ctx->fnr, &ctx->hoyt_nivaa, out_message)) {
        free(ctx);
        return NULL;
    }
    return ctx;
}

/* The request's values are released by now (the engine has written the
 * response): the resolvers' arena memory can be reused. */
static void release_context(void *ctx)
{
    free(ctx);
    nt_json_arena_reset();
}

/* ---- Life cycle ---- */

struct api_user *api_user_new(const struct api_user_config *cfg, char **out_err)
{
    struct gql_scalar_binding scalars[4];
    struct gql_schema_config sc = {
        .sdl = nt_embed_get("api/user/schema.graphql", NULL),
        .resolvers = bindings,
        .nresolvers = sizeof bindings / sizeof bindings[0],
        .scalars = scalars,
        .nscalars = pick_scalars(scalars, 4),
    };
    struct gql_schema *schema = gql_schema_build(&sc, out_err);
    if (!schema)
        return NULL;
    nt_json_arena_install();
    evlog_register(&user_read_model);
    store_on_commit(cfg->store, user_changes_publish, NULL);
    struct api_user *u = nt_calloc(1, sizeof(*u));
    u->cfg = *cfg;
    u->schema = schema;
    u->engine = gql_engine_new(schema, NULL);
    u->applied = user_applied_new();
    u->tokens = auth_token_cache_new(TOKEN_CACHE_MAX);
    u->endpoint = (struct http_graphql_endpoint){.engine = u->engine,
                                                 .context = context_of,
                                                 .release = release_context,
                                                 .userdata = u,
                                                 .metric_label = "user"};
    if (user_sync_file_relations(u) != 0) {
        *out_err = nt_strdup("the access file's nearest-leader relations could not be stored");
        api_user_free(u);
        return NULL;
    }
    u->streams = user_streams_new(u);
    return u;
}

void api_user_shutdown(struct api_user *u)
{
    if (u)
        user_streams_shutdown(u->streams);
}

void api_user_free(struct api_user *u)
{
    if (!u)
        return;
    user_streams_free(u->streams);
    gql_engine_free(u->engine);
    gql_schema_free(u->schema);
    user_applied_free(u->applied);
    auth_token_cache_free(u->tokens);
    free(u);
}

void api_user_route(struct api_user *u, struct http_server *srv)
{
    http_graphql_route(srv, "/api/user/graphql", &u->endpoint);
    http_route_add(srv, "GET", "/api/user/stream", user_stream_handle, u->streams);
    user_internal_routes(u, srv);
}

void api_user_execute(struct api_user *u, const char *fnr, const char *query, json_t *variables,
                      struct nt_buf *out)
{
    struct user_ctx ctx = {.api = u};
    snprintf(ctx.fnr, sizeof ctx.fnr, "%s", fnr);
    struct gql_request req = {.query = query, .query_len = strlen(query), .variables = variables,
                              .ctx = &ctx};
    gql_execute(u->engine, &req, out);
    nt_json_arena_reset();
}
