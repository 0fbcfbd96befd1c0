#include "obs/metrics.h"

#include "base/alloc.h"
#include "base/map.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum series_kind { SERIES_COUNTER, SERIES_GAUGE, SERIES_HISTOGRAM };

static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                 0.05,   0.1,   0.25,   0.5,   1,    2.5};
#define NBUCKETS (sizeof buckets / sizeof buckets[0])

struct series {
    char *key; /* name + '\0' + labels */
    const char *name;
    const char *labels;
    enum series_kind kind;
    double value; /* counter/gauge; histogram: sum */
    unsigned long counts[NBUCKETS + 1];
    unsigned long total;
    struct series *next; /* in creation order */
};

struct help {
    char *name;
    char *type;
    char *text;
    struct help *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct nt_map by_key;
static struct series *first, *last;
static struct help *helps;

static struct series *series_get(const char *name, const char *labels, enum series_kind kind)
{
    size_t nl = strlen(name), ll = strlen(labels);
    char key[512];
    if (nl + ll + 2 > sizeof key)
        return NULL;
    memcpy(key, name, nl + 1);
    memcpy(key + nl + 1, labels, ll + 1);
    struct series *s = nt_map_getn(&by_key, key, nl + ll + 1);
    if (s)
        return s;
    s = nt_calloc(1, sizeof(*s));
    s->key = nt_malloc(nl + ll + 2);
    memcpy(s->key, key, nl + ll + 2);
    s->name = s->key;
    s->labels = s->key + nl + 1;
    s->kind = kind;
    nt_map_putn(&by_key, s->key, nl + ll + 1, s);
    if (last)
        last->next = s;
    else
        first = s;
    last = s;
    return s;
}

void obs_counter_add(const char *name, const char *labels, double value)
{
    pthread_mutex_lock(&lock);
    struct series *s = series_get(name, labels, SERIES_COUNTER);
    if (s)
        s->value += value;
    pthread_mutex_unlock(&lock);
}

void obs_gauge_set(const char *name, const char *labels, double value)
{
    pthread_mutex_lock(&lock);
    struct series *s = series_get(name, labels, SERIES_GAUGE);
    if (s)
        s->value = value;
    pthread_mutex_unlock(&lock);
}

void obs_histogram_observe(const char *name, const char *labels, double value)
{
    pthread_mutex_lock(&lock);
    struct series *s = series_get(name, labels, SERIES_HISTOGRAM);
    if (s) {
        size_t i = 0;
        while (i < NBUCKETS && value > buckets[i])
            i++;
        s->counts[i]++;
        s->total++;
        s->value += value;
    }
    pthread_mutex_unlock(&lock);
}

void obs_metric_help(const char *name, const char *type, const char *help)
{
    pthread_mutex_lock(&lock);
    struct help *h = nt_calloc(1, sizeof(*h));
    h->name = nt_strdup(name);
    h->type = nt_strdup(type);
    h->text = nt_strdup(help);
    h->next = helps;
    helps = h;
    pthread_mutex_unlock(&lock);
}

static void write_help(struct nt_buf *out, const char *name)
{
    for (struct help *h = helps; h; h = h->next)
        if (strcmp(h->name, name) == 0) {
            nt_buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, h->text, name, h->type);
            return;
        }
}

static void write_histogram(struct nt_buf *out, const struct series *s)
{
    unsigned long cum = 0;
    const char *sep = s->labels[0] ? "," : "";
    for (size_t i = 0; i < NBUCKETS; i++) {
        cum += s->counts[i];
        nt_buf_printf(out, "%s_bucket{%s%sle=\"%g\"} %lu\n", s->name, s->labels, sep, buckets[i],
                      cum);
    }
    nt_buf_printf(out, "%s_bucket{%s%sle=\"+Inf\"} %lu\n", s->name, s->labels, sep, s->total);
    const char *open = s->labels[0] ? "{" : "", *close = s->labels[0] ? "}" : "";
    nt_buf_printf(out, "%s_sum%s%s%s %.6f\n%s_count%s%s%s %lu\n", s->name, open, s->labels, close,
                  s->value, s->name, open, s->labels, close, s->total);
}

void obs_metrics_write(struct nt_buf *out)
{
    pthread_mutex_lock(&lock);
    for (struct series *s = first; s; s = s->next) {
        bool first_of_name = true;
        for (struct series *p = first; p != s; p = p->next)
            if (strcmp(p->name, s->name) == 0)
                first_of_name = false;
        if (first_of_name)
            write_help(out, s->name);
        if (s->kind == SERIES_HISTOGRAM)
            write_histogram(out, s);
        else if (s->labels[0])
            nt_buf_printf(out, "%s{%s} %.17g\n", s->name, s->labels, s->value);
        else
            nt_buf_printf(out, "%s %.17g\n", s->name, s->value);
    }
    pthread_mutex_unlock(&lock);
}
