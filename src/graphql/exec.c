/* Execution (spec section 6), following graphql-js 16's execute.js:
 * CollectFields, ExecuteFields (serially for mutations — every resolver here
 * is synchronous, so both orders are the document order), CompleteValue with
 * null propagation, and errors located by field nodes and response path.
 *
 * A function returning json_t* uses NULL to mean "an error is propagating to
 * the nearest nullable position"; the error itself is already recorded. */
#include "graphql/exec.h"

#include "base/alloc.h"
#include "graphql/coerce.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLLECTED_BUCKETS 64

struct gql_exec {
    const struct gql_schema *s;
    const struct gql_document *doc;
    const struct gql_request *req;
    const struct gql_operation *op;
    json_t *vars;
    json_t *root;
    json_t *errors;
    struct nt_arena arena;
    struct nt_buf leaves; /* JSON text of completed leaf values */
    char *resolver_error;
    struct collected *collected[COLLECTED_BUCKETS]; /* complete_object's memo */
};

struct path {
    const struct path *prev;
    const char *key; /* NULL for a list index */
    size_t index;
};

struct field_group {
    const char *key;
    const struct gql_selection **nodes;
    size_t n;
    size_t cap;
    /* The field's definition in the type the group was collected for,
     * looked up on the group's first execution (groups are memoised per
     * type, so the thousands of list items of one type share it). */
    const struct gql_field_def *def;
    bool def_known;
    /* ,"key": as the response writes it (the first member skips the
     * comma), made on the group's first execution like def. */
    const char *member;
    size_t member_len;
};

struct field_groups {
    struct field_group *items;
    size_t n;
    size_t cap;
};

/* ---- Errors ---- */

static json_t *path_json(const struct path *p)
{
    if (!p)
        return json_array();
    json_t *a = path_json(p->prev);
    json_array_append_new(a, p->key ? json_string(p->key) : json_integer((json_int_t)p->index));
    return a;
}

static json_t *locations_json(const struct gql_selection *const *nodes, size_t n)
{
    json_t *locs = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(locs, json_pack("{s:I,s:I}", "line", (json_int_t)nodes[i]->loc.line,
                                              "column", (json_int_t)nodes[i]->loc.column));
    return locs;
}

static void add_error(struct gql_exec *ex, const char *message,
                      const struct gql_selection *const *nodes, size_t n, const struct path *path)
{
    json_t *e = json_object();
    json_object_set_new(e, "message", json_string(message));
    if (n)
        json_object_set_new(e, "locations", locations_json(nodes, n));
    json_object_set_new(e, "path", path_json(path));
    json_array_append_new(ex->errors, e);
}

__attribute__((format(printf, 5, 6))) static void
add_errorf(struct gql_exec *ex, const struct gql_selection *const *nodes, size_t n,
           const struct path *path, const char *fmt, ...)
{
    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    add_error(ex, msg ? msg : "error", nodes, n, path);
    free(msg);
}

static void add_request_error(json_t *errors, const char *message, const struct gql_loc *loc)
{
    json_t *e = json_pack("{s:s}", "message", message);
    if (loc)
        json_object_set_new(e, "locations",
                            json_pack("[{s:I,s:I}]", "line", (json_int_t)loc->line, "column",
                                      (json_int_t)loc->column));
    json_array_append_new(errors, e);
}

int gql_resolve_fail(struct gql_resolve_info *info, const char *fmt, ...)
{
    struct gql_exec *ex = info->exec;
    free(ex->resolver_error);
    ex->resolver_error = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&ex->resolver_error, fmt, ap) < 0)
        ex->resolver_error = NULL;
    va_end(ap);
    return -1;
}

/* ---- Directives and fragments (CollectFields) ---- */

static bool directive_if(struct gql_exec *ex, const struct gql_directive *d)
{
    for (size_t i = 0; i < d->nargs; i++) {
        if (strcmp(d->args[i].name, "if") != 0)
            continue;
        const struct gql_value *v = d->args[i].value;
        if (v->kind == GQL_VALUE_VARIABLE)
            return json_is_true(json_object_get(ex->vars, v->str));
        return v->kind == GQL_VALUE_BOOLEAN && v->boolean;
    }
    return false;
}

