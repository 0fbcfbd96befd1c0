#include "domain/dialog/tekstlenker.h"

#include "domain/dialog/kanal.h"

#include <string.h>

#define LINK_TEXT_MAX 200

static bool url_char(unsigned char c)
{
    return !(c == ' ' || (c >= '\t' && c <= '\r') || c == '(' || c == ')' || c == '<' ||
             c == '>' || c == '"' || c == '\0');
}

/* If a link starts at p ('['), fills *del and returns its length; else 0. */
static size_t link_at(const char *p, struct dom_tekstdel *del)
{
    const char *text = p + 1;
    size_t n = strcspn(text, "]\r\n");
    if (text[n] != ']' || n == 0)
        return 0;
    size_t cps = dom_codepoints(text, n);
    if (cps == (size_t)-1 || cps > LINK_TEXT_MAX)
        return 0;
    const char *url = text + n + 1;
    if (*url != '(')
        return 0;
    url++;
    size_t scheme = strncmp(url, "https://", 8) == 0 ? 8 : strncmp(url, "http://", 7) == 0 ? 7 : 0;
    if (!scheme)
        return 0;
    size_t u = scheme;
    while (url_char((unsigned char)url[u]))
        u++;
    if (u == scheme || url[u] != ')')
        return 0;
    *del = (struct dom_tekstdel){.lenke = true, .tekst = text, .tekst_len = n, .url = url,
                                 .url_len = u};
    return (size_t)(url + u + 1 - p);
}

void dom_tekstlenker(const char *text, dom_tekstdel_fn *fn, void *userdata)
{
    const char *plain = text, *p = text;
    while (*p) {
        struct dom_tekstdel link;
        size_t len = *p == '[' ? link_at(p, &link) : 0;
        if (!len) {
            p++;
            continue;
        }
        if (p > plain)
            fn(&(struct dom_tekstdel){.tekst = plain, .tekst_len = (size_t)(p - plain)}, userdata);
        fn(&link, userdata);
        p += len;
        plain = p;
    }
    if (p > plain)
        fn(&(struct dom_tekstdel){.tekst = plain, .tekst_len = (size_t)(p - plain)}, userdata);
}
