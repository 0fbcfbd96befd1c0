#include "domain/dialog/maskering.h"

#include <string.h>

const char DOM_MASKERT_TEKST[] = "Du må ikke få adgang til indholdet i denne besked. Det skyldes "
                                 "reglerne om brevhemmelig i Straffeloven.";
const char DOM_HOYERE_NIVAA_TITTEL[] = "Du må logge inn med høyere sikkerhetsnivå";

static const char *const names[] = {"STAR", "JOBCENTER", "AKASSE",
                                    "KOMMUNE", "ANDEN_AKTOR", "VIRKSOMHET"};

/* Indexed by enum dom_orgtype; kommune and anden aktør are our choice (A5). */
static const char *const titles[] = {
    "Besked fra Styrelsen for arbejdsmarked og rekrutteringsstyrelsen",
    "Besked fra jobcenter",
    "Besked fra a-kasse",
    "Besked fra kommune",
    "Besked fra jobcenter",
    "Besked fra virksomhed",
};

bool dom_orgtype_parse(const char *name, enum dom_orgtype *out)
{
    for (int i = 0; name && i < 6; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum dom_orgtype)i;
            return true;
        }
    return false;
}

const char *dom_orgtype_name(enum dom_orgtype t)
{
    return names[t];
}

bool dom_hovedjobcenter(const char *kode)
{
    size_t n = kode ? strlen(kode) : 0;
    return n > 2 && strcmp(kode + n - 2, "00") == 0;
}

static bool same(const struct dom_party *a, const struct dom_party *b)
{
    return a && b && strcmp(a->kode, b->kode) == 0;
}

static bool is_type(const struct dom_party *p, enum dom_orgtype t)
{
    return p && p->type == t;
}

bool dom_fullt_innhold(const struct dom_party *viewer, const struct dom_party *sender,
                       const struct dom_party *receiver)
{
    if (viewer->type == DOM_ORG_STAR)
        return is_type(sender, DOM_ORG_STAR) || is_type(receiver, DOM_ORG_STAR) ||
               is_type(sender, DOM_ORG_JOBCENTER) || is_type(receiver, DOM_ORG_JOBCENTER);
    return same(viewer, sender) || same(viewer, receiver);
}

const char *dom_maskert_tittel(enum dom_orgtype sender)
{
    return titles[sender];
}
