/* The access sources: the JSON file (re-read when it changes on disk) and
 * the HTTP service (libcurl, connect and total timeouts, one call shared by
 * concurrent lookups of a person, successful answers cached briefly), and
 * the organisation names both of them reveal. */
#include "access/access.h"

#include "base/alloc.h"
#include "base/fiber.h"
#include "base/map.h"
#include "obs/log.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_NAMES 600000
#define MAX_CACHED 25000
#define MAX_ANSWER (4 * 1024 * 1024)

struct name_entry {
    char *orgnr;
    char *navn;
};

/* Everything one version of the file says. */
struct file_view {
    struct nt_map persons;        /* fnr -> struct access_rights * */
    char **fnrs;                  /* the keys, owned */
    size_t npersons;
    struct access_relation *relations;
    size_t nrelations;
    json_t *picker;               /* what a login picker shows (see access_file_persons) */
};

struct file_stamp {
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

struct cache_entry {
    char *fnr;
    struct access_rights *rights; /* NULL until a lookup succeeded */
    double expires;               /* monotonic seconds */
    unsigned loading; /* requests asking the service for this person now */
};

struct access_source {
    char *file;
    char *url;
    unsigned timeout_ms;
    unsigned cache_seconds;
    pthread_mutex_t mu;
    pthread_cond_t loaded;
    struct nt_map names; /* orgnr -> struct name_entry * */
    struct name_entry **name_list;
    size_t nnames;
    struct file_view *view; /* the file's current content */
    struct file_stamp stamp;
    bool file_broken;       /* the last re-read failed: the view is older */
    struct nt_map cache;    /* fnr -> struct cache_entry * */
    struct cache_entry **cached;
    size_t ncached;
};

static double mono_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- Names ---- */

/* Called with mu held. */
static void remember_name(const char *orgnr, const char *navn, void *userdata)
{
    struct access_source *src = userdata;
    struct name_entry *e = nt_map_get(&src->names, orgnr);
    if (e) {
        if (strcmp(e->navn, navn) != 0) {
            free(e->navn);
            e->navn = nt_strdup(navn);
        }
        return;
    }
    if (src->nnames == MAX_NAMES)
        return;
    e = nt_calloc(1, sizeof(*e));
    e->orgnr = nt_strdup(orgnr);
    e->navn = nt_strdup(navn);
    if ((src->nnames & (src->nnames - 1)) == 0)
        src->name_list = nt_realloc(src->name_list, (src->nnames ? src->nnames * 2 : 1) *
                                                        sizeof(*src->name_list));
    src->name_list[src->nnames++] = e;
    nt_map_put(&src->names, e->orgnr, e);
}

void access_org_name(struct access_source *src, const char *orgnr, char *out, size_t out_size)
{
    pthread_mutex_lock(&src->mu);
    struct name_entry *e = nt_map_get(&src->names, orgnr);
    snprintf(out, out_size, "%s", e ? e->navn : "");
    pthread_mutex_unlock(&src->mu);
}

/* ---- The file ---- */

static void view_free(struct file_view *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->npersons; i++) {
        access_rights_release(nt_map_get(&v->persons, v->fnrs[i]));
        free(v->fnrs[i]);
    }
    free(v->fnrs);
    nt_map_free(&v->persons);
    for (size_t i = 0; i < v->nrelations; i++) {
        free(v->relations[i].id);
        free(v->relations[i].leder);
        free(v->relations[i].ansatt);
        free(v->relations[i].virksomhet);
    }
    free(v->relations);
    json_decref(v->picker);
    free(v);
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int parse_relations(struct file_view *v, json_t *list, char **out_err)
{
    size_t i;
    json_t *r;
    v->relations = nt_calloc(json_array_size(list) + 1, sizeof(*v->relations));
    json_array_foreach(list, i, r) {
        const char *leder = str(r, "naermesteLederFnr"), *ansatt = str(r, "ansattFnr"),
                   *org = str(r, "virksomhetsnummer"), *id = str(r, "id");
        if (!leder || !ansatt || !org) {
            if (asprintf(out_err, "naermesteLeder[%zu]: naermesteLederFnr, ansattFnr and "
                                  "virksomhetsnummer are required", i) < 0)
                *out_err = NULL;
            return -1;
        }
        struct access_relation *rel = &v->relations[v->nrelations++];
        char fallback[128];
        snprintf(fallback, sizeof fallback, "fil:%s:%s:%s", leder, ansatt, org);
        rel->id = nt_strdup(id ? id : fallback);
        rel->leder = nt_strdup(leder);
        rel->ansatt = nt_strdup(ansatt);
        rel->virksomhet = nt_strdup(org);
    }
    return 0;
}

/* ---- What a login picker shows ---- */

/* {"virksomhetsnummer", "overordnet"?} of each organisation entry. */
static json_t *picker_orgs(json_t *person)
{
    json_t *orgs = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(person, "virksomheter"), i, o) {
        const char *nr = str(o, "virksomhetsnummer") ? str(o, "virksomhetsnummer") : str(o, "orgnr");
        if (nr)
            json_array_append_new(orgs, json_pack("{s:s,s:s*}", "virksomhetsnummer", nr,
                                                  "overordnet", str(o, "overordnet")));
    }
    return orgs;
}

