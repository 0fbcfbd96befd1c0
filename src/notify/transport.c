#include "notify/transport.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void notify_result_set(struct notify_result *out, enum notify_outcome outcome, const char *code,
                       const char *fmt, ...)
{
    out->outcome = outcome;
    snprintf(out->code, sizeof out->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->message, sizeof out->message, fmt, ap);
    va_end(ap);
}

void notify_send(const struct notify_endpoints *ep, const struct notify_order *o,
                 struct notify_result *out)
{
    memset(out, 0, sizeof(*out));
    if (strcmp(o->kanal, "epost") == 0)
        notify_send_epost(ep, o, out);
    else if (strcmp(o->kanal, "sms") == 0)
        notify_send_sms(ep, o, out);
    else if (strcmp(o->kanal, "altinnressurs") == 0 && o->shipment_id)
        notify_poll_altinn(ep, o, out);
    else if (strcmp(o->kanal, "altinnressurs") == 0)
        notify_send_altinn(ep, o, out);
    else /* altinntjeneste: Altinn 2 is gone (producer-api.md 16.1) */
        notify_result_set(out, NOTIFY_FAILED, "altinn2_avviklet",
                          "Altinn 2-tjenester kan ikke lenger varsles");
}
