/* The generic part of the store: the write queue with group commit (each
 * writer thread takes its share of the queued commands, up to MAX_BATCH,
 * into one transaction; when one of them fails, the batch runs again with
 * each command in its own savepoint), read connections from
 * a pool, statement caching per connection, migrations and commit hooks.
 * The database itself is behind struct store_backend (backend.h). */
#include "store/backend.h"

#include "base/alloc.h"
#include "base/clock.h"
#include "base/embed.h"
#include "base/fiber.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BATCH 512
#define MAX_WRITERS 32
#define CONFLICT_RETRIES 5

struct job {
    store_fn *fn;
    void *arg;
    store_done_fn *done;
    void *userdata;
    int rc;
    struct job *next;
};

struct store {
    const struct store_backend *be;
    char *target;
    void *be_state;
    int nwriters;
    int busy_writers; /* running a batch (under mu) */
    struct store_tx writers[MAX_WRITERS];
    pthread_t writer_threads[MAX_WRITERS];
    pthread_mutex_t mu;
    pthread_cond_t wake;
    struct job *head, *tail;
    size_t queued;
    bool stopping;
    /* read connections: all of them, and the idle ones */
    pthread_cond_t reader_free;
    struct store_tx *readers, *idle;
    int nreaders;
    struct {
        store_commit_fn *fn;
        void *userdata;
    } hooks[STORE_MAX_COMMIT_HOOKS];
    int nhooks;
    /* BUDSTIKKE_STORE_RERUN=1 (tests): every batch is rolled back after its
     * first run and run again, command by command, as after a failure; a
     * command that is not re-runnable (it leaks or decides twice) shows. */
    bool rerun_batches;
};

/* ---- Connections ---- */

static int tx_open(struct store *s, struct store_tx *tx, bool reader, char **out_err)
{
    memset(tx, 0, sizeof(*tx));
    tx->be = s->be;
    tx->store = s;
    if (!(tx->conn = s->be->connect(s->target, reader, out_err)))
        return -1;
    nt_map_init(&tx->stmts);
    return 0;
}

static void tx_close(struct store_tx *tx)
{
    for (size_t i = 0; i < tx->stmts.cap; i++) {
        struct nt_map_slot *slot = &tx->stmts.slots[i];
        if (slot->key) {
            tx->be->finalize(slot->value);
            free((char *)slot->key);
        }
    }
    nt_map_free(&tx->stmts);
    free(tx->used);
    if (tx->conn)
        tx->be->disconnect(tx->conn);
    tx->conn = NULL;
}

/* Resets every statement used by the last command, so none holds a lock
 * or a half-read result into the next one. */
static void tx_reset_used(struct store_tx *tx)
{
    for (size_t i = 0; i < tx->nused; i++) {
        tx->be->reset(tx->used[i]);
        tx->used[i]->in_use = false;
    }
    tx->nused = 0;
}

/* ---- Statements ---- */

static size_t memo_slot(const char *sql)
{
    uintptr_t p = (uintptr_t)sql;
    return (size_t)((p >> 3) ^ (p >> 11)) & (STORE_MEMO_SLOTS - 1);
}

/* The connection's statement for sql, prepared on first use. */
static struct store_stmt *cached_statement(struct store_tx *tx, const char *sql)
{
    struct store_memo_slot *m = &tx->memo[memo_slot(sql)];
    if (m->sql == sql && strcmp(m->st->sql, sql) == 0)
        return m->st;
    struct store_stmt *st = nt_map_get(&tx->stmts, sql);
    if (!st) {
        if (!(st = tx->be->prepare(tx, sql)))
            return NULL;
        st->tx = tx;
        st->sql = nt_strdup(sql);
        nt_map_put(&tx->stmts, st->sql, st);
    }
    *m = (struct store_memo_slot){sql, st};
    return st;
}

/* A statement not handed out since the last reset is already reset (a
 * fresh one has nothing to reset): only one handed out again within the
 * same command is reset here. */
struct store_stmt *store_prepare(struct store_tx *tx, const char *sql)
{
    struct store_stmt *st = cached_statement(tx, sql);
    if (!st)
        return NULL;
    if (st->in_use) {
        tx->be->reset(st);
        return st;
    }
    if (tx->nused == tx->cap_used) {
        tx->cap_used = tx->cap_used ? tx->cap_used * 2 : 16;
        tx->used = nt_realloc(tx->used, tx->cap_used * sizeof(*tx->used));
    }
    st->in_use = true;
    tx->used[tx->nused++] = st;
    return st;
}

