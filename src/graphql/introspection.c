#include "graphql/introspection.h"

#include "graphql/coerce.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PTR_KEY "\x01ptr"

static json_t *wrap_ptr(const void *p)
{
    return json_pack("{s:I}", PTR_KEY, (json_int_t)(intptr_t)p);
}

static const void *unwrap_ptr(json_t *v)
{
    json_t *p = json_object_get(v, PTR_KEY);
    return p ? (const void *)(intptr_t)json_integer_value(p) : NULL;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static bool include_deprecated(json_t *args)
{
    return json_is_true(json_object_get(args, "includeDeprecated"));
}

/* ---- Printing default values like graphql-js astFromValue + print ---- */

static void print_json_string(const char *s, size_t n, struct nt_buf *out)
{
    nt_buf_json_str(out, s, n);
}

static void print_untyped(json_t *v, struct nt_buf *out)
{
    switch (json_typeof(v)) {
    case JSON_STRING: print_json_string(json_string_value(v), json_string_length(v), out); break;
    case JSON_INTEGER: nt_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
    case JSON_REAL: gql_format_number(json_real_value(v), out); break;
    case JSON_TRUE: nt_buf_puts(out, "true"); break;
    case JSON_FALSE: nt_buf_puts(out, "false"); break;
    case JSON_NULL: nt_buf_puts(out, "null"); break;
    case JSON_ARRAY: {
        nt_buf_putc(out, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                nt_buf_puts(out, ", ");
            print_untyped(json_array_get(v, i), out);
        }
        nt_buf_putc(out, ']');
        break;
    }
    case JSON_OBJECT: {
        const char *k;
        json_t *fv;
        bool first = true;
        nt_buf_putc(out, '{');
        json_object_foreach(v, k, fv) {
            nt_buf_printf(out, "%s%s: ", first ? "" : ", ", k);
            print_untyped(fv, out);
            first = false;
        }
        nt_buf_putc(out, '}');
        break;
    }
    }
}

static bool is_integer_string(const char *s)
{
    if (*s == '-')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static void print_leaf(json_t *v, const struct gql_type *t, struct nt_buf *out)
{
    if (t->kind == GQL_KIND_ENUM && json_is_string(v)) {
        nt_buf_puts(out, json_string_value(v));
        return;
    }
    if (t->builtin == GQL_SCALAR_ID && json_is_string(v) && is_integer_string(json_string_value(v))) {
        nt_buf_puts(out, json_string_value(v));
        return;
    }
    print_untyped(v, out);
}

void gql_print_input_value(json_t *v, const struct gql_type *t, struct nt_buf *out)
{
    if (t->kind == GQL_KIND_NON_NULL) {
        gql_print_input_value(v, t->of_type, out);
        return;
    }
    if (!v || json_is_null(v)) {
        nt_buf_puts(out, "null");
        return;
    }
    if (t->kind == GQL_KIND_LIST) {
        if (!json_is_array(v)) {
            gql_print_input_value(v, t->of_type, out);
            return;
        }
        nt_buf_putc(out, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                nt_buf_puts(out, ", ");
            gql_print_input_value(json_array_get(v, i), t->of_type, out);
        }
        nt_buf_putc(out, ']');
        return;
    }
    if (t->kind == GQL_KIND_INPUT_OBJECT && json_is_object(v)) {
        bool first = true;
        nt_buf_putc(out, '{');
        for (size_t i = 0; i < t->ninput_fields; i++) {
            json_t *fv = json_object_get(v, t->input_fields[i].name);
            if (!fv)
                continue;
            nt_buf_printf(out, "%s%s: ", first ? "" : ", ", t->input_fields[i].name);
            gql_print_input_value(fv, t->input_fields[i].type, out);
            first = false;
        }
        nt_buf_putc(out, '}');
        return;
    }
    print_leaf(v, t, out);
}

static json_t *default_value_text(const struct gql_input_value *iv)
{
    if (!iv->default_value)
        return json_null();
    char *err = NULL;
    json_t *v = gql_coerce_literal(iv->type, iv->default_value, NULL, &err);
    if (!v) {
        free(err);
        return json_null();
    }
    struct nt_buf b;
    nt_buf_init(&b, 0);
    gql_print_input_value(v, iv->type, &b);
    json_decref(v);
    json_t *s = json_stringn(nt_buf_str(&b), b.len);
    nt_buf_free(&b);
    return s;
}

/* ---- Values of the introspection types ---- */

static json_t *input_value_json(const struct gql_input_value *iv)
{
    json_t *o = wrap_ptr(iv->type);
    json_object_set_new(o, "name", json_string(iv->name));
    json_object_set_new(o, "description", str_or_null(iv->description));
    json_object_set_new(o, "defaultValue", default_value_text(iv));
    json_object_set_new(o, "isDeprecated", json_boolean(iv->deprecated));
    json_object_set_new(o, "deprecationReason", str_or_null(iv->deprecation_reason));
    return o;
}

static json_t *input_values_json(const struct gql_input_value *ivs, size_t n, json_t *args)
{
    json_t *list = json_array();
    bool all = include_deprecated(args);
    for (size_t i = 0; i < n; i++)
        if (all || !ivs[i].deprecated)
            json_array_append_new(list, input_value_json(&ivs[i]));
    return list;
}

static json_t *field_json(const struct gql_field_def *f)
{
    json_t *o = wrap_ptr(f);
    json_object_set_new(o, "name", json_string(f->name));
    json_object_set_new(o, "description", str_or_null(f->description));
    json_object_set_new(o, "isDeprecated", json_boolean(f->deprecated));
    json_object_set_new(o, "deprecationReason", str_or_null(f->deprecation_reason));
    return o;
}

static json_t *directive_json(const struct gql_directive_def *d)
{
    json_t *o = wrap_ptr(d);
    json_t *locs = json_array();
    for (size_t i = 0; i < d->nlocation_order; i++)
        json_array_append_new(locs, json_string(gql_directive_location_name(d->location_order[i])));
    json_object_set_new(o, "name", json_string(d->name));
    json_object_set_new(o, "description", str_or_null(d->description));
    json_object_set_new(o, "isRepeatable", json_boolean(d->repeatable));
    json_object_set_new(o, "locations", locs);
    json_object_set_new(o, "isDeprecated", json_false());
    json_object_set_new(o, "deprecationReason", json_null());
    return o;
}

static json_t *types_json(struct gql_type *const *types, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, wrap_ptr(types[i]));
    return list;
}

/* ---- Resolvers ---- */

#define RESOLVER(name)                                                                           \
    static int name(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
#define UNUSED_RESOLVER_ARGS (void)info, (void)parent, (void)args

RESOLVER(meta_schema)
{
    UNUSED_RESOLVER_ARGS;
    *out = json_object();
    return 0;
}

RESOLVER(meta_type)
{
    (void)parent;
    const struct gql_type *t = gql_schema_type(info->schema,
                                               json_string_value(json_object_get(args, "name")));
    *out = t ? wrap_ptr(t) : json_null();
    return 0;
}

RESOLVER(schema_description)
{
    UNUSED_RESOLVER_ARGS;
    *out = str_or_null(info->schema->description);
    return 0;
}

RESOLVER(schema_types)
{
    UNUSED_RESOLVER_ARGS;
    *out = types_json(info->schema->types, info->schema->ntypes);
    return 0;
}

RESOLVER(schema_query_type)
{
    UNUSED_RESOLVER_ARGS;
    *out = wrap_ptr(info->schema->query);
    return 0;
}

RESOLVER(schema_mutation_type)
{
    UNUSED_RESOLVER_ARGS;
    *out = info->schema->mutation ? wrap_ptr(info->schema->mutation) : json_null();
    return 0;
}

RESOLVER(schema_subscription_type)
{
    UNUSED_RESOLVER_ARGS;
    *out = info->schema->subscription ? wrap_ptr(info->schema->subscription) : json_null();
    return 0;
}

RESOLVER(schema_directives)
{
    UNUSED_RESOLVER_ARGS;
    json_t *list = json_array();
    for (size_t i = 0; i < info->schema->ndirectives; i++)
        json_array_append_new(list, directive_json(&info->schema->directives[i]));
    *out = list;
    return 0;
}

static const char *const kind_names[] = {"SCALAR", "OBJECT",       "INTERFACE", "UNION",
                                         "ENUM",   "INPUT_OBJECT", "LIST",      "NON_NULL"};

RESOLVER(type_kind)
{
    UNUSED_RESOLVER_ARGS;
    const struct gql_type *t = unwrap_ptr(parent);
    *out = json_string(kind_names[t->kind]);
    return 0;
}

RESOLVER(type_name)
{
    UNUSED_RESOLVER_ARGS;
    *out = str_or_null(((const struct gql_type *)unwrap_ptr(parent))->name);
    return 0;
}

RESOLVER(type_description)
{
    UNUSED_RESOLVER_ARGS;
    *out = str_or_null(((const struct gql_type *)unwrap_ptr(parent))->description);
    return 0;
}

RESOLVER(type_specified_by)
{
    UNUSED_RESOLVER_ARGS;
    *out = str_or_null(((const struct gql_type *)unwrap_ptr(parent))->specified_by_url);
    return 0;
}

RESOLVER(type_fields)
{
    UNUSED_RESOLVER_ARGS;
    const struct gql_type *t = unwrap_ptr(parent);
    if (t->kind != GQL_KIND_OBJECT && t->kind != GQL_KIND_INTERFACE) {
        *out = json_null();
        return 0;
    }
    bool all = include_deprecated(args);
    json_t *list = json_array();
    for (size_t i = 0; i < t->nfields; i++)
        if (all || !t->fields[i].deprecated)
            json_array_append_new(list, field_json(&t->fields[i]));
    *out = list;
    return 0;
}

RESOLVER(type_interfaces)
{
    UNUSED_RESOLVER_ARGS;
    const struct gql_type *t = unwrap_ptr(parent);
    bool has = t->kind == GQL_KIND_OBJECT || t->kind == GQL_KIND_INTERFACE;
    *out = has ? types_json(t->interfaces, t->ninterfaces) : json_null();
    return 0;
}

RESOLVER(type_possible_types)
{
    UNUSED_RESOLVER_ARGS;
    const struct gql_type *t = unwrap_ptr(parent);
    *out = gql_type_is_abstract(t) ? types_json(t->possible_types, t->npossible_types)
                                   : json_null();
    return 0;
}

RESOLVER(type_enum_values)
{
    UNUSED_RESOLVER_ARGS;
    const struct gql_type *t = unwrap_ptr(parent);
    if (t->kind != GQL_KIND_ENUM) {
        *out = json_null();
        return 0;
    }
    bool all = include_deprecated(args);
    json_t *list = json_array();
    for (size_t i = 0; i < t->nenum_values; i++) {
        const struct gql_enum_value_def *v = &t->enum_values[i];
        if (!all && v->deprecated)
            continue;
        json_array_append_new(list, json_pack("{s:s,s:o,s:b,s:o}", "name", v->name,
                                              "description", str_or_null(v->description),
                                              "isDeprecated", v->deprecated, "deprecationReason",
                                              str_or_null(v->deprecation_reason)));
    }
    *out = list;
    return 0;
}

RESOLVER(type_input_fields)
{
    UNUSED_RESOLVER_ARGS;
    const struct gql_type *t = unwrap_ptr(parent);
    *out = t->kind == GQL_KIND_INPUT_OBJECT
               ? input_values_json(t->input_fields, t->ninput_fields, args)
               : json_null();
    return 0;
}

RESOLVER(type_of_type)
{
    UNUSED_RESOLVER_ARGS;
    const struct gql_type *t = unwrap_ptr(parent);
    *out = t->of_type ? wrap_ptr(t->of_type) : json_null();
    return 0;
}

RESOLVER(type_is_one_of)
{
    UNUSED_RESOLVER_ARGS;
    const struct gql_type *t = unwrap_ptr(parent);
    *out = t->kind == GQL_KIND_INPUT_OBJECT ? json_boolean(t->is_one_of) : json_null();
    return 0;
}

RESOLVER(field_args)
{
    UNUSED_RESOLVER_ARGS;
    const struct gql_field_def *f = unwrap_ptr(parent);
    *out = input_values_json(f->args, f->nargs, args);
    return 0;
}

RESOLVER(field_type)
{
    UNUSED_RESOLVER_ARGS;
    *out = wrap_ptr(((const struct gql_field_def *)unwrap_ptr(parent))->type);
    return 0;
}

RESOLVER(input_value_type)
{
    UNUSED_RESOLVER_ARGS;
    *out = wrap_ptr(unwrap_ptr(parent));
    return 0;
}

RESOLVER(directive_args)
{
    UNUSED_RESOLVER_ARGS;
    const struct gql_directive_def *d = unwrap_ptr(parent);
    *out = input_values_json(d->args, d->nargs, args);
    return 0;
}

static const struct gql_binding bindings[] = {
    {"__Schema", "description", schema_description},
    {"__Schema", "types", schema_types},
    {"__Schema", "queryType", schema_query_type},
    {"__Schema", "mutationType", schema_mutation_type},
    {"__Schema", "subscriptionType", schema_subscription_type},
    {"__Schema", "directives", schema_directives},
    {"__Type", "kind", type_kind},
    {"__Type", "name", type_name},
    {"__Type", "description", type_description},
    {"__Type", "specifiedByURL", type_specified_by},
    {"__Type", "fields", type_fields},
    {"__Type", "interfaces", type_interfaces},
    {"__Type", "possibleTypes", type_possible_types},
    {"__Type", "enumValues", type_enum_values},
    {"__Type", "inputFields", type_input_fields},
    {"__Type", "ofType", type_of_type},
    {"__Type", "isOneOf", type_is_one_of},
    {"__Field", "args", field_args},
    {"__Field", "type", field_type},
    {"__InputValue", "type", input_value_type},
    {"__Directive", "args", directive_args},
};

void gql__introspection_bind(struct gql_schema *s)
{
    s->meta_schema.resolve = meta_schema;
    s->meta_type.resolve = meta_type;
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
        const struct gql_type *t = gql_schema_type(s, bindings[i].type);
        if (!t)
            continue;
        for (size_t j = 0; j < t->nfields; j++)
            if (strcmp(t->fields[j].name, bindings[i].field) == 0)
                t->fields[j].resolve = bindings[i].resolve;
    }
}
