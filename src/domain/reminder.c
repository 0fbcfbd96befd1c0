#include "domain/reminder.h"

#include "domain/duration.h"

#include <stdlib.h>
#include <string.h>

static char *msg(const char *text)
{
    return strdup(text);
}

/* The last moment of the frist day, Oslo time. */
static int64_t frist_end(const struct dom_local *frist)
{
    struct dom_local l = *frist;
    l.hour = 23;
    l.minute = 59;
    l.second = 59;
    l.micro = 999999;
    return dom_oslo_local_to_instant(&l);
}

static void utc_local(int64_t us, struct dom_local *out)
{
    int64_t secs = us / 1000000 - (us % 1000000 < 0);
    int64_t days = secs / 86400 - (secs % 86400 < 0);
    /* Oslo conversion of a UTC wall clock: reuse the civil arithmetic via a
     * zero-offset round trip. */
    int64_t rem = secs - days * 86400;
    struct dom_local epoch = {1970, 1, 1, 0, 0, 0, 0};
    struct dom_duration d = {.days = (int32_t)days};
    dom_local_add(&epoch, &d, 1);
    *out = epoch;
    out->hour = (int)(rem / 3600);
    out->minute = (int)(rem % 3600 / 60);
    out->second = (int)(rem % 60);
    out->micro = (int)(us - secs * 1000000);
}

static int64_t utc_instant(const struct dom_local *l)
{
    /* Days since the epoch by stepping the calendar back: exact and cheap
     * enough for reminders. */
    struct dom_local base = {1970, 1, 1, 0, 0, 0, 0};
    int64_t days = 0;
    int y = base.year;
    while (y < l->year) {
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        days += leap ? 366 : 365;
        y++;
    }
    static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    bool leap = (l->year % 4 == 0 && l->year % 100 != 0) || l->year % 400 == 0;
    days += cum[l->month - 1] + (leap && l->month > 2) + l->day - 1;
    return ((days * 86400 + l->hour * 3600 + l->minute * 60 + l->second) * 1000000LL) + l->micro;
}

char *dom_reminder_instant(enum dom_reminder_kind kind, const char *value, int64_t created_us,
                           const struct dom_local *frist, const struct dom_local *start,
                           int64_t *out_us)
{
    struct dom_duration d;
    struct dom_local l;
    switch (kind) {
    case DOM_REMINDER_KONKRET:
        if (!dom_parse_local_datetime(value, &l))
            return msg("ugyldig tidspunkt for påminnelse");
        *out_us = dom_oslo_local_to_instant(&l);
        break;
    case DOM_REMINDER_ETTER_OPPRETTELSE:
        if (!dom_duration_parse(value, &d))
            return msg("ugyldig varighet for påminnelse");
        utc_local(created_us, &l);
        dom_local_add(&l, &d, 1);
        *out_us = utc_instant(&l);
        break;
    case DOM_REMINDER_FOER_FRIST:
        if (!frist)
            return msg("du må oppgi `frist`, siden `foerFrist` skal være relativ til denne");
        if (!dom_duration_parse(value, &d))
            return msg("ugyldig varighet for påminnelse");
        l = *frist;
        l.hour = 23;
        l.minute = 59;
        l.second = 59;
        l.micro = 999999;
        dom_local_add(&l, &d, -1);
        *out_us = dom_oslo_local_to_instant(&l);
        break;
    case DOM_REMINDER_FOER_START:
        if (!start)
            return msg("foerStartTidspunkt er kun gyldig på kalenderavtaler");
        if (!dom_duration_parse(value, &d))
            return msg("ugyldig varighet for påminnelse");
        l = *start;
        dom_local_add(&l, &d, -1);
        *out_us = dom_oslo_local_to_instant(&l);
        break;
    }
    if (*out_us < created_us)
        return msg("påminnelsestidspunktet kan ikke være før oppgaven er opprettet");
    if (frist && frist_end(frist) < *out_us)
        return msg("påminnelsestidspunktet kan ikke være etter fristen på oppgaven");
    if (start && dom_oslo_local_to_instant(start) < *out_us)
        return msg("påminnelsestidspunktet kan ikke være etter startTidspunkt på kalenderavtalen");
    return NULL;
}
