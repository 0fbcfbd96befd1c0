/* The request pipeline: parse (token limit) -> alias and depth limits ->
 * validate -> execute -> JSON response. Parsed and validated documents are
 * cached by query text; entries are reference counted so eviction never frees
 * a document that another thread is executing. */
#include "base/alloc.h"
#include "base/map.h"
#include "graphql/coerce.h"
#include "graphql/exec.h"
#include "graphql/parse.h"
#include "graphql/validate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct doc_entry {
    int refs; /* guarded by the engine mutex */
    char *key;
    size_t key_len;
    struct gql_document *doc; /* NULL when the text does not parse */
    json_t *errors;           /* request errors (syntax, limit, validation); NULL if valid */
};

struct gql_engine {
    const struct gql_schema *schema;
    struct gql_limits limits;
    pthread_mutex_t mu;
    struct nt_map by_text;
    struct doc_entry **entries;
    size_t nentries;
};

struct gql_engine *gql_engine_new(const struct gql_schema *schema, const struct gql_limits *limits)
{
    static const struct gql_limits defaults = GQL_DEFAULT_LIMITS;
    struct gql_engine *e = nt_calloc(1, sizeof(*e));
    e->schema = schema;
    e->limits = limits ? *limits : defaults;
    pthread_mutex_init(&e->mu, NULL);
    nt_map_init(&e->by_text);
    e->entries = nt_calloc(e->limits.cache_entries + 1, sizeof(*e->entries));
    return e;
}

static void entry_release_locked(struct doc_entry *d)
{
    if (--d->refs > 0)
        return;
    gql_document_free(d->doc);
    json_decref(d->errors);
    free(d->key);
    free(d);
}

static void cache_clear_locked(struct gql_engine *e)
{
    for (size_t i = 0; i < e->nentries; i++)
        entry_release_locked(e->entries[i]);
    e->nentries = 0;
    nt_map_free(&e->by_text);
    nt_map_init(&e->by_text);
}

void gql_engine_free(struct gql_engine *e)
{
    if (!e)
        return;
    pthread_mutex_lock(&e->mu);
    cache_clear_locked(e);
    pthread_mutex_unlock(&e->mu);
    pthread_mutex_destroy(&e->mu);
    free(e->entries);
    free(e);
}

/* ---- Limits ---- */

static void add_error(json_t *errors, const char *message, const struct gql_loc *loc)
{
    /* Messages may quote bytes of the document; the response writer
     * replaces invalid UTF-8, so the text is stored unchecked. */
    json_t *err = json_object();
    json_object_set_new(err, "message", json_string_nocheck(message));
    if (loc && loc->line)
        json_object_set_new(err, "locations",
                            json_pack("[{s:I,s:I}]", "line", (json_int_t)loc->line, "column",
                                      (json_int_t)loc->column));
    json_array_append_new(errors, err);
}


/* Depth of selection sets with fragments expanded. Each fragment's depth is
 * computed once (memo), so documents that spread fragments inside fragments
 * cost linear time; a fragment met again while being computed (a cycle,
 * which validation reports) counts as depth 0. */
struct depth_ctx {
    const struct gql_document *doc;
    struct nt_map memo; /* name -> depth + 1 */
    struct nt_map busy; /* name -> non-NULL while computing */
};

static size_t set_depth(struct depth_ctx *d, const struct gql_selection_set *set);

static size_t fragment_depth(struct depth_ctx *d, const char *name)
{
    size_t memo = (size_t)nt_map_get(&d->memo, name);
    if (memo)
        return memo - 1;
    const struct gql_fragment *f = gql_document_fragment(d->doc, name);
    if (!f || nt_map_get(&d->busy, name))
        return 0;
    nt_map_put(&d->busy, name, (void *)f);
    size_t depth = set_depth(d, f->selection_set);
    nt_map_put(&d->busy, name, NULL);
    nt_map_put(&d->memo, name, (void *)(depth + 1));
    return depth;
}

static size_t set_depth(struct depth_ctx *d, const struct gql_selection_set *set)
{
    size_t max = 0;
    for (size_t i = 0; i < set->count; i++) {
        const struct gql_selection *s = &set->items[i];
        size_t depth;
        if (s->kind == GQL_SEL_FIELD)
            depth = 1 + (s->selection_set ? set_depth(d, s->selection_set) : 0);
        else if (s->kind == GQL_SEL_INLINE_FRAGMENT)
            depth = set_depth(d, s->selection_set);
        else
            depth = fragment_depth(d, s->name);
        if (depth > max)
            max = depth;
    }
    return max;
}

static size_t count_aliases(const struct gql_selection_set *set)
{
    size_t n = 0;
    for (size_t i = 0; set && i < set->count; i++) {
        n += set->items[i].alias != NULL;
        n += count_aliases(set->items[i].selection_set);
    }
    return n;
}

