/* The dialog API (dialog.md; seeds 003 and 004): REST under /api/dialog/v1
 * for organisations (producer tokens whose client is registered with an
 * organisation) and for citizens (person tokens, /meg), the content-free
 * event feed GET /events, the OpenAPI description, and the dialog read
 * model registered as an event-log projection. */
#ifndef API_DIALOG_H
#define API_DIALOG_H
#include "auth/jwt.h"
#include "http/server.h"
#include "store/store.h"

#include <stddef.h>

struct api_dialog;

struct api_dialog_config {
    struct store *store;            /* borrowed */
    const struct auth_keyset *keys; /* borrowed; NULL = every token is refused */
    const char *issuer;
    const char *audience;
    const char *registry_path; /* organisations and which producer is which (NULL: none) */
    const char *access_path;   /* citizens' affiliations and contact details (NULL: none) */
    size_t vedlegg_max;        /* bytes per attachment; 0 = 15 MiB */
};

/* NULL with a malloc'ed one-line *out_err when a file is missing or wrong. */
struct api_dialog *api_dialog_new(const struct api_dialog_config *cfg, char **out_err);
void api_dialog_free(struct api_dialog *d);
/* Registers the routes; d must outlive the server. */
void api_dialog_route(struct api_dialog *d, struct http_server *srv);
/* Every route the API serves (method and path, "{id}" for a path part),
 * for the OpenAPI test; returns how many. */
struct api_dialog_route_info {
    const char *method;
    const char *path;
};
size_t api_dialog_routes(const struct api_dialog_route_info **out);


#endif
