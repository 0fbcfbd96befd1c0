/* The notice sender (the `senders` role, producer-api.md 16.3): one thread
 * that sleeps on the earliest due notice, claims a few due rows with a lease
 * inside a store command, sends them outside any transaction, and records
 * each outcome in a second command: EksterntVarselVellykket, a retry with
 * back-off (1 s x 2^n, at most 10 min) up to max_attempts, then
 * EksterntVarselFeilet; cancellations become EksterntVarselKansellert. A
 * notice whose send window closed meanwhile waits for the next opening.
 * Nothing is sent while the emergency brake is on (control.h). */
#ifndef NOTIFY_SENDER_H
#define NOTIFY_SENDER_H
#include "notify/transport.h"
#include "store/store.h"

#include <stdbool.h>

struct notify_sender_config {
    struct store *store;
    struct notify_endpoints endpoints; /* strings borrowed for the sender's life */
    const char *node_id;               /* written into claimed_by */
    int max_attempts;
};

/* Registers the notices' projection; every node calls it before writes. */
void notify_register_projection(void);

/* Inside a transaction: the earliest instant a notice needs the sender
 * (INT64_MAX when none). */
int64_t notify_next_due(struct store_tx *tx);
/* Inside a transaction: is any notice due at now, in flight included? */
bool notify_has_due(struct store_tx *tx, int64_t now_us);

/* At most one sender per process. */
struct notify_sender *notify_sender_start(const struct notify_sender_config *cfg);
void notify_sender_stop(struct notify_sender *s);
/* Wakes the running sender, if any (after an operator switch). */
void notify_sender_kick(void);

#endif
