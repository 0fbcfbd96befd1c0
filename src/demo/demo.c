#include "demo/demo.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/embed.h"
#include "domain/duration.h"
#include "domain/oslo_time.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE_US (60 * 1000000LL)

/* What the steps share: the clock reading they are relative to, the ids
 * saved with "as", the named recipient lists. */
struct run {
    int64_t now_us;
    json_t *ids;        /* name -> id */
    json_t *mottakere;  /* borrowed from the data */
    const char *operations;
    bool needs_skipped; /* the step refers to the id of a skipped step */
    char *err;
};

const char *demo_registry_json(void)
{
    return nt_embed_get("demo/registry.json", NULL);
}

static int write_file(const char *path, const char *name, char **out_err)
{
    const char *text = nt_embed_get(name, NULL);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        if (asprintf(out_err, "cannot write %s", path) < 0)
            *out_err = NULL;
        return -1;
    }
    return 0;
}

int demo_write_files(const char *access_path, const char *registry_path, char **out_err)
{
    if (write_file(access_path, "demo/access.json", out_err) != 0)
        return -1;
    return write_file(registry_path, "demo/registry.json", out_err);
}

/* ---- Templates ---- */

/* now moved by "+P3D" / "-PT2H" (calendar days in Oslo), or now for "". */
static bool shifted(const struct run *run, const char *offset, size_t n, int64_t *out_us)
{
    *out_us = run->now_us;
    if (n == 0)
        return true;
    if (offset[0] != '+' && offset[0] != '-')
        return false;
    char text[64];
    if (n - 1 >= sizeof text)
        return false;
    memcpy(text, offset + 1, n - 1);
    text[n - 1] = '\0';
    struct dom_duration d;
    if (!dom_duration_parse(text, &d))
        return false;
    struct dom_local l;
    dom_oslo_instant_to_local(run->now_us, &l);
    dom_local_add(&l, &d, offset[0] == '+' ? 1 : -1);
    *out_us = dom_oslo_local_to_instant(&l);
    return true;
}

/* One {{...}} placeholder (without the braces) appended to out. */
static bool expand_one(struct run *run, const char *p, size_t n, struct nt_buf *out)
{
    if (n > 3 && strncmp(p, "id:", 3) == 0) {
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(n - 3), p + 3);
        json_t *saved = json_object_get(run->ids, name);
        const char *id = json_string_value(saved);
        if (json_is_null(saved))
            return run->needs_skipped = true;
        if (id)
            nt_buf_puts(out, id);
        return id != NULL;
    }
    if (n == 0 || (p[0] != 't' && p[0] != 'd' && p[0] != 'l'))
        return false;
    const char *clock = p[0] == 'l' ? memchr(p, ' ', n) : NULL;
    size_t offset_len = clock ? (size_t)(clock - p) - 1 : n - 1;
    int64_t at;
    if (!shifted(run, p + 1, offset_len, &at))
        return false;
    struct dom_local l;
    dom_oslo_instant_to_local(at, &l);
    int hour = 0, minute = 0;
    if (p[0] == 't') {
        char text[48];
        dom_format_instant(at, text, sizeof text);
        nt_buf_puts(out, text);
    } else if (p[0] == 'd') {
        nt_buf_printf(out, "%04d-%02d-%02d", l.year, l.month, l.day);
    } else if (clock && sscanf(clock + 1, "%d:%d", &hour, &minute) == 2) {
        nt_buf_printf(out, "%04d-%02d-%02dT%02d:%02d:00", l.year, l.month, l.day, hour, minute);
    } else {
        return false;
    }
    return true;
}

/* The text with {{i}} replaced first (it may sit inside other
 * placeholders), then every other placeholder. NULL when one is unknown. */
static char *expand(struct run *run, const char *text, int i)
{
    struct nt_buf first, out;
    nt_buf_init(&first, 0);
    nt_buf_init(&out, 0);
    for (const char *p = text; *p; p++) {
        if (strncmp(p, "{{i}}", 5) == 0) {
            nt_buf_printf(&first, "%d", i);
            p += 4;
        } else {
            nt_buf_putc(&first, *p);
        }
    }
    const char *p = nt_buf_str(&first);
    bool ok = true;
    while (ok && *p) {
        const char *open = strstr(p, "{{"), *close = open ? strstr(open, "}}") : NULL;
        if (!close) {
            nt_buf_puts(&out, p);
            break;
        }
        nt_buf_append(&out, p, (size_t)(open - p));
        ok = expand_one(run, open + 2, (size_t)(close - open - 2), &out);
        if (!ok && asprintf(&run->err, "unknown placeholder in '%s'", text) < 0)
            run->err = NULL;
        p = close + 2;
    }
    nt_buf_free(&first);
    char *result = ok ? nt_buf_steal(&out, NULL) : NULL;
    nt_buf_free(&out);
    return result ? result : (ok ? nt_strdup("") : NULL);
}

