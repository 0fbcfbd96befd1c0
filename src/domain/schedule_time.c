#include "domain/schedule_time.h"

#include <time.h>

int64_t dom_instant_plus_utc(int64_t base_us, const struct dom_duration *d)
{
    int64_t secs = base_us / 1000000 - (base_us % 1000000 < 0);
    int64_t micro = base_us - secs * 1000000;
    time_t t = (time_t)secs;
    struct tm tm;
    gmtime_r(&t, &tm);
    struct dom_local l = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                          tm.tm_min,         tm.tm_sec,     (int)micro};
    struct dom_duration calendar = {.years = d->years, .months = d->months, .days = d->days};
    dom_local_add(&l, &calendar, 1);
    struct tm out = {.tm_year = l.year - 1900, .tm_mon = l.month - 1, .tm_mday = l.day,
                     .tm_hour = l.hour, .tm_min = l.minute, .tm_sec = l.second};
    return (int64_t)timegm(&out) * 1000000 + l.micro + d->seconds * 1000000 + d->nanos / 1000;
}

bool dom_future_temporal(const char *den, const char *om, int64_t base_us, int64_t *out_us)
{
    struct dom_local l;
    struct dom_duration d;
    if (den && dom_parse_local_datetime(den, &l)) {
        *out_us = dom_oslo_local_to_instant(&l);
        return true;
    }
    if (om && dom_duration_parse(om, &d)) {
        *out_us = dom_instant_plus_utc(base_us, &d);
        return true;
    }
    return false;
}

bool dom_frist_expiry(const char *frist, int64_t *out_due_us, int64_t *out_end_us)
{
    struct dom_local day;
    if (!frist || !dom_parse_date(frist, &day))
        return false;
    struct dom_local end = day;
    end.hour = 23;
    end.minute = 59;
    end.second = 59;
    end.micro = 999999;
    *out_end_us = dom_oslo_local_to_instant(&end);
    struct dom_duration one_day = {.days = 1};
    struct dom_local next = {day.year, day.month, day.day, 0, 0, 0, 0};
    dom_local_add(&next, &one_day, 1);
    *out_due_us = dom_oslo_local_to_instant(&next);
    return true;
}

int64_t dom_retry_backoff_us(int64_t attempts)
{
    const int64_t cap = 600000000;
    int64_t us = 1000000;
    for (int64_t i = 0; i < attempts && us < cap; i++)
        us *= 2;
    return us < cap ? us : cap;
}
