/* Dialog creation over HTTP against the real binary and a real SQLite file
 * (dialog.md 4.1-4.3, D01-D17): per-channel text limits on both sides,
 * SMS only for STAR, fan-out all or nothing, idempotent retries, channel
 * rules, addressing with 99999 and main jobcentres, message types 11/12,
 * and the shape errors every create can give. */
#include "check.h"
#include "dialog_bb.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void start(void)
{
    CHECK_EQ_INT(dlg_bb_start(NULL), 0);
}

static json_t *with_text(const char *ident, const char *kanal, const char *unit, size_t n)
{
    char *t = dlg_repeat(unit, n);
    json_t *b = dlg_body(ident, kanal, t);
    free(t);
    return b;
}

static void d01_sms_limit_160(void)
{
    char id[37];
    long before = dlg_count(U_B1, NULL);
    CHECK_EQ_INT(dlg_create(T_STAR, with_text(B1, "SMS", "a", 160), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_STAR, id, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(dlg_get_str(&r, "kanal"), "SMS");
    CHECK_EQ_STR(dlg_get_str(&r, "levering.kanal"), "SMS");
    CHECK_EQ_STR(dlg_get_str(&r, "levering.status"), "BESTILT"); /* one SMS ordered for B1 */
    CHECK_EQ_INT(strlen(dlg_get_str(&r, "tekst")), 160);
    dlg_reply_free(&r);
    CHECK_EQ_INT(dlg_count(U_B1, NULL), before + 1);
    dlg_call_json(T_STAR, "POST", "/dialoger", with_text(B1, "SMS", "a", 161), &r);
    CHECK_PROBLEM(&r, 400, "TekstForLang", 8143, "tekst");
    CHECK_CONTAINS(r.body, "kanal SMS tillater 160 tegn, fikk 161");
    dlg_reply_free(&r);
    CHECK_EQ_INT(dlg_count(U_B1, NULL), before + 1);
}

static void d02_characters_not_bytes(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_STAR, with_text(B1, "SMS", "ø", 160), id), 201);
    struct dlg_reply r;
    dlg_call_json(T_STAR, "POST", "/dialoger", with_text(B1, "SMS", "ø", 161), &r);
    CHECK_PROBLEM(&r, 400, "TekstForLang", 8143, "tekst");
    dlg_reply_free(&r);
}

static void d03_email_limit_2000(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, with_text(B1, "EPOST", "e", 2000), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_14700, id, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "levering.kanal"), "EPOST");
    CHECK_EQ_STR(dlg_get_str(&r, "levering.status"), "BESTILT");
    CHECK_EQ_STR(dlg_get_str(&r, "tittel"), "En besked"); /* the mail's subject */
    dlg_reply_free(&r);
    dlg_call_json(T_14700, "POST", "/dialoger", with_text(B1, "EPOST", "e", 2001), &r);
    CHECK_PROBLEM(&r, 400, "TekstForLang", 8143, "tekst");
    dlg_reply_free(&r);
}

static void d04_notification_limit_500(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, with_text(B1, "VARSEL", "v", 500), id), 201);
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", "/dialoger", with_text(B1, "VARSEL", "v", 501), &r);
    CHECK_PROBLEM(&r, 400, "TekstForLang", 8143, "tekst");
    dlg_reply_free(&r);
    /* the seed's numeric id 3 is an alias of VARSEL */
    json_t *b = with_text(B1, "VARSEL", "v", 10);
    json_object_set_new(b, "kanal", json_integer(3));
    CHECK_EQ_INT(dlg_create(T_14700, b, id), 201);
}

static json_t *m2m_text(const char *unit, size_t n)
{
    json_t *b = dlg_m2m_body(B1, "14700", "JOBCENTER", "SAKSBEHANDLER");
    char *t = dlg_repeat(unit, n);
    json_object_set_new(b, "tekst", json_string(t));
    free(t);
    return b;
}

static void d05_m2m_limit_2000(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_AK1, m2m_text("m", 2000), id), 201);
    struct dlg_reply r;
    dlg_call_json(T_AK1, "POST", "/dialoger", m2m_text("m", 2001), &r);
    CHECK_PROBLEM(&r, 400, "TekstForLang", 8143, "tekst");
    dlg_reply_free(&r);
}

