/* libFuzzer target: the GraphQL parser must accept or reject any input
 * without crashing, leaking or recursing without bound. */
#include "graphql/parse.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gql_parse_error err;
    struct gql_document *doc = gql_parse((const char *)data, size, 20000, &err);
    gql_document_free(doc);
    return 0;
}
