/* Scheduled hard delete (producer-api.md 15.2-15.3): when an aggregate is
 * to be erased. Pure: the caller passes the times in. The instant is fixed
 * when the event is written (its base is a write-time fact); read models
 * only merge it into the schedule they keep. */
#ifndef DOM_HARD_DELETE_H
#define DOM_HARD_DELETE_H
#include <stdbool.h>
#include <stdint.h>

/* The event that carries the hardDelete, which decides the base of `om`. */
enum dom_hd_event {
    DOM_HD_NOTIFIKASJON_OPPRETTET,   /* BeskjedOpprettet, OppgaveOpprettet: opprettetTidspunkt */
    DOM_HD_KALENDERAVTALE_OPPRETTET, /* the call time */
    DOM_HD_SAK_OPPRETTET,            /* the nySak tidspunkt, else the call time */
    DOM_HD_NY_STATUS_SAK,            /* the nyStatusSak tidspunkt, else the call time */
    DOM_HD_OPPDATERING,              /* OppgaveUtfoert/Utgaatt, KalenderavtaleOppdatert: the call
                                        time (not utfoert/utgaattTidspunkt) */
};

/* given: the time the event names for its base (opprettetTidspunkt, tidspunkt),
 * NULL when the producer gave none. */
int64_t dom_hard_delete_base(enum dom_hd_event event, int64_t call_us, const int64_t *given_us);

/* Exactly one of den (an Oslo wall-clock ISO8601LocalDateTime) and om (an
 * ISO8601Duration added to base on the UTC calendar: calendar part first,
 * then the exact part). false when the text does not parse. */
bool dom_hard_delete_instant(const char *den, const char *om, int64_t base_us, int64_t *out_us);

enum dom_hd_strategy {
    DOM_HD_FORLENG,   /* whichever is furthest in the future; no old: the new */
    DOM_HD_OVERSKRIV, /* the new, always (even earlier, even in the past) */
};

/* "FORLENG" / "OVERSKRIV"; false for anything else. */
bool dom_hd_strategy_parse(const char *text, enum dom_hd_strategy *out);

/* The schedule after an update with strategy s; old_us NULL when none. */
int64_t dom_hard_delete_merge(const int64_t *old_us, int64_t new_us, enum dom_hd_strategy s);

#endif
