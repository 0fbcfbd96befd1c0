#include "conf/config.h"

#include "base/alloc.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum opt_type { OPT_STRING, OPT_BOOL };

struct opt {
    const char *flag; /* --flag */
    const char *env;
    const char *key; /* config file key */
    enum opt_type type;
    size_t offset;
    const char *default_value;
};

#define STR(field, flag, env, def) {flag, env, #field, OPT_STRING, offsetof(struct cfg, field), def}

static const struct opt options[] = {
    STR(listen, "--listen", "BUDSTIKKE_LISTEN", "127.0.0.1:8080"),
    STR(db, "--db", "BUDSTIKKE_DB", "sqlite:./budstikke.db"),
    STR(registry, "--registry", "BUDSTIKKE_REGISTRY", NULL),
    STR(access, "--access", "BUDSTIKKE_ACCESS", NULL),
    STR(access_url, "--access-url", "BUDSTIKKE_ACCESS_URL", NULL),
    STR(access_timeout_ms, "--access-timeout-ms", "BUDSTIKKE_ACCESS_TIMEOUT_MS", "2000"),
    STR(access_cache_seconds, "--access-cache-seconds", "BUDSTIKKE_ACCESS_CACHE_SECONDS", "30"),
    STR(roles, "--roles", "BUDSTIKKE_ROLES", "api,scheduler,senders"),
    STR(config, "--config", "BUDSTIKKE_CONFIG", NULL),
    STR(dev_key, "--dev-key", "BUDSTIKKE_DEV_KEY", "./budstikke-dev.key"),
    STR(log_level, "--log-level", "BUDSTIKKE_LOG_LEVEL", "info"),
    STR(max_body, "--max-body", "BUDSTIKKE_MAX_BODY", "1048576"),
    STR(http_threads, "--http-threads", "BUDSTIKKE_HTTP_THREADS", "0"),
    STR(smtp_url, "--smtp-url", "BUDSTIKKE_SMTP_URL", NULL),
    STR(smtp_from, "--smtp-from", "BUDSTIKKE_SMTP_FROM", "ikke-svar@budstikke.local"),
    STR(smtp_user, "--smtp-user", "BUDSTIKKE_SMTP_USER", NULL),
    STR(smtp_password, "--smtp-password", "BUDSTIKKE_SMTP_PASSWORD", NULL),
    STR(sms_url, "--sms-url", "BUDSTIKKE_SMS_URL", NULL),
    STR(sms_token, "--sms-token", "BUDSTIKKE_SMS_TOKEN", NULL),
    STR(sms_sender, "--sms-sender", "BUDSTIKKE_SMS_SENDER", "Budstikke"),
    STR(altinn_url, "--altinn-url", "BUDSTIKKE_ALTINN_URL", NULL),
    STR(altinn_token, "--altinn-token", "BUDSTIKKE_ALTINN_TOKEN", NULL),
    STR(notice_timeout_ms, "--notice-timeout-ms", "BUDSTIKKE_NOTICE_TIMEOUT_MS", "10000"),
    STR(notice_max_attempts, "--notice-max-attempts", "BUDSTIKKE_NOTICE_MAX_ATTEMPTS", "10"),
    {"--dev", "BUDSTIKKE_DEV", "dev", OPT_BOOL, offsetof(struct cfg, dev), "false"},
};

#define NOPTIONS (sizeof options / sizeof options[0])

static bool parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) {
        *out = true;
        return true;
    }
    if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) {
        *out = false;
        return true;
    }
    return false;
}

static int set_opt(struct cfg *c, const struct opt *o, const char *value, char *err,
                   size_t err_size)
{
    char *base = (char *)c;
    if (o->type == OPT_BOOL) {
        if (!parse_bool(value, (bool *)(base + o->offset))) {
            snprintf(err, err_size, "%s: expected true or false, got '%s'", o->flag, value);
            return -1;
        }
        return 0;
    }
    char **slot = (char **)(base + o->offset);
    free(*slot);
    *slot = nt_strdup(value);
    return 0;
}

