/* The producer read model (notifikasjon, mottaker, eksternt_varsel tables),
 * a projection of the event log: everything it holds is derived from event
 * payloads, so replay rebuilds it exactly. */
#ifndef API_PRODUCER_READ_MODEL_H
#define API_PRODUCER_READ_MODEL_H
#include "events/evlog.h"

extern const struct evlog_projection producer_read_model;

#endif
