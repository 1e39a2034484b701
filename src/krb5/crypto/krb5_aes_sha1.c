/* aes128-cts-hmac-sha1-96 (17) and aes256-cts-hmac-sha1-96 (18), RFC 3962 in the RFC 3961 simplified profile:
 * DK key derivation over AES, PBKDF2-HMAC-SHA1 string-to-key, AES-CTS with a 16-byte confounder and HMAC-SHA1-96 over
 * the plaintext. */
#include "krb5_cts.h"
#include "krb5_enctype_impl.h"
#include "krb5_nfold.h"
#include "krb5_secret.h"

#include <string.h>

#define B KRB5_AES_BLOCK
#define MAC 12
#define S2K_DEFAULT_ITERATIONS 4096

/* DK(base, constant) = DR(base, constant) (random-to-key is the identity for AES): blocks E(base, n-fold(constant)),
 * then each block encrypted again, until key_size bytes (RFC 3961 5.1). */
static int dk(const krb5_primitives *p, const uint8_t *base, size_t key_size, const uint8_t *constant,
              size_t constant_len, uint8_t *out)
{
    uint8_t block[B];
    int rc = KRB5C_OK;

    if (krb5_nfold(constant, constant_len, block, B) != 0)
        return KRB5C_ERR_ARG;
    for (size_t done = 0; done < key_size; done += B) {
        if (p->aes_ecb(p->ctx, 0, base, key_size, block, block, B) != 0) {
            rc = KRB5C_ERR_CRYPTO;
            break;
        }
        memcpy(out + done, block, key_size - done < B ? key_size - done : B);
    }
    krb5_wipe(block, sizeof(block));
    return rc;
}

int krb5_aes_sha1_derive(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                         uint8_t kind, uint8_t *out, size_t *out_len)
{
    uint8_t constant[5];

    krb5_usage_constant(usage, kind, constant);
    *out_len = et->key_size;
    return dk(p, key, et->key_size, constant, sizeof(constant), out);
}

int krb5_aes_sha1_string_to_key(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *password,
                                size_t password_len, const uint8_t *salt, size_t salt_len, const uint8_t *params,
                                size_t params_len, uint8_t *key)
{
    static const uint8_t kerberos[] = {'k', 'e', 'r', 'b', 'e', 'r', 'o', 's'};
    uint8_t tkey[KRB5_MAX_KEY];
    uint32_t iterations;
    int rc;

    if (krb5_s2k_iterations(params, params_len, S2K_DEFAULT_ITERATIONS, &iterations) != 0)
        return KRB5C_ERR_ARG;
    if (p->pbkdf2(p->ctx, KRB5_HASH_SHA1, password, password_len, salt, salt_len, iterations, tkey, et->key_size))
        rc = KRB5C_ERR_CRYPTO;
    else
        rc = dk(p, tkey, et->key_size, kerberos, sizeof(kerberos), key);
    krb5_wipe(tkey, sizeof(tkey));
    return rc;
}

/* HMAC-SHA1(Kx for usage, data) cut to 96 bits. */
static int keyed_mac(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                     uint8_t kind, const uint8_t *data, size_t len, uint8_t out[MAC])
{
    uint8_t k[KRB5_MAX_DIGEST], full[KRB5_MAX_DIGEST];
    size_t k_len = 0;
    int rc = krb5_aes_sha1_derive(p, et, key, usage, kind, k, &k_len);

    if (rc == KRB5C_OK && p->hmac(p->ctx, KRB5_HASH_SHA1, k, k_len, data, len, full) != 0)
        rc = KRB5C_ERR_CRYPTO;
    if (rc == KRB5C_OK)
        memcpy(out, full, MAC);
    krb5_wipe(k, sizeof(k));
    krb5_wipe(full, sizeof(full));
    return rc;
}

int krb5_aes_sha1_checksum(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                           const uint8_t *data, size_t len, uint8_t *out)
{
    return keyed_mac(p, et, key, usage, KRB5_DERIVE_KC, data, len, out);
}

int krb5_aes_sha1_encrypt(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                          const uint8_t *confounder, const uint8_t *in, size_t in_len, uint8_t *out)
{
    uint8_t ke[KRB5_MAX_DIGEST];
    size_t ke_len = 0, plain_len;
    uint8_t *plain;
    int rc;

    if (in_len > SIZE_MAX - B - MAC)
        return KRB5C_ERR_ARG;
    if ((rc = krb5_confounded(p, B, confounder, in, in_len, &plain, &plain_len)) != KRB5C_OK)
        return rc;
    rc = krb5_aes_sha1_derive(p, et, key, usage, KRB5_DERIVE_KE, ke, &ke_len);
    if (rc == KRB5C_OK && krb5_cts_encrypt(p, ke, ke_len, NULL, plain, out, plain_len) != 0)
        rc = KRB5C_ERR_CRYPTO;
    if (rc == KRB5C_OK)
        rc = keyed_mac(p, et, key, usage, KRB5_DERIVE_KI, plain, plain_len, out + plain_len);
    krb5_wipe(ke, sizeof(ke));
    krb5_free_wiped(plain, plain_len);
    return rc;
}

int krb5_aes_sha1_decrypt(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                          const uint8_t *in, size_t in_len, uint8_t *out, size_t *out_len)
{
    uint8_t ke[KRB5_MAX_DIGEST], mac[MAC];
    size_t ke_len = 0, cipher_len;
    uint8_t *plain = NULL;
    int rc;

    *out_len = 0;
    /* The confounder alone is one block, the least CTS accepts. */
    if (in_len < B + MAC)
        return KRB5C_ERR_ARG;
    cipher_len = in_len - MAC;
    plain = krb5_alloc(cipher_len);
    if (!plain)
        return KRB5C_ERR_CRYPTO;
    rc = krb5_aes_sha1_derive(p, et, key, usage, KRB5_DERIVE_KE, ke, &ke_len);
    if (rc == KRB5C_OK && krb5_cts_decrypt(p, ke, ke_len, NULL, in, plain, cipher_len) != 0)
        rc = KRB5C_ERR_CRYPTO;
    if (rc == KRB5C_OK)
        rc = keyed_mac(p, et, key, usage, KRB5_DERIVE_KI, plain, cipher_len, mac);
    if (rc == KRB5C_OK && !krb5_ct_equal(mac, in + cipher_len, MAC))
        rc = KRB5C_ERR_INTEGRITY;
    if (rc == KRB5C_OK) {
        memcpy(out, plain + B, cipher_len - B);
        *out_len = cipher_len - B;
    }
    krb5_wipe(ke, sizeof(ke));
    krb5_wipe(mac, sizeof(mac));
    krb5_free_wiped(plain, cipher_len);
    return rc;
}
