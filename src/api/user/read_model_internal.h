/* Shared by the user read model's files. */
#ifndef API_USER_READ_MODEL_INTERNAL_H
#define API_USER_READ_MODEL_INTERNAL_H
#include "events/evlog.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

const char *urm_str(json_t *o, const char *key);
/* An instant from an event: text parsed (any ISO 8601 form), else fallback;
 * the canonical UTC text goes to out (64 bytes). */
int64_t urm_instant(const char *text, int64_t fallback_us, char out[64]);
/* The recipients of a creation event (mottakere[], legacy mottaker) as
 * bruker_mottaker rows of aggregate nr. */
int urm_add_recipients(struct store_tx *tx, int64_t nr, json_t *p, const char *org);
/* The default text of a sak status (MOTTATT -> "Mottatt"...). */
const char *urm_status_text(const char *status);

/* Handlers of read_model_sak.c; each returns 0 or -1 (storage failure). */
int urm_sak_opprettet(struct store_tx *tx, const struct evlog_event *e, json_t *p);
int urm_ny_status_sak(struct store_tx *tx, const struct evlog_event *e, json_t *p);
int urm_neste_steg_sak(struct store_tx *tx, const struct evlog_event *e, json_t *p);
int urm_tilleggsinformasjon_sak(struct store_tx *tx, const struct evlog_event *e, json_t *p);
int urm_sak_hard_delete(struct store_tx *tx, const char *id);

#endif
