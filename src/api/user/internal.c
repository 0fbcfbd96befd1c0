/* Endpoints beside the GraphQL API (docs/user-api.md):
 * - POST /internal/naermeste-leder and DELETE /internal/naermeste-leder/ID:
 *   nearest-leader relations added and revoked at run time, for a system
 *   token whose client the producer registry allows naermesteLeder;
 * - with --dev: POST /api/user/dev/login {"fnr"} mints a person's token and
 *   GET /api/user/dev/personer lists the access file's persons (names,
 *   organisations with their main units) and citizens. */
#include "api/user/user_internal.h"
#include "api/user/visibility.h"
#include "base/alloc.h"
#include "obs/log.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define RELATION_PATH "/internal/naermeste-leder"

static void respond_json(struct http_request *r, int status, json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT);
    http_respond(r, status, "application/json", text, strlen(text));
    free(text);
    json_decref(v);
}

/* A system token whose client may address nearest leaders. */
static bool may_manage_relations(struct api_user *api, struct http_request *r,
                                 const char **out_message)
{
    const char *auth = http_header(r, "Authorization");
    if (!auth || strncasecmp(auth, "Bearer ", 7) != 0 || !api->cfg.keys) {
        *out_message = "A bearer token is required.";
        return false;
    }
    json_t *claims = NULL;
    enum auth_result res = auth_verify(api->cfg.keys, auth + 7, api->cfg.issuer,
                                       api->cfg.audience, (int64_t)time(NULL), &claims);
    if (res != AUTH_OK) {
        *out_message = auth_result_text(res);
        return false;
    }
    const char *app = json_string_value(json_object_get(claims, "azp"));
    const struct auth_producer *p = app ? auth_registry_find(api->cfg.registry, app) : NULL;
    bool ok = p && auth_producer_allows(p, AUTH_RECIPIENT_NAERMESTE_LEDER, NULL, NULL);
    json_decref(claims);
    if (!ok)
        *out_message = "The client may not manage nearest-leader relations (the registry must "
                       "allow it naermesteLeder).";
    return ok;
}

