/* The person's dialogs in the bell (dialog.md 3.3): the dialog module's
 * tray (src/api/dialog/bell.h) as Dialogvarsel items with their times, so
 * notifikasjoner can merge them by time and the badge can count them. */
#include "api/dialog/bell.h"
#include "api/user/user_internal.h"
#include "base/alloc.h"
#include "base/clock.h"
#include "domain/oslo_time.h"

#include <stdlib.h>

int64_t user_dialog_items(struct store_tx *tx, const struct user_session *s,
                          struct user_dialog_item **out, size_t *out_n)
{
    json_t *list = json_array();
    int64_t unread = api_dialog_bell(tx, s->fnr, s->hoyt_nivaa, nt_now_us(), list);
    size_t n = json_array_size(list);
    struct user_dialog_item *items = nt_calloc(n + 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(list, i);
        int64_t at = 0;
        dom_parse_datetime(json_string_value(json_object_get(v, "sisteAktivitet")), &at);
        items[i] = (struct user_dialog_item){at, json_incref(v)};
    }
    json_decref(list);
    *out = items;
    *out_n = n;
    return unread;
}

void user_dialog_items_free(struct user_dialog_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        json_decref(items[i].value);
    free(items);
}
