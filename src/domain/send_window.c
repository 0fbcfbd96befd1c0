#include "domain/send_window.h"

#include "domain/duration.h"
#include "domain/holidays.h"
#include "domain/oslo_time.h"

#include <string.h>

struct window_hours {
    int open_minute;  /* minutes after midnight */
    int close_minute; /* last open minute, inclusive */
    int last_weekday; /* 5 = Friday, 6 = Saturday */
};

static const struct window_hours nks = {8 * 60 + 30, 14 * 60 + 30, 5};
static const struct window_hours dagtid = {9 * 60, 16 * 60, 6};

bool dom_send_window_parse(const char *text, enum dom_send_window *out)
{
    static const struct {
        const char *name;
        enum dom_send_window w;
    } names[] = {
        {"LOEPENDE", DOM_WINDOW_LOEPENDE},
        {"LØPENDE", DOM_WINDOW_LOEPENDE},
        {"NKS_AAPNINGSTID", DOM_WINDOW_NKS_AAPNINGSTID},
        {"NKS_ÅPNINGSTID", DOM_WINDOW_NKS_AAPNINGSTID},
        {"DAGTID_IKKE_SOENDAG", DOM_WINDOW_DAGTID_IKKE_SOENDAG},
        {"DAGTID_IKKE_SØNDAG", DOM_WINDOW_DAGTID_IKKE_SOENDAG},
    };
    for (unsigned i = 0; text && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(text, names[i].name) == 0) {
            *out = names[i].w;
            return true;
        }
    return false;
}

static const struct window_hours *hours_of(enum dom_send_window w)
{
    return w == DOM_WINDOW_NKS_AAPNINGSTID ? &nks : w == DOM_WINDOW_DAGTID_IKKE_SOENDAG ? &dagtid : NULL;
}

static bool is_working_day(const struct window_hours *h, const struct dom_local *l)
{
    return dom_weekday(l->year, l->month, l->day) <= h->last_weekday &&
           !dom_is_public_holiday(l->year, l->month, l->day);
}

bool dom_send_window_is_open(enum dom_send_window w, int64_t instant_us)
{
    const struct window_hours *h = hours_of(w);
    if (!h)
        return true;
    struct dom_local l;
    dom_oslo_instant_to_local(instant_us, &l);
    int minute = l.hour * 60 + l.minute;
    return is_working_day(h, &l) && minute >= h->open_minute && minute <= h->close_minute;
}

int64_t dom_send_window_next(enum dom_send_window w, int64_t from_us)
{
    const struct window_hours *h = hours_of(w);
    if (!h || dom_send_window_is_open(w, from_us))
        return from_us;
    struct dom_local day;
    dom_oslo_instant_to_local(from_us, &day);
    bool before_opening = day.hour * 60 + day.minute < h->open_minute;
    /* The longest closed stretch (Easter, or Christmas with a weekend) is
     * far below 14 days. */
    struct dom_duration one_day = {.days = 1};
    for (int i = 0; i < 14; i++) {
        if (i > 0 || !before_opening)
            dom_local_add(&day, &one_day, 1);
        if (!is_working_day(h, &day))
            continue;
        struct dom_local opening = {day.year, day.month, day.day, h->open_minute / 60,
                                    h->open_minute % 60, 0, 0};
        return dom_oslo_local_to_instant(&opening);
    }
    return from_us; /* not reached */
}