static json_t *expand_value(struct run *run, json_t *v, int i);

static json_t *expand_string(struct run *run, const char *s, int i)
{
    if (s[0] == '@') {
        json_t *list = json_object_get(run->mottakere, s + 1);
        if (!list && asprintf(&run->err, "unknown recipient list '%s'", s) < 0)
            run->err = NULL;
        return list ? json_deep_copy(list) : NULL;
    }
    char *text = expand(run, s, i);
    json_t *out = text ? json_string(text) : NULL;
    free(text);
    return out;
}

/* Members (object) or elements (array) of v expanded into out; false on
 * the first that fails. */
static bool expand_members(struct run *run, json_t *v, int i, json_t *out)
{
    const char *key;
    json_t *member;
    size_t index;
    if (json_is_object(v)) {
        json_object_foreach(v, key, member) {
            json_t *e = expand_value(run, member, i);
            if (!e || json_object_set_new(out, key, e) != 0)
                return false;
        }
        return true;
    }
    json_array_foreach(v, index, member) {
        json_t *e = expand_value(run, member, i);
        if (!e || json_array_append_new(out, e) != 0)
            return false;
    }
    return true;
}

/* A deep copy of v with its strings expanded and "@name" replaced by the
 * recipient list; NULL on an unknown placeholder or list. */
static json_t *expand_value(struct run *run, json_t *v, int i)
{
    if (json_is_string(v))
        return expand_string(run, json_string_value(v), i);
    json_t *out = json_is_object(v) ? json_object() : json_is_array(v) ? json_array() : NULL;
    if (!out)
        return json_deep_copy(v); /* numbers, booleans, null */
    if (expand_members(run, v, i, out))
        return out;
    json_decref(out);
    return NULL;
}

/* ---- Steps ---- */

enum step_outcome { STEP_DONE, STEP_SKIPPED, STEP_DUPLICATE, STEP_FAILED };

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Reads the answer {"data": {"r": {...}}} of one step. */
static enum step_outcome judge(struct run *run, const char *op, const char *as, json_t *answer)
{
    json_t *errors = json_object_get(answer, "errors");
    const char *message = json_string_value(json_object_get(json_array_get(errors, 0), "message"));
    if (message && strstr(message, "not implemented in this build yet")) {
        if (as)
            json_object_set_new(run->ids, as, json_null());
        return STEP_SKIPPED;
    }
    json_t *r = json_object_get(json_object_get(answer, "data"), "r");
    const char *type = json_string_value(json_object_get(r, "__typename"));
    if (type && strncmp(type, "Duplikat", 8) == 0)
        return STEP_DUPLICATE;
    if (!message && type && ends_with(type, "Vellykket")) {
        const char *id = json_string_value(json_object_get(r, "id"));
        if (as && id)
            json_object_set_new(run->ids, as, json_string(id));
        return STEP_DONE;
    }
    const char *why = message ? message : json_string_value(json_object_get(r, "feilmelding"));
    if (asprintf(&run->err, "%s answered %s: %s", op, type ? type : "an error",
                 why ? why : "(no message)") < 0)
        run->err = NULL;
    return STEP_FAILED;
}

