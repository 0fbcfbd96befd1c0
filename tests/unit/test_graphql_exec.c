#include "check.h"
#include "graphql/gql.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sdl =
    "\"The root\" type Query {\n"
    "  hello(name: String = \"world\"): String!\n"
    "  pets: [Pet!]!\n"
    "  maybe: Pet\n"
    "  broken: String!\n"
    "  brokenNullable: String\n"
    "  nums(n: Int!, list: [Int!]): [Int]\n"
    "  search(in: Filter!): String\n"
    "  color(c: Color = RED): Color\n"
    "  old: Int @deprecated(reason: \"gone\")\n"
    "  badInt: Int\n"
    "}\n"
    "type Mutation { add(n: Int!): Int! }\n"
    "interface Pet { name: String! }\n"
    "type Dog implements Pet { name: String! barks: Boolean owner: Owner }\n"
    "type Cat implements Pet { name: String! lives: Int }\n"
    "type Owner { name: String! nick: String! }\n"
    "union Thing = Dog | Cat\n"
    "enum Color { RED GREEN @deprecated BLUE }\n"
    "input Filter { term: String!, limit: Int = 10, tags: [String!] }\n";

static int resolve_hello(struct gql_resolve_info *info, json_t *parent, json_t *args,
                         json_t **out)
{
    (void)info;
    (void)parent;
    *out = json_sprintf("hello %s", json_string_value(json_object_get(args, "name")));
    return 0;
}

static int resolve_broken(struct gql_resolve_info *info, json_t *parent, json_t *args,
                          json_t **out)
{
    (void)parent;
    (void)args;
    (void)out;
    return gql_resolve_fail(info, "it broke");
}

static int resolve_echo_args(struct gql_resolve_info *info, json_t *parent, json_t *args,
                             json_t **out)
{
    (void)info;
    (void)parent;
    char *text = json_dumps(args, JSON_COMPACT);
    *out = json_string(text);
    free(text);
    return 0;
}

static int resolve_nums(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    (void)info;
    (void)parent;
    json_t *a = json_array();
    for (json_int_t i = 0; i < json_integer_value(json_object_get(args, "n")); i++)
        json_array_append_new(a, i == 1 ? json_null() : json_integer(i));
    *out = a;
    return 0;
}

static int counter;

static int resolve_add(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    (void)info;
    (void)parent;
    counter = counter * 10 + (int)json_integer_value(json_object_get(args, "n"));
    *out = json_integer(counter);
    return 0;
}

static int resolve_color(struct gql_resolve_info *info, json_t *parent, json_t *args,
                         json_t **out)
{
    (void)info;
    (void)parent;
    *out = json_incref(json_object_get(args, "c"));
    return 0;
}

static const struct gql_binding bindings[] = {
    {"Query", "hello", resolve_hello},   {"Query", "broken", resolve_broken},
    {"Query", "brokenNullable", resolve_broken}, {"Query", "search", resolve_echo_args},
    {"Query", "nums", resolve_nums},     {"Query", "color", resolve_color},
    {"Mutation", "add", resolve_add},
};

static struct gql_schema *schema;
static struct gql_engine *engine;

static json_t *root_value(void)
{
    return json_pack("{s:[{s:s,s:s,s:b,s:{s:s,s:n}},{s:s,s:s,s:i}],s:n,s:f}", "pets", "__typename",
                     "Dog", "name", "Rex", "barks", 1, "owner", "name", "Ann", "nick", "__typename",
                     "Cat", "name", "Tom", "lives", 9, "maybe", "badInt", 1.5);
}

static char *run(const char *query, const char *vars_json)
{
    if (!engine) {
        char *err = NULL;
        struct gql_schema_config cfg = {.sdl = sdl, .resolvers = bindings,
                                        .nresolvers = sizeof bindings / sizeof bindings[0]};
        schema = gql_schema_build(&cfg, &err);
        if (!schema) {
            check__fail(__FILE__, __LINE__, "schema: %s", err);
            free(err);
            return strdup("");
        }
        engine = gql_engine_new(schema, NULL);
    }
    json_t *vars = vars_json ? json_loads(vars_json, 0, NULL) : NULL;
    json_t *root = root_value();
    struct gql_request req = {.query = query, .query_len = strlen(query), .variables = vars,
                              .root_value = root};
    struct nt_buf out;
    nt_buf_init(&out, 0);
    gql_execute(engine, &req, &out);
    json_decref(vars);
    json_decref(root);
    return nt_buf_steal(&out, NULL);
}

#define EXPECT(query, vars, expected)                                                            \
    do {                                                                                         \
        char *got_ = run(query, vars);                                                           \
        CHECK_EQ_STR(got_, expected);                                                            \
        free(got_);                                                                              \
    } while (0)

