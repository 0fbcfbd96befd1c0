#include "auth/token_cache.h"

#include "base/alloc.h"
#include "base/map.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct entry {
    char *token;
    char *subject;
    int64_t exp;
};

struct auth_token_cache {
    pthread_mutex_t mu;
    struct nt_map by_token; /* token -> struct entry * (key owned by the entry) */
    struct entry **entries;
    size_t n, max;
};

struct auth_token_cache *auth_token_cache_new(size_t max_entries)
{
    struct auth_token_cache *c = nt_calloc(1, sizeof(*c));
    pthread_mutex_init(&c->mu, NULL);
    nt_map_init(&c->by_token);
    c->max = max_entries ? max_entries : 1;
    c->entries = nt_calloc(c->max, sizeof(*c->entries));
    return c;
}

static void empty_locked(struct auth_token_cache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->entries[i]->token);
        free(c->entries[i]->subject);
        free(c->entries[i]);
    }
    c->n = 0;
    nt_map_free(&c->by_token);
    nt_map_init(&c->by_token);
}

void auth_token_cache_free(struct auth_token_cache *c)
{
    if (!c)
        return;
    empty_locked(c);
    nt_map_free(&c->by_token);
    free(c->entries);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

bool auth_token_cache_get(struct auth_token_cache *c, const char *token, int64_t now, char *out,
                          size_t out_size)
{
    pthread_mutex_lock(&c->mu);
    struct entry *e = nt_map_get(&c->by_token, token);
    bool valid = e && e->exp > now;
    if (valid)
        snprintf(out, out_size, "%s", e->subject);
    pthread_mutex_unlock(&c->mu);
    return valid;
}

void auth_token_cache_put(struct auth_token_cache *c, const char *token, const char *subject,
                          int64_t exp)
{
    pthread_mutex_lock(&c->mu);
    if (!nt_map_get(&c->by_token, token)) {
        if (c->n == c->max)
            empty_locked(c);
        struct entry *e = nt_calloc(1, sizeof(*e));
        e->token = nt_strdup(token);
        e->subject = nt_strdup(subject);
        e->exp = exp;
        c->entries[c->n++] = e;
        nt_map_put(&c->by_token, e->token, e);
    }
    pthread_mutex_unlock(&c->mu);
}
