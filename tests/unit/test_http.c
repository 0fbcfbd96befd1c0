/* The HTTP layer in-process: a real server on a free loopback port, driven
 * with libcurl: GraphQL over HTTP (POST, GET, errors, context refusal) and
 * deferred answers completed from other threads under concurrency. */
#include "base/fiber.h"
#include "base/json_read.h"
#include "check.h"
#include "http/gql_request.h"
#include "http/graphql.h"
#include "http/server.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct http_server *srv;
static struct gql_schema *schema;
static struct gql_engine *engine;
static struct http_graphql_endpoint endpoint;

static int resolve_whoami(struct gql_resolve_info *info, json_t *parent, json_t *args,
                          json_t **out)
{
    (void)parent;
    (void)args;
    *out = json_string(info->ctx);
    return 0;
}

static int resolve_bump(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    (void)info;
    (void)parent;
    *out = json_integer(json_integer_value(json_object_get(args, "by")) + 1);
    return 0;
}

static void *context_from_header(struct http_request *r, void *ud, int *out_status,
                                 const char **out_message)
{
    (void)ud;
    const char *auth = http_header(r, "Authorization");
    if (!auth || strncmp(auth, "Bearer ", 7) != 0) {
        *out_status = 401;
        *out_message = "Missing bearer token.";
        return NULL;
    }
    return strdup(auth + 7);
}

/* ---- Deferred route: answered by a new thread after a short delay ---- */

struct deferred_job {
    struct http_request *req;
    int n;
};

static void *complete_later(void *arg)
{
    struct deferred_job *job = arg;
    struct timespec ts = {0, 30 * 1000000L};
    nanosleep(&ts, NULL);
    char *body = NULL;
    int len = asprintf(&body, "{\"answer\":%d}", job->n);
    http_request_complete(job->req, 200, "application/json", body, (size_t)len);
    free(job);
    return NULL;
}

static enum http_handled handle_deferred(struct http_request *r, void *ud)
{
    (void)ud;
    const char *n = http_query_arg(r, "n");
    struct deferred_job *job = malloc(sizeof(*job));
    job->req = r;
    job->n = n ? atoi(n) : -1;
    pthread_t t;
    pthread_create(&t, NULL, complete_later, job);
    pthread_detach(t);
    return HTTP_DEFERRED;
}

/* ---- Upload routes with their own body limit ---- */

#define UPLOAD_LIMIT 10000

static enum http_handled handle_upload(struct http_request *r, void *ud)
{
    (void)ud;
    char body[64];
    size_t len;
    http_body(r, &len);
    int n = http_body_too_big(r)
                ? snprintf(body, sizeof body, "{\"own\":\"too big\",\"limit\":%zu}", http_body_limit(r))
                : snprintf(body, sizeof body, "{\"len\":%zu}", len);
    http_respond(r, http_body_too_big(r) ? 413 : 200, "application/json", body, (size_t)n);
    return HTTP_ANSWERED;
}

