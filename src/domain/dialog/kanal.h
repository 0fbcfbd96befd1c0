/* Channels, reply policies and text limits of dialogs (dialog.md 2.4.2,
 * 2.4.3; seed 004 CreateMessage): pure rules, no I/O. */
#ifndef DOM_DIALOG_KANAL_H
#define DOM_DIALOG_KANAL_H
#include <stdbool.h>
#include <stddef.h>

enum dom_kanal {
    DOM_KANAL_SMS,
    DOM_KANAL_EPOST,
    DOM_KANAL_VARSEL, /* seed id 3: the citizen's tray on the portal */
    DOM_KANAL_M2M,    /* seed id 4: MYNDIGHET_TIL_MYNDIGHET, threaded */
};

enum dom_svartype {
    DOM_SVAR_INGEN,
    DOM_SVAR_SAKSBEHANDLER,
    DOM_SVAR_INNBYGGER_OG_SAKSBEHANDLER,
};

#define DOM_TITTEL_MAKS 255
#define DOM_SVAR_TEKST_MAKS 2000

/* Symbolic names; "3" and "4" are accepted as aliases of VARSEL and M2M. */
bool dom_kanal_parse(const char *name, enum dom_kanal *out);
const char *dom_kanal_name(enum dom_kanal k);
/* The most code points a dialog's tekst may have on the channel (seed: 8143). */
size_t dom_kanal_tekst_maks(enum dom_kanal k);
/* SMS, e-mail and tray notices cannot be answered. */
bool dom_kanal_enveis(enum dom_kanal k);

bool dom_svartype_parse(const char *name, enum dom_svartype *out);
const char *dom_svartype_name(enum dom_svartype s);
/* Whether an organisation / the citizen may reply under the policy. */
bool dom_svartype_tillater_org(enum dom_svartype s);
bool dom_svartype_tillater_innbygger(enum dom_svartype s);

/* Unicode code points in well-formed UTF-8 text of len bytes, or
 * (size_t)-1 when the bytes are not well-formed UTF-8. */
size_t dom_codepoints(const char *s, size_t len);

#endif
