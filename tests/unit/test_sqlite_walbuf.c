/* The WAL-gathering VFS: what one connection commits through it is in the
 * file for every other connection at once (also without a sync, and for
 * transactions larger than one write), nothing is lost over close and
 * reopen. */
#include "check.h"
#include "store/sqlite_walbuf.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];

static void fresh_path(void)
{
    snprintf(path, sizeof path, "/tmp/test-walbuf-%d.db", (int)getpid());
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char p[80];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

static sqlite3 *open_db(const char *vfs, const char *synchronous)
{
    static int registered = -1;
    if (registered < 0)
        registered = sqlite_walbuf_register();
    CHECK_EQ_INT(registered, SQLITE_OK);
    sqlite3 *db = NULL;
    CHECK_EQ_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs),
                 SQLITE_OK);
    CHECK_EQ_INT(sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL), SQLITE_OK);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA synchronous=%s", synchronous);
    CHECK_EQ_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    CHECK_EQ_INT(sqlite3_exec(db, "PRAGMA wal_autocheckpoint=0", NULL, NULL, NULL), SQLITE_OK);
    return db;
}

static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* rows of ~3 KB: 400 of them are about 300 pages, 1.2 MB of log */
static void insert_rows(sqlite3 *db, int first, int n)
{
    CHECK_EQ_INT(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "INSERT INTO t (n, payload) VALUES (?, randomblob(3000))", -1, &st,
                       NULL);
    for (int i = 0; i < n; i++) {
        sqlite3_bind_int(st, 1, first + i);
        CHECK_EQ_INT(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    CHECK_EQ_INT(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
}

static void commits_are_seen_by_other_connections(const char *synchronous)
{
    fresh_path();
    sqlite3 *w = open_db(SQLITE_WALBUF_VFS, synchronous);
    CHECK_EQ_INT(sqlite3_exec(w, "CREATE TABLE t (n INTEGER PRIMARY KEY, payload BLOB)", NULL,
                              NULL, NULL),
                 SQLITE_OK);
    sqlite3 *r = open_db(NULL, synchronous); /* the default VFS: reads only the file */
    int total = 0;
    static const int sizes[] = {1, 7, 400, 3, 2500};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        insert_rows(w, total, sizes[i]);
        total += sizes[i];
        CHECK_EQ_INT(scalar(r, "SELECT count(*) FROM t"), total);
        CHECK_EQ_INT(scalar(r, "SELECT sum(length(payload)) FROM t"), 3000LL * total);
    }
    CHECK_EQ_STR(sqlite3_errmsg(r), "not an error");
    sqlite3_close(r);
    sqlite3_close(w);
    sqlite3 *again = open_db(NULL, synchronous);
    CHECK_EQ_INT(scalar(again, "SELECT count(*) FROM t"), total);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(again, "PRAGMA integrity_check", -1, &st, NULL);
    CHECK_EQ_INT(sqlite3_step(st), SQLITE_ROW);
    CHECK_EQ_STR((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(again);
    fresh_path();
}

static void with_a_sync_at_every_commit(void)
{
    commits_are_seen_by_other_connections("FULL");
}

/* No xSync at commit: the frames are published through shared memory only,
 * and must be written before that. */
static void without_a_sync(void)
{
    commits_are_seen_by_other_connections("OFF");
}

/* A transaction that rewrites its own frames (the same page twice) and a
 * rollback leave the log consistent. */
static void rewritten_pages_and_rollbacks(void)
{
    fresh_path();
    sqlite3 *w = open_db(SQLITE_WALBUF_VFS, "FULL");
    sqlite3_exec(w, "CREATE TABLE c (k INTEGER PRIMARY KEY, v INTEGER)", NULL, NULL, NULL);
    sqlite3_exec(w, "INSERT INTO c VALUES (1, 0)", NULL, NULL, NULL);
    sqlite3 *r = open_db(NULL, "FULL");
    CHECK_EQ_INT(sqlite3_exec(w, "PRAGMA cache_size=2", NULL, NULL, NULL), SQLITE_OK);
    for (int round = 1; round <= 20; round++) {
        sqlite3_exec(w, "BEGIN", NULL, NULL, NULL);
        for (int i = 0; i < 50; i++)
            sqlite3_exec(w, "UPDATE c SET v = v + 1 WHERE k = 1; "
                            "INSERT INTO c (v) VALUES (randomblob(900))",
                         NULL, NULL, NULL);
        sqlite3_exec(w, round % 4 == 0 ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
    }
    CHECK_EQ_INT(scalar(r, "SELECT v FROM c WHERE k = 1"), 50 * 15);
    CHECK_EQ_INT(scalar(r, "SELECT count(*) FROM c"), 1 + 50 * 15);
    sqlite3_close(r);
    sqlite3_close(w);
    fresh_path();
}

static const struct check_case cases[] = {
    {"with_a_sync_at_every_commit", with_a_sync_at_every_commit},
    {"without_a_sync", without_a_sync},
    {"rewritten_pages_and_rollbacks", rewritten_pages_and_rollbacks},
};

CHECK_MAIN("sqlite_walbuf", cases)
