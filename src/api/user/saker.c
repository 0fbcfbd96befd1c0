/* saker, sakstyper, sakById and sakByGrupperingsid (user-api.md 4.2-4.5).
 * saker reads the person's sak rows once, in sort order, and decides every
 * filter and counter in that one pass: totaltAntallSaker (all filters),
 * sakstyper (all but the sakstyper filter), oppgaveFilterInfo (all but the
 * task filter); only the page's saker are then read in full. */
#include "api/user/sak.h"
#include "api/user/visibility.h"
#include "base/alloc.h"
#include "base/json_arena.h"
#include "base/map.h"
#include "base/uuid.h"
#include "store/store.h"

#include <ctype.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 10
#define MAX_LIMIT 1000

/* A string set from a GraphQL list; all=true when the argument was null. */
struct str_set {
    bool all;
    struct nt_map items;
};

static void set_from(struct str_set *s, json_t *list)
{
    s->all = !json_is_array(list);
    nt_map_init(&s->items);
    nt_map_reserve(&s->items, json_array_size(list));
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) nt_map_put(&s->items, json_string_value(v), v);
}

static bool set_has(const struct str_set *s, const char *v)
{
    return s->all || nt_map_get(&s->items, v) != NULL;
}

/* The search tokens (user-api.md 4.2.1): lower case, split on white space
 * and . , : ; ; a run of four or more digits becomes its two-digit chunks;
 * the first ten tokens count. */
struct tokens {
    char *items[MAX_TOKENS];
    size_t n;
};

static void add_token(struct tokens *t, const char *s, size_t len)
{
    if (t->n < MAX_TOKENS)
        t->items[t->n++] = nt_strndup(s, len);
}

static bool all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static void tokenize(const char *text, struct tokens *t)
{
    memset(t, 0, sizeof(*t));
    if (!text)
        return;
    gchar *lower = g_utf8_strdown(text, -1);
    const char *sep = " \t\r\n.,:;";
    for (const char *p = lower; *p;) {
        size_t len = strcspn(p, sep);
        if (len >= 4 && all_digits(p, len))
            for (size_t i = 0; i < len; i += 2)
                add_token(t, p + i, len - i < 2 ? len - i : 2);
        else if (len)
            add_token(t, p, len);
        p += len;
        p += strspn(p, sep);
    }
    g_free(lower);
}

static void tokens_free(struct tokens *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->items[i]);
}

static bool matches_tokens(const struct tokens *t, const char *text)
{
    for (size_t i = 0; i < t->n; i++)
        if (!text || !strstr(text, t->items[i]))
            return false;
    return true;
}

/* ---- The filters ---- */

struct saker_query {
    struct str_set orgs, sakstyper;
    json_t *single_org; /* [virksomhetsnummer], which orgs borrows from */
    bool task_filter;    /* false: no task filter */
    unsigned task_mask;  /* a sak passes when its task bits meet the mask */
    struct tokens tokens;
    bool oldest_first;
    int64_t offset, limit;
};

static unsigned state_bit(const char *name)
{
    if (!strcmp(name, "TILSTAND_NY") || !strcmp(name, "NY"))
        return USER_TASK_NY;
    if (!strcmp(name, "TILSTAND_UTFOERT") || !strcmp(name, "UTFOERT"))
        return USER_TASK_UTFOERT;
    if (!strcmp(name, "TILSTAND_UTGAATT") || !strcmp(name, "UTGAATT"))
        return USER_TASK_UTGAATT;
    return 0;
}

/* The states asked for; TILSTAND_NY_MED_PAAMINNELSE_UTLOEST narrows them
 * to task rows whose reminder fired (alone it asks for nothing). */
static void task_filter_from(struct saker_query *q, json_t *filter)
{
    q->task_filter = json_is_array(filter);
    unsigned states = 0;
    bool reminder = false;
    size_t i;
    json_t *v;
    json_array_foreach(filter, i, v) {
        const char *name = json_string_value(v);
        if (strcmp(name, "TILSTAND_NY_MED_PAAMINNELSE_UTLOEST") == 0)
            reminder = true;
        else
            states |= state_bit(name);
    }
    q->task_mask = reminder ? states << 1 : states;
}