static bool is_digits(const char *s, size_t n)
{
    if (!s || strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

struct relation_cmd {
    const char *id, *leder, *ansatt, *virksomhet, *kilde;
    bool revoke;
    int rc;
};

static int relation_write(struct store_tx *tx, void *arg)
{
    struct relation_cmd *c = arg;
    c->rc = c->revoke ? vis_relation_remove(tx, c->id)
                      : vis_relation_put(tx, c->id, c->leder, c->ansatt, c->virksomhet, c->kilde);
    return c->rc < 0 ? -1 : 0;
}

static enum http_handled answer_relation(struct api_user *api, struct http_request *r,
                                         struct relation_cmd *c)
{
    if (store_write(api->cfg.store, relation_write, c) != 0) {
        http_respond_error(r, 500, "The relation could not be stored.");
        return HTTP_ANSWERED;
    }
    if (c->revoke && c->rc == 1) {
        http_respond_error(r, 404, "No relation with that id.");
        return HTTP_ANSWERED;
    }
    respond_json(r, 200, json_pack("{s:s,s:s}", "id", c->id, "status",
                                   c->revoke ? "avsluttet" : "aktiv"));
    return HTTP_ANSWERED;
}

static bool valid_triple(const struct relation_cmd *c)
{
    return is_digits(c->leder, 11) && is_digits(c->ansatt, 11) && is_digits(c->virksomhet, 9);
}

/* The relation a POST body describes, or why it describes none. */
static const char *relation_input(json_t *in, struct relation_cmd *c, char id[160])
{
    if (!json_is_object(in))
        return "The body must be a JSON object.";
    *c = (struct relation_cmd){
        .id = json_string_value(json_object_get(in, "id")),
        .leder = json_string_value(json_object_get(in, "naermesteLederFnr")),
        .ansatt = json_string_value(json_object_get(in, "ansattFnr")),
        .virksomhet = json_string_value(json_object_get(in, "virksomhetsnummer")),
        .kilde = "api",
    };
    json_t *tom = json_object_get(in, "aktivTom");
    c->revoke = tom && !json_is_null(tom);
    if (!c->id && valid_triple(c)) {
        snprintf(id, 160, "api:%s:%s:%s", c->leder, c->ansatt, c->virksomhet);
        c->id = id;
    }
    if (!c->id || !*c->id || (!c->revoke && !valid_triple(c)))
        return "naermesteLederFnr and ansattFnr (11 digits) and virksomhetsnummer (9 digits) "
               "are required, or an id with aktivTom to end a relation.";
    return NULL;
}

/* POST {"id"?, "naermesteLederFnr", "ansattFnr", "virksomhetsnummer",
 * "aktivTom"?}: a relation (a new triple for a known id replaces it); a
 * non-null aktivTom ends it, as in the reference's feed. */
static enum http_handled handle_post(struct api_user *api, struct http_request *r)
{
    size_t len;
    const char *body = http_body(r, &len);
    json_t *in = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    struct relation_cmd c;
    char id[160];
    const char *problem = relation_input(in, &c, id);
    enum http_handled h = HTTP_ANSWERED;
    if (problem)
        http_respond_error(r, 400, problem);
    else
        h = answer_relation(api, r, &c);
    json_decref(in);
    return h;
}

static enum http_handled handle_relation(struct http_request *r, void *userdata)
{
    struct api_user *api = userdata;
    const char *message = NULL;
    if (!may_manage_relations(api, r, &message)) {
        http_respond_error(r, 403, message);
        return HTTP_ANSWERED;
    }
    const char *path = http_path(r);
    if (strcmp(http_method(r), "POST") == 0 && strcmp(path, RELATION_PATH) == 0)
        return handle_post(api, r);
    size_t n = strlen(RELATION_PATH);
    if (strcmp(http_method(r), "DELETE") == 0 && strncmp(path, RELATION_PATH "/", n + 1) == 0 &&
        path[n + 1]) {
        struct relation_cmd c = {.id = path + n + 1, .revoke = true};
        return answer_relation(api, r, &c);
    }
    http_respond_error(r, 405, "POST " RELATION_PATH " or DELETE " RELATION_PATH "/ID.");
    return HTTP_ANSWERED;
}

/* ---- Development login ---- */

static enum http_handled handle_dev_login(struct http_request *r, void *userdata)
{
    struct api_user *api = userdata;
    size_t len;
    const char *body = http_body(r, &len);
    json_t *in = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    const char *fnr = json_string_value(json_object_get(in, "fnr"));
    if (!is_digits(fnr, 11) && !is_digits(fnr, 10)) {
        json_decref(in);
        http_respond_error(r, 400, "Body {\"fnr\": \"<11 or 10 digits>\", \"hoytNivaa\"?: "
                                   "true} expected.");
        return HTTP_ANSWERED;
    }
    /* as `budstikke token user` (substantial), or high on request */
    const char *acr = json_is_true(json_object_get(in, "hoytNivaa")) ? "idporten-loa-high"
                                                                      : "idporten-loa-substantial";
    json_t *claims =
        json_pack("{s:s,s:s,s:s,s:s}", "sub", fnr, "pid", fnr, "kind", "user", "acr", acr);
    char *token = auth_devkey_sign(api->cfg.devkey, claims, (int64_t)time(NULL), 12 * 3600);
    json_decref(claims);
    if (token)
        respond_json(r, 200, json_pack("{s:s,s:s}", "fnr", fnr, "token", token));
    else
        http_respond_error(r, 500, "Signing failed.");
    free(token);
    json_decref(in);
    return HTTP_ANSWERED;
}

static enum http_handled handle_dev_persons(struct http_request *r, void *userdata)
{
    struct api_user *api = userdata;
    respond_json(r, 200, json_pack("{s:o,s:o}", "personer", access_file_persons(api->cfg.access),
                                   "innbyggere", access_file_citizens(api->cfg.access)));
    return HTTP_ANSWERED;
}

void user_internal_routes(struct api_user *api, struct http_server *srv)
{
    http_route_add(srv, NULL, RELATION_PATH, handle_relation, api);
    http_route_add(srv, NULL, RELATION_PATH "/*", handle_relation, api);
    if (api->cfg.devkey) {
        http_route_add(srv, "POST", "/api/user/dev/login", handle_dev_login, api);
        http_route_add(srv, "GET", "/api/user/dev/personer", handle_dev_persons, api);
    }
}

/* ---- The file's relations ---- */

struct file_sync {
    const struct access_relation *rel;
    size_t n;
};

/* The file's relations in, and relations that came from an earlier version
 * of the file out. */
static int sync_relations(struct store_tx *tx, void *arg)
{
    struct file_sync *f = arg;
    for (size_t i = 0; i < f->n; i++)
        if (vis_relation_put(tx, f->rel[i].id, f->rel[i].leder, f->rel[i].ansatt,
                             f->rel[i].virksomhet, "fil") < 0)
            return -1;
    struct store_stmt *q = store_prepare(tx, "SELECT id FROM bruker_naermeste_leder WHERE kilde = 'fil'");
    size_t nstale = 0;
    char **stale = NULL;
    while (store_step(q) == STORE_ROW) {
        const char *id = store_column_text(q, 0);
        bool listed = false;
        for (size_t i = 0; i < f->n && !listed; i++)
            listed = strcmp(f->rel[i].id, id) == 0;
        if (!listed) {
            stale = nt_realloc(stale, (nstale + 1) * sizeof(char *));
            stale[nstale++] = nt_strdup(id);
        }
    }
    int rc = 0;
    for (size_t i = 0; i < nstale; i++) {
        if (rc == 0 && vis_relation_remove(tx, stale[i]) < 0)
            rc = -1;
        free(stale[i]);
    }
    free(stale);
    return rc;
}

int user_sync_file_relations(struct api_user *api)
{
    struct file_sync f;
    f.rel = access_file_relations(api->cfg.access, &f.n);
    return store_write(api->cfg.store, sync_relations, &f);
}