/* The file's persons and citizens as the picker needs them, names of
 * organisations left to the time of asking (the names map has them). */
static json_t *picker_of(json_t *root)
{
    json_t *persons = json_array(), *citizens = json_array();
    json_t *seen = json_object();
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(root, "personer"), i, p) {
        const char *fnr = str(p, "fnr");
        if (!fnr || json_object_get(seen, fnr))
            continue; /* as the rights: the first entry of a person counts */
        json_object_set_new(seen, fnr, json_true());
        json_array_append_new(persons, json_pack("{s:s,s:s*,s:o}", "fnr", fnr, "navn",
                                                 str(p, "navn"), "virksomheter", picker_orgs(p)));
    }
    json_array_foreach(json_object_get(root, "innbyggere"), i, p) {
        if (str(p, "ident"))
            json_array_append_new(citizens, json_pack("{s:s,s:s*}", "ident", str(p, "ident"),
                                                      "navn", str(p, "navn")));
    }
    json_decref(seen);
    return json_pack("{s:o,s:o}", "personer", persons, "innbyggere", citizens);
}

/* Parses the file into a new view; names go to the source (mu held). */
static struct file_view *read_view(struct access_source *src, char **out_err)
{
    json_error_t jerr;
    json_t *root = json_load_file(src->file, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        if (asprintf(out_err, "access file %s: %s (line %d)", src->file, jerr.text, jerr.line) < 0)
            *out_err = NULL;
        return NULL;
    }
    json_t *persons = json_object_get(root, "personer");
    json_t *relations = json_object_get(root, "naermesteLeder");
    if (!json_is_object(root) || (persons && !json_is_array(persons)) ||
        (relations && !json_is_array(relations))) {
        json_decref(root);
        if (asprintf(out_err, "access file %s: expected {\"personer\": [...], "
                              "\"naermesteLeder\": [...]}", src->file) < 0)
            *out_err = NULL;
        return NULL;
    }
    struct file_view *v = nt_calloc(1, sizeof(*v));
    nt_map_init(&v->persons);
    v->fnrs = nt_calloc(json_array_size(persons) + 1, sizeof(char *));
    size_t i;
    json_t *p;
    json_array_foreach(persons, i, p) {
        const char *fnr = str(p, "fnr");
        if (!fnr || nt_map_get(&v->persons, fnr))
            continue;
        v->fnrs[v->npersons] = nt_strdup(fnr);
        nt_map_put(&v->persons, v->fnrs[v->npersons],
                   access_rights_from_person(fnr, p, remember_name, src));
        v->npersons++;
    }
    int rc = parse_relations(v, relations, out_err);
    v->picker = picker_of(root);
    json_decref(root);
    if (rc != 0) {
        view_free(v);
        return NULL;
    }
    return v;
}

static bool stat_file(const char *path, struct file_stamp *out)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    *out = (struct file_stamp){st.st_ino, st.st_size, st.st_mtim};
    return true;
}

