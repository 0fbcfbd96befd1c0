#include "base/arena.h"

#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>

struct nt_arena_chunk {
    struct nt_arena_chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

void nt_arena_init(struct nt_arena *a, size_t first_chunk)
{
    a->head = NULL;
    a->chunk_size = first_chunk < 256 ? 256 : first_chunk;
    a->total = 0;
}

static struct nt_arena_chunk *chunk_new(size_t size)
{
    struct nt_arena_chunk *c = nt_malloc(sizeof(*c) + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void *nt_arena_alloc(struct nt_arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    struct nt_arena_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        size_t size = a->chunk_size;
        while (size < need)
            size *= 2;
        c = chunk_new(size);
        c->next = a->head;
        a->head = c;
        if (a->chunk_size < 64 * 1024)
            a->chunk_size *= 2;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total += need;
    memset(p, 0, n);
    return p;
}

char *nt_arena_strndup(struct nt_arena *a, const char *s, size_t n)
{
    char *p = nt_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *nt_arena_strdup(struct nt_arena *a, const char *s)
{
    return nt_arena_strndup(a, s, strlen(s));
}

void nt_arena_free(struct nt_arena *a)
{
    struct nt_arena_chunk *c = a->head;
    while (c) {
        struct nt_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}
