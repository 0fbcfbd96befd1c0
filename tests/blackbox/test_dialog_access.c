/* Letter secrecy and access per organisation type over HTTP (dialog.md
 * 4.7-4.8, D37-D51): the seed's replacement titles and text for
 * organisations that are neither sender nor receiver, no attachments and
 * no downloads for them, the same masking in lists, STAR's view of all
 * jobcentres as one, list rights, citizen isolation, and an anden aktør
 * acting as its jobcenter; nothing of the content on the event feed. */
#include "check.h"
#include "dialog_bb.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECRECY                                                                                  \
    "Du må ikke få adgang til indholdet i denne besked. Det skyldes reglerne om brevhemmelig i " \
    "Straffeloven."

static const char pdf[] = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

static void start(void)
{
    CHECK_EQ_INT(dlg_bb_start(NULL), 0);
}

/* Uploads a small PDF as who and copies its id to out. */
static void upload_pdf(enum dlg_party who, const char *name, char out[37])
{
    struct dlg_reply r;
    dlg_upload(who, name, "application/pdf", pdf, sizeof pdf - 1, &r);
    CHECK_EQ_INT(r.status, 201);
    snprintf(out, 37, "%s", dlg_get_str(&r, "id") ? dlg_get_str(&r, "id") : "");
    dlg_reply_free(&r);
}

static long reply_with(enum dlg_party who, const char *id, const char *tekst, const char *vedlegg)
{
    char path[128];
    snprintf(path, sizeof path, "/dialoger/%s/svar", id);
    json_t *b = json_pack("{s:s}", "tekst", tekst);
    if (vedlegg)
        json_object_set_new(b, "vedlegg", json_pack("[s]", vedlegg));
    struct dlg_reply r;
    dlg_call_json(who, "POST", path, b, &r);
    long status = r.status;
    dlg_reply_free(&r);
    return status;
}

static void check_masked(const struct dlg_reply *r, const char *title)
{
    CHECK_EQ_INT(r->status, 200);
    CHECK_EQ_STR(dlg_get_str(r, "tittel"), title);
    CHECK_EQ_STR(dlg_get_str(r, "tekst"), SECRECY);
    CHECK(json_is_true(dlg_get(r->json, "innholdSkjult")));
    CHECK_EQ_INT(json_array_size(dlg_get(r->json, "vedlegg")), 0);
    CHECK(dlg_get(r->json, "lenke") == NULL);
}

static void check_full(const struct dlg_reply *r)
{
    CHECK_EQ_INT(r->status, 200);
    CHECK(json_is_false(dlg_get(r->json, "innholdSkjult")));
    CHECK(strcmp(dlg_get_str(r, "tekst") ? dlg_get_str(r, "tekst") : SECRECY, SECRECY) != 0);
}

static char d37_id[37], d37_vedlegg[37];