static void d06_sms_only_for_star(void)
{
    long before = dlg_count(U_B1, NULL);
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", "/dialoger", with_text(B1, "SMS", "a", 10), &r);
    CHECK_PROBLEM(&r, 403, "SmsKunForStar", 9014, "kanal");
    dlg_reply_free(&r);
    CHECK_EQ_INT(dlg_count(U_B1, NULL), before);
}

static void d07_fan_out_in_order(void)
{
    struct dlg_reply r;
    dlg_call_json(T_AK1, "POST", "/dialoger",
                  json_pack("{s:[s,s],s:s,s:s,s:s}", "innbyggere", B1, B3, "kanal", "VARSEL",
                            "tittel", "Til to", "tekst", "Hei begge"),
                  &r);
    CHECK_EQ_INT(r.status, 201);
    CHECK_EQ_INT(json_array_size(dlg_get(r.json, "dialoger")), 2);
    CHECK_EQ_STR(dlg_get_str(&r, "dialoger.0.innbygger"), B1);
    CHECK_EQ_STR(dlg_get_str(&r, "dialoger.1.innbygger"), B3);
    char first[37], second[37];
    snprintf(first, sizeof first, "%s", dlg_get_str(&r, "dialoger.0.id"));
    snprintf(second, sizeof second, "%s", dlg_get_str(&r, "dialoger.1.id"));
    dlg_reply_free(&r);
    CHECK(strcmp(first, second) != 0);
    CHECK(dlg_list_has(U_B1, NULL, first));
    CHECK(!dlg_list_has(U_B1, NULL, second));
    CHECK(dlg_list_has(T_14700, B3, second));
    CHECK(!dlg_list_has(T_14700, B3, first));
}

static void d08_all_or_nothing(void)
{
    long before = dlg_count(U_B1, NULL);
    struct dlg_reply r;
    dlg_call_json(T_AK1, "POST", "/dialoger",
                  json_pack("{s:[s,s],s:s,s:s,s:s}", "innbyggere", B1, "1111901111", "kanal",
                            "VARSEL", "tittel", "t", "tekst", "x"),
                  &r);
    CHECK_PROBLEM(&r, 404, "UkjentInnbygger", 1010, "innbyggere[1]");
    dlg_reply_free(&r);
    CHECK_EQ_INT(dlg_count(U_B1, NULL), before);
    dlg_call_json(T_AK1, "POST", "/dialoger",
                  json_pack("{s:[s,s],s:s,s:s,s:s}", "innbyggere", B1, "12345", "kanal", "VARSEL",
                            "tittel", "t", "tekst", "x"),
                  &r);
    CHECK_PROBLEM(&r, 400, "UgyldigIdent", 1001, "innbyggere[1]");
    dlg_reply_free(&r);
    /* a rule that fails for the second citizen only also stores nothing */
    json_t *b = dlg_m2m_body(B1, "99999", "AKASSE", "SAKSBEHANDLER");
    json_array_append_new(json_object_get(b, "innbyggere"), json_string(B4));
    dlg_call_json(T_14700, "POST", "/dialoger", b, &r);
    CHECK_PROBLEM(&r, 409, "InnbyggerHarIngenAkasse", 0, "mottaker");
    dlg_reply_free(&r);
    CHECK_EQ_INT(dlg_count(U_B1, NULL), before);
}

static json_t *keyed(const char *kanal, const char *key, const char *tekst)
{
    json_t *b = dlg_body(B1, kanal, tekst);
    json_object_set_new(b, "eksternId", json_string(key));
    return b;
}

