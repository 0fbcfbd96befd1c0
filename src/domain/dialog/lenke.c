#include "domain/dialog/lenke.h"

#include "domain/dialog/kanal.h"
#include "domain/oslo_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool scheme_ok(const char *url)
{
    size_t n = strlen(url);
    if (strncasecmp(url, "https://", 8) == 0)
        return n > 8;
    if (strncasecmp(url, "http://", 7) == 0)
        return n > 7;
    return false;
}

/* No whitespace or control characters: an xsd:anyURI that a mailbox can
 * follow as written. */
static bool url_chars_ok(const char *url)
{
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return false;
    return true;
}

static bool lang_ok(const char *lang)
{
    return lang && strlen(lang) == 2 && ((lang[0] | 0x20) >= 'a' && (lang[0] | 0x20) <= 'z') &&
           ((lang[1] | 0x20) >= 'a' && (lang[1] | 0x20) <= 'z');
}

/* XML 1.0 has no place for control characters or U+FFFE/U+FFFF, not even
 * as character references, so such texts cannot be exported. */
static bool xml_chars_ok(const char *t)
{
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return false;
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            return false;
    }
    return true;
}

static bool text_ok(const char *t, size_t max)
{
    size_t n = dom_codepoints(t, strlen(t));
    return n != (size_t)-1 && n >= 1 && n <= max && xml_chars_ok(t);
}

/* A given text part: its text, then its language. */
static const char *tekst_feil(const struct dom_lenke_tekst *t, size_t max, const char *felt_tekst,
                              const char *felt_lang)
{
    if (!t->tekst && !t->lang)
        return NULL;
    if (!t->tekst || !text_ok(t->tekst, max))
        return felt_tekst;
    return lang_ok(t->lang) ? NULL : felt_lang;
}

const char *dom_lenke_feil(const struct dom_lenke *l, int64_t now_us, bool allow_past_frist)
{
    if (!l->url || strlen(l->url) > DOM_LENKE_URL_MAKS || !scheme_ok(l->url) ||
        !url_chars_ok(l->url))
        return "lenke.url";
    const char *f = tekst_feil(&l->beskrivelse, DOM_LENKE_BESKRIVELSE_MAKS,
                               "lenke.beskrivelse.tekst", "lenke.beskrivelse.lang");
    if (f)
        return f;
    f = tekst_feil(&l->knapp_tekst, DOM_LENKE_KNAPPTEKST_MAKS, "lenke.knappTekst.tekst",
                   "lenke.knappTekst.lang");
    if (f)
        return f;
    if (l->har_frist && !allow_past_frist && l->frist_us <= now_us)
        return "lenke.frist";
    return NULL;
}

static void xml_escaped(struct nt_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': nt_buf_puts(out, "&amp;"); break;
        case '<': nt_buf_puts(out, "&lt;"); break;
        case '>': nt_buf_puts(out, "&gt;"); break;
        case '"': nt_buf_puts(out, "&quot;"); break;
        case '\'': nt_buf_puts(out, "&apos;"); break;
        case '\r': nt_buf_puts(out, "&#13;"); break;
        case '\t': nt_buf_puts(out, "&#9;"); break;
        case '\n': nt_buf_puts(out, "&#10;"); break;
        default: nt_buf_putc(out, *s);
        }
    }
}

static void xml_tekst(struct nt_buf *out, const char *element, const struct dom_lenke_tekst *t)
{
    if (!t->tekst)
        return;
    nt_buf_printf(out, "  <%s lang=\"", element);
    xml_escaped(out, t->lang);
    nt_buf_puts(out, "\">");
    xml_escaped(out, t->tekst);
    nt_buf_printf(out, "</%s>\n", element);
}

void dom_lenke_format_frist(int64_t instant_us, char *out, size_t out_size)
{
    struct dom_local l;
    dom_oslo_instant_to_local(instant_us, &l);
    int32_t off = dom_oslo_offset_seconds(instant_us);
    char sign = off < 0 ? '-' : '+';
    int32_t a = abs(off);
    snprintf(out, out_size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", l.year, l.month, l.day,
             l.hour, l.minute, l.second, sign, a / 3600, a % 3600 / 60);
}

void dom_lenke_xml(const struct dom_lenke *l, struct nt_buf *out)
{
    nt_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lenke xmlns=\"" DOM_LENKE_NS
                     "\">\n  <url>");
    xml_escaped(out, l->url);
    nt_buf_puts(out, "</url>\n");
    xml_tekst(out, "beskrivelse", &l->beskrivelse);
    xml_tekst(out, "knappTekst", &l->knapp_tekst);
    if (l->har_frist) {
        char frist[40];
        dom_lenke_format_frist(l->frist_us, frist, sizeof frist);
        nt_buf_printf(out, "  <frist>%s</frist>\n", frist);
    }
    nt_buf_puts(out, "</lenke>\n");
}
