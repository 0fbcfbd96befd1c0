#include "graphql/ast.h"

#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

void gql_document_free(struct gql_document *doc)
{
    if (!doc)
        return;
    nt_arena_free(&doc->arena);
    free(doc);
}

const struct gql_fragment *gql_document_fragment(const struct gql_document *doc, const char *name)
{
    for (size_t i = 0; i < doc->ndefs; i++)
        if (doc->defs[i].kind == GQL_DEF_FRAGMENT &&
            strcmp(doc->defs[i].u.fragment->name, name) == 0)
            return doc->defs[i].u.fragment;
    return NULL;
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

void gql_print_value(const struct gql_value *v, struct nt_buf *out)
{
    switch (v->kind) {
    case GQL_VALUE_VARIABLE: nt_buf_printf(out, "$%s", v->str); break;
    case GQL_VALUE_INT:
    case GQL_VALUE_FLOAT:
    case GQL_VALUE_ENUM: nt_buf_puts(out, v->str); break;
    case GQL_VALUE_STRING: nt_buf_json_str(out, v->str, v->len); break;
    case GQL_VALUE_BOOLEAN: nt_buf_puts(out, v->boolean ? "true" : "false"); break;
    case GQL_VALUE_NULL: nt_buf_puts(out, "null"); break;
    case GQL_VALUE_LIST:
        nt_buf_putc(out, '[');
        for (size_t i = 0; i < v->count; i++) {
            if (i)
                nt_buf_puts(out, ", ");
            gql_print_value(v->items[i], out);
        }
        nt_buf_putc(out, ']');
        break;
    case GQL_VALUE_OBJECT:
        nt_buf_putc(out, '{');
        for (size_t i = 0; i < v->count; i++) {
            nt_buf_printf(out, "%s%s: ", i ? ", " : "", v->fields[i].name);
            gql_print_value(v->fields[i].value, out);
        }
        nt_buf_putc(out, '}');
        break;
    }
}

