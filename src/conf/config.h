/* Configuration: one table of options. Precedence: defaults < JSON config
 * file (--config / BUDSTIKKE_CONFIG) < environment (BUDSTIKKE_*) < flags. */
#ifndef CFG_CONFIG_H
#define CFG_CONFIG_H
#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>

struct cfg {
    char *listen;     /* HOST:PORT */
    char *db;         /* sqlite:PATH or postgres://... */
    char *registry;   /* producer registry JSON file */
    char *access;     /* access source JSON file */
    char *access_url; /* access source HTTP URL */
    char *access_timeout_ms;    /* total time for one access lookup over HTTP */
    char *access_cache_seconds; /* how long a successful HTTP lookup is used */
    char *roles;      /* api,scheduler,senders */
    char *config;     /* JSON config file */
    char *dev_key;    /* development signing key file */
    char *log_level;  /* debug|info|warn|error */
    char *max_body;   /* request body limit in bytes */
    char *http_threads; /* request threads; resolvers block while a write commits */
    /* external notices (src/notify, docs/notices.md) */
    char *smtp_url;       /* smtp://host:port */
    char *smtp_from;
    char *smtp_user;
    char *smtp_password;
    char *sms_url;        /* SMS gateway endpoint */
    char *sms_token;
    char *sms_sender;
    char *altinn_url;     /* base URL of the Altinn-style notifications API */
    char *altinn_token;
    char *notice_timeout_ms;
    char *notice_max_attempts;
    bool dev;
};

/* Fills c from defaults, file, environment and argv[first..argc). Returns 0,
 * or -1 with a one-line reason in err. Strings are malloc'ed; cfg_free. */
int cfg_load(struct cfg *c, int argc, char **argv, int first, char *err, size_t err_size);
void cfg_free(struct cfg *c);
/* Effective configuration as JSON, the database password redacted. */
void cfg_dump(const struct cfg *c, struct nt_buf *out);
/* Splits HOST:PORT; returns -1 on a malformed value. host is malloc'ed. */
int cfg_split_listen(const char *listen, char **out_host, unsigned *out_port);

#endif
