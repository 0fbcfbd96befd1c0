/* Validation of executable documents: the rules of spec section 5 as
 * graphql-js 16's specifiedRules state them, with its messages. One walk per
 * executable definition carries the type information (parent type, field,
 * expected input type); variable usages are gathered per definition and
 * combined per operation through the fragments it spreads. */
#include "graphql/validate_internal.h"

#include "base/alloc.h"
#include "graphql/coerce.h"
#include "graphql/suggest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gql__verror(struct vctx *c, const struct gql_loc *locs, size_t n, const char *fmt, ...)
{
    if (c->aborted)
        return;
    if (c->nerrors >= c->max_errors) {
        json_array_append_new(
            c->errors,
            json_pack("{s:s}", "message",
                      "Too many validation errors, error limit reached. Validation aborted."));
        c->aborted = true;
        return;
    }
    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    json_t *err = json_pack("{s:s}", "message", msg ? msg : "invalid");
    free(msg);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I,s:I}", "line", (json_int_t)locs[i].line,
                                             "column", (json_int_t)locs[i].column));
    json_object_set_new(err, "locations", arr);
    json_array_append_new(c->errors, err);
    c->nerrors++;
}

#define ERR1(c, loc, ...)                                                                        \
    do {                                                                                         \
        struct gql_loc l1_ = (loc);                                                              \
        gql__verror((c), &l1_, 1, __VA_ARGS__);                                                  \
    } while (0)
#define ERR2(c, a, b, ...)                                                                       \
    do {                                                                                         \
        struct gql_loc l2_[2] = {(a), (b)};                                                      \
        gql__verror((c), l2_, 2, __VA_ARGS__);                                                   \
    } while (0)

static const char *value_text(struct vctx *c, const struct gql_value *v)
{
    struct nt_buf b;
    nt_buf_init(&b, 4096);
    gql_print_value(v, &b);
    const char *s = nt_arena_strdup(&c->arena, nt_buf_str(&b));
    nt_buf_free(&b);
    return s;
}

static const char *type_text(struct vctx *c, const struct gql_type *t)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    gql_type_print(t, &b);
    const char *s = nt_arena_strdup(&c->arena, nt_buf_str(&b));
    nt_buf_free(&b);
    return s;
}

/* " Did you mean ...?" for input among options (arena text, "" when none). */
static const char *hint(struct vctx *c, const char *input, const char *const *options, size_t n,
                        const char *sub_message)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    gql_did_you_mean(input, options, n, sub_message, &b);
    const char *h = nt_arena_strdup(&c->arena, nt_buf_str(&b));
    nt_buf_free(&b);
    return h;
}

static const char *type_name_hint(struct vctx *c, const char *name)
{
    const char **names = NT_ARENA_ARRAY(&c->arena, const char *, c->s->ntypes + 1);
    for (size_t i = 0; i < c->s->ntypes; i++)
        names[i] = c->s->types[i]->name;
    return hint(c, name, names, c->s->ntypes, NULL);
}

static const char *input_value_hint(struct vctx *c, const char *name,
                                    const struct gql_input_value *defs, size_t n)
{
    const char **names = NT_ARENA_ARRAY(&c->arena, const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        names[i] = defs[i].name;
    return hint(c, name, names, n, NULL);
}

static const char *enum_value_hint(struct vctx *c, const char *shown, const struct gql_type *t)
{
    const char **names = NT_ARENA_ARRAY(&c->arena, const char *, t->nenum_values + 1);
    for (size_t i = 0; i < t->nenum_values; i++)
        names[i] = t->enum_values[i].name;
    return hint(c, shown, names, t->nenum_values, "the enum value");
}

static const char *ref_text(struct vctx *c, const struct gql_type_ref *r)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    struct nt_buf *out = &b;
    if (r->kind == GQL_REF_NAMED) {
        nt_buf_puts(out, r->name);
    } else if (r->kind == GQL_REF_LIST) {
        nt_buf_printf(out, "[%s]", ref_text(c, r->of));
    } else {
        nt_buf_printf(out, "%s!", ref_text(c, r->of));
    }
    const char *s = nt_arena_strdup(&c->arena, nt_buf_str(&b));
    nt_buf_free(&b);
    return s;
}

/* ---- Variable usages ---- */

struct var_usage {
    const char *name;
    struct gql_loc loc;
    const struct gql_type *type; /* expected type at the position; NULL if unknown */
    bool location_has_default;
};

struct def_info { /* what one executable definition uses */
    struct var_usage *usages;
    size_t nusages;
    size_t cap;
    const char **spreads;
    size_t nspreads;
    size_t spreads_cap;
};

static void add_usage(struct vctx *c, struct def_info *d, const struct gql_value *v,
                      const struct gql_type *type, bool has_default)
{
    if (d->nusages == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        struct var_usage *u = NT_ARENA_ARRAY(&c->arena, struct var_usage, cap);
        if (d->nusages)
            memcpy(u, d->usages, d->nusages * sizeof(*u));
        d->usages = u;
        d->cap = cap;
    }
    d->usages[d->nusages++] = (struct var_usage){v->str, v->loc, type, has_default};
}