static void d37_jobcenter_outsider(void)
{
    upload_pdf(T_AK1, "besked.pdf", d37_vedlegg);
    json_t *b = dlg_body(B1, "VARSEL", "A-kassens hemmelige besked");
    json_object_set_new(b, "vedlegg", json_pack("[s]", d37_vedlegg));
    json_object_set_new(b, "lenke", json_pack("{s:s}", "url", "https://akasse.example/svar"));
    CHECK_EQ_INT(dlg_create(T_AK1, b, d37_id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_14700, d37_id, &r);
    check_masked(&r, "Besked fra a-kasse");
    CHECK_EQ_STR(dlg_get_str(&r, "id"), d37_id);
    CHECK_EQ_STR(dlg_get_str(&r, "kanal"), "VARSEL");
    CHECK(dlg_get_str(&r, "opprettet") != NULL);
    CHECK_EQ_STR(dlg_get_str(&r, "status"), "AKTIV");
    CHECK_EQ_STR(dlg_get_str(&r, "avsender.org.kode"), "AK1");
    CHECK(strstr(r.body, "hemmelige") == NULL && strstr(r.body, "besked.pdf") == NULL);
    dlg_reply_free(&r);
    dlg_get_dialog(T_AK1, d37_id, &r);
    check_full(&r);
    CHECK_EQ_STR(dlg_get_str(&r, "vedlegg.0.id"), d37_vedlegg);
    dlg_reply_free(&r);
}

static void d38_replies_masked_too(void)
{
    char id[37], v1[37], v2[37];
    upload_pdf(T_STAR, "star.pdf", v1);
    upload_pdf(T_AK1, "ak1.pdf", v2);
    json_t *b = dlg_m2m_body(B1, "AK1", "AKASSE", "SAKSBEHANDLER");
    json_object_set_new(b, "vedlegg", json_pack("[s]", v1));
    CHECK_EQ_INT(dlg_create(T_STAR, b, id), 201);
    CHECK_EQ_INT(reply_with(T_AK1, id, "a-kassens svar", v2), 201);
    CHECK_EQ_INT(reply_with(T_STAR, id, "styrelsens svar", NULL), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_14700, id, &r);
    check_masked(&r, "Besked fra Styrelsen for arbejdsmarked og rekrutteringsstyrelsen");
    json_t *svar = dlg_get(r.json, "svar");
    CHECK_EQ_INT(json_array_size(svar), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *s = json_array_get(svar, i);
        CHECK_EQ_STR(json_string_value(json_object_get(s, "tekst")), SECRECY);
        CHECK_EQ_INT(json_array_size(json_object_get(s, "vedlegg")), 0);
        CHECK(json_is_true(json_object_get(s, "innholdSkjult")));
        CHECK(json_string_value(json_object_get(s, "opprettet")) != NULL);
    }
    CHECK_EQ_STR(json_string_value(dlg_get(svar, "0.avsender.org.kode")), "AK1");
    CHECK_EQ_STR(json_string_value(dlg_get(svar, "1.avsender.org.kode")), "STAR");
    dlg_reply_free(&r);
    dlg_get_dialog(T_AK1, id, &r);
    check_full(&r);
    CHECK_EQ_STR(dlg_get_str(&r, "svar.0.tekst"), "a-kassens svar");
    CHECK_EQ_STR(dlg_get_str(&r, "svar.0.vedlegg.0.id"), v2);
    dlg_reply_free(&r);
}

static void d39_star_sees_jobcenter_business(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_AK2, dlg_m2m_body(B2, "10100", "JOBCENTER", "SAKSBEHANDLER"), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_STAR, id, &r);
    check_full(&r);
    CHECK_EQ_STR(dlg_get_str(&r, "tekst"), "Tråden begynner");
    dlg_reply_free(&r);
}

static void d40_star_outsider(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_AK1, dlg_body(B1, "VARSEL", "kun for B1"), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_STAR, id, &r);
    check_masked(&r, "Besked fra a-kasse");
    dlg_reply_free(&r);
    /* a thread between an a-kasse and a virksomhed is hidden from STAR too */
    CHECK_EQ_INT(dlg_create(T_AK1, dlg_m2m_body(B1, "12345678", "VIRKSOMHET", "INGEN"), id), 201);
    dlg_get_dialog(T_STAR, id, &r);
    check_masked(&r, "Besked fra a-kasse");
    dlg_reply_free(&r);
}

static void d41_akasse_outsider(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", "fra jobcentret"), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_AK1, id, &r);
    check_masked(&r, "Besked fra jobcenter");
    dlg_reply_free(&r);
    CHECK_EQ_INT(dlg_create(T_V, dlg_body(B1, "VARSEL", "fra virksomheden"), id), 201);
    dlg_get_dialog(T_14700, id, &r);
    check_masked(&r, "Besked fra virksomhed");
    dlg_reply_free(&r);
    dlg_get_dialog(T_V, id, &r);
    check_full(&r);
    dlg_reply_free(&r);
}

static void d42_all_jobcentres_are_one_for_star_only(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_AK1, dlg_m2m_body(B3, "14700", "JOBCENTER", "INGEN"), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_STAR, id, &r);
    check_full(&r);
    dlg_reply_free(&r);
    dlg_get_dialog(T_10100, id, &r);
    CHECK_PROBLEM(&r, 403, "InnbyggerTilhorerIkkeJobcenter", 6005, NULL);
    dlg_reply_free(&r);
}

static void d43_the_citizen_sees_everything(void)
{
    char id[37], v1[37], v2[37];
    upload_pdf(T_AK1, "tilbud.pdf", v1);
    upload_pdf(T_14700, "svar.pdf", v2);
    json_t *b = dlg_m2m_body(B1, "14700", "JOBCENTER", "INNBYGGER_OG_SAKSBEHANDLER");
    json_object_set_new(b, "vedlegg", json_pack("[s]", v1));
    CHECK_EQ_INT(dlg_create(T_AK1, b, id), 201);
    CHECK_EQ_INT(reply_with(T_14700, id, "jobcentrets svar", v2), 201);
    struct dlg_reply r;
    dlg_get_dialog(U_B1, id, &r);
    check_full(&r);
    CHECK_EQ_STR(dlg_get_str(&r, "tittel"), "En besked");
    CHECK_EQ_STR(dlg_get_str(&r, "vedlegg.0.id"), v1);
    CHECK_EQ_STR(dlg_get_str(&r, "vedlegg.0.filnavn"), "tilbud.pdf");
    CHECK_EQ_STR(dlg_get_str(&r, "svar.0.tekst"), "jobcentrets svar");
    CHECK_EQ_STR(dlg_get_str(&r, "svar.0.vedlegg.0.id"), v2);
    dlg_reply_free(&r);
}

