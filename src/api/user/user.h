/* The user API (docs/user-api.md): POST /api/user/graphql for the logged-in
 * person (bearer JWT with a "pid" claim), GET /api/user/stream (Server-Sent
 * Events: new and changed notifications and the unread count), the
 * internal nearest-leader endpoint, and in development mode a login that
 * mints a token for a demo person. Access is decided per request from the
 * person's rights (src/access) against the user read model. */
#ifndef API_USER_H
#define API_USER_H
#include "access/access.h"
#include "auth/devkey.h"
#include "auth/jwt.h"
#include "auth/registry.h"
#include "http/server.h"
#include "store/store.h"

struct api_user;

struct api_user_config {
    struct store *store;                  /* borrowed */
    struct access_source *access;         /* borrowed */
    const struct auth_keyset *keys;       /* borrowed; NULL = every token is refused */
    const char *issuer;
    const char *audience;
    const struct auth_registry *registry; /* borrowed: who may manage relations */
    const struct auth_devkey *devkey;     /* borrowed; non-NULL enables the dev login */
    unsigned heartbeat_seconds;           /* SSE keep-alive comment interval; 0 = 15 */
};

/* Builds the schema, registers the read model and the commit hook, and
 * syncs the access file's nearest-leader relations. NULL with a malloc'ed
 * *out_err on failure. */
struct api_user *api_user_new(const struct api_user_config *cfg, char **out_err);
/* Ends the live streams; call before http_server_stop. */
void api_user_shutdown(struct api_user *u);
/* After http_server_stop (a closing stream's connection still refers to u). */
void api_user_free(struct api_user *u);
/* Registers the endpoints; u must outlive the server. */
void api_user_route(struct api_user *u, struct http_server *srv);

/* Runs one GraphQL request as person fnr, without a token (tests and
 * benchmarks in process). The response JSON is appended to out. */
struct nt_buf;
void api_user_execute(struct api_user *u, const char *fnr, const char *query, json_t *variables,
                      struct nt_buf *out);

#endif