static void add_spread(struct vctx *c, struct def_info *d, const char *name)
{
    if (d->nspreads == d->spreads_cap) {
        size_t cap = d->spreads_cap ? d->spreads_cap * 2 : 8;
        const char **s = NT_ARENA_ARRAY(&c->arena, const char *, cap);
        if (d->nspreads)
            memcpy(s, d->spreads, d->nspreads * sizeof(*s));
        d->spreads = s;
        d->spreads_cap = cap;
    }
    d->spreads[d->nspreads++] = name;
}

/* ---- ValuesOfCorrectType, UniqueInputFieldNames, usages ---- */

static void check_value(struct vctx *c, struct def_info *d, const struct gql_value *v,
                        const struct gql_type *type, bool has_default);

static void check_object_value(struct vctx *c, struct def_info *d, const struct gql_value *v,
                               const struct gql_type *t)
{
    for (size_t i = 0; i < v->count; i++) {
        for (size_t j = 0; j < i; j++)
            if (strcmp(v->fields[j].name, v->fields[i].name) == 0)
                ERR2(c, v->fields[j].loc, v->fields[i].loc,
                     "There can be only one input field named \"%s\".", v->fields[i].name);
        const struct gql_input_value *f = gql_input_field(t, v->fields[i].name);
        if (!f) {
            ERR1(c, v->fields[i].loc, "Field \"%s\" is not defined by type \"%s\".%s",
                 v->fields[i].name, t->name,
                 input_value_hint(c, v->fields[i].name, t->input_fields, t->ninput_fields));
            check_value(c, d, v->fields[i].value, NULL, false);
            continue;
        }
        check_value(c, d, v->fields[i].value, f->type, f->default_value != NULL);
    }
    for (size_t k = 0; k < t->ninput_fields; k++) {
        const struct gql_input_value *f = &t->input_fields[k];
        if (f->type->kind != GQL_KIND_NON_NULL || f->default_value)
            continue;
        bool given = false;
        for (size_t i = 0; i < v->count && !given; i++)
            given = strcmp(v->fields[i].name, f->name) == 0;
        if (!given)
            ERR1(c, v->loc, "Field \"%s.%s\" of required type \"%s\" was not provided.", t->name,
                 f->name, type_text(c, f->type));
    }
    if (t->is_one_of) {
        if (v->count != 1)
            ERR1(c, v->loc, "OneOf Input Object \"%s\" must specify exactly one key.", t->name);
        else if (v->fields[0].value->kind == GQL_VALUE_NULL)
            ERR1(c, v->loc, "Field \"%s.%s\" must be non-null.", t->name, v->fields[0].name);
    }
}

static void check_leaf_value(struct vctx *c, const struct gql_value *v, const struct gql_type *t,
                             const struct gql_type *location_type)
{
    if (t->kind == GQL_KIND_ENUM) {
        const char *shown = value_text(c, v);
        if (v->kind != GQL_VALUE_ENUM)
            ERR1(c, v->loc, "Enum \"%s\" cannot represent non-enum value: %s.%s", t->name, shown,
                 enum_value_hint(c, shown, t));
        else if (!gql_enum_value(t, v->str))
            ERR1(c, v->loc, "Value \"%s\" does not exist in \"%s\" enum.%s", v->str, t->name,
                 enum_value_hint(c, shown, t));
        return;
    }
    char *err = NULL;
    json_t *r = gql_coerce_literal(t, v, NULL, &err);
    if (!r) {
        if (err && t->builtin != GQL_SCALAR_CUSTOM)
            ERR1(c, v->loc, "%s", err);
        else
            ERR1(c, v->loc, "Expected value of type \"%s\", found %s.", type_text(c, location_type),
                 value_text(c, v));
    }
    free(err);
    json_decref(r);
}

static void walk_value_usages(struct vctx *c, struct def_info *d, const struct gql_value *v)
{
    if (v->kind == GQL_VALUE_VARIABLE)
        add_usage(c, d, v, NULL, false);
    for (size_t i = 0; v->kind == GQL_VALUE_LIST && i < v->count; i++)
        walk_value_usages(c, d, v->items[i]);
    for (size_t i = 0; v->kind == GQL_VALUE_OBJECT && i < v->count; i++)
        walk_value_usages(c, d, v->fields[i].value);
}

