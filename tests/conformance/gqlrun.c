/* Runs every case of a corpus through our engine, with the resolver
 * semantics that run_js.mjs gives graphql-js, and prints a JSON array of the
 * responses. usage: gqlrun SCHEMA DATA CORPUS */
#include "base/alloc.h"
#include "graphql/coerce.h"
#include "graphql/gql.h"
#include "graphql/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    struct nt_buf b;
    nt_buf_init(&b, 0);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        nt_buf_append(&b, chunk, n);
    fclose(f);
    return nt_buf_steal(&b, NULL);
}

/* String(value) in JavaScript, for table lookups. */
static void js_string(json_t *v, struct nt_buf *out)
{
    if (!v)
        nt_buf_puts(out, "undefined");
    else if (json_is_string(v))
        nt_buf_puts(out, json_string_value(v));
    else
        gql_json_write(v, out);
}

static int generic(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    json_t *v = json_is_object(parent) ? json_object_get(parent, info->field->name) : NULL;
    if (json_is_object(v)) {
        json_t *err = json_object_get(v, "$error");
        if (err)
            return gql_resolve_fail(info, "%s", json_string_value(err));
        if (json_object_get(v, "$echo")) {
            struct nt_buf b;
            nt_buf_init(&b, 0);
            gql_json_write(args, &b);
            *out = json_stringn(nt_buf_str(&b), b.len);
            nt_buf_free(&b);
            return 0;
        }
        json_t *lookup = json_object_get(v, "$lookup");
        if (lookup) {
            struct nt_buf b;
            nt_buf_init(&b, 0);
            js_string(json_object_get(args, json_string_value(lookup)), &b);
            json_t *found = json_object_get(json_object_get(v, "table"), nt_buf_str(&b));
            nt_buf_free(&b);
            *out = found ? json_incref(found) : json_null();
            return 0;
        }
    }
    *out = v ? json_incref(v) : NULL;
    return 0;
}

static int increment(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    (void)parent;
    long *counter = info->ctx;
    *counter += (long)json_integer_value(json_object_get(args, "by"));
    *out = json_integer(*counter);
    return 0;
}

static int create_review(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    (void)info;
    (void)parent;
    json_t *review = json_object();
    json_object_set(review, "episode", json_object_get(args, "episode"));
    json_object_update(review, json_object_get(args, "review"));
    *out = review;
    return 0;
}

static int fail_mutation(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    (void)parent;
    (void)args;
    (void)out;
    return gql_resolve_fail(info, "mutation failed");
}

/* Every object field gets the shared resolver, except the three mutations
 * whose behaviour needs state. */
static struct gql_binding *bind_all(const char *sdl, size_t *out_n)
{
    struct gql_schema_config cfg = {.sdl = sdl};
    char *err = NULL;
    struct gql_schema *probe = gql_schema_build(&cfg, &err);
    if (!probe) {
        fprintf(stderr, "schema: %s\n", err);
        exit(2);
    }
    size_t n = 0, cap = 16;
    struct gql_binding *b = nt_malloc(cap * sizeof(*b));
    for (size_t i = 0; i < probe->ntypes; i++) {
        const struct gql_type *t = probe->types[i];
        if (t->kind != GQL_KIND_OBJECT || t->is_introspection)
            continue;
        for (size_t j = 0; j < t->nfields; j++) {
            if (n == cap)
                b = nt_realloc(b, (cap *= 2) * sizeof(*b));
            gql_resolve_fn *fn = generic;
            if (strcmp(t->name, "Mutation") == 0) {
                const char *f = t->fields[j].name;
                fn = !strcmp(f, "increment")      ? increment
                     : !strcmp(f, "createReview") ? create_review
                                                  : fail_mutation;
            }
            b[n++] = (struct gql_binding){nt_strdup(t->name), nt_strdup(t->fields[j].name), fn};
        }
    }
    gql_schema_free(probe);
    *out_n = n;
    return b;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: gqlrun SCHEMA DATA CORPUS\n");
        return 2;
    }
    char *sdl = read_text(argv[1]);
    json_t *data = json_load_file(argv[2], 0, NULL);
    json_t *corpus = json_load_file(argv[3], 0, NULL);
    if (!data || !json_is_array(corpus)) {
        fprintf(stderr, "cannot read data or corpus\n");
        return 2;
    }
    size_t nbind;
    struct gql_binding *bindings = bind_all(sdl, &nbind);
    struct gql_schema_config cfg = {.sdl = sdl, .resolvers = bindings, .nresolvers = nbind};
    char *err = NULL;
    struct gql_schema *schema = gql_schema_build(&cfg, &err);
    if (!schema) {
        fprintf(stderr, "schema: %s\n", err);
        return 2;
    }
    struct gql_engine *engine = gql_engine_new(schema, NULL);
    struct nt_buf all;
    nt_buf_init(&all, 0);
    nt_buf_putc(&all, '[');
    for (size_t i = 0; i < json_array_size(corpus); i++) {
        json_t *c = json_array_get(corpus, i);
        json_t *q = json_object_get(c, "query");
        long counter = 0;
        struct gql_request req = {
            .query = json_string_value(q),
            .query_len = json_string_length(q),
            .variables = json_object_get(c, "variables"),
            .operation_name = json_string_value(json_object_get(c, "operationName")),
            .root_value = data,
            .ctx = &counter,
        };
        if (i)
            nt_buf_putc(&all, ',');
        gql_execute(engine, &req, &all);
    }
    nt_buf_puts(&all, "]\n");
    fwrite(all.data, 1, all.len, stdout);
    nt_buf_free(&all);
    gql_engine_free(engine);
    gql_schema_free(schema);
    for (size_t i = 0; i < nbind; i++) {
        free((void *)bindings[i].type);
        free((void *)bindings[i].field);
    }
    free(bindings);
    json_decref(data);
    json_decref(corpus);
    free(sdl);
    return 0;
}
