/* Rows of the user read model as the GraphQL values of the user schema:
 * the member names are the schema's field names, so the engine's default
 * resolver reads them, and the live stream sends the same objects. */
#include "api/user/user_internal.h"

#include "base/map.h"
#include "domain/oslo_time.h"
#include "store/store.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

json_t *user_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* Members are set directly rather than with json_pack: the bell builds a
 * few thousand of them per request, and parsing a format costs. The texts
 * come from the read model, which holds only what a JSON parser accepted
 * (valid UTF-8), and the response writer escapes again: no second check. */
static void set_str(json_t *o, const char *key, const char *value)
{
    json_object_set_new_nocheck(o, key,
                                value ? json_stringn_nocheck(value, strlen(value)) : json_null());
}

void user_note_shared_init(struct user_note_shared *sh)
{
    nt_map_init(&sh->orgs);
    nt_map_init(&sh->texts);
}

static void release_values(struct nt_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            json_decref(m->slots[i].value);
    nt_map_free(m);
}

void user_note_shared_free(struct user_note_shared *sh)
{
    release_values(&sh->orgs);
    release_values(&sh->texts);
}

/* A new reference to the shared string value of text (a new string without
 * sh); the map's key is the value's own text, which lives as long as it. */
static json_t *shared_text(struct user_note_shared *sh, const char *text)
{
    if (!text)
        return json_null();
    if (!sh)
        return json_stringn_nocheck(text, strlen(text));
    json_t *v = nt_map_get(&sh->texts, text);
    if (!v) {
        v = json_stringn_nocheck(text, strlen(text));
        nt_map_put(&sh->texts, json_string_value(v), v);
    }
    return json_incref(v);
}

static void set_shared(json_t *o, const char *key, struct user_note_shared *sh, const char *text)
{
    json_object_set_new_nocheck(o, key, shared_text(sh, text));
}

static json_t *virksomhet_of(struct api_user *api, struct user_note_shared *sh, const char *orgnr)
{
    if (!sh)
        return user_virksomhet_json(api, orgnr);
    json_t *v = nt_map_get(&sh->orgs, orgnr);
    if (!v) {
        v = user_virksomhet_json(api, orgnr);
        nt_map_put(&sh->orgs, json_string_value(json_object_get(v, "virksomhetsnummer")), v);
    }
    return json_incref(v);
}

json_t *user_virksomhet_json(struct api_user *api, const char *orgnr)
{
    char navn[256];
    access_org_name(api->cfg.access, orgnr, navn, sizeof navn);
    json_t *v = json_object();
    set_str(v, "virksomhetsnummer", orgnr);
    set_str(v, "navn", navn);
    return v;
}

json_t *user_oslo_time_json(const char *text)
{
    int64_t at;
    if (!text || !dom_parse_datetime(text, &at))
        return json_null();
    struct dom_local l;
    dom_oslo_instant_to_local(at, &l);
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

static void set_col(json_t *o, const char *key, struct store_stmt *q, int c)
{
    set_str(o, key, store_column_text(q, c));
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
    set_col(v, "tilstand", q, C_TILSTAND);
    set_col(v, "paaminnelseTidspunkt", q, C_PAAMINNELSE);
    set_col(v, "utgaattTidspunkt", q, C_UTGAATT);
    set_col(v, "utfoertTidspunkt", q, C_UTFOERT);
    set_col(v, "frist", q, C_FRIST);
}

static void add_kalender_fields(json_t *v, struct store_stmt *q)
{
    set_col(v, "avtaletilstand", q, C_TILSTAND);
    json_object_set_new_nocheck(v, "startTidspunkt",
                                user_oslo_time_json(store_column_text(q, C_START)));
    json_object_set_new_nocheck(v, "sluttTidspunkt",
                                user_oslo_time_json(store_column_text(q, C_SLUTT)));
    json_object_set_new_nocheck(v, "lokasjon", lokasjon_of(q));
    json_object_set_new_nocheck(v, "digitalt", digitalt_of(q));
    set_col(v, "paaminnelseTidspunkt", q, C_PAAMINNELSE);
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
    return user_note_json_shared(api, q, timeline, NULL);
}

json_t *user_note_json_shared(struct api_user *api, struct store_stmt *q, bool timeline,
                              struct user_note_shared *sh)
{
    const char *kind = store_column_text(q, C_KIND);
    const char *opprettet = store_column_text(q, C_OPPRETTET);
    const char *paaminnelse = store_column_text(q, C_PAAMINNELSE);
    json_t *v = json_object();
    set_shared(v, "__typename", sh, type_name(kind, timeline));
    set_col(v, "id", q, C_ID);
    set_col(v, "tekst", q, C_TEKST);
    set_col(v, "lenke", q, C_LENKE);
    set_str(v, "opprettetTidspunkt", opprettet);
    if (strcmp(kind, "OPPGAVE") == 0)
        add_oppgave_fields(v, q);
    else if (strcmp(kind, "KALENDERAVTALE") == 0)
        add_kalender_fields(v, q);
    if (timeline)
        return v;
    bool by_reminder = strcmp(kind, "BESKJED") != 0 && paaminnelse;
    set_shared(v, "merkelapp", sh, store_column_text(q, C_MERKELAPP));
    set_str(v, "sorteringTidspunkt", by_reminder ? paaminnelse : opprettet);
    json_t *klikk = json_object();
    json_object_set_nocheck(klikk, "id", json_object_get(v, "id"));
    json_object_set_new_nocheck(klikk, "klikketPaa", json_boolean(store_column_int64(q, C_KLIKKET)));
    json_object_set_new_nocheck(v, "brukerKlikk", klikk);
    json_object_set_new_nocheck(v, "virksomhet",
                                virksomhet_of(api, sh, store_column_text(q, C_ORG)));
    json_t *sak = json_null();
    if (store_column_text(q, C_SAK_TITTEL)) {
        sak = json_object();
        set_col(sak, "tittel", q, C_SAK_TITTEL);
        set_col(sak, "tilleggsinformasjon", q, C_SAK_TILLEGG);
    }
    json_object_set_new_nocheck(v, "sak", sak);
    return v;
}

int64_t user_unread_count_with(struct store_tx *tx, const struct user_session *s,
                               int64_t unread_dialogs)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT tidspunkt_us FROM bruker_sist_lest WHERE fnr = ?");
    store_bind_text(q, 1, s->fnr);
    int64_t since = store_step(q) == STORE_ROW ? store_column_int64(q, 0) : INT64_MIN;
    q = store_prepare(
        tx, "SELECT count(*) FROM (SELECT 1 FROM bruker_synlig s WHERE s.fnr = ? AND "
            "s.sortering_us > ? AND s.ferdig = 0 AND (? OR s.refs_nl > 0) LIMIT " USER_UNREAD_MAX_TEXT ") x");
    store_bind_text(q, 1, s->fnr);
    store_bind_int64(q, 2, since);
    store_bind_int64(q, 3, s->altinn_ok);
    int64_t n = store_step(q) == STORE_ROW ? store_column_int64(q, 0) : 0;
    n += unread_dialogs > 0 ? unread_dialogs : 0;
    return n < USER_UNREAD_MAX ? n : USER_UNREAD_MAX;
}

int64_t user_unread_count(struct store_tx *tx, const struct user_session *s)
{
    struct user_dialog_item *d = NULL;
    size_t nd = 0;
    int64_t dialogs = user_dialog_items(tx, s, &d, &nd);
    user_dialog_items_free(d, nd);
    return user_unread_count_with(tx, s, dialogs);
}
