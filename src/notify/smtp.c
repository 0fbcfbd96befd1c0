/* E-mail over SMTP with libcurl: one message per notice, an HTML body (a
 * producer's epostHtmlBody) or plain text (a dialog's tekst), subject and
 * body base64-encoded (UTF-8), so producer text cannot inject headers. */
#include "notify/transport.h"

#include "base/buf.h"

#include <curl/curl.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct upload {
    const char *data;
    size_t len, pos;
};

static size_t read_message(char *dst, size_t size, size_t n, void *userdata)
{
    struct upload *u = userdata;
    size_t take = size * n < u->len - u->pos ? size * n : u->len - u->pos;
    memcpy(dst, u->data + u->pos, take);
    u->pos += take;
    return take;
}

static bool has_line_break(const char *s)
{
    return !s || strpbrk(s, "\r\n") != NULL;
}

static void put_base64_lines(struct nt_buf *b, const char *text)
{
    gchar *enc = g_base64_encode((const guchar *)text, strlen(text));
    for (size_t i = 0, n = strlen(enc); i < n; i += 76) {
        nt_buf_append(b, enc + i, n - i < 76 ? n - i : 76);
        nt_buf_puts(b, "\r\n");
    }
    g_free(enc);
}

static void build_message(const struct notify_endpoints *ep, const struct notify_order *o,
                          const char *to, struct nt_buf *b)
{
    const char *subject = json_string_value(json_object_get(o->spec, "epostTittel"));
    const char *html = json_string_value(json_object_get(o->spec, "epostHtmlBody"));
    const char *text = json_string_value(json_object_get(o->spec, "epostTekst")); /* a dialog's */
    const char *body = html ? html : text;
    char date[64];
    time_t secs = (time_t)(o->now_us / 1000000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    gchar *subj = g_base64_encode((const guchar *)(subject ? subject : ""),
                                  subject ? strlen(subject) : 0);
    nt_buf_printf(b,
                  "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nMessage-ID: <%s@budstikke>\r\n"
                  "Subject: =?UTF-8?B?%s?=\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: text/%s; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"
                  "X-Budstikke-Varsel-Id: %s\r\n\r\n",
                  date, ep->smtp_from, to, o->varsel_id, subj, html ? "html" : "plain", o->varsel_id);
    g_free(subj);
    put_base64_lines(b, body ? body : "");
}

/* A 5xx reply is final (mailbox unknown, message refused); the rest may pass later. */
static void classify(CURLcode rc, long reply, struct notify_result *out)
{
    char code[32];
    snprintf(code, sizeof code, "%ld", reply);
    if (reply >= 500)
        notify_result_set(out, NOTIFY_FAILED, code, "SMTP %ld: %s", reply, curl_easy_strerror(rc));
    else if (reply >= 400)
        notify_result_set(out, NOTIFY_RETRY, code, "SMTP %ld: %s", reply, curl_easy_strerror(rc));
    else
        notify_result_set(out, NOTIFY_RETRY, curl_easy_strerror(rc), "SMTP: %s",
                          curl_easy_strerror(rc));
}

void notify_send_epost(const struct notify_endpoints *ep, const struct notify_order *o,
                       struct notify_result *out)
{
    const char *to = json_string_value(
        json_object_get(json_object_get(json_object_get(o->spec, "mottaker"), "kontaktinfo"),
                        "epostadresse"));
    if (!ep->smtp_url || !ep->smtp_from) {
        notify_result_set(out, NOTIFY_RETRY, "not_configured", "no SMTP server configured");
        return;
    }
    if (has_line_break(to)) {
        notify_result_set(out, NOTIFY_FAILED, "invalid_recipient", "invalid e-mail address");
        return;
    }
    struct nt_buf msg;
    nt_buf_init(&msg, 0);
    build_message(ep, o, to, &msg);
    struct upload u = {nt_buf_str(&msg), msg.len, 0};
    char from[320], rcpt[320];
    snprintf(from, sizeof from, "<%s>", ep->smtp_from);
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, ep->smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ep->timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    if (ep->smtp_user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, ep->smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, ep->smtp_password ? ep->smtp_password : "");
    }
    CURLcode rc = curl_easy_perform(c);
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    if (rc == CURLE_OK) {
        out->outcome = NOTIFY_SENT;
        out->response = json_pack("{s:s,s:I}", "kanal", "smtp", "reply", (json_int_t)reply);
    } else {
        classify(rc, reply, out);
    }
    curl_easy_cleanup(c);
    curl_slist_free_all(rcpts);
    nt_buf_free(&msg);
}
