/* The dialog module's pure rules: identifiers, channel limits, statuses,
 * letter secrecy, the link element and its DPI XML, links in text, and
 * attachment checks; each on both sides of its limit. */
#include "check.h"
#include "dialog_bb.h"
#include "domain/dialog/ident.h"
#include "domain/dialog/kanal.h"
#include "domain/dialog/lenke.h"
#include "domain/dialog/maskering.h"
#include "domain/dialog/status.h"
#include "domain/dialog/tekstlenker.h"
#include "domain/dialog/vedlegg.h"
#include "domain/oslo_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void idents_fnr_and_cpr(void)
{
    CHECK(dom_ident_gyldig("0101901234")); /* CPR: 1 January */
    CHECK(dom_ident_gyldig("2902901234")); /* 29 February */
    CHECK(dom_ident_gyldig("0000000000"));
    CHECK(!dom_ident_gyldig("3002901234")); /* 30 February */
    CHECK(!dom_ident_gyldig("0113901234")); /* month 13 */
    CHECK(!dom_ident_gyldig("12345"));
    CHECK(!dom_ident_gyldig("01019O1234"));
    CHECK(!dom_ident_gyldig(""));
    CHECK(dom_ident_gyldig("16120101181"));  /* fødselsnummer, both control digits */
    CHECK(!dom_ident_gyldig("16120101182")); /* second control digit wrong */
    CHECK(!dom_ident_gyldig("16120101191")); /* first control digit wrong */
    CHECK(!dom_ident_gyldig("161201011810"));
}

static void channel_limits_in_code_points(void)
{
    static const struct {
        const char *name;
        size_t max;
    } limits[] = {{"SMS", 160}, {"EPOST", 2000}, {"VARSEL", 500}, {"MYNDIGHET_TIL_MYNDIGHET", 2000}};
    for (size_t i = 0; i < 4; i++) {
        enum dom_kanal k;
        CHECK(dom_kanal_parse(limits[i].name, &k));
        CHECK_EQ_INT(dom_kanal_tekst_maks(k), limits[i].max);
        CHECK_EQ_STR(dom_kanal_name(k), limits[i].name);
    }
    enum dom_kanal k;
    CHECK(dom_kanal_parse("3", &k) && k == DOM_KANAL_VARSEL);
    CHECK(dom_kanal_parse("4", &k) && k == DOM_KANAL_M2M);
    CHECK(!dom_kanal_parse("sms", &k));
    CHECK(dom_kanal_enveis(DOM_KANAL_SMS) && !dom_kanal_enveis(DOM_KANAL_M2M));
    char *oe = dlg_repeat("ø", 160);
    CHECK_EQ_INT(dom_codepoints(oe, strlen(oe)), 160);
    CHECK_EQ_INT(strlen(oe), 320);
    CHECK_EQ_INT(dom_codepoints("\xF0\x9F\x98\x80", 4), 1);
    CHECK(dom_codepoints("\xC3", 1) == (size_t)-1);
    CHECK(dom_codepoints("\xED\xA0\x80", 3) == (size_t)-1); /* a surrogate */
    free(oe);
}

static void reply_policies(void)
{
    enum dom_svartype s;
    CHECK(dom_svartype_parse("INGEN", &s) && !dom_svartype_tillater_org(s));
    CHECK(dom_svartype_parse("SAKSBEHANDLER", &s) && dom_svartype_tillater_org(s) &&
          !dom_svartype_tillater_innbygger(s));
    CHECK(dom_svartype_parse("INNBYGGER_OG_SAKSBEHANDLER", &s) && dom_svartype_tillater_org(s) &&
          dom_svartype_tillater_innbygger(s));
    CHECK(!dom_svartype_parse("BORGER", &s));
}

