/* Attachments (dialog.md 2.4.11): a raw upload checked by size, declared
 * type, name and content, stored content-addressed, then fetched by id by
 * whoever may see an owning dialog in full.
 *
 * Storage: the bytes live in the database (vedlegg_innhold), keyed by their
 * SHA-256, as base64 text in chunks of 768 KiB: the store contract has text
 * and integers only, and chunks keep each statement small. They are
 * written in the same command as the upload's event, so a committed
 * attachment always has all its bytes, identical uploads share one copy,
 * and several nodes on one PostgreSQL database need no shared disk. The
 * event log carries only the digest, size and type; replay leaves the
 * bytes alone. The price is a third more space and the writer thread
 * carrying up to 20 MB of text for a 15 MiB upload. */
#include "api/dialog/internal.h"
#include "base/alloc.h"
#include "base/clock.h"
#include "base/uuid.h"
#include "domain/dialog/vedlegg.h"
#include "events/evlog.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES (768 * 1024) /* a multiple of 3: base64 without padding inside */

static void sha256_hex(const void *bytes, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(bytes, len, md, &n, EVP_sha256(), NULL);
    for (unsigned int i = 0; i < n && i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    out[64] = '\0';
}

/* The bytes as base64 chunks (NULL-terminated array of malloc'ed texts). */
static char **encode_chunks(const char *bytes, size_t len)
{
    size_t n = (len + CHUNK_BYTES - 1) / CHUNK_BYTES;
    char **chunks = nt_calloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        size_t take = len - i * CHUNK_BYTES < CHUNK_BYTES ? len - i * CHUNK_BYTES : CHUNK_BYTES;
        chunks[i] = nt_malloc(4 * ((take + 2) / 3) + 1);
        EVP_EncodeBlock((unsigned char *)chunks[i], (const unsigned char *)bytes + i * CHUNK_BYTES,
                        (int)take);
    }
    return chunks;
}

static void free_chunks(char **chunks)
{
    for (size_t i = 0; chunks && chunks[i]; i++)
        free(chunks[i]);
    free(chunks);
}

/* Appends one chunk's bytes at out + *len; false when it is not base64 or
 * would pass max. */
static bool decode_chunk(const char *text, char *out, size_t *len, size_t max)
{
    size_t n = strlen(text);
    if (n % 4 != 0 || *len + n / 4 * 3 > max + 2)
        return false;
    unsigned char *tmp = nt_malloc(n / 4 * 3 + 1);
    int got = EVP_DecodeBlock(tmp, (const unsigned char *)text, (int)n);
    size_t pad = n >= 2 && text[n - 1] == '=' ? (text[n - 2] == '=' ? 2 : 1) : 0;
    bool ok = got >= 0 && (size_t)got >= pad && *len + (size_t)got - pad <= max;
    if (ok) {
        memcpy(out + *len, tmp, (size_t)got - pad);
        *len += (size_t)got - pad;
    }
    free(tmp);
    return ok;
}

/* ---- Upload ---- */

struct upload_cmd {
    struct dlg_req *q;
    json_t *payload;
    char **chunks;
};

/* The bytes, unless the same bytes are stored already. */
static int store_chunks(struct store_tx *tx, const char *sha, char **chunks)
{
    struct store_stmt *have =
        store_prepare(tx, "SELECT count(*) FROM vedlegg_innhold WHERE sha256 = ?");
    store_bind_text(have, 1, sha);
    if (store_step(have) == STORE_ROW && store_column_int64(have, 0) > 0)
        return 0;
    for (size_t i = 0; chunks[i]; i++) {
        struct store_stmt *st = store_prepare(
            tx, "INSERT INTO vedlegg_innhold (sha256, nr, data) VALUES (?,?,?) "
                "ON CONFLICT (sha256, nr) DO NOTHING");
        store_bind_text(st, 1, sha);
        store_bind_int64(st, 2, (int64_t)i);
        store_bind_text(st, 3, chunks[i]);
        if (store_step(st) != STORE_DONE)
            return -1;
    }
    return 0;
}

static int upload_command(struct store_tx *tx, void *arg)
{
    struct upload_cmd *c = arg;
    if (store_chunks(tx, json_string_value(json_object_get(c->payload, "sha256")), c->chunks) != 0)
        return -1;
    char *text = json_dumps(c->payload, JSON_COMPACT);
    struct evlog_event ev = {.aggregate_id = json_string_value(json_object_get(c->payload, "vedleggId")),
                             .type = "VedleggLastetOpp",
                             .payload = text,
                             .producer = c->q->caller.client,
                             .created_at = json_integer_value(json_object_get(c->payload, "lastetOpp"))};
    int rc = evlog_emit(tx, &ev);
    free(text);
    return rc;
}

