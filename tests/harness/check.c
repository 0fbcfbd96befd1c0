#include "check.h"

#include <stdarg.h>
#include <stdio.h>

static int case_failures;

void check__fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stdout, "#   %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    case_failures++;
}

int check_run(const char *suite, const struct check_case *cases, size_t n, int argc, char **argv)
{
    const char *filter = argc > 1 ? argv[1] : NULL;
    int passed = 0, failed = 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (size_t i = 0; i < n; i++) {
        if (filter && !strstr(cases[i].name, filter))
            continue;
        case_failures = 0;
        cases[i].fn();
        if (case_failures) {
            failed++;
            printf("not ok %d - %s: %s\n", passed + failed, suite, cases[i].name);
        } else {
            passed++;
            printf("ok %d - %s: %s\n", passed + failed, suite, cases[i].name);
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return (failed || passed == 0) ? 1 : 0;
}