static void status_machine(void)
{
    enum dom_status to;
    CHECK_EQ_INT(dom_dialog_statusendring(DOM_STATUS_AKTIV, "AFSLUTTET", &to), DOM_ENDRING_OK);
    CHECK_EQ_INT(dom_dialog_statusendring(DOM_STATUS_AKTIV, "FEJLOPRETTET", &to), DOM_ENDRING_OK);
    CHECK_EQ_INT(dom_dialog_statusendring(DOM_STATUS_AFSLUTTET, "FEJLOPRETTET", &to), DOM_ENDRING_OK);
    CHECK_EQ_INT(dom_dialog_statusendring(DOM_STATUS_AFSLUTTET, "AFSLUTTET", &to), DOM_ENDRING_SAMME);
    CHECK_EQ_INT(dom_dialog_statusendring(DOM_STATUS_FEJLOPRETTET, "AFSLUTTET", &to),
                 DOM_ENDRING_OVERGANG);
    CHECK_EQ_INT(dom_dialog_statusendring(DOM_STATUS_AKTIV, "AKTIV", &to), DOM_ENDRING_UGYLDIG);
    CHECK_EQ_INT(dom_dialog_statusendring(DOM_STATUS_AKTIV, "LEST", &to), DOM_ENDRING_UGYLDIG);
    CHECK_EQ_INT(dom_dialog_statusendring(DOM_STATUS_AKTIV, NULL, &to), DOM_ENDRING_UGYLDIG);
    CHECK_EQ_INT(dom_svar_statusendring(DOM_STATUS_AKTIV, "FEJLOPRETTET", &to), DOM_ENDRING_OK);
    CHECK_EQ_INT(dom_svar_statusendring(DOM_STATUS_AKTIV, "AFSLUTTET", &to), DOM_ENDRING_UGYLDIG);
    CHECK_EQ_INT(dom_svar_statusendring(DOM_STATUS_FEJLOPRETTET, "FEJLOPRETTET", &to),
                 DOM_ENDRING_SAMME);
    CHECK(dom_historisk_status("AFSLUTTET", &to) && dom_historisk_status("AKTIV", &to));
    CHECK(!dom_historisk_status("FEJLOPRETTET", &to));
    CHECK(dom_dialog_aapen(DOM_STATUS_AKTIV) && !dom_dialog_aapen(DOM_STATUS_AFSLUTTET));
}

static void masking_per_viewer(void)
{
    struct dom_party ak1 = {"AK1", DOM_ORG_AKASSE}, jc = {"14700", DOM_ORG_JOBCENTER},
                     jc2 = {"10100", DOM_ORG_JOBCENTER}, star = {"STAR", DOM_ORG_STAR},
                     ak2 = {"AK2", DOM_ORG_AKASSE}, v = {"12345678", DOM_ORG_VIRKSOMHET};
    CHECK(!dom_fullt_innhold(&jc, &ak1, NULL));  /* a-kasse notice: jobcenter outsider */
    CHECK(dom_fullt_innhold(&ak1, &ak1, NULL));
    CHECK(dom_fullt_innhold(&jc, &ak1, &jc));     /* receiver */
    CHECK(!dom_fullt_innhold(&jc2, &ak1, &jc));   /* another jobcenter */
    CHECK(dom_fullt_innhold(&star, &ak1, &jc));   /* all jobcentres are one for STAR */
    CHECK(dom_fullt_innhold(&star, &ak2, &jc2));
    CHECK(!dom_fullt_innhold(&star, &ak1, NULL));
    CHECK(!dom_fullt_innhold(&star, &ak1, &v));
    CHECK(dom_fullt_innhold(&star, &star, &ak1));
    CHECK(!dom_fullt_innhold(&ak1, &star, &ak2));
    CHECK_EQ_STR(dom_maskert_tittel(DOM_ORG_VIRKSOMHET), "Besked fra virksomhed");
    CHECK_EQ_STR(dom_maskert_tittel(DOM_ORG_JOBCENTER), "Besked fra jobcenter");
    CHECK_EQ_STR(dom_maskert_tittel(DOM_ORG_AKASSE), "Besked fra a-kasse");
    CHECK_EQ_STR(dom_maskert_tittel(DOM_ORG_STAR),
                 "Besked fra Styrelsen for arbejdsmarked og rekrutteringsstyrelsen");
    CHECK_EQ_STR(DOM_MASKERT_TEKST, "Du må ikke få adgang til indholdet i denne besked. Det "
                                    "skyldes reglerne om brevhemmelig i Straffeloven.");
    CHECK(dom_hovedjobcenter("14700") && !dom_hovedjobcenter("14701") && !dom_hovedjobcenter("00"));
}

