/* libFuzzer target: an HTTP request body as the GraphQL endpoint receives it,
 * decoded and, when it decodes, run through the whole engine (limits,
 * validation, coercion, execution) on a small schema with every kind of type. */
#include "graphql/gql.h"
#include "http/gql_request.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sdl[] =
    "type Query { a(x: Int, l: [String!], i: In, e: E = B): String!  o: O  u: [U]  n: Node "
    "list: [O!]! }\n"
    "type Mutation { m(v: In!): O }\n"
    "interface Node { id: ID! }\n"
    "type O implements Node { id: ID! name: String o: O f(x: Float = 1.5): Float }\n"
    "type P implements Node { id: ID! b: Boolean }\n"
    "union U = O | P\n"
    "enum E { A B C }\n"
    "input In { s: String!, n: [Int] = [1], nested: In }\n"
    "scalar JSON\n";

static struct gql_engine *engine;
static json_t *root;

static struct gql_engine *get_engine(void)
{
    if (engine)
        return engine;
    struct gql_schema_config cfg = {.sdl = sdl};
    char *err = NULL;
    struct gql_schema *s = gql_schema_build(&cfg, &err);
    if (!s)
        abort();
    struct gql_limits limits = GQL_DEFAULT_LIMITS;
    limits.cache_entries = 16;
    engine = gql_engine_new(s, &limits);
    root = json_loads("{\"a\":\"x\",\"o\":{\"id\":\"1\",\"name\":\"n\",\"o\":{\"id\":2}},"
                      "\"u\":[{\"__typename\":\"O\",\"id\":\"1\"},{\"__typename\":\"P\",\"b\":1},"
                      "{\"__typename\":\"Nope\"},null],\"n\":{\"__typename\":\"P\",\"id\":\"p\"},"
                      "\"list\":[{\"id\":\"1\"},null]}",
                      0, NULL);
    return engine;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct http_gql_request r;
    const char *err;
    if (http_gql_request_decode((const char *)data, size, &r, &err) != 0)
        return 0;
    struct gql_request req = {.query = r.query, .query_len = r.query_len,
                              .variables = r.variables, .operation_name = r.operation_name,
                              .root_value = root};
    struct nt_buf out;
    nt_buf_init(&out, 1 << 20);
    gql_execute(get_engine(), &req, &out);
    nt_buf_free(&out);
    http_gql_request_clear(&r);
    return 0;
}
