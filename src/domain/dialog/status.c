#include "domain/dialog/status.h"

#include <string.h>

static const char *const names[] = {"AKTIV", "AFSLUTTET", "FEJLOPRETTET"};

bool dom_status_parse(const char *name, enum dom_status *out)
{
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum dom_status)i;
            return true;
        }
    return false;
}

const char *dom_status_name(enum dom_status s)
{
    return names[s];
}

enum dom_statusendring dom_dialog_statusendring(enum dom_status from, const char *to,
                                                enum dom_status *out)
{
    if (!dom_status_parse(to, out) || *out == DOM_STATUS_AKTIV)
        return DOM_ENDRING_UGYLDIG;
    if (*out == from)
        return DOM_ENDRING_SAMME;
    if (from == DOM_STATUS_FEJLOPRETTET)
        return DOM_ENDRING_OVERGANG;
    return DOM_ENDRING_OK;
}

enum dom_statusendring dom_svar_statusendring(enum dom_status from, const char *to,
                                              enum dom_status *out)
{
    if (!dom_status_parse(to, out) || *out != DOM_STATUS_FEJLOPRETTET)
        return DOM_ENDRING_UGYLDIG;
    return from == DOM_STATUS_FEJLOPRETTET ? DOM_ENDRING_SAMME : DOM_ENDRING_OK;
}

bool dom_historisk_status(const char *name, enum dom_status *out)
{
    return dom_status_parse(name, out) && *out != DOM_STATUS_FEJLOPRETTET;
}

bool dom_dialog_aapen(enum dom_status s)
{
    return s == DOM_STATUS_AKTIV;
}
