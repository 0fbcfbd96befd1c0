/* The producer API's custom scalars: values are checked when they arrive
 * and handed to resolvers in one canonical text form. */
#include "api/producer/scalars.h"

#include "base/alloc.h"
#include "domain/duration.h"
#include "domain/oslo_time.h"

#include <stdio.h>
#include <stdlib.h>

static json_t *refuse(char **err, const char *what, json_t *v)
{
    *err = json_is_string(v) ? nt_strdup(what) : nt_strdup("must be string");
    return NULL;
}

static json_t *parse_datetime(json_t *v, char **err)
{
    int64_t t;
    if (!json_is_string(v) || !dom_parse_datetime(json_string_value(v), &t))
        return refuse(err, "expected an ISO 8601 date-time, e.g. 2024-01-01T12:00:00Z", v);
    char out[64];
    dom_format_instant(t, out, sizeof out);
    return json_string(out);
}

static json_t *parse_local_datetime(json_t *v, char **err)
{
    struct dom_local l;
    if (!json_is_string(v) || !dom_parse_local_datetime(json_string_value(v), &l))
        return refuse(err, "expected an ISO 8601 local date-time, e.g. 2024-01-01T12:00:00", v);
    return json_incref(v);
}

static json_t *parse_date(json_t *v, char **err)
{
    struct dom_local l;
    if (!json_is_string(v) || !dom_parse_date(json_string_value(v), &l))
        return refuse(err, "expected an ISO 8601 date, e.g. 2024-01-31", v);
    return json_incref(v);
}

static json_t *parse_duration(json_t *v, char **err)
{
    struct dom_duration d;
    if (!json_is_string(v) || !dom_duration_parse(json_string_value(v), &d))
        return refuse(err, "expected an ISO 8601 duration, e.g. P5D or PT1H30M", v);
    char out[64];
    dom_duration_format(&d, out, sizeof out);
    return json_string(out);
}

const struct gql_scalar_binding api_producer_scalars[] = {
    {"ISO8601DateTime", NULL, parse_datetime},
    {"ISO8601LocalDateTime", NULL, parse_local_datetime},
    {"ISO8601Date", NULL, parse_date},
    {"ISO8601Duration", NULL, parse_duration},
};
const size_t api_producer_nscalars = sizeof api_producer_scalars / sizeof api_producer_scalars[0];
