/* The producer read model of notifications (beskjed, oppgave,
 * kalenderavtale): rows, recipients, creation notices with their status,
 * update keys; the identity kept current as the notification changes. */
#include "api/producer/read_model_internal.h"
#include "domain/oslo_time.h"

#include <stdlib.h>
#include <string.h>

/* Events carry an avtale's times as Oslo local date-times; the rows keep
 * instants (UTC text), which is what the API prints and compares. */
static const char *instant_of(const char *local, char *out, size_t size)
{
    int64_t at;
    if (!local || !dom_parse_datetime(local, &at))
        return NULL;
    dom_format_instant(at, out, size);
    return out;
}

static const char *kind_of(const char *event_type)
{
    return strcmp(event_type, "BeskjedOpprettet") == 0   ? "BESKJED"
           : strcmp(event_type, "OppgaveOpprettet") == 0 ? "OPPGAVE"
                                                         : "KALENDERAVTALE";
}

static int insert_row(struct store_tx *tx, json_t *p, const char *kind, int64_t seq)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO notifikasjon (id, kind, merkelapp, ekstern_id, virksomhetsnummer, "
            "grupperingsid, tekst, lenke, opprettet_tidspunkt, tilstand, frist, produsent, "
            "identity, event_seq, sak_id, start_tidspunkt, slutt_tidspunkt, lokasjon, er_digitalt) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    static const char *const text_fields[] = {
        "notifikasjonId", NULL, "merkelapp", "eksternId", "virksomhetsnummer", "grupperingsid",
        "tekst", "lenke", "opprettetTidspunkt", "tilstand", "frist", "produsentId", "identity"};
    for (int i = 0; i < 13; i++)
        store_bind_text(st, i + 1, i == 1 ? kind : rm_str(p, text_fields[i]));
    store_bind_int64(st, 14, seq);
    store_bind_text(st, 15, rm_str(p, "sakId"));
    char start[64], slutt[64];
    store_bind_text(st, 16, instant_of(rm_str(p, "startTidspunkt"), start, sizeof start));
    store_bind_text(st, 17, instant_of(rm_str(p, "sluttTidspunkt"), slutt, sizeof slutt));
    json_t *lokasjon = json_object_get(p, "lokasjon");
    char *lokasjon_text = lokasjon && !json_is_null(lokasjon)
                              ? json_dumps(lokasjon, JSON_COMPACT | JSON_SORT_KEYS)
                              : NULL;
    store_bind_text(st, 18, lokasjon_text);
    free(lokasjon_text);
    json_t *digitalt = json_object_get(p, "erDigitalt");
    if (json_is_boolean(digitalt))
        store_bind_int64(st, 19, json_is_true(digitalt));
    else
        store_bind_text(st, 19, NULL);
    return rm_done(st);
}

/* Only the notices given at creation are listed (spec 8.1). */
static int insert_notices(struct store_tx *tx, json_t *p)
{
    json_t *list = json_object_get(p, "eksterneVarsler");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *v = json_array_get(list, i);
        char *spec = json_dumps(json_object_get(v, "spec"), JSON_COMPACT);
        struct store_stmt *st = store_prepare(
            tx, "INSERT INTO eksternt_varsel (id, notifikasjon_id, pos, kanal, spec, status) "
                "VALUES (?,?,?,?,?,'NY')");
        store_bind_text(st, 1, rm_str(v, "varselId"));
        store_bind_text(st, 2, rm_str(p, "notifikasjonId"));
        store_bind_int64(st, 3, (int64_t)i);
        store_bind_text(st, 4, rm_str(v, "kanal"));
        store_bind_text(st, 5, spec);
        free(spec);
        if (rm_done(st) != 0)
            return -1;
    }
    return 0;
}

int rm_notification_created(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    if (insert_row(tx, p, kind_of(e->type), e->seq) != 0 || insert_notices(tx, p) != 0)
        return -1;
    return rm_schedule_hard_delete(tx, e->aggregate_id, json_object_get(p, "hardDelete"));
}

static int set_tilstand(struct store_tx *tx, const char *id, const char *tilstand)
{
    struct store_stmt *st = store_prepare(tx, "UPDATE notifikasjon SET tilstand = ? WHERE id = ?");
    store_bind_text(st, 1, tilstand);
    store_bind_text(st, 2, id);
    json_t *changes = json_pack("{s:s}", "tilstand", tilstand);
    int rc = rm_done(st) == 0 ? rm_patch_identity(tx, false, id, changes) : -1;
    json_decref(changes);
    return rc;
}

static int moved(struct store_tx *tx, const struct evlog_event *e, json_t *p, const char *tilstand)
{
    if (set_tilstand(tx, e->aggregate_id, tilstand) != 0)
        return -1;
    return rm_schedule_hard_delete(tx, e->aggregate_id, json_object_get(p, "hardDelete"));
}

int rm_oppgave_utfoert(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    return moved(tx, e, p, "UTFOERT"); /* the lenke stays: nyLenke is the employer side's */
}

int rm_oppgave_utgaatt(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    return moved(tx, e, p, "UTGAATT");
}

