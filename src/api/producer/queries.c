/* Producer queries over the read model: hentNotifikasjon and
 * mineNotifikasjoner (producer-api.md 8.1, 8.2), with the reference's order
 * of checks and its cursor format (base64 of "cur<n>"). */
#include "api/producer/producer_internal.h"
#include "auth/registry.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/uuid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Nodes ---- */

static json_t *recipient_of(const char *kind, const char *a, const char *b, const char *org)
{
    if (!kind || !org)
        return json_null();
    if (strcmp(kind, "altinn") == 0)
        return json_pack("{s:s,s:s,s:s,s:s}", "__typename", "AltinnMottaker", "serviceCode", a,
                         "serviceEdition", b, "virksomhetsnummer", org);
    if (strcmp(kind, "altinnRessurs") == 0)
        return json_pack("{s:s,s:s,s:s}", "__typename", "AltinnRessursMottaker", "ressursId", a,
                         "virksomhetsnummer", org);
    if (strcmp(kind, "altinnRolle") == 0)
        return json_pack("{s:s,s:s,s:s}", "__typename", "AltinnRolleMottaker",
                         "roleDefinitionCode", a, "virksomhetsnummer", org);
    if (strcmp(kind, "altinnReportee") == 0)
        return json_pack("{s:s,s:s,s:s}", "__typename", "AltinnReporteeMottaker", "fnr", a,
                         "virksomhetsnummer", org);
    return json_pack("{s:s,s:s,s:s,s:s}", "__typename", "NaermesteLederMottaker",
                     "naermesteLederFnr", a, "ansattFnr", b, "virksomhetsnummer", org);
}

#define NODE_COLUMNS                                                                             \
    "id, kind, merkelapp, ekstern_id, grupperingsid, tekst, lenke, opprettet_tidspunkt, "        \
    "tilstand, start_tidspunkt, slutt_tidspunkt, lokasjon, er_digitalt, identity"

/* A notification's recipients are those of its identity (the create's own
 * list, which no update changes), so no table of their own is written. */
static json_t *recipients_of(const char *identity_text)
{
    json_t *recipients = json_array();
    json_t *identity = identity_text ? json_loads(identity_text, 0, NULL) : NULL;
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(identity, "mottakere"), i, m) {
        json_array_append_new(recipients,
                              recipient_of(api_str(m, "kind"), api_str(m, "a"), api_str(m, "b"),
                                           api_str(m, "virksomhetsnummer")));
    }
    json_decref(identity);
    return recipients;
}

/* The notices given at creation, in their order, with their status. */
static json_t *notices_of(struct store_tx *tx, const char *id)
{
    json_t *notices = json_array();
    struct store_stmt *v = store_prepare(
        tx, "SELECT id, status FROM eksternt_varsel WHERE notifikasjon_id = ? ORDER BY pos");
    store_bind_text(v, 1, id);
    while (store_step(v) == STORE_ROW)
        json_array_append_new(notices, json_pack("{s:s,s:s}", "id", store_column_text(v, 0),
                                                 "status", store_column_text(v, 1)));
    return notices;
}

static json_t *avtale_data(struct store_stmt *row)
{
    const char *lokasjon = store_column_text(row, 11);
    json_t *data = json_pack("{s:s,s:s,s:s,s:s,s:s?,s:o,s:b,s:s}", "merkelapp",
                             store_column_text(row, 2), "tekst", store_column_text(row, 5), "lenke",
                             store_column_text(row, 6), "startTidspunkt", store_column_text(row, 9),
                             "sluttTidspunkt", store_column_text(row, 10), "lokasjon",
                             lokasjon ? json_loads(lokasjon, 0, NULL) : json_null(), "digitalt",
                             (int)store_column_int64(row, 12), "tilstand", store_column_text(row, 8));
    return data;
}

/* The Beskjed/Oppgave/Kalenderavtale value of the row (NODE_COLUMNS). */
static json_t *node_value(struct store_tx *tx, struct store_stmt *row)
{
    const char *id = store_column_text(row, 0), *kind = store_column_text(row, 1);
    bool oppgave = strcmp(kind, "OPPGAVE") == 0, avtale = strcmp(kind, "KALENDERAVTALE") == 0;
    json_t *recipients = recipients_of(store_column_text(row, 13));
    json_t *data;
    if (avtale) {
        data = avtale_data(row);
    } else {
        data = json_pack("{s:s,s:s,s:s}", "merkelapp", store_column_text(row, 2), "tekst",
                         store_column_text(row, 5), "lenke", store_column_text(row, 6));
        if (oppgave)
            json_object_set_new(data, "tilstand", json_string(store_column_text(row, 8)));
    }
    const char *type = avtale ? "Kalenderavtale" : oppgave ? "Oppgave" : "Beskjed";
    json_t *node = json_pack("{s:s,s:{s:s,s:s,s:s,s:s?},s:o,s:o}", "__typename", type, "metadata",
                             "id", id, "eksternId", store_column_text(row, 3), "opprettetTidspunkt",
                             store_column_text(row, 7), "grupperingsid", store_column_text(row, 4),
                             avtale ? "kalenderavtale" : oppgave ? "oppgave" : "beskjed", data,
                             "eksterneVarsler", notices_of(tx, id));
    if (!avtale) /* "mottaker" is the first recipient; a kalenderavtale has none */
        json_object_set(node, "mottaker",
                        json_array_size(recipients) ? json_array_get(recipients, 0) : json_null());
    json_object_set_new(node, "mottakere", recipients);
    return node;
}

