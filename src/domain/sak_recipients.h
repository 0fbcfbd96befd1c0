/* Recipient consistency between a sak and its notifications
 * (producer-api.md 11.2): a linked notification may only address recipients
 * the sak has (kind, identifiers and virksomhetsnummer equal); a sak with a
 * legacy Altinn 2 service also admits the Altinn resources that service
 * became. Pure. */
#ifndef DOM_SAK_RECIPIENTS_H
#define DOM_SAK_RECIPIENTS_H
#include <stdbool.h>
#include <stddef.h>

/* As events hold recipients (docs/events.md): kind "altinn" (a = serviceCode,
 * b = serviceEdition), "altinnRessurs" (a = ressursId), "altinnRolle",
 * "altinnReportee", "naermesteLeder" (a = leader, b = employee). */
struct dom_recipient {
    const char *kind, *a, *b, *virksomhetsnummer;
};

bool dom_recipient_on_sak(const struct dom_recipient *r, const struct dom_recipient *sak, size_t n);

/* The Altinn resource a legacy service code/edition maps to includes
 * ressurs_id (the reference's table in P/api/Util.kt, the entries whose
 * editions agree across environments). */
bool dom_altinn2_maps_to(const char *service_code, const char *service_edition,
                         const char *ressurs_id);

#endif
