#include "graphql/suggest.h"

#include "base/alloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Damerau-Levenshtein distance between lower-cased strings, as graphql-js's
 * LexicalDistance; returns -1 when above threshold. */
static long lexical_distance(const char *input, const char *option, size_t threshold)
{
    if (strcmp(input, option) == 0)
        return 0;
    size_t la = strlen(option), lb = strlen(input);
    char *a = nt_malloc(la + 1), *b = nt_malloc(lb + 1);
    for (size_t i = 0; i <= la; i++)
        a[i] = (char)tolower((unsigned char)option[i]);
    for (size_t i = 0; i <= lb; i++)
        b[i] = (char)tolower((unsigned char)input[i]);
    long result = -1;
    if (strcmp(a, b) == 0) {
        result = 1;
        goto done;
    }
    if (la < lb) {
        char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    if (la - lb > threshold)
        goto done;
    size_t *rows[3];
    for (int r = 0; r < 3; r++)
        rows[r] = nt_calloc(lb + 1, sizeof(size_t));
    for (size_t j = 0; j <= lb; j++)
        rows[0][j] = j;
    bool over = false;
    for (size_t i = 1; i <= la && !over; i++) {
        size_t *up = rows[(i - 1) % 3], *cur = rows[i % 3];
        size_t smallest = cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t cell = up[j] + 1;
            if (cur[j - 1] + 1 < cell)
                cell = cur[j - 1] + 1;
            if (up[j - 1] + cost < cell)
                cell = up[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                rows[(i - 2) % 3][j - 2] + 1 < cell)
                cell = rows[(i - 2) % 3][j - 2] + 1;
            if (cell < smallest)
                smallest = cell;
            cur[j] = cell;
        }
        over = smallest > threshold;
    }
    if (!over && rows[la % 3][lb] <= threshold)
        result = (long)rows[la % 3][lb];
    for (int r = 0; r < 3; r++)
        free(rows[r]);
done:
    free(a);
    free(b);
    return result;
}

int gql_natural_compare(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            unsigned long long x = 0, y = 0;
            while (isdigit((unsigned char)*a))
                x = x * 10 + (unsigned)(*a++ - '0');
            while (isdigit((unsigned char)*b))
                y = y * 10 + (unsigned)(*b++ - '0');
            if (x != y)
                return x < y ? -1 : 1;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

struct scored {
    const char *name;
    long distance;
};

static int by_distance(const void *x, const void *y)
{
    const struct scored *a = x, *b = y;
    if (a->distance != b->distance)
        return a->distance < b->distance ? -1 : 1;
    return gql_natural_compare(a->name, b->name);
}

void gql_did_you_mean_list(const char *const *names, size_t n, const char *sub_message,
                           struct nt_buf *out)
{
    if (!n)
        return;
    if (n > 5)
        n = 5;
    nt_buf_puts(out, " Did you mean ");
    if (sub_message)
        nt_buf_printf(out, "%s ", sub_message);
    for (size_t i = 0; i < n; i++) {
        if (i && n == 2)
            nt_buf_puts(out, " or ");
        else if (i && i + 1 == n)
            nt_buf_puts(out, ", or ");
        else if (i)
            nt_buf_puts(out, ", ");
        nt_buf_printf(out, "\"%s\"", names[i]);
    }
    nt_buf_putc(out, '?');
}

void gql_did_you_mean(const char *input, const char *const *options, size_t n,
                      const char *sub_message, struct nt_buf *out)
{
    size_t threshold = strlen(input) * 4 / 10 + 1;
    struct scored *found = nt_calloc(n + 1, sizeof(*found));
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < count && !seen; j++)
            seen = strcmp(found[j].name, options[i]) == 0;
        long d = seen ? -1 : lexical_distance(input, options[i], threshold);
        if (d >= 0)
            found[count++] = (struct scored){options[i], d};
    }
    qsort(found, count, sizeof(*found), by_distance);
    const char **names = nt_calloc(count + 1, sizeof(*names));
    for (size_t i = 0; i < count; i++)
        names[i] = found[i].name;
    gql_did_you_mean_list(names, count, sub_message, out);
    free(names);
    free(found);
}