/* ---- hentNotifikasjon ---- */

struct lookup {
    const char *id;
    json_t *node;
    char *merkelapp;
};

static int find_by_id(struct store_tx *tx, void *arg)
{
    struct lookup *l = arg;
    struct store_stmt *row = store_prepare(tx, "SELECT " NODE_COLUMNS " FROM notifikasjon WHERE id = ?");
    store_bind_text(row, 1, l->id);
    if (store_step(row) != STORE_ROW)
        return 0;
    l->merkelapp = nt_strdup(store_column_text(row, 2));
    l->node = node_value(tx, row);
    return 0;
}

int api_producer_hent_notifikasjon(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                   json_t **out)
{
    (void)parent;
    const struct producer_ctx *ctx = info->ctx;
    struct lookup l = {.id = json_string_value(json_object_get(args, "id"))};
    if (!nt_uuid_valid(l.id))
        return api_input_error(info, "id: verdien er ikke en gyldig UUID.");
    if (!ctx->producer) {
        *out = api_unknown_producer(ctx);
        return 0;
    }
    if (store_read(ctx->cfg->store, find_by_id, &l) != 0)
        return gql_resolve_fail(info, "The notification could not be read.");
    if (!l.node) {
        *out = api_error_valuef("NotifikasjonFinnesIkke", "notifikasjon med id=%s finnes ikke", l.id);
    } else if ((*out = api_check_owner(ctx, l.merkelapp))) {
        json_decref(l.node);
    } else {
        *out = json_pack("{s:s,s:o}", "__typename", "HentetNotifikasjon", "notifikasjon", l.node);
    }
    free(l.merkelapp);
    return 0;
}

/* ---- mineNotifikasjoner ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void cursor_of(long n, char *out, size_t size)
{
    char text[32];
    int len = snprintf(text, sizeof text, "cur%ld", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 5 < size; i += 3) {
        unsigned v = (unsigned char)text[i] << 16;
        if (i + 1 < len)
            v |= (unsigned char)text[i + 1] << 8;
        if (i + 2 < len)
            v |= (unsigned char)text[i + 2];
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? b64[v & 63] : '=';
    }
    out[o] = '\0';
}

/* The position a cursor names, or -1 when it is not ours. */
static long position_of(const char *cursor)
{
    char text[64];
    size_t o = 0, len = strlen(cursor);
    if (len % 4 || len > 40)
        return -1;
    for (size_t i = 0; i < len; i += 4) {
        unsigned v = 0;
        int pad = 0;
        for (int k = 0; k < 4; k++) {
            char c = cursor[i + k];
            const char *p = c == '=' ? NULL : strchr(b64, c);
            if (!p && c != '=')
                return -1;
            pad += c == '=';
            v = (v << 6) | (p ? (unsigned)(p - b64) : 0);
        }
        text[o++] = (char)(v >> 16);
        if (pad < 2)
            text[o++] = (char)(v >> 8);
        if (pad < 1)
            text[o++] = (char)v;
    }
    text[o] = '\0';
    char *end;
    if (strncmp(text, "cur", 3) != 0 || !text[3])
        return -1;
    long n = strtol(text + 3, &end, 10);
    return *end || n < 0 ? -1 : n;
}

struct page {
    json_t *merkelapper;
    const char *grupperingsid;
    long offset;
    long first;
    json_t *edges;
    bool has_next;
};

/* Newest first over several merkelapper: one walk of the (merkelapp,
 * event_seq) index per merkelapp, each stopping after the rows the page can
 * need, then merged (with an IN list SQLite read every row of those
 * merkelapper and sorted them all). */
static void page_sql(const struct page *p, struct nt_buf *sql)
{
    const char *filter = p->grupperingsid ? " AND grupperingsid = ?" : "";
    size_t n = json_array_size(p->merkelapper);
    if (n == 1) {
        nt_buf_printf(sql, "SELECT " NODE_COLUMNS " FROM notifikasjon WHERE merkelapp = ?%s "
                           "ORDER BY event_seq DESC LIMIT ? OFFSET ?", filter);
        return;
    }
    for (size_t i = 0; i < n; i++)
        nt_buf_printf(sql, "%sSELECT " NODE_COLUMNS ", event_seq FROM (SELECT " NODE_COLUMNS
                           ", event_seq FROM notifikasjon WHERE merkelapp = ?%s ORDER BY event_seq "
                           "DESC LIMIT ?) AS m%zu",
                      i ? " UNION ALL " : "", filter, i);
    nt_buf_puts(sql, " ORDER BY event_seq DESC LIMIT ? OFFSET ?");
}

