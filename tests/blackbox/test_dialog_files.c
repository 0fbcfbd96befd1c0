/* Attachments and links over HTTP (dialog.md 4.9-4.10, D52-D60): the
 * 15 MiB limit on both sides, PDF and XML judged by content, the
 * uploader's own uploads, downloads with safe headers; links in notice
 * text; the link element at and over its limits, its DPI XML export
 * validated against the schema with xmllint, and expiry. */
#include "check.h"
#include "dialog_bb.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_BYTES 15728640u

static void start(void)
{
    CHECK_EQ_INT(dlg_bb_start(NULL), 0);
}

static unsigned char *pdf_of(size_t n)
{
    unsigned char *b = malloc(n);
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)('a' + i % 26);
    memcpy(b, "%PDF-1.7\n", 9);
    return b;
}

/* Stored attachments and chunks of bytes, as "n|m". */
static void stored(char *out, size_t n)
{
    bb_db_rows("SELECT (SELECT count(*) FROM vedlegg), (SELECT count(*) FROM vedlegg_innhold)", out, n);
}

static long uploads_on_feed(void)
{
    struct dlg_reply r;
    dlg_call(T_STAR, "GET", "/events?after=0&limit=10000", NULL, &r);
    long n = 0;
    size_t i;
    json_t *e;
    json_array_foreach(dlg_get(r.json, "events"), i, e) {
        n += strcmp(json_string_value(json_object_get(e, "type")), "VedleggLastetOpp") == 0;
    }
    dlg_reply_free(&r);
    return n;
}

