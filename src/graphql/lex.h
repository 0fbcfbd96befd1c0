/* GraphQL lexer (spec section 2.1): turns source text into tokens with
 * 1-based line/column positions. Strings are decoded into an arena. */
#ifndef GQL_LEX_H
#define GQL_LEX_H
#include "base/arena.h"
#include "graphql/ast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gql_tok {
    GQL_TOK_SOF,
    GQL_TOK_EOF,
    GQL_TOK_BANG,
    GQL_TOK_DOLLAR,
    GQL_TOK_AMP,
    GQL_TOK_PAREN_L,
    GQL_TOK_PAREN_R,
    GQL_TOK_SPREAD,
    GQL_TOK_COLON,
    GQL_TOK_EQUALS,
    GQL_TOK_AT,
    GQL_TOK_BRACKET_L,
    GQL_TOK_BRACKET_R,
    GQL_TOK_BRACE_L,
    GQL_TOK_PIPE,
    GQL_TOK_BRACE_R,
    GQL_TOK_NAME,
    GQL_TOK_INT,
    GQL_TOK_FLOAT,
    GQL_TOK_STRING,
    GQL_TOK_BLOCK_STRING,
};

struct gql_token {
    enum gql_tok kind;
    struct gql_loc loc;
    const char *start; /* raw source bytes */
    size_t len;
    /* STRING, BLOCK_STRING: decoded value in the lexer's arena */
    const char *value;
    size_t value_len;
};

struct gql_lexer {
    const char *src;
    size_t len;
    size_t pos;
    uint32_t line;
    size_t line_start; /* byte offset where the current line starts */
    size_t col_pos;    /* column cache: columns are computed incrementally */
    uint32_t col;
    struct nt_arena *arena;
    char *error; /* set on a lexical error: message in the arena */
    struct gql_loc error_loc;
};

void gql_lexer_init(struct gql_lexer *lx, const char *src, size_t len, struct nt_arena *arena);
/* Reads the next token. Returns false on a lexical error (lx->error set). */
bool gql_lexer_next(struct gql_lexer *lx, struct gql_token *out);
/* Describes a token for error messages: <EOF>, "{", Name "x", Int "1", String "s". */
void gql_token_describe(const struct gql_token *t, char *out, size_t out_size);

#endif
