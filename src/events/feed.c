#include "events/feed.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct filter {
    const char *prefix;
    evlog_feed_filter_fn *fn;
};

static struct filter filters[EVLOG_FEED_MAX_FILTERS];
static size_t nfilters;

void evlog_feed_register(const char *type_prefix, evlog_feed_filter_fn *fn)
{
    for (size_t i = 0; i < nfilters; i++)
        if (filters[i].fn == fn && strcmp(filters[i].prefix, type_prefix) == 0)
            return;
    if (nfilters < EVLOG_FEED_MAX_FILTERS)
        filters[nfilters++] = (struct filter){type_prefix, fn};
}

static evlog_feed_filter_fn *filter_for(const char *type)
{
    for (size_t i = 0; i < nfilters; i++)
        if (strncmp(type, filters[i].prefix, strlen(filters[i].prefix)) == 0)
            return filters[i].fn;
    return NULL;
}

static json_t *instant(int64_t us)
{
    time_t secs = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    char out[40];
    size_t n = strftime(out, 24, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, sizeof out - n, ".%03dZ", (int)(us % 1000000 / 1000));
    return json_string(out);
}

struct feed_visit {
    json_t *out;
    int64_t last;
};

static int visit(const struct evlog_event *e, void *userdata)
{
    struct feed_visit *v = userdata;
    json_t *item = json_pack("{s:I,s:s,s:s,s:o}", "seq", (json_int_t)e->seq, "type", e->type,
                             "aggregateId", e->aggregate_id, "createdAt", instant(e->created_at));
    evlog_feed_filter_fn *fn = filter_for(e->type);
    json_t *payload = fn ? json_loads(e->payload, 0, NULL) : NULL;
    json_t *data = payload ? fn(e, payload) : NULL;
    if (data)
        json_object_set_new(item, "data", data);
    json_decref(payload);
    json_array_append_new(v->out, item);
    v->last = e->seq;
    return 0;
}

int64_t evlog_feed_read(struct store_tx *tx, int64_t after, int64_t upto, int64_t limit,
                        json_t *out, int64_t *out_last)
{
    struct feed_visit v = {.out = out, .last = after};
    int64_t n = evlog_read_between(tx, after, upto, limit, visit, &v);
    *out_last = v.last;
    return n;
}