static void d52_exactly_15_mib_accepted(void)
{
    unsigned char *bytes = pdf_of(MAX_BYTES);
    char want[65];
    dlg_sha256_hex(bytes, MAX_BYTES, want);
    struct dlg_reply r;
    dlg_upload(T_AK1, "stor fil æ.pdf", "application/pdf", bytes, MAX_BYTES, &r);
    CHECK_EQ_INT(r.status, 201);
    CHECK_EQ_INT(json_integer_value(dlg_get(r.json, "storrelse")), MAX_BYTES);
    CHECK_EQ_STR(dlg_get_str(&r, "sha256"), want);
    CHECK_EQ_STR(dlg_get_str(&r, "medietype"), "application/pdf");
    CHECK_EQ_STR(dlg_get_str(&r, "filnavn"), "stor fil æ.pdf");
    char vid[37];
    snprintf(vid, sizeof vid, "%s", dlg_get_str(&r, "id") ? dlg_get_str(&r, "id") : "");
    dlg_reply_free(&r);
    json_t *b = dlg_body(B1, "VARSEL", "Se vedlagte");
    json_object_set_new(b, "vedlegg", json_pack("[s]", vid));
    char id[37];
    CHECK_EQ_INT(dlg_create(T_AK1, b, id), 201);
    char path[128];
    snprintf(path, sizeof path, "/meg/vedlegg/%s", vid);
    dlg_call(U_B1, "GET", path, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_INT(r.len, MAX_BYTES);
    char got[65];
    dlg_sha256_hex(r.body, r.len, got);
    CHECK_EQ_STR(got, want);
    CHECK_EQ_STR(r.content_type, "application/pdf");
    CHECK_EQ_STR(r.disposition,
                 "attachment; filename=\"stor fil __.pdf\"; filename*=UTF-8''stor%20fil%20%C3%A6.pdf");
    CHECK_EQ_STR(r.nosniff, "nosniff");
    CHECK_EQ_STR(r.csp, "default-src 'none'; sandbox");
    dlg_reply_free(&r);
    free(bytes);
}

static void d53_one_byte_more_refused(void)
{
    char before[64], after[64];
    stored(before, sizeof before);
    CHECK_EQ_STR(before, "1|20\n"); /* d52's 15 MiB: 20 chunks of 768 KiB */
    long events = uploads_on_feed();
    unsigned char *bytes = pdf_of(MAX_BYTES + 1);
    struct dlg_reply r;
    dlg_upload(T_AK1, "for-stor.pdf", "application/pdf", bytes, MAX_BYTES + 1, &r);
    CHECK_PROBLEM(&r, 413, "VedleggForStort", 0, NULL);
    dlg_reply_free(&r);
    free(bytes);
    stored(after, sizeof after);
    CHECK_EQ_STR(after, before);
    CHECK_EQ_INT(uploads_on_feed(), events);
    /* the server still serves after refusing a body unread */
    CHECK_EQ_INT(dlg_count(U_B1, NULL) >= 1, 1);
}

static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF";
static const char xml[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<indstilling><tilbud>Løntilskud"
                          "</tilbud><varighed uger=\"13\"/></indstilling>";

static long upload(enum dlg_party who, const char *name, const char *type, const char *bytes,
                   size_t n, char out[37], struct dlg_reply *keep)
{
    struct dlg_reply r;
    dlg_upload(who, name, type, bytes, n, &r);
    long status = r.status;
    if (out)
        snprintf(out, 37, "%s", dlg_get_str(&r, "id") ? dlg_get_str(&r, "id") : "");
    if (keep)
        *keep = r;
    else
        dlg_reply_free(&r);
    return status;
}

static void d54_pdf_and_xml_together(void)
{
    char p[37], x[37], id[37];
    CHECK_EQ_INT(upload(T_AK1, "tilbud.pdf", "application/pdf", pdf, sizeof pdf - 1, p, NULL), 201);
    CHECK_EQ_INT(upload(T_AK1, "tilbud.xml", "text/xml", xml, sizeof xml - 1, x, NULL), 201);
    json_t *b = dlg_m2m_body(B1, "14700", "JOBCENTER", "SAKSBEHANDLER");
    json_object_set_new(b, "meldingstype", json_integer(11));
    json_object_set_new(b, "vedlegg", json_pack("[s,s]", p, x));
    CHECK_EQ_INT(dlg_create(T_AK1, b, id), 201);
    struct dlg_reply r;
    char path[128];
    snprintf(path, sizeof path, "/dialoger/%s", id);
    dlg_call(T_14700, "GET", path, NULL, &r);
    CHECK_EQ_INT(json_array_size(dlg_get(r.json, "vedlegg")), 2);
    CHECK_EQ_STR(dlg_get_str(&r, "vedlegg.0.medietype"), "application/pdf");
    CHECK_EQ_STR(dlg_get_str(&r, "vedlegg.1.medietype"), "application/xml");
    CHECK_EQ_STR(dlg_get_str(&r, "vedlegg.1.filnavn"), "tilbud.xml");
    dlg_reply_free(&r);
    /* the receiving jobcenter fetches the XML in full */
    snprintf(path, sizeof path, "/vedlegg/%s", x);
    dlg_call(T_14700, "GET", path, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(r.content_type, "application/xml");
    CHECK_EQ_STR(r.body, xml);
    dlg_reply_free(&r);
    /* twenty attachments at most on one item */
    json_t *ids = json_array();
    for (int i = 0; i < 21; i++)
        json_array_append_new(ids, json_sprintf("01890000-0000-7000-8000-0000000000%02d", i));
    b = dlg_body(B1, "VARSEL", "mange");
    json_object_set_new(b, "vedlegg", ids);
    dlg_call_json(T_AK1, "POST", "/dialoger", b, &r);
    CHECK_PROBLEM(&r, 400, "UgyldigForesporsel", 0, "vedlegg");
    dlg_reply_free(&r);
}

static void d55_other_types_refused(void)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
    struct dlg_reply r;
    upload(T_AK1, "billede.png", "image/png", (const char *)png, sizeof png, NULL, &r);
    CHECK_PROBLEM(&r, 415, "VedleggstypeIkkeTillatt", 0, NULL);
    dlg_reply_free(&r);
    upload(T_AK1, "falsk.pdf", "application/pdf", "GIF89a not a pdf", 16, NULL, &r);
    CHECK_PROBLEM(&r, 400, "VedleggInnholdUgyldig", 0, NULL);
    dlg_reply_free(&r);
    const char *doctype = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>";
    upload(T_AK1, "xxe.xml", "application/xml", doctype, strlen(doctype), NULL, &r);
    CHECK_PROBLEM(&r, 400, "VedleggInnholdUgyldig", 0, NULL);
    dlg_reply_free(&r);
    upload(T_AK1, "halv.xml", "application/xml", "<a><b></a>", 10, NULL, &r);
    CHECK_PROBLEM(&r, 400, "VedleggInnholdUgyldig", 0, NULL);
    dlg_reply_free(&r);
    upload(T_AK1, "tom.pdf", "application/pdf", "", 0, NULL, &r);
    CHECK_PROBLEM(&r, 400, "VedleggTomt", 0, NULL);
    dlg_reply_free(&r);
    const char *names[] = {"../../etc/passwd.pdf", "a/b.pdf", "tilbud.xml", "CON.pdf", ""};
    for (int i = 0; i < 5; i++) {
        upload(T_AK1, names[i], "application/pdf", pdf, sizeof pdf - 1, NULL, &r);
        CHECK_PROBLEM(&r, 400, "UgyldigFilnavn", 0, "filnavn");
        dlg_reply_free(&r);
    }
    upload(NO_TOKEN, "a.pdf", "application/pdf", pdf, sizeof pdf - 1, NULL, &r);
    CHECK_EQ_INT(r.status, 401);
    dlg_reply_free(&r);
    dlg_call(T_AK1, "GET", "/vedlegg", NULL, &r);
    CHECK_PROBLEM(&r, 405, "MetodeIkkeTillatt", 0, NULL);
    dlg_reply_free(&r);
}

static void d56_uploads_are_the_uploaders(void)
{
    char v[37];
    CHECK_EQ_INT(upload(T_AK1, "ak1.pdf", "application/pdf", pdf, sizeof pdf - 1, v, NULL), 201);
    json_t *b = dlg_body(B1, "VARSEL", "lånt vedlegg");
    json_object_set_new(b, "vedlegg", json_pack("[s]", v));
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", "/dialoger", b, &r);
    CHECK_PROBLEM(&r, 404, "UkjentVedlegg", 8103, "vedlegg[0]");
    dlg_reply_free(&r);
    b = dlg_body(B1, "VARSEL", "ukendt vedlegg");
    json_object_set_new(b, "vedlegg", json_pack("[s]", "01890000-0000-7000-8000-000000000000"));
    dlg_call_json(T_AK1, "POST", "/dialoger", b, &r);
    CHECK_PROBLEM(&r, 404, "UkjentVedlegg", 8103, "vedlegg[0]");
    dlg_reply_free(&r);
}

/* ---- Links ---- */

static void d57_markdown_links_in_notifications(void)
{
    const char *text = "Se [din plan](https://jobnet.dk/plan) og [x] (https://a.dk) og "
                       "[y](javascript:alert(1)) <b>fed</b>";
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", text), id), 201);
    char path[128];
    snprintf(path, sizeof path, "/meg/dialoger/%s", id);
    struct dlg_reply r;
    dlg_call(U_B1, "GET", path, NULL, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "tekst"), text);
    json_t *parts = dlg_get(r.json, "tekstDeler");
    int links = 0;
    size_t i;
    json_t *p;
    json_array_foreach(parts, i, p) {
        if (!strcmp(json_string_value(json_object_get(p, "type")), "lenke")) {
            links++;
            CHECK_EQ_STR(json_string_value(json_object_get(p, "tekst")), "din plan");
            CHECK_EQ_STR(json_string_value(json_object_get(p, "url")), "https://jobnet.dk/plan");
        }
    }
    CHECK_EQ_INT(links, 1);
    CHECK_EQ_INT(json_array_size(parts), 3);
    CHECK_EQ_STR(json_string_value(dlg_get(parts, "2.verdi")),
                 " og [x] (https://a.dk) og [y](javascript:alert(1)) <b>fed</b>");
    dlg_reply_free(&r);
    /* only tray notices get text parts */
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "EPOST", text), id), 201);
    snprintf(path, sizeof path, "/meg/dialoger/%s", id);
    dlg_call(U_B1, "GET", path, NULL, &r);
    CHECK(dlg_get(r.json, "tekstDeler") == NULL);
    dlg_reply_free(&r);
}

