/* Finding the notification or sak a mutation addresses, inside its store
 * command, and the reference's words when it is not there. */
#include "api/producer/producer_internal.h"
#include "base/alloc.h"

#include <stdio.h>
#include <string.h>

#define NOTIFICATION_COLUMNS                                                                     \
    "id, kind, merkelapp, ekstern_id, virksomhetsnummer, grupperingsid, tilstand, frist, "       \
    "opprettet_tidspunkt, start_tidspunkt, slutt_tidspunkt, sak_id"

static void put(json_t *o, const char *key, const char *value)
{
    json_object_set_new(o, key, value ? json_string(value) : json_null());
}

json_t *api_find_notification(struct store_tx *tx, const struct api_address *a)
{
    struct store_stmt *q =
        a->id ? store_prepare(tx, "SELECT " NOTIFICATION_COLUMNS " FROM notifikasjon WHERE id = ?")
              : store_prepare(tx, "SELECT " NOTIFICATION_COLUMNS " FROM notifikasjon "
                                  "WHERE merkelapp = ? AND ekstern_id = ?");
    store_bind_text(q, 1, a->id ? a->id : a->merkelapp);
    if (!a->id)
        store_bind_text(q, 2, a->key);
    if (store_step(q) != STORE_ROW)
        return NULL;
    static const char *const names[] = {"id", "kind", "merkelapp", "eksternId", "virksomhetsnummer",
                                        "grupperingsid", "tilstand", "frist", "opprettetTidspunkt",
                                        "startTidspunkt", "sluttTidspunkt", "sakId"};
    json_t *row = json_object();
    for (int i = 0; i < 12; i++)
        put(row, names[i], store_column_text(q, i));
    return row;
}

json_t *api_find_sak(struct store_tx *tx, const struct api_address *a)
{
    struct store_stmt *q =
        a->id ? store_prepare(tx, "SELECT id, merkelapp, grupperingsid, virksomhetsnummer FROM sak "
                                  "WHERE id = ?")
              : store_prepare(tx, "SELECT id, merkelapp, grupperingsid, virksomhetsnummer FROM sak "
                                  "WHERE merkelapp = ? AND grupperingsid = ?");
    store_bind_text(q, 1, a->id ? a->id : a->merkelapp);
    if (!a->id)
        store_bind_text(q, 2, a->key);
    if (store_step(q) != STORE_ROW)
        return NULL;
    json_t *row = json_object();
    put(row, "id", store_column_text(q, 0));
    put(row, "merkelapp", store_column_text(q, 1));
    put(row, "grupperingsid", store_column_text(q, 2));
    put(row, "virksomhetsnummer", store_column_text(q, 3));
    return row;
}

static char *column_dup(struct store_stmt *q, int col)
{
    const char *v = store_column_text(q, col);
    return v ? nt_strdup(v) : NULL;
}

json_t *api_find_sak_and_notification(struct store_tx *tx, const char *merkelapp,
                                      const char *grupperingsid, const char *ekstern_id,
                                      char **out_id, char **out_identity)
{
    /* both keys are unique, so the one row has at most one match on each side */
    struct store_stmt *q = store_prepare(
        tx, "SELECT s.id, s.merkelapp, s.grupperingsid, s.virksomhetsnummer, n.id, n.identity "
            "FROM (SELECT 1) AS one LEFT JOIN sak s ON s.merkelapp = ? AND s.grupperingsid = ? "
            "LEFT JOIN notifikasjon n ON n.merkelapp = ? AND n.ekstern_id = ?");
    store_bind_text(q, 1, merkelapp);
    store_bind_text(q, 2, grupperingsid);
    store_bind_text(q, 3, merkelapp);
    store_bind_text(q, 4, ekstern_id);
    *out_id = *out_identity = NULL;
    if (store_step(q) != STORE_ROW)
        return NULL;
    *out_id = column_dup(q, 4);
    *out_identity = column_dup(q, 5);
    if (!store_column_text(q, 0))
        return NULL;
    json_t *row = json_object();
    put(row, "id", store_column_text(q, 0));
    put(row, "merkelapp", store_column_text(q, 1));
    put(row, "grupperingsid", store_column_text(q, 2));
    put(row, "virksomhetsnummer", store_column_text(q, 3));
    return row;
}

json_t *api_sak_recipients(struct store_tx *tx, const char *sak_id)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT kind, a, b, virksomhetsnummer FROM sak_mottaker WHERE sak_id = ? ORDER BY pos");
    store_bind_text(q, 1, sak_id);
    json_t *out = json_array();
    while (store_step(q) == STORE_ROW) {
        json_t *r = json_object();
        put(r, "kind", store_column_text(q, 0));
        put(r, "a", store_column_text(q, 1));
        put(r, "b", store_column_text(q, 2));
        put(r, "virksomhetsnummer", store_column_text(q, 3));
        json_array_append_new(out, r);
    }
    return out;
}

json_t *api_notification_not_found(const struct api_address *a)
{
    if (a->id)
        return api_error_valuef("NotifikasjonFinnesIkke", "Notifikasjon med id %s finnes ikke", a->id);
    return api_error_valuef("NotifikasjonFinnesIkke",
                            "Notifikasjon med eksternId %s og merkelapp %s finnes ikke", a->key,
                            a->merkelapp);
}

json_t *api_not_an_oppgave(const char *id)
{
    return api_error_valuef("NotifikasjonFinnesIkke", "Notifikasjonen (id %s) er ikke en oppgave", id);
}

json_t *api_sak_not_found(const struct api_address *a, bool lower_case)
{
    if (a->id)
        return api_error_valuef("SakFinnesIkke", lower_case ? "sak med id=%s finnes ikke"
                                                            : "Sak med id %s finnes ikke",
                                a->id);
    if (lower_case)
        return api_error_valuef("SakFinnesIkke", "sak med merkelapp='%s' og grupperingsid='%s' finnes ikke",
                                a->merkelapp, a->key);
    return api_error_valuef("SakFinnesIkke", "Sak med grupperingsid %s og merkelapp %s finnes ikke",
                            a->key, a->merkelapp);
}

struct api_address api_address_of(json_t *args, const char *key_field)
{
    return (struct api_address){.id = api_str(args, "id"), .merkelapp = api_str(args, "merkelapp"),
                                .key = api_str(args, key_field)};
}

bool api_is_kind(json_t *row, const char *kind)
{
    const char *k = api_str(row, "kind");
    return k && strcmp(k, kind) == 0;
}
