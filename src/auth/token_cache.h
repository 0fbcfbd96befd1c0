/* Verified bearer tokens with the subject they carry, so that a caller's
 * repeated requests pay the signature check (ES256: ~70 us) once. Entries
 * expire with their token; a full cache is emptied. Thread-safe. */
#ifndef AUTH_TOKEN_CACHE_H
#define AUTH_TOKEN_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct auth_token_cache;

struct auth_token_cache *auth_token_cache_new(size_t max_entries);
void auth_token_cache_free(struct auth_token_cache *c);
/* Copies the subject of a token still valid at now (seconds) into out. */
bool auth_token_cache_get(struct auth_token_cache *c, const char *token, int64_t now, char *out,
                          size_t out_size);
/* Remembers a verified token until exp (seconds). */
void auth_token_cache_put(struct auth_token_cache *c, const char *token, const char *subject,
                          int64_t exp);

#endif
