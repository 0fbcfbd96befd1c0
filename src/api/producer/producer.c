#include "api/producer/producer.h"

#include "api/producer/producer_internal.h"
#include "api/producer/scalars.h"
#include "auth/token_cache.h"
#include "base/alloc.h"
#include "base/embed.h"
#include "graphql/gql.h"
#include "graphql/schema.h"
#include "http/graphql.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TOKEN_CACHE_MAX 4096
#define CACHED_APP_MAX 256

struct api_producer {
    struct auth_token_cache *tokens; /* verified bearer tokens (owned) */
    struct api_producer_config cfg;
    struct gql_schema *schema;
    struct gql_engine *engine;
    struct http_graphql_endpoint endpoint;
};

int api_input_error(struct gql_resolve_info *info, const char *message)
{
    return gql_resolve_fail(info, "Exception while fetching data (/%s) : %s", info->field->name,
                            message);
}

static int resolve_whoami(struct gql_resolve_info *info, json_t *parent, json_t *args,
                          json_t **out)
{
    (void)parent;
    (void)args;
    const struct producer_ctx *ctx = info->ctx;
    *out = json_string(ctx->app);
    return 0;
}

static const struct gql_binding bindings[] = {
    {"Query", "whoami", resolve_whoami},
    {"Query", "hentNotifikasjon", api_producer_hent_notifikasjon},
    {"Query", "mineNotifikasjoner", api_producer_mine_notifikasjoner},
    {"Query", "hentSak", api_producer_hent_sak},
    {"Query", "hentSakMedGrupperingsid", api_producer_hent_sak},
    {"Mutation", "nyBeskjed", api_producer_ny_beskjed},
    {"Mutation", "nyOppgave", api_producer_ny_oppgave},
    {"Mutation", "nyKalenderavtale", api_producer_ny_kalenderavtale},
    {"Mutation", "nySak", api_producer_ny_sak},
    {"Mutation", "nyStatusSak", api_producer_ny_status_sak},
    {"Mutation", "nyStatusSakByGrupperingsid", api_producer_ny_status_sak},
    {"Mutation", "nesteStegSak", api_producer_neste_steg_sak},
    {"Mutation", "nesteStegSakByGrupperingsid", api_producer_neste_steg_sak},
    {"Mutation", "tilleggsinformasjonSak", api_producer_tilleggsinformasjon_sak},
    {"Mutation", "tilleggsinformasjonSakByGrupperingsid", api_producer_tilleggsinformasjon_sak},
    {"Mutation", "oppgaveUtfoert", api_producer_oppgave_utfoert},
    {"Mutation", "oppgaveUtfoertByEksternId", api_producer_oppgave_utfoert},
    {"Mutation", "oppgaveUtfoertByEksternId_V2", api_producer_oppgave_utfoert},
    {"Mutation", "oppgaveUtgaatt", api_producer_oppgave_utgaatt},
    {"Mutation", "oppgaveUtgaattByEksternId", api_producer_oppgave_utgaatt},
    {"Mutation", "oppgaveUtsettFrist", api_producer_oppgave_utsett_frist},
    {"Mutation", "oppgaveUtsettFristByEksternId", api_producer_oppgave_utsett_frist},
    {"Mutation", "oppgaveEndrePaaminnelse", api_producer_oppgave_endre_paaminnelse},
    {"Mutation", "oppgaveEndrePaaminnelseByEksternId", api_producer_oppgave_endre_paaminnelse},
    {"Mutation", "oppdaterKalenderavtale", api_producer_oppdater_kalenderavtale},
    {"Mutation", "oppdaterKalenderavtaleByEksternId", api_producer_oppdater_kalenderavtale},
    {"Mutation", "hardDeleteNotifikasjon", api_producer_delete_notifikasjon},
    {"Mutation", "hardDeleteNotifikasjonByEksternId", api_producer_delete_notifikasjon},
    {"Mutation", "hardDeleteNotifikasjonByEksternId_V2", api_producer_delete_notifikasjon},
    {"Mutation", "softDeleteNotifikasjon", api_producer_delete_notifikasjon},
    {"Mutation", "softDeleteNotifikasjonByEksternId", api_producer_delete_notifikasjon},
    {"Mutation", "softDeleteNotifikasjonByEksternId_V2", api_producer_delete_notifikasjon},
    {"Mutation", "hardDeleteSak", api_producer_delete_sak},
    {"Mutation", "hardDeleteSakByGrupperingsid", api_producer_delete_sak},
    {"Mutation", "softDeleteSak", api_producer_delete_sak},
    {"Mutation", "softDeleteSakByGrupperingsid", api_producer_delete_sak},
};