/* The reminder's notices as the identity compares them (no ids). */
static json_t *reminder_notices(json_t *p)
{
    json_t *out = json_array();
    json_t *list = json_object_get(json_object_get(p, "paaminnelse"), "eksterneVarsler");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *v = json_array_get(list, i);
        json_array_append_new(out, json_pack("{s:O,s:O}", "kanal", json_object_get(v, "kanal"),
                                             "spec", json_object_get(v, "spec")));
    }
    return out;
}

int rm_frist_utsatt(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    struct store_stmt *st =
        store_prepare(tx, "UPDATE notifikasjon SET tilstand = 'NY', frist = ? WHERE id = ?");
    store_bind_text(st, 1, rm_str(p, "frist"));
    store_bind_text(st, 2, e->aggregate_id);
    json_t *changes = json_pack("{s:s,s:O,s:o}", "tilstand", "NY", "frist",
                                json_object_get(p, "frist"), "paaminnelseVarsler", reminder_notices(p));
    int rc = rm_done(st) == 0 ? rm_patch_identity(tx, false, e->aggregate_id, changes) : -1;
    json_decref(changes);
    return rc;
}

int rm_paaminnelse_endret(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    json_t *changes = json_pack("{s:o}", "paaminnelseVarsler", reminder_notices(p));
    int rc = rm_patch_identity(tx, false, e->aggregate_id, changes);
    json_decref(changes);
    return rc == 0 ? rm_record_key(tx, false, e->aggregate_id, rm_str(p, "idempotenceKey")) : -1;
}

/* Event field -> column of what a KalenderavtaleOppdatert may set. */
static const char *const avtale_columns[][2] = {
    {"tilstand", "UPDATE notifikasjon SET tilstand = ? WHERE id = ?"},
    {"tekst", "UPDATE notifikasjon SET tekst = ? WHERE id = ?"},
    {"lenke", "UPDATE notifikasjon SET lenke = ? WHERE id = ?"},
    {"startTidspunkt", "UPDATE notifikasjon SET start_tidspunkt = ? WHERE id = ?"},
    {"sluttTidspunkt", "UPDATE notifikasjon SET slutt_tidspunkt = ? WHERE id = ?"},
    {"lokasjon", "UPDATE notifikasjon SET lokasjon = ? WHERE id = ?"},
};

static int set_avtale_field(struct store_tx *tx, const char *id, const char *const column[2],
                            json_t *value)
{
    char instant[64];
    const char *field = column[0];
    bool time = strcmp(field, "startTidspunkt") == 0 || strcmp(field, "sluttTidspunkt") == 0;
    char *text = time                  ? strdup(instant_of(json_string_value(value), instant, sizeof instant)
                                                    ? instant
                                                    : "")
                 : json_is_string(value) ? strdup(json_string_value(value))
                                         : json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS);
    struct store_stmt *st = store_prepare(tx, column[1]);
    store_bind_text(st, 1, text);
    store_bind_text(st, 2, id);
    free(text);
    return rm_done(st);
}

int rm_kalenderavtale_oppdatert(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    json_t *changes = json_object();
    int rc = 0;
    for (size_t i = 0; i < sizeof avtale_columns / sizeof avtale_columns[0] && rc == 0; i++) {
        json_t *v = json_object_get(p, avtale_columns[i][0]);
        if (!v || json_is_null(v))
            continue;
        json_object_set(changes, avtale_columns[i][0], v);
        rc = set_avtale_field(tx, e->aggregate_id, avtale_columns[i], v);
    }
    json_t *digitalt = json_object_get(p, "erDigitalt");
    if (rc == 0 && json_is_boolean(digitalt)) {
        json_object_set(changes, "erDigitalt", digitalt);
        struct store_stmt *st = store_prepare(tx, "UPDATE notifikasjon SET er_digitalt = ? WHERE id = ?");
        store_bind_int64(st, 1, json_is_true(digitalt));
        store_bind_text(st, 2, e->aggregate_id);
        rc = rm_done(st);
    }
    if (json_object_get(p, "paaminnelse"))
        json_object_set_new(changes, "paaminnelseVarsler", reminder_notices(p));
    if (rc == 0)
        rc = rm_patch_identity(tx, false, e->aggregate_id, changes);
    json_decref(changes);
    if (rc == 0)
        rc = rm_record_key(tx, false, e->aggregate_id, rm_str(p, "idempotenceKey"));
    return rc == 0 ? rm_schedule_hard_delete(tx, e->aggregate_id, json_object_get(p, "hardDelete"))
                   : -1;
}

int rm_notice_status(struct store_tx *tx, const struct evlog_event *e, json_t *p)
{
    const char *status = strcmp(e->type, "EksterntVarselVellykket") == 0  ? "SENDT"
                         : strcmp(e->type, "EksterntVarselFeilet") == 0 ? "FEILET"
                                                                         : "KANSELLERT";
    struct store_stmt *st = store_prepare(
        tx, "UPDATE eksternt_varsel SET status = ? WHERE id = ? AND notifikasjon_id = ?");
    store_bind_text(st, 1, status);
    store_bind_text(st, 2, rm_str(p, "varselId"));
    store_bind_text(st, 3, e->aggregate_id);
    return rm_done(st);
}
