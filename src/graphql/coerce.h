/* Input coercion (spec 3.x "Input Coercion", 6.1.2 CoerceVariableValues,
 * 6.4.1 CoerceArgumentValues) and output serialisation of leaf values. */
#ifndef GQL_COERCE_H
#define GQL_COERCE_H
#include "graphql/ast.h"
#include "base/buf.h"
#include "graphql/schema.h"

#include <jansson.h>

/* Coerces a literal of the document to type t. Variables are looked up in
 * vars (coerced values; NULL = none given). Returns a new reference (json null
 * for an explicit null) or NULL with a malloc'ed *out_err. */
json_t *gql_coerce_literal(const struct gql_type *t, const struct gql_value *v, json_t *vars,
                           char **out_err);

/* Coerces an external JSON value (a variable) to type t. Returns a new
 * reference or NULL with a malloc'ed *out_err naming the offending path. */
json_t *gql_coerce_input(const struct gql_type *t, json_t *value, char **out_err);

/* Serialises a leaf (scalar or enum) result. New reference, or NULL with
 * *out_err. */
json_t *gql_serialize_leaf(const struct gql_type *t, json_t *value, char **out_err);

/* Converts a literal to JSON without a type (graphql-js valueFromASTUntyped). */
json_t *gql_value_untyped(const struct gql_value *v, json_t *vars);

/* A variable coercion failure, in the parts graphql-js's message is made of:
 * the offending value, its path inside the variable (".a[0]" or ""), and the
 * reason. All three are owned by the struct; free with gql_coerce_error_clear. */
struct gql_coerce_error {
    json_t *value;
    char *path;
    char *message;
};

json_t *gql_coerce_variable(const struct gql_type *t, json_t *value, struct gql_coerce_error *err);
void gql_coerce_error_clear(struct gql_coerce_error *err);

/* Formats a number as JavaScript's String(n) does ("1", "0.1", "1e+21"). */
void gql_format_number(double d, struct nt_buf *out);
/* Writes v as JSON.stringify would: keys in insertion order, numbers as
 * JavaScript prints them, strings escaped (invalid UTF-8 replaced). */
void gql_json_write(json_t *v, struct nt_buf *out);
/* inspect()-like rendering of a JSON value for error messages. */
void gql_inspect(json_t *v, struct nt_buf *out);

#endif
