/* The type system of a built schema (spec section 3). Everything lives in the
 * schema's arena and is immutable after gql_schema_build, so many threads may
 * read it at once. */
#ifndef GQL_SCHEMA_H
#define GQL_SCHEMA_H
#include "base/arena.h"
#include "base/map.h"
#include "graphql/ast.h"
#include "graphql/gql.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum gql_kind {
    GQL_KIND_SCALAR,
    GQL_KIND_OBJECT,
    GQL_KIND_INTERFACE,
    GQL_KIND_UNION,
    GQL_KIND_ENUM,
    GQL_KIND_INPUT_OBJECT,
    GQL_KIND_LIST,
    GQL_KIND_NON_NULL,
};

enum gql_builtin_scalar {
    GQL_SCALAR_CUSTOM,
    GQL_SCALAR_INT,
    GQL_SCALAR_FLOAT,
    GQL_SCALAR_STRING,
    GQL_SCALAR_BOOLEAN,
    GQL_SCALAR_ID,
};

/* An argument, an input field, or a directive argument. */
struct gql_input_value {
    const char *name;
    const char *description;
    struct gql_type *type;
    const struct gql_value *default_value; /* as written in the SDL; NULL = none */
    bool deprecated;
    const char *deprecation_reason;
};

struct gql_field_def {
    const char *name;
    const char *description;
    struct gql_input_value *args;
    size_t nargs;
    struct gql_type *type;
    bool deprecated;
    const char *deprecation_reason;
    gql_resolve_fn *resolve; /* NULL = default resolver */
};

struct gql_enum_value_def {
    const char *name;
    const char *description;
    bool deprecated;
    const char *deprecation_reason;
};

struct gql_type {
    enum gql_kind kind;
    const char *name;        /* NULL for LIST and NON_NULL */
    const char *description;
    struct gql_type *of_type; /* LIST, NON_NULL */
    /* OBJECT, INTERFACE */
    struct gql_field_def *fields;
    size_t nfields;
    struct gql_type **interfaces;
    size_t ninterfaces;
    /* UNION: members; INTERFACE: object types implementing it, directly or
     * through another interface, in schema order */
    struct gql_type **possible_types;
    size_t npossible_types;
    /* ENUM */
    struct gql_enum_value_def *enum_values;
    size_t nenum_values;
    /* INPUT_OBJECT */
    struct gql_input_value *input_fields;
    size_t ninput_fields;
    /* SCALAR */
    enum gql_builtin_scalar builtin;
    const char *specified_by_url;
    gql_scalar_fn *serialize;
    gql_scalar_fn *parse_value;
    bool is_introspection; /* __Schema, __Type, ... */
    bool is_one_of;        /* INPUT_OBJECT marked @oneOf */
};

struct gql_directive_def {
    const char *name;
    const char *description;
    struct gql_input_value *args;
    size_t nargs;
    uint32_t locations; /* enum gql_directive_location bits */
    const uint32_t *location_order; /* the bits in the order the SDL wrote them */
    size_t nlocation_order;
    bool repeatable;
    bool builtin;       /* @skip, @include, @deprecated, @specifiedBy */
};

struct gql_schema {
    struct nt_arena arena;
    const char *description;
    struct nt_map types_by_name;  /* name -> struct gql_type * */
    struct gql_type **types;      /* named types: SDL order, then built-ins, then introspection */
    size_t ntypes;
    struct gql_type *query;
    struct gql_type *mutation;    /* NULL when none */
    struct gql_type *subscription;
    struct gql_directive_def *directives; /* built-ins first */
    size_t ndirectives;
    gql_resolve_type_fn *resolve_type;
    /* Meta-fields, shared by all object types (spec 4.1): __typename on
     * every composite type, __schema and __type on the query root. */
    struct gql_field_def meta_typename;
    struct gql_field_def meta_schema;
    struct gql_field_def meta_type;
    /* The parsed SDL documents; defaults and descriptions point into them. */
    struct gql_document *sdl_doc;
    struct gql_document *introspection_doc;
};

const struct gql_type *gql_schema_type(const struct gql_schema *s, const char *name);
const struct gql_directive_def *gql_schema_directive(const struct gql_schema *s, const char *name);
/* Field of an object or interface type, meta-fields included as the spec says
 * (the __schema/__type pair only when parent is the query root). */
const struct gql_field_def *gql_schema_field(const struct gql_schema *s,
                                             const struct gql_type *parent, const char *name);
const struct gql_input_value *gql_field_arg(const struct gql_field_def *f, const char *name);
const struct gql_input_value *gql_input_field(const struct gql_type *t, const char *name);
const struct gql_enum_value_def *gql_enum_value(const struct gql_type *t, const char *name);

/* Resolves a written type (variable definition) to a schema type; wrappers
 * are allocated from arena. NULL when the named type is unknown. */
struct gql_type *gql_type_from_ref(const struct gql_schema *s, const struct gql_type_ref *ref,
                                   struct nt_arena *arena);

/* Type relations of spec section 5 / graphql-js typeComparators. */
const struct gql_type *gql_type_named(const struct gql_type *t); /* strips LIST and NON_NULL */
bool gql_type_is_input(const struct gql_type *t);
bool gql_type_is_output(const struct gql_type *t);
bool gql_type_is_leaf(const struct gql_type *t);
bool gql_type_is_composite(const struct gql_type *t);
bool gql_type_is_abstract(const struct gql_type *t);
bool gql_type_equal(const struct gql_type *a, const struct gql_type *b);
bool gql_type_is_subtype(const struct gql_schema *s, const struct gql_type *maybe_sub,
                         const struct gql_type *super);
bool gql_type_is_possible(const struct gql_type *abstract, const struct gql_type *object);
bool gql_types_overlap(const struct gql_schema *s, const struct gql_type *a,
                       const struct gql_type *b);
/* Prints a type as written: "[Int!]!". Appends to out. */
void gql_type_print(const struct gql_type *t, struct nt_buf *out);

#endif
