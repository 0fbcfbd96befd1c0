/* Decoding of a GraphQL-over-HTTP request body:
 * {"query": "...", "variables": {...} | null, "operationName": "..." | null}.
 * The reader (base/json_read.h) rejects duplicate keys, invalid UTF-8 and NUL
 * in strings. */
#ifndef HTTP_GQL_REQUEST_H
#define HTTP_GQL_REQUEST_H
#include <jansson.h>
#include <stddef.h>

struct http_gql_request {
    json_t *root;               /* owned: the whole decoded body */
    const char *query;          /* borrowed from root */
    size_t query_len;
    json_t *variables;          /* borrowed from root; NULL when absent or null */
    const char *operation_name; /* borrowed from root; NULL when absent or null */
};

/* Returns 0 on success (call http_gql_request_clear afterwards), or -1 with
 * a static, client-facing message in *out_err (nothing to free). */
int http_gql_request_decode(const char *body, size_t len, struct http_gql_request *out,
                            const char **out_err);
void http_gql_request_clear(struct http_gql_request *r);

#endif