static void start(void)
{
    static const struct gql_binding bindings[] = {{"Query", "whoami", resolve_whoami},
                                                  {"Mutation", "bump", resolve_bump}};
    struct gql_schema_config cfg = {
        .sdl = "type Query { whoami: String! } type Mutation { bump(by: Int!): Int! }",
        .resolvers = bindings,
        .nresolvers = 2};
    char *err = NULL;
    schema = gql_schema_build(&cfg, &err);
    CHECK(schema != NULL);
    engine = gql_engine_new(schema, NULL);
    endpoint = (struct http_graphql_endpoint){.engine = engine,
                                              .context = context_from_header,
                                              .release = free,
                                              .metric_label = "test"};
    struct http_limits limits = HTTP_DEFAULT_LIMITS;
    limits.max_body = 4096;
    srv = http_server_new("127.0.0.1", 0, &limits, &err);
    CHECK(srv != NULL);
    http_graphql_route(srv, "/graphql", &endpoint);
    http_route_add(srv, "GET", "/deferred", handle_deferred, NULL);
    struct http_route_options own = {.max_body = UPLOAD_LIMIT, .answers_too_big = true};
    http_route_add_with(srv, "POST", "/upload", handle_upload, NULL, &own);
    struct http_route_options plain = {.max_body = UPLOAD_LIMIT};
    http_route_add_with(srv, "POST", "/upload-plain", handle_upload, NULL, &plain);
    CHECK_EQ_INT(http_server_start(srv, &err), 0);
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct reply {
    long status;
    char body[8192];
    size_t len;
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct reply *r = ud;
    size_t len = size * n, room = sizeof r->body - 1 - r->len;
    size_t take = len < room ? len : room;
    memcpy(r->body + r->len, p, take);
    r->len += take;
    r->body[r->len] = '\0';
    return len;
}

static void call_at(unsigned port, const char *method, const char *path, const char *body,
                    const char *ctype, const char *auth, struct reply *r)
{
    memset(r, 0, sizeof(*r));
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", port, path);
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    if (ctype)
        h = curl_slist_append(h, ctype);
    if (auth)
        h = curl_slist_append(h, auth);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    if (h)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static void call(const char *method, const char *path, const char *body, const char *ctype,
                 const char *auth, struct reply *r)
{
    call_at(http_server_port(srv), method, path, body, ctype, auth, r);
}

#define JSON_CT "Content-Type: application/json"
#define AUTH "Authorization: Bearer dev:tiltak"

static void graphql_post_executes_with_context(void)
{
    struct reply r;
    call("POST", "/graphql", "{\"query\":\"{ whoami }\"}", JSON_CT, AUTH, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(r.body, "{\"data\":{\"whoami\":\"dev:tiltak\"}}");
    call("POST", "/graphql",
         "{\"query\":\"mutation M($b: Int!) { bump(by: $b) }\",\"variables\":{\"b\":41},"
         "\"operationName\":\"M\"}",
         JSON_CT, AUTH, &r);
    CHECK_EQ_STR(r.body, "{\"data\":{\"bump\":42}}");
}

static void graphql_get_runs_queries_and_refuses_mutations(void)
{
    struct reply r;
    call("GET", "/graphql?query=%7B%20whoami%20%7D", NULL, NULL, AUTH, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(r.body, "{\"data\":{\"whoami\":\"dev:tiltak\"}}");
    call("GET", "/graphql?query=mutation%20%7B%20bump(by%3A%201)%20%7D", NULL, NULL, AUTH, &r);
    CHECK_CONTAINS(r.body, "Mutations can only be sent with POST.");
    CHECK(strstr(r.body, "\"data\"") == NULL);
}

static void graphql_bad_requests_get_precise_errors(void)
{
    struct {
        const char *body;
        const char *ctype;
        long status;
        const char *message;
    } cases[] = {
        {"{\"query\":", JSON_CT, 400, "not valid JSON"},
        {"[1]", JSON_CT, 400, "must be a JSON object"},
        {"{}", JSON_CT, 400, "must contain \\\"query\\\""},
        {"{\"query\":1}", JSON_CT, 400, "\\\"query\\\" must be a string"},
        {"{\"query\":\"{ whoami }\",\"variables\":[]}", JSON_CT, 400, "\\\"variables\\\" must be"},
        {"{\"query\":\"{ whoami }\",\"operationName\":5}", JSON_CT, 400, "\\\"operationName\\\""},
        {"{\"query\":\"{ a }\",\"query\":\"{ b }\"}", JSON_CT, 400, "not valid JSON"},
        {"{\"query\":\"{ whoami }\"}", "Content-Type: text/plain", 415, "application/json"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct reply r;
        call("POST", "/graphql", cases[i].body, cases[i].ctype, AUTH, &r);
        CHECK_EQ_INT(r.status, cases[i].status);
        CHECK_CONTAINS(r.body, cases[i].message);
    }
}

/* The handler runs on a fiber's stack: the deepest body the decoder takes
 * must fit on it, and one level more is a clear 400. */
static void nested_variables_at_the_limit_fit_on_the_handlers_stack(void)
{
    enum { DEPTH = NT_JSON_MAX_DEPTH - 2 }; /* the body and "variables" are two levels */
    char body[4096];
    int n = snprintf(body, sizeof body, "{\"query\":\"{ whoami }\",\"variables\":{\"a\":");
    for (int i = 0; i < DEPTH; i++)
        body[n++] = '[';
    for (int i = 0; i < DEPTH; i++)
        body[n++] = ']';
    snprintf(body + n, sizeof body - (size_t)n, "}}");
    struct reply r;
    call("POST", "/graphql", body, JSON_CT, AUTH, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_CONTAINS(r.body, "\"whoami\":\"dev:tiltak\"");
    n = snprintf(body, sizeof body, "{\"query\":\"{ whoami }\",\"variables\":{\"a\":[");
    for (int i = 0; i < DEPTH; i++)
        body[n++] = '[';
    for (int i = 0; i <= DEPTH; i++)
        body[n++] = ']';
    snprintf(body + n, sizeof body - (size_t)n, "}}");
    call("POST", "/graphql", body, JSON_CT, AUTH, &r);
    CHECK_EQ_INT(r.status, 400);
    CHECK_CONTAINS(r.body, "not valid JSON");
}

static void graphql_without_token_is_401(void)
{
    struct reply r;
    call("POST", "/graphql", "{\"query\":\"{ whoami }\"}", JSON_CT, NULL, &r);
    CHECK_EQ_INT(r.status, 401);
    CHECK_CONTAINS(r.body, "Missing bearer token.");
}

static void body_limit_is_enforced(void)
{
    char *big = malloc(8000);
    memset(big, ' ', 7999);
    big[7999] = '\0';
    memcpy(big, "{\"query\":\"", 10);
    struct reply r;
    call("POST", "/graphql", big, JSON_CT, AUTH, &r);
    CHECK_EQ_INT(r.status, 413);
    free(big);
}

struct chunked_source {
    size_t left;
};

static size_t read_chunk(char *buf, size_t size, size_t n, void *ud)
{
    struct chunked_source *src = ud;
    size_t take = size * n < src->left ? size * n : src->left;
    if (take > 1000)
        take = 1000;
    memset(buf, 'x', take);
    src->left -= take;
    return take;
}

/* POSTs len bytes without a Content-Length (chunked transfer encoding). */
static void call_chunked(const char *path, size_t len, struct reply *r)
{
    memset(r, 0, sizeof(*r));
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", http_server_port(srv), path);
    struct chunked_source src = {len};
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Transfer-Encoding: chunked");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_chunk);
    curl_easy_setopt(c, CURLOPT_READDATA, &src);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static char *filled(size_t n)
{
    char *s = malloc(n + 1);
    memset(s, 'y', n);
    s[n] = '\0';
    return s;
}

static void route_body_limit_applies_to_its_route_only(void)
{
    struct reply r;
    char *at = filled(UPLOAD_LIMIT), *over = filled(UPLOAD_LIMIT + 1), *mid = filled(5000);
    call("POST", "/upload", at, "Content-Type: application/pdf", NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(r.body, "{\"len\":10000}");
    call("POST", "/upload", over, "Content-Type: application/pdf", NULL, &r);
    CHECK_EQ_INT(r.status, 413);
    CHECK_EQ_STR(r.body, "{\"own\":\"too big\",\"limit\":10000}");
    /* without answers_too_big the server answers */
    call("POST", "/upload-plain", over, "Content-Type: application/pdf", NULL, &r);
    CHECK_EQ_INT(r.status, 413);
    CHECK_CONTAINS(r.body, "Request body is larger than 10000 bytes.");
    call("POST", "/upload-plain", mid, "Content-Type: application/pdf", NULL, &r);
    CHECK_EQ_STR(r.body, "{\"len\":5000}");
    /* the server's own limit (4096) still holds elsewhere */
    memcpy(mid, "{\"query\":\"", 10);
    call("POST", "/graphql", mid, JSON_CT, AUTH, &r);
    CHECK_EQ_INT(r.status, 413);
    CHECK_CONTAINS(r.body, "Request body is larger than 4096 bytes.");
    free(at);
    free(over);
    free(mid);
}

static void chunked_bodies_are_counted_as_they_arrive(void)
{
    struct reply r;
    call_chunked("/upload", UPLOAD_LIMIT, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(r.body, "{\"len\":10000}");
    call_chunked("/upload", UPLOAD_LIMIT + 1, &r);
    CHECK_EQ_INT(r.status, 413);
    CHECK_CONTAINS(r.body, "\"own\"");
    /* the connection pool still works after a refused body */
    call_chunked("/upload", 10, &r);
    CHECK_EQ_STR(r.body, "{\"len\":10}");
}

struct client {
    int n;
    struct reply reply;
};

static void *deferred_client(void *arg)
{
    struct client *c = arg;
    char path[64];
    snprintf(path, sizeof path, "/deferred?n=%d", c->n);
    call("GET", path, NULL, NULL, NULL, &c->reply);
    return NULL;
}

static void deferred_answers_complete_under_concurrency(void)
{
    enum { N = 32 };
    struct client clients[N];
    pthread_t threads[N];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < N; i++) {
        clients[i].n = i;
        pthread_create(&threads[i], NULL, deferred_client, &clients[i]);
    }
    for (int i = 0; i < N; i++)
        pthread_join(threads[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    for (int i = 0; i < N; i++) {
        char want[32];
        snprintf(want, sizeof want, "{\"answer\":%d}", i);
        CHECK_EQ_INT(clients[i].reply.status, 200);
        CHECK_EQ_STR(clients[i].reply.body, want);
    }
    /* 32 answers of 30 ms each on a pool of a few threads: they must have
     * waited in parallel, not one after another (that would take ~1 s). */
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(secs < 0.6);
}

/* ---- A handler that waits, on a server with one thread ---- */

static struct fiber *_Atomic parked;
static atomic_int parks_finished;

static enum http_handled handle_park(struct http_request *r, void *ud)
{
    (void)ud;
    atomic_store(&parked, fiber_current());
    fiber_wait(); /* as store_write does while its commit is pending */
    http_respond(r, 200, "text/plain", "released", 8);
    atomic_fetch_add(&parks_finished, 1);
    return HTTP_ANSWERED;
}

static enum http_handled handle_release(struct http_request *r, void *ud)
{
    (void)ud;
    struct fiber *f = atomic_exchange(&parked, NULL);
    if (f)
        fiber_wake(f);
    http_respond(r, f ? 200 : 409, "text/plain", f ? "woke" : "none", 4);
    return HTTP_ANSWERED;
}

struct park_client {
    unsigned port;
    struct reply reply;
};

/* A server with one HTTP thread and the /park and /release routes. */
static struct http_server *start_one_thread_server(void)
{
    struct http_limits limits = HTTP_DEFAULT_LIMITS;
    limits.threads = 1;
    char *err = NULL;
    struct http_server *one = http_server_new("127.0.0.1", 0, &limits, &err);
    CHECK(one != NULL);
    http_route_add(one, "GET", "/park", handle_park, NULL);
    http_route_add(one, "GET", "/release", handle_release, NULL);
    CHECK_EQ_INT(http_server_start(one, &err), 0);
    return one;
}

/* Waits until a /park handler has paused. */
static void wait_parked(void)
{
    for (int i = 0; i < 500 && !atomic_load(&parked); i++)
        usleep(10 * 1000);
    CHECK(atomic_load(&parked) != NULL);
}

static void *park(void *arg)
{
    struct park_client *c = arg;
    call_at(c->port, "GET", "/park", NULL, NULL, NULL, &c->reply);
    return NULL;
}

static void a_waiting_handler_does_not_hold_the_only_thread(void)
{
    struct http_server *one = start_one_thread_server();
    struct park_client c = {.port = http_server_port(one)};
    pthread_t t;
    pthread_create(&t, NULL, park, &c);
    wait_parked();
    /* the only thread must serve this while /park waits */
    struct reply rel;
    call_at(c.port, "GET", "/release", NULL, NULL, NULL, &rel);
    CHECK_EQ_INT(rel.status, 200);
    CHECK_EQ_STR(rel.body, "woke");
    pthread_join(t, NULL);
    CHECK_EQ_INT(c.reply.status, 200);
    CHECK_EQ_STR(c.reply.body, "released");
    http_server_stop(one, 5);
}

static void *park_and_give_up(void *arg)
{
    struct park_client *c = arg;
    CURL *h = curl_easy_init();
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/park", c->port);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 300L); /* goes away while the handler waits */
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &c->reply);
    curl_easy_perform(h);
    curl_easy_cleanup(h);
    return NULL;
}

static void a_handler_whose_client_went_away_still_runs_to_its_end(void)
{
    struct http_server *one = start_one_thread_server();
    atomic_store(&parked, NULL);
    int finished_before = atomic_load(&parks_finished);
    struct park_client c = {.port = http_server_port(one)};
    pthread_t t;
    pthread_create(&t, NULL, park_and_give_up, &c);
    pthread_join(t, NULL); /* the client has given up */
    CHECK(atomic_load(&parked) != NULL);
    CHECK_EQ_INT(atomic_load(&parks_finished), finished_before);
    struct reply rel;
    call_at(c.port, "GET", "/release", NULL, NULL, NULL, &rel);
    CHECK_EQ_INT(rel.status, 200);
    for (int i = 0; i < 500 && atomic_load(&parks_finished) == finished_before; i++)
        usleep(10 * 1000);
    CHECK_EQ_INT(atomic_load(&parks_finished), finished_before + 1);
    http_server_stop(one, 5);
}

static void a_stopping_server_answers_handlers_still_waiting(void)
{
    struct http_server *one = start_one_thread_server();
    atomic_store(&parked, NULL);
    struct park_client c = {.port = http_server_port(one)};
    pthread_t t;
    pthread_create(&t, NULL, park, &c);
    wait_parked();
    /* nothing will wake it: the stop must neither hang nor crash */
    http_server_stop(one, 0);
    pthread_join(t, NULL);
    CHECK_EQ_INT(c.reply.status, 503);
    CHECK_CONTAINS(c.reply.body, "The server is stopping.");
    /* parked keeps the abandoned fiber (and its request) reachable */
}

static void stop(void)
{
    http_server_stop(srv, 5);
    gql_engine_free(engine);
    gql_schema_free(schema);
    curl_global_cleanup();
}

static const struct check_case cases[] = {
    {"start", start},
    {"graphql_post_executes_with_context", graphql_post_executes_with_context},
    {"graphql_get_runs_queries_and_refuses_mutations",
     graphql_get_runs_queries_and_refuses_mutations},
    {"graphql_bad_requests_get_precise_errors", graphql_bad_requests_get_precise_errors},
    {"nested_variables_at_the_limit_fit_on_the_handlers_stack",
     nested_variables_at_the_limit_fit_on_the_handlers_stack},
    {"graphql_without_token_is_401", graphql_without_token_is_401},
    {"body_limit_is_enforced", body_limit_is_enforced},
    {"route_body_limit_applies_to_its_route_only", route_body_limit_applies_to_its_route_only},
    {"chunked_bodies_are_counted_as_they_arrive", chunked_bodies_are_counted_as_they_arrive},
    {"deferred_answers_complete_under_concurrency", deferred_answers_complete_under_concurrency},
    {"a_waiting_handler_does_not_hold_the_only_thread",
     a_waiting_handler_does_not_hold_the_only_thread},
    {"a_handler_whose_client_went_away_still_runs_to_its_end",
     a_handler_whose_client_went_away_still_runs_to_its_end},
    {"a_stopping_server_answers_handlers_still_waiting",
     a_stopping_server_answers_handlers_still_waiting},
    {"stop", stop},
};

CHECK_MAIN("http", cases)
