/* String-keyed hash map (open addressing). Keys are borrowed: the caller
 * keeps them alive as long as the map (usually they live in an arena).
 * Values are opaque pointers the map never frees. */
#ifndef NT_MAP_H
#define NT_MAP_H
#include <stddef.h>

struct nt_map_slot {
    const char *key;
    size_t key_len;
    size_t hash;
    void *value;
};

struct nt_map {
    struct nt_map_slot *slots; /* owned */
    size_t cap;                /* power of two */
    size_t count;
};

void nt_map_init(struct nt_map *m);
void nt_map_free(struct nt_map *m);
/* Makes room for n keys in all, so that inserting them rehashes nothing. */
void nt_map_reserve(struct nt_map *m, size_t n);
/* Inserts or replaces. */
void nt_map_put(struct nt_map *m, const char *key, void *value);
void nt_map_putn(struct nt_map *m, const char *key, size_t key_len, void *value);
void *nt_map_get(const struct nt_map *m, const char *key);
void *nt_map_getn(const struct nt_map *m, const char *key, size_t key_len);

#endif
