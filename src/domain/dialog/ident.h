/* Citizen identifiers (dialog.md 2.2.2): an 11-digit Norwegian fødselsnummer
 * or d-nummer with both modulus-11 control digits, or a 10-digit Danish CPR
 * number whose first four digits are a valid day and month (the STAR
 * pattern, no modulus check; "0000000000" is allowed). */
#ifndef DOM_DIALOG_IDENT_H
#define DOM_DIALOG_IDENT_H
#include <stdbool.h>

bool dom_ident_gyldig(const char *ident);

#endif
