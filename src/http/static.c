#include "http/static.h"

#include "base/embed.h"

#include <stdio.h>
#include <string.h>

static const char *content_type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return "application/octet-stream";
    if (strcmp(dot, ".html") == 0)
        return "text/html; charset=utf-8";
    if (strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (strcmp(dot, ".json") == 0)
        return "application/json";
    return "application/octet-stream";
}

/* FNV-1a over the content: the files are fixed at build time. */
static void etag_of(const char *data, size_t len, char *out, size_t out_size)
{
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211ULL;
    }
    snprintf(out, out_size, "\"%016llx\"", h);
}

/* Answers with the embedded file name (404 when there is none). */
static enum http_handled answer_file(struct http_request *r, const char *name)
{
    size_t len = 0;
    const char *data = nt_embed_get(name, &len);
    if (!data) {
        http_respond_error(r, 404, "Not found.");
        return HTTP_ANSWERED;
    }
    char etag[24];
    etag_of(data, len, etag, sizeof etag);
    http_response_header(r, "ETag", etag);
    http_response_header(r, "Cache-Control", "no-cache");
    const char *inm = http_header(r, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) {
        http_respond(r, 304, content_type_of(name), "", 0);
        return HTTP_ANSWERED;
    }
    http_respond(r, 200, content_type_of(name), data, len);
    return HTTP_ANSWERED;
}

static enum http_handled handle(struct http_request *r, void *userdata)
{
    return answer_file(r, userdata);
}

void http_static_route(struct http_server *s, const char *url_path, const char *web_name)
{
    http_route_add(s, "GET", url_path, handle, (void *)web_name);
}

static bool servable(const char *path)
{
    const char *ext = strrchr(path, '.');
    return !strstr(path, "..") && ext &&
           (!strcmp(ext, ".js") || !strcmp(ext, ".css") || !strcmp(ext, ".html"));
}

/* URL path /x/y.js is the embedded file web/x/y.js. */
static enum http_handled handle_dir(struct http_request *r, void *userdata)
{
    (void)userdata;
    const char *path = http_path(r);
    char name[512];
    if (!servable(path) || (size_t)snprintf(name, sizeof name, "web%s", path) >= sizeof name) {
        http_respond_error(r, 404, "Not found.");
        return HTTP_ANSWERED;
    }
    return answer_file(r, name);
}

void http_static_dir_route(struct http_server *s, const char *url_prefix)
{
    char pattern[256];
    snprintf(pattern, sizeof pattern, "%s*", url_prefix);
    http_route_add(s, "GET", pattern, handle_dir, NULL);
}
