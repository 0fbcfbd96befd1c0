#include "graphql/lex.h"

#include "base/utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void gql_lexer_init(struct gql_lexer *lx, const char *src, size_t len, struct nt_arena *arena)
{
    memset(lx, 0, sizeof(*lx));
    lx->src = src;
    lx->len = len;
    lx->line = 1;
    lx->col = 1;
    lx->arena = arena;
    /* A byte order mark is ignored (spec 2.1.1). */
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        lx->pos = lx->line_start = lx->col_pos = 3;
}

static int peek(const struct gql_lexer *lx, size_t off)
{
    size_t p = lx->pos + off;
    return p < lx->len ? (unsigned char)lx->src[p] : -1;
}

/* Column of byte offset pos on the current line, in code points. */
static uint32_t column_at(struct gql_lexer *lx, size_t pos)
{
    if (lx->col_pos > pos) {
        lx->col_pos = lx->line_start;
        lx->col = 1;
    }
    for (size_t i = lx->col_pos; i < pos; i++)
        if (((unsigned char)lx->src[i] & 0xC0) != 0x80)
            lx->col++;
    lx->col_pos = pos;
    return lx->col;
}

static struct gql_loc loc_at(struct gql_lexer *lx, size_t pos)
{
    return (struct gql_loc){lx->line, column_at(lx, pos)};
}

static void newline(struct gql_lexer *lx, size_t next_line_start)
{
    lx->line++;
    lx->line_start = lx->col_pos = next_line_start;
    lx->col = 1;
}

/* The code point starting at pos, or the byte itself when the UTF-8 there
 * is malformed (so error messages never carry broken UTF-8). */