static bool should_include(struct gql_exec *ex, const struct gql_directive *dirs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(dirs[i].name, "skip") == 0 && directive_if(ex, &dirs[i]))
            return false;
        if (strcmp(dirs[i].name, "include") == 0 && !directive_if(ex, &dirs[i]))
            return false;
    }
    return true;
}

static bool type_condition_applies(struct gql_exec *ex, const char *cond,
                                   const struct gql_type *object)
{
    if (!cond)
        return true;
    const struct gql_type *t = gql_schema_type(ex->s, cond);
    if (!t)
        return false;
    if (t == object)
        return true;
    return gql_type_is_abstract(t) && gql_type_is_possible(t, object);
}


static void group_add(struct gql_exec *ex, struct field_groups *g, const struct gql_selection *s)
{
    const char *key = s->alias ? s->alias : s->name;
    struct field_group *grp = NULL;
    for (size_t i = 0; i < g->n && !grp; i++)
        if (strcmp(g->items[i].key, key) == 0)
            grp = &g->items[i];
    if (!grp) {
        if (g->n == g->cap) {
            size_t cap = g->cap ? g->cap * 2 : 8;
            struct field_group *items = NT_ARENA_ARRAY(&ex->arena, struct field_group, cap);
            if (g->n)
                memcpy(items, g->items, g->n * sizeof(*items));
            g->items = items;
            g->cap = cap;
        }
        grp = &g->items[g->n++];
        grp->key = key;
    }
    if (grp->n == grp->cap) {
        size_t cap = grp->cap ? grp->cap * 2 : 2;
        const struct gql_selection **nodes = NT_ARENA_ARRAY(&ex->arena, const struct gql_selection *, cap);
        if (grp->n)
            memcpy(nodes, grp->nodes, grp->n * sizeof(*nodes));
        grp->nodes = nodes;
        grp->cap = cap;
    }
    grp->nodes[grp->n++] = s;
}

struct visited {
    const char **names;
    size_t n;
};

static bool visited_has(const struct visited *v, const char *name)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->names[i], name) == 0)
            return true;
    return false;
}

static void collect_fields(struct gql_exec *ex, const struct gql_type *object,
                           const struct gql_selection_set *set, struct field_groups *out,
                           struct visited *visited)
{
    for (size_t i = 0; i < set->count; i++) {
        const struct gql_selection *s = &set->items[i];
        if (!should_include(ex, s->directives, s->ndirectives))
            continue;
        if (s->kind == GQL_SEL_FIELD) {
            group_add(ex, out, s);
        } else if (s->kind == GQL_SEL_INLINE_FRAGMENT) {
            if (type_condition_applies(ex, s->type_condition, object))
                collect_fields(ex, object, s->selection_set, out, visited);
        } else {
            if (visited_has(visited, s->name))
                continue;
            const char **names = NT_ARENA_ARRAY(&ex->arena, const char *, visited->n + 1);
            if (visited->n)
                memcpy(names, visited->names, visited->n * sizeof(*names));
            names[visited->n] = s->name;
            visited->names = names;
            visited->n++;
            const struct gql_fragment *f = gql_document_fragment(ex->doc, s->name);
            if (f && type_condition_applies(ex, f->type_condition, object))
                collect_fields(ex, object, f->selection_set, out, visited);
        }
    }
}

/* ---- Arguments (CoerceArgumentValues) ---- */

static const struct gql_argument *find_arg(const struct gql_selection *node, const char *name)
{
    for (size_t i = 0; i < node->nargs; i++)
        if (strcmp(node->args[i].name, name) == 0)
            return &node->args[i];
    return NULL;
}

__attribute__((format(printf, 1, 2))) static char *strf(const char *fmt, ...)
{
    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = nt_strdup("error");
    va_end(ap);
    return msg;
}

static char *type_string(const struct gql_type *t)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    gql_type_print(t, &b);
    return nt_buf_steal(&b, NULL);
}

