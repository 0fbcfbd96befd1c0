/* The producer API's durable nyBeskjed without HTTP: THREADS callers (like
 * HTTP connections) each run the load script's mutation (a fresh eksternId,
 * the variables of ../shared/bench/load/graphql-mutation.lua) through the
 * engine, the resolvers and the store's group-commit writer on a real
 * database, and wait for the answer. Prints operations/s, caller-seen
 * latency percentiles and the process's CPU time per operation. THREADS=1
 * with a small count runs under callgrind for repeatable instruction counts.
 * Every read model of serve is registered, as in production.
 * usage: bench_producer [SECONDS=5] [THREADS=64] [DB=sqlite:bench-producer.db] */
#include "api/dialog/read_model.h"
#include "api/producer/producer.h"
#include "api/producer/read_model.h"
#include "api/user/read_model.h"
#include "auth/registry.h"
#include "base/buf.h"
#include "events/evlog.h"
#include "notify/sender.h"
#include "scheduler/scheduler.h"
#include "store/store.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static struct api_producer *api;
static double seconds = 5;
static volatile int stop;

static const char *query =
    "mutation NyBeskjed($nyBeskjed: NyBeskjedInput!) { nyBeskjed(nyBeskjed: $nyBeskjed) { "
    "__typename ... on NyBeskjedVellykket { id } ... on DuplikatEksternIdOgMerkelapp { feilmelding "
    "} } }";

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec +
           (double)u.ru_stime.tv_usec / 1e6;
}

struct worker {
    int id;
    long ops;
    double *lat;
    long cap;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    static const char *const orgs[] = {"910825526", "910825527", "910825528", "910825529", "910825530"};
    struct nt_buf out;
    nt_buf_init(&out, 0);
    while (!stop) {
        long n = w->ops;
        char ekstern[64], tekst[96], lenke[96], gid[32];
        snprintf(ekstern, sizeof ekstern, "%lx-%d-%ld", (long)time(NULL), w->id, n);
        snprintf(tekst, sizeof tekst, "Du har en ny beskjed om tiltak nummer %ld", n);
        snprintf(lenke, sizeof lenke, "https://tiltak.example/beskjed/%ld", n);
        snprintf(gid, sizeof gid, "sak-%ld", n % 1000);
        json_t *vars = json_pack(
            "{s:{s:{s:s,s:s,s:s},s:[{s:{s:s,s:s}}],s:{s:s,s:s,s:s}}}", "nyBeskjed", "metadata",
            "eksternId", ekstern, "virksomhetsnummer", orgs[n % 5], "grupperingsid", gid,
            "mottakere", "altinn", "serviceCode", "4936", "serviceEdition", "1", "notifikasjon",
            "merkelapp", "tiltak", "tekst", tekst, "lenke", lenke);
        double t0 = now();
        nt_buf_reset(&out);
        api_producer_execute(api, "bench", query, vars, &out);
        if (!strstr(nt_buf_str(&out), "NyBeskjedVellykket")) {
            fprintf(stderr, "unexpected answer: %s\n", nt_buf_str(&out));
            exit(1);
        }
        if (w->ops < w->cap)
            w->lat[w->ops] = now() - t0;
        w->ops++;
        json_decref(vars);
    }
    nt_buf_free(&out);
    return NULL;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    seconds = argc > 1 ? atof(argv[1]) : 5;
    int threads = argc > 2 ? atoi(argv[2]) : 64;
    const char *url = argc > 3 ? argv[3] : "sqlite:bench-producer.db";
    char *err = NULL;
    struct store *store = store_open(url, &err);
    struct auth_registry *registry = auth_registry_parse(
        "{\"producers\":[{\"id\":\"bench\",\"merkelapper\":[\"tiltak\"],\"mottakere\":[{\"altinn\":"
        "{\"serviceCode\":\"4936\",\"serviceEdition\":\"1\"}}]}]}",
        &err);
    if (!store || !registry) {
        fprintf(stderr, "bench_producer: %s\n", err ? err : "set-up failed");
        return 1;
    }
    /* every read model serve registers, so an operation costs what it costs there */
    evlog_register(&producer_read_model);
    evlog_register(&user_read_model);
    evlog_register(&dialog_read_model);
    scheduler_register_projection();
    notify_register_projection();
    struct api_producer_config cfg = {.store = store, .registry = registry};
    api = api_producer_new(&cfg, &err);
    if (!api) {
        fprintf(stderr, "bench_producer: %s\n", err);
        return 1;
    }
    struct worker *w = calloc((size_t)threads, sizeof(*w));
    pthread_t *t = calloc((size_t)threads, sizeof(*t));
    double cpu0 = cpu_seconds(), t0 = now();
    for (int i = 0; i < threads; i++) {
        w[i] = (struct worker){.id = i, .cap = 1000000, .lat = calloc(1000000, sizeof(double))};
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    while (now() - t0 < seconds) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    stop = 1;
    long total = 0, kept = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        total += w[i].ops;
        kept += w[i].ops < w[i].cap ? w[i].ops : w[i].cap;
    }
    double elapsed = now() - t0, cpu = cpu_seconds() - cpu0;
    double *all = calloc((size_t)kept + 1, sizeof(double));
    long k = 0;
    for (int i = 0; i < threads; i++)
        for (long j = 0; j < w[i].ops && j < w[i].cap; j++)
            all[k++] = w[i].lat[j];
    qsort(all, (size_t)k, sizeof(double), compare);
    printf("RESULT ops=%ld duration_s=%.3f ops_per_s=%.1f p50_ms=%.3f p99_ms=%.3f cpu_us_per_op=%.1f\n",
           total, elapsed, (double)total / elapsed, k ? all[k / 2] * 1000 : 0,
           k ? all[k * 99 / 100] * 1000 : 0, total ? cpu * 1e6 / (double)total : 0);
    api_producer_free(api);
    store_close(store);
    auth_registry_free(registry);
    return 0;
}
