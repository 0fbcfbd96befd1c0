#include "base/embed.h"

#include <string.h>

const char *nt_embed_get(const char *name, size_t *out_len)
{
    for (const struct nt_embedded *e = nt_embedded_files; e->name; e++) {
        if (strcmp(e->name, name) == 0) {
            if (out_len)
                *out_len = e->len;
            return e->data;
        }
    }
    return NULL;
}
