/* The development issuer: an EC P-256 key kept in a file (created on first
 * use), which both `budstikke token` and `budstikke serve --dev` read, so
 * tokens minted by one are accepted by the other. Never for production. */
#ifndef AUTH_DEVKEY_H
#define AUTH_DEVKEY_H
#include "auth/jwt.h"

#include <jansson.h>

#define AUTH_DEV_ISSUER "budstikke-dev"
#define AUTH_DEV_AUDIENCE "budstikke"

struct auth_devkey;

/* Loads the key from path, creating it (mode 0600) when the file is missing. */
struct auth_devkey *auth_devkey_load(const char *path, char **out_err);
/* A fresh key held in memory only: for a process that mints tokens for
 * itself (budstikke demo) and must leave no key file behind. */
struct auth_devkey *auth_devkey_new(char **out_err);
void auth_devkey_free(struct auth_devkey *k);
/* Signs claims (iss, aud, iat, exp are added) as an ES256 JWT; malloc'ed. */
char *auth_devkey_sign(const struct auth_devkey *k, json_t *claims, int64_t now,
                       int64_t lifetime_seconds);
/* The public key as a key set for auth_verify; caller frees. */
struct auth_keyset *auth_devkey_keyset(const struct auth_devkey *k);

#endif
