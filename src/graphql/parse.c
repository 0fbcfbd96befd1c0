/* Recursive-descent parser, one function per grammar production of the
 * GraphQL specification (sections 2 and 3). Errors unwind with longjmp to
 * gql_parse(), which frees the partial document: every node lives in the
 * document's arena, so nothing leaks. */
#include "graphql/parse.h"

#include "base/alloc.h"
#include "graphql/lex.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
    struct gql_lexer lx;
    struct gql_token tok;
    struct nt_arena *a;
    struct gql_document *doc;
    struct gql_parse_error *err;
    unsigned max_tokens;
    size_t ntokens;
    unsigned depth;
    jmp_buf fail;
};

/* Growable array in the arena: doubling wastes at most half, no free. */
struct vec {
    void *items;
    size_t n;
    size_t cap;
    size_t size;
};

static void *vec_push(struct parser *p, struct vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        void *items = nt_arena_alloc(p->a, cap * v->size);
        if (v->n)
            memcpy(items, v->items, v->n * v->size);
        v->items = items;
        v->cap = cap;
    }
    return (char *)v->items + v->size * v->n++;
}

#define VEC(type) {NULL, 0, 0, sizeof(type)}

__attribute__((noreturn, format(printf, 3, 4))) static void
fail_at(struct parser *p, struct gql_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(p->err->message, sizeof p->err->message, "Syntax Error: ");
    vsnprintf(p->err->message + n, sizeof p->err->message - (size_t)n, fmt, ap);
    va_end(ap);
    p->err->loc = loc;
    longjmp(p->fail, 1);
}

__attribute__((noreturn)) static void fail_unexpected(struct parser *p)
{
    char d[128];
    gql_token_describe(&p->tok, d, sizeof d);
    fail_at(p, p->tok.loc, "Unexpected %s.", d);
}

static void advance(struct parser *p)
{
    if (!gql_lexer_next(&p->lx, &p->tok))
        fail_at(p, p->lx.error_loc, "%s", p->lx.error);
    if (p->tok.kind != GQL_TOK_EOF && ++p->ntokens > p->max_tokens && p->max_tokens) {
        p->err->limit_exceeded = 1;
        fail_at(p, p->tok.loc, "Document contains more that %u tokens. Parsing aborted.",
                p->max_tokens);
    }
}

static bool peek_kind(const struct parser *p, enum gql_tok k)
{
    return p->tok.kind == k;
}

static bool peek_keyword(const struct parser *p, const char *kw)
{
    size_t n = strlen(kw);
    return p->tok.kind == GQL_TOK_NAME && p->tok.len == n && memcmp(p->tok.start, kw, n) == 0;
}

static bool skip(struct parser *p, enum gql_tok k)
{
    if (!peek_kind(p, k))
        return false;
    advance(p);
    return true;
}

static void expect(struct parser *p, enum gql_tok k, const char *what)
{
    if (skip(p, k))
        return;
    char d[128];
    gql_token_describe(&p->tok, d, sizeof d);
    fail_at(p, p->tok.loc, "Expected \"%s\", found %s.", what, d);
}

static void expect_keyword(struct parser *p, const char *kw)
{
    if (peek_keyword(p, kw)) {
        advance(p);
        return;
    }
    char d[128];
    gql_token_describe(&p->tok, d, sizeof d);
    fail_at(p, p->tok.loc, "Expected \"%s\", found %s.", kw, d);
}

static const char *parse_name(struct parser *p, struct gql_loc *out_loc)
{
    if (!peek_kind(p, GQL_TOK_NAME)) {
        char d[128];
        gql_token_describe(&p->tok, d, sizeof d);
        fail_at(p, p->tok.loc, "Expected Name, found %s.", d);
    }
    if (out_loc)
        *out_loc = p->tok.loc;
    const char *name = nt_arena_strndup(p->a, p->tok.start, p->tok.len);
    advance(p);
    return name;
}

