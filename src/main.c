/* budstikke: one binary, subcommands. Wiring only; the work is in the modules. */
#include "access/access.h"
#include "api/dialog/dialog.h"
#include "api/dialog/read_model.h"
#include "api/producer/producer.h"
#include "api/producer/read_model.h"
#include "api/user/read_model.h"
#include "api/user/user.h"
#include "auth/devkey.h"
#include "auth/registry.h"
#include "base/alloc.h"
#include "conf/config.h"
#include "demo/demo.h"
#include "events/evlog.h"
#include "http/server.h"
#include "http/static.h"
#include "notify/control.h"
#include "notify/sender.h"
#include "obs/log.h"
#include "obs/metrics.h"
#include "scheduler/dev_clock.h"
#include "scheduler/scheduler.h"
#include "store/store.h"
#include "web/web.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUDSTIKKE_VERSION "0.1.0"

static int usage(FILE *out)
{
    fprintf(out,
            "usage: budstikke COMMAND [OPTIONS]\n"
            "commands:\n"
            "  serve [--listen HOST:PORT] [--db URL] [--registry FILE] [--access FILE | "
            "--access-url URL]\n"
            "        [--dev] [--roles api,scheduler,senders] [--config FILE] [--max-body BYTES]\n"
            "        [--http-threads N] [--log-level LEVEL]\n"
            "        [--smtp-url URL] [--smtp-from ADDR] [--smtp-user U] [--smtp-password P]\n"
            "        [--sms-url URL] [--sms-token T] [--sms-sender NAME] [--altinn-url URL]\n"
            "        [--altinn-token T] [--notice-timeout-ms N] [--notice-max-attempts N]\n"
            "        [--http-threads N] [--log-level LEVEL] [--access-timeout-ms MS]\n"
            "        [--access-cache-seconds S]\n"
            "  check-config [same options]   print the effective configuration\n"
            "  migrate [--db URL]            apply the database migrations\n"
            "  replay [--db URL]             rebuild the read models from the event log\n"
            "  token producer CLIENT_ID | user FNR [--dev-key FILE]   development token\n"
            "  demo [--db URL] [--access FILE] [--registry FILE]   load the demo data; writes\n"
            "        the demo's access file and registry (default ./budstikke-demo-*.json)\n"
            "  --version, --help\n"
            "Every option has an environment variable: --listen is BUDSTIKKE_LISTEN, ...\n");
    return out == stderr ? 2 : 0;
}

static int fail_config(const char *reason)
{
    fprintf(stderr, "budstikke: %s\n", reason);
    return 2;
}

/* true when the comma-separated role list names role. */
static bool has_role(const char *roles, const char *role)
{
    size_t n = strlen(role);
    for (const char *p = roles; p && *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, role, n) == 0)
            return true;
        p += len + (p[len] == ',');
    }
    return false;
}

static const char *check_roles(const char *roles)
{
    for (const char *p = roles; *p;) {
        size_t len = strcspn(p, ",");
        if (!((len == 3 && !strncmp(p, "api", 3)) || (len == 9 && !strncmp(p, "scheduler", 9)) ||
              (len == 7 && !strncmp(p, "senders", 7))))
            return "--roles must list api, scheduler and/or senders, separated by commas";
        p += len + (p[len] == ',');
    }
    return NULL;
}

