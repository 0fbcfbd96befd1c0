#include "domain/dialog/vedlegg.h"

#include "base/utf8.h"
#include "domain/dialog/kanal.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

bool dom_vedlegg_medietype(const char *content_type, enum dom_medietype *out)
{
    if (!content_type)
        return false;
    size_t n = strcspn(content_type, "; \t");
    struct {
        const char *name;
        enum dom_medietype type;
    } known[] = {{"application/pdf", DOM_MEDIE_PDF},
                 {"application/xml", DOM_MEDIE_XML},
                 {"text/xml", DOM_MEDIE_XML}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strlen(known[i].name) == n && strncasecmp(content_type, known[i].name, n) == 0) {
            *out = known[i].type;
            return true;
        }
    return false;
}

const char *dom_medietype_name(enum dom_medietype t)
{
    return t == DOM_MEDIE_PDF ? "application/pdf" : "application/xml";
}

static bool reserved_device(const char *name)
{
    static const char *const devices[] = {"CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
                                          "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
                                          "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
                                          "LPT9"};
    size_t stem = strcspn(name, ".");
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
        if (strlen(devices[i]) == stem && strncasecmp(name, devices[i], stem) == 0)
            return true;
    return false;
}

bool dom_vedlegg_filnavn_gyldig(const char *name, enum dom_medietype t)
{
    size_t n = name ? strlen(name) : 0;
    size_t cps = n ? dom_codepoints(name, n) : 0;
    if (cps == 0 || cps == (size_t)-1 || cps > DOM_FILNAVN_MAKS)
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' || *p == ':')
            return false;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || reserved_device(name))
        return false;
    const char *ext = t == DOM_MEDIE_PDF ? ".pdf" : ".xml";
    return n > 4 && strcasecmp(name + n - 4, ext) == 0;
}

static bool contains(const unsigned char *hay, size_t len, const void *needle, size_t nlen)
{
    return nlen <= len && memmem(hay, len, needle, nlen) != NULL;
}

/* "<!DOCTYPE" in UTF-8 and in both UTF-16 byte orders. */
static bool has_doctype(const unsigned char *b, size_t len)
{
    static const char ascii[] = "<!DOCTYPE";
    unsigned char le[18], be[18];
    for (int i = 0; i < 9; i++) {
        le[2 * i] = (unsigned char)ascii[i];
        le[2 * i + 1] = 0;
        be[2 * i] = 0;
        be[2 * i + 1] = (unsigned char)ascii[i];
    }
    return contains(b, len, ascii, 9) || contains(b, len, le, 18) || contains(b, len, be, 18);
}

static bool utf16_bom(const unsigned char *b, size_t len)
{
    return len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
}

static bool utf8_valid(const unsigned char *b, size_t len)
{
    return dom_codepoints((const char *)b, len) != (size_t)-1;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

static bool xml_well_formed(const unsigned char *b, size_t len)
{
    pthread_once(&xml_once, xml_init);
    if (len > (size_t)0x7fffffff)
        return false;
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (!ctx)
        return false;
    /* No network, no DTD loading, no entity substitution, no output. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    const char *encoding = utf16_bom(b, len) ? NULL : "UTF-8";
    xmlDocPtr doc = xmlCtxtReadMemory(ctx, (const char *)b, (int)len, "vedlegg.xml", encoding, opts);
    bool ok = doc && ctx->wellFormed && !doc->intSubset && !doc->extSubset &&
              xmlDocGetRootElement(doc);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctx);
    return ok;
}

bool dom_vedlegg_innhold_gyldig(enum dom_medietype t, const unsigned char *bytes, size_t len)
{
    if (len == 0)
        return false;
    if (t == DOM_MEDIE_PDF)
        return contains(bytes, len < 1024 ? len : 1024, "%PDF-", 5);
    if (has_doctype(bytes, len))
        return false;
    if (!utf16_bom(bytes, len) && !utf8_valid(bytes, len))
        return false;
    return xml_well_formed(bytes, len);
}
