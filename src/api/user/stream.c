/* GET /api/user/stream: Server-Sent Events for the logged-in person (see
 * docs/user-api.md for the protocol). One worker thread waits for the
 * read model's change reports (changes.h), reads what changed for each
 * watched person since their stream's last event, and writes it out; the
 * same thread sends the keep-alive comments. */
#include "api/user/changes.h"
#include "api/user/user_internal.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "obs/log.h"
#include "store/store.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_EVENTS_PER_PASS 200
#define SESSION_SECONDS 30 /* how long a stream trusts its rights lookup */

struct live {
    struct http_stream *hs;
    char fnr[32];
    bool hoyt_nivaa;
    struct user_session session;
    double session_at;
    int64_t last_versjon;
    int64_t last_antall;
    atomic_bool closed;
    struct live *next;
};

struct user_streams {
    struct api_user *api;
    pthread_mutex_t mu;
    struct live *all;
    pthread_t worker;
    bool started;
    atomic_bool stopping;
    unsigned heartbeat_ms;
};

static double mono_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- Writing events ---- */

static bool send_event(struct live *l, const char *event, const char *id, const char *data)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    if (id)
        nt_buf_printf(&b, "id: %s\n", id);
    nt_buf_printf(&b, "event: %s\ndata: %s\n\n", event, data);
    bool ok = http_stream_write(l->hs, b.data, b.len);
    nt_buf_free(&b);
    return ok;
}

struct pass {
    struct api_user *api;
    struct live *l;
    json_t *notes; /* [versjon, json] pairs */
    int64_t antall;
};

static int read_changes(struct store_tx *tx, void *arg)
{
    struct pass *p = arg;
    struct store_stmt *q = store_prepare(
        tx, "SELECT " USER_NOTE_COLUMNS " FROM " USER_NOTE_FROM " WHERE " USER_NOTE_WHERE
            " AND s.versjon > ? ORDER BY s.versjon LIMIT ?");
    int i = user_bind_note_query(q, &p->l->session);
    store_bind_int64(q, i++, p->l->last_versjon);
    store_bind_int64(q, i, MAX_EVENTS_PER_PASS);
    while (store_step(q) == STORE_ROW)
        json_array_append_new(p->notes,
                              json_pack("[I,o]", (json_int_t)store_column_int64(q, USER_NOTE_VERSJON),
                                        user_note_json(p->api, q, false)));
    p->antall = user_unread_count(tx, &p->l->session);
    return 0;
}

static void refresh_session(struct api_user *api, struct live *l)
{
    if (mono_seconds() - l->session_at < SESSION_SECONDS)
        return;
    user_session_open(api, l->fnr, l->hoyt_nivaa, &l->session);
    l->session_at = mono_seconds();
}

/* Everything new for one stream: changed notifications, then the count. */
static void catch_up(struct api_user *api, struct live *l, bool force_count)
{
    refresh_session(api, l);
    struct pass p = {.api = api, .l = l, .notes = json_array(), .antall = -1};
    if (store_read(api->cfg.store, read_changes, &p) != 0) {
        json_decref(p.notes);
        return;
    }
    size_t i;
    json_t *pair;
    json_array_foreach(p.notes, i, pair) {
        int64_t versjon = json_integer_value(json_array_get(pair, 0));
        char id[32], *data = json_dumps(json_array_get(pair, 1), JSON_COMPACT);
        snprintf(id, sizeof id, "%" PRId64, versjon);
        send_event(l, "notifikasjon", id, data);
        free(data);
        if (versjon > l->last_versjon)
            l->last_versjon = versjon;
    }
    json_decref(p.notes);
    if (p.antall >= 0 && (force_count || p.antall != l->last_antall)) {
        char data[64];
        snprintf(data, sizeof data, "{\"antallUleste\":%" PRId64 "}", p.antall);
        send_event(l, "antall", NULL, data);
        l->last_antall = p.antall;
    }
}

static void apply_change(struct api_user *api, struct live *l, const struct user_change *c)
{
    for (size_t i = 0; i < c->nremoved; i++) {
        json_t *v = json_pack("{s:s}", "id", c->removed[i]);
        char *data = json_dumps(v, JSON_COMPACT);
        send_event(l, "fjernet", NULL, data);
        free(data);
        json_decref(v);
    }
    if (c->kinds & USER_CHANGE_DIALOG)
        send_event(l, "dialoger", NULL, "{}");
    if (c->kinds & USER_CHANGE_REFRESH) {
        l->session_at = 0; /* the rights may read differently now */
        send_event(l, "oppfrisk", NULL, "{}");
    }
    catch_up(api, l, false);
}

/* ---- The worker ---- */

/* Drops streams whose connection is gone. */
static void sweep(struct user_streams *s)
{
    pthread_mutex_lock(&s->mu);
    struct live **p = &s->all;
    while (*p) {
        struct live *l = *p;
        if (!atomic_load(&l->closed)) {
            p = &l->next;
            continue;
        }
        *p = l->next;
        user_changes_unwatch(l->fnr);
        http_stream_release(l->hs);
        free(l);
    }
    pthread_mutex_unlock(&s->mu);
}

