/* Builds a schema from SDL as graphql-js buildSchema + assertValidSchema do:
 * types and extensions, built-in scalars and directives, the introspection
 * types (from the embedded introspection.graphql), root types, the type
 * order of graphql-js's type map, schema validation, and resolver bindings. */
#include "base/alloc.h"
#include "base/embed.h"
#include "graphql/introspection.h"
#include "graphql/parse.h"
#include "graphql/schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct type_src { /* a named type with its definition and extensions */
    struct gql_type *type;
    struct gql_typedef_ast **defs;
    size_t ndefs;
};

struct builder {
    struct gql_schema *s;
    struct nt_arena *a;
    struct nt_map srcs; /* name -> struct type_src * (user and introspection types) */
    struct type_src **order; /* definition order */
    size_t norder;
    char *error; /* first error, malloc'ed */
};

__attribute__((format(printf, 3, 4))) static void fail(struct builder *b, struct gql_loc loc,
                                                      const char *fmt, ...)
{
    if (b->error)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t n = strlen(msg) + 32;
    b->error = nt_malloc(n);
    if (loc.line)
        snprintf(b->error, n, "%s (at %u:%u)", msg, loc.line, loc.column);
    else
        snprintf(b->error, n, "%s", msg);
}

static const struct {
    const char *name;
    enum gql_builtin_scalar builtin;
    const char *description;
} builtin_scalars[] = {
    {"Int", GQL_SCALAR_INT,
     "The `Int` scalar type represents non-fractional signed whole numeric values. Int can "
     "represent values between -(2^31) and 2^31 - 1."},
    {"Float", GQL_SCALAR_FLOAT,
     "The `Float` scalar type represents signed double-precision fractional values as specified "
     "by [IEEE 754](https://en.wikipedia.org/wiki/IEEE_floating_point)."},
    {"String", GQL_SCALAR_STRING,
     "The `String` scalar type represents textual data, represented as UTF-8 character "
     "sequences. The String type is most often used by GraphQL to represent free-form "
     "human-readable text."},
    {"Boolean", GQL_SCALAR_BOOLEAN, "The `Boolean` scalar type represents `true` or `false`."},
    {"ID", GQL_SCALAR_ID,
     "The `ID` scalar type represents a unique identifier, often used to refetch an object or as "
     "key for a cache. The ID type appears in a JSON response as a String; however, it is not "
     "intended to be human-readable. When expected as an input type, any string (such as `\"4\"`) "
     "or integer (such as `4`) input value will be accepted as an ID."},
};

#define NBUILTIN_SCALARS (sizeof builtin_scalars / sizeof builtin_scalars[0])

static bool is_builtin_scalar_name(const char *name)
{
    for (size_t i = 0; i < NBUILTIN_SCALARS; i++)
        if (strcmp(builtin_scalars[i].name, name) == 0)
            return true;
    return false;
}

static void add_builtin_scalars(struct builder *b)
{
    for (size_t i = 0; i < NBUILTIN_SCALARS; i++) {
        struct gql_type *t = NT_ARENA_NEW(b->a, struct gql_type);
        t->kind = GQL_KIND_SCALAR;
        t->name = builtin_scalars[i].name;
        t->description = builtin_scalars[i].description;
        t->builtin = builtin_scalars[i].builtin;
        nt_map_put(&b->s->types_by_name, t->name, t);
    }
}

static enum gql_kind kind_of(enum gql_typedef_kind k)
{
    switch (k) {
    case GQL_TD_SCALAR: return GQL_KIND_SCALAR;
    case GQL_TD_OBJECT: return GQL_KIND_OBJECT;
    case GQL_TD_INTERFACE: return GQL_KIND_INTERFACE;
    case GQL_TD_UNION: return GQL_KIND_UNION;
    case GQL_TD_ENUM: return GQL_KIND_ENUM;
    case GQL_TD_INPUT_OBJECT: return GQL_KIND_INPUT_OBJECT;
    }
    return GQL_KIND_SCALAR;
}

static void src_add_def(struct builder *b, struct type_src *src, struct gql_typedef_ast *td)
{
    struct gql_typedef_ast **defs = NT_ARENA_ARRAY(b->a, struct gql_typedef_ast *, src->ndefs + 1);
    if (src->ndefs)
        memcpy(defs, src->defs, src->ndefs * sizeof(*defs));
    defs[src->ndefs++] = td;
    src->defs = defs;
}

