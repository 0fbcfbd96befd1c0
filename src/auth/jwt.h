/* Bearer-token verification: JWS compact tokens signed with RS256 or ES256,
 * keys from a JWKS document picked by "kid", and the claims checked that the
 * signature library does not check (exp, nbf, iss, aud). cjose verifies the
 * signature; the algorithm allow-list is enforced before it is asked. */
#ifndef AUTH_JWT_H
#define AUTH_JWT_H
#include <jansson.h>
#include <stdint.h>

struct auth_keyset;

enum auth_result {
    AUTH_OK,
    AUTH_MALFORMED,
    AUTH_BAD_ALGORITHM,
    AUTH_UNKNOWN_KEY,
    AUTH_BAD_SIGNATURE,
    AUTH_EXPIRED,
    AUTH_NOT_YET_VALID,
    AUTH_WRONG_ISSUER,
    AUTH_WRONG_AUDIENCE,
};

/* Builds a key set from a JWKS document ({"keys": [...]}). Returns NULL and a
 * malloc'ed *out_err when no key can be used. */
struct auth_keyset *auth_keyset_from_jwks(const char *jwks, char **out_err);
void auth_keyset_free(struct auth_keyset *ks);

/* Verifies token at time now (seconds since the epoch; 60 s of clock skew
 * allowed). On AUTH_OK *out_claims is a new reference to the payload. */
enum auth_result auth_verify(const struct auth_keyset *ks, const char *token, const char *issuer,
                             const char *audience, int64_t now, json_t **out_claims);
const char *auth_result_text(enum auth_result r);

#endif
