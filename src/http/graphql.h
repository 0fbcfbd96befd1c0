/* A GraphQL-over-HTTP endpoint: POST application/json (and GET for queries)
 * decoded, run through a gql_engine, answered with the JSON response. */
#ifndef HTTP_GRAPHQL_H
#define HTTP_GRAPHQL_H
#include "graphql/gql.h"
#include "http/server.h"

/* Builds the resolver context for one request (e.g. from its bearer token).
 * Returns NULL and sets *out_status (401, 403) and *out_message to refuse.
 * The context is released with release_fn after execution. */
typedef void *http_graphql_context_fn(struct http_request *r, void *userdata, int *out_status,
                                      const char **out_message);
typedef void http_graphql_release_fn(void *ctx);

struct http_graphql_endpoint {
    struct gql_engine *engine;
    http_graphql_context_fn *context;  /* NULL = no context */
    http_graphql_release_fn *release;  /* NULL = nothing to release */
    void *userdata;
    const char *metric_label;          /* "producer", "user", ... */
};

/* Registers GET and POST on path; the endpoint struct must outlive the server. */
void http_graphql_route(struct http_server *s, const char *path,
                        struct http_graphql_endpoint *endpoint);

#endif
