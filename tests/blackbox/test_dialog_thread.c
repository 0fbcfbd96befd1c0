/* Threads over HTTP (dialog.md 4.4-4.6, D18-D36): who may reply under
 * which channel and svartype, the reply limit, statuses with their
 * history (creator only, threads only, the state machine, no-op repeats,
 * reply status), and seen/read marks per person with the seed's time
 * rules (first time kept, thread cascade, one reply, archived). */
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

static void path_of(char *out, size_t n, enum dlg_party who, const char *id, const char *tail)
{
    snprintf(out, n, "%s/dialoger/%s%s", who >= U_B1 ? "/meg" : "", id, tail);
}

/* Replies and returns the status; the new reply's id goes to out when given. */
static long reply(enum dlg_party who, const char *id, const char *tekst, char *out)
{
    char path[128];
    path_of(path, sizeof path, who, id, "/svar");
    struct dlg_reply r;
    dlg_call_json(who, "POST", path, json_pack("{s:s}", "tekst", tekst), &r);
    long status = r.status;
    if (out)
        snprintf(out, 37, "%s", dlg_get_str(&r, "id") ? dlg_get_str(&r, "id") : "");
    dlg_reply_free(&r);
    return status;
}

static void set_status(enum dlg_party who, const char *id, const char *status, struct dlg_reply *r)
{
    char path[128];
    snprintf(path, sizeof path, "/dialoger/%s/status", id);
    dlg_call_json(who, "PUT", path, json_pack("{s:s}", "status", status), r);
}

static void mark(enum dlg_party who, const char *id, json_t *body, struct dlg_reply *r)
{
    char path[128];
    path_of(path, sizeof path, who, id, "/markeringer");
    dlg_call_json(who, "POST", path, body, r);
}

static void thread(const char *svartype, char out[37])
{
    CHECK_EQ_INT(dlg_create(T_AK1, dlg_m2m_body(B1, "14700", "JOBCENTER", svartype), out), 201);
}

static void d18_no_reply_on_one_way_dialogs(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", "Enveis"), id), 201);
    struct dlg_reply r;
    char path[128];
    path_of(path, sizeof path, T_14700, id, "/svar");
    dlg_call_json(T_14700, "POST", path, json_pack("{s:s}", "tekst", "Svar"), &r);
    CHECK_PROBLEM(&r, 409, "SvarIkkeTillatt", 0, NULL);
    dlg_reply_free(&r);
    path_of(path, sizeof path, U_B1, id, "/svar");
    dlg_call_json(U_B1, "POST", path, json_pack("{s:s}", "tekst", "Svar"), &r);
    CHECK_PROBLEM(&r, 409, "SvarIkkeTillatt", 0, NULL);
    dlg_reply_free(&r);
}

static void d19_svartype_ingen_on_m2m(void)
{
    char id[37];
    thread("INGEN", id);
    CHECK_EQ_INT(reply(T_14700, id, "Svar", NULL), 409);
}

static void d20_caseworker_only_replies(void)
{
    char id[37], svar[37];
    thread("SAKSBEHANDLER", id);
    CHECK_EQ_INT(reply(T_14700, id, "Jobcentret svarer", svar), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_AK1, id, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "svar.0.id"), svar);
    CHECK_EQ_STR(dlg_get_str(&r, "svar.0.tekst"), "Jobcentret svarer");
    CHECK_EQ_STR(dlg_get_str(&r, "svar.0.avsender.org.kode"), "14700");
    dlg_reply_free(&r);
    CHECK_EQ_INT(reply(U_B1, id, "Borgeren svarer", NULL), 409);
}

