#include "check.h"
#include "graphql/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct gql_document *parse_ok(const char *src)
{
    struct gql_parse_error err;
    struct gql_document *doc = gql_parse(src, strlen(src), 0, &err);
    if (!doc)
        check__fail(__FILE__, __LINE__, "unexpected parse error: %s at %u:%u", err.message,
                    err.loc.line, err.loc.column);
    return doc;
}

static void expect_error(const char *src, const char *message, unsigned line, unsigned column)
{
    struct gql_parse_error err;
    struct gql_document *doc = gql_parse(src, strlen(src), 0, &err);
    CHECK(doc == NULL);
    gql_document_free(doc);
    CHECK_EQ_STR(err.message, message);
    CHECK_EQ_INT(err.loc.line, line);
    CHECK_EQ_INT(err.loc.column, column);
}

static void parse_kitchen_sink_query(void)
{
    const char *src = "query Q($id: ID! = \"x\", $list: [Int!]! @d) @op {\n"
                      "  alias: field(a: 1, b: 2.5e3, c: \"s\", d: true, e: null, f: ENUM,\n"
                      "               g: [1, $id], h: {k: {n: \"v\"}}) @include(if: true) {\n"
                      "    ... on T { x }\n"
                      "    ...Frag @skip(if: false)\n"
                      "    ... @d { y }\n"
                      "  }\n"
                      "}\n"
                      "fragment Frag on T { z }\n";
    struct gql_document *doc = parse_ok(src);
    if (!doc)
        return;
    CHECK_EQ_INT(doc->ndefs, 2);
    struct gql_operation *op = doc->defs[0].u.operation;
    CHECK_EQ_INT(op->kind, GQL_OP_QUERY);
    CHECK_EQ_STR(op->name, "Q");
    CHECK_EQ_INT(op->nvars, 2);
    CHECK_EQ_STR(op->vars[0].name, "id");
    CHECK_EQ_INT(op->vars[0].type->kind, GQL_REF_NON_NULL);
    CHECK_EQ_STR(op->vars[0].type->of->name, "ID");
    CHECK_EQ_STR(op->vars[0].default_value->str, "x");
    CHECK_EQ_INT(op->vars[1].type->of->kind, GQL_REF_LIST);
    CHECK_EQ_INT(op->vars[1].ndirectives, 1);
    CHECK_EQ_INT(op->ndirectives, 1);
    struct gql_selection *f = &op->selection_set->items[0];
    CHECK_EQ_STR(f->alias, "alias");
    CHECK_EQ_STR(f->name, "field");
    CHECK_EQ_INT(f->loc.line, 2);
    CHECK_EQ_INT(f->loc.column, 3);
    CHECK_EQ_INT(f->nargs, 8);
    CHECK_EQ_INT(f->args[0].value->kind, GQL_VALUE_INT);
    CHECK_EQ_INT(f->args[1].value->kind, GQL_VALUE_FLOAT);
    CHECK_EQ_STR(f->args[1].value->str, "2.5e3");
    CHECK_EQ_INT(f->args[3].value->boolean, 1);
    CHECK_EQ_INT(f->args[4].value->kind, GQL_VALUE_NULL);
    CHECK_EQ_INT(f->args[5].value->kind, GQL_VALUE_ENUM);
    CHECK_EQ_INT(f->args[6].value->items[1]->kind, GQL_VALUE_VARIABLE);
    CHECK_EQ_STR(f->args[6].value->items[1]->str, "id");
    CHECK_EQ_STR(f->args[7].value->fields[0].value->fields[0].value->str, "v");
    CHECK_EQ_INT(f->selection_set->count, 3);
    CHECK_EQ_INT(f->selection_set->items[0].kind, GQL_SEL_INLINE_FRAGMENT);
    CHECK_EQ_STR(f->selection_set->items[0].type_condition, "T");
    CHECK_EQ_INT(f->selection_set->items[1].kind, GQL_SEL_FRAGMENT_SPREAD);
    CHECK_EQ_STR(f->selection_set->items[1].name, "Frag");
    CHECK(f->selection_set->items[2].type_condition == NULL);
    CHECK_EQ_STR(doc->defs[1].u.fragment->type_condition, "T");
    gql_document_free(doc);
}

