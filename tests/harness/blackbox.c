#include "blackbox.h"
#include "check.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include "events/evlog.h"
#include "store/store.h"
#include <stdarg.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char bb_binary[PATH_MAX + 16];
char bb_workdir[] = "/tmp/budstikke-bbXXXXXX";

static void find_binary(void)
{
    char self[PATH_MAX - 16];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    /* build-asan/tests/blackbox/test_server -> build-asan/budstikke */
    for (int i = 0; i < 3; i++) {
        char *slash = strrchr(self, '/');
        if (slash)
            *slash = '\0';
    }
    snprintf(bb_binary, sizeof bb_binary, "%s/budstikke", self);
}

void bb_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

char *bb_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return strdup("");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

void bb_write_file(const char *path, const char *text)
{
    char tmp[PATH_MAX + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    rename(tmp, path);
}

/* Servers still running when the test ends (a failed check may skip the
 * stop) are killed, so nothing outlives the test holding its output open. */
#define MAX_SERVERS 16
static pid_t started[MAX_SERVERS];

static void kill_leftovers(void)
{
    /* only a child of ours that is still running (0 from waitpid): a pid the
     * test reaped itself may belong to someone else by now */
    for (int i = 0; i < MAX_SERVERS; i++)
        if (started[i] > 0 && waitpid(started[i], NULL, WNOHANG) == 0 &&
            kill(started[i], SIGKILL) == 0)
            waitpid(started[i], NULL, 0);
}

static void remember(pid_t pid)
{
    static int registered;
    if (!registered++)
        atexit(kill_leftovers);
    for (int i = 0; i < MAX_SERVERS; i++) {
        if (started[i] <= 0) {
            started[i] = pid;
            return;
        }
    }
}

static void forget(pid_t pid)
{
    for (int i = 0; i < MAX_SERVERS; i++)
        if (started[i] == pid)
            started[i] = 0;
}

/* Starts the server with extra arguments; returns 0 when it logged its port. */
int bb_start_server(struct bb_server *s, const char *const *extra)
{
    static int seq;
    snprintf(s->log_path, sizeof s->log_path, "%s/server-%d.log", bb_workdir, seq++);
    const char *argv[32] = {bb_binary, "serve", "--listen", "127.0.0.1:0", "--db", bb_db_url()};
    int argc = 6;
    for (int i = 0; extra && extra[i] && argc < 30; i++)
        argv[argc++] = extra[i];
    argv[argc] = NULL;
    s->pid = fork();
    if (s->pid == 0) {
        int fd = open(s->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        execv(bb_binary, (char *const *)argv);
        _exit(127);
    }
    remember(s->pid);
    for (int i = 0; i < 200; i++) {
        char *log = bb_read_file(s->log_path);
        char *p = strstr(log, "\"port\":\"");
        if (p) {
            s->port = (unsigned)atoi(p + 8);
            free(log);
            return 0;
        }
        free(log);
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            forget(s->pid);
            return -1;
        }
        bb_sleep_ms(50);
    }
    return -1;
}

/* Sends sig and waits up to 10 s; returns the exit status or -1. */
int bb_stop_server(struct bb_server *s, int sig)
{
    forget(s->pid);
    kill(s->pid, sig);
    for (int i = 0; i < 200; i++) {
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        bb_sleep_ms(50);
    }
    kill(s->pid, SIGKILL);
    waitpid(s->pid, NULL, 0);
    return -1;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct bb_reply *r = ud;
    size_t len = size * n;
    size_t room = sizeof r->body - 1 - r->len;
    size_t take = len < room ? len : room;
    memcpy(r->body + r->len, p, take);
    r->len += take;
    r->body[r->len] = '\0';
    return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct bb_reply *r = ud;
    if (strncasecmp(p, "ETag: ", 6) == 0) {
        size_t len = size * n - 6;
        while (len && (p[6 + len - 1] == '\r' || p[6 + len - 1] == '\n'))
            len--;
        snprintf(r->etag, sizeof r->etag, "%.*s", (int)len, p + 6);
    }
    return size * n;
}

void bb_request(const struct bb_server *s, const char *method, const char *path,
                    const char *body, size_t body_len, const char *header, struct bb_reply *r)
{
    memset(r, 0, sizeof(*r));
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", s->port, path);
    CURL *c = curl_easy_init();
    struct curl_slist *h = header ? curl_slist_append(NULL, header) : NULL;
    if (body && (!header || strncasecmp(header, "Content-Type", 12) != 0))
        h = curl_slist_append(h, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    if (h)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
    }
    if (curl_easy_perform(c) == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
        const char *type = NULL;
        curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
        snprintf(r->content_type, sizeof r->content_type, "%s", type ? type : "");
    }
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

int bb_run_binary(const char *const *args, char *err, size_t err_size)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/cli.err", bb_workdir);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        dup2(fd, 1);
        execv(bb_binary, (char *const *)args);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    char *text = bb_read_file(path);
    snprintf(err, err_size, "%s", text);
    free(text);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}


static char db_url[PATH_MAX + 64];

/* CREATE DATABASE on the server of base; the new database's URL in out. */
static int create_pg_database(const char *base, const char *name, char *out, size_t n)
{
    PGconn *c = PQconnectdb(base);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
    int rc = r && PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc != 0)
        fprintf(stderr, "# cannot create test database %s: %s", name, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    const char *slash = strrchr(base, '/');
    const char *query = strchr(slash ? slash : base, '?');
    snprintf(out, n, "%.*s/%s%s", (int)(slash ? slash - base : (ptrdiff_t)strlen(base)), base, name,
             query ? query : "");
    return rc;
}

char *bb_fresh_db_url(const char *sqlite_path, char *out, size_t n)
{
    static int seq;
    const char *pg = getenv("BUDSTIKKE_TEST_PG");
    if (!pg || !*pg) {
        snprintf(out, n, "sqlite:%s", sqlite_path);
        return out;
    }
    char name[64];
    snprintf(name, sizeof name, "bt_%d_%d", (int)getpid(), seq++);
    create_pg_database(pg, name, out, n);
    return out;
}

const char *bb_db_url(void)
{
    return db_url;
}

void bb_new_database(void)
{
    static int n;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/test-%d.db", bb_workdir, ++n);
    bb_fresh_db_url(path, db_url, sizeof db_url);
}

void bb_setup(void)
{
    find_binary();
    if (!mkdtemp(bb_workdir))
        perror("mkdtemp");
    curl_global_init(CURL_GLOBAL_DEFAULT);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/test.db", bb_workdir);
    bb_fresh_db_url(path, db_url, sizeof db_url);
}

static char dev_key[PATH_MAX + 16], registry[PATH_MAX + 16];

void bb_producer_setup(const char *registry_json)
{
    snprintf(dev_key, sizeof dev_key, "%s/dev.key", bb_workdir);
    snprintf(registry, sizeof registry, "%s/registry.json", bb_workdir);
    FILE *f = fopen(registry, "w");
    if (f) {
        fputs(registry_json, f);
        fclose(f);
    }
}

void bb_tiltak_setup(const char *service_code, char *auth, size_t auth_size)
{
    bb_setup();
    char json[256];
    snprintf(json, sizeof json,
             "{\"producers\":[{\"id\":\"dev:tiltak\",\"merkelapper\":[\"tiltak\"],"
             "\"mottakere\":[{\"altinn\":{\"serviceCode\":\"%s\",\"serviceEdition\":\"1\"}}]}]}",
             service_code);
    bb_producer_setup(json);
    CHECK_EQ_INT(bb_mint_token("producer", "dev:tiltak", auth, auth_size), 0);
}

int bb_mint_token(const char *kind, const char *subject, char *header, size_t header_size)
{
    char token[4096];
    const char *args[] = {bb_binary, "token", kind, subject, "--dev-key", dev_key, NULL};
    int rc = bb_run_binary(args, token, sizeof token);
    token[strcspn(token, "\n")] = '\0';
    snprintf(header, header_size, "Authorization: Bearer %s", token);
    return rc;
}

int bb_start_producer_server(struct bb_server *s)
{
    /* the API alone: these tests look at what the API stores, and a scheduler
     * would act on their instants (many in the past) meanwhile */
    const char *extra[] = {"--dev", "--dev-key", dev_key, "--registry", registry,
                           "--roles", "api", NULL};
    return bb_start_server(s, extra);
}

int bb_start_producer_server_with(struct bb_server *s, const char *const *more)
{
    const char *extra[24] = {"--dev", "--dev-key", dev_key, "--registry", registry};
    int n = 5;
    for (int i = 0; more && more[i] && n < 23; i++)
        extra[n++] = more[i];
    extra[n] = NULL;
    return bb_start_server(s, extra);
}

int bb_producer_start(struct bb_server *s, struct bb_producers *auth)
{
    bb_setup();
    bb_producer_setup(
        "{\"producers\":[{\"id\":\"dev:tiltak\",\"merkelapper\":[\"Tiltak\",\"Pensjon\","
        "\"EtSakssystem\",\"Sykemelding\",\"Skademelding\",\"fager\",\"tag\"],\"mottakere\":["
        "{\"altinn\":{\"serviceCode\":\"4321\",\"serviceEdition\":\"1\"}},"
        "{\"altinn\":{\"serviceCode\":\"1234\",\"serviceEdition\":\"1\"}},"
        "{\"altinn\":{\"serviceCode\":\"1\",\"serviceEdition\":\"1\"}},"
        "{\"altinn\":{\"serviceCode\":\"4936\",\"serviceEdition\":\"1\"}},"
        "{\"altinn\":{\"serviceCode\":\"5441\",\"serviceEdition\":\"1\"}},"
        "{\"altinnRessurs\":{\"ressursId\":\"nav_tiltak\"}},"
        "{\"altinnRessurs\":{\"ressursId\":\"nav_sykepenger_inntektsmelding\"}},"
        "{\"altinnRolle\":{\"roleDefinitionCode\":\"DAGL\"}},{\"altinnReportee\":{}},"
        "{\"naermesteLeder\":{}}]},"
        "{\"id\":\"dev:annen\",\"merkelapper\":[\"Annen\"],\"mottakere\":["
        "{\"altinnRessurs\":{\"ressursId\":\"nav_tiltak\"}},{\"naermesteLeder\":{}}]}]}");
    if (bb_mint_token("producer", "dev:tiltak", auth->tiltak, sizeof auth->tiltak) != 0 ||
        bb_mint_token("producer", "dev:annen", auth->annen, sizeof auth->annen) != 0 ||
        bb_mint_token("producer", "dev:ukjent", auth->ukjent, sizeof auth->ukjent) != 0)
        return -1;
    return bb_start_producer_server(s);
}

/* ---- The producer API from tests ---- */

static char *unquote(const char *text)
{
    char *out = strdup(text);
    for (char *p = out; *p; p++)
        if (*p == '\'')
            *p = '"';
    return out;
}

void bb_gql(const struct bb_server *s, const char *auth_header, const char *query,
            const char *variables, struct bb_reply *r)
{
    char *q = unquote(query), *v = variables ? unquote(variables) : NULL;
    json_error_t err;
    json_t *vars = v ? json_loads(v, 0, &err) : json_object();
    if (!vars) {
        fprintf(stderr, "bb_gql: bad variables (%s): %s\n", err.text, v);
        vars = json_object();
    }
    json_t *body = json_pack("{s:s,s:o}", "query", q, "variables", vars);
    char *text = json_dumps(body, JSON_COMPACT);
    bb_request(s, "POST", "/api/producer/graphql", text, strlen(text), auth_header, r);
    free(text);
    json_decref(body);
    free(q);
    free(v);
}

void bb_gqlf(const struct bb_server *s, const char *auth_header, const char *query,
             struct bb_reply *r, const char *variables_fmt, ...)
{
    va_list ap;
    va_start(ap, variables_fmt);
    char *vars = NULL;
    if (vasprintf(&vars, variables_fmt, ap) < 0)
        vars = NULL;
    va_end(ap);
    bb_gql(s, auth_header, query, vars, r);
    free(vars);
}

const char *bb_json_at(const char *json, const char *path, char *out, size_t size)
{
    out[0] = '\0';
    json_t *root = json_loads(json, 0, NULL), *v = root;
    char *copy = strdup(path), *save = NULL;
    for (char *part = strtok_r(copy, ".", &save); part && v; part = strtok_r(NULL, ".", &save)) {
        char *end;
        long i = strtol(part, &end, 10);
        v = json_is_array(v) && !*end ? json_array_get(v, (size_t)i) : json_object_get(v, part);
    }
    if (json_is_string(v))
        snprintf(out, size, "%s", json_string_value(v));
    else if (v) {
        char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        snprintf(out, size, "%s", text ? text : "");
        free(text);
    }
    free(copy);
    json_decref(root);
    return out;
}

/* ---- The database ---- */

static void append(char **out, size_t *len, size_t *cap, const char *text)
{
    size_t n = strlen(text);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *out = realloc(*out, *cap);
    }
    memcpy(*out + *len, text, n + 1);
    *len += n;
}

