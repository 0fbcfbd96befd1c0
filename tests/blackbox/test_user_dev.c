/* Black-box tests of the development login's endpoints (serve --dev,
 * docs/user-api.md): the picker's list carries the access file's person
 * names, every organisation with its main unit ("overordnet", main units
 * added when not listed themselves) and the citizens; it follows the file
 * when it changes; a citizen's token works on the dialog API at the level
 * asked for; without --dev the endpoints do not exist. */
#include "blackbox.h"
#include "check.h"

#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KARI "16120101181"
#define PER "26118512345"
#define BORGER "1505851234"
#define MAIN "810825472"
#define SUB1 "910825496"
#define SUB2 "910825518"
#define OTHER_MAIN "811076112"
#define OTHER_SUB "910998250"

static struct bb_server srv;
static int started = -1;
static char access_path[PATH_MAX + 32];

/* Kari has a main unit listed (with rights), its two sub-units (one without
 * rights) and a sub-unit whose main unit nobody names; Ola lists that main
 * unit with a name; Per has nothing; one citizen. */
static const char *const access_json =
    "{\"personer\":["
    "{\"fnr\":\"" KARI "\",\"navn\":\"Kari Nordmann\",\"virksomheter\":["
    "{\"virksomhetsnummer\":\"" SUB1 "\",\"navn\":\"Slemdal og Ryktet AS\",\"overordnet\":\"" MAIN
    "\",\"ressurser\":[\"r\"]},"
    "{\"virksomhetsnummer\":\"" SUB2 "\",\"navn\":\"Ryktet Verksted\",\"overordnet\":\"" MAIN "\"},"
    "{\"virksomhetsnummer\":\"" MAIN "\",\"navn\":\"Slemdal og Ryktet Konsern\",\"roller\":[\"DAGL\"]},"
    "{\"virksomhetsnummer\":\"" OTHER_SUB "\",\"navn\":\"Fjordbakeriet Sentrum\",\"overordnet\":\""
    OTHER_MAIN "\",\"ressurser\":[\"r\"]}]},"
    "{\"fnr\":\"07098400116\",\"navn\":\"Ola Regnskap\",\"virksomheter\":["
    "{\"virksomhetsnummer\":\"" OTHER_MAIN "\",\"navn\":\"Fjordbakeriet AS\"}]},"
    "{\"fnr\":\"" PER "\",\"virksomheter\":[]}],"
    "\"innbyggere\":[{\"ident\":\"" BORGER "\",\"navn\":\"Mette Borger\",\"jobcenter\":\"14700\"}]}";

static const char *const registry_json =
    "{\"producers\":[{\"id\":\"dev:jc\",\"organisasjon\":\"14700\",\"merkelapper\":[],"
    "\"mottakere\":[]}],\"organisasjoner\":[{\"kode\":\"14700\",\"type\":\"JOBCENTER\","
    "\"navn\":\"Jobcenter Frederiksberg\"}]}";

static json_t *get_json(const char *path, const char *header, long *status)
{
    struct bb_reply *r = malloc(sizeof *r);
    bb_request(&srv, "GET", path, NULL, 0, header, r);
    *status = r->status;
    json_t *v = json_loads(r->body, 0, NULL);
    free(r);
    return v;
}

static json_t *post_json(const char *path, const char *body, long *status)
{
    struct bb_reply *r = malloc(sizeof *r);
    bb_request(&srv, "POST", path, body, strlen(body), NULL, r);
    *status = r->status;
    json_t *v = json_loads(r->body, 0, NULL);
    free(r);
    return v;
}

static json_t *person(json_t *list, const char *fnr)
{
    size_t i;
    json_t *p;
    json_array_foreach(bb_json_path(list, "personer"), i, p) {
        if (strcmp(json_string_value(json_object_get(p, "fnr")), fnr) == 0)
            return p;
    }
    return NULL;
}

/* "nr:navn:overordnet" of each organisation, joined with spaces. */
static const char *orgs_of(json_t *p)
{
    static char out[1024];
    out[0] = '\0';
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(p, "virksomheter"), i, o) {
        const char *up = json_string_value(json_object_get(o, "overordnet"));
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s%s:%s:%s", i ? " " : "",
                 json_string_value(json_object_get(o, "virksomhetsnummer")),
                 json_string_value(json_object_get(o, "navn")), up ? up : "-");
    }
    return out;
}

static void starts_with_dev_and_the_access_file(void)
{
    bb_setup();
    bb_producer_setup(registry_json);
    snprintf(access_path, sizeof access_path, "%s/access.json", bb_workdir);
    bb_write_file(access_path, access_json);
    const char *more[] = {"--access", access_path, NULL};
    started = bb_start_producer_server_with(&srv, more);
    CHECK_EQ_INT(started, 0);
}

