/* Send windows and Norwegian public holidays (src/domain/send_window.h,
 * holidays.h): the reference's window hours, the next opening across
 * weekends, holidays and both daylight-saving changes. */
#include "check.h"
#include "domain/holidays.h"
#include "domain/oslo_time.h"
#include "domain/send_window.h"

#include <stdio.h>

static int64_t at(const char *instant)
{
    int64_t us = 0;
    if (!dom_parse_datetime(instant, &us))
        check__fail(__FILE__, __LINE__, "bad instant %s", instant);
    return us;
}

static const char *next(enum dom_send_window w, const char *from)
{
    static char out[64];
    dom_format_instant(dom_send_window_next(w, at(from)), out, sizeof out);
    return out;
}

static void easter_sundays(void)
{
    static const int known[][3] = {{2000, 4, 23}, {2019, 4, 21}, {2024, 3, 31}, {2025, 4, 20},
                                   {2026, 4, 5},  {2038, 4, 25}, {2285, 3, 22}};
    for (unsigned i = 0; i < sizeof known / sizeof known[0]; i++) {
        int m, d;
        dom_easter_sunday(known[i][0], &m, &d);
        CHECK_EQ_INT(m, known[i][1]);
        CHECK_EQ_INT(d, known[i][2]);
    }
}

static void weekdays(void)
{
    CHECK_EQ_INT(dom_weekday(2022, 1, 1), 6);
    CHECK_EQ_INT(dom_weekday(2024, 3, 31), 7);
    CHECK_EQ_INT(dom_weekday(2024, 2, 29), 4);
    CHECK_EQ_INT(dom_weekday(2000, 3, 1), 3);
}

static void holidays_of_2026(void)
{
    static const int days[][2] = {{1, 1},  {4, 2},  {4, 3},  {4, 5},   {4, 6},  {5, 1},
                                  {5, 14}, {5, 17}, {5, 24}, {5, 25}, {12, 25}, {12, 26}};
    int count = 0;
    for (int m = 1; m <= 12; m++)
        for (int d = 1; d <= 31; d++)
            count += dom_is_public_holiday(2026, m, d);
    CHECK_EQ_INT(count, 12);
    for (unsigned i = 0; i < sizeof days / sizeof days[0]; i++)
        CHECK(dom_is_public_holiday(2026, days[i][0], days[i][1]));
    CHECK(!dom_is_public_holiday(2026, 4, 4)); /* påskeaften is not a public holiday */
    CHECK(!dom_is_public_holiday(2026, 12, 24));
}

static void parses_api_and_event_names(void)
{
    enum dom_send_window w;
    CHECK(dom_send_window_parse("NKS_AAPNINGSTID", &w) && w == DOM_WINDOW_NKS_AAPNINGSTID);
    CHECK(dom_send_window_parse("NKS_ÅPNINGSTID", &w) && w == DOM_WINDOW_NKS_AAPNINGSTID);
    CHECK(dom_send_window_parse("DAGTID_IKKE_SØNDAG", &w) && w == DOM_WINDOW_DAGTID_IKKE_SOENDAG);
    CHECK(dom_send_window_parse("LOEPENDE", &w) && w == DOM_WINDOW_LOEPENDE);
    CHECK(!dom_send_window_parse("SPESIFISERT", &w));
    CHECK(!dom_send_window_parse(NULL, &w));
}

static void nks_edges_are_inclusive_to_the_minute(void)
{
    enum dom_send_window nks = DOM_WINDOW_NKS_AAPNINGSTID;
    /* Monday 2022-01-10, CET */
    CHECK(!dom_send_window_is_open(nks, at("2022-01-10T07:29:59Z")));
    CHECK(dom_send_window_is_open(nks, at("2022-01-10T07:30:00Z")));
    CHECK(dom_send_window_is_open(nks, at("2022-01-10T13:30:59.999Z")));
    CHECK(!dom_send_window_is_open(nks, at("2022-01-10T13:31:00Z")));
    /* summer time: 08:30 CEST is 06:30Z */
    CHECK(dom_send_window_is_open(nks, at("2024-06-03T06:30:00Z")));
    CHECK(!dom_send_window_is_open(nks, at("2024-06-03T06:29:00Z")));
    CHECK(!dom_send_window_is_open(nks, at("2022-01-08T10:00:00Z"))); /* Saturday */
}

