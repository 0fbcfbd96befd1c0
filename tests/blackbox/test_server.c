/* Black-box tests of `budstikke serve`: the real bb_binary of this build, on a
 * free port, driven over HTTP with libcurl. Every wait is bounded. */
#include "blackbox.h"
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

static struct bb_server srv;
static int started = -1;

static void starts_and_answers_health(void)
{
    started = bb_start_server(&srv, NULL);
    CHECK_EQ_INT(started, 0);
    if (started)
        return;
    struct bb_reply r;
    bb_request(&srv, "GET", "/internal/alive", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    bb_request(&srv, "GET", "/internal/ready", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
}

static void unknown_path_and_wrong_method(void)
{
    struct bb_reply r;
    bb_request(&srv, "GET", "/nope", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 404);
    CHECK_CONTAINS(r.body, "\"errors\"");
    bb_request(&srv, "DELETE", "/internal/alive", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 405);
}

static void body_over_the_limit_is_413(void)
{
    size_t n = 2 * 1024 * 1024;
    char *big = malloc(n);
    memset(big, 'x', n);
    struct bb_reply r;
    bb_request(&srv, "POST", "/internal/alive", big, n, "Content-Type: application/json", &r);
    CHECK_EQ_INT(r.status, 413);
    CHECK_CONTAINS(r.body, "larger than 1048576 bytes");
    free(big);
}

/* The connection's memory is 16 KiB (src/http/server.c): a header of 8 KiB
 * still fits beside the request line and the read buffer. */
static void header_of_8_kib_is_served(void)
{
    size_t n = 8 * 1024;
    char *header = malloc(n + 16);
    memcpy(header, "X-Pad: ", 7);
    memset(header + 7, 'p', n - 7);
    header[n] = '\0';
    struct bb_reply r;
    bb_request(&srv, "GET", "/internal/alive", NULL, 0, header, &r);
    CHECK_EQ_INT(r.status, 200);
    free(header);
}

static void metrics_count_requests(void)
{
    struct bb_reply r;
    bb_request(&srv, "GET", "/internal/alive", NULL, 0, NULL, &r);
    bb_request(&srv, "GET", "/metrics", NULL, 0, NULL, &r);
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
    struct bb_reply r;
    bb_request(&srv, "GET", "/", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_CONTAINS(r.body, "Budstikke");
    CHECK(r.etag[0] == '"');
    char header[128];
    snprintf(header, sizeof header, "If-None-Match: %s", r.etag);
    bb_request(&srv, "GET", "/", NULL, 0, header, &r);
    CHECK_EQ_INT(r.status, 304);
}

static void logs_are_json_and_mask_personal_numbers(void)
{
    struct bb_reply r;
    bb_request(&srv, "GET", "/sak/16120101181/x", NULL, 0, NULL, &r);
    CHECK_EQ_INT(r.status, 404);
    bb_sleep_ms(200);
    char *log = bb_read_file(srv.log_path);
    CHECK(strstr(log, "16120101181") == NULL);
    CHECK_CONTAINS(log, "/sak/161201*****/x");
    for (char *line = log; *line;) {
        char *end = strchr(line, '\n');
        if (!end)
            break;
        /* AddressSanitizer's own notice when the first fiber switches (it
         * cannot be turned off; the fibers tell it about every switch) */
        if (strstr(line, "WARNING: ASan doesn't fully support makecontext/swapcontext") &&
            strstr(line, "WARNING") < end) {
            line = end + 1;
            continue;
        }
        CHECK(line[0] == '{' && end[-1] == '}');
        CHECK(strncmp(line, "{\"ts\":\"", 7) == 0);
        line = end + 1;
    }
    free(log);
}

static void sigterm_exits_cleanly(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    char *log = bb_read_file(srv.log_path);
    CHECK_CONTAINS(log, "\"msg\":\"stopped\"");
    free(log);
}

static void bad_command_lines_exit_2(void)
{
    char err[1024];
    const char *a1[] = {bb_binary, "serve", "--bogus", NULL};
    CHECK_EQ_INT(bb_run_binary(a1, err, sizeof err), 2);
    CHECK_CONTAINS(err, "unknown option '--bogus'");
    const char *a2[] = {bb_binary, "serve", "--access", "a.json", "--access-url", "http://x", NULL};
    CHECK_EQ_INT(bb_run_binary(a2, err, sizeof err), 2);
    CHECK_CONTAINS(err, "cannot both be given");
    const char *a3[] = {bb_binary, "serve", "--db", "mysql://x", NULL};
    CHECK_EQ_INT(bb_run_binary(a3, err, sizeof err), 2);
    const char *a4[] = {bb_binary, "frobnicate", NULL};
    CHECK_EQ_INT(bb_run_binary(a4, err, sizeof err), 2);
    CHECK_CONTAINS(err, "unknown command 'frobnicate'");
    const char *a6[] = {bb_binary, "token", "robot", "x", NULL};
    CHECK_EQ_INT(bb_run_binary(a6, err, sizeof err), 2);
    char reg[PATH_MAX + 16];
    snprintf(reg, sizeof reg, "%s/registry.json", bb_workdir);
    FILE *f = fopen(reg, "w");
    fputs("{\"producers\":[{\"id\":\"a\",\"merkelapper\":[],\"mottakere\":[{\"bogus\":{}}]}]}", f);
    fclose(f);
    const char *a7[] = {bb_binary, "serve", "--registry", reg, "--listen", "127.0.0.1:0", NULL};
    CHECK_EQ_INT(bb_run_binary(a7, err, sizeof err), 2);
    CHECK_CONTAINS(err, "unknown mottaker kind 'bogus'");
    const char *a5[] = {bb_binary, NULL};
    CHECK_EQ_INT(bb_run_binary(a5, err, sizeof err), 2);
}

static void check_config_redacts_password_and_honours_env(void)
{
    char err[2048];
    setenv("BUDSTIKKE_LISTEN", "127.0.0.1:9999", 1);
    const char *a[] = {bb_binary, "check-config", "--db", "sqlite:/tmp/x.db", NULL};
    CHECK_EQ_INT(bb_run_binary(a, err, sizeof err), 0);
    CHECK_CONTAINS(err, "\"listen\":\"127.0.0.1:9999\"");
    unsetenv("BUDSTIKKE_LISTEN");
    const char *b[] = {bb_binary, "check-config", "--db", "postgres://u:secret@h/db", NULL};
    bb_run_binary(b, err, sizeof err);
    CHECK(strstr(err, "secret") == NULL);
}

static void migrate_creates_the_schema(void)
{
    char err[1024], db[PATH_MAX + 16];
    snprintf(db, sizeof db, "sqlite:%s/migrated.db", bb_workdir);
    const char *a[] = {bb_binary, "migrate", "--db", db, NULL};
    CHECK_EQ_INT(bb_run_binary(a, err, sizeof err), 0);
    CHECK_CONTAINS(err, "migrated");
    CHECK_EQ_INT(bb_run_binary(a, err, sizeof err), 0); /* again: nothing left to do */
    const char *b[] = {bb_binary, "migrate", "--db", "sqlite:/nonexistent-dir/x.db", NULL};
    CHECK_EQ_INT(bb_run_binary(b, err, sizeof err), 1);
    CHECK_CONTAINS(err, "cannot open database");
}

static void token_mints_a_development_jwt(void)
{
    char err[4096], key[PATH_MAX + 16];
    snprintf(key, sizeof key, "%s/dev.key", bb_workdir);
    const char *a[] = {bb_binary, "token", "producer", "dev:tiltak", "--dev-key", key, NULL};
    CHECK_EQ_INT(bb_run_binary(a, err, sizeof err), 0);
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
    snprintf(key, sizeof key, "%s/producer.key", bb_workdir);
    const char *mint[] = {bb_binary, "token", "producer", "dev:tiltak", "--dev-key", key, NULL};
    CHECK_EQ_INT(bb_run_binary(mint, token, sizeof token), 0);
    token[strcspn(token, "\n")] = '\0';
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    const char *extra[] = {"--dev", "--dev-key", key, NULL};
    struct bb_server s;
    CHECK_EQ_INT(bb_start_server(&s, extra), 0);
    struct bb_reply r;
    bb_request(&s, "POST", "/api/producer/graphql", "{\"query\":\"{ whoami }\"}", 22, auth, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(r.body, "{\"data\":{\"whoami\":\"dev:tiltak\"}}");
    bb_request(&s, "POST", "/api/producer/graphql", "{\"query\":\"{ whoami }\"}", 22, NULL, &r);
    CHECK_EQ_INT(r.status, 401);
    token[strlen(token) - 3] ^= 1; /* break the signature */
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    bb_request(&s, "POST", "/api/producer/graphql", "{\"query\":\"{ whoami }\"}", 22, auth, &r);
    CHECK_EQ_INT(r.status, 401);
    CHECK_EQ_INT(bb_stop_server(&s, SIGTERM), 0);
}

static void port_in_use_exits_1(void)
{
    struct bb_server a;
    CHECK_EQ_INT(bb_start_server(&a, NULL), 0);
    char listen[64];
    snprintf(listen, sizeof listen, "127.0.0.1:%u", a.port);
    char err[1024];
    char db[PATH_MAX + 16];
    snprintf(db, sizeof db, "sqlite:%s/other.db", bb_workdir);
    const char *args[] = {bb_binary, "serve", "--listen", listen, "--db", db, NULL};
    CHECK_EQ_INT(bb_run_binary(args, err, sizeof err), 1);
    CHECK_CONTAINS(err, "cannot listen");
    CHECK_EQ_INT(bb_stop_server(&a, SIGINT), 0);
}

static void setup(void)
{
    bb_setup();
    CHECK(access(bb_workdir, W_OK) == 0);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"starts_and_answers_health", starts_and_answers_health},
    {"unknown_path_and_wrong_method", unknown_path_and_wrong_method},
    {"body_over_the_limit_is_413", body_over_the_limit_is_413},
    {"header_of_8_kib_is_served", header_of_8_kib_is_served},
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
