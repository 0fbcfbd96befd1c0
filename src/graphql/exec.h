/* Execution of a validated document (spec section 6): variable coercion,
 * field collection with @skip/@include, serial mutations, null propagation,
 * errors with message, locations and path. */
#ifndef GQL_EXEC_H
#define GQL_EXEC_H
#include "base/buf.h"
#include "graphql/ast.h"
#include "graphql/gql.h"
#include "graphql/schema.h"

#include <jansson.h>
#include <stdbool.h>

/* Selects the operation, coerces variables and executes. Appends errors to
 * errors. Returns true when the operation executed: then the "data" value's
 * JSON text (null when a non-null root field failed) has been appended to
 * data_out. Returns false when the request failed before execution (unknown
 * operation, bad variables), with nothing appended. */
bool gql_exec(const struct gql_schema *s, const struct gql_document *doc,
              const struct gql_request *req, json_t *errors, struct nt_buf *data_out);

#endif
