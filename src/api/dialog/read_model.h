/* The dialog read model (the tables of migration 0060 but vedlegg_innhold),
 * a projection of the event log: everything it holds is derived from event
 * payloads and the tables themselves, so replay rebuilds it exactly. */
#ifndef API_DIALOG_READ_MODEL_H
#define API_DIALOG_READ_MODEL_H
#include "events/evlog.h"

extern const struct evlog_projection dialog_read_model;

#endif
