/* The SQLite store on a real file: migrations, group commit under
 * concurrency, a failing command alone rolled back, durability across
 * reopening, the event log with replay and hard delete. */
#include "blackbox.h"
#include "check.h"
#include "events/evlog.h"
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/budstikke-storeXXXXXX";
static char url[256];
static struct store *store;

static void opens_and_migrates_twice(void)
{
    CHECK(mkdtemp(dir) != NULL);
    char path[300];
    snprintf(path, sizeof path, "%s/test.db", dir);
    bb_fresh_db_url(path, url, sizeof url);
    char *err = NULL;
    store = store_open(url, &err);
    CHECK(store != NULL);
    CHECK(store_ready(store));
    store_close(store);
    store = store_open(url, &err); /* migrations already applied: nothing to do */
    CHECK(store != NULL);
    CHECK(store_ready(store));
    CHECK(store_open("mysql://x/y", &err) == NULL);
    CHECK_CONTAINS(err, "must be sqlite:PATH or postgres://");
    free(err);
    CHECK(store_open("postgres://nobody@127.0.0.1:1/none?connect_timeout=2", &err) == NULL);
    CHECK_CONTAINS(err, "cannot connect to PostgreSQL");
    free(err);
}

struct append_args {
    char aggregate[32];
    int fail; /* the command fails after writing its event */
};

static int append_event(struct store_tx *tx, void *arg)
{
    struct append_args *a = arg;
    struct evlog_event e = {.aggregate_id = a->aggregate, .type = "TestEvent",
                            .payload = "{\"n\":1}", .producer = "test", .created_at = 1};
    if (evlog_append(tx, &e, NULL, 0) != 0)
        return -1;
    return a->fail ? 42 : 0;
}

static int count_events(struct store_tx *tx, void *arg)
{
    struct store_stmt *st = store_prepare(tx, "SELECT count(*) FROM events");
    if (store_step(st) != STORE_ROW)
        return -1;
    *(int64_t *)arg = store_column_int64(st, 0);
    return 0;
}

static int64_t events_now(void)
{
    int64_t n = -1;
    CHECK_EQ_INT(store_read(store, count_events, &n), 0);
    return n;
}

enum { THREADS = 16, PER_THREAD = 40 };

static void *writer_thread(void *arg)
{
    int t = (int)(intptr_t)arg;
    for (int i = 0; i < PER_THREAD; i++) {
        struct append_args a = {.fail = (i % 10 == 9)};
        snprintf(a.aggregate, sizeof a.aggregate, "agg-%d-%d", t, i);
        int rc = store_write(store, append_event, &a);
        if (rc != (a.fail ? 42 : 0))
            check__fail(__FILE__, __LINE__, "write %d/%d answered %d", t, i, rc);
    }
    return NULL;
}

static void group_commit_answers_every_writer(void)
{
    int64_t before = events_now();
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++)
        pthread_create(&threads[t], NULL, writer_thread, (void *)(intptr_t)t);
    for (int t = 0; t < THREADS; t++)
        pthread_join(threads[t], NULL);
    /* every tenth command failed and was rolled back alone */
    CHECK_EQ_INT(events_now() - before, THREADS * PER_THREAD * 9 / 10);
}

struct async_result {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int done;
    int rc[8];
};

