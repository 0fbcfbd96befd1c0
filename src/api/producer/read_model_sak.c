/* The producer read model of saker: rows, recipients, status history,
 * nesteSteg/tilleggsinformasjon with their shared update keys. */
#include "api/producer/read_model_internal.h"

#include <string.h>

int rm_sak_created(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO sak (id, merkelapp, grupperingsid, virksomhetsnummer, tittel, lenke, "
            "tilleggsinformasjon, neste_steg, produsent, identity, event_seq) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?)");
    static const char *const fields[] = {"sakId", "merkelapp", "grupperingsid", "virksomhetsnummer",
                                         "tittel", "lenke", "tilleggsinformasjon", "nesteSteg",
                                         "produsentId", "identity"};
    for (int i = 0; i < 10; i++)
        store_bind_text(st, i + 1, rm_str(p, fields[i]));
    store_bind_int64(st, 11, e->seq);
    if (rm_done(st) != 0 || rm_insert_sak_recipients(tx, rm_str(p, "sakId"), json_object_get(p, "mottakere")) != 0)
        return -1;
    return rm_schedule_hard_delete(tx, e->aggregate_id, json_object_get(p, "hardDelete"));
}

int rm_sak_status(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO sak_status (id, sak_id, status, overstyr_tekst, oppgitt, mottatt, "
            "idempotency_key, event_seq) VALUES (?,?,?,?,?,?,?,?)");
    static const char *const fields[] = {"statusId", "sakId", "status", "overstyrStatustekstMed",
                                         "oppgittTidspunkt", "mottattTidspunkt", "idempotensKey"};
    for (int i = 0; i < 7; i++)
        store_bind_text(st, i + 1, rm_str(p, fields[i]));
    store_bind_int64(st, 8, e->seq);
    if (rm_done(st) != 0)
        return -1;
    /* hentSak shows the current link; a repeated nySak still compares the
     * link it was created with (the identity keeps it) */
    const char *lenke = rm_str(p, "nyLenkeTilSak");
    if (lenke) {
        struct store_stmt *u = store_prepare(tx, "UPDATE sak SET lenke = ? WHERE id = ?");
        store_bind_text(u, 1, lenke);
        store_bind_text(u, 2, e->aggregate_id);
        if (rm_done(u) != 0)
            return -1;
    }
    return rm_schedule_hard_delete(tx, e->aggregate_id, json_object_get(p, "hardDelete"));
}

/* NesteStegSak or TilleggsinformasjonSak: the value replaces the old (null clears). */
int rm_sak_field(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    bool neste = strcmp(e->type, "NesteStegSak") == 0;
    const char *field = neste ? "nesteSteg" : "tilleggsinformasjon";
    struct store_stmt *st =
        store_prepare(tx, neste ? "UPDATE sak SET neste_steg = ? WHERE id = ?"
                                : "UPDATE sak SET tilleggsinformasjon = ? WHERE id = ?");
    store_bind_text(st, 1, rm_str(p, field));
    store_bind_text(st, 2, e->aggregate_id);
    if (rm_done(st) != 0)
        return -1;
    json_t *changes = json_pack("{s:s?}", field, rm_str(p, field));
    int rc = rm_patch_identity(tx, true, e->aggregate_id, changes);
    json_decref(changes);
    return rc == 0 ? rm_record_key(tx, true, e->aggregate_id, rm_str(p, "idempotenceKey")) : -1;
}
