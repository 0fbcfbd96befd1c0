/* OverlappingFieldsCanBeMerged (spec 5.3.2), in graphql-js's formulation:
 * fields with one response name must be the same field with the same
 * arguments unless their parents are distinct object types, and must always
 * have compatible response shapes. Fragment pairs already compared are
 * remembered so documents with many fragments stay fast. */
#include "graphql/validate_internal.h"

#include "graphql/parse.h"

#include <stdio.h>
#include <string.h>

struct ofield {
    const struct gql_type *parent;
    const struct gql_selection *node;
    const struct gql_field_def *def;
};

struct ogroup {
    const char *key;
    struct ofield *fields;
    size_t n;
    size_t cap;
};

struct ofields { /* fields by response name, plus fragment names spread */
    struct ogroup *groups;
    size_t n;
    size_t cap;
    const char **fragments;
    size_t nfragments;
    size_t fragments_cap;
};

struct conflict {
    const char *reason;           /* arena text, already in graphql-js wording */
    const char *key;
    const struct gql_selection **fields1;
    size_t n1;
    const struct gql_selection **fields2;
    size_t n2;
};

struct conflicts {
    struct conflict *items;
    size_t n;
    size_t cap;
};

#define GROW(c, arr, n, cap, type)                                                               \
    do {                                                                                         \
        if ((n) == (cap)) {                                                                      \
            size_t ncap_ = (cap) ? (cap) * 2 : 4;                                                \
            type *na_ = NT_ARENA_ARRAY(&(c)->arena, type, ncap_);                                \
            if (n)                                                                               \
                memcpy(na_, (arr), (n) * sizeof(type));                                          \
            (arr) = na_;                                                                         \
            (cap) = ncap_;                                                                       \
        }                                                                                        \
    } while (0)

static void add_field(struct vctx *c, struct ofields *of, const struct gql_type *parent,
                      const struct gql_selection *node)
{
    const char *key = node->alias ? node->alias : node->name;
    struct ogroup *g = NULL;
    for (size_t i = 0; i < of->n && !g; i++)
        if (strcmp(of->groups[i].key, key) == 0)
            g = &of->groups[i];
    if (!g) {
        GROW(c, of->groups, of->n, of->cap, struct ogroup);
        g = &of->groups[of->n++];
        memset(g, 0, sizeof(*g));
        g->key = key;
    }
    GROW(c, g->fields, g->n, g->cap, struct ofield);
    const struct gql_field_def *def = NULL;
    if (parent && (parent->kind == GQL_KIND_OBJECT || parent->kind == GQL_KIND_INTERFACE))
        def = gql_schema_field(c->s, parent, node->name);
    g->fields[g->n++] = (struct ofield){parent, node, def};
}

static void add_fragment_name(struct vctx *c, struct ofields *of, const char *name)
{
    for (size_t i = 0; i < of->nfragments; i++)
        if (strcmp(of->fragments[i], name) == 0)
            return;
    GROW(c, of->fragments, of->nfragments, of->fragments_cap, const char *);
    of->fragments[of->nfragments++] = name;
}

static void collect(struct vctx *c, const struct gql_type *parent,
                    const struct gql_selection_set *set, struct ofields *of)
{
    for (size_t i = 0; i < set->count; i++) {
        const struct gql_selection *s = &set->items[i];
        if (s->kind == GQL_SEL_FIELD) {
            add_field(c, of, parent, s);
        } else if (s->kind == GQL_SEL_FRAGMENT_SPREAD) {
            add_fragment_name(c, of, s->name);
        } else {
            const struct gql_type *t =
                s->type_condition ? gql_schema_type(c->s, s->type_condition) : parent;
            collect(c, t, s->selection_set, of);
        }
    }
}

static struct ofields *fields_of(struct vctx *c, const struct gql_type *parent,
                                 const struct gql_selection_set *set)
{
    struct ofields *of = nt_map_getn(&c->overlap_cache, (const char *)&set, sizeof set);
    if (of)
        return of;
    of = NT_ARENA_NEW(&c->arena, struct ofields);
    collect(c, parent, set, of);
    const struct gql_selection_set **key = NT_ARENA_NEW(&c->arena, const struct gql_selection_set *);
    *key = set;
    nt_map_putn(&c->overlap_cache, (const char *)key, sizeof *key, of);
    return of;
}

