#include "check.h"
#include "domain/oslo_time.h"

static const char *as_utc(const char *text)
{
    static char out[64];
    int64_t t;
    if (!dom_parse_datetime(text, &t))
        return "(invalid)";
    dom_format_instant(t, out, sizeof out);
    return out;
}

static void oslo_wall_clock_to_utc(void)
{
    CHECK_EQ_STR(as_utc("2020-01-01T01:01"), "2020-01-01T00:01:00Z");
    CHECK_EQ_STR(as_utc("2020-01-01T01:01+01:00[Europe/Oslo]"), "2020-01-01T00:01:00Z");
    CHECK_EQ_STR(as_utc("2020-07-01T12:00:00"), "2020-07-01T10:00:00Z");
    CHECK_EQ_STR(as_utc("2022-03-01T17:18:00+01"), "2022-03-01T16:18:00Z");
    CHECK_EQ_STR(as_utc("2024-01-01T01:01Z"), "2024-01-01T01:01:00Z");
    CHECK_EQ_STR(as_utc("2024-01-01T01:01:02.5Z"), "2024-01-01T01:01:02.500Z");
    CHECK_EQ_STR(as_utc("2024-01-01T01:01:02.123456-0130"), "2024-01-01T02:31:02.123456Z");
}

static void spring_gap_moves_forward(void)
{
    /* 2024-03-31 02:00-03:00 does not exist in Oslo. */
    CHECK_EQ_STR(as_utc("2024-03-31T01:59"), "2024-03-31T00:59:00Z");
    CHECK_EQ_STR(as_utc("2024-03-31T02:01"), "2024-03-31T01:01:00Z");
    CHECK_EQ_STR(as_utc("2024-03-31T02:59"), "2024-03-31T01:59:00Z");
    CHECK_EQ_STR(as_utc("2024-03-31T03:01"), "2024-03-31T01:01:00Z");
    CHECK_EQ_STR(as_utc("2026-03-29T02:30"), "2026-03-29T01:30:00Z");
}

static void autumn_overlap_takes_summer_offset(void)
{
    CHECK_EQ_STR(as_utc("2026-10-25T02:30"), "2026-10-25T00:30:00Z");
    CHECK_EQ_STR(as_utc("2026-10-25T03:30"), "2026-10-25T02:30:00Z");
    struct dom_local l;
    dom_oslo_instant_to_local(1792891800000000LL /* 2026-10-25T01:30:00Z */, &l);
    CHECK_EQ_INT(l.hour, 2); /* the second 02:30, in winter time */
    CHECK_EQ_INT(l.minute, 30);
}

static void malformed_values_are_refused(void)
{
    const char *bad[] = {"2024-02-30T10:00", "2024-13-01T10:00", "2024-01-01", "2024-01-01T25:00",
                         "2024-01-01T10:00+25:00", "2024-01-01T10:00[America/New_York]",
                         "2024-01-01T10:00Zjunk", "24-01-01T10:00", "2024-01-01T10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_STR(as_utc(bad[i]), "(invalid)");
    struct dom_local l;
    CHECK(dom_parse_date("2024-02-29", &l));
    CHECK(!dom_parse_date("2023-02-29", &l));
    CHECK(!dom_parse_local_datetime("2024-01-01T10:00Z", &l));
    CHECK(dom_parse_local_datetime("2024-01-01T10:00:59.999999999", &l));
    CHECK_EQ_INT(l.micro, 999999);
    /* a value missing from an event is refused, not read */
    int64_t at;
    CHECK(!dom_parse_datetime(NULL, &at));
    CHECK(!dom_parse_date(NULL, &l));
    CHECK(!dom_parse_local_datetime(NULL, &l));
}

static const struct check_case cases[] = {
    {"oslo_wall_clock_to_utc", oslo_wall_clock_to_utc},
    {"spring_gap_moves_forward", spring_gap_moves_forward},
    {"autumn_overlap_takes_summer_offset", autumn_overlap_takes_summer_offset},
    {"malformed_values_are_refused", malformed_values_are_refused},
};

CHECK_MAIN("domain/time", cases)
