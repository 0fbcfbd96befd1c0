/* The demo citizen's messages: the steps of dialoger.json sent as HTTP
 * requests to the dialog API (docs/dialog.md) on a loopback port of this
 * process, with tokens of a key that lives only in memory. So every
 * dialog, reply, upload and mark goes the real write path: routing, token
 * checks, rights, validation, one store command with its events. */
#include "demo/demo.h"

#include "api/dialog/dialog.h"
#include "auth/devkey.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/embed.h"
#include "demo/pdf.h"
#include "demo/template.h"
#include "obs/log.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MINUTE_US (60 * 1000000LL)
#define CITIZEN "innbygger" /* "som" of a step taken by the demo citizen */

struct dialog_run {
    struct demo_tpl tpl;
    struct auth_devkey *key;
    char base[64];         /* http://127.0.0.1:PORT/api/dialog/v1 */
    const char *innbygger; /* the demo citizen */
};

/* ---- One request ---- */

struct answer {
    long status;
    struct nt_buf body;
};

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    nt_buf_append(&((struct answer *)ud)->body, p, size * n);
    return size * n;
}

/* "Authorization: Bearer ..." for a producer client, or for the citizen
 * (at the high level, so it may read every dialog). */
static char *auth_header(const struct dialog_run *run, const char *som)
{
    json_t *claims = strcmp(som, CITIZEN) == 0
                         ? json_pack("{s:s,s:s,s:s,s:s}", "sub", run->innbygger, "pid",
                                     run->innbygger, "kind", "user", "acr", "idporten-loa-high")
                         : json_pack("{s:s,s:s,s:s}", "sub", som, "azp", som, "kind", "producer");
    char *token = auth_devkey_sign(run->key, claims, (int64_t)time(NULL), 600);
    json_decref(claims);
    char *header = NULL;
    if (asprintf(&header, "Authorization: Bearer %s", token ? token : "") < 0)
        header = NULL;
    free(token);
    return header;
}

/* method path (below the API's base) with body of content_type; the
 * answer's status (0 when the request failed) and body into a. */
static void request(const struct dialog_run *run, const char *som, const char *method,
                    const char *path, const char *content_type, const char *body, size_t len,
                    struct answer *a)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", run->base, path);
    char *auth = auth_header(run, som);
    char type[128];
    snprintf(type, sizeof type, "Content-Type: %s", content_type);
    struct curl_slist *h = curl_slist_append(NULL, auth ? auth : "X-No-Auth: 1");
    h = curl_slist_append(h, type);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
    a->status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    free(auth);
}

/* ---- Steps ---- */

/* The id an answer names: its own, or its first dialog's. */
static const char *answered_id(json_t *answer)
{
    const char *id = json_string_value(json_object_get(answer, "id"));
    return id ? id : json_string_value(
                         json_object_get(json_array_get(json_object_get(answer, "dialoger"), 0), "id"));
}

/* A PDF upload: {"filnavn", "linjer": [...]}. */
static void upload(struct dialog_run *run, const char *som, json_t *vedlegg, struct answer *a)
{
    json_t *lines = json_object_get(vedlegg, "linjer");
    size_t n = json_array_size(lines);
    const char **texts = nt_calloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        texts[i] = json_string_value(json_array_get(lines, i));
    size_t len = 0;
    char *pdf = demo_pdf(texts, n, &len);
    free(texts);
    char *name = curl_easy_escape(NULL, json_string_value(json_object_get(vedlegg, "filnavn")), 0);
    char path[512];
    snprintf(path, sizeof path, "/vedlegg?filnavn=%s", name ? name : "");
    curl_free(name);
    request(run, som, "POST", path, "application/pdf", pdf, len, a);
    free(pdf);
}

/* One step: {"som", "metode", "sti", "body"} or {"som", "vedlegg"}, with
 * "as" saving the id of the answer. 0, or -1 with run->tpl.err set. */