void store_bind_text(struct store_stmt *st, int idx, const char *value)
{
    if (st)
        st->tx->be->bind_text(st, idx, value);
}

void store_bind_int64(struct store_stmt *st, int idx, int64_t value)
{
    if (st)
        st->tx->be->bind_int64(st, idx, value);
}

enum store_step store_step(struct store_stmt *st)
{
    enum store_step step = st ? st->tx->be->step(st) : STORE_ERROR;
    if (step == STORE_ERROR && st)
        st->tx->failed = true;
    return step;
}

const char *store_column_text(struct store_stmt *st, int col)
{
    return st->tx->be->column_text(st, col);
}

int64_t store_column_int64(struct store_stmt *st, int col)
{
    return st->tx->be->column_int64(st, col);
}

int store_column_count(struct store_stmt *st)
{
    return st->tx->be->column_count(st);
}

const char *store_skip_locked(struct store_tx *tx, const char *alias, char *out, size_t size)
{
    /* two calls, not a conditional format: clang refuses an empty format */
    if (tx->be->row_locks)
        snprintf(out, size, " FOR UPDATE OF %s SKIP LOCKED", alias);
    else if (size)
        out[0] = '\0';
    return out;
}

int64_t store_changes(struct store_tx *tx)
{
    if (tx->be->flush)
        tx->be->flush(tx);
    return tx->changes;
}

/* A command succeeded only when every statement it ran did, waited for or
 * not, whatever it returned. */
static int finish_command(struct store_tx *tx, int rc)
{
    if (rc == 0 && ((tx->be->flush && tx->be->flush(tx) != 0) || tx->failed))
        rc = STORE_STATEMENT_FAILED;
    tx_reset_used(tx);
    tx->failed = false;
    return rc;
}

const char *store_error(struct store_tx *tx)
{
    return tx->be->error(tx);
}

const char *store_backend_name(const struct store *s)
{
    return s->be->name;
}

/* ---- Migrations ---- */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool migration_applied(struct store_tx *tx, const char *file)
{
    struct store_stmt *q = store_prepare(tx, "SELECT 1 FROM schema_migrations WHERE name = ?");
    store_bind_text(q, 1, file);
    bool applied = store_step(q) == STORE_ROW;
    tx_reset_used(tx);
    return applied;
}

/* Applies the embedded migrations of the backend not yet recorded, in name
 * order, each together with its record; the backend's lock makes processes
 * starting together apply each exactly once. */
static int migrate(struct store_tx *tx, char **out_err)
{
    const char *prefix = tx->be->migrations_prefix;
    const char *names[256];
    size_t n = 0, plen = strlen(prefix);
    for (const struct nt_embedded *e = nt_embedded_files; e->name && n < 256; e++)
        if (strncmp(e->name, prefix, plen) == 0)
            names[n++] = e->name;
    qsort(names, n, sizeof(*names), compare_names);
    if (tx->be->exec(tx, tx->be->migrate_lock) != 0)
        goto fail;
    if (tx->be->exec(tx, "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, "
                         "applied_at BIGINT NOT NULL)") != 0)
        goto fail_locked;
    for (size_t i = 0; i < n; i++) {
        const char *file = names[i] + plen;
        if (migration_applied(tx, file))
            continue;
        const char *ddl = nt_embed_get(names[i], NULL);
        char *translated = tx->be->translate_ddl ? tx->be->translate_ddl(ddl) : NULL;
        char *sql = NULL;
        int rc = asprintf(&sql, "%s\n;INSERT INTO schema_migrations (name, applied_at) VALUES ('%s', %lld)",
                          translated ? translated : ddl, file, (long long)(nt_now_us() / 1000000));
        free(translated);
        if (rc < 0)
            goto fail_locked;
        rc = tx->be->exec(tx, sql);
        free(sql);
        if (rc != 0)
            goto fail_locked;
    }
    if (tx->be->exec(tx, tx->be->migrate_unlock) == 0)
        return 0;
fail_locked:
    if (asprintf(out_err, "migration failed: %s", tx->be->error(tx)) < 0)
        *out_err = NULL;
    tx->be->exec(tx, "ROLLBACK");
    tx->be->exec(tx, tx->be->migrate_unlock);
    return -1;
fail:
    if (asprintf(out_err, "migration failed: %s", tx->be->error(tx)) < 0)
        *out_err = NULL;
    return -1;
}

