/* GET /events?after=N&limit=M: the outbound feed for integrations (any
 * organisation token). Dialog events leave without content: no titles,
 * texts, links, file names, idents or contact details, only ids, types,
 * channel, organisation codes, statuses and times (dialog.md 3.2; seed
 * 004: the event "no longer contains the message content"). */
#include "api/dialog/internal.h"
#include "events/feed.h"

#include <stdlib.h>
#include <string.h>

#define FEED_DEFAULT_LIMIT 1000
#define FEED_MAX_LIMIT 10000

/* Members that may leave as they are. */
static const char *const plain[] = {"dialogId", "svarId", "vedleggId", "pos", "kanal",
                                    "meldingstype", "svartype", "status", "fra", "til",
                                    "historisk", "visIInnboks", "type", "arkivert", "medietype",
                                    "storrelse", NULL};
/* Times, as instants. */
static const char *const times[] = {"opprettet", "tidspunkt", "lastetOpp", "synligFra",
                                    "lestAvInnbygger", NULL};
/* Objects, with the members of each that may leave. */
static const struct {
    const char *key;
    const char *members[4];
} nested[] = {
    {"avsender", {"org", "type", "orgType", NULL}},
    {"mottaker", {"kode", "type", NULL}},
    {"levering", {"kanal", "status", "arsak", NULL}},
    {"aktor", {"type", "org", NULL}},
    {"utfortAv", {"org", NULL}},
};

static bool listed(const char *const *names, const char *key)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(names[i], key) == 0)
            return true;
    return false;
}

static json_t *only(json_t *o, const char *const *members)
{
    json_t *v = json_object();
    for (size_t i = 0; members[i]; i++)
        if (json_object_get(o, members[i]))
            json_object_set(v, members[i], json_object_get(o, members[i]));
    return v;
}

static json_t *dialog_filter(const struct evlog_event *e, json_t *payload)
{
    (void)e;
    json_t *out = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(payload, key, v) {
        if (listed(plain, key))
            json_object_set(out, key, v);
        else if (listed(times, key) && json_is_integer(v))
            json_object_set_new(out, key, dlg_time_json(json_integer_value(v)));
        for (size_t i = 0; i < sizeof nested / sizeof nested[0]; i++)
            if (strcmp(nested[i].key, key) == 0 && json_is_object(v))
                json_object_set_new(out, key, only(v, nested[i].members));
    }
    return out;
}

void dlg_feed_register(void)
{
    evlog_feed_register("Dialog", dialog_filter);
    evlog_feed_register("Svar", dialog_filter);
    evlog_feed_register("Vedlegg", dialog_filter);
}

struct feed_cmd {
    int64_t after;
    int64_t settled; /* set by store_read_settled */
    int64_t limit;
    json_t *events;
    int64_t last;
};

static int read_feed(struct store_tx *tx, void *arg)
{
    struct feed_cmd *c = arg;
    return evlog_feed_read(tx, c->after, c->settled, c->limit, c->events, &c->last) < 0 ? -2 : 0;
}

static int number_arg(struct dlg_req *q, const char *name, int64_t dflt, int64_t max,
                      int64_t *out, struct dlg_err *e)
{
    const char *v = http_query_arg(q->http, name);
    *out = dflt;
    if (!v)
        return 0;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (!*v || *end || n < 0 || n > max)
        return dlg_fail(e, 400, "UgyldigForesporsel", name, "%s må være et tall fra 0 til %lld",
                        name, (long long)max);
    *out = n;
    return 0;
}

enum http_handled dlg_feed(struct http_request *r, void *userdata)
{
    struct dlg_req q = {.api = userdata, .http = r};
    if (dlg_authenticate(&q, DLG_ORG) != 0)
        return HTTP_ANSWERED;
    struct dlg_err e;
    struct feed_cmd c = {.events = json_array()};
    if (number_arg(&q, "after", 0, INT64_MAX, &c.after, &e) != 0 ||
        number_arg(&q, "limit", FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT, &c.limit, &e) != 0) {
        json_decref(c.events);
        dlg_respond_error(&q, &e);
        return HTTP_ANSWERED;
    }
    if (c.limit == 0)
        c.limit = FEED_DEFAULT_LIMIT;
    if (store_read_settled(q.api->cfg.store, read_feed, &c, &c.settled) != 0) {
        json_decref(c.events);
        dlg_fail(&e, 500, "Intern", NULL, "Loggen kunne ikke leses");
        dlg_respond_error(&q, &e);
        return HTTP_ANSWERED;
    }
    dlg_respond_json(&q, 200, json_pack("{s:o,s:I}", "events", c.events, "next", (json_int_t)c.last));
    return HTTP_ANSWERED;
}
