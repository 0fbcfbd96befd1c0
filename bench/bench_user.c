/* The user API's queries in process, without HTTP: microseconds per query
 * on one thread (p50, p99) for the queries of bench/user-query.lua, on the
 * data of bench_user_data. Separates the cost of the resolvers and the
 * store from the HTTP layer's, and repeats exactly under
 * valgrind --tool=callgrind.
 * usage: bench_user DB_URL ACCESS_FILE [ROUNDS=200] [QUERY=bell|page|saker|all]
 * BENCH_USER_SAVE=DIR writes each query's first answer to DIR/QUERY.json,
 * so that a change can be checked to keep every answer byte (cmp). */
#include "access/access.h"
#include "api/user/user.h"
#include "base/buf.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FIELDS                                                                                   \
    "id merkelapp tekst lenke opprettetTidspunkt sorteringTidspunkt brukerKlikk { id "           \
    "klikketPaa } virksomhet { navn virksomhetsnummer } sak { tittel tilleggsinformasjon }"
#define BELL                                                                                     \
    "query hentNotifikasjoner($first: Int) { notifikasjoner(first: $first) { feilAltinn "        \
    "feilDigiSyfo antallUleste notifikasjoner { __typename ... on Beskjed { " FIELDS " } ... on "  \
    "Oppgave { " FIELDS " tilstand paaminnelseTidspunkt utgaattTidspunkt utfoertTidspunkt frist " \
    "} ... on Kalenderavtale { " FIELDS " avtaletilstand startTidspunkt sluttTidspunkt lokasjon " \
    "{ adresse postnummer poststed } digitalt } } } }"
#define SAKER                                                                                    \
    "query hentSaker($v: [String!]!) { saker(virksomhetsnumre: $v, limit: 30, sortering: "       \
    "NYESTE) { totaltAntallSaker feilAltinn sakstyper { navn antall } oppgaveFilterInfo { "      \
    "filterType antall } saker { id merkelapp tittel tilleggsinformasjon lenke nesteSteg "       \
    "virksomhet { navn virksomhetsnummer } sisteStatus { type tekst tidspunkt } frister "         \
    "oppgaver { tilstand frist paaminnelseTidspunkt } tidslinje { __typename ... on "            \
    "OppgaveTidslinjeElement { id tekst tilstand opprettetTidspunkt frist lenke } ... on "       \
    "BeskjedTidslinjeElement { id tekst opprettetTidspunkt lenke } } } } }"

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void save_answer(const char *name, const struct nt_buf *out)
{
    const char *dir = getenv("BENCH_USER_SAVE");
    if (!dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(out->data, 1, out->len, f) != out->len)
        fprintf(stderr, "bench_user: cannot write %s\n", path);
    if (f)
        fclose(f);
}

static void run(struct api_user *api, const char *name, const char *query, json_t *vars,
                int rounds)
{
    double *t = calloc((size_t)rounds, sizeof(double));
    size_t bytes = 0;
    for (int i = 0; i < rounds; i++) {
        struct nt_buf out;
        nt_buf_init(&out, 0);
        double t0 = now_us();
        api_user_execute(api, "16120101181", query, vars, &out);
        t[i] = now_us() - t0;
        if (i == 0 && strstr(nt_buf_str(&out), "\"errors\""))
            fprintf(stderr, "%s: %.300s\n", name, nt_buf_str(&out));
        if (i == 0)
            save_answer(name, &out);
        bytes = out.len;
        nt_buf_free(&out);
    }
    qsort(t, (size_t)rounds, sizeof(double), by_value);
    double sum = 0;
    for (int i = 0; i < rounds; i++)
        sum += t[i];
    printf("RESULT query=%s us_p50=%.0f us_p99=%.0f per_second_one_thread=%.0f response_bytes=%zu\n",
           name, t[rounds / 2], t[rounds * 99 / 100], 1e6 * rounds / sum, bytes);
    free(t);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_user DB_URL ACCESS_FILE [ROUNDS] [QUERY]\n");
        return 2;
    }
    int rounds = argc > 3 ? atoi(argv[3]) : 200;
    const char *only = argc > 4 ? argv[4] : "all";
    char *err = NULL;
    struct store *store = store_open(argv[1], &err);
    struct access_config ac = {.file = argv[2]};
    struct access_source *src = store ? access_open(&ac, &err) : NULL;
    struct api_user_config uc = {.store = store, .access = src};
    struct api_user *api = src ? api_user_new(&uc, &err) : NULL;
    if (!api) {
        fprintf(stderr, "bench_user: %s\n", err ? err : "start-up failed");
        return 1;
    }
    json_t *page = json_pack("{s:i}", "first", 20), *orgs = json_array();
    for (int o = 0; o < 100000; o += 100) {
        char org[32];
        snprintf(org, sizeof org, "8%08d", o);
        json_array_append_new(orgs, json_string(org));
    }
    json_t *saker = json_pack("{s:o}", "v", orgs);
    if (!strcmp(only, "all") || !strcmp(only, "bell"))
        run(api, "bell", BELL, NULL, rounds);
    if (!strcmp(only, "all") || !strcmp(only, "page"))
        run(api, "page", BELL, page, rounds);
    if (!strcmp(only, "all") || !strcmp(only, "saker"))
        run(api, "saker", SAKER, saker, rounds);
    json_decref(page);
    json_decref(saker);
    api_user_shutdown(api);
    api_user_free(api);
    access_close(src);
    store_close(store);
    return 0;
}
