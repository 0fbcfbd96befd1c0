#include "api/producer/read_model.h"

#include <jansson.h>
#include <string.h>

static int reset(struct store_tx *tx)
{
    return store_step(store_prepare(tx, "DELETE FROM notifikasjon")) == STORE_DONE &&
                   store_step(store_prepare(tx, "DELETE FROM sak")) == STORE_DONE
               ? 0
               : -1;
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int insert_notification(struct store_tx *tx, json_t *p, const char *kind, int64_t seq)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO notifikasjon (id, kind, merkelapp, ekstern_id, virksomhetsnummer, "
            "grupperingsid, tekst, lenke, opprettet_tidspunkt, tilstand, frist, produsent, "
            "identity, event_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    store_bind_text(st, 1, str(p, "notifikasjonId"));
    store_bind_text(st, 2, kind);
    store_bind_text(st, 3, str(p, "merkelapp"));
    store_bind_text(st, 4, str(p, "eksternId"));
    store_bind_text(st, 5, str(p, "virksomhetsnummer"));
    store_bind_text(st, 6, str(p, "grupperingsid"));
    store_bind_text(st, 7, str(p, "tekst"));
    store_bind_text(st, 8, str(p, "lenke"));
    store_bind_text(st, 9, str(p, "opprettetTidspunkt"));
    store_bind_text(st, 10, str(p, "tilstand"));
    store_bind_text(st, 11, str(p, "frist"));
    store_bind_text(st, 12, str(p, "produsentId"));
    store_bind_text(st, 13, str(p, "identity"));
    store_bind_int64(st, 14, seq);
    return store_step(st) == STORE_DONE ? 0 : -1;
}

static int insert_recipients(struct store_tx *tx, json_t *p)
{
    json_t *list = json_object_get(p, "mottakere");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *m = json_array_get(list, i);
        struct store_stmt *st = store_prepare(
            tx, "INSERT INTO mottaker (notifikasjon_id, pos, kind, a, b, virksomhetsnummer) "
                "VALUES (?,?,?,?,?,?)");
        store_bind_text(st, 1, str(p, "notifikasjonId"));
        store_bind_int64(st, 2, (int64_t)i);
        store_bind_text(st, 3, str(m, "kind"));
        store_bind_text(st, 4, str(m, "a"));
        store_bind_text(st, 5, str(m, "b"));
        store_bind_text(st, 6, str(m, "virksomhetsnummer"));
        if (store_step(st) != STORE_DONE)
            return -1;
    }
    return 0;
}

static int insert_notices(struct store_tx *tx, json_t *p)
{
    json_t *list = json_object_get(p, "eksterneVarsler");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *v = json_array_get(list, i);
        char *spec = json_dumps(json_object_get(v, "spec"), JSON_COMPACT);
        struct store_stmt *st = store_prepare(
            tx, "INSERT INTO eksternt_varsel (id, notifikasjon_id, pos, kanal, spec, status) "
                "VALUES (?,?,?,?,?,'NY')");
        store_bind_text(st, 1, str(v, "varselId"));
        store_bind_text(st, 2, str(p, "notifikasjonId"));
        store_bind_int64(st, 3, (int64_t)i);
        store_bind_text(st, 4, str(v, "kanal"));
        store_bind_text(st, 5, spec);
        free(spec);
        if (store_step(st) != STORE_DONE)
            return -1;
    }
    return 0;
}

/* The aggregate is a notification or a sak; a sak's notifications get
 * HardDelete events of their own (hard_delete.c). */
static int apply_hard_delete(struct store_tx *tx, const struct evlog_event *e)
{
    static const char *const sql[] = {"DELETE FROM notifikasjon WHERE id = ?",
                                      "DELETE FROM sak WHERE id = ?"};
    for (int i = 0; i < 2; i++) {
        struct store_stmt *st = store_prepare(tx, sql[i]);
        store_bind_text(st, 1, e->aggregate_id);
        if (store_step(st) != STORE_DONE)
            return -1;
    }
    return 0;
}

