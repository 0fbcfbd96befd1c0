#include "domain/dialog/kanal.h"

#include "base/utf8.h"

#include <string.h>

static const char *const kanal_names[] = {"SMS", "EPOST", "VARSEL", "MYNDIGHET_TIL_MYNDIGHET"};
static const size_t kanal_maks[] = {160, 2000, 500, 2000};
static const char *const svartype_names[] = {"INGEN", "SAKSBEHANDLER",
                                             "INNBYGGER_OG_SAKSBEHANDLER"};

bool dom_kanal_parse(const char *name, enum dom_kanal *out)
{
    if (!name)
        return false;
    if (strcmp(name, "3") == 0) {
        *out = DOM_KANAL_VARSEL;
        return true;
    }
    if (strcmp(name, "4") == 0) {
        *out = DOM_KANAL_M2M;
        return true;
    }
    for (size_t i = 0; i < sizeof kanal_names / sizeof kanal_names[0]; i++)
        if (strcmp(name, kanal_names[i]) == 0) {
            *out = (enum dom_kanal)i;
            return true;
        }
    return false;
}

const char *dom_kanal_name(enum dom_kanal k)
{
    return kanal_names[k];
}

size_t dom_kanal_tekst_maks(enum dom_kanal k)
{
    return kanal_maks[k];
}

bool dom_kanal_enveis(enum dom_kanal k)
{
    return k != DOM_KANAL_M2M;
}

bool dom_svartype_parse(const char *name, enum dom_svartype *out)
{
    for (size_t i = 0; name && i < sizeof svartype_names / sizeof svartype_names[0]; i++)
        if (strcmp(name, svartype_names[i]) == 0) {
            *out = (enum dom_svartype)i;
            return true;
        }
    return false;
}

const char *dom_svartype_name(enum dom_svartype s)
{
    return svartype_names[s];
}

bool dom_svartype_tillater_org(enum dom_svartype s)
{
    return s != DOM_SVAR_INGEN;
}

bool dom_svartype_tillater_innbygger(enum dom_svartype s)
{
    return s == DOM_SVAR_INNBYGGER_OG_SAKSBEHANDLER;
}

size_t dom_codepoints(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; n++) {
        size_t step = nt_utf8_len((const unsigned char *)s + i, len - i);
        if (!step)
            return (size_t)-1;
        i += step;
    }
    return n;
}
