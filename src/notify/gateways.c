/* The HTTP channels (docs/notices.md): an SMS gateway and an
 * Altinn-notifications-style order API. Both take JSON with an
 * Idempotency-Key of the varselId, so a re-sent order is recognised; 2xx is
 * delivered, 400 and 422 are final rejections, anything else is retried. */
#include "notify/transport.h"

#include "base/buf.h"
#include "domain/oslo_time.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

static size_t collect(char *p, size_t size, size_t n, void *userdata)
{
    struct nt_buf *b = userdata;
    if (b->len < 65536)
        nt_buf_append(b, p, size * n);
    return size * n;
}

static const char *spec_str(json_t *spec, const char *key)
{
    return json_string_value(json_object_get(spec, key));
}

/* POSTs body (JSON) to url and classifies the answer into out. */
static void post_json(const char *url, const char *token, const struct notify_order *o,
                      json_t *body, long timeout_ms, struct notify_result *out)
{
    char *text = json_dumps(body, JSON_COMPACT);
    struct nt_buf answer;
    nt_buf_init(&answer, 0);
    char auth[1024], key[128];
    snprintf(key, sizeof key, "Idempotency-Key: %s", o->varsel_id);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, key);
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        h = curl_slist_append(h, auth);
    }
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, text);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    char code[32];
    snprintf(code, sizeof code, "%ld", status);
    if (rc != CURLE_OK)
        notify_result_set(out, NOTIFY_RETRY, curl_easy_strerror(rc), "%s", curl_easy_strerror(rc));
    else if (status >= 200 && status < 300)
        out->outcome = NOTIFY_SENT;
    else
        notify_result_set(out, status == 400 || status == 422 ? NOTIFY_FAILED : NOTIFY_RETRY, code,
                          "HTTP %ld: %.400s", status, nt_buf_str(&answer));
    if (answer.len) {
        out->response = json_loads(nt_buf_str(&answer), 0, NULL);
        if (!out->response)
            out->response = json_string(nt_buf_str(&answer));
    }
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    nt_buf_free(&answer);
    free(text);
}

/* +47 unless the number already carries it (producer-api.md 16.1). */
static void phone_number(const char *tlf, char *out, size_t n)
{
    if (strncmp(tlf, "+47", 3) == 0)
        snprintf(out, n, "%s", tlf);
    else if (strncmp(tlf, "0047", 4) == 0)
        snprintf(out, n, "+%s", tlf + 2);
    else
        snprintf(out, n, "+47%s", tlf);
}

void notify_send_sms(const struct notify_endpoints *ep, const struct notify_order *o,
                     struct notify_result *out)
{
    const char *tlf = spec_str(json_object_get(json_object_get(o->spec, "mottaker"), "kontaktinfo"),
                               "tlf");
    if (!ep->sms_url) {
        notify_result_set(out, NOTIFY_RETRY, "not_configured", "no SMS gateway configured");
        return;
    }
    if (!tlf) {
        notify_result_set(out, NOTIFY_FAILED, "invalid_recipient", "no phone number");
        return;
    }
    char to[64];
    phone_number(tlf, to, sizeof to);
    json_t *body = json_pack("{s:s,s:s,s:s,s:s}", "id", o->varsel_id, "to", to, "from",
                             ep->sms_sender ? ep->sms_sender : "Budstikke", "text",
                             spec_str(o->spec, "smsTekst") ? spec_str(o->spec, "smsTekst") : "");
    post_json(ep->sms_url, ep->sms_token, o, body, ep->timeout_ms, out);
    json_decref(body);
}

void notify_send_altinn(const struct notify_endpoints *ep, const struct notify_order *o,
                        struct notify_result *out)
{
    const char *ressurs = spec_str(json_object_get(o->spec, "mottaker"), "ressursId");
    if (!ep->altinn_url) {
        notify_result_set(out, NOTIFY_RETRY, "not_configured", "no Altinn notifications API configured");
        return;
    }
    if (!ressurs || !o->virksomhetsnummer) {
        notify_result_set(out, NOTIFY_FAILED, "invalid_recipient", "no ressursId or virksomhetsnummer");
        return;
    }
    char url[1024], resource[512], when[64];
    snprintf(url, sizeof url, "%s/notifications/api/v1/future/orders", ep->altinn_url);
    snprintf(resource, sizeof resource, "urn:altinn:resource:%s", ressurs);
    dom_format_instant(o->now_us, when, sizeof when);
    json_t *body = json_pack(
        "{s:s,s:s,s:s,s:{s:{s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:{s:s,s:s}}}}", "idempotencyId",
        o->varsel_id, "sendersReference", o->notifikasjon_id, "requestedSendTime", when,
        "recipient", "recipientOrganization", "orgNumber", o->virksomhetsnummer, "channelSchema",
        "EmailPreferred", "resourceId", resource, "resourceAction", "access", "emailSettings",
        "subject", spec_str(o->spec, "epostTittel") ? spec_str(o->spec, "epostTittel") : "", "body",
        spec_str(o->spec, "epostHtmlBody") ? spec_str(o->spec, "epostHtmlBody") : "", "contentType",
        "Html", "smsSettings", "body",
        spec_str(o->spec, "smsTekst") ? spec_str(o->spec, "smsTekst") : "", "sender",
        ep->sms_sender ? ep->sms_sender : "Budstikke");
    post_json(url, ep->altinn_token, o, body, ep->timeout_ms, out);
    json_decref(body);
}
