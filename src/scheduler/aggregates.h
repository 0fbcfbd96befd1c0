/* What the scheduler remembers of each notification and sak
 * (sched_aggregate), folded from events by its projection. */
#ifndef SCHEDULER_AGGREGATES_H
#define SCHEDULER_AGGREGATES_H
#include "store/store.h"

#include <stdbool.h>

struct sched_aggregate {
    char id[64];
    char kind[24];
    char merkelapp[256];
    char grupperingsid[256];
    char virksomhetsnummer[32];
    char produsent[256];
    char tilstand[64];
    char frist[16];
    char opprettet[48];
    char start_tidspunkt[48];
    bool avlyst;
};

bool sched_aggregate_get(struct store_tx *tx, const char *id, struct sched_aggregate *out);
/* The columns sched_aggregate_read expects, for queries that join the
 * table as "a"; and reading them from a row, starting at column first. */
#define SCHED_AGGREGATE_COLUMNS                                                                  \
    "a.id, a.kind, a.merkelapp, a.grupperingsid, a.virksomhetsnummer, a.produsent, a.tilstand, " \
    "a.frist, a.opprettet, a.start_tidspunkt, a.avlyst"
void sched_aggregate_read(struct store_stmt *st, int first, struct sched_aggregate *out);
int sched_aggregate_put(struct store_tx *tx, const struct sched_aggregate *a);
int sched_aggregate_drop(struct store_tx *tx, const char *id);

#endif