static void register_type(struct builder *b, struct gql_typedef_ast *td, bool introspection)
{
    if (is_builtin_scalar_name(td->name) && td->kind == GQL_TD_SCALAR)
        return; /* graphql-js keeps the standard definition */
    if (nt_map_get(&b->s->types_by_name, td->name)) {
        fail(b, td->loc, "There can be only one type named \"%s\".", td->name);
        return;
    }
    if (!introspection && td->name[0] == '_' && td->name[1] == '_')
        fail(b, td->loc,
             "Name \"%s\" must not begin with \"__\", which is reserved by GraphQL introspection.",
             td->name);
    struct gql_type *t = NT_ARENA_NEW(b->a, struct gql_type);
    t->kind = kind_of(td->kind);
    t->name = td->name;
    t->description = td->description;
    t->is_introspection = introspection;
    struct type_src *src = NT_ARENA_NEW(b->a, struct type_src);
    src->type = t;
    src_add_def(b, src, td);
    nt_map_put(&b->s->types_by_name, t->name, t);
    nt_map_put(&b->srcs, t->name, src);
    struct type_src **order = NT_ARENA_ARRAY(b->a, struct type_src *, b->norder + 1);
    if (b->norder)
        memcpy(order, b->order, b->norder * sizeof(*order));
    order[b->norder++] = src;
    b->order = order;
}

static void register_types(struct builder *b, struct gql_document *doc, bool introspection)
{
    for (size_t i = 0; i < doc->ndefs; i++) {
        struct gql_definition *d = &doc->defs[i];
        if (d->kind == GQL_DEF_TYPE && !d->u.type->is_extension)
            register_type(b, d->u.type, introspection);
    }
}

static void register_extensions(struct builder *b, struct gql_document *doc)
{
    for (size_t i = 0; i < doc->ndefs; i++) {
        struct gql_definition *d = &doc->defs[i];
        if (d->kind != GQL_DEF_TYPE || !d->u.type->is_extension)
            continue;
        struct gql_typedef_ast *td = d->u.type;
        struct type_src *src = nt_map_get(&b->srcs, td->name);
        if (!src) {
            fail(b, td->loc, "Cannot extend type \"%s\" because it is not defined.", td->name);
            continue;
        }
        if (src->type->kind != kind_of(td->kind)) {
            fail(b, td->loc, "Cannot extend non-%s type \"%s\".",
                 td->kind == GQL_TD_OBJECT ? "object" : "matching", td->name);
            continue;
        }
        src_add_def(b, src, td);
    }
}

/* ---- Resolving written types ---- */

static struct gql_type *resolve_ref(struct builder *b, const struct gql_type_ref *ref)
{
    if (ref->kind == GQL_REF_NAMED) {
        struct gql_type *t = nt_map_get(&b->s->types_by_name, ref->name);
        if (!t)
            fail(b, ref->loc, "Unknown type \"%s\".", ref->name);
        return t;
    }
    struct gql_type *inner = resolve_ref(b, ref->of);
    if (!inner)
        return NULL;
    struct gql_type *t = NT_ARENA_NEW(b->a, struct gql_type);
    t->kind = ref->kind == GQL_REF_LIST ? GQL_KIND_LIST : GQL_KIND_NON_NULL;
    t->of_type = inner;
    return t;
}

static const struct gql_directive *find_directive(const struct gql_directive *dirs, size_t n,
                                                  const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(dirs[i].name, name) == 0)
            return &dirs[i];
    return NULL;
}

static const struct gql_value *directive_arg(const struct gql_directive *d, const char *name)
{
    for (size_t i = 0; d && i < d->nargs; i++)
        if (strcmp(d->args[i].name, name) == 0)
            return d->args[i].value;
    return NULL;
}

static void apply_deprecation(const struct gql_directive *dirs, size_t n, bool *out_deprecated,
                              const char **out_reason)
{
    const struct gql_directive *d = find_directive(dirs, n, "deprecated");
    if (!d)
        return;
    *out_deprecated = true;
    const struct gql_value *reason = directive_arg(d, "reason");
    *out_reason = reason && reason->kind == GQL_VALUE_STRING ? reason->str : "No longer supported";
}

static void check_directive_uses(struct builder *b, const struct gql_directive *dirs, size_t n,
                                 uint32_t location)
{
    for (size_t i = 0; i < n; i++) {
        const struct gql_directive_def *def = gql_schema_directive(b->s, dirs[i].name);
        if (!def) {
            fail(b, dirs[i].loc, "Unknown directive \"@%s\".", dirs[i].name);
        } else if (!(def->locations & location)) {
            fail(b, dirs[i].loc, "Directive \"@%s\" may not be used on %s.", dirs[i].name,
                 gql_directive_location_name(location));
        } else if (!def->repeatable) {
            for (size_t j = 0; j < i; j++)
                if (strcmp(dirs[j].name, dirs[i].name) == 0)
                    fail(b, dirs[i].loc,
                         "The directive \"@%s\" can only be used once at this location.",
                         dirs[i].name);
        }
    }
}

