/* The PostgreSQL backend (libpq): several writer connections per node
 * (PostgreSQL itself batches their WAL flushes), statements prepared once
 * per connection with `?` turned into `$n`, read transactions at REPEATABLE
 * READ, migrations under an advisory lock so that nodes starting together
 * apply each once, and commit notifications between nodes: after commits a
 * notifier thread sends NOTIFY budstikke_commit on its own connection (not
 * inside the write transactions: PostgreSQL serialises the commits of
 * notifying transactions), and a listener runs the commit hooks when any
 * node committed. */
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
#include <strings.h>

#define MAX_PARAMS 64

/* Every write transaction holds this advisory lock shared from its BEGIN to
 * its end; a feed reader takes it exclusively for a moment (pg_settled_seq),
 * which waits out the writes in flight: their event seqs may lie below a
 * seq another writer has committed already. */
#define EVENT_SEQ_LOCK "7242002"

/* A connection. Writer connections run in libpq's pipeline mode: a write
 * whose result nobody reads (INSERT/UPDATE/DELETE without RETURNING) is
 * sent and not waited for; the next statement that must answer, and the
 * end of each command, collect what is outstanding. That saves most round
 * trips (and, on two cores, the context switches each one costs). */
struct pg_conn {
    PGconn *c;
    bool pipeline;
    int pending;   /* sent, results not collected */
    bool failed;   /* an outstanding statement failed: the command fails */
    char message[512];
};

struct pg_stmt {
    struct store_stmt base;
    char name[24];
    int nparams;
    bool deferrable; /* a write without RETURNING */
    char *values[MAX_PARAMS];
    PGresult *result;
    int row, nrows;
    bool executed;
};

static atomic_uint statement_counter;

static struct pg_conn *pc_of(struct store_tx *tx)
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
    struct pg_conn *pc = nt_calloc(1, sizeof(*pc));
    pc->c = c;
    return pc;
}

static void pg_disconnect(void *conn)
{
    struct pg_conn *pc = conn;
    PQfinish(pc->c);
    free(pc);
}

/* After the migrations: writers switch to pipeline mode. */
static void pg_writer_ready(struct store_tx *tx)
{
    struct pg_conn *pc = pc_of(tx);
    pc->pipeline = PQenterPipelineMode(pc->c) == 1;
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
    struct pg_conn *pc = pc_of(tx);
    const char *msg = PQresultErrorMessage(r);
    snprintf(pc->message, sizeof pc->message, "%s", msg && *msg ? msg : PQerrorMessage(pc->c));
}

/* The next result of the pipeline and the NULL that ends it. */
static PGresult *next_result(PGconn *c)
{
    PGresult *r = PQgetResult(c);
    if (r && PQresultStatus(r) != PGRES_PIPELINE_SYNC)
        PQclear(PQgetResult(c));
    return r;
}

/* Syncs the pipeline and collects: the outstanding writes first (their
 * failure marks the connection failed), then the result of the statement
 * sent last when want_last (returned; the caller clears it). */
static PGresult *collect(struct store_tx *tx, bool want_last)
{
    struct pg_conn *pc = pc_of(tx);
    PGresult *last = NULL;
    if (PQpipelineSync(pc->c) != 1) {
        pc->failed = true;
        snprintf(pc->message, sizeof pc->message, "%s", PQerrorMessage(pc->c));
    }
    for (; pc->pending > 0; pc->pending--) {
        PGresult *r = next_result(pc->c);
        if (r && PQresultStatus(r) == PGRES_COMMAND_OK) {
            tx->changes = atoll(PQcmdTuples(r));
        } else if (r && PQresultStatus(r) == PGRES_TUPLES_OK) {
            /* the event seq lock sent with BEGIN */
        } else if (!pc->failed) {
            pc->failed = true;
            note_failure(tx, r);
        }
        PQclear(r);
    }
    if (want_last)
        last = next_result(pc->c);
    PGresult *sync = PQgetResult(pc->c);
    while (sync && PQresultStatus(sync) != PGRES_PIPELINE_SYNC) { /* drain to the sync point */
        PQclear(sync);
        sync = PQgetResult(pc->c);
    }
    PQclear(sync);
    return last;
}

/* 0 when every outstanding write succeeded. */
static int pg_flush(struct store_tx *tx)
{
    struct pg_conn *pc = pc_of(tx);
    if (pc->pipeline && pc->pending)
        PQclear(collect(tx, false));
    return pc->failed ? -1 : 0;
}