/* ---- The writers ---- */

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

void store__run_commit_hooks(struct store *s)
{
    pthread_mutex_lock(&s->mu);
    int n = s->nhooks;
    pthread_mutex_unlock(&s->mu);
    for (int i = 0; i < n; i++)
        s->hooks[i].fn(s->hooks[i].userdata);
}

/* The next batch of a writer; after_batch: it has just finished one. */
static struct job *take_batch(struct store *s, bool after_batch)
{
    pthread_mutex_lock(&s->mu);
    if (after_batch)
        s->busy_writers--;
    while (!s->head && !s->stopping)
        pthread_cond_wait(&s->wake, &s->mu);
    /* Each writer takes its share of the queue among all writers, busy or
     * not: a command's statements go one after another on its connection
     * (PostgreSQL: a round trip for each that answers), so one writer with
     * all that queued while the others were busy would keep those waiting
     * while the connections back early idle; the database's own group
     * commit joins the writers' commits. One writer (SQLite) takes all. */
    size_t take = (s->queued + (size_t)s->nwriters - 1) / (size_t)s->nwriters;
    if (take > MAX_BATCH)
        take = MAX_BATCH;
    struct job *batch = s->head, *last = s->head;
    size_t n = last ? 1 : 0;
    for (; last && last->next && n < take; n++)
        last = last->next;
    s->queued -= n;
    if (last) {
        s->head = last->next;
        if (!s->head)
            s->tail = NULL;
        last->next = NULL;
        s->busy_writers++;
    }
    pthread_mutex_unlock(&s->mu);
    return batch;
}

/* One command in its savepoint. A command that lost a race to another
 * writer (a unique key taken meanwhile, a serialisation failure) runs again:
 * its checks then see the winner's row. */
static void run_command(struct store_tx *tx, struct job *j)
{
    const struct store_backend *be = tx->be;
    for (int attempt = 0;; attempt++) {
        tx->conflict = false;
        be->exec(tx, "SAVEPOINT command");
        j->rc = finish_command(tx, j->fn(tx, j->arg));
        if (j->rc != 0)
            be->exec(tx, "ROLLBACK TO SAVEPOINT command");
        be->exec(tx, "RELEASE SAVEPOINT command");
        if (j->rc == 0 || !tx->conflict || attempt == CONFLICT_RETRIES)
            return;
    }
}

/* The fast path: every command of the batch without savepoints (each
 * savepoint is two more statements, and on PostgreSQL two more round
 * trips). False when one failed: the caller rolls the batch back. */
static bool run_optimistically(struct store_tx *tx, struct job *batch)
{
    for (struct job *j = batch; j; j = j->next) {
        tx->conflict = false;
        j->rc = j->fn(tx, j->arg);
        bool failed = tx->failed;
        tx->failed = false;
        tx_reset_used(tx);
        if (j->rc != 0 || failed)
            return false;
    }
    return true; /* writes not waited for are collected by commit_batch */
}

/* 0 committed, 1 a write not waited for failed (nothing committed: roll
 * back), -1 the commit failed. */
static int commit_batch(struct store_tx *tx)
{
    const struct store_backend *be = tx->be;
    if (be->commit)
        return be->commit(tx);
    if (be->flush && be->flush(tx) != 0)
        return 1;
    return be->exec(tx, "COMMIT") == 0 ? 0 : -1;
}

/* A connection left inside a transaction by an earlier failure would refuse
 * BEGIN for ever: end it and try once more. */
static bool begin_write(struct store_tx *tx)
{
    const struct store_backend *be = tx->be;
    if (be->exec(tx, be->begin_write) == 0)
        return true;
    be->exec(tx, "ROLLBACK");
    return be->exec(tx, be->begin_write) == 0;
}