static uint32_t decode_code_point(const struct gql_lexer *lx, size_t pos)
{
    const unsigned char *p = (const unsigned char *)lx->src + pos;
    size_t left = lx->len - pos;
    size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 0;
    if (!n || n > left)
        return p[0];
    uint32_t cp = p[0] & (0x3F >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return p[0];
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    return cp;
}

static void describe_char(const struct gql_lexer *lx, size_t pos, char *out, size_t n)
{
    if (pos >= lx->len) {
        snprintf(out, n, "<EOF>");
        return;
    }
    unsigned char c = (unsigned char)lx->src[pos];
    if (c == '"')
        snprintf(out, n, "'\"'");
    else if (c >= 0x20 && c < 0x7F)
        snprintf(out, n, "\"%c\"", c);
    else if (c < 0x80)
        snprintf(out, n, "U+%04X", c);
    else
        snprintf(out, n, "U+%04X", (unsigned)decode_code_point(lx, pos));
}

__attribute__((format(printf, 3, 4))) static bool fail_at(struct gql_lexer *lx, size_t pos,
                                                           const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lx->error = nt_arena_strdup(lx->arena, msg);
    lx->error_loc = loc_at(lx, pos);
    return false;
}

/* what: a message with one %s for the offending character */
static bool fail_char(struct gql_lexer *lx, size_t pos, const char *what)
{
    char d[32];
    describe_char(lx, pos, d, sizeof d);
    return fail_at(lx, pos, "%s: %s.", what, d);
}

static void skip_ignored(struct gql_lexer *lx)
{
    while (lx->pos < lx->len) {
        unsigned char c = (unsigned char)lx->src[lx->pos];
        if (c == ' ' || c == '\t' || c == ',') {
            lx->pos++;
        } else if (c == '\n') {
            lx->pos++;
            newline(lx, lx->pos);
        } else if (c == '\r') {
            lx->pos += peek(lx, 1) == '\n' ? 2 : 1;
            newline(lx, lx->pos);
        } else if (c == '#') {
            while (lx->pos < lx->len && lx->src[lx->pos] != '\n' && lx->src[lx->pos] != '\r')
                lx->pos++;
        } else if (c == 0xEF && peek(lx, 1) == 0xBB && peek(lx, 2) == 0xBF) {
            lx->pos += 3;
        } else {
            return;
        }
    }
}

static bool is_name_start(int c)
{
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool read_digits(struct gql_lexer *lx)
{
    if (!is_digit(peek(lx, 0)))
        return fail_char(lx, lx->pos, "Invalid number, expected digit but got");
    while (is_digit(peek(lx, 0)))
        lx->pos++;
    return true;
}

static bool read_number(struct gql_lexer *lx, struct gql_token *t)
{
    bool is_float = false;
    if (peek(lx, 0) == '-')
        lx->pos++;
    if (peek(lx, 0) == '0') {
        lx->pos++;
        if (is_digit(peek(lx, 0)))
            return fail_char(lx, lx->pos, "Invalid number, unexpected digit after 0");
    } else if (!read_digits(lx)) {
        return false;
    }
    if (peek(lx, 0) == '.') {
        is_float = true;
        lx->pos++;
        if (!read_digits(lx))
            return false;
    }
    if (peek(lx, 0) == 'e' || peek(lx, 0) == 'E') {
        is_float = true;
        lx->pos++;
        if (peek(lx, 0) == '+' || peek(lx, 0) == '-')
            lx->pos++;
        if (!read_digits(lx))
            return false;
    }
    if (peek(lx, 0) == '.' || is_name_start(peek(lx, 0)))
        return fail_char(lx, lx->pos, "Invalid number, expected digit but got");
    t->kind = is_float ? GQL_TOK_FLOAT : GQL_TOK_INT;
    return true;
}

static int hex_val(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}


/* Reads \uXXXX or \u{X...} at lx->pos (pointing at 'u'); returns the code
 * point or -1. Advances past the escape on success. */
static long read_unicode_escape(struct gql_lexer *lx)
{
    size_t p = lx->pos + 1;
    long cp = 0;
    if (p < lx->len && lx->src[p] == '{') {
        p++;
        size_t digits = 0;
        while (p < lx->len && lx->src[p] != '}') {
            int h = hex_val((unsigned char)lx->src[p]);
            if (h < 0 || ++digits > 8)
                return -1;
            cp = cp * 16 + h;
            if (cp > 0x10FFFF)
                return -1;
            p++;
        }
        if (p >= lx->len || digits == 0)
            return -1;
        lx->pos = p + 1;
        return cp;
    }
    for (int i = 0; i < 4; i++, p++) {
        int h = p < lx->len ? hex_val((unsigned char)lx->src[p]) : -1;
        if (h < 0)
            return -1;
        cp = cp * 16 + h;
    }
    lx->pos = p;
    return cp;
}

static bool read_escape(struct gql_lexer *lx, char *out, size_t *n)
{
    size_t esc_start = lx->pos - 1;
    int c = peek(lx, 0);
    const char *simple = strchr("\"\\/bfnrt", c > 0 ? c : 'x');
    if (c > 0 && simple) {
        static const char map[] = "\"\\/\b\f\n\r\t";
        out[(*n)++] = map[simple - "\"\\/bfnrt"];
        lx->pos++;
        return true;
    }
    if (c != 'u') {
        char d[16];
        snprintf(d, sizeof d, "\\%c", c > 0x20 && c < 0x7F ? c : '?');
        return fail_at(lx, esc_start, "Invalid character escape sequence: \"%s\".", d);
    }
    long cp = read_unicode_escape(lx);
    if (cp >= 0xD800 && cp <= 0xDBFF && peek(lx, 0) == '\\' && peek(lx, 1) == 'u') {
        size_t save = lx->pos;
        lx->pos++;
        long lo = read_unicode_escape(lx);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else {
            lx->pos = save;
            cp = -1;
        }
    }
    if (cp < 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
        size_t end = esc_start + 2;
        while (end < lx->len && end < esc_start + 12 && lx->src[end] != '"' && lx->src[end] != '\\')
            end++;
        char d[32];
        snprintf(d, sizeof d, "%.*s", (int)(end - esc_start), lx->src + esc_start);
        return fail_at(lx, esc_start, "Invalid Unicode escape sequence: \"%s\".", d);
    }
    *n += nt_utf8_put(out + *n, (uint32_t)cp);
    return true;
}

static bool read_string(struct gql_lexer *lx, struct gql_token *t)
{
    size_t start = lx->pos;
    lx->pos++; /* opening quote */
    /* Decoded text is never longer than the raw text. */
    char *out = nt_arena_alloc(lx->arena, lx->len - start + 1);
    size_t n = 0;
    while (lx->pos < lx->len) {
        unsigned char c = (unsigned char)lx->src[lx->pos];
        if (c == '"') {
            lx->pos++;
            out[n] = '\0';
            t->kind = GQL_TOK_STRING;
            t->value = out;
            t->value_len = n;
            return true;
        }
        if (c == '\n' || c == '\r')
            break;
        if (c == '\\') {
            lx->pos++;
            if (!read_escape(lx, out, &n))
                return false;
            continue;
        }
        if (c < 0x20 && c != '\t')
            return fail_char(lx, lx->pos, "Invalid character within String");
        out[n++] = (char)c;
        lx->pos++;
    }
    return fail_at(lx, lx->pos, "Unterminated string.");
}

static bool is_blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

static size_t leading_ws(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

struct line_span {
    const char *p;
    size_t n;
};

/* Spec "BlockStringValue": common indentation and blank edge lines removed. */
static size_t dedent_block(const char *raw, size_t raw_len, char *out, struct nt_arena *arena)
{
    size_t nlines = 1;
    for (size_t i = 0; i < raw_len; i++)
        if (raw[i] == '\n' || (raw[i] == '\r' && !(i + 1 < raw_len && raw[i + 1] == '\n')))
            nlines++;
    struct line_span *lines = NT_ARENA_ARRAY(arena, struct line_span, nlines);
    size_t li = 0, s = 0;
    for (size_t i = 0; i <= raw_len; i++) {
        if (i == raw_len || raw[i] == '\n' || raw[i] == '\r') {
            lines[li++] = (struct line_span){raw + s, i - s};
            if (i < raw_len && raw[i] == '\r' && i + 1 < raw_len && raw[i + 1] == '\n')
                i++;
            s = i + 1;
        }
    }
    size_t common = SIZE_MAX;
    for (size_t i = 1; i < li; i++) {
        size_t ws = leading_ws(lines[i].p, lines[i].n);
        if (ws < lines[i].n && ws < common)
            common = ws;
    }
    if (common != SIZE_MAX) {
        for (size_t i = 1; i < li; i++) {
            size_t cut = common < lines[i].n ? common : lines[i].n;
            lines[i].p += cut;
            lines[i].n -= cut;
        }
    }
    size_t first = 0, last = li;
    while (first < last && is_blank_line(lines[first].p, lines[first].n))
        first++;
    while (last > first && is_blank_line(lines[last - 1].p, lines[last - 1].n))
        last--;
    size_t n = 0;
    for (size_t i = first; i < last; i++) {
        if (i > first)
            out[n++] = '\n';
        memcpy(out + n, lines[i].p, lines[i].n);
        n += lines[i].n;
    }
    out[n] = '\0';
    return n;
}

static bool read_block_string(struct gql_lexer *lx, struct gql_token *t)
{
    lx->pos += 3;
    char *raw = nt_arena_alloc(lx->arena, lx->len - lx->pos + 1);
    size_t n = 0;
    while (lx->pos < lx->len) {
        unsigned char c = (unsigned char)lx->src[lx->pos];
        if (c == '"' && peek(lx, 1) == '"' && peek(lx, 2) == '"') {
            lx->pos += 3;
            char *out = nt_arena_alloc(lx->arena, n + 1);
            t->kind = GQL_TOK_BLOCK_STRING;
            t->value_len = dedent_block(raw, n, out, lx->arena);
            t->value = out;
            return true;
        }
        if (c == '\\' && peek(lx, 1) == '"' && peek(lx, 2) == '"' && peek(lx, 3) == '"') {
            memcpy(raw + n, "\"\"\"", 3);
            n += 3;
            lx->pos += 4;
            continue;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return fail_char(lx, lx->pos, "Invalid character within String");
        raw[n++] = (char)c;
        lx->pos++;
        if (c == '\n' || (c == '\r' && peek(lx, 0) != '\n'))
            newline(lx, lx->pos);
    }
    return fail_at(lx, lx->pos, "Unterminated string.");
}

static enum gql_tok punctuator(int c)
{
    switch (c) {
    case '!': return GQL_TOK_BANG;
    case '$': return GQL_TOK_DOLLAR;
    case '&': return GQL_TOK_AMP;
    case '(': return GQL_TOK_PAREN_L;
    case ')': return GQL_TOK_PAREN_R;
    case ':': return GQL_TOK_COLON;
    case '=': return GQL_TOK_EQUALS;
    case '@': return GQL_TOK_AT;
    case '[': return GQL_TOK_BRACKET_L;
    case ']': return GQL_TOK_BRACKET_R;
    case '{': return GQL_TOK_BRACE_L;
    case '|': return GQL_TOK_PIPE;
    case '}': return GQL_TOK_BRACE_R;
    default: return GQL_TOK_SOF;
    }
}

bool gql_lexer_next(struct gql_lexer *lx, struct gql_token *t)
{
    skip_ignored(lx);
    memset(t, 0, sizeof(*t));
    size_t start = lx->pos;
    t->start = lx->src + start;
    t->loc = loc_at(lx, start);
    if (start >= lx->len) {
        t->kind = GQL_TOK_EOF;
        return true;
    }
    int c = (unsigned char)lx->src[start];
    bool ok = true;
    enum gql_tok p = punctuator(c);
    if (p != GQL_TOK_SOF) {
        t->kind = p;
        lx->pos++;
    } else if (c == '.') {
        if (peek(lx, 1) != '.' || peek(lx, 2) != '.')
            return fail_char(lx, start, "Unexpected character");
        t->kind = GQL_TOK_SPREAD;
        lx->pos += 3;
    } else if (is_name_start(c)) {
        while (lx->pos < lx->len && (is_name_start(peek(lx, 0)) || is_digit(peek(lx, 0))))
            lx->pos++;
        t->kind = GQL_TOK_NAME;
    } else if (c == '-' || is_digit(c)) {
        ok = read_number(lx, t);
    } else if (c == '"') {
        ok = (peek(lx, 1) == '"' && peek(lx, 2) == '"') ? read_block_string(lx, t)
                                                           : read_string(lx, t);
    } else {
        return fail_char(lx, start, "Unexpected character");
    }
    t->len = lx->pos - start;
    return ok;
}

static const char *kind_name(enum gql_tok k)
{
    static const char *const names[] = {
        "<SOF>", "<EOF>", "!", "$", "&", "(", ")", "...", ":", "=", "@", "[",
        "]", "{", "|", "}", "Name", "Int", "Float", "String", "BlockString",
    };
    return names[k];
}

void gql_token_describe(const struct gql_token *t, char *out, size_t out_size)
{
    switch (t->kind) {
    case GQL_TOK_EOF:
        snprintf(out, out_size, "<EOF>");
        break;
    case GQL_TOK_NAME:
    case GQL_TOK_INT:
    case GQL_TOK_FLOAT:
        snprintf(out, out_size, "%s \"%.*s\"", kind_name(t->kind), (int)(t->len > 64 ? 64 : t->len),
                 t->start);
        break;
    case GQL_TOK_STRING:
    case GQL_TOK_BLOCK_STRING:
        snprintf(out, out_size, "%s \"%.*s\"", kind_name(t->kind),
                 (int)(t->value_len > 64 ? 64 : t->value_len), t->value);
        break;
    default:
        snprintf(out, out_size, "\"%s\"", kind_name(t->kind));
    }
}