/* Returns the arguments object, or NULL with *out_err (malloc'ed). */
static json_t *coerce_arguments(struct gql_exec *ex, const struct gql_field_def *def,
                                const struct gql_selection *node, char **out_err)
{
    json_t *args = json_object();
    for (size_t i = 0; i < def->nargs; i++) {
        const struct gql_input_value *ad = &def->args[i];
        const struct gql_argument *an = find_arg(node, ad->name);
        bool non_null = ad->type->kind == GQL_KIND_NON_NULL;
        char *ts = NULL;
        bool provided = an != NULL;
        if (an && an->value->kind == GQL_VALUE_VARIABLE)
            provided = json_object_get(ex->vars, an->value->str) != NULL;
        if (!provided) {
            json_t *v = NULL;
            if (ad->default_value) {
                v = gql_coerce_literal(ad->type, ad->default_value, NULL, out_err);
            } else if (non_null) {
                ts = type_string(ad->type);
                if (an)
                    *out_err = strf("Argument \"%s\" of required type \"%s\" was provided the "
                                    "variable \"$%s\" which was not provided a runtime value.",
                                    ad->name, ts, an->value->str);
                else
                    *out_err = strf("Argument \"%s\" of required type \"%s\" was not provided.",
                                    ad->name, ts);
            } else {
                continue;
            }
            free(ts);
            if (!v) {
                json_decref(args);
                return NULL;
            }
            json_object_set_new(args, ad->name, v);
            continue;
        }
        char *err = NULL;
        json_t *v = gql_coerce_literal(ad->type, an->value, ex->vars, &err);
        if (!v) {
            free(err);
            if (an->value->kind == GQL_VALUE_VARIABLE && non_null) {
                ts = type_string(ad->type);
                *out_err = strf("Argument \"%s\" of non-null type \"%s\" must not be null.",
                                ad->name, ts);
                free(ts);
            } else {
                *out_err = strf("Argument \"%s\" has invalid value.", ad->name);
            }
            json_decref(args);
            return NULL;
        }
        json_object_set_new(args, ad->name, v);
    }
    return args;
}

/* ---- The response tree ----
 * Completed values are arena nodes; leaves hold their JSON text as a slice
 * of one per-execution buffer. No allocation per field, and the response is
 * written in one pass at the end. */

enum rkind { R_NULL, R_LEAF, R_OBJECT, R_LIST };

struct rfield {
    const struct field_group *group; /* its member text */
    struct rnode *value;
};

struct rnode {
    enum rkind kind;
    size_t leaf_off; /* R_LEAF: JSON text in ex->leaves */
    size_t leaf_len;
    struct rfield *fields; /* R_OBJECT */
    struct rnode **items;  /* R_LIST */
    size_t n;
};

static struct rnode null_node = {.kind = R_NULL};

static struct rnode *leaf_node(struct gql_exec *ex, json_t *value)
{
    struct rnode *r = NT_ARENA_NEW(&ex->arena, struct rnode);
    r->kind = R_LEAF;
    r->leaf_off = ex->leaves.len;
    gql_json_write(value, &ex->leaves);
    r->leaf_len = ex->leaves.len - r->leaf_off;
    return r;
}

static void write_node(const struct gql_exec *ex, const struct rnode *r, struct nt_buf *out)
{
    switch (r->kind) {
    case R_NULL: nt_buf_puts(out, "null"); break;
    case R_LEAF: nt_buf_append(out, ex->leaves.data + r->leaf_off, r->leaf_len); break;
    case R_OBJECT:
        nt_buf_putc(out, '{');
        for (size_t i = 0; i < r->n; i++) {
            const struct field_group *g = r->fields[i].group;
            nt_buf_append(out, g->member + !i, g->member_len - !i);
            write_node(ex, r->fields[i].value, out);
        }
        nt_buf_putc(out, '}');
        break;
    case R_LIST:
        nt_buf_putc(out, '[');
        for (size_t i = 0; i < r->n; i++) {
            if (i)
                nt_buf_putc(out, ',');
            write_node(ex, r->items[i], out);
        }
        nt_buf_putc(out, ']');
        break;
    }
}

/* ---- Completion ---- */