static void link_element_limits(void)
{
    int64_t now = 1700000000000000;
    char *b70 = dlg_repeat("å", 70), *b71 = dlg_repeat("å", 71), *k30 = dlg_repeat("k", 30),
         *k31 = dlg_repeat("k", 31);
    struct dom_lenke l = {.url = "https://www.avsender.no/svar",
                          .beskrivelse = {b70, "nb"},
                          .knapp_tekst = {k30, "nb"},
                          .har_frist = true,
                          .frist_us = now + 1};
    CHECK(dom_lenke_feil(&l, now, false) == NULL);
    l.beskrivelse.tekst = b71;
    CHECK_EQ_STR(dom_lenke_feil(&l, now, false), "lenke.beskrivelse.tekst");
    l.beskrivelse.tekst = "";
    CHECK_EQ_STR(dom_lenke_feil(&l, now, false), "lenke.beskrivelse.tekst");
    l.beskrivelse = (struct dom_lenke_tekst){"Hei", "nob"};
    CHECK_EQ_STR(dom_lenke_feil(&l, now, false), "lenke.beskrivelse.lang");
    l.beskrivelse = (struct dom_lenke_tekst){"Hei\x01", "nb"};
    CHECK_EQ_STR(dom_lenke_feil(&l, now, false), "lenke.beskrivelse.tekst");
    l.beskrivelse = (struct dom_lenke_tekst){NULL, NULL};
    l.knapp_tekst.tekst = k31;
    CHECK_EQ_STR(dom_lenke_feil(&l, now, false), "lenke.knappTekst.tekst");
    l.knapp_tekst = (struct dom_lenke_tekst){"Svar", NULL};
    CHECK_EQ_STR(dom_lenke_feil(&l, now, false), "lenke.knappTekst.lang");
    l.knapp_tekst = (struct dom_lenke_tekst){NULL, NULL};
    const char *bad_urls[] = {"ftp://x.no", "javascript:alert(1)", "data:text/html,x", "/relative",
                              "https://", "https://a b.no", NULL};
    for (int i = 0; bad_urls[i]; i++) {
        l.url = bad_urls[i];
        CHECK_EQ_STR(dom_lenke_feil(&l, now, false), "lenke.url");
    }
    l.url = "HTTP://x.no";
    CHECK(dom_lenke_feil(&l, now, false) == NULL);
    l.frist_us = now;
    CHECK_EQ_STR(dom_lenke_feil(&l, now, false), "lenke.frist");
    CHECK(dom_lenke_feil(&l, now, true) == NULL);
    free(b70);
    free(b71);
    free(k30);
    free(k31);
}

static void link_xml_is_escaped_and_ordered(void)
{
    int64_t frist;
    CHECK(dom_parse_datetime("2017-10-01T12:00:00+02:00", &frist));
    struct dom_lenke l = {.url = "https://www.avsender.no/svar?a=1&b=<2>",
                          .beskrivelse = {"Svar \"nå\" & 'straks'", "nb"},
                          .knapp_tekst = {"Svar", "nb"},
                          .har_frist = true,
                          .frist_us = frist};
    struct nt_buf b;
    nt_buf_init(&b, 0);
    dom_lenke_xml(&l, &b);
    CHECK_EQ_STR(nt_buf_str(&b),
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<lenke xmlns=\"http://begrep.difi.no/sdp/utvidelser/lenke\">\n"
                 "  <url>https://www.avsender.no/svar?a=1&amp;b=&lt;2&gt;</url>\n"
                 "  <beskrivelse lang=\"nb\">Svar &quot;nå&quot; &amp; &apos;straks&apos;</beskrivelse>\n"
                 "  <knappTekst lang=\"nb\">Svar</knappTekst>\n"
                 "  <frist>2017-10-01T12:00:00+02:00</frist>\n"
                 "</lenke>\n");
    nt_buf_reset(&b);
    struct dom_lenke bare = {.url = "https://x.no"};
    dom_lenke_xml(&bare, &b);
    CHECK(!strstr(nt_buf_str(&b), "beskrivelse") && !strstr(nt_buf_str(&b), "frist"));
    nt_buf_free(&b);
    char winter[40];
    CHECK(dom_parse_datetime("2026-12-24T11:00:00Z", &frist));
    dom_lenke_format_frist(frist, winter, sizeof winter);
    CHECK_EQ_STR(winter, "2026-12-24T12:00:00+01:00");
}

