/* The access sources: the JSON file (parsed, re-read when it changes, a
 * broken version flagged and the last good one kept) and the HTTP service,
 * against a real HTTP server started here (libmicrohttpd) that answers,
 * fails, times out, answers in part or answers slowly to many callers at
 * once. */
#include "access/access.h"
#include "check.h"

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define P "16120101181"

enum mode { ANSWER, PARTIAL, FAIL_500, SLOW, NOT_JSON, WRAPPED_OTHER, SLOW_ANSWER };

static struct MHD_Daemon *daemon_;
static unsigned port;
static _Atomic int mode;
static atomic_int calls;
static char last_body[256];

static const char *const person =
    "{\"fnr\":\"" P "\",\"virksomheter\":[{\"virksomhetsnummer\":\"910825496\",\"navn\":"
    "\"Slemdal og Ryktet AS\",\"altinn\":[{\"serviceCode\":\"4321\",\"serviceEdition\":\"1\"}],"
    "\"ressurser\":[\"nav_tiltak\"],\"roller\":[\"DAGL\"],\"reportee\":true},"
    "{\"virksomhetsnummer\":\"810825472\",\"ressurser\":[\"nav_tiltak\",\"nav_tiltak\"]}]}";

static void sleep_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *body)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *size, void **state)
{
    (void)cls, (void)url, (void)method, (void)version;
    if (!*state) {
        *state = last_body;
        last_body[0] = '\0';
        return MHD_YES;
    }
    if (*size) {
        snprintf(last_body, sizeof last_body, "%.*s", (int)*size, data);
        *size = 0;
        return MHD_YES;
    }
    atomic_fetch_add(&calls, 1);
    switch (atomic_load(&mode)) {
    case ANSWER: return answer(c, 200, person);
    case PARTIAL:
        return answer(c, 200, "{\"isError\":true,\"fnr\":\"" P "\",\"virksomheter\":[{"
                              "\"virksomhetsnummer\":\"910825496\",\"ressurser\":[\"nav_a\"]}]}");
    case FAIL_500: return answer(c, 500, "{\"error\":\"down\"}");
    case SLOW: sleep_ms(1000); return answer(c, 200, person);
    case SLOW_ANSWER: sleep_ms(200); return answer(c, 200, person);
    case NOT_JSON: return answer(c, 200, "<html>gateway</html>");
    case WRAPPED_OTHER:
        return answer(c, 200, "{\"personer\":[{\"fnr\":\"01017012345\",\"virksomheter\":[{"
                              "\"virksomhetsnummer\":\"1\",\"ressurser\":[\"x\"]}]}]}");
    }
    return MHD_NO;
}

static struct access_source *url_source(unsigned timeout_ms, unsigned cache_seconds)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/altinn-tilganger", port);
    struct access_config cfg = {.url = url, .timeout_ms = timeout_ms,
                                .cache_seconds = cache_seconds};
    char *err = NULL;
    struct access_source *s = access_open(&cfg, &err);
    CHECK(s != NULL);
    return s;
}

static bool has_grant(const struct access_rights *r, const char *org, const char *nokkel)
{
    for (size_t i = 0; i < r->ngrants; i++)
        if (!strcmp(r->grants[i].virksomhet, org) && !strcmp(r->grants[i].nokkel, nokkel))
            return true;
    return false;
}

static void server_starts(void)
{
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
                               0, NULL, NULL, on_request, NULL, MHD_OPTION_END);
    CHECK(daemon_ != NULL);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
    port = info ? info->port : 0;
    CHECK(port > 0);
}

static void keys_are_spelt_one_way(void)
{
    char k[128];
    CHECK(access_recipient_key("altinn", "4321", "1", k, sizeof k));
    CHECK_EQ_STR(k, "altinn:4321:1");
    CHECK(access_recipient_key("altinnRessurs", "nav_x", NULL, k, sizeof k));
    CHECK_EQ_STR(k, "ressurs:nav_x");
    CHECK(access_recipient_key("altinnRolle", "DAGL", NULL, k, sizeof k));
    CHECK_EQ_STR(k, "rolle:DAGL");
    CHECK(access_recipient_key("altinnReportee", P, NULL, k, sizeof k));
    CHECK_EQ_STR(k, "reportee:" P);
    CHECK(access_recipient_key("naermesteLeder", "1", "2", k, sizeof k));
    CHECK_EQ_STR(k, "nl:1:2");
    CHECK(access_key_is_relation(k));
    CHECK(!access_recipient_key("altinn", "4321", NULL, k, sizeof k)); /* no edition */
    CHECK(!access_recipient_key("epost", "x", NULL, k, sizeof k));
}

