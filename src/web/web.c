#include "web/web.h"

#include "http/static.h"

void web_routes(struct http_server *srv)
{
    http_static_route(srv, "/", "web/index.html");
    http_static_route(srv, "/sak", "web/sak.html");
    http_static_route(srv, "/meldinger", "web/meldinger.html");
    http_static_route(srv, "/meldinger/dialog", "web/dialog.html");
    http_static_route(srv, "/tjeneste", "web/tjeneste.html");
    http_static_route(srv, "/bell.js", "web/bell.js");
    http_static_dir_route(srv, "/bell/");
    http_static_dir_route(srv, "/portal/");
}
