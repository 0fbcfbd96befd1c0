#include "domain/oslo_time.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define US_PER_S 1000000LL

static GTimeZone *oslo(void)
{
    static GTimeZone *tz;
    static gsize once;
    if (g_once_init_enter(&once)) {
        tz = g_time_zone_new_identifier("Europe/Oslo");
        if (!tz)
            tz = g_time_zone_new_offset(3600); /* no tzdata: better than nothing, and logged by callers */
        g_once_init_leave(&once, 1);
    }
    return tz;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, struct dom_local *out)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    out->year = (int)(yoe + era * 400 + (out->month <= 2));
}

/* The local time read as if it were UTC, in microseconds. */
static int64_t local_as_utc(const struct dom_local *l)
{
    int64_t days = days_from_civil(l->year, l->month, l->day);
    return ((days * 86400 + l->hour * 3600 + l->minute * 60 + l->second) * US_PER_S) + l->micro;
}

int64_t dom_utc_local_to_instant(const struct dom_local *l)
{
    return local_as_utc(l);
}

void dom_utc_instant_to_local(int64_t instant_us, struct dom_local *out)
{
    int64_t secs = floor_div(instant_us, US_PER_S);
    out->micro = (int)(instant_us - secs * US_PER_S);
    int64_t days = floor_div(secs, 86400);
    int64_t rem = secs - days * 86400;
    civil_from_days(days, out);
    out->hour = (int)(rem / 3600);
    out->minute = (int)(rem % 3600 / 60);
    out->second = (int)(rem % 60);
}

int32_t dom_oslo_offset_seconds(int64_t instant_us)
{
    gint64 secs = floor_div(instant_us, US_PER_S);
    gint interval = g_time_zone_find_interval(oslo(), G_TIME_TYPE_UNIVERSAL, secs);
    return interval < 0 ? 0 : g_time_zone_get_offset(oslo(), interval);
}

int64_t dom_oslo_local_to_instant(const struct dom_local *l)
{
    int64_t wall = local_as_utc(l);
    /* Oslo uses +01:00 and +02:00: try the larger offset first, so that an
     * ambiguous autumn time takes the earlier (summer) instant. */
    for (int32_t off = 7200; off >= 3600; off -= 3600) {
        int64_t t = wall - (int64_t)off * US_PER_S;
        if (dom_oslo_offset_seconds(t) == off)
            return t;
    }
    /* In the spring gap: keep the offset from before the gap, which moves the
     * wall-clock time forward by the gap's length. */
    int32_t before = dom_oslo_offset_seconds(wall - 7200 * US_PER_S);
    return wall - (int64_t)before * US_PER_S;
}

void dom_oslo_instant_to_local(int64_t instant_us, struct dom_local *out)
{
    dom_utc_instant_to_local(instant_us + (int64_t)dom_oslo_offset_seconds(instant_us) * US_PER_S,
                             out);
}

/* ---- Parsing ---- */

