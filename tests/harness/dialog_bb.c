#include "dialog_bb.h"

#include "check.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct bb_server dlg_srv;
static char tokens[DLG_NPARTIES][4200];

static const struct {
    const char *kind;
    const char *subject;
} parties[DLG_NPARTIES] = {
    [T_STAR] = {"producer", "dev:star"},         [T_14700] = {"producer", "dev:jc-14700"},
    [T_14701] = {"producer", "dev:jc-14701"},    [T_10100] = {"producer", "dev:jc-10100"},
    [T_AK1] = {"producer", "dev:akasse-ak1"},    [T_AK2] = {"producer", "dev:akasse-ak2"},
    [T_AA1] = {"producer", "dev:aa1"},           [T_0147] = {"producer", "dev:kommune-0147"},
    [T_V] = {"producer", "dev:virksomhet"},      [T_NO_ORG] = {"producer", "dev:uten-organisasjon"},
    [U_B1] = {"user", B1},                       [U_B2] = {"user", B2},
    [U_B3] = {"user", B3},                       [U_B4] = {"user", B4},
};

/* build-asan/budstikke -> the repository's tests/fixtures/dialog/name */
static void fixture(const char *name, char *out, size_t n)
{
    char root[PATH_MAX + 32];
    snprintf(root, sizeof root, "%s", bb_binary);
    for (int i = 0; i < 2; i++) {
        char *slash = strrchr(root, '/');
        if (slash)
            *slash = '\0';
    }
    snprintf(out, n, "%s/tests/fixtures/dialog/%s", root, name);
}

static char registry[PATH_MAX + 64], access_file[PATH_MAX + 64], dev_key[PATH_MAX + 16];
static const char *server_args[24];

int dlg_bb_start(const char *const *extra)
{
    bb_setup();
    char *registry_json;
    fixture("registry.json", registry, sizeof registry);
    fixture("access.json", access_file, sizeof access_file);
    registry_json = bb_read_file(registry);
    bb_producer_setup(registry_json); /* picks the dev key file in the work directory */
    free(registry_json);
    for (int i = 0; i < DLG_NPARTIES; i++)
        if (bb_mint_token(parties[i].kind, parties[i].subject, tokens[i], sizeof tokens[i]) != 0)
            return -1;
    snprintf(dev_key, sizeof dev_key, "%s/dev.key", bb_workdir);
    const char *base[] = {"--dev", "--dev-key", dev_key, "--registry", registry, "--access", access_file};
    int n = 0;
    for (; n < 7; n++)
        server_args[n] = base[n];
    for (int i = 0; extra && extra[i] && n < 22; i++)
        server_args[n++] = extra[i];
    server_args[n] = NULL;
    return bb_start_server(&dlg_srv, server_args);
}

int dlg_bb_restart(void)
{
    return bb_start_server(&dlg_srv, server_args);
}

void dlg_bb_stop(void)
{
    /* a clean exit: drained, and no sanitizer report */
    int rc = bb_stop_server(&dlg_srv, SIGTERM);
    if (rc != 0)
        check__fail(__FILE__, __LINE__, "the server exited with %d (log %s)", rc, dlg_srv.log_path);
}

struct sink {
    struct dlg_reply *r;
    size_t cap;
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct sink *s = ud;
    size_t len = size * n;
    if (s->r->len + len + 1 > s->cap) {
        s->cap = (s->r->len + len + 1) * 2;
        s->r->body = realloc(s->r->body, s->cap);
    }
    memcpy(s->r->body + s->r->len, p, len);
    s->r->len += len;
    s->r->body[s->r->len] = '\0';
    return len;
}

static void header_value(const char *line, size_t len, const char *name, char *out, size_t n)
{
    size_t k = strlen(name);
    if (len <= k + 1 || strncasecmp(line, name, k) != 0 || line[k] != ':')
        return;
    const char *v = line + k + 1;
    while (*v == ' ')
        v++;
    size_t vl = len - (size_t)(v - line);
    while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n'))
        vl--;
    snprintf(out, n, "%.*s", (int)vl, v);
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct dlg_reply *r = ud;
    size_t len = size * n;
    header_value(p, len, "Content-Type", r->content_type, sizeof r->content_type);
    header_value(p, len, "Content-Disposition", r->disposition, sizeof r->disposition);
    header_value(p, len, "X-Content-Type-Options", r->nosniff, sizeof r->nosniff);
    header_value(p, len, "Content-Security-Policy", r->csp, sizeof r->csp);
    return len;
}

static void perform(enum dlg_party who, const char *method, const char *url_path,
                    const char *content_type, const void *body, size_t len, struct dlg_reply *r)
{
    memset(r, 0, sizeof(*r));
    struct sink s = {r, 0};
    char url[1024];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", dlg_srv.port, url_path);
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    if (who != NO_TOKEN)
        h = curl_slist_append(h, tokens[who]);
    if (content_type) {
        char ct[160];
        snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
        h = curl_slist_append(h, ct);
    }
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (!r->body)
        r->body = calloc(1, 1);
    r->json = json_loadb(r->body, r->len, 0, NULL);
}

static void full_path(const char *path, char *out, size_t n)
{
    snprintf(out, n, "%s%s", strncmp(path, "/events", 7) == 0 ? "" : "/api/dialog/v1", path);
}

void dlg_call(enum dlg_party who, const char *method, const char *path, const char *body,
              struct dlg_reply *r)
{
    char p[1024];
    full_path(path, p, sizeof p);
    perform(who, method, p, body ? "application/json" : NULL, body, body ? strlen(body) : 0, r);
}

