/* Who may see what, kept in the tables bruker_synlig (notifications) and
 * bruker_synlig_sak (saker): one row per person and aggregate that one of
 * the person's grants (bruker_tilgang) matches through a recipient
 * (bruker_mottaker), with counts of the matching grants per kind. Both
 * sides change it: events add and drop recipients (read_model*.c), access
 * lookups and relation updates add and drop grants (here). Every function
 * runs inside the caller's store command. Returns 0 or -1. */
#ifndef API_USER_VISIBILITY_H
#define API_USER_VISIBILITY_H
#include "access/access.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* Derived per-person copies of a notification row n (SQL expressions). */
#define VIS_FERDIG_SQL "CASE WHEN n.kind = 'OPPGAVE' AND n.tilstand <> 'NY' THEN 1 ELSE 0 END"
#define VIS_KOMMENDE_SQL                                                                         \
    "CASE WHEN n.kind = 'KALENDERAVTALE' AND n.tilstand NOT IN ('AVLYST', 'AVHOLDT') "           \
    "THEN n.tidslinje_us END"

/* Task bits (bruker_notifikasjon.oppgave_bits, bruker_synlig_sak.oppgaver). */
enum user_task_bit {
    USER_TASK_NY = 1,
    USER_TASK_NY_PAAMINNELSE = 2,
    USER_TASK_UTFOERT = 4,
    USER_TASK_UTFOERT_PAAMINNELSE = 8,
    USER_TASK_UTGAATT = 16,
    USER_TASK_UTGAATT_PAAMINNELSE = 32,
};
#define USER_TASK_NL_SHIFT 8 /* oppgaver >> 8: the bits seen through relations */

/* Rows for every person whose grants match the new aggregate's recipients. */
int vis_notification_added(struct store_tx *tx, int64_t nr);
int vis_sak_added(struct store_tx *tx, int64_t nr);
/* The notification row changed: copies refreshed, versjon set, watchers told. */
int vis_notification_changed(struct store_tx *tx, int64_t nr, int64_t versjon);
/* The aggregate is being deleted: rows dropped, watchers told. */
int vis_notification_deleted(struct store_tx *tx, int64_t nr, const char *id);
int vis_sak_deleted(struct store_tx *tx, int64_t nr);
/* The sak's last-changed time rises to at least us. */
int vis_sak_touched(struct store_tx *tx, int64_t nr, int64_t us);
/* The sak's title or extra text changed: its notifications' viewers see
 * new sak metadata (versjon set, watchers told). */
int vis_sak_metadata_changed(struct store_tx *tx, int64_t sak_nr, int64_t versjon);
/* Recomputes the persons' task bits of the sak (its task rows changed). */
int vis_sak_tasks_changed(struct store_tx *tx, int64_t sak_nr);

/* One grant of one person; nl marks a nearest-leader relation. */
int vis_grant_add(struct store_tx *tx, const char *fnr, const char *virksomhet,
                  const char *nokkel, bool nl);
int vis_grant_remove(struct store_tx *tx, const char *fnr, const char *virksomhet,
                     const char *nokkel, bool nl);
/* Makes the person's Altinn grants equal to r's (a diff against what was
 * applied before) and records r's hash. */
int vis_sync_altinn(struct store_tx *tx, const char *fnr, const struct access_rights *r);
/* The hash recorded by vis_sync_altinn, copied into out (65 bytes); false
 * when none. */
bool vis_applied_hash(struct store_tx *tx, const char *fnr, char out[65]);

/* A nearest-leader relation (keyed by id: a new triple for a known id
 * replaces the old one), and its revocation. kilde: "fil" or "api". */
int vis_relation_put(struct store_tx *tx, const char *id, const char *leder, const char *ansatt,
                     const char *virksomhet, const char *kilde);
/* Returns 1 when there was no such relation. */
int vis_relation_remove(struct store_tx *tx, const char *id);

#endif
