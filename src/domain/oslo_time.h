/* Time as the producer API sees it (producer-api.md section 4): instants are
 * microseconds since the epoch (UTC); local values are Europe/Oslo wall-clock
 * times. Conversions use the system tzdata through GLib's GTimeZone (safe
 * from many threads), with the reference's rules for the daylight-saving
 * edges: a local time in the spring gap moves forward by the gap's length
 * (02:01 -> 03:01 CEST), and an ambiguous autumn time takes the earlier,
 * summer offset. */
#ifndef DOM_OSLO_TIME_H
#define DOM_OSLO_TIME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dom_local {
    int year, month, day, hour, minute, second, micro;
};

int32_t dom_oslo_offset_seconds(int64_t instant_us);
/* The UTC calendar: an instant as a UTC wall-clock time and back. */
void dom_utc_instant_to_local(int64_t instant_us, struct dom_local *out);
int64_t dom_utc_local_to_instant(const struct dom_local *l);
int64_t dom_oslo_local_to_instant(const struct dom_local *l);
void dom_oslo_instant_to_local(int64_t instant_us, struct dom_local *out);

/* The parsers return false for NULL (a value missing from an event). */
/* ISO8601LocalDateTime: YYYY-MM-DDThh:mm[:ss[.fraction]], no offset. */
bool dom_parse_local_datetime(const char *text, struct dom_local *out);
/* ISO8601DateTime: a local date-time with an optional offset (Z, +hh,
 * +hh:mm) and an optional [Europe/Oslo] / [UTC] zone; without an offset the
 * time is Oslo wall-clock time. */
bool dom_parse_datetime(const char *text, int64_t *out_instant_us);
/* ISO8601Date: YYYY-MM-DD (a real calendar date). */
bool dom_parse_date(const char *text, struct dom_local *out);
/* YYYY-MM-DDThh:mm:ss[.mmm[uuu]]: a local date-time as ISO8601LocalDateTime
 * reads it back. */
void dom_format_local(const struct dom_local *l, char *out, size_t out_size);
/* YYYY-MM-DDThh:mm:ss[.mmm[uuu]]Z: seconds always, fraction only when not zero. */
void dom_format_instant(int64_t instant_us, char *out, size_t out_size);

#endif
