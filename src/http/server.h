/* The HTTP server: libmicrohttpd with an epoll thread pool, a route table,
 * body-size and connection limits, access logs and metrics, and answers
 * that a handler may give later from another thread (deferred), so that a
 * durable write can wait for the group commit without blocking a thread of
 * the pool. */
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H
#include <stdbool.h>
#include <stddef.h>

struct http_server;
struct http_request;

enum http_handled {
    HTTP_ANSWERED, /* the handler called http_respond */
    HTTP_DEFERRED, /* http_request_complete will be called later, from any thread */
};

typedef enum http_handled http_handler_fn(struct http_request *req, void *userdata);
/* Returns true when the service can take traffic (database reachable...). */
typedef bool http_ready_fn(void *userdata);

struct http_limits {
    size_t max_body;            /* bytes; larger bodies get 413 */
    unsigned connection_timeout; /* seconds of inactivity before a connection is closed */
    unsigned max_connections;
    unsigned threads;           /* 0 = one per core */
};

#define HTTP_DEFAULT_LIMITS {.max_body = 1024 * 1024, .connection_timeout = 30, .max_connections = 1024, .threads = 0}

/* Binds host:port (port 0 picks a free one). Returns NULL with a malloc'ed
 * *out_err when the address cannot be used. */
struct http_server *http_server_new(const char *host, unsigned port,
                                    const struct http_limits *limits, char **out_err);
/* Routes: exact path; a path ending in '*' matches every path with that prefix.
 * method NULL matches any method. Add routes before http_server_start. */
void http_route_add(struct http_server *s, const char *method, const char *path,
                    http_handler_fn *handler, void *userdata);
/* What a route may change from the server's defaults. */
struct http_route_options {
    size_t max_body;      /* bytes; 0 = the server's limit (http_limits.max_body) */
    bool answers_too_big; /* the handler answers bodies over the limit itself (it sees
                           * http_body_too_big); otherwise the server answers 413 */
};
/* http_route_add with options (e.g. an upload route with a larger body
 * limit). A declared Content-Length over the limit is answered before the
 * body is read; a chunked body is counted as it arrives. */
void http_route_add_with(struct http_server *s, const char *method, const char *path,
                         http_handler_fn *handler, void *userdata,
                         const struct http_route_options *options);
void http_server_set_ready_check(struct http_server *s, http_ready_fn *fn, void *userdata);
int http_server_start(struct http_server *s, char **out_err);
unsigned http_server_port(const struct http_server *s);
/* Stops accepting, waits up to drain_seconds for in-flight requests (deferred
 * ones included), then stops and frees the server. */
void http_server_stop(struct http_server *s, unsigned drain_seconds);

/* ---- Request accessors (valid until the response is sent) ---- */
const char *http_method(const struct http_request *r);
const char *http_path(const struct http_request *r);
const char *http_header(const struct http_request *r, const char *name);
const char *http_query_arg(const struct http_request *r, const char *name);
const char *http_body(const struct http_request *r, size_t *out_len);
/* The body was over the route's limit (only routes with answers_too_big
 * see this); http_body then holds nothing usable. */
bool http_body_too_big(const struct http_request *r);
/* The body limit that applies to this request's route. */
size_t http_body_limit(const struct http_request *r);

/* Answers now (inside the handler). The body is copied. */
void http_respond(struct http_request *r, int status, const char *content_type, const char *body,
                  size_t len);
/* Adds a header to the response being built (call before http_respond). */
void http_response_header(struct http_request *r, const char *name, const char *value);
/* Answers a deferred request; may be called from any thread. Takes body
 * (malloc'ed) over. */
void http_request_complete(struct http_request *r, int status, const char *content_type,
                           char *body, size_t len);
/* JSON error body {"errors":[{"message":...}]} with the given status. */
void http_respond_error(struct http_request *r, int status, const char *message);

/* ---- Streamed answers (Server-Sent Events, long downloads) ----
 * The body is written over time from any thread and sent chunked; the
 * connection sleeps (suspended) while nothing is queued. A stopping server
 * ends every open stream first. */
struct http_stream;
/* Called once, on an HTTP thread, when the stream is over: the client went
 * away, the body ended, or the server stops. Keep it short. */
typedef void http_stream_closed_fn(void *userdata);
/* Answers the request with a streamed body (inside the handler, which then
 * returns HTTP_ANSWERED). Headers added with http_response_header go out
 * with it. The caller holds one reference: http_stream_release it. */
struct http_stream *http_respond_stream(struct http_request *r, int status,
                                        const char *content_type, http_stream_closed_fn *closed,
                                        void *userdata);
/* Queues bytes (copied). False once the stream is over, or when more than
 * HTTP_STREAM_MAX_PENDING bytes wait for a client that does not read (the
 * stream is then ended). */
#define HTTP_STREAM_MAX_PENDING (1024 * 1024)
bool http_stream_write(struct http_stream *s, const char *data, size_t len);
/* Ends the body once the queued bytes are sent. */
void http_stream_end(struct http_stream *s);
void http_stream_release(struct http_stream *s);

#endif