static void check_value(struct vctx *c, struct def_info *d, const struct gql_value *v,
                        const struct gql_type *type, bool has_default)
{
    if (v->kind == GQL_VALUE_VARIABLE) {
        if (d)
            add_usage(c, d, v, type, has_default);
        return;
    }
    if (!type) {
        if (d)
            walk_value_usages(c, d, v);
        return;
    }
    const struct gql_type *t = type;
    if (t->kind == GQL_KIND_NON_NULL) {
        if (v->kind == GQL_VALUE_NULL) {
            ERR1(c, v->loc, "Expected value of type \"%s\", found null.", type_text(c, type));
            return;
        }
        t = t->of_type;
    }
    if (v->kind == GQL_VALUE_NULL)
        return;
    if (t->kind == GQL_KIND_LIST) {
        if (v->kind == GQL_VALUE_LIST)
            for (size_t i = 0; i < v->count; i++)
                check_value(c, d, v->items[i], t->of_type, false);
        else
            check_value(c, d, v, t->of_type, false);
        return;
    }
    if (t->kind == GQL_KIND_INPUT_OBJECT) {
        if (v->kind != GQL_VALUE_OBJECT) {
            ERR1(c, v->loc, "Expected value of type \"%s\", found %s.", type_text(c, type),
                 value_text(c, v));
            return;
        }
        check_object_value(c, d, v, t);
        return;
    }
    if (v->kind == GQL_VALUE_LIST || v->kind == GQL_VALUE_OBJECT) {
        if (t->kind == GQL_KIND_SCALAR && t->builtin == GQL_SCALAR_CUSTOM) {
            walk_value_usages(c, d, v);
            return;
        }
        ERR1(c, v->loc, "Expected value of type \"%s\", found %s.", type_text(c, type),
             value_text(c, v));
        return;
    }
    check_leaf_value(c, v, t, type);
}

/* ---- Arguments and directives ---- */

static void check_unique_args(struct vctx *c, const struct gql_argument *args, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = strcmp(args[j].name, args[i].name) != 0;
        if (!first)
            continue;
        size_t count = 0;
        struct gql_loc locs[16];
        for (size_t j = i; j < n; j++)
            if (strcmp(args[j].name, args[i].name) == 0 && count < 16)
                locs[count++] = args[j].loc;
        if (count > 1)
            gql__verror(c, locs, count, "There can be only one argument named \"%s\".",
                        args[i].name);
    }
}

static const struct gql_input_value *find_input_value(const struct gql_input_value *defs, size_t n,
                                                      const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(defs[i].name, name) == 0)
            return &defs[i];
    return NULL;
}

static void check_args(struct vctx *c, struct def_info *d, const struct gql_argument *args,
                       size_t nargs, const struct gql_input_value *defs, size_t ndefs,
                       bool known, const char *field_owner, const char *field_name,
                       const char *directive_name, struct gql_loc at)
{
    for (size_t i = 0; i < nargs; i++) {
        const struct gql_input_value *def = known ? find_input_value(defs, ndefs, args[i].name)
                                                  : NULL;
        if (known && !def) {
            const char *h = input_value_hint(c, args[i].name, defs, ndefs);
            if (directive_name)
                ERR1(c, args[i].loc, "Unknown argument \"%s\" on directive \"@%s\".%s",
                     args[i].name, directive_name, h);
            else
                ERR1(c, args[i].loc, "Unknown argument \"%s\" on field \"%s.%s\".%s", args[i].name,
                     field_owner, field_name, h);
        }
        check_value(c, d, args[i].value, def ? def->type : NULL, def && def->default_value);
    }
    check_unique_args(c, args, nargs);
    for (size_t k = 0; known && k < ndefs; k++) {
        if (defs[k].type->kind != GQL_KIND_NON_NULL || defs[k].default_value)
            continue;
        bool given = false;
        for (size_t i = 0; i < nargs && !given; i++)
            given = strcmp(args[i].name, defs[k].name) == 0;
        if (given)
            continue;
        if (directive_name)
            ERR1(c, at,
                 "Directive \"@%s\" argument \"%s\" of type \"%s\" is required, but it was not "
                 "provided.",
                 directive_name, defs[k].name, type_text(c, defs[k].type));
        else
            ERR1(c, at,
                 "Field \"%s\" argument \"%s\" of type \"%s\" is required, but it was not "
                 "provided.",
                 field_name, defs[k].name, type_text(c, defs[k].type));
    }
}

static void check_directives(struct vctx *c, struct def_info *d, const struct gql_directive *dirs,
                             size_t n, uint32_t location)
{
    for (size_t i = 0; i < n; i++) {
        const struct gql_directive_def *def = gql_schema_directive(c->s, dirs[i].name);
        if (!def)
            ERR1(c, dirs[i].loc, "Unknown directive \"@%s\".", dirs[i].name);
        else if (!(def->locations & location))
            ERR1(c, dirs[i].loc, "Directive \"@%s\" may not be used on %s.", dirs[i].name,
                 gql_directive_location_name(location));
        if (def && !def->repeatable) {
            for (size_t j = 0; j < i; j++)
                if (strcmp(dirs[j].name, dirs[i].name) == 0) {
                    ERR2(c, dirs[j].loc, dirs[i].loc,
                         "The directive \"@%s\" can only be used once at this location.",
                         dirs[i].name);
                    break;
                }
        }
        check_args(c, d, dirs[i].args, dirs[i].nargs, def ? def->args : NULL,
                   def ? def->nargs : 0, def != NULL, NULL, NULL, dirs[i].name, dirs[i].loc);
    }
}

