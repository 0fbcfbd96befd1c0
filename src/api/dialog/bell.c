#include "api/dialog/bell.h"

#include "api/dialog/internal.h"

#include <stdio.h>
#include <string.h>

int64_t api_dialog_bell(struct store_tx *tx, const char *ident, bool hoyt_nivaa, int64_t now,
                        json_t *out)
{
    struct store_stmt *st = store_prepare(
        tx, "SELECT d.id, d.tittel, d.avsender_navn, d.siste_aktivitet, d.sikkerhetsniva, "
            "CASE WHEN " DLG_SQL_ULEST " THEN 1 ELSE 0 END FROM dialog d WHERE " DLG_SQL_INNBOKS
            " AND d.arkivert IS NULL ORDER BY d.siste_aktivitet DESC, d.id DESC");
    if (!st)
        return -1;
    store_bind_text(st, 1, ident);
    store_bind_int64(st, 2, now);
    int64_t unread = 0;
    while (store_step(st) == STORE_ROW) {
        const char *id = store_column_text(st, 0);
        bool masked = strcmp(store_column_text(st, 4), "high") == 0 && !hoyt_nivaa;
        bool ulest = store_column_int64(st, 5) != 0;
        char lenke[96];
        snprintf(lenke, sizeof lenke, "/meldinger/dialog?id=%s", id);
        json_array_append_new(
            out, json_pack("{s:s,s:s,s:s,s:s,s:s?,s:o,s:b,s:s,s:b}", "__typename", "Dialogvarsel",
                           "id", id, "dialogId", id, "tittel",
                           masked ? DOM_HOYERE_NIVAA_TITTEL : store_column_text(st, 1),
                           "avsenderNavn", store_column_text(st, 2), "sisteAktivitet",
                           dlg_time_json(store_column_int64(st, 3)), "lest", !ulest, "lenke", lenke,
                           "innholdSkjult", masked));
        unread += ulest;
    }
    return unread;
}