static void parse_kitchen_sink_sdl(void)
{
    const char *src = "\"\"\"\n  The schema.\n\"\"\"\n"
                      "schema @x { query: Q mutation: M }\n"
                      "\"An object\" type O implements & I & J @d(a: 1) {\n"
                      "  \"field\" f(\"arg\" a: Int = 3 @deprecated): [String!] @deprecated(reason: \"no\")\n"
                      "}\n"
                      "interface I implements J { f: Int }\n"
                      "union U = | A | B\n"
                      "enum E { A @deprecated B }\n"
                      "input In { a: Int! = 1, b: [In] }\n"
                      "scalar Date @specifiedBy(url: \"https://x\")\n"
                      "directive @d(a: Int) repeatable on | FIELD | OBJECT\n"
                      "extend type O { g: Int }\n"
                      "extend schema @y\n";
    struct gql_document *doc = parse_ok(src);
    if (!doc)
        return;
    CHECK_EQ_INT(doc->ndefs, 10);
    CHECK_EQ_STR(doc->defs[0].u.schema->description, "The schema.");
    CHECK_EQ_INT(doc->defs[0].u.schema->nops, 2);
    struct gql_typedef_ast *o = doc->defs[1].u.type;
    CHECK_EQ_STR(o->description, "An object");
    CHECK_EQ_INT(o->ninterfaces, 2);
    CHECK_EQ_STR(o->fields[0].args[0].description, "arg");
    CHECK_EQ_STR(o->fields[0].args[0].default_value->str, "3");
    CHECK_EQ_INT(doc->defs[3].u.type->nmembers, 2);
    CHECK_EQ_INT(doc->defs[4].u.type->nvalues, 2);
    CHECK_EQ_INT(doc->defs[5].u.type->ninput_fields, 2);
    struct gql_directive_def_ast *d = doc->defs[7].u.directive;
    CHECK(d->repeatable);
    CHECK_EQ_INT(d->locations, GQL_DL_FIELD | GQL_DL_OBJECT);
    CHECK(doc->defs[8].u.type->is_extension);
    CHECK(doc->defs[9].u.schema->is_extension);
    gql_document_free(doc);
}

static void block_string_is_dedented(void)
{
    struct gql_document *doc = parse_ok("{ f(a: \"\"\"\n\n    first\n      second\n    \\\"\"\"\n\n  \"\"\") }");
    if (!doc)
        return;
    CHECK_EQ_STR(doc->defs[0].u.operation->selection_set->items[0].args[0].value->str,
                 "first\n  second\n\"\"\"");
    gql_document_free(doc);
}

static void string_escapes_are_decoded(void)
{
    struct gql_document *doc =
        parse_ok("{ f(a: \"\\u00e6 \\u{1F600} \\uD83D\\uDE00 \\n\\t\\\"\\\\\\/\") }");
    if (!doc)
        return;
    CHECK_EQ_STR(doc->defs[0].u.operation->selection_set->items[0].args[0].value->str,
                 "\xC3\xA6 \xF0\x9F\x98\x80 \xF0\x9F\x98\x80 \n\t\"\\/");
    gql_document_free(doc);
}

static void columns_count_code_points(void)
{
    struct gql_document *doc = parse_ok("{ f(a: \"æøå\") g }");
    if (!doc)
        return;
    CHECK_EQ_INT(doc->defs[0].u.operation->selection_set->items[1].loc.column, 15);
    gql_document_free(doc);
}