static void the_picker_has_names_and_main_units(void)
{
    if (started != 0)
        return;
    long status = 0;
    json_t *v = get_json("/api/user/dev/personer", NULL, &status);
    CHECK_EQ_INT(status, 200);
    CHECK_EQ_INT(json_array_size(json_object_get(v, "personer")), 3);
    json_t *kari = person(v, KARI);
    CHECK_EQ_STR(json_string_value(json_object_get(kari, "navn")), "Kari Nordmann");
    /* every entry in file order (also one without rights), the unlisted main
     * unit last, named from the entry of another person */
    CHECK_EQ_STR(orgs_of(kari), SUB1 ":Slemdal og Ryktet AS:" MAIN " " SUB2 ":Ryktet Verksted:" MAIN
                 " " MAIN ":Slemdal og Ryktet Konsern:- " OTHER_SUB ":Fjordbakeriet Sentrum:"
                 OTHER_MAIN " " OTHER_MAIN ":Fjordbakeriet AS:-");
    json_t *per = person(v, PER);
    CHECK(json_object_get(per, "navn") == NULL); /* no name in the file: none made up */
    CHECK_EQ_INT(json_array_size(json_object_get(per, "virksomheter")), 0);
    json_t *citizens = json_object_get(v, "innbyggere");
    CHECK_EQ_INT(json_array_size(citizens), 1);
    CHECK_EQ_STR(json_string_value(bb_json_path(citizens, "0.ident")), BORGER);
    CHECK_EQ_STR(json_string_value(bb_json_path(citizens, "0.navn")), "Mette Borger");
    json_decref(v);
}

static void an_unnamed_main_unit_has_an_empty_name(void)
{
    if (started != 0)
        return;
    bb_write_file(access_path, "{\"personer\":[{\"fnr\":\"" KARI "\",\"virksomheter\":[{\"virksomhetsnummer\":\""
                 SUB1 "\",\"overordnet\":\"999999999\"}]}]}");
    long status = 0;
    json_t *v = get_json("/api/user/dev/personer", NULL, &status);
    CHECK_EQ_INT(status, 200);
    /* the file was read again; the name the source learnt earlier stays known */
    CHECK_EQ_STR(orgs_of(person(v, KARI)), SUB1 ":Slemdal og Ryktet AS:999999999 999999999::-");
    CHECK_EQ_INT(json_array_size(json_object_get(v, "innbyggere")), 0);
    json_decref(v);
    bb_write_file(access_path, access_json);
}

static void a_citizen_logs_in_at_the_level_asked_for(void)
{
    if (started != 0)
        return;
    long status = 0;
    const char *levels[] = {"{\"fnr\":\"" BORGER "\"}", "{\"fnr\":\"" BORGER "\",\"hoytNivaa\":true}"};
    for (int i = 0; i < 2; i++) {
        json_t *v = post_json("/api/user/dev/login", levels[i], &status);
        CHECK_EQ_INT(status, 200);
        CHECK_EQ_STR(json_string_value(json_object_get(v, "fnr")), BORGER);
        char header[4200];
        snprintf(header, sizeof header, "Authorization: Bearer %s",
                 json_string_value(json_object_get(v, "token")));
        json_decref(v);
        /* the dialog API takes the token as the citizen's (an empty tray) */
        v = get_json("/api/dialog/v1/meg/dialoger", header, &status);
        CHECK_EQ_INT(status, 200);
        CHECK_EQ_INT(json_integer_value(json_object_get(v, "antallUleste")), 0);
        json_decref(v);
    }
    json_t *v = post_json("/api/user/dev/login", "{\"fnr\":\"15058512345x\"}", &status);
    CHECK_EQ_INT(status, 400);
    json_decref(v);
}

static void without_dev_there_is_no_picker(void)
{
    if (started != 0)
        return;
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    char registry[PATH_MAX + 32];
    snprintf(registry, sizeof registry, "%s/registry.json", bb_workdir);
    bb_write_file(registry, registry_json);
    const char *args[] = {"--access", access_path, "--registry", registry, NULL};
    CHECK_EQ_INT(bb_start_server(&srv, args), 0);
    long status = 0;
    json_decref(get_json("/api/user/dev/personer", NULL, &status));
    CHECK_EQ_INT(status, 404);
    json_decref(post_json("/api/user/dev/login", "{\"fnr\":\"" BORGER "\"}", &status));
    CHECK_EQ_INT(status, 404);
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
}

static const struct check_case cases[] = {
    {"starts_with_dev_and_the_access_file", starts_with_dev_and_the_access_file},
    {"the_picker_has_names_and_main_units", the_picker_has_names_and_main_units},
    {"an_unnamed_main_unit_has_an_empty_name", an_unnamed_main_unit_has_an_empty_name},
    {"a_citizen_logs_in_at_the_level_asked_for", a_citizen_logs_in_at_the_level_asked_for},
    {"without_dev_there_is_no_picker", without_dev_there_is_no_picker},
};

CHECK_MAIN("blackbox/user_dev", cases)
