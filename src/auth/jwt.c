#include "auth/jwt.h"

#include "base/alloc.h"

#include <cjose/cjose.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLOCK_SKEW 60

struct auth_key {
    char *kid;
    cjose_jwk_kty_t kty;
    cjose_jwk_t *jwk;
};

struct auth_keyset {
    struct auth_key *keys;
    size_t n;
};

struct auth_keyset *auth_keyset_from_jwks(const char *jwks, char **out_err)
{
    json_error_t jerr;
    json_t *doc = json_loads(jwks, JSON_REJECT_DUPLICATES, &jerr);
    json_t *keys = json_object_get(doc, "keys");
    if (!json_is_array(keys)) {
        *out_err = nt_strdup("JWKS must be a JSON object with a \"keys\" array");
        json_decref(doc);
        return NULL;
    }
    struct auth_keyset *ks = nt_calloc(1, sizeof(*ks));
    ks->keys = nt_calloc(json_array_size(keys) + 1, sizeof(*ks->keys));
    for (size_t i = 0; i < json_array_size(keys); i++) {
        char *text = json_dumps(json_array_get(keys, i), JSON_COMPACT);
        cjose_err err;
        cjose_jwk_t *jwk = text ? cjose_jwk_import(text, strlen(text), &err) : NULL;
        free(text);
        if (!jwk)
            continue;
        cjose_jwk_kty_t kty = cjose_jwk_get_kty(jwk, &err);
        if (kty != CJOSE_JWK_KTY_RSA && kty != CJOSE_JWK_KTY_EC) {
            cjose_jwk_release(jwk); /* symmetric keys are never accepted */
            continue;
        }
        const char *kid = json_string_value(json_object_get(json_array_get(keys, i), "kid"));
        ks->keys[ks->n++] = (struct auth_key){kid ? nt_strdup(kid) : NULL, kty, jwk};
    }
    json_decref(doc);
    if (!ks->n) {
        auth_keyset_free(ks);
        *out_err = nt_strdup("JWKS holds no RSA or EC key that can be used");
        return NULL;
    }
    return ks;
}

void auth_keyset_free(struct auth_keyset *ks)
{
    if (!ks)
        return;
    for (size_t i = 0; i < ks->n; i++) {
        free(ks->keys[i].kid);
        cjose_jwk_release(ks->keys[i].jwk);
    }
    free(ks->keys);
    free(ks);
}

static const struct auth_key *find_key(const struct auth_keyset *ks, const char *kid,
                                       cjose_jwk_kty_t kty)
{
    for (size_t i = 0; i < ks->n; i++) {
        const struct auth_key *k = &ks->keys[i];
        if (k->kty != kty)
            continue;
        if (!kid || !k->kid || strcmp(kid, k->kid) == 0)
            return k;
    }
    return NULL;
}

static bool audience_matches(json_t *aud, const char *audience)
{
    if (json_is_string(aud))
        return strcmp(json_string_value(aud), audience) == 0;
    for (size_t i = 0; json_is_array(aud) && i < json_array_size(aud); i++)
        if (json_is_string(json_array_get(aud, i)) &&
            strcmp(json_string_value(json_array_get(aud, i)), audience) == 0)
            return true;
    return false;
}

static enum auth_result check_claims(json_t *claims, const char *issuer, const char *audience,
                                     int64_t now)
{
    json_t *exp = json_object_get(claims, "exp"), *nbf = json_object_get(claims, "nbf");
    if (!json_is_integer(exp) || json_integer_value(exp) + CLOCK_SKEW < now)
        return AUTH_EXPIRED;
    if (nbf && (!json_is_integer(nbf) || json_integer_value(nbf) - CLOCK_SKEW > now))
        return AUTH_NOT_YET_VALID;
    const char *iss = json_string_value(json_object_get(claims, "iss"));
    if (issuer && (!iss || strcmp(iss, issuer) != 0))
        return AUTH_WRONG_ISSUER;
    if (audience && !audience_matches(json_object_get(claims, "aud"), audience))
        return AUTH_WRONG_AUDIENCE;
    return AUTH_OK;
}

enum auth_result auth_verify(const struct auth_keyset *ks, const char *token, const char *issuer,
                             const char *audience, int64_t now, json_t **out_claims)
{
    cjose_err err;
    *out_claims = NULL;
    cjose_jws_t *jws = cjose_jws_import(token, strlen(token), &err);
    if (!jws)
        return AUTH_MALFORMED;
    enum auth_result r = AUTH_OK;
    cjose_header_t *hdr = cjose_jws_get_protected(jws);
    const char *alg = hdr ? cjose_header_get(hdr, CJOSE_HDR_ALG, &err) : NULL;
    const char *kid = hdr ? cjose_header_get(hdr, CJOSE_HDR_KID, &err) : NULL;
    const struct auth_key *key = NULL;
    if (!alg || (strcmp(alg, CJOSE_HDR_ALG_RS256) != 0 && strcmp(alg, CJOSE_HDR_ALG_ES256) != 0))
        r = AUTH_BAD_ALGORITHM;
    else if (!(key = find_key(ks, kid, strcmp(alg, "RS256") == 0 ? CJOSE_JWK_KTY_RSA
                                                                 : CJOSE_JWK_KTY_EC)))
        r = AUTH_UNKNOWN_KEY;
    else if (!cjose_jws_verify(jws, key->jwk, &err))
        r = AUTH_BAD_SIGNATURE;
    uint8_t *payload = NULL;
    size_t len = 0;
    json_t *claims = NULL;
    if (r == AUTH_OK) {
        if (cjose_jws_get_plaintext(jws, &payload, &len, &err))
            claims = json_loadb((const char *)payload, len, JSON_REJECT_DUPLICATES, NULL);
        r = json_is_object(claims) ? check_claims(claims, issuer, audience, now) : AUTH_MALFORMED;
    }
    cjose_jws_release(jws);
    if (r == AUTH_OK)
        *out_claims = claims;
    else
        json_decref(claims);
    return r;
}

const char *auth_result_text(enum auth_result r)
{
    static const char *const texts[] = {
        "ok", "malformed token", "algorithm not allowed", "unknown signing key",
        "bad signature", "token expired", "token not yet valid", "wrong issuer", "wrong audience",
    };
    return texts[r];
}
