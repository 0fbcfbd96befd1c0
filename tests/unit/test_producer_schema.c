/* The producer API schema: it builds in our engine, and every example
 * operation of the producer guide (seed 001, copied to
 * tests/fixtures/producer-seed-operations) validates against it. */
#include "base/embed.h"
#include "check.h"
#include "graphql/gql.h"
#include "graphql/parse.h"
#include "graphql/schema.h"
#include "graphql/validate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURES "tests/fixtures/producer-seed-operations"

static struct gql_schema *schema;

static void schema_builds(void)
{
    const char *sdl = nt_embed_get("api/producer/schema.graphql", NULL);
    CHECK(sdl != NULL);
    struct gql_schema_config cfg = {.sdl = sdl};
    char *err = NULL;
    schema = gql_schema_build(&cfg, &err);
    if (!schema)
        check__fail(__FILE__, __LINE__, "%s", err);
    free(err);
    CHECK(schema && schema->mutation);
    CHECK(schema && gql_schema_type(schema, "NyBeskjedResultat"));
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void seed_operations_validate(void)
{
    if (!schema)
        return;
    DIR *d = opendir(FIXTURES);
    CHECK(d != NULL);
    int seen = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        /* seed 002's, some invalid as the guide wrote them, are run by
         * tests/blackbox/test_producer_seeds.c */
        if (strncmp(e->d_name, "seed001-", 8) != 0 || !strstr(e->d_name, ".graphql"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", FIXTURES, e->d_name);
        const char *src = read_file(path);
        struct gql_parse_error perr;
        struct gql_document *doc = src ? gql_parse(src, strlen(src), 0, &perr) : NULL;
        if (!doc) {
            check__fail(__FILE__, __LINE__, "%s: %s", e->d_name, perr.message);
            continue;
        }
        json_t *errors = json_array();
        gql_validate(schema, doc, errors, 100);
        if (json_array_size(errors)) {
            char *text = json_dumps(errors, JSON_COMPACT);
            check__fail(__FILE__, __LINE__, "%s: %s", e->d_name, text);
            free(text);
        }
        json_decref(errors);
        gql_document_free(doc);
        seen++;
    }
    if (d)
        closedir(d);
    CHECK_EQ_INT(seen, 15);
}

static void cleanup(void)
{
    gql_schema_free(schema);
}

static const struct check_case cases[] = {
    {"schema_builds", schema_builds},
    {"seed_operations_validate", seed_operations_validate},
    {"cleanup", cleanup},
};

CHECK_MAIN("api/producer/schema", cases)
