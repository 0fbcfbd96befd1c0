/* Bump allocator: many small allocations freed together in one call.
 * Used for everything that lives exactly as long as one parsed document,
 * one schema or one request. Nothing allocated from an arena is freed alone. */
#ifndef NT_ARENA_H
#define NT_ARENA_H
#include <stddef.h>

struct nt_arena_chunk;

struct nt_arena {
    struct nt_arena_chunk *head;
    size_t chunk_size; /* size of the next chunk; grows for large requests */
    size_t total;      /* bytes handed out, for limits and metrics */
};

void nt_arena_init(struct nt_arena *a, size_t first_chunk);
/* Memory is 16-byte aligned and zero-filled. */
void *nt_arena_alloc(struct nt_arena *a, size_t n);
char *nt_arena_strndup(struct nt_arena *a, const char *s, size_t n);
char *nt_arena_strdup(struct nt_arena *a, const char *s);
/* Frees every chunk; the arena may be reused after nt_arena_init. */
void nt_arena_free(struct nt_arena *a);

#define NT_ARENA_NEW(a, type) ((type *)nt_arena_alloc((a), sizeof(type)))
#define NT_ARENA_ARRAY(a, type, n) ((type *)nt_arena_alloc((a), sizeof(type) * (n)))

#endif
