/* Routing of /api/dialog/v1 (dialog.md 2.5, 2.7): one route table for the
 * organisation and citizen sides, the bearer token checked for the side a
 * route belongs to, path parts handed to the handler. The upload route is
 * registered on its own with the attachment body limit. */
#include "api/dialog/internal.h"
#include "auth/token_cache.h"
#include "base/alloc.h"
#include "base/embed.h"
#include "domain/dialog/ident.h"
#include "domain/dialog/vedlegg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PREFIX "/api/dialog/v1"

enum who { FOR_ORG, FOR_INNBYGGER, FOR_ALL };

struct route {
    const char *method;
    const char *pattern; /* below PREFIX; "{x}" is one path part */
    enum who who;
    dlg_handler_fn *fn;
};

static void serve_openapi(struct dlg_req *q);

static const struct route routes[] = {
    {"POST", "/dialoger", FOR_ORG, dlg_opprett},
    {"GET", "/dialoger/{id}", FOR_ORG, dlg_hent},
    {"GET", "/dialoger/{id}/lenke.xml", FOR_ORG, dlg_lenke_xml},
    {"POST", "/dialoger/{id}/svar", FOR_ORG, dlg_svar},
    {"PUT", "/dialoger/{id}/status", FOR_ORG, dlg_dialog_status},
    {"POST", "/dialoger/{id}/markeringer", FOR_ORG, dlg_marker},
    {"PUT", "/svar/{id}/status", FOR_ORG, dlg_svar_status},
    {"GET", "/innbyggere/{ident}/dialoger", FOR_ORG, dlg_liste},
    {"GET", "/vedlegg/{id}", FOR_ORG, dlg_vedlegg_hent},
    {"POST", "/historikk/dialoger", FOR_ORG, dlg_historisk_opprett},
    {"POST", "/historikk/dialoger/{id}/svar", FOR_ORG, dlg_historisk_svar},
    {"GET", "/meg/dialoger", FOR_INNBYGGER, dlg_meg_liste},
    {"GET", "/meg/dialoger/{id}", FOR_INNBYGGER, dlg_meg_hent},
    {"POST", "/meg/dialoger/{id}/svar", FOR_INNBYGGER, dlg_meg_svar},
    {"POST", "/meg/dialoger/{id}/markeringer", FOR_INNBYGGER, dlg_meg_marker},
    {"PUT", "/meg/dialoger/{id}/arkiv", FOR_INNBYGGER, dlg_meg_arkiv},
    {"GET", "/meg/vedlegg/{id}", FOR_INNBYGGER, dlg_vedlegg_hent},
    {"GET", "/openapi.json", FOR_ALL, serve_openapi},
    /* served by its own HTTP route (body limit); here so other methods get 405 */
    {"POST", "/vedlegg", FOR_ORG, NULL},
};
#define NROUTES (sizeof routes / sizeof routes[0])

/* What the binary serves, in OpenAPI's spelling; kept equal to
 * openapi.json by tests/unit/test_dialog_openapi.c. */
static const struct api_dialog_route_info route_infos[] = {
    {"POST", PREFIX "/dialoger"},
    {"GET", PREFIX "/dialoger/{id}"},
    {"GET", PREFIX "/dialoger/{id}/lenke.xml"},
    {"POST", PREFIX "/dialoger/{id}/svar"},
    {"PUT", PREFIX "/dialoger/{id}/status"},
    {"POST", PREFIX "/dialoger/{id}/markeringer"},
    {"PUT", PREFIX "/svar/{id}/status"},
    {"GET", PREFIX "/innbyggere/{ident}/dialoger"},
    {"GET", PREFIX "/vedlegg/{id}"},
    {"POST", PREFIX "/historikk/dialoger"},
    {"POST", PREFIX "/historikk/dialoger/{id}/svar"},
    {"GET", PREFIX "/meg/dialoger"},
    {"GET", PREFIX "/meg/dialoger/{id}"},
    {"POST", PREFIX "/meg/dialoger/{id}/svar"},
    {"POST", PREFIX "/meg/dialoger/{id}/markeringer"},
    {"PUT", PREFIX "/meg/dialoger/{id}/arkiv"},
    {"GET", PREFIX "/meg/vedlegg/{id}"},
    {"GET", PREFIX "/openapi.json"},
    {"POST", PREFIX "/vedlegg"},
    {"GET", "/events"},
};