static void enter(struct parser *p)
{
    if (++p->depth > GQL_PARSE_MAX_NESTING)
        fail_at(p, p->tok.loc, "Document nesting is deeper than %d levels.",
                GQL_PARSE_MAX_NESTING);
}

/* ---- Values ---- */

static struct gql_value *parse_value(struct parser *p, bool is_const);

static struct gql_value *new_value(struct parser *p, enum gql_value_kind kind)
{
    struct gql_value *v = NT_ARENA_NEW(p->a, struct gql_value);
    v->kind = kind;
    v->loc = p->tok.loc;
    return v;
}

static struct gql_value *parse_list_value(struct parser *p, bool is_const)
{
    struct gql_value *v = new_value(p, GQL_VALUE_LIST);
    struct vec items = VEC(struct gql_value *);
    enter(p);
    advance(p);
    while (!skip(p, GQL_TOK_BRACKET_R))
        *(struct gql_value **)vec_push(p, &items) = parse_value(p, is_const);
    p->depth--;
    v->items = items.items;
    v->count = items.n;
    return v;
}

static struct gql_value *parse_object_value(struct parser *p, bool is_const)
{
    struct gql_value *v = new_value(p, GQL_VALUE_OBJECT);
    struct vec fields = VEC(struct gql_object_field);
    enter(p);
    advance(p);
    while (!skip(p, GQL_TOK_BRACE_R)) {
        struct gql_object_field *f = vec_push(p, &fields);
        f->name = parse_name(p, &f->loc);
        expect(p, GQL_TOK_COLON, ":");
        f->value = parse_value(p, is_const);
    }
    p->depth--;
    v->fields = fields.items;
    v->count = fields.n;
    return v;
}

static struct gql_value *parse_name_value(struct parser *p)
{
    struct gql_value *v;
    if (peek_keyword(p, "true") || peek_keyword(p, "false")) {
        v = new_value(p, GQL_VALUE_BOOLEAN);
        v->boolean = p->tok.start[0] == 't';
    } else if (peek_keyword(p, "null")) {
        v = new_value(p, GQL_VALUE_NULL);
    } else {
        v = new_value(p, GQL_VALUE_ENUM);
        v->str = nt_arena_strndup(p->a, p->tok.start, p->tok.len);
        v->len = p->tok.len;
    }
    advance(p);
    return v;
}

static struct gql_value *parse_value(struct parser *p, bool is_const)
{
    struct gql_value *v;
    switch (p->tok.kind) {
    case GQL_TOK_BRACKET_L:
        return parse_list_value(p, is_const);
    case GQL_TOK_BRACE_L:
        return parse_object_value(p, is_const);
    case GQL_TOK_INT:
    case GQL_TOK_FLOAT:
        v = new_value(p, p->tok.kind == GQL_TOK_INT ? GQL_VALUE_INT : GQL_VALUE_FLOAT);
        v->str = nt_arena_strndup(p->a, p->tok.start, p->tok.len);
        v->len = p->tok.len;
        advance(p);
        return v;
    case GQL_TOK_STRING:
    case GQL_TOK_BLOCK_STRING:
        v = new_value(p, GQL_VALUE_STRING);
        v->str = p->tok.value;
        v->len = p->tok.value_len;
        v->block = p->tok.kind == GQL_TOK_BLOCK_STRING;
        advance(p);
        return v;
    case GQL_TOK_NAME:
        return parse_name_value(p);
    case GQL_TOK_DOLLAR:
        if (is_const) {
            struct gql_loc loc = p->tok.loc;
            advance(p);
            if (peek_kind(p, GQL_TOK_NAME))
                fail_at(p, loc, "Unexpected variable \"$%.*s\" in constant value.", (int)p->tok.len,
                        p->tok.start);
            fail_at(p, loc, "Unexpected \"$\".");
        }
        v = new_value(p, GQL_VALUE_VARIABLE);
        advance(p);
        v->str = parse_name(p, NULL);
        v->len = strlen(v->str);
        return v;
    default:
        fail_unexpected(p);
    }
}

