/* The HTTP channels (docs/notices.md): an SMS gateway and an
 * Altinn-notifications-style order API. Both take JSON with an
 * Idempotency-Key of the varselId, so a re-sent order is recognised; 2xx is
 * delivered (an Altinn order: accepted, then its shipment is polled), 400
 * and 422 are final rejections, anything else is retried. */
#include "notify/transport.h"

#include "base/buf.h"
#include "domain/oslo_time.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Sends body (JSON; NULL: a GET) to url and classifies the answer into out. */
static void call_json(const char *url, const char *token, const char *idempotency_key,
                      json_t *body, long timeout_ms, struct notify_result *out)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    struct nt_buf answer;
    nt_buf_init(&answer, 0);
    char auth[1024], key[128];
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    if (text)
        h = curl_slist_append(h, "Content-Type: application/json");
    if (idempotency_key) {
        snprintf(key, sizeof key, "Idempotency-Key: %s", idempotency_key);
        h = curl_slist_append(h, key);
    }
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        h = curl_slist_append(h, auth);
    }
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (text)
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

/* International form: a number with a country code keeps it (+45...,
 * 0047... as +47...), a national one gets +47 (producer-api.md 16.1). */
static void phone_number(const char *tlf, char *out, size_t n)
{
    if (tlf[0] == '+')
        snprintf(out, n, "%s", tlf);
    else if (strncmp(tlf, "00", 2) == 0)
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
    call_json(ep->sms_url, ep->sms_token, o->varsel_id, body, ep->timeout_ms, out);
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
    call_json(url, ep->altinn_token, o->varsel_id, body, ep->timeout_ms, out);
    json_decref(body);
    const char *shipment = spec_str(json_object_get(out->response, "notification"), "shipmentId");
    if (out->outcome == NOTIFY_SENT && shipment) {
        out->outcome = NOTIFY_PENDING; /* accepted: the outcome comes with the shipment */
        snprintf(out->shipment, sizeof out->shipment, "%s", shipment);
    }
}

static int compare_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A completed shipment: delivered when any recipient was (or there were
 * none); failed when all failed, with their distinct statuses sorted as the
 * code and "Destinasjon: D, Status: S" entries as the message. */
static void completed(json_t *recipients, struct notify_result *out)
{
    size_t n = json_array_size(recipients), failed = 0;
    const char **codes = calloc(n ? n : 1, sizeof(*codes));
    struct nt_buf msg;
    nt_buf_init(&msg, 0);
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(recipients, i);
        const char *status = spec_str(r, "status") ? spec_str(r, "status") : "";
        if (!strstr(status, "_Failed"))
            continue;
        codes[failed++] = status;
        nt_buf_printf(&msg, "%sDestinasjon: %s, Status: %s", failed > 1 ? "," : "",
                      spec_str(r, "destination") ? spec_str(r, "destination") : "", status);
    }
    if (n == 0 || failed < n) {
        out->outcome = NOTIFY_SENT;
    } else {
        qsort(codes, failed, sizeof(*codes), compare_text);
        struct nt_buf code;
        nt_buf_init(&code, 0);
        for (size_t i = 0; i < failed; i++)
            if (i == 0 || strcmp(codes[i], codes[i - 1]) != 0)
                nt_buf_printf(&code, "%s%s", code.len ? "," : "", codes[i]);
        notify_result_set(out, NOTIFY_FAILED, nt_buf_str(&code), "%s", nt_buf_str(&msg));
        nt_buf_free(&code);
    }
    nt_buf_free(&msg);
    free(codes);
}

void notify_poll_altinn(const struct notify_endpoints *ep, const struct notify_order *o,
                        struct notify_result *out)
{
    char url[1024];
    snprintf(url, sizeof url, "%s/notifications/api/v1/future/shipment/%s", ep->altinn_url,
             o->shipment_id);
    call_json(url, ep->altinn_token, NULL, NULL, ep->timeout_ms, out);
    const char *status = spec_str(out->response, "status");
    bool done = out->outcome == NOTIFY_SENT && status;
    if (done && strcmp(status, "Completed") == 0)
        completed(json_object_get(out->response, "recipients"), out);
    else if (done && (strcmp(status, "Cancelled") == 0 || strcmp(status, "SendConditionNotMet") == 0))
        out->outcome = NOTIFY_SENT; /* as the reference reports them */
    else { /* still in progress, or the lookup failed: ask again later */
        char code[64];
        snprintf(code, sizeof code, "%s", status ? status : out->code);
        notify_result_set(out, NOTIFY_PENDING, code, "shipment %s", code);
    }
    if (out->outcome == NOTIFY_PENDING)
        snprintf(out->shipment, sizeof out->shipment, "%s", o->shipment_id);
}
