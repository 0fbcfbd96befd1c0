/* The GraphQL abstract syntax tree (spec sections 2 and 3).
 *
 * Every node, string and array of a document is allocated from the
 * document's arena (struct gql_document.arena) and freed with it. Names are
 * NUL-terminated copies. Arrays are (pointer, count) pairs; count 0 may have
 * a NULL pointer. Locations are 1-based line and column in the source text,
 * counted in Unicode code points as the spec and graphql-js do. */
#ifndef GQL_AST_H
#define GQL_AST_H
#include "base/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gql_loc {
    uint32_t line;
    uint32_t column;
};

enum gql_value_kind {
    GQL_VALUE_VARIABLE,
    GQL_VALUE_INT,
    GQL_VALUE_FLOAT,
    GQL_VALUE_STRING,
    GQL_VALUE_BOOLEAN,
    GQL_VALUE_NULL,
    GQL_VALUE_ENUM,
    GQL_VALUE_LIST,
    GQL_VALUE_OBJECT,
};

struct gql_value;

struct gql_object_field {
    const char *name;
    struct gql_loc loc;
    struct gql_value *value;
};

/* A literal value or a variable reference.
 *  VARIABLE: str = variable name without '$'.
 *  INT, FLOAT: str = the literal's source text.
 *  STRING: str = decoded UTF-8 (escapes and block-string indentation
 *          resolved), len = byte length (may contain NUL via \u0000).
 *  ENUM: str = the name.  BOOLEAN: boolean.
 *  LIST: items/count.  OBJECT: fields/count. */
struct gql_value {
    enum gql_value_kind kind;
    struct gql_loc loc;
    const char *str;
    size_t len;
    bool boolean;
    bool block; /* STRING written as a block string """...""" */
    struct gql_value **items;
    struct gql_object_field *fields;
    size_t count;
};

struct gql_argument {
    const char *name;
    struct gql_loc loc;
    struct gql_value *value;
};

struct gql_directive {
    const char *name;
    struct gql_loc loc;
    struct gql_argument *args;
    size_t nargs;
};

enum gql_type_ref_kind { GQL_REF_NAMED, GQL_REF_LIST, GQL_REF_NON_NULL };

/* A type as written: Name, [T] or T!. */
struct gql_type_ref {
    enum gql_type_ref_kind kind;
    struct gql_loc loc;
    const char *name;          /* NAMED */
    struct gql_type_ref *of;   /* LIST, NON_NULL */
};

enum gql_selection_kind {
    GQL_SEL_FIELD,
    GQL_SEL_FRAGMENT_SPREAD,
    GQL_SEL_INLINE_FRAGMENT,
};

struct gql_selection_set;

struct gql_selection {
    enum gql_selection_kind kind;
    struct gql_loc loc;
    /* FIELD: alias (NULL when none) and name. FRAGMENT_SPREAD: name. */
    const char *alias;
    const char *name;
    struct gql_loc name_loc;   /* FIELD: of the name; FRAGMENT_SPREAD: of the fragment name */
    struct gql_argument *args; /* FIELD */
    size_t nargs;
    struct gql_directive *directives;
    size_t ndirectives;
    /* INLINE_FRAGMENT: type condition, NULL when omitted. */
    const char *type_condition;
    struct gql_loc type_condition_loc;
    /* FIELD (NULL when the field has no braces) and INLINE_FRAGMENT. */
    struct gql_selection_set *selection_set;
};

struct gql_selection_set {
    struct gql_loc loc; /* of the opening brace */
    struct gql_selection *items;
    size_t count;
};

struct gql_variable_def {
    const char *name; /* without '$' */
    struct gql_loc loc; /* of the '$' */
    struct gql_type_ref *type;
    struct gql_value *default_value; /* NULL when none */
    struct gql_directive *directives;
    size_t ndirectives;
};

enum gql_operation_kind { GQL_OP_QUERY, GQL_OP_MUTATION, GQL_OP_SUBSCRIPTION };

struct gql_operation {
    enum gql_operation_kind kind;
    struct gql_loc loc; /* of the keyword, or of '{' for the shorthand form */
    const char *name;   /* NULL when anonymous */
    struct gql_loc name_loc;
    struct gql_variable_def *vars;
    size_t nvars;
    struct gql_directive *directives;
    size_t ndirectives;
    struct gql_selection_set *selection_set;
};

struct gql_fragment {
    const char *name;
    struct gql_loc loc; /* of the 'fragment' keyword */
    struct gql_loc name_loc;
    const char *type_condition;
    struct gql_loc type_condition_loc;
    struct gql_directive *directives;
    size_t ndirectives;
    struct gql_selection_set *selection_set;
};

/* ---- Type system (SDL) ---- */

struct gql_input_value_ast { /* argument definition or input field */
    const char *description; /* NULL when none */
    const char *name;
    struct gql_loc loc;
    struct gql_type_ref *type;
    struct gql_value *default_value;
    struct gql_directive *directives;
    size_t ndirectives;
};