static struct rnode *execute_fields(struct gql_exec *ex, const struct gql_type *type,
                                    json_t *source, struct field_groups *groups,
                                    const struct path *path);

static struct rnode *complete_value(struct gql_exec *ex, const struct gql_type *type,
                                    const struct field_group *grp,
                                    const struct gql_type *parent_type,
                                    const struct gql_field_def *def, const struct path *path,
                                    json_t *result);

static struct rnode *complete_list(struct gql_exec *ex, const struct gql_type *type,
                                   const struct field_group *grp,
                                   const struct gql_type *parent_type,
                                   const struct gql_field_def *def, const struct path *path,
                                   json_t *result)
{
    if (!json_is_array(result)) {
        add_errorf(ex, grp->nodes, grp->n, path,
                   "Expected Iterable, but did not find one for field \"%s.%s\".",
                   parent_type->name, def->name);
        return NULL;
    }
    struct rnode *out = NT_ARENA_NEW(&ex->arena, struct rnode);
    out->kind = R_LIST;
    out->n = json_array_size(result);
    out->items = NT_ARENA_ARRAY(&ex->arena, struct rnode *, out->n + 1);
    for (size_t i = 0; i < out->n; i++) {
        struct path item_path = {path, NULL, i};
        struct rnode *item = complete_value(ex, type->of_type, grp, parent_type, def, &item_path,
                                            json_array_get(result, i));
        if (!item) {
            if (type->of_type->kind == GQL_KIND_NON_NULL)
                return NULL;
            item = &null_node;
        }
        out->items[i] = item;
    }
    return out;
}

static const struct gql_type *resolve_runtime_type(struct gql_exec *ex,
                                                   const struct gql_type *abstract,
                                                   const struct field_group *grp,
                                                   const struct gql_type *parent_type,
                                                   const struct gql_field_def *def,
                                                   const struct path *path, json_t *result)
{
    const char *name = ex->s->resolve_type
                           ? ex->s->resolve_type(result, abstract, ex->req->ctx)
                           : json_string_value(json_object_get(result, "__typename"));
    if (!name) {
        add_errorf(ex, grp->nodes, grp->n, path,
                   "Abstract type \"%s\" must resolve to an Object type at runtime for field "
                   "\"%s.%s\". Either the \"%s\" type should provide a \"resolveType\" function or "
                   "each possible type should provide an \"isTypeOf\" function.",
                   abstract->name, parent_type->name, def->name, abstract->name);
        return NULL;
    }
    const struct gql_type *t = gql_schema_type(ex->s, name);
    if (!t) {
        add_errorf(ex, grp->nodes, grp->n, path,
                   "Abstract type \"%s\" was resolved to a type \"%s\" that does not exist inside "
                   "the schema.",
                   abstract->name, name);
        return NULL;
    }
    if (t->kind != GQL_KIND_OBJECT) {
        add_errorf(ex, grp->nodes, grp->n, path,
                   "Abstract type \"%s\" was resolved to a non-object type \"%s\".", abstract->name,
                   name);
        return NULL;
    }
    if (!gql_type_is_possible(abstract, t)) {
        add_errorf(ex, grp->nodes, grp->n, path,
                   "Runtime Object type \"%s\" is not a possible type for \"%s\".", name,
                   abstract->name);
        return NULL;
    }
    return t;
}

/* CollectFields of one object type over one group's selection sets. The
 * answer depends only on those (the variables are fixed for the whole
 * execution), so each list item of a type reuses the first item's: a page
 * of 200 notifications collects each selection once, not 200 times. */
struct collected {
    const struct gql_type *object;
    const struct gql_selection **nodes;
    size_t n;
    struct field_groups groups;
    struct collected *next;
};

