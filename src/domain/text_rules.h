/* Input rules of the producer API (producer-api.md section 7): pure
 * functions, no I/O. Each check returns NULL when the value is accepted, or
 * a malloc'ed message in the API's exact wording (caller frees). */
#ifndef DOM_TEXT_RULES_H
#define DOM_TEXT_RULES_H
#include <stdbool.h>
#include <stddef.h>

/* Length in UTF-16 code units, as the reference (Java String.length) counts:
 * characters outside the Basic Multilingual Plane count twice. */
size_t dom_utf16_length(const char *utf8);

/* "<path>: verdien overstiger maks antall tegn, antall=<n>, maks=<max>." */
char *dom_check_max_length(const char *path, const char *value, size_t max);
/* Rejects any run of 11 or more ASCII digits (a fødselsnummer):
 * "<path>: verdien inneholder uønsket data: personnummer (11 siffer)". */
char *dom_check_no_fnr(const char *path, const char *value);
/* Length first, then personal number, as the reference orders them. */
char *dom_check_text(const char *path, const char *value, size_t max);
/* Norwegian mobile number: optional +47 or 0047, then 4 or 9 and 7 digits;
 * blocked series refused. Only the prefix is stripped before the series
 * check (the reference strips every "0047", a bug). */
char *dom_check_mobile(const char *tlf);
/* Unicode letters/digits and . _ % + - before '@'; letters/digits . - after,
 * ending in '.' and at least two letters. */
char *dom_check_email(const char *address);
/* Exactly one of the named fields is set:
 * "<Type>: nøyaktig ett felt skal være satt. (Ingen felt er satt)" or
 * "... (a, b er gitt)". names and present have n entries, in schema order. */
char *dom_check_exactly_one(const char *type, const char *const *names, const bool *present,
                            size_t n);

#endif