static void d21_citizen_replies_in_order(void)
{
    char id[37];
    thread("INNBYGGER_OG_SAKSBEHANDLER", id);
    CHECK_EQ_INT(reply(U_B1, id, "1 borger", NULL), 201);
    CHECK_EQ_INT(reply(T_14700, id, "2 jobcenter", NULL), 201);
    CHECK_EQ_INT(reply(T_AK1, id, "3 a-kasse", NULL), 201);
    struct dlg_reply r;
    dlg_get_dialog(T_AK1, id, &r);
    CHECK_EQ_INT(json_array_size(dlg_get(r.json, "svar")), 3);
    CHECK_EQ_STR(dlg_get_str(&r, "svar.0.avsender.type"), "INNBYGGER");
    CHECK_EQ_STR(dlg_get_str(&r, "svar.0.tekst"), "1 borger");
    CHECK_EQ_STR(dlg_get_str(&r, "svar.1.avsender.org.kode"), "14700");
    CHECK_EQ_STR(dlg_get_str(&r, "svar.2.avsender.org.kode"), "AK1");
    CHECK_EQ_STR(dlg_get_str(&r, "svar.2.tekst"), "3 a-kasse");
    dlg_reply_free(&r);
}

static void d22_reply_limit(void)
{
    char id[37];
    thread("SAKSBEHANDLER", id);
    char *t2000 = dlg_repeat("s", 2000), *t2001 = dlg_repeat("s", 2001);
    CHECK_EQ_INT(reply(T_14700, id, t2000, NULL), 201);
    char path[128];
    path_of(path, sizeof path, T_14700, id, "/svar");
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", path, json_pack("{s:s}", "tekst", t2001), &r);
    CHECK_PROBLEM(&r, 400, "TekstForLang", 8143, "tekst");
    dlg_reply_free(&r);
    dlg_call_json(T_14700, "POST", path, json_pack("{s:s}", "tekst", ""), &r);
    CHECK_PROBLEM(&r, 400, "TomTekst", 0, "tekst");
    dlg_reply_free(&r);
    free(t2000);
    free(t2001);
}

static void d23_outsiders_cannot_reply(void)
{
    char id[37];
    thread("INNBYGGER_OG_SAKSBEHANDLER", id);
    char path[128];
    path_of(path, sizeof path, T_STAR, id, "/svar");
    struct dlg_reply r;
    dlg_call_json(T_STAR, "POST", path, json_pack("{s:s}", "tekst", "STAR"), &r);
    CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
    dlg_reply_free(&r);
    /* another citizen cannot even see it */
    path_of(path, sizeof path, U_B2, id, "/svar");
    dlg_call_json(U_B2, "POST", path, json_pack("{s:s}", "tekst", "B2"), &r);
    CHECK_PROBLEM(&r, 404, "UkjentDialog", 4589, NULL);
    dlg_reply_free(&r);
}

static void d24_creator_closes_the_thread(void)
{
    char id[37];
    thread("INNBYGGER_OG_SAKSBEHANDLER", id);
    struct dlg_reply r;
    set_status(T_AK1, id, "AFSLUTTET", &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(dlg_get_str(&r, "status"), "AFSLUTTET");
    json_t *h = dlg_get(r.json, "statushistorikk");
    CHECK_EQ_INT(json_array_size(h), 2);
    CHECK(json_is_null(dlg_get(h, "0.fra")));
    CHECK_EQ_STR(json_string_value(dlg_get(h, "0.til")), "AKTIV");
    CHECK_EQ_STR(json_string_value(dlg_get(h, "1.fra")), "AKTIV");
    CHECK_EQ_STR(json_string_value(dlg_get(h, "1.til")), "AFSLUTTET");
    CHECK_EQ_STR(json_string_value(dlg_get(h, "1.utfortAv.org")), "AK1");
    CHECK(json_string_value(dlg_get(h, "0.tidspunkt")) && json_string_value(dlg_get(h, "1.tidspunkt")));
    dlg_reply_free(&r);
    char path[128];
    path_of(path, sizeof path, T_14700, id, "/svar");
    dlg_call_json(T_14700, "POST", path, json_pack("{s:s}", "tekst", "for sent"), &r);
    CHECK_PROBLEM(&r, 409, "DialogAvsluttet", 0, NULL);
    dlg_reply_free(&r);
    CHECK_EQ_INT(reply(U_B1, id, "for sent", NULL), 409);
}

static void d25_only_the_creator(void)
{
    char id[37];
    thread("SAKSBEHANDLER", id);
    struct dlg_reply r;
    set_status(T_14700, id, "AFSLUTTET", &r);
    CHECK_PROBLEM(&r, 403, "IkkeOpprettendeOrganisasjon", 0, NULL);
    dlg_reply_free(&r);
    dlg_get_dialog(T_AK1, id, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "status"), "AKTIV");
    CHECK_EQ_INT(json_array_size(dlg_get(r.json, "statushistorikk")), 1);
    dlg_reply_free(&r);
}

