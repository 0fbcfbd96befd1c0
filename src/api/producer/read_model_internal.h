/* Shared by the producer read model's files: each folds some event types. */
#ifndef API_PRODUCER_READ_MODEL_INTERNAL_H
#define API_PRODUCER_READ_MODEL_INTERNAL_H
#include "events/evlog.h"

#include <jansson.h>
#include <stdbool.h>

/* One event type's fold: the decoded payload, the event, its transaction. */
typedef int rm_apply_fn(struct store_tx *tx, const struct evlog_event *e, json_t *p);

const char *rm_str(json_t *o, const char *key);
/* Runs one statement that returns no rows: 0 or -1. */
int rm_done(struct store_stmt *st);
/* Inserts the SakOpprettet event's mottakere into sak_mottaker, in order. A
 * notification's are read from its identity (queries.c). */
int rm_insert_sak_recipients(struct store_tx *tx, const char *sak_id, json_t *list);
/* Merges changes into the identity (what a repeated create is compared
 * with) of the notification or sak id. */
int rm_patch_identity(struct store_tx *tx, bool sak, const char *id, json_t *changes);
/* Records an update idempotency key (NULL: none) of the notification or sak. */
int rm_record_key(struct store_tx *tx, bool sak, const char *id, const char *key);
/* Folds the event's hardDelete into the aggregate's schedule: a creation's
 * sets it, an update's merges by its strategi (domain/hard_delete.h). */
int rm_schedule_hard_delete(struct store_tx *tx, const char *aggregate_id, json_t *hard_delete);

rm_apply_fn rm_notification_created, rm_oppgave_utfoert, rm_oppgave_utgaatt, rm_frist_utsatt,
    rm_paaminnelse_endret, rm_kalenderavtale_oppdatert, rm_notice_status;
rm_apply_fn rm_sak_created, rm_sak_status, rm_sak_field;

#endif