/* ---- Directives, arguments, types ---- */

static void parse_arguments(struct parser *p, bool is_const, struct gql_argument **out,
                            size_t *out_n)
{
    struct vec args = VEC(struct gql_argument);
    if (!peek_kind(p, GQL_TOK_PAREN_L))
        return;
    advance(p);
    do {
        struct gql_argument *a = vec_push(p, &args);
        a->name = parse_name(p, &a->loc);
        expect(p, GQL_TOK_COLON, ":");
        a->value = parse_value(p, is_const);
    } while (!skip(p, GQL_TOK_PAREN_R));
    *out = args.items;
    *out_n = args.n;
}

static void parse_directives(struct parser *p, bool is_const, struct gql_directive **out,
                             size_t *out_n)
{
    struct vec dirs = VEC(struct gql_directive);
    while (peek_kind(p, GQL_TOK_AT)) {
        struct gql_directive *d = vec_push(p, &dirs);
        d->loc = p->tok.loc;
        advance(p);
        d->name = parse_name(p, NULL);
        parse_arguments(p, is_const, &d->args, &d->nargs);
    }
    *out = dirs.items;
    *out_n = dirs.n;
}

static struct gql_type_ref *parse_type_ref(struct parser *p)
{
    struct gql_type_ref *t = NT_ARENA_NEW(p->a, struct gql_type_ref);
    t->loc = p->tok.loc;
    if (skip(p, GQL_TOK_BRACKET_L)) {
        enter(p);
        t->kind = GQL_REF_LIST;
        t->of = parse_type_ref(p);
        expect(p, GQL_TOK_BRACKET_R, "]");
        p->depth--;
    } else {
        t->kind = GQL_REF_NAMED;
        t->name = parse_name(p, NULL);
    }
    if (peek_kind(p, GQL_TOK_BANG)) {
        advance(p);
        struct gql_type_ref *nn = NT_ARENA_NEW(p->a, struct gql_type_ref);
        nn->kind = GQL_REF_NON_NULL;
        nn->loc = t->loc;
        nn->of = t;
        return nn;
    }
    return t;
}

/* ---- Executable definitions ---- */

static struct gql_selection_set *parse_selection_set(struct parser *p);

static void parse_fragment_selection(struct parser *p, struct gql_selection *s)
{
    s->loc = p->tok.loc;
    advance(p); /* ... */
    bool has_type_condition = peek_keyword(p, "on");
    if (!has_type_condition && peek_kind(p, GQL_TOK_NAME)) {
        s->kind = GQL_SEL_FRAGMENT_SPREAD;
        s->name = parse_name(p, &s->name_loc);
        parse_directives(p, false, &s->directives, &s->ndirectives);
        return;
    }
    s->kind = GQL_SEL_INLINE_FRAGMENT;
    if (has_type_condition) {
        advance(p);
        s->type_condition = parse_name(p, &s->type_condition_loc);
    }
    parse_directives(p, false, &s->directives, &s->ndirectives);
    s->selection_set = parse_selection_set(p);
}

static void parse_field(struct parser *p, struct gql_selection *s)
{
    s->kind = GQL_SEL_FIELD;
    s->loc = p->tok.loc;
    const char *first = parse_name(p, &s->name_loc);
    if (skip(p, GQL_TOK_COLON)) {
        s->alias = first;
        s->name = parse_name(p, &s->name_loc);
    } else {
        s->name = first;
    }
    parse_arguments(p, false, &s->args, &s->nargs);
    parse_directives(p, false, &s->directives, &s->ndirectives);
    if (peek_kind(p, GQL_TOK_BRACE_L))
        s->selection_set = parse_selection_set(p);
}

