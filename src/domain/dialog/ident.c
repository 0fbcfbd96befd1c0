#include "domain/dialog/ident.h"

#include <string.h>

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int two(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Control digit for the weights, or -1 when the remainder makes none. */
static int control(const char *s, const int *weights, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += (s[i] - '0') * weights[i];
    int k = 11 - sum % 11;
    return k == 11 ? 0 : k == 10 ? -1 : k;
}

static bool fnr_gyldig(const char *s)
{
    static const int w1[] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    static const int w2[] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    int k1 = control(s, w1, 9), k2 = control(s, w2, 10);
    return k1 == s[9] - '0' && k2 == s[10] - '0';
}

static bool cpr_gyldig(const char *s)
{
    if (strcmp(s, "0000000000") == 0)
        return true;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int day = two(s), month = two(s + 2);
    return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
}

bool dom_ident_gyldig(const char *ident)
{
    size_t n = ident ? strlen(ident) : 0;
    if (!all_digits(ident ? ident : "", n))
        return false;
    if (n == 11)
        return fnr_gyldig(ident);
    if (n == 10)
        return cpr_gyldig(ident);
    return false;
}
