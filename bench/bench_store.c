/* Durable writes through the store's group-commit writer, as 64 HTTP
 * connections would make them: each thread appends one event and waits for
 * its commit (synchronous=FULL, WAL) before the next. Prints events/s and
 * commit-latency percentiles seen by the callers.
 * usage: bench_store [SECONDS=5] [THREADS=64] [DB=sqlite:bench-store.db] */
#include "events/evlog.h"
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct store *store;
static double seconds = 5;
static volatile int stop;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct worker {
    int id;
    long ops;
    double *lat;
    long cap;
};

static int append(struct store_tx *tx, void *arg)
{
    char *aggregate = arg;
    struct evlog_event e = {.aggregate_id = aggregate, .type = "BeskjedOpprettet",
                            .payload = "{\"merkelapp\":\"tiltak\",\"tekst\":\"Du har en ny beskjed om "
                                       "tiltak\",\"lenke\":\"https://tiltak.example/beskjed/1\","
                                       "\"virksomhetsnummer\":\"910825526\"}",
                            .producer = "bench", .created_at = 1};
    return evlog_append(tx, &e, NULL, 0);
}

static void *work(void *arg)
{
    struct worker *w = arg;
    char aggregate[64];
    while (!stop) {
        snprintf(aggregate, sizeof aggregate, "bench-%d-%ld", w->id, w->ops);
        double t0 = now();
        if (store_write(store, append, aggregate) != 0) {
            fprintf(stderr, "write failed\n");
            exit(1);
        }
        if (w->ops < w->cap)
            w->lat[w->ops] = now() - t0;
        w->ops++;
    }
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    seconds = argc > 1 ? atof(argv[1]) : 5;
    int nthreads = argc > 2 ? atoi(argv[2]) : 64;
    const char *url = argc > 3 ? argv[3] : "sqlite:bench-store.db";
    char *err = NULL;
    store = store_open(url, &err);
    if (!store) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    struct worker *w = calloc((size_t)nthreads, sizeof(*w));
    pthread_t *t = calloc((size_t)nthreads, sizeof(*t));
    for (int i = 0; i < nthreads; i++) {
        w[i].id = i;
        w[i].cap = 1 << 20;
        w[i].lat = malloc(sizeof(double) * (size_t)w[i].cap);
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    struct timespec d = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    double t0 = now();
    nanosleep(&d, NULL);
    stop = 1;
    long total = 0, n = 0;
    for (int i = 0; i < nthreads; i++) {
        pthread_join(t[i], NULL);
        total += w[i].ops;
    }
    double elapsed = now() - t0;
    double *all = malloc(sizeof(double) * (size_t)total);
    for (int i = 0; i < nthreads; i++)
        for (long k = 0; k < w[i].ops && k < w[i].cap; k++)
            all[n++] = w[i].lat[k];
    qsort(all, (size_t)n, sizeof(double), cmp);
    printf("RESULT store=sqlite synchronous=FULL threads=%d events=%ld events_per_s=%.0f "
           "p50_ms=%.2f p99_ms=%.2f\n",
           nthreads, total, (double)total / elapsed, all[n / 2] * 1e3, all[n * 99 / 100] * 1e3);
    store_close(store);
    return 0;
}