/* ---- Selections ---- */

static void walk_set(struct vctx *c, struct def_info *d, const struct gql_type *parent,
                     const struct gql_selection_set *set);

static const struct gql_type *composite_or_null(const struct gql_type *t)
{
    return gql_type_is_composite(t) ? t : NULL;
}

struct type_usage {
    const struct gql_type *type;
    int count;
};

static int by_usage(const void *x, const void *y)
{
    const struct type_usage *a = x, *b = y;
    if (a->count != b->count)
        return b->count - a->count;
    if (a->type->kind == GQL_KIND_INTERFACE && b->type->kind != GQL_KIND_INTERFACE)
        return -1;
    if (b->type->kind == GQL_KIND_INTERFACE && a->type->kind != GQL_KIND_INTERFACE)
        return 1;
    return gql_natural_compare(a->type->name, b->type->name);
}

/* graphql-js FieldsOnCorrectType: on an abstract type, the types that have
 * the field (most used first); otherwise fields with a similar name. */
static const char *field_hint(struct vctx *c, const struct gql_type *parent, const char *name)
{
    if (gql_type_is_abstract(parent)) {
        size_t cap = c->s->ntypes + 1, n = 0;
        struct type_usage *u = NT_ARENA_ARRAY(&c->arena, struct type_usage, cap);
        for (size_t i = 0; i < parent->npossible_types; i++) {
            const struct gql_type *pt = parent->possible_types[i];
            if (!gql_schema_field(c->s, pt, name))
                continue;
            u[n++] = (struct type_usage){pt, 1};
            for (size_t k = 0; k < pt->ninterfaces; k++) {
                const struct gql_type *it = pt->interfaces[k];
                if (!gql_schema_field(c->s, it, name))
                    continue;
                size_t j = 0;
                while (j < n && u[j].type != it)
                    j++;
                if (j == n)
                    u[n++] = (struct type_usage){it, 0};
                u[j].count++;
            }
        }
        if (n) {
            qsort(u, n, sizeof(*u), by_usage);
            const char **names = NT_ARENA_ARRAY(&c->arena, const char *, n);
            for (size_t i = 0; i < n; i++)
                names[i] = u[i].type->name;
            struct nt_buf b;
            nt_buf_init(&b, 0);
            gql_did_you_mean_list(names, n, "to use an inline fragment on", &b);
            const char *h = nt_arena_strdup(&c->arena, nt_buf_str(&b));
            nt_buf_free(&b);
            return h;
        }
    }
    if (parent->kind != GQL_KIND_OBJECT && parent->kind != GQL_KIND_INTERFACE)
        return "";
    const char **names = NT_ARENA_ARRAY(&c->arena, const char *, parent->nfields + 1);
    for (size_t i = 0; i < parent->nfields; i++)
        names[i] = parent->fields[i].name;
    return hint(c, name, names, parent->nfields, NULL);
}

static void check_field(struct vctx *c, struct def_info *d, const struct gql_type *parent,
                        const struct gql_selection *s)
{
    check_directives(c, d, s->directives, s->ndirectives, GQL_DL_FIELD);
    const struct gql_field_def *def = parent ? gql_schema_field(c->s, parent, s->name) : NULL;
    if (parent && !def)
        ERR1(c, s->loc, "Cannot query field \"%s\" on type \"%s\".%s", s->name, parent->name,
             field_hint(c, parent, s->name));
    check_args(c, d, s->args, s->nargs, def ? def->args : NULL, def ? def->nargs : 0, def != NULL,
               parent ? parent->name : "", s->name, NULL, s->loc);
    const struct gql_type *named = def ? gql_type_named(def->type) : NULL;
    if (named && gql_type_is_leaf(named) && s->selection_set)
        ERR1(c, s->selection_set->loc,
             "Field \"%s\" must not have a selection since type \"%s\" has no subfields.", s->name,
             type_text(c, def->type));
    if (named && !gql_type_is_leaf(named) && !s->selection_set)
        ERR1(c, s->loc,
             "Field \"%s\" of type \"%s\" must have a selection of subfields. Did you mean \"%s "
             "{ ... }\"?",
             s->name, type_text(c, def->type), s->name);
    if (s->selection_set)
        walk_set(c, d, composite_or_null(named), s->selection_set);
}

static void check_spread_possible(struct vctx *c, const struct gql_type *parent,
                                  const struct gql_type *frag_type, const char *name,
                                  struct gql_loc loc)
{
    if (!parent || !frag_type || !gql_type_is_composite(frag_type) ||
        gql_types_overlap(c->s, frag_type, parent))
        return;
    if (name)
        ERR1(c, loc,
             "Fragment \"%s\" cannot be spread here as objects of type \"%s\" can never be of "
             "type \"%s\".",
             name, parent->name, frag_type->name);
    else
        ERR1(c, loc,
             "Fragment cannot be spread here as objects of type \"%s\" can never be of type "
             "\"%s\".",
             parent->name, frag_type->name);
}

