#include "base/json_arena.h"

#include "base/alloc.h"
#include "base/fiber.h"

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define NT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NT_ASAN 1
#endif
#endif
#ifdef NT_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define FIRST_CHUNK (64 * 1024)
#define MAX_CHUNK (1024 * 1024)
#define MAX_CHUNKS 64
#define KEEP_BYTES (2 * 1024 * 1024) /* kept between requests, per thread */
#define BIG (8 * 1024)               /* larger requests get a block of their own */

struct chunk {
    unsigned char *base;
    size_t size, used;
};

/* One thread's arena: chunks[0..n), filled in order; cur is the one being
 * filled; big[0..nbig): blocks of one large allocation each (or of any
 * once the chunks run out), freed at the reset. Every allocation of a
 * scope is in one of them, so the reset reclaims all of it. The chunks are
 * freed when the thread exits. */
struct thread_arena {
    struct chunk chunks[MAX_CHUNKS];
    size_t n, cur;
    void **big;
    size_t nbig, big_cap;
    /* The request that holds the arena from its first scope to its reset:
     * the fiber it runs in (NULL: the thread's own stack). A request of
     * another fiber of the thread meanwhile gets malloc and cannot reset
     * it, should the owner ever wait with values alive. */
    bool claimed;
    struct fiber *owner;
};

static _Thread_local struct thread_arena *arena; /* NULL until this thread's first scope */
static _Thread_local bool building;
static bool installed;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;

static void free_big(struct thread_arena *a)
{
    for (size_t i = 0; i < a->nbig; i++)
        free(a->big[i]);
    a->nbig = 0;
}

static void arena_free(void *p)
{
    struct thread_arena *a = p;
    free_big(a);
    free(a->big);
    for (size_t i = 0; i < a->n; i++) {
        UNPOISON(a->chunks[i].base, a->chunks[i].size);
        free(a->chunks[i].base);
    }
    free(a);
    arena = NULL; /* this runs on the exiting thread: a later free must not look here */
}

/* Whether p is memory of one of this thread's chunks or big blocks. */
static bool owns(const struct thread_arena *a, const void *p)
{
    uintptr_t u = (uintptr_t)p;
    for (size_t i = 0; i < a->n; i++)
        if (u - (uintptr_t)a->chunks[i].base < a->chunks[i].size)
            return true;
    for (size_t i = 0; i < a->nbig; i++)
        if (a->big[i] == p)
            return true;
    return false;
}

static void *big_block(struct thread_arena *a, size_t n)
{
    if (a->nbig == a->big_cap) {
        a->big_cap = a->big_cap ? a->big_cap * 2 : 8;
        a->big = nt_realloc(a->big, a->big_cap * sizeof(*a->big));
    }
    return a->big[a->nbig++] = nt_malloc(n ? n : 1);
}

/* The next chunk with room for need bytes, or NULL (a big block then). */
static struct chunk *chunk_with_room(struct thread_arena *a, size_t need)
{
    while (a->cur < a->n && a->chunks[a->cur].size - a->chunks[a->cur].used < need)
        a->cur++;
    if (a->cur < a->n)
        return &a->chunks[a->cur];
    if (a->n == MAX_CHUNKS)
        return NULL;
    size_t size = a->n ? a->chunks[a->n - 1].size * 2 : FIRST_CHUNK;
    if (size > MAX_CHUNK)
        size = MAX_CHUNK;
    struct chunk *c = &a->chunks[a->n++];
    *c = (struct chunk){.base = nt_malloc(size), .size = size};
    POISON(c->base, c->size);
    return c;
}

static void *arena_malloc(size_t n)
{
    if (!building || arena->owner != fiber_current())
        return malloc(n);
    size_t need = (n + 15) & ~(size_t)15;
    struct chunk *c = n > BIG ? NULL : chunk_with_room(arena, need ? need : 16);
    if (!c)
        return big_block(arena, n);
    void *p = c->base + c->used;
    c->used += need ? need : 16;
    UNPOISON(p, n);
    return p;
}

static void arena_release(void *p)
{
    if (arena && owns(arena, p))
        return; /* freed with the whole arena */
    free(p);
}

static void install_once(void)
{
    if (pthread_key_create(&exit_key, arena_free) != 0)
        return;
    json_set_alloc_funcs(arena_malloc, arena_release);
    installed = true;
}

void nt_json_arena_install(void)
{
    pthread_once(&once, install_once);
}

bool nt_json_arena_enter(void)
{
    bool previous = building;
    if (!installed)
        return previous;
    if (!arena) {
        arena = nt_calloc(1, sizeof(*arena));
        pthread_setspecific(exit_key, arena);
    }
    if (!arena->claimed) {
        arena->claimed = true;
        arena->owner = fiber_current();
    }
    building = true;
    return previous;
}

void nt_json_arena_leave(bool previous)
{
    building = previous;
}

void nt_json_arena_keep(json_t *v)
{
    if (building && arena->owner == fiber_current())
        json_incref(v);
}

void nt_json_arena_reset(void)
{
    struct thread_arena *a = arena;
    if (!a || building || (a->claimed && a->owner != fiber_current()))
        return;
    a->claimed = false;
    free_big(a);
    size_t kept = 0, n = 0;
    for (size_t i = 0; i < a->n; i++) {
        struct chunk *c = &a->chunks[i];
        if (kept + c->size > KEEP_BYTES) {
            UNPOISON(c->base, c->size);
            free(c->base);
            continue;
        }
        kept += c->size;
        POISON(c->base, c->size);
        c->used = 0;
        a->chunks[n++] = *c;
    }
    a->n = n;
    a->cur = 0;
}
