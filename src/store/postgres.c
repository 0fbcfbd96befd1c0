/* The PostgreSQL backend (libpq): several writer connections per node
 * (PostgreSQL itself batches their WAL flushes), statements prepared once
 * per connection with `?` turned into `$n`, read transactions at REPEATABLE
 * READ, migrations under an advisory lock so that nodes starting together
 * apply each once, and commit notifications between nodes: every write
 * batch sends NOTIFY budstikke_commit and a listener runs the commit hooks
 * when another node committed. */
#include "store/backend.h"

#include "base/alloc.h"
#include "base/buf.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 64

struct pg_stmt {
    struct store_stmt base;
    char name[24];
    int nparams;
    char *values[MAX_PARAMS];
    PGresult *result;
    int row, nrows;
    bool executed;
};

static atomic_uint statement_counter;

static PGconn *conn_of(struct store_tx *tx)
{
    return tx->conn;
}

static void *pg_connect(const char *url, bool reader, char **out_err)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) {
        if (out_err && asprintf(out_err, "cannot connect to PostgreSQL: %s", PQerrorMessage(c)) < 0)
            *out_err = NULL;
        PQfinish(c);
        return NULL;
    }
    PQclear(PQexec(c, "SET client_min_messages = warning"));
    if (reader)
        PQclear(PQexec(c, "SET default_transaction_read_only = on"));
    return c;
}

static void pg_disconnect(void *conn)
{
    PQfinish(conn);
}

static bool result_ok(PGresult *r)
{
    ExecStatusType st = PQresultStatus(r);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* Notes whether a failed statement lost a race that another attempt may
 * win: unique_violation, serialization_failure, deadlock_detected. */
static void note_failure(struct store_tx *tx, PGresult *r)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    tx->conflict = state && (strcmp(state, "23505") == 0 || strcmp(state, "40001") == 0 ||
                             strcmp(state, "40P01") == 0);
}

static int pg_exec(struct store_tx *tx, const char *sql)
{
    PGresult *r = PQexec(conn_of(tx), sql);
    bool ok = result_ok(r);
    if (!ok)
        note_failure(tx, r);
    PQclear(r);
    return ok ? 0 : -1;
}

/* `?` placeholders become `$1`, `$2`, ... outside quotes and comments. */
static char *numbered_placeholders(const char *sql, int *out_n)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    int n = 0;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'' || *p == '"') {
            const char *end = strchr(p + 1, *p);
            if (!end)
                end = p + strlen(p) - 1;
            nt_buf_append(&b, p, (size_t)(end - p + 1));
            p = end;
        } else if (p[0] == '-' && p[1] == '-') {
            const char *end = strchr(p, '\n');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            nt_buf_append(&b, p, len);
            p += len - 1;
        } else if (*p == '?') {
            nt_buf_printf(&b, "$%d", ++n);
        } else {
            nt_buf_append(&b, p, 1);
        }
    }
    *out_n = n;
    return nt_buf_steal(&b, NULL);
}

static struct store_stmt *pg_prepare(struct store_tx *tx, const char *sql)
{
    int n = 0;
    char *text = numbered_placeholders(sql, &n);
    if (n > MAX_PARAMS) {
        free(text);
        return NULL;
    }
    struct pg_stmt *s = nt_calloc(1, sizeof(*s));
    snprintf(s->name, sizeof s->name, "bs%u", atomic_fetch_add(&statement_counter, 1));
    s->nparams = n;
    PGresult *r = PQprepare(conn_of(tx), s->name, text, 0, NULL);
    free(text);
    bool ok = result_ok(r);
    if (!ok)
        note_failure(tx, r);
    PQclear(r);
    if (!ok) {
        free(s);
        return NULL;
    }
    return &s->base;
}

static struct pg_stmt *pg(struct store_stmt *st)
{
    return (struct pg_stmt *)st;
}

static void pg_reset(struct store_stmt *st)
{
    struct pg_stmt *s = pg(st);
    for (int i = 0; i < s->nparams; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
    }
    PQclear(s->result);
    s->result = NULL;
    s->executed = false;
}

static void pg_finalize(struct store_stmt *st)
{
    pg_reset(st);
    free(st);
}

static void pg_bind_text(struct store_stmt *st, int idx, const char *value)
{
    struct pg_stmt *s = pg(st);
    if (idx < 1 || idx > s->nparams)
        return;
    free(s->values[idx - 1]);
    s->values[idx - 1] = value ? nt_strdup(value) : NULL;
}

static void pg_bind_int64(struct store_stmt *st, int idx, int64_t value)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)value);
    pg_bind_text(st, idx, text);
}

static enum store_step pg_step(struct store_stmt *st)
{
    struct pg_stmt *s = pg(st);
    if (s->executed)
        return ++s->row < s->nrows ? STORE_ROW : STORE_DONE;
    s->executed = true;
    s->result = PQexecPrepared(conn_of(st->tx), s->name, s->nparams,
                               (const char *const *)s->values, NULL, NULL, 0);
    switch (PQresultStatus(s->result)) {
    case PGRES_COMMAND_OK:
        st->tx->changes = atoll(PQcmdTuples(s->result));
        s->nrows = 0;
        return STORE_DONE;
    case PGRES_TUPLES_OK:
        st->tx->changes = atoll(PQcmdTuples(s->result));
        s->nrows = PQntuples(s->result);
        s->row = 0;
        return s->nrows > 0 ? STORE_ROW : STORE_DONE;
    default:
        note_failure(st->tx, s->result);
        s->nrows = 0;
        return STORE_ERROR;
    }
}

