/* Errors as RFC 9457 problem+json (dialog.md 2.5): a stable `kode`, the
 * STAR `fejlkode` where the seed or STAR's pages give one, and `felt` for
 * the input at fault. */
#include "api/dialog/internal.h"
#include "base/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *kode;
    const char *title;
    int fejlkode; /* 0 = none */
} catalogue[] = {
    {"UgyldigForesporsel", "Ugyldig forespørsel", 0},
    {"UgyldigIdent", "Ugyldig ident", 1001},
    {"UkjentInnbygger", "Ukjent innbygger", 1010},
    {"IngenTilgang", "Ingen tilgang", 4575},
    {"InnbyggerTilhorerIkkeJobcenter", "Innbyggeren tilhører ikke jobcenteret", 6005},
    {"TekstForLang", "Teksten er for lang", 8143},
    {"TomTekst", "Teksten er tom", 0},
    {"TittelForLang", "Tittelen er for lang", 0},
    {"SmsKunForStar", "Bare STAR kan sende SMS", 9014},
    {"UgyldigJobcenter", "Ugyldig jobcenter", 9310},
    {"UgyldigMottaker", "Ugyldig mottaker", 0},
    {"InnbyggerHarIngenAkasse", "Innbyggeren har ingen a-kasse", 0},
    {"MeldingstypeIkkeTillatt", "Meldingstypen er ikke tillatt", 0},
    {"SvarIkkeStottetForKanal", "Kanalen tar ikke svar", 0},
    {"SvarIkkeTillatt", "Svar er ikke tillatt", 0},
    {"DialogAvsluttet", "Dialogen er avsluttet", 0},
    {"UgyldigStatus", "Ugyldig status", 0},
    {"StatusIkkeTillattForKanal", "Status kan ikke settes på denne kanalen", 0},
    {"UgyldigStatusovergang", "Ugyldig statusovergang", 0},
    {"IkkeOpprettendeOrganisasjon", "Bare organisasjonen som opprettet dialogen kan sette status", 0},
    {"IkkeEgetSvar", "Bare organisasjonen som skrev svaret kan sette status", 0},
    {"Arkivert", "Dialogen er arkivert", 0},
    {"UgyldigLenke", "Ugyldig lenke", 0},
    {"VedleggForStort", "Vedlegget er for stort", 0},
    {"VedleggstypeIkkeTillatt", "Vedleggstypen er ikke tillatt", 0},
    {"VedleggInnholdUgyldig", "Vedleggets innhold stemmer ikke med typen", 0},
    {"VedleggTomt", "Vedlegget er tomt", 0},
    {"UgyldigFilnavn", "Ugyldig filnavn", 0},
    {"UkjentVedlegg", "Ukjent vedlegg", 8103},
    {"UkjentDialog", "Ukjent dialog", 4589},
    {"UkjentSvar", "Ukjent svar", 4589},
    {"EksternIdKonflikt", "eksternId er brukt med et annet innhold", 0},
    {"SynligFraIFremtiden", "synligFra er etter dagens dato", 0},
    {"HendelsesdagIFremtiden", "hendelsesdag er etter dagens dato", 0},
    {"IkkeFunnet", "Ikke funnet", 0},
    {"MetodeIkkeTillatt", "Metoden er ikke tillatt", 0},
    {"Intern", "Intern feil", 0},
};

int dlg_fail(struct dlg_err *e, int status, const char *kode, const char *felt, const char *fmt,
             ...)
{
    e->status = status;
    e->kode = kode;
    snprintf(e->felt, sizeof e->felt, "%s", felt ? felt : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof e->detail, fmt, ap);
    va_end(ap);
    return -1;
}

void dlg_respond_error(struct dlg_req *q, const struct dlg_err *e)
{
    const char *title = e->kode;
    int fejlkode = 0;
    for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
        if (strcmp(catalogue[i].kode, e->kode) == 0) {
            title = catalogue[i].title;
            fejlkode = catalogue[i].fejlkode;
        }
    json_t *p = json_object();
    json_object_set_new(p, "type", json_sprintf("urn:budstikke:dialog:%s", e->kode));
    json_object_set_new(p, "title", json_string(title));
    json_object_set_new(p, "status", json_integer(e->status));
    json_object_set_new(p, "detail", json_string(e->detail));
    json_object_set_new(p, "kode", json_string(e->kode));
    if (fejlkode)
        json_object_set_new(p, "fejlkode", json_integer(fejlkode));
    if (e->felt[0])
        json_object_set_new(p, "felt", json_string(e->felt));
    char *body = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    http_respond(q->http, e->status, "application/problem+json", body, strlen(body));
    free(body);
}

void dlg_respond_json(struct dlg_req *q, int status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    http_respond(q->http, status, "application/json", text, strlen(text));
    free(text);
}

void dlg_answer(struct dlg_req *q, int rc, int ok_status, json_t *result, struct dlg_err *e)
{
    if (rc == 0 && result) {
        dlg_respond_json(q, ok_status, result);
        return;
    }
    json_decref(result);
    if (rc != -1)
        dlg_fail(e, 500, "Intern", NULL, "Lagringen svarte ikke (%d)", rc);
    dlg_respond_error(q, e);
}