static bool check_limits(const struct gql_engine *e, const struct gql_document *doc,
                         json_t *errors)
{
    size_t aliases = 0;
    for (size_t i = 0; i < doc->ndefs; i++) {
        const struct gql_definition *d = &doc->defs[i];
        if (d->kind == GQL_DEF_OPERATION)
            aliases += count_aliases(d->u.operation->selection_set);
        else if (d->kind == GQL_DEF_FRAGMENT)
            aliases += count_aliases(d->u.fragment->selection_set);
    }
    char msg[160];
    if (e->limits.max_aliases && aliases > e->limits.max_aliases) {
        snprintf(msg, sizeof msg, "Document has %zu aliases; the limit is %u.", aliases,
                 e->limits.max_aliases);
        add_error(errors, msg, NULL);
        return false;
    }
    struct depth_ctx dc = {.doc = doc};
    nt_map_init(&dc.memo);
    nt_map_init(&dc.busy);
    bool ok = true;
    for (size_t i = 0; ok && e->limits.max_depth && i < doc->ndefs; i++) {
        const struct gql_definition *d = &doc->defs[i];
        if (d->kind != GQL_DEF_OPERATION)
            continue;
        size_t depth = set_depth(&dc, d->u.operation->selection_set);
        if (depth > e->limits.max_depth) {
            snprintf(msg, sizeof msg, "Query depth %zu exceeds the limit of %u.", depth,
                     e->limits.max_depth);
            add_error(errors, msg, &d->u.operation->loc);
            ok = false;
        }
    }
    nt_map_free(&dc.memo);
    nt_map_free(&dc.busy);
    return ok;
}

/* ---- Preparing a document (uncached work) ---- */

static struct doc_entry *prepare(const struct gql_engine *e, const char *text, size_t len)
{
    struct doc_entry *d = nt_calloc(1, sizeof(*d));
    d->refs = 1;
    d->key = nt_strndup(text, len);
    d->key_len = len;
    struct gql_parse_error perr;
    d->doc = gql_parse(text, len, e->limits.max_tokens, &perr);
    json_t *errors = json_array();
    if (!d->doc)
        add_error(errors, perr.message[0] ? perr.message : "Syntax Error.", &perr.loc);
    else if (check_limits(e, d->doc, errors))
        gql_validate(e->schema, d->doc, errors, 100);
    if (json_array_size(errors))
        d->errors = errors;
    else
        json_decref(errors);
    return d;
}

static struct doc_entry *lookup_or_prepare(struct gql_engine *e, const char *text, size_t len)
{
    pthread_mutex_lock(&e->mu);
    struct doc_entry *d = nt_map_getn(&e->by_text, text, len);
    if (d)
        d->refs++;
    pthread_mutex_unlock(&e->mu);
    if (d)
        return d;
    d = prepare(e, text, len);
    if (!e->limits.cache_entries)
        return d;
    pthread_mutex_lock(&e->mu);
    struct doc_entry *raced = nt_map_getn(&e->by_text, text, len);
    if (raced) {
        raced->refs++;
        entry_release_locked(d);
        d = raced;
    } else {
        if (e->nentries >= e->limits.cache_entries)
            cache_clear_locked(e);
        d->refs++; /* the cache's reference */
        e->entries[e->nentries++] = d;
        nt_map_putn(&e->by_text, d->key, d->key_len, d);
    }
    pthread_mutex_unlock(&e->mu);
    return d;
}

static void release(struct gql_engine *e, struct doc_entry *d)
{
    pthread_mutex_lock(&e->mu);
    entry_release_locked(d);
    pthread_mutex_unlock(&e->mu);
}

/* ---- Response writing (as JSON.stringify would) ---- */

/* {"errors":[...],"data":...} in graphql-js's order; data is JSON text or
 * NULL when the request failed before execution. */
static void write_response(struct nt_buf *out, json_t *errors, const struct nt_buf *data)
{
    nt_buf_putc(out, '{');
    if (errors && json_array_size(errors)) {
        nt_buf_puts(out, "\"errors\":");
        gql_json_write(errors, out);
        if (data)
            nt_buf_putc(out, ',');
    }
    if (data) {
        nt_buf_reserve(out, data->len + 16);
        nt_buf_puts(out, "\"data\":");
        nt_buf_append(out, data->data, data->len);
    }
    nt_buf_putc(out, '}');
}

enum gql_status gql_execute(struct gql_engine *e, const struct gql_request *req, struct nt_buf *out)
{
    struct doc_entry *d = lookup_or_prepare(e, req->query, req->query_len);
    enum gql_status status = GQL_STATUS_REQUEST_ERROR;
    if (d->errors) {
        write_response(out, d->errors, NULL);
    } else {
        json_t *errors = json_array();
        struct nt_buf data;
        nt_buf_init(&data, 0);
        bool executed = gql_exec(e->schema, d->doc, req, errors, &data);
        write_response(out, errors, executed ? &data : NULL);
        if (executed)
            status = GQL_STATUS_OK;
        nt_buf_free(&data);
        json_decref(errors);
    }
    release(e, d);
    return status;
}
