#include "base/buf.h"

#include "base/alloc.h"
#include "base/utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nt_buf_init(struct nt_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
    b->too_big = false;
}

void nt_buf_free(struct nt_buf *b)
{
    free(b->data);
    nt_buf_init(b, b->max);
}

void nt_buf_reset(struct nt_buf *b)
{
    b->len = 0;
    b->too_big = false;
    if (b->data)
        b->data[0] = '\0';
}

static bool reserve(struct nt_buf *b, size_t extra)
{
    if (b->too_big)
        return false;
    size_t need = b->len + extra + 1;
    if (b->max && need > b->max + 1) {
        b->too_big = true;
        return false;
    }
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = nt_realloc(b->data, cap);
    b->cap = cap;
    return true;
}

void nt_buf_reserve(struct nt_buf *b, size_t extra)
{
    if (b->max && b->len + extra > b->max)
        extra = b->len < b->max ? b->max - b->len : 0;
    reserve(b, extra);
}

void nt_buf_append(struct nt_buf *b, const void *p, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void nt_buf_puts(struct nt_buf *b, const char *s)
{
    nt_buf_append(b, s, strlen(s));
}

void nt_buf_putc(struct nt_buf *b, char c)
{
    nt_buf_append(b, &c, 1);
}

void nt_buf_printf(struct nt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        nt_buf_append(b, small, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}


/* Whether any of the 8 bytes of x needs more than a copy: a control
 * character, '"', '\\' or a byte of a multibyte sequence (the classic
 * "has a byte less than / equal to" bit tricks, exact as a yes or no). */
static bool needs_care8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    uint64_t hits = ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
                    ((backslash - ones) & ~backslash) | x;
    return (hits & high) != 0;
}

/* The common case: room for the worst case (every byte a \u00XX escape)
 * is reserved once and the text is written straight into the buffer,
 * eight plain bytes at a time. */
static bool json_str_fast(struct nt_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (b->max && b->len + n * 6 + 2 > b->max)
        return false;
    if (!reserve(b, n * 6 + 2))
        return false;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    char *o = b->data + b->len;
    *o++ = '"';
    while (p < end) {
        uint64_t x;
        if (end - p >= 8 && (memcpy(&x, p, 8), !needs_care8(x))) {
            memcpy(o, p, 8);
            o += 8;
            p += 8;
            continue;
        }
        unsigned char c = *p;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            *o++ = (char)c;
            p++;
            continue;
        }
        if (c >= 0x80) {
            size_t len = nt_utf8_len(p, (size_t)(end - p));
            if (len) {
                memcpy(o, p, len);
                o += len;
                p += len;
            } else {
                memcpy(o, "\xEF\xBF\xBD", 3);
                o += 3;
                p++;
            }
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        default:
            memcpy(o, "u00", 3);
            o[3] = hex[c >> 4];
            o[4] = hex[c & 15];
            o += 5;
        }
        p++;
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return true;
}

void nt_buf_json_str(struct nt_buf *b, const char *s, size_t n)
{
    if (json_str_fast(b, s, n))
        return;
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    nt_buf_putc(b, '"');
    while (i < n) {
        unsigned char c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            run++;
            continue;
        }
        nt_buf_append(b, p + i - run, run);
        run = 0;
        if (c >= 0x80) {
            size_t len = nt_utf8_len(p + i, n - i);
            if (len) {
                nt_buf_append(b, p + i, len);
                i += len;
            } else {
                nt_buf_puts(b, "\xEF\xBF\xBD");
                i++;
            }
            continue;
        }
        switch (c) {
        case '"': nt_buf_puts(b, "\\\""); break;
        case '\\': nt_buf_puts(b, "\\\\"); break;
        case '\n': nt_buf_puts(b, "\\n"); break;
        case '\r': nt_buf_puts(b, "\\r"); break;
        case '\t': nt_buf_puts(b, "\\t"); break;
        case '\b': nt_buf_puts(b, "\\b"); break;
        case '\f': nt_buf_puts(b, "\\f"); break;
        default: {
            char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            nt_buf_append(b, esc, 6);
        }
        }
        i++;
    }
    nt_buf_append(b, p + i - run, run);
    nt_buf_putc(b, '"');
}

char *nt_buf_steal(struct nt_buf *b, size_t *out_len)
{
    char *p = b->data ? b->data : nt_strdup("");
    if (out_len)
        *out_len = b->len;
    nt_buf_init(b, b->max);
    return p;
}

const char *nt_buf_str(const struct nt_buf *b)
{
    return b->data ? b->data : "";
}