static struct field_groups *subfields(struct gql_exec *ex, const struct gql_type *object,
                                      const struct field_group *grp)
{
    size_t h = (((uintptr_t)grp->nodes[0] >> 4) ^ ((uintptr_t)object >> 4)) % COLLECTED_BUCKETS;
    for (struct collected *c = ex->collected[h]; c; c = c->next)
        if (c->object == object && c->n == grp->n &&
            memcmp(c->nodes, grp->nodes, grp->n * sizeof(*grp->nodes)) == 0)
            return &c->groups;
    struct collected *c = NT_ARENA_NEW(&ex->arena, struct collected);
    c->object = object;
    c->nodes = grp->nodes; /* arena memory, unchanged once collected */
    c->n = grp->n;
    struct visited visited = {0};
    for (size_t i = 0; i < grp->n; i++)
        if (grp->nodes[i]->selection_set)
            collect_fields(ex, object, grp->nodes[i]->selection_set, &c->groups, &visited);
    c->next = ex->collected[h];
    ex->collected[h] = c;
    return &c->groups;
}

static struct rnode *complete_object(struct gql_exec *ex, const struct gql_type *object,
                                     const struct field_group *grp, const struct path *path,
                                     json_t *result)
{
    return execute_fields(ex, object, result, subfields(ex, object, grp), path);
}

static struct rnode *complete_value(struct gql_exec *ex, const struct gql_type *type,
                                    const struct field_group *grp,
                                    const struct gql_type *parent_type,
                                    const struct gql_field_def *def, const struct path *path,
                                    json_t *result)
{
    if (type->kind == GQL_KIND_NON_NULL) {
        struct rnode *v = complete_value(ex, type->of_type, grp, parent_type, def, path, result);
        if (v && v->kind == R_NULL) {
            add_errorf(ex, grp->nodes, grp->n, path,
                       "Cannot return null for non-nullable field %s.%s.", parent_type->name,
                       def->name);
            return NULL;
        }
        return v;
    }
    if (!result || json_is_null(result))
        return &null_node;
    if (type->kind == GQL_KIND_LIST)
        return complete_list(ex, type, grp, parent_type, def, path, result);
    if (gql_type_is_leaf(type)) {
        char *err = NULL;
        json_t *v = gql_serialize_leaf(type, result, &err);
        if (!v) {
            add_error(ex, err ? err : "Cannot serialize value", grp->nodes, grp->n, path);
            free(err);
            return NULL;
        }
        struct rnode *r = json_is_null(v) ? &null_node : leaf_node(ex, v);
        json_decref(v);
        return r;
    }
    const struct gql_type *object = type;
    if (gql_type_is_abstract(type)) {
        object = resolve_runtime_type(ex, type, grp, parent_type, def, path, result);
        if (!object)
            return NULL;
    }
    return complete_object(ex, object, grp, path, result);
}

/* ---- Fields ---- */

static int run_resolver(struct gql_exec *ex, const struct gql_type *parent_type,
                        const struct gql_field_def *def, const struct gql_selection *node,
                        json_t *source, json_t *args, json_t **out)
{
    if (!def->resolve) {
        json_t *v = json_is_object(source) ? json_object_get(source, def->name) : NULL;
        *out = v ? json_incref(v) : NULL;
        return 0;
    }
    struct gql_resolve_info info = {
        .ctx = ex->req->ctx,
        .schema = ex->s,
        .parent_type = parent_type,
        .field = def,
        .node = node,
        .root_value = ex->root,
        .variables = ex->vars,
        .operation = ex->op,
        .document = ex->doc,
        .exec = ex,
    };
    *out = NULL;
    return def->resolve(&info, source, args, out);
}

/* Returns the completed value, json null, or NULL when an error must
 * propagate past this field (its type is non-null). */