/* Checks what serve needs from the configuration; returns NULL or a reason. */
static const char *check_serve_config(const struct cfg *c, char *buf, size_t n)
{
    if (c->access && c->access_url)
        return "--access and --access-url cannot both be given";
    bool postgres = strncmp(c->db, "postgres://", 11) == 0 || strncmp(c->db, "postgresql://", 13) == 0;
    if (strncmp(c->db, "sqlite:", 7) != 0 && !postgres) {
        snprintf(buf, n, "--db must be sqlite:PATH or postgres://..., got '%s'", c->db);
        return buf;
    }
    const char *files[] = {c->registry, c->access};
    for (int i = 0; i < 2; i++) {
        if (!files[i])
            continue;
        FILE *f = fopen(files[i], "r");
        if (!f) {
            snprintf(buf, n, "cannot read %s", files[i]);
            return buf;
        }
        fclose(f);
    }
    char *end;
    unsigned long body = strtoul(c->max_body, &end, 10);
    if (*end || body < 1024)
        return "--max-body must be a number of bytes, at least 1024";
    unsigned long threads = strtoul(c->http_threads, &end, 10);
    if (*end || threads > 1024)
        return "--http-threads must be a number from 0 (one per core) to 1024";
    const char *roles_err = check_roles(c->roles);
    if (roles_err)
        return roles_err;
    unsigned long attempts = strtoul(c->notice_max_attempts, &end, 10);
    if (*end || attempts < 1 || attempts > 1000)
        return "--notice-max-attempts must be a number from 1 to 1000";
    unsigned long timeout = strtoul(c->notice_timeout_ms, &end, 10);
    if (*end || timeout < 100)
        return "--notice-timeout-ms must be a number of milliseconds, at least 100";
    unsigned long ms = strtoul(c->access_timeout_ms, &end, 10);
    if (*end || ms < 100 || ms > 60000)
        return "--access-timeout-ms must be a number from 100 to 60000";
    unsigned long secs = strtoul(c->access_cache_seconds, &end, 10);
    if (*end || secs > 3600)
        return "--access-cache-seconds must be a number from 0 to 3600";
    const char *levels[] = {"debug", "info", "warn", "error"};
    for (int i = 0; i < 4; i++)
        if (strcmp(c->log_level, levels[i]) == 0)
            return NULL;
    return "--log-level must be debug, info, warn or error";
}

/* Every read model (projection of the event log): serve feeds them, replay
 * rebuilds them. Modules add theirs here. */
static void register_read_models(void)
{
    evlog_register(&producer_read_model);
    evlog_register(&user_read_model);
    evlog_register(&dialog_read_model);
    /* every node folds events into the schedule and the notices, whatever its roles */
    scheduler_register_projection();
    notify_register_projection();
}

static bool store_is_ready(void *userdata)
{
    return store_ready(userdata);
}

/* Everything serve holds; released in reverse order of creation. */
struct serve_parts {
    char *host;
    unsigned port;
    struct auth_registry *registry;
    struct store *store;
    struct auth_devkey *devkey;
    struct auth_keyset *keys;
    struct api_producer *producer_api;
    struct access_source *access;
    struct api_user *user_api;
    struct api_dialog *dialog_api;
    struct http_server *srv;
    struct scheduler *scheduler;
    struct notify_sender *sender;
    char node_id[128];
};

static void release_parts(struct serve_parts *p, unsigned drain_seconds)
{
    api_user_shutdown(p->user_api);
    http_server_stop(p->srv, drain_seconds);
    scheduler_stop(p->scheduler);
    notify_sender_stop(p->sender);
    api_user_free(p->user_api);
    access_close(p->access);
    api_dialog_free(p->dialog_api);
    api_producer_free(p->producer_api);
    auth_keyset_free(p->keys);
    auth_devkey_free(p->devkey);
    store_close(p->store);
    auth_registry_free(p->registry);
    free(p->host);
}

