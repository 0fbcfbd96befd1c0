/* Sending one external notice for real (docs/notices.md): e-mail over SMTP,
 * SMS through an HTTP gateway, altinnressurs as an order to an
 * Altinn-notifications-style HTTP API, whose accepted orders are then polled
 * until Altinn reports the outcome. Blocking (libcurl, bounded by the
 * configured timeout); no store access. */
#ifndef NOTIFY_TRANSPORT_H
#define NOTIFY_TRANSPORT_H
#include <jansson.h>

/* Where notices go; a NULL url means the channel is not configured. */
struct notify_endpoints {
    const char *smtp_url;      /* smtp://host:port or smtps://host:port */
    const char *smtp_from;     /* envelope and header sender */
    const char *smtp_user;     /* optional */
    const char *smtp_password; /* optional */
    const char *sms_url;       /* POST endpoint of the SMS gateway */
    const char *sms_token;     /* optional bearer token */
    const char *sms_sender;    /* sender name shown on the phone */
    const char *altinn_url;    /* base URL of the notifications API */
    const char *altinn_token;  /* optional bearer token */
    long timeout_ms;
};

struct notify_order {
    const char *varsel_id;
    const char *notifikasjon_id;
    const char *kanal; /* sms | epost | altinnressurs | altinntjeneste */
    json_t *spec;      /* the producer's input for the channel (borrowed) */
    const char *virksomhetsnummer;
    int64_t now_us;    /* the service clock, for Date headers and send times */
    const char *shipment_id; /* an accepted Altinn order to poll, or NULL */
};

enum notify_outcome {
    NOTIFY_SENT,   /* delivered to the server or gateway */
    NOTIFY_RETRY,  /* a transient failure: try again later */
    NOTIFY_FAILED, /* rejected for good */
    NOTIFY_PENDING, /* accepted, the outcome comes later: poll shipment */
};

struct notify_result {
    enum notify_outcome outcome;
    char code[64];     /* failure code: HTTP/SMTP status or a curl error name */
    char message[512]; /* failure text */
    json_t *response;  /* what the server answered (owned; may be NULL) */
    char shipment[128]; /* NOTIFY_PENDING: what to poll */
};

void notify_send(const struct notify_endpoints *ep, const struct notify_order *o,
                 struct notify_result *out);

/* Channel implementations (smtp.c, gateways.c). */
void notify_send_epost(const struct notify_endpoints *ep, const struct notify_order *o,
                       struct notify_result *out);
void notify_send_sms(const struct notify_endpoints *ep, const struct notify_order *o,
                     struct notify_result *out);
void notify_send_altinn(const struct notify_endpoints *ep, const struct notify_order *o,
                        struct notify_result *out);
/* The outcome of an accepted order (o->shipment_id), producer-api.md 16.3. */
void notify_poll_altinn(const struct notify_endpoints *ep, const struct notify_order *o,
                        struct notify_result *out);

/* Fills out as a failure (outcome, code, printf-style message). */
void notify_result_set(struct notify_result *out, enum notify_outcome outcome, const char *code,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
