/* Every validation rule of spec section 5: a document that breaks it, the
 * message graphql-js gives and where; and documents that are valid. */
#include "check.h"
#include "graphql/gql.h"
#include "graphql/parse.h"
#include "graphql/validate.h"

#include <stdlib.h>
#include <string.h>

static const char *sdl =
    "type Query { dog: Dog pets: [Pet] pet(id: ID!): Pet human(name: String = \"x\"): Human "
    "find(f: Filter!, e: Color = RED, n: Int): Pet }\n"
    "type Mutation { rename(id: ID!, name: String!): Dog }\n"
    "type Subscription { barked: Dog tick: Int }\n"
    "interface Pet { name: String! }\n"
    "type Dog implements Pet { name: String! barks: Boolean size(unit: Unit = CM): Int owner: Human }\n"
    "type Cat implements Pet { name: String! meows: Boolean size: String }\n"
    "type Human { name: String pets: [Pet!] }\n"
    "union Animal = Dog | Cat\n"
    "enum Color { RED GREEN }\n"
    "enum Unit { CM INCH }\n"
    "input Filter { name: String!, color: Color, tags: [String!] }\n";

static struct gql_schema *schema;

/* Validates src; returns the errors as compact JSON (caller frees). */
static char *validate(const char *src)
{
    if (!schema) {
        struct gql_schema_config cfg = {.sdl = sdl};
        char *err = NULL;
        schema = gql_schema_build(&cfg, &err);
        if (!schema) {
            check__fail(__FILE__, __LINE__, "schema: %s", err);
            return strdup("");
        }
    }
    struct gql_parse_error perr;
    struct gql_document *doc = gql_parse(src, strlen(src), 0, &perr);
    if (!doc) {
        check__fail(__FILE__, __LINE__, "parse: %s", perr.message);
        return strdup("");
    }
    json_t *errors = json_array();
    gql_validate(schema, doc, errors, 100);
    char *out = json_dumps(errors, JSON_COMPACT);
    json_decref(errors);
    gql_document_free(doc);
    return out;
}

static void expect_valid(const char *src)
{
    char *got = validate(src);
    CHECK_EQ_STR(got, "[]");
    free(got);
}

/* expected: a fragment of the errors JSON (message and/or locations) */
static void expect_error(const char *src, const char *expected)
{
    char *got = validate(src);
    CHECK_CONTAINS(got, expected);
    free(got);
}

static void valid_documents_pass(void)
{
    expect_valid("{ dog { name barks size(unit: INCH) owner { name } } }");
    expect_valid("query Q($id: ID!) { pet(id: $id) { name ... on Dog { barks } } }");
    expect_valid("{ pets { ...P } } fragment P on Pet { name ... on Cat { meows } }");
    expect_valid("query ($f: Filter = {name: \"a\"}) { find(f: $f) { name } }");
    expect_valid("{ find(f: {name: \"x\", tags: \"one\"}, e: GREEN) { __typename } }");
    expect_valid("{ pets { ... on Dog { s: barks } ... on Cat { s: meows } } }");
    expect_valid("mutation { rename(id: 1, name: \"n\") { name } }");
    expect_valid("subscription { barked { name } }");
    expect_valid("{ dog { name @include(if: true) name } }");
}

static void executable_definitions_and_operation_names(void)
{
    expect_error("{ dog { name } } type X { a: Int }",
                 "{\"message\":\"The \\\"X\\\" definition is not executable.\",\"locations\":[{\"line\":1,\"column\":18}]}");
    expect_error("query A { dog { name } } query A { pets { name } }",
                 "\"There can be only one operation named \\\"A\\\".\",\"locations\":[{\"line\":1,\"column\":7},{\"line\":1,\"column\":32}]");
    expect_error("{ dog { name } } query B { dog { name } }",
                 "This anonymous operation must be the only defined operation.");
}