static int query_from(struct gql_resolve_info *info, json_t *args, struct saker_query *q)
{
    memset(q, 0, sizeof(*q));
    json_t *orgs = json_object_get(args, "virksomhetsnumre");
    const char *one = json_string_value(json_object_get(args, "virksomhetsnummer"));
    if (!json_is_array(orgs) && !one)
        return gql_resolve_fail(info, "argument 'virksomhetsnummer' required when "
                                      "'virksomhetsnumre' is not given");
    q->single_org = one ? json_pack("[s]", one) : NULL;
    set_from(&q->orgs, json_is_array(orgs) ? orgs : q->single_org);
    json_t *offset = json_object_get(args, "offset"), *limit = json_object_get(args, "limit");
    q->offset = json_is_integer(offset) ? json_integer_value(offset) : 0;
    q->limit = json_is_integer(limit) ? json_integer_value(limit) : 3;
    set_from(&q->sakstyper, json_object_get(args, "sakstyper"));
    json_t *filter = json_object_get(args, "oppgaveFilter");
    task_filter_from(q, json_is_array(filter) ? filter : json_object_get(args, "oppgaveTilstand"));
    tokenize(json_string_value(json_object_get(args, "tekstsoek")), &q->tokens);
    const char *sortering = json_string_value(json_object_get(args, "sortering"));
    q->oldest_first = sortering && strcmp(sortering, "ELDSTE") == 0;
    if (q->offset < 0 || q->limit < 0 || q->limit > MAX_LIMIT)
        return gql_resolve_fail(info, "offset må være >= 0 og limit mellom 0 og %d", MAX_LIMIT);
    return 0;
}

static void query_free(struct saker_query *q)
{
    nt_map_free(&q->orgs.items);
    nt_map_free(&q->sakstyper.items);
    json_decref(q->single_org);
    tokens_free(&q->tokens);
}

/* ---- The pass ---- */

struct type_count {
    char *navn;
    int64_t antall;
};

struct counters {
    int64_t total;
    struct nt_map by_type; /* navn -> struct type_count * */
    struct type_count **types;
    size_t ntypes;
    int64_t per_bit[6]; /* saker with each task bit, see enum user_task_bit */
    int64_t *page;      /* nr of the saker on the page */
    size_t npage;
};

static void count_type(struct counters *c, const char *navn)
{
    struct type_count *t = nt_map_get(&c->by_type, navn);
    if (!t) {
        t = nt_calloc(1, sizeof(*t));
        t->navn = nt_strdup(navn);
        c->types = nt_realloc(c->types, (c->ntypes + 1) * sizeof(*c->types));
        c->types[c->ntypes++] = t;
        nt_map_put(&c->by_type, t->navn, t);
    }
    t->antall++;
}

struct saker_cmd {
    struct api_user *api;
    const struct user_session *s;
    struct saker_query *q;
    struct counters c;
    json_t *saker;
};

static void consider(struct saker_cmd *cmd, const char *merkelapp, unsigned bits, int64_t nr)
{
    struct saker_query *q = cmd->q;
    struct counters *c = &cmd->c;
    bool type_ok = set_has(&q->sakstyper, merkelapp);
    bool task_ok = !q->task_filter || (bits & q->task_mask);
    if (task_ok)
        count_type(c, merkelapp);
    if (type_ok)
        for (int b = 0; b < 6; b++)
            if (bits & (1u << b))
                c->per_bit[b]++;
    if (!type_ok || !task_ok)
        return;
    if (c->total++ >= q->offset && (int64_t)c->npage < q->limit) {
        c->page = nt_realloc(c->page, (c->npage + 1) * sizeof(*c->page));
        c->page[c->npage++] = nr;
    }
}