struct collected {
    char out[1024];
};

static void collect(const struct dom_tekstdel *d, void *ud)
{
    struct collected *c = ud;
    size_t n = strlen(c->out);
    if (d->lenke)
        snprintf(c->out + n, sizeof c->out - n, "{L:%.*s|%.*s}", (int)d->tekst_len, d->tekst,
                 (int)d->url_len, d->url);
    else
        snprintf(c->out + n, sizeof c->out - n, "{T:%.*s}", (int)d->tekst_len, d->tekst);
}

static const char *parts(const char *text, struct collected *c)
{
    c->out[0] = '\0';
    dom_tekstlenker(text, collect, c);
    return c->out;
}

static void links_in_text(void)
{
    struct collected c;
    CHECK_EQ_STR(parts("Se [din plan](https://jobnet.dk/plan) og [x] (https://a.dk) og "
                       "[y](javascript:alert(1)) <b>fed</b>", &c),
                 "{T:Se }{L:din plan|https://jobnet.dk/plan}{T: og [x] (https://a.dk) og "
                 "[y](javascript:alert(1)) <b>fed</b>}");
    CHECK_EQ_STR(parts("[a](http://a.dk)[b](https://b.dk)", &c), "{L:a|http://a.dk}{L:b|https://b.dk}");
    CHECK_EQ_STR(parts("[](https://a.dk)", &c), "{T:[](https://a.dk)}");
    CHECK_EQ_STR(parts("[a](https://)", &c), "{T:[a](https://)}");
    CHECK_EQ_STR(parts("[a](https://a.dk/x y)", &c), "{T:[a](https://a.dk/x y)}");
    CHECK_EQ_STR(parts("[a\nb](https://a.dk)", &c), "{T:[a\nb](https://a.dk)}");
    CHECK_EQ_STR(parts("[ [b](https://b.dk)", &c), "{L: [b|https://b.dk}");
    CHECK_EQ_STR(parts("", &c), "");
    char text[300];
    char *t200 = dlg_repeat("t", 200), *t201 = dlg_repeat("t", 201);
    snprintf(text, sizeof text, "[%s](https://a.dk)", t200);
    CHECK(strstr(parts(text, &c), "{L:"));
    snprintf(text, sizeof text, "[%s](https://a.dk)", t201);
    CHECK(!strstr(parts(text, &c), "{L:"));
    free(t200);
    free(t201);
}

static void attachment_types_and_names(void)
{
    enum dom_medietype t;
    CHECK(dom_vedlegg_medietype("application/pdf", &t) && t == DOM_MEDIE_PDF);
    CHECK(dom_vedlegg_medietype("Application/XML; charset=utf-8", &t) && t == DOM_MEDIE_XML);
    CHECK(dom_vedlegg_medietype("text/xml", &t) && t == DOM_MEDIE_XML);
    CHECK(!dom_vedlegg_medietype("image/png", &t));
    CHECK(!dom_vedlegg_medietype("application/pdfx", &t));
    CHECK(dom_vedlegg_filnavn_gyldig("tilbud.pdf", DOM_MEDIE_PDF));
    CHECK(dom_vedlegg_filnavn_gyldig("Indstilling æøå.PDF", DOM_MEDIE_PDF));
    CHECK(!dom_vedlegg_filnavn_gyldig("tilbud.xml", DOM_MEDIE_PDF));
    CHECK(!dom_vedlegg_filnavn_gyldig("../etc/passwd.pdf", DOM_MEDIE_PDF));
    CHECK(!dom_vedlegg_filnavn_gyldig("a\\b.pdf", DOM_MEDIE_PDF));
    CHECK(!dom_vedlegg_filnavn_gyldig("c:x.pdf", DOM_MEDIE_PDF));
    CHECK(!dom_vedlegg_filnavn_gyldig("CON.pdf", DOM_MEDIE_PDF));
    CHECK(!dom_vedlegg_filnavn_gyldig("a\x01.pdf", DOM_MEDIE_PDF));
    CHECK(!dom_vedlegg_filnavn_gyldig(".pdf", DOM_MEDIE_PDF));
    CHECK(!dom_vedlegg_filnavn_gyldig(NULL, DOM_MEDIE_PDF));
    char *n251 = dlg_repeat("n", 251), *n252 = dlg_repeat("n", 252);
    char name[300];
    snprintf(name, sizeof name, "%s.pdf", n251);
    CHECK(dom_vedlegg_filnavn_gyldig(name, DOM_MEDIE_PDF));
    snprintf(name, sizeof name, "%s.pdf", n252);
    CHECK(!dom_vedlegg_filnavn_gyldig(name, DOM_MEDIE_PDF));
    free(n251);
    free(n252);
}

