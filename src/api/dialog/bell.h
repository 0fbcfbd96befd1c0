/* One bell (dialog.md 3.3): the person's dialogs as Dialogvarsel items for
 * the user API's notifikasjoner and badge. The items are the person's tray
 * (own dialogs with visIInnboks, visible now, not archived), newest
 * activity first; historic dialogs are never unread. A user read model may
 * instead fold the events itself (docs/events.md, "Dialog events"). */
#ifndef API_DIALOG_BELL_H
#define API_DIALOG_BELL_H
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Appends to out one object per dialog:
 *   {"__typename": "Dialogvarsel", "id", "dialogId", "tittel", "avsenderNavn",
 *    "sisteAktivitet" (UTC instant), "lest" (bool), "lenke" (portal path),
 *    "innholdSkjult" (bool)}
 * The title is withheld (and innholdSkjult true) when the person logged in
 * below the dialog's level (hoyt_nivaa false on a "high" dialog). Returns the number of
 * unread items, or -1. Runs inside the caller's read. */
int64_t api_dialog_bell(struct store_tx *tx, const char *ident, bool hoyt_nivaa, int64_t now,
                        json_t *out);

#endif
