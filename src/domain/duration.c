#include "domain/duration.h"

#include "domain/oslo_time.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads [+-]digits; returns false when there are none. */
static bool read_number(const char **p, long long *out)
{
    const char *s = *p;
    int sign = 1;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    if (!isdigit((unsigned char)*s))
        return false;
    long long v = 0;
    while (isdigit((unsigned char)*s)) {
        v = v * 10 + (*s++ - '0');
        if (v > 1000000000000LL)
            return false;
    }
    *out = sign * v;
    *p = s;
    return true;
}

/* Java Period.parse of "P" + text: optional nY nM nW nD in that order, at least one. */
static bool parse_date_part(const char *s, struct dom_duration *d)
{
    static const char units[] = "YMWD";
    int next = 0, found = 0;
    while (*s) {
        long long v;
        if (!read_number(&s, &v))
            return false;
        char u = (char)toupper((unsigned char)*s++);
        const char *hit = strchr(units + next, u);
        if (!u || !hit)
            return false;
        next = (int)(hit - units) + 1;
        found++;
        if (u == 'Y')
            d->years = (int32_t)v;
        else if (u == 'M')
            d->months = (int32_t)v;
        else if (u == 'W')
            d->days += (int32_t)(v * 7);
        else
            d->days += (int32_t)v;
    }
    return found > 0;
}

/* Java Duration.parse of "PT" + text: nH nM n[.fraction]S in order, at least one. */
static bool parse_time_part(const char *s, struct dom_duration *d)
{
    static const char units[] = "HMS";
    int next = 0, found = 0;
    while (*s) {
        long long v;
        const char *start = s;
        if (!read_number(&s, &v))
            return false;
        long long frac = 0;
        int digits = 0;
        if (*s == '.' || *s == ',') {
            s++;
            while (isdigit((unsigned char)*s) && digits < 9) {
                frac = frac * 10 + (*s++ - '0');
                digits++;
            }
            if (!digits || isdigit((unsigned char)*s))
                return false;
            for (int i = digits; i < 9; i++)
                frac *= 10;
        }
        char u = (char)toupper((unsigned char)*s++);
        const char *hit = strchr(units + next, u);
        if (!u || !hit || (digits && u != 'S'))
            return false;
        next = (int)(hit - units) + 1;
        found++;
        long long scale = u == 'H' ? 3600 : u == 'M' ? 60 : 1;
        d->seconds += v * scale;
        if (digits) {
            bool negative = *start == '-';
            d->nanos += (int32_t)(negative ? -frac : frac);
        }
    }
    if (d->nanos < 0) {
        d->nanos += 1000000000;
        d->seconds -= 1;
    }
    return found > 0;
}

bool dom_duration_parse(const char *text, struct dom_duration *out)
{
    memset(out, 0, sizeof(*out));
    if (text[0] != 'P')
        return false;
    const char *t = strchr(text + 1, 'T');
    size_t date_len = t ? (size_t)(t - text - 1) : strlen(text + 1);
    char date[64];
    if (date_len >= sizeof date)
        return false;
    memcpy(date, text + 1, date_len);
    date[date_len] = '\0';
    if (date_len && !parse_date_part(date, out))
        return false;
    if (t && t[1] && !parse_time_part(t + 1, out))
        return false;
    return true;
}

void dom_duration_format(const struct dom_duration *d, char *out, size_t out_size)
{
    size_t n = (size_t)snprintf(out, out_size, "P");
    if (d->years)
        n += (size_t)snprintf(out + n, out_size - n, "%dY", d->years);
    if (d->months)
        n += (size_t)snprintf(out + n, out_size - n, "%dM", d->months);
    if (d->days)
        n += (size_t)snprintf(out + n, out_size - n, "%dD", d->days);
    if (!d->seconds && !d->nanos)
        return;
    /* Java Duration.toString of the exact part, without its leading "P". */
    long long total = d->seconds;
    int nanos = d->nanos;
    long long hours = total / 3600, minutes = (total % 3600) / 60, secs = total % 60;
    n += (size_t)snprintf(out + n, out_size - n, "T");
    if (hours)
        n += (size_t)snprintf(out + n, out_size - n, "%lldH", hours);
    if (minutes)
        n += (size_t)snprintf(out + n, out_size - n, "%lldM", minutes);
    if (secs || nanos) {
        if (nanos) {
            char frac[16];
            snprintf(frac, sizeof frac, "%09d", nanos);
            for (int i = 8; i > 0 && frac[i] == '0'; i--)
                frac[i] = '\0';
            n += (size_t)snprintf(out + n, out_size - n, "%lld.%sS", secs, frac);
        } else {
            n += (size_t)snprintf(out + n, out_size - n, "%lldS", secs);
        }
    }
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

/* Moves the date by n days. */
static void add_days(struct dom_local *l, long long n)
{
    while (n > 0) {
        int left = days_in_month(l->year, l->month) - l->day;
        if (n <= left) {
            l->day += (int)n;
            return;
        }
        n -= left + 1;
        l->day = 1;
        if (++l->month > 12) {
            l->month = 1;
            l->year++;
        }
    }
    while (n < 0) {
        if (-n < l->day) {
            l->day += (int)n;
            return;
        }
        n += l->day;
        if (--l->month < 1) {
            l->month = 12;
            l->year--;
        }
        l->day = days_in_month(l->year, l->month);
    }
}

void dom_local_add(struct dom_local *l, const struct dom_duration *d, int sign)
{
    long long months = (long long)l->year * 12 + (l->month - 1) +
                       sign * ((long long)d->years * 12 + d->months);
    l->year = (int)(months / 12);
    l->month = (int)(months % 12) + 1;
    int max = days_in_month(l->year, l->month);
    if (l->day > max)
        l->day = max;
    add_days(l, sign * (long long)d->days);
    long long us = ((long long)l->hour * 3600 + l->minute * 60 + l->second) * 1000000LL + l->micro +
                   sign * (d->seconds * 1000000LL + d->nanos / 1000);
    long long day_us = 86400LL * 1000000LL;
    long long day_shift = us >= 0 ? us / day_us : -((-us + day_us - 1) / day_us);
    us -= day_shift * day_us;
    add_days(l, day_shift);
    l->hour = (int)(us / 3600000000LL);
    l->minute = (int)(us / 60000000LL % 60);
    l->second = (int)(us / 1000000LL % 60);
    l->micro = (int)(us % 1000000LL);
}