static void build_input_values(struct builder *b, const struct gql_input_value_ast *src, size_t n,
                               struct gql_input_value *out, uint32_t location, const char *owner)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++)
            if (strcmp(src[j].name, src[i].name) == 0)
                fail(b, src[i].loc, "%s \"%s.%s\" can only be defined once.",
                     location == GQL_DL_INPUT_FIELD_DEFINITION ? "Field" : "Argument", owner,
                     src[i].name);
        out[i].name = src[i].name;
        out[i].description = src[i].description;
        out[i].default_value = src[i].default_value;
        out[i].type = resolve_ref(b, src[i].type);
        check_directive_uses(b, src[i].directives, src[i].ndirectives, location);
        apply_deprecation(src[i].directives, src[i].ndirectives, &out[i].deprecated,
                          &out[i].deprecation_reason);
        if (out[i].type && !gql_type_is_input(out[i].type))
            fail(b, src[i].loc, "The type of %s.%s must be Input Type but got: %s.", owner,
                 src[i].name, gql_type_named(out[i].type)->name);
        if (out[i].deprecated && out[i].type && out[i].type->kind == GQL_KIND_NON_NULL &&
            !out[i].default_value)
            fail(b, src[i].loc, "Required %s %s.%s cannot be deprecated.",
                 location == GQL_DL_INPUT_FIELD_DEFINITION ? "input field" : "argument", owner,
                 src[i].name);
        if (src[i].name[0] == '_' && src[i].name[1] == '_')
            fail(b, src[i].loc,
                 "Name \"%s\" must not begin with \"__\", which is reserved by GraphQL "
                 "introspection.",
                 src[i].name);
    }
}

static size_t count_members(const struct type_src *src, size_t (*count)(const struct gql_typedef_ast *))
{
    size_t n = 0;
    for (size_t i = 0; i < src->ndefs; i++)
        n += count(src->defs[i]);
    return n;
}

static size_t count_fields(const struct gql_typedef_ast *td) { return td->nfields; }
static size_t count_interfaces(const struct gql_typedef_ast *td) { return td->ninterfaces; }
static size_t count_members_u(const struct gql_typedef_ast *td) { return td->nmembers; }
static size_t count_values(const struct gql_typedef_ast *td) { return td->nvalues; }
static size_t count_inputs(const struct gql_typedef_ast *td) { return td->ninput_fields; }

static void build_fields(struct builder *b, struct type_src *src)
{
    struct gql_type *t = src->type;
    t->fields = NT_ARENA_ARRAY(b->a, struct gql_field_def, count_members(src, count_fields));
    for (size_t d = 0; d < src->ndefs; d++) {
        const struct gql_typedef_ast *td = src->defs[d];
        for (size_t i = 0; i < td->nfields; i++) {
            const struct gql_field_ast *fa = &td->fields[i];
            if (gql_schema_field(b->s, t, fa->name) && strncmp(fa->name, "__", 2) != 0) {
                fail(b, fa->loc, "Field \"%s.%s\" can only be defined once.", t->name, fa->name);
                continue;
            }
            struct gql_field_def *f = &t->fields[t->nfields++];
            f->name = fa->name;
            f->description = fa->description;
            f->type = resolve_ref(b, fa->type);
            if (f->type && !gql_type_is_output(f->type))
                fail(b, fa->loc, "The type of %s.%s must be Output Type but got: %s.", t->name,
                     fa->name, gql_type_named(f->type)->name);
            if (!t->is_introspection && fa->name[0] == '_' && fa->name[1] == '_')
                fail(b, fa->loc,
                     "Name \"%s\" must not begin with \"__\", which is reserved by GraphQL "
                     "introspection.",
                     fa->name);
            f->args = NT_ARENA_ARRAY(b->a, struct gql_input_value, fa->nargs);
            f->nargs = fa->nargs;
            char owner[256];
            snprintf(owner, sizeof owner, "%s.%s(", t->name, fa->name);
            owner[strlen(owner) - 1] = '\0';
            build_input_values(b, fa->args, fa->nargs, f->args, GQL_DL_ARGUMENT_DEFINITION, owner);
            check_directive_uses(b, fa->directives, fa->ndirectives, GQL_DL_FIELD_DEFINITION);
            apply_deprecation(fa->directives, fa->ndirectives, &f->deprecated,
                              &f->deprecation_reason);
        }
    }
    if (t->nfields == 0)
        fail(b, src->defs[0]->loc, "Type %s must define one or more fields.", t->name);
}

