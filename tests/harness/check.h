/* A tiny test runner (see docs/testing.md for why not Criterion): cases are
 * plain functions listed in a table; checks record failures without aborting
 * the case; the run prints TAP-style lines and ends with the line
 * "N passed, N failed". It exits non-zero on any failure or when no case ran. */
#ifndef CHECK_H
#define CHECK_H
#include <stddef.h>
#include <string.h>

struct check_case {
    const char *name;
    void (*fn)(void);
};

void check__fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond))                                                                             \
            check__fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                                 \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                       \
    do {                                                                                         \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                          \
        if (check_a_ != check_b_)                                                                \
            check__fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, check_a_, check_b_); \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                                       \
    do {                                                                                         \
        const char *check_a_ = (a), *check_b_ = (b);                                             \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0)                           \
            check__fail(__FILE__, __LINE__, "%s == %s:\n  got:      %s\n  expected: %s", #a, #b, \
                        check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");         \
    } while (0)

/* Substring check, for error messages and JSON fragments. */
#define CHECK_CONTAINS(hay, needle)                                                              \
    do {                                                                                         \
        const char *check_h_ = (hay), *check_n_ = (needle);                                      \
        if (!check_h_ || !strstr(check_h_, check_n_))                                            \
            check__fail(__FILE__, __LINE__, "%s contains %s:\n  in: %s\n  missing: %s", #hay,    \
                        #needle, check_h_ ? check_h_ : "(null)", check_n_);                      \
    } while (0)

/* Runs the cases whose name contains argv[1] (all when absent). */
int check_run(const char *suite, const struct check_case *cases, size_t n, int argc, char **argv);

#define CHECK_MAIN(suite, cases)                                                                 \
    int main(int argc, char **argv)                                                              \
    {                                                                                            \
        return check_run(suite, cases, sizeof(cases) / sizeof(cases[0]), argc, argv);            \
    }

#endif