struct rows_query {
    const char *sql;
    char *text;
    size_t len, cap;
    int rows;
};

/* Rows of q->sql appended as "a|b\n" (either backend). */
static int rows_into(struct store_tx *tx, void *arg)
{
    struct rows_query *q = arg;
    struct store_stmt *st = store_prepare(tx, q->sql);
    if (!st) {
        append(&q->text, &q->len, &q->cap, store_error(tx));
        q->rows = -1;
        return 0;
    }
    q->rows = 0;
    while (store_step(st) == STORE_ROW) {
        for (int c = 0; c < store_column_count(st); c++) {
            const char *v = store_column_text(st, c);
            append(&q->text, &q->len, &q->cap, c ? "|" : "");
            append(&q->text, &q->len, &q->cap, v ? v : "NULL");
        }
        append(&q->text, &q->len, &q->cap, "\n");
        q->rows++;
    }
    return 0;
}

static struct store *open_test_db(void)
{
    char *err = NULL;
    struct store *db = store_open(bb_db_url(), &err);
    free(err);
    return db;
}

static int exec_one(struct store_tx *tx, void *arg)
{
    struct store_stmt *st = store_prepare(tx, arg);
    if (!st || store_step(st) == STORE_ERROR) {
        fprintf(stderr, "bb_db_exec: %s\n", store_error(tx));
        return -1;
    }
    return 0;
}