static void on_done(int rc, void *userdata)
{
    struct async_result *r = userdata;
    pthread_mutex_lock(&r->mu);
    r->rc[r->done++] = rc;
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

static void async_writes_complete_after_commit(void)
{
    struct async_result r = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    struct append_args a[8];
    int64_t before = events_now();
    for (int i = 0; i < 8; i++) {
        snprintf(a[i].aggregate, sizeof a[i].aggregate, "async-%d", i);
        a[i].fail = 0;
        store_write_async(store, append_event, &a[i], on_done, &r);
    }
    pthread_mutex_lock(&r.mu);
    while (r.done < 8)
        pthread_cond_wait(&r.cv, &r.mu);
    pthread_mutex_unlock(&r.mu);
    for (int i = 0; i < 8; i++)
        CHECK_EQ_INT(r.rc[i], 0);
    CHECK_EQ_INT(events_now() - before, 8);
}

static void data_survives_reopening(void)
{
    int64_t before = events_now();
    store_close(store);
    char *err = NULL;
    store = store_open(url, &err);
    CHECK(store != NULL);
    CHECK_EQ_INT(events_now(), before);
}

/* A toy projection: events per aggregate. */
static int toy_reset(struct store_tx *tx)
{
    struct store_stmt *a = store_prepare(tx, "CREATE TABLE IF NOT EXISTS toy (aggregate_id TEXT "
                                             "PRIMARY KEY, n INTEGER NOT NULL)");
    if (store_step(a) != STORE_DONE)
        return -1;
    return store_step(store_prepare(tx, "DELETE FROM toy")) == STORE_DONE ? 0 : -1;
}

static int toy_apply(struct store_tx *tx, const struct evlog_event *e)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO toy VALUES (?, 1) ON CONFLICT (aggregate_id) DO UPDATE SET n = toy.n + 1");
    store_bind_text(st, 1, e->aggregate_id);
    return store_step(st) == STORE_DONE ? 0 : -1;
}

static const struct evlog_projection toy = {"toy", toy_reset, toy_apply};

static int toy_snapshot(struct store_tx *tx, void *arg)
{
    char *out = arg;
    out[0] = '\0';
    struct store_stmt *st = store_prepare(tx, "SELECT aggregate_id, n FROM toy ORDER BY aggregate_id");
    size_t len = 0;
    enum store_step step;
    while ((step = store_step(st)) == STORE_ROW && len < 65000)
        len += (size_t)snprintf(out + len, 65536 - len, "%s%s=%lld", len ? "," : "",
                                store_column_text(st, 0), (long long)store_column_int64(st, 1));
    return step == STORE_DONE ? 0 : -1;
}

struct projected_append {
    const char *aggregate;
};

static int append_projected(struct store_tx *tx, void *arg)
{
    const struct projected_append *a = arg;
    struct evlog_event e = {.aggregate_id = a->aggregate, .type = "T", .payload = "{}",
                            .created_at = 2};
    return evlog_emit(tx, &e);
}

static int replay_toy(struct store_tx *tx, void *arg)
{
    (void)arg;
    return evlog_replay_all(tx);
}

static void replay_rebuilds_the_same_read_model(void)
{
    evlog_register(&toy);
    evlog_register(&toy); /* twice is once: x counts 3, not 6 */
    CHECK_EQ_INT(store_write(store, replay_toy, NULL), 0); /* fold existing events */
    const char *aggs[] = {"x", "y", "x", "z", "x"};
    for (size_t i = 0; i < 5; i++) {
        struct projected_append a = {aggs[i]};
        CHECK_EQ_INT(store_write(store, append_projected, &a), 0);
    }
    static char live[65536], rebuilt[65536];
    CHECK_EQ_INT(store_read(store, toy_snapshot, live), 0);
    CHECK_CONTAINS(live, "x=3");
    CHECK_EQ_INT(store_write(store, replay_toy, NULL), 0);
    CHECK_EQ_INT(store_read(store, toy_snapshot, rebuilt), 0);
    CHECK_EQ_STR(rebuilt, live);
}

struct erase_args {
    const char *aggregate;
};

static int erase(struct store_tx *tx, void *arg)
{
    const struct erase_args *a = arg;
    return evlog_erase(tx, a->aggregate, "SAK", "Tiltak", "g-1", 3);
}

static int check_tombstone(struct store_tx *tx, void *arg)
{
    (void)arg;
    return evlog_tombstone_exists(tx, "SAK", "Tiltak", "g-1") &&
                   !evlog_tombstone_exists(tx, "SAK", "Tiltak", "g-2")
               ? 0
               : -1;
}