void dlg_call_json(enum dlg_party who, const char *method, const char *path, json_t *body,
                   struct dlg_reply *r)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    dlg_call(who, method, path, text, r);
    free(text);
}

void dlg_upload(enum dlg_party who, const char *filnavn, const char *content_type,
                const void *bytes, size_t len, struct dlg_reply *r)
{
    CURL *c = curl_easy_init();
    char *name = curl_easy_escape(c, filnavn, 0);
    curl_easy_cleanup(c);
    char p[1024];
    snprintf(p, sizeof p, "/api/dialog/v1/vedlegg?filnavn=%s", name);
    curl_free(name);
    perform(who, "POST", p, content_type, bytes, len, r);
}

void dlg_reply_free(struct dlg_reply *r)
{
    free(r->body);
    json_decref(r->json);
    memset(r, 0, sizeof(*r));
}

json_t *dlg_get(json_t *root, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *v = root;
    for (char *save = NULL, *part = strtok_r(buf, ".", &save); part && v;
         part = strtok_r(NULL, ".", &save)) {
        char *end;
        long i = strtol(part, &end, 10);
        v = *end == '\0' && json_is_array(v) ? json_array_get(v, (size_t)i) : json_object_get(v, part);
    }
    return v;
}

const char *dlg_get_str(const struct dlg_reply *r, const char *path)
{
    return json_string_value(dlg_get(r->json, path));
}

long dlg_create(enum dlg_party who, json_t *body, char out[37])
{
    struct dlg_reply r;
    dlg_call_json(who, "POST", "/dialoger", body, &r);
    const char *id = dlg_get_str(&r, "dialoger.0.id");
    snprintf(out, 37, "%s", id ? id : "");
    long status = r.status;
    if (status != 201 && status != 200)
        fprintf(stderr, "create answered %ld: %s\n", status, r.body);
    dlg_reply_free(&r);
    return status;
}

json_t *dlg_body(const char *ident, const char *kanal, const char *tekst)
{
    return json_pack("{s:[s],s:s,s:s,s:s}", "innbyggere", ident, "kanal", kanal, "tittel",
                     "En besked", "tekst", tekst);
}

json_t *dlg_m2m_body(const char *ident, const char *kode, const char *type, const char *svartype)
{
    json_t *b = dlg_body(ident, "MYNDIGHET_TIL_MYNDIGHET", "Tråden begynner");
    json_object_set_new(b, "mottaker", json_pack("{s:s,s:s}", "kode", kode, "type", type));
    json_object_set_new(b, "svartype", json_string(svartype));
    return b;
}

char *dlg_repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = malloc(len * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

static void list_of(enum dlg_party who, const char *ident, struct dlg_reply *r)
{
    char path[128];
    if (who >= U_B1)
        snprintf(path, sizeof path, "/meg/dialoger");
    else
        snprintf(path, sizeof path, "/innbyggere/%s/dialoger", ident);
    dlg_call(who, "GET", path, NULL, r);
}

long dlg_count(enum dlg_party who, const char *ident)
{
    struct dlg_reply r;
    list_of(who, ident, &r);
    long n = r.status == 200 ? (long)json_array_size(dlg_get(r.json, "dialoger")) : -1;
    dlg_reply_free(&r);
    return n;
}

int dlg_list_has(enum dlg_party who, const char *ident, const char *id)
{
    struct dlg_reply r;
    list_of(who, ident, &r);
    int found = 0;
    size_t i;
    json_t *d;
    json_array_foreach(dlg_get(r.json, "dialoger"), i, d) {
        found = found || strcmp(json_string_value(json_object_get(d, "id")), id) == 0;
    }
    dlg_reply_free(&r);
    return found;
}

void dlg_check_problem(const struct dlg_reply *r, long status, const char *kode, int fejlkode,
                       const char *felt, const char *file, int line)
{
    const char *got_kode = json_string_value(json_object_get(r->json, "kode"));
    long got_fejlkode = (long)json_integer_value(json_object_get(r->json, "fejlkode"));
    const char *got_felt = json_string_value(json_object_get(r->json, "felt"));
    if (r->status != status || !got_kode || strcmp(got_kode, kode) != 0 || got_fejlkode != fejlkode ||
        (felt && (!got_felt || strcmp(got_felt, felt) != 0)) ||
        strncmp(r->content_type, "application/problem+json", 24) != 0)
        check__fail(file, line, "expected %ld %s fejlkode %d felt %s, got %ld: %s", status, kode,
                    fejlkode, felt ? felt : "(any)", r->status, r->body);
}

void dlg_get_dialog(enum dlg_party who, const char *id, struct dlg_reply *r)
{
    char path[128];
    snprintf(path, sizeof path, "%s/dialoger/%s", who >= U_B1 && who != NO_TOKEN ? "/meg" : "", id);
    dlg_call(who, "GET", path, NULL, r);
}

json_t *dlg_mark_of(json_t *item, const char *type, const char *aktor_type)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(item, "markeringer"), i, m) {
        if (!strcmp(json_string_value(json_object_get(m, "type")), type) &&
            !strcmp(json_string_value(dlg_get(m, "aktor.type")), aktor_type))
            return m;
    }
    return NULL;
}

void dlg_sha256_hex(const void *bytes, size_t n, char out[65])
{
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(bytes, n, md, &len, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}