static struct gql_selection_set *parse_selection_set(struct parser *p)
{
    struct gql_selection_set *set = NT_ARENA_NEW(p->a, struct gql_selection_set);
    struct vec items = VEC(struct gql_selection);
    set->loc = p->tok.loc;
    expect(p, GQL_TOK_BRACE_L, "{");
    enter(p);
    do {
        struct gql_selection *s = vec_push(p, &items);
        if (peek_kind(p, GQL_TOK_SPREAD))
            parse_fragment_selection(p, s);
        else
            parse_field(p, s);
    } while (!skip(p, GQL_TOK_BRACE_R));
    p->depth--;
    set->items = items.items;
    set->count = items.n;
    return set;
}

static void parse_variable_defs(struct parser *p, struct gql_operation *op)
{
    struct vec vars = VEC(struct gql_variable_def);
    if (!skip(p, GQL_TOK_PAREN_L))
        return;
    do {
        struct gql_variable_def *v = vec_push(p, &vars);
        v->loc = p->tok.loc;
        expect(p, GQL_TOK_DOLLAR, "$");
        v->name = parse_name(p, NULL);
        expect(p, GQL_TOK_COLON, ":");
        v->type = parse_type_ref(p);
        if (skip(p, GQL_TOK_EQUALS))
            v->default_value = parse_value(p, true);
        parse_directives(p, true, &v->directives, &v->ndirectives);
    } while (!skip(p, GQL_TOK_PAREN_R));
    op->vars = vars.items;
    op->nvars = vars.n;
}

static struct gql_operation *parse_operation(struct parser *p)
{
    struct gql_operation *op = NT_ARENA_NEW(p->a, struct gql_operation);
    op->loc = p->tok.loc;
    if (peek_kind(p, GQL_TOK_BRACE_L)) {
        op->kind = GQL_OP_QUERY;
        op->selection_set = parse_selection_set(p);
        return op;
    }
    if (peek_keyword(p, "query"))
        op->kind = GQL_OP_QUERY;
    else if (peek_keyword(p, "mutation"))
        op->kind = GQL_OP_MUTATION;
    else if (peek_keyword(p, "subscription"))
        op->kind = GQL_OP_SUBSCRIPTION;
    else
        fail_unexpected(p);
    advance(p);
    if (peek_kind(p, GQL_TOK_NAME))
        op->name = parse_name(p, &op->name_loc);
    parse_variable_defs(p, op);
    parse_directives(p, false, &op->directives, &op->ndirectives);
    op->selection_set = parse_selection_set(p);
    return op;
}

static struct gql_fragment *parse_fragment(struct parser *p)
{
    struct gql_fragment *f = NT_ARENA_NEW(p->a, struct gql_fragment);
    f->loc = p->tok.loc;
    advance(p); /* fragment */
    if (peek_keyword(p, "on"))
        fail_unexpected(p);
    f->name = parse_name(p, &f->name_loc);
    expect_keyword(p, "on");
    f->type_condition = parse_name(p, &f->type_condition_loc);
    parse_directives(p, false, &f->directives, &f->ndirectives);
    f->selection_set = parse_selection_set(p);
    return f;
}

/* ---- Type system definitions ---- */

static const char *parse_description(struct parser *p)
{
    if (!peek_kind(p, GQL_TOK_STRING) && !peek_kind(p, GQL_TOK_BLOCK_STRING))
        return NULL;
    const char *d = p->tok.value;
    advance(p);
    return d;
}

static void parse_input_values(struct parser *p, enum gql_tok open, enum gql_tok close,
                               struct gql_input_value_ast **out, size_t *out_n)
{
    struct vec vals = VEC(struct gql_input_value_ast);
    if (!skip(p, open))
        return;
    do {
        struct gql_input_value_ast *v = vec_push(p, &vals);
        v->description = parse_description(p);
        v->name = parse_name(p, &v->loc);
        expect(p, GQL_TOK_COLON, ":");
        v->type = parse_type_ref(p);
        if (skip(p, GQL_TOK_EQUALS))
            v->default_value = parse_value(p, true);
        parse_directives(p, true, &v->directives, &v->ndirectives);
    } while (!skip(p, close));
    *out = vals.items;
    *out_n = vals.n;
}

