#include "domain/text_rules.h"

#include "base/buf.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t dom_utf16_length(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        n += (*p >= 0xF0) ? 2 : 1; /* 4-byte sequences are surrogate pairs in UTF-16 */
    }
    return n;
}

static char *message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *message(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *out = strdup(s); /* callers free() with libc */
    g_free(s);
    return out;
}

char *dom_check_max_length(const char *path, const char *value, size_t max)
{
    size_t n = dom_utf16_length(value);
    if (n <= max)
        return NULL;
    return message("%s: verdien overstiger maks antall tegn, antall=%zu, maks=%zu.", path, n, max);
}

char *dom_check_no_fnr(const char *path, const char *value)
{
    size_t run = 0;
    for (const char *p = value; *p; p++) {
        run = (*p >= '0' && *p <= '9') ? run + 1 : 0;
        if (run >= 11)
            return message("%s: verdien inneholder uønsket data: personnummer (11 siffer)", path);
    }
    return NULL;
}

char *dom_check_text(const char *path, const char *value, size_t max)
{
    char *err = dom_check_max_length(path, value, max);
    return err ? err : dom_check_no_fnr(path, value);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

char *dom_check_mobile(const char *tlf)
{
    static const char *invalid = "Kontaktinfo.tlf: verdien er ikke et gyldig norsk mobilnummer.";
    const char *number = tlf;
    if (strncmp(number, "+47", 3) == 0)
        number += 3;
    else if (strncmp(number, "0047", 4) == 0)
        number += 4;
    if (strlen(number) != 8 || (number[0] != '4' && number[0] != '9') || !all_digits(number, 8))
        return message("%s", invalid);
    long n = strtol(number, NULL, 10);
    bool blocked = (n >= 42000000 && n <= 44999999) || (n >= 45360000 && n <= 45369999) ||
                   (n >= 49000000 && n <= 49999999);
    if (blocked)
        return message("%s Nummerserien %.4sxxxx er blokkert. (se: NKOM E164).", invalid, number);
    return NULL;
}

/* Every character of s[0..n) is a Unicode letter or digit, or one of extra. */
static bool only_chars(const char *s, size_t n, const char *extra)
{
    if (!n || !g_utf8_validate(s, (gssize)n, NULL))
        return false;
    for (const char *p = s; p < s + n; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isalpha(c) && !g_unichar_isdigit(c) && !(c < 128 && strchr(extra, (int)c)))
            return false;
    }
    return true;
}

/* Two or more Unicode letters and nothing else. */
static bool letters_only(const char *s, size_t n)
{
    if (!n || !g_utf8_validate(s, (gssize)n, NULL) || g_utf8_strlen(s, (gssize)n) < 2)
        return false;
    for (const char *p = s; p < s + n; p = g_utf8_next_char(p))
        if (!g_unichar_isalpha(g_utf8_get_char(p)))
            return false;
    return true;
}

char *dom_check_email(const char *address)
{
    const char *at = strchr(address, '@');
    const char *dot = at ? strrchr(at, '.') : NULL;
    bool ok = at && dot && strchr(at + 1, '@') == NULL &&
              only_chars(address, (size_t)(at - address), "._%+-") &&
              only_chars(at + 1, (size_t)(dot - at - 1), ".-") &&
              letters_only(dot + 1, strlen(dot + 1));
    return ok ? NULL : message("Kontaktinfo.epostadresse: verdien er ikke en gyldig e-postadresse.");
}

char *dom_check_exactly_one(const char *type, const char *const *names, const bool *present,
                            size_t n)
{
    size_t given = 0;
    for (size_t i = 0; i < n; i++)
        given += present[i];
    if (given == 1)
        return NULL;
    if (given == 0)
        return message("%s: nøyaktig ett felt skal være satt. (Ingen felt er satt)", type);
    struct nt_buf b;
    nt_buf_init(&b, 0);
    nt_buf_printf(&b, "%s: nøyaktig ett felt skal være satt. (", type);
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (!present[i])
            continue;
        nt_buf_printf(&b, "%s%s", first ? "" : ", ", names[i]);
        first = false;
    }
    nt_buf_puts(&b, " er gitt)");
    return nt_buf_steal(&b, NULL);
}
