#include "base/uuid.h"

#include <string.h>
#include <sys/random.h>

/* The kernel's random bytes, fetched for 409 ids at a time per thread: a
 * getrandom call per id was one of a create's few system calls. The server
 * never forks, so no two processes share a buffer. */
static void random_bytes(unsigned char *out, size_t n)
{
    static _Thread_local unsigned char pool[4096];
    static _Thread_local size_t pos, len;
    if (len - pos < n) {
        pos = len = 0;
        while (len < sizeof pool) { /* a signal may cut a large request short */
            ssize_t r = getrandom(pool + len, sizeof pool - len, 0);
            if (r <= 0)
                break;
            len += (size_t)r;
        }
        if (len < n) { /* getrandom does not fail on Linux */
            memset(pool, 0x5a, n);
            len = n;
        }
    }
    memcpy(out, pool + pos, n);
    pos += n;
}

void nt_uuid_v7(char out[37], int64_t unix_ms)
{
    unsigned char b[16];
    random_bytes(b + 6, 10);
    for (int i = 0; i < 6; i++)
        b[i] = (unsigned char)((uint64_t)unix_ms >> (40 - 8 * i));
    b[6] = (unsigned char)(0x70 | (b[6] & 0x0F));
    b[8] = (unsigned char)(0x80 | (b[8] & 0x3F));
    /* by hand: snprintf with sixteen conversions cost more than the rest */
    static const char hex[] = "0123456789abcdef";
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        *o++ = hex[b[i] >> 4];
        *o++ = hex[b[i] & 0x0F];
    }
    *o = '\0';
}

_Bool nt_uuid_valid(const char *s)
{
    if (strlen(s) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return 0;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return 0;
        }
    }
    return 1;
}
