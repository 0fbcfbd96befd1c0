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
        dom_utc_instant_to_local(created_us, &l);
        dom_local_add(&l, &d, 1);
        *out_us = dom_utc_local_to_instant(&l);
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
