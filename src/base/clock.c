#include "base/clock.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

/* now = frozen ? fixed : real + offset */
static _Atomic int64_t offset_us;
static _Atomic int64_t fixed_us;
static atomic_bool frozen;

static struct {
    nt_clock_listener_fn *fn;
    void *userdata;
} listeners[NT_CLOCK_MAX_LISTENERS];
static atomic_int nlisteners;

static int64_t real_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t nt_now_us(void)
{
    if (atomic_load(&frozen))
        return atomic_load(&fixed_us);
    return real_now_us() + atomic_load(&offset_us);
}

static void changed(void)
{
    int n = atomic_load(&nlisteners);
    for (int i = 0; i < n; i++)
        listeners[i].fn(listeners[i].userdata);
}

void nt_clock_set(int64_t us)
{
    atomic_store(&fixed_us, us);
    atomic_store(&frozen, true);
    changed();
}

void nt_clock_advance(int64_t delta_us)
{
    if (atomic_load(&frozen))
        atomic_fetch_add(&fixed_us, delta_us);
    else
        atomic_fetch_add(&offset_us, delta_us);
    changed();
}

void nt_clock_reset(void)
{
    atomic_store(&frozen, false);
    atomic_store(&offset_us, 0);
    changed();
}

void nt_clock_on_change(nt_clock_listener_fn *fn, void *userdata)
{
    int i = atomic_load(&nlisteners);
    if (i >= NT_CLOCK_MAX_LISTENERS)
        return;
    listeners[i].fn = fn;
    listeners[i].userdata = userdata;
    atomic_store(&nlisteners, i + 1);
}