static void parse_fields_def(struct parser *p, struct gql_typedef_ast *t)
{
    struct vec fields = VEC(struct gql_field_ast);
    if (!skip(p, GQL_TOK_BRACE_L))
        return;
    do {
        struct gql_field_ast *f = vec_push(p, &fields);
        f->description = parse_description(p);
        f->name = parse_name(p, &f->loc);
        parse_input_values(p, GQL_TOK_PAREN_L, GQL_TOK_PAREN_R, &f->args, &f->nargs);
        expect(p, GQL_TOK_COLON, ":");
        f->type = parse_type_ref(p);
        parse_directives(p, true, &f->directives, &f->ndirectives);
    } while (!skip(p, GQL_TOK_BRACE_R));
    t->fields = fields.items;
    t->nfields = fields.n;
}

static void parse_implements(struct parser *p, struct gql_typedef_ast *t)
{
    struct vec names = VEC(struct gql_name_ref);
    if (!peek_keyword(p, "implements"))
        return;
    advance(p);
    skip(p, GQL_TOK_AMP);
    do {
        struct gql_name_ref *r = vec_push(p, &names);
        r->name = parse_name(p, &r->loc);
    } while (skip(p, GQL_TOK_AMP));
    t->interfaces = names.items;
    t->ninterfaces = names.n;
}

static void parse_union_members(struct parser *p, struct gql_typedef_ast *t)
{
    struct vec names = VEC(struct gql_name_ref);
    if (!skip(p, GQL_TOK_EQUALS))
        return;
    skip(p, GQL_TOK_PIPE);
    do {
        struct gql_name_ref *r = vec_push(p, &names);
        r->name = parse_name(p, &r->loc);
    } while (skip(p, GQL_TOK_PIPE));
    t->members = names.items;
    t->nmembers = names.n;
}

static void parse_enum_values(struct parser *p, struct gql_typedef_ast *t)
{
    struct vec vals = VEC(struct gql_enum_value_ast);
    if (!skip(p, GQL_TOK_BRACE_L))
        return;
    do {
        struct gql_enum_value_ast *v = vec_push(p, &vals);
        v->description = parse_description(p);
        if (peek_keyword(p, "true") || peek_keyword(p, "false") || peek_keyword(p, "null")) {
            char d[128];
            gql_token_describe(&p->tok, d, sizeof d);
            fail_at(p, p->tok.loc, "%s is reserved and cannot be used for an enum value.", d);
        }
        v->name = parse_name(p, &v->loc);
        parse_directives(p, true, &v->directives, &v->ndirectives);
    } while (!skip(p, GQL_TOK_BRACE_R));
    t->values = vals.items;
    t->nvalues = vals.n;
}

static const struct {
    const char *keyword;
    enum gql_typedef_kind kind;
} typedef_keywords[] = {
    {"scalar", GQL_TD_SCALAR}, {"type", GQL_TD_OBJECT},     {"interface", GQL_TD_INTERFACE},
    {"union", GQL_TD_UNION},   {"enum", GQL_TD_ENUM},       {"input", GQL_TD_INPUT_OBJECT},
};

static int typedef_keyword(const struct parser *p)
{
    for (size_t i = 0; i < sizeof typedef_keywords / sizeof typedef_keywords[0]; i++)
        if (peek_keyword(p, typedef_keywords[i].keyword))
            return (int)i;
    return -1;
}

static bool typedef_is_empty(const struct gql_typedef_ast *t)
{
    return !t->ndirectives && !t->ninterfaces && !t->nfields && !t->nmembers && !t->nvalues &&
           !t->ninput_fields;
}

