/* Historic import, the bell seam and replay (dialog.md 4.11-4.12,
 * D61-D67): imports send nothing, keep their dates and never count as
 * unread; visible-from and event-day are checked against Oslo's today;
 * a read before the import becomes the citizen's marks. Then, with the
 * server stopped, the same database is opened here: the bell items
 * (api_dialog_bell) are a person's own tray; and `budstikke replay`
 * rebuilds every dialog table exactly. */
#include "api/dialog/bell.h"
#include "check.h"
#include "dialog_bb.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OLD "2019-05-01T10:00:00+02:00"

static void start(void)
{
    CHECK_EQ_INT(dlg_bb_start(NULL), 0);
}

static long unread(enum dlg_party who)
{
    struct dlg_reply r;
    dlg_call(who, "GET", "/meg/dialoger", NULL, &r);
    long n = (long)json_integer_value(dlg_get(r.json, "antallUleste"));
    dlg_reply_free(&r);
    return n;
}

static json_t *historic(const char *kanal, const char *tekst)
{
    json_t *b = dlg_body(B1, kanal, tekst);
    json_object_set_new(b, "opprettet", json_string(OLD));
    json_object_set_new(b, "synligFra", json_string(OLD));
    return b;
}

static long import(enum dlg_party who, json_t *body, char out[37], struct dlg_reply *keep)
{
    struct dlg_reply r;
    dlg_call_json(who, "POST", "/historikk/dialoger", body, &r);
    long status = r.status;
    if (out)
        snprintf(out, 37, "%s", dlg_get_str(&r, "dialoger.0.id") ? dlg_get_str(&r, "dialoger.0.id") : "");
    if (keep)
        *keep = r;
    else
        dlg_reply_free(&r);
    return status;
}

static json_t *find_in_tray(json_t *tray, const char *id)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(tray, "dialoger"), i, d) {
        if (strcmp(json_string_value(json_object_get(d, "id")), id) == 0)
            return d;
    }
    return NULL;
}

static void d61_nothing_is_sent(void)
{
    long before = unread(U_B1);
    char sms[37], mail[37];
    CHECK_EQ_INT(import(T_STAR, historic("SMS", "gammel sms"), sms, NULL), 201);
    CHECK_EQ_INT(import(T_14700, historic("EPOST", "gammel mail"), mail, NULL), 201);
    CHECK_EQ_INT(unread(U_B1), before);
    struct dlg_reply r;
    char path[128];
    snprintf(path, sizeof path, "/dialoger/%s", sms);
    dlg_call(T_STAR, "GET", path, NULL, &r);
    CHECK(json_is_null(dlg_get(r.json, "levering"))); /* no SMS ordered */
    dlg_reply_free(&r);
    snprintf(path, sizeof path, "/dialoger/%s", mail);
    dlg_call(T_14700, "GET", path, NULL, &r);
    CHECK(json_is_null(dlg_get(r.json, "levering"))); /* no mail ordered */
    dlg_reply_free(&r);
    dlg_call(U_B1, "GET", "/meg/dialoger", NULL, &r);
    const char *ids[] = {sms, mail};
    for (int i = 0; i < 2; i++) {
        json_t *d = find_in_tray(r.json, ids[i]);
        CHECK(d != NULL);
        CHECK_EQ_STR(json_string_value(json_object_get(d, "opprettet")), "2019-05-01T08:00:00.000Z");
        CHECK(json_is_true(json_object_get(d, "historisk")));
        CHECK(json_is_false(json_object_get(d, "ulest")));
    }
    dlg_reply_free(&r);
    dlg_call(T_STAR, "GET", "/events?after=0&limit=10000", NULL, &r);
    int imported = 0, created = 0;
    size_t i;
    json_t *e;
    json_array_foreach(dlg_get(r.json, "events"), i, e) {
        const char *agg = json_string_value(json_object_get(e, "aggregateId"));
        const char *type = json_string_value(json_object_get(e, "type"));
        if (strcmp(agg, sms) == 0 || strcmp(agg, mail) == 0) {
            imported += strcmp(type, "DialogImportert") == 0;
            created += strcmp(type, "DialogOpprettet") == 0;
        }
    }
    CHECK_EQ_INT(imported, 2);
    CHECK_EQ_INT(created, 0);
    dlg_reply_free(&r);
    /* the SMS rule and the limits hold for imports too */
    dlg_call_json(T_14700, "POST", "/historikk/dialoger", historic("SMS", "x"), &r);
    CHECK_PROBLEM(&r, 403, "SmsKunForStar", 9014, NULL);
    dlg_reply_free(&r);
    char *long_text = dlg_repeat("x", 161);
    dlg_call_json(T_STAR, "POST", "/historikk/dialoger", historic("SMS", long_text), &r);
    CHECK_PROBLEM(&r, 400, "TekstForLang", 8143, "tekst");
    dlg_reply_free(&r);
    free(long_text);
}