static int read_page(struct store_tx *tx, void *arg)
{
    struct page *p = arg;
    struct nt_buf sql;
    nt_buf_init(&sql, 0);
    page_sql(p, &sql);
    struct store_stmt *st = store_prepare(tx, nt_buf_str(&sql));
    nt_buf_free(&sql);
    size_t n_merkelapper = json_array_size(p->merkelapper);
    int idx = 1;
    for (size_t i = 0; i < n_merkelapper; i++) {
        store_bind_text(st, idx++, json_string_value(json_array_get(p->merkelapper, i)));
        if (p->grupperingsid)
            store_bind_text(st, idx++, p->grupperingsid);
        if (n_merkelapper > 1)
            store_bind_int64(st, idx++, p->offset + p->first + 1);
    }
    store_bind_int64(st, idx++, p->first + 1);
    store_bind_int64(st, idx, p->offset);
    long n = 0;
    while (store_step(st) == STORE_ROW) {
        if (n == p->first) {
            p->has_next = true;
            break;
        }
        char cursor[64];
        cursor_of(p->offset + n + 1, cursor, sizeof cursor);
        json_array_append_new(p->edges, json_pack("{s:o,s:s}", "node", node_value(tx, st),
                                                  "cursor", cursor));
        n++;
    }
    return 0;
}

/* The merkelapp set of spec 8.1 step 2-3, or an error value in *out. */
static json_t *merkelapp_set(const struct producer_ctx *ctx, json_t *args, json_t **out)
{
    json_t *one = json_object_get(args, "merkelapp"), *many = json_object_get(args, "merkelapper");
    bool has_one = one && !json_is_null(one), has_many = many && !json_is_null(many);
    if (has_one && has_many) {
        *out = api_error_value("UgyldigMerkelapp",
                               "Kan ikke spesifiesere begge filtrene 'merkelapp' og 'merkelapper'");
        return NULL;
    }
    json_t *set = has_many ? json_deep_copy(many) : json_array();
    if (has_one)
        json_array_append(set, one);
    if (!has_one && !has_many) { /* all of the producer's own */
        const char *const *own;
        size_t n = auth_producer_merkelapper(ctx->producer, &own);
        for (size_t i = 0; i < n; i++)
            json_array_append_new(set, json_string(own[i]));
    }
    for (size_t i = 0; i < json_array_size(set); i++) {
        const char *m = json_string_value(json_array_get(set, i));
        for (size_t j = 0; j < i; j++) /* once each: the page reads per merkelapp */
            if (strcmp(m, json_string_value(json_array_get(set, j))) == 0) {
                json_array_remove(set, i--);
                m = NULL;
                break;
            }
        if (m && !auth_producer_has_merkelapp(ctx->producer, m)) {
            *out = api_foreign_merkelapp(ctx, m);
            json_decref(set);
            return NULL;
        }
    }
    return set;
}

int api_producer_mine_notifikasjoner(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                     json_t **out)
{
    (void)parent;
    const struct producer_ctx *ctx = info->ctx;
    json_t *first_arg = json_object_get(args, "first");
    long first = json_is_integer(first_arg) ? (long)json_integer_value(first_arg) : 1000;
    if (first > 10000) {
        char msg[128];
        snprintf(msg, sizeof msg,
                 "first: verdien overstiger maks antall tegn: verdi=%ld, upToIncluding=10000.", first);
        return api_input_error(info, msg);
    }
    if (first < 0)
        return api_input_error(info, "first: verdien kan ikke være negativ.");
    const char *after = json_string_value(json_object_get(args, "after"));
    long offset = after ? position_of(after) : 0;
    if (offset < 0)
        return api_input_error(info, "after: ukjent cursor.");
    if (!ctx->producer) {
        *out = api_unknown_producer(ctx);
        return 0;
    }
    struct page p = {.grupperingsid = json_string_value(json_object_get(args, "grupperingsid")),
                     .offset = offset, .first = first, .edges = json_array()};
    p.merkelapper = merkelapp_set(ctx, args, out);
    if (!p.merkelapper) {
        json_decref(p.edges);
        return 0;
    }
    if (json_array_size(p.merkelapper) && first > 0 &&
        store_read(ctx->cfg->store, read_page, &p) != 0) {
        json_decref(p.edges);
        json_decref(p.merkelapper);
        return gql_resolve_fail(info, "The notifications could not be read.");
    }
    char end[64];
    size_t n = json_array_size(p.edges);
    if (n)
        snprintf(end, sizeof end, "%s",
                 json_string_value(json_object_get(json_array_get(p.edges, n - 1), "cursor")));
    else
        cursor_of(0, end, sizeof end);
    *out = json_pack("{s:s,s:o,s:{s:b,s:s}}", "__typename", "NotifikasjonConnection", "edges",
                     p.edges, "pageInfo", "hasNextPage", p.has_next, "endCursor", end);
    json_decref(p.merkelapper);
    return 0;
}