static int run_step(struct dialog_run *run, json_t *step)
{
    const char *som = json_string_value(json_object_get(step, "som"));
    const char *method = json_string_value(json_object_get(step, "metode"));
    char *path = NULL;
    const char *sti = json_string_value(json_object_get(step, "sti"));
    json_t *body = json_object_get(step, "body");
    json_t *expanded = body ? demo_tpl_value(&run->tpl, body, 0) : NULL;
    if (sti)
        path = demo_tpl_text(&run->tpl, sti, 0);
    json_t *vedlegg = json_object_get(step, "vedlegg");
    if (!som || (!vedlegg && (!method || !path || (body && !expanded)))) {
        if (!run->tpl.err && asprintf(&run->tpl.err, "a step of dialoger.json lacks som, metode, "
                                                     "sti or a good body") < 0)
            run->tpl.err = NULL;
        json_decref(expanded);
        free(path);
        return -1;
    }
    struct answer a = {0};
    nt_buf_init(&a.body, 0);
    if (vedlegg) {
        upload(run, som, vedlegg, &a);
    } else {
        char *text = expanded ? json_dumps(expanded, JSON_COMPACT) : NULL;
        request(run, som, method, path, "application/json", text, text ? strlen(text) : 0, &a);
        free(text);
    }
    json_t *answer = json_loads(nt_buf_str(&a.body), 0, NULL);
    int rc = a.status >= 200 && a.status < 300 ? 0 : -1;
    const char *as = json_string_value(json_object_get(step, "as"));
    if (rc == 0 && as && answered_id(answer))
        json_object_set_new(run->tpl.ids, as, json_string(answered_id(answer)));
    if (rc != 0 &&
        asprintf(&run->tpl.err, "%s %s as %s answered %ld: %s", vedlegg ? "POST" : method,
                 vedlegg ? "/vedlegg" : path, som, a.status, nt_buf_str(&a.body)) < 0)
        run->tpl.err = NULL;
    json_decref(answer);
    nt_buf_free(&a.body);
    json_decref(expanded);
    free(path);
    return rc;
}

/* The citizen has dialogs already: an earlier run made them. */
static bool already_loaded(struct dialog_run *run)
{
    struct answer a = {0};
    nt_buf_init(&a.body, 0);
    request(run, CITIZEN, "GET", "/meg/dialoger", "application/json", NULL, 0, &a);
    json_t *tray = json_loads(nt_buf_str(&a.body), 0, NULL);
    bool found = a.status == 200 && json_array_size(json_object_get(tray, "dialoger")) > 0;
    json_decref(tray);
    nt_buf_free(&a.body);
    return found;
}

static enum demo_result run_steps(struct dialog_run *run, json_t *data, FILE *log)
{
    if (already_loaded(run))
        return DEMO_ALREADY_LOADED;
    json_t *steps = json_object_get(data, "steps");
    size_t i;
    json_t *step;
    json_array_foreach(steps, i, step) {
        if (run_step(run, step) != 0)
            return DEMO_FAILED;
    }
    fprintf(log, "demo: %zu dialog steps ran\n", json_array_size(steps));
    return DEMO_LOADED;
}

/* ---- The API on a loopback port ---- */

struct loopback {
    struct auth_keyset *keys;
    struct api_dialog *api;
    struct http_server *srv;
};

static void loopback_close(struct loopback *l)
{
    http_server_stop(l->srv, 5);
    api_dialog_free(l->api);
    auth_keyset_free(l->keys);
}

static int loopback_open(struct loopback *l, struct dialog_run *run, struct store *store,
                         const char *registry_path, const char *access_path, char **out_err)
{
    if (!(l->keys = auth_devkey_keyset(run->key))) {
        *out_err = nt_strdup("cannot make the demo's key set");
        return -1;
    }
    struct api_dialog_config dc = {.store = store, .keys = l->keys, .issuer = AUTH_DEV_ISSUER,
                                   .audience = AUTH_DEV_AUDIENCE, .registry_path = registry_path,
                                   .access_path = access_path};
    struct http_limits limits = HTTP_DEFAULT_LIMITS;
    limits.threads = 2; /* the steps come one at a time */
    if (!(l->api = api_dialog_new(&dc, out_err)) ||
        !(l->srv = http_server_new("127.0.0.1", 0, &limits, out_err)))
        return -1;
    api_dialog_route(l->api, l->srv);
    if (http_server_start(l->srv, out_err) != 0)
        return -1;
    snprintf(run->base, sizeof run->base, "http://127.0.0.1:%u/api/dialog/v1",
             http_server_port(l->srv));
    return 0;
}

enum demo_result demo_load_dialogs(struct store *store, const char *registry_path,
                                   const char *access_path, FILE *log, char **out_err)
{
    *out_err = NULL;
    json_t *data = json_loads(nt_embed_get("demo/dialoger.json", NULL), 0, NULL);
    struct dialog_run run = {.tpl = {.now_us = nt_now_us() / MINUTE_US * MINUTE_US,
                                     .ids = json_object()},
                             .innbygger = json_string_value(json_object_get(data, "innbygger"))};
    struct loopback l = {0};
    enum demo_result result = DEMO_FAILED;
    enum obs_level level = obs_log_level();
    obs_log_set_level(OBS_WARN); /* a request log line per step says nothing to the demo's user */
    if ((run.key = auth_devkey_new(out_err)) &&
        loopback_open(&l, &run, store, registry_path, access_path, out_err) == 0) {
        result = run_steps(&run, data, log);
        *out_err = run.tpl.err;
        run.tpl.err = NULL;
    }
    loopback_close(&l);
    obs_log_set_level(level);
    auth_devkey_free(run.key);
    free(run.tpl.err);
    json_decref(run.tpl.ids);
    json_decref(data);
    if (result != DEMO_FAILED) {
        free(*out_err);
        *out_err = NULL;
    }
    return result;
}