static const struct gql_type *check_type_condition(struct vctx *c, const char *name,
                                                   struct gql_loc loc, const char *fragment_name)
{
    const struct gql_type *t = gql_schema_type(c->s, name);
    if (!t) {
        ERR1(c, loc, "Unknown type \"%s\".%s", name, type_name_hint(c, name));
        return NULL;
    }
    if (!gql_type_is_composite(t)) {
        if (fragment_name)
            ERR1(c, loc, "Fragment \"%s\" cannot condition on non composite type \"%s\".",
                 fragment_name, name);
        else
            ERR1(c, loc, "Fragment cannot condition on non composite type \"%s\".", name);
        return NULL;
    }
    return t;
}

static void walk_set(struct vctx *c, struct def_info *d, const struct gql_type *parent,
                     const struct gql_selection_set *set)
{
    gql__check_overlaps(c, parent, set);
    for (size_t i = 0; i < set->count; i++) {
        const struct gql_selection *s = &set->items[i];
        if (s->kind == GQL_SEL_FIELD) {
            check_field(c, d, parent, s);
        } else if (s->kind == GQL_SEL_INLINE_FRAGMENT) {
            check_directives(c, d, s->directives, s->ndirectives, GQL_DL_INLINE_FRAGMENT);
            const struct gql_type *t = parent;
            if (s->type_condition) {
                t = check_type_condition(c, s->type_condition, s->type_condition_loc, NULL);
                check_spread_possible(c, parent, t, NULL, s->loc);
            }
            walk_set(c, d, t, s->selection_set);
        } else {
            check_directives(c, d, s->directives, s->ndirectives, GQL_DL_FRAGMENT_SPREAD);
            const struct gql_fragment *f = nt_map_get(&c->fragments, s->name);
            if (!f) {
                ERR1(c, s->name_loc, "Unknown fragment \"%s\".", s->name);
                continue;
            }
            add_spread(c, d, s->name);
            const struct gql_type *ft = gql_schema_type(c->s, f->type_condition);
            check_spread_possible(c, parent, ft, s->name, s->loc);
        }
    }
}

/* ---- Operations and variables ---- */

static const struct gql_type *operation_root(const struct vctx *c, enum gql_operation_kind k)
{
    return k == GQL_OP_QUERY ? c->s->query
           : k == GQL_OP_MUTATION ? c->s->mutation
                                  : c->s->subscription;
}

static void check_variable_defs(struct vctx *c, struct def_info *d, const struct gql_operation *op)
{
    for (size_t i = 0; i < op->nvars; i++) {
        const struct gql_variable_def *vd = &op->vars[i];
        struct gql_loc name_loc = {vd->loc.line, vd->loc.column + 1};
        for (size_t j = 0; j < i; j++)
            if (strcmp(op->vars[j].name, vd->name) == 0) {
                struct gql_loc first = {op->vars[j].loc.line, op->vars[j].loc.column + 1};
                ERR2(c, first, name_loc, "There can be only one variable named \"$%s\".",
                     vd->name);
                break;
            }
        const struct gql_type_ref *named = vd->type;
        while (named->kind != GQL_REF_NAMED)
            named = named->of;
        const struct gql_type *t = gql_type_from_ref(c->s, vd->type, &c->arena);
        if (!gql_schema_type(c->s, named->name))
            ERR1(c, named->loc, "Unknown type \"%s\".%s", named->name,
                 type_name_hint(c, named->name));
        else if (!gql_type_is_input(t))
            ERR1(c, vd->type->loc, "Variable \"$%s\" cannot be non-input type \"%s\".", vd->name,
                 ref_text(c, vd->type));
        check_directives(c, d, vd->directives, vd->ndirectives, GQL_DL_VARIABLE_DEFINITION);
        if (vd->default_value && t && gql_type_is_input(t))
            check_value(c, NULL, vd->default_value, t, false);
    }
}

static const struct gql_variable_def *find_var(const struct gql_operation *op, const char *name)
{
    for (size_t i = 0; i < op->nvars; i++)
        if (strcmp(op->vars[i].name, name) == 0)
            return &op->vars[i];
    return NULL;
}

/* VariablesInAllowedPosition's allowedVariableUsage. */
static bool usage_allowed(struct vctx *c, const struct gql_type *var_type,
                          const struct gql_variable_def *vd, const struct var_usage *u)
{
    const struct gql_type *loc = u->type;
    if (loc->kind == GQL_KIND_NON_NULL && var_type->kind != GQL_KIND_NON_NULL) {
        bool var_default = vd->default_value && vd->default_value->kind != GQL_VALUE_NULL;
        if (!var_default && !u->location_has_default)
            return false;
        return gql_type_is_subtype(c->s, var_type, loc->of_type);
    }
    return gql_type_is_subtype(c->s, var_type, loc);
}

