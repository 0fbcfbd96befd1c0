/* Time-ordered UUIDs (version 7): 48 bits of Unix milliseconds, then random
 * bits. New ids sort after older ones, so index inserts land at the right
 * edge of the B-tree (ANCHORS.md measured this). */
#ifndef NT_UUID_H
#define NT_UUID_H
#include <stdint.h>

/* Writes "xxxxxxxx-xxxx-7xxx-yxxx-xxxxxxxxxxxx" and a NUL into out[37]. */
void nt_uuid_v7(char out[37], int64_t unix_ms);
/* True for the canonical 36-character form, any version. */
_Bool nt_uuid_valid(const char *s);

#endif
