/* The crypto the NTLM code needs, as function pointers supplied by the caller: the platform's own (bcrypt in the
 * MSV1_0 package, OpenSSL in the native tests). Each returns 0 on success, non-zero on failure. */
#ifndef LSAEMU_NTLM_CRYPTO_H
#define LSAEMU_NTLM_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define NTLM_HASH_LEN 16      /* MD4 / MD5 / HMAC-MD5 output, NT hash, response keys, session keys */
#define NTLM_CHALLENGE_LEN 8  /* server and client challenges */

typedef struct ntlm_crypto {
    void *ctx;
    /* out = MD4(data[0..len)) */
    int (*md4)(void *ctx, const uint8_t *data, size_t len, uint8_t out[NTLM_HASH_LEN]);
    /* out = HMAC-MD5(key, a || b); a part may be empty (pointer possibly NULL with length 0) */
    int (*hmac_md5)(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len,
                    const uint8_t *b, size_t b_len, uint8_t out[NTLM_HASH_LEN]);
    /* NTLMv1 only (may be NULL: v1 verification then answers NTLM_ERR_ARG). */
    /* out = MD5(a || b) */
    int (*md5)(void *ctx, const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len, uint8_t out[NTLM_HASH_LEN]);
    /* out = DES-ECB encryption of one block under the 56-bit key given as 7 bytes (the parity-free form NTLM uses,
     * MS-NLMP 6 DES(K, D)) */
    int (*des_ecb7)(void *ctx, const uint8_t key7[7], const uint8_t in[8], uint8_t out[8]);
} ntlm_crypto;

#endif
