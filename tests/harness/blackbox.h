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
};

/* Finds the binary next to the test and makes the work directory. With
 * BUDSTIKKE_TEST_PG set to a PostgreSQL URL (tools/pg-cluster.sh), the
 * test's database is a fresh PostgreSQL database on that server instead of
 * a SQLite file in the work directory. */
void bb_setup(void);
/* The database every server of this test uses (--db); stable across restarts. */
const char *bb_db_url(void);
/* For unit tests: a fresh database URL of the configured kind; sqlite_path
 * is used when no PostgreSQL server is configured. Returns out. */
char *bb_fresh_db_url(const char *sqlite_path, char *out, size_t n);
void bb_sleep_ms(int ms);
/* The file's contents (malloc'ed; "" when missing). */
char *bb_read_file(const char *path);
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
/* Starts serve with --dev, the dev key and the registry of bb_producer_setup. */
int bb_start_producer_server(struct bb_server *s);
/* The same with more arguments (NULL-terminated), e.g. --access FILE. */
int bb_start_producer_server_with(struct bb_server *s, const char *const *more);

#endif
