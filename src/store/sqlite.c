/* The SQLite backend: WAL with synchronous=FULL (a commit is on disk before
 * anyone is answered), one writer (SQLite has one), read connections that
 * cannot write, and checkpoints on their own thread (ANCHORS.md measured
 * them as the cause of commit-latency tails). */
#include "store/backend.h"

#include "base/alloc.h"
#include "store/sqlite_walbuf.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sqlite_stmt {
    struct store_stmt base;
    sqlite3_stmt *st;
};

static sqlite3 *db_of(struct store_tx *tx)
{
    return tx->conn;
}

/* Before SQLite's first use: no allocation statistics (nobody reads them),
 * which cost a global mutex on every one of its ~200 mallocs and frees of a
 * create. Refused harmlessly (SQLITE_MISUSE) once SQLite is initialised.
 *
 * Statement journals (a statement that may fail alone inside a batch: unique
 * keys, foreign keys) stay in memory up to the spill size, which is also the
 * size of the one chunk SQLite allocates for them. temp_store=MEMORY would
 * never spill, but it keeps them in 1 KiB chunks: about 80 mallocs and frees
 * per create (every page a statement changes is copied in). More goes to a
 * temporary file, written as that one chunk: 124 KiB, because the unix VFS
 * takes at most 17 bits of a write's length and reports a longer write as a
 * full disk (with 4 MiB a migration dropping a table of 1M rows failed so:
 * tests/unit/test_store.c, a_statement_journal_spills_to_a_file).
 *
 * Connections open through the WAL-gathering VFS (sqlite_walbuf.h): a
 * batch's log frames reach the file in one write instead of two per page. */
static const char *vfs_name; /* NULL: the default VFS */

static void configure_once(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, SQLITE_UNIX_MAX_WRITE);
    if (sqlite_walbuf_register() == SQLITE_OK)
        vfs_name = SQLITE_WALBUF_VFS;
}

static void *sq_connect(const char *path, bool reader, char **out_err)
{
    static pthread_once_t configured = PTHREAD_ONCE_INIT;
    pthread_once(&configured, configure_once);
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs_name);
    if (rc != SQLITE_OK) {
        if (out_err && asprintf(out_err, "cannot open database %s: %s", path,
                                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) < 0)
            *out_err = NULL;
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
    if (reader) {
        sqlite3_exec(db, "PRAGMA query_only=ON", NULL, NULL, NULL);
    } else {
        sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
        sqlite3_exec(db, "PRAGMA wal_autocheckpoint=0", NULL, NULL, NULL);
    }
    return db;
}

static void sq_disconnect(void *conn)
{
    sqlite3_close(conn);
}

static int sq_exec(struct store_tx *tx, const char *sql)
{
    return sqlite3_exec(db_of(tx), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static struct store_stmt *sq_prepare(struct store_tx *tx, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db_of(tx), sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        return NULL;
    struct sqlite_stmt *s = nt_calloc(1, sizeof(*s));
    s->st = st;
    return &s->base;
}

static sqlite3_stmt *raw(struct store_stmt *st)
{
    return ((struct sqlite_stmt *)st)->st;
}

static void sq_reset(struct store_stmt *st)
{
    sqlite3_reset(raw(st));
    sqlite3_clear_bindings(raw(st));
}

static void sq_finalize(struct store_stmt *st)
{
    sqlite3_finalize(raw(st));
    free(st);
}

static void sq_bind_text(struct store_stmt *st, int idx, const char *value)
{
    if (value)
        sqlite3_bind_text(raw(st), idx, value, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(raw(st), idx);
}

static void sq_bind_int64(struct store_stmt *st, int idx, int64_t value)
{
    sqlite3_bind_int64(raw(st), idx, value);
}

static enum store_step sq_step(struct store_stmt *st)
{
    int rc = sqlite3_step(raw(st));
    if (rc == SQLITE_DONE)
        st->tx->changes = sqlite3_changes64(db_of(st->tx));
    return rc == SQLITE_ROW ? STORE_ROW : rc == SQLITE_DONE ? STORE_DONE : STORE_ERROR;
}

static const char *sq_column_text(struct store_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(raw(st), col);
}

static int64_t sq_column_int64(struct store_stmt *st, int col)
{
    return sqlite3_column_int64(raw(st), col);
}

static int sq_column_count(struct store_stmt *st)
{
    return sqlite3_column_count(raw(st));
}

static const char *sq_error(struct store_tx *tx)
{
    return sqlite3_errmsg(db_of(tx));
}

/* ---- Checkpoints off the committing thread, so commits only append to the WAL ---- */

struct checkpointer {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    bool stopping;
    char *path;
};

static void *checkpoint_main(void *arg)
{
    struct checkpointer *c = arg;
    sqlite3 *db = sq_connect(c->path, false, NULL);
    for (;;) {
        pthread_mutex_lock(&c->mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        if (!c->stopping)
            pthread_cond_timedwait(&c->wake, &c->mu, &until);
        bool stop = c->stopping;
        pthread_mutex_unlock(&c->mu);
        if (db)
            sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        if (stop)
            break;
    }
    sqlite3_close(db);
    return NULL;
}

static void *sq_start(struct store *s, const char *path)
{
    (void)s;
    struct checkpointer *c = nt_calloc(1, sizeof(*c));
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->wake, NULL);
    c->path = nt_strdup(path);
    pthread_create(&c->thread, NULL, checkpoint_main, c);
    return c;
}

static void sq_stop(void *state)
{
    struct checkpointer *c = state;
    pthread_mutex_lock(&c->mu);
    c->stopping = true;
    pthread_cond_broadcast(&c->wake);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->wake);
    free(c->path);
    free(c);
}

const struct store_backend store_sqlite_backend = {
    .name = "sqlite",
    .migrations_prefix = "store/migrations/sqlite/",
    .writers = 1,
    .max_readers = 256,
    .begin_write = "BEGIN IMMEDIATE",
    .begin_read = "BEGIN",
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .bind_text = sq_bind_text,
    .bind_int64 = sq_bind_int64,
    .step = sq_step,
    .column_text = sq_column_text,
    .column_int64 = sq_column_int64,
    .column_count = sq_column_count,
    .error = sq_error,
    .migrate_lock = "BEGIN IMMEDIATE",
    .migrate_unlock = "COMMIT",
    .start = sq_start,
    .stop = sq_stop,
};