int bb_db_exec(const char *sql)
{
    struct store *db = open_test_db();
    if (!db)
        return -1;
    int rc = store_write(db, exec_one, (void *)sql);
    store_close(db);
    return rc == 0 ? 0 : -1;
}

int bb_db_count(const char *sql)
{
    char out[64];
    return bb_db_rows(sql, out, sizeof out) == 1 ? atoi(out) : -1;
}

int bb_events_of(const char *aggregate)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE aggregate_id = '%s'", aggregate);
    return bb_db_count(sql);
}

const char *bb_event_at(const char *aggregate, const char *type, const char *path, char *out,
                        size_t size)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT payload FROM events WHERE aggregate_id = '%s'%s%s%s ORDER BY seq DESC LIMIT 1",
             aggregate, type ? " AND type = '" : "", type ? type : "", type ? "'" : "");
    char *payload = malloc(1 << 16);
    if (bb_db_rows(sql, payload, 1 << 16) != 1)
        payload[0] = '\0';
    payload[strcspn(payload, "\n")] = '\0';
    bb_json_at(payload, path, out, size);
    free(payload);
    return out;
}

int bb_db_rows(const char *sql, char *out, size_t size)
{
    struct store *db = open_test_db();
    if (!db)
        return -1;
    struct rows_query q = {.sql = sql, .cap = 256, .rows = -1};
    q.text = calloc(1, q.cap);
    store_read(db, rows_into, &q);
    store_close(db);
    snprintf(out, size, "%s", q.text);
    free(q.text);
    return q.rows;
}