static int read_saker(struct store_tx *tx, void *arg)
{
    struct saker_cmd *cmd = arg;
    bool search = cmd->q->tokens.n > 0;
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT ss.nr, ss.virksomhet, ss.merkelapp, ss.oppgaver, ss.refs_nl%s FROM "
             "bruker_synlig_sak ss%s WHERE ss.fnr = ? ORDER BY ss.sist_endret_us %s, ss.nr %s",
             search ? ", k.soketekst" : "", search ? " JOIN bruker_sak k ON k.nr = ss.nr" : "",
             cmd->q->oldest_first ? "ASC" : "DESC", cmd->q->oldest_first ? "ASC" : "DESC");
    struct store_stmt *st = store_prepare(tx, sql);
    store_bind_text(st, 1, cmd->s->fnr);
    enum store_step step;
    while ((step = store_step(st)) == STORE_ROW) {
        if (!cmd->s->altinn_ok && store_column_int64(st, 4) <= 0)
            continue; /* only what relations show */
        if (!set_has(&cmd->q->orgs, store_column_text(st, 1)))
            continue;
        if (search && !matches_tokens(&cmd->q->tokens, store_column_text(st, 5)))
            continue;
        int64_t bits = store_column_int64(st, 3);
        if (!cmd->s->altinn_ok)
            bits >>= USER_TASK_NL_SHIFT;
        consider(cmd, store_column_text(st, 2), (unsigned)(bits & 0xff),
                 store_column_int64(st, 0));
    }
    if (step != STORE_DONE)
        return -1;
    struct user_note_shared shared;
    user_note_shared_init(&shared);
    for (size_t i = 0; i < cmd->c.npage; i++) {
        json_t *sak = user_sak_json(cmd->api, tx, cmd->s, cmd->c.page[i], &shared);
        if (sak)
            json_array_append_new(cmd->saker, sak);
    }
    user_note_shared_free(&shared);
    return 0;
}

static int by_navn(const void *a, const void *b)
{
    return strcmp((*(struct type_count *const *)a)->navn, (*(struct type_count *const *)b)->navn);
}

/* sakstyper by navn, the filter counts in enum order; zeros left out. */
static json_t *result_of(struct saker_cmd *cmd)
{
    struct counters *c = &cmd->c;
    if (c->ntypes)
        qsort(c->types, c->ntypes, sizeof(*c->types), by_navn);
    json_t *types = json_array();
    for (size_t i = 0; i < c->ntypes; i++)
        json_array_append_new(types, json_pack("{s:s,s:I}", "navn", c->types[i]->navn, "antall",
                                               (json_int_t)c->types[i]->antall));
    static const struct {
        const char *filter, *tilstand;
        int bit;
    } kinds[] = {{"TILSTAND_NY", "NY", 0},
                 {"TILSTAND_UTFOERT", "UTFOERT", 2},
                 {"TILSTAND_UTGAATT", "UTGAATT", 4},
                 {"TILSTAND_NY_MED_PAAMINNELSE_UTLOEST", NULL, 1}};
    json_t *filter_info = json_array(), *tilstand_info = json_array();
    for (size_t i = 0; i < 4; i++) {
        json_int_t n = c->per_bit[kinds[i].bit];
        if (!n)
            continue;
        json_array_append_new(filter_info,
                              json_pack("{s:s,s:I}", "filterType", kinds[i].filter, "antall", n));
        if (kinds[i].tilstand)
            json_array_append_new(tilstand_info, json_pack("{s:s,s:I}", "tilstand",
                                                           kinds[i].tilstand, "antall", n));
    }
    return json_pack("{s:O,s:I,s:o,s:o,s:o,s:b}", "saker", cmd->saker, "totaltAntallSaker",
                     (json_int_t)c->total, "sakstyper", types, "oppgaveTilstandInfo",
                     tilstand_info, "oppgaveFilterInfo", filter_info, "feilAltinn",
                     cmd->s->feil_altinn);
}

int user_resolve_saker(struct gql_resolve_info *info, json_t *parent, json_t *args, json_t **out)
{
    (void)parent;
    struct user_ctx *ctx = info->ctx;
    struct saker_query q;
    if (query_from(info, args, &q) != 0) {
        query_free(&q);
        return -1;
    }
    struct saker_cmd cmd = {.api = ctx->api, .s = user_session_of(ctx), .q = &q};
    bool arena = nt_json_arena_enter(); /* the answer's values die with the request */
    cmd.saker = json_array();
    nt_map_init(&cmd.c.by_type);
    int rc = store_read(ctx->api->cfg.store, read_saker, &cmd);
    if (rc == 0)
        nt_json_arena_keep(*out = result_of(&cmd));
    json_decref(cmd.saker);
    nt_json_arena_leave(arena);
    for (size_t i = 0; i < cmd.c.ntypes; i++) {
        free(cmd.c.types[i]->navn);
        free(cmd.c.types[i]);
    }
    free(cmd.c.types);
    free(cmd.c.page);
    nt_map_free(&cmd.c.by_type);
    query_free(&q);
    return rc == 0 ? 0 : gql_resolve_fail(info, "Sakene kunne ikke leses.");
}