static void d09_idempotent_create(void)
{
    long before = dlg_count(U_B1, NULL);
    struct dlg_reply r1, r2, r3;
    dlg_call_json(T_14700, "POST", "/dialoger", keyed("VARSEL", "x-1", "Samme"), &r1);
    dlg_call_json(T_14700, "POST", "/dialoger", keyed("VARSEL", "x-1", "Samme"), &r2);
    CHECK_EQ_INT(r1.status, 201);
    CHECK_EQ_INT(r2.status, 200);
    CHECK_EQ_STR(dlg_get_str(&r2, "dialoger.0.id"), dlg_get_str(&r1, "dialoger.0.id"));
    CHECK_EQ_INT(dlg_count(U_B1, NULL), before + 1);
    dlg_call_json(T_14700, "POST", "/dialoger", keyed("VARSEL", "x-1", "En anden tekst"), &r3);
    CHECK_PROBLEM(&r3, 409, "EksternIdKonflikt", 0, "eksternId");
    dlg_reply_free(&r1);
    dlg_reply_free(&r2);
    dlg_reply_free(&r3);
    /* the same key is another organisation's own */
    char id[37];
    CHECK_EQ_INT(dlg_create(T_AK1, keyed("VARSEL", "x-1", "AK1 sin"), id), 201);
    /* an identical e-mail retry orders no second mail: it is the same dialog */
    dlg_call_json(T_14700, "POST", "/dialoger", keyed("EPOST", "x-2", "Post"), &r1);
    dlg_call_json(T_14700, "POST", "/dialoger", keyed("EPOST", "x-2", "Post"), &r2);
    CHECK_EQ_INT(r1.status, 201);
    CHECK_EQ_INT(r2.status, 200);
    CHECK_EQ_STR(dlg_get_str(&r2, "dialoger.0.id"), dlg_get_str(&r1, "dialoger.0.id"));
    dlg_reply_free(&r1);
    dlg_reply_free(&r2);
    CHECK_EQ_INT(dlg_count(U_B1, NULL), before + 3);
}

static void d10_one_way_channels_take_no_reply_policy(void)
{
    json_t *b = dlg_body(B1, "VARSEL", "x");
    json_object_set_new(b, "svartype", json_string("SAKSBEHANDLER"));
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", "/dialoger", b, &r);
    CHECK_PROBLEM(&r, 400, "SvarIkkeStottetForKanal", 0, "svartype");
    dlg_reply_free(&r);
    b = dlg_body(B1, "EPOST", "x");
    json_object_set_new(b, "svartype", json_string("INGEN"));
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, b, id), 201);
}

static void d10a_missing_contact_details(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_STAR, dlg_body(B4, "SMS", "Ingen mobil"), id), 201);
    CHECK(dlg_list_has(U_B4, NULL, id));
    struct dlg_reply r;
    dlg_get_dialog(T_STAR, id, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "levering.status"), "FEILET");
    CHECK_EQ_STR(dlg_get_str(&r, "levering.arsak"), "INGEN_KONTAKTINFO");
    dlg_reply_free(&r);
    /* the citizen's view carries no delivery details */
    char path[96];
    snprintf(path, sizeof path, "/meg/dialoger/%s", id);
    dlg_call(U_B4, "GET", path, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK(dlg_get(r.json, "levering") == NULL);
    dlg_reply_free(&r);
    /* the outbound feed tells the same */
    dlg_call(T_STAR, "GET", "/events?after=0&limit=10000", NULL, &r);
    size_t i;
    json_t *e;
    bool found = false;
    json_array_foreach(dlg_get(r.json, "events"), i, e) {
        if (strcmp(json_string_value(json_object_get(e, "aggregateId")), id) == 0) {
            found = true;
            CHECK_EQ_STR(json_string_value(dlg_get(e, "data.levering.status")), "FEILET");
            CHECK_EQ_STR(json_string_value(dlg_get(e, "data.levering.arsak")), "INGEN_KONTAKTINFO");
        }
    }
    CHECK(found);
    dlg_reply_free(&r);
}

static void d11_sub_jobcenter_refused(void)
{
    struct dlg_reply r;
    dlg_call_json(T_AK1, "POST", "/dialoger", dlg_m2m_body(B1, "14701", "JOBCENTER", "INGEN"), &r);
    CHECK_PROBLEM(&r, 400, "UgyldigJobcenter", 9310, "mottaker.kode");
    dlg_reply_free(&r);
}

