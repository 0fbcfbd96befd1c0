/* Fibers: a paused fiber keeps its frames, a wake from another thread (even
 * one that comes before the wait) continues it, many fibers interleave on
 * one thread without touching each other's stacks, and stacks are reused. */
#include "base/fiber.h"
#include "base/json_arena.h"
#include "check.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static atomic_int wakes_seen;

static void count_wake(void *userdata)
{
    (void)userdata;
    atomic_fetch_add(&wakes_seen, 1);
}

struct walker {
    int id;
    int steps;
    uint64_t sum; /* what the fiber computed, checked by the test */
    struct fiber *self;
};

/* Recursion with locals on the fiber's stack, pausing at every level: a
 * fiber that ran on another's stack would compute a different sum. */
static uint64_t walk(struct walker *w, int depth)
{
    char pad[512];
    memset(pad, depth + w->id, sizeof pad);
    if (depth == 0)
        return 0;
    fiber_wait();
    uint64_t below = walk(w, depth - 1);
    return below + (uint64_t)(unsigned char)pad[depth % sizeof pad] * (uint64_t)depth;
}

static void walker_main(void *arg)
{
    struct walker *w = arg;
    w->self = fiber_current();
    w->sum = walk(w, w->steps);
}

static uint64_t expected_sum(int id, int steps)
{
    uint64_t s = 0;
    for (int d = 1; d <= steps; d++)
        s += (uint64_t)(unsigned char)(d + id) * (uint64_t)d;
    return s;
}

static void a_fiber_pauses_and_continues_with_its_frames(void)
{
    struct walker w = {.id = 3, .steps = 5};
    struct fiber *f = fiber_new(walker_main, &w, count_wake, NULL);
    CHECK(fiber_current() == NULL);
    CHECK(!fiber_resume(f)); /* paused at the first wait */
    CHECK(w.self == f);
    CHECK(fiber_current() == NULL);
    int rounds = 0;
    bool done = false;
    while (!done) {
        fiber_wake(f);
        done = fiber_resume(f);
        rounds++;
    }
    CHECK_EQ_INT(rounds, 5);
    CHECK(w.sum == expected_sum(3, 5));
    fiber_free(f);
}

static void a_resume_without_a_wake_pauses_again(void)
{
    struct walker w = {.id = 1, .steps = 1};
    struct fiber *f = fiber_new(walker_main, &w, count_wake, NULL);
    CHECK(!fiber_resume(f));
    CHECK(!fiber_resume(f)); /* nothing woke it */
    fiber_wake(f);
    CHECK(fiber_resume(f));
    CHECK(w.sum == expected_sum(1, 1));
    fiber_free(f);
}

static void wake_before_wait(void *arg)
{
    struct walker *w = arg;
    fiber_wake(fiber_current()); /* e.g. a commit that came back at once */
    fiber_wait();                /* must not pause */
    w->sum = 42;
}

static void a_wake_before_the_wait_is_not_lost(void)
{
    atomic_store(&wakes_seen, 0);
    struct walker w = {0};
    struct fiber *f = fiber_new(wake_before_wait, &w, count_wake, NULL);
    CHECK(fiber_resume(f));
    CHECK(w.sum == 42);
    CHECK_EQ_INT(atomic_load(&wakes_seen), 1);
    fiber_free(f);
}

struct waker_arg {
    struct fiber **fibers;
    int n;
};

static void *wake_all(void *arg)
{
    struct waker_arg *a = arg;
    for (int i = 0; i < a->n; i++)
        fiber_wake(a->fibers[i]);
    return NULL;
}