static struct gql_typedef_ast *parse_typedef(struct parser *p, const char *description,
                                             bool is_extension, struct gql_loc loc)
{
    struct gql_typedef_ast *t = NT_ARENA_NEW(p->a, struct gql_typedef_ast);
    t->kind = typedef_keywords[typedef_keyword(p)].kind;
    t->description = description;
    t->is_extension = is_extension;
    t->loc = loc;
    advance(p);
    t->name = parse_name(p, NULL);
    if (t->kind == GQL_TD_OBJECT || t->kind == GQL_TD_INTERFACE)
        parse_implements(p, t);
    parse_directives(p, true, &t->directives, &t->ndirectives);
    switch (t->kind) {
    case GQL_TD_OBJECT:
    case GQL_TD_INTERFACE: parse_fields_def(p, t); break;
    case GQL_TD_UNION: parse_union_members(p, t); break;
    case GQL_TD_ENUM: parse_enum_values(p, t); break;
    case GQL_TD_INPUT_OBJECT:
        parse_input_values(p, GQL_TOK_BRACE_L, GQL_TOK_BRACE_R, &t->input_fields,
                           &t->ninput_fields);
        break;
    case GQL_TD_SCALAR: break;
    }
    if (is_extension && typedef_is_empty(t))
        fail_unexpected(p);
    return t;
}

static enum gql_operation_kind parse_operation_type(struct parser *p)
{
    enum gql_operation_kind k;
    if (peek_keyword(p, "query"))
        k = GQL_OP_QUERY;
    else if (peek_keyword(p, "mutation"))
        k = GQL_OP_MUTATION;
    else if (peek_keyword(p, "subscription"))
        k = GQL_OP_SUBSCRIPTION;
    else
        fail_unexpected(p);
    advance(p);
    return k;
}

static struct gql_schema_def_ast *parse_schema_def(struct parser *p, const char *description,
                                                   bool is_extension, struct gql_loc loc)
{
    struct gql_schema_def_ast *s = NT_ARENA_NEW(p->a, struct gql_schema_def_ast);
    struct vec ops = VEC(struct gql_root_op_ast);
    s->description = description;
    s->is_extension = is_extension;
    s->loc = loc;
    advance(p); /* schema */
    parse_directives(p, true, &s->directives, &s->ndirectives);
    if (is_extension && !peek_kind(p, GQL_TOK_BRACE_L)) {
        if (!s->ndirectives)
            fail_unexpected(p);
        return s;
    }
    expect(p, GQL_TOK_BRACE_L, "{");
    do {
        struct gql_root_op_ast *op = vec_push(p, &ops);
        op->kind = parse_operation_type(p);
        expect(p, GQL_TOK_COLON, ":");
        op->type.name = parse_name(p, &op->type.loc);
    } while (!skip(p, GQL_TOK_BRACE_R));
    s->ops = ops.items;
    s->nops = ops.n;
    return s;
}

static struct gql_directive_def_ast *parse_directive_def(struct parser *p,
                                                         const char *description,
                                                         struct gql_loc loc)
{
    struct gql_directive_def_ast *d = NT_ARENA_NEW(p->a, struct gql_directive_def_ast);
    d->description = description;
    d->loc = loc;
    advance(p); /* directive */
    expect(p, GQL_TOK_AT, "@");
    d->name = parse_name(p, NULL);
    parse_input_values(p, GQL_TOK_PAREN_L, GQL_TOK_PAREN_R, &d->args, &d->nargs);
    if (peek_keyword(p, "repeatable")) {
        d->repeatable = true;
        advance(p);
    }
    expect_keyword(p, "on");
    skip(p, GQL_TOK_PIPE);
    do {
        if (!peek_kind(p, GQL_TOK_NAME))
            parse_name(p, NULL); /* reports "Expected Name" */
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(p->tok.len < 63 ? p->tok.len : 63),
                 p->tok.start);
        uint32_t bit = gql_directive_location_from_name(name);
        if (!bit)
            fail_unexpected(p);
        if (!(d->locations & bit) && d->nlocation_order < 24)
            d->location_order[d->nlocation_order++] = bit;
        d->locations |= bit;
        advance(p);
    } while (skip(p, GQL_TOK_PIPE));
    return d;
}

