/* The demo data's placeholders (src/demo/data.json, dialoger.json): in
 * strings, {{i}} is the repeat number, {{t-P3D}} an instant (UTC) relative
 * to now, {{d+P9D}} an Oslo date, {{l+P3D 10:00}} an Oslo wall-clock time
 * on that day, {{id:NAME}} the id an earlier step saved; a whole string
 * "@NAME" is the list NAME. */
#ifndef DEMO_TEMPLATE_H
#define DEMO_TEMPLATE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct demo_tpl {
    int64_t now_us;     /* what times are relative to */
    json_t *ids;        /* name -> id; null: the step that saves it was skipped */
    json_t *lists;      /* name -> value of "@name" (borrowed) */
    bool needs_skipped; /* set when an {{id:}} names a skipped step */
    char *err;          /* malloc'ed reason of the first failure */
};

/* The text with its placeholders replaced (malloc'ed), or NULL when one is
 * unknown (t->err says which) or names a skipped step. */
char *demo_tpl_text(struct demo_tpl *t, const char *text, int i);
/* A deep copy of v with every string expanded and "@name" replaced; NULL
 * as demo_tpl_text. */
json_t *demo_tpl_value(struct demo_tpl *t, json_t *v, int i);

#endif
