/* Several nodes on one database (issue 6): two `budstikke serve` processes
 * share the test's database (PostgreSQL under BUDSTIKKE_TEST_PG, else one
 * SQLite file). A write through one node is visible through the other, and
 * the idempotency rules hold when the same create arrives at both nodes at
 * the same moment. */
#include "blackbox.h"
#include "check.h"
#include "base/embed.h"
#include "store/store.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static struct bb_server node[2];
static char auth[4200];

static void two_nodes_start_on_one_database(void)
{
    bb_tiltak_setup("4936", auth, sizeof auth);
    CHECK_EQ_INT(bb_start_producer_server(&node[0]), 0);
    CHECK_EQ_INT(bb_start_producer_server(&node[1]), 0);
    CHECK(node[0].port != node[1].port);
}

/* nyBeskjed with this eksternId and text through node n. */
static void create(int n, const char *ekstern_id, const char *tekst, struct bb_reply *r)
{
    char body[2048];
    snprintf(body, sizeof body,
             "{\"query\":\"mutation { nyBeskjed(nyBeskjed: { metadata: { eksternId: \\\"%s\\\" "
             "virksomhetsnummer: \\\"910825496\\\" } mottakere: [{ altinn: { serviceCode: "
             "\\\"4936\\\" serviceEdition: \\\"1\\\" } }] notifikasjon: { merkelapp: \\\"tiltak\\\" "
             "tekst: \\\"%s\\\" lenke: \\\"https://tiltak.example/1\\\" } }) { __typename ... on "
             "NyBeskjedVellykket { id } ... on DuplikatEksternIdOgMerkelapp { idTilEksisterende } } }\"}",
             ekstern_id, tekst);
    bb_request(&node[n], "POST", "/api/producer/graphql", body, strlen(body), auth, r);
}

/* The 36-character id after key in the body, or "". */
static void id_after(const char *body, const char *key, char out[40])
{
    const char *p = strstr(body, key);
    snprintf(out, 40, "%.36s", p ? p + strlen(key) : "");
}

static void a_write_through_one_node_is_read_through_the_other(void)
{
    struct bb_reply *r = calloc(1, sizeof(*r));
    create(0, "seen-on-both", "Skrevet via node 0", r);
    char id[40];
    id_after(r->body, "\"id\":\"", id);
    CHECK_EQ_INT(strlen(id), 36);
    char body[512];
    snprintf(body, sizeof body,
             "{\"query\":\"{ hentNotifikasjon(id: \\\"%s\\\") { __typename ... on HentetNotifikasjon "
             "{ notifikasjon { __typename ... on Beskjed { beskjed { tekst } } } } } }\"}",
             id);
    bb_request(&node[1], "POST", "/api/producer/graphql", body, strlen(body), auth, r);
    CHECK_CONTAINS(r->body, "\"tekst\":\"Skrevet via node 0\"");
    free(r);
}

enum { RACERS = 8, ROUNDS = 20 };

struct racer {
    int index, round;
    const char *tekst; /* NULL: every racer sends the same text */
    pthread_barrier_t *start;
    char answer[8192];
};

static void *race(void *arg)
{
    struct racer *rc = arg;
    struct bb_reply *r = calloc(1, sizeof(*r));
    char ekstern[64], tekst[64];
    snprintf(ekstern, sizeof ekstern, "race-%s-%d", rc->tekst ? "diff" : "same", rc->round);
    snprintf(tekst, sizeof tekst, "%s %d", rc->tekst ? rc->tekst : "Samme", rc->tekst ? rc->index : 0);
    pthread_barrier_wait(rc->start);
    create(rc->index % 2, ekstern, tekst, r);
    size_t n = r->len < sizeof rc->answer - 1 ? r->len : sizeof rc->answer - 1;
    memcpy(rc->answer, r->body, n);
    rc->answer[n] = '\0';
    free(r);
    return NULL;
}

/* RACERS requests for one eksternId at once, half to each node. */
static void run_round(struct racer *racers, int round, const char *tekst)
{
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, RACERS);
    pthread_t t[RACERS];
    for (int i = 0; i < RACERS; i++) {
        racers[i] = (struct racer){.index = i, .round = round, .tekst = tekst, .start = &start};
        pthread_create(&t[i], NULL, race, &racers[i]);
    }
    for (int i = 0; i < RACERS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
}

struct count_args {
    const char *ekstern_id;
    int64_t rows, events;
};

static int count_stored(struct store_tx *tx, void *arg)
{
    struct count_args *c = arg;
    struct store_stmt *q = store_prepare(
        tx, "SELECT count(*), (SELECT count(*) FROM events e JOIN notifikasjon n ON "
            "e.aggregate_id = n.id WHERE n.merkelapp = 'tiltak' AND n.ekstern_id = ?) FROM "
            "notifikasjon WHERE merkelapp = 'tiltak' AND ekstern_id = ?");
    store_bind_text(q, 1, c->ekstern_id);
    store_bind_text(q, 2, c->ekstern_id);
    if (store_step(q) != STORE_ROW)
        return -1;
    c->rows = store_column_int64(q, 0);
    c->events = store_column_int64(q, 1);
    return 0;
}