static const char *pg_column_text(struct store_stmt *st, int col)
{
    struct pg_stmt *s = pg(st);
    if (!s->result || s->row >= s->nrows || col >= PQnfields(s->result) ||
        PQgetisnull(s->result, s->row, col))
        return NULL;
    return PQgetvalue(s->result, s->row, col);
}

static int64_t pg_column_int64(struct store_stmt *st, int col)
{
    const char *v = pg_column_text(st, col);
    if (!v)
        return 0;
    if (strcmp(v, "t") == 0)
        return 1; /* booleans read as SQLite gives them */
    if (strcmp(v, "f") == 0)
        return 0;
    return strtoll(v, NULL, 10);
}

static const char *pg_error(struct store_tx *tx)
{
    return PQerrorMessage(conn_of(tx));
}

/* ---- Migrations ---- */

static bool is_word_char(char c)
{
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool word_at(const char *p, const char *start, const char *word)
{
    size_t n = strlen(word);
    return strncmp(p, word, n) == 0 && (p == start || !is_word_char(p[-1])) && !is_word_char(p[n]);
}

/* The migrations are written once, in the SQLite subset that docs/store.md
 * allows; PostgreSQL gets 64-bit integers for INTEGER (SQLite's INTEGER is
 * 64-bit), identity columns for AUTOINCREMENT keys and no STRICT. */
static char *pg_translate_ddl(const char *ddl)
{
    static const struct {
        const char *from, *to;
    } words[] = {
        {"INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
        {"INTEGER", "BIGINT"},
        {"STRICT", ""},
    };
    struct nt_buf b;
    nt_buf_init(&b, 0);
    for (const char *p = ddl; *p;) {
        if (p[0] == '-' && p[1] == '-') {
            const char *end = strchr(p, '\n');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            nt_buf_append(&b, p, len);
            p += len;
            continue;
        }
        size_t i = 0;
        while (i < sizeof words / sizeof words[0] && !word_at(p, ddl, words[i].from))
            i++;
        if (i < sizeof words / sizeof words[0]) {
            nt_buf_append(&b, words[i].to, strlen(words[i].to));
            p += strlen(words[i].from);
        } else {
            nt_buf_append(&b, p++, 1);
        }
    }
    return nt_buf_steal(&b, NULL);
}

/* ---- Commits of other nodes ---- */

struct listener {
    struct store *store;
    char *url;
    pthread_t thread;
    atomic_bool stopping;
};

static PGconn *listen_connection(const char *url)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, "LISTEN budstikke_commit");
        bool ok = result_ok(r);
        PQclear(r);
        if (ok)
            return c;
    }
    PQfinish(c);
    return NULL;
}

/* Waits up to 200 ms for notifications; true when any came. */
static bool wait_for_commits(PGconn *c)
{
    struct pollfd pfd = {.fd = PQsocket(c), .events = POLLIN};
    if (poll(&pfd, 1, 200) <= 0 || !PQconsumeInput(c))
        return false;
    bool any = false;
    PGnotify *n;
    while ((n = PQnotifies(c))) {
        any = true;
        PQfreemem(n);
    }
    return any;
}

static void *listener_main(void *arg)
{
    struct listener *l = arg;
    PGconn *c = NULL;
    while (!atomic_load(&l->stopping)) {
        if (!c || PQstatus(c) != CONNECTION_OK) {
            PQfinish(c);
            if (!(c = listen_connection(l->url))) {
                poll(NULL, 0, 500);
                continue;
            }
        }
        if (wait_for_commits(c))
            store__run_commit_hooks(l->store);
    }
    PQfinish(c);
    return NULL;
}

static void *pg_start(struct store *s, const char *url)
{
    struct listener *l = nt_calloc(1, sizeof(*l));
    l->store = s;
    l->url = nt_strdup(url);
    pthread_create(&l->thread, NULL, listener_main, l);
    return l;
}

static void pg_stop(void *state)
{
    struct listener *l = state;
    atomic_store(&l->stopping, true);
    pthread_join(l->thread, NULL);
    free(l->url);
    free(l);
}

const struct store_backend store_postgres_backend = {
    .name = "postgres",
    .migrations_prefix = "store/migrations/sqlite/",
    .translate_ddl = pg_translate_ddl,
    .writers = 8,
    .max_readers = 32,
    .begin_write = "BEGIN",
    .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    .before_commit = "NOTIFY budstikke_commit",
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .step = pg_step,
    .column_text = pg_column_text,
    .column_int64 = pg_column_int64,
    .error = pg_error,
    .migrate_lock = "SELECT pg_advisory_lock(7242001)",
    .migrate_unlock = "SELECT pg_advisory_unlock(7242001)",
    .start = pg_start,
    .stop = pg_stop,
};
