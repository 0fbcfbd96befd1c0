/* The producer guide's examples (seeds 001 and 002) against the real binary:
 * every operation verbatim with its variables, in the order and with the
 * outcome tests/fixtures/producer-seed-operations/expected.txt gives (read
 * its header for the conventions). One case per guide, each on a fresh
 * database. */
#include "blackbox.h"
#include "check.h"

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR "tests/fixtures/producer-seed-operations/"

static struct bb_server srv;
static struct bb_producers auth;
static bool running;

/* Ids the operations answered, by operation name. */
static struct {
    char name[64];
    char id[64];
} ids[128];
static int nids;

static const char *id_of(const char *name)
{
    for (int i = nids - 1; i >= 0; i--)
        if (strcmp(ids[i].name, name) == 0)
            return ids[i].id;
    return "";
}

static void remember_id(const char *name, const char *body)
{
    const char *p = strstr(body, "\"id\":\"");
    if (!p || nids == (int)(sizeof ids / sizeof ids[0]))
        return;
    snprintf(ids[nids].name, sizeof ids[nids].name, "%s", name);
    snprintf(ids[nids].id, sizeof ids[nids].id, "%.*s", (int)strcspn(p + 6, "\""), p + 6);
    nids++;
}

/* The guide's variable blocks carry trailing commas ({"a": null,}); a
 * producer's JSON library would not send them. */
static void drop_trailing_commas(char *text)
{
    bool in_string = false;
    for (char *p = text; *p; p++) {
        if (*p == '"' && (p == text || p[-1] != '\\'))
            in_string = !in_string;
        if (in_string || *p != ',')
            continue;
        char *q = p + 1;
        while (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r')
            q++;
        if (*q == '}' || *q == ']')
            *p = ' ';
    }
}

/* "@name" values become the id that operation answered. */
static void resolve_refs(json_t *vars)
{
    const char *key;
    json_t *v;
    json_object_foreach(vars, key, v) {
        const char *s = json_string_value(v);
        if (s && s[0] == '@')
            json_object_set_new(vars, key, json_string(id_of(s + 1)));
    }
}

/* Fills the document's template slots ("$slot" string literals) from the
 * variables' "$slot" keys, which are then dropped. Returns the new text. */
static char *fill_slots(char *doc, json_t *vars)
{
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(vars, tmp, key, v) {
        if (key[0] != '$')
            continue;
        char slot[128], *value = json_dumps(v, JSON_ENCODE_ANY);
        snprintf(slot, sizeof slot, "\"%s\"", key);
        for (char *at; (at = strstr(doc, slot));) {
            size_t before = (size_t)(at - doc), slen = strlen(slot), vlen = strlen(value);
            char *next = malloc(strlen(doc) - slen + vlen + 1);
            memcpy(next, doc, before);
            memcpy(next + before, value, vlen);
            strcpy(next + before + vlen, at + slen);
            free(doc);
            doc = next;
        }
        free(value);
        json_object_del(vars, key);
    }
    return doc;
}

static json_t *variables_of(const char *file)
{
    if (strcmp(file, "-") == 0)
        return json_object();
    char path[256];
    snprintf(path, sizeof path, DIR "%s", file);
    char *text = bb_read_file(path);
    drop_trailing_commas(text);
    json_error_t err;
    json_t *vars = json_loads(text, 0, &err);
    if (!vars)
        check__fail(__FILE__, __LINE__, "%s: %s", file, err.text);
    free(text);
    resolve_refs(vars);
    return vars ? vars : json_object();
}

/* Runs one line: operation, variables, expected fragment. */
static void run_line(const char *name, const char *vars_file, const char *expected)
{
    char path[256];
    snprintf(path, sizeof path, DIR "%s.graphql", name);
    char *doc = bb_read_file(path);
    CHECK(doc[0] != '\0');
    json_t *vars = variables_of(vars_file);
    doc = fill_slots(doc, vars);
    json_t *body = json_pack("{s:s,s:o}", "query", doc, "variables", vars);
    char *text = json_dumps(body, JSON_COMPACT);
    static struct bb_reply r;
    bb_request(&srv, "POST", "/api/producer/graphql", text, strlen(text), auth.tiltak, &r);
    printf("# %s %s: %.200s\n", name, vars_file, r.body);
    CHECK_EQ_INT(r.status, 200);
    if (strncmp(expected, "error: ", 7) == 0) { /* invalid GraphQL: a validation error, no data */
        char want[512];
        json_t *msg = json_string(expected + 7);
        char *quoted = json_dumps(msg, JSON_ENCODE_ANY);
        snprintf(want, sizeof want, "{\"errors\":[{\"message\":%s", quoted);
        free(quoted);
        json_decref(msg);
        CHECK_CONTAINS(r.body, want);
        CHECK(strstr(r.body, "\"data\"") == NULL);
    } else {
        CHECK_CONTAINS(r.body, expected);
        remember_id(name, r.body);
    }
    free(text);
    json_decref(body);
    free(doc);
}

static void start_fresh(void)
{
    if (running)
        CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    bb_new_database();
    CHECK_EQ_INT(bb_start_producer_server(&srv), 0);
    running = true;
    nids = 0;
}

/* Runs the lines of expected.txt under "== section"; returns how many ran. */
static int run_section(const char *section)
{
    FILE *f = fopen(DIR "expected.txt", "r");
    CHECK(f != NULL);
    if (!f)
        return 0;
    char line[2048];
    bool inside = false;
    int ran = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "== ", 3) == 0) {
            inside = strcmp(line + 3, section) == 0;
            if (inside)
                start_fresh();
            continue;
        }
        if (!inside || !line[0] || line[0] == '#')
            continue;
        char name[64], vars[128];
        int used = 0;
        if (sscanf(line, "%63s %127s %n", name, vars, &used) != 2) {
            check__fail(__FILE__, __LINE__, "bad line: %s", line);
            continue;
        }
        run_line(name, vars, line + used);
        ran++;
    }
    fclose(f);
    return ran;
}

static void setup(void)
{
    CHECK_EQ_INT(bb_producer_start(&srv, &auth), 0);
    running = true;
}

static void guide_seed001(void)
{
    CHECK_EQ_INT(run_section("seed001"), 20);
}

static void guide_seed002(void)
{
    CHECK_EQ_INT(run_section("seed002"), 32);
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    running = false;
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"guide_seed001", guide_seed001},
    {"guide_seed002", guide_seed002},
};

CHECK_MAIN("blackbox/producer_seeds", cases)