static void many_fibers_interleave_on_one_thread_woken_from_another(void)
{
    enum { N = 40, STEPS = 20 };
    struct walker w[N];
    struct fiber *f[N];
    bool done[N] = {false};
    for (int i = 0; i < N; i++) {
        w[i] = (struct walker){.id = i, .steps = STEPS};
        f[i] = fiber_new(walker_main, &w[i], count_wake, NULL);
        CHECK(!fiber_resume(f[i]));
    }
    int left = N;
    while (left > 0) {
        struct waker_arg a = {f, N};
        pthread_t t;
        pthread_create(&t, NULL, wake_all, &a);
        pthread_join(t, NULL);
        for (int i = 0; i < N; i++)
            if (!done[i] && fiber_resume(f[i])) {
                done[i] = true;
                left--;
            }
    }
    for (int i = 0; i < N; i++) {
        CHECK(w[i].sum == expected_sum(i, STEPS));
        fiber_free(f[i]);
    }
}

static void nothing(void *arg)
{
    (void)arg;
}

static int mappings(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    CHECK(f != NULL);
    int n = 0, c;
    while ((c = fgetc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

static void stacks_are_reused(void)
{
    int before = mappings();
    for (int i = 0; i < 2000; i++) { /* each fresh stack would be a mapping of its own */
        struct fiber *f = fiber_new(nothing, NULL, count_wake, NULL);
        CHECK(fiber_resume(f));
        fiber_free(f);
    }
    CHECK(mappings() - before < 20);
}

/* Two threads run fibers that pause and continue, through one shared pool
 * of stacks: a stack one thread's fiber finished on carries the next fiber
 * of the other thread (a stack is started once and then reused). */
static void *run_walkers(void *arg)
{
    int id = (int)(intptr_t)arg, bad = 0;
    for (int i = 0; i < 500; i++) {
        struct walker w = {.id = id + i, .steps = 3};
        struct fiber *f = fiber_new(walker_main, &w, count_wake, NULL);
        bool done = fiber_resume(f);
        while (!done) {
            fiber_wake(f);
            done = fiber_resume(f);
        }
        bad += w.sum != expected_sum(id + i, 3) || w.self != f;
        fiber_free(f);
    }
    return (void *)(intptr_t)bad;
}

static void stacks_pass_between_threads(void)
{
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, run_walkers, (void *)(intptr_t)(i * 1000));
    for (int i = 0; i < 2; i++) {
        void *bad = NULL;
        pthread_join(t[i], &bad);
        CHECK_EQ_INT((intptr_t)bad, 0);
    }
}

struct slow_call {
    pthread_t ran_on;
    int result;
};

static void slow_call(void *arg)
{
    struct slow_call *c = arg;
    usleep(50 * 1000);
    c->ran_on = pthread_self();
    c->result = 7;
}

static void offload_in_fiber(void *arg)
{
    fiber_offload(slow_call, arg);
}

static void an_offloaded_call_leaves_the_thread_free(void)
{
    atomic_store(&wakes_seen, 0);
    struct slow_call c = {0};
    struct fiber *f = fiber_new(offload_in_fiber, &c, count_wake, NULL);
    CHECK(!fiber_resume(f)); /* back at once, the call runs elsewhere */
    CHECK_EQ_INT(c.result, 0);
    for (int i = 0; i < 500 && atomic_load(&wakes_seen) == 0; i++)
        usleep(10 * 1000);
    CHECK_EQ_INT(atomic_load(&wakes_seen), 1);
    CHECK(fiber_resume(f));
    CHECK_EQ_INT(c.result, 7);
    CHECK(!pthread_equal(c.ran_on, pthread_self()));
    fiber_free(f);
    struct slow_call here = {0};
    fiber_offload(slow_call, &here); /* outside a fiber: on this thread */
    CHECK_EQ_INT(here.result, 7);
    CHECK(pthread_equal(here.ran_on, pthread_self()));
}

static pthread_t test_thread;
static atomic_int off_thread_now, off_thread_max, calls_done;

static void counted_slow_call(void *arg)
{
    (void)arg;
    bool elsewhere = !pthread_equal(pthread_self(), test_thread);
    if (elsewhere) {
        int now = atomic_fetch_add(&off_thread_now, 1) + 1;
        int max = atomic_load(&off_thread_max);
        while (now > max && !atomic_compare_exchange_weak(&off_thread_max, &max, now)) {
        }
    }
    usleep(100 * 1000);
    if (elsewhere)
        atomic_fetch_sub(&off_thread_now, 1);
    atomic_fetch_add(&calls_done, 1);
}

static void offload_counted(void *arg)
{
    fiber_offload(counted_slow_call, arg);
}

static void offloads_are_bounded(void)
{
    enum { N = FIBER_OFFLOAD_MAX + 6 };
    test_thread = pthread_self();
    static struct fiber *f[N];
    bool done[N] = {false};
    for (int i = 0; i < N; i++) {
        f[i] = fiber_new(offload_counted, NULL, count_wake, NULL);
        done[i] = fiber_resume(f[i]); /* past the bound: run here, to its end */
    }
    for (int round = 0; round < 100 && atomic_load(&calls_done) < N; round++)
        usleep(20 * 1000);
    CHECK_EQ_INT(atomic_load(&calls_done), N);
    for (int i = 0; i < N; i++) {
        if (!done[i])
            CHECK(fiber_resume(f[i]));
        fiber_free(f[i]);
    }
    CHECK(atomic_load(&off_thread_max) <= FIBER_OFFLOAD_MAX);
    CHECK(atomic_load(&off_thread_max) > 1); /* they did run side by side */
}

/* ---- The jansson arena with fibers ---- */

struct arena_request {
    json_t *value;
    bool wait_in_scope;
    char seen[64];
};

static void arena_request_main(void *arg)
{
    struct arena_request *q = arg;
    bool prev = nt_json_arena_enter();
    q->value = json_pack("{s:s}", "tekst", q->wait_in_scope ? "first request" : "second");
    if (q->wait_in_scope)
        fiber_wait(); /* against the rule: the arena must stay this request's */
    nt_json_arena_leave(prev);
    snprintf(q->seen, sizeof q->seen, "%s", json_string_value(json_object_get(q->value, "tekst")));
    json_decref(q->value);
    nt_json_arena_reset();
}

static void the_arena_stays_with_the_request_that_holds_it(void)
{
    nt_json_arena_install();
    struct arena_request first = {.wait_in_scope = true}, second = {0};
    struct fiber *a = fiber_new(arena_request_main, &first, count_wake, NULL);
    struct fiber *b = fiber_new(arena_request_main, &second, count_wake, NULL);
    CHECK(!fiber_resume(a)); /* waits holding a value built in the arena */
    CHECK(fiber_resume(b));  /* a whole request on the same thread, reset included */
    CHECK_EQ_STR(second.seen, "second");
    /* the second request neither reused nor reset the first one's memory */
    char *again = json_dumps(first.value, JSON_COMPACT);
    CHECK_EQ_STR(again, "{\"tekst\":\"first request\"}");
    free(again);
    fiber_wake(a);
    CHECK(fiber_resume(a));
    CHECK_EQ_STR(first.seen, "first request");
    fiber_free(a);
    fiber_free(b);
}

static const struct check_case cases[] = {
    {"a_fiber_pauses_and_continues_with_its_frames", a_fiber_pauses_and_continues_with_its_frames},
    {"a_resume_without_a_wake_pauses_again", a_resume_without_a_wake_pauses_again},
    {"a_wake_before_the_wait_is_not_lost", a_wake_before_the_wait_is_not_lost},
    {"many_fibers_interleave_on_one_thread_woken_from_another",
     many_fibers_interleave_on_one_thread_woken_from_another},
    {"stacks_are_reused", stacks_are_reused},
    {"stacks_pass_between_threads", stacks_pass_between_threads},
    {"an_offloaded_call_leaves_the_thread_free", an_offloaded_call_leaves_the_thread_free},
    {"offloads_are_bounded", offloads_are_bounded},
    {"the_arena_stays_with_the_request_that_holds_it",
     the_arena_stays_with_the_request_that_holds_it},
};

CHECK_MAIN("fiber", cases)
