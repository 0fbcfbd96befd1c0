#include "check.h"
#include "domain/duration.h"
#include "domain/oslo_time.h"

#include <stdio.h>

static const char *canonical(const char *text)
{
    static char out[64];
    struct dom_duration d;
    if (!dom_duration_parse(text, &d))
        return "(invalid)";
    dom_duration_format(&d, out, sizeof out);
    return out;
}

static void valid_durations_print_canonically(void)
{
    CHECK_EQ_STR(canonical("PT"), "P");
    CHECK_EQ_STR(canonical("P"), "P");
    CHECK_EQ_STR(canonical("P1DT"), "P1D");
    CHECK_EQ_STR(canonical("P1YT"), "P1Y");
    CHECK_EQ_STR(canonical("P2YT"), "P2Y");
    CHECK_EQ_STR(canonical("PT1H"), "PT1H");
    CHECK_EQ_STR(canonical("P1DT1H"), "P1DT1H");
    CHECK_EQ_STR(canonical("P3Y6M4DT12H30M5S"), "P3Y6M4DT12H30M5S");
    CHECK_EQ_STR(canonical("P2W"), "P14D");
    CHECK_EQ_STR(canonical("PT90M"), "PT1H30M");
    CHECK_EQ_STR(canonical("PT24H"), "PT24H");
    CHECK_EQ_STR(canonical("P14DT"), "P14D");
    CHECK_EQ_STR(canonical("P5M"), "P5M");
    CHECK_EQ_STR(canonical("P5D"), "P5D");
    CHECK_EQ_STR(canonical("PT1.5S"), "PT1.5S");
    CHECK_EQ_STR(canonical("p1d"), "(invalid)"); /* the leading P must be upper case */
    CHECK_EQ_STR(canonical("P1y2m"), "P1Y2M");   /* unit letters need not be */
}

static void invalid_durations_are_refused(void)
{
    const char *bad[] = {"", "1D", "P1", "PD", "P1H", "PT1D", "P1D2Y", "PT1S1M", "PT1.S", "P1DT1",
                         "P T1H", "PTT1H", "P1.5D", "PT1.5H"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_STR(canonical(bad[i]), "(invalid)");
}

static void round_trip_preserves_value(void)
{
    const char *samples[] = {"P1Y2M3DT4H5M6S", "P14DT", "PT36H", "P1W3D", "PT0.001S"};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        struct dom_duration a, b;
        CHECK(dom_duration_parse(samples[i], &a));
        char text[64];
        dom_duration_format(&a, text, sizeof text);
        CHECK(dom_duration_parse(text, &b));
        CHECK_EQ_INT(a.years, b.years);
        CHECK_EQ_INT(a.months, b.months);
        CHECK_EQ_INT(a.days, b.days);
        CHECK_EQ_INT(a.seconds, b.seconds);
        CHECK_EQ_INT(a.nanos, b.nanos);
    }
}

static const char *added(const char *start, const char *duration, int sign)
{
    static char out[64];
    struct dom_local l;
    struct dom_duration d;
    if (!dom_parse_local_datetime(start, &l) || !dom_duration_parse(duration, &d))
        return "(invalid)";
    dom_local_add(&l, &d, sign);
    snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d", l.year, l.month, l.day, l.hour,
             l.minute, l.second);
    return out;
}

static void calendar_then_exact_arithmetic(void)
{
    CHECK_EQ_STR(added("2020-02-29T00:00", "P1Y", 1), "2021-02-28T00:00:00");
    CHECK_EQ_STR(added("2020-02-20T00:00", "P1M", 1), "2020-03-20T00:00:00");
    CHECK_EQ_STR(added("2019-02-28T23:00", "P1YT2H", 1), "2020-02-29T01:00:00");
    CHECK_EQ_STR(added("2024-01-01T01:01", "P14DT", 1), "2024-01-15T01:01:00");
    CHECK_EQ_STR(added("2024-02-08T23:59:59", "P7DT", -1), "2024-02-01T23:59:59");
    CHECK_EQ_STR(added("2024-03-01T00:30", "PT1H", -1), "2024-02-29T23:30:00");
    CHECK_EQ_STR(added("2023-12-31T23:00", "PT2H", 1), "2024-01-01T01:00:00");
    CHECK_EQ_STR(added("2024-01-31T12:00", "P1M", 1), "2024-02-29T12:00:00");
}

static const struct check_case cases[] = {
    {"calendar_then_exact_arithmetic", calendar_then_exact_arithmetic},
    {"valid_durations_print_canonically", valid_durations_print_canonically},
    {"invalid_durations_are_refused", invalid_durations_are_refused},
    {"round_trip_preserves_value", round_trip_preserves_value},
};

CHECK_MAIN("domain/duration", cases)
