/* GraphQL parser: recursive descent over the full grammar of spec sections
 * 2 (executable documents) and 3 (type system: SDL, extensions, directive
 * definitions), one function per production. */
#ifndef GQL_PARSE_H
#define GQL_PARSE_H
#include "graphql/ast.h"

#include <stddef.h>

struct gql_parse_error {
    char message[512]; /* "Syntax Error: Expected Name, found \"}\"." (graphql-js wording) */
    struct gql_loc loc;
    int limit_exceeded; /* 1 when the token limit stopped the parse */
};

/* Parses src[0..len). max_tokens 0 means no limit. Returns the document
 * (free with gql_document_free) or NULL with *err filled. Nesting deeper than
 * GQL_PARSE_MAX_NESTING (selection sets, lists, objects, type wrappers) is a
 * syntax error, so hostile input cannot exhaust the stack. */
struct gql_document *gql_parse(const char *src, size_t len, unsigned max_tokens,
                               struct gql_parse_error *err);

#define GQL_PARSE_MAX_NESTING 128

#endif
