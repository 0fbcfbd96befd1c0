#include "domain/sak_recipients.h"

#include <string.h>

static bool same(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

static const struct {
    const char *code, *edition, *ressurs;
} altinn2_to_ressurs[] = {
    {"5441", "1", "nav_arbeidsforhold_aa-registeret-innsyn-arbeidsgiver"},
    {"4936", "1", "nav_foreldrepenger_inntektsmelding"},
    {"4936", "1", "nav_sykepenger_inntektsmelding"},
    {"4936", "1", "nav_sykepenger_fritak-arbeidsgiverperiode"},
    {"4936", "1", "nav_sykdom-i-familien_inntektsmelding"},
};

bool dom_altinn2_maps_to(const char *service_code, const char *service_edition,
                         const char *ressurs_id)
{
    for (size_t i = 0; i < sizeof altinn2_to_ressurs / sizeof altinn2_to_ressurs[0]; i++)
        if (same(altinn2_to_ressurs[i].code, service_code) &&
            same(altinn2_to_ressurs[i].edition, service_edition) &&
            same(altinn2_to_ressurs[i].ressurs, ressurs_id))
            return true;
    return false;
}

static bool matches(const struct dom_recipient *r, const struct dom_recipient *s)
{
    if (!same(r->virksomhetsnummer, s->virksomhetsnummer))
        return false;
    if (same(r->kind, s->kind) && same(r->a, s->a) && same(r->b, s->b))
        return true;
    return same(r->kind, "altinnRessurs") && same(s->kind, "altinn") &&
           dom_altinn2_maps_to(s->a, s->b, r->a);
}

bool dom_recipient_on_sak(const struct dom_recipient *r, const struct dom_recipient *sak, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (matches(r, &sak[i]))
            return true;
    return false;
}
