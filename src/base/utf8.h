/* UTF-8 encoding and validation, shared by the JSON reader, the JSON writer
 * and the GraphQL lexer. */
#ifndef NT_UTF8_H
#define NT_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Writes code point cp (at most 0x10FFFF) to out; returns 1-4 bytes. */
size_t nt_utf8_put(char *out, uint32_t cp);
/* Length (1-4) of the well-formed sequence at p, or 0 when it is malformed,
 * overlong, a surrogate, beyond U+10FFFF or cut short by left. */
size_t nt_utf8_len(const unsigned char *p, size_t left);

#endif
