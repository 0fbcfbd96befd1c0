#include "auth/devkey.h"
#include "auth/jwt.h"
#include "check.h"

#include <cjose/cjose.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/budstikke-authXXXXXX";
static char key_path[128];
static const int64_t now = 1795400000;

static void setup(void)
{
    CHECK(mkdtemp(dir) != NULL);
    snprintf(key_path, sizeof key_path, "%s/dev.key", dir);
}

static char *mint(const char *sub, int64_t at)
{
    char *err = NULL;
    struct auth_devkey *k = auth_devkey_load(key_path, &err);
    CHECK(k != NULL);
    json_t *claims = json_pack("{s:s}", "sub", sub);
    char *token = k ? auth_devkey_sign(k, claims, at, 3600) : NULL;
    json_decref(claims);
    auth_devkey_free(k);
    return token;
}

static enum auth_result verify(const char *token, const char *aud, int64_t at, json_t **claims)
{
    char *err = NULL;
    struct auth_devkey *k = auth_devkey_load(key_path, &err);
    struct auth_keyset *ks = auth_devkey_keyset(k);
    enum auth_result r = auth_verify(ks, token, AUTH_DEV_ISSUER, aud, at, claims);
    auth_keyset_free(ks);
    auth_devkey_free(k);
    return r;
}

static void dev_key_is_created_once_and_shared(void)
{
    char *token = mint("dev:tiltak", now);
    CHECK(token != NULL);
    CHECK_EQ_INT(access(key_path, R_OK), 0);
    json_t *claims = NULL;
    CHECK_EQ_INT(verify(token, AUTH_DEV_AUDIENCE, now + 10, &claims), AUTH_OK);
    CHECK_EQ_STR(json_string_value(json_object_get(claims, "sub")), "dev:tiltak");
    CHECK_EQ_STR(json_string_value(json_object_get(claims, "iss")), AUTH_DEV_ISSUER);
    json_decref(claims);
    free(token);
}

/* The in-memory key (it takes no path, so it writes nothing): its tokens
 * pass with its own key set only. */
static void a_key_in_memory_signs_for_itself_alone(void)
{
    char *err = NULL;
    struct auth_devkey *a = auth_devkey_new(&err), *b = auth_devkey_new(&err);
    CHECK(a != NULL && b != NULL);
    json_t *claims = json_pack("{s:s}", "sub", "demo:jobcenter");
    char *token = auth_devkey_sign(a, claims, now, 60);
    json_decref(claims);
    struct auth_keyset *own = auth_devkey_keyset(a), *other = auth_devkey_keyset(b);
    json_t *got = NULL;
    CHECK_EQ_INT(auth_verify(own, token, AUTH_DEV_ISSUER, AUTH_DEV_AUDIENCE, now + 1, &got), AUTH_OK);
    CHECK_EQ_STR(json_string_value(json_object_get(got, "sub")), "demo:jobcenter");
    json_decref(got);
    got = NULL;
    CHECK(auth_verify(other, token, AUTH_DEV_ISSUER, AUTH_DEV_AUDIENCE, now + 1, &got) != AUTH_OK);
    json_decref(got);
    auth_keyset_free(own);
    auth_keyset_free(other);
    auth_devkey_free(a);
    auth_devkey_free(b);
    free(token);
}

static void claims_are_checked(void)
{
    char *token = mint("x", now);
    json_t *claims = NULL;
    CHECK_EQ_INT(verify(token, AUTH_DEV_AUDIENCE, now + 3600 + 61, &claims), AUTH_EXPIRED);
    CHECK_EQ_INT(verify(token, AUTH_DEV_AUDIENCE, now + 3600 + 59, &claims), AUTH_OK);
    json_decref(claims);
    CHECK_EQ_INT(verify(token, "someone-else", now, &claims), AUTH_WRONG_AUDIENCE);
    free(token);
}

static void tampering_is_detected(void)
{
    char *token = mint("x", now);
    char *dot = strchr(token, '.');
    dot[3] = dot[3] == 'A' ? 'B' : 'A'; /* change the payload */
    json_t *claims = NULL;
    enum auth_result r = verify(token, AUTH_DEV_AUDIENCE, now, &claims);
    CHECK(r == AUTH_BAD_SIGNATURE || r == AUTH_MALFORMED);
    CHECK(claims == NULL);
    CHECK_EQ_INT(verify("not.a.token", AUTH_DEV_AUDIENCE, now, &claims), AUTH_MALFORMED);
    CHECK_EQ_INT(verify("", AUTH_DEV_AUDIENCE, now, &claims), AUTH_MALFORMED);
    free(token);
}