/* Keep-alive for every stream, and a look at what changed without a
 * report: changes other nodes committed (PostgreSQL) arrive this way. */
static void heartbeat(struct user_streams *s)
{
    pthread_mutex_lock(&s->mu);
    for (struct live *l = s->all; l; l = l->next) {
        if (atomic_load(&l->closed))
            continue;
        http_stream_write(l->hs, ": ping\n\n", 8);
        catch_up(s->api, l, false);
    }
    pthread_mutex_unlock(&s->mu);
}

static void *worker_main(void *arg)
{
    struct user_streams *s = arg;
    double last_beat = mono_seconds();
    for (;;) {
        struct user_change *changes = NULL;
        size_t n = 0;
        bool running = user_changes_take(&changes, &n, (int)s->heartbeat_ms);
        /* the list is only changed by this thread and the handler (which
         * adds at the head under mu), so walking it under mu is safe */
        pthread_mutex_lock(&s->mu);
        for (size_t i = 0; i < n && running; i++)
            for (struct live *l = s->all; l; l = l->next)
                if (!atomic_load(&l->closed) && strcmp(l->fnr, changes[i].fnr) == 0)
                    apply_change(s->api, l, &changes[i]);
        pthread_mutex_unlock(&s->mu);
        user_changes_free(changes, n);
        if (!running || atomic_load(&s->stopping))
            return NULL;
        if (mono_seconds() - last_beat >= s->heartbeat_ms / 1000.0) {
            heartbeat(s);
            last_beat = mono_seconds();
        }
        sweep(s);
    }
}

struct user_streams *user_streams_new(struct api_user *api)
{
    struct user_streams *s = nt_calloc(1, sizeof(*s));
    s->api = api;
    pthread_mutex_init(&s->mu, NULL);
    unsigned beat = api->cfg.heartbeat_seconds ? api->cfg.heartbeat_seconds : 15;
    s->heartbeat_ms = beat * 1000;
    user_changes_restart();
    s->started = pthread_create(&s->worker, NULL, worker_main, s) == 0;
    return s;
}

void user_streams_shutdown(struct user_streams *s)
{
    if (!s || atomic_exchange(&s->stopping, true))
        return;
    user_changes_stop();
    if (s->started)
        pthread_join(s->worker, NULL);
    pthread_mutex_lock(&s->mu);
    for (struct live *l = s->all; l; l = l->next)
        http_stream_end(l->hs);
    pthread_mutex_unlock(&s->mu);
}

void user_streams_free(struct user_streams *s)
{
    if (!s)
        return;
    user_streams_shutdown(s);
    while (s->all) {
        struct live *l = s->all;
        s->all = l->next;
        user_changes_unwatch(l->fnr);
        http_stream_release(l->hs);
        free(l);
    }
    pthread_mutex_destroy(&s->mu);
    free(s);
}

/* ---- The endpoint ---- */

static void on_closed(void *userdata)
{
    struct live *l = userdata;
    atomic_store(&l->closed, true);
}

static int read_latest(struct store_tx *tx, void *arg)
{
    struct live *l = arg;
    struct store_stmt *q = store_prepare(tx, "SELECT max(versjon) FROM bruker_synlig WHERE fnr = ?");
    store_bind_text(q, 1, l->fnr);
    l->last_versjon = store_step(q) == STORE_ROW ? store_column_int64(q, 0) : 0;
    return 0;
}

/* Where to start: Last-Event-ID (a reconnecting EventSource) or ?siste=,
 * else now. */
static void start_position(struct api_user *api, struct http_request *r, struct live *l)
{
    const char *last = http_header(r, "Last-Event-ID");
    if (!last)
        last = http_query_arg(r, "siste");
    char *end = NULL;
    long long v = last ? strtoll(last, &end, 10) : -1;
    if (last && end && !*end && v >= 0)
        l->last_versjon = v;
    else
        store_read(api->cfg.store, read_latest, l);
}

enum http_handled user_stream_handle(struct http_request *r, void *userdata)
{
    struct user_streams *s = userdata;
    struct live *l = nt_calloc(1, sizeof(*l));
    const char *message = NULL;
    if (atomic_load(&s->stopping) ||
        !user_authenticate(s->api, r, l->fnr, &l->hoyt_nivaa, &message)) {
        http_respond_error(r, message ? 401 : 503, message ? message : "The server is stopping.");
        free(l);
        return HTTP_ANSWERED;
    }
    user_session_open(s->api, l->fnr, l->hoyt_nivaa, &l->session);
    l->session_at = mono_seconds();
    l->last_antall = -1;
    start_position(s->api, r, l);
    http_response_header(r, "Cache-Control", "no-cache");
    http_response_header(r, "X-Accel-Buffering", "no");
    l->hs = http_respond_stream(r, 200, "text/event-stream; charset=utf-8", on_closed, l);
    user_changes_watch(l->fnr);
    http_stream_write(l->hs, "retry: 3000\n\n", 13);
    pthread_mutex_lock(&s->mu);
    catch_up(s->api, l, true); /* what came after the given position, and the count */
    l->next = s->all;
    s->all = l;
    pthread_mutex_unlock(&s->mu);
    return HTTP_ANSWERED;
}