static void iso_from_now(long seconds, char *out, size_t n)
{
    time_t t = time(NULL) + seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void d62_visible_from_not_after_today(void)
{
    char tomorrow[40], minute_ago[40];
    iso_from_now(86400, tomorrow, sizeof tomorrow);
    iso_from_now(-60, minute_ago, sizeof minute_ago);
    json_t *b = historic("VARSEL", "fremtid");
    json_object_set_new(b, "synligFra", json_string(tomorrow));
    struct dlg_reply r;
    import(T_14700, b, NULL, &r);
    CHECK_PROBLEM(&r, 400, "SynligFraIFremtiden", 0, "synligFra");
    dlg_reply_free(&r);
    b = historic("VARSEL", "lige nu");
    json_object_set_new(b, "synligFra", json_string(minute_ago));
    CHECK_EQ_INT(import(T_14700, b, NULL, NULL), 201);
    b = historic("VARSEL", "uden synligFra");
    json_object_del(b, "synligFra");
    import(T_14700, b, NULL, &r);
    CHECK_PROBLEM(&r, 400, "UgyldigForesporsel", 0, "synligFra");
    dlg_reply_free(&r);
}

static void d63_read_before_import(void)
{
    json_t *b = historic("VARSEL", "læst i det gamle system");
    json_object_set_new(b, "lestAvInnbygger", json_string("2019-05-02T08:00:00+02:00"));
    char id[37];
    CHECK_EQ_INT(import(T_14700, b, id, NULL), 201);
    struct dlg_reply r;
    char path[128];
    snprintf(path, sizeof path, "/meg/dialoger/%s", id);
    dlg_call(U_B1, "GET", path, NULL, &r);
    json_t *lest = dlg_mark_of(r.json, "LEST", "INNBYGGER"), *vist = dlg_mark_of(r.json, "VIST", "INNBYGGER");
    CHECK_EQ_INT(json_integer_value(json_object_get(lest, "kode")), 1);
    CHECK_EQ_STR(json_string_value(json_object_get(lest, "forsteTidspunkt")), "2019-05-02T06:00:00.000Z");
    CHECK_EQ_STR(json_string_value(json_object_get(vist, "forsteTidspunkt")), "2019-05-02T06:00:00.000Z");
    CHECK_EQ_STR(json_string_value(json_object_get(lest, "kilde")), "HISTORISK_IMPORT");
    dlg_reply_free(&r);
}

static void d64_historic_statuses(void)
{
    json_t *b = historic("MYNDIGHET_TIL_MYNDIGHET", "lukket tråd");
    json_object_set_new(b, "mottaker", json_pack("{s:s,s:s}", "kode", "AK1", "type", "AKASSE"));
    json_object_set_new(b, "status", json_string("FEJLOPRETTET"));
    struct dlg_reply r;
    import(T_14700, json_deep_copy(b), NULL, &r);
    CHECK_PROBLEM(&r, 400, "UgyldigStatus", 0, "status");
    dlg_reply_free(&r);
    json_object_set_new(b, "status", json_string("AFSLUTTET"));
    char id[37];
    CHECK_EQ_INT(import(T_14700, b, id, NULL), 201);
    char path[128];
    snprintf(path, sizeof path, "/dialoger/%s", id);
    dlg_call(T_14700, "GET", path, NULL, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "status"), "AFSLUTTET");
    json_t *h = dlg_get(r.json, "statushistorikk");
    CHECK_EQ_INT(json_array_size(h), 1);
    CHECK(json_is_null(dlg_get(h, "0.fra")));
    CHECK_EQ_STR(json_string_value(dlg_get(h, "0.til")), "AFSLUTTET");
    CHECK_EQ_STR(json_string_value(dlg_get(h, "0.kilde")), "HISTORISK_IMPORT");
    CHECK_EQ_STR(json_string_value(dlg_get(h, "0.tidspunkt")), "2019-05-01T08:00:00.000Z");
    dlg_reply_free(&r);
}