struct dump {
    char *text;
    size_t len, cap;
};

/* Every read-model table, every column, in a total order. */
static int dump_tables(struct store_tx *tx, void *arg)
{
    struct dump *d = arg;
    struct store_stmt *tables = store_prepare(
        tx, strncmp(bb_db_url(), "sqlite:", 7) == 0
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('events', "
                  "'schema_migrations') AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                  "'public' AND table_name NOT IN ('events', 'schema_migrations') ORDER BY 1");
    char names[64][128];
    int n = 0;
    while (n < 64 && store_step(tables) == STORE_ROW)
        snprintf(names[n++], sizeof names[0], "%s", store_column_text(tables, 0));
    for (int i = 0; i < n; i++) {
        char sql[1024];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%.120s\" LIMIT 0", names[i]);
        struct store_stmt *probe = store_prepare(tx, sql);
        store_step(probe);
        int ncols = probe ? store_column_count(probe) : 0;
        size_t len = (size_t)snprintf(sql, sizeof sql, "SELECT * FROM \"%.120s\"", names[i]);
        for (int c = 1; c <= ncols && len + 16 < sizeof sql; c++)
            len += (size_t)snprintf(sql + len, sizeof sql - len, "%s%d", c == 1 ? " ORDER BY " : ", ", c);
        append(&d->text, &d->len, &d->cap, "== ");
        append(&d->text, &d->len, &d->cap, names[i]);
        append(&d->text, &d->len, &d->cap, "\n");
        struct rows_query q = {.sql = sql, .text = d->text, .len = d->len, .cap = d->cap};
        rows_into(tx, &q);
        d->text = q.text;
        d->len = q.len;
        d->cap = q.cap;
    }
    return 0;
}

char *bb_db_dump_read_models(void)
{
    struct dump d = {.cap = 4096};
    d.text = calloc(1, d.cap);
    struct store *db = open_test_db();
    if (!db)
        return d.text;
    store_read(db, dump_tables, &d);
    store_close(db);
    return d.text;
}

json_t *bb_json_path(json_t *v, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *save = NULL;
    for (char *part = strtok_r(buf, ".", &save); part && v; part = strtok_r(NULL, ".", &save)) {
        char *end;
        long idx = strtol(part, &end, 10);
        v = *end ? json_object_get(v, part) : json_array_get(v, (size_t)idx);
    }
    return v;
}

struct emit_cmd {
    const char *type, *aggregate;
    char *payload;
};

static int emit_cmd(struct store_tx *tx, void *arg)
{
    struct emit_cmd *c = arg;
    struct evlog_event e = {.aggregate_id = c->aggregate, .type = c->type, .payload = c->payload,
                            .producer = "test", .created_at = 1};
    return evlog_emit(tx, &e);
}

int bb_emit_event(struct store *s, const char *type, const char *aggregate, json_t *payload)
{
    struct emit_cmd c = {type, aggregate, json_dumps(payload, JSON_COMPACT)};
    int rc = store_write(s, emit_cmd, &c);
    free(c.payload);
    json_decref(payload);
    return rc;
}

struct bb_sse {
    pthread_t thread;
    pthread_mutex_t mu;
    char buf[1 << 16];
    size_t len;
    volatile int stop;
    char url[8192];
};

static size_t sse_data(char *p, size_t size, size_t n, void *ud)
{
    struct bb_sse *e = ud;
    pthread_mutex_lock(&e->mu);
    size_t len = size * n, room = sizeof e->buf - 1 - e->len;
    size_t take = len < room ? len : room;
    memcpy(e->buf + e->len, p, take);
    e->len += take;
    e->buf[e->len] = '\0';
    pthread_mutex_unlock(&e->mu);
    return len;
}

static int sse_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a, (void)b, (void)c, (void)d;
    return ((struct bb_sse *)ud)->stop;
}

