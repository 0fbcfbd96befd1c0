/* The store: durable state behind one contract, with two backends: SQLite
 * (the embedded default, "sqlite:PATH") and PostgreSQL ("postgres://...",
 * several nodes may share one database).
 *
 * Writes are commands queued to writer threads (SQLite: one; PostgreSQL:
 * several connections) that run queued commands in a shared transaction
 * (group commit): each command runs inside its own savepoint, so a command
 * that fails rolls back alone, and every command is answered only after the
 * commit that made it durable. A command that lost a race to another
 * writer (a unique key taken meanwhile) is run again, so its checks see the
 * winner: commands must be re-runnable (decide from what they read). Reads
 * use a pooled read connection in a read-only transaction.
 *
 * SQL is written once for both backends: `?` placeholders, standard SQL
 * (ON CONFLICT, RETURNING, CAST(? AS TEXT) where a parameter's type is not
 * clear from its context), no statement that is expected to fail inside a
 * command (PostgreSQL aborts the transaction on the first error). See
 * docs/store.md. */
#ifndef STORE_H
#define STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct store_tx;
struct store_stmt;

/* A unit of work inside a transaction. Return 0 to keep its changes;
 * anything else rolls back this command only and is handed to the caller. */
typedef int store_fn(struct store_tx *tx, void *arg);
/* Called on the writer thread once the command's batch is committed (or
 * failed to commit: then rc is STORE_COMMIT_FAILED). */
typedef void store_done_fn(int rc, void *userdata);

#define STORE_COMMIT_FAILED (-1000)
/* The command returned 0 but one of its statements failed: it was rolled
 * back all the same. */
#define STORE_STATEMENT_FAILED (-1001)

/* Opens "sqlite:PATH" (created when missing) or "postgres://..." and
 * applies the migrations that are not applied yet. NULL with a malloc'ed
 * *out_err on failure. BUDSTIKKE_DB_WRITERS overrides the number of
 * PostgreSQL writer connections (default 8). BUDSTIKKE_STORE_RERUN=1 (for
 * tests) runs every command twice: once, rolled back, then again in its
 * savepoint, as when another command of its batch failed. */
struct store *store_open(const char *url, char **out_err);
/* "sqlite" or "postgres". */
const char *store_backend_name(const struct store *s);
/* Waits for queued writes, stops the writer and closes every connection. */
void store_close(struct store *s);
/* true when the database answers and is migrated. */
bool store_ready(struct store *s);

/* Runs fn in the writer's next batch and waits for its commit. Inside a
 * fiber (an HTTP handler) only the fiber waits: the thread runs others. */
int store_write(struct store *s, store_fn *fn, void *arg);
/* Same without waiting: done(rc, userdata) runs on the writer thread. */
void store_write_async(struct store *s, store_fn *fn, void *arg, store_done_fn *done,
                       void *userdata);
/* Called on the writer thread after every batch that committed (e.g. to
 * wake the bell's live streams or the scheduler); keep it short and do not
 * write from it. At most STORE_MAX_COMMIT_HOOKS, registered before writes. */
typedef void store_commit_fn(void *userdata);
#define STORE_MAX_COMMIT_HOOKS 8
void store_on_commit(struct store *s, store_commit_fn *fn, void *userdata);

/* Runs fn in a read transaction on this thread's connection. */
int store_read(struct store *s, store_fn *fn, void *arg);

/* store_read for a reader that pages the event log by seq (the outbound
 * feed): first waits until every write that took a seq up to *out_settled
 * has committed or rolled back, sets *out_settled (before fn runs, so fn
 * may read it through arg), then reads with a snapshot taken after. Reading
 * past it could skip an event that commits after a later one: PostgreSQL's
 * writers commit in any order. INT64_MAX when commits come in seq order
 * (SQLite's one writer); 0 when a write stayed in flight too long to wait
 * for (PostgreSQL: a second), so that nothing counts as settled yet. */
int store_read_settled(struct store *s, store_fn *fn, void *arg, int64_t *out_settled);

/* ---- Statements, valid inside fn ---- */
enum store_step { STORE_ROW, STORE_DONE, STORE_ERROR };

/* Prepared once per connection and cached by SQL text; bind from 1. */
struct store_stmt *store_prepare(struct store_tx *tx, const char *sql);
void store_bind_text(struct store_stmt *st, int idx, const char *value); /* NULL binds null */
void store_bind_int64(struct store_stmt *st, int idx, int64_t value);
enum store_step store_step(struct store_stmt *st);
const char *store_column_text(struct store_stmt *st, int col); /* NULL for null */
int64_t store_column_int64(struct store_stmt *st, int col);
/* Columns of the statement's result (after the first step). */
int store_column_count(struct store_stmt *st);
/* Rows changed by the last statement (new ids: use RETURNING). */
int64_t store_changes(struct store_tx *tx);
/* The last error text of this transaction's connection. */
const char *store_error(struct store_tx *tx);
/* The clause that ends a claim's SELECT inside a write: on PostgreSQL
 * " FOR UPDATE OF <alias> SKIP LOCKED" (rows another node is claiming are
 * passed over instead of waited for), "" where one writer holds the whole
 * database (SQLite). Written into out, which is returned. */
const char *store_skip_locked(struct store_tx *tx, const char *alias, char *out, size_t size);

#endif
