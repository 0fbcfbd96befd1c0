/* One sak as the person sees it (user-api.md 4.2.5), for saker, sakById
 * and sakByGrupperingsid: its fields, its latest status, and a timeline of
 * only the notifications the person may see themselves (the reference
 * showed every notification of the sak to anyone who saw the sak). */
#include "api/user/sak.h"

#include "api/user/read_model_internal.h"
#include "base/alloc.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* Objects are built member by member rather than with json_pack: a page of
 * 30 saker builds a few hundred, and parsing a format each time costs. */
static json_t *status_json(const char *type, const char *tekst, const char *tidspunkt)
{
    json_t *v = json_object();
    json_object_set_new_nocheck(v, "type", json_string(type));
    json_object_set_new_nocheck(v, "tekst", json_string(tekst));
    json_object_set_new_nocheck(v, "tidspunkt", json_string(tidspunkt));
    return v;
}

static json_t *latest_status(struct store_tx *tx, int64_t nr, const char *opprettet)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT status, overstyrt_tekst, tidspunkt FROM bruker_sak_status WHERE sak_nr = ? "
            "ORDER BY mottatt_us DESC, seq DESC LIMIT 1");
    store_bind_int64(q, 1, nr);
    if (store_step(q) != STORE_ROW)
        return status_json("MOTTATT", "Mottatt", opprettet);
    const char *status = store_column_text(q, 0), *own = store_column_text(q, 1);
    return status_json(status, own ? own : urm_status_text(status), store_column_text(q, 2));
}

struct task_ref {
    json_t *element;
    size_t pos;
};

/* By frist, tasks without one last, ties in timeline order. */
static int by_frist(const void *pa, const void *pb)
{
    const struct task_ref *a = pa, *b = pb;
    const char *fa = json_string_value(json_object_get(a->element, "frist"));
    const char *fb = json_string_value(json_object_get(b->element, "frist"));
    if (fa && fb && strcmp(fa, fb) != 0)
        return strcmp(fa, fb);
    if (!fa != !fb)
        return fa ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* oppgaver (every task) and frister (the frist of each open task, null
 * when it has none), both by frist. */
static void add_tasks(json_t *sak, json_t *timeline)
{
    size_t n = json_array_size(timeline), ntasks = 0;
    struct task_ref *tasks = nt_calloc(n + 1, sizeof(*tasks));
    for (size_t i = 0; i < n; i++) {
        json_t *el = json_array_get(timeline, i);
        const char *type = json_string_value(json_object_get(el, "__typename"));
        if (strcmp(type, "OppgaveTidslinjeElement") == 0)
            tasks[ntasks++] = (struct task_ref){el, i};
    }
    qsort(tasks, ntasks, sizeof(*tasks), by_frist);
    json_t *oppgaver = json_array(), *frister = json_array();
    for (size_t i = 0; i < ntasks; i++) {
        json_t *el = tasks[i].element;
        json_t *oppgave = json_object();
        static const char *const keys[] = {"tilstand", "frist", "paaminnelseTidspunkt"};
        for (size_t k = 0; k < 3; k++) {
            json_t *member = json_object_get(el, keys[k]);
            json_object_set_nocheck(oppgave, keys[k], member ? member : json_null());
        }
        json_array_append_new(oppgaver, oppgave);
        const char *tilstand = json_string_value(json_object_get(el, "tilstand"));
        if (tilstand && strcmp(tilstand, "NY") == 0)
            json_array_append(frister, json_object_get(el, "frist"));
    }
    free(tasks);
    json_object_set_new(sak, "oppgaver", oppgaver);
    json_object_set_new(sak, "frister", frister);
}

static json_t *timeline_of(struct api_user *api, struct store_tx *tx,
                           const struct user_session *s, int64_t nr,
                           struct user_note_shared *sh)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT " USER_TIMELINE_COLUMNS " FROM " USER_TIMELINE_FROM " WHERE " USER_NOTE_WHERE
            " AND n.sak_nr = ? ORDER BY n.tidslinje_us DESC, n.nr DESC");
    store_bind_text(q, 1, s->fnr);
    store_bind_int64(q, 2, s->altinn_ok);
    store_bind_int64(q, 3, nr);
    json_t *items = json_array();
    while (store_step(q) == STORE_ROW)
        json_array_append_new(items, user_note_json_shared(api, q, true, sh));
    return items;
}

json_t *user_sak_json(struct api_user *api, struct store_tx *tx, const struct user_session *s,
                      int64_t nr, struct user_note_shared *sh)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT id, merkelapp, virksomhetsnummer, tittel, lenke, neste_steg, "
            "tilleggsinformasjon, opprettet FROM bruker_sak WHERE nr = ?");
    store_bind_int64(q, 1, nr);
    if (store_step(q) != STORE_ROW)
        return NULL;
    json_t *sak = json_object();
    json_object_set_new_nocheck(sak, "__typename", json_string("Sak"));
    json_object_set_new_nocheck(sak, "id", json_string(store_column_text(q, 0)));
    json_object_set_new_nocheck(sak, "merkelapp", json_string(store_column_text(q, 1)));
    json_object_set_new_nocheck(sak, "virksomhet",
                                user_virksomhet_json(api, store_column_text(q, 2)));
    json_object_set_new_nocheck(sak, "tittel", json_string(store_column_text(q, 3)));
    json_object_set_new_nocheck(sak, "lenke", user_str_or_null(store_column_text(q, 4)));
    json_object_set_new_nocheck(sak, "nesteSteg", user_str_or_null(store_column_text(q, 5)));
    json_object_set_new_nocheck(sak, "tilleggsinformasjon",
                                user_str_or_null(store_column_text(q, 6)));
    char *opprettet = nt_strdup(store_column_text(q, 7));
    json_object_set_new(sak, "sisteStatus", latest_status(tx, nr, opprettet));
    free(opprettet);
    json_t *timeline = timeline_of(api, tx, s, nr, sh);
    add_tasks(sak, timeline);
    json_object_set_new(sak, "tidslinje", timeline);
    return sak;
}

bool user_sak_visible(struct store_tx *tx, const struct user_session *s, int64_t nr)
{
    struct store_stmt *q = store_prepare(
        tx, "SELECT 1 FROM bruker_synlig_sak WHERE fnr = ? AND nr = ? AND (? OR refs_nl > 0)");
    store_bind_text(q, 1, s->fnr);
    store_bind_int64(q, 2, nr);
    store_bind_int64(q, 3, s->altinn_ok);
    return store_step(q) == STORE_ROW;
}