struct name_set {
    const char **names;
    size_t n;
};

static bool name_set_add(struct vctx *c, struct name_set *set, const char *name, size_t cap)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->names[i], name) == 0)
            return false;
    if (!set->names)
        set->names = NT_ARENA_ARRAY(&c->arena, const char *, cap);
    set->names[set->n++] = name;
    return true;
}

static size_t count_fragments(const struct gql_document *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->ndefs; i++)
        n += doc->defs[i].kind == GQL_DEF_FRAGMENT;
    return n;
}

/* Fragments reachable from an operation's own spreads, in discovery order. */
static void reachable_fragments(struct vctx *c, struct nt_map *infos, const struct def_info *root,
                                struct name_set *out, size_t cap)
{
    for (size_t i = 0; i < root->nspreads; i++) {
        if (!name_set_add(c, out, root->spreads[i], cap))
            continue;
        const struct def_info *fi = nt_map_get(infos, root->spreads[i]);
        if (fi)
            reachable_fragments(c, infos, fi, out, cap);
    }
}

static void check_operation_variables(struct vctx *c, const struct gql_operation *op,
                                      const struct def_info *own, struct nt_map *infos)
{
    struct name_set frags = {0};
    size_t cap = count_fragments(c->doc) + 1;
    reachable_fragments(c, infos, own, &frags, cap);
    const struct def_info **all = NT_ARENA_ARRAY(&c->arena, const struct def_info *, 1 + cap);
    size_t nall = 0;
    all[nall++] = own;
    for (size_t i = 0; i < frags.n; i++) {
        const struct def_info *fi = nt_map_get(infos, frags.names[i]);
        if (fi)
            all[nall++] = fi;
    }
    struct name_set used = {0};
    size_t total_usages = 0;
    for (size_t k = 0; k < nall; k++)
        total_usages += all[k]->nusages;
    for (size_t k = 0; k < nall; k++) {
        for (size_t i = 0; i < all[k]->nusages; i++) {
            const struct var_usage *u = &all[k]->usages[i];
            name_set_add(c, &used, u->name, total_usages + 1);
            const struct gql_variable_def *vd = find_var(op, u->name);
            if (!vd) {
                if (op->name)
                    ERR2(c, u->loc, op->loc, "Variable \"$%s\" is not defined by operation \"%s\".",
                         u->name, op->name);
                else
                    ERR2(c, u->loc, op->loc, "Variable \"$%s\" is not defined.", u->name);
                continue;
            }
            const struct gql_type *vt = gql_type_from_ref(c->s, vd->type, &c->arena);
            if (vt && u->type && !usage_allowed(c, vt, vd, u))
                ERR2(c, vd->loc, u->loc,
                     "Variable \"$%s\" of type \"%s\" used in position expecting type \"%s\".",
                     u->name, ref_text(c, vd->type), type_text(c, u->type));
        }
    }
    for (size_t i = 0; i < op->nvars; i++) {
        bool is_used = false;
        for (size_t j = 0; j < used.n && !is_used; j++)
            is_used = strcmp(used.names[j], op->vars[i].name) == 0;
        if (is_used)
            continue;
        if (op->name)
            ERR1(c, op->vars[i].loc, "Variable \"$%s\" is never used in operation \"%s\".",
                 op->vars[i].name, op->name);
        else
            ERR1(c, op->vars[i].loc, "Variable \"$%s\" is never used.", op->vars[i].name);
    }
}

/* ---- Document-level rules ---- */

static void check_executable_definitions(struct vctx *c)
{
    for (size_t i = 0; i < c->doc->ndefs; i++) {
        const struct gql_definition *d = &c->doc->defs[i];
        if (d->kind == GQL_DEF_SCHEMA)
            ERR1(c, d->loc, "The %s definition is not executable.",
                 d->u.schema->is_extension ? "schema extension" : "schema");
        else if (d->kind == GQL_DEF_TYPE)
            ERR1(c, d->loc, "The \"%s\" definition is not executable.", d->u.type->name);
        else if (d->kind == GQL_DEF_DIRECTIVE)
            ERR1(c, d->loc, "The \"%s\" definition is not executable.", d->u.directive->name);
    }
}

static void check_operation_names(struct vctx *c)
{
    size_t nops = 0;
    for (size_t i = 0; i < c->doc->ndefs; i++)
        nops += c->doc->defs[i].kind == GQL_DEF_OPERATION;
    for (size_t i = 0; i < c->doc->ndefs; i++) {
        if (c->doc->defs[i].kind != GQL_DEF_OPERATION)
            continue;
        const struct gql_operation *op = c->doc->defs[i].u.operation;
        if (!op->name) {
            if (nops > 1)
                ERR1(c, op->loc, "This anonymous operation must be the only defined operation.");
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct gql_definition *p = &c->doc->defs[j];
            if (p->kind == GQL_DEF_OPERATION && p->u.operation->name &&
                strcmp(p->u.operation->name, op->name) == 0) {
                ERR2(c, p->u.operation->name_loc, op->name_loc,
                     "There can be only one operation named \"%s\".", op->name);
                break;
            }
        }
    }
}