struct gql_field_ast {
    const char *description;
    const char *name;
    struct gql_loc loc;
    struct gql_input_value_ast *args;
    size_t nargs;
    struct gql_type_ref *type;
    struct gql_directive *directives;
    size_t ndirectives;
};

struct gql_enum_value_ast {
    const char *description;
    const char *name;
    struct gql_loc loc;
    struct gql_directive *directives;
    size_t ndirectives;
};

struct gql_name_ref {
    const char *name;
    struct gql_loc loc;
};

enum gql_typedef_kind {
    GQL_TD_SCALAR,
    GQL_TD_OBJECT,
    GQL_TD_INTERFACE,
    GQL_TD_UNION,
    GQL_TD_ENUM,
    GQL_TD_INPUT_OBJECT,
};

/* A type definition or, with is_extension, a type extension. */
struct gql_typedef_ast {
    enum gql_typedef_kind kind;
    bool is_extension;
    const char *description;
    const char *name;
    struct gql_loc loc;
    struct gql_directive *directives;
    size_t ndirectives;
    struct gql_name_ref *interfaces; /* OBJECT, INTERFACE: implements */
    size_t ninterfaces;
    struct gql_field_ast *fields;    /* OBJECT, INTERFACE */
    size_t nfields;
    struct gql_name_ref *members;    /* UNION */
    size_t nmembers;
    struct gql_enum_value_ast *values; /* ENUM */
    size_t nvalues;
    struct gql_input_value_ast *input_fields; /* INPUT_OBJECT */
    size_t ninput_fields;
};

struct gql_root_op_ast {
    enum gql_operation_kind kind;
    struct gql_name_ref type;
};

struct gql_schema_def_ast {
    bool is_extension;
    const char *description;
    struct gql_loc loc;
    struct gql_directive *directives;
    size_t ndirectives;
    struct gql_root_op_ast *ops;
    size_t nops;
};

/* Directive locations as bits, in the order of the spec's grammar. */
enum gql_directive_location {
    GQL_DL_QUERY = 1u << 0,
    GQL_DL_MUTATION = 1u << 1,
    GQL_DL_SUBSCRIPTION = 1u << 2,
    GQL_DL_FIELD = 1u << 3,
    GQL_DL_FRAGMENT_DEFINITION = 1u << 4,
    GQL_DL_FRAGMENT_SPREAD = 1u << 5,
    GQL_DL_INLINE_FRAGMENT = 1u << 6,
    GQL_DL_VARIABLE_DEFINITION = 1u << 7,
    GQL_DL_SCHEMA = 1u << 8,
    GQL_DL_SCALAR = 1u << 9,
    GQL_DL_OBJECT = 1u << 10,
    GQL_DL_FIELD_DEFINITION = 1u << 11,
    GQL_DL_ARGUMENT_DEFINITION = 1u << 12,
    GQL_DL_INTERFACE = 1u << 13,
    GQL_DL_UNION = 1u << 14,
    GQL_DL_ENUM = 1u << 15,
    GQL_DL_ENUM_VALUE = 1u << 16,
    GQL_DL_INPUT_OBJECT = 1u << 17,
    GQL_DL_INPUT_FIELD_DEFINITION = 1u << 18,
    GQL_DL_DIRECTIVE_DEFINITION = 1u << 19,
};

struct gql_directive_def_ast {
    const char *description;
    const char *name;
    struct gql_loc loc;
    struct gql_input_value_ast *args;
    size_t nargs;
    bool repeatable;
    uint32_t locations; /* enum gql_directive_location bits */
    uint32_t location_order[24]; /* the same bits in the order written */
    size_t nlocation_order;
};

enum gql_definition_kind {
    GQL_DEF_OPERATION,
    GQL_DEF_FRAGMENT,
    GQL_DEF_TYPE,      /* type definition or extension */
    GQL_DEF_SCHEMA,    /* schema definition or extension */
    GQL_DEF_DIRECTIVE,
};

struct gql_definition {
    enum gql_definition_kind kind;
    struct gql_loc loc;
    union {
        struct gql_operation *operation;
        struct gql_fragment *fragment;
        struct gql_typedef_ast *type;
        struct gql_schema_def_ast *schema;
        struct gql_directive_def_ast *directive;
    } u;
};

struct gql_document {
    struct nt_arena arena; /* owns every node below */
    struct gql_definition *defs; /* in source order */
    size_t ndefs;
    size_t ntokens; /* tokens read, for limits and metrics */
};

struct nt_buf;
/* Prints a value literal as graphql-js print() does ({a: 1}, [1, 2], "s"). */
void gql_print_value(const struct gql_value *v, struct nt_buf *out);

/* The first fragment definition with that name, or NULL. */
const struct gql_fragment *gql_document_fragment(const struct gql_document *doc, const char *name);

/* Frees the document and everything in its arena. NULL is fine. */
void gql_document_free(struct gql_document *doc);

/* Returns the name of a directive location bit ("FIELD", ...), or NULL. */
const char *gql_directive_location_name(uint32_t bit);
/* Parses a location name; returns 0 when unknown. */
uint32_t gql_directive_location_from_name(const char *name);

#endif
