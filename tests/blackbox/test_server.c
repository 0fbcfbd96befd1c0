/* Black-box tests of `budstikke serve`: the real binary of this build, on a
 * free port, driven over HTTP with libcurl. Every wait is bounded. */
#include "check.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char binary[PATH_MAX + 16];
static char workdir[] = "/tmp/budstikke-bbXXXXXX";

struct server {
    pid_t pid;
    unsigned port;
    char log_path[PATH_MAX];
};

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
    snprintf(binary, sizeof binary, "%s/budstikke", self);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static char *read_file(const char *path)
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

/* Starts the server with extra arguments; returns 0 when it logged its port. */
static int start_server(struct server *s, const char *const *extra)
{
    static int seq;
    snprintf(s->log_path, sizeof s->log_path, "%s/server-%d.log", workdir, seq++);
    char db[PATH_MAX + 16];
    snprintf(db, sizeof db, "sqlite:%s/test.db", workdir);
    const char *argv[32] = {binary, "serve", "--listen", "127.0.0.1:0", "--db", db};
    int argc = 6;
    for (int i = 0; extra && extra[i] && argc < 30; i++)
        argv[argc++] = extra[i];
    argv[argc] = NULL;
    s->pid = fork();
    if (s->pid == 0) {
        int fd = open(s->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        execv(binary, (char *const *)argv);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        char *log = read_file(s->log_path);
        char *p = strstr(log, "\"port\":\"");
        if (p) {
            s->port = (unsigned)atoi(p + 8);
            free(log);
            return 0;
        }
        free(log);
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid)
            return -1;
        sleep_ms(50);
    }
    return -1;
}

/* Sends sig and waits up to 10 s; returns the exit status or -1. */
static int stop_server(struct server *s, int sig)
{
    kill(s->pid, sig);
    for (int i = 0; i < 200; i++) {
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        sleep_ms(50);
    }
    kill(s->pid, SIGKILL);
    waitpid(s->pid, NULL, 0);
    return -1;
}

struct reply {
    long status;
    char body[1 << 16];
    size_t len;
    char etag[64];
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct reply *r = ud;
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
    struct reply *r = ud;
    if (strncasecmp(p, "ETag: ", 6) == 0) {
        size_t len = size * n - 6;
        while (len && (p[6 + len - 1] == '\r' || p[6 + len - 1] == '\n'))
            len--;
        snprintf(r->etag, sizeof r->etag, "%.*s", (int)len, p + 6);
    }
    return size * n;
}

static void request(const struct server *s, const char *method, const char *path,
                    const char *body, size_t body_len, const char *header, struct reply *r)
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
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static struct server srv;
static int started = -1;