/* BEGIN goes out with the batch's first statement instead of on its own
 * round trip: it fails only on a broken connection (inside a transaction it
 * merely warns), and that failure shows at the next answering statement.
 * The event seq lock goes with it. */
static int send_begin(struct pg_conn *pc)
{
    static const char *const sql[] = {"BEGIN",
                                      "SELECT pg_advisory_xact_lock_shared(" EVENT_SEQ_LOCK ")"};
    pc->failed = false;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        if (PQsendQueryParams(pc->c, sql[i], 0, NULL, NULL, NULL, NULL, 0) != 1) {
            pc->failed = true;
            snprintf(pc->message, sizeof pc->message, "%s", PQerrorMessage(pc->c));
            return -1;
        }
        pc->pending++;
    }
    return 0;
}

static int pg_exec(struct store_tx *tx, const char *sql)
{
    struct pg_conn *pc = pc_of(tx);
    PGresult *r;
    if (pc->pipeline && strcmp(sql, "BEGIN") == 0) {
        if (pc->pending) /* whatever an earlier transaction left */
            PQclear(collect(tx, false));
        return send_begin(pc);
    }
    if (pc->pipeline) {
        /* A failed write aborts its sync segment: a ROLLBACK sent behind it
         * would be skipped and leave the transaction aborted for good. */
        if (pc->pending)
            PQclear(collect(tx, false));
        if (PQsendQueryParams(pc->c, sql, 0, NULL, NULL, NULL, NULL, 0) != 1) {
            pc->failed = true;
            return -1;
        }
        r = collect(tx, true);
    } else {
        r = PQexec(pc->c, sql);
        if (result_ok(r) && strcmp(sql, "BEGIN") == 0) { /* a writer before pipeline mode */
            PQclear(r);
            r = PQexec(pc->c, "SELECT pg_advisory_xact_lock_shared(" EVENT_SEQ_LOCK ")");
        }
    }
    bool ok = result_ok(r);
    if (!ok)
        note_failure(tx, r);
    PQclear(r);
    /* a rollback ends whatever failed before it */
    if (strncmp(sql, "ROLLBACK", 8) == 0 || strncmp(sql, "BEGIN", 5) == 0)
        pc->failed = false;
    return ok && !pc->failed ? 0 : -1;
}

/* COMMIT goes out behind the writes not yet collected, and one sync
 * collects them all. A failed write aborts the rest of the pipeline, so the
 * COMMIT is skipped and the transaction waits for the caller's ROLLBACK. */