static struct rnode *execute_field(struct gql_exec *ex, const struct gql_type *parent_type,
                                   json_t *source, struct field_group *grp,
                                   const struct path *path)
{
    const struct gql_selection *node = grp->nodes[0];
    if (!grp->def_known) {
        grp->def = gql_schema_field(ex->s, parent_type, node->name);
        grp->def_known = true;
    }
    const struct gql_field_def *def = grp->def;
    if (!def)
        return &null_node; /* validation rejects unknown fields; be safe */
    if (def == &ex->s->meta_typename) {
        struct rnode *r = NT_ARENA_NEW(&ex->arena, struct rnode);
        r->kind = R_LEAF;
        r->leaf_off = ex->leaves.len;
        nt_buf_json_str(&ex->leaves, parent_type->name, strlen(parent_type->name));
        r->leaf_len = ex->leaves.len - r->leaf_off;
        return r;
    }
    char *err = NULL;
    /* The default resolver of a field without arguments reads no arguments
     * object: most fields of a response need none built. */
    bool needs_args = def->resolve || def->nargs;
    json_t *args = needs_args ? coerce_arguments(ex, def, node, &err) : NULL;
    json_t *result = NULL;
    int rc = -1;
    if (args || !needs_args) {
        rc = run_resolver(ex, parent_type, def, node, source, args, &result);
        json_decref(args);
        if (rc != 0) {
            err = ex->resolver_error ? ex->resolver_error : nt_strdup("Resolver failed.");
            ex->resolver_error = NULL;
            json_decref(result);
            result = NULL;
        }
    }
    struct rnode *v = NULL;
    if (err) {
        add_error(ex, err, grp->nodes, grp->n, path);
        free(err);
    } else {
        v = complete_value(ex, def->type, grp, parent_type, def, path, result);
    }
    json_decref(result);
    if (!v && def->type->kind != GQL_KIND_NON_NULL)
        v = &null_node;
    return v;
}

/* keys are GraphQL Names ([_A-Za-z][_0-9A-Za-z]*): nothing to escape */
static void make_member(struct gql_exec *ex, struct field_group *g)
{
    size_t n = strlen(g->key);
    char *m = nt_arena_alloc(&ex->arena, n + 5);
    m[0] = ',';
    m[1] = '"';
    memcpy(m + 2, g->key, n);
    memcpy(m + 2 + n, "\":", 2);
    g->member = m;
    g->member_len = n + 4;
}

static struct rnode *execute_fields(struct gql_exec *ex, const struct gql_type *type,
                                    json_t *source, struct field_groups *groups,
                                    const struct path *path)
{
    struct rnode *out = NT_ARENA_NEW(&ex->arena, struct rnode);
    out->kind = R_OBJECT;
    out->fields = NT_ARENA_ARRAY(&ex->arena, struct rfield, groups->n + 1);
    for (size_t i = 0; i < groups->n; i++) {
        struct path field_path = {path, groups->items[i].key, 0};
        struct rnode *v = execute_field(ex, type, source, &groups->items[i], &field_path);
        if (!v)
            return NULL;
        if (!groups->items[i].member)
            make_member(ex, &groups->items[i]);
        out->fields[out->n++] = (struct rfield){&groups->items[i], v};
    }
    return out;
}

/* ---- Operation and variables ---- */

static const struct gql_operation *select_operation(const struct gql_document *doc,
                                                    const char *name, json_t *errors)
{
    const struct gql_operation *found = NULL;
    size_t count = 0;
    for (size_t i = 0; i < doc->ndefs; i++) {
        if (doc->defs[i].kind != GQL_DEF_OPERATION)
            continue;
        const struct gql_operation *op = doc->defs[i].u.operation;
        count++;
        if (name ? (op->name && strcmp(op->name, name) == 0) : !found)
            found = op;
    }
    if (name && !found) {
        char msg[300];
        snprintf(msg, sizeof msg, "Unknown operation named \"%s\".", name);
        add_request_error(errors, msg, NULL);
    } else if (!name && count > 1) {
        add_request_error(errors,
                          "Must provide operation name if query contains multiple operations.",
                          NULL);
        return NULL;
    } else if (!found) {
        add_request_error(errors, "Must provide an operation.", NULL);
    }
    return found;
}

__attribute__((format(printf, 3, 4))) static void
variable_error(json_t *errors, const struct gql_variable_def *vd, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    add_request_error(errors, msg, &vd->loc);
}