static void executes_fields_arguments_and_defaults(void)
{
    EXPECT("{ hello a: hello(name: \"x\") }", NULL,
           "{\"data\":{\"hello\":\"hello world\",\"a\":\"hello x\"}}");
    EXPECT("query Q($n: String) { hello(name: $n) }", "{\"n\":\"v\"}",
           "{\"data\":{\"hello\":\"hello v\"}}");
    EXPECT("{ search(in: {term: \"t\"}) }", NULL,
           "{\"data\":{\"search\":\"{\\\"in\\\":{\\\"term\\\":\\\"t\\\",\\\"limit\\\":10}}\"}}");
    EXPECT("{ color }", NULL, "{\"data\":{\"color\":\"RED\"}}");
}

static void abstract_types_fragments_and_typename(void)
{
    EXPECT("{ pets { __typename name ... on Dog { barks owner { name } } ...C } }"
           " fragment C on Cat { lives }",
           NULL,
           "{\"data\":{\"pets\":[{\"__typename\":\"Dog\",\"name\":\"Rex\",\"barks\":true,"
           "\"owner\":{\"name\":\"Ann\"}},{\"__typename\":\"Cat\",\"name\":\"Tom\",\"lives\":9}]}}");
    EXPECT("{ maybe { name } }", NULL, "{\"data\":{\"maybe\":null}}");
}

/* Collected fields are reused per selection group and object type: a
 * fragment's field merged with a sibling in one parent and alone in
 * another must give each parent its own sub-selection, and the items of
 * a list of two types each their type's fields. */
static void collected_fields_per_group_and_type(void)
{
    EXPECT("{ pets { ... on Dog { ...F owner { __typename } } } a: pets { ... on Dog { ...F } } }"
           " fragment F on Dog { owner { name } }",
           NULL,
           "{\"data\":{\"pets\":[{\"owner\":{\"name\":\"Ann\",\"__typename\":\"Owner\"}},{}],"
           "\"a\":[{\"owner\":{\"name\":\"Ann\"}},{}]}}");
    EXPECT("query ($s: Boolean!) { pets { name @skip(if: $s) ... on Cat { lives } } }",
           "{\"s\":true}", "{\"data\":{\"pets\":[{},{\"lives\":9}]}}");
}

static void skip_and_include(void)
{
    EXPECT("query ($s: Boolean!) { hello @skip(if: $s) color @include(if: false) old }",
           "{\"s\":true}", "{\"data\":{\"old\":null}}");
}

static void errors_propagate_to_nearest_nullable(void)
{
    EXPECT("{ brokenNullable hello }", NULL,
           "{\"errors\":[{\"message\":\"it broke\",\"locations\":[{\"line\":1,\"column\":3}],"
           "\"path\":[\"brokenNullable\"]}],\"data\":{\"brokenNullable\":null,\"hello\":\"hello "
           "world\"}}");
    EXPECT("{ hello broken }", NULL,
           "{\"errors\":[{\"message\":\"it broke\",\"locations\":[{\"line\":1,\"column\":9}],"
           "\"path\":[\"broken\"]}],\"data\":null}");
    EXPECT("{ pets { ... on Dog { owner { nick } } } }", NULL,
           "{\"errors\":[{\"message\":\"Cannot return null for non-nullable field Owner.nick.\","
           "\"locations\":[{\"line\":1,\"column\":31}],\"path\":[\"pets\",0,\"owner\",\"nick\"]}],"
           "\"data\":{\"pets\":[{\"owner\":null},{}]}}");
    EXPECT("{ badInt }", NULL,
           "{\"errors\":[{\"message\":\"Int cannot represent non-integer value: 1.5\","
           "\"locations\":[{\"line\":1,\"column\":3}],\"path\":[\"badInt\"]}],\"data\":{\"badInt\":"
           "null}}");
}

static void lists_with_null_items(void)
{
    EXPECT("{ nums(n: 3) }", NULL, "{\"data\":{\"nums\":[0,null,2]}}");
}