static enum step_outcome run_once(struct run *run, struct api_producer *p, json_t *step, int i)
{
    const char *op = json_string_value(json_object_get(step, "op"));
    const char *producer = json_string_value(json_object_get(step, "producer"));
    json_t *vars = expand_value(run, json_object_get(step, "vars"), i);
    char *as = NULL;
    const char *as_template = json_string_value(json_object_get(step, "as"));
    if (as_template)
        as = expand(run, as_template, i);
    if (!op || !producer || !vars || (as_template && !as)) {
        if (!run->err && asprintf(&run->err, "a step of data.json lacks op, producer or vars") < 0)
            run->err = NULL;
        json_decref(vars);
        free(as);
        return STEP_FAILED;
    }
    if (run->needs_skipped) {
        run->needs_skipped = false;
        json_decref(vars);
        free(as);
        return STEP_SKIPPED;
    }
    struct nt_buf out;
    nt_buf_init(&out, 0);
    api_producer_execute_operation(p, producer, run->operations, op, vars, &out);
    json_t *answer = json_loads(nt_buf_str(&out), 0, NULL);
    enum step_outcome o = judge(run, op, as, answer);
    json_decref(answer);
    json_decref(vars);
    nt_buf_free(&out);
    free(as);
    return o;
}

/* Runs one step (repeat times). */
static enum step_outcome run_step(struct run *run, struct api_producer *p, json_t *step)
{
    json_int_t repeat = json_integer_value(json_object_get(step, "repeat"));
    for (json_int_t i = 1; i <= (repeat > 0 ? repeat : 1); i++) {
        enum step_outcome o = run_once(run, p, step, (int)i);
        if (o == STEP_DUPLICATE) {
            if (asprintf(&run->err, "%s: already there, but the demo's first sak is not (a "
                                    "database with other data under the demo's ids?)",
                         json_string_value(json_object_get(step, "op"))) < 0)
                run->err = NULL;
            return STEP_FAILED;
        }
        if (o != STEP_DONE)
            return o;
    }
    return STEP_DONE;
}

/* An earlier run created the first step's sak (with it, everything). */
static bool already_loaded(struct run *run, struct api_producer *p, json_t *first)
{
    json_t *vars = json_object_get(first, "vars");
    json_t *q = json_pack("{s:O,s:O}", "grupperingsid", json_object_get(vars, "grupperingsid"),
                          "merkelapp", json_object_get(vars, "merkelapp"));
    struct nt_buf out;
    nt_buf_init(&out, 0);
    api_producer_execute_operation(p, json_string_value(json_object_get(first, "producer")),
                         run->operations, "DemoFinnes", q, &out);
    json_t *answer = json_loads(nt_buf_str(&out), 0, NULL);
    const char *type = json_string_value(
        json_object_get(json_object_get(json_object_get(answer, "data"), "r"), "__typename"));
    bool found = type && strcmp(type, "HentetSak") == 0;
    json_decref(answer);
    json_decref(q);
    nt_buf_free(&out);
    return found;
}

enum demo_result demo_load(struct api_producer *p, FILE *log, char **out_err)
{
    json_t *data = json_loads(nt_embed_get("demo/data.json", NULL), 0, NULL);
    struct run run = {.now_us = nt_now_us() / MINUTE_US * MINUTE_US,
                      .mottakere = json_object_get(data, "mottakere"),
                      .operations = nt_embed_get("demo/operations.graphql", NULL)};
    run.ids = json_object();
    json_t *steps = json_object_get(data, "steps");
    enum demo_result result = DEMO_LOADED;
    size_t i, done = 0;
    json_t *step;
    if (already_loaded(&run, p, json_array_get(steps, 0)))
        result = DEMO_ALREADY_LOADED;
    json_array_foreach(steps, i, step) {
        if (result != DEMO_LOADED)
            break;
        enum step_outcome o = run_step(&run, p, step);
        if (o == STEP_FAILED) {
            result = DEMO_FAILED;
            break;
        }
        if (o == STEP_SKIPPED)
            fprintf(log, "demo: skipped %s: not in this build yet\n",
                    json_string_value(json_object_get(step, "op")));
        done += o == STEP_DONE;
    }
    if (result == DEMO_LOADED)
        fprintf(log, "demo: %zu of %zu steps ran\n", done, json_array_size(steps));
    *out_err = run.err;
    if (result != DEMO_FAILED) {
        free(run.err);
        *out_err = NULL;
    }
    json_decref(run.ids);
    json_decref(data);
    return result;
}

void demo_print_persons(FILE *out)
{
    json_t *access = json_loads(nt_embed_get("demo/access.json", NULL), 0, NULL);
    size_t i;
    json_t *person;
    json_array_foreach(json_object_get(access, "personer"), i, person)
        fprintf(out, "  %s  %s\n", json_string_value(json_object_get(person, "fnr")),
                json_string_value(json_object_get(person, "navn")));
    json_decref(access);
}
