#include "api/user/changes.h"

#include "base/alloc.h"
#include "base/map.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A set of changes keyed by person. */
struct change_set {
    struct nt_map by_fnr; /* fnr -> index + 1 into items */
    struct user_change *items;
    size_t n, cap;
};

struct watcher {
    char *fnr;
    int count;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t published_cv = PTHREAD_COND_INITIALIZER;
static struct nt_map watched;        /* fnr -> struct watcher * */
static struct watcher **watchers;
static size_t nwatchers, cap_watchers;
/* Each writer thread collects what its batch touched and publishes it from
 * its own commit hook, after that batch's commit: with several writers
 * (PostgreSQL) another writer's commit must not publish a change that is
 * not committed yet. */
static _Thread_local struct change_set pending;
static struct change_set published;
static bool stopped;
static atomic_size_t nwatched; /* persons watched, readable without the lock */
static bool initialised;

static void init_locked(void)
{
    if (initialised)
        return;
    nt_map_init(&watched);
    nt_map_init(&published.by_fnr);
    initialised = true;
}

static struct user_change *change_for(struct change_set *s, const char *fnr)
{
    size_t idx = (size_t)(uintptr_t)nt_map_get(&s->by_fnr, fnr);
    if (idx)
        return &s->items[idx - 1];
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->items = nt_realloc(s->items, s->cap * sizeof(*s->items));
    }
    struct user_change *c = &s->items[s->n++];
    memset(c, 0, sizeof(*c));
    c->fnr = nt_strdup(fnr);
    nt_map_put(&s->by_fnr, c->fnr, (void *)(uintptr_t)s->n);
    return c;
}

static void record(const char *fnr, unsigned kind, const char *removed_id)
{
    if (!user_changes_anyone_watching())
        return;
    pthread_mutex_lock(&mu);
    init_locked();
    bool is_watched = nt_map_get(&watched, fnr) != NULL;
    pthread_mutex_unlock(&mu);
    if (!is_watched)
        return;
    struct user_change *c = change_for(&pending, fnr); /* this thread's own */
    c->kinds |= kind;
    if (removed_id) {
        c->removed = nt_realloc(c->removed, (c->nremoved + 1) * sizeof(char *));
        c->removed[c->nremoved++] = nt_strdup(removed_id);
    }
}

bool user_changes_anyone_watching(void)
{
    return atomic_load(&nwatched) > 0;
}

void user_changes_touch(const char *fnr)
{
    record(fnr, USER_CHANGE_TOUCHED, NULL);
}

void user_changes_refresh(const char *fnr)
{
    record(fnr, USER_CHANGE_REFRESH, NULL);
}

void user_changes_dialog(const char *fnr)
{
    record(fnr, USER_CHANGE_DIALOG, NULL);
}

void user_changes_removed(const char *fnr, const char *id)
{
    record(fnr, USER_CHANGE_TOUCHED, id);
}

/* Moves every pending change into published (merging per person). */
static void merge_pending_locked(void)
{
    for (size_t i = 0; i < pending.n; i++) {
        struct user_change *from = &pending.items[i];
        struct user_change *to = change_for(&published, from->fnr);
        to->kinds |= from->kinds;
        if (from->nremoved) {
            to->removed = nt_realloc(to->removed,
                                     (to->nremoved + from->nremoved) * sizeof(char *));
            memcpy(to->removed + to->nremoved, from->removed, from->nremoved * sizeof(char *));
            to->nremoved += from->nremoved;
        }
        free(from->removed);
        free(from->fnr);
    }
    /* freed, not kept: a thread's leftovers must not outlive it */
    free(pending.items);
    pending.items = NULL;
    pending.n = pending.cap = 0;
    nt_map_free(&pending.by_fnr);
}

void user_changes_publish(void *unused)
{
    (void)unused;
    if (!pending.n)
        return;
    pthread_mutex_lock(&mu);
    init_locked();
    merge_pending_locked();
    pthread_cond_broadcast(&published_cv);
    pthread_mutex_unlock(&mu);
}

void user_changes_watch(const char *fnr)
{
    pthread_mutex_lock(&mu);
    init_locked();
    struct watcher *w = nt_map_get(&watched, fnr);
    if (!w) {
        w = nt_calloc(1, sizeof(*w));
        w->fnr = nt_strdup(fnr);
        if (nwatchers == cap_watchers) {
            cap_watchers = cap_watchers ? cap_watchers * 2 : 16;
            watchers = nt_realloc(watchers, cap_watchers * sizeof(*watchers));
        }
        watchers[nwatchers++] = w;
        nt_map_put(&watched, w->fnr, w);
        atomic_store(&nwatched, nwatchers);
    }
    w->count++;
    pthread_mutex_unlock(&mu);
}

void user_changes_unwatch(const char *fnr)
{
    pthread_mutex_lock(&mu);
    init_locked();
    struct watcher *w = nt_map_get(&watched, fnr);
    if (w && --w->count == 0) {
        /* nt_map has no removal: rebuild it without this person */
        nt_map_free(&watched);
        nt_map_init(&watched);
        size_t kept = 0;
        for (size_t i = 0; i < nwatchers; i++) {
            if (watchers[i] == w)
                continue;
            watchers[kept++] = watchers[i];
            nt_map_put(&watched, watchers[i]->fnr, watchers[i]);
        }
        nwatchers = kept;
        atomic_store(&nwatched, nwatchers);
        free(w->fnr);
        free(w);
    }
    pthread_mutex_unlock(&mu);
}

bool user_changes_take(struct user_change **out, size_t *out_n, int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&mu);
    init_locked();
    while (!stopped && published.n == 0 &&
           pthread_cond_timedwait(&published_cv, &mu, &until) != ETIMEDOUT) {
    }
    bool running = !stopped;
    *out = published.items;
    *out_n = published.n;
    published.items = NULL;
    published.n = published.cap = 0;
    nt_map_free(&published.by_fnr);
    nt_map_init(&published.by_fnr);
    pthread_mutex_unlock(&mu);
    return running;
}

void user_changes_free(struct user_change *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < c[i].nremoved; j++)
            free(c[i].removed[j]);
        free(c[i].removed);
        free(c[i].fnr);
    }
    free(c);
}

void user_changes_stop(void)
{
    pthread_mutex_lock(&mu);
    stopped = true;
    pthread_cond_broadcast(&published_cv);
    pthread_mutex_unlock(&mu);
}

void user_changes_restart(void)
{
    pthread_mutex_lock(&mu);
    stopped = false;
    pthread_mutex_unlock(&mu);
}