/* Opens what serve needs; returns 0, or an exit code with the reason printed. */
static int open_parts(const struct cfg *c, struct serve_parts *p)
{
    char *err = NULL;
    if (cfg_split_listen(c->listen, &p->host, &p->port) != 0)
        return fail_config("--listen must be HOST:PORT");
    if (c->registry && !(p->registry = auth_registry_load(c->registry, &err))) {
        int rc = fail_config(err);
        free(err);
        return rc;
    }
    struct access_config ac = {.file = c->access, .url = c->access_url,
                               .timeout_ms = (unsigned)strtoul(c->access_timeout_ms, NULL, 10),
                               .cache_seconds = (unsigned)strtoul(c->access_cache_seconds, NULL, 10)};
    if (!(p->access = access_open(&ac, &err))) {
        int rc = fail_config(err ? err : "the access file cannot be read");
        free(err);
        return rc;
    }
    int rc = 1;
    if (!(p->store = store_open(c->db, &err)))
        goto failed;
    register_read_models();
    /* Development tokens: the key file that `budstikke token` signs with. */
    if (c->dev && (!(p->devkey = auth_devkey_load(c->dev_key, &err)) ||
                   !(p->keys = auth_devkey_keyset(p->devkey))))
        goto failed;
    struct api_producer_config pc = {.store = p->store, .registry = p->registry, .keys = p->keys,
                                     .issuer = AUTH_DEV_ISSUER, .audience = AUTH_DEV_AUDIENCE};
    if (!(p->producer_api = api_producer_new(&pc, &err)))
        goto failed;
    struct api_user_config uc = {.store = p->store, .access = p->access, .keys = p->keys,
                                 .issuer = AUTH_DEV_ISSUER, .audience = AUTH_DEV_AUDIENCE,
                                 .registry = p->registry, .devkey = p->devkey};
    if (!(p->user_api = api_user_new(&uc, &err)))
        goto failed;
    /* BUDSTIKKE_VEDLEGG_MAKS_BYTES: the attachment limit (dialog.md A1) */
    const char *vmax = getenv("BUDSTIKKE_VEDLEGG_MAKS_BYTES");
    struct api_dialog_config dc = {.store = p->store, .keys = p->keys, .issuer = AUTH_DEV_ISSUER,
                                   .audience = AUTH_DEV_AUDIENCE, .registry_path = c->registry,
                                   .access_path = c->access, .vedlegg_max = vmax ? strtoul(vmax, NULL, 10) : 0};
    if (!(p->dialog_api = api_dialog_new(&dc, &err)))
        goto failed;
    struct http_limits limits = HTTP_DEFAULT_LIMITS;
    limits.max_body = strtoul(c->max_body, NULL, 10);
    limits.threads = (unsigned)strtoul(c->http_threads, NULL, 10);
    if (!(p->srv = http_server_new(p->host, p->port, &limits, &err)))
        goto failed;
    return 0;
failed:
    fprintf(stderr, "budstikke: %s\n", err ? err : "start-up failed");
    free(err);
    return rc;
}

/* The scheduler and sender threads of the roles this node has. */
static void start_background_roles(const struct cfg *c, struct serve_parts *p)
{
    char host[64] = "node";
    gethostname(host, sizeof host - 1);
    snprintf(p->node_id, sizeof p->node_id, "%s:%d", host, (int)getpid());
    if (has_role(c->roles, "scheduler"))
        p->scheduler = scheduler_start(p->store, NULL, NULL);
    if (has_role(c->roles, "senders")) {
        struct notify_sender_config nc = {
            .store = p->store,
            .endpoints = {.smtp_url = c->smtp_url, .smtp_from = c->smtp_from,
                          .smtp_user = c->smtp_user, .smtp_password = c->smtp_password,
                          .sms_url = c->sms_url, .sms_token = c->sms_token,
                          .sms_sender = c->sms_sender, .altinn_url = c->altinn_url,
                          .altinn_token = c->altinn_token,
                          .timeout_ms = strtol(c->notice_timeout_ms, NULL, 10)},
            .node_id = p->node_id,
            .max_attempts = (int)strtol(c->notice_max_attempts, NULL, 10)};
        p->sender = notify_sender_start(&nc);
    }
}