static void run_batch(struct store_tx *tx, struct job *batch)
{
    const struct store_backend *be = tx->be;
    bool begun = begin_write(tx);
    int rc = !begun                           ? -1
             : !run_optimistically(tx, batch) ? 1
             : tx->store->rerun_batches       ? 1
                                              : commit_batch(tx);
    if (rc == 1) {
        /* A command failed: run them again, each in its savepoint, so that
         * it rolls back alone (commands are re-runnable by contract). */
        be->exec(tx, "ROLLBACK");
        begun = begin_write(tx);
        for (struct job *j = batch; j && begun; j = j->next)
            run_command(tx, j);
        rc = begun ? commit_batch(tx) : -1;
    }
    bool committed = rc == 0;
    if (begun && !committed)
        be->exec(tx, "ROLLBACK");
    if (committed && be->committed)
        be->committed(tx->store->be_state);
    if (committed)
        store__run_commit_hooks(tx->store);
    while (batch) {
        struct job *next = batch->next;
        batch->done(committed ? batch->rc : STORE_COMMIT_FAILED, batch->userdata);
        free(batch);
        batch = next;
    }
}

static void *writer_main(void *arg)
{
    struct store_tx *tx = arg;
    for (bool after_batch = false;; after_batch = true) {
        struct job *batch = take_batch(tx->store, after_batch);
        if (!batch)
            return NULL; /* stopping and drained */
        run_batch(tx, batch);
    }
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
    s->queued++;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->mu);
}

/* A caller of store_write waiting for its commit. The writer signals after
 * unlocking, so the woken caller does not block again at once on the mutex
 * the writer still holds (a second sleep and wake-up per write on a busy
 * core); the waiter is therefore on the heap, freed by whichever of the two
 * lets go last. */
struct waiter {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool finished;
    int rc;
    atomic_int refs;
};

static void waiter_release(struct waiter *w)
{
    if (atomic_fetch_sub(&w->refs, 1) != 1)
        return;
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

static void wake_waiter(int rc, void *userdata)
{
    struct waiter *w = userdata;
    pthread_mutex_lock(&w->mu);
    w->rc = rc;
    w->finished = true;
    pthread_mutex_unlock(&w->mu);
    pthread_cond_signal(&w->cv);
    waiter_release(w);
}

/* A fiber waiting for its commit; it lives on the fiber's stack, which the
 * writer leaves alone once the fiber is woken. */
struct fiber_waiter {
    struct fiber *fiber;
    int rc;
};

static void wake_fiber(int rc, void *userdata)
{
    struct fiber_waiter *w = userdata;
    w->rc = rc;
    fiber_wake(w->fiber);
}

int store_write(struct store *s, store_fn *fn, void *arg)
{
    struct fiber *self = fiber_current();
    if (self) { /* pause the fiber, not the thread: it serves others meanwhile */
        struct fiber_waiter fw = {.fiber = self};
        store_write_async(s, fn, arg, wake_fiber, &fw);
        fiber_wait();
        return fw.rc;
    }
    struct waiter *w = nt_calloc(1, sizeof(*w));
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    atomic_init(&w->refs, 2);
    store_write_async(s, fn, arg, wake_waiter, w);
    pthread_mutex_lock(&w->mu);
    while (!w->finished)
        pthread_cond_wait(&w->cv, &w->mu);
    int rc = w->rc;
    pthread_mutex_unlock(&w->mu);
    waiter_release(w);
    return rc;
}

/* ---- Reads ---- */

static struct store_tx *take_reader(struct store *s)
{
    pthread_mutex_lock(&s->mu);
    while (!s->idle && s->nreaders >= s->be->max_readers)
        pthread_cond_wait(&s->reader_free, &s->mu);
    struct store_tx *tx = s->idle;
    if (tx) {
        s->idle = tx->next;
        pthread_mutex_unlock(&s->mu);
        return tx;
    }
    s->nreaders++;
    pthread_mutex_unlock(&s->mu);
    tx = nt_calloc(1, sizeof(*tx));
    if (tx_open(s, tx, true, NULL) != 0) {
        free(tx);
        pthread_mutex_lock(&s->mu);
        s->nreaders--;
        pthread_cond_signal(&s->reader_free);
        pthread_mutex_unlock(&s->mu);
        return NULL;
    }
    return tx;
}

static void give_reader(struct store *s, struct store_tx *tx)
{
    pthread_mutex_lock(&s->mu);
    tx->next = s->idle;
    s->idle = tx;
    pthread_cond_signal(&s->reader_free);
    pthread_mutex_unlock(&s->mu);
}

/* A read connection that failed is replaced by a fresh one next time. */
static void drop_reader(struct store *s, struct store_tx *tx)
{
    tx_close(tx);
    free(tx);
    pthread_mutex_lock(&s->mu);
    s->nreaders--;
    pthread_cond_signal(&s->reader_free);
    pthread_mutex_unlock(&s->mu);
}

static int read_on(struct store *s, struct store_tx *tx, store_fn *fn, void *arg)
{
    if (s->be->exec(tx, s->be->begin_read) != 0) {
        drop_reader(s, tx);
        return STORE_COMMIT_FAILED;
    }
    int rc = fn(tx, arg);
    tx_reset_used(tx);
    s->be->exec(tx, "COMMIT");
    give_reader(s, tx);
    return rc;
}

int store_read(struct store *s, store_fn *fn, void *arg)
{
    struct store_tx *tx = take_reader(s);
    return tx ? read_on(s, tx, fn, arg) : STORE_COMMIT_FAILED;
}

int store_read_settled(struct store *s, store_fn *fn, void *arg, int64_t *out_settled)
{
    struct store_tx *tx = take_reader(s);
    if (!tx)
        return STORE_COMMIT_FAILED;
    *out_settled = s->be->settled_seq ? s->be->settled_seq(tx) : INT64_MAX;
    if (*out_settled < 0) {
        drop_reader(s, tx);
        return STORE_COMMIT_FAILED;
    }
    return read_on(s, tx, fn, arg);
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

static const struct store_backend *backend_for(const char *url, const char **out_target)
{
    if (strncmp(url, "sqlite:", 7) == 0 && url[7]) {
        *out_target = url + 7;
        return &store_sqlite_backend;
    }
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
        *out_target = url;
        return &store_postgres_backend;
    }
    return NULL;
}

static void free_store(struct store *s)
{
    for (int i = 0; i < s->nwriters; i++)
        tx_close(&s->writers[i]);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->wake);
    pthread_cond_destroy(&s->reader_free);
    free(s->target);
    free(s);
}