static void d26_only_threads(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", "x"), id), 201);
    struct dlg_reply r;
    set_status(T_14700, id, "AFSLUTTET", &r);
    CHECK_PROBLEM(&r, 409, "StatusIkkeTillattForKanal", 0, NULL);
    dlg_reply_free(&r);
}

static void d27_allowed_values(void)
{
    char id[37];
    thread("SAKSBEHANDLER", id);
    const char *bad[] = {"AKTIV", "LEST", "foo"};
    struct dlg_reply r;
    for (int i = 0; i < 3; i++) {
        set_status(T_AK1, id, bad[i], &r);
        CHECK_PROBLEM(&r, 400, "UgyldigStatus", 0, "status");
        dlg_reply_free(&r);
    }
    char path[128];
    snprintf(path, sizeof path, "/dialoger/%s/status", id);
    dlg_call(T_AK1, "PUT", path, "{\"status\":1}", &r);
    CHECK_PROBLEM(&r, 400, "UgyldigForesporsel", 0, "status");
    dlg_reply_free(&r);
    set_status(T_AK1, id, "FEJLOPRETTET", &r);
    CHECK_EQ_INT(r.status, 200);
    dlg_reply_free(&r);
    set_status(T_AK1, id, "AFSLUTTET", &r);
    CHECK_PROBLEM(&r, 409, "UgyldigStatusovergang", 0, "status");
    dlg_reply_free(&r);
    set_status(T_AK1, "01890000-0000-7000-8000-000000000000", "AFSLUTTET", &r);
    CHECK_PROBLEM(&r, 404, "UkjentDialog", 4589, NULL);
    dlg_reply_free(&r);
}

static bool listed_with_status(enum dlg_party who, const char *ident, const char *id,
                               const char *status)
{
    struct dlg_reply r;
    char path[96];
    if (who >= U_B1)
        snprintf(path, sizeof path, "/meg/dialoger");
    else
        snprintf(path, sizeof path, "/innbyggere/%s/dialoger", ident);
    dlg_call(who, "GET", path, NULL, &r);
    bool found = false;
    size_t i;
    json_t *d;
    json_array_foreach(dlg_get(r.json, "dialoger"), i, d) {
        if (strcmp(json_string_value(json_object_get(d, "id")), id) == 0)
            found = strcmp(json_string_value(json_object_get(d, "status")), status) == 0 &&
                    json_array_size(json_object_get(d, "statushistorikk")) == 2;
    }
    dlg_reply_free(&r);
    return found;
}