static void iso_in_days(int days, char *out, size_t n)
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *with_link(json_t *lenke)
{
    json_t *b = dlg_body(B1, "VARSEL", "Svar venligst");
    json_object_set_new(b, "lenke", lenke);
    return b;
}

static int xmllint_validates(const char *xml_text)
{
    char file[PATH_MAX + 32], xsd[PATH_MAX + 64], root[PATH_MAX + 32];
    snprintf(file, sizeof file, "%s/lenke.xml", bb_workdir);
    FILE *f = fopen(file, "w");
    if (!f)
        return -1;
    fputs(xml_text, f);
    fclose(f);
    snprintf(root, sizeof root, "%s", bb_binary);
    for (int i = 0; i < 2; i++)
        *strrchr(root, '/') = '\0';
    snprintf(xsd, sizeof xsd, "%s/tests/fixtures/dialog/lenke.xsd", root);
    pid_t pid = fork();
    if (pid == 0) {
        execlp("xmllint", "xmllint", "--noout", "--nonet", "--schema", xsd, file, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void d58_link_accepted_at_its_limits(void)
{
    char frist[40], *b70 = dlg_repeat("b", 67), *k30 = dlg_repeat("k", 27);
    iso_in_days(30, frist, sizeof frist);
    char beskrivelse[128], knapp[64];
    snprintf(beskrivelse, sizeof beskrivelse, "<&%s\"", b70); /* 70 characters, XML's specials */
    snprintf(knapp, sizeof knapp, "Sv%sø", k30);               /* 30 characters */
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700,
                            with_link(json_pack("{s:s,s:{s:s,s:s},s:{s:s,s:s},s:s}", "url",
                                                "https://www.avsender.no/svar?a=1&b=2", "beskrivelse",
                                                "lang", "nb", "tekst", beskrivelse, "knappTekst",
                                                "lang", "nb", "tekst", knapp, "frist", frist)),
                            id),
                 201);
    struct dlg_reply r;
    char path[128];
    snprintf(path, sizeof path, "/meg/dialoger/%s", id);
    dlg_call(U_B1, "GET", path, NULL, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "lenke.url"), "https://www.avsender.no/svar?a=1&b=2");
    CHECK_EQ_STR(dlg_get_str(&r, "lenke.beskrivelse.tekst"), beskrivelse);
    CHECK_EQ_STR(dlg_get_str(&r, "lenke.knappTekst.tekst"), knapp);
    CHECK(json_is_false(dlg_get(r.json, "lenke.utlopt")));
    CHECK(dlg_get_str(&r, "lenke.frist") != NULL);
    dlg_reply_free(&r);
    snprintf(path, sizeof path, "/dialoger/%s/lenke.xml", id);
    dlg_call(T_14700, "GET", path, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_STR(r.content_type, "application/vnd.difi.dpi.lenke+xml");
    CHECK_EQ_INT(xmllint_validates(r.body), 0);
    const char *u = strstr(r.body, "<url>"), *bsk = strstr(r.body, "<beskrivelse lang=\"nb\">"),
               *k = strstr(r.body, "<knappTekst lang=\"nb\">"), *f = strstr(r.body, "<frist>");
    CHECK(u && bsk && k && f && u < bsk && bsk < k && k < f);
    CHECK_CONTAINS(r.body, "xmlns=\"http://begrep.difi.no/sdp/utvidelser/lenke\"");
    CHECK_CONTAINS(r.body, "&lt;&amp;bbb");
    CHECK_CONTAINS(r.body, "?a=1&amp;b=2");
    dlg_reply_free(&r);
    /* the same from an outsider: no content, no link */
    dlg_call(T_AK1, "GET", path, NULL, &r);
    CHECK_PROBLEM(&r, 403, "IngenTilgang", 4575, NULL);
    dlg_reply_free(&r);
    CHECK_EQ_INT(dlg_create(T_14700, dlg_body(B1, "VARSEL", "uden lenke"), id), 201);
    snprintf(path, sizeof path, "/dialoger/%s/lenke.xml", id);
    dlg_call(T_14700, "GET", path, NULL, &r);
    CHECK_PROBLEM(&r, 404, "IkkeFunnet", 0, NULL);
    dlg_reply_free(&r);
    free(b70);
    free(k30);
}

static void refused(json_t *lenke, const char *felt)
{
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", "/dialoger", with_link(lenke), &r);
    CHECK_PROBLEM(&r, 400, "UgyldigLenke", 0, felt);
    dlg_reply_free(&r);
}

static void d59_link_refused(void)
{
    char *b71 = dlg_repeat("b", 71), *k31 = dlg_repeat("k", 31), past[40], future[40];
    iso_in_days(-1, past, sizeof past);
    iso_in_days(1, future, sizeof future);
    const char *url = "https://www.avsender.no/svar";
    refused(json_pack("{s:s,s:{s:s,s:s}}", "url", url, "beskrivelse", "lang", "nb", "tekst", b71),
            "lenke.beskrivelse.tekst");
    refused(json_pack("{s:s,s:{s:s,s:s}}", "url", url, "knappTekst", "lang", "nb", "tekst", k31),
            "lenke.knappTekst.tekst");
    refused(json_pack("{s:s}", "url", "ftp://x.no"), "lenke.url");
    refused(json_pack("{s:s}", "url", "javascript:alert(1)"), "lenke.url");
    refused(json_pack("{s:s,s:{s:s,s:s}}", "url", url, "beskrivelse", "lang", "nob", "tekst", "Hei"),
            "lenke.beskrivelse.lang");
    refused(json_pack("{s:s,s:{s:s,s:s}}", "url", url, "beskrivelse", "lang", "nb", "tekst", ""),
            "lenke.beskrivelse.tekst");
    refused(json_pack("{s:s,s:s}", "url", url, "frist", past), "lenke.frist");
    refused(json_pack("{s:s,s:s}", "url", url, "frist", "i morgen"), "lenke.frist");
    refused(json_pack("{s:s,s:s}", "url", url, "farve", "rød"), "lenke.farve");
    char id[37];
    CHECK_EQ_INT(dlg_create(T_14700, with_link(json_pack("{s:s,s:s}", "url", url, "frist", future)), id),
                 201);
    free(b71);
    free(k31);
}

static void d60_expired_link(void)
{
    char yesterday[40];
    iso_in_days(-1, yesterday, sizeof yesterday);
    json_t *b = with_link(json_pack("{s:s,s:s}", "url", "https://gammel.example/svar", "frist", yesterday));
    json_object_set_new(b, "opprettet", json_string("2019-05-01T10:00:00+02:00"));
    json_object_set_new(b, "synligFra", json_string("2019-05-01T10:00:00+02:00"));
    struct dlg_reply r;
    dlg_call_json(T_14700, "POST", "/historikk/dialoger", b, &r);
    CHECK_EQ_INT(r.status, 201);
    char id[37], path[128];
    snprintf(id, sizeof id, "%s", dlg_get_str(&r, "dialoger.0.id"));
    dlg_reply_free(&r);
    snprintf(path, sizeof path, "/meg/dialoger/%s", id);
    dlg_call(U_B1, "GET", path, NULL, &r);
    CHECK(json_is_true(dlg_get(r.json, "lenke.utlopt")));
    CHECK(json_is_null(dlg_get(r.json, "lenke.url")));
    CHECK(strstr(r.body, "gammel.example") == NULL);
    dlg_reply_free(&r);
}

static void stop(void)
{
    dlg_bb_stop();
}

static const struct check_case cases[] = {
    {"start", start},
    {"d52_exactly_15_mib_accepted", d52_exactly_15_mib_accepted},
    {"d53_one_byte_more_refused", d53_one_byte_more_refused},
    {"d54_pdf_and_xml_together", d54_pdf_and_xml_together},
    {"d55_other_types_refused", d55_other_types_refused},
    {"d56_uploads_are_the_uploaders", d56_uploads_are_the_uploaders},
    {"d57_markdown_links_in_notifications", d57_markdown_links_in_notifications},
    {"d58_link_accepted_at_its_limits", d58_link_accepted_at_its_limits},
    {"d59_link_refused", d59_link_refused},
    {"d60_expired_link", d60_expired_link},
    {"stop", stop},
};

CHECK_MAIN("blackbox/dialog_files", cases)
