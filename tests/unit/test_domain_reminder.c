#include "check.h"
#include "domain/reminder.h"

#include <stdio.h>
#include <stdlib.h>

static const char *when(enum dom_reminder_kind kind, const char *value, const char *created,
                        const char *frist)
{
    static char out[256];
    int64_t c, at;
    struct dom_local f;
    if (!dom_parse_datetime(created, &c) || (frist && !dom_parse_date(frist, &f)))
        return "(bad test)";
    char *err = dom_reminder_instant(kind, value, c, frist ? &f : NULL, NULL, &at);
    if (err) {
        snprintf(out, sizeof out, "%s", err);
        free(err);
        return out;
    }
    dom_format_instant(at, out, sizeof out);
    return out;
}

static void computes_each_kind(void)
{
    CHECK_EQ_STR(when(DOM_REMINDER_ETTER_OPPRETTELSE, "P14D", "2024-01-01T01:01Z", NULL),
                 "2024-01-15T01:01:00Z");
    /* frist 2024-02-08, P7D before its last moment, Oslo winter time */
    CHECK_EQ_STR(when(DOM_REMINDER_FOER_FRIST, "P7D", "2024-01-01T00:00Z", "2024-02-08"),
                 "2024-02-01T22:59:59.999999Z");
    CHECK_EQ_STR(when(DOM_REMINDER_KONKRET, "2024-06-01T12:00", "2024-01-01T00:00Z", NULL),
                 "2024-06-01T10:00:00Z");
}

static void bounds_in_the_reference_order(void)
{
    CHECK_EQ_STR(when(DOM_REMINDER_KONKRET, "2023-12-31T12:00", "2024-01-01T00:00Z", NULL),
                 "påminnelsestidspunktet kan ikke være før oppgaven er opprettet");
    CHECK_EQ_STR(when(DOM_REMINDER_KONKRET, "2024-02-09T00:00", "2024-01-01T00:00Z", "2024-02-08"),
                 "påminnelsestidspunktet kan ikke være etter fristen på oppgaven");
    CHECK_EQ_STR(when(DOM_REMINDER_KONKRET, "2024-02-08T23:59", "2024-01-01T00:00Z", "2024-02-08"),
                 "2024-02-08T22:59:00Z"); /* the frist day's last minute is allowed */
    CHECK_EQ_STR(when(DOM_REMINDER_FOER_FRIST, "P1D", "2024-01-01T00:00Z", NULL),
                 "du må oppgi `frist`, siden `foerFrist` skal være relativ til denne");
    CHECK_EQ_STR(when(DOM_REMINDER_FOER_START, "PT1H", "2024-01-01T00:00Z", NULL),
                 "foerStartTidspunkt er kun gyldig på kalenderavtaler");
}

static const struct check_case cases[] = {
    {"computes_each_kind", computes_each_kind},
    {"bounds_in_the_reference_order", bounds_in_the_reference_order},
};

CHECK_MAIN("domain/reminder", cases)
