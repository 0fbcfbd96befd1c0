#include "http/graphql.h"

#include "http/gql_request.h"
#include "obs/metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_json_content(const char *ct)
{
    return ct && strncmp(ct, "application/json", 16) == 0 && (ct[16] == '\0' || ct[16] == ';');
}

/* Fills req from the query string of a GET; returns an error message or NULL. */
static const char *from_query_string(struct http_request *r, struct gql_request *req,
                                     json_t **out_vars)
{
    const char *q = http_query_arg(r, "query");
    if (!q)
        return "Request must contain \"query\".";
    req->query = q;
    req->query_len = strlen(q);
    req->operation_name = http_query_arg(r, "operationName");
    const char *v = http_query_arg(r, "variables");
    if (v && *v) {
        *out_vars = json_loads(v, JSON_REJECT_DUPLICATES, NULL);
        if (!json_is_object(*out_vars))
            return "\"variables\" must be a JSON object.";
        req->variables = *out_vars;
    }
    return NULL;
}

static enum http_handled handle(struct http_request *r, void *userdata)
{
    struct http_graphql_endpoint *ep = userdata;
    struct gql_request req = {0};
    struct http_gql_request decoded = {0};
    json_t *get_vars = NULL;
    const char *err = NULL;
    bool is_get = strcmp(http_method(r), "GET") == 0 || strcmp(http_method(r), "HEAD") == 0;
    if (is_get) {
        err = from_query_string(r, &req, &get_vars);
        req.read_only = true;
    } else if (!is_json_content(http_header(r, "Content-Type"))) {
        http_respond_error(r, 415, "Content-Type must be application/json.");
        return HTTP_ANSWERED;
    } else {
        size_t len;
        const char *body = http_body(r, &len);
        if (http_gql_request_decode(body, len, &decoded, &err) == 0) {
            req.query = decoded.query;
            req.query_len = decoded.query_len;
            req.variables = decoded.variables;
            req.operation_name = decoded.operation_name;
        }
    }
    if (err) {
        http_respond_error(r, 400, err);
        json_decref(get_vars);
        http_gql_request_clear(&decoded);
        return HTTP_ANSWERED;
    }
    int status = 401;
    const char *message = "Unauthorized.";
    void *ctx = NULL;
    if (ep->context && !(ctx = ep->context(r, ep->userdata, &status, &message))) {
        http_respond_error(r, status, message);
    } else {
        req.ctx = ctx;
        struct nt_buf out;
        nt_buf_init(&out, 0);
        enum gql_status st = gql_execute(ep->engine, &req, &out);
        char labels[96];
        snprintf(labels, sizeof labels, "api=\"%s\",outcome=\"%s\"",
                 ep->metric_label ? ep->metric_label : "graphql",
                 st == GQL_STATUS_OK ? "executed" : "rejected");
        obs_counter_add("budstikke_graphql_operations_total", labels, 1);
        http_respond(r, 200, "application/json", nt_buf_str(&out), out.len);
        nt_buf_free(&out);
        if (ctx && ep->release)
            ep->release(ctx);
    }
    json_decref(get_vars);
    http_gql_request_clear(&decoded);
    return HTTP_ANSWERED;
}

void http_graphql_route(struct http_server *s, const char *path,
                        struct http_graphql_endpoint *endpoint)
{
    http_route_add(s, "POST", path, handle, endpoint);
    http_route_add(s, "GET", path, handle, endpoint);
}
