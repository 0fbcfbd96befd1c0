/* Serves the files embedded from web/ (see src/base/embed.h) with content
 * types, ETag and 304 Not Modified. */
#ifndef HTTP_STATIC_H
#define HTTP_STATIC_H
#include "http/server.h"

/* Maps url_path (e.g. "/" or "/bell.js") to the embedded file web_name
 * (e.g. "web/index.html"). */
void http_static_route(struct http_server *s, const char *url_path, const char *web_name);

/* Serves every embedded .js, .css and .html file below web/ + url_prefix
 * (e.g. "/bell/" serves web/bell/...) at its own path. */
void http_static_dir_route(struct http_server *s, const char *url_prefix);

#endif
