/* ISO8601Duration as the producer API reads and prints it (producer-api.md
 * 4.1): P<datepart>[T<timepart>], a calendar part (years, months, days; weeks
 * become days) and an exact part (seconds and nanoseconds). */
#ifndef DOM_DURATION_H
#define DOM_DURATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dom_duration {
    int32_t years;
    int32_t months;
    int32_t days;
    int64_t seconds; /* exact part */
    int32_t nanos;   /* 0..999999999, added to seconds */
};

/* Returns true and fills *out when text is a valid duration. */
bool dom_duration_parse(const char *text, struct dom_duration *out);
/* Canonical text ("P" when zero, "P1D", "PT1H30M", "P1YT5H"); out_size >= 64. */
void dom_duration_format(const struct dom_duration *d, char *out, size_t out_size);

struct dom_local;
/* Adds (sign +1) or subtracts (-1) d to a wall-clock time: first the
 * calendar part (years, months with month-end clamping, days), then the
 * exact part, as java.time does (2020-02-29 + P1Y = 2021-02-28). */
void dom_local_add(struct dom_local *l, const struct dom_duration *d, int sign);

#endif