static void forgeries_are_refused(void)
{
    json_t *claims = NULL;
    /* {"alg":"none"} . {"sub":"x","exp":9999999999,...} . (no signature) */
    const char *none = "eyJhbGciOiJub25lIn0."
                       "eyJzdWIiOiJ4IiwiZXhwIjo5OTk5OTk5OTk5LCJpc3MiOiJidWRzdGlra2UtZGV2IiwiYXVkIjoiYnVkc3Rpa2tlIn0.";
    CHECK_EQ_INT(verify(none, AUTH_DEV_AUDIENCE, now, &claims), AUTH_BAD_ALGORITHM);
    /* HS256 signed with some secret: symmetric algorithms are never accepted. */
    cjose_err err;
    cjose_jwk_t *oct = cjose_jwk_create_oct_spec((const uint8_t *)"0123456789abcdef0123456789abcdef", 32, &err);
    cjose_header_t *hdr = cjose_header_new(&err);
    cjose_header_set(hdr, CJOSE_HDR_ALG, CJOSE_HDR_ALG_HS256, &err);
    const char *payload = "{\"sub\":\"x\",\"exp\":9999999999,\"iss\":\"budstikke-dev\",\"aud\":\"budstikke\"}";
    cjose_jws_t *jws = cjose_jws_sign(oct, hdr, (const uint8_t *)payload, strlen(payload), &err);
    const char *ser = NULL;
    CHECK(jws && cjose_jws_export(jws, &ser, &err));
    if (ser)
        CHECK_EQ_INT(verify(ser, AUTH_DEV_AUDIENCE, now, &claims), AUTH_BAD_ALGORITHM);
    cjose_jws_release(jws);
    cjose_header_release(hdr);
    cjose_jwk_release(oct);
}

static char *sign_rs256(cjose_jwk_t *jwk, const char *payload)
{
    cjose_err err;
    cjose_header_t *hdr = cjose_header_new(&err);
    cjose_header_set(hdr, CJOSE_HDR_ALG, CJOSE_HDR_ALG_RS256, &err);
    cjose_header_set(hdr, CJOSE_HDR_KID, "rsa-1", &err);
    cjose_jws_t *jws = cjose_jws_sign(jwk, hdr, (const uint8_t *)payload, strlen(payload), &err);
    const char *ser = NULL;
    char *out = jws && cjose_jws_export(jws, &ser, &err) ? strdup(ser) : NULL;
    cjose_jws_release(jws);
    cjose_header_release(hdr);
    return out;
}

static void rs256_through_a_jwks(void)
{
    cjose_err err;
    cjose_jwk_t *rsa = cjose_jwk_create_RSA_random(2048, NULL, 0, &err);
    cjose_jwk_t *other = cjose_jwk_create_RSA_random(2048, NULL, 0, &err);
    cjose_jwk_set_kid(rsa, "rsa-1", 5, &err);
    char *pub = cjose_jwk_to_json(rsa, false, &err);
    char jwks[4096];
    snprintf(jwks, sizeof jwks, "{\"keys\":[%s]}", pub);
    char *why = NULL;
    struct auth_keyset *ks = auth_keyset_from_jwks(jwks, &why);
    CHECK(ks != NULL);
    const char *payload = "{\"azp\":\"dev:tiltak\",\"exp\":1795403600,\"iss\":\"idp\",\"aud\":[\"a\",\"budstikke\"]}";
    char *good = sign_rs256(rsa, payload), *bad = sign_rs256(other, payload);
    json_t *claims = NULL;
    CHECK_EQ_INT(auth_verify(ks, good, "idp", "budstikke", now, &claims), AUTH_OK);
    CHECK_EQ_STR(json_string_value(json_object_get(claims, "azp")), "dev:tiltak");
    json_decref(claims);
    CHECK_EQ_INT(auth_verify(ks, good, "other-idp", "budstikke", now, &claims), AUTH_WRONG_ISSUER);
    CHECK_EQ_INT(auth_verify(ks, bad, "idp", "budstikke", now, &claims), AUTH_BAD_SIGNATURE);
    CHECK(auth_keyset_from_jwks("{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}", &why) == NULL);
    free(why);
    free(good);
    free(bad);
    free(pub);
    auth_keyset_free(ks);
    cjose_jwk_release(rsa);
    cjose_jwk_release(other);
}

static void cleanup(void)
{
    unlink(key_path);
    rmdir(dir);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"dev_key_is_created_once_and_shared", dev_key_is_created_once_and_shared},
    {"a_key_in_memory_signs_for_itself_alone", a_key_in_memory_signs_for_itself_alone},
    {"claims_are_checked", claims_are_checked},
    {"tampering_is_detected", tampering_is_detected},
    {"forgeries_are_refused", forgeries_are_refused},
    {"rs256_through_a_jwks", rs256_through_a_jwks},
    {"cleanup", cleanup},
};

CHECK_MAIN("auth", cases)
