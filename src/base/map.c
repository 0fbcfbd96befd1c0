#include "base/map.h"

#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>

static size_t hash_bytes(const char *s, size_t n)
{
    /* FNV-1a: keys are schema names and query texts we control the size of. */
    size_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void nt_map_init(struct nt_map *m)
{
    m->slots = NULL;
    m->cap = 0;
    m->count = 0;
}

void nt_map_free(struct nt_map *m)
{
    free(m->slots);
    nt_map_init(m);
}

static struct nt_map_slot *find_slot(struct nt_map_slot *slots, size_t cap, const char *key,
                                     size_t n, size_t h)
{
    size_t i = h & (cap - 1);
    for (;;) {
        struct nt_map_slot *s = &slots[i];
        if (!s->key || (s->hash == h && s->key_len == n && memcmp(s->key, key, n) == 0))
            return s;
        i = (i + 1) & (cap - 1);
    }
}

static void grow_to(struct nt_map *m, size_t cap)
{
    struct nt_map_slot *slots = nt_calloc(cap, sizeof(*slots));
    for (size_t i = 0; i < m->cap; i++) {
        struct nt_map_slot *old = &m->slots[i];
        if (old->key)
            *find_slot(slots, cap, old->key, old->key_len, old->hash) = *old;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

static void grow(struct nt_map *m)
{
    grow_to(m, m->cap ? m->cap * 2 : 16);
}

void nt_map_reserve(struct nt_map *m, size_t n)
{
    if (!n)
        return;
    size_t cap = m->cap ? m->cap : 16;
    while (n * 4 > cap * 3)
        cap *= 2;
    if (cap > m->cap)
        grow_to(m, cap);
}

void nt_map_putn(struct nt_map *m, const char *key, size_t n, void *value)
{
    if ((m->count + 1) * 4 > m->cap * 3)
        grow(m);
    size_t h = hash_bytes(key, n);
    struct nt_map_slot *s = find_slot(m->slots, m->cap, key, n, h);
    if (!s->key) {
        s->key = key;
        s->key_len = n;
        s->hash = h;
        m->count++;
    }
    s->value = value;
}

void nt_map_put(struct nt_map *m, const char *key, void *value)
{
    nt_map_putn(m, key, strlen(key), value);
}

void *nt_map_getn(const struct nt_map *m, const char *key, size_t n)
{
    if (!m->cap)
        return NULL;
    struct nt_map_slot *s = find_slot(m->slots, m->cap, key, n, hash_bytes(key, n));
    return s->key ? s->value : NULL;
}

void *nt_map_get(const struct nt_map *m, const char *key)
{
    return nt_map_getn(m, key, strlen(key));
}