static void register_fragments(struct vctx *c)
{
    for (size_t i = 0; i < c->doc->ndefs; i++) {
        if (c->doc->defs[i].kind != GQL_DEF_FRAGMENT)
            continue;
        const struct gql_fragment *f = c->doc->defs[i].u.fragment;
        const struct gql_fragment *prev = nt_map_get(&c->fragments, f->name);
        if (prev)
            ERR2(c, prev->name_loc, f->name_loc, "There can be only one fragment named \"%s\".",
                 f->name);
        else
            nt_map_put(&c->fragments, f->name, (void *)f);
    }
}

static size_t subscription_root_fields(struct vctx *c, const struct gql_selection_set *set,
                                       const struct gql_selection **out, size_t cap, size_t n,
                                       int depth)
{
    for (size_t i = 0; i < set->count && depth < 16; i++) {
        const struct gql_selection *s = &set->items[i];
        if (s->kind == GQL_SEL_FIELD) {
            bool seen = false;
            const char *key = s->alias ? s->alias : s->name;
            for (size_t j = 0; j < n && !seen; j++)
                seen = strcmp(out[j]->alias ? out[j]->alias : out[j]->name, key) == 0;
            if (!seen && n < cap)
                out[n++] = s;
        } else if (s->kind == GQL_SEL_INLINE_FRAGMENT) {
            n = subscription_root_fields(c, s->selection_set, out, cap, n, depth + 1);
        } else {
            const struct gql_fragment *f = nt_map_get(&c->fragments, s->name);
            if (f)
                n = subscription_root_fields(c, f->selection_set, out, cap, n, depth + 1);
        }
    }
    return n;
}

static void check_single_field_subscription(struct vctx *c, const struct gql_operation *op)
{
    const struct gql_selection *fields[64];
    size_t n = subscription_root_fields(c, op->selection_set, fields, 64, 0, 0);
    if (n > 1) {
        struct gql_loc locs[64];
        for (size_t i = 1; i < n; i++)
            locs[i - 1] = fields[i]->loc;
        if (op->name)
            gql__verror(c, locs, n - 1, "Subscription \"%s\" must select only one top level field.",
                        op->name);
        else
            gql__verror(c, locs, n - 1, "Anonymous Subscription must select only one top level field.");
    }
    for (size_t i = 0; i < n; i++)
        if (strncmp(fields[i]->name, "__", 2) == 0) {
            if (op->name)
                ERR1(c, fields[i]->loc,
                     "Subscription \"%s\" must not select an introspection top level field.",
                     op->name);
            else
                ERR1(c, fields[i]->loc,
                     "Anonymous Subscription must not select an introspection top level field.");
        }
}

/* NoFragmentCycles, as graphql-js's detectCycleRecursive. */
struct cycle_state {
    struct nt_map visited;
    struct nt_map index_in_path; /* name -> (index + 1) */
    const struct gql_selection **path;
    size_t depth;
    size_t cap;
};

static void spreads_in(const struct gql_selection_set *set, const struct gql_selection **out,
                       size_t *n, size_t cap)
{
    for (size_t i = 0; i < set->count; i++) {
        const struct gql_selection *s = &set->items[i];
        if (s->kind == GQL_SEL_FRAGMENT_SPREAD) {
            if (*n < cap)
                out[(*n)++] = s;
        } else if (s->selection_set) {
            spreads_in(s->selection_set, out, n, cap);
        }
    }
}

static void detect_cycles(struct vctx *c, struct cycle_state *st, const struct gql_fragment *f)
{
    if (nt_map_get(&st->visited, f->name))
        return;
    nt_map_put(&st->visited, f->name, (void *)f);
    const struct gql_selection *spreads[256];
    size_t n = 0;
    spreads_in(f->selection_set, spreads, &n, 256);
    if (!n)
        return;
    nt_map_put(&st->index_in_path, f->name, (void *)(st->depth + 1));
    for (size_t i = 0; i < n && st->depth < st->cap; i++) {
        const struct gql_selection *s = spreads[i];
        size_t idx = (size_t)nt_map_get(&st->index_in_path, s->name);
        st->path[st->depth++] = s;
        if (!idx) {
            const struct gql_fragment *next = nt_map_get(&c->fragments, s->name);
            if (next)
                detect_cycles(c, st, next);
        } else {
            size_t start = idx - 1, len = st->depth - start;
            struct nt_buf via;
            nt_buf_init(&via, 0);
            for (size_t k = start; k + 1 < st->depth; k++)
                nt_buf_printf(&via, "%s\"%s\"", k > start ? ", " : "", st->path[k]->name);
            struct gql_loc locs[64];
            size_t nl = 0;
            for (size_t k = start; k < st->depth && nl < 64; k++)
                locs[nl++] = st->path[k]->loc;
            (void)len;
            c->has_fragment_cycles = true;
            if (via.len)
                gql__verror(c, locs, nl, "Cannot spread fragment \"%s\" within itself via %s.",
                            s->name, nt_buf_str(&via));
            else
                gql__verror(c, locs, nl, "Cannot spread fragment \"%s\" within itself.", s->name);
            nt_buf_free(&via);
        }
        st->depth--;
    }
    nt_map_put(&st->index_in_path, f->name, NULL);
}