static void an_answer_becomes_sorted_grants_and_names(void)
{
    struct access_source *s = url_source(2000, 60);
    atomic_store(&mode, ANSWER);
    atomic_store(&calls, 0);
    struct access_rights *r = access_lookup(s, P);
    CHECK(r->known && !r->partial);
    CHECK_EQ_INT(r->ngrants, 5); /* the duplicate resource counts once */
    CHECK(has_grant(r, "910825496", "altinn:4321:1"));
    CHECK(has_grant(r, "910825496", "ressurs:nav_tiltak"));
    CHECK(has_grant(r, "910825496", "rolle:DAGL"));
    CHECK(has_grant(r, "910825496", "reportee:" P));
    CHECK(has_grant(r, "810825472", "ressurs:nav_tiltak"));
    CHECK_EQ_STR(r->grants[0].virksomhet, "810825472");
    CHECK_EQ_INT(strlen(r->hash), 64);
    CHECK_CONTAINS(last_body, "\"fnr\":\"" P "\"");
    char navn[64];
    access_org_name(s, "910825496", navn, sizeof navn);
    CHECK_EQ_STR(navn, "Slemdal og Ryktet AS");
    access_org_name(s, "000000000", navn, sizeof navn);
    CHECK_EQ_STR(navn, "");
    /* cached: the service is not asked again */
    struct access_rights *again = access_lookup(s, P);
    CHECK_EQ_INT(atomic_load(&calls), 1);
    CHECK_EQ_STR(again->hash, r->hash);
    access_rights_release(again);
    access_rights_release(r);
    access_close(s);
    /* no cache: asked every time */
    s = url_source(2000, 0);
    access_rights_release(access_lookup(s, P));
    access_rights_release(access_lookup(s, P));
    CHECK_EQ_INT(atomic_load(&calls), 3);
    access_close(s);
}

static void failures_are_answers_without_rights_and_not_cached(void)
{
    struct access_source *s = url_source(2000, 60);
    atomic_store(&calls, 0);
    atomic_store(&mode, FAIL_500);
    struct access_rights *r = access_lookup(s, P);
    CHECK(!r->known);
    CHECK_EQ_INT(r->ngrants, 0);
    CHECK_EQ_INT(atomic_load(&calls), 2); /* a 5xx is tried once more */
    access_rights_release(r);
    atomic_store(&mode, NOT_JSON);
    r = access_lookup(s, P);
    CHECK(!r->known);
    access_rights_release(r);
    atomic_store(&mode, ANSWER); /* the failure was not cached */
    r = access_lookup(s, P);
    CHECK(r->known && r->ngrants == 5);
    access_rights_release(r);
    access_close(s);
}

