/* Coercion hooks for ISO8601DateTime, ISO8601LocalDateTime, ISO8601Date and
 * ISO8601Duration (producer-api.md section 4). */
#ifndef API_PRODUCER_SCALARS_H
#define API_PRODUCER_SCALARS_H
#include "graphql/gql.h"

extern const struct gql_scalar_binding api_producer_scalars[];
extern const size_t api_producer_nscalars;

#endif