size_t api_dialog_routes(const struct api_dialog_route_info **out)
{
    *out = route_infos;
    return sizeof route_infos / sizeof route_infos[0];
}

/* ---- Matching ---- */

/* Whether path matches pattern; the one "{...}" part is copied to param. */
static bool match(const char *pattern, const char *path, char *param, size_t param_size)
{
    while (*pattern && *path) {
        if (*pattern == '{') {
            size_t n = strcspn(path, "/");
            if (n == 0 || n >= param_size)
                return false;
            memcpy(param, path, n);
            param[n] = '\0';
            path += n;
            pattern += strcspn(pattern, "}") + 1;
            continue;
        }
        if (*pattern++ != *path++)
            return false;
    }
    return !*pattern && !*path;
}

/* ---- Authentication ---- */

static void unauthorized(struct dlg_req *q)
{
    http_response_header(q->http, "WWW-Authenticate", "Bearer");
    http_respond(q->http, 401, "text/plain", "", 0);
}

static int forbidden(struct dlg_req *q, const char *why)
{
    struct dlg_err e;
    dlg_fail(&e, 403, "IngenTilgang", NULL, "%s", why);
    dlg_respond_error(q, &e);
    return -1;
}

static bool acr_ok(const char *acr, bool *high)
{
    static const char *const substantial[] = {"idporten-loa-substantial", "Level3"};
    static const char *const strong[] = {"idporten-loa-high", "Level4"};
    for (int i = 0; acr && i < 2; i++) {
        if (strcmp(acr, strong[i]) == 0)
            return (*high = true);
        if (strcmp(acr, substantial[i]) == 0)
            return !(*high = false);
    }
    return false;
}

enum { TOKEN_CACHE_MAX = 4096 };

/* What a verified token says of its caller, as the token cache keeps it:
 * "<client>\n<pid>\n<acr>" (each part may be empty). */
static void claims_summary(json_t *claims, char *out, size_t size)
{
    const char *client = json_string_value(json_object_get(claims, "azp"));
    if (!client)
        client = json_string_value(json_object_get(claims, "sub"));
    const char *pid = json_string_value(json_object_get(claims, "pid"));
    const char *acr = json_string_value(json_object_get(claims, "acr"));
    snprintf(out, size, "%s\n%s\n%s", client ? client : "", pid ? pid : "", acr ? acr : "");
}

static int caller_from_summary(struct dlg_req *q, enum dlg_caller_kind kind, const char *summary)
{
    char client[128], pid[16], acr[64];
    const char *nl1 = strchr(summary, '\n'), *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
    if (!nl2)
        return forbidden(q, "Tokenet kunne ikke leses");
    snprintf(client, sizeof client, "%.*s", (int)(nl1 - summary), summary);
    snprintf(pid, sizeof pid, "%.*s", (int)(nl2 - nl1 - 1), nl1 + 1);
    snprintf(acr, sizeof acr, "%s", nl2 + 1);
    struct dlg_caller *c = &q->caller;
    c->kind = kind;
    if (kind == DLG_ORG) {
        snprintf(c->client, sizeof c->client, "%s", client);
        c->org = *client ? dlg_org_by_client(q->api->dir, client) : NULL;
        return c->org ? 0 : forbidden(q, "Klienten er ikke knyttet til en organisasjon");
    }
    if (!*pid || !dom_ident_gyldig(pid))
        return forbidden(q, "Tokenet har ingen gyldig pid");
    if (!acr_ok(*acr ? acr : NULL, &c->hoyt_nivaa))
        return forbidden(q, "Innloggingen har for lavt sikkerhetsnivå");
    snprintf(c->ident, sizeof c->ident, "%s", pid);
    return 0;
}

/* A caller's repeated requests pay the signature check once: a verified
 * token's summary is cached until the token expires. */
