#include "graphql/ast.h"

#include <stdlib.h>
#include <string.h>

void gql_document_free(struct gql_document *doc)
{
    if (!doc)
        return;
    nt_arena_free(&doc->arena);
    free(doc);
}

static const char *const location_names[] = {
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
    "SCHEMA",
    "SCALAR",
    "OBJECT",
    "FIELD_DEFINITION",
    "ARGUMENT_DEFINITION",
    "INTERFACE",
    "UNION",
    "ENUM",
    "ENUM_VALUE",
    "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION",
    "DIRECTIVE_DEFINITION",
};

#define NLOCATIONS (sizeof location_names / sizeof location_names[0])

const char *gql_directive_location_name(uint32_t bit)
{
    for (size_t i = 0; i < NLOCATIONS; i++)
        if (bit == (1u << i))
            return location_names[i];
    return NULL;
}

uint32_t gql_directive_location_from_name(const char *name)
{
    for (size_t i = 0; i < NLOCATIONS; i++)
        if (strcmp(name, location_names[i]) == 0)
            return 1u << i;
    return 0;
}
