/* Lookups and type relations over a built schema (spec sections 3 and 5,
 * graphql-js typeComparators). */
#include "graphql/schema.h"

#include <string.h>

const struct gql_type *gql_schema_type(const struct gql_schema *s, const char *name)
{
    return nt_map_get(&s->types_by_name, name);
}

const struct gql_directive_def *gql_schema_directive(const struct gql_schema *s, const char *name)
{
    for (size_t i = 0; i < s->ndirectives; i++)
        if (strcmp(s->directives[i].name, name) == 0)
            return &s->directives[i];
    return NULL;
}

const struct gql_field_def *gql_schema_field(const struct gql_schema *s,
                                             const struct gql_type *parent, const char *name)
{
    if (name[0] == '_' && name[1] == '_') {
        if (strcmp(name, "__typename") == 0 && gql_type_is_composite(parent))
            return &s->meta_typename;
        if (parent == s->query && strcmp(name, "__schema") == 0)
            return &s->meta_schema;
        if (parent == s->query && strcmp(name, "__type") == 0)
            return &s->meta_type;
    }
    if (parent->kind != GQL_KIND_OBJECT && parent->kind != GQL_KIND_INTERFACE)
        return NULL;
    for (size_t i = 0; i < parent->nfields; i++)
        if (strcmp(parent->fields[i].name, name) == 0)
            return &parent->fields[i];
    return NULL;
}

const struct gql_input_value *gql_field_arg(const struct gql_field_def *f, const char *name)
{
    for (size_t i = 0; i < f->nargs; i++)
        if (strcmp(f->args[i].name, name) == 0)
            return &f->args[i];
    return NULL;
}

const struct gql_input_value *gql_input_field(const struct gql_type *t, const char *name)
{
    for (size_t i = 0; i < t->ninput_fields; i++)
        if (strcmp(t->input_fields[i].name, name) == 0)
            return &t->input_fields[i];
    return NULL;
}

const struct gql_enum_value_def *gql_enum_value(const struct gql_type *t, const char *name)
{
    for (size_t i = 0; i < t->nenum_values; i++)
        if (strcmp(t->enum_values[i].name, name) == 0)
            return &t->enum_values[i];
    return NULL;
}

struct gql_type *gql_type_from_ref(const struct gql_schema *s, const struct gql_type_ref *ref,
                                   struct nt_arena *arena)
{
    if (ref->kind == GQL_REF_NAMED)
        return nt_map_get(&s->types_by_name, ref->name);
    struct gql_type *inner = gql_type_from_ref(s, ref->of, arena);
    if (!inner)
        return NULL;
    struct gql_type *t = NT_ARENA_NEW(arena, struct gql_type);
    t->kind = ref->kind == GQL_REF_LIST ? GQL_KIND_LIST : GQL_KIND_NON_NULL;
    t->of_type = inner;
    return t;
}

const struct gql_type *gql_type_named(const struct gql_type *t)
{
    while (t && (t->kind == GQL_KIND_LIST || t->kind == GQL_KIND_NON_NULL))
        t = t->of_type;
    return t;
}

bool gql_type_is_input(const struct gql_type *t)
{
    t = gql_type_named(t);
    return t && (t->kind == GQL_KIND_SCALAR || t->kind == GQL_KIND_ENUM ||
                 t->kind == GQL_KIND_INPUT_OBJECT);
}

bool gql_type_is_output(const struct gql_type *t)
{
    t = gql_type_named(t);
    return t && t->kind != GQL_KIND_INPUT_OBJECT;
}

bool gql_type_is_leaf(const struct gql_type *t)
{
    return t && (t->kind == GQL_KIND_SCALAR || t->kind == GQL_KIND_ENUM);
}

bool gql_type_is_composite(const struct gql_type *t)
{
    return t && (t->kind == GQL_KIND_OBJECT || t->kind == GQL_KIND_INTERFACE ||
                 t->kind == GQL_KIND_UNION);
}

bool gql_type_is_abstract(const struct gql_type *t)
{
    return t && (t->kind == GQL_KIND_INTERFACE || t->kind == GQL_KIND_UNION);
}

bool gql_type_equal(const struct gql_type *a, const struct gql_type *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind)
        return false;
    if (a->kind == GQL_KIND_LIST || a->kind == GQL_KIND_NON_NULL)
        return gql_type_equal(a->of_type, b->of_type);
    return false;
}

bool gql_type_is_possible(const struct gql_type *abstract, const struct gql_type *object)
{
    for (size_t i = 0; i < abstract->npossible_types; i++)
        if (abstract->possible_types[i] == object)
            return true;
    return false;
}

static bool implements_interface(const struct gql_type *t, const struct gql_type *iface)
{
    for (size_t i = 0; i < t->ninterfaces; i++)
        if (t->interfaces[i] == iface)
            return true;
    return false;
}

bool gql_type_is_subtype(const struct gql_schema *s, const struct gql_type *sub,
                         const struct gql_type *super)
{
    (void)s;
    if (gql_type_equal(sub, super))
        return true;
    if (super->kind == GQL_KIND_NON_NULL)
        return sub->kind == GQL_KIND_NON_NULL && gql_type_is_subtype(s, sub->of_type, super->of_type);
    if (sub->kind == GQL_KIND_NON_NULL)
        return gql_type_is_subtype(s, sub->of_type, super);
    if (super->kind == GQL_KIND_LIST)
        return sub->kind == GQL_KIND_LIST && gql_type_is_subtype(s, sub->of_type, super->of_type);
    if (sub->kind == GQL_KIND_LIST)
        return false;
    if (gql_type_is_abstract(super) &&
        (sub->kind == GQL_KIND_OBJECT || sub->kind == GQL_KIND_INTERFACE)) {
        if (super->kind == GQL_KIND_INTERFACE)
            return implements_interface(sub, super);
        return gql_type_is_possible(super, sub);
    }
    return false;
}

bool gql_types_overlap(const struct gql_schema *s, const struct gql_type *a,
                       const struct gql_type *b)
{
    (void)s;
    if (a == b)
        return true;
    if (gql_type_is_abstract(a)) {
        if (gql_type_is_abstract(b)) {
            for (size_t i = 0; i < b->npossible_types; i++)
                if (gql_type_is_possible(a, b->possible_types[i]))
                    return true;
            return false;
        }
        return gql_type_is_possible(a, b);
    }
    if (gql_type_is_abstract(b))
        return gql_type_is_possible(b, a);
    return false;
}

void gql_type_print(const struct gql_type *t, struct nt_buf *out)
{
    if (t->kind == GQL_KIND_LIST) {
        nt_buf_putc(out, '[');
        gql_type_print(t->of_type, out);
        nt_buf_putc(out, ']');
    } else if (t->kind == GQL_KIND_NON_NULL) {
        gql_type_print(t->of_type, out);
        nt_buf_putc(out, '!');
    } else {
        nt_buf_puts(out, t->name);
    }
}
