/* Validation of an executable document against a schema: every rule of spec
 * section 5, in the order of graphql-js's specifiedRules, with graphql-js's
 * messages and locations. */
#ifndef GQL_VALIDATE_H
#define GQL_VALIDATE_H
#include "graphql/ast.h"
#include "graphql/schema.h"

#include <jansson.h>
#include <stddef.h>

/* Appends one {"message": ..., "locations": [{"line","column"}...]} object
 * to errors (a JSON array) per violation; returns how many were appended.
 * Stops after max_errors (graphql-js: 100) with a final "Too many validation
 * errors, error limit reached. Validation aborted." error. */
size_t gql_validate(const struct gql_schema *s, const struct gql_document *doc, json_t *errors,
                    size_t max_errors);

#endif
