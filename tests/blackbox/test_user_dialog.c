/* One bell for citizens too (dialog.md 3.3, 4.12): a dialog made through
 * the dialog API appears in the citizen's user GraphQL notifikasjoner as a
 * Dialogvarsel, counts in the unread badge until the citizen reads it, and
 * reaches an open stream; only one's own tray rings (D66, D67). */
#include "blackbox.h"
#include "check.h"
#include "dialog_bb.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char auth_b1[4200], auth_b2[4200];
static char varsel[37], hidden[37];

static json_t *bell(const char *auth)
{
    const char *q = "{\"query\":\"{ notifikasjoner { antallUleste notifikasjoner { __typename "
                    "... on Dialogvarsel { id dialogId tittel avsenderNavn sisteAktivitet lest "
                    "lenke innholdSkjult } } } }\"}";
    struct bb_reply *r = malloc(sizeof *r);
    bb_request(&dlg_srv, "POST", "/api/user/graphql", q, strlen(q), auth, r);
    json_t *v = json_loads(r->body, 0, NULL);
    if (!v || json_object_get(v, "errors"))
        fprintf(stderr, "bell: %ld %s\n", r->status, r->body);
    free(r);
    return v;
}

static json_t *dialog_item(json_t *reply, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(bb_json_path(reply, "data.notifikasjoner.notifikasjoner"), i, v) {
        const char *d = json_string_value(json_object_get(v, "dialogId"));
        if (d && strcmp(d, id) == 0)
            return v;
    }
    return NULL;
}

static long long unread(json_t *reply)
{
    return json_integer_value(bb_json_path(reply, "data.notifikasjoner.antallUleste"));
}

static void setup(void)
{
    CHECK_EQ_INT(dlg_bb_start(NULL), 0);
    CHECK_EQ_INT(bb_mint_token("user", B1, auth_b1, sizeof auth_b1), 0);
    CHECK_EQ_INT(bb_mint_token("user", B2, auth_b2, sizeof auth_b2), 0);
}

static void d66_a_dialog_rings_until_it_is_read(void)
{
    json_t *r = bell(auth_b1);
    CHECK_EQ_INT(unread(r), 0); /* nothing yet */
    CHECK_EQ_INT(json_array_size(bb_json_path(r, "data.notifikasjoner.notifikasjoner")), 0);
    json_decref(r);
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", "Husk mødet"), varsel), 201);
    r = bell(auth_b1);
    json_t *it = dialog_item(r, varsel);
    CHECK(it != NULL);
    CHECK_EQ_STR(json_string_value(json_object_get(it, "__typename")), "Dialogvarsel");
    CHECK_EQ_STR(json_string_value(json_object_get(it, "tittel")), "En besked");
    CHECK_EQ_STR(json_string_value(json_object_get(it, "avsenderNavn")), "Jobcenter Frederiksberg");
    CHECK(json_is_false(json_object_get(it, "lest")));
    CHECK(json_is_false(json_object_get(it, "innholdSkjult")));
    CHECK(json_string_value(json_object_get(it, "sisteAktivitet")) != NULL);
    CHECK_CONTAINS(json_string_value(json_object_get(it, "lenke")), varsel);
    CHECK_EQ_INT(unread(r), 1);
    json_decref(r);
    char path[128];
    snprintf(path, sizeof path, "/meg/dialoger/%s/markeringer", varsel);
    struct dlg_reply mark;
    dlg_call_json(U_B1, "POST", path, json_pack("{s:s}", "type", "LEST"), &mark);
    CHECK_EQ_INT(mark.status, 200);
    dlg_reply_free(&mark);
    r = bell(auth_b1);
    CHECK(json_is_true(json_object_get(dialog_item(r, varsel), "lest")));
    CHECK_EQ_INT(unread(r), 0);
    json_decref(r);
}

static void d67_only_ones_own_tray_rings(void)
{
    json_t *b = dlg_m2m_body(B1, "AK1", "AKASSE", "SAKSBEHANDLER");
    json_object_set_new(b, "visIInnboks", json_false());
    CHECK_EQ_INT(dlg_create(T_14700, b, hidden), 201);
    json_t *r = bell(auth_b2);
    CHECK_EQ_INT(json_array_size(bb_json_path(r, "data.notifikasjoner.notifikasjoner")), 0);
    json_decref(r);
    r = bell(auth_b1);
    CHECK(dialog_item(r, varsel) != NULL);
    CHECK(dialog_item(r, hidden) == NULL);
    json_decref(r);
}

static void a_dialog_reaches_the_open_stream(void)
{
    char path[4400], id[37];
    snprintf(path, sizeof path, "/api/user/stream?access_token=%s", strstr(auth_b1, "Bearer ") + 7);
    struct bb_sse *s = bb_sse_open(&dlg_srv, path);
    CHECK(bb_sse_wait(s, "event: antall\ndata: {\"antallUleste\":0}", 5000));
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", "Ny besked"), id), 201);
    CHECK(bb_sse_wait(s, "event: dialoger\ndata: {}", 5000));
    CHECK(bb_sse_wait(s, "event: antall\ndata: {\"antallUleste\":1}", 5000));
    bb_sse_close(s);
}

/* "Authorization: Bearer ..." of the development login for ident at the
 * high level (idporten-loa-high). */
static void high_level_login(const char *ident, char *out, size_t n)
{
    char body[64];
    snprintf(body, sizeof body, "{\"fnr\":\"%s\",\"hoytNivaa\":true}", ident);
    struct bb_reply *r = malloc(sizeof *r);
    bb_request(&dlg_srv, "POST", "/api/user/dev/login", body, strlen(body), NULL, r);
    json_t *v = json_loads(r->body, 0, NULL);
    snprintf(out, n, "Authorization: Bearer %s", json_string_value(json_object_get(v, "token")));
    json_decref(v);
    free(r);
}

static void a_high_level_dialog_shows_no_title_below_that_level(void)
{
    char id[37], auth_high[4200];
    json_t *b = dlg_body(B1, "VARSEL", "Afgørelse");
    json_object_set_new(b, "tittel", json_string("Afgørelse om dagpenge"));
    json_object_set_new(b, "sikkerhetsniva", json_string("high"));
    CHECK_EQ_INT(dlg_create(T_14700, b, id), 201);
    json_t *r = bell(auth_b1); /* substantial */
    json_t *it = dialog_item(r, id);
    CHECK_EQ_STR(json_string_value(json_object_get(it, "tittel")),
                 "Du må logge inn med høyere sikkerhetsnivå");
    CHECK(json_is_true(json_object_get(it, "innholdSkjult")));
    CHECK(json_is_false(json_object_get(it, "lest"))); /* it still rings */
    json_decref(r);
    high_level_login(B1, auth_high, sizeof auth_high);
    r = bell(auth_high);
    it = dialog_item(r, id);
    CHECK_EQ_STR(json_string_value(json_object_get(it, "tittel")), "Afgørelse om dagpenge");
    CHECK(json_is_false(json_object_get(it, "innholdSkjult")));
    json_decref(r);
}

static void teardown(void)
{
    dlg_bb_stop();
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"d66_a_dialog_rings_until_it_is_read", d66_a_dialog_rings_until_it_is_read},
    {"d67_only_ones_own_tray_rings", d67_only_ones_own_tray_rings},
    {"a_dialog_reaches_the_open_stream", a_dialog_reaches_the_open_stream},
    {"a_high_level_dialog_shows_no_title_below_that_level",
     a_high_level_dialog_shows_no_title_below_that_level},
    {"teardown", teardown},
};

CHECK_MAIN("user_dialog", cases)
