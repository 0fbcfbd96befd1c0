#include "base/fiber.h"

#include "base/alloc.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FIBER_ASAN 1
#endif
#endif
#ifdef FIBER_ASAN
#include <sanitizer/common_interface_defs.h>
/* Instrumented frames are several times larger. */
#define STACK_SIZE ((size_t)4 << 20)
#else
/* Room to spare for the deepest a request can nest (the GraphQL parser and
 * the request decoder stop at 128 levels): only pages touched take memory. */
#define STACK_SIZE ((size_t)1 << 20)
#endif
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define FIBER_VALGRIND 1
#endif
#endif

/* Stacks kept for reuse: mapping and unmapping one per request would cost
 * two system calls and a TLB flush each time. */
#define POOL_MAX 256

/* Switches between a fiber and its caller are sigsetjmp/siglongjmp with the
 * signal mask left alone: swapcontext saves and restores the mask with a
 * system call each time (five per request). A ucontext is only used to
 * start a new stack: its entry loop then runs one fiber after another, so a
 * pooled stack is started once. */
struct fiber {
    sigjmp_buf env, caller;
    struct stack *stack;
    fiber_fn *fn;
    void *arg;
    fiber_waker_fn *waker;
    void *waker_userdata;
    atomic_bool woken;
    bool done;
#ifdef FIBER_ASAN
    void *fake_stack, *caller_fake;
    const void *caller_bottom;
    size_t caller_size;
#endif
};

/* A pooled stack carries the fiber that runs on it: the fiber would
 * otherwise be a large malloc per request, and glibc consolidates its fast
 * bins before every large request. */
struct stack {
    void *base; /* the guard page; the usable stack is above it */
    size_t size;
    unsigned valgrind_id;
    bool started; /* its entry loop runs: resume by siglongjmp */
    ucontext_t start;
    struct stack *next;
    struct fiber fiber;
};

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static struct stack *pool;
static size_t pooled;
static _Thread_local struct fiber *current;

