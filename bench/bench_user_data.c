/* Builds the user API benchmark's data (bench/run-user.sh): N notifications
 * (default 1,000,000) in 100,000 organisations, 10 per organisation, 4 per
 * sak (250,000 saker), a third of them oppgaver of which a third are done;
 * every recipient is the Altinn service 4321:1 of its organisation. The
 * events go through the store in large commands and the user read model is
 * folded from them as they are appended (as live writes do). 2,000 other
 * persons with rights in 1-20 organisations each have their grants applied
 * first, so the visibility tables hold their rows too. Writes the access
 * file in which the benchmark person (16120101181) has rights in 1,000
 * organisations (every 100th), and prints the build time.
 * usage: bench_user_data DB_URL ACCESS_FILE [NOTIFICATIONS] */
#include "api/user/read_model.h"
#include "api/user/visibility.h"
#include "base/clock.h"
#include "domain/oslo_time.h"
#include "events/evlog.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ORGS 100000
#define PER_SAK 4
#define OTHER_PERSONS 2000
#define BATCH 2000
#define PERSON "16120101181"

static long long n_total = 1000000;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void org_of(long long o, char out[32])
{
    snprintf(out, 32, "8%08lld", o % 100000000);
}

static int emit(struct store_tx *tx, const char *type, const char *aggregate, json_t *payload,
                int64_t at)
{
    char *text = json_dumps(payload, JSON_COMPACT);
    struct evlog_event e = {.aggregate_id = aggregate, .type = type, .payload = text,
                            .producer = "bench", .created_at = at};
    int rc = evlog_emit(tx, &e);
    free(text);
    json_decref(payload);
    return rc;
}

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

static int other_grants(struct store_tx *tx, void *arg)
{
    (void)arg;
    for (int p = 0; p < OTHER_PERSONS; p++) {
        char fnr[16];
        snprintf(fnr, sizeof fnr, "3%010d", p);
        int n = 1 + (int)(next() % 20);
        for (int i = 0; i < n; i++) {
            char org[32];
            org_of(next() % ORGS, org);
            if (vis_grant_add(tx, fnr, org, "altinn:4321:1", false) != 0)
                return -1;
        }
    }
    return 0;
}

static json_t *recipients(const char *org)
{
    return json_pack("[{s:s,s:s,s:s,s:s}]", "kind", "altinn", "a", "4321", "b", "1",
                     "virksomhetsnummer", org);
}

/* The events of notification n (and of its sak when n opens one). */
static int one(struct store_tx *tx, long long n)
{
    long long sak = n / PER_SAK;
    char org[32], id[40], sak_id[40], gid[40], when[64];
    org_of(sak % ORGS, org);
    snprintf(id, sizeof id, "n-%lld", n);
    snprintf(sak_id, sizeof sak_id, "s-%lld", sak);
    snprintf(gid, sizeof gid, "g-%lld", sak);
    int64_t at = 1735689600000000LL + n * 30000000LL; /* from 2025-01-01, every 30 s */
    dom_format_instant(at, when, sizeof when);
    if (n % PER_SAK == 0) {
        if (emit(tx, "SakOpprettet", sak_id,
                 json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s}", "sakId", sak_id, "merkelapp",
                           sak % 3 ? "Tiltak" : "Sykepenger", "grupperingsid", gid,
                           "virksomhetsnummer", org, "tittel", "Søknad om lønnstilskudd",
                           "mottakere", recipients(org), "mottattTidspunkt", when),
                 at) != 0)
            return -1;
    }
    bool oppgave = n % 3 == 1;
    json_t *p = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "notifikasjonId", id,
                          "merkelapp", sak % 3 ? "Tiltak" : "Sykepenger", "eksternId", id,
                          "virksomhetsnummer", org, "grupperingsid", gid, "tekst",
                          oppgave ? "Du må signere avtalen om lønnstilskudd"
                                  : "Vi har mottatt søknaden din om lønnstilskudd",
                          "lenke", "https://tiltak.example/sak/12345", "opprettetTidspunkt", when,
                          "mottakere", recipients(org));
    if (oppgave)
        json_object_set_new(p, "tilstand", json_string("NY"));
    if (emit(tx, oppgave ? "OppgaveOpprettet" : "BeskjedOpprettet", id, p, at) != 0)
        return -1;
    if (oppgave && n % 9 == 1)
        return emit(tx, "OppgaveUtfoert", id,
                    json_pack("{s:s,s:s}", "notifikasjonId", id, "utfoertTidspunkt", when), at);
    return 0;
}

struct batch {
    long long from, to;
};

static int write_batch(struct store_tx *tx, void *arg)
{
    struct batch *b = arg;
    for (long long n = b->from; n < b->to; n++)
        if (one(tx, n) != 0)
            return -1;
    return 0;
}

static void write_access(const char *path)
{
    json_t *orgs = json_array();
    for (long long o = 0; o < ORGS; o += ORGS / 1000) {
        char org[32], navn[64];
        org_of(o, org);
        snprintf(navn, sizeof navn, "Virksomhet %lld AS", o);
        json_array_append_new(orgs, json_pack("{s:s,s:s,s:[{s:s,s:s}]}", "virksomhetsnummer",
                                              org, "navn", navn, "altinn", "serviceCode", "4321",
                                              "serviceEdition", "1"));
    }
    json_t *root = json_pack("{s:[{s:s,s:o}]}", "personer", "fnr", PERSON, "virksomheter", orgs);
    json_dump_file(root, path, JSON_COMPACT);
    json_decref(root);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_user_data DB_URL ACCESS_FILE [NOTIFICATIONS]\n");
        return 2;
    }
    if (argc > 3)
        n_total = atoll(argv[3]);
    write_access(argv[2]);
    char *err = NULL;
    struct store *s = store_open(argv[1], &err);
    if (!s) {
        fprintf(stderr, "bench_user_data: %s\n", err);
        return 1;
    }
    if (!getenv("BENCH_NO_MODEL") || !*getenv("BENCH_NO_MODEL"))
        evlog_register(&user_read_model);
    double t0 = now_s();
    if (store_write(s, other_grants, NULL) != 0) {
        fprintf(stderr, "bench_user_data: grants failed\n");
        return 1;
    }
    for (long long from = 0; from < n_total; from += BATCH) {
        struct batch b = {from, from + BATCH < n_total ? from + BATCH : n_total};
        if (store_write(s, write_batch, &b) != 0) {
            fprintf(stderr, "bench_user_data: batch at %lld failed\n", from);
            return 1;
        }
        if (from % 100000 == 0 && from)
            fprintf(stderr, "  %lld notifications, %.0f s\n", from, now_s() - t0);
    }
    printf("RESULT data notifications=%lld saker=%lld build_seconds=%.1f\n", n_total,
           n_total / PER_SAK, now_s() - t0);
    store_close(s);
    return 0;
}
