/* The 'lenke utenfor brev' element (seed 003; DPI's lenke.xsd, namespace
 * http://begrep.difi.no/sdp/utvidelser/lenke): a link the mailbox shows
 * beside the letter, with an optional description, button text and
 * deadline. Validation and the DPI XML export; pure, no I/O. */
#ifndef DOM_DIALOG_LENKE_H
#define DOM_DIALOG_LENKE_H
#include "base/buf.h"

#include <stdbool.h>
#include <stdint.h>

#define DOM_LENKE_MIME "application/vnd.difi.dpi.lenke+xml"
#define DOM_LENKE_NS "http://begrep.difi.no/sdp/utvidelser/lenke"
#define DOM_LENKE_URL_MAKS 1023
#define DOM_LENKE_BESKRIVELSE_MAKS 70
#define DOM_LENKE_KNAPPTEKST_MAKS 30

/* A language-tagged text; tekst NULL = not given. */
struct dom_lenke_tekst {
    const char *tekst;
    const char *lang;
};

struct dom_lenke {
    const char *url;
    struct dom_lenke_tekst beskrivelse;
    struct dom_lenke_tekst knapp_tekst;
    bool har_frist;
    int64_t frist_us; /* instant */
};

/* NULL when the element is valid at now, else the JSON path of the first
 * wrong part ("lenke.url", "lenke.beskrivelse.tekst", ...). A deadline in
 * the past is refused unless allow_past_frist (historic import). Texts are
 * counted in code points. */
const char *dom_lenke_feil(const struct dom_lenke *l, int64_t now_us, bool allow_past_frist);
/* The element as a DPI data file: XML declaration, root <lenke> in the
 * namespace, children in the schema's order, every text escaped, frist in
 * Europe/Oslo with an explicit offset. */
void dom_lenke_xml(const struct dom_lenke *l, struct nt_buf *out);
/* Writes an instant as xsd:dateTime in Oslo time with its offset:
 * 2017-10-01T12:00:00+02:00. out_size >= 32. */
void dom_lenke_format_frist(int64_t instant_us, char *out, size_t out_size);

#endif