static void d12_citizen_not_under_the_jobcenter(void)
{
    struct dlg_reply r;
    dlg_call_json(T_AK1, "POST", "/dialoger", dlg_m2m_body(B1, "10100", "JOBCENTER", "INGEN"), &r);
    CHECK_PROBLEM(&r, 400, "UgyldigJobcenter", 9310, "mottaker.kode");
    dlg_reply_free(&r);
    dlg_call_json(T_AK1, "POST", "/dialoger", dlg_m2m_body(B1, "14800", "JOBCENTER", "INGEN"), &r);
    CHECK_PROBLEM(&r, 400, "UgyldigJobcenter", 9310, "mottaker.kode");
    dlg_reply_free(&r);
}

static void d13_unknown_jobcenter_becomes_the_main_one(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_AK1, dlg_m2m_body(B1, "99999", "JOBCENTER", "INGEN"), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_AK1, id, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "mottaker.kode"), "14700");
    CHECK_EQ_STR(dlg_get_str(&r, "mottaker.type"), "JOBCENTER");
    dlg_reply_free(&r);
}

static void d14_unknown_akasse_becomes_the_citizens(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, dlg_m2m_body(B1, "99999", "AKASSE", "INGEN"), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_14700, id, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "mottaker.kode"), "AK1");
    dlg_reply_free(&r);
    dlg_call_json(T_14700, "POST", "/dialoger", dlg_m2m_body(B4, "99999", "AKASSE", "INGEN"), &r);
    CHECK_PROBLEM(&r, 409, "InnbyggerHarIngenAkasse", 0, NULL);
    dlg_reply_free(&r);
}

static void d15_m2m_needs_a_receiver(void)
{
    struct dlg_reply r;
    dlg_call_json(T_AK1, "POST", "/dialoger", dlg_body(B1, "MYNDIGHET_TIL_MYNDIGHET", "x"), &r);
    CHECK_PROBLEM(&r, 400, "UgyldigMottaker", 0, "mottaker");
    dlg_reply_free(&r);
    /* a one-way channel has no receiving organisation; nor is the sender its own receiver */
    json_t *b = dlg_body(B1, "VARSEL", "x");
    json_object_set_new(b, "mottaker", json_pack("{s:s,s:s}", "kode", "14700", "type", "JOBCENTER"));
    dlg_call_json(T_AK1, "POST", "/dialoger", b, &r);
    CHECK_PROBLEM(&r, 400, "UgyldigMottaker", 0, "mottaker");
    dlg_reply_free(&r);
    dlg_call_json(T_AK1, "POST", "/dialoger", dlg_m2m_body(B1, "AK1", "AKASSE", "INGEN"), &r);
    CHECK_PROBLEM(&r, 400, "UgyldigMottaker", 0, "mottaker");
    dlg_reply_free(&r);
    dlg_call_json(T_AK1, "POST", "/dialoger", dlg_m2m_body(B1, "NOPE", "KOMMUNE", "INGEN"), &r);
    CHECK_PROBLEM(&r, 400, "UgyldigMottaker", 0, "mottaker");
    dlg_reply_free(&r);
}

static json_t *typed(json_t *b, int type)
{
    json_object_set_new(b, "meldingstype", json_integer(type));
    return b;
}

