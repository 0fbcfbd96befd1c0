/* Engine cost per operation, no HTTP and no store: decode the JSON request
 * body, parse, validate, execute, write the JSON response. The same
 * operations as ../shared/bench/load (nyBeskjed with a fresh eksternId per
 * operation; mineNotifikasjoner(first: 10)). Prints one line per operation
 * and mode: the median over rounds of microseconds per operation.
 * usage: bench_engine [ROUNDS] [SECONDS_PER_ROUND] */
#include "base/buf.h"
#include "graphql/gql.h"
#include "http/gql_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MUTATION                                                                                 \
    "mutation NyBeskjed($nyBeskjed: NyBeskjedInput!) { nyBeskjed(nyBeskjed: $nyBeskjed) { "      \
    "__typename ... on NyBeskjedVellykket { id } ... on DuplikatEksternIdOgMerkelapp { "          \
    "feilmelding } } }"
#define QUERY                                                                                    \
    "query MineNotifikasjoner($first: Int, $after: String) { mineNotifikasjoner(first: $first, " \
    "after: $after) { edges { cursor node { __typename ... on Beskjed { id merkelapp tekst lenke " \
    "opprettetTidspunkt virksomhet { virksomhetsnummer } } } } pageInfo { hasNextPage "          \
    "endCursor } } }"

static json_t *page;

static int ny_beskjed(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    (void)info;
    (void)parent;
    static unsigned long counter;
    json_t *meta = json_object_get(json_object_get(args, "nyBeskjed"), "metadata");
    size_t len = json_string_length(json_object_get(meta, "eksternId"));
    *out = json_pack("{s:s,s:s+,s:[]}", "__typename", "NyBeskjedVellykket", "id",
                     "0190a6f2-7c3e-7000-8000-", len > 12 ? "000000000000" : "00000000000f",
                     "eksterneVarsler");
    counter++;
    return 0;
}

static int mine_notifikasjoner(struct gql_resolve_info *info, json_t *parent, json_t *args,
                               json_t **out)
{
    (void)info;
    (void)parent;
    (void)args;
    *out = json_incref(page);
    return 0;
}