static struct ofields *fields_of_fragment(struct vctx *c, const struct gql_fragment *f)
{
    return fields_of(c, gql_schema_type(c->s, f->type_condition), f->selection_set);
}

/* ---- Comparing two fields ---- */

static bool same_value(const struct gql_value *a, const struct gql_value *b)
{
    struct nt_buf pa, pb;
    nt_buf_init(&pa, 0);
    nt_buf_init(&pb, 0);
    gql_print_value(a, &pa);
    gql_print_value(b, &pb);
    bool same = strcmp(nt_buf_str(&pa), nt_buf_str(&pb)) == 0;
    nt_buf_free(&pa);
    nt_buf_free(&pb);
    return same;
}

static bool same_arguments(const struct gql_selection *a, const struct gql_selection *b)
{
    if (a->nargs != b->nargs)
        return false;
    for (size_t i = 0; i < a->nargs; i++) {
        const struct gql_argument *match = NULL;
        for (size_t j = 0; j < b->nargs && !match; j++)
            if (strcmp(a->args[i].name, b->args[j].name) == 0)
                match = &b->args[j];
        if (!match || !same_value(a->args[i].value, match->value))
            return false;
    }
    return true;
}

static bool types_conflict(const struct gql_type *a, const struct gql_type *b)
{
    if (a->kind == GQL_KIND_LIST)
        return b->kind == GQL_KIND_LIST ? types_conflict(a->of_type, b->of_type) : true;
    if (b->kind == GQL_KIND_LIST)
        return true;
    if (a->kind == GQL_KIND_NON_NULL)
        return b->kind == GQL_KIND_NON_NULL ? types_conflict(a->of_type, b->of_type) : true;
    if (b->kind == GQL_KIND_NON_NULL)
        return true;
    if (gql_type_is_leaf(a) || gql_type_is_leaf(b))
        return a != b;
    return false;
}

static char *type_text(struct vctx *c, const struct gql_type *t)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    gql_type_print(t, &b);
    char *s = nt_arena_strdup(&c->arena, nt_buf_str(&b));
    nt_buf_free(&b);
    return s;
}

static void push_conflict(struct vctx *c, struct conflicts *out, struct conflict cf)
{
    GROW(c, out->items, out->n, out->cap, struct conflict);
    out->items[out->n++] = cf;
}

static void between_sub_selections(struct vctx *c, bool exclusive,
                                   const struct gql_type *p1, const struct gql_selection_set *s1,
                                   const struct gql_type *p2, const struct gql_selection_set *s2,
                                   struct conflicts *out);

static const struct gql_selection **one_node(struct vctx *c, const struct gql_selection *n)
{
    const struct gql_selection **a = NT_ARENA_ARRAY(&c->arena, const struct gql_selection *, 1);
    a[0] = n;
    return a;
}

static void sub_conflicts(struct vctx *c, const char *key, const struct gql_selection *n1,
                          const struct gql_selection *n2, struct conflicts *subs,
                          struct conflicts *out)
{
    struct nt_buf reason;
    nt_buf_init(&reason, 0);
    size_t total1 = 1, total2 = 1;
    for (size_t i = 0; i < subs->n; i++) {
        nt_buf_printf(&reason, "%ssubfields \"%s\" conflict because %s", i ? " and " : "",
                      subs->items[i].key, subs->items[i].reason);
        total1 += subs->items[i].n1;
        total2 += subs->items[i].n2;
    }
    struct conflict cf = {.key = key};
    cf.reason = nt_arena_strdup(&c->arena, nt_buf_str(&reason));
    nt_buf_free(&reason);
    cf.fields1 = NT_ARENA_ARRAY(&c->arena, const struct gql_selection *, total1);
    cf.fields2 = NT_ARENA_ARRAY(&c->arena, const struct gql_selection *, total2);
    cf.fields1[cf.n1++] = n1;
    cf.fields2[cf.n2++] = n2;
    for (size_t i = 0; i < subs->n; i++) {
        for (size_t j = 0; j < subs->items[i].n1; j++)
            cf.fields1[cf.n1++] = subs->items[i].fields1[j];
        for (size_t j = 0; j < subs->items[i].n2; j++)
            cf.fields2[cf.n2++] = subs->items[i].fields2[j];
    }
    push_conflict(c, out, cf);
}