struct find_args {
    const char *aggregate;
    int found;
};

static int find_aggregate(const struct evlog_event *e, void *userdata)
{
    struct find_args *f = userdata;
    f->found += strcmp(e->aggregate_id, f->aggregate) == 0;
    return 0;
}

static int scan_for(struct store_tx *tx, void *arg)
{
    return evlog_read_after(tx, 0, 0, find_aggregate, arg) < 0 ? -1 : 0;
}

static void hard_delete_erases_and_leaves_a_tombstone(void)
{
    struct find_args f = {"x", 0};
    CHECK_EQ_INT(store_read(store, scan_for, &f), 0);
    CHECK_EQ_INT(f.found, 3);
    struct erase_args e = {"x"};
    CHECK_EQ_INT(store_write(store, erase, &e), 0);
    f.found = 0;
    CHECK_EQ_INT(store_read(store, scan_for, &f), 0);
    CHECK_EQ_INT(f.found, 0);
    CHECK_EQ_INT(store_read(store, check_tombstone, NULL), 0);
}

static void count_commit(void *userdata)
{
    __atomic_add_fetch((int *)userdata, 1, __ATOMIC_SEQ_CST);
}

static int failing_write(struct store_tx *tx, void *arg)
{
    (void)tx;
    (void)arg;
    return 7;
}

static void commit_hooks_run_after_each_committed_write(void)
{
    static int commits;
    store_on_commit(store, count_commit, &commits);
    struct append_args a = {"hooked", 0};
    CHECK_EQ_INT(store_write(store, append_event, &a), 0);
    CHECK(__atomic_load_n(&commits, __ATOMIC_SEQ_CST) >= 1);
    int before = __atomic_load_n(&commits, __ATOMIC_SEQ_CST);
    CHECK_EQ_INT(store_write(store, failing_write, NULL), 7);
    /* a batch whose only command rolled back still commits (empty), and the
     * hook may run; what matters is that it ran for the write above */
    CHECK(__atomic_load_n(&commits, __ATOMIC_SEQ_CST) >= before);
}

/* Ignores the failure of its write and answers 0. */
static int careless_write(struct store_tx *tx, void *arg)
{
    (void)arg;
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO events (aggregate_id, type, payload, created_at) VALUES ('careless', NULL, '{}', 1)");
    store_step(st);
    /* and carries on as if nothing happened: more writes, a read */
    struct store_stmt *more = store_prepare(
        tx, "INSERT INTO events (aggregate_id, type, payload, created_at) VALUES ('careless', 'T', '{}', 1)");
    store_step(more);
    struct store_stmt *read = store_prepare(tx, "SELECT count(*) FROM events");
    store_step(read);
    return 0;
}

/* Fails a write, asks how many rows it changed (PostgreSQL: that collects
 * the pipelined failure), writes again and answers 0: the rollback that
 * follows must still reach the database. */
static int careless_counting_write(struct store_tx *tx, void *arg)
{
    (void)arg;
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO events (aggregate_id, type, payload, created_at) VALUES ('careless', NULL, '{}', 2)");
    store_step(st);
    (void)store_changes(tx);
    struct store_stmt *more = store_prepare(
        tx, "INSERT INTO events (aggregate_id, type, payload, created_at) VALUES ('careless', 'T', '{}', 2)");
    store_step(more);
    return 0;
}

/* Ends with a failing write and answers 0: on PostgreSQL nothing collects
 * the failure before the batch's COMMIT, which must not commit it. */
static int failing_last_write(struct store_tx *tx, void *arg)
{
    (void)arg;
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO events (aggregate_id, type, payload, created_at) VALUES ('careless', 'T', '{}', 3)");
    store_step(st);
    st = store_prepare(
        tx, "INSERT INTO events (aggregate_id, type, payload, created_at) VALUES ('careless', NULL, '{}', 3)");
    store_step(st);
    return 0;
}

struct aggregate_count {
    const char *aggregate;
    int64_t n;
};

