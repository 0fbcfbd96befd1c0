/* "Did you mean ...?" hints as graphql-js gives them (suggestionList with
 * lexical distance, didYouMean wording). */
#ifndef GQL_SUGGEST_H
#define GQL_SUGGEST_H
#include "base/buf.h"

#include <stddef.h>

/* Appends " Did you mean [sub_message ]"A", "B", or "C"?" to out for the
 * options close to input (at most five), or nothing when none is close.
 * sub_message may be NULL. */
void gql_did_you_mean(const char *input, const char *const *options, size_t n,
                      const char *sub_message, struct nt_buf *out);

/* Same wording for an already chosen, ordered list of names. */
void gql_did_you_mean_list(const char *const *names, size_t n, const char *sub_message,
                           struct nt_buf *out);

/* graphql-js naturalCompare: digit runs compare by value. */
int gql_natural_compare(const char *a, const char *b);

#endif
