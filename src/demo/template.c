#include "demo/template.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "domain/duration.h"
#include "domain/oslo_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* now moved by "+P3D" / "-PT2H" (calendar days in Oslo), or now for "". */
static bool shifted(const struct demo_tpl *t, const char *offset, size_t n, int64_t *out_us)
{
    *out_us = t->now_us;
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
    dom_oslo_instant_to_local(t->now_us, &l);
    dom_local_add(&l, &d, offset[0] == '+' ? 1 : -1);
    *out_us = dom_oslo_local_to_instant(&l);
    return true;
}

/* One {{...}} placeholder (without the braces) appended to out. */
static bool expand_one(struct demo_tpl *t, const char *p, size_t n, struct nt_buf *out)
{
    if (n > 3 && strncmp(p, "id:", 3) == 0) {
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(n - 3), p + 3);
        json_t *saved = json_object_get(t->ids, name);
        const char *id = json_string_value(saved);
        if (json_is_null(saved))
            return t->needs_skipped = true;
        if (id)
            nt_buf_puts(out, id);
        return id != NULL;
    }
    if (n == 0 || (p[0] != 't' && p[0] != 'd' && p[0] != 'l'))
        return false;
    const char *clock = p[0] == 'l' ? memchr(p, ' ', n) : NULL;
    size_t offset_len = clock ? (size_t)(clock - p) - 1 : n - 1;
    int64_t at;
    if (!shifted(t, p + 1, offset_len, &at))
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
char *demo_tpl_text(struct demo_tpl *t, const char *text, int i)
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
        ok = expand_one(t, open + 2, (size_t)(close - open - 2), &out);
        if (!ok && asprintf(&t->err, "unknown placeholder in '%s'", text) < 0)
            t->err = NULL;
        p = close + 2;
    }
    nt_buf_free(&first);
    char *result = ok ? nt_buf_steal(&out, NULL) : NULL;
    nt_buf_free(&out);
    return result ? result : (ok ? nt_strdup("") : NULL);
}


static json_t *expand_string(struct demo_tpl *t, const char *s, int i)
{
    if (s[0] == '@') {
        json_t *list = json_object_get(t->lists, s + 1);
        if (!list && asprintf(&t->err, "unknown recipient list '%s'", s) < 0)
            t->err = NULL;
        return list ? json_deep_copy(list) : NULL;
    }
    char *text = demo_tpl_text(t, s, i);
    json_t *out = text ? json_string(text) : NULL;
    free(text);
    return out;
}

/* Members (object) or elements (array) of v expanded into out; false on
 * the first that fails. */
static bool expand_members(struct demo_tpl *t, json_t *v, int i, json_t *out)
{
    const char *key;
    json_t *member;
    size_t index;
    if (json_is_object(v)) {
        json_object_foreach(v, key, member) {
            json_t *e = demo_tpl_value(t, member, i);
            if (!e || json_object_set_new(out, key, e) != 0)
                return false;
        }
        return true;
    }
    json_array_foreach(v, index, member) {
        json_t *e = demo_tpl_value(t, member, i);
        if (!e || json_array_append_new(out, e) != 0)
            return false;
    }
    return true;
}

/* A deep copy of v with its strings expanded and "@name" replaced by the
 * recipient list; NULL on an unknown placeholder or list. */
json_t *demo_tpl_value(struct demo_tpl *t, json_t *v, int i)
{
    if (json_is_string(v))
        return expand_string(t, json_string_value(v), i);
    json_t *out = json_is_object(v) ? json_object() : json_is_array(v) ? json_array() : NULL;
    if (!out)
        return json_deep_copy(v); /* numbers, booleans, null */
    if (expand_members(t, v, i, out))
        return out;
    json_decref(out);
    return NULL;
}