static void build_name_list(struct builder *b, struct type_src *src, bool members)
{
    struct gql_type *t = src->type;
    size_t cap = count_members(src, members ? count_members_u : count_interfaces);
    struct gql_type **list = NT_ARENA_ARRAY(b->a, struct gql_type *, cap);
    size_t n = 0;
    for (size_t d = 0; d < src->ndefs; d++) {
        const struct gql_typedef_ast *td = src->defs[d];
        const struct gql_name_ref *refs = members ? td->members : td->interfaces;
        size_t nrefs = members ? td->nmembers : td->ninterfaces;
        for (size_t i = 0; i < nrefs; i++) {
            struct gql_type *r = nt_map_get(&b->s->types_by_name, refs[i].name);
            if (!r) {
                fail(b, refs[i].loc, "Unknown type \"%s\".", refs[i].name);
                continue;
            }
            for (size_t j = 0; j < n; j++)
                if (list[j] == r)
                    fail(b, refs[i].loc, members ? "Union type %s can only include type %s once."
                                                 : "Type %s can only implement %s once.",
                         t->name, r->name);
            if (members && r->kind != GQL_KIND_OBJECT)
                fail(b, refs[i].loc,
                     "Union type %s can only include Object types, it cannot include %s.", t->name,
                     r->name);
            if (!members && r->kind != GQL_KIND_INTERFACE)
                fail(b, refs[i].loc,
                     "Type %s must only implement Interface types, it cannot implement %s.",
                     t->name, r->name);
            list[n++] = r;
        }
    }
    if (members) {
        t->possible_types = list;
        t->npossible_types = n;
        if (!n)
            fail(b, src->defs[0]->loc, "Union type %s must define one or more member types.",
                 t->name);
    } else {
        t->interfaces = list;
        t->ninterfaces = n;
    }
}

static void build_enum(struct builder *b, struct type_src *src)
{
    struct gql_type *t = src->type;
    t->enum_values = NT_ARENA_ARRAY(b->a, struct gql_enum_value_def, count_members(src, count_values));
    for (size_t d = 0; d < src->ndefs; d++) {
        const struct gql_typedef_ast *td = src->defs[d];
        for (size_t i = 0; i < td->nvalues; i++) {
            const struct gql_enum_value_ast *va = &td->values[i];
            if (gql_enum_value(t, va->name)) {
                fail(b, va->loc, "Enum value \"%s.%s\" can only be defined once.", t->name,
                     va->name);
                continue;
            }
            struct gql_enum_value_def *v = &t->enum_values[t->nenum_values++];
            v->name = va->name;
            v->description = va->description;
            check_directive_uses(b, va->directives, va->ndirectives, GQL_DL_ENUM_VALUE);
            apply_deprecation(va->directives, va->ndirectives, &v->deprecated,
                              &v->deprecation_reason);
        }
    }
    if (!t->nenum_values)
        fail(b, src->defs[0]->loc, "Enum type %s must define one or more values.", t->name);
}

static void build_input_object(struct builder *b, struct type_src *src)
{
    struct gql_type *t = src->type;
    size_t cap = count_members(src, count_inputs);
    t->input_fields = NT_ARENA_ARRAY(b->a, struct gql_input_value, cap);
    for (size_t d = 0; d < src->ndefs; d++) {
        const struct gql_typedef_ast *td = src->defs[d];
        build_input_values(b, td->input_fields, td->ninput_fields,
                           t->input_fields + t->ninput_fields, GQL_DL_INPUT_FIELD_DEFINITION,
                           t->name);
        t->ninput_fields += td->ninput_fields;
        if (find_directive(td->directives, td->ndirectives, "oneOf"))
            t->is_one_of = true;
    }
    if (!t->ninput_fields)
        fail(b, src->defs[0]->loc, "Input Object type %s must define one or more fields.",
             t->name);
}

static uint32_t type_location(enum gql_kind k)
{
    switch (k) {
    case GQL_KIND_SCALAR: return GQL_DL_SCALAR;
    case GQL_KIND_OBJECT: return GQL_DL_OBJECT;
    case GQL_KIND_INTERFACE: return GQL_DL_INTERFACE;
    case GQL_KIND_UNION: return GQL_DL_UNION;
    case GQL_KIND_ENUM: return GQL_DL_ENUM;
    default: return GQL_DL_INPUT_OBJECT;
    }
}

static void build_type(struct builder *b, struct type_src *src)
{
    struct gql_type *t = src->type;
    for (size_t d = 0; d < src->ndefs; d++) {
        const struct gql_typedef_ast *td = src->defs[d];
        check_directive_uses(b, td->directives, td->ndirectives, type_location(t->kind));
        const struct gql_directive *sb = find_directive(td->directives, td->ndirectives,
                                                        "specifiedBy");
        const struct gql_value *url = directive_arg(sb, "url");
        if (url && url->kind == GQL_VALUE_STRING)
            t->specified_by_url = url->str;
    }
    switch (t->kind) {
    case GQL_KIND_OBJECT:
    case GQL_KIND_INTERFACE:
        build_name_list(b, src, false);
        build_fields(b, src);
        break;
    case GQL_KIND_UNION: build_name_list(b, src, true); break;
    case GQL_KIND_ENUM: build_enum(b, src); break;
    case GQL_KIND_INPUT_OBJECT: build_input_object(b, src); break;
    default: break;
    }
}

