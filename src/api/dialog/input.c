/* Reading request bodies strictly: one JSON object (our strict reader:
 * duplicate keys, invalid UTF-8 and NUL refused), only the documented
 * members, each of its type; anything else is 400 UgyldigForesporsel with
 * the member in `felt`. */
#include "api/dialog/internal.h"
#include "base/json_read.h"
#include "domain/oslo_time.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

json_t *dlg_body_object(struct dlg_req *q, struct dlg_err *e)
{
    size_t len;
    const char *body = http_body(q->http, &len);
    const char *why = NULL;
    json_t *v = len ? nt_json_parse(body, len, &why) : NULL;
    if (!v) {
        dlg_fail(e, 400, "UgyldigForesporsel", NULL, "Kroppen er ikke gyldig JSON%s%s",
                 why ? ": " : "", why ? why : "");
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        dlg_fail(e, 400, "UgyldigForesporsel", NULL, "Kroppen må være et JSON-objekt");
        return NULL;
    }
    return v;
}

int dlg_only_members(json_t *o, const char *const *allowed, const char *prefix, struct dlg_err *e)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        bool known = false;
        for (size_t i = 0; allowed[i] && !known; i++)
            known = strcmp(allowed[i], key) == 0;
        if (!known) {
            char felt[96];
            snprintf(felt, sizeof felt, "%s%s", prefix ? prefix : "", key);
            return dlg_fail(e, 400, "UgyldigForesporsel", felt, "Ukjent felt '%s'", felt);
        }
    }
    return 0;
}

int dlg_opt_string(json_t *o, const char *key, const char **out, struct dlg_err *e)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return dlg_fail(e, 400, "UgyldigForesporsel", key, "'%s' må være en tekst", key);
    *out = json_string_value(v);
    return 0;
}

int dlg_req_string(json_t *o, const char *key, const char **out, struct dlg_err *e)
{
    if (dlg_opt_string(o, key, out, e) != 0)
        return -1;
    if (!*out)
        return dlg_fail(e, 400, "UgyldigForesporsel", key, "'%s' mangler", key);
    return 0;
}

int dlg_opt_bool(json_t *o, const char *key, bool dflt, bool *out, struct dlg_err *e)
{
    json_t *v = json_object_get(o, key);
    *out = dflt;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return dlg_fail(e, 400, "UgyldigForesporsel", key, "'%s' må være true eller false", key);
    *out = json_is_true(v);
    return 0;
}

int dlg_opt_instant(json_t *o, const char *key, bool *present, int64_t *out, struct dlg_err *e)
{
    const char *s;
    *present = false;
    if (dlg_opt_string(o, key, &s, e) != 0)
        return -1;
    if (!s)
        return 0;
    if (!dom_parse_datetime(s, out))
        return dlg_fail(e, 400, "UgyldigForesporsel", key,
                        "'%s' må være et ISO 8601-tidspunkt, fikk '%s'", key, s);
    *present = true;
    return 0;
}

void dlg_hash_json(json_t *v, const char *salt, char out[65])
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    EVP_DigestUpdate(ctx, salt, strlen(salt));
    EVP_DigestUpdate(ctx, "\n", 1);
    EVP_DigestUpdate(ctx, text, strlen(text));
    EVP_DigestFinal_ex(ctx, md, &n);
    EVP_MD_CTX_free(ctx);
    free(text);
    for (unsigned int i = 0; i < n && i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    out[64] = '\0';
}

void dlg_format_time(int64_t us, char out[32])
{
    time_t secs = (time_t)(us >= 0 ? us / 1000000 : (us - 999999) / 1000000);
    int ms = (int)((us - (int64_t)secs * 1000000) / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    size_t n = strftime(out, 24, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 32 - n, ".%03dZ", ms % 1000);
}

json_t *dlg_time_json(int64_t us)
{
    if (!us)
        return json_null();
    char t[32];
    dlg_format_time(us, t);
    return json_string(t);
}