static void variable_coercion_errors(void)
{
    EXPECT("query ($n: Int!) { nums(n: $n) }", "{}",
           "{\"errors\":[{\"message\":\"Variable \\\"$n\\\" of required type \\\"Int!\\\" was not "
           "provided.\",\"locations\":[{\"line\":1,\"column\":8}]}]}");
    EXPECT("query ($n: Int!) { nums(n: $n) }", "{\"n\":\"x\"}",
           "{\"errors\":[{\"message\":\"Variable \\\"$n\\\" got invalid value \\\"x\\\"; Int cannot "
           "represent non-integer value: \\\"x\\\"\",\"locations\":[{\"line\":1,\"column\":8}]}]}");
    EXPECT("query ($f: Filter!) { search(in: $f) }", "{\"f\":{\"limit\":1}}",
           "{\"errors\":[{\"message\":\"Variable \\\"$f\\\" got invalid value { limit: 1 }; Field "
           "\\\"term\\\" of required type \\\"String!\\\" was not provided.\",\"locations\":[{"
           "\"line\":1,\"column\":8}]}]}");
    EXPECT("query ($f: Filter!) { search(in: $f) }", "{\"f\":{\"term\":\"a\",\"tags\":[\"x\",1]}}",
           "{\"errors\":[{\"message\":\"Variable \\\"$f\\\" got invalid value 1 at \\\"f.tags[1]\\\"; "
           "String cannot represent a non string value: 1\",\"locations\":[{\"line\":1,\"column\":"
           "8}]}]}");
}

static void validation_and_syntax_errors_are_request_errors(void)
{
    EXPECT("{ nope }", NULL,
           "{\"errors\":[{\"message\":\"Cannot query field \\\"nope\\\" on type \\\"Query\\\".\","
           "\"locations\":[{\"line\":1,\"column\":3}]}]}");
    EXPECT("{ hello(", NULL,
           "{\"errors\":[{\"message\":\"Syntax Error: Expected Name, found <EOF>.\",\"locations\":"
           "[{\"line\":1,\"column\":9}]}]}");
    EXPECT("query A { hello } query B { hello }", NULL,
           "{\"errors\":[{\"message\":\"Must provide operation name if query contains multiple "
           "operations.\"}]}");
}

static void mutations_run_in_order(void)
{
    counter = 0;
    EXPECT("mutation { a: add(n: 1) b: add(n: 2) c: add(n: 3) }", NULL,
           "{\"data\":{\"a\":1,\"b\":12,\"c\":123}}");
}

static void introspection_answers(void)
{
    EXPECT("{ __type(name: \"Color\") { kind enumValues(includeDeprecated: true) { name "
           "isDeprecated } } }",
           NULL,
           "{\"data\":{\"__type\":{\"kind\":\"ENUM\",\"enumValues\":[{\"name\":\"RED\","
           "\"isDeprecated\":false},{\"name\":\"GREEN\",\"isDeprecated\":true},{\"name\":\"BLUE\","
           "\"isDeprecated\":false}]}}}");
    EXPECT("{ __schema { queryType { name } types { name } } }", NULL,
           "{\"data\":{\"__schema\":{\"queryType\":{\"name\":\"Query\"},\"types\":[{\"name\":"
           "\"Query\"},{\"name\":\"String\"},{\"name\":\"Int\"},{\"name\":\"Mutation\"},{"
           "\"name\":\"Pet\"},{\"name\":\"Dog\"},{\"name\":\"Boolean\"},{\"name\":\"Cat\"},{"
           "\"name\":\"Owner\"},{\"name\":\"Thing\"},{\"name\":\"Color\"},{\"name\":"
           "\"Filter\"},{\"name\":\"__Schema\"},{\"name\":\"__Type\"},{\"name\":"
           "\"__TypeKind\"},{\"name\":\"__Field\"},{\"name\":\"__InputValue\"},{\"name\":"
           "\"__EnumValue\"},{\"name\":\"__Directive\"},{\"name\":\"__DirectiveLocation\"}]}}}");
    EXPECT("{ __type(name: \"Query\") { fields { name args { name defaultValue } } } }", NULL,
           "{\"data\":{\"__type\":{\"fields\":[{\"name\":\"hello\",\"args\":[{\"name\":\"name\","
           "\"defaultValue\":\"\\\"world\\\"\"}]},{\"name\":\"pets\",\"args\":[]},{\"name\":\"maybe\","
           "\"args\":[]},{\"name\":\"broken\",\"args\":[]},{\"name\":\"brokenNullable\",\"args\":[]},"
           "{\"name\":\"nums\",\"args\":[{\"name\":\"n\",\"defaultValue\":null},{\"name\":\"list\","
           "\"defaultValue\":null}]},{\"name\":\"search\",\"args\":[{\"name\":\"in\",\"defaultValue\":"
           "null}]},{\"name\":\"color\",\"args\":[{\"name\":\"c\",\"defaultValue\":\"RED\"}]},{"
           "\"name\":\"badInt\",\"args\":[]}]}}}");
}