/* ---- Directives ---- */

static void build_directive(struct builder *b, const struct gql_directive_def_ast *da,
                            struct gql_directive_def *d, bool builtin)
{
    d->name = da->name;
    d->description = da->description;
    d->locations = da->locations;
    d->location_order = da->location_order;
    d->nlocation_order = da->nlocation_order;
    d->repeatable = da->repeatable;
    d->builtin = builtin;
    d->args = NT_ARENA_ARRAY(b->a, struct gql_input_value, da->nargs);
    d->nargs = da->nargs;
    char owner[256];
    snprintf(owner, sizeof owner, "@%s", da->name);
    build_input_values(b, da->args, da->nargs, d->args, GQL_DL_ARGUMENT_DEFINITION, owner);
}

static size_t count_directive_defs(const struct gql_document *doc)
{
    size_t n = 0;
    for (size_t i = 0; doc && i < doc->ndefs; i++)
        n += doc->defs[i].kind == GQL_DEF_DIRECTIVE;
    return n;
}

/* Declares directives before types are built (their uses are checked there);
 * their arguments are built afterwards, once every type exists. */
static void declare_directives(struct builder *b)
{
    struct gql_schema *s = b->s;
    size_t cap = count_directive_defs(s->sdl_doc) + count_directive_defs(s->introspection_doc);
    s->directives = NT_ARENA_ARRAY(b->a, struct gql_directive_def, cap);
    const struct gql_document *docs[2] = {s->sdl_doc, s->introspection_doc};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < docs[k]->ndefs; i++) {
            const struct gql_definition *d = &docs[k]->defs[i];
            if (d->kind != GQL_DEF_DIRECTIVE)
                continue;
            const struct gql_directive_def_ast *da = d->u.directive;
            if (gql_schema_directive(s, da->name)) {
                if (k == 0)
                    fail(b, da->loc, "There can be only one directive named \"@%s\".", da->name);
                continue;
            }
            struct gql_directive_def *def = &s->directives[s->ndirectives++];
            def->name = da->name;
            def->locations = da->locations;
            def->repeatable = da->repeatable;
            def->builtin = k == 1;
        }
    }
}

static void build_directives(struct builder *b)
{
    struct gql_schema *s = b->s;
    size_t n = 0;
    const struct gql_document *docs[2] = {s->sdl_doc, s->introspection_doc};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < docs[k]->ndefs; i++) {
            const struct gql_definition *d = &docs[k]->defs[i];
            if (d->kind != GQL_DEF_DIRECTIVE || n >= s->ndirectives ||
                strcmp(s->directives[n].name, d->u.directive->name) != 0)
                continue;
            build_directive(b, d->u.directive, &s->directives[n], k == 1);
            n++;
        }
    }
}

/* ---- Roots ---- */

static void set_root(struct builder *b, enum gql_operation_kind kind, struct gql_type *t)
{
    if (kind == GQL_OP_QUERY)
        b->s->query = t;
    else if (kind == GQL_OP_MUTATION)
        b->s->mutation = t;
    else
        b->s->subscription = t;
}

static void build_roots(struct builder *b)
{
    struct gql_schema *s = b->s;
    bool explicit_schema = false;
    for (size_t i = 0; i < s->sdl_doc->ndefs; i++) {
        const struct gql_definition *d = &s->sdl_doc->defs[i];
        if (d->kind != GQL_DEF_SCHEMA)
            continue;
        const struct gql_schema_def_ast *sd = d->u.schema;
        if (!sd->is_extension) {
            if (explicit_schema)
                fail(b, sd->loc, "Must provide only one schema definition.");
            explicit_schema = true;
            s->description = sd->description;
        }
        check_directive_uses(b, sd->directives, sd->ndirectives, GQL_DL_SCHEMA);
        for (size_t j = 0; j < sd->nops; j++) {
            struct gql_type *t = nt_map_get(&s->types_by_name, sd->ops[j].type.name);
            if (!t) {
                fail(b, sd->ops[j].type.loc, "Unknown type \"%s\".", sd->ops[j].type.name);
                continue;
            }
            set_root(b, sd->ops[j].kind, t);
        }
    }
    if (!explicit_schema) {
        static const char *const names[] = {"Query", "Mutation", "Subscription"};
        for (int k = 0; k < 3; k++) {
            struct gql_type *t = nt_map_get(&s->types_by_name, names[k]);
            if (t)
                set_root(b, (enum gql_operation_kind)k, t);
        }
    }
    if (!s->query)
        fail(b, (struct gql_loc){0, 0}, "Query root type must be provided.");
    struct gql_type *roots[3] = {s->query, s->mutation, s->subscription};
    static const char *const kinds[] = {"Query", "Mutation", "Subscription"};
    for (int k = 0; k < 3; k++)
        if (roots[k] && roots[k]->kind != GQL_KIND_OBJECT)
            fail(b, (struct gql_loc){0, 0},
                 "%s root type must be Object type%s, it cannot be %s.", kinds[k],
                 k == 0 ? "" : " if provided", roots[k]->name);
}

