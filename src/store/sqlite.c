/* The SQLite backend of store.h: WAL with synchronous=FULL (a commit is on
 * disk before anyone is answered), one writer thread doing group commit,
 * checkpoints on their own thread (ANCHORS.md measured them as the cause of
 * commit-latency tails), and a read connection per thread. */
#include "store/store.h"

#include "base/alloc.h"
#include "base/embed.h"
#include "base/map.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_BATCH 512

struct store_tx { /* a connection with its statement cache */
    sqlite3 *db;
    struct nt_map stmts;       /* SQL text -> sqlite3_stmt* */
    sqlite3_stmt **used;       /* statements stepped since the last reset */
    size_t nused, cap_used;
    struct store_tx *next;     /* all read connections, for closing */
};

struct job {
    store_fn *fn;
    void *arg;
    store_done_fn *done;
    void *userdata;
    int rc;
    struct job *next;
};

struct store {
    char *path;
    struct store_tx writer;
    pthread_t writer_thread;
    pthread_t checkpoint_thread;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    struct job *head, *tail;
    bool stopping;
    pthread_key_t reader_key;
    struct store_tx *readers; /* guarded by mu */
    struct {
        store_commit_fn *fn;
        void *userdata;
    } hooks[STORE_MAX_COMMIT_HOOKS];
    int nhooks;
};

/* ---- Connections ---- */

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static sqlite3 *open_connection(const char *path, char **out_err)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        if (out_err && asprintf(out_err, "cannot open database %s: %s", path,
                                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) < 0)
            *out_err = NULL;
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    exec(db, "PRAGMA foreign_keys=ON");
    return db;
}

static void tx_init(struct store_tx *tx, sqlite3 *db)
{
    memset(tx, 0, sizeof(*tx));
    tx->db = db;
    nt_map_init(&tx->stmts);
}

static void tx_finish(struct store_tx *tx)
{
    for (size_t i = 0; i < tx->stmts.cap; i++) {
        struct nt_map_slot *slot = &tx->stmts.slots[i];
        if (slot->key) {
            sqlite3_finalize(slot->value);
            free((char *)slot->key);
        }
    }
    nt_map_free(&tx->stmts);
    free(tx->used);
    sqlite3_close(tx->db);
}

/* Resets every statement stepped by the last command, so none holds a lock
 * or a half-read result into the next one. */
static void tx_reset_used(struct store_tx *tx)
{
    for (size_t i = 0; i < tx->nused; i++) {
        sqlite3_reset(tx->used[i]);
        sqlite3_clear_bindings(tx->used[i]);
    }
    tx->nused = 0;
}

/* ---- Statements ---- */