static void limits_are_enforced(void)
{
    struct gql_limits limits = {.max_depth = 2, .max_tokens = 40, .max_aliases = 1,
                                .cache_entries = 4};
    struct gql_engine *e = gql_engine_new(schema, &limits);
    const char *q[] = {"{ pets { ... on Dog { owner { name } } } }", "{ a: hello b: hello }",
                       "{ hello hello hello hello hello hello hello hello hello hello hello hello "
                       "hello hello hello hello hello hello hello hello hello hello hello hello "
                       "hello hello hello hello hello hello hello hello hello hello hello hello "
                       "hello hello hello hello hello hello hello hello hello hello hello hello }"};
    const char *want[] = {"depth", "aliases", "tokens"};
    for (int i = 0; i < 3; i++) {
        struct gql_request req = {.query = q[i], .query_len = strlen(q[i])};
        struct nt_buf out;
        nt_buf_init(&out, 0);
        CHECK_EQ_INT(gql_execute(e, &req, &out), GQL_STATUS_REQUEST_ERROR);
        CHECK_CONTAINS(nt_buf_str(&out), want[i]);
        nt_buf_free(&out);
    }
    gql_engine_free(e);
}

static void *hammer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++) {
        char q[64];
        snprintf(q, sizeof q, "{ hello(name: \"%d\") }", i % 20);
        char *got = run(q, NULL);
        char want[80];
        snprintf(want, sizeof want, "{\"data\":{\"hello\":\"hello %d\"}}", i % 20);
        if (strcmp(got, want) != 0)
            check__fail(__FILE__, __LINE__, "thread got %s", got);
        free(got);
    }
    return NULL;
}

static void concurrent_execution_through_one_engine(void)
{
    free(run("{ hello }", NULL));
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, hammer, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
}

static void two_schemas_are_independent(void)
{
    struct gql_schema_config cfg = {.sdl = "type Query { other: Int }"};
    char *err = NULL;
    struct gql_schema *s2 = gql_schema_build(&cfg, &err);
    CHECK(s2 != NULL);
    struct gql_engine *e2 = gql_engine_new(s2, NULL);
    struct gql_request req = {.query = "{ hello }", .query_len = 9};
    struct nt_buf out;
    nt_buf_init(&out, 0);
    gql_execute(e2, &req, &out);
    CHECK_CONTAINS(nt_buf_str(&out), "Cannot query field \\\"hello\\\"");
    nt_buf_free(&out);
    gql_engine_free(e2);
    gql_schema_free(s2);
}

static void invalid_sdl_is_rejected(void)
{
    const char *bad[][2] = {
        {"type Query { a: Nope }", "Unknown type \"Nope\""},
        {"type Query { a: Int } type Query { b: Int }", "only one type named \"Query\""},
        {"type Query { a: I } interface I { x: Int } type O implements I { y: Int }",
         "Interface field I.x expected but O does not provide it"},
        {"type Query { a: U } union U = Query | E enum E { A }", "can only include Object types"},
        {"type Mutation { a: Int }", "Query root type must be provided"},
        {"type Query { a(x: Query): Int }", "must be Input Type"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct gql_schema_config cfg = {.sdl = bad[i][0]};
        char *err = NULL;
        struct gql_schema *s = gql_schema_build(&cfg, &err);
        CHECK(s == NULL);
        CHECK_CONTAINS(err, bad[i][1]);
        free(err);
        gql_schema_free(s);
    }
    struct gql_binding b = {"Query", "missing", resolve_hello};
    struct gql_schema_config cfg = {.sdl = "type Query { a: Int }", .resolvers = &b, .nresolvers = 1};
    char *err = NULL;
    CHECK(gql_schema_build(&cfg, &err) == NULL);
    CHECK_CONTAINS(err, "Query.missing");
    free(err);
}

static void cleanup(void)
{
    gql_engine_free(engine);
    gql_schema_free(schema);
    engine = NULL;
    schema = NULL;
}

static const struct check_case cases[] = {
    {"executes_fields_arguments_and_defaults", executes_fields_arguments_and_defaults},
    {"abstract_types_fragments_and_typename", abstract_types_fragments_and_typename},
    {"collected_fields_per_group_and_type", collected_fields_per_group_and_type},
    {"skip_and_include", skip_and_include},
    {"errors_propagate_to_nearest_nullable", errors_propagate_to_nearest_nullable},
    {"lists_with_null_items", lists_with_null_items},
    {"variable_coercion_errors", variable_coercion_errors},
    {"validation_and_syntax_errors_are_request_errors",
     validation_and_syntax_errors_are_request_errors},
    {"mutations_run_in_order", mutations_run_in_order},
    {"introspection_answers", introspection_answers},
    {"limits_are_enforced", limits_are_enforced},
    {"concurrent_execution_through_one_engine", concurrent_execution_through_one_engine},
    {"two_schemas_are_independent", two_schemas_are_independent},
    {"invalid_sdl_is_rejected", invalid_sdl_is_rejected},
    {"cleanup", cleanup},
};

CHECK_MAIN("graphql/exec", cases)
