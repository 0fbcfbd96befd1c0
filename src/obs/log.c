#include "obs/log.h"

#include "base/buf.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static enum obs_level current_level = OBS_INFO;
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

void obs_log_set_level(enum obs_level level)
{
    current_level = level;
}

enum obs_level obs_log_level(void)
{
    return current_level;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

size_t obs_mask_fnr(const char *s, char *out, size_t out_size)
{
    size_t n = 0, i = 0;
    if (!out_size)
        return 0;
    while (s[i] && n + 1 < out_size) {
        if (!is_digit(s[i])) {
            out[n++] = s[i++];
            continue;
        }
        size_t run = 0;
        while (is_digit(s[i + run]))
            run++;
        for (size_t k = 0; k < run && n + 1 < out_size; k++)
            out[n++] = (run == 11 && k >= 6) ? '*' : s[i + k];
        i += run;
    }
    out[n] = '\0';
    return n;
}

static void put_masked(struct nt_buf *b, const char *s)
{
    char small[512];
    size_t len = strlen(s);
    if (len < sizeof small) {
        size_t n = obs_mask_fnr(s, small, sizeof small);
        nt_buf_json_str(b, small, n);
        return;
    }
    struct nt_buf big;
    nt_buf_init(&big, 0);
    nt_buf_append(&big, s, len); /* allocate len+1 */
    obs_mask_fnr(s, big.data, len + 1);
    nt_buf_json_str(b, big.data, len);
    nt_buf_free(&big);
}

void obs_log(enum obs_level level, const char *msg, ...)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    if (level < current_level)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[40];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    struct nt_buf b;
    nt_buf_init(&b, 64 * 1024);
    nt_buf_printf(&b, "{\"ts\":\"%s.%03ldZ\",\"level\":\"%s\",\"msg\":", when,
                  ts.tv_nsec / 1000000, names[level]);
    put_masked(&b, msg);
    va_list ap;
    va_start(ap, msg);
    for (;;) {
        const char *key = va_arg(ap, const char *);
        if (!key)
            break;
        const char *value = va_arg(ap, const char *);
        nt_buf_putc(&b, ',');
        nt_buf_json_str(&b, key, strlen(key));
        nt_buf_putc(&b, ':');
        put_masked(&b, value ? value : "");
    }
    va_end(ap);
    nt_buf_puts(&b, "}\n");
    pthread_mutex_lock(&write_lock);
    fwrite(b.data, 1, b.len, stderr);
    fflush(stderr);
    pthread_mutex_unlock(&write_lock);
    nt_buf_free(&b);
}