static int count_aggregate(struct store_tx *tx, void *arg)
{
    struct aggregate_count *c = arg;
    struct store_stmt *st = store_prepare(tx, "SELECT count(*) FROM events WHERE aggregate_id = ?");
    store_bind_text(st, 1, c->aggregate);
    if (store_step(st) != STORE_ROW)
        return -1;
    c->n = store_column_int64(st, 0);
    return 0;
}

static void a_failed_statement_fails_its_command_alone(void)
{
    struct async_result r = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    struct append_args before = {"around-careless", 0}, after = {"around-careless", 0};
    store_write_async(store, append_event, &before, on_done, &r);
    store_write_async(store, careless_write, NULL, on_done, &r);
    store_write_async(store, append_event, &after, on_done, &r);
    pthread_mutex_lock(&r.mu);
    while (r.done < 3)
        pthread_cond_wait(&r.cv, &r.mu);
    pthread_mutex_unlock(&r.mu);
    int failed = 0, ok = 0;
    for (int i = 0; i < 3; i++) {
        failed += r.rc[i] == STORE_STATEMENT_FAILED;
        ok += r.rc[i] == 0;
    }
    CHECK_EQ_INT(failed, 1);
    CHECK_EQ_INT(ok, 2);
    struct aggregate_count c = {"around-careless", 0}, none = {"careless", 0};
    CHECK_EQ_INT(store_read(store, count_aggregate, &c), 0);
    CHECK_EQ_INT(c.n, 2);
    CHECK_EQ_INT(store_read(store, count_aggregate, &none), 0);
    CHECK_EQ_INT(none.n, 0);
    /* and the writers go on working afterwards */
    for (int i = 0; i < 20; i++) {
        CHECK(store_write(store, careless_counting_write, NULL) != 0);
        struct append_args later = {"after-careless", 0};
        CHECK_EQ_INT(store_write(store, append_event, &later), 0);
    }
    /* a failure that only the commit would see, alone and beside a write */
    for (int i = 0; i < 20; i++) {
        struct async_result beside = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
        struct append_args around = {"after-careless", 0};
        if (i % 2 == 0)
            store_write_async(store, append_event, &around, on_done, &beside);
        CHECK_EQ_INT(store_write(store, failing_last_write, NULL), STORE_STATEMENT_FAILED);
        pthread_mutex_lock(&beside.mu);
        while (i % 2 == 0 && beside.done < 1)
            pthread_cond_wait(&beside.cv, &beside.mu);
        pthread_mutex_unlock(&beside.mu);
        CHECK_EQ_INT(beside.rc[0], 0);
    }
    struct aggregate_count later_count = {"after-careless", 0};
    CHECK_EQ_INT(store_read(store, count_aggregate, &later_count), 0);
    CHECK_EQ_INT(later_count.n, 30);
    CHECK_EQ_INT(store_read(store, count_aggregate, &none), 0);
    CHECK_EQ_INT(none.n, 0);
}

/* Inserts its key unless there; then goes on reading and writing, as a
 * projection after the first write of a command does. */
static int insert_key_then_more(struct store_tx *tx, void *arg)
{
    const char *key = arg;
    struct store_stmt *q = store_prepare(tx, "SELECT 1 FROM race WHERE k = ?");
    store_bind_text(q, 1, key);
    if (store_step(q) == STORE_ROW)
        return 0;
    struct store_stmt *ins = store_prepare(tx, "INSERT INTO race (k, n) VALUES (?, 1)");
    store_bind_text(ins, 1, key);
    store_step(ins);
    struct store_stmt *more = store_prepare(tx, "UPDATE race SET n = n + 1 WHERE k = ?");
    store_bind_text(more, 1, key);
    store_step(more);
    struct store_stmt *count = store_prepare(tx, "SELECT count(*) FROM race");
    return store_step(count) == STORE_ROW ? 0 : -1;
}

