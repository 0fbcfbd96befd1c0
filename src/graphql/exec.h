/* Execution of a validated document (spec section 6): variable coercion,
 * field collection with @skip/@include, serial mutations, null propagation,
 * errors with message, locations and path. */
#ifndef GQL_EXEC_H
#define GQL_EXEC_H
#include "graphql/ast.h"
#include "graphql/gql.h"
#include "graphql/schema.h"

#include <jansson.h>
#include <stdbool.h>

/* Selects the operation, coerces variables and executes. Appends errors to
 * errors. Returns the "data" value (new reference; json null when a non-null
 * root field failed) or NULL when the request failed before execution
 * (unknown operation, bad variables): then *out_request_error is true. */
json_t *gql_exec(const struct gql_schema *s, const struct gql_document *doc,
                 const struct gql_request *req, json_t *errors, bool *out_request_error);

#endif