static json_t *build_page(void)
{
    json_t *edges = json_array();
    for (int i = 0; i < 10; i++) {
        char id[64], cursor[32], lenke[64];
        snprintf(id, sizeof id, "0190a6f2-7c3e-7000-8000-%012d", i);
        snprintf(cursor, sizeof cursor, "Y3Vy%d", i + 1);
        snprintf(lenke, sizeof lenke, "https://tiltak.example/beskjed/%d", i);
        json_array_append_new(
            edges, json_pack("{s:s,s:{s:s,s:s,s:s,s:s,s:s,s:s,s:{s:s}}}", "cursor", cursor, "node",
                             "__typename", "Beskjed", "id", id, "merkelapp", "tiltak", "tekst",
                             "Du har en ny beskjed om tiltak", "lenke", lenke,
                             "opprettetTidspunkt", "2026-11-01T10:00:00Z", "virksomhet",
                             "virksomhetsnummer", "910825526"));
    }
    return json_pack("{s:s,s:o,s:{s:b,s:s}}", "__typename", "NotifikasjonConnection", "edges",
                     edges, "pageInfo", "hasNextPage", 1, "endCursor", "Y3VyMTA=");
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    struct nt_buf b;
    nt_buf_init(&b, 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        nt_buf_append(&b, chunk, n);
    fclose(f);
    return nt_buf_steal(&b, NULL);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void make_body(struct nt_buf *b, int mutation, unsigned long n)
{
    nt_buf_reset(b);
    if (!mutation) {
        nt_buf_puts(b, "{\"query\":\"" QUERY "\",\"variables\":{\"first\":10}}");
        return;
    }
    static const char *const orgs[] = {"910825526", "910825527", "910825528", "910825529",
                                       "910825530"};
    nt_buf_printf(b,
                  "{\"query\":\"%s\",\"variables\":{\"nyBeskjed\":{\"metadata\":{\"eksternId\":"
                  "\"bench-%lu\",\"virksomhetsnummer\":\"%s\",\"grupperingsid\":\"sak-%lu\"},"
                  "\"mottakere\":[{\"altinn\":{\"serviceCode\":\"4936\",\"serviceEdition\":\"1\"}}"
                  "],\"notifikasjon\":{\"merkelapp\":\"tiltak\",\"tekst\":\"Du har en ny beskjed "
                  "om tiltak nummer %lu\",\"lenke\":\"https://tiltak.example/beskjed/%lu\"}}}}",
                  MUTATION, n, orgs[n % 5], n % 1000, n, n);
}

/* One request as a server would handle it; returns the response length. */
static size_t run_once(struct gql_engine *e, const struct nt_buf *body, struct nt_buf *out)
{
    struct http_gql_request r;
    const char *err;
    if (http_gql_request_decode(body->data, body->len, &r, &err) != 0) {
        fprintf(stderr, "bad body: %s\n", err);
        exit(1);
    }
    struct gql_request req = {.query = r.query, .query_len = r.query_len,
                              .variables = r.variables, .operation_name = r.operation_name};
    nt_buf_reset(out);
    gql_execute(e, &req, out);
    http_gql_request_clear(&r);
    return out->len;
}

static int cmp_double(const void *a, const void *b);

/* parse + validate + execute (+ response writing, which our engine does as
 * part of execution) for a request whose JSON body is decoded untimed. */
static double measure_pve(struct gql_engine *e, int mutation, int rounds, double seconds)
{
    struct nt_buf body, out;
    nt_buf_init(&body, 0);
    nt_buf_init(&out, 0);
    double per_round[64];
    unsigned long n = 0;
    for (int r = 0; r < rounds && r < 64; r++) {
        unsigned long ops = 0;
        double spent = 0, t0 = now();
        while (now() - t0 < seconds) {
            make_body(&body, mutation, n++);
            struct http_gql_request hr;
            const char *err;
            if (http_gql_request_decode(body.data, body.len, &hr, &err) != 0)
                exit(1);
            struct gql_request req = {.query = hr.query, .query_len = hr.query_len,
                                      .variables = hr.variables};
            nt_buf_reset(&out);
            double a = now();
            gql_execute(e, &req, &out);
            spent += now() - a;
            http_gql_request_clear(&hr);
            ops++;
        }
        per_round[r] = spent * 1e6 / (double)ops;
    }
    nt_buf_free(&body);
    nt_buf_free(&out);
    qsort(per_round, (size_t)rounds, sizeof(double), cmp_double);
    return per_round[rounds / 2];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double measure(struct gql_engine *e, int mutation, int rounds, double seconds)
{
    struct nt_buf body, out;
    nt_buf_init(&body, 0);
    nt_buf_init(&out, 0);
    double per_round[64];
    unsigned long n = 0;
    for (int r = 0; r < rounds && r < 64; r++) {
        unsigned long ops = 0;
        double t0 = now(), t;
        do {
            for (int k = 0; k < 100; k++) {
                make_body(&body, mutation, n++);
                run_once(e, &body, &out);
                ops++;
            }
            t = now();
        } while (t - t0 < seconds);
        per_round[r] = (t - t0) * 1e6 / (double)ops;
    }
    make_body(&body, mutation, 1);
    run_once(e, &body, &out);
    if (strstr(nt_buf_str(&out), "\"errors\"")) {
        fprintf(stderr, "unexpected errors: %s\n", nt_buf_str(&out));
        exit(1);
    }
    nt_buf_free(&body);
    nt_buf_free(&out);
    qsort(per_round, (size_t)rounds, sizeof(double), cmp_double);
    return per_round[rounds / 2];
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 5;
    double seconds = argc > 2 ? atof(argv[2]) : 1.0;
    if (rounds < 1 || rounds > 64)
        rounds = 5;
    char *sdl = read_file(argc > 3 ? argv[3] : "bench/nybeskjed.graphql");
    page = build_page();
    static const struct gql_binding bindings[] = {
        {"Mutation", "nyBeskjed", ny_beskjed},
        {"Query", "mineNotifikasjoner", mine_notifikasjoner},
    };
    struct gql_schema_config cfg = {.sdl = sdl, .resolvers = bindings, .nresolvers = 2};
    char *err = NULL;
    struct gql_schema *s = gql_schema_build(&cfg, &err);
    if (!s) {
        fprintf(stderr, "schema: %s\n", err);
        return 1;
    }
    struct gql_limits nocache = GQL_DEFAULT_LIMITS;
    nocache.cache_entries = 0;
    struct gql_engine *cold = gql_engine_new(s, &nocache);
    struct gql_engine *warm = gql_engine_new(s, NULL);
    const char *ops[] = {"nyBeskjed", "mineNotifikasjoner"};
    const char *only = getenv("BENCH_OP"); /* profile one operation */
    for (int m = 0; m < 2; m++) {
        int mutation = m == 0;
        if (only && strcmp(only, ops[m]) != 0)
            continue;
        printf("RESULT engine=c op=%s mode=pve us_per_op=%.2f\n", ops[m],
               measure_pve(cold, mutation, rounds, seconds));
        printf("RESULT engine=c op=%s mode=uncached us_per_op=%.2f\n", ops[m],
               measure(cold, mutation, rounds, seconds));
        printf("RESULT engine=c op=%s mode=cached us_per_op=%.2f\n", ops[m],
               measure(warm, mutation, rounds, seconds));
    }
    gql_engine_free(cold);
    gql_engine_free(warm);
    gql_schema_free(s);
    json_decref(page);
    free(sdl);
    return 0;
}
