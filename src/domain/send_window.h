/* When an external notice may be sent (producer-api.md 16.2), in Europe/Oslo
 * wall-clock time across daylight-saving changes:
 *   LOEPENDE          any time;
 *   NKS_AAPNINGSTID   Monday-Friday 08:30-14:30;
 *   DAGTID_IKKE_SOENDAG  Monday-Saturday 09:00-16:00;
 * both inclusive at minute precision (14:30:59 is still open). Unlike the
 * reference, Norwegian public holidays are closed days, and a closed moment
 * moves to the next opening (Monday 08:30) rather than to the first whole
 * hour step that happens to be open (the reference's Monday 09:29). Pure. */
#ifndef DOM_SEND_WINDOW_H
#define DOM_SEND_WINDOW_H
#include <stdbool.h>
#include <stdint.h>

enum dom_send_window {
    DOM_WINDOW_LOEPENDE,
    DOM_WINDOW_NKS_AAPNINGSTID,
    DOM_WINDOW_DAGTID_IKKE_SOENDAG,
};

/* Accepts the API's names and the event names of the reference
 * (LØPENDE, NKS_ÅPNINGSTID, DAGTID_IKKE_SØNDAG). */
bool dom_send_window_parse(const char *text, enum dom_send_window *out);
bool dom_send_window_is_open(enum dom_send_window w, int64_t instant_us);
/* The first instant >= from_us at which the window is open. */
int64_t dom_send_window_next(enum dom_send_window w, int64_t from_us);

#endif
