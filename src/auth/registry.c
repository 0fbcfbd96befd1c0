#include "auth/registry.h"

#include "base/alloc.h"
#include "base/buf.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct allowed {
    enum auth_recipient_kind kind;
    char *a;
    char *b;
};

struct auth_producer {
    char *id;
    char **merkelapper;
    size_t nmerkelapper;
    struct allowed *mottakere;
    size_t nmottakere;
};

struct auth_registry {
    struct auth_producer *producers;
    size_t n;
};

static const struct {
    const char *key;
    enum auth_recipient_kind kind;
    const char *field_a;
    const char *field_b;
} kinds[] = {
    {"altinn", AUTH_RECIPIENT_ALTINN, "serviceCode", "serviceEdition"},
    {"altinnRessurs", AUTH_RECIPIENT_ALTINN_RESSURS, "ressursId", NULL},
    {"altinnRolle", AUTH_RECIPIENT_ALTINN_ROLLE, "roleDefinitionCode", NULL},
    {"altinnReportee", AUTH_RECIPIENT_ALTINN_REPORTEE, NULL, NULL},
    {"naermesteLeder", AUTH_RECIPIENT_NAERMESTE_LEDER, NULL, NULL},
};

__attribute__((format(printf, 1, 2))) static char *errorf(const char *fmt, ...)
{
    char *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = nt_strdup("invalid producer registry");
    va_end(ap);
    return s;
}

static char *parse_mottaker(json_t *m, struct allowed *out, const char *producer)
{
    const char *key;
    json_t *spec;
    if (!json_is_object(m) || json_object_size(m) != 1)
        return errorf("producer %s: each mottaker must name exactly one kind", producer);
    json_object_foreach(m, key, spec) {
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            if (strcmp(kinds[k].key, key) != 0)
                continue;
            const char *a = kinds[k].field_a ? json_string_value(json_object_get(spec, kinds[k].field_a)) : NULL;
            const char *b = kinds[k].field_b ? json_string_value(json_object_get(spec, kinds[k].field_b)) : NULL;
            if (!json_is_object(spec) || (kinds[k].field_a && !a) || (kinds[k].field_b && !b))
                return errorf("producer %s: mottaker '%s' lacks its fields", producer, key);
            out->kind = kinds[k].kind;
            out->a = a ? nt_strdup(a) : NULL;
            out->b = b ? nt_strdup(b) : NULL;
            return NULL;
        }
    }
    return errorf("producer %s: unknown mottaker kind '%s'", producer,
                  json_object_iter_key(json_object_iter(m)));
}

static char *parse_producer(json_t *p, struct auth_producer *out, size_t index)
{
    const char *id = json_string_value(json_object_get(p, "id"));
    json_t *merkelapper = json_object_get(p, "merkelapper");
    json_t *mottakere = json_object_get(p, "mottakere");
    if (!id || !json_is_array(merkelapper) || !json_is_array(mottakere))
        return errorf("producer %s (number %zu) needs \"id\", \"merkelapper\" and \"mottakere\"",
                      id ? id : "?", index + 1);
    out->id = nt_strdup(id);
    out->merkelapper = nt_calloc(json_array_size(merkelapper) + 1, sizeof(char *));
    for (size_t i = 0; i < json_array_size(merkelapper); i++) {
        const char *m = json_string_value(json_array_get(merkelapper, i));
        if (!m)
            return errorf("producer %s: merkelapper must be strings", id);
        out->merkelapper[out->nmerkelapper++] = nt_strdup(m);
    }
    out->mottakere = nt_calloc(json_array_size(mottakere) + 1, sizeof(struct allowed));
    for (size_t i = 0; i < json_array_size(mottakere); i++) {
        char *err = parse_mottaker(json_array_get(mottakere, i), &out->mottakere[i], id);
        if (err)
            return err;
        out->nmottakere++;
    }
    return NULL;
}

