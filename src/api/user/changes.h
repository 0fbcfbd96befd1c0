/* What changed for whom, for the live streams: the read model reports the
 * persons a write touched (on the writer thread, inside the command); the
 * store's commit hook, on the same thread after that batch's commit,
 * publishes them; a subscriber gets them on its own thread. Only persons someone watches are recorded, so writes pay nothing
 * when no stream is open. A command that rolls back may leave a report
 * behind: subscribers treat reports as hints to look again, never as
 * facts. */
#ifndef API_USER_CHANGES_H
#define API_USER_CHANGES_H
#include <stdbool.h>
#include <stddef.h>

enum user_change_kind {
    USER_CHANGE_TOUCHED = 1,  /* a visible notification or the unread count changed */
    USER_CHANGE_REFRESH = 2,  /* visibility changed wholesale (rights, relations) */
    USER_CHANGE_DIALOG = 4,   /* one of the person's dialogs changed */
};

struct user_change {
    char *fnr;
    unsigned kinds;    /* enum user_change_kind bits */
    char **removed;    /* ids of notifications the person no longer sees */
    size_t nremoved;
};

/* Writer side. */
void user_changes_touch(const char *fnr);
void user_changes_refresh(const char *fnr);
void user_changes_removed(const char *fnr, const char *id);
void user_changes_dialog(const char *fnr);
/* The store commit hook (store_on_commit(store, user_changes_publish, NULL)). */
void user_changes_publish(void *unused);

/* Whether any stream watches anyone (the writer skips its lookups when not). */
bool user_changes_anyone_watching(void);
/* Watching a person (counted: every watch needs its unwatch). */
void user_changes_watch(const char *fnr);
void user_changes_unwatch(const char *fnr);
/* Waits up to timeout_ms for published changes and takes them all
 * (malloc'ed array, free with user_changes_free); *out_n may be 0. Returns
 * false when user_changes_stop was called. */
bool user_changes_take(struct user_change **out, size_t *out_n, int timeout_ms);
void user_changes_free(struct user_change *c, size_t n);
/* Wakes every taker with false from now on; user_changes_restart undoes it. */
void user_changes_stop(void);
void user_changes_restart(void);

#endif
