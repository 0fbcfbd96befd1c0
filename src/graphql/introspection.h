/* Introspection (spec section 4): resolvers for the __Schema, __Type, ...
 * types of src/graphql/introspection.graphql and for the __schema/__type
 * meta-fields. Values are JSON objects; a __Type value carries its
 * struct gql_type pointer in a private member that is never written out,
 * because only selected fields reach the response. */
#ifndef GQL_INTROSPECTION_H
#define GQL_INTROSPECTION_H
#include "base/buf.h"
#include "graphql/schema.h"

#include <jansson.h>

/* Binds the introspection resolvers into a schema under construction. */
void gql__introspection_bind(struct gql_schema *s);

/* Prints a coerced input value as a GraphQL literal of type t, as
 * graphql-js print(astFromValue(value, type)) does. */
void gql_print_input_value(json_t *value, const struct gql_type *t, struct nt_buf *out);

#endif
