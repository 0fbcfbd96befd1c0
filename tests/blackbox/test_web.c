/* Black-box tests of the embedded pages and the bell's files (src/web,
 * docs/web.md): paths, content types, ETags, and nothing served that is
 * not meant to be. The pages' behaviour is tested in a browser
 * (tests/run-browser.sh). */
#include "blackbox.h"
#include "check.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static struct bb_server srv;
static int started = -1;

static void starts(void)
{
    bb_setup();
    started = bb_start_server(&srv, NULL);
    CHECK_EQ_INT(started, 0);
}

/* GET path: the status, and the body and content type into r. */
static long get(const char *path, struct bb_reply *r)
{
    bb_request(&srv, "GET", path, NULL, 0, NULL, r);
    return r->status;
}

static void pages_and_the_bell(void)
{
    if (started != 0)
        return;
    struct bb_reply r;
    CHECK_EQ_INT(get("/", &r), 200);
    CHECK_CONTAINS(r.body, "<script type=\"module\" src=\"/portal/forside.js\">");
    CHECK_EQ_INT(get("/sak?saksid=x", &r), 200);
    CHECK_CONTAINS(r.body, "/portal/sak.js");
    CHECK_EQ_INT(get("/meldinger", &r), 200);
    CHECK_CONTAINS(r.body, "/portal/meldinger.js");
    CHECK_EQ_INT(get("/meldinger/dialog?id=x", &r), 200);
    CHECK_CONTAINS(r.body, "/portal/dialog.js");
    CHECK_EQ_INT(get("/portal/dialog.js", &r), 200);
    CHECK_EQ_INT(get("/meldinger/annet", &r), 404);
    CHECK_EQ_INT(get("/tjeneste?tjeneste=Test", &r), 200);
    CHECK_EQ_INT(get("/bell.js", &r), 200);
    CHECK_CONTAINS(r.body, "export * from './bell/budstikke-bell.js'");
    CHECK_EQ_INT(get("/bell/budstikke-bell.js", &r), 200);
    CHECK_CONTAINS(r.body, "customElements.define('budstikke-bell'");
    CHECK_EQ_INT(get("/bell/lib/format.js", &r), 200);
    CHECK_EQ_INT(get("/portal/portal.css", &r), 200);
    CHECK(r.etag[0] == '"');
}

static void content_types_and_etags(void)
{
    if (started != 0)
        return;
    struct bb_reply r;
    get("/", &r);
    CHECK_EQ_STR(r.content_type, "text/html; charset=utf-8");
    get("/bell.js", &r);
    CHECK_EQ_STR(r.content_type, "text/javascript; charset=utf-8");
    get("/portal/portal.css", &r);
    CHECK_EQ_STR(r.content_type, "text/css; charset=utf-8");
    get("/bell/lib/client.js", &r);
    char inm[128];
    snprintf(inm, sizeof inm, "If-None-Match: %s", r.etag);
    bb_request(&srv, "GET", "/bell/lib/client.js", NULL, 0, inm, &r);
    CHECK_EQ_INT(r.status, 304);
}

static void nothing_else_is_served(void)
{
    if (started != 0)
        return;
    struct bb_reply r;
    CHECK_EQ_INT(get("/bell/package.json", &r), 404);   /* embedded, but not a page */
    CHECK_EQ_INT(get("/bell/README.md", &r), 404);
    CHECK_EQ_INT(get("/bell/nope.js", &r), 404);
    /* curl squashes a literal "../"; escaped dots reach the server as ".." */
    CHECK_EQ_INT(get("/bell/%2e%2e/index.html", &r), 404);
    CHECK_EQ_INT(get("/portal/%2e%2e/bell/lib/format.js", &r), 404);
    CHECK_EQ_INT(get("/bell/", &r), 404);
    bb_request(&srv, "POST", "/bell.js", "{}", 2, NULL, &r);
    CHECK(r.status == 404 || r.status == 405);
}

static void stops(void)
{
    if (started == 0)
        CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
}

static const struct check_case cases[] = {
    {"starts", starts},
    {"pages_and_the_bell", pages_and_the_bell},
    {"content_types_and_etags", content_types_and_etags},
    {"nothing_else_is_served", nothing_else_is_served},
    {"stops", stops},
};

CHECK_MAIN("blackbox/web", cases)