static void starts_and_answers_health(void)
{
    started = start_server(&srv, NULL);
    CHECK_EQ_INT(started, 0);
    if (started)
        return;
    struct reply r;
    request(&srv, "GET", "/internal/alive", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    request(&srv, "GET", "/internal/ready", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
}

static void unknown_path_and_wrong_method(void)
{
    struct reply r;
    request(&srv, "GET", "/nope", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 404);
    CHECK_CONTAINS(r.body, "\"errors\"");
    request(&srv, "DELETE", "/internal/alive", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 405);
}

static void body_over_the_limit_is_413(void)
{
    size_t n = 2 * 1024 * 1024;
    char *big = malloc(n);
    memset(big, 'x', n);
    struct reply r;
    request(&srv, "POST", "/internal/alive", big, n, "Content-Type: application/json", &r);
    CHECK_EQ_INT(r.status, 413);
    CHECK_CONTAINS(r.body, "larger than 1048576 bytes");
    free(big);
}

static void metrics_count_requests(void)
{
    struct reply r;
    request(&srv, "GET", "/internal/alive", NULL, 0, NULL, &r);
    request(&srv, "GET", "/metrics", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_CONTAINS(r.body, "# TYPE budstikke_http_requests_total counter");
    const char *line = strstr(r.body, "budstikke_http_requests_total{route=\"/internal/alive\",status=\"200\"} ");
    CHECK(line != NULL);
    if (line)
        CHECK(atoi(strchr(line, '}') + 2) >= 2);
    CHECK_CONTAINS(r.body, "budstikke_http_request_duration_seconds_bucket{route=\"/internal/alive\",le=\"+Inf\"}");
}

static void demo_page_with_etag(void)
{
    struct reply r;
    request(&srv, "GET", "/", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_CONTAINS(r.body, "Budstikke");
    CHECK(r.etag[0] == '"');
    char header[128];
    snprintf(header, sizeof header, "If-None-Match: %s", r.etag);
    request(&srv, "GET", "/", NULL, 0, header, &r);
    CHECK_EQ_INT(r.status, 304);
}

static void logs_are_json_and_mask_personal_numbers(void)
{
    struct reply r;
    request(&srv, "GET", "/sak/16120101181/x", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 404);
    sleep_ms(200);
    char *log = read_file(srv.log_path);
    CHECK(strstr(log, "16120101181") == NULL);
    CHECK_CONTAINS(log, "/sak/161201*****/x");
    for (char *line = log; *line;) {
        char *end = strchr(line, '\n');
        if (!end)
            break;
        CHECK(line[0] == '{' && end[-1] == '}');
        CHECK(strncmp(line, "{\"ts\":\"", 7) == 0);
        line = end + 1;
    }
    free(log);
}

static void sigterm_exits_cleanly(void)
{
    CHECK_EQ_INT(stop_server(&srv, SIGTERM), 0);
    char *log = read_file(srv.log_path);
    CHECK_CONTAINS(log, "\"msg\":\"stopped\"");
    free(log);
}

static int run_binary(const char *const *args, char *err, size_t err_size)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/cli.err", workdir);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        dup2(fd, 1);
        execv(binary, (char *const *)args);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    char *text = read_file(path);
    snprintf(err, err_size, "%s", text);
    free(text);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void bad_command_lines_exit_2(void)
{
    char err[1024];
    const char *a1[] = {binary, "serve", "--bogus", NULL};
    CHECK_EQ_INT(run_binary(a1, err, sizeof err), 2);
    CHECK_CONTAINS(err, "unknown option '--bogus'");
    const char *a2[] = {binary, "serve", "--access", "a.json", "--access-url", "http://x", NULL};
    CHECK_EQ_INT(run_binary(a2, err, sizeof err), 2);
    CHECK_CONTAINS(err, "cannot both be given");
    const char *a3[] = {binary, "serve", "--db", "mysql://x", NULL};
    CHECK_EQ_INT(run_binary(a3, err, sizeof err), 2);
    const char *a4[] = {binary, "replay", NULL};
    CHECK_EQ_INT(run_binary(a4, err, sizeof err), 2);
    CHECK_CONTAINS(err, "not available in this build yet");
    const char *a6[] = {binary, "token", "robot", "x", NULL};
    CHECK_EQ_INT(run_binary(a6, err, sizeof err), 2);
    char reg[PATH_MAX + 16];
    snprintf(reg, sizeof reg, "%s/registry.json", workdir);
    FILE *f = fopen(reg, "w");
    fputs("{\"producers\":[{\"id\":\"a\",\"merkelapper\":[],\"mottakere\":[{\"bogus\":{}}]}]}", f);
    fclose(f);
    const char *a7[] = {binary, "serve", "--registry", reg, "--listen", "127.0.0.1:0", NULL};
    CHECK_EQ_INT(run_binary(a7, err, sizeof err), 2);
    CHECK_CONTAINS(err, "unknown mottaker kind 'bogus'");
    const char *a5[] = {binary, NULL};
    CHECK_EQ_INT(run_binary(a5, err, sizeof err), 2);
}

static void check_config_redacts_password_and_honours_env(void)
{
    char err[2048];
    setenv("BUDSTIKKE_LISTEN", "127.0.0.1:9999", 1);
    const char *a[] = {binary, "check-config", "--db", "sqlite:/tmp/x.db", NULL};
    CHECK_EQ_INT(run_binary(a, err, sizeof err), 0);
    CHECK_CONTAINS(err, "\"listen\":\"127.0.0.1:9999\"");
    unsetenv("BUDSTIKKE_LISTEN");
    const char *b[] = {binary, "check-config", "--db", "postgres://u:secret@h/db", NULL};
    run_binary(b, err, sizeof err);
    CHECK(strstr(err, "secret") == NULL);
}

static void migrate_creates_the_schema(void)
{
    char err[1024], db[PATH_MAX + 16];
    snprintf(db, sizeof db, "sqlite:%s/migrated.db", workdir);
    const char *a[] = {binary, "migrate", "--db", db, NULL};
    CHECK_EQ_INT(run_binary(a, err, sizeof err), 0);
    CHECK_CONTAINS(err, "migrated");
    CHECK_EQ_INT(run_binary(a, err, sizeof err), 0); /* again: nothing left to do */
    const char *b[] = {binary, "migrate", "--db", "sqlite:/nonexistent-dir/x.db", NULL};
    CHECK_EQ_INT(run_binary(b, err, sizeof err), 1);
    CHECK_CONTAINS(err, "cannot open database");
}

static void token_mints_a_development_jwt(void)
{
    char err[4096], key[PATH_MAX + 16];
    snprintf(key, sizeof key, "%s/dev.key", workdir);
    const char *a[] = {binary, "token", "producer", "dev:tiltak", "--dev-key", key, NULL};
    CHECK_EQ_INT(run_binary(a, err, sizeof err), 0);
    int dots = 0;
    for (const char *p = err; *p; p++)
        dots += *p == '.';
    CHECK_EQ_INT(dots, 2);
    CHECK(strncmp(err, "eyJ", 3) == 0);
    struct stat st;
    CHECK_EQ_INT(stat(key, &st), 0);
    CHECK_EQ_INT(st.st_mode & 0777, 0600);
}

/* The producer endpoint with a development token minted by the CLI. */
static void producer_api_knows_its_caller(void)
{
    char key[PATH_MAX + 16], token[4096], auth[4200];
    snprintf(key, sizeof key, "%s/producer.key", workdir);
    const char *mint[] = {binary, "token", "producer", "dev:tiltak", "--dev-key", key, NULL};
    CHECK_EQ_INT(run_binary(mint, token, sizeof token), 0);
    token[strcspn(token, "\n")] = '\0';
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    const char *extra[] = {"--dev", "--dev-key", key, NULL};
    struct server s;
    CHECK_EQ_INT(start_server(&s, extra), 0);
    struct reply r;
    request(&s, "POST", "/api/producer/graphql", "{\"query\":\"{ whoami }\"}", 22, auth, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(r.body, "{\"data\":{\"whoami\":\"dev:tiltak\"}}");
    request(&s, "POST", "/api/producer/graphql", "{\"query\":\"{ whoami }\"}", 22, NULL, &r);
    CHECK_EQ_INT(r.status, 401);
    token[strlen(token) - 3] ^= 1; /* break the signature */
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    request(&s, "POST", "/api/producer/graphql", "{\"query\":\"{ whoami }\"}", 22, auth, &r);
    CHECK_EQ_INT(r.status, 401);
    CHECK_EQ_INT(stop_server(&s, SIGTERM), 0);
}

static void port_in_use_exits_1(void)
{
    struct server a;
    CHECK_EQ_INT(start_server(&a, NULL), 0);
    char listen[64];
    snprintf(listen, sizeof listen, "127.0.0.1:%u", a.port);
    char err[1024];
    char db[PATH_MAX + 16];
    snprintf(db, sizeof db, "sqlite:%s/other.db", workdir);
    const char *args[] = {binary, "serve", "--listen", listen, "--db", db, NULL};
    CHECK_EQ_INT(run_binary(args, err, sizeof err), 1);
    CHECK_CONTAINS(err, "cannot listen");
    CHECK_EQ_INT(stop_server(&a, SIGINT), 0);
}

static void setup(void)
{
    find_binary();
    CHECK(mkdtemp(workdir) != NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"starts_and_answers_health", starts_and_answers_health},
    {"unknown_path_and_wrong_method", unknown_path_and_wrong_method},
    {"body_over_the_limit_is_413", body_over_the_limit_is_413},
    {"metrics_count_requests", metrics_count_requests},
    {"demo_page_with_etag", demo_page_with_etag},
    {"logs_are_json_and_mask_personal_numbers", logs_are_json_and_mask_personal_numbers},
    {"sigterm_exits_cleanly", sigterm_exits_cleanly},
    {"bad_command_lines_exit_2", bad_command_lines_exit_2},
    {"check_config_redacts_password_and_honours_env",
     check_config_redacts_password_and_honours_env},
    {"migrate_creates_the_schema", migrate_creates_the_schema},
    {"token_mints_a_development_jwt", token_mints_a_development_jwt},
    {"producer_api_knows_its_caller", producer_api_knows_its_caller},
    {"port_in_use_exits_1", port_in_use_exits_1},
};

CHECK_MAIN("blackbox/server", cases)
