/* Input fields that creates, replies and historic imports share: the link
 * element, the acting person, attachment ids, texts and eksternId. */
#include "api/dialog/internal.h"
#include "base/uuid.h"
#include "domain/dialog/vedlegg.h"
#include "domain/oslo_time.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static int bad_link(struct dlg_err *e, const char *felt, const char *why)
{
    return dlg_fail(e, 400, "UgyldigLenke", felt, "%s: %s", felt, why);
}

static int parse_link_text(json_t *l, const char *key, struct dom_lenke_tekst *out,
                           struct dlg_err *e)
{
    json_t *t = json_object_get(l, key);
    char felt[48];
    snprintf(felt, sizeof felt, "lenke.%s", key);
    *out = (struct dom_lenke_tekst){0};
    if (!t || json_is_null(t))
        return 0;
    if (!json_is_object(t))
        return bad_link(e, felt, "må være et objekt med lang og tekst");
    static const char *const members[] = {"lang", "tekst", NULL};
    if (dlg_only_members(t, members, "", e) != 0) {
        char unknown[96];
        snprintf(unknown, sizeof unknown, "lenke.%s.%.40s", key, e->felt);
        return bad_link(e, unknown, "ukjent felt");
    }
    json_t *lang = json_object_get(t, "lang"), *tekst = json_object_get(t, "tekst");
    snprintf(felt, sizeof felt, "lenke.%s.tekst", key);
    if (!json_is_string(tekst))
        return bad_link(e, felt, "mangler");
    out->tekst = json_string_value(tekst);
    snprintf(felt, sizeof felt, "lenke.%s.lang", key);
    if (!json_is_string(lang))
        return bad_link(e, felt, "mangler");
    out->lang = json_string_value(lang);
    return 0;
}

int dlg_parse_lenke(json_t *body, struct dlg_lenke_in *out, struct dlg_err *e)
{
    json_t *l = json_object_get(body, "lenke");
    *out = (struct dlg_lenke_in){0};
    if (!l || json_is_null(l))
        return 0;
    if (!json_is_object(l))
        return bad_link(e, "lenke", "må være et objekt");
    static const char *const members[] = {"url", "beskrivelse", "knappTekst", "frist", NULL};
    if (dlg_only_members(l, members, "lenke.", e) != 0) {
        char felt[96];
        snprintf(felt, sizeof felt, "%s", e->felt);
        return bad_link(e, felt, "ukjent felt");
    }
    out->present = true;
    json_t *url = json_object_get(l, "url");
    if (!json_is_string(url))
        return bad_link(e, "lenke.url", "må være en tekst");
    out->lenke.url = json_string_value(url);
    if (parse_link_text(l, "beskrivelse", &out->lenke.beskrivelse, e) != 0 ||
        parse_link_text(l, "knappTekst", &out->lenke.knapp_tekst, e) != 0)
        return -1;
    json_t *frist = json_object_get(l, "frist");
    if (frist && !json_is_null(frist)) {
        out->lenke.har_frist = true;
        if (!json_is_string(frist) || !dom_parse_datetime(json_string_value(frist), &out->lenke.frist_us))
            return bad_link(e, "lenke.frist", "må være et ISO 8601-tidspunkt");
    }
    return 0;
}

