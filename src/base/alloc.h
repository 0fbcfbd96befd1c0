/* Allocation that never returns NULL: out of memory aborts the process.
 * Why: a half-handled allocation failure is worse than a clean crash for a
 * server whose state lives in the database. */
#ifndef NT_ALLOC_H
#define NT_ALLOC_H
#include <stddef.h>

void *nt_malloc(size_t n);
void *nt_calloc(size_t count, size_t size);
void *nt_realloc(void *p, size_t n);
/* Returns a heap copy of s (caller frees with free()). */
char *nt_strdup(const char *s);
char *nt_strndup(const char *s, size_t n);

#endif