static void parse_type_system(struct parser *p, struct gql_definition *def)
{
    const char *description = parse_description(p);
    def->loc = p->tok.loc;
    if (peek_keyword(p, "schema")) {
        def->kind = GQL_DEF_SCHEMA;
        def->u.schema = parse_schema_def(p, description, false, def->loc);
    } else if (peek_keyword(p, "directive")) {
        def->kind = GQL_DEF_DIRECTIVE;
        def->u.directive = parse_directive_def(p, description, def->loc);
    } else if (typedef_keyword(p) >= 0) {
        def->kind = GQL_DEF_TYPE;
        def->u.type = parse_typedef(p, description, false, def->loc);
    } else if (description && peek_keyword(p, "extend")) {
        fail_at(p, p->tok.loc,
                "Unexpected description, descriptions are supported only on type definitions.");
    } else {
        fail_unexpected(p);
    }
}

static void parse_extension(struct parser *p, struct gql_definition *def)
{
    def->loc = p->tok.loc;
    advance(p); /* extend */
    if (peek_keyword(p, "schema")) {
        def->kind = GQL_DEF_SCHEMA;
        def->u.schema = parse_schema_def(p, NULL, true, def->loc);
    } else if (typedef_keyword(p) >= 0) {
        def->kind = GQL_DEF_TYPE;
        def->u.type = parse_typedef(p, NULL, true, def->loc);
    } else {
        fail_unexpected(p);
    }
}

static void parse_definition(struct parser *p, struct gql_definition *def)
{
    def->loc = p->tok.loc;
    if (peek_kind(p, GQL_TOK_BRACE_L) || peek_keyword(p, "query") ||
        peek_keyword(p, "mutation") || peek_keyword(p, "subscription")) {
        def->kind = GQL_DEF_OPERATION;
        def->u.operation = parse_operation(p);
    } else if (peek_keyword(p, "fragment")) {
        def->kind = GQL_DEF_FRAGMENT;
        def->u.fragment = parse_fragment(p);
    } else if (peek_keyword(p, "extend")) {
        parse_extension(p, def);
    } else if (peek_kind(p, GQL_TOK_STRING) || peek_kind(p, GQL_TOK_BLOCK_STRING) ||
               peek_keyword(p, "schema") || peek_keyword(p, "directive") ||
               typedef_keyword(p) >= 0) {
        parse_type_system(p, def);
    } else {
        fail_unexpected(p);
    }
}

struct gql_document *gql_parse(const char *src, size_t len, unsigned max_tokens,
                               struct gql_parse_error *err)
{
    struct gql_document *doc = nt_calloc(1, sizeof(*doc));
    nt_arena_init(&doc->arena, len * 4 + 1024);
    struct parser *p = nt_calloc(1, sizeof(*p));
    memset(err, 0, sizeof(*err));
    p->a = &doc->arena;
    p->doc = doc;
    p->err = err;
    p->max_tokens = max_tokens;
    gql_lexer_init(&p->lx, src, len, p->a);
    if (setjmp(p->fail)) {
        free(p);
        gql_document_free(doc);
        return NULL;
    }
    struct vec defs = VEC(struct gql_definition);
    advance(p);
    do {
        parse_definition(p, vec_push(p, &defs));
    } while (!peek_kind(p, GQL_TOK_EOF));
    doc->defs = defs.items;
    doc->ndefs = defs.n;
    doc->ntokens = p->ntokens;
    free(p);
    return doc;
}
