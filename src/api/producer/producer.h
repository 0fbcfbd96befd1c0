/* The producer API: POST /api/producer/graphql. Builds the schema from the
 * embedded schema.graphql, binds the resolvers, and authenticates callers
 * from their bearer token (the application name is the token's azp, or sub)
 * against the producer registry. */
#ifndef API_PRODUCER_H
#define API_PRODUCER_H
#include "auth/jwt.h"
#include "auth/registry.h"
#include "http/server.h"
#include "store/store.h"

struct api_producer;

struct api_producer_config {
    struct store *store;                  /* borrowed */
    const struct auth_registry *registry; /* borrowed; NULL = every caller is unknown */
    const struct auth_keyset *keys;       /* borrowed; NULL = every token is refused */
    const char *issuer;
    const char *audience;
};

/* NULL with a malloc'ed *out_err when the schema does not build. */
struct api_producer *api_producer_new(const struct api_producer_config *cfg, char **out_err);
void api_producer_free(struct api_producer *p);
/* Runs one request as the application app (as if its token named it),
 * without HTTP: for benchmarks of the resolvers and the store. The JSON
 * response is appended to out (a struct nt_buf). */
struct nt_buf;
struct json_t;
void api_producer_execute(struct api_producer *p, const char *app, const char *query,
                          struct json_t *variables, struct nt_buf *out);
/* Registers the endpoint; p must outlive the server. */
void api_producer_route(struct api_producer *p, struct http_server *srv);

/* The same for one named operation of a document with several (the demo
 * loader's); operation_name NULL = the only one. */
void api_producer_execute_operation(struct api_producer *p, const char *app, const char *query,
                                    const char *operation_name, struct json_t *variables,
                                    struct nt_buf *out);

#endif