static void a_partial_answer_is_used_and_flagged(void)
{
    struct access_source *s = url_source(2000, 60);
    atomic_store(&calls, 0);
    atomic_store(&mode, PARTIAL);
    struct access_rights *r = access_lookup(s, P);
    CHECK(r->known && r->partial);
    CHECK(has_grant(r, "910825496", "ressurs:nav_a"));
    access_rights_release(r);
    r = access_lookup(s, P); /* partial answers are not cached either */
    access_rights_release(r);
    CHECK_EQ_INT(atomic_load(&calls), 2);
    atomic_store(&mode, WRAPPED_OTHER);
    r = access_lookup(s, P);
    CHECK(r->known && !r->partial && r->ngrants == 0);
    access_rights_release(r);
    access_close(s);
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void a_slow_service_times_out(void)
{
    struct access_source *s = url_source(300, 60);
    atomic_store(&mode, SLOW);
    double t0 = now_seconds();
    struct access_rights *r = access_lookup(s, P);
    double took = now_seconds() - t0;
    CHECK(!r->known);
    CHECK(took < 0.9); /* gave up at its total timeout, not when the server answered */
    access_rights_release(r);
    access_close(s);
    /* nothing listens: refused at once */
    struct access_config cfg = {.url = "http://127.0.0.1:9/x", .timeout_ms = 2000};
    char *err = NULL;
    s = access_open(&cfg, &err);
    r = access_lookup(s, P);
    CHECK(!r->known);
    access_rights_release(r);
    access_close(s);
}

struct lookup_arg {
    struct access_source *s;
    bool known;
};

static void *lookup_thread(void *p)
{
    struct lookup_arg *a = p;
    struct access_rights *r = access_lookup(a->s, P);
    a->known = r->known;
    access_rights_release(r);
    return NULL;
}

static void concurrent_lookups_share_one_call(void)
{
    struct access_source *s = url_source(3000, 60);
    atomic_store(&calls, 0);
    atomic_store(&mode, SLOW_ANSWER);
    pthread_t t[8];
    struct lookup_arg args[8];
    for (int i = 0; i < 8; i++) {
        args[i] = (struct lookup_arg){s, false};
        pthread_create(&t[i], NULL, lookup_thread, &args[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        CHECK(args[i].known);
    }
    CHECK_EQ_INT(atomic_load(&calls), 1);
    access_close(s);
}

static char file_path[256];

static void write_file(const char *json)
{
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.tmp", file_path);
    FILE *f = fopen(tmp, "w");
    fputs(json, f);
    fclose(f);
    rename(tmp, file_path);
}

static void the_file_is_read_again_when_it_changes(void)
{
    char dir[] = "/tmp/budstikke-accessXXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    snprintf(file_path, sizeof file_path, "%s/access.json", dir);
    write_file("{\"personer\":[{\"fnr\":\"" P "\",\"virksomheter\":[{\"virksomhetsnummer\":\"1\","
               "\"navn\":\"En\",\"ressurser\":[\"a\"]}]}],\"naermesteLeder\":[{"
               "\"naermesteLederFnr\":\"" P "\",\"ansattFnr\":\"02028512345\","
               "\"virksomhetsnummer\":\"1\"}]}");
    struct access_config cfg = {.file = file_path};
    char *err = NULL;
    struct access_source *s = access_open(&cfg, &err);
    CHECK(s != NULL);
    size_t n = 0;
    const struct access_relation *rel = access_file_relations(s, &n);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_STR(rel[0].ansatt, "02028512345");
    struct access_rights *r = access_lookup(s, P);
    CHECK(r->known && r->ngrants == 1 && has_grant(r, "1", "ressurs:a"));
    access_rights_release(r);
    r = access_lookup(s, "01017012345"); /* not in the file: known, no rights */
    CHECK(r->known && !r->partial && r->ngrants == 0);
    access_rights_release(r);
    write_file("{\"personer\":[{\"fnr\":\"" P "\",\"virksomheter\":[{\"virksomhetsnummer\":\"1\","
               "\"ressurser\":[\"b\"]}]}]}");
    r = access_lookup(s, P);
    CHECK(has_grant(r, "1", "ressurs:b") && !has_grant(r, "1", "ressurs:a"));
    access_rights_release(r);
    write_file("{\"personer\": [ broken");
    r = access_lookup(s, P);
    CHECK(r->known && r->partial && has_grant(r, "1", "ressurs:b")); /* the last good, flagged */
    access_rights_release(r);
    struct json_t *persons = access_file_persons(s);
    CHECK_EQ_INT(json_array_size(persons), 1);
    json_decref(persons);
    access_close(s);
    /* a broken file at start is a configuration error */
    CHECK(access_open(&cfg, &err) == NULL);
    CHECK_CONTAINS(err, "access file");
    free(err);
    unlink(file_path);
    rmdir(dir);
}

static void server_stops(void)
{
    MHD_stop_daemon(daemon_);
}

static const struct check_case cases[] = {
    {"server_starts", server_starts},
    {"keys_are_spelt_one_way", keys_are_spelt_one_way},
    {"an_answer_becomes_sorted_grants_and_names", an_answer_becomes_sorted_grants_and_names},
    {"failures_are_answers_without_rights_and_not_cached",
     failures_are_answers_without_rights_and_not_cached},
    {"a_partial_answer_is_used_and_flagged", a_partial_answer_is_used_and_flagged},
    {"a_slow_service_times_out", a_slow_service_times_out},
    {"concurrent_lookups_share_one_call", concurrent_lookups_share_one_call},
    {"the_file_is_read_again_when_it_changes", the_file_is_read_again_when_it_changes},
    {"server_stops", server_stops},
};

CHECK_MAIN("access", cases)
