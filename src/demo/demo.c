#include "demo/demo.h"

#include "base/buf.h"
#include "base/clock.h"
#include "base/embed.h"
#include "demo/template.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE_US (60 * 1000000LL)

/* What the steps share: the placeholders' state (the clock reading, the
 * ids saved with "as", the named recipient lists) and the operations. */
struct run {
    struct demo_tpl tpl;
    const char *operations;
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
            json_object_set_new(run->tpl.ids, as, json_null());
        return STEP_SKIPPED;
    }
    json_t *r = json_object_get(json_object_get(answer, "data"), "r");
    const char *type = json_string_value(json_object_get(r, "__typename"));
    if (type && strncmp(type, "Duplikat", 8) == 0)
        return STEP_DUPLICATE;
    if (!message && type && ends_with(type, "Vellykket")) {
        const char *id = json_string_value(json_object_get(r, "id"));
        if (as && id)
            json_object_set_new(run->tpl.ids, as, json_string(id));
        return STEP_DONE;
    }
    const char *why = message ? message : json_string_value(json_object_get(r, "feilmelding"));
    if (asprintf(&run->tpl.err, "%s answered %s: %s", op, type ? type : "an error",
                 why ? why : "(no message)") < 0)
        run->tpl.err = NULL;
    return STEP_FAILED;
}

static enum step_outcome run_once(struct run *run, struct api_producer *p, json_t *step, int i)
{
    const char *op = json_string_value(json_object_get(step, "op"));
    const char *producer = json_string_value(json_object_get(step, "producer"));
    json_t *vars = demo_tpl_value(&run->tpl, json_object_get(step, "vars"), i);
    char *as = NULL;
    const char *as_template = json_string_value(json_object_get(step, "as"));
    if (as_template)
        as = demo_tpl_text(&run->tpl, as_template, i);
    if (!op || !producer || !vars || (as_template && !as)) {
        if (!run->tpl.err && asprintf(&run->tpl.err, "a step of data.json lacks op, producer or vars") < 0)
            run->tpl.err = NULL;
        json_decref(vars);
        free(as);
        return STEP_FAILED;
    }
    if (run->tpl.needs_skipped) {
        run->tpl.needs_skipped = false;
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
            if (asprintf(&run->tpl.err, "%s: already there, but the demo's first sak is not (a "
                                    "database with other data under the demo's ids?)",
                         json_string_value(json_object_get(step, "op"))) < 0)
                run->tpl.err = NULL;
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
    struct run run = {.tpl = {.now_us = nt_now_us() / MINUTE_US * MINUTE_US,
                              .lists = json_object_get(data, "mottakere")},
                      .operations = nt_embed_get("demo/operations.graphql", NULL)};
    run.tpl.ids = json_object();
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
    *out_err = run.tpl.err;
    if (result != DEMO_FAILED) {
        free(run.tpl.err);
        *out_err = NULL;
    }
    json_decref(run.tpl.ids);
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
    json_array_foreach(json_object_get(access, "innbyggere"), i, person)
        fprintf(out, "  %s  %s\n", json_string_value(json_object_get(person, "ident")),
                json_string_value(json_object_get(person, "navn")));
    json_decref(access);
}
