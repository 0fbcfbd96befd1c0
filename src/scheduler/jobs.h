/* The scheduler's job table (sched_job): at most one job per kind and
 * aggregate, due at an instant (microseconds UTC). Writers are the
 * scheduler's projection (from events) and the job runner. */
#ifndef SCHEDULER_JOBS_H
#define SCHEDULER_JOBS_H
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

#define SCHED_EXPIRE "EXPIRE"           /* oppgave frist over -> OppgaveUtgaatt */
#define SCHED_AVHOLDT "AVHOLDT"         /* kalenderavtale started -> AVHOLDT */
#define SCHED_REMIND "REMIND"           /* påminnelse -> PaaminnelseOpprettet */
#define SCHED_HARD_DELETE "HARD_DELETE" /* scheduled hard delete */

/* Inserts or moves the job (payload may be NULL); clears any claim. */
int sched_job_put(struct store_tx *tx, const char *kind, const char *aggregate_id, int64_t due_us,
                  const char *payload);
/* Removes the job; kind NULL removes every job of the aggregate. */
int sched_job_drop(struct store_tx *tx, const char *kind, const char *aggregate_id);
/* Removes the job if it is still due at due_us (not moved or cancelled
 * since it was read): 1 when taken, 0 when not, -1 on an error. Taking is
 * the claim: on PostgreSQL only one writer removes a row. */
int sched_job_take(struct store_tx *tx, const char *kind, const char *aggregate_id, int64_t due_us);
/* The due time of the job into *out_us; false when there is none. */
bool sched_job_due(struct store_tx *tx, const char *kind, const char *aggregate_id, int64_t *out_us);
/* The earliest due time of any job, or INT64_MAX. */
int64_t sched_job_earliest(struct store_tx *tx);

/* The earliest due time put since the last call (INT64_MAX when none),
 * reset by the call: lets the commit hook wake the runner only when a
 * commit armed something earlier than what it sleeps on. */
int64_t sched_job_take_earliest_put(void);

#endif
