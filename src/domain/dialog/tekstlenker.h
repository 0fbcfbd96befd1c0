/* Links written in a tray notice's text (seed 004, kanal 3): "[text](url)"
 * becomes a link when the url starts with http:// or https:// and nothing
 * stands between ']' and '('. The rule is
 *   \[([^\]\r\n]{1,200})\]\((https?://[^\s()<>"]+)\)
 * and everything else is plain text, so a page renders the parts and never
 * the raw text as HTML. Pure. */
#ifndef DOM_DIALOG_TEKSTLENKER_H
#define DOM_DIALOG_TEKSTLENKER_H
#include <stdbool.h>
#include <stddef.h>

struct dom_tekstdel {
    bool lenke;
    const char *tekst; /* plain text, or the link's text; not NUL-terminated */
    size_t tekst_len;
    const char *url; /* links only */
    size_t url_len;
};

typedef void dom_tekstdel_fn(const struct dom_tekstdel *del, void *userdata);
/* Calls fn for each part of text in order; adjacent plain text is one part. */
void dom_tekstlenker(const char *text, dom_tekstdel_fn *fn, void *userdata);

#endif