static void oslo_date(long days, char *out, size_t n)
{
    time_t t = time(NULL) + days * 86400;
    char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
    setenv("TZ", "Europe/Oslo", 1);
    tzset();
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%d", &tm);
    if (old) {
        setenv("TZ", old, 1);
        free(old);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

static void d65_historic_reply(void)
{
    json_t *b = historic("MYNDIGHET_TIL_MYNDIGHET", "gammel tråd");
    json_object_set_new(b, "mottaker", json_pack("{s:s,s:s}", "kode", "AK1", "type", "AKASSE"));
    json_object_set_new(b, "svartype", json_string("INNBYGGER_OG_SAKSBEHANDLER"));
    char id[37], today[16], tomorrow[16], path[128];
    CHECK_EQ_INT(import(T_14700, b, id, NULL), 201);
    oslo_date(0, today, sizeof today);
    oslo_date(1, tomorrow, sizeof tomorrow);
    long before = unread(U_B1);
    snprintf(path, sizeof path, "/historikk/dialoger/%s/svar", id);
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", path, json_pack("{s:s,s:s}", "tekst", "svar", "hendelsesdag", tomorrow), &r);
    CHECK_PROBLEM(&r, 400, "HendelsesdagIFremtiden", 0, "hendelsesdag");
    dlg_reply_free(&r);
    dlg_call_json(T_14700, "POST", path, json_pack("{s:s,s:s}", "tekst", "svar", "hendelsesdag", today), &r);
    CHECK_EQ_INT(r.status, 201);
    dlg_reply_free(&r);
    dlg_call_json(T_14700, "POST", path, json_pack("{s:s,s:s}", "tekst", "svar", "hendelsesdag", "2019-13-01"), &r);
    CHECK_PROBLEM(&r, 400, "UgyldigForesporsel", 0, "hendelsesdag");
    dlg_reply_free(&r);
    CHECK_EQ_INT(unread(U_B1), before);
    snprintf(path, sizeof path, "/dialoger/%s", id);
    dlg_call(T_14700, "GET", path, NULL, &r);
    CHECK_EQ_INT(json_array_size(dlg_get(r.json, "svar")), 1);
    CHECK(json_is_true(dlg_get(r.json, "svar.0.historisk")));
    CHECK(json_is_null(dlg_get(r.json, "levering")));
    dlg_reply_free(&r);
}

/* ---- The bell and replay, on the stopped server's database ---- */

static char bell_id[37], hidden_id[37];

static void bell_dialogs_are_created(void)
{
    static const char pdf[] = "%PDF-1.7 replay";
    struct dlg_reply up;
    dlg_upload(T_14700, "klokke.pdf", "application/pdf", pdf, sizeof pdf - 1, &up);
    CHECK_EQ_INT(up.status, 201);
    json_t *b = dlg_body(B1, "VARSEL", "ring med klokken");
    json_object_set_new(b, "vedlegg", json_pack("[s]", dlg_get_str(&up, "id")));
    dlg_reply_free(&up);
    CHECK_EQ_INT(dlg_create(T_14700, b, bell_id), 201);
    b = dlg_m2m_body(B1, "AK1", "AKASSE", "SAKSBEHANDLER");
    json_object_set_new(b, "visIInnboks", json_false());
    json_object_set_new(b, "tittel", json_string("skjult"));
    CHECK_EQ_INT(dlg_create(T_14700, b, hidden_id), 201);
    dlg_bb_stop();
}

struct bell_read {
    const char *ident;
    json_t *items;
    int64_t unread;
};

static int read_bell(struct store_tx *tx, void *arg)
{
    struct bell_read *b = arg;
    b->unread = api_dialog_bell(tx, b->ident, false, (int64_t)time(NULL) * 1000000, b->items);
    return b->unread < 0 ? -1 : 0;
}

static json_t *bell(const char *ident, int64_t *unread_out)
{
    char *err = NULL;
    struct store *s = store_open(bb_db_url(), &err);
    CHECK(s != NULL);
    struct bell_read b = {.ident = ident, .items = json_array()};
    CHECK_EQ_INT(s ? store_read(s, read_bell, &b) : -1, 0);
    store_close(s);
    free(err);
    *unread_out = b.unread;
    return b.items;
}

static json_t *item(json_t *items, const char *id)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (strcmp(json_string_value(json_object_get(it, "dialogId")), id) == 0)
            return it;
    }
    return NULL;
}