int dlg_check_lenke(const struct dlg_lenke_in *in, int64_t now, bool historic, struct dlg_err *e)
{
    if (!in->present)
        return 0;
    const char *felt = dom_lenke_feil(&in->lenke, now, historic);
    if (!felt)
        return 0;
    static const struct {
        const char *felt;
        const char *why;
    } reasons[] = {
        {"lenke.url", "må begynne med http:// eller https://, uten mellomrom, høyst 1023 tegn"},
        {"lenke.beskrivelse.tekst", "1 til 70 tegn"},
        {"lenke.beskrivelse.lang", "språkkode med 2 bokstaver (ISO 639-1)"},
        {"lenke.knappTekst.tekst", "1 til 30 tegn"},
        {"lenke.knappTekst.lang", "språkkode med 2 bokstaver (ISO 639-1)"},
        {"lenke.frist", "fristen må være i fremtiden"},
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (strcmp(reasons[i].felt, felt) == 0)
            return bad_link(e, felt, reasons[i].why);
    return bad_link(e, felt, "ugyldig");
}

static json_t *link_text_json(const struct dom_lenke_tekst *t)
{
    return json_pack("{s:s,s:s}", "lang", t->lang, "tekst", t->tekst);
}

json_t *dlg_lenke_event(const struct dlg_lenke_in *in)
{
    if (!in->present)
        return NULL;
    const struct dom_lenke *l = &in->lenke;
    json_t *v = json_pack("{s:s}", "url", l->url);
    if (l->beskrivelse.tekst)
        json_object_set_new(v, "beskrivelse", link_text_json(&l->beskrivelse));
    if (l->knapp_tekst.tekst)
        json_object_set_new(v, "knappTekst", link_text_json(&l->knapp_tekst));
    if (l->har_frist)
        json_object_set_new(v, "fristUs", json_integer(l->frist_us));
    return v;
}

int dlg_parse_person(json_t *body, json_t **out, struct dlg_err *e)
{
    json_t *p = json_object_get(body, "avsenderPerson");
    *out = NULL;
    if (!p || json_is_null(p))
        return 0;
    static const char *const members[] = {"type", "ident", "navn", NULL};
    static const char *const types[] = {"SAKSBEHANDLER", "KONTAKTPERSON", "SYSTEM"};
    if (!json_is_object(p))
        return dlg_fail(e, 400, "UgyldigForesporsel", "avsenderPerson", "'avsenderPerson' må være et objekt");
    if (dlg_only_members(p, members, "avsenderPerson.", e) != 0)
        return -1;
    const char *type = json_string_value(json_object_get(p, "type"));
    bool known = false;
    for (int i = 0; type && i < 3; i++)
        known = known || strcmp(type, types[i]) == 0;
    if (!known)
        return dlg_fail(e, 400, "UgyldigForesporsel", "avsenderPerson.type",
                        "avsenderPerson.type må være SAKSBEHANDLER, KONTAKTPERSON eller SYSTEM");
    const char *keys[] = {"ident", "navn"};
    for (int i = 0; i < 2; i++) {
        json_t *v = json_object_get(p, keys[i]);
        if (v && !json_is_null(v) && (!json_is_string(v) || json_string_length(v) > 255)) {
            char felt[40];
            snprintf(felt, sizeof felt, "avsenderPerson.%s", keys[i]);
            return dlg_fail(e, 400, "UgyldigForesporsel", felt, "%s må være en tekst på høyst 255 tegn", felt);
        }
    }
    *out = json_pack("{s:s}", "type", type);
    for (int i = 0; i < 2; i++)
        if (json_is_string(json_object_get(p, keys[i])))
            json_object_set(*out, keys[i], json_object_get(p, keys[i]));
    return 0;
}

int dlg_check_string_list(json_t *list, const char *key, struct dlg_err *e)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        char felt[48];
        snprintf(felt, sizeof felt, "%s[%zu]", key, i);
        if (!json_is_string(v))
            return dlg_fail(e, 400, "UgyldigForesporsel", felt, "%s må være en tekst", felt);
        for (size_t j = 0; j < i; j++)
            if (json_equal(json_array_get(list, j), v))
                return dlg_fail(e, 400, "UgyldigForesporsel", felt, "%s er oppgitt to ganger", felt);
    }
    return 0;
}

int dlg_parse_vedlegg_ids(json_t *body, json_t **out, struct dlg_err *e)
{
    json_t *ids = json_object_get(body, "vedlegg");
    *out = json_array();
    if (!ids || json_is_null(ids))
        return 0;
    if (!json_is_array(ids) || json_array_size(ids) > DOM_VEDLEGG_PER_EIER)
        return dlg_fail(e, 400, "UgyldigForesporsel", "vedlegg",
                        "'vedlegg' må være en liste med høyst %d id-er", DOM_VEDLEGG_PER_EIER);
    if (dlg_check_string_list(ids, "vedlegg", e) != 0)
        return -1;
    json_array_extend(*out, ids);
    return 0;
}

int dlg_check_vedlegg_owner(struct store_tx *tx, json_t *ids, const char *org, struct dlg_err *e)
{
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) {
        struct store_stmt *st =
            store_prepare(tx, "SELECT lastet_opp_av_org FROM vedlegg WHERE id = ?");
        store_bind_text(st, 1, json_string_value(id));
        bool mine = store_step(st) == STORE_ROW && strcmp(store_column_text(st, 0), org) == 0;
        if (!mine) {
            char felt[48];
            snprintf(felt, sizeof felt, "vedlegg[%zu]", i);
            return dlg_fail(e, 404, "UkjentVedlegg", felt, "Ukjent vedlegg %s", json_string_value(id));
        }
    }
    return 0;
}

static bool blank(const char *s)
{
    return strspn(s, " \t\r\n") == strlen(s);
}

int dlg_check_tekst(const char *felt, const char *text, size_t max, const char *what,
                    struct dlg_err *e)
{
    if (blank(text))
        return dlg_fail(e, 400, "TomTekst", felt, "'%s' kan ikke være tom", felt);
    size_t n = dom_codepoints(text, strlen(text));
    if (n > max)
        return dlg_fail(e, 400, strcmp(felt, "tittel") == 0 ? "TittelForLang" : "TekstForLang",
                        felt, "%s tillater %zu tegn, fikk %zu", what, max, n);
    return 0;
}

int dlg_parse_ekstern_id(json_t *body, const char **out, struct dlg_err *e)
{
    if (dlg_opt_string(body, "eksternId", out, e) != 0)
        return -1;
    size_t n = *out ? dom_codepoints(*out, strlen(*out)) : 1;
    if (n < 1 || n > 128)
        return dlg_fail(e, 400, "UgyldigForesporsel", "eksternId", "eksternId må ha 1 til 128 tegn");
    return 0;
}

bool dlg_after_today(int64_t instant, int64_t now)
{
    struct dom_local a, b;
    dom_oslo_instant_to_local(instant, &a);
    dom_oslo_instant_to_local(now, &b);
    int da = a.year * 10000 + a.month * 100 + a.day, db = b.year * 10000 + b.month * 100 + b.day;
    return da > db;
}