static void *sse_main(void *arg)
{
    struct bb_sse *e = arg;
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, e->url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sse_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, e);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, sse_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, e);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_perform(c);
    curl_easy_cleanup(c);
    return NULL;
}

struct bb_sse *bb_sse_open(const struct bb_server *s, const char *path)
{
    struct bb_sse *e = calloc(1, sizeof(*e));
    pthread_mutex_init(&e->mu, NULL);
    snprintf(e->url, sizeof e->url, "http://127.0.0.1:%u%s", s->port, path);
    pthread_create(&e->thread, NULL, sse_main, e);
    return e;
}

int bb_sse_has(struct bb_sse *e, const char *text)
{
    pthread_mutex_lock(&e->mu);
    int found = strstr(e->buf, text) != NULL;
    pthread_mutex_unlock(&e->mu);
    return found;
}

int bb_sse_wait(struct bb_sse *e, const char *text, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 20) {
        if (bb_sse_has(e, text))
            return 1;
        bb_sleep_ms(20);
    }
    pthread_mutex_lock(&e->mu);
    fprintf(stderr, "stream has no '%s':\n%s\n", text, e->buf);
    pthread_mutex_unlock(&e->mu);
    return 0;
}

void bb_sse_close(struct bb_sse *e)
{
    e->stop = 1;
    pthread_join(e->thread, NULL);
    pthread_mutex_destroy(&e->mu);
    free(e);
}
