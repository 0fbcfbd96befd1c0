/* Attachment rules (dialog.md 2.4.2, 2.4.11; seed 004: PDF and XML, at most
 * 15 MB each): allowed media types, file names, and whether the bytes are
 * what the declared type says. The type is judged by content, never by the
 * name. No I/O; XML is parsed in memory by libxml2 with the network off and
 * no DTD at all. */
#ifndef DOM_DIALOG_VEDLEGG_H
#define DOM_DIALOG_VEDLEGG_H
#include <stdbool.h>
#include <stddef.h>

/* 15 MiB, inclusive (A1); BUDSTIKKE_VEDLEGG_MAKS_BYTES may change it. */
#define DOM_VEDLEGG_MAKS_BYTES ((size_t)15 * 1024 * 1024)
#define DOM_VEDLEGG_PER_EIER 20
#define DOM_FILNAVN_MAKS 255

enum dom_medietype { DOM_MEDIE_PDF, DOM_MEDIE_XML };

/* The declared Content-Type (parameters ignored, case-insensitive):
 * application/pdf, application/xml, or text/xml (stored as application/xml). */
bool dom_vedlegg_medietype(const char *content_type, enum dom_medietype *out);
const char *dom_medietype_name(enum dom_medietype t);
/* 1-255 code points of valid UTF-8, no / \ : or control characters, not
 * "." or "..", not a reserved Windows device name, ending in .pdf / .xml as
 * the type says (case-insensitive). */
bool dom_vedlegg_filnavn_gyldig(const char *name, enum dom_medietype t);
/* PDF: "%PDF-" within the first 1024 bytes. XML: well-formed, UTF-8 (or
 * UTF-16 with a byte-order mark), and no "<!DOCTYPE" anywhere. */
bool dom_vedlegg_innhold_gyldig(enum dom_medietype t, const unsigned char *bytes, size_t len);

#endif
