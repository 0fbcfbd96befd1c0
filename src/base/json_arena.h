/* Request-scoped memory for jansson values.
 *
 * The user API builds thousands of small jansson values per response (the
 * bell's 200 notifications: some 10,000 allocations) that all die together
 * once the response is written; malloc and free of each were a quarter of
 * a query's instructions. Jansson allocates through one process-wide pair
 * of functions (json_set_alloc_funcs). nt_json_arena_install() sets a pair
 * that, on a thread inside a build scope, bump-allocates from that thread's
 * arena and that skips frees of arena memory; everywhere else (other
 * threads, outside a scope, memory from before the install) it is malloc
 * and free, so the rest of the process sees no difference.
 *
 * Contract for code inside a scope (nt_json_arena_enter .. leave):
 * - the values allocated stay on this thread, and every one of them is
 *   released or unreachable before nt_json_arena_reset() on this thread;
 * - nothing allocated is given to free() (json_dumps output, for one);
 * - nothing in it waits (fiber_wait, fiber_offload, store_write).
 *   Resolvers open the session (which may wait for the rights service or a
 *   commit) before their scope. Should a request wait all the same, the
 *   arena stays its own: it belongs to the fiber of its first scope until
 *   that fiber's reset, and the other fibers of the thread get malloc and
 *   free meanwhile (their reset leaves it alone).
 * Under AddressSanitizer a reset arena's memory is poisoned: a value that
 * outlived its request is reported at its first use. */
#ifndef NT_JSON_ARENA_H
#define NT_JSON_ARENA_H
#include <jansson.h>
#include <stdbool.h>

/* Sets jansson's allocation functions; once per process, before threads
 * that use jansson run (later calls do nothing). */
void nt_json_arena_install(void);
/* Starts a build scope on this thread (without the install it does
 * nothing); returns what nt_json_arena_leave restores, so scopes nest. */
bool nt_json_arena_enter(void);
void nt_json_arena_leave(bool previous);
/* Inside a scope: v, and every value it references, are built in this
 * scope (or an earlier one of the same request) and are never changed
 * again. The arena then holds a reference to v until the reset, which
 * reclaims the memory without visiting the values: the consumer's last
 * decref deletes nothing (for the bell's 10,000 values that delete cost a
 * tenth of the query). Outside a scope it does nothing. */
void nt_json_arena_keep(json_t *v);
/* Every value of this thread's arena is dead: the next scope reuses the
 * memory (up to a bound kept; the rest is freed). */
void nt_json_arena_reset(void);

#endif
