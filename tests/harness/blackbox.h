/* Helpers for black-box tests: the budstikke binary of this build, started
 * on a free loopback port with a temporary directory, driven with libcurl.
 * Every wait is bounded. */
#ifndef BLACKBOX_H
#define BLACKBOX_H
#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

extern char bb_binary[PATH_MAX + 16];
extern char bb_workdir[];

struct bb_server {
    pid_t pid;
    unsigned port;
    char log_path[PATH_MAX];
};

struct bb_reply {
    long status;
    char body[1 << 16];
    size_t len;
    char etag[64];
    char content_type[128];
};

/* Finds the binary next to the test and makes the work directory. With
 * BUDSTIKKE_TEST_PG set to a PostgreSQL URL (tools/pg-cluster.sh), the
 * test's database is a fresh PostgreSQL database on that server instead of
 * a SQLite file in the work directory. */
void bb_setup(void);
/* The database every server of this test uses (--db); stable across restarts. */
const char *bb_db_url(void);
/* Switches the test to another fresh database (of the same kind) for the
 * servers started from now on. */
void bb_new_database(void);
/* For unit tests: a fresh database URL of the configured kind; sqlite_path
 * is used when no PostgreSQL server is configured. Returns out. */
char *bb_fresh_db_url(const char *sqlite_path, char *out, size_t n);
void bb_sleep_ms(int ms);
/* The file's contents (malloc'ed; "" when missing). */
char *bb_read_file(const char *path);
/* Writes text to a new file renamed over path, so a server watching path
 * sees a new file (a new inode) at once. */
void bb_write_file(const char *path, const char *text);
/* Starts `budstikke serve` on 127.0.0.1:0 with a database in the work
 * directory and the extra arguments; 0 once it logged its port. */
int bb_start_server(struct bb_server *s, const char *const *extra);
/* Sends sig and waits up to 10 s; the exit status, or -1. */
int bb_stop_server(struct bb_server *s, int sig);
/* One HTTP request; header may be NULL; a body is sent as JSON. */
void bb_request(const struct bb_server *s, const char *method, const char *path, const char *body,
                size_t body_len, const char *header, struct bb_reply *r);
/* Runs the binary with args; its output (stdout and stderr) goes to out. */
int bb_run_binary(const char *const *args, char *out, size_t out_size);

/* The producer API's test setup: writes the registry JSON and picks a dev
 * key file in the work directory. */
void bb_producer_setup(const char *registry_json);
/* "Authorization: Bearer <development token>" for kind (producer|user). */
int bb_mint_token(const char *kind, const char *subject, char *header, size_t header_size);
/* bb_setup plus a registry where dev:tiltak owns merkelapp "tiltak" and the
 * altinn recipient service_code:1, and that producer's header into auth. */
void bb_tiltak_setup(const char *service_code, char *auth, size_t auth_size);
/* Starts serve with --dev, the dev key and the registry of bb_producer_setup,
 * with the api role only (no scheduler or senders acting meanwhile). */
int bb_start_producer_server(struct bb_server *s);
/* With every role and more arguments (NULL-terminated), e.g. --access FILE. */
int bb_start_producer_server_with(struct bb_server *s, const char *const *more);

/* The registry most producer tests share: dev:tiltak owns the guide's
 * merkelapper (Tiltak, Pensjon, EtSakssystem, Sykemelding, Skademelding,
 * fager, tag) and recipients (altinn 4321:1, 1234:1, 1:1, 4936:1, 5441:1;
 * altinnRessurs nav_tiltak, nav_sykepenger_inntektsmelding; altinnRolle
 * DAGL; altinnReportee; naermesteLeder); dev:annen owns "Annen" (nav_tiltak,
 * naermesteLeder); dev:ukjent is in no registry. */
struct bb_producers {
    char tiltak[4200], annen[4200], ukjent[4200]; /* "Authorization: Bearer ..." */
};
/* bb_setup, that registry, the three tokens, and the server; 0 when up. */
int bb_producer_start(struct bb_server *s, struct bb_producers *auth);

/* ---- The producer API from tests ----
 * In query and variables, a single quote stands for a double quote, so
 * tests read like GraphQL: bb_gql(s, auth, "{ hentSak(id: 'x') { __typename } }",
 * "{'x': 1}", &r). Variables may be NULL. */
void bb_gql(const struct bb_server *s, const char *auth_header, const char *query,
            const char *variables, struct bb_reply *r);
/* printf into the variables first. */
void bb_gqlf(const struct bb_server *s, const char *auth_header, const char *query,
             struct bb_reply *r, const char *variables_fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The string (or number, or true/false/null as text) at a dotted path of a
 * JSON text, e.g. "data.nySak.id" or "data.x.edges.0.cursor"; "" when absent.
 * Returns out. */
const char *bb_json_at(const char *json, const char *path, char *out, size_t size);

/* The value at a dotted path of a parsed JSON value ("data.saker.saker.0.id";
 * numbers index arrays); NULL when absent. Borrowed from v. */
struct json_t;
struct json_t *bb_json_path(struct json_t *v, const char *path);

/* A streamed answer read as it arrives (Server-Sent Events): a thread runs
 * GET path on the server until bb_sse_close. */
struct bb_sse;
struct bb_sse *bb_sse_open(const struct bb_server *s, const char *path);
/* Waits up to timeout_ms for text to have arrived; true when it has (on
 * failure what did arrive is printed). */
int bb_sse_wait(struct bb_sse *e, const char *text, int timeout_ms);
/* Whether text has arrived so far. */
int bb_sse_has(struct bb_sse *e, const char *text);
void bb_sse_close(struct bb_sse *e);

/* For tests that feed read models directly: appends one event (payload
 * serialised, then released) through the store's writer and every
 * registered projection; returns the command's result. */
struct store;
int bb_emit_event(struct store *s, const char *type, const char *aggregate,
                  struct json_t *payload);

/* ---- The database of the work directory (read-only, beside the server) ----
 * Rows of a query as "col|col\n" lines into out; returns the row count or -1. */
int bb_db_rows(const char *sql, char *out, size_t size);
/* The number a count(*) query answers (-1 when it fails); how many events
 * the aggregate has in the log. */
int bb_db_count(const char *sql);
int bb_events_of(const char *aggregate);
/* Runs one statement on the database with the server stopped (as another
 * writer would); 0 or -1 with the error on stderr. */
int bb_db_exec(const char *sql);
/* bb_json_at of the payload of the aggregate's latest event (of that type,
 * NULL: any): "" when absent. */
const char *bb_event_at(const char *aggregate, const char *type, const char *path, char *out,
                        size_t size);
/* Every table the store's migrations made (read models and all), rows in
 * a fixed order, except the event log itself and the migration records:
 * malloc'ed text for comparing states. */
char *bb_db_dump_read_models(void);

#endif