static void d44_masked_download_refused(void)
{
    char path[128];
    snprintf(path, sizeof path, "/vedlegg/%s", d37_vedlegg);
    struct dlg_reply r;
    dlg_call(T_14700, "GET", path, NULL, &r);
    CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
    dlg_reply_free(&r);
    snprintf(path, sizeof path, "/meg/vedlegg/%s", d37_vedlegg);
    dlg_call(U_B1, "GET", path, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    char want[65], got[65];
    dlg_sha256_hex(pdf, sizeof pdf - 1, want);
    dlg_sha256_hex(r.body, r.len, got);
    CHECK_EQ_STR(got, want);
    CHECK_EQ_STR(r.content_type, "application/pdf");
    dlg_reply_free(&r);
    /* another citizen does not learn that it exists */
    dlg_call(U_B2, "GET", path, NULL, &r);
    CHECK_PROBLEM(&r, 404, "UkjentVedlegg", 8103, NULL);
    dlg_reply_free(&r);
    dlg_call(U_B1, "GET", "/meg/vedlegg/01890000-0000-7000-8000-000000000000", NULL, &r);
    CHECK_PROBLEM(&r, 404, "UkjentVedlegg", 8103, NULL);
    dlg_reply_free(&r);
    /* a kommune fetches its own citizens' documents only where it sees them in full */
    snprintf(path, sizeof path, "/vedlegg/%s", d37_vedlegg);
    dlg_call(T_0147, "GET", path, NULL, &r);
    CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
    dlg_reply_free(&r);
}

static void d45_masked_in_lists(void)
{
    struct dlg_reply one, list;
    dlg_get_dialog(T_14700, d37_id, &one);
    dlg_call(T_14700, "GET", "/innbyggere/" B1 "/dialoger", NULL, &list);
    CHECK_EQ_INT(list.status, 200);
    json_t *found = NULL;
    size_t i;
    json_t *d;
    json_array_foreach(dlg_get(list.json, "dialoger"), i, d) {
        if (strcmp(json_string_value(json_object_get(d, "id")), d37_id) == 0)
            found = d;
    }
    CHECK(found != NULL);
    CHECK(json_equal(found, one.json));
    CHECK(strstr(list.body, "hemmelige") == NULL);
    dlg_reply_free(&one);
    dlg_reply_free(&list);
}

static void d46_no_content_on_the_feed(void)
{
    char id[37], vid[37], m2m[37];
    struct dlg_reply r;
    dlg_upload(T_AK1, "HEMMELIG-4711.pdf", "application/pdf", pdf, sizeof pdf - 1, &r);
    snprintf(vid, sizeof vid, "%s", dlg_get_str(&r, "id"));
    dlg_reply_free(&r);
    json_t *b = json_pack("{s:[s],s:s,s:s,s:s,s:s,s:[s],s:{s:s,s:{s:s,s:s}},s:{s:s,s:s}}",
                          "innbyggere", B1, "kanal", "VARSEL", "eksternId", "HEMMELIG-4711-k",
                          "tittel", "HEMMELIG-4711 titel", "tekst", "HEMMELIG-4711 tekst",
                          "vedlegg", vid, "lenke", "url", "https://x.dk/HEMMELIG-4711",
                          "knappTekst", "lang", "da", "tekst", "HEMMELIG-4711",
                          "avsenderPerson", "type", "SAKSBEHANDLER", "navn", "HEMMELIG-4711");
    CHECK_EQ_INT(dlg_create(T_AK1, b, id), 201);
    b = dlg_m2m_body(B1, "14700", "JOBCENTER", "INNBYGGER_OG_SAKSBEHANDLER");
    json_object_set_new(b, "tekst", json_string("HEMMELIG-4711 i tråden"));
    CHECK_EQ_INT(dlg_create(T_AK1, b, m2m), 201);
    CHECK_EQ_INT(reply_with(T_14700, m2m, "HEMMELIG-4711 svar", NULL), 201);
    char path[128];
    snprintf(path, sizeof path, "/meg/dialoger/%s/svar", m2m);
    dlg_call_json(U_B1, "POST", path, json_pack("{s:s}", "tekst", "HEMMELIG-4711 borger"), &r);
    dlg_reply_free(&r);
    dlg_call(T_STAR, "GET", "/events?after=0&limit=10000", NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK(strstr(r.body, "HEMMELIG-4711") == NULL);
    CHECK(strstr(r.body, B1) == NULL); /* nor the citizen's ident */
    int created = 0, replies = 0;
    size_t i;
    json_t *e;
    json_array_foreach(dlg_get(r.json, "events"), i, e) {
        const char *agg = json_string_value(json_object_get(e, "aggregateId"));
        const char *type = json_string_value(json_object_get(e, "type"));
        if ((!strcmp(agg, id) || !strcmp(agg, m2m)) && !strcmp(type, "DialogOpprettet")) {
            created++;
            CHECK_EQ_STR(json_string_value(dlg_get(e, "data.dialogId")), agg);
            CHECK_EQ_STR(json_string_value(dlg_get(e, "data.avsender.org")), "AK1");
        }
        replies += !strcmp(agg, m2m) && !strcmp(type, "SvarLagtTil");
    }
    CHECK_EQ_INT(created, 2);
    CHECK_EQ_INT(replies, 2);
    long next = (long)json_integer_value(dlg_get(r.json, "next"));
    dlg_reply_free(&r);
    char after[64];
    snprintf(after, sizeof after, "/events?after=%ld", next);
    dlg_call(T_STAR, "GET", after, NULL, &r);
    CHECK_EQ_INT(json_array_size(dlg_get(r.json, "events")), 0);
    dlg_reply_free(&r);
    dlg_call(NO_TOKEN, "GET", "/events?after=0", NULL, &r);
    CHECK_EQ_INT(r.status, 401);
    dlg_reply_free(&r);
    dlg_call(T_STAR, "GET", "/events?after=-1", NULL, &r);
    CHECK_PROBLEM(&r, 400, "UgyldigForesporsel", 0, "after");
    dlg_reply_free(&r);
}

static long list_status(enum dlg_party who, const char *query, struct dlg_reply *r)
{
    char path[128];
    snprintf(path, sizeof path, "/innbyggere/%s/dialoger%s", B1, query);
    dlg_call(who, "GET", path, NULL, r);
    return r->status;
}

static void d47_list_rights(void)
{
    struct dlg_reply r;
    CHECK_EQ_INT(list_status(T_14700, "", &r), 200);
    dlg_reply_free(&r);
    CHECK_EQ_INT(list_status(T_AK1, "", &r), 200);
    dlg_reply_free(&r);
    CHECK_EQ_INT(list_status(T_STAR, "", &r), 200);
    dlg_reply_free(&r);
    list_status(T_10100, "", &r);
    CHECK_PROBLEM(&r, 403, "InnbyggerTilhorerIkkeJobcenter", 6005, NULL);
    dlg_reply_free(&r);
    list_status(T_AK2, "", &r);
    CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
    dlg_reply_free(&r);
    list_status(T_V, "", &r);
    CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
    dlg_reply_free(&r);
    dlg_call(T_14700, "GET", "/innbyggere/12345/dialoger", NULL, &r);
    CHECK_PROBLEM(&r, 400, "UgyldigIdent", 1001, NULL);
    dlg_reply_free(&r);
    dlg_call(T_14700, "GET", "/innbyggere/1111901111/dialoger", NULL, &r);
    CHECK_PROBLEM(&r, 404, "UkjentInnbygger", 1010, NULL);
    dlg_reply_free(&r);
    list_status(T_14700, "?medSvar=kanskje", &r);
    CHECK_PROBLEM(&r, 400, "UgyldigForesporsel", 0, "medSvar");
    dlg_reply_free(&r);
}

static void d48_former_akasse_may_create(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_AK2, dlg_body(B1, "VARSEL", "fra den gamle a-kasse"), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_AK2, id, &r); /* and read what it sent, as a former a-kasse */
    check_full(&r);
    dlg_reply_free(&r);
    dlg_call_json(T_AK2, "POST", "/dialoger", dlg_body(B3, "VARSEL", "ikke medlem"), &r);
    CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
    dlg_reply_free(&r);
}

static void d49_without_replies(void)
{
    struct dlg_reply r;
    CHECK_EQ_INT(list_status(T_14700, "?medSvar=false", &r), 200);
    CHECK(json_array_size(dlg_get(r.json, "dialoger")) > 3);
    size_t i;
    json_t *d;
    json_array_foreach(dlg_get(r.json, "dialoger"), i, d) CHECK(json_object_get(d, "svar") == NULL);
    dlg_reply_free(&r);
    CHECK_EQ_INT(list_status(T_14700, "?medSvar=true", &r), 200);
    json_array_foreach(dlg_get(r.json, "dialoger"), i, d) CHECK(json_object_get(d, "svar") != NULL);
    /* newest first */
    const char *prev = NULL;
    json_array_foreach(dlg_get(r.json, "dialoger"), i, d) {
        const char *t = json_string_value(json_object_get(d, "opprettet"));
        CHECK(!prev || strcmp(prev, t) >= 0);
        prev = t;
    }
    dlg_reply_free(&r);
}

static void d50_citizen_isolation(void)
{
    struct dlg_reply r;
    dlg_get_dialog(U_B2, d37_id, &r);
    CHECK_PROBLEM(&r, 404, "UkjentDialog", 4589, NULL);
    dlg_reply_free(&r);
    char path[128];
    snprintf(path, sizeof path, "/meg/dialoger/%s", d37_id);
    dlg_call(NO_TOKEN, "GET", path, NULL, &r);
    CHECK_EQ_INT(r.status, 401);
    CHECK_EQ_INT(r.len, 0);
    dlg_reply_free(&r);
    /* an organisation's token is not a person's, also when its verification
     * is remembered from earlier requests */
    for (int i = 0; i < 2; i++) {
        dlg_call(T_14700, "GET", path, NULL, &r);
        CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
        dlg_reply_free(&r);
    }
    dlg_get_dialog(U_B1, d37_id, &r);
    CHECK_EQ_INT(r.status, 200);
    dlg_reply_free(&r);
}

static void d51_anden_aktor_acts_as_its_jobcenter(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_AA1, dlg_body(B1, "VARSEL", "fra anden aktør"), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_AK1, id, &r);
    check_masked(&r, "Besked fra jobcenter");
    dlg_reply_free(&r);
    dlg_get_dialog(T_14700, id, &r);
    check_full(&r);
    CHECK_EQ_STR(dlg_get_str(&r, "avsender.via"), "AA1");
    dlg_reply_free(&r);
    dlg_call_json(T_AA1, "POST", "/dialoger", dlg_body(B2, "VARSEL", "ikke vores"), &r);
    CHECK_PROBLEM(&r, 403, "InnbyggerTilhorerIkkeJobcenter", 6005, NULL);
    dlg_reply_free(&r);
}