static struct producer_ctx *context_for(struct api_producer *api, char *app)
{
    struct producer_ctx *ctx = nt_calloc(1, sizeof(*ctx));
    ctx->cfg = &api->cfg;
    ctx->app = app;
    ctx->producer = auth_registry_find(api->cfg.registry, app);
    return ctx;
}

static void *authenticate(struct http_request *r, void *userdata, int *out_status,
                          const char **out_message)
{
    struct api_producer *api = userdata;
    const char *auth = http_header(r, "Authorization");
    *out_status = 401;
    if (!auth || strncmp(auth, "Bearer ", 7) != 0) {
        *out_message = "A bearer token is required.";
        return NULL;
    }
    if (!api->cfg.keys) {
        *out_message = "No token issuer is configured (start with --dev for development tokens).";
        return NULL;
    }
    int64_t now = (int64_t)time(NULL);
    char cached[CACHED_APP_MAX];
    if (auth_token_cache_get(api->tokens, auth + 7, now, cached, sizeof cached))
        return context_for(api, nt_strdup(cached));
    json_t *claims = NULL;
    enum auth_result res = auth_verify(api->cfg.keys, auth + 7, api->cfg.issuer,
                                       api->cfg.audience, now, &claims);
    if (res != AUTH_OK) {
        *out_message = auth_result_text(res);
        return NULL;
    }
    const char *app = json_string_value(json_object_get(claims, "azp"));
    if (!app)
        app = json_string_value(json_object_get(claims, "sub"));
    if (!app) {
        json_decref(claims);
        *out_message = "The token names no client (azp or sub).";
        return NULL;
    }
    if (strlen(app) < CACHED_APP_MAX) /* a longer one would come back cut */
        auth_token_cache_put(api->tokens, auth + 7, app,
                             json_integer_value(json_object_get(claims, "exp")));
    struct producer_ctx *ctx = context_for(api, nt_strdup(app));
    json_decref(claims);
    return ctx;
}

static void release_context(void *p)
{
    struct producer_ctx *ctx = p;
    free(ctx->app);
    free(ctx);
}

struct api_producer *api_producer_new(const struct api_producer_config *cfg, char **out_err)
{
    struct gql_schema_config sc = {
        .sdl = nt_embed_get("api/producer/schema.graphql", NULL),
        .resolvers = bindings,
        .nresolvers = sizeof bindings / sizeof bindings[0],
        .scalars = api_producer_scalars,
        .nscalars = api_producer_nscalars,
    };
    struct gql_schema *schema = gql_schema_build(&sc, out_err);
    if (!schema)
        return NULL;
    struct api_producer *p = nt_calloc(1, sizeof(*p));
    p->cfg = *cfg;
    p->tokens = auth_token_cache_new(TOKEN_CACHE_MAX);
    p->schema = schema;
    p->engine = gql_engine_new(schema, NULL);
    p->endpoint = (struct http_graphql_endpoint){.engine = p->engine,
                                                 .context = authenticate,
                                                 .release = release_context,
                                                 .userdata = p,
                                                 .metric_label = "producer"};
    return p;
}

void api_producer_free(struct api_producer *p)
{
    if (!p)
        return;
    gql_engine_free(p->engine);
    gql_schema_free(p->schema);
    auth_token_cache_free(p->tokens);
    free(p);
}

void api_producer_execute(struct api_producer *p, const char *app, const char *query,
                          json_t *variables, struct nt_buf *out)
{
    api_producer_execute_operation(p, app, query, NULL, variables, out);
}

void api_producer_route(struct api_producer *p, struct http_server *srv)
{
    http_graphql_route(srv, "/api/producer/graphql", &p->endpoint);
}

void api_producer_execute_operation(struct api_producer *p, const char *app, const char *query,
                                    const char *operation_name, json_t *variables,
                                    struct nt_buf *out)
{
    struct producer_ctx *ctx = context_for(p, nt_strdup(app));
    struct gql_request req = {.query = query, .query_len = strlen(query), .variables = variables,
                              .operation_name = operation_name, .ctx = ctx};
    gql_execute(p->engine, &req, out);
    release_context(ctx);
}