int dlg_authenticate(struct dlg_req *q, enum dlg_caller_kind kind)
{
    const char *auth = http_header(q->http, "Authorization");
    const struct api_dialog_config *cfg = &q->api->cfg;
    if (!auth || strncmp(auth, "Bearer ", 7) != 0 || !cfg->keys) {
        unauthorized(q);
        return -1;
    }
    const char *token = auth + 7;
    int64_t now = (int64_t)time(NULL);
    char summary[512];
    if (!auth_token_cache_get(q->api->tokens, token, now, summary, sizeof summary)) {
        json_t *claims = NULL;
        if (auth_verify(cfg->keys, token, cfg->issuer, cfg->audience, now, &claims) != AUTH_OK) {
            unauthorized(q);
            return -1;
        }
        claims_summary(claims, summary, sizeof summary);
        auth_token_cache_put(q->api->tokens, token, summary,
                             json_integer_value(json_object_get(claims, "exp")));
        json_decref(claims);
    }
    return caller_from_summary(q, kind, summary);
}

/* ---- Dispatch ---- */

static void not_found(struct dlg_req *q, bool path_known)
{
    struct dlg_err e;
    if (path_known)
        dlg_fail(&e, 405, "MetodeIkkeTillatt", NULL, "Metoden %s er ikke tillatt her",
                 http_method(q->http));
    else
        dlg_fail(&e, 404, "IkkeFunnet", NULL, "Ingen ressurs på %s", http_path(q->http));
    dlg_respond_error(q, &e);
}

static enum http_handled dispatch(struct http_request *r, void *userdata)
{
    struct dlg_req q = {.api = userdata, .http = r};
    const char *path = http_path(r) + strlen(PREFIX);
    const char *method = http_method(r);
    bool head = strcmp(method, "HEAD") == 0, path_known = false;
    for (size_t i = 0; i < NROUTES; i++) {
        if (!match(routes[i].pattern, path, q.param_buf, sizeof q.param_buf))
            continue;
        path_known = true;
        if (strcmp(routes[i].method, method) != 0 && !(head && !strcmp(routes[i].method, "GET")))
            continue;
        q.param = q.param_buf;
        if (!routes[i].fn)
            break;
        if (routes[i].who == FOR_ALL ||
            dlg_authenticate(&q, routes[i].who == FOR_ORG ? DLG_ORG : DLG_INNBYGGER) == 0)
            routes[i].fn(&q);
        return HTTP_ANSWERED;
    }
    not_found(&q, path_known);
    return HTTP_ANSWERED;
}

static void serve_openapi(struct dlg_req *q)
{
    size_t len = 0;
    const char *doc = nt_embed_get("api/dialog/openapi.json", &len);
    http_respond(q->http, 200, "application/json", doc ? doc : "{}", doc ? len : 2);
}

int dlg_write(struct dlg_req *q, store_fn *fn, void *arg)
{
    return store_write(q->api->cfg.store, fn, arg);
}

/* ---- Life cycle ---- */

struct api_dialog *api_dialog_new(const struct api_dialog_config *cfg, char **out_err)
{
    struct dlg_directory *dir = dlg_directory_load(cfg->registry_path, cfg->access_path, out_err);
    if (!dir)
        return NULL;
    struct api_dialog *d = nt_calloc(1, sizeof(*d));
    d->cfg = *cfg;
    d->dir = dir;
    d->vedlegg_max = cfg->vedlegg_max ? cfg->vedlegg_max : DOM_VEDLEGG_MAKS_BYTES;
    d->tokens = auth_token_cache_new(TOKEN_CACHE_MAX);
    dlg_feed_register();
    return d;
}

void api_dialog_free(struct api_dialog *d)
{
    if (!d)
        return;
    dlg_directory_free(d->dir);
    auth_token_cache_free(d->tokens);
    free(d);
}

void api_dialog_route(struct api_dialog *d, struct http_server *srv)
{
    /* the raw upload with the attachment limit; the handler answers a body
     * over it with VedleggForStort */
    struct http_route_options upload = {.max_body = d->vedlegg_max, .answers_too_big = true};
    http_route_add_with(srv, "POST", PREFIX "/vedlegg", dlg_vedlegg_last_opp, d, &upload);
    http_route_add(srv, "GET", "/events", dlg_feed, d);
    http_route_add(srv, NULL, PREFIX "/*", dispatch, d);
}