static int run_serve(const struct cfg *c)
{
    static const enum obs_level levels[] = {OBS_DEBUG, OBS_INFO, OBS_WARN, OBS_ERROR};
    static const char *const names[] = {"debug", "info", "warn", "error"};
    for (int i = 0; i < 4; i++)
        if (strcmp(c->log_level, names[i]) == 0)
            obs_log_set_level(levels[i]);

    /* Signals are taken by sigwait below: block them before any thread starts. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct serve_parts p = {0};
    int rc = open_parts(c, &p);
    if (rc != 0) {
        release_parts(&p, 0);
        return rc;
    }
    http_server_set_ready_check(p.srv, store_is_ready, p.store);
    if (has_role(c->roles, "api")) {
        web_routes(p.srv);
        api_producer_route(p.producer_api, p.srv);
        api_user_route(p.user_api, p.srv);
        api_dialog_route(p.dialog_api, p.srv);
    }
    notify_control_route(p.srv, p.store);
    if (c->dev)
        dev_clock_route(p.srv, p.store, p.node_id);
    start_background_roles(c, &p);
    obs_metric_help("budstikke_http_requests_total", "counter", "HTTP requests by route and status.");
    obs_metric_help("budstikke_http_request_duration_seconds", "histogram", "HTTP request duration.");
    obs_metric_help("budstikke_graphql_operations_total", "counter", "GraphQL operations.");
    obs_gauge_set("budstikke_process_start_time_seconds", "", (double)time(NULL));
    char *err = NULL;
    if (http_server_start(p.srv, &err) != 0) {
        fprintf(stderr, "budstikke: %s\n", err);
        free(err);
        release_parts(&p, 0);
        return 1;
    }
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%u", http_server_port(p.srv));
    OBS_LOG(OBS_INFO, "listening", "host", p.host, "port", port_text, "db", c->db, "dev",
            c->dev ? "true" : "false", "version", BUDSTIKKE_VERSION);
    int sig = 0;
    sigwait(&stop_signals, &sig);
    OBS_LOG(OBS_INFO, "stopping", "signal", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    release_parts(&p, 30);
    OBS_LOG(OBS_INFO, "stopped");
    return 0;
}

/* budstikke token producer CLIENT_ID | user FNR [--dev-key FILE]: a token of
 * the development issuer, which `serve --dev` accepts. */
static int run_token(int argc, char **argv)
{
    const char *key_path = getenv("BUDSTIKKE_DEV_KEY");
    if (!key_path)
        key_path = "./budstikke-dev.key";
    if (argc == 6 && strcmp(argv[4], "--dev-key") == 0)
        key_path = argv[5];
    else if (argc != 4)
        return fail_config("usage: budstikke token producer CLIENT_ID | user FNR [--dev-key FILE]");
    const char *kind = argv[2], *subject = argv[3];
    if (strcmp(kind, "producer") != 0 && strcmp(kind, "user") != 0)
        return fail_config("token kind must be 'producer' or 'user'");
    char *err = NULL;
    struct auth_devkey *key = auth_devkey_load(key_path, &err);
    if (!key) {
        fprintf(stderr, "budstikke: %s\n", err ? err : "cannot load the development key");
        free(err);
        return 1;
    }
    json_t *claims = strcmp(kind, "producer") == 0
                         ? json_pack("{s:s,s:s,s:s}", "sub", subject, "azp", subject, "kind", kind)
                         : json_pack("{s:s,s:s,s:s,s:s}", "sub", subject, "pid", subject, "kind",
                                     kind, "acr", "idporten-loa-substantial");
    char *token = auth_devkey_sign(key, claims, (int64_t)time(NULL), 12 * 3600);
    json_decref(claims);
    auth_devkey_free(key);
    if (!token) {
        fprintf(stderr, "budstikke: signing failed\n");
        return 1;
    }
    printf("%s\n", token);
    free(token);
    return 0;
}

/* budstikke migrate --db URL: applies the migrations and exits. */
static int run_migrate(const struct cfg *c)
{
    char *err = NULL;
    struct store *store = store_open(c->db, &err);
    if (!store) {
        fprintf(stderr, "budstikke: %s\n", err ? err : "migration failed");
        free(err);
        return 1;
    }
    store_close(store);
    printf("migrated %s\n", c->db);
    return 0;
}

/* budstikke demo: writes the demo's access file and registry, then loads
 * the demo data through the producer API of a service opened exactly as
 * serve opens it (every read model and job projection registered), without
 * taking requests. */
static int run_demo(const struct cfg *c)
{
    static char access[] = "budstikke-demo-access.json";
    static char registry[] = "budstikke-demo-registry.json";
    static char any_port[] = "127.0.0.1:0";
    struct cfg dc = *c; /* shallow: c keeps ownership of the strings */
    dc.access = c->access ? c->access : access;
    dc.registry = c->registry ? c->registry : registry;
    dc.access_url = NULL;
    dc.listen = any_port;
    dc.dev = false;
    struct cfg files_unchecked = dc; /* the files are written, not read: check the rest */
    files_unchecked.access = files_unchecked.registry = NULL;
    char buf[512];
    const char *reason = check_serve_config(&files_unchecked, buf, sizeof buf);
    if (reason)
        return fail_config(reason);
    char *err = NULL;
    if (demo_write_files(dc.access, dc.registry, &err) != 0) {
        fprintf(stderr, "budstikke: %s\n", err ? err : "cannot write the demo files");
        free(err);
        return 1;
    }
    struct serve_parts p = {0};
    int rc = open_parts(&dc, &p);
    enum demo_result res = rc == 0 ? demo_load(p.producer_api, stdout, &err) : DEMO_FAILED;
    if (res != DEMO_FAILED && demo_load_dialogs(p.store, dc.registry, dc.access, stdout, &err) ==
                                  DEMO_FAILED)
        res = DEMO_FAILED;
    release_parts(&p, 0);
    if (rc != 0)
        return rc;
    if (res == DEMO_FAILED) {
        fprintf(stderr, "budstikke: demo: %s\n", err ? err : "failed");
        free(err);
        return 1;
    }
    printf("demo: %s %s; access file %s, registry %s\n",
           res == DEMO_ALREADY_LOADED ? "already loaded in" : "loaded into", c->db, dc.access,
           dc.registry);
    printf("demo: persons to log in as on the portal (serve --dev --access %s):\n", dc.access);
    demo_print_persons(stdout);
    return 0;
}

struct replay_cmd {
    int64_t events;
};

static int replay_all(struct store_tx *tx, void *arg)
{
    struct replay_cmd *r = arg;
    struct store_stmt *q = store_prepare(tx, "SELECT count(*) FROM events");
    r->events = store_step(q) == STORE_ROW ? store_column_int64(q, 0) : 0;
    return evlog_replay_all(tx);
}

/* budstikke replay --db URL: empties every read model and folds the whole
 * event log into it again, in one write (all or nothing). */
static int run_replay(const struct cfg *c)
{
    char *err = NULL;
    struct store *store = store_open(c->db, &err);
    if (!store) {
        fprintf(stderr, "budstikke: %s\n", err ? err : "cannot open the database");
        free(err);
        return 1;
    }
    register_read_models();
    struct replay_cmd r = {0};
    int rc = store_write(store, replay_all, &r);
    store_close(store);
    if (rc != 0) {
        fprintf(stderr, "budstikke: replay failed; the read models are unchanged\n");
        return 1;
    }
    printf("replayed %lld events into the read models of %s\n", (long long)r.events, c->db);
    return 0;
}

static int run_check_config(const struct cfg *c)
{
    char buf[512];
    const char *reason = check_serve_config(c, buf, sizeof buf);
    if (reason)
        return fail_config(reason);
    struct nt_buf out;
    nt_buf_init(&out, 0);
    cfg_dump(c, &out);
    printf("%s\n", nt_buf_str(&out));
    nt_buf_free(&out);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(stderr);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "help"))
        return usage(stdout);
    if (!strcmp(cmd, "--version")) {
        printf("budstikke %s\n", BUDSTIKKE_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "token"))
        return run_token(argc, argv);
    if (strcmp(cmd, "serve") != 0 && strcmp(cmd, "check-config") != 0 &&
        strcmp(cmd, "migrate") != 0 && strcmp(cmd, "replay") != 0 && strcmp(cmd, "demo") != 0) {
        fprintf(stderr, "budstikke: unknown command '%s'\n", cmd);
        return usage(stderr);
    }
    struct cfg c;
    char err[512];
    if (cfg_load(&c, argc, argv, 2, err, sizeof err) != 0) {
        cfg_free(&c);
        return fail_config(err);
    }
    int rc;
    char buf[512];
    const char *reason = check_serve_config(&c, buf, sizeof buf);
    if (!strcmp(cmd, "check-config"))
        rc = run_check_config(&c);
    else if (!strcmp(cmd, "demo"))
        rc = run_demo(&c);
    else if (!strcmp(cmd, "migrate") && !reason)
        rc = run_migrate(&c);
    else if (!strcmp(cmd, "replay") && !reason)
        rc = run_replay(&c);
    else if (reason)
        rc = fail_config(reason);
    else
        rc = run_serve(&c);
    cfg_free(&c);
    return rc;
}
