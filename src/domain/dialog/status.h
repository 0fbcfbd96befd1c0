/* Statuses of dialogs and replies (dialog.md 2.4.6; seed 004 setstatus):
 * a dialog goes AKTIV -> AFSLUTTET | FEJLOPRETTET and AFSLUTTET ->
 * FEJLOPRETTET; FEJLOPRETTET is final. A reply can only become FEJLOPRETTET.
 * Pure rules. */
#ifndef DOM_DIALOG_STATUS_H
#define DOM_DIALOG_STATUS_H
#include <stdbool.h>

enum dom_status { DOM_STATUS_AKTIV, DOM_STATUS_AFSLUTTET, DOM_STATUS_FEJLOPRETTET };

enum dom_statusendring {
    DOM_ENDRING_OK,          /* a new status: record it */
    DOM_ENDRING_SAMME,       /* already the status: nothing to record */
    DOM_ENDRING_UGYLDIG,     /* the value is not one the target can be set to */
    DOM_ENDRING_OVERGANG,    /* the value is allowed, the transition from here is not */
};

bool dom_status_parse(const char *name, enum dom_status *out);
const char *dom_status_name(enum dom_status s);

/* The change of a dialog from `from` to the named status. */
enum dom_statusendring dom_dialog_statusendring(enum dom_status from, const char *to,
                                                enum dom_status *out);
/* The change of a reply from `from` to the named status. */
enum dom_statusendring dom_svar_statusendring(enum dom_status from, const char *to,
                                              enum dom_status *out);
/* A historic import may start a dialog as AKTIV or AFSLUTTET ("lukket"). */
bool dom_historisk_status(const char *name, enum dom_status *out);
/* Only an AKTIV thread takes replies. */
bool dom_dialog_aapen(enum dom_status s);

#endif
