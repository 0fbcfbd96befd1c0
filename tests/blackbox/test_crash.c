/* Crash safety: kill -9 the server while clients are creating beskjeder;
 * after a restart every acknowledged create is stored exactly once, and
 * repeating it answers the same id. */
#include "blackbox.h"
#include "check.h"
#include "store/store.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { CLIENTS = 8, MAX_PER_CLIENT = 2000 };

static struct bb_server srv;
static char auth[4200];
static volatile int killed;

struct acked {
    char ekstern_id[48];
    char id[40];
};

struct client {
    int n;
    struct acked acked[MAX_PER_CLIENT];
    int nacked;
};

static struct client clients[CLIENTS];

static void body_for(char *out, size_t n, const char *ekstern_id)
{
    snprintf(out, n,
             "{\"query\":\"mutation N($b: NyBeskjedInput!) { nyBeskjed(nyBeskjed: $b) { "
             "__typename ... on NyBeskjedVellykket { id } } }\",\"variables\":{\"b\":{\"metadata\":"
             "{\"eksternId\":\"%s\",\"virksomhetsnummer\":\"910825526\"},\"mottakere\":[{\"altinn\":"
             "{\"serviceCode\":\"4936\",\"serviceEdition\":\"1\"}}],\"notifikasjon\":{\"merkelapp\":"
             "\"tiltak\",\"tekst\":\"Krasjtest\",\"lenke\":\"https://tiltak.example/\"}}}}",
             ekstern_id);
}

static void *client_main(void *arg)
{
    struct client *c = arg;
    for (int i = 0; i < MAX_PER_CLIENT && !killed; i++) {
        char ekstern_id[48], body[1024];
        snprintf(ekstern_id, sizeof ekstern_id, "crash-%d-%d", c->n, i);
        body_for(body, sizeof body, ekstern_id);
        struct bb_reply *r = malloc(sizeof(*r));
        bb_request(&srv, "POST", "/api/producer/graphql", body, strlen(body), auth, r);
        const char *id = strstr(r->body, "\"id\":\"");
        if (r->status == 200 && id && strstr(r->body, "NyBeskjedVellykket")) {
            struct acked *a = &c->acked[c->nacked++];
            snprintf(a->ekstern_id, sizeof a->ekstern_id, "%s", ekstern_id);
            snprintf(a->id, sizeof a->id, "%.36s", id + 6);
        }
        free(r);
    }
    return NULL;
}

static void setup(void)
{
    bb_setup();
    bb_producer_setup("{\"producers\":[{\"id\":\"crash\",\"merkelapper\":[\"tiltak\"],"
                      "\"mottakere\":[{\"altinn\":{\"serviceCode\":\"4936\",\"serviceEdition\":"
                      "\"1\"}}]}]}");
    CHECK_EQ_INT(bb_mint_token("producer", "crash", auth, sizeof auth), 0);
    CHECK_EQ_INT(bb_start_producer_server(&srv), 0);
}

static int total_acked(void)
{
    int n = 0;
    for (int i = 0; i < CLIENTS; i++)
        n += clients[i].nacked;
    return n;
}

static void kill_9_under_load(void)
{
    pthread_t t[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        clients[i].n = i;
        pthread_create(&t[i], NULL, client_main, &clients[i]);
    }
    for (int waited = 0; waited < 100 && total_acked() < 200; waited++)
        bb_sleep_ms(50);
    kill(srv.pid, SIGKILL);
    killed = 1;
    waitpid(srv.pid, NULL, 0);
    for (int i = 0; i < CLIENTS; i++)
        pthread_join(t[i], NULL);
    CHECK(total_acked() >= 200);
    printf("# %d creates acknowledged before kill -9\n", total_acked());
}

struct stored_check {
    int missing, wrong;
};

/* Looks every acknowledged create up in the database (either backend). */
static int check_stored(struct store_tx *tx, void *arg)
{
    struct stored_check *c = arg;
    for (int i = 0; i < CLIENTS; i++) {
        for (int k = 0; k < clients[i].nacked; k++) {
            const struct acked *a = &clients[i].acked[k];
            struct store_stmt *q = store_prepare(
                tx, "SELECT id, (SELECT count(*) FROM events WHERE aggregate_id = n.id) FROM "
                    "notifikasjon n WHERE merkelapp = 'tiltak' AND ekstern_id = ?");
            store_bind_text(q, 1, a->ekstern_id);
            if (store_step(q) != STORE_ROW) {
                c->missing++;
                continue;
            }
            if (strcmp(store_column_text(q, 0), a->id) != 0 || store_column_int64(q, 1) != 1)
                c->wrong++;
        }
    }
    return 0;
}

static void every_acknowledged_create_is_there_once(void)
{
    char *err = NULL;
    struct store *db = store_open(bb_db_url(), &err);
    CHECK(db != NULL);
    struct stored_check c = {0};
    if (db)
        CHECK_EQ_INT(store_read(db, check_stored, &c), 0);
    store_close(db);
    free(err);
    CHECK_EQ_INT(c.missing, 0);
    CHECK_EQ_INT(c.wrong, 0);
}

static void restart_answers_the_same_ids(void)
{
    CHECK_EQ_INT(bb_start_producer_server(&srv), 0);
    for (int i = 0; i < CLIENTS; i++) {
        if (!clients[i].nacked)
            continue;
        const struct acked *a = &clients[i].acked[clients[i].nacked - 1];
        char body[1024];
        body_for(body, sizeof body, a->ekstern_id);
        struct bb_reply *r = malloc(sizeof(*r));
        bb_request(&srv, "POST", "/api/producer/graphql", body, strlen(body), auth, r);
        CHECK_CONTAINS(r->body, a->id);
        free(r);
    }
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"kill_9_under_load", kill_9_under_load},
    {"every_acknowledged_create_is_there_once", every_acknowledged_create_is_there_once},
    {"restart_answers_the_same_ids", restart_answers_the_same_ids},
};

CHECK_MAIN("blackbox/crash", cases)