static void d16_message_type_11(void)
{
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", "/dialoger", typed(dlg_m2m_body(B1, "AK1", "AKASSE", "INGEN"), 11), &r);
    CHECK_PROBLEM(&r, 403, "MeldingstypeIkkeTillatt", 0, "meldingstype");
    dlg_reply_free(&r);
    dlg_call_json(T_AK1, "POST", "/dialoger", typed(dlg_body(B1, "VARSEL", "x"), 11), &r);
    CHECK_PROBLEM(&r, 400, "MeldingstypeIkkeTillatt", 0, "meldingstype");
    dlg_reply_free(&r);
    char id[37];
    json_t *b = typed(dlg_m2m_body(B1, "14700", "JOBCENTER", "SAKSBEHANDLER"), 11);
    json_object_set_new(b, "tittel", json_string("A-kassens indstilling til jobcentret om tilbud"));
    CHECK_EQ_INT(dlg_create(T_AK1, b, id), 201);
    CHECK(dlg_list_has(U_B1, NULL, id));
    dlg_get_dialog(T_14700, id, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(dlg_get_str(&r, "tittel"), "A-kassens indstilling til jobcentret om tilbud");
    CHECK(json_is_false(dlg_get(r.json, "innholdSkjult")));
    CHECK_EQ_INT(json_integer_value(dlg_get(r.json, "meldingstype")), 11);
    dlg_reply_free(&r);
    /* other types are opaque */
    CHECK_EQ_INT(dlg_create(T_14700, typed(dlg_body(B1, "VARSEL", "x"), 7), id), 201);
}

static void d17_type_12_hidden_from_the_tray(void)
{
    struct dlg_reply before;
    dlg_call(U_B1, "GET", "/meg/dialoger", NULL, &before);
    json_t *b = typed(dlg_m2m_body(B1, "14700", "JOBCENTER", "SAKSBEHANDLER"), 12);
    json_object_set_new(b, "visIInnboks", json_false());
    json_object_set_new(b, "tekst", json_string("Antruffet i kontrolaktion"));
    char id[37];
    CHECK_EQ_INT(dlg_create(T_AK1, b, id), 201);
    CHECK(!dlg_list_has(U_B1, NULL, id));
    struct dlg_reply after, one;
    dlg_call(U_B1, "GET", "/meg/dialoger", NULL, &after);
    CHECK_EQ_INT(json_integer_value(dlg_get(after.json, "antallUleste")),
                 json_integer_value(dlg_get(before.json, "antallUleste")));
    char path[96];
    snprintf(path, sizeof path, "/meg/dialoger/%s", id);
    dlg_call(U_B1, "GET", path, NULL, &one);
    CHECK_EQ_INT(one.status, 200);
    CHECK_EQ_STR(dlg_get_str(&one, "tekst"), "Antruffet i kontrolaktion");
    CHECK(json_is_false(dlg_get(one.json, "visIInnboks")));
    dlg_reply_free(&before);
    dlg_reply_free(&after);
    dlg_reply_free(&one);
}

static void sub_jobcenter_callers_act_as_their_main_jobcenter(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14701, dlg_body(B1, "VARSEL", "Fra underenheten"), id), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_14700, id, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "avsender.org.kode"), "14700");
    CHECK_EQ_STR(dlg_get_str(&r, "avsender.via"), "14701");
    CHECK_EQ_STR(dlg_get_str(&r, "tekst"), "Fra underenheten");
    dlg_reply_free(&r);
}

static void titles_and_texts_have_limits(void)
{
    char id[37];
    char *t255 = dlg_repeat("T", 255), *t256 = dlg_repeat("T", 256);
    json_t *b = dlg_body(B1, "VARSEL", "x");
    json_object_set_new(b, "tittel", json_string(t255));
    CHECK_EQ_INT(dlg_create(T_14700, b, id), 201);
    b = dlg_body(B1, "VARSEL", "x");
    json_object_set_new(b, "tittel", json_string(t256));
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", "/dialoger", b, &r);
    CHECK_PROBLEM(&r, 400, "TittelForLang", 0, "tittel");
    dlg_reply_free(&r);
    dlg_call_json(T_14700, "POST", "/dialoger", dlg_body(B1, "VARSEL", "  "), &r);
    CHECK_PROBLEM(&r, 400, "TomTekst", 0, "tekst");
    dlg_reply_free(&r);
    free(t255);
    free(t256);
}

