/* Test-only OpenSSL crypto for the NTLM code; see ntlm_openssl.h. */
#include "ntlm_openssl.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/provider.h>

static EVP_MD *md4_md;
static EVP_CIPHER *des_cipher;

static int md4(void *ctx, const uint8_t *data, size_t len, uint8_t out[NTLM_HASH_LEN])
{
    unsigned int n = 0;

    (void)ctx;
    return EVP_Digest(data, len, out, &n, md4_md, NULL) == 1 && n == NTLM_HASH_LEN ? 0 : -1;
}

static int hmac_md5(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len, const uint8_t *b,
                    size_t b_len, uint8_t out[NTLM_HASH_LEN])
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *m = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM params[] = {OSSL_PARAM_utf8_string("digest", (char *)"MD5", 0), OSSL_PARAM_END};
    size_t n = 0;
    int ok;

    (void)ctx;
    ok = m && EVP_MAC_init(m, key, key_len, params) == 1 && (!a_len || EVP_MAC_update(m, a, a_len) == 1) &&
         (!b_len || EVP_MAC_update(m, b, b_len) == 1) && EVP_MAC_final(m, out, &n, NTLM_HASH_LEN) == 1 &&
         n == NTLM_HASH_LEN;
    EVP_MAC_CTX_free(m);
    EVP_MAC_free(mac);
    return ok ? 0 : -1;
}

static int md5(void *ctx, const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
               uint8_t out[NTLM_HASH_LEN])
{
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    unsigned int n = 0;
    int ok;

    (void)ctx;
    ok = m && EVP_DigestInit_ex(m, EVP_md5(), NULL) == 1 && EVP_DigestUpdate(m, a, a_len) == 1 &&
         EVP_DigestUpdate(m, b, b_len) == 1 && EVP_DigestFinal_ex(m, out, &n) == 1 && n == NTLM_HASH_LEN;
    EVP_MD_CTX_free(m);
    return ok ? 0 : -1;
}

/* 56 key bits in 7 bytes spread over the 7 high bits of 8 bytes (DES ignores the low, parity, bit). */
static void expand_key(const uint8_t in[7], uint8_t out[8])
{
    out[0] = in[0];
    for (int i = 1; i < 7; i++)
        out[i] = (uint8_t)((in[i - 1] << (8 - i)) | (in[i] >> i));
    out[7] = (uint8_t)(in[6] << 1);
}

static int des_ecb7(void *ctx, const uint8_t key7[7], const uint8_t in[8], uint8_t out[8])
{
    EVP_CIPHER_CTX *e = EVP_CIPHER_CTX_new();
    uint8_t key[8];
    int n = 0, ok;

    (void)ctx;
    expand_key(key7, key);
    ok = e && des_cipher && EVP_EncryptInit_ex(e, des_cipher, NULL, key, NULL) == 1 &&
         EVP_CIPHER_CTX_set_padding(e, 0) == 1 && EVP_EncryptUpdate(e, out, &n, in, 8) == 1 && n == 8;
    EVP_CIPHER_CTX_free(e);
    return ok ? 0 : -1;
}

const ntlm_crypto *ntlm_openssl_crypto(void)
{
    static const ntlm_crypto crypto = {NULL, md4, hmac_md5, md5, des_ecb7};

    if (!md4_md) {
        OSSL_PROVIDER_load(NULL, "default");
        OSSL_PROVIDER_load(NULL, "legacy");
        md4_md = EVP_MD_fetch(NULL, "MD4", NULL);
        des_cipher = EVP_CIPHER_fetch(NULL, "DES-ECB", NULL);
    }
    return md4_md && des_cipher ? &crypto : NULL;
}