/* ---- Type map order (graphql-js GraphQLSchema constructor) ---- */

struct type_set {
    struct gql_type **items;
    size_t n;
    struct nt_map seen;
};

static void set_add(struct type_set *set, struct gql_type *t)
{
    set->items[set->n++] = t;
    nt_map_put(&set->seen, t->name, t);
}

static void collect_referenced(struct type_set *set, const struct gql_type *type)
{
    struct gql_type *t = (struct gql_type *)gql_type_named(type);
    if (!t || nt_map_get(&set->seen, t->name))
        return;
    set_add(set, t);
    if (t->kind == GQL_KIND_UNION) {
        for (size_t i = 0; i < t->npossible_types; i++)
            collect_referenced(set, t->possible_types[i]);
    } else if (t->kind == GQL_KIND_OBJECT || t->kind == GQL_KIND_INTERFACE) {
        for (size_t i = 0; i < t->ninterfaces; i++)
            collect_referenced(set, t->interfaces[i]);
        for (size_t i = 0; i < t->nfields; i++) {
            collect_referenced(set, t->fields[i].type);
            for (size_t j = 0; j < t->fields[i].nargs; j++)
                collect_referenced(set, t->fields[i].args[j].type);
        }
    } else if (t->kind == GQL_KIND_INPUT_OBJECT) {
        for (size_t i = 0; i < t->ninput_fields; i++)
            collect_referenced(set, t->input_fields[i].type);
    }
}

static void order_types(struct builder *b)
{
    struct gql_schema *s = b->s;
    struct type_set set = {NT_ARENA_ARRAY(b->a, struct gql_type *, s->types_by_name.count + 1), 0,
                           {0}};
    nt_map_init(&set.seen);
    /* The SDL types start in the set in definition order; each is then moved
     * to the end, followed by what it references and the set lacks. */
    size_t nuser = 0;
    for (size_t i = 0; i < b->norder; i++)
        if (!b->order[i]->type->is_introspection)
            nuser++;
    struct gql_type **pending = NT_ARENA_ARRAY(b->a, struct gql_type *, nuser + 1);
    size_t np = 0;
    for (size_t i = 0; i < b->norder; i++)
        if (!b->order[i]->type->is_introspection)
            pending[np++] = b->order[i]->type;
    for (size_t i = 0; i < np; i++)
        nt_map_put(&set.seen, pending[i]->name, pending[i]);
    for (size_t i = 0; i < np; i++) {
        /* graphql-js deletes the type from the set, then collects it again:
         * it lands at the end, followed by what it references. */
        nt_map_put(&set.seen, pending[i]->name, NULL);
        collect_referenced(&set, pending[i]);
    }
    collect_referenced(&set, s->query);
    if (s->mutation)
        collect_referenced(&set, s->mutation);
    if (s->subscription)
        collect_referenced(&set, s->subscription);
    for (size_t i = 0; i < s->ndirectives; i++)
        for (size_t j = 0; j < s->directives[i].nargs; j++)
            collect_referenced(&set, s->directives[i].args[j].type);
    collect_referenced(&set, gql_schema_type(s, "__Schema"));
    s->types = set.items;
    s->ntypes = set.n;
    nt_map_free(&set.seen);
}

/* Interfaces list the object types implementing them, in type-map order. */
static void fill_interface_implementations(struct builder *b)
{
    struct gql_schema *s = b->s;
    for (size_t i = 0; i < s->ntypes; i++) {
        struct gql_type *iface = s->types[i];
        if (iface->kind != GQL_KIND_INTERFACE)
            continue;
        iface->possible_types = NT_ARENA_ARRAY(b->a, struct gql_type *, s->ntypes);
        for (size_t j = 0; j < s->ntypes; j++) {
            struct gql_type *o = s->types[j];
            if (o->kind != GQL_KIND_OBJECT)
                continue;
            for (size_t k = 0; k < o->ninterfaces; k++)
                if (o->interfaces[k] == iface)
                    iface->possible_types[iface->npossible_types++] = o;
        }
    }
}

/* ---- Interface implementation rules (graphql-js validateTypeImplementsInterface) ---- */

