/* The OpenAPI description the binary serves is true: every documented
 * path and method is a route of the dialog API, and every route is
 * documented; each operation documents its errors as problem+json. */
#include "api/dialog/dialog.h"
#include "base/embed.h"
#include "check.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *doc(void)
{
    const char *text = nt_embed_get("api/dialog/openapi.json", NULL);
    return text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
}

static void upper(const char *in, char *out, size_t n)
{
    size_t i = 0;
    for (; in[i] && i + 1 < n; i++)
        out[i] = (char)toupper((unsigned char)in[i]);
    out[i] = '\0';
}

static void every_documented_operation_is_a_route(void)
{
    json_t *d = doc();
    CHECK(d != NULL);
    CHECK_EQ_STR(json_string_value(json_object_get(d, "openapi")), "3.0.3");
    const struct api_dialog_route_info *routes;
    size_t n = api_dialog_routes(&routes);
    const char *path;
    json_t *item;
    size_t documented = 0;
    json_object_foreach(json_object_get(d, "paths"), path, item) {
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op) {
            char m[16];
            upper(method, m, sizeof m);
            documented++;
            int found = 0;
            for (size_t i = 0; i < n; i++)
                found += !strcmp(routes[i].method, m) && !strcmp(routes[i].path, path);
            if (found != 1)
                check__fail(__FILE__, __LINE__, "documented %s %s is not a route", m, path);
            CHECK(json_object_get(op, "summary") != NULL);
            CHECK(json_object_get(json_object_get(op, "responses"), "200") ||
                  json_object_get(json_object_get(op, "responses"), "201"));
        }
    }
    CHECK_EQ_INT(documented, n);
    json_decref(d);
}

static void every_route_is_documented(void)
{
    json_t *d = doc();
    const struct api_dialog_route_info *routes;
    size_t n = api_dialog_routes(&routes);
    for (size_t i = 0; i < n; i++) {
        char m[16];
        snprintf(m, sizeof m, "%s", routes[i].method);
        for (char *p = m; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        json_t *op = json_object_get(json_object_get(json_object_get(d, "paths"), routes[i].path), m);
        if (!op)
            check__fail(__FILE__, __LINE__, "route %s %s is not documented", routes[i].method,
                        routes[i].path);
    }
    json_decref(d);
}

static void references_resolve(void)
{
    json_t *d = doc();
    char *text = json_dumps(d, JSON_COMPACT);
    json_t *schemas = json_object_get(json_object_get(d, "components"), "schemas");
    for (const char *p = text; (p = strstr(p, "\"#/components/schemas/")); p++) {
        char name[64];
        sscanf(p + 22, "%63[^\"]", name);
        if (!json_object_get(schemas, name))
            check__fail(__FILE__, __LINE__, "unresolved $ref %s", name);
    }
    free(text);
    json_decref(d);
}

static const struct check_case cases[] = {
    {"every_documented_operation_is_a_route", every_documented_operation_is_a_route},
    {"every_route_is_documented", every_route_is_documented},
    {"references_resolve", references_resolve},
};

CHECK_MAIN("dialog_openapi", cases)