/* ---- sakstyper ---- */

struct sakstyper_cmd {
    const struct user_session *s;
    json_t *items;
};

static int read_sakstyper(struct store_tx *tx, void *arg)
{
    struct sakstyper_cmd *c = arg;
    struct store_stmt *q = store_prepare(
        tx, "SELECT DISTINCT merkelapp FROM bruker_synlig_sak WHERE fnr = ? AND "
            "(? OR refs_nl > 0) ORDER BY merkelapp");
    store_bind_text(q, 1, c->s->fnr);
    store_bind_int64(q, 2, c->s->altinn_ok);
    enum store_step step;
    while ((step = store_step(q)) == STORE_ROW)
        json_array_append_new(c->items, json_pack("{s:s}", "navn", store_column_text(q, 0)));
    return step == STORE_DONE ? 0 : -1;
}

int user_resolve_sakstyper(struct gql_resolve_info *info, json_t *parent, json_t *args,
                           json_t **out)
{
    (void)parent;
    (void)args;
    struct user_ctx *ctx = info->ctx;
    struct sakstyper_cmd c = {user_session_of(ctx), json_array()};
    if (store_read(ctx->api->cfg.store, read_sakstyper, &c) != 0) {
        json_decref(c.items);
        return gql_resolve_fail(info, "Sakstypene kunne ikke leses.");
    }
    *out = c.items;
    return 0;
}

/* ---- One sak ---- */

struct one_sak_cmd {
    struct api_user *api;
    const struct user_session *s;
    const char *id, *merkelapp, *grupperingsid;
    json_t *sak;
};

static int read_one_sak(struct store_tx *tx, void *arg)
{
    struct one_sak_cmd *c = arg;
    struct store_stmt *q;
    if (c->id) {
        q = store_prepare(tx, "SELECT nr FROM bruker_sak WHERE id = ?");
        store_bind_text(q, 1, c->id);
    } else {
        q = store_prepare(tx, "SELECT nr FROM bruker_sak WHERE merkelapp = ? AND "
                              "grupperingsid = ? ORDER BY nr");
        store_bind_text(q, 1, c->merkelapp);
        store_bind_text(q, 2, c->grupperingsid);
    }
    int64_t found = 0;
    while (!found && store_step(q) == STORE_ROW) {
        int64_t nr = store_column_int64(q, 0);
        if (user_sak_visible(tx, c->s, nr))
            found = nr;
    }
    c->sak = found ? user_sak_json(c->api, tx, c->s, found, NULL) : NULL;
    return 0;
}

static int resolve_one(struct gql_resolve_info *info, struct one_sak_cmd *c, json_t **out)
{
    struct user_ctx *ctx = info->ctx;
    c->api = ctx->api;
    c->s = user_session_of(ctx);
    if (store_read(ctx->api->cfg.store, read_one_sak, c) != 0)
        return gql_resolve_fail(info, "Saken kunne ikke leses.");
    *out = json_pack("{s:o,s:b}", "sak", c->sak ? c->sak : json_null(), "feilAltinn",
                     c->s->feil_altinn);
    return 0;
}

int user_resolve_sak_by_id(struct gql_resolve_info *info, json_t *parent, json_t *args,
                           json_t **out)
{
    (void)parent;
    struct one_sak_cmd c = {.id = json_string_value(json_object_get(args, "id"))};
    if (!c.id || !nt_uuid_valid(c.id))
        return gql_resolve_fail(info, "id må være en UUID, fikk '%s'", c.id ? c.id : "");
    return resolve_one(info, &c, out);
}

int user_resolve_sak_by_grupperingsid(struct gql_resolve_info *info, json_t *parent,
                                      json_t *args, json_t **out)
{
    (void)parent;
    struct one_sak_cmd c = {
        .merkelapp = json_string_value(json_object_get(args, "merkelapp")),
        .grupperingsid = json_string_value(json_object_get(args, "grupperingsid")),
    };
    return resolve_one(info, &c, out);
}