struct store_stmt *store_prepare(struct store_tx *tx, const char *sql)
{
    sqlite3_stmt *st = nt_map_get(&tx->stmts, sql);
    if (!st) {
        if (sqlite3_prepare_v3(tx->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
            return NULL;
        char *key = nt_strdup(sql);
        nt_map_put(&tx->stmts, key, st);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (tx->nused == tx->cap_used) {
        tx->cap_used = tx->cap_used ? tx->cap_used * 2 : 16;
        tx->used = nt_realloc(tx->used, tx->cap_used * sizeof(*tx->used));
    }
    tx->used[tx->nused++] = st;
    return (struct store_stmt *)st;
}

void store_bind_text(struct store_stmt *st, int idx, const char *value)
{
    if (value)
        sqlite3_bind_text((sqlite3_stmt *)st, idx, value, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null((sqlite3_stmt *)st, idx);
}

void store_bind_int64(struct store_stmt *st, int idx, int64_t value)
{
    sqlite3_bind_int64((sqlite3_stmt *)st, idx, value);
}

enum store_step store_step(struct store_stmt *st)
{
    if (!st)
        return STORE_ERROR;
    int rc = sqlite3_step((sqlite3_stmt *)st);
    return rc == SQLITE_ROW ? STORE_ROW : rc == SQLITE_DONE ? STORE_DONE : STORE_ERROR;
}

const char *store_column_text(struct store_stmt *st, int col)
{
    return (const char *)sqlite3_column_text((sqlite3_stmt *)st, col);
}

int64_t store_column_int64(struct store_stmt *st, int col)
{
    return sqlite3_column_int64((sqlite3_stmt *)st, col);
}

int64_t store_changes(struct store_tx *tx)
{
    return sqlite3_changes64(tx->db);
}

int64_t store_last_insert_id(struct store_tx *tx)
{
    return sqlite3_last_insert_rowid(tx->db);
}

const char *store_error(struct store_tx *tx)
{
    return sqlite3_errmsg(tx->db);
}

/* ---- Migrations ---- */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Applies the embedded store/migrations/sqlite/NNNN_*.sql not yet recorded,
 * in name order, in one IMMEDIATE transaction: two processes starting
 * together serialise here and the second finds nothing to do. */
static int migrate(sqlite3 *db, char **out_err)
{
    static const char prefix[] = "store/migrations/sqlite/";
    const char *names[256];
    size_t n = 0;
    for (const struct nt_embedded *e = nt_embedded_files; e->name && n < 256; e++)
        if (strncmp(e->name, prefix, sizeof prefix - 1) == 0)
            names[n++] = e->name;
    qsort(names, n, sizeof(*names), compare_names);
    if (exec(db, "BEGIN IMMEDIATE") != SQLITE_OK ||
        exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, "
                 "applied_at INTEGER NOT NULL)") != SQLITE_OK)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const char *file = names[i] + sizeof prefix - 1;
        sqlite3_stmt *q = NULL;
        sqlite3_prepare_v2(db, "SELECT 1 FROM schema_migrations WHERE name = ?", -1, &q, NULL);
        sqlite3_bind_text(q, 1, file, -1, SQLITE_STATIC);
        bool applied = sqlite3_step(q) == SQLITE_ROW;
        sqlite3_finalize(q);
        if (applied)
            continue;
        if (exec(db, nt_embed_get(names[i], NULL)) != SQLITE_OK)
            goto fail;
        sqlite3_prepare_v2(db, "INSERT INTO schema_migrations VALUES (?, strftime('%s','now'))",
                           -1, &q, NULL);
        sqlite3_bind_text(q, 1, file, -1, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE)
            goto fail;
    }
    if (exec(db, "COMMIT") == SQLITE_OK)
        return 0;
fail:
    if (asprintf(out_err, "migration failed: %s", sqlite3_errmsg(db)) < 0)
        *out_err = NULL;
    exec(db, "ROLLBACK");
    return -1;
}

/* ---- The writer ---- */

void store_on_commit(struct store *s, store_commit_fn *fn, void *userdata)
{
    pthread_mutex_lock(&s->mu);
    if (s->nhooks < STORE_MAX_COMMIT_HOOKS) {
        s->hooks[s->nhooks].fn = fn;
        s->hooks[s->nhooks].userdata = userdata;
        s->nhooks++;
    }
    pthread_mutex_unlock(&s->mu);
}

static struct job *take_batch(struct store *s)
{
    pthread_mutex_lock(&s->mu);
    while (!s->head && !s->stopping)
        pthread_cond_wait(&s->wake, &s->mu);
    struct job *batch = s->head, *last = s->head;
    for (int n = 1; last && last->next && n < MAX_BATCH; n++)
        last = last->next;
    if (last) {
        s->head = last->next;
        if (!s->head)
            s->tail = NULL;
        last->next = NULL;
    }
    pthread_mutex_unlock(&s->mu);
    return batch;
}

static void run_batch(struct store *s, struct job *batch)
{
    struct store_tx *tx = &s->writer;
    bool begun = exec(tx->db, "BEGIN IMMEDIATE") == SQLITE_OK;
    for (struct job *j = batch; j && begun; j = j->next) {
        exec(tx->db, "SAVEPOINT command");
        j->rc = j->fn(tx, j->arg);
        tx_reset_used(tx);
        if (j->rc != 0)
            exec(tx->db, "ROLLBACK TO command");
        exec(tx->db, "RELEASE command");
    }
    bool committed = begun && exec(tx->db, "COMMIT") == SQLITE_OK;
    if (begun && !committed)
        exec(tx->db, "ROLLBACK");
    for (int i = 0; committed && i < s->nhooks; i++)
        s->hooks[i].fn(s->hooks[i].userdata);
    while (batch) {
        struct job *next = batch->next;
        batch->done(committed ? batch->rc : STORE_COMMIT_FAILED, batch->userdata);
        free(batch);
        batch = next;
    }
}

static void *writer_main(void *arg)
{
    struct store *s = arg;
    for (;;) {
        struct job *batch = take_batch(s);
        if (!batch)
            return NULL; /* stopping and drained */
        run_batch(s, batch);
    }
}

/* Checkpoints off the committing thread, so commits only append to the WAL. */
static void *checkpoint_main(void *arg)
{
    struct store *s = arg;
    sqlite3 *db = open_connection(s->path, NULL);
    for (;;) {
        pthread_mutex_lock(&s->mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        if (!s->stopping)
            pthread_cond_timedwait(&s->wake, &s->mu, &until);
        bool stop = s->stopping;
        pthread_mutex_unlock(&s->mu);
        if (db)
            sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        if (stop)
            break;
    }
    sqlite3_close(db);
    return NULL;
}

void store_write_async(struct store *s, store_fn *fn, void *arg, store_done_fn *done,
                       void *userdata)
{
    struct job *j = nt_calloc(1, sizeof(*j));
    j->fn = fn;
    j->arg = arg;
    j->done = done;
    j->userdata = userdata;
    pthread_mutex_lock(&s->mu);
    if (s->tail)
        s->tail->next = j;
    else
        s->head = j;
    s->tail = j;
    pthread_cond_broadcast(&s->wake);
    pthread_mutex_unlock(&s->mu);
}

struct waiter {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool finished;
    int rc;
};

static void wake_waiter(int rc, void *userdata)
{
    struct waiter *w = userdata;
    pthread_mutex_lock(&w->mu);
    w->rc = rc;
    w->finished = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

int store_write(struct store *s, store_fn *fn, void *arg)
{
    struct waiter w = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    store_write_async(s, fn, arg, wake_waiter, &w);
    pthread_mutex_lock(&w.mu);
    while (!w.finished)
        pthread_cond_wait(&w.cv, &w.mu);
    pthread_mutex_unlock(&w.mu);
    pthread_cond_destroy(&w.cv);
    pthread_mutex_destroy(&w.mu);
    return w.rc;
}

/* ---- Reads ---- */

static struct store_tx *reader(struct store *s)
{
    struct store_tx *tx = pthread_getspecific(s->reader_key);
    if (tx)
        return tx;
    sqlite3 *db = open_connection(s->path, NULL);
    if (!db)
        return NULL;
    exec(db, "PRAGMA query_only=ON");
    tx = nt_calloc(1, sizeof(*tx));
    tx_init(tx, db);
    pthread_mutex_lock(&s->mu);
    tx->next = s->readers;
    s->readers = tx;
    pthread_mutex_unlock(&s->mu);
    pthread_setspecific(s->reader_key, tx);
    return tx;
}

int store_read(struct store *s, store_fn *fn, void *arg)
{
    struct store_tx *tx = reader(s);
    if (!tx || exec(tx->db, "BEGIN") != SQLITE_OK)
        return STORE_COMMIT_FAILED;
    int rc = fn(tx, arg);
    tx_reset_used(tx);
    exec(tx->db, "COMMIT");
    return rc;
}

static int count_migrations(struct store_tx *tx, void *arg)
{
    struct store_stmt *st = store_prepare(tx, "SELECT count(*) FROM schema_migrations");
    if (store_step(st) != STORE_ROW)
        return -1;
    *(int64_t *)arg = store_column_int64(st, 0);
    return 0;
}

bool store_ready(struct store *s)
{
    int64_t n = 0;
    return store_read(s, count_migrations, &n) == 0 && n > 0;
}

/* ---- Open and close ---- */

struct store *store_open(const char *url, char **out_err)
{
    if (strncmp(url, "sqlite:", 7) != 0 || !url[7]) {
        *out_err = nt_strdup("only sqlite:PATH databases are supported in this build");
        return NULL;
    }
    struct store *s = nt_calloc(1, sizeof(*s));
    s->path = nt_strdup(url + 7);
    sqlite3 *db = open_connection(s->path, out_err);
    if (!db) {
        free(s->path);
        free(s);
        return NULL;
    }
    exec(db, "PRAGMA journal_mode=WAL");
    exec(db, "PRAGMA synchronous=FULL");
    exec(db, "PRAGMA wal_autocheckpoint=0");
    if (migrate(db, out_err) != 0) {
        sqlite3_close(db);
        free(s->path);
        free(s);
        return NULL;
    }
    tx_init(&s->writer, db);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->wake, NULL);
    pthread_key_create(&s->reader_key, NULL);
    pthread_create(&s->writer_thread, NULL, writer_main, s);
    pthread_create(&s->checkpoint_thread, NULL, checkpoint_main, s);
    return s;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    s->stopping = true;
    pthread_cond_broadcast(&s->wake);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->writer_thread, NULL);
    pthread_join(s->checkpoint_thread, NULL);
    for (struct store_tx *r = s->readers; r;) {
        struct store_tx *next = r->next;
        tx_finish(r);
        free(r);
        r = next;
    }
    tx_finish(&s->writer);
    pthread_key_delete(s->reader_key);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->wake);
    free(s->path);
    free(s);
}