static void high_level_dialogs_need_a_high_login(void)
{
    json_t *b = dlg_body(B1, "VARSEL", "kun på højt niveau");
    json_object_set_new(b, "sikkerhetsniva", json_string("high"));
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, b, id), 201);
    struct dlg_reply r;
    dlg_get_dialog(U_B1, id, &r); /* the development token is idporten-loa-substantial */
    CHECK_EQ_STR(dlg_get_str(&r, "tittel"), "Du må logge inn med høyere sikkerhetsnivå");
    CHECK(json_is_true(dlg_get(r.json, "innholdSkjult")));
    CHECK(strstr(r.body, "højt niveau") == NULL);
    dlg_reply_free(&r);
    dlg_get_dialog(T_14700, id, &r);
    check_full(&r);
    dlg_reply_free(&r);
}

static void stop(void)
{
    dlg_bb_stop();
}

static const struct check_case cases[] = {
    {"start", start},
    {"d37_jobcenter_outsider", d37_jobcenter_outsider},
    {"d38_replies_masked_too", d38_replies_masked_too},
    {"d39_star_sees_jobcenter_business", d39_star_sees_jobcenter_business},
    {"d40_star_outsider", d40_star_outsider},
    {"d41_akasse_outsider", d41_akasse_outsider},
    {"d42_all_jobcentres_are_one_for_star_only", d42_all_jobcentres_are_one_for_star_only},
    {"d43_the_citizen_sees_everything", d43_the_citizen_sees_everything},
    {"d44_masked_download_refused", d44_masked_download_refused},
    {"d45_masked_in_lists", d45_masked_in_lists},
    {"d46_no_content_on_the_feed", d46_no_content_on_the_feed},
    {"d47_list_rights", d47_list_rights},
    {"d48_former_akasse_may_create", d48_former_akasse_may_create},
    {"d49_without_replies", d49_without_replies},
    {"d50_citizen_isolation", d50_citizen_isolation},
    {"d51_anden_aktor_acts_as_its_jobcenter", d51_anden_aktor_acts_as_its_jobcenter},
    {"high_level_dialogs_need_a_high_login", high_level_dialogs_need_a_high_login},
    {"stop", stop},
};

CHECK_MAIN("blackbox/dialog_access", cases)