static void stored_once(struct store *db, const char *ekstern_id)
{
    struct count_args c = {.ekstern_id = ekstern_id};
    CHECK_EQ_INT(store_read(db, count_stored, &c), 0);
    if (c.rows != 1 || c.events != 1)
        check__fail(__FILE__, __LINE__, "%s: %lld rows, %lld events", ekstern_id,
                    (long long)c.rows, (long long)c.events);
}

static void the_same_create_at_both_nodes_is_stored_once(void)
{
    char *err = NULL;
    struct store *db = store_open(bb_db_url(), &err);
    CHECK(db != NULL);
    static struct racer racers[RACERS];
    for (int round = 0; round < ROUNDS && db; round++) {
        run_round(racers, round, NULL);
        char first[40], id[40];
        id_after(racers[0].answer, "\"id\":\"", first);
        CHECK_EQ_INT(strlen(first), 36);
        for (int i = 0; i < RACERS; i++) {
            id_after(racers[i].answer, "\"id\":\"", id);
            if (!strstr(racers[i].answer, "NyBeskjedVellykket") || strcmp(id, first) != 0)
                check__fail(__FILE__, __LINE__, "round %d racer %d: %s", round, i, racers[i].answer);
        }
        char ekstern[64];
        snprintf(ekstern, sizeof ekstern, "race-same-%d", round);
        stored_once(db, ekstern);
    }
    store_close(db);
    free(err);
}

static void different_creates_at_both_nodes_make_one_winner(void)
{
    char *err = NULL;
    struct store *db = store_open(bb_db_url(), &err);
    CHECK(db != NULL);
    static struct racer racers[RACERS];
    for (int round = 0; round < ROUNDS && db; round++) {
        run_round(racers, round, "Ulik");
        int winners = 0;
        char winner[40] = "", id[40];
        for (int i = 0; i < RACERS; i++) {
            if (strstr(racers[i].answer, "NyBeskjedVellykket")) {
                winners++;
                id_after(racers[i].answer, "\"id\":\"", winner);
            }
        }
        CHECK_EQ_INT(winners, 1);
        for (int i = 0; i < RACERS; i++) {
            if (strstr(racers[i].answer, "NyBeskjedVellykket"))
                continue;
            id_after(racers[i].answer, "\"idTilEksisterende\":\"", id);
            if (!strstr(racers[i].answer, "DuplikatEksternIdOgMerkelapp") || strcmp(id, winner) != 0)
                check__fail(__FILE__, __LINE__, "round %d racer %d: %s", round, i, racers[i].answer);
        }
        char ekstern[64];
        snprintf(ekstern, sizeof ekstern, "race-diff-%d", round);
        stored_once(db, ekstern);
    }
    store_close(db);
    free(err);
}

struct migration_count {
    int64_t rows;
};

static int count_migrations(struct store_tx *tx, void *arg)
{
    struct migration_count *c = arg;
    struct store_stmt *q =
        store_prepare(tx, "SELECT count(*) FROM schema_migrations");
    if (store_step(q) != STORE_ROW)
        return -1;
    c->rows = store_column_int64(q, 0);
    return 0;
}

/* Nodes starting together on a new database apply each migration once. */
static void migrations_run_once_when_nodes_start_together(void)
{
    char path[PATH_MAX], url[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/together.db", bb_workdir);
    bb_fresh_db_url(path, url, sizeof url);
    enum { NODES = 4 };
    pid_t pids[NODES];
    for (int i = 0; i < NODES; i++) {
        if ((pids[i] = fork()) == 0) {
            freopen("/dev/null", "w", stdout);
            execl(bb_binary, bb_binary, "migrate", "--db", url, (char *)NULL);
            _exit(127);
        }
    }
    for (int i = 0; i < NODES; i++) {
        int status = -1;
        waitpid(pids[i], &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    char *err = NULL;
    struct store *db = store_open(url, &err);
    CHECK(db != NULL);
    struct migration_count c = {0};
    if (db)
        CHECK_EQ_INT(store_read(db, count_migrations, &c), 0);
    store_close(db);
    free(err);
    /* a second application would have failed its process (the tables
     * exist); and none is missing */
    int64_t files = 0;
    for (const struct nt_embedded *e = nt_embedded_files; e->name; e++)
        files += strncmp(e->name, "store/migrations/sqlite/", 24) == 0;
    CHECK(files >= 3);
    CHECK_EQ_INT(c.rows, files);
}

static void stop_nodes(void)
{
    CHECK_EQ_INT(bb_stop_server(&node[0], SIGTERM), 0);
    CHECK_EQ_INT(bb_stop_server(&node[1], SIGTERM), 0);
}

static const struct check_case cases[] = {
    {"two_nodes_start_on_one_database", two_nodes_start_on_one_database},
    {"a_write_through_one_node_is_read_through_the_other",
     a_write_through_one_node_is_read_through_the_other},
    {"the_same_create_at_both_nodes_is_stored_once", the_same_create_at_both_nodes_is_stored_once},
    {"different_creates_at_both_nodes_make_one_winner",
     different_creates_at_both_nodes_make_one_winner},
    {"migrations_run_once_when_nodes_start_together",
     migrations_run_once_when_nodes_start_together},
    {"stop_nodes", stop_nodes},
};

CHECK_MAIN("blackbox/multinode", cases)
