/* notifikasjoner (the bell), kommendeKalenderavtaler and the unread count
 * (user-api.md 4.1, 4.6, 8.2): reads over the person's visibility rows,
 * which are ordered the way the lists are. */
#include "api/user/user_internal.h"

#include "graphql/ast.h"

#include "base/alloc.h"
#include "base/clock.h"
#include "base/json_arena.h"
#include "base/map.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAGE 200
#define MAX_KOMMENDE 50

struct page_cmd {
    struct api_user *api;
    const struct user_session *s;
    int first;
    bool has_after;
    int64_t after_time, after_nr;
    json_t *items;
    int64_t *times; /* sort time of each item of items */
    bool more;
    int64_t last_time, last_nr;
    bool count_unread; /* antallUleste is selected: counted in the page's transaction */
    int64_t unread;
};

/* The person's dialogs d whose time falls in this page's range (from the
 * cursor, exclusive, down to the page's last notification, or to the end
 * on the last page), merged into the notifications by time. */
static void merge_dialogs(struct page_cmd *c, const struct user_dialog_item *d, size_t nd)
{
    if (!nd)
        return;
    int64_t upper = c->has_after ? c->after_time : INT64_MAX;
    int64_t lower = c->more ? c->last_time : INT64_MIN;
    json_t *merged = json_array();
    size_t n = json_array_size(c->items), i = 0, j = 0;
    while (i < n || j < nd) {
        if (j < nd && (d[j].at >= upper || d[j].at < lower)) {
            j++;
            continue;
        }
        bool take_dialog = j < nd && (i == n || d[j].at > c->times[i]);
        json_array_append(merged, take_dialog ? d[j++].value : json_array_get(c->items, i++));
    }
    json_decref(c->items);
    c->items = merged;
}

/* The dialogs are read once for both the merge and the unread count. */
static void dialogs_and_count(struct store_tx *tx, struct page_cmd *c)
{
    struct user_dialog_item *d = NULL;
    size_t nd = 0;
    int64_t unread_dialogs = user_dialog_items(tx, c->s, &d, &nd);
    if (unread_dialogs >= 0)
        merge_dialogs(c, d, nd);
    user_dialog_items_free(d, nd);
    if (c->count_unread)
        c->unread = user_unread_count_with(tx, c->s, unread_dialogs);
}

static int read_page(struct store_tx *tx, void *arg)
{
    struct page_cmd *c = arg;
    struct store_stmt *q = store_prepare(
        tx, c->has_after ? "SELECT " USER_NOTE_COLUMNS " FROM " USER_NOTE_FROM " WHERE "
                           USER_NOTE_WHERE " AND (s.sortering_us, s.nr) < (?, ?) ORDER BY "
                           "s.sortering_us DESC, s.nr DESC LIMIT ?"
                         : "SELECT " USER_NOTE_COLUMNS " FROM " USER_NOTE_FROM " WHERE "
                           USER_NOTE_WHERE " ORDER BY s.sortering_us DESC, s.nr DESC LIMIT ?");
    int i = user_bind_note_query(q, c->s);
    if (c->has_after) {
        store_bind_int64(q, i++, c->after_time);
        store_bind_int64(q, i++, c->after_nr);
    }
    store_bind_int64(q, i, c->first + 1);
    c->times = nt_calloc((size_t)c->first + 1, sizeof(*c->times));
    struct user_note_shared shared;
    user_note_shared_init(&shared);
    enum store_step st;
    while ((st = store_step(q)) == STORE_ROW) {
        size_t n = json_array_size(c->items);
        if ((int)n == c->first) {
            c->more = true;
            break;
        }
        json_array_append_new(c->items, user_note_json_shared(c->api, q, false, &shared));
        c->last_time = c->times[n] = store_column_int64(q, USER_NOTE_SORTERING);
        c->last_nr = store_column_int64(q, USER_NOTE_NR);
    }
    user_note_shared_free(&shared);
    if (st == STORE_ERROR)
        return -1;
    dialogs_and_count(tx, c);
    return 0;
}

/* Cursors are "<sortering microseconds>.<nr>". */
static bool parse_cursor(const char *text, int64_t *time, int64_t *nr)
{
    char *end;
    long long t = strtoll(text, &end, 10);
    if (*end != '.')
        return false;
    long long n = strtoll(end + 1, &end, 10);
    if (*end || n <= 0)
        return false;
    *time = t;
    *nr = n;
    return true;
}

/* Whether set asks for the field name at its own level, through inline
 * fragments and fragment spreads (validation has ruled out cycles; depth
 * bounds a document that was not validated). Directives are not looked
 * at: a field that @skip drops only costs its count. */
static bool selects_field(const struct gql_document *doc, const struct gql_selection_set *set,
                          const char *name, int depth)
{
    if (!set || depth > 16)
        return false;
    for (size_t i = 0; i < set->count; i++) {
        const struct gql_selection *s = &set->items[i];
        const struct gql_selection_set *inner = s->selection_set;
        if (s->kind == GQL_SEL_FIELD) {
            if (strcmp(s->name, name) == 0)
                return true;
            continue;
        }
        if (s->kind == GQL_SEL_FRAGMENT_SPREAD) {
            const struct gql_fragment *f = gql_document_fragment(doc, s->name);
            inner = f ? f->selection_set : NULL;
        }
        if (selects_field(doc, inner, name, depth + 1))
            return true;
    }
    return false;
}