static void d28_fejloprettet_stays_visible(void)
{
    char id[37];
    thread("SAKSBEHANDLER", id);
    struct dlg_reply r;
    set_status(T_AK1, id, "FEJLOPRETTET", &r);
    dlg_reply_free(&r);
    dlg_get_dialog(T_14700, id, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(dlg_get_str(&r, "status"), "FEJLOPRETTET");
    CHECK_EQ_STR(dlg_get_str(&r, "statushistorikk.1.til"), "FEJLOPRETTET");
    dlg_reply_free(&r);
    CHECK(listed_with_status(T_14700, B1, id, "FEJLOPRETTET"));
    CHECK(listed_with_status(U_B1, NULL, id, "FEJLOPRETTET"));
    /* and it takes no replies */
    CHECK_EQ_INT(reply(T_14700, id, "x", NULL), 409);
}

static void set_reply_status(enum dlg_party who, const char *svar, const char *status,
                             struct dlg_reply *r)
{
    char path[128];
    snprintf(path, sizeof path, "/svar/%s/status", svar);
    dlg_call_json(who, "PUT", path, json_pack("{s:s}", "status", status), r);
}

static void d29_reply_status(void)
{
    char id[37], mine[37], theirs[37], citizens[37];
    thread("INNBYGGER_OG_SAKSBEHANDLER", id);
    CHECK_EQ_INT(reply(T_14700, id, "jobcentrets", mine), 201);
    CHECK_EQ_INT(reply(T_AK1, id, "a-kassens", theirs), 201);
    CHECK_EQ_INT(reply(U_B1, id, "borgerens", citizens), 201);
    struct dlg_reply r;
    set_reply_status(T_14700, mine, "FEJLOPRETTET", &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(dlg_get_str(&r, "id"), mine);
    CHECK_EQ_STR(dlg_get_str(&r, "status"), "FEJLOPRETTET");
    json_t *h = dlg_get(r.json, "statushistorikk");
    CHECK_EQ_INT(json_array_size(h), 2);
    CHECK_EQ_STR(json_string_value(dlg_get(h, "1.fra")), "AKTIV");
    CHECK_EQ_STR(json_string_value(dlg_get(h, "1.til")), "FEJLOPRETTET");
    CHECK_EQ_STR(json_string_value(dlg_get(h, "1.utfortAv.org")), "14700");
    CHECK(json_string_value(dlg_get(h, "1.tidspunkt")) != NULL);
    dlg_reply_free(&r);
    set_reply_status(T_14700, theirs, "FEJLOPRETTET", &r);
    CHECK_PROBLEM(&r, 403, "IkkeEgetSvar", 0, NULL);
    dlg_reply_free(&r);
    set_reply_status(T_14700, citizens, "FEJLOPRETTET", &r);
    CHECK_PROBLEM(&r, 403, "IkkeEgetSvar", 0, NULL);
    dlg_reply_free(&r);
    set_reply_status(T_14700, mine, "AFSLUTTET", &r);
    CHECK_PROBLEM(&r, 400, "UgyldigStatus", 0, "status");
    dlg_reply_free(&r);
    set_reply_status(T_14700, "01890000-0000-7000-8000-000000000000", "FEJLOPRETTET", &r);
    CHECK_PROBLEM(&r, 404, "UkjentSvar", 4589, NULL);
    dlg_reply_free(&r);
    /* replies created in error stay in the thread */
    dlg_get_dialog(U_B1, id, &r);
    CHECK_EQ_INT(json_array_size(dlg_get(r.json, "svar")), 3);
    CHECK_EQ_STR(dlg_get_str(&r, "svar.0.status"), "FEJLOPRETTET");
    dlg_reply_free(&r);
}

static void d30_repeat_is_a_no_op(void)
{
    char id[37];
    thread("SAKSBEHANDLER", id);
    struct dlg_reply r1, r2;
    set_status(T_AK1, id, "AFSLUTTET", &r1);
    set_status(T_AK1, id, "AFSLUTTET", &r2);
    CHECK_EQ_INT(r1.status, 200);
    CHECK_EQ_INT(r2.status, 200);
    CHECK_EQ_INT(json_array_size(dlg_get(r2.json, "statushistorikk")), 2);
    dlg_reply_free(&r1);
    dlg_reply_free(&r2);
}

static const char *first_time(json_t *item, const char *type)
{
    return json_string_value(json_object_get(dlg_mark_of(item, type, "INNBYGGER"), "forsteTidspunkt"));
}

static void d31_first_time_wins(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", "vis mig"), id), 201);
    struct dlg_reply a, b, v;
    mark(U_B1, id, json_pack("{s:s}", "type", "VIST"), &a);
    bb_sleep_ms(3);
    mark(U_B1, id, json_pack("{s:s}", "type", "VIST"), &b);
    CHECK_EQ_INT(a.status, 200);
    CHECK_EQ_INT(b.status, 200);
    const char *t1 = dlg_get_str(&a, "tidspunkt"), *t2 = dlg_get_str(&b, "tidspunkt");
    CHECK(t1 && t2 && strcmp(t2, t1) > 0);
    dlg_get_dialog(U_B1, id, &v);
    json_t *m = dlg_mark_of(v.json, "VIST", "INNBYGGER");
    CHECK_EQ_STR(json_string_value(json_object_get(m, "forsteTidspunkt")), t1);
    CHECK_EQ_STR(json_string_value(json_object_get(m, "sisteTidspunkt")), t2);
    CHECK(dlg_mark_of(v.json, "LEST", "INNBYGGER") == NULL);
    dlg_reply_free(&a);
    dlg_reply_free(&b);
    dlg_reply_free(&v);
}

static void d32_thread_cascade(void)
{
    char id[37], r1[37], r2[37];
    thread("SAKSBEHANDLER", id);
    CHECK_EQ_INT(reply(T_14700, id, "r1", r1), 201);
    CHECK_EQ_INT(reply(T_AK1, id, "r2", r2), 201);
    struct dlg_reply a, b, v;
    mark(U_B1, id, json_pack("{s:s,s:s}", "type", "LEST", "svarId", r1), &a);
    bb_sleep_ms(3);
    mark(U_B1, id, json_pack("{s:s}", "type", "LEST"), &b);
    const char *t1 = dlg_get_str(&a, "tidspunkt"), *t2 = dlg_get_str(&b, "tidspunkt");
    CHECK(t1 && t2 && strcmp(t2, t1) > 0);
    dlg_get_dialog(U_B1, id, &v);
    json_t *svar = dlg_get(v.json, "svar");
    CHECK_EQ_STR(first_time(v.json, "LEST"), t2);
    CHECK_EQ_STR(first_time(json_array_get(svar, 1), "LEST"), t2);
    CHECK_EQ_STR(first_time(json_array_get(svar, 0), "LEST"), t1);
    json_t *items[] = {v.json, json_array_get(svar, 0), json_array_get(svar, 1)};
    for (int i = 0; i < 3; i++)
        CHECK(first_time(items[i], "VIST") != NULL);
    CHECK_EQ_STR(json_string_value(json_object_get(dlg_mark_of(json_array_get(svar, 1), "LEST", "INNBYGGER"),
                                                   "kilde")),
                 "KASKADE");
    CHECK_EQ_INT(json_integer_value(json_object_get(dlg_mark_of(v.json, "LEST", "INNBYGGER"), "kode")), 1);
    dlg_reply_free(&a);
    dlg_reply_free(&b);
    dlg_reply_free(&v);
}

static void d33_one_reply_only(void)
{
    char id[37], r1[37], r2[37];
    thread("SAKSBEHANDLER", id);
    CHECK_EQ_INT(reply(T_14700, id, "r1", r1), 201);
    CHECK_EQ_INT(reply(T_14700, id, "r2", r2), 201);
    struct dlg_reply a, v;
    mark(U_B1, id, json_pack("{s:s,s:s}", "type", "LEST", "svarId", r2), &a);
    CHECK_EQ_INT(a.status, 200);
    dlg_get_dialog(U_B1, id, &v);
    json_t *svar = dlg_get(v.json, "svar");
    CHECK(first_time(json_array_get(svar, 1), "LEST") != NULL);
    CHECK(first_time(json_array_get(svar, 0), "LEST") == NULL);
    CHECK(first_time(v.json, "LEST") == NULL);
    dlg_reply_free(&a);
    dlg_reply_free(&v);
    /* a reply of another dialog is unknown here */
    char other[37];
    thread("SAKSBEHANDLER", other);
    mark(U_B1, other, json_pack("{s:s,s:s}", "type", "LEST", "svarId", r2), &a);
    CHECK_PROBLEM(&a, 404, "UkjentSvar", 4589, "svarId");
    dlg_reply_free(&a);
    mark(U_B1, other, json_pack("{s:s}", "type", "ÅBNET"), &a);
    CHECK_PROBLEM(&a, 400, "UgyldigForesporsel", 0, "type");
    dlg_reply_free(&a);
}

static void archive(enum dlg_party who, const char *id, bool on, struct dlg_reply *r)
{
    char path[128];
    path_of(path, sizeof path, who, id, "/arkiv");
    dlg_call_json(who, "PUT", path, json_pack("{s:b}", "arkivert", on), r);
}

static void d34_archived(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", "arkivér mig"), id), 201);
    struct dlg_reply r;
    archive(U_B1, id, true, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK(json_is_true(dlg_get(r.json, "arkivert")));
    dlg_reply_free(&r);
    mark(U_B1, id, json_pack("{s:s}", "type", "VIST"), &r);
    CHECK_PROBLEM(&r, 409, "Arkivert", 0, NULL);
    dlg_reply_free(&r);
    /* out of the tray, into the archive view */
    CHECK(!dlg_list_has(U_B1, NULL, id));
    dlg_call(U_B1, "GET", "/meg/dialoger?arkiv=true", NULL, &r);
    CHECK_CONTAINS(r.body, id);
    dlg_reply_free(&r);
    archive(U_B1, id, false, &r);
    dlg_reply_free(&r);
    mark(U_B1, id, json_pack("{s:s}", "type", "VIST"), &r);
    CHECK_EQ_INT(r.status, 200);
    dlg_reply_free(&r);
}

static void d35_employer_contact_person(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, dlg_m2m_body(B1, "12345678", "VIRKSOMHET", "SAKSBEHANDLER"), id),
                 201);
    const char *guid = "2f1e6a3c-1b2d-4c5e-8f90-a1b2c3d4e5f6";
    struct dlg_reply r;
    mark(T_V, id, json_pack("{s:s}", "type", "LEST"), &r);
    CHECK_PROBLEM(&r, 400, "UgyldigForesporsel", 0, "kontaktperson");
    dlg_reply_free(&r);
    mark(T_V, id, json_pack("{s:s,s:s}", "type", "LEST", "kontaktperson", guid), &r);
    CHECK_EQ_INT(r.status, 200);
    dlg_reply_free(&r);
    dlg_get_dialog(T_14700, id, &r);
    json_t *m = dlg_mark_of(r.json, "LEST", "KONTAKTPERSON");
    CHECK_EQ_STR(json_string_value(dlg_get(m, "aktor.ident")), guid);
    CHECK_EQ_STR(json_string_value(dlg_get(m, "aktor.org")), "12345678");
    dlg_reply_free(&r);
    dlg_get_dialog(U_B1, id, &r);
    CHECK_EQ_INT(json_array_size(dlg_get(r.json, "markeringer")), 0);
    dlg_reply_free(&r);
    /* only a virksomhet names a contact person */
    mark(T_14700, id, json_pack("{s:s,s:s}", "type", "LEST", "kontaktperson", guid), &r);
    CHECK_PROBLEM(&r, 400, "UgyldigForesporsel", 0, "kontaktperson");
    dlg_reply_free(&r);
}

static long unread(void)
{
    struct dlg_reply r;
    dlg_call(U_B1, "GET", "/meg/dialoger", NULL, &r);
    long n = (long)json_integer_value(dlg_get(r.json, "antallUleste"));
    dlg_reply_free(&r);
    return n;
}

static void d36_marks_are_per_person(void)
{
    char id[37], other[37];
    long before = unread();
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", "læs mig"), id), 201);
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", "og mig"), other), 201);
    CHECK_EQ_INT(unread(), before + 2);
    struct dlg_reply r;
    mark(U_B1, id, json_pack("{s:s}", "type", "LEST"), &r);
    dlg_reply_free(&r);
    CHECK_EQ_INT(unread(), before + 1);
    dlg_get_dialog(T_14700, id, &r);
    CHECK(dlg_mark_of(r.json, "LEST", "INNBYGGER") != NULL);
    CHECK(dlg_mark_of(r.json, "LEST", "SAKSBEHANDLER") == NULL);
    dlg_reply_free(&r);
    /* the jobcenter's own read is its own, not the citizen's */
    mark(T_14700, other, json_pack("{s:s}", "type", "LEST"), &r);
    CHECK_EQ_INT(r.status, 200);
    dlg_reply_free(&r);
    CHECK_EQ_INT(unread(), before + 1);
    dlg_get_dialog(T_14700, other, &r);
    CHECK(dlg_mark_of(r.json, "LEST", "SAKSBEHANDLER") != NULL);
    CHECK(dlg_mark_of(r.json, "LEST", "INNBYGGER") == NULL);
    dlg_reply_free(&r);
    dlg_get_dialog(U_B1, other, &r);
    CHECK_EQ_INT(json_array_size(dlg_get(r.json, "markeringer")), 0);
    dlg_reply_free(&r);
    /* an organisation reply makes the thread unread again until it is read */
    char t[37];
    thread("SAKSBEHANDLER", t);
    mark(U_B1, t, json_pack("{s:s}", "type", "LEST"), &r);
    dlg_reply_free(&r);
    long read_all = unread();
    CHECK_EQ_INT(reply(T_14700, t, "nyt svar", NULL), 201);
    CHECK_EQ_INT(unread(), read_all + 1);
    dlg_call(U_B1, "GET", "/meg/dialoger?filter=uleste", NULL, &r);
    CHECK_CONTAINS(r.body, t);
    CHECK(strstr(r.body, id) == NULL);
    dlg_reply_free(&r);
}

static void stop(void)
{
    dlg_bb_stop();
}

static const struct check_case cases[] = {
    {"start", start},
    {"d18_no_reply_on_one_way_dialogs", d18_no_reply_on_one_way_dialogs},
    {"d19_svartype_ingen_on_m2m", d19_svartype_ingen_on_m2m},
    {"d20_caseworker_only_replies", d20_caseworker_only_replies},
    {"d21_citizen_replies_in_order", d21_citizen_replies_in_order},
    {"d22_reply_limit", d22_reply_limit},
    {"d23_outsiders_cannot_reply", d23_outsiders_cannot_reply},
    {"d24_creator_closes_the_thread", d24_creator_closes_the_thread},
    {"d25_only_the_creator", d25_only_the_creator},
    {"d26_only_threads", d26_only_threads},
    {"d27_allowed_values", d27_allowed_values},
    {"d28_fejloprettet_stays_visible", d28_fejloprettet_stays_visible},
    {"d29_reply_status", d29_reply_status},
    {"d30_repeat_is_a_no_op", d30_repeat_is_a_no_op},
    {"d31_first_time_wins", d31_first_time_wins},
    {"d32_thread_cascade", d32_thread_cascade},
    {"d33_one_reply_only", d33_one_reply_only},
    {"d34_archived", d34_archived},
    {"d35_employer_contact_person", d35_employer_contact_person},
    {"d36_marks_are_per_person", d36_marks_are_per_person},
    {"stop", stop},
};

CHECK_MAIN("blackbox/dialog_thread", cases)