static bool digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static bool valid_date(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

static bool parse_date_at(const char **p, struct dom_local *out)
{
    memset(out, 0, sizeof(*out));
    return digits(p, 4, &out->year) && *(*p)++ == '-' && digits(p, 2, &out->month) &&
           *(*p)++ == '-' && digits(p, 2, &out->day) &&
           valid_date(out->year, out->month, out->day);
}

static bool parse_local_at(const char **p, struct dom_local *out)
{
    if (!parse_date_at(p, out) || *(*p)++ != 'T')
        return false;
    if (!digits(p, 2, &out->hour) || *(*p)++ != ':' || !digits(p, 2, &out->minute))
        return false;
    if (**p == ':') {
        (*p)++;
        if (!digits(p, 2, &out->second))
            return false;
        if (**p == '.') {
            (*p)++;
            int n = 0, micro = 0;
            while (**p >= '0' && **p <= '9') {
                if (n < 6)
                    micro = micro * 10 + (**p - '0');
                n++;
                (*p)++;
            }
            if (n == 0 || n > 9)
                return false;
            for (int i = n; i < 6; i++)
                micro *= 10;
            out->micro = micro;
        }
    }
    return out->hour < 24 && out->minute < 60 && out->second < 60;
}

bool dom_parse_local_datetime(const char *text, struct dom_local *out)
{
    const char *p = text;
    return text && parse_local_at(&p, out) && *p == '\0';
}

bool dom_parse_date(const char *text, struct dom_local *out)
{
    const char *p = text;
    return text && parse_date_at(&p, out) && *p == '\0';
}

/* Z, +hh, +hh:mm or +hhmm; returns false when malformed. */
static bool parse_offset(const char **p, bool *out_has, int32_t *out_seconds)
{
    *out_has = false;
    if (**p == 'Z') {
        (*p)++;
        *out_has = true;
        *out_seconds = 0;
        return true;
    }
    if (**p != '+' && **p != '-')
        return true;
    int sign = *(*p)++ == '-' ? -1 : 1, hh, mm = 0;
    if (!digits(p, 2, &hh))
        return false;
    if (**p == ':') {
        (*p)++;
        if (!digits(p, 2, &mm))
            return false;
    } else if (**p >= '0' && **p <= '9' && !digits(p, 2, &mm)) {
        return false;
    }
    if (hh > 18 || mm > 59)
        return false;
    *out_has = true;
    *out_seconds = sign * (hh * 3600 + mm * 60);
    return true;
}

bool dom_parse_datetime(const char *text, int64_t *out)
{
    if (!text)
        return false;
    const char *p = text;
    struct dom_local l;
    bool has_offset;
    int32_t offset = 0;
    if (!parse_local_at(&p, &l) || !parse_offset(&p, &has_offset, &offset))
        return false;
    bool utc_zone = false;
    if (*p == '[') {
        const char *end = strchr(p, ']');
        if (!end || end[1] != '\0')
            return false;
        size_t n = (size_t)(end - p - 1);
        bool is_oslo = n == 11 && strncmp(p + 1, "Europe/Oslo", 11) == 0;
        utc_zone = (n == 3 && strncmp(p + 1, "UTC", 3) == 0) || (n == 1 && p[1] == 'Z');
        if (!is_oslo && !utc_zone)
            return false;
        p = end + 1;
    }
    if (*p != '\0')
        return false;
    if (has_offset)
        *out = local_as_utc(&l) - (int64_t)offset * US_PER_S;
    else if (utc_zone)
        *out = local_as_utc(&l);
    else
        *out = dom_oslo_local_to_instant(&l);
    return true;
}

/* Writes the local time; returns its length (0 when it does not fit). */
static char *put_digits(char *o, int v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        o[i] = (char)('0' + v % 10);
    return o + width;
}

static bool plain_fields(const struct dom_local *l)
{
    return l->year >= 0 && l->year <= 9999 && l->month >= 0 && l->month <= 99 && l->day >= 0 &&
           l->day <= 99 && l->hour >= 0 && l->hour <= 99 && l->minute >= 0 && l->minute <= 99 &&
           l->second >= 0 && l->second <= 99 && l->micro >= 0 && l->micro <= 999999;
}

/* What snprintf("%04d-%02d-%02dT%02d:%02d:%02d" and ".%03d" or ".%06d")
 * writes, by hand for the usual fields: the formatting cost more than the
 * calendar arithmetic, and every created event formats its instants. */
static size_t format_local(const struct dom_local *l, char *out, size_t out_size)
{
    if (out_size >= 32 && plain_fields(l)) {
        char *o = put_digits(out, l->year, 4);
        *o++ = '-';
        o = put_digits(o, l->month, 2);
        *o++ = '-';
        o = put_digits(o, l->day, 2);
        *o++ = 'T';
        o = put_digits(o, l->hour, 2);
        *o++ = ':';
        o = put_digits(o, l->minute, 2);
        *o++ = ':';
        o = put_digits(o, l->second, 2);
        if (l->micro) {
            *o++ = '.';
            o = l->micro % 1000 == 0 ? put_digits(o, l->micro / 1000, 3) : put_digits(o, l->micro, 6);
        }
        *o = '\0';
        return (size_t)(o - out);
    }
    int n = snprintf(out, out_size, "%04d-%02d-%02dT%02d:%02d:%02d", l->year, l->month, l->day,
                     l->hour, l->minute, l->second);
    if (n < 0 || (size_t)n >= out_size)
        return 0;
    if (l->micro % 1000 == 0 && l->micro)
        n += snprintf(out + n, out_size - (size_t)n, ".%03d", l->micro / 1000);
    else if (l->micro)
        n += snprintf(out + n, out_size - (size_t)n, ".%06d", l->micro);
    return (size_t)n < out_size ? (size_t)n : 0;
}

void dom_format_local(const struct dom_local *l, char *out, size_t out_size)
{
    format_local(l, out, out_size);
}

void dom_format_instant(int64_t instant_us, char *out, size_t out_size)
{
    struct dom_local l;
    dom_utc_instant_to_local(instant_us, &l);
    size_t n = format_local(&l, out, out_size);
    if (n && n + 1 < out_size) {
        out[n] = 'Z';
        out[n + 1] = '\0';
    }
}
