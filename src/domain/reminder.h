/* When a påminnelse fires (producer-api.md 13.1-13.2). Pure: the creation
 * time, frist and start are passed in. */
#ifndef DOM_REMINDER_H
#define DOM_REMINDER_H
#include "domain/oslo_time.h"

#include <stdint.h>

enum dom_reminder_kind {
    DOM_REMINDER_KONKRET,             /* an Oslo wall-clock time */
    DOM_REMINDER_ETTER_OPPRETTELSE,   /* a duration after creation */
    DOM_REMINDER_FOER_FRIST,          /* a duration before the end of the frist day */
    DOM_REMINDER_FOER_START,          /* a duration before a kalenderavtale's start */
};

/* Computes the instant into *out_us. Returns NULL, or a malloc'ed message
 * as UgyldigPaaminnelseTidspunkt words it. frist (a date) and start (Oslo
 * local) may be NULL. value is the input text (local date-time or duration). */
char *dom_reminder_instant(enum dom_reminder_kind kind, const char *value, int64_t created_us,
                           const struct dom_local *frist, const struct dom_local *start,
                           int64_t *out_us);

#endif
