/* Who may do what for which citizen (dialog.md 2.2.4, from seed 004's
 * rights table with A4): jobcentres and anden aktør for their own
 * citizens, a-kasser for their members (former members too, except for
 * lists and documents), kommuner only documents, STAR everything, a
 * virksomhet only where it is a party. */
#include "api/dialog/internal.h"

#include <string.h>

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static bool former_member(const struct dlg_innbygger *b, const char *akasse)
{
    for (size_t i = 0; i < b->ntidligere; i++)
        if (eq(b->tidligere_akasser[i], akasse))
            return true;
    return false;
}

static int no_access(struct dlg_err *e)
{
    return dlg_fail(e, 403, "IngenTilgang", NULL, "Organisasjonen har ikke tilgang til dette");
}

static int jobcenter_rett(const struct dlg_org *org, const struct dlg_innbygger *b,
                          enum dlg_metode m, struct dlg_err *e)
{
    if (m == DLG_MARKER && org->type == DOM_ORG_JOBCENTER)
        return 0;
    if (eq(b->jobcenter, org->party.kode))
        return 0;
    return dlg_fail(e, 403, "InnbyggerTilhorerIkkeJobcenter", NULL,
                    "Innbyggeren tilhører ikke jobcenter %s", org->party.kode);
}

static int akasse_rett(const struct dlg_org *org, const struct dlg_innbygger *b, enum dlg_metode m,
                       struct dlg_err *e)
{
    bool current = eq(b->akasse, org->kode);
    bool allowed = m == DLG_MARKER || current || (m == DLG_OPPRETT && former_member(b, org->kode));
    return allowed ? 0 : no_access(e);
}

int dlg_org_rett(const struct dlg_org *org, const struct dlg_innbygger *b, enum dlg_metode m,
                 struct dlg_err *e)
{
    switch (org->type) {
    case DOM_ORG_STAR:
        return 0;
    case DOM_ORG_JOBCENTER:
    case DOM_ORG_ANDEN_AKTOR:
        return jobcenter_rett(org, b, m, e);
    case DOM_ORG_AKASSE:
        return akasse_rett(org, b, m, e);
    case DOM_ORG_KOMMUNE:
        return m == DLG_DOKUMENT && eq(b->kommune, org->kode) ? 0 : no_access(e);
    case DOM_ORG_VIRKSOMHET:
        return m == DLG_LISTE ? no_access(e) : 0;
    }
    return no_access(e);
}

bool dlg_er_part(const struct dlg_org *org, const struct dlg_parter *p)
{
    return eq(org->party.kode, p->avsender_kode) ||
           (p->har_mottaker && eq(org->party.kode, p->mottaker_kode));
}

int dlg_org_ser_dialog(const struct api_dialog *api, const struct dlg_org *org,
                       const char *innbygger, const struct dlg_parter *p, enum dlg_metode m,
                       struct dlg_err *e)
{
    if (org->type == DOM_ORG_VIRKSOMHET && !dlg_er_part(org, p))
        return no_access(e);
    const struct dlg_innbygger *b = dlg_innbygger(api->dir, innbygger);
    if (!b) /* no longer in the affiliation source: only STAR and the parties */
        return org->type == DOM_ORG_STAR || dlg_er_part(org, p) ? 0 : no_access(e);
    return dlg_org_rett(org, b, m, e);
}