static int create_race_table(struct store_tx *tx, void *arg)
{
    (void)arg;
    return store_step(store_prepare(tx, "CREATE TABLE IF NOT EXISTS race (k TEXT PRIMARY KEY, n INTEGER)")) ==
                   STORE_DONE
               ? 0
               : -1;
}

struct racing_writer {
    struct store *s;
    int rc_bad;
};

static void *race_keys(void *arg)
{
    struct racing_writer *w = arg;
    static const char *const keys[] = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"};
    for (int round = 0; round < 30; round++)
        for (int i = 0; i < 8; i++)
            if (store_write(w->s, insert_key_then_more, (void *)keys[(i + round) % 8]) != 0)
                w->rc_bad++;
    return NULL;
}

static int count_race_rows(struct store_tx *tx, void *arg)
{
    struct store_stmt *q = store_prepare(tx, "SELECT count(*), min(n), max(n) FROM race");
    if (store_step(q) != STORE_ROW)
        return -1;
    int64_t *out = arg;
    out[0] = store_column_int64(q, 0);
    out[1] = store_column_int64(q, 1);
    out[2] = store_column_int64(q, 2);
    return 0;
}

/* Two stores on one database (two nodes) race for the same keys with
 * commands that go on after their write: every command ends well (the
 * loser of a race runs again and sees the winner's row), each key once. */
static void racing_writers_of_two_stores_each_win_once(void)
{
    char *err = NULL;
    struct store *other = store_open(url, &err);
    CHECK(other != NULL);
    if (!other)
        return;
    CHECK_EQ_INT(store_write(store, create_race_table, NULL), 0);
    struct racing_writer w[4] = {{store, 0}, {other, 0}, {store, 0}, {other, 0}};
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, race_keys, &w[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++)
        CHECK_EQ_INT(w[i].rc_bad, 0);
    int64_t rows[3] = {0};
    CHECK_EQ_INT(store_read(store, count_race_rows, rows), 0);
    CHECK_EQ_INT(rows[0], 8);
    CHECK_EQ_INT(rows[1], 2); /* inserted once and updated once, by the winner alone */
    CHECK_EQ_INT(rows[2], 2);
    store_close(other);
}

static int events_analyzed(struct store_tx *tx, void *arg)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'events'");
    *(bool *)arg = store_step(q) == STORE_ROW && strcmp(store_column_text(q, 0), "t") == 0;
    return 0;
}

/* PostgreSQL: a small database is analyzed by the node itself after its
 * first commits, so that cached plans are not those made for empty tables
 * (autovacuum would leave them for up to a minute). */
static void a_small_postgres_database_is_analyzed_early(void)
{
    if (strcmp(store_backend_name(store), "postgres") != 0)
        return; /* SQLite plans each statement when it is prepared */
    for (int i = 0; i < 60; i++) { /* one commit each */
        struct append_args a = {.fail = 0};
        snprintf(a.aggregate, sizeof a.aggregate, "analyze-%d", i);
        CHECK_EQ_INT(store_write(store, append_event, &a), 0);
    }
    bool analyzed = false;
    for (int i = 0; i < 100 && !analyzed; i++) {
        CHECK_EQ_INT(store_read(store, events_analyzed, &analyzed), 0);
        if (!analyzed)
            usleep(50 * 1000);
    }
    CHECK(analyzed);
}

/* ---- Large statements ---- */

static int run_sql(struct store_tx *tx, void *arg)
{
    for (const char *const *sql = arg; *sql; sql++)
        if (store_step(store_prepare(tx, *sql)) != STORE_DONE)
            return -1;
    return 0;
}

/* SQLite: a statement whose journal outgrows memory goes on in a temporary
 * file (src/store/sqlite.c). Dropping a child table with foreign keys on
 * journals every page of it: 20,000 rows of 200 bytes, about 5 MB. With
 * journals kept in memory up to 4 MiB and spilled as one write, the unix VFS
 * refused that write as a full disk, and a migration on a large database
 * failed. */
