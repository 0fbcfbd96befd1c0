#include "domain/schedule_time.h"


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