static void check_implements(struct builder *b, const struct gql_type *t,
                             const struct gql_type *iface)
{
    if (t == iface) {
        fail(b, (struct gql_loc){0, 0}, "Type %s cannot implement itself because it would create a circular reference.", t->name);
        return;
    }
    for (size_t i = 0; i < iface->ninterfaces; i++) {
        bool found = false;
        for (size_t j = 0; j < t->ninterfaces; j++)
            found = found || t->interfaces[j] == iface->interfaces[i];
        if (!found)
            fail(b, (struct gql_loc){0, 0},
                 "Type %s must implement %s because it is implemented by %s.", t->name,
                 iface->interfaces[i]->name, iface->name);
    }
    for (size_t i = 0; i < iface->nfields; i++) {
        const struct gql_field_def *ifield = &iface->fields[i];
        const struct gql_field_def *f = gql_schema_field(b->s, t, ifield->name);
        if (!f) {
            fail(b, (struct gql_loc){0, 0},
                 "Interface field %s.%s expected but %s does not provide it.", iface->name,
                 ifield->name, t->name);
            continue;
        }
        if (f->type && ifield->type && !gql_type_is_subtype(b->s, f->type, ifield->type)) {
            struct nt_buf want, got;
            nt_buf_init(&want, 0);
            nt_buf_init(&got, 0);
            gql_type_print(ifield->type, &want);
            gql_type_print(f->type, &got);
            fail(b, (struct gql_loc){0, 0},
                 "Interface field %s.%s expects type %s but %s.%s is type %s.", iface->name,
                 ifield->name, nt_buf_str(&want), t->name, f->name, nt_buf_str(&got));
            nt_buf_free(&want);
            nt_buf_free(&got);
        }
        for (size_t a = 0; a < ifield->nargs; a++) {
            const struct gql_input_value *arg = gql_field_arg(f, ifield->args[a].name);
            if (!arg)
                fail(b, (struct gql_loc){0, 0},
                     "Interface field argument %s.%s(%s:) expected but %s.%s does not provide it.",
                     iface->name, ifield->name, ifield->args[a].name, t->name, f->name);
            else if (!gql_type_equal(arg->type, ifield->args[a].type))
                fail(b, (struct gql_loc){0, 0},
                     "Interface field argument %s.%s(%s:) expects a different type than "
                     "%s.%s(%s:).",
                     iface->name, ifield->name, arg->name, t->name, f->name, arg->name);
        }
        for (size_t a = 0; a < f->nargs; a++)
            if (!gql_field_arg(ifield, f->args[a].name) && f->args[a].type &&
                f->args[a].type->kind == GQL_KIND_NON_NULL && !f->args[a].default_value)
                fail(b, (struct gql_loc){0, 0},
                     "Argument \"%s.%s(%s:)\" must not be required type \"%s\" if not provided "
                     "by the Interface field \"%s.%s\".",
                     t->name, f->name, f->args[a].name, gql_type_named(f->args[a].type)->name,
                     iface->name, ifield->name);
    }
}

static bool input_cycle(const struct gql_type *t, const struct gql_type *start, int depth)
{
    if (depth > 64)
        return false;
    for (size_t i = 0; i < t->ninput_fields; i++) {
        const struct gql_type *ft = t->input_fields[i].type;
        if (!ft || ft->kind != GQL_KIND_NON_NULL || ft->of_type->kind != GQL_KIND_INPUT_OBJECT)
            continue;
        if (ft->of_type == start || input_cycle(ft->of_type, start, depth + 1))
            return true;
    }
    return false;
}

static void validate_types(struct builder *b)
{
    for (size_t i = 0; i < b->s->ntypes; i++) {
        const struct gql_type *t = b->s->types[i];
        for (size_t k = 0; k < t->ninterfaces; k++)
            check_implements(b, t, t->interfaces[k]);
        if (t->kind == GQL_KIND_INPUT_OBJECT && input_cycle(t, t, 0))
            fail(b, (struct gql_loc){0, 0},
                 "Cannot reference Input Object \"%s\" within itself through a series of "
                 "non-null fields.",
                 t->name);
    }
}

/* ---- Bindings ---- */