static void syntax_errors_have_messages_and_locations(void)
{
    expect_error("", "Syntax Error: Unexpected <EOF>.", 1, 1);
    expect_error("{", "Syntax Error: Expected Name, found <EOF>.", 1, 2);
    expect_error("query Q {\n  f(a: )\n}", "Syntax Error: Unexpected \")\".", 2, 8);
    expect_error("{ f }}", "Syntax Error: Unexpected \"}\".", 1, 6);
    expect_error("notakeyword { f }", "Syntax Error: Unexpected Name \"notakeyword\".", 1, 1);
    expect_error("fragment on on T { f }", "Syntax Error: Unexpected Name \"on\".", 1, 10);
    expect_error("{ f(a: \"abc) }", "Syntax Error: Unterminated string.", 1, 15);
    expect_error("{ f(a: 01) }", "Syntax Error: Invalid number, unexpected digit after 0: \"1\".",
                 1, 9);
    expect_error("{ f(a: 1.x) }", "Syntax Error: Invalid number, expected digit but got: \"x\".", 1,
                 10);
    expect_error("{ f(a: 1x) }", "Syntax Error: Invalid number, expected digit but got: \"x\".", 1,
                 9);
    expect_error("{ f % }", "Syntax Error: Unexpected character: \"%\".", 1, 5);
    expect_error("{ f(a: \"\\x\") }", "Syntax Error: Invalid character escape sequence: \"\\x\".",
                 1, 9);
    expect_error("{ f(a: \"\\uD800\") }",
                 "Syntax Error: Invalid Unicode escape sequence: \"\\uD800\".", 1, 9);
    expect_error("query Q($a: Int = $b) { f }",
                 "Syntax Error: Unexpected variable \"$b\" in constant value.", 1, 19);
    expect_error("query { }", "Syntax Error: Expected Name, found \"}\".", 1, 9);
    expect_error("enum E { true }",
                 "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.", 1,
                 10);
    expect_error("extend type T", "Syntax Error: Unexpected <EOF>.", 1, 14);
    expect_error("directive @d on NOWHERE", "Syntax Error: Unexpected Name \"NOWHERE\".", 1, 17);
}

static void token_limit_is_enforced(void)
{
    struct gql_parse_error err;
    const char *src = "{ a b c d e f }";
    struct gql_document *doc = gql_parse(src, strlen(src), 5, &err);
    CHECK(doc == NULL);
    CHECK(err.limit_exceeded);
    CHECK_CONTAINS(err.message, "more that 5 tokens");
    doc = gql_parse(src, strlen(src), 8, &err);
    CHECK(doc != NULL);
    CHECK_EQ_INT(doc ? doc->ntokens : 0, 8);
    gql_document_free(doc);
}

static void deep_nesting_is_rejected(void)
{
    size_t depth = 100000;
    char *src = malloc(depth * 2 + 32);
    size_t n = 0;
    n += (size_t)sprintf(src, "{ f(a: ");
    for (size_t i = 0; i < depth; i++)
        src[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        src[n++] = ']';
    n += (size_t)sprintf(src + n, ") }");
    struct gql_parse_error err;
    struct gql_document *doc = gql_parse(src, n, 0, &err);
    CHECK(doc == NULL);
    CHECK_CONTAINS(err.message, "nesting");
    free(src);
}

static const struct check_case cases[] = {
    {"parse_kitchen_sink_query", parse_kitchen_sink_query},
    {"parse_kitchen_sink_sdl", parse_kitchen_sink_sdl},
    {"block_string_is_dedented", block_string_is_dedented},
    {"string_escapes_are_decoded", string_escapes_are_decoded},
    {"columns_count_code_points", columns_count_code_points},
    {"syntax_errors_have_messages_and_locations", syntax_errors_have_messages_and_locations},
    {"token_limit_is_enforced", token_limit_is_enforced},
    {"deep_nesting_is_rejected", deep_nesting_is_rejected},
};

CHECK_MAIN("graphql/parse", cases)