static void fields_and_leaves(void)
{
    expect_error("{ dog { nope } }",
                 "{\"message\":\"Cannot query field \\\"nope\\\" on type \\\"Dog\\\". Did you mean \\\"name\\\"?\",\"locations\":[{\"line\":1,\"column\":9}]}");
    expect_error("{ dog { name { x } } }",
                 "Field \\\"name\\\" must not have a selection since type \\\"String!\\\" has no subfields.");
    expect_error("{ dog }", "Field \\\"dog\\\" of type \\\"Dog\\\" must have a selection of subfields.");
    expect_error("{ pets { barks } }", "Cannot query field \\\"barks\\\" on type \\\"Pet\\\". Did you mean to use "
                                       "an inline fragment on \\\"Dog\\\"?");
    expect_error("{ dog { size(unitt: CM) } }", "Unknown argument \\\"unitt\\\" on field \\\"Dog.size\\\". Did "
                                               "you mean \\\"unit\\\"?");
    expect_error("{ dog { size(unit: cm) } }", "Value \\\"cm\\\" does not exist in \\\"Unit\\\" enum. Did you "
                                              "mean the enum value \\\"CM\\\"?");
}

static void arguments(void)
{
    expect_error("{ dog { size(foo: 1) } }", "Unknown argument \\\"foo\\\" on field \\\"Dog.size\\\".");
    expect_error("{ pet { name } }",
                 "Field \\\"pet\\\" argument \\\"id\\\" of type \\\"ID!\\\" is required, but it was not provided.");
    expect_error("{ dog { size(unit: CM, unit: INCH) } }",
                 "\"There can be only one argument named \\\"unit\\\".\",\"locations\":[{\"line\":1,\"column\":14},{\"line\":1,\"column\":24}]");
    expect_error("{ dog { name @include } }",
                 "Directive \\\"@include\\\" argument \\\"if\\\" of type \\\"Boolean!\\\" is required");
    expect_error("{ dog { name @skip(if: true, x: 1) } }", "Unknown argument \\\"x\\\" on directive \\\"@skip\\\".");
}

static void values_of_correct_type(void)
{
    expect_error("{ dog { size(unit: MM) } }", "Value \\\"MM\\\" does not exist in \\\"Unit\\\" enum.");
    expect_error("{ dog { size(unit: \"CM\") } }", "Enum \\\"Unit\\\" cannot represent non-enum value: \\\"CM\\\".");
    expect_error("{ find(f: {name: \"a\"}, n: \"x\") { name } }",
                 "Int cannot represent non-integer value: \\\"x\\\"");
    expect_error("{ find(f: {name: \"a\"}, n: 2147483648) { name } }",
                 "Int cannot represent non 32-bit signed integer value: 2147483648");
    expect_error("{ find(f: {color: RED}) { name } }",
                 "Field \\\"Filter.name\\\" of required type \\\"String!\\\" was not provided.");
    expect_error("{ find(f: {name: \"a\", nope: 1}) { name } }",
                 "Field \\\"nope\\\" is not defined by type \\\"Filter\\\".");
    expect_error("{ find(f: {name: \"a\", name: \"b\"}) { name } }",
                 "There can be only one input field named \\\"name\\\".");
    expect_error("{ pet(id: null) { name } }", "Expected value of type \\\"ID!\\\", found null.");
    expect_error("{ find(f: \"x\") { name } }", "Expected value of type \\\"Filter!\\\", found \\\"x\\\".");
}

static void directives(void)
{
    expect_error("{ dog @nope { name } }", "Unknown directive \\\"@nope\\\".");
    expect_error("query @skip(if: true) { dog { name } }", "Directive \\\"@skip\\\" may not be used on QUERY.");
    expect_error("{ dog { name @skip(if: true) @skip(if: false) } }",
                 "The directive \\\"@skip\\\" can only be used once at this location.");
}

