/* Files compiled into the binary at build time (tools/embed.c): GraphQL
 * schemas, SQL migrations, web assets. */
#ifndef NT_EMBED_H
#define NT_EMBED_H
#include <stddef.h>

struct nt_embedded {
    const char *name; /* path below src/ ("api/producer/schema.graphql") or "web/..." */
    const char *data; /* NUL-terminated */
    size_t len;
};

extern const struct nt_embedded nt_embedded_files[];

/* Returns the file's bytes (NUL-terminated) or NULL; *out_len may be NULL. */
const char *nt_embed_get(const char *name, size_t *out_len);

#endif