static void dagtid_keeps_saturday_not_sunday(void)
{
    enum dom_send_window d = DOM_WINDOW_DAGTID_IKKE_SOENDAG;
    CHECK(dom_send_window_is_open(d, at("2022-01-08T09:00:00Z")));  /* Saturday 10:00 */
    CHECK(dom_send_window_is_open(d, at("2022-01-08T15:00:59Z")));  /* Saturday 16:00:59 */
    CHECK(!dom_send_window_is_open(d, at("2022-01-08T15:01:00Z"))); /* 16:01 */
    CHECK(!dom_send_window_is_open(d, at("2022-01-09T10:00:00Z"))); /* Sunday */
    CHECK(!dom_send_window_is_open(d, at("2022-01-10T07:59:00Z"))); /* Monday 08:59 */
}

static void next_opening_after_a_closed_moment(void)
{
    enum dom_send_window nks = DOM_WINDOW_NKS_AAPNINGSTID, d = DOM_WINDOW_DAGTID_IKKE_SOENDAG;
    CHECK_EQ_STR(next(nks, "2022-01-08T07:29:00Z"), "2022-01-10T07:30:00Z"); /* Sat 08:29 -> Mon 08:30 */
    CHECK_EQ_STR(next(nks, "2022-01-08T13:31:00Z"), "2022-01-10T07:30:00Z"); /* Sat 14:31 */
    CHECK_EQ_STR(next(nks, "2022-01-10T13:30:00Z"), "2022-01-10T13:30:00Z"); /* open: itself */
    CHECK_EQ_STR(next(nks, "2022-01-10T13:31:00Z"), "2022-01-11T07:30:00Z"); /* Mon 14:31 -> Tue */
    CHECK_EQ_STR(next(nks, "2022-01-10T05:00:00Z"), "2022-01-10T07:30:00Z"); /* Mon 06:00 -> same day */
    CHECK_EQ_STR(next(d, "2022-01-09T07:59:00Z"), "2022-01-10T08:00:00Z");   /* Sun 08:59 -> Mon 09:00 */
    CHECK_EQ_STR(next(d, "2022-01-08T15:01:00Z"), "2022-01-10T08:00:00Z");   /* Sat 16:01 -> Mon */
    CHECK_EQ_STR(next(d, "2022-01-07T16:00:00Z"), "2022-01-08T08:00:00Z");   /* Fri 17:00 -> Sat */
    CHECK_EQ_STR(next(DOM_WINDOW_LOEPENDE, "2022-01-09T03:00:00Z"), "2022-01-09T03:00:00Z");
}

static void easter_with_the_spring_change(void)
{
    /* Wednesday 2024-03-27 15:00 CET: Skjærtorsdag, Langfredag, the weekend
     * (summer time from Sunday 02:00) and 2. påskedag are closed; Tuesday
     * 08:30 is CEST. */
    CHECK_EQ_STR(next(DOM_WINDOW_NKS_AAPNINGSTID, "2024-03-27T14:00:00Z"), "2024-04-02T06:30:00Z");
    CHECK_EQ_STR(next(DOM_WINDOW_DAGTID_IKKE_SOENDAG, "2024-03-27T16:00:00Z"),
                 "2024-03-30T08:00:00Z"); /* påskeaften is an ordinary Saturday, still CET */
}

static void autumn_change_and_pinse(void)
{
    /* Saturday 2024-10-26 17:00 CEST -> Monday 09:00 CET */
    CHECK_EQ_STR(next(DOM_WINDOW_DAGTID_IKKE_SOENDAG, "2024-10-26T15:00:00Z"),
                 "2024-10-28T08:00:00Z");
    /* Thursday 2024-05-16 15:00: 17 May (Friday), weekend, 2. pinsedag (Monday 20th) */
    CHECK_EQ_STR(next(DOM_WINDOW_NKS_AAPNINGSTID, "2024-05-16T13:00:00Z"), "2024-05-21T06:30:00Z");
    /* Christmas 2021: Friday 24th 16:30 -> Saturday 25th and Sunday closed, Monday 27th open */
    CHECK_EQ_STR(next(DOM_WINDOW_DAGTID_IKKE_SOENDAG, "2021-12-24T15:30:00Z"), "2021-12-27T08:00:00Z");
}

static const struct check_case cases[] = {
    {"easter_sundays", easter_sundays},
    {"weekdays", weekdays},
    {"holidays_of_2026", holidays_of_2026},
    {"parses_api_and_event_names", parses_api_and_event_names},
    {"nks_edges_are_inclusive_to_the_minute", nks_edges_are_inclusive_to_the_minute},
    {"dagtid_keeps_saturday_not_sunday", dagtid_keeps_saturday_not_sunday},
    {"next_opening_after_a_closed_moment", next_opening_after_a_closed_moment},
    {"easter_with_the_spring_change", easter_with_the_spring_change},
    {"autumn_change_and_pinse", autumn_change_and_pinse},
};

CHECK_MAIN("domain_send_window", cases)
