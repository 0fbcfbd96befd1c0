/* Growable byte buffer with a hard maximum (curl dynbuf style). Always
 * NUL-terminated. Once an append would pass the maximum, the buffer is marked
 * too big and ignores further appends, so callers check once at the end. */
#ifndef NT_BUF_H
#define NT_BUF_H
#include <stdbool.h>
#include <stddef.h>

struct nt_buf {
    char *data;   /* owned; NULL until the first append */
    size_t len;
    size_t cap;
    size_t max;   /* 0 = no limit */
    bool too_big;
};

void nt_buf_init(struct nt_buf *b, size_t max);
void nt_buf_free(struct nt_buf *b);
void nt_buf_reset(struct nt_buf *b);
void nt_buf_append(struct nt_buf *b, const void *p, size_t n);
/* Makes room for extra more bytes (at most up to the maximum) in one
 * allocation, for a writer that knows roughly how much will follow. */
void nt_buf_reserve(struct nt_buf *b, size_t extra);
void nt_buf_puts(struct nt_buf *b, const char *s);
void nt_buf_putc(struct nt_buf *b, char c);
__attribute__((format(printf, 2, 3))) void nt_buf_printf(struct nt_buf *b, const char *fmt, ...);
/* Appends s as a JSON string literal, quotes included. Invalid UTF-8 bytes
 * become U+FFFD so the output is always valid JSON. */
void nt_buf_json_str(struct nt_buf *b, const char *s, size_t n);
/* Hands the bytes to the caller (free() them) and empties the buffer. */
char *nt_buf_steal(struct nt_buf *b, size_t *out_len);
/* Data as a C string; "" when empty. Valid until the next append. */
const char *nt_buf_str(const struct nt_buf *b);

#endif
