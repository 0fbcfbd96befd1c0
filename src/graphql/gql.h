/* Public entry to the GraphQL engine. The engine knows nothing of the domain:
 * a schema is built from SDL text plus a table of resolvers, and runtime
 * values are jansson values (json_t).
 *
 * Resolvers: given the parent value (the JSON object the parent field
 * resolved to; the request's root_value for root fields) and the coerced
 * arguments (a JSON object holding every defined argument that was given or
 * has a default), a resolver stores a NEW reference in *out (NULL or json_null
 * means null) and returns 0, or calls gql_resolve_fail() and returns its -1.
 * Fields without a resolver read the member of the parent object named like
 * the field (graphql-js's default resolver).
 *
 * Abstract types: a value's concrete type is its "__typename" member unless
 * the config gives resolve_type. */
#ifndef GQL_H
#define GQL_H
#include "base/buf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct gql_schema;
struct gql_type;
struct gql_field_def;
struct gql_selection;
struct gql_operation;
struct gql_document;
struct gql_exec;
struct gql_engine;

struct gql_resolve_info {
    void *ctx;                          /* gql_request.ctx */
    const struct gql_schema *schema;
    const struct gql_type *parent_type;
    const struct gql_field_def *field;
    const struct gql_selection *node;   /* first field node of this field */
    json_t *root_value;
    json_t *variables;                  /* coerced variable values */
    const struct gql_operation *operation;
    const struct gql_document *document;
    struct gql_exec *exec;              /* engine-private */
};

typedef int gql_resolve_fn(struct gql_resolve_info *info, json_t *parent, json_t *args,
                           json_t **out);
/* Returns the concrete object type name of value, or NULL if unknown. */
typedef const char *gql_resolve_type_fn(json_t *value, const struct gql_type *abstract_type,
                                        void *ctx);
/* Scalar coercion hooks: return a new reference, or NULL and set *out_err to
 * a malloc'ed message the engine frees. */
typedef json_t *gql_scalar_fn(json_t *value, char **out_err);

/* Records the error message for the current field; returns -1. */
__attribute__((format(printf, 2, 3))) int gql_resolve_fail(struct gql_resolve_info *info,
                                                         const char *fmt, ...);

struct gql_binding {
    const char *type;  /* object type name */
    const char *field; /* field name */
    gql_resolve_fn *resolve;
};

struct gql_scalar_binding {
    const char *name;
    gql_scalar_fn *serialize;   /* result value -> JSON; NULL = identity */
    gql_scalar_fn *parse_value; /* variable or literal (as JSON) -> value; NULL = identity */
};

struct gql_schema_config {
    const char *sdl;
    const struct gql_binding *resolvers;
    size_t nresolvers;
    const struct gql_scalar_binding *scalars;
    size_t nscalars;
    gql_resolve_type_fn *resolve_type; /* NULL = read "__typename" */
};

/* Builds a schema from SDL (plus the built-in scalars, directives and the
 * introspection types). Returns NULL and a malloc'ed *out_err when the SDL is
 * invalid or a binding names an unknown type or field. Two schemas in one
 * process are independent. */
struct gql_schema *gql_schema_build(const struct gql_schema_config *cfg, char **out_err);
void gql_schema_free(struct gql_schema *schema);

struct gql_limits {
    unsigned max_depth;    /* selection-set nesting, fragments expanded */
    unsigned max_tokens;   /* lexical tokens in one document */
    unsigned max_aliases;  /* aliased fields in one document */
    unsigned cache_entries; /* parsed+validated documents kept; 0 = no cache */
};

#define GQL_DEFAULT_LIMITS { .max_depth = 15, .max_tokens = 15000, .max_aliases = 30, .cache_entries = 512 }

struct gql_request {
    const char *query;
    size_t query_len;
    json_t *variables;          /* borrowed; NULL = none */
    const char *operation_name; /* NULL = the only operation */
    json_t *root_value;         /* borrowed; NULL = empty object */
    void *ctx;
    bool read_only;             /* refuse mutations (GraphQL over HTTP GET) */
};

enum gql_status {
    GQL_STATUS_OK,              /* executed (the response may still hold field errors) */
    GQL_STATUS_REQUEST_ERROR,   /* syntax, limit, validation or variable error: no "data" */
};

/* The engine owns a document cache; the schema is borrowed and must outlive
 * it. Thread-safe: many threads may execute through one engine. */
struct gql_engine *gql_engine_new(const struct gql_schema *schema, const struct gql_limits *limits);
void gql_engine_free(struct gql_engine *engine);

/* Runs one request and appends the whole JSON response
 * ({"data": ...} and/or "errors": [...]) to out. */
enum gql_status gql_execute(struct gql_engine *engine, const struct gql_request *req,
                            struct nt_buf *out);

#endif
