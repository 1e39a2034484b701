/* The primitives the Kerberos enctypes need, as function pointers the caller supplies: the platform's own (bcrypt
 * in the Kerberos package: BCryptEncrypt/BCryptDecrypt with the ECB and CBC chaining modes, BCryptHash with an HMAC
 * provider, BCryptDeriveKeyPBKDF2, BCryptGenRandom; OpenSSL in the native tests). Each returns 0 on success,
 * non-zero on failure. RC4 is not here: Wine 8's bcrypt lacks it, so krb5_rc4.c is ours on both sides. */
#ifndef LSAEMU_KRB5_PRIMITIVES_H
#define LSAEMU_KRB5_PRIMITIVES_H

#include <stddef.h>
#include <stdint.h>

#define KRB5_AES_BLOCK 16
#define KRB5_MAX_DIGEST 48 /* SHA-384 */

typedef enum krb5_hash_alg {
    KRB5_HASH_MD4,    /* hash only (RC4-HMAC string-to-key) */
    KRB5_HASH_MD5,
    KRB5_HASH_SHA1,
    KRB5_HASH_SHA256,
    KRB5_HASH_SHA384,
} krb5_hash_alg;

typedef struct krb5_primitives {
    void *ctx;
    /* AES-ECB over len bytes (a multiple of 16) under a 16- or 32-byte key; decrypt selects the direction. */
    int (*aes_ecb)(void *ctx, int decrypt, const uint8_t *key, size_t key_len, const uint8_t *in, uint8_t *out,
                   size_t len);
    /* AES-CBC over len bytes (a multiple of 16) from the 16-byte iv, no padding; iv is left unchanged. */
    int (*aes_cbc)(void *ctx, int decrypt, const uint8_t *key, size_t key_len, const uint8_t iv[KRB5_AES_BLOCK],
                   const uint8_t *in, uint8_t *out, size_t len);
    /* out = HASH(data); out holds the digest's full length (MD4, MD5 only are asked for). */
    int (*hash)(void *ctx, krb5_hash_alg alg, const uint8_t *data, size_t len, uint8_t *out);
    /* out = HMAC-HASH(key, data) at the digest's full length (MD5, SHA1, SHA256, SHA384). */
    int (*hmac)(void *ctx, krb5_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
                uint8_t *out);
    /* out[0..out_len) = PBKDF2-HMAC-HASH(password, salt, iterations) (SHA1, SHA256, SHA384). */
    int (*pbkdf2)(void *ctx, krb5_hash_alg alg, const uint8_t *password, size_t password_len, const uint8_t *salt,
                  size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len);
    /* out[0..len) = cryptographically random bytes (confounders). */
    int (*random)(void *ctx, uint8_t *out, size_t len);
} krb5_primitives;

/* Digest length of alg in bytes, 0 for an unknown alg. */
size_t krb5_hash_len(krb5_hash_alg alg);

#endif
