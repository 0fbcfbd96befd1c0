#include "auth/devkey.h"

#include "base/alloc.h"

#include <cjose/cjose.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct auth_devkey {
    cjose_jwk_t *jwk;
};

static char *read_small_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = nt_malloc(16384);
    size_t n = fread(buf, 1, 16383, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* A fresh random P-256 key with the development kid, or NULL. */
static cjose_jwk_t *random_key(char **out_err)
{
    cjose_err err;
    cjose_jwk_t *jwk = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err);
    if (!jwk || !cjose_jwk_set_kid(jwk, "budstikke-dev-1", 15, &err)) {
        *out_err = nt_strdup("cannot create a development key");
        cjose_jwk_release(jwk);
        return NULL;
    }
    return jwk;
}

static int write_new_key(const char *path, char **out_err)
{
    cjose_err err;
    cjose_jwk_t *jwk = random_key(out_err);
    if (!jwk)
        return -1;
    char *text = cjose_jwk_to_json(jwk, true, &err);
    cjose_jwk_release(jwk);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        free(text);
        return 0; /* someone else created it first: read theirs */
    }
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len && write(fd, "\n", 1) == 1;
    close(fd);
    free(text);
    if (!ok && asprintf(out_err, "cannot write the development key to %s", path) < 0)
        *out_err = NULL;
    return ok ? 0 : -1;
}

struct auth_devkey *auth_devkey_load(const char *path, char **out_err)
{
    if (access(path, F_OK) != 0 && write_new_key(path, out_err) != 0)
        return NULL;
    char *text = read_small_file(path);
    cjose_err err;
    cjose_jwk_t *jwk = text ? cjose_jwk_import(text, strlen(text), &err) : NULL;
    free(text);
    if (!jwk || cjose_jwk_get_kty(jwk, &err) != CJOSE_JWK_KTY_EC) {
        if (asprintf(out_err, "%s does not hold an EC private key (JWK)", path) < 0)
            *out_err = NULL;
        cjose_jwk_release(jwk);
        return NULL;
    }
    struct auth_devkey *k = nt_calloc(1, sizeof(*k));
    k->jwk = jwk;
    return k;
}

struct auth_devkey *auth_devkey_new(char **out_err)
{
    cjose_jwk_t *jwk = random_key(out_err);
    if (!jwk)
        return NULL;
    struct auth_devkey *k = nt_calloc(1, sizeof(*k));
    k->jwk = jwk;
    return k;
}

void auth_devkey_free(struct auth_devkey *k)
{
    if (!k)
        return;
    cjose_jwk_release(k->jwk);
    free(k);
}

char *auth_devkey_sign(const struct auth_devkey *k, json_t *claims, int64_t now,
                       int64_t lifetime_seconds)
{
    json_t *c = json_deep_copy(claims);
    json_object_set_new(c, "iss", json_string(AUTH_DEV_ISSUER));
    json_object_set_new(c, "aud", json_string(AUTH_DEV_AUDIENCE));
    json_object_set_new(c, "iat", json_integer(now));
    json_object_set_new(c, "exp", json_integer(now + lifetime_seconds));
    char *payload = json_dumps(c, JSON_COMPACT);
    json_decref(c);
    cjose_err err;
    cjose_header_t *hdr = cjose_header_new(&err);
    cjose_header_set(hdr, CJOSE_HDR_ALG, CJOSE_HDR_ALG_ES256, &err);
    cjose_header_set(hdr, CJOSE_HDR_KID, cjose_jwk_get_kid(k->jwk, &err), &err);
    cjose_header_set(hdr, "typ", "JWT", &err);
    cjose_jws_t *jws = cjose_jws_sign(k->jwk, hdr, (const uint8_t *)payload, strlen(payload), &err);
    const char *ser = NULL;
    char *token = NULL;
    if (jws && cjose_jws_export(jws, &ser, &err))
        token = nt_strdup(ser);
    cjose_jws_release(jws);
    cjose_header_release(hdr);
    free(payload);
    return token;
}

struct auth_keyset *auth_devkey_keyset(const struct auth_devkey *k)
{
    cjose_err err;
    char *pub = cjose_jwk_to_json(k->jwk, false, &err);
    char *jwks = NULL;
    if (asprintf(&jwks, "{\"keys\":[%s]}", pub) < 0)
        jwks = NULL;
    free(pub);
    char *why = NULL;
    struct auth_keyset *ks = jwks ? auth_keyset_from_jwks(jwks, &why) : NULL;
    free(why);
    free(jwks);
    return ks;
}
