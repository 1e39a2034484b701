/* Test-only OpenSSL crypto for the Kerberos enctypes; see krb5_openssl.h. */
#include "krb5_openssl.h"

#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

static const EVP_MD *md_of(krb5_hash_alg alg)
{
    static EVP_MD *md4;

    switch (alg) {
    case KRB5_HASH_MD4:
        if (!md4)
            md4 = EVP_MD_fetch(NULL, "MD4", NULL);
        return md4;
    case KRB5_HASH_MD5:
        return EVP_md5();
    case KRB5_HASH_SHA1:
        return EVP_sha1();
    case KRB5_HASH_SHA256:
        return EVP_sha256();
    case KRB5_HASH_SHA384:
        return EVP_sha384();
    }
    return NULL;
}

static const EVP_CIPHER *aes(int cbc, size_t key_len)
{
    if (key_len == 16)
        return cbc ? EVP_aes_128_cbc() : EVP_aes_128_ecb();
    if (key_len == 32)
        return cbc ? EVP_aes_256_cbc() : EVP_aes_256_ecb();
    return NULL;
}

static int run_aes(int cbc, int decrypt, const uint8_t *key, size_t key_len, const uint8_t *iv, const uint8_t *in,
                   uint8_t *out, size_t len)
{
    const EVP_CIPHER *cipher = aes(cbc, key_len);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int n = 0, ok;

    ok = c && cipher && len % 16 == 0 && len <= INT32_MAX &&
         EVP_CipherInit_ex(c, cipher, NULL, key, iv, decrypt ? 0 : 1) == 1 && EVP_CIPHER_CTX_set_padding(c, 0) == 1 &&
         EVP_CipherUpdate(c, out, &n, in, (int)len) == 1 && (size_t)n == len;
    EVP_CIPHER_CTX_free(c);
    return ok ? 0 : -1;
}

static int aes_ecb(void *ctx, int decrypt, const uint8_t *key, size_t key_len, const uint8_t *in, uint8_t *out,
                   size_t len)
{
    (void)ctx;
    return run_aes(0, decrypt, key, key_len, NULL, in, out, len);
}

static int aes_cbc(void *ctx, int decrypt, const uint8_t *key, size_t key_len, const uint8_t iv[KRB5_AES_BLOCK],
                   const uint8_t *in, uint8_t *out, size_t len)
{
    (void)ctx;
    return run_aes(1, decrypt, key, key_len, iv, in, out, len);
}

static int hash(void *ctx, krb5_hash_alg alg, const uint8_t *data, size_t len, uint8_t *out)
{
    const EVP_MD *md = md_of(alg);
    unsigned int n = 0;

    (void)ctx;
    return md && EVP_Digest(data, len, out, &n, md, NULL) == 1 && n == krb5_hash_len(alg) ? 0 : -1;
}

static int hmac(void *ctx, krb5_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
                uint8_t *out)
{
    const EVP_MD *md = md_of(alg);
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *m = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM params[] = {OSSL_PARAM_utf8_string("digest", (char *)(md ? EVP_MD_get0_name(md) : "MD5"), 0),
                           OSSL_PARAM_END};
    size_t n = 0;
    int ok;

    (void)ctx;
    ok = md && alg != KRB5_HASH_MD4 && m && EVP_MAC_init(m, key, key_len, params) == 1 &&
         (!len || EVP_MAC_update(m, data, len) == 1) && EVP_MAC_final(m, out, &n, KRB5_MAX_DIGEST) == 1 &&
         n == krb5_hash_len(alg);
    EVP_MAC_CTX_free(m);
    EVP_MAC_free(mac);
    return ok ? 0 : -1;
}

static int pbkdf2(void *ctx, krb5_hash_alg alg, const uint8_t *password, size_t password_len, const uint8_t *salt,
                  size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len)
{
    const EVP_MD *md = md_of(alg);

    (void)ctx;
    if (!md || password_len > INT32_MAX || salt_len > INT32_MAX || iterations > INT32_MAX || out_len > INT32_MAX)
        return -1;
    return PKCS5_PBKDF2_HMAC((const char *)password, (int)password_len, salt, (int)salt_len, (int)iterations, md,
                             (int)out_len, out) == 1
               ? 0
               : -1;
}

static int random_bytes(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    return len <= INT32_MAX && RAND_bytes(out, (int)len) == 1 ? 0 : -1;
}

const krb5_primitives *krb5_openssl_primitives(void)
{
    static const krb5_primitives primitives = {NULL, aes_ecb, aes_cbc, hash, hmac, pbkdf2, random_bytes};
    static int loaded;

    if (!loaded) {
        OSSL_PROVIDER_load(NULL, "default");
        OSSL_PROVIDER_load(NULL, "legacy");
        loaded = 1;
    }
    return &primitives;
}