static void find_conflict(struct vctx *c, bool parents_exclusive, const char *key,
                          const struct ofield *f1, const struct ofield *f2, struct conflicts *out)
{
    bool exclusive = parents_exclusive ||
                     (f1->parent != f2->parent && f1->parent && f2->parent &&
                      f1->parent->kind == GQL_KIND_OBJECT && f2->parent->kind == GQL_KIND_OBJECT);
    struct conflict cf = {.key = key, .fields1 = one_node(c, f1->node), .n1 = 1,
                          .fields2 = one_node(c, f2->node), .n2 = 1};
    if (!exclusive) {
        char buf[600];
        if (strcmp(f1->node->name, f2->node->name) != 0) {
            snprintf(buf, sizeof buf, "\"%s\" and \"%s\" are different fields", f1->node->name,
                     f2->node->name);
            cf.reason = nt_arena_strdup(&c->arena, buf);
            push_conflict(c, out, cf);
            return;
        }
        if (!same_arguments(f1->node, f2->node)) {
            cf.reason = "they have differing arguments";
            push_conflict(c, out, cf);
            return;
        }
    }
    const struct gql_type *t1 = f1->def ? f1->def->type : NULL;
    const struct gql_type *t2 = f2->def ? f2->def->type : NULL;
    if (t1 && t2 && types_conflict(t1, t2)) {
        char buf[600];
        snprintf(buf, sizeof buf, "they return conflicting types \"%s\" and \"%s\"",
                 type_text(c, t1), type_text(c, t2));
        cf.reason = nt_arena_strdup(&c->arena, buf);
        push_conflict(c, out, cf);
        return;
    }
    const struct gql_selection_set *s1 = f1->node->selection_set, *s2 = f2->node->selection_set;
    if (s1 && s2) {
        struct conflicts subs = {0};
        between_sub_selections(c, exclusive, gql_type_named(t1), s1, gql_type_named(t2), s2,
                               &subs);
        if (subs.n)
            sub_conflicts(c, key, f1->node, f2->node, &subs, out);
    }
}

static void within(struct vctx *c, const struct ofields *of, struct conflicts *out)
{
    for (size_t g = 0; g < of->n; g++) {
        const struct ogroup *grp = &of->groups[g];
        for (size_t i = 0; i < grp->n; i++)
            for (size_t j = i + 1; j < grp->n; j++)
                find_conflict(c, false, grp->key, &grp->fields[i], &grp->fields[j], out);
    }
}

static void between(struct vctx *c, bool exclusive, const struct ofields *a,
                    const struct ofields *b, struct conflicts *out)
{
    for (size_t g = 0; g < a->n; g++) {
        const struct ogroup *ga = &a->groups[g];
        for (size_t h = 0; h < b->n; h++) {
            const struct ogroup *gb = &b->groups[h];
            if (strcmp(ga->key, gb->key) != 0)
                continue;
            for (size_t i = 0; i < ga->n; i++)
                for (size_t j = 0; j < gb->n; j++)
                    find_conflict(c, exclusive, ga->key, &ga->fields[i], &gb->fields[j], out);
        }
    }
}

/* Remembers (a, b, exclusive) pairs; returns true when seen before. */
static bool pair_seen(struct vctx *c, const char *a, const char *b, bool exclusive)
{
    char key[512];
    if (strcmp(a, b) > 0) {
        const char *t = a;
        a = b;
        b = t;
    }
    int n = snprintf(key, sizeof key, "%s\x01%s\x01%d", a, b, exclusive);
    if (n < 0 || (size_t)n >= sizeof key)
        return false;
    if (nt_map_getn(&c->compared_pairs, key, (size_t)n))
        return true;
    char *stored = nt_arena_strndup(&c->arena, key, (size_t)n);
    nt_map_putn(&c->compared_pairs, stored, (size_t)n, stored);
    return false;
}