static int check_upload(struct dlg_req *q, enum dom_medietype *type, struct dlg_err *e)
{
    size_t len;
    const char *bytes = http_body(q->http, &len);
    if (http_body_too_big(q->http))
        return dlg_fail(e, 413, "VedleggForStort", NULL, "Et vedlegg kan være høyst %zu byte",
                        q->api->vedlegg_max);
    if (!dom_vedlegg_medietype(http_header(q->http, "Content-Type"), type))
        return dlg_fail(e, 415, "VedleggstypeIkkeTillatt", NULL,
                        "Vedlegg må være application/pdf eller application/xml");
    const char *name = http_query_arg(q->http, "filnavn");
    if (!dom_vedlegg_filnavn_gyldig(name, *type))
        return dlg_fail(e, 400, "UgyldigFilnavn", "filnavn",
                        "filnavn må ha 1 til 255 tegn uten / \\ : eller kontrolltegn og ende på %s",
                        *type == DOM_MEDIE_PDF ? ".pdf" : ".xml");
    if (len == 0)
        return dlg_fail(e, 400, "VedleggTomt", NULL, "Vedlegget er tomt");
    if (!dom_vedlegg_innhold_gyldig(*type, (const unsigned char *)bytes, len))
        return dlg_fail(e, 400, "VedleggInnholdUgyldig", NULL,
                        *type == DOM_MEDIE_PDF ? "Innholdet er ikke en PDF"
                                               : "Innholdet er ikke velformet XML uten DOCTYPE");
    return 0;
}

enum http_handled dlg_vedlegg_last_opp(struct http_request *r, void *userdata)
{
    struct dlg_req q = {.api = userdata, .http = r};
    if (dlg_authenticate(&q, DLG_ORG) != 0)
        return HTTP_ANSWERED;
    struct dlg_err e;
    enum dom_medietype type;
    if (check_upload(&q, &type, &e) != 0) {
        dlg_respond_error(&q, &e);
        return HTTP_ANSWERED;
    }
    size_t len;
    const char *bytes = http_body(r, &len);
    char sha[65], id[37];
    sha256_hex(bytes, len, sha);
    int64_t now = nt_now_us();
    nt_uuid_v7(id, now / 1000);
    struct upload_cmd c = {.q = &q, .chunks = encode_chunks(bytes, len)};
    c.payload = json_pack("{s:s,s:s,s:s,s:I,s:s,s:I,s:s}", "vedleggId", id, "filnavn",
                          http_query_arg(r, "filnavn"), "medietype", dom_medietype_name(type),
                          "storrelse", (json_int_t)len, "sha256", sha, "lastetOpp",
                          (json_int_t)now, "org", q.caller.org->kode);
    int rc = dlg_write(&q, upload_command, &c);
    free_chunks(c.chunks);
    if (rc != 0) {
        json_decref(c.payload);
        dlg_fail(&e, 500, "Intern", NULL, "Vedlegget kunne ikke lagres");
        dlg_respond_error(&q, &e);
        return HTTP_ANSWERED;
    }
    json_t *answer = json_pack("{s:s,s:O,s:O,s:O,s:s}", "id", id, "filnavn",
                               json_object_get(c.payload, "filnavn"), "medietype",
                               json_object_get(c.payload, "medietype"), "storrelse",
                               json_object_get(c.payload, "storrelse"), "sha256", sha);
    json_decref(c.payload);
    dlg_respond_json(&q, 201, answer);
    return HTTP_ANSWERED;
}

/* ---- Download ---- */

struct fetch_cmd {
    struct dlg_req *q;
    struct dlg_err err;
    char filnavn[1024];
    char medietype[32];
    char sha[65];
    size_t storrelse;
    char *bytes; /* malloc'ed */
};

/* The stored bytes of the digest, exactly storrelse of them, or NULL. */
static char *load_bytes(struct store_tx *tx, const char *sha, size_t storrelse)
{
    struct store_stmt *st =
        store_prepare(tx, "SELECT data FROM vedlegg_innhold WHERE sha256 = ? ORDER BY nr");
    store_bind_text(st, 1, sha);
    char *out = nt_malloc(storrelse + 3);
    size_t len = 0;
    bool ok = true;
    while (ok && store_step(st) == STORE_ROW)
        ok = decode_chunk(store_column_text(st, 0), out, &len, storrelse);
    if (!ok || len != storrelse) {
        free(out);
        return NULL;
    }
    return out;
}