static bool coerce_one_variable(struct gql_exec *ex, const struct gql_variable_def *vd,
                                json_t *given, json_t *errors)
{
    const struct gql_type *t = gql_type_from_ref(ex->s, vd->type, &ex->arena);
    if (!t || !gql_type_is_input(t)) {
        return false; /* validation reports it */
    }
    json_t *v = given ? json_object_get(given, vd->name) : NULL;
    char *ts = type_string(t);
    bool ok = true;
    if (!v) {
        if (vd->default_value) {
            char *err = NULL;
            json_t *c = gql_coerce_literal(t, vd->default_value, NULL, &err);
            free(err);
            if (c)
                json_object_set_new(ex->vars, vd->name, c);
        } else if (t->kind == GQL_KIND_NON_NULL) {
            variable_error(errors, vd, "Variable \"$%s\" of required type \"%s\" was not provided.",
                           vd->name, ts);
            ok = false;
        }
    } else if (json_is_null(v) && t->kind == GQL_KIND_NON_NULL) {
        variable_error(errors, vd, "Variable \"$%s\" of non-null type \"%s\" must not be null.",
                       vd->name, ts);
        ok = false;
    } else {
        struct gql_coerce_error ce;
        json_t *c = gql_coerce_variable(t, v, &ce);
        if (c) {
            json_object_set_new(ex->vars, vd->name, c);
        } else {
            struct nt_buf b;
            nt_buf_init(&b, 8192);
            nt_buf_printf(&b, "Variable \"$%s\" got invalid value ", vd->name);
            gql_inspect(ce.value, &b);
            if (ce.path[0])
                nt_buf_printf(&b, " at \"%s%s\"", vd->name, ce.path);
            nt_buf_printf(&b, "; %s", ce.message);
            add_request_error(errors, nt_buf_str(&b), &vd->loc);
            nt_buf_free(&b);
            gql_coerce_error_clear(&ce);
            ok = false;
        }
    }
    free(ts);
    return ok;
}

static bool coerce_variables(struct gql_exec *ex, json_t *given, json_t *errors)
{
    bool ok = true;
    for (size_t i = 0; i < ex->op->nvars; i++)
        ok = coerce_one_variable(ex, &ex->op->vars[i], given, errors) && ok;
    return ok;
}

static const struct gql_type *root_type(struct gql_exec *ex)
{
    switch (ex->op->kind) {
    case GQL_OP_QUERY: return ex->s->query;
    case GQL_OP_MUTATION: return ex->s->mutation;
    case GQL_OP_SUBSCRIPTION: return ex->s->subscription;
    }
    return NULL;
}

bool gql_exec(const struct gql_schema *s, const struct gql_document *doc,
              const struct gql_request *req, json_t *errors, struct nt_buf *data_out)
{
    static const char *const op_names[] = {"query", "mutation", "subscription"};
    struct gql_exec ex = {.s = s, .doc = doc, .req = req, .errors = errors};
    bool executed = false;
    ex.op = select_operation(doc, req->operation_name, errors);
    if (!ex.op)
        return false;
    nt_arena_init(&ex.arena, 4096);
    nt_buf_init(&ex.leaves, 0);
    ex.vars = json_object();
    const struct gql_type *root = root_type(&ex);
    if (req->read_only && ex.op->kind == GQL_OP_MUTATION) {
        add_request_error(errors, "Mutations can only be sent with POST.", &ex.op->loc);
    } else if (!root) {
        char msg[128];
        snprintf(msg, sizeof msg, "Schema is not configured to execute %s operation.",
                 op_names[ex.op->kind]);
        add_request_error(errors, msg, &ex.op->loc);
    } else if (coerce_variables(&ex, req->variables, errors)) {
        executed = true;
        ex.root = req->root_value ? json_incref(req->root_value) : json_object();
        struct field_groups groups = {0};
        struct visited visited = {0};
        collect_fields(&ex, root, ex.op->selection_set, &groups, &visited);
        struct rnode *data = execute_fields(&ex, root, ex.root, &groups, NULL);
        /* the leaves plus their keys: one allocation instead of a dozen */
        nt_buf_reserve(data_out, ex.leaves.len + ex.leaves.len / 2);
        write_node(&ex, data ? data : &null_node, data_out);
        json_decref(ex.root);
    }
    free(ex.resolver_error);
    json_decref(ex.vars);
    nt_buf_free(&ex.leaves);
    nt_arena_free(&ex.arena);
    return executed;
}