struct auth_registry *auth_registry_parse(const char *text, char **out_err)
{
    json_error_t jerr;
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    json_t *producers = json_object_get(doc, "producers");
    if (!json_is_array(producers)) {
        *out_err = doc ? nt_strdup("producer registry needs a \"producers\" array")
                       : errorf("producer registry is not valid JSON: %s (line %d)", jerr.text,
                                jerr.line);
        json_decref(doc);
        return NULL;
    }
    struct auth_registry *r = nt_calloc(1, sizeof(*r));
    r->producers = nt_calloc(json_array_size(producers) + 1, sizeof(*r->producers));
    char *err = NULL;
    for (size_t i = 0; i < json_array_size(producers) && !err; i++) {
        err = parse_producer(json_array_get(producers, i), &r->producers[i], i);
        r->n++;
        for (size_t j = 0; !err && j + 1 < r->n; j++)
            if (strcmp(r->producers[j].id, r->producers[i].id) == 0)
                        err = errorf("producer %s is listed twice", r->producers[i].id);
    }
    json_decref(doc);
    if (err) {
        auth_registry_free(r);
        *out_err = err;
        return NULL;
    }
    return r;
}

struct auth_registry *auth_registry_load(const char *path, char **out_err)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        *out_err = errorf("cannot read producer registry %s: %s", path, jerr.text);
        return NULL;
    }
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    struct auth_registry *r = auth_registry_parse(text, out_err);
    free(text);
    return r;
}

void auth_registry_free(struct auth_registry *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        struct auth_producer *p = &r->producers[i];
        free(p->id);
        for (size_t j = 0; j < p->nmerkelapper; j++)
            free(p->merkelapper[j]);
        free(p->merkelapper);
        for (size_t j = 0; j < p->nmottakere; j++) {
            free(p->mottakere[j].a);
            free(p->mottakere[j].b);
        }
        free(p->mottakere);
    }
    free(r->producers);
    free(r);
}

const struct auth_producer *auth_registry_find(const struct auth_registry *r, const char *id)
{
    for (size_t i = 0; r && id && i < r->n; i++)
        if (strcmp(r->producers[i].id, id) == 0)
            return &r->producers[i];
    return NULL;
}

const char *auth_producer_id(const struct auth_producer *p)
{
    return p->id;
}

size_t auth_producer_merkelapper(const struct auth_producer *p, const char *const **out)
{
    *out = (const char *const *)p->merkelapper;
    return p->nmerkelapper;
}

bool auth_producer_has_merkelapp(const struct auth_producer *p, const char *merkelapp)
{
    for (size_t i = 0; i < p->nmerkelapper; i++)
        if (strcmp(p->merkelapper[i], merkelapp) == 0)
            return true;
    return false;
}

static bool same(const char *x, const char *y)
{
    return !x || (y && strcmp(x, y) == 0);
}

bool auth_producer_allows(const struct auth_producer *p, enum auth_recipient_kind kind,
                          const char *a, const char *b)
{
    for (size_t i = 0; i < p->nmottakere; i++) {
        const struct allowed *m = &p->mottakere[i];
        if (m->kind == kind && same(m->a, a) && same(m->b, b))
            return true;
    }
    return false;
}

char *auth_producer_merkelapp_error(const struct auth_producer *p, const char *merkelapp)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    nt_buf_printf(&b, " Ugyldig merkelapp '%s'.\n Gyldige merkelapper er: [", merkelapp);
    for (size_t i = 0; i < p->nmerkelapper; i++)
        nt_buf_printf(&b, "%s%s", i ? ", " : "", p->merkelapper[i]);
    nt_buf_putc(&b, ']');
    return nt_buf_steal(&b, NULL);
}

char *auth_producer_mottakere_text(const struct auth_producer *p)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    nt_buf_putc(&b, '[');
    for (size_t i = 0; i < p->nmottakere; i++) {
        const struct allowed *m = &p->mottakere[i];
        const char *name = "?";
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            if (kinds[k].kind == m->kind)
                name = kinds[k].key;
        nt_buf_printf(&b, "%s%s", i ? ", " : "", name);
        if (m->a)
            nt_buf_printf(&b, " %s", m->a);
        if (m->b)
            nt_buf_printf(&b, ":%s", m->b);
    }
    nt_buf_putc(&b, ']');
    return nt_buf_steal(&b, NULL);
}
