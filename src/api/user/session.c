/* One request's view of the person: their rights looked up now, and the
 * read model's visibility made to match them before anything is read. The
 * comparison is by hash, remembered per person in memory (and in
 * bruker_tilgang_sett), so an unchanged person costs a map lookup. */
#include "api/user/user_internal.h"

#include "api/user/visibility.h"
#include "base/alloc.h"
#include "base/map.h"
#include "obs/log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_APPLIED 50000

struct applied_entry {
    char *fnr;
    char hash[65];
};

struct user_applied {
    pthread_mutex_t mu;
    struct nt_map by_fnr; /* fnr -> struct applied_entry * */
    struct applied_entry **all;
    size_t n;
};

struct user_applied *user_applied_new(void)
{
    struct user_applied *a = nt_calloc(1, sizeof(*a));
    pthread_mutex_init(&a->mu, NULL);
    nt_map_init(&a->by_fnr);
    a->all = nt_calloc(MAX_APPLIED, sizeof(*a->all));
    return a;
}

static void clear_locked(struct user_applied *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->all[i]->fnr);
        free(a->all[i]);
    }
    a->n = 0;
    nt_map_free(&a->by_fnr);
    nt_map_init(&a->by_fnr);
}

void user_applied_free(struct user_applied *a)
{
    if (!a)
        return;
    clear_locked(a);
    nt_map_free(&a->by_fnr);
    free(a->all);
    pthread_mutex_destroy(&a->mu);
    free(a);
}

static bool applied_is(struct user_applied *a, const char *fnr, const char *hash)
{
    pthread_mutex_lock(&a->mu);
    struct applied_entry *e = nt_map_get(&a->by_fnr, fnr);
    bool same = e && strcmp(e->hash, hash) == 0;
    pthread_mutex_unlock(&a->mu);
    return same;
}

static void applied_set(struct user_applied *a, const char *fnr, const char *hash)
{
    pthread_mutex_lock(&a->mu);
    struct applied_entry *e = nt_map_get(&a->by_fnr, fnr);
    if (!e) {
        if (a->n == MAX_APPLIED)
            clear_locked(a);
        e = nt_calloc(1, sizeof(*e));
        e->fnr = nt_strdup(fnr);
        a->all[a->n++] = e;
        nt_map_put(&a->by_fnr, e->fnr, e);
    }
    snprintf(e->hash, sizeof e->hash, "%s", hash);
    pthread_mutex_unlock(&a->mu);
}

struct sync_cmd {
    const char *fnr;
    const struct access_rights *rights;
};

static int read_hash(struct store_tx *tx, void *arg)
{
    struct sync_cmd *c = arg;
    char hash[65];
    return vis_applied_hash(tx, c->fnr, hash) && strcmp(hash, c->rights->hash) == 0 ? 0 : 1;
}

static int sync(struct store_tx *tx, void *arg)
{
    struct sync_cmd *c = arg;
    if (read_hash(tx, arg) == 0)
        return 0; /* another request got here first */
    return vis_sync_altinn(tx, c->fnr, c->rights);
}

/* Makes the read model hold these rights; false when that failed. */
static bool apply_rights(struct api_user *api, const char *fnr, const struct access_rights *r)
{
    if (applied_is(api->applied, fnr, r->hash))
        return true;
    struct sync_cmd cmd = {fnr, r};
    if (store_read(api->cfg.store, read_hash, &cmd) != 0 &&
        store_write(api->cfg.store, sync, &cmd) != 0) {
        OBS_LOG(OBS_ERROR, "could not apply a person's rights to the read model");
        return false;
    }
    applied_set(api->applied, fnr, r->hash);
    return true;
}

void user_session_open(struct api_user *api, const char *fnr, bool hoyt_nivaa,
                       struct user_session *out)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->fnr, sizeof out->fnr, "%s", fnr);
    out->hoyt_nivaa = hoyt_nivaa;
    struct access_rights *r = access_lookup(api->cfg.access, fnr);
    out->altinn_ok = r->known && apply_rights(api, fnr, r);
    out->feil_altinn = !out->altinn_ok || r->partial;
    access_rights_release(r);
}

const struct user_session *user_session_of(struct user_ctx *ctx)
{
    if (!ctx->opened) {
        user_session_open(ctx->api, ctx->fnr, ctx->hoyt_nivaa, &ctx->session);
        ctx->opened = true;
    }
    return &ctx->session;
}