static void a_statement_journal_spills_to_a_file(void)
{
    if (strcmp(store_backend_name(store), "sqlite") != 0)
        return; /* PostgreSQL keeps no statement journal */
    static const char *const fill[] = {
        "CREATE TABLE big_parent (id INTEGER PRIMARY KEY)",
        "CREATE TABLE big_child (pid INTEGER REFERENCES big_parent (id) ON DELETE CASCADE, x TEXT)",
        "WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 20000) "
        "INSERT INTO big_parent SELECT v FROM s",
        "INSERT INTO big_child SELECT id, hex(randomblob(100)) FROM big_parent",
        NULL};
    static const char *const drop[] = {"DROP TABLE big_child", "DROP TABLE big_parent", NULL};
    CHECK_EQ_INT(store_write(store, run_sql, (void *)fill), 0);
    CHECK_EQ_INT(store_write(store, run_sql, (void *)drop), 0);
}

/* ---- The feed's horizon ---- */

/* A command that appends its event, then keeps its transaction open until
 * released: an earlier seq committing after a later one. */
struct held_write {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool appended, released;
    int64_t seq;
};

static int append_and_hold(struct store_tx *tx, void *arg)
{
    struct held_write *h = arg;
    struct evlog_event e = {.aggregate_id = "held", .type = "TestEvent", .payload = "{}",
                            .producer = "test", .created_at = 1};
    if (evlog_append(tx, &e, NULL, 0) != 0)
        return -1;
    pthread_mutex_lock(&h->mu);
    h->seq = e.seq;
    h->appended = true;
    pthread_cond_broadcast(&h->cv);
    while (!h->released)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
    return 0;
}

static void held_done(int rc, void *userdata)
{
    (void)userdata;
    CHECK_EQ_INT(rc, 0);
}

/* Starts append_and_hold and returns once its event is appended. */
static void start_held_write(struct held_write *h)
{
    store_write_async(store, append_and_hold, h, held_done, NULL);
    pthread_mutex_lock(&h->mu);
    while (!h->appended)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
}

struct page {
    int64_t after, settled;
    int64_t seqs[64];
    int n;
    bool read;
};

static int collect_seq(const struct evlog_event *e, void *arg)
{
    struct page *p = arg;
    if (p->n < 64)
        p->seqs[p->n++] = e->seq;
    return 0;
}

static int read_page(struct store_tx *tx, void *arg)
{
    struct page *p = arg;
    return evlog_read_between(tx, p->after, p->settled, 0, collect_seq, p) < 0 ? -1 : 0;
}

static void *read_page_thread(void *arg)
{
    struct page *p = arg;
    CHECK_EQ_INT(store_read_settled(store, read_page, p, &p->settled), 0);
    __atomic_store_n(&p->read, true, __ATOMIC_SEQ_CST);
    return NULL;
}

static bool page_has(const struct page *p, int64_t seq)
{
    for (int i = 0; i < p->n; i++)
        if (p->seqs[i] == seq)
            return true;
    return false;
}

/* A reader paging the log by seq never gets a page that ends past an event
 * still to come: on PostgreSQL a later seq may commit while an earlier one
 * is in flight (several writers), and a page ending at the later one would
 * make the reader skip the earlier for good. */
static void the_feed_never_pages_past_an_event_still_to_come(void)
{
    struct append_args first = {.aggregate = "first", .fail = 0};
    CHECK_EQ_INT(store_write(store, append_event, &first), 0);
    struct page now = {0};
    CHECK_EQ_INT(store_read_settled(store, read_page, &now, &now.settled), 0);
    CHECK(now.settled > 0 && now.n == 64); /* everything committed is settled */
    if (strcmp(store_backend_name(store), "postgres") != 0)
        return; /* one writer commits in seq order: nothing is ever in flight behind a commit */
    struct held_write h = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    start_held_write(&h);
    struct append_args later = {.aggregate = "later", .fail = 0};
    CHECK_EQ_INT(store_write(store, append_event, &later), 0); /* another writer commits */
    struct page p = {.after = h.seq - 1};
    pthread_t reader;
    pthread_create(&reader, NULL, read_page_thread, &p);
    usleep(300 * 1000); /* time for a reader that does not wait to read its page */
    pthread_mutex_lock(&h.mu);
    h.released = true;
    pthread_cond_broadcast(&h.cv);
    pthread_mutex_unlock(&h.mu);
    pthread_join(reader, NULL);
    CHECK(p.read);
    CHECK(p.n > 0 && p.seqs[p.n - 1] > h.seq); /* the later event is on the page */
    CHECK(page_has(&p, h.seq));                 /* and so is the earlier one */
}