static bool ok(enum dom_medietype t, const char *bytes)
{
    return dom_vedlegg_innhold_gyldig(t, (const unsigned char *)bytes, strlen(bytes));
}

static void attachment_content_sniffing(void)
{
    CHECK(ok(DOM_MEDIE_PDF, "%PDF-1.7\n..."));
    CHECK(!ok(DOM_MEDIE_PDF, "GIF89a"));
    CHECK(!ok(DOM_MEDIE_PDF, ""));
    char late[1100];
    memset(late, ' ', sizeof late);
    memcpy(late + 1019, "%PDF-", 5);
    late[1099] = '\0';
    CHECK(ok(DOM_MEDIE_PDF, late));
    memset(late, ' ', sizeof late);
    memcpy(late + 1020, "%PDF-", 5);
    late[1099] = '\0';
    CHECK(!ok(DOM_MEDIE_PDF, late));
    CHECK(ok(DOM_MEDIE_XML, "<?xml version=\"1.0\"?><tilbud a=\"1\">æøå</tilbud>"));
    CHECK(ok(DOM_MEDIE_XML, "<a/>"));
    CHECK(!ok(DOM_MEDIE_XML, "<a><b></a>"));
    CHECK(!ok(DOM_MEDIE_XML, "not xml"));
    CHECK(!ok(DOM_MEDIE_XML, "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"));
    CHECK(!ok(DOM_MEDIE_XML, "<!DOCTYPE a SYSTEM \"http://example.test/a.dtd\"><a/>"));
    CHECK(!ok(DOM_MEDIE_XML, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe6</a>"));
    /* UTF-16LE with a byte-order mark */
    const unsigned char le[] = {0xFF, 0xFE, '<', 0, 'a', 0, '/', 0, '>', 0};
    CHECK(dom_vedlegg_innhold_gyldig(DOM_MEDIE_XML, le, sizeof le));
    const unsigned char le_doctype[] = {0xFF, 0xFE, '<', 0, '!', 0, 'D', 0, 'O', 0, 'C', 0,
                                        'T', 0, 'Y', 0, 'P', 0, 'E', 0, ' ', 0, 'a', 0, '>', 0,
                                        '<', 0, 'a', 0, '/', 0, '>', 0};
    CHECK(!dom_vedlegg_innhold_gyldig(DOM_MEDIE_XML, le_doctype, sizeof le_doctype));
}

static const struct check_case cases[] = {
    {"idents_fnr_and_cpr", idents_fnr_and_cpr},
    {"channel_limits_in_code_points", channel_limits_in_code_points},
    {"reply_policies", reply_policies},
    {"status_machine", status_machine},
    {"masking_per_viewer", masking_per_viewer},
    {"link_element_limits", link_element_limits},
    {"link_xml_is_escaped_and_ordered", link_xml_is_escaped_and_ordered},
    {"links_in_text", links_in_text},
    {"attachment_types_and_names", attachment_types_and_names},
    {"attachment_content_sniffing", attachment_content_sniffing},
};

CHECK_MAIN("domain_dialog", cases)