static int apply_sak(struct store_tx *tx, json_t *p, int64_t seq)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO sak (id, merkelapp, grupperingsid, virksomhetsnummer, tittel, lenke, "
            "tilleggsinformasjon, neste_steg, produsent, identity, event_seq) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?)");
    store_bind_text(st, 1, str(p, "sakId"));
    store_bind_text(st, 2, str(p, "merkelapp"));
    store_bind_text(st, 3, str(p, "grupperingsid"));
    store_bind_text(st, 4, str(p, "virksomhetsnummer"));
    store_bind_text(st, 5, str(p, "tittel"));
    store_bind_text(st, 6, str(p, "lenke"));
    store_bind_text(st, 7, str(p, "tilleggsinformasjon"));
    store_bind_text(st, 8, str(p, "nesteSteg"));
    store_bind_text(st, 9, str(p, "produsentId"));
    store_bind_text(st, 10, str(p, "identity"));
    store_bind_int64(st, 11, seq);
    if (store_step(st) != STORE_DONE)
        return -1;
    json_t *list = json_object_get(p, "mottakere");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *m = json_array_get(list, i);
        struct store_stmt *r = store_prepare(
            tx, "INSERT INTO sak_mottaker (sak_id, pos, kind, a, b, virksomhetsnummer) VALUES "
                "(?,?,?,?,?,?)");
        store_bind_text(r, 1, str(p, "sakId"));
        store_bind_int64(r, 2, (int64_t)i);
        store_bind_text(r, 3, str(m, "kind"));
        store_bind_text(r, 4, str(m, "a"));
        store_bind_text(r, 5, str(m, "b"));
        store_bind_text(r, 6, str(m, "virksomhetsnummer"));
        if (store_step(r) != STORE_DONE)
            return -1;
    }
    return 0;
}

static int apply_status(struct store_tx *tx, json_t *p, int64_t seq)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO sak_status (id, sak_id, status, overstyr_tekst, oppgitt, mottatt, "
            "idempotency_key, event_seq) VALUES (?,?,?,?,?,?,?,?)");
    store_bind_text(st, 1, str(p, "statusId"));
    store_bind_text(st, 2, str(p, "sakId"));
    store_bind_text(st, 3, str(p, "status"));
    store_bind_text(st, 4, str(p, "overstyrStatustekstMed"));
    store_bind_text(st, 5, str(p, "oppgittTidspunkt"));
    store_bind_text(st, 6, str(p, "mottattTidspunkt"));
    store_bind_text(st, 7, str(p, "idempotensKey"));
    store_bind_int64(st, 8, seq);
    return store_step(st) == STORE_DONE ? 0 : -1;
}

static int apply_case_event(struct store_tx *tx, const struct evlog_event *e)
{
    json_t *p = json_loads(e->payload, 0, NULL);
    int rc = !p ? -1
             : strcmp(e->type, "SakOpprettet") == 0 ? apply_sak(tx, p, e->seq)
                                                    : apply_status(tx, p, e->seq);
    json_decref(p);
    return rc;
}

/* ---- Notice statuses (written by the notice sender, src/notify) ----
 * EksterntVarselVellykket / Feilet / Kansellert: the status producers see
 * (producer-api.md 16.4) on a notice given at creation. */
static int apply_notice_status(struct store_tx *tx, const struct evlog_event *e)
{
    const char *status = strcmp(e->type, "EksterntVarselVellykket") == 0 ? "SENDT"
                         : strcmp(e->type, "EksterntVarselFeilet") == 0  ? "FEILET"
                                                                         : "KANSELLERT";
    json_t *p = json_loads(e->payload, 0, NULL);
    struct store_stmt *st = store_prepare(tx, "UPDATE eksternt_varsel SET status = ? WHERE id = ?");
    store_bind_text(st, 1, status);
    store_bind_text(st, 2, str(p, "varselId"));
    int rc = p && store_step(st) == STORE_DONE ? 0 : -1;
    json_decref(p);
    return rc;
}

static int apply(struct store_tx *tx, const struct evlog_event *e)
{
    if (strncmp(e->type, "EksterntVarsel", 14) == 0)
        return apply_notice_status(tx, e);
    if (strcmp(e->type, "SakOpprettet") == 0 || strcmp(e->type, "NyStatusSak") == 0)
        return apply_case_event(tx, e);
    if (strcmp(e->type, "HardDelete") == 0)
        return apply_hard_delete(tx, e);
    if (strcmp(e->type, "OppgaveUtfoert") == 0 || strcmp(e->type, "OppgaveUtgaatt") == 0) {
        struct store_stmt *st = store_prepare(tx, "UPDATE notifikasjon SET tilstand = ? WHERE id = ?");
        store_bind_text(st, 1, strcmp(e->type, "OppgaveUtfoert") == 0 ? "UTFOERT" : "UTGAATT");
        store_bind_text(st, 2, e->aggregate_id);
        return store_step(st) == STORE_DONE ? 0 : -1;
    }
    const char *kind = strcmp(e->type, "BeskjedOpprettet") == 0   ? "BESKJED"
                       : strcmp(e->type, "OppgaveOpprettet") == 0 ? "OPPGAVE"
                                                                 : NULL;
    if (!kind)
        return 0; /* not an event this model folds */
    json_t *p = json_loads(e->payload, 0, NULL);
    int rc = p && insert_notification(tx, p, kind, e->seq) == 0 && insert_recipients(tx, p) == 0 &&
                     insert_notices(tx, p) == 0
                 ? 0
                 : -1;
    json_decref(p);
    return rc;
}

const struct evlog_projection producer_read_model = {"producer", reset, apply};