static bool same_stamp(const struct file_stamp *a, const struct file_stamp *b)
{
    return a->ino == b->ino && a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
           a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* Re-reads the file when it changed; with mu held. A file that no longer
 * parses leaves the last good view in place, marked broken. */
static void refresh_file(struct access_source *src)
{
    struct file_stamp now;
    if (!stat_file(src->file, &now)) {
        src->file_broken = true;
        return;
    }
    if (same_stamp(&now, &src->stamp))
        return;
    char *err = NULL;
    struct file_view *v = read_view(src, &err);
    src->stamp = now;
    if (!v) {
        OBS_LOG(OBS_WARN, "access file unreadable, keeping the last good one", "reason",
                err ? err : "?");
        free(err);
        src->file_broken = true;
        return;
    }
    view_free(src->view);
    src->view = v;
    src->file_broken = false;
}

static struct access_rights *lookup_file(struct access_source *src, const char *fnr)
{
    pthread_mutex_lock(&src->mu);
    refresh_file(src);
    struct access_rights *r = nt_map_get(&src->view->persons, fnr);
    r = r ? access_rights_ref(r) : NULL;
    bool broken = src->file_broken;
    pthread_mutex_unlock(&src->mu);
    if (!r) /* not in the file: no rights at all, which is an answer */
        r = access_rights_from_person(fnr, NULL, NULL, NULL);
    if (!broken)
        return r;
    /* the file broke since it was read: what is known, flagged */
    struct access_rights *flagged = access_rights_flagged(r);
    access_rights_release(r);
    return flagged;
}

const struct access_relation *access_file_relations(struct access_source *src, size_t *out_n)
{
    *out_n = src->view ? src->view->nrelations : 0;
    return src->view ? src->view->relations : NULL;
}

/* One organisation of the picker with its name as known now (mu held). */
static json_t *named_org(struct access_source *src, const char *nr, const char *overordnet)
{
    struct name_entry *e = nt_map_get(&src->names, nr);
    return json_pack("{s:s,s:s,s:s*}", "virksomhetsnummer", nr, "navn", e ? e->navn : "",
                     "overordnet", overordnet);
}

static bool org_listed(json_t *orgs, const char *nr)
{
    size_t i;
    json_t *o;
    json_array_foreach(orgs, i, o) {
        if (strcmp(json_string_value(json_object_get(o, "virksomhetsnummer")), nr) == 0)
            return true;
    }
    return false;
}

/* The person's organisations named, then each main unit they name that is
 * not listed itself, so a menu can show main units with their sub-units. */
static json_t *named_orgs(struct access_source *src, json_t *orgs)
{
    json_t *out = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(orgs, i, o) {
        const char *nr = json_string_value(json_object_get(o, "virksomhetsnummer"));
        if (!org_listed(out, nr))
            json_array_append_new(
                out, named_org(src, nr, json_string_value(json_object_get(o, "overordnet"))));
    }
    json_array_foreach(orgs, i, o) {
        const char *main_unit = json_string_value(json_object_get(o, "overordnet"));
        if (main_unit && !org_listed(out, main_unit))
            json_array_append_new(out, named_org(src, main_unit, NULL));
    }
    return out;
}

json_t *access_file_persons(struct access_source *src)
{
    json_t *out = json_array();
    pthread_mutex_lock(&src->mu);
    if (src->file)
        refresh_file(src); /* a picker shows the file as it is now */
    json_t *persons = src->view ? json_object_get(src->view->picker, "personer") : NULL;
    size_t i;
    json_t *p;
    json_array_foreach(persons, i, p) {
        json_array_append_new(out, json_pack("{s:O,s:O*,s:o}", "fnr", json_object_get(p, "fnr"),
                                             "navn", json_object_get(p, "navn"), "virksomheter",
                                             named_orgs(src, json_object_get(p, "virksomheter"))));
    }
    pthread_mutex_unlock(&src->mu);
    return out;
}

json_t *access_file_citizens(struct access_source *src)
{
    pthread_mutex_lock(&src->mu);
    if (src->file)
        refresh_file(src);
    json_t *citizens = src->view ? json_object_get(src->view->picker, "innbyggere") : NULL;
    json_t *out = citizens ? json_deep_copy(citizens) : json_array();
    pthread_mutex_unlock(&src->mu);
    return out;
}

/* ---- The HTTP service ---- */

struct answer {
    char *data;
    size_t len;
    bool too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    struct answer *a = ud;
    size_t len = size * n;
    if (a->len + len > MAX_ANSWER) {
        a->too_big = true;
        return 0;
    }
    a->data = nt_realloc(a->data, a->len + len + 1);
    memcpy(a->data + a->len, p, len);
    a->len += len;
    a->data[a->len] = '\0';
    return len;
}

/* One POST; returns the HTTP status (0 on a transport failure). */
static long post_once(struct access_source *src, const char *body, long timeout_ms,
                      struct answer *a, CURLcode *out_code)
{
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, "Accept: application/json");
    curl_easy_setopt(c, CURLOPT_URL, src->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms / 2 > 0 ? timeout_ms / 2 : 1);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
    long status = 0;
    *out_code = curl_easy_perform(c);
    if (*out_code == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

/* The person object of an answer: the object itself, or the matching entry
 * of {"personer": [...]} (NULL when it lists somebody else only). False
 * when the answer is not the access JSON. */
static bool person_in(json_t *root, const char *fnr, json_t **out)
{
    json_t *list = json_object_get(root, "personer");
    *out = NULL;
    if (!list) {
        *out = root;
        return json_is_array(json_object_get(root, "virksomheter"));
    }
    if (!json_is_array(list))
        return false;
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        if (str(p, "fnr") && strcmp(str(p, "fnr"), fnr) == 0)
            *out = p;
    }
    return true;
}

static struct access_rights *parse_answer(struct access_source *src, const char *fnr,
                                          const struct answer *a, const char **out_reason)
{
    json_t *root = a->data ? json_loads(a->data, JSON_REJECT_DUPLICATES, NULL) : NULL;
    json_t *person = NULL;
    if (!json_is_object(root) || !person_in(root, fnr, &person)) {
        json_decref(root);
        *out_reason = "the answer is not the access JSON";
        return NULL;
    }
    pthread_mutex_lock(&src->mu);
    struct access_rights *r = access_rights_from_person(fnr, person, remember_name, src);
    pthread_mutex_unlock(&src->mu);
    if (json_is_true(json_object_get(root, "isError")) && !r->partial) {
        struct access_rights *flagged = access_rights_flagged(r);
        access_rights_release(r);
        r = flagged;
    }
    json_decref(root);
    return r;
}

static bool worth_retry(CURLcode code, long status)
{
    return status >= 500 || code == CURLE_COULDNT_CONNECT || code == CURLE_SEND_ERROR ||
           code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING;
}

/* Asks the service; NULL (with the reason logged) when it failed. */
static struct access_rights *fetch(struct access_source *src, const char *fnr)
{
    json_t *req = json_pack("{s:s}", "fnr", fnr);
    char *body = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    double start = mono_seconds();
    const char *reason = NULL;
    struct access_rights *r = NULL;
    for (int attempt = 0; attempt < 2 && !r; attempt++) {
        long left = (long)src->timeout_ms - (long)((mono_seconds() - start) * 1000);
        if (left < 50)
            break;
        struct answer a = {0};
        CURLcode code;
        long status = post_once(src, body, left, &a, &code);
        if (code != CURLE_OK)
            reason = curl_easy_strerror(code);
        else if (status != 200)
            reason = "the service answered with an error status";
        else
            r = parse_answer(src, fnr, &a, &reason);
        free(a.data);
        if (r || !worth_retry(code, status))
            break;
    }
    free(body);
    if (!r)
        OBS_LOG(OBS_WARN, "access lookup failed", "reason", reason ? reason : "timeout");
    return r;
}

struct fetch_job {
    struct access_source *src;
    const char *fnr;
    struct access_rights *rights;
};

static void run_fetch(void *arg)
{
    struct fetch_job *j = arg;
    j->rights = fetch(j->src, j->fnr);
}

static struct cache_entry *cache_entry_for(struct access_source *src, const char *fnr)
{
    struct cache_entry *e = nt_map_get(&src->cache, fnr);
    if (e)
        return e;
    if (src->ncached == MAX_CACHED) {
        /* full: keep only entries someone is loading */
        struct nt_map fresh;
        nt_map_init(&fresh);
        size_t kept = 0;
        for (size_t i = 0; i < src->ncached; i++) {
            struct cache_entry *c = src->cached[i];
            if (c->loading) {
                src->cached[kept++] = c;
                nt_map_put(&fresh, c->fnr, c);
                continue;
            }
            access_rights_release(c->rights);
            free(c->fnr);
            free(c);
        }
        nt_map_free(&src->cache);
        src->cache = fresh;
        src->ncached = kept;
    }
    e = nt_calloc(1, sizeof(*e));
    e->fnr = nt_strdup(fnr);
    src->cached[src->ncached++] = e;
    nt_map_put(&src->cache, e->fnr, e);
    return e;
}

static struct access_rights *lookup_url(struct access_source *src, const char *fnr)
{
    pthread_mutex_lock(&src->mu);
    struct cache_entry *e = cache_entry_for(src, fnr);
    /* A fiber must not block its thread on another request's answer (that
     * request may be a fiber of this very thread): it asks itself. */
    while (e->loading && !fiber_current())
        pthread_cond_wait(&src->loaded, &src->mu);
    if (e->rights && e->expires > mono_seconds()) {
        struct access_rights *r = access_rights_ref(e->rights);
        pthread_mutex_unlock(&src->mu);
        return r;
    }
    e->loading++;
    pthread_mutex_unlock(&src->mu);
    struct fetch_job job = {src, fnr, NULL};
    fiber_offload(run_fetch, &job); /* a slow service holds no HTTP thread */
    struct access_rights *fresh = job.rights;
    pthread_mutex_lock(&src->mu);
    e->loading--;
    if (fresh && !fresh->partial) {
        access_rights_release(e->rights);
        e->rights = access_rights_ref(fresh);
        e->expires = mono_seconds() + src->cache_seconds;
    }
    pthread_cond_broadcast(&src->loaded);
    pthread_mutex_unlock(&src->mu);
    return fresh ? fresh : access_rights_unknown();
}

/* ---- Public ---- */

struct access_rights *access_lookup(struct access_source *src, const char *fnr)
{
    if (src->url)
        return lookup_url(src, fnr);
    if (src->file)
        return lookup_file(src, fnr);
    return access_rights_from_person(fnr, NULL, NULL, NULL);
}

struct access_source *access_open(const struct access_config *cfg, char **out_err)
{
    struct access_source *src = nt_calloc(1, sizeof(*src));
    pthread_mutex_init(&src->mu, NULL);
    pthread_cond_init(&src->loaded, NULL);
    nt_map_init(&src->names);
    nt_map_init(&src->cache);
    src->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : 2000;
    src->cache_seconds = cfg->cache_seconds;
    if (cfg->url) {
        src->url = nt_strdup(cfg->url);
        src->cached = nt_calloc(MAX_CACHED, sizeof(*src->cached));
        curl_global_init(CURL_GLOBAL_DEFAULT);
    } else if (cfg->file) {
        src->file = nt_strdup(cfg->file);
        pthread_mutex_lock(&src->mu);
        stat_file(src->file, &src->stamp);
        src->view = read_view(src, out_err);
        pthread_mutex_unlock(&src->mu);
        if (!src->view) {
            access_close(src);
            return NULL;
        }
    }
    return src;
}

void access_close(struct access_source *src)
{
    if (!src)
        return;
    view_free(src->view);
    for (size_t i = 0; i < src->ncached; i++) {
        access_rights_release(src->cached[i]->rights);
        free(src->cached[i]->fnr);
        free(src->cached[i]);
    }
    free(src->cached);
    nt_map_free(&src->cache);
    for (size_t i = 0; i < src->nnames; i++) {
        free(src->name_list[i]->orgnr);
        free(src->name_list[i]->navn);
        free(src->name_list[i]);
    }
    free(src->name_list);
    nt_map_free(&src->names);
    pthread_cond_destroy(&src->loaded);
    pthread_mutex_destroy(&src->mu);
    free(src->file);
    free(src->url);
    free(src);
}
