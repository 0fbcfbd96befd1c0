/* Inside the store: what a database backend (sqlite.c, postgres.c) gives
 * the generic part (store.c), which owns the write queue, the writer
 * threads with group commit, the pool of read connections, the statement
 * cache and the commit hooks. Not for use outside src/store/. */
#ifndef STORE_BACKEND_H
#define STORE_BACKEND_H
#include "base/map.h"
#include "store/store.h"

#include <stdbool.h>

/* Direct-mapped memo in front of the statement cache, keyed by the address
 * of the SQL text (callers pass literals): hashing a statement's text on
 * every prepare cost more than a tenth of a write's own instructions. A hit
 * is confirmed by comparing the text, so a buffer reused for another
 * statement at the same address is never mistaken for it. */
#define STORE_MEMO_SLOTS 128
struct store_memo_slot {
    const char *sql; /* the caller's pointer */
    struct store_stmt *st;
};

/* A connection with its statement cache. */
struct store_tx {
    const struct store_backend *be;
    struct store *store;
    void *conn;               /* sqlite3 * or PGconn * */
    struct nt_map stmts;      /* SQL text (owned key) -> struct store_stmt * */
    struct store_memo_slot memo[STORE_MEMO_SLOTS];
    struct store_stmt **used; /* statements prepared since the last reset */
    size_t nused, cap_used;
    bool conflict;            /* the last error was a race another attempt may win */
    bool failed;              /* a statement of the running command failed */
    int64_t changes;          /* rows changed by the last statement */
    struct store_tx *next;    /* pool list */
};

/* Every backend statement starts with this. */
struct store_stmt {
    struct store_tx *tx;
    const char *sql; /* its key in tx->stmts */
    bool in_use;     /* in tx->used: handed out since the last reset */
};

struct store_backend {
    const char *name;
    const char *migrations_prefix; /* embedded folder: "store/migrations/sqlite/" for both */
    int writers;                   /* writer threads (SQLite: 1) */
    int max_readers;               /* read connections at most */
    const char *begin_write;       /* SQL that starts a batch */
    const char *begin_read;
    bool row_locks; /* SELECT ... FOR UPDATE SKIP LOCKED is understood */
    /* Connection to target (the URL without "sqlite:"; the whole postgres URL). */
    void *(*connect)(const char *target, bool reader, char **out_err);
    void (*disconnect)(void *conn);
    /* Runs one or more statements without results; 0 or -1. */
    int (*exec)(struct store_tx *tx, const char *sql);
    struct store_stmt *(*prepare)(struct store_tx *tx, const char *sql);
    void (*reset)(struct store_stmt *st);
    void (*finalize)(struct store_stmt *st);
    void (*bind_text)(struct store_stmt *st, int idx, const char *value);
    void (*bind_int64)(struct store_stmt *st, int idx, int64_t value);
    enum store_step (*step)(struct store_stmt *st);
    const char *(*column_text)(struct store_stmt *st, int col);
    int64_t (*column_int64)(struct store_stmt *st, int col);
    int (*column_count)(struct store_stmt *st);
    const char *(*error)(struct store_tx *tx);
    /* The migration text for this database (malloc'ed), or NULL to run the
     * SQLite text as it is. */
    char *(*translate_ddl)(const char *sqlite_ddl);
    /* Serialises migrations between processes: lock before, unlock after. */
    const char *migrate_lock, *migrate_unlock;
    /* Background work of the backend (checkpoints, change notifications);
     * may be NULL. start returns opaque state that stop releases. */
    void *(*start)(struct store *s, const char *target);
    void (*stop)(void *state);
    /* Called on a writer thread after each committed batch; may be NULL. */
    void (*committed)(void *state);
    /* Collects writes sent but not waited for; 0 when all succeeded. May be
     * NULL (every statement is waited for). */
    int (*flush)(struct store_tx *tx);
    /* Ends a batch: collects the writes not waited for and commits (on
     * PostgreSQL in one round trip). 0 committed; 1 one of those writes
     * failed, nothing is committed and the transaction must be rolled back;
     * -1 the commit failed. May be NULL (flush, then COMMIT). */
    int (*commit)(struct store_tx *tx);
    /* Called once for each writer connection after the migrations; may be NULL. */
    void (*writer_ready)(struct store_tx *tx);
    /* On a read connection outside a transaction: waits until no write that
     * took an event seq is in flight and returns the highest seq taken, or
     * -1. NULL: commits come in seq order (store_read_settled). */
    int64_t (*settled_seq)(struct store_tx *tx);
};

extern const struct store_backend store_sqlite_backend;
extern const struct store_backend store_postgres_backend;

/* Runs the commit hooks (from a backend thread, e.g. when another node
 * committed). */
void store__run_commit_hooks(struct store *s);

#endif
