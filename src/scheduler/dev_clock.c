#include "scheduler/dev_clock.h"

#include "base/clock.h"
#include "domain/duration.h"
#include "domain/oslo_time.h"
#include "notify/control.h"
#include "notify/sender.h"
#include "scheduler/jobs.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SETTLE_LIMIT_MS 10000

static atomic_bool frozen;

static int busy_check(struct store_tx *tx, void *arg)
{
    int64_t now = nt_now_us();
    bool *busy = arg;
    *busy = sched_job_earliest(tx) <= now;
    if (!*busy && !notify_paused(tx))
        *busy = notify_has_due(tx, now);
    return 0;
}

/* Waits until the scheduler and the sender have nothing due at now. */
static bool settle(struct store *store)
{
    for (int waited = 0; waited < SETTLE_LIMIT_MS; waited += 5) {
        bool busy = true;
        if (store_read(store, busy_check, &busy) == 0 && !busy)
            return true;
        struct timespec ts = {0, 5 * 1000000};
        nanosleep(&ts, NULL);
    }
    return false;
}

static void answer(struct http_request *req, int settled)
{
    char now[64], body[160];
    dom_format_instant(nt_now_us(), now, sizeof now);
    snprintf(body, sizeof body, "{\"now\":\"%s\",\"frozen\":%s%s}", now,
             atomic_load(&frozen) ? "true" : "false",
             settled < 0 ? "" : settled ? ",\"settled\":true" : ",\"settled\":false");
    http_respond(req, 200, "application/json", body, strlen(body));
}

/* Applies one of set/advance/reset; NULL or the reason it is refused. */
static const char *change_clock(json_t *in)
{
    json_t *set = json_object_get(in, "set"), *advance = json_object_get(in, "advance");
    int64_t at;
    struct dom_duration d;
    if (json_is_string(set)) {
        if (!dom_parse_datetime(json_string_value(set), &at))
            return "set must be an ISO8601DateTime";
        nt_clock_set(at);
        atomic_store(&frozen, true);
    } else if (json_is_string(advance)) {
        if (!dom_duration_parse(json_string_value(advance), &d) || d.years || d.months)
            return "advance must be an ISO8601Duration of days and time (P1D, PT90M)";
        nt_clock_advance(((int64_t)d.days * 86400 + d.seconds) * 1000000 + d.nanos / 1000);
    } else if (json_is_true(json_object_get(in, "reset"))) {
        nt_clock_reset();
        atomic_store(&frozen, false);
    } else {
        return "body must hold set, advance or reset";
    }
    return NULL;
}

static enum http_handled handle(struct http_request *req, void *userdata)
{
    if (strcmp(http_method(req), "GET") == 0) {
        answer(req, -1);
        return HTTP_ANSWERED;
    }
    size_t len;
    const char *body = http_body(req, &len);
    json_t *in = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, NULL);
    const char *refused = json_is_object(in) ? change_clock(in) : "body must be a JSON object";
    bool wants_settle = json_is_true(json_object_get(in, "settle"));
    json_decref(in);
    if (refused) {
        http_respond_error(req, 400, refused);
        return HTTP_ANSWERED;
    }
    answer(req, wants_settle ? settle(userdata) : -1);
    return HTTP_ANSWERED;
}

void dev_clock_route(struct http_server *srv, struct store *store)
{
    http_route_add(srv, NULL, "/internal/dev/clock", handle, store);
}
