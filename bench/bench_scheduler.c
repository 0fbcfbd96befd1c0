/* The scheduler under load: due jobs (påminnelser, each emitting a
 * PaaminnelseOpprettet event through every projection, as in production)
 * processed by the real scheduler thread on a real store.
 *   1. drain: JOBS jobs all already due; prints jobs/s.
 *   2. paced: PACED jobs falling due at RATE per second on the real clock;
 *      prints the delay between each job's due time and its execution
 *      (p50, p99, max). The goal is p99 < 1 s at 10,000 due per second.
 * usage: bench_scheduler [JOBS=1000000] [PACED=1000000] [RATE=10000] [DB=sqlite:TMP] */
#include "api/producer/read_model.h"
#include "base/clock.h"
#include "events/evlog.h"
#include "notify/projection.h"
#include "scheduler/jobs.h"
#include "scheduler/projection.h"
#include "scheduler/scheduler.h"
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct store *store;
static int64_t *lags;
static _Atomic long done;
static long lag_cap;

static double mono(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct fill {
    long from, to;
    int64_t first_due, step_us;
    const char *prefix;
};

/* Jobs and the notifications they belong to, written straight into the
 * scheduler's tables as its projection would (sched_job_put, which also
 * tells the running scheduler about an earlier job); the benchmark times the
 * runs, not the set-up. */
static int fill_cmd(struct store_tx *tx, void *arg)
{
    struct fill *f = arg;
    for (long i = f->from; i < f->to; i++) {
        char id[64];
        snprintf(id, sizeof id, "%s-%08ld", f->prefix, i);
        struct store_stmt *a = store_prepare(
            tx, "INSERT INTO sched_aggregate (id, kind, merkelapp, virksomhetsnummer, produsent, "
                "tilstand, opprettet) VALUES (?, 'OPPGAVE', 'tiltak', '910825526', 'bench', 'NY', "
                "'2024-01-01T00:00:00Z')");
        store_bind_text(a, 1, id);
        if (store_step(a) != STORE_DONE ||
            sched_job_put(tx, SCHED_REMIND, id, f->first_due + (int64_t)(i - f->from) * f->step_us,
                          "{\"bestillingSeq\":1,\"fristOpprettetTidspunkt\":\"2024-01-01T00:00:00Z\","
                          "\"tidspunkt\":\"2024-01-02T00:00:00Z\",\"paaminnelse\":{\"kind\":"
                          "\"etterOpprettelse\",\"value\":\"P1D\"},\"eksterneVarsler\":[]}") != 0)
            return -1;
    }
    return 0;
}

static void fill(const char *prefix, long n, int64_t first_due, int64_t step_us)
{
    for (long from = 0; from < n; from += 50000) {
        struct fill f = {from, from + 50000 < n ? from + 50000 : n, first_due + from * step_us,
                         step_us, prefix};
        if (store_write(store, fill_cmd, &f) != 0) {
            fprintf(stderr, "bench_scheduler: set-up failed\n");
            exit(1);
        }
    }
}

static void on_ran(int64_t due_us, int64_t ran_us, void *userdata)
{
    (void)userdata;
    long i = atomic_fetch_add(&done, 1);
    if (lags && i < lag_cap)
        lags[i] = ran_us - due_us;
}

static void wait_for(long n)
{
    while (atomic_load(&done) < n)
        usleep(2000);
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Jobs due from first_due at rate per second, written in chunks while the
 * scheduler runs (as producers would), each chunk well before it falls due. */
static void fill_ahead(long n, long rate, int64_t first_due)
{
    const long chunk = 1000; /* 0.1 s of jobs at 10,000/s: a short write, like a producer's */
    int64_t step = 1000000 / rate;
    for (long from = 0; from < n; from += chunk) {
        int64_t chunk_due = first_due + from * step;
        while (chunk_due - nt_now_us() > 1000000) /* stay about 1 s ahead */
            usleep(10000);
        struct fill f = {from, from + chunk < n ? from + chunk : n, chunk_due, step, "paced"};
        if (store_write(store, fill_cmd, &f) != 0) {
            fprintf(stderr, "bench_scheduler: set-up failed\n");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    long jobs = argc > 1 ? atol(argv[1]) : 1000000;
    long paced = argc > 2 ? atol(argv[2]) : 1000000;
    long rate = argc > 3 ? atol(argv[3]) : 10000;
    char dir[] = "/var/tmp/budstikke-bench-schedXXXXXX", url[512];
    if (argc > 4)
        snprintf(url, sizeof url, "%s", argv[4]);
    else if (mkdtemp(dir))
        snprintf(url, sizeof url, "sqlite:%s/bench.db", dir);
    char *err = NULL;
    if (!(store = store_open(url, &err))) {
        fprintf(stderr, "bench_scheduler: %s\n", err);
        return 1;
    }
    evlog_register(&producer_read_model);
    evlog_register(&sched_projection);
    evlog_register(&notify_projection);
    printf("store: %s (%s)\n", url, store_backend_name(store));

    /* 1. drain */
    if (jobs > 0) {
        fill("drain", jobs, nt_now_us() - 60000000, 0); /* all due at one instant, like a midnight of frister */
        double t0 = mono();
        struct scheduler *s = scheduler_start(store, on_ran, NULL);
        wait_for(jobs);
        double t1 = mono();
        scheduler_stop(s);
        printf("drain: %ld jobs already due in %.2f s = %.0f jobs/s\n", jobs, t1 - t0,
               (double)jobs / (t1 - t0));
        fflush(stdout);
    }

    /* 2. paced */
    atomic_store(&done, 0);
    lag_cap = paced;
    lags = calloc((size_t)paced, sizeof(*lags));
    struct scheduler *s = scheduler_start(store, on_ran, NULL);
    double t0 = mono();
    fill_ahead(paced, rate, nt_now_us() + 1000000);
    wait_for(paced);
    double t1 = mono();
    scheduler_stop(s);
    qsort(lags, (size_t)paced, sizeof(*lags), cmp64);
    printf("paced: %ld jobs due at %ld/s over %.1f s; delay due -> run: p50 %.1f ms, p99 %.1f ms, "
           "max %.1f ms\n",
           paced, rate, t1 - t0, (double)lags[paced / 2] / 1000.0,
           (double)lags[(long)((double)paced * 0.99)] / 1000.0, (double)lags[paced - 1] / 1000.0);
    free(lags);
    store_close(store);
    return 0;
}
