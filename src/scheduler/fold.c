#include "scheduler/fold.h"

#include "base/json_read.h"

#include <string.h>

int fold_event(struct store_tx *tx, const struct evlog_event *e, const struct fold *folds,
               size_t nfolds)
{
    for (size_t i = 0; i < nfolds; i++) {
        if (strcmp(e->type, folds[i].type) != 0)
            continue;
        if (!folds[i].reads_payload)
            return folds[i].fn(tx, e, NULL);
        /* the writer's decoded payload when it has one: parsing the text
         * again was a tenth of a create's instructions */
        const char *err;
        json_t *p = e->decoded ? json_incref(e->decoded)
                               : nt_json_parse(e->payload, strlen(e->payload), &err);
        int rc = p ? folds[i].fn(tx, e, p) : -1;
        json_decref(p);
        return rc;
    }
    return 0;
}