static void fragments(void)
{
    expect_error("{ dog { ...Nope } }", "Unknown fragment \\\"Nope\\\".");
    expect_error("{ dog { name } } fragment F on Dog { name }",
                 "{\"message\":\"Fragment \\\"F\\\" is never used.\",\"locations\":[{\"line\":1,\"column\":18}]}");
    expect_error("{ dog { ...F } } fragment F on Dog { name } fragment F on Dog { barks }",
                 "There can be only one fragment named \\\"F\\\".");
    expect_error("{ dog { ...F } } fragment F on Color { x }",
                 "Fragment \\\"F\\\" cannot condition on non composite type \\\"Color\\\".");
    expect_error("{ dog { ... on Nope { x } } }", "Unknown type \\\"Nope\\\".");
    expect_error("{ dog { ... on Cat { meows } } }",
                 "Fragment cannot be spread here as objects of type \\\"Dog\\\" can never be of type \\\"Cat\\\".");
    expect_error("{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { ...A }",
                 "Cannot spread fragment \\\"A\\\" within itself via \\\"B\\\".");
}

static void variables(void)
{
    expect_error("query Q($x: Int, $x: Int) { find(f: {name: \"a\"}, n: $x) { name } }",
                 "There can be only one variable named \\\"$x\\\".");
    expect_error("query Q($x: Dog) { dog { name } }", "Variable \\\"$x\\\" cannot be non-input type \\\"Dog\\\".");
    expect_error("query Q { pet(id: $id) { name } }",
                 "{\"message\":\"Variable \\\"$id\\\" is not defined by operation \\\"Q\\\".\",\"locations\":[{\"line\":1,\"column\":19},{\"line\":1,\"column\":1}]}");
    expect_error("query Q($x: Int) { dog { name } }", "Variable \\\"$x\\\" is never used in operation \\\"Q\\\".");
    expect_error("query Q($x: String) { pet(id: $x) { name } }",
                 "Variable \\\"$x\\\" of type \\\"String\\\" used in position expecting type \\\"ID!\\\".");
    expect_valid("query Q($x: ID = \"1\") { pet(id: $x) { name } }");
    expect_error("query Q { ...F } fragment F on Query { pet(id: $y) { name } }",
                 "Variable \\\"$y\\\" is not defined by operation \\\"Q\\\".");
}

static void overlapping_fields(void)
{
    expect_error("{ dog { x: name x: barks } }",
                 "Fields \\\"x\\\" conflict because \\\"name\\\" and \\\"barks\\\" are different fields.");
    expect_error("{ dog { size(unit: CM) size(unit: INCH) } }",
                 "Fields \\\"size\\\" conflict because they have differing arguments.");
    expect_error("{ pets { ... on Dog { s: size } ... on Cat { s: size } } }",
                 "they return conflicting types \\\"Int\\\" and \\\"String\\\"");
    expect_error("{ dog { owner { name } owner { n: name name: pets { name } } } }",
                 "Fields \\\"owner\\\" conflict because subfields \\\"name\\\" conflict because");
    expect_error("{ dog { ...A ...B } } fragment A on Dog { x: name } fragment B on Dog { x: barks }",
                 "Fields \\\"x\\\" conflict");
}

static void subscriptions(void)
{
    expect_error("subscription S { barked { name } tick }",
                 "Subscription \\\"S\\\" must select only one top level field.");
}

static void error_limit(void)
{
    char src[4096] = "{ dog { ";
    for (int i = 0; i < 120; i++)
        strcat(src, "n ");
    strcat(src, "} }");
    char *got = validate(src);
    CHECK_CONTAINS(got, "Too many validation errors, error limit reached. Validation aborted.");
    free(got);
    gql_schema_free(schema);
    schema = NULL;
}

static const struct check_case cases[] = {
    {"valid_documents_pass", valid_documents_pass},
    {"executable_definitions_and_operation_names", executable_definitions_and_operation_names},
    {"fields_and_leaves", fields_and_leaves},
    {"arguments", arguments},
    {"values_of_correct_type", values_of_correct_type},
    {"directives", directives},
    {"fragments", fragments},
    {"variables", variables},
    {"overlapping_fields", overlapping_fields},
    {"subscriptions", subscriptions},
    {"error_limit", error_limit},
};

CHECK_MAIN("graphql/validate", cases)