/* graphql-js collectConflictsBetweenFieldsAndFragment: fragments referenced
 * from the fragment are compared once per (fragment, referenced) pair. */
static void fields_and_fragment(struct vctx *c, bool exclusive, const struct ofields *fields,
                                const char *fragment_name, struct conflicts *out)
{
    const struct gql_fragment *f = nt_map_get(&c->fragments, fragment_name);
    if (!f)
        return;
    struct ofields *ff = fields_of_fragment(c, f);
    if (ff == fields)
        return;
    between(c, exclusive, fields, ff, out);
    for (size_t i = 0; i < ff->nfragments; i++) {
        if (pair_seen(c, ff->fragments[i], fragment_name, exclusive))
            continue;
        fields_and_fragment(c, exclusive, fields, ff->fragments[i], out);
    }
}

static void fragments_pair(struct vctx *c, bool exclusive, const char *n1, const char *n2,
                           struct conflicts *out)
{
    if (strcmp(n1, n2) == 0 || pair_seen(c, n1, n2, exclusive))
        return;
    const struct gql_fragment *f1 = nt_map_get(&c->fragments, n1);
    const struct gql_fragment *f2 = nt_map_get(&c->fragments, n2);
    if (!f1 || !f2)
        return;
    struct ofields *a = fields_of_fragment(c, f1), *b = fields_of_fragment(c, f2);
    between(c, exclusive, a, b, out);
    for (size_t i = 0; i < b->nfragments; i++)
        fragments_pair(c, exclusive, n1, b->fragments[i], out);
    for (size_t i = 0; i < a->nfragments; i++)
        fragments_pair(c, exclusive, a->fragments[i], n2, out);
}

static void between_sub_selections(struct vctx *c, bool exclusive,
                                   const struct gql_type *p1, const struct gql_selection_set *s1,
                                   const struct gql_type *p2, const struct gql_selection_set *s2,
                                   struct conflicts *out)
{
    /* Sub-selections nest at most as deep as the document, except through
     * fragment cycles, which NoFragmentCycles reports; stop there. */
    if (c->overlap_depth > GQL_PARSE_MAX_NESTING)
        return;
    c->overlap_depth++;
    struct ofields *a = fields_of(c, p1, s1), *b = fields_of(c, p2, s2);
    between(c, exclusive, a, b, out);
    for (size_t i = 0; i < b->nfragments; i++)
        fields_and_fragment(c, exclusive, a, b->fragments[i], out);
    for (size_t i = 0; i < a->nfragments; i++)
        fields_and_fragment(c, exclusive, b, a->fragments[i], out);
    for (size_t i = 0; i < a->nfragments; i++)
        for (size_t j = 0; j < b->nfragments; j++)
            fragments_pair(c, exclusive, a->fragments[i], b->fragments[j], out);
    c->overlap_depth--;
}

void gql__check_overlaps(struct vctx *c, const struct gql_type *parent,
                         const struct gql_selection_set *set)
{
    if (c->has_fragment_cycles)
        return;
    struct conflicts out = {0};
    struct ofields *of = fields_of(c, parent, set);
    within(c, of, &out);
    for (size_t i = 0; i < of->nfragments; i++) {
        fields_and_fragment(c, false, of, of->fragments[i], &out);
        for (size_t j = i + 1; j < of->nfragments; j++)
            fragments_pair(c, false, of->fragments[i], of->fragments[j], &out);
    }
    for (size_t i = 0; i < out.n; i++) {
        const struct conflict *cf = &out.items[i];
        size_t n = cf->n1 + cf->n2;
        struct gql_loc *locs = NT_ARENA_ARRAY(&c->arena, struct gql_loc, n);
        for (size_t j = 0; j < cf->n1; j++)
            locs[j] = cf->fields1[j]->loc;
        for (size_t j = 0; j < cf->n2; j++)
            locs[cf->n1 + j] = cf->fields2[j]->loc;
        gql__verror(c, locs, n,
                    "Fields \"%s\" conflict because %s. Use different aliases on the fields to "
                    "fetch both if this was intentional.",
                    cf->key, cf->reason);
    }
}
