#include "http/server.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "base/fiber.h"
#include "obs/log.h"
#include "obs/metrics.h"

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct route {
    char *method; /* NULL = any */
    char *path;
    size_t prefix_len; /* > 0: prefix route */
    http_handler_fn *fn;
    void *userdata;
    struct http_route_options options;
};

struct http_stream {
    pthread_mutex_t mu;
    struct http_server *srv;
    struct MHD_Connection *conn;
    struct nt_buf pending;
    size_t sent;          /* of pending */
    bool suspended, ended, closed;
    int refs;
    http_stream_closed_fn *on_closed;
    void *userdata;
    struct http_stream *next; /* the server's open streams */
};

struct http_server {
    struct MHD_Daemon *daemon;
    struct http_stream *streams; /* guarded by mu */
    int listen_fd;
    unsigned port;
    struct http_limits limits;
    struct route *routes;
    size_t nroutes;
    http_ready_fn *ready;
    void *ready_userdata;
    pthread_mutex_t mu;
    pthread_cond_t idle;
    unsigned inflight;
    struct http_request *requests; /* in flight, guarded by mu */
};

struct header {
    char *name;
    char *value;
};

struct http_request {
    struct http_server *srv;
    struct MHD_Connection *conn;
    const char *method;
    char *path;
    struct nt_buf body;
    bool too_big;
    const struct route *route; /* NULL: no route for this method and path */
    bool path_known;           /* some route has this path (405 rather than 404) */
    size_t max_body;
    const char *route_label;
    struct timespec start;
    pthread_mutex_t mu;
    bool deferred;
    bool has_response;
    bool queued;
    int status;
    char *content_type;
    char *resp_body;
    size_t resp_len;
    struct header *headers;
    size_t nheaders;
    struct http_stream *stream; /* a streamed answer */
    struct fiber *fiber;        /* the handler's, while it runs or waits */
    enum http_handled handled;  /* what the handler returned */
    bool paused;                /* suspended until the fiber's wake */
    bool woken;                 /* a wake came while the fiber ran */
    bool abandoned;             /* the server stops: answered without its fiber */
    bool orphaned;              /* its connection ended while the handler waited */
    pthread_cond_t woken_cv;    /* signalled on a wake of an orphaned handler */
    struct http_request *prev, *next; /* the server's requests in flight */
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- Listening socket ---- */

static int open_listener(const char *host, unsigned port, char **out_err)
{
    char service[16];
    snprintf(service, sizeof service, "%u", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) {
        if (asprintf(out_err, "cannot resolve %s: %s", host, gai_strerror(rc)) < 0)
            *out_err = NULL;
        return -1;
    }
    int fd = -1, err = 0;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
            err = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0 && asprintf(out_err, "cannot listen on %s:%u: %s", host, port, strerror(err)) < 0)
        *out_err = NULL;
    return fd;
}

static unsigned bound_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return 0;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

struct http_server *http_server_new(const char *host, unsigned port,
                                    const struct http_limits *limits, char **out_err)
{
    static const struct http_limits defaults = HTTP_DEFAULT_LIMITS;
    int fd = open_listener(host, port, out_err);
    if (fd < 0)
        return NULL;
    struct http_server *s = nt_calloc(1, sizeof(*s));
    s->listen_fd = fd;
    s->port = bound_port(fd);
    s->limits = limits ? *limits : defaults;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->idle, NULL);
    return s;
}

void http_route_add(struct http_server *s, const char *method, const char *path,
                    http_handler_fn *handler, void *userdata)
{
    http_route_add_with(s, method, path, handler, userdata, NULL);
}

void http_route_add_with(struct http_server *s, const char *method, const char *path,
                         http_handler_fn *handler, void *userdata,
                         const struct http_route_options *options)
{
    s->routes = nt_realloc(s->routes, (s->nroutes + 1) * sizeof(*s->routes));
    struct route *r = &s->routes[s->nroutes++];
    size_t n = strlen(path);
    r->method = method ? nt_strdup(method) : NULL;
    r->path = nt_strdup(path);
    r->prefix_len = (n && path[n - 1] == '*') ? n - 1 : 0;
    r->fn = handler;
    r->userdata = userdata;
    r->options = options ? *options : (struct http_route_options){0};
}

