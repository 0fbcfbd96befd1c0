#include "check.h"
#include "domain/hard_delete.h"
#include "domain/oslo_time.h"

#include <stdio.h>

static int64_t at(const char *text)
{
    int64_t t = 0;
    CHECK(dom_parse_datetime(text, &t));
    return t;
}

static const char *text_of(int64_t t)
{
    static char out[64];
    dom_format_instant(t, out, sizeof out);
    return out;
}

static const char *instant(const char *den, const char *om, const char *base)
{
    int64_t t;
    if (!dom_hard_delete_instant(den, om, at(base), &t))
        return "(refused)";
    return text_of(t);
}

static void om_is_added_on_the_utc_calendar(void)
{
    /* the reference's tested examples (producer-api.md 15.2) */
    CHECK_EQ_STR(instant(NULL, "PT5H", "2022-04-01T12:30Z"), "2022-04-01T17:30:00Z");
    CHECK_EQ_STR(instant(NULL, "P1YT5H", "2022-04-01T12:30Z"), "2023-04-01T17:30:00Z");
    /* a day is 24 hours even over Oslo's spring change */
    CHECK_EQ_STR(instant(NULL, "P1D", "2024-03-30T12:00Z"), "2024-03-31T12:00:00Z");
    /* month-end clamping, calendar part before the exact part */
    CHECK_EQ_STR(instant(NULL, "P1M", "2020-01-31T10:00Z"), "2020-02-29T10:00:00Z");
    CHECK_EQ_STR(instant(NULL, "P1YT2H", "2019-02-28T23:00Z"), "2020-02-29T01:00:00Z");
    CHECK_EQ_STR(instant(NULL, "P", "2022-04-01T12:30Z"), "2022-04-01T12:30:00Z");
}

static void den_is_oslo_wall_clock(void)
{
    CHECK_EQ_STR(instant("2022-04-01T12:30", NULL, "2000-01-01T00:00Z"), "2022-04-01T10:30:00Z");
    CHECK_EQ_STR(instant("2019-10-13T07:20:50.52", NULL, "2000-01-01T00:00Z"),
                 "2019-10-13T05:20:50.520Z");
    CHECK_EQ_STR(instant("2022-13-01T00:00", NULL, "2000-01-01T00:00Z"), "(refused)");
    CHECK_EQ_STR(instant(NULL, "5D", "2000-01-01T00:00Z"), "(refused)");
    CHECK_EQ_STR(instant(NULL, NULL, "2000-01-01T00:00Z"), "(refused)");
}

static void base_depends_on_the_event(void)
{
    int64_t call = at("2024-05-05T10:00Z"), given = at("2020-01-01T00:00Z");
    CHECK_EQ_INT(dom_hard_delete_base(DOM_HD_NOTIFIKASJON_OPPRETTET, call, &given), given);
    CHECK_EQ_INT(dom_hard_delete_base(DOM_HD_NOTIFIKASJON_OPPRETTET, call, NULL), call);
    CHECK_EQ_INT(dom_hard_delete_base(DOM_HD_SAK_OPPRETTET, call, &given), given);
    CHECK_EQ_INT(dom_hard_delete_base(DOM_HD_SAK_OPPRETTET, call, NULL), call);
    CHECK_EQ_INT(dom_hard_delete_base(DOM_HD_NY_STATUS_SAK, call, &given), given);
    /* a kalenderavtale and every update count from the call, whatever they name */
    CHECK_EQ_INT(dom_hard_delete_base(DOM_HD_KALENDERAVTALE_OPPRETTET, call, &given), call);
    CHECK_EQ_INT(dom_hard_delete_base(DOM_HD_OPPDATERING, call, &given), call);
}

static int64_t oslo(const char *local)
{
    struct dom_local l;
    CHECK(dom_parse_local_datetime(local, &l));
    return dom_oslo_local_to_instant(&l);
}

static void forleng_keeps_the_furthest_and_overskriv_replaces(void)
{
    /* producer-api.md 15.3, an oppgave created 2020-01-01T01:01Z */
    int64_t old = oslo("2022-08-13T07:20:50.52");
    int64_t later = oslo("2022-09-13T07:20:50.52");
    CHECK_EQ_INT(dom_hard_delete_merge(&old, later, DOM_HD_FORLENG), later);
    old = oslo("2022-10-13T07:20:50.52");
    CHECK_EQ_INT(dom_hard_delete_merge(&old, later, DOM_HD_FORLENG), old);
    int64_t utfoert = at("2021-03-04T13:37:37.37Z"), t;
    CHECK(dom_hard_delete_instant(NULL, "P1Y8MT1H", utfoert, &t));
    CHECK_EQ_STR(text_of(dom_hard_delete_merge(&old, t, DOM_HD_FORLENG)), "2022-11-04T14:37:37.370Z");
    CHECK(dom_hard_delete_instant(NULL, "P1YT1H", utfoert, &t));
    CHECK_EQ_INT(dom_hard_delete_merge(&old, t, DOM_HD_FORLENG), old);
    CHECK_EQ_STR(text_of(dom_hard_delete_merge(&old, t, DOM_HD_OVERSKRIV)), "2022-03-04T14:37:37.370Z");
    /* nothing scheduled yet: either strategy takes the new time; equal is the new */
    CHECK_EQ_INT(dom_hard_delete_merge(NULL, t, DOM_HD_FORLENG), t);
    CHECK_EQ_INT(dom_hard_delete_merge(NULL, t, DOM_HD_OVERSKRIV), t);
    CHECK_EQ_INT(dom_hard_delete_merge(&t, t, DOM_HD_FORLENG), t);
    /* OVERSKRIV takes a time in the past too */
    int64_t past = at("2001-01-01T00:00Z");
    CHECK_EQ_INT(dom_hard_delete_merge(&old, past, DOM_HD_OVERSKRIV), past);
}

static void strategy_names(void)
{
    enum dom_hd_strategy s = DOM_HD_OVERSKRIV;
    CHECK(dom_hd_strategy_parse("FORLENG", &s) && s == DOM_HD_FORLENG);
    CHECK(dom_hd_strategy_parse("OVERSKRIV", &s) && s == DOM_HD_OVERSKRIV);
    CHECK(!dom_hd_strategy_parse("forleng", &s));
    CHECK(!dom_hd_strategy_parse(NULL, &s));
}

static const struct check_case cases[] = {
    {"om_is_added_on_the_utc_calendar", om_is_added_on_the_utc_calendar},
    {"den_is_oslo_wall_clock", den_is_oslo_wall_clock},
    {"base_depends_on_the_event", base_depends_on_the_event},
    {"forleng_keeps_the_furthest_and_overskriv_replaces", forleng_keeps_the_furthest_and_overskriv_replaces},
    {"strategy_names", strategy_names},
};

CHECK_MAIN("domain/hard_delete", cases)