static void check_fragment_cycles(struct vctx *c)
{
    struct cycle_state st = {.cap = 256};
    st.path = NT_ARENA_ARRAY(&c->arena, const struct gql_selection *, st.cap);
    nt_map_init(&st.visited);
    nt_map_init(&st.index_in_path);
    for (size_t i = 0; i < c->doc->ndefs; i++)
        if (c->doc->defs[i].kind == GQL_DEF_FRAGMENT)
            detect_cycles(c, &st, c->doc->defs[i].u.fragment);
    nt_map_free(&st.visited);
    nt_map_free(&st.index_in_path);
}

/* ---- Entry ---- */

static void walk_definitions(struct vctx *c, struct nt_map *infos, struct def_info *op_infos)
{
    for (size_t i = 0; i < c->doc->ndefs; i++) {
        const struct gql_definition *d = &c->doc->defs[i];
        if (d->kind == GQL_DEF_OPERATION) {
            const struct gql_operation *op = d->u.operation;
            static const uint32_t locs[] = {GQL_DL_QUERY, GQL_DL_MUTATION, GQL_DL_SUBSCRIPTION};
            check_variable_defs(c, &op_infos[i], op);
            check_directives(c, &op_infos[i], op->directives, op->ndirectives, locs[op->kind]);
            if (op->kind == GQL_OP_SUBSCRIPTION)
                check_single_field_subscription(c, op);
            walk_set(c, &op_infos[i], operation_root(c, op->kind), op->selection_set);
        } else if (d->kind == GQL_DEF_FRAGMENT) {
            const struct gql_fragment *f = d->u.fragment;
            struct def_info *fi = &op_infos[i];
            if (nt_map_get(&c->fragments, f->name) == f)
                nt_map_put(infos, f->name, fi);
            check_directives(c, fi, f->directives, f->ndirectives, GQL_DL_FRAGMENT_DEFINITION);
            const struct gql_type *t =
                check_type_condition(c, f->type_condition, f->type_condition_loc, f->name);
            walk_set(c, fi, t, f->selection_set);
        }
    }
}

static void check_unused_fragments(struct vctx *c, struct nt_map *infos, struct def_info *infos_by_def)
{
    struct name_set used = {0};
    size_t cap = count_fragments(c->doc) + 1;
    for (size_t i = 0; i < c->doc->ndefs; i++)
        if (c->doc->defs[i].kind == GQL_DEF_OPERATION)
            reachable_fragments(c, infos, &infos_by_def[i], &used, cap);
    for (size_t i = 0; i < c->doc->ndefs; i++) {
        if (c->doc->defs[i].kind != GQL_DEF_FRAGMENT)
            continue;
        const struct gql_fragment *f = c->doc->defs[i].u.fragment;
        bool is_used = false;
        for (size_t j = 0; j < used.n && !is_used; j++)
            is_used = strcmp(used.names[j], f->name) == 0;
        if (!is_used)
            ERR1(c, f->loc, "Fragment \"%s\" is never used.", f->name);
    }
}

size_t gql_validate(const struct gql_schema *s, const struct gql_document *doc, json_t *errors,
                    size_t max_errors)
{
    struct vctx c = {.s = s, .doc = doc, .errors = errors, .max_errors = max_errors};
    nt_arena_init(&c.arena, 8192);
    nt_map_init(&c.fragments);
    nt_map_init(&c.overlap_cache);
    nt_map_init(&c.compared_pairs);
    struct nt_map infos;
    nt_map_init(&infos);
    struct def_info *by_def = NT_ARENA_ARRAY(&c.arena, struct def_info, doc->ndefs + 1);

    check_executable_definitions(&c);
    check_operation_names(&c);
    register_fragments(&c);
    check_fragment_cycles(&c);
    walk_definitions(&c, &infos, by_def);
    check_unused_fragments(&c, &infos, by_def);
    for (size_t i = 0; i < doc->ndefs; i++)
        if (doc->defs[i].kind == GQL_DEF_OPERATION)
            check_operation_variables(&c, doc->defs[i].u.operation, &by_def[i], &infos);

    nt_map_free(&infos);
    nt_map_free(&c.fragments);
    nt_map_free(&c.overlap_cache);
    nt_map_free(&c.compared_pairs);
    nt_arena_free(&c.arena);
    return c.nerrors;
}
