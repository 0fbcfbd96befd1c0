#include "domain/hard_delete.h"

#include "domain/duration.h"
#include "domain/oslo_time.h"

#include <string.h>

int64_t dom_hard_delete_base(enum dom_hd_event event, int64_t call_us, const int64_t *given_us)
{
    switch (event) {
    case DOM_HD_NOTIFIKASJON_OPPRETTET:
    case DOM_HD_SAK_OPPRETTET:
    case DOM_HD_NY_STATUS_SAK:
        return given_us ? *given_us : call_us;
    case DOM_HD_KALENDERAVTALE_OPPRETTET:
    case DOM_HD_OPPDATERING:
        break;
    }
    return call_us;
}

bool dom_hard_delete_instant(const char *den, const char *om, int64_t base_us, int64_t *out_us)
{
    struct dom_local l;
    if (den) {
        if (!dom_parse_local_datetime(den, &l))
            return false;
        *out_us = dom_oslo_local_to_instant(&l);
        return true;
    }
    struct dom_duration d;
    if (!om || !dom_duration_parse(om, &d))
        return false;
    dom_utc_instant_to_local(base_us, &l);
    dom_local_add(&l, &d, 1);
    *out_us = dom_utc_local_to_instant(&l);
    return true;
}

bool dom_hd_strategy_parse(const char *text, enum dom_hd_strategy *out)
{
    if (text && strcmp(text, "FORLENG") == 0)
        *out = DOM_HD_FORLENG;
    else if (text && strcmp(text, "OVERSKRIV") == 0)
        *out = DOM_HD_OVERSKRIV;
    else
        return false;
    return true;
}

int64_t dom_hard_delete_merge(const int64_t *old_us, int64_t new_us, enum dom_hd_strategy s)
{
    if (s == DOM_HD_FORLENG && old_us && new_us < *old_us)
        return *old_us;
    return new_us;
}