/* Whether the caller sees this owning dialog in full. */
static bool sees_in_full(struct store_tx *tx, struct fetch_cmd *c, const char *dialog_id)
{
    const struct dlg_caller *who = &c->q->caller;
    struct dlg_head h;
    struct dlg_err ignored;
    if (!dlg_read_head(tx, dialog_id, &h))
        return false;
    struct store_stmt *st = store_prepare(tx, "SELECT sikkerhetsniva FROM dialog WHERE id = ?");
    store_bind_text(st, 1, dialog_id);
    const char *level = store_step(st) == STORE_ROW ? store_column_text(st, 0) : "high";
    char nivaa[16];
    snprintf(nivaa, sizeof nivaa, "%s", level);
    if (who->kind == DLG_INNBYGGER)
        return strcmp(h.innbygger, who->ident) == 0 && dlg_fullt_for(who, &h.parter, nivaa);
    return dlg_org_ser_dialog(c->q->api, who->org, h.innbygger, &h.parter, DLG_DOKUMENT,
                              &ignored) == 0 &&
           dlg_fullt_for(who, &h.parter, nivaa);
}

static int fetch_command(struct store_tx *tx, void *arg)
{
    struct fetch_cmd *c = arg;
    const struct dlg_caller *who = &c->q->caller;
    struct store_stmt *st = store_prepare(
        tx, "SELECT filnavn, medietype, storrelse, sha256, lastet_opp_av_org FROM vedlegg WHERE id = ?");
    store_bind_text(st, 1, c->q->param);
    if (store_step(st) != STORE_ROW)
        return dlg_fail(&c->err, 404, "UkjentVedlegg", NULL, "Ukjent vedlegg %s", c->q->param);
    snprintf(c->filnavn, sizeof c->filnavn, "%s", store_column_text(st, 0));
    snprintf(c->medietype, sizeof c->medietype, "%s", store_column_text(st, 1));
    c->storrelse = (size_t)store_column_int64(st, 2);
    snprintf(c->sha, sizeof c->sha, "%s", store_column_text(st, 3));
    bool allowed = who->kind == DLG_ORG && strcmp(store_column_text(st, 4), who->org->kode) == 0;
    struct store_stmt *owners = store_prepare(
        tx, "SELECT DISTINCT dialog_id FROM dialog_vedlegg WHERE vedlegg_id = ?");
    store_bind_text(owners, 1, c->q->param);
    json_t *ids = json_array();
    while (store_step(owners) == STORE_ROW)
        json_array_append_new(ids, json_string(store_column_text(owners, 0)));
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) allowed = allowed || sees_in_full(tx, c, json_string_value(id));
    json_decref(ids);
    if (allowed)
        return (c->bytes = load_bytes(tx, c->sha, c->storrelse))
                   ? 0
                   : dlg_fail(&c->err, 500, "Intern", NULL, "Vedleggets innhold mangler");
    if (who->kind == DLG_INNBYGGER)
        return dlg_fail(&c->err, 404, "UkjentVedlegg", NULL, "Ukjent vedlegg %s", c->q->param);
    return dlg_fail(&c->err, 403, "IngenTilgang", NULL,
                    "Organisasjonen kan ikke se dialogen vedlegget hører til");
}

/* attachment; filename="ascii"; filename*=UTF-8''percent-encoded (RFC 6266). */
static void disposition(const char *name, char *out, size_t n)
{
    char ascii[512], enc[3200];
    size_t a = 0, p = 0;
    for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
        bool plain = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                     strchr("-._~", *s);
        if (a + 1 < sizeof ascii)
            ascii[a++] = *s < 0x80 && *s >= 0x20 && *s != '"' && *s != '\\' ? (char)*s : '_';
        if (p + 4 < sizeof enc)
            p += (size_t)snprintf(enc + p, sizeof enc - p, plain ? "%c" : "%%%02X", *s);
    }
    ascii[a] = enc[p] = '\0';
    snprintf(out, n, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
}

void dlg_vedlegg_hent(struct dlg_req *q)
{
    struct fetch_cmd c = {.q = q};
    int rc = store_read(q->api->cfg.store, fetch_command, &c);
    if (rc != 0) {
        if (rc != -1)
            dlg_fail(&c.err, 500, "Intern", NULL, "Lesingen feilet");
        dlg_respond_error(q, &c.err);
        return;
    }
    char *bytes = c.bytes;
    char disp[4000];
    disposition(c.filnavn, disp, sizeof disp);
    http_response_header(q->http, "Content-Disposition", disp);
    http_response_header(q->http, "X-Content-Type-Options", "nosniff");
    http_response_header(q->http, "Content-Security-Policy", "default-src 'none'; sandbox");
    http_response_header(q->http, "Cache-Control", "private, no-store");
    http_respond(q->http, 200, c.medietype, bytes, c.storrelse);
    free(bytes);
}