int user_resolve_notifikasjoner(struct gql_resolve_info *info, json_t *parent, json_t *args,
                                json_t **out)
{
    (void)parent;
    struct user_ctx *ctx = info->ctx;
    json_t *first = json_object_get(args, "first");
    const char *after = json_string_value(json_object_get(args, "after"));
    struct page_cmd c = {.api = ctx->api, .first = MAX_PAGE};
    if (json_is_integer(first))
        c.first = (int)json_integer_value(first);
    if (c.first < 1 || c.first > MAX_PAGE)
        return gql_resolve_fail(info, "first må være mellom 1 og %d", MAX_PAGE);
    if (after && !(c.has_after = parse_cursor(after, &c.after_time, &c.after_nr)))
        return gql_resolve_fail(info, "after er ikke en gyldig markør: '%s'", after);
    c.s = user_session_of(ctx);
    c.count_unread = selects_field(info->document, info->node->selection_set, "antallUleste", 0);
    bool arena = nt_json_arena_enter(); /* the page's values die with the request */
    c.items = json_array();
    int rc = store_read(ctx->api->cfg.store, read_page, &c);
    free(c.times);
    if (rc != 0) {
        json_decref(c.items);
        nt_json_arena_leave(arena);
        return gql_resolve_fail(info, "Notifikasjonene kunne ikke leses.");
    }
    char cursor[64];
    snprintf(cursor, sizeof cursor, "%" PRId64 ".%" PRId64, c.last_time, c.last_nr);
    *out = json_pack("{s:o,s:b,s:b,s:{s:b,s:o}}", "notifikasjoner", c.items, "feilAltinn",
                     c.s->feil_altinn, "feilDigiSyfo", 0, "pageInfo", "hasNextPage", c.more,
                     "endCursor", json_array_size(c.items) ? json_string(cursor) : json_null());
    if (c.count_unread)
        json_object_set_new_nocheck(*out, "antallUleste", json_integer(c.unread));
    nt_json_arena_keep(*out);
    nt_json_arena_leave(arena);
    return 0;
}

static int count_unread(struct store_tx *tx, void *arg)
{
    void **a = arg;
    *(int64_t *)a[1] = user_unread_count(tx, a[0]);
    return 0;
}

/* notifikasjoner counted it in the page's transaction when it saw the
 * field selected (the parent's member); else (NotifikasjonerSistLest, or a
 * selection the check did not see) it is counted in a transaction of its
 * own. */
int user_resolve_antall_uleste(struct gql_resolve_info *info, json_t *parent, json_t *args,
                               json_t **out)
{
    (void)args;
    json_t *counted = json_object_get(parent, "antallUleste");
    if (json_is_integer(counted)) {
        *out = json_incref(counted);
        return 0;
    }
    struct user_ctx *ctx = info->ctx;
    int64_t n = 0;
    void *a[2] = {(void *)user_session_of(ctx), &n};
    if (store_read(ctx->api->cfg.store, count_unread, a) != 0)
        return gql_resolve_fail(info, "Antall uleste kunne ikke telles.");
    *out = json_integer(n);
    return 0;
}

/* ---- kommendeKalenderavtaler ---- */

struct kommende_cmd {
    struct api_user *api;
    const struct user_session *s;
    struct nt_map orgs;
    json_t *items;
};

static int read_kommende(struct store_tx *tx, void *arg)
{
    struct kommende_cmd *c = arg;
    struct store_stmt *q = store_prepare(
        tx, "SELECT " USER_NOTE_COLUMNS " FROM " USER_NOTE_FROM " WHERE " USER_NOTE_WHERE
            " AND s.kommende_us > ? ORDER BY s.kommende_us, s.nr");
    int i = user_bind_note_query(q, c->s);
    store_bind_int64(q, i, nt_now_us());
    enum store_step st = STORE_DONE;
    while (json_array_size(c->items) < MAX_KOMMENDE && (st = store_step(q)) == STORE_ROW) {
        if (nt_map_get(&c->orgs, store_column_text(q, USER_NOTE_ORG)))
            json_array_append_new(c->items, user_note_json(c->api, q, false));
    }
    return st == STORE_ERROR ? -1 : 0;
}

int user_resolve_kommende(struct gql_resolve_info *info, json_t *parent, json_t *args,
                          json_t **out)
{
    (void)parent;
    struct user_ctx *ctx = info->ctx;
    struct kommende_cmd c = {.api = ctx->api, .s = user_session_of(ctx)};
    bool arena = nt_json_arena_enter(); /* the answer's values die with the request */
    c.items = json_array();
    nt_map_init(&c.orgs);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(args, "virksomhetsnumre"), i, v)
        nt_map_put(&c.orgs, json_string_value(v), v);
    int rc = store_read(ctx->api->cfg.store, read_kommende, &c);
    nt_map_free(&c.orgs);
    if (rc != 0) {
        json_decref(c.items);
        nt_json_arena_leave(arena);
        return gql_resolve_fail(info, "Kalenderavtalene kunne ikke leses.");
    }
    *out = json_pack("{s:o,s:b,s:b}", "avtaler", c.items, "feilAltinn", c.s->feil_altinn,
                     "feilDigiSyfo", 0);
    nt_json_arena_keep(*out);
    nt_json_arena_leave(arena);
    return 0;
}