static int pg_commit(struct store_tx *tx)
{
    struct pg_conn *pc = pc_of(tx);
    if (pc->failed)
        return 1;
    if (!pc->pipeline || !pc->pending)
        return pg_exec(tx, "COMMIT") == 0 ? 0 : -1;
    if (PQsendQueryParams(pc->c, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) != 1) {
        pc->failed = true;
        snprintf(pc->message, sizeof pc->message, "%s", PQerrorMessage(pc->c));
        return -1;
    }
    PGresult *r = collect(tx, true);
    bool writes_failed = pc->failed, ok = result_ok(r);
    if (!ok && !writes_failed)
        note_failure(tx, r);
    PQclear(r);
    return writes_failed ? 1 : ok ? 0 : -1;
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

/* A write whose outcome is only success or failure. */
static bool is_deferrable(const char *sql)
{
    while (*sql == ' ' || *sql == '\n' || *sql == '\t')
        sql++;
    bool write = strncasecmp(sql, "INSERT", 6) == 0 || strncasecmp(sql, "UPDATE", 6) == 0 ||
                 strncasecmp(sql, "DELETE", 6) == 0;
    return write && !strcasestr(sql, "RETURNING");
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
    s->deferrable = is_deferrable(sql);
    struct pg_conn *pc = pc_of(tx);
    PGresult *r;
    if (pc->pipeline)
        r = PQsendPrepare(pc->c, s->name, text, 0, NULL) == 1 ? collect(tx, true) : NULL;
    else
        r = PQprepare(pc->c, s->name, text, 0, NULL);
    free(text);
    bool ok = result_ok(r);
    if (!ok)
        note_failure(tx, r);
    PQclear(r);
    if (!ok) {
        pc->failed = pc->pipeline;
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

static PGresult *execute(struct pg_stmt *s, struct store_tx *tx)
{
    struct pg_conn *pc = pc_of(tx);
    const char *const *values = (const char *const *)s->values;
    if (!pc->pipeline)
        return PQexecPrepared(pc->c, s->name, s->nparams, values, NULL, NULL, 0);
    if (PQsendQueryPrepared(pc->c, s->name, s->nparams, values, NULL, NULL, 0) != 1) {
        pc->failed = true;
        return NULL;
    }
    if (s->deferrable) {
        pc->pending++;
        return NULL; /* collected later */
    }
    return collect(tx, true);
}

static enum store_step pg_step(struct store_stmt *st)
{
    struct pg_stmt *s = pg(st);
    if (s->executed)
        return ++s->row < s->nrows ? STORE_ROW : STORE_DONE;
    s->executed = true;
    s->nrows = 0;
    struct pg_conn *pc = pc_of(st->tx);
    s->result = execute(s, st->tx);
    if (!s->result)
        return pc->failed ? STORE_ERROR : STORE_DONE; /* deferred */
    if (pc->failed)
        return STORE_ERROR; /* an earlier write of this command failed */
    switch (PQresultStatus(s->result)) {
    case PGRES_COMMAND_OK:
        st->tx->changes = atoll(PQcmdTuples(s->result));
        return STORE_DONE;
    case PGRES_TUPLES_OK:
        st->tx->changes = atoll(PQcmdTuples(s->result));
        s->nrows = PQntuples(s->result);
        s->row = 0;
        return s->nrows > 0 ? STORE_ROW : STORE_DONE;
    default:
        note_failure(st->tx, s->result);
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

static int pg_column_count(struct store_stmt *st)
{
    return pg(st)->result ? PQnfields(pg(st)->result) : 0;
}

/* The exclusive lock is granted once the writes holding it shared have
 * ended, so no seq up to the sequence's value read under it can still be
 * added; the reader's snapshot comes after. Writes queue behind the request
 * while it waits, so it waits at most EVENT_SEQ_WAIT: a write stuck longer
 * (a node cut off mid-batch) must not stop every node's writes. A reader
 * that gives up gets 0, nothing settled beyond what it has, and asks again. */
#define EVENT_SEQ_WAIT "1s"

static PGresult *exec_one_row(struct store_tx *tx, const char *sql)
{
    PGresult *r = PQexec(pc_of(tx)->c, sql);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        return r;
    note_failure(tx, r);
    PQclear(r);
    return NULL;
}

static int64_t pg_settled_seq(struct store_tx *tx)
{
    PGconn *c = pc_of(tx)->c;
    PQclear(PQexec(c, "SET lock_timeout = '" EVENT_SEQ_WAIT "'"));
    PGresult *r = PQexec(c, "SELECT pg_advisory_lock(" EVENT_SEQ_LOCK ")");
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    bool locked = result_ok(r), gave_up = state && strcmp(state, "55P03") == 0;
    if (!locked)
        note_failure(tx, r);
    PQclear(r);
    PQclear(PQexec(c, "RESET lock_timeout"));
    if (!locked)
        return gave_up ? 0 : -1;
    r = exec_one_row(tx, "SELECT coalesce(pg_sequence_last_value("
                         "pg_get_serial_sequence('events', 'seq')::regclass), 0)");
    int64_t seq = r ? atoll(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    r = exec_one_row(tx, "SELECT pg_advisory_unlock(" EVENT_SEQ_LOCK ")");
    if (!r)
        seq = -1;
    PQclear(r);
    return seq;
}

static const char *pg_error(struct store_tx *tx)
{
    struct pg_conn *pc = pc_of(tx);
    return pc->message[0] ? pc->message : PQerrorMessage(pc->c);
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

/* ---- Commits of every node ---- */

struct notifier {
    struct store *store;
    char *url;
    pthread_t listen_thread, notify_thread;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    bool pending;
    atomic_bool stopping;
    unsigned commits;      /* since start, guarded by mu */
    size_t next_analyze;   /* into analyze_after */
    bool analyze_wanted;
};

/* A database migrated a moment ago has no statistics, and the generic plan
 * PostgreSQL caches for a prepared statement after five runs is made for
 * empty tables: the producer's eksternId lookup then takes the
 * (merkelapp, event_seq) index and reads every row of the merkelapp, until
 * autovacuum's first ANALYZE (up to a minute later) makes every session plan
 * again. So a node analyzes a small database itself after these numbers of
 * its commits. */
static const unsigned analyze_after[] = {50, 500, 5000};

static PGconn *connect_quietly(const char *url, const char *first_sql)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, first_sql);
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

static void *listen_main(void *arg)
{
    struct notifier *l = arg;
    PGconn *c = NULL;
    while (!atomic_load(&l->stopping)) {
        if (!c || PQstatus(c) != CONNECTION_OK) {
            PQfinish(c);
            if (!(c = connect_quietly(l->url, "LISTEN budstikke_commit"))) {
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

/* ANALYZE while the event log is under 20,000 rows (a big database has
 * statistics of its own, and analyzing it would cost more than it saves).
 * reltuples is -1 before the first ANALYZE. */
static void analyze_if_small(PGconn *c)
{
    PGresult *r = PQexec(c, "SELECT reltuples < 20000 FROM pg_class "
                            "WHERE relname = 'events' AND relkind = 'r'");
    bool small = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
                 strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    if (small)
        PQclear(PQexec(c, "ANALYZE"));
}

/* Commits within this long of a NOTIFY share the next one: a NOTIFY is a
 * transaction of its own, and one per batch cost the server as much as a
 * small batch. Other nodes run their hooks at most this much later. */
#define NOTIFY_SPACING_MS 2

/* Sends one NOTIFY for however many commits happened since the last. Its
 * connection commits asynchronously: the notification is no data to keep,
 * and its WAL flush need not wait among the writers'. */
static void *notify_main(void *arg)
{
    struct notifier *l = arg;
    PGconn *c = NULL;
    for (;;) {
        pthread_mutex_lock(&l->mu);
        while (!l->pending && !atomic_load(&l->stopping))
            pthread_cond_wait(&l->wake, &l->mu);
        bool stop = atomic_load(&l->stopping), analyze = l->analyze_wanted;
        l->pending = l->analyze_wanted = false;
        pthread_mutex_unlock(&l->mu);
        if (stop)
            break;
        if (!c || PQstatus(c) != CONNECTION_OK) {
            PQfinish(c);
            c = connect_quietly(l->url, "SET synchronous_commit = off");
        }
        if (c)
            PQclear(PQexec(c, "NOTIFY budstikke_commit"));
        if (c && analyze)
            analyze_if_small(c);
        poll(NULL, 0, NOTIFY_SPACING_MS);
    }
    PQfinish(c);
    return NULL;
}

static void pg_committed(void *state)
{
    struct notifier *l = state;
    pthread_mutex_lock(&l->mu);
    l->pending = true;
    l->commits++;
    if (l->next_analyze < sizeof analyze_after / sizeof analyze_after[0] &&
        l->commits >= analyze_after[l->next_analyze]) {
        l->next_analyze++;
        l->analyze_wanted = true;
    }
    pthread_cond_signal(&l->wake);
    pthread_mutex_unlock(&l->mu);
}

static void *pg_start(struct store *s, const char *url)
{
    struct notifier *l = nt_calloc(1, sizeof(*l));
    l->store = s;
    l->url = nt_strdup(url);
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->wake, NULL);
    pthread_create(&l->listen_thread, NULL, listen_main, l);
    pthread_create(&l->notify_thread, NULL, notify_main, l);
    return l;
}

static void pg_stop(void *state)
{
    struct notifier *l = state;
    pthread_mutex_lock(&l->mu);
    atomic_store(&l->stopping, true);
    pthread_cond_broadcast(&l->wake);
    pthread_mutex_unlock(&l->mu);
    pthread_join(l->listen_thread, NULL);
    pthread_join(l->notify_thread, NULL);
    pthread_mutex_destroy(&l->mu);
    pthread_cond_destroy(&l->wake);
    free(l->url);
    free(l);
}

const struct store_backend store_postgres_backend = {
    .name = "postgres",
    .migrations_prefix = "store/migrations/sqlite/",
    .translate_ddl = pg_translate_ddl,
    .writers = 3,
    .max_readers = 32,
    .begin_write = "BEGIN",
    .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    .row_locks = true,
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
    .column_count = pg_column_count,
    .error = pg_error,
    .migrate_lock = "SELECT pg_advisory_lock(7242001)",
    .migrate_unlock = "SELECT pg_advisory_unlock(7242001)",
    .start = pg_start,
    .stop = pg_stop,
    .committed = pg_committed,
    .flush = pg_flush,
    .commit = pg_commit,
    .writer_ready = pg_writer_ready,
    .settled_seq = pg_settled_seq,
};