void http_server_set_ready_check(struct http_server *s, http_ready_fn *fn, void *userdata)
{
    s->ready = fn;
    s->ready_userdata = userdata;
}

unsigned http_server_port(const struct http_server *s)
{
    return s->port;
}

/* ---- Responses ---- */

const char *http_method(const struct http_request *r)
{
    return r->method;
}

const char *http_path(const struct http_request *r)
{
    return r->path;
}

const char *http_header(const struct http_request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_query_arg(const struct http_request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_body(const struct http_request *r, size_t *out_len)
{
    if (out_len)
        *out_len = r->body.len;
    return nt_buf_str(&r->body);
}

bool http_body_too_big(const struct http_request *r)
{
    return r->too_big;
}

size_t http_body_limit(const struct http_request *r)
{
    return r->max_body;
}

void http_response_header(struct http_request *r, const char *name, const char *value)
{
    r->headers = nt_realloc(r->headers, (r->nheaders + 1) * sizeof(*r->headers));
    r->headers[r->nheaders].name = nt_strdup(name);
    r->headers[r->nheaders].value = nt_strdup(value);
    r->nheaders++;
}

static void set_response(struct http_request *r, int status, const char *content_type, char *body,
                         size_t len)
{
    r->status = status;
    r->content_type = nt_strdup(content_type ? content_type : "text/plain");
    r->resp_body = body;
    r->resp_len = len;
    r->has_response = true;
}

void http_respond(struct http_request *r, int status, const char *content_type, const char *body,
                  size_t len)
{
    set_response(r, status, content_type, nt_strndup(body ? body : "", len), len);
}

void http_respond_error(struct http_request *r, int status, const char *message)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    nt_buf_puts(&b, "{\"errors\":[{\"message\":");
    nt_buf_json_str(&b, message, strlen(message));
    nt_buf_puts(&b, "}]}");
    size_t len;
    char *body = nt_buf_steal(&b, &len);
    set_response(r, status, "application/json", body, len);
}

void http_request_complete(struct http_request *r, int status, const char *content_type,
                           char *body, size_t len)
{
    pthread_mutex_lock(&r->mu);
    set_response(r, status, content_type, body, len);
    bool resume = r->deferred;
    pthread_mutex_unlock(&r->mu);
    if (resume)
        MHD_resume_connection(r->conn);
}

static struct MHD_Response *stream_response(struct http_request *r);

static enum MHD_Result queue_response(struct http_request *r)
{
    r->queued = true;
    struct MHD_Response *resp = r->stream ? stream_response(r)
                                          : MHD_create_response_from_buffer(
                                                r->resp_len, r->resp_body, MHD_RESPMEM_MUST_FREE);
    r->resp_body = NULL;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    for (size_t i = 0; i < r->nheaders; i++)
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
    enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* ---- Streams ---- */

static void stream_unref(struct http_stream *st)
{
    pthread_mutex_lock(&st->mu);
    bool last = --st->refs == 0;
    pthread_mutex_unlock(&st->mu);
    if (!last)
        return;
    nt_buf_free(&st->pending);
    pthread_mutex_destroy(&st->mu);
    free(st);
}

/* MHD asks for the next bytes: what is queued, the end, or (nothing yet)
 * a suspended connection that http_stream_write will resume. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct http_stream *st = cls;
    pthread_mutex_lock(&st->mu);
    size_t avail = st->pending.len - st->sent;
    if (avail) {
        size_t n = avail < max ? avail : max;
        memcpy(buf, st->pending.data + st->sent, n);
        st->sent += n;
        if (st->sent == st->pending.len) {
            nt_buf_reset(&st->pending);
            st->sent = 0;
        }
        pthread_mutex_unlock(&st->mu);
        return (ssize_t)n;
    }
    if (st->ended) {
        pthread_mutex_unlock(&st->mu);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    st->suspended = true;
    MHD_suspend_connection(st->conn);
    pthread_mutex_unlock(&st->mu);
    return 0;
}

static void remove_stream(struct http_server *srv, struct http_stream *st)
{
    pthread_mutex_lock(&srv->mu);
    for (struct http_stream **p = &srv->streams; *p; p = &(*p)->next)
        if (*p == st) {
            *p = st->next;
            break;
        }
    pthread_mutex_unlock(&srv->mu);
}

/* The response is done with (sent, or the connection died). */
static void stream_finished(void *cls)
{
    struct http_stream *st = cls;
    pthread_mutex_lock(&st->mu);
    st->closed = true;
    st->conn = NULL;
    pthread_mutex_unlock(&st->mu);
    remove_stream(st->srv, st);
    if (st->on_closed)
        st->on_closed(st->userdata);
    stream_unref(st);
}

static struct MHD_Response *stream_response(struct http_request *r)
{
    struct http_stream *st = r->stream;
    r->stream = NULL;
    return MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, stream_read, st,
                                             stream_finished);
}

struct http_stream *http_respond_stream(struct http_request *r, int status,
                                        const char *content_type, http_stream_closed_fn *closed,
                                        void *userdata)
{
    struct http_stream *st = nt_calloc(1, sizeof(*st));
    pthread_mutex_init(&st->mu, NULL);
    nt_buf_init(&st->pending, 0);
    st->srv = r->srv;
    st->conn = r->conn;
    st->refs = 2; /* the caller's and the response's */
    st->on_closed = closed;
    st->userdata = userdata;
    r->stream = st;
    set_response(r, status, content_type, NULL, 0);
    pthread_mutex_lock(&r->srv->mu);
    st->next = r->srv->streams;
    r->srv->streams = st;
    pthread_mutex_unlock(&r->srv->mu);
    return st;
}

/* Wakes a sleeping connection; called after mu is released (the
 * connection stays valid while suspended). */
static void wake(struct MHD_Connection *conn)
{
    if (conn)
        MHD_resume_connection(conn);
}

bool http_stream_write(struct http_stream *st, const char *data, size_t len)
{
    pthread_mutex_lock(&st->mu);
    bool open = !st->closed && !st->ended;
    if (open && st->pending.len - st->sent + len > HTTP_STREAM_MAX_PENDING) {
        st->ended = true; /* a client that does not read is let go */
        open = false;
    } else if (open) {
        nt_buf_append(&st->pending, data, len);
    }
    struct MHD_Connection *resume = st->suspended ? st->conn : NULL;
    st->suspended = false;
    pthread_mutex_unlock(&st->mu);
    wake(resume);
    return open;
}

void http_stream_end(struct http_stream *st)
{
    pthread_mutex_lock(&st->mu);
    st->ended = true;
    struct MHD_Connection *resume = st->suspended ? st->conn : NULL;
    st->suspended = false;
    pthread_mutex_unlock(&st->mu);
    wake(resume);
}

void http_stream_release(struct http_stream *st)
{
    if (st)
        stream_unref(st);
}

/* Ends every open stream, so that none keeps the server from stopping. */
static void end_streams(struct http_server *s)
{
    for (;;) {
        pthread_mutex_lock(&s->mu);
        struct http_stream *st = s->streams;
        while (st) {
            pthread_mutex_lock(&st->mu);
            bool pending_end = !st->ended;
            pthread_mutex_unlock(&st->mu);
            if (pending_end)
                break;
            st = st->next;
        }
        if (st) {
            pthread_mutex_lock(&st->mu);
            st->refs++;
            pthread_mutex_unlock(&st->mu);
        }
        pthread_mutex_unlock(&s->mu);
        if (!st)
            return;
        http_stream_end(st);
        stream_unref(st);
    }
}

/* ---- Dispatch ---- */

static const struct route *find_route(const struct http_server *s, const char *method,
                                      const char *path, bool *out_path_known)
{
    *out_path_known = false;
    for (size_t i = 0; i < s->nroutes; i++) {
        const struct route *rt = &s->routes[i];
        bool match = rt->prefix_len ? strncmp(path, rt->path, rt->prefix_len) == 0
                                    : strcmp(path, rt->path) == 0;
        if (!match)
            continue;
        *out_path_known = true;
        if (!rt->method || strcmp(rt->method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
            return rt;
    }
    return NULL;
}

static enum http_handled dispatch(struct http_request *r)
{
    const struct route *rt = r->route;
    if (r->too_big && !(rt && rt->options.answers_too_big)) {
        char msg[96];
        snprintf(msg, sizeof msg, "Request body is larger than %zu bytes.", r->max_body);
        http_respond_error(r, 413, msg);
        return HTTP_ANSWERED;
    }
    if (!rt) {
        r->route_label = r->path_known ? "method_not_allowed" : "not_found";
        http_respond_error(r, r->path_known ? 405 : 404,
                           r->path_known ? "Method not allowed." : "Not found.");
        return HTTP_ANSWERED;
    }
    return rt->fn(r, rt->userdata);
}

/* The route is known once the headers are: its body limit applies from the
 * first byte, and a declared length over it is refused unread. */
static struct http_request *new_request(struct http_server *s, struct MHD_Connection *conn,
                                        const char *url, const char *method)
{
    struct http_request *r = nt_calloc(1, sizeof(*r));
    r->srv = s;
    r->conn = conn;
    r->method = method;
    r->path = nt_strdup(url);
    r->route = find_route(s, method, url, &r->path_known);
    if (r->route)
        r->route_label = r->route->path;
    r->max_body = r->route && r->route->options.max_body ? r->route->options.max_body
                                                          : s->limits.max_body;
    nt_buf_init(&r->body, r->max_body);
    const char *declared = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                       MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (declared) {
        char *end;
        unsigned long long n = strtoull(declared, &end, 10);
        r->too_big = *end == '\0' && n > r->max_body;
    }
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->woken_cv, NULL);
    clock_gettime(CLOCK_MONOTONIC, &r->start);
    return r;
}

static void run_handler(void *arg)
{
    struct http_request *r = arg;
    r->handled = dispatch(r);
}

/* The fiber's waker, on any thread (e.g. the store's writer after a commit). */
static void wake_request(void *arg)
{
    struct http_request *r = arg;
    pthread_mutex_lock(&r->mu);
    r->woken = true;
    if (r->orphaned)
        pthread_cond_signal(&r->woken_cv);
    struct MHD_Connection *resume = r->paused ? r->conn : NULL;
    r->paused = false;
    pthread_mutex_unlock(&r->mu);
    if (resume)
        MHD_resume_connection(resume);
}

/* Runs the handler in its fiber, or continues it. True when the handler
 * has returned; false when it waits, with the connection suspended until
 * the fiber's wake resumes it (and MHD calls on_request again). */
static bool run_fiber(struct http_request *r, struct MHD_Connection *conn)
{
    if (!r->fiber)
        r->fiber = fiber_new(run_handler, r, wake_request, r);
    for (;;) {
        pthread_mutex_lock(&r->mu);
        r->woken = false;
        pthread_mutex_unlock(&r->mu);
        if (fiber_resume(r->fiber)) {
            fiber_free(r->fiber);
            r->fiber = NULL;
            return true;
        }
        pthread_mutex_lock(&r->mu);
        bool again = r->woken; /* woken while it was still running */
        if (!again) {
            r->paused = true;
            MHD_suspend_connection(conn);
        }
        pthread_mutex_unlock(&r->mu);
        if (!again)
            return false;
    }
}

/* Runs the handler and queues its answer, or suspends the connection until
 * its fiber is woken or a deferred answer arrives. */
static enum MHD_Result answer(struct http_request *r, struct MHD_Connection *conn)
{
    if (!run_fiber(r, conn))
        return MHD_YES;
    if (r->handled == HTTP_DEFERRED) {
        pthread_mutex_lock(&r->mu);
        if (!r->has_response) {
            r->deferred = true;
            MHD_suspend_connection(conn);
            pthread_mutex_unlock(&r->mu);
            return MHD_YES;
        }
        pthread_mutex_unlock(&r->mu);
    }
    if (!r->has_response)
        http_respond_error(r, 500, "The handler gave no answer.");
    return queue_response(r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    struct http_server *s = cls;
    struct http_request *r = *con_cls;
    if (!r) {
        r = new_request(s, conn, url, method);
        *con_cls = r;
        pthread_mutex_lock(&s->mu);
        s->inflight++;
        r->next = s->requests;
        if (s->requests)
            s->requests->prev = r;
        s->requests = r;
        pthread_mutex_unlock(&s->mu);
        /* over the limit by its own declaration: answer without reading it */
        return r->too_big ? answer(r, conn) : MHD_YES;
    }
    if (r->fiber && r->abandoned)
        return r->queued ? MHD_YES : queue_response(r);
    if (r->fiber) /* resumed after its wake */
        return r->paused ? MHD_YES : answer(r, conn);
    if (r->queued) { /* answered early: the rest of the body is dropped */
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->deferred)
        return r->has_response ? queue_response(r) : MHD_YES;
    if (*upload_size) {
        nt_buf_append(&r->body, upload_data, *upload_size);
        r->too_big = r->too_big || r->body.too_big;
        *upload_size = 0;
        return MHD_YES;
    }
    return answer(r, conn);
}

/* The client went away while the handler waited (the wake resumed the
 * connection, and libmicrohttpd found it closed): the handler still runs to
 * its end, here, so that its work and memory are not left half done. A
 * second wait in it blocks this thread: a rare path. */
static void finish_orphan(struct http_request *r)
{
    pthread_mutex_lock(&r->mu);
    r->orphaned = true;
    r->paused = false;
    pthread_mutex_unlock(&r->mu);
    while (!fiber_resume(r->fiber)) {
        pthread_mutex_lock(&r->mu);
        while (!r->woken)
            pthread_cond_wait(&r->woken_cv, &r->mu);
        r->woken = false;
        pthread_mutex_unlock(&r->mu);
    }
    fiber_free(r->fiber);
    r->fiber = NULL;
}

/* Takes r off the server's requests in flight (r itself is not freed). */
static void request_done(struct http_server *s, struct http_request *r)
{
    pthread_mutex_lock(&s->mu);
    if (r->prev)
        r->prev->next = r->next;
    else
        s->requests = r->next;
    if (r->next)
        r->next->prev = r->prev;
    if (--s->inflight == 0)
        pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->mu);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    struct http_server *s = cls;
    struct http_request *r = *con_cls;
    if (!r)
        return;
    double secs = seconds_since(&r->start);
    char labels[256], status[16], duration[32];
    const char *route = r->route_label ? r->route_label : "none";
    snprintf(status, sizeof status, "%d", r->has_response ? r->status : 0);
    snprintf(duration, sizeof duration, "%.3f", secs * 1000);
    snprintf(labels, sizeof labels, "route=\"%s\",status=\"%s\"", route, status);
    obs_counter_add("budstikke_http_requests_total", labels, 1);
    snprintf(labels, sizeof labels, "route=\"%s\"", route);
    obs_histogram_observe("budstikke_http_request_duration_seconds", labels, secs);
    OBS_LOG(OBS_INFO, "request", "method", r->method, "path", r->path, "status", status,
            "duration_ms", duration, "completed",
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "true" : "false");
    if (r->fiber && r->abandoned) { /* the server stops: its wake may still come, r is left to it */
        *con_cls = NULL;
        request_done(s, r);
        return;
    }
    if (r->fiber)
        finish_orphan(r);
    if (r->stream) /* never handed to MHD */
        stream_finished(r->stream);
    free(r->path);
    free(r->content_type);
    free(r->resp_body);
    for (size_t i = 0; i < r->nheaders; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    free(r->headers);
    nt_buf_free(&r->body);
    pthread_cond_destroy(&r->woken_cv);
    pthread_mutex_destroy(&r->mu);
    *con_cls = NULL;
    request_done(s, r);
    free(r);
}

/* ---- Built-in routes ---- */

static enum http_handled handle_alive(struct http_request *r, void *ud)
{
    (void)ud;
    http_respond(r, 200, "text/plain", "alive\n", 6);
    return HTTP_ANSWERED;
}

static enum http_handled handle_ready(struct http_request *r, void *ud)
{
    struct http_server *s = ud;
    bool ready = !s->ready || s->ready(s->ready_userdata);
    if (ready)
        http_respond(r, 200, "text/plain", "ready\n", 6);
    else
        http_respond(r, 503, "text/plain", "not ready\n", 10);
    return HTTP_ANSWERED;
}

static enum http_handled handle_metrics(struct http_request *r, void *ud)
{
    (void)ud;
    struct nt_buf b;
    nt_buf_init(&b, 0);
    obs_metrics_write(&b);
    size_t len;
    char *body = nt_buf_steal(&b, &len);
    set_response(r, 200, "text/plain; version=0.0.4", body, len);
    return HTTP_ANSWERED;
}

/* The cores this process may run on (taskset, cgroup cpusets), not all of
 * the machine's: a thread more than cores only adds switches. */
static unsigned cores_to_run_on(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 2;
}

int http_server_start(struct http_server *s, char **out_err)
{
    http_route_add(s, "GET", "/internal/alive", handle_alive, s);
    http_route_add(s, "GET", "/internal/ready", handle_ready, s);
    http_route_add(s, "GET", "/metrics", handle_metrics, s);
    unsigned threads = s->limits.threads;
    if (!threads)
        threads = cores_to_run_on();
    /* a "pool" of one is the polling thread alone (MHD warns about 1). The
     * connection's memory (headers, read buffer) is zeroed for every request
     * on a kept-alive connection, 2% of a nyBeskjed's CPU at libmicrohttpd's
     * default 32 KiB: 16 KiB still holds headers of 8 KiB (nginx's limit per
     * line), and a body larger than what is left arrives in parts. */
    unsigned pool = threads > 1 ? threads : 0;
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG,
        0, NULL, NULL, on_request, s, MHD_OPTION_LISTEN_SOCKET, s->listen_fd,
        MHD_OPTION_THREAD_POOL_SIZE, pool, MHD_OPTION_CONNECTION_LIMIT,
        s->limits.max_connections, MHD_OPTION_CONNECTION_TIMEOUT, s->limits.connection_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, s, MHD_OPTION_END);
    if (!s->daemon) {
        *out_err = nt_strdup("libmicrohttpd could not start");
        return -1;
    }
    return 0;
}

static void wait_idle(struct http_server *s, const struct timespec *deadline)
{
    pthread_mutex_lock(&s->mu);
    while (s->inflight > 0 &&
           pthread_cond_timedwait(&s->idle, &s->mu, deadline) != ETIMEDOUT) {
    }
    pthread_mutex_unlock(&s->mu);
}

static void abandon_waiting(struct http_server *s)
{
    pthread_mutex_lock(&s->mu);
    for (struct http_request *r = s->requests; r; r = r->next) {
        pthread_mutex_lock(&r->mu);
        struct MHD_Connection *resume = r->paused ? r->conn : NULL;
        if (resume) {
            static const char stopping[] = "{\"errors\":[{\"message\":\"The server is stopping.\"}]}";
            r->paused = false;
            r->abandoned = true;
            if (!r->has_response)
                set_response(r, 503, "application/json", nt_strdup(stopping), sizeof stopping - 1);
        }
        pthread_mutex_unlock(&r->mu);
        if (resume)
            MHD_resume_connection(resume);
    }
    pthread_mutex_unlock(&s->mu);
}

void http_server_stop(struct http_server *s, unsigned drain_seconds)
{
    if (!s)
        return;
    if (s->daemon) {
        MHD_quiesce_daemon(s->daemon);
        end_streams(s);
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += drain_seconds;
        wait_idle(s, &deadline);
        /* libmicrohttpd must not be stopped with connections suspended:
         * handlers still waiting are answered 503 without them */
        abandon_waiting(s);
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += 2;
        wait_idle(s, &deadline);
        MHD_stop_daemon(s->daemon);
    }
    close(s->listen_fd);
    for (size_t i = 0; i < s->nroutes; i++) {
        free(s->routes[i].method);
        free(s->routes[i].path);
    }
    free(s->routes);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->idle);
    free(s);
}