static struct stack *stack_take(void)
{
    pthread_mutex_lock(&pool_mu);
    struct stack *st = pool;
    if (st) {
        pool = st->next;
        pooled--;
    }
    pthread_mutex_unlock(&pool_mu);
    if (st)
        return st;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void *base = mmap(NULL, STACK_SIZE + page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (base == MAP_FAILED || mprotect(base, page, PROT_NONE) != 0) {
        perror("fiber stack");
        abort();
    }
    st = nt_calloc(1, sizeof(*st));
    st->base = (char *)base + page;
    st->size = STACK_SIZE;
#ifdef FIBER_VALGRIND
    st->valgrind_id = VALGRIND_STACK_REGISTER(st->base, (char *)st->base + st->size);
#endif
    return st;
}

static void stack_give(struct stack *st)
{
    pthread_mutex_lock(&pool_mu);
    bool keep = pooled < POOL_MAX;
    if (keep) {
        st->next = pool;
        pool = st;
        pooled++;
    }
    pthread_mutex_unlock(&pool_mu);
    if (keep)
        return;
#ifdef FIBER_VALGRIND
    VALGRIND_STACK_DEREGISTER(st->valgrind_id);
#endif
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    munmap((char *)st->base - page, st->size + page);
    free(st);
}

/* ---- Switching (with AddressSanitizer told which stack is live) ----
 * A stack's frames outlive each fiber on it (the entry loop), so its fake
 * stack is always kept, never dropped. */

static void asan_start_into(struct fiber *f)
{
#ifdef FIBER_ASAN
    __sanitizer_start_switch_fiber(&f->caller_fake, f->stack->base, f->stack->size);
#else
    (void)f;
#endif
}

static void asan_finish_back(struct fiber *f)
{
#ifdef FIBER_ASAN
    __sanitizer_finish_switch_fiber(f->caller_fake, NULL, NULL);
#else
    (void)f;
#endif
}

static void asan_start_out(struct fiber *f)
{
#ifdef FIBER_ASAN
    __sanitizer_start_switch_fiber(&f->fake_stack, f->caller_bottom, f->caller_size);
#else
    (void)f;
#endif
}

static void asan_finish_in(struct fiber *f)
{
#ifdef FIBER_ASAN
    __sanitizer_finish_switch_fiber(f->fake_stack, &f->caller_bottom, &f->caller_size);
#else
    (void)f;
#endif
}

/* Back to fiber_resume; returns when the fiber (or the next fiber on this
 * stack) is resumed. Reads no thread-local after the jump: it may come back
 * on another thread. */
static void switch_out(struct fiber *f)
{
    if (sigsetjmp(f->env, 0) == 0) {
        asan_start_out(f);
        siglongjmp(f->caller, 1);
    }
    asan_finish_in(f);
}

static void entry(void)
{
    struct stack *st = current->stack;
    asan_finish_in(&st->fiber); /* a new stack has no fake stack yet */
    for (;;) {
        struct fiber *f = &st->fiber;
        f->fn(f->arg);
        f->done = true;
        switch_out(f); /* returns when fiber_new gave this stack a new fiber */
    }
}

/* Not inlined: getcontext returns twice, which would put fiber_new's locals
 * at risk of a longjmp clobbering them. */
__attribute__((noinline)) static void prepare_start(struct stack *st)
{
    getcontext(&st->start);
    st->start.uc_stack.ss_sp = st->base;
    st->start.uc_stack.ss_size = st->size;
    st->start.uc_link = NULL;
    makecontext(&st->start, entry, 0);
}

struct fiber *fiber_new(fiber_fn *fn, void *arg, fiber_waker_fn *waker, void *waker_userdata)
{
    struct stack *st = stack_take();
    struct fiber *f = &st->fiber;
    f->stack = st;
    f->fn = fn;
    f->arg = arg;
    f->waker = waker;
    f->waker_userdata = waker_userdata;
    atomic_init(&f->woken, false);
    f->done = false;
    if (!st->started)
        prepare_start(st);
    return f;
}

bool fiber_resume(struct fiber *f)
{
    struct fiber *prev = current;
    current = f;
    if (sigsetjmp(f->caller, 0) == 0) {
        asan_start_into(f);
        if (f->stack->started)
            siglongjmp(f->env, 1);
        f->stack->started = true;
        setcontext(&f->stack->start);
        abort();
    }
    asan_finish_back(f);
    current = prev;
    return f->done;
}

void fiber_free(struct fiber *f)
{
    if (!f)
        return;
    if (!f->done)
        abort(); /* its stack still holds live frames */
    stack_give(f->stack); /* and f with it */
}

struct fiber *fiber_current(void)
{
    return current;
}

void fiber_wait(void)
{
    struct fiber *f = current;
    if (!f)
        abort();
    /* a resume without a wake (another event of the connection) pauses again */
    while (!atomic_exchange(&f->woken, false))
        switch_out(f);
}

void fiber_wake(struct fiber *f)
{
    /* read first: once woken, the fiber may run to its end and be freed */
    fiber_waker_fn *waker = f->waker;
    void *userdata = f->waker_userdata;
    atomic_store(&f->woken, true);
    waker(userdata);
}

struct offload {
    fiber_fn *fn;
    void *arg;
    struct fiber *fiber;
};

static atomic_int offloads_running;

static void *run_offload(void *arg)
{
    struct offload *o = arg; /* on the waiting fiber's stack */
    o->fn(o->arg);
    struct fiber *f = o->fiber;
    atomic_fetch_sub(&offloads_running, 1);
    fiber_wake(f);
    return NULL;
}

void fiber_offload(fiber_fn *fn, void *arg)
{
    struct offload o = {fn, arg, current};
    pthread_t t;
    pthread_attr_t attr;
    /* A thread per call: such calls are rare (cache misses), and a pool
     * would hold threads for nothing. A service that hangs must not make
     * thousands of them, though: past the bound the call blocks its own
     * thread, as every call did before fibers. */
    if (!o.fiber || atomic_fetch_add(&offloads_running, 1) >= FIBER_OFFLOAD_MAX) {
        if (o.fiber)
            atomic_fetch_sub(&offloads_running, 1);
        fn(arg);
        return;
    }
    bool started = pthread_attr_init(&attr) == 0;
    if (started) {
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        started = pthread_create(&t, &attr, run_offload, &o) == 0;
        pthread_attr_destroy(&attr);
    }
    if (started) {
        fiber_wait();
        return;
    }
    atomic_fetch_sub(&offloads_running, 1);
    fn(arg);
}