static void bad_requests_get_precise_errors(void)
{
    static const struct {
        const char *body;
        const char *kode;
        const char *felt;
    } cases[] = {
        {"{not json", "UgyldigForesporsel", NULL},
        {"[1]", "UgyldigForesporsel", NULL},
        {"{\"innbyggere\":[\"0101901234\"],\"kanal\":\"VARSEL\",\"tittel\":\"t\",\"tekst\":\"x\",\"farve\":1}",
         "UgyldigForesporsel", "farve"},
        {"{\"innbyggere\":[\"0101901234\"],\"kanal\":\"FAX\",\"tittel\":\"t\",\"tekst\":\"x\"}",
         "UgyldigForesporsel", "kanal"},
        {"{\"innbyggere\":[],\"kanal\":\"VARSEL\",\"tittel\":\"t\",\"tekst\":\"x\"}",
         "UgyldigForesporsel", "innbyggere"},
        {"{\"innbyggere\":[\"0101901234\",\"0101901234\"],\"kanal\":\"VARSEL\",\"tittel\":\"t\",\"tekst\":\"x\"}",
         "UgyldigForesporsel", "innbyggere[1]"},
        {"{\"innbyggere\":[\"0101901234\"],\"kanal\":\"VARSEL\",\"tekst\":\"x\"}", "UgyldigForesporsel",
         "tittel"},
        {"{\"innbyggere\":[\"0101901234\"],\"kanal\":\"VARSEL\",\"tittel\":\"t\",\"tekst\":\"x\",\"tekst\":\"y\"}",
         "UgyldigForesporsel", NULL},
        {"{\"innbyggere\":[\"0101901234\"],\"kanal\":\"VARSEL\",\"tittel\":\"t\",\"tekst\":\"\xff\"}",
         "UgyldigForesporsel", NULL},
        {"{\"innbyggere\":[\"0101901234\"],\"kanal\":\"VARSEL\",\"tittel\":\"t\",\"tekst\":\"x\",\"svartype\":\"ALLE\"}",
         "UgyldigForesporsel", "svartype"},
        {"{\"innbyggere\":[\"0101901234\"],\"kanal\":\"VARSEL\",\"tittel\":\"t\",\"tekst\":\"x\",\"synligFra\":\"igår\"}",
         "UgyldigForesporsel", "synligFra"},
        {"{\"innbyggere\":[\"0101901234\"],\"kanal\":\"VARSEL\",\"tittel\":\"t\",\"tekst\":\"x\",\"eksternId\":\"\"}",
         "UgyldigForesporsel", "eksternId"},
        {"{\"innbyggere\":[\"0101901234\"],\"kanal\":\"VARSEL\",\"tittel\":\"t\",\"tekst\":\"x\",\"opprettet\":\"2019-01-01T00:00:00Z\"}",
         "UgyldigForesporsel", "opprettet"},
    };
    long before = dlg_count(U_B1, NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dlg_reply r;
        dlg_call(T_14700, "POST", "/dialoger", cases[i].body, &r);
        CHECK_PROBLEM(&r, 400, cases[i].kode, 0, cases[i].felt);
        dlg_reply_free(&r);
    }
    json_t *many = json_array();
    for (int i = 0; i < 501; i++)
        json_array_append_new(many, json_string(B1));
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", "/dialoger",
                  json_pack("{s:o,s:s,s:s,s:s}", "innbyggere", many, "kanal", "VARSEL", "tittel",
                            "t", "tekst", "x"),
                  &r);
    CHECK_PROBLEM(&r, 400, "UgyldigForesporsel", 0, "innbyggere");
    dlg_reply_free(&r);
    CHECK_EQ_INT(dlg_count(U_B1, NULL), before);
}

static void callers_must_be_known_organisations(void)
{
    struct dlg_reply r;
    dlg_call_json(NO_TOKEN, "POST", "/dialoger", dlg_body(B1, "VARSEL", "x"), &r);
    CHECK_EQ_INT(r.status, 401);
    CHECK_EQ_INT(r.len, 0);
    dlg_reply_free(&r);
    dlg_call_json(T_NO_ORG, "POST", "/dialoger", dlg_body(B1, "VARSEL", "x"), &r);
    CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
    dlg_reply_free(&r);
    /* a person's token is not an organisation's */
    dlg_call_json(U_B1, "POST", "/dialoger", dlg_body(B1, "VARSEL", "x"), &r);
    CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
    dlg_reply_free(&r);
    /* a kommune creates nothing; a jobcenter only for its own citizens */
    dlg_call_json(T_0147, "POST", "/dialoger", dlg_body(B1, "VARSEL", "x"), &r);
    CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
    dlg_reply_free(&r);
    dlg_call_json(T_10100, "POST", "/dialoger", dlg_body(B1, "VARSEL", "x"), &r);
    CHECK_PROBLEM(&r, 403, "InnbyggerTilhorerIkkeJobcenter", 6005, NULL);
    dlg_reply_free(&r);
    dlg_call(T_14700, "GET", "/nope", NULL, &r);
    CHECK_PROBLEM(&r, 404, "IkkeFunnet", 0, NULL);
    dlg_reply_free(&r);
    dlg_call(T_14700, "DELETE", "/dialoger", NULL, &r);
    CHECK_PROBLEM(&r, 405, "MetodeIkkeTillatt", 0, NULL);
    dlg_reply_free(&r);
}