static void *release_later(void *arg)
{
    struct held_write *h = arg;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&h->mu);
    while (!h->released && pthread_cond_timedwait(&h->cv, &h->mu, &until) == 0)
        ;
    h->released = true; /* a reader that waits for ever fails the test instead of hanging it */
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

/* Other writes queue behind the reader's wait, so a write stuck in flight
 * (a node cut off mid-batch) must not hold it for ever: the reader gives up
 * and gets nothing settled (an empty page, asked again later). */
static void the_feed_gives_up_on_a_write_stuck_in_flight(void)
{
    if (strcmp(store_backend_name(store), "postgres") != 0)
        return; /* SQLite: nothing is ever in flight behind a commit */
    struct held_write h = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    start_held_write(&h);
    pthread_t watchdog;
    pthread_create(&watchdog, NULL, release_later, &h);
    struct page p = {.after = h.seq - 1, .settled = -1};
    CHECK_EQ_INT(store_read_settled(store, read_page, &p, &p.settled), 0);
    bool held_still = !__atomic_load_n(&h.released, __ATOMIC_SEQ_CST);
    pthread_mutex_lock(&h.mu);
    h.released = true;
    pthread_cond_broadcast(&h.cv);
    pthread_mutex_unlock(&h.mu);
    pthread_join(watchdog, NULL);
    CHECK(held_still);           /* the reader came back while the write was in flight */
    CHECK_EQ_INT(p.settled, 0); /* with nothing settled */
    CHECK_EQ_INT(p.n, 0);
    struct append_args after = {.aggregate = "after-stuck", .fail = 0};
    CHECK_EQ_INT(store_write(store, append_event, &after), 0); /* writes go on */
}

static void cleanup(void)
{
    store_close(store);
    char path[300];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/test.db%s", dir, suffix[i]);
        unlink(path);
    }
    rmdir(dir);
}

static const struct check_case cases[] = {
    {"opens_and_migrates_twice", opens_and_migrates_twice},
    {"group_commit_answers_every_writer", group_commit_answers_every_writer},
    {"async_writes_complete_after_commit", async_writes_complete_after_commit},
    {"data_survives_reopening", data_survives_reopening},
    {"replay_rebuilds_the_same_read_model", replay_rebuilds_the_same_read_model},
    {"hard_delete_erases_and_leaves_a_tombstone", hard_delete_erases_and_leaves_a_tombstone},
    {"commit_hooks_run_after_each_committed_write", commit_hooks_run_after_each_committed_write},
    {"a_failed_statement_fails_its_command_alone", a_failed_statement_fails_its_command_alone},
    {"racing_writers_of_two_stores_each_win_once", racing_writers_of_two_stores_each_win_once},
    {"a_small_postgres_database_is_analyzed_early", a_small_postgres_database_is_analyzed_early},
    {"a_statement_journal_spills_to_a_file", a_statement_journal_spills_to_a_file},
    {"the_feed_never_pages_past_an_event_still_to_come",
     the_feed_never_pages_past_an_event_still_to_come},
    {"the_feed_gives_up_on_a_write_stuck_in_flight", the_feed_gives_up_on_a_write_stuck_in_flight},
    {"cleanup", cleanup},
};

CHECK_MAIN("store", cases)
