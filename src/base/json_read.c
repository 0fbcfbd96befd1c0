#include "base/json_read.h"

#include "base/alloc.h"
#include "base/utf8.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct reader {
    const unsigned char *p;
    const unsigned char *end;
    const char *err;
    unsigned depth;
    char *scratch; /* decoded string buffer, grown on demand */
    size_t scratch_cap;
};

static json_t *read_value(struct reader *r);

static void skip_ws(struct reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
        r->p++;
}

static json_t *fail(struct reader *r, const char *msg)
{
    if (!r->err)
        r->err = msg;
    return NULL;
}

static bool literal(struct reader *r, const char *word, size_t n)
{
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return false;
    r->p += n;
    return true;
}

static int hex4(const unsigned char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = p[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    return v;
}



static bool read_escape(struct reader *r, char *out, size_t *n)
{
    if (r->p >= r->end)
        return false;
    unsigned char c = *r->p++;
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *hit = c ? strchr(from, c) : NULL;
    if (hit) {
        out[(*n)++] = to[hit - from];
        return true;
    }
    if (c != 'u' || r->end - r->p < 4)
        return false;
    int cp = hex4(r->p);
    r->p += 4;
    if (cp < 0)
        return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u')
            return false;
        int lo = hex4(r->p + 2);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return false;
        r->p += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    } else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0) {
        return false; /* lone low surrogate, or NUL */
    }
    *n += nt_utf8_put(out + *n, (uint32_t)cp);
    return true;
}

/* Decodes the string at r->p (after the opening quote) into r->scratch. */
static bool read_string_raw(struct reader *r, size_t *out_len)
{
    const unsigned char *start = r->p;
    /* Fast path: no escapes. Decoded text is never longer than the raw. */
    size_t need = (size_t)(r->end - start) + 1;
    if (need > r->scratch_cap) {
        r->scratch_cap = need < 256 ? 256 : need;
        r->scratch = nt_realloc(r->scratch, r->scratch_cap);
    }
    size_t n = 0;
    while (r->p < r->end) {
        unsigned char c = *r->p;
        if (c == '"') {
            r->p++;
            *out_len = n;
            return true;
        }
        if (c == '\\') {
            r->p++;
            if (!read_escape(r, r->scratch, &n))
                return false;
        } else if (c < 0x20) {
            return false;
        } else if (c < 0x80) {
            r->scratch[n++] = (char)c;
            r->p++;
        } else {
            size_t len = nt_utf8_len(r->p, (size_t)(r->end - r->p));
            if (!len)
                return false;
            memcpy(r->scratch + n, r->p, len);
            n += len;
            r->p += len;
        }
    }
    return false;
}

static json_t *read_string(struct reader *r)
{
    size_t n;
    r->p++;
    if (!read_string_raw(r, &n))
        return fail(r, "invalid string");
    return json_stringn_nocheck(r->scratch, n);
}

static json_t *read_number(struct reader *r)
{
    const unsigned char *s = r->p;
    bool is_int = true;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    if (r->p >= r->end)
        return fail(r, "invalid number");
    if (*r->p == '0') {
        r->p++;
    } else if (*r->p >= '1' && *r->p <= '9') {
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    } else {
        return fail(r, "invalid number");
    }
    if (r->p < r->end && *r->p == '.') {
        is_int = false;
        r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9')
            return fail(r, "invalid number");
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        is_int = false;
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9')
            return fail(r, "invalid number");
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    }
    char buf[64];
    size_t len = (size_t)(r->p - s);
    char *text = len < sizeof buf ? buf : nt_malloc(len + 1);
    memcpy(text, s, len);
    text[len] = '\0';
    json_t *v = NULL;
    if (is_int) {
        errno = 0;
        long long n = strtoll(text, NULL, 10);
        if (errno == 0)
            v = json_integer(n);
        else
            is_int = false; /* jansson also turns too-large integers away; keep the value */
    }
    if (!v)
        v = json_real(strtod(text, NULL));
    if (text != buf)
        free(text);
    return v;
}

static json_t *read_array(struct reader *r)
{
    json_t *a = json_array();
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        return a;
    }
    for (;;) {
        json_t *v = read_value(r);
        if (!v || json_array_append_new(a, v) != 0)
            break;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == ']') {
            r->p++;
            return a;
        }
        break;
    }
    json_decref(a);
    return fail(r, "invalid array");
}

static json_t *read_object(struct reader *r)
{
    json_t *o = json_object();
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == '}') {
        r->p++;
        return o;
    }
    for (;;) {
        skip_ws(r);
        size_t klen;
        if (r->p >= r->end || *r->p != '"')
            break;
        r->p++;
        if (!read_string_raw(r, &klen) || memchr(r->scratch, 0, klen))
            break;
        if (json_object_getn(o, r->scratch, klen)) {
            fail(r, "duplicate key");
            break;
        }
        char key_small[128];
        char *key = klen < sizeof key_small ? key_small : nt_malloc(klen + 1);
        memcpy(key, r->scratch, klen);
        key[klen] = '\0';
        skip_ws(r);
        json_t *v = NULL;
        if (r->p < r->end && *r->p == ':') {
            r->p++;
            v = read_value(r);
        }
        int rc = v ? json_object_setn_new_nocheck(o, key, klen, v) : -1;
        if (key != key_small)
            free(key);
        if (rc != 0)
            break;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == '}') {
            r->p++;
            return o;
        }
        break;
    }
    json_decref(o);
    return fail(r, "invalid object");
}

static json_t *read_value(struct reader *r)
{
    skip_ws(r);
    if (r->p >= r->end)
        return fail(r, "unexpected end of input");
    if (++r->depth > NT_JSON_MAX_DEPTH)
        return fail(r, "nesting too deep");
    json_t *v;
    switch (*r->p) {
    case '{': v = read_object(r); break;
    case '[': v = read_array(r); break;
    case '"': v = read_string(r); break;
    case 't': v = literal(r, "true", 4) ? json_true() : fail(r, "invalid literal"); break;
    case 'f': v = literal(r, "false", 5) ? json_false() : fail(r, "invalid literal"); break;
    case 'n': v = literal(r, "null", 4) ? json_null() : fail(r, "invalid literal"); break;
    default: v = read_number(r); break;
    }
    r->depth--;
    return v;
}

json_t *nt_json_parse(const char *text, size_t len, const char **out_err)
{
    struct reader r = {.p = (const unsigned char *)text, .end = (const unsigned char *)text + len};
    json_t *v = read_value(&r);
    skip_ws(&r);
    if (v && r.p != r.end) {
        json_decref(v);
        v = fail(&r, "trailing characters");
    }
    free(r.scratch);
    if (!v && out_err)
        *out_err = r.err ? r.err : "invalid JSON";
    return v;
}