static void bind(struct builder *b, const struct gql_schema_config *cfg)
{
    for (size_t i = 0; i < cfg->nresolvers; i++) {
        const struct gql_binding *bi = &cfg->resolvers[i];
        struct gql_type *t = nt_map_get(&b->s->types_by_name, bi->type);
        if (!t || (t->kind != GQL_KIND_OBJECT && t->kind != GQL_KIND_INTERFACE)) {
            fail(b, (struct gql_loc){0, 0}, "Resolver for unknown object type \"%s\".", bi->type);
            continue;
        }
        struct gql_field_def *f = (struct gql_field_def *)gql_schema_field(b->s, t, bi->field);
        if (!f || f->name[0] == '_') {
            fail(b, (struct gql_loc){0, 0}, "Resolver for unknown field \"%s.%s\".", bi->type,
                 bi->field);
            continue;
        }
        f->resolve = bi->resolve;
    }
    for (size_t i = 0; i < cfg->nscalars; i++) {
        const struct gql_scalar_binding *sb = &cfg->scalars[i];
        struct gql_type *t = nt_map_get(&b->s->types_by_name, sb->name);
        if (!t || t->kind != GQL_KIND_SCALAR || t->builtin != GQL_SCALAR_CUSTOM) {
            fail(b, (struct gql_loc){0, 0}, "Hooks for unknown custom scalar \"%s\".", sb->name);
            continue;
        }
        t->serialize = sb->serialize;
        t->parse_value = sb->parse_value;
    }
    b->s->resolve_type = cfg->resolve_type;
}

static void build_meta_fields(struct builder *b)
{
    struct gql_schema *s = b->s;
    struct gql_type *string_nn = NT_ARENA_NEW(b->a, struct gql_type);
    string_nn->kind = GQL_KIND_NON_NULL;
    string_nn->of_type = nt_map_get(&s->types_by_name, "String");
    s->meta_typename.name = "__typename";
    s->meta_typename.description = "The name of the current Object type at runtime.";
    s->meta_typename.type = string_nn;

    struct gql_type *schema_nn = NT_ARENA_NEW(b->a, struct gql_type);
    schema_nn->kind = GQL_KIND_NON_NULL;
    schema_nn->of_type = nt_map_get(&s->types_by_name, "__Schema");
    s->meta_schema.name = "__schema";
    s->meta_schema.description = "Access the current type schema of this server.";
    s->meta_schema.type = schema_nn;

    s->meta_type.name = "__type";
    s->meta_type.description = "Request the type information of a single type.";
    s->meta_type.type = nt_map_get(&s->types_by_name, "__Type");
    s->meta_type.args = NT_ARENA_NEW(b->a, struct gql_input_value);
    s->meta_type.nargs = 1;
    s->meta_type.args[0].name = "name";
    s->meta_type.args[0].type = string_nn;
}

static struct gql_document *parse_sdl(struct builder *b, const char *sdl, size_t len)
{
    struct gql_parse_error perr;
    struct gql_document *doc = gql_parse(sdl, len, 0, &perr);
    if (!doc) {
        fail(b, perr.loc, "%s", perr.message);
        return NULL;
    }
    for (size_t i = 0; i < doc->ndefs; i++)
        if (doc->defs[i].kind == GQL_DEF_OPERATION || doc->defs[i].kind == GQL_DEF_FRAGMENT)
            fail(b, doc->defs[i].loc, "The SDL may only hold type system definitions.");
    return doc;
}

static void build_all(struct builder *b, const struct gql_schema_config *cfg)
{
    struct gql_schema *s = b->s;
    size_t ilen = 0;
    const char *isdl = nt_embed_get("graphql/introspection.graphql", &ilen);
    s->sdl_doc = parse_sdl(b, cfg->sdl, strlen(cfg->sdl));
    s->introspection_doc = isdl ? parse_sdl(b, isdl, ilen) : NULL;
    if (!isdl)
        fail(b, (struct gql_loc){0, 0}, "introspection schema missing from the build");
    if (b->error)
        return;
    add_builtin_scalars(b);
    register_types(b, s->sdl_doc, false);
    register_types(b, s->introspection_doc, true);
    register_extensions(b, s->sdl_doc);
    declare_directives(b);
    if (b->error)
        return;
    for (size_t i = 0; i < b->norder; i++)
        build_type(b, b->order[i]);
    build_directives(b);
    build_roots(b);
    if (b->error)
        return;
    order_types(b);
    fill_interface_implementations(b);
    validate_types(b);
    build_meta_fields(b);
    gql__introspection_bind(s);
    bind(b, cfg);
}

struct gql_schema *gql_schema_build(const struct gql_schema_config *cfg, char **out_err)
{
    struct gql_schema *s = nt_calloc(1, sizeof(*s));
    struct builder b = {.s = s, .a = &s->arena};
    nt_arena_init(&s->arena, 64 * 1024);
    nt_map_init(&s->types_by_name);
    nt_map_init(&b.srcs);
    build_all(&b, cfg);
    nt_map_free(&b.srcs);
    if (b.error) {
        if (out_err)
            *out_err = b.error;
        else
            free(b.error);
        gql_schema_free(s);
        return NULL;
    }
    return s;
}

void gql_schema_free(struct gql_schema *s)
{
    if (!s)
        return;
    gql_document_free(s->sdl_doc);
    gql_document_free(s->introspection_doc);
    nt_map_free(&s->types_by_name);
    nt_arena_free(&s->arena);
    free(s);
}