/* The description is served, and each documented operation is answered by
 * a route (without a token: 401, never 404 or 405). */
static void openapi_is_served_and_every_operation_answers(void)
{
    struct dlg_reply r;
    dlg_call(NO_TOKEN, "GET", "/openapi.json", NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    json_t *paths = json_incref(dlg_get(r.json, "paths"));
    dlg_reply_free(&r);
    const char *path;
    json_t *item;
    int checked = 0;
    json_object_foreach(paths, path, item) {
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op) {
            char concrete[256], m[8];
            snprintf(concrete, sizeof concrete, "%s", path);
            char *brace = strchr(concrete, '{');
            if (brace) { /* one path part */
                char rest[256];
                snprintf(rest, sizeof rest, "%s", strchr(brace, '}') + 1);
                snprintf(brace, sizeof concrete - (size_t)(brace - concrete), "0101901234%s", rest);
            }
            for (int i = 0; method[i] && i < 7; i++)
                m[i] = (char)(method[i] - 32), m[i + 1] = '\0';
            const char *rel = strncmp(concrete, "/api/dialog/v1", 14) == 0 ? concrete + 14 : concrete;
            dlg_call(NO_TOKEN, m, rel, strcmp(m, "GET") ? "{}" : NULL, &r);
            if (r.status == 404 || r.status == 405 || r.status == 0)
                check__fail(__FILE__, __LINE__, "%s %s answered %ld", m, concrete, r.status);
            checked++;
            dlg_reply_free(&r);
        }
    }
    CHECK(checked >= 20);
    json_decref(paths);
}

static void stop(void)
{
    dlg_bb_stop();
}

static const struct check_case cases[] = {
    {"start", start},
    {"d01_sms_limit_160", d01_sms_limit_160},
    {"d02_characters_not_bytes", d02_characters_not_bytes},
    {"d03_email_limit_2000", d03_email_limit_2000},
    {"d04_notification_limit_500", d04_notification_limit_500},
    {"d05_m2m_limit_2000", d05_m2m_limit_2000},
    {"d06_sms_only_for_star", d06_sms_only_for_star},
    {"d07_fan_out_in_order", d07_fan_out_in_order},
    {"d08_all_or_nothing", d08_all_or_nothing},
    {"d09_idempotent_create", d09_idempotent_create},
    {"d10_one_way_channels_take_no_reply_policy", d10_one_way_channels_take_no_reply_policy},
    {"d10a_missing_contact_details", d10a_missing_contact_details},
    {"d11_sub_jobcenter_refused", d11_sub_jobcenter_refused},
    {"d12_citizen_not_under_the_jobcenter", d12_citizen_not_under_the_jobcenter},
    {"d13_unknown_jobcenter_becomes_the_main_one", d13_unknown_jobcenter_becomes_the_main_one},
    {"d14_unknown_akasse_becomes_the_citizens", d14_unknown_akasse_becomes_the_citizens},
    {"d15_m2m_needs_a_receiver", d15_m2m_needs_a_receiver},
    {"d16_message_type_11", d16_message_type_11},
    {"d17_type_12_hidden_from_the_tray", d17_type_12_hidden_from_the_tray},
    {"sub_jobcenter_callers_act_as_their_main_jobcenter", sub_jobcenter_callers_act_as_their_main_jobcenter},
    {"titles_and_texts_have_limits", titles_and_texts_have_limits},
    {"bad_requests_get_precise_errors", bad_requests_get_precise_errors},
    {"callers_must_be_known_organisations", callers_must_be_known_organisations},
    {"openapi_is_served_and_every_operation_answers", openapi_is_served_and_every_operation_answers},
    {"stop", stop},
};

CHECK_MAIN("blackbox/dialog_create", cases)
