#include "http/gql_request.h"

#include "base/json_read.h"

#include <string.h>

static int fail(struct http_gql_request *out, const char **out_err, const char *msg)
{
    http_gql_request_clear(out);
    *out_err = msg;
    return -1;
}

int http_gql_request_decode(const char *body, size_t len, struct http_gql_request *out,
                            const char **out_err)
{
    memset(out, 0, sizeof(*out));
    const char *why;
    out->root = nt_json_parse(body, len, &why);
    if (!out->root)
        return fail(out, out_err, "Request body is not valid JSON.");
    if (!json_is_object(out->root))
        return fail(out, out_err, "Request body must be a JSON object.");
    json_t *q = json_object_get(out->root, "query");
    if (!q)
        return fail(out, out_err, "Request must contain \"query\".");
    if (!json_is_string(q))
        return fail(out, out_err, "\"query\" must be a string.");
    out->query = json_string_value(q);
    out->query_len = json_string_length(q);
    json_t *v = json_object_get(out->root, "variables");
    if (v && !json_is_null(v)) {
        if (!json_is_object(v))
            return fail(out, out_err, "\"variables\" must be an object or null.");
        out->variables = v;
    }
    json_t *op = json_object_get(out->root, "operationName");
    if (op && !json_is_null(op)) {
        if (!json_is_string(op))
            return fail(out, out_err, "\"operationName\" must be a string or null.");
        out->operation_name = json_string_value(op);
    }
    return 0;
}

void http_gql_request_clear(struct http_gql_request *r)
{
    json_decref(r->root);
    memset(r, 0, sizeof(*r));
}
