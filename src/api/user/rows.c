/* Rows of the user read model as the GraphQL values of the user schema:
 * the member names are the schema's field names, so the engine's default
 * resolver reads them, and the live stream sends the same objects. */
#include "api/user/user_internal.h"

#include "domain/oslo_time.h"
#include "store/store.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

json_t *user_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *user_virksomhet_json(struct api_user *api, const char *orgnr)
{
    char navn[256];
    access_org_name(api->cfg.access, orgnr, navn, sizeof navn);
    return json_pack("{s:s,s:s}", "virksomhetsnummer", orgnr, "navn", navn);
}

json_t *user_local_time_json(const char *local)
{
    struct dom_local l;
    if (!local || !dom_parse_local_datetime(local, &l))
        return json_null();
    int64_t at = dom_oslo_local_to_instant(&l);
    dom_oslo_instant_to_local(at, &l); /* a time in the spring gap moved forward */
    int32_t off = dom_oslo_offset_seconds(at);
    char out[48];
    snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", l.year, l.month, l.day,
             l.hour, l.minute, l.second, off < 0 ? '-' : '+', (off < 0 ? -off : off) / 3600,
             ((off < 0 ? -off : off) % 3600) / 60);
    return json_string(out);
}

int user_bind_note_query(struct store_stmt *st, const struct user_session *s)
{
    store_bind_int64(st, 1, s->altinn_ok);
    store_bind_text(st, 2, s->fnr);
    store_bind_int64(st, 3, s->altinn_ok);
    return 4;
}

/* Column positions of USER_NOTE_COLUMNS. */
enum {
    C_ID = 1, C_KIND, C_MERKELAPP, C_TEKST, C_LENKE, C_OPPRETTET, C_TILSTAND, C_FRIST,
    C_PAAMINNELSE, C_UTFOERT, C_UTGAATT, C_START, C_SLUTT, C_LOKASJON, C_DIGITALT, C_ORG,
    C_KLIKKET, C_SAK_TITTEL, C_SAK_TILLEGG,
};

static json_t *col(struct store_stmt *q, int c)
{
    return user_str_or_null(store_column_text(q, c));
}

static json_t *lokasjon_of(struct store_stmt *q)
{
    const char *text = store_column_text(q, C_LOKASJON);
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    return v ? v : json_null();
}

static json_t *digitalt_of(struct store_stmt *q)
{
    return store_column_text(q, C_DIGITALT) ? json_boolean(store_column_int64(q, C_DIGITALT))
                                            : json_null();
}

static void add_oppgave_fields(json_t *v, struct store_stmt *q)
{
    json_object_set_new(v, "tilstand", col(q, C_TILSTAND));
    json_object_set_new(v, "paaminnelseTidspunkt", col(q, C_PAAMINNELSE));
    json_object_set_new(v, "utgaattTidspunkt", col(q, C_UTGAATT));
    json_object_set_new(v, "utfoertTidspunkt", col(q, C_UTFOERT));
    json_object_set_new(v, "frist", col(q, C_FRIST));
}

static void add_kalender_fields(json_t *v, struct store_stmt *q)
{
    json_object_set_new(v, "avtaletilstand", col(q, C_TILSTAND));
    json_object_set_new(v, "startTidspunkt", user_local_time_json(store_column_text(q, C_START)));
    json_object_set_new(v, "sluttTidspunkt", user_local_time_json(store_column_text(q, C_SLUTT)));
    json_object_set_new(v, "lokasjon", lokasjon_of(q));
    json_object_set_new(v, "digitalt", digitalt_of(q));
    json_object_set_new(v, "paaminnelseTidspunkt", col(q, C_PAAMINNELSE));
}

static const char *type_name(const char *kind, bool timeline)
{
    if (strcmp(kind, "OPPGAVE") == 0)
        return timeline ? "OppgaveTidslinjeElement" : "Oppgave";
    if (strcmp(kind, "KALENDERAVTALE") == 0)
        return timeline ? "KalenderavtaleTidslinjeElement" : "Kalenderavtale";
    return timeline ? "BeskjedTidslinjeElement" : "Beskjed";
}

json_t *user_note_json(struct api_user *api, struct store_stmt *q, bool timeline)
{
    const char *kind = store_column_text(q, C_KIND);
    const char *opprettet = store_column_text(q, C_OPPRETTET);
    const char *paaminnelse = store_column_text(q, C_PAAMINNELSE);
    json_t *v = json_pack("{s:s,s:o,s:o,s:o,s:o}", "__typename", type_name(kind, timeline), "id",
                          col(q, C_ID), "tekst", col(q, C_TEKST), "lenke", col(q, C_LENKE),
                          "opprettetTidspunkt", col(q, C_OPPRETTET));
    if (strcmp(kind, "OPPGAVE") == 0)
        add_oppgave_fields(v, q);
    else if (strcmp(kind, "KALENDERAVTALE") == 0)
        add_kalender_fields(v, q);
    if (timeline)
        return v;
    bool by_reminder = strcmp(kind, "BESKJED") != 0 && paaminnelse;
    json_object_set_new(v, "merkelapp", col(q, C_MERKELAPP));
    json_object_set_new(v, "sorteringTidspunkt", json_string(by_reminder ? paaminnelse : opprettet));
    json_object_set_new(v, "brukerKlikk",
                        json_pack("{s:O,s:b}", "id", json_object_get(v, "id"), "klikketPaa",
                                  (int)store_column_int64(q, C_KLIKKET)));
    json_object_set_new(v, "virksomhet",
                        user_virksomhet_json(api, store_column_text(q, C_ORG)));
    const char *tittel = store_column_text(q, C_SAK_TITTEL);
    json_object_set_new(v, "sak", tittel ? json_pack("{s:s,s:o}", "tittel", tittel,
                                                     "tilleggsinformasjon", col(q, C_SAK_TILLEGG))
                                         : json_null());
    return v;
}

int64_t user_unread_count(struct store_tx *tx, const struct user_session *s)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT tidspunkt_us FROM bruker_sist_lest WHERE fnr = ?");
    store_bind_text(q, 1, s->fnr);
    int64_t since = store_step(q) == STORE_ROW ? store_column_int64(q, 0) : INT64_MIN;
    q = store_prepare(
        tx, "SELECT count(*) FROM (SELECT 1 FROM bruker_synlig s WHERE s.fnr = ? AND "
            "s.sortering_us > ? AND s.ferdig = 0 AND (? OR s.refs_nl > 0) LIMIT 1000) x");
    store_bind_text(q, 1, s->fnr);
    store_bind_int64(q, 2, since);
    store_bind_int64(q, 3, s->altinn_ok);
    return store_step(q) == STORE_ROW ? store_column_int64(q, 0) : 0;
}