static int load_file(struct cfg *c, const char *path, char *err, size_t err_size)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(err, err_size, "config file %s: %s (line %d)", path, jerr.text, jerr.line);
        return -1;
    }
    int rc = 0;
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        const struct opt *o = NULL;
        for (size_t i = 0; i < NOPTIONS && !o; i++)
            if (strcmp(options[i].key, key) == 0)
                o = &options[i];
        bool well_typed = o && (o->type == OPT_BOOL ? json_is_boolean(v) : json_is_string(v));
        if (!well_typed) {
            snprintf(err, err_size, "config file %s: unknown or mistyped key '%s'", path, key);
            rc = -1;
            break;
        }
        if (o->type == OPT_BOOL)
            *(bool *)((char *)c + o->offset) = json_is_true(v);
        else
            set_opt(c, o, json_string_value(v), err, err_size);
    }
    json_decref(root);
    return rc;
}

static const struct opt *find_flag(const char *flag)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (strcmp(options[i].flag, flag) == 0)
            return &options[i];
    return NULL;
}

/* The config file path may come from the environment or a flag. */
static const char *config_path(int argc, char **argv, int first)
{
    const char *path = getenv("BUDSTIKKE_CONFIG");
    for (int i = first; i + 1 < argc; i++)
        if (strcmp(argv[i], "--config") == 0)
            path = argv[i + 1];
    return path;
}

int cfg_load(struct cfg *c, int argc, char **argv, int first, char *err, size_t err_size)
{
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < NOPTIONS; i++)
        if (options[i].default_value)
            set_opt(c, &options[i], options[i].default_value, err, err_size);
    const char *file = config_path(argc, argv, first);
    if (file && load_file(c, file, err, err_size) != 0)
        return -1;
    for (size_t i = 0; i < NOPTIONS; i++) {
        const char *v = getenv(options[i].env);
        if (v && set_opt(c, &options[i], v, err, err_size) != 0)
            return -1;
    }
    for (int i = first; i < argc; i++) {
        const struct opt *o = find_flag(argv[i]);
        if (!o) {
            snprintf(err, err_size, "unknown option '%s'", argv[i]);
            return -1;
        }
        if (o->type == OPT_BOOL) {
            *(bool *)((char *)c + o->offset) = true;
            continue;
        }
        if (i + 1 >= argc) {
            snprintf(err, err_size, "%s needs a value", argv[i]);
            return -1;
        }
        set_opt(c, o, argv[++i], err, err_size);
    }
    return 0;
}

void cfg_free(struct cfg *c)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (options[i].type == OPT_STRING)
            free(*(char **)((char *)c + options[i].offset));
    memset(c, 0, sizeof(*c));
}

/* postgres://user:secret@host -> postgres://user:***@host */
static void redact_url(const char *url, struct nt_buf *out)
{
    const char *scheme = strstr(url, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (!at || !colon || colon > at) {
        nt_buf_puts(out, url);
        return;
    }
    nt_buf_append(out, url, (size_t)(colon + 1 - url));
    nt_buf_puts(out, "***");
    nt_buf_puts(out, at);
}

void cfg_dump(const struct cfg *c, struct nt_buf *out)
{
    nt_buf_putc(out, '{');
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct opt *o = &options[i];
        nt_buf_printf(out, "%s\"%s\":", i ? "," : "", o->key);
        if (o->type == OPT_BOOL) {
            nt_buf_puts(out, *(const bool *)((const char *)c + o->offset) ? "true" : "false");
            continue;
        }
        const char *v = *(char *const *)((const char *)c + o->offset);
        if (!v) {
            nt_buf_puts(out, "null");
            continue;
        }
        struct nt_buf shown;
        nt_buf_init(&shown, 0);
        if (strcmp(o->key, "db") == 0)
            redact_url(v, &shown);
        else if (strstr(o->key, "password") || strstr(o->key, "token"))
            nt_buf_puts(&shown, "***");
        else
            nt_buf_puts(&shown, v);
        nt_buf_json_str(out, nt_buf_str(&shown), shown.len);
        nt_buf_free(&shown);
    }
    nt_buf_putc(out, '}');
}

int cfg_split_listen(const char *listen, char **out_host, unsigned *out_port)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen)
        return -1;
    char *end;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (*end || colon[1] == '\0' || port > 65535)
        return -1;
    const char *host = listen;
    size_t n = (size_t)(colon - listen);
    if (host[0] == '[' && n >= 2 && host[n - 1] == ']') {
        host++;
        n -= 2;
    }
    *out_host = nt_strndup(host, n);
    *out_port = (unsigned)port;
    return 0;
}
