/* Shared state of one validation run (validate*.c only). */
#ifndef GQL_VALIDATE_INTERNAL_H
#define GQL_VALIDATE_INTERNAL_H
#include "base/arena.h"
#include "base/map.h"
#include "graphql/validate.h"

#include <stdbool.h>

struct vctx {
    const struct gql_schema *s;
    const struct gql_document *doc;
    json_t *errors;
    size_t max_errors;
    size_t nerrors;
    bool aborted;
    struct nt_arena arena;
    struct nt_map fragments; /* name -> const struct gql_fragment * (first definition) */
    struct nt_map overlap_cache; /* selection set -> cached fields and fragment names */
    struct nt_map compared_pairs; /* "a\x01b\x01m" -> non-NULL */
    unsigned overlap_depth;       /* nesting of sub-selection comparisons */
    bool has_fragment_cycles;     /* overlap checks are skipped: they would not end */
};

/* Records an error; locs is an array of n locations. */
void gql__verror(struct vctx *c, const struct gql_loc *locs, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* OverlappingFieldsCanBeMerged for one selection set whose parent type is
 * parent (may be NULL when unknown). */
void gql__check_overlaps(struct vctx *c, const struct gql_type *parent,
                         const struct gql_selection_set *set);

#endif