struct store *store_open(const char *url, char **out_err)
{
    const char *target = NULL;
    const struct store_backend *be = backend_for(url, &target);
    if (!be) {
        *out_err = nt_strdup("the database must be sqlite:PATH or postgres://USER:PASS@HOST:PORT/DB");
        return NULL;
    }
    struct store *s = nt_calloc(1, sizeof(*s));
    s->be = be;
    s->target = nt_strdup(target);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->wake, NULL);
    pthread_cond_init(&s->reader_free, NULL);
    const char *env = getenv("BUDSTIKKE_DB_WRITERS");
    s->nwriters = env && atoi(env) > 0 ? atoi(env) : be->writers;
    const char *rerun = getenv("BUDSTIKKE_STORE_RERUN");
    s->rerun_batches = rerun && strcmp(rerun, "1") == 0;
    if (s->nwriters > MAX_WRITERS)
        s->nwriters = MAX_WRITERS;
    if (be->writers == 1)
        s->nwriters = 1; /* SQLite has one writer whatever is asked */
    for (int i = 0; i < s->nwriters; i++) {
        if (tx_open(s, &s->writers[i], false, out_err) != 0) {
            s->nwriters = i;
            free_store(s);
            return NULL;
        }
    }
    if (migrate(&s->writers[0], out_err) != 0) {
        free_store(s);
        return NULL;
    }
    for (int i = 0; be->writer_ready && i < s->nwriters; i++)
        be->writer_ready(&s->writers[i]);
    if (be->start)
        s->be_state = be->start(s, s->target);
    for (int i = 0; i < s->nwriters; i++)
        pthread_create(&s->writer_threads[i], NULL, writer_main, &s->writers[i]);
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
    for (int i = 0; i < s->nwriters; i++)
        pthread_join(s->writer_threads[i], NULL);
    if (s->be->stop)
        s->be->stop(s->be_state);
    for (struct store_tx *r = s->idle; r;) {
        struct store_tx *next = r->next;
        tx_close(r);
        free(r);
        r = next;
    }
    free_store(s);
}
