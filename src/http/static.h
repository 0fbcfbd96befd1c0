/* Serves the files embedded from web/ (see src/base/embed.h) with content
 * types, ETag and 304 Not Modified. */
#ifndef HTTP_STATIC_H
#define HTTP_STATIC_H
#include "http/server.h"

/* Maps url_path (e.g. "/" or "/bell.js") to the embedded file web_name
 * (e.g. "web/index.html"). */
void http_static_route(struct http_server *s, const char *url_path, const char *web_name);

#endif