static void d66_dialog_in_the_bell(void)
{
    int64_t n1 = 0, n2 = 0;
    json_t *items = bell(B1, &n1);
    json_t *it = item(items, bell_id);
    CHECK(it != NULL);
    CHECK_EQ_STR(json_string_value(json_object_get(it, "__typename")), "Dialogvarsel");
    CHECK_EQ_STR(json_string_value(json_object_get(it, "tittel")), "En besked");
    CHECK_EQ_STR(json_string_value(json_object_get(it, "avsenderNavn")), "Jobcenter Frederiksberg");
    CHECK(json_is_false(json_object_get(it, "lest")));
    CHECK(n1 >= 1);
    json_decref(items);
    /* B1 reads it: the item is read and the count one lower */
    CHECK_EQ_INT(dlg_bb_restart(), 0);
    char path[128];
    snprintf(path, sizeof path, "/meg/dialoger/%s/markeringer", bell_id);
    struct dlg_reply r;
    dlg_call_json(U_B1, "POST", path, json_pack("{s:s}", "type", "LEST"), &r);
    CHECK_EQ_INT(r.status, 200);
    dlg_reply_free(&r);
    dlg_bb_stop();
    items = bell(B1, &n2);
    CHECK(json_is_true(json_object_get(item(items, bell_id), "lest")));
    CHECK_EQ_INT(n2, n1 - 1);
    json_decref(items);
}

static void d67_only_ones_own_dialogs_ring(void)
{
    int64_t n = 0;
    json_t *items = bell(B2, &n);
    CHECK_EQ_INT(json_array_size(items), 0);
    CHECK_EQ_INT(n, 0);
    json_decref(items);
    items = bell(B1, &n);
    CHECK(item(items, bell_id) != NULL);
    CHECK(item(items, hidden_id) == NULL);
    json_decref(items);
}

/* budstikke replay empties every read model and folds the log in again:
 * every table comes back exactly (the attachment bytes are no read model
 * and stay as they are). */
static void replay_rebuilds_the_same_tables(void)
{
    char *before = bb_db_dump_read_models();
    CHECK(strstr(before, "ring med klokken") != NULL && strstr(before, "klokke.pdf") != NULL);
    char out[4096];
    const char *args[] = {bb_binary, "replay", "--db", bb_db_url(), NULL};
    CHECK_EQ_INT(bb_run_binary(args, out, sizeof out), 0);
    CHECK_CONTAINS(out, "replayed");
    char *after = bb_db_dump_read_models();
    CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);
}

static const struct check_case cases[] = {
    {"start", start},
    {"d61_nothing_is_sent", d61_nothing_is_sent},
    {"d62_visible_from_not_after_today", d62_visible_from_not_after_today},
    {"d63_read_before_import", d63_read_before_import},
    {"d64_historic_statuses", d64_historic_statuses},
    {"d65_historic_reply", d65_historic_reply},
    {"bell_dialogs_are_created", bell_dialogs_are_created},
    {"d66_dialog_in_the_bell", d66_dialog_in_the_bell},
    {"d67_only_ones_own_dialogs_ring", d67_only_ones_own_dialogs_ring},
    {"replay_rebuilds_the_same_tables", replay_rebuilds_the_same_tables},
};

CHECK_MAIN("blackbox/dialog_import", cases)
