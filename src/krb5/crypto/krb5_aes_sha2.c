/* aes128-cts-hmac-sha256-128 (19) and aes256-cts-hmac-sha384-192 (20), RFC 8009: KDF-HMAC-SHA2 key derivation,
 * PBKDF2-HMAC-SHA2 string-to-key with the enctype name in the salt, AES-CTS with a 16-byte confounder, then a MAC over
 * the cipher state (the zero IV) and the ciphertext (encrypt-then-MAC). */
#include "krb5_cts.h"
#include "krb5_enctype_impl.h"
#include "krb5_secret.h"

#include <string.h>

#define B KRB5_AES_BLOCK
#define S2K_DEFAULT_ITERATIONS 32768 /* RFC 8009 4 */
#define LABEL_MAX 16

static krb5_hash_alg hash_of(const krb5_enctype *et)
{
    return et->id == KRB5_ENCTYPE_AES128_CTS_HMAC_SHA256_128 ? KRB5_HASH_SHA256 : KRB5_HASH_SHA384;
}

/* KDF-HMAC-SHA2(key, label, k) = the first k bits of HMAC(key, 00000001 | label | 00 | k as 32 bits big-endian);
 * k is at most one digest here (RFC 8009 3). */
static int kdf(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, const uint8_t *label,
               size_t label_len, size_t out_len, uint8_t *out)
{
    uint8_t msg[4 + LABEL_MAX + 1 + 4], full[KRB5_MAX_DIGEST];
    uint32_t bits = (uint32_t)out_len * 8;
    size_t n = 0;
    int rc = KRB5C_OK;

    if (label_len > LABEL_MAX || out_len > krb5_hash_len(hash_of(et)))
        return KRB5C_ERR_ARG;
    msg[n++] = 0, msg[n++] = 0, msg[n++] = 0, msg[n++] = 1;
    memcpy(msg + n, label, label_len);
    n += label_len;
    msg[n++] = 0;
    msg[n++] = (uint8_t)(bits >> 24), msg[n++] = (uint8_t)(bits >> 16), msg[n++] = (uint8_t)(bits >> 8);
    msg[n++] = (uint8_t)bits;
    if (p->hmac(p->ctx, hash_of(et), key, et->key_size, msg, n, full) != 0)
        rc = KRB5C_ERR_CRYPTO;
    else
        memcpy(out, full, out_len);
    krb5_wipe(full, sizeof(full));
    return rc;
}

int krb5_aes_sha2_derive(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                         uint8_t kind, uint8_t *out, size_t *out_len)
{
    uint8_t constant[5];

    krb5_usage_constant(usage, kind, constant);
    /* Ke is a whole AES key; Kc and Ki are as long as the MAC (128 bits for 19, 192 for 20). */
    *out_len = kind == KRB5_DERIVE_KE ? et->key_size : et->mac_size;
    return kdf(p, et, key, constant, sizeof(constant), *out_len, out);
}

int krb5_aes_sha2_string_to_key(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *password,
                                size_t password_len, const uint8_t *salt, size_t salt_len, const uint8_t *params,
                                size_t params_len, uint8_t *key)
{
    static const uint8_t kerberos[] = {'k', 'e', 'r', 'b', 'e', 'r', 'o', 's'};
    size_t name_len = strlen(et->name), saltp_len;
    uint8_t tkey[KRB5_MAX_KEY];
    uint32_t iterations;
    uint8_t *saltp;
    int rc;

    if (krb5_s2k_iterations(params, params_len, S2K_DEFAULT_ITERATIONS, &iterations) != 0)
        return KRB5C_ERR_ARG;
    if (salt_len > SIZE_MAX - name_len - 1)
        return KRB5C_ERR_ARG;
    /* saltp = enctype name | 00 | salt */
    saltp_len = name_len + 1 + salt_len;
    saltp = krb5_alloc(saltp_len);
    if (!saltp)
        return KRB5C_ERR_CRYPTO;
    memcpy(saltp, et->name, name_len);
    saltp[name_len] = 0;
    if (salt_len)
        memcpy(saltp + name_len + 1, salt, salt_len);
    if (p->pbkdf2(p->ctx, hash_of(et), password, password_len, saltp, saltp_len, iterations, tkey, et->key_size))
        rc = KRB5C_ERR_CRYPTO;
    else
        rc = kdf(p, et, tkey, kerberos, sizeof(kerberos), et->key_size, key);
    krb5_wipe(tkey, sizeof(tkey));
    krb5_free_wiped(saltp, saltp_len);
    return rc;
}

/* HMAC(Kx for usage, a | b) cut to the MAC length. */
static int keyed_mac(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                     uint8_t kind, const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len, uint8_t *out)
{
    uint8_t k[KRB5_MAX_DIGEST], full[KRB5_MAX_DIGEST];
    size_t k_len = 0, len;
    uint8_t *msg;
    int rc;

    if (b_len > SIZE_MAX - a_len)
        return KRB5C_ERR_ARG;
    len = a_len + b_len;
    msg = krb5_alloc(len);
    if (!msg)
        return KRB5C_ERR_CRYPTO;
    if (a_len)
        memcpy(msg, a, a_len);
    if (b_len)
        memcpy(msg + a_len, b, b_len);
    rc = krb5_aes_sha2_derive(p, et, key, usage, kind, k, &k_len);
    if (rc == KRB5C_OK && p->hmac(p->ctx, hash_of(et), k, k_len, msg, len, full) != 0)
        rc = KRB5C_ERR_CRYPTO;
    if (rc == KRB5C_OK)
        memcpy(out, full, et->mac_size);
    krb5_wipe(k, sizeof(k));
    krb5_wipe(full, sizeof(full));
    krb5_free_wiped(msg, len);
    return rc;
}

int krb5_aes_sha2_checksum(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                           const uint8_t *data, size_t len, uint8_t *out)
{
    return keyed_mac(p, et, key, usage, KRB5_DERIVE_KC, NULL, 0, data, len, out);
}

int krb5_aes_sha2_encrypt(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                          const uint8_t *confounder, const uint8_t *in, size_t in_len, uint8_t *out)
{
    static const uint8_t iv[B];
    uint8_t ke[KRB5_MAX_DIGEST];
    size_t ke_len = 0, plain_len;
    uint8_t *plain;
    int rc;

    if (in_len > SIZE_MAX - B - et->mac_size)
        return KRB5C_ERR_ARG;
    if ((rc = krb5_confounded(p, B, confounder, in, in_len, &plain, &plain_len)) != KRB5C_OK)
        return rc;
    rc = krb5_aes_sha2_derive(p, et, key, usage, KRB5_DERIVE_KE, ke, &ke_len);
    if (rc == KRB5C_OK && krb5_cts_encrypt(p, ke, ke_len, iv, plain, out, plain_len) != 0)
        rc = KRB5C_ERR_CRYPTO;
    if (rc == KRB5C_OK)
        rc = keyed_mac(p, et, key, usage, KRB5_DERIVE_KI, iv, B, out, plain_len, out + plain_len);
    krb5_wipe(ke, sizeof(ke));
    krb5_free_wiped(plain, plain_len);
    return rc;
}

int krb5_aes_sha2_decrypt(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                          const uint8_t *in, size_t in_len, uint8_t *out, size_t *out_len)
{
    static const uint8_t iv[B];
    uint8_t ke[KRB5_MAX_DIGEST], mac[KRB5_MAX_DIGEST];
    size_t ke_len = 0, cipher_len;
    uint8_t *plain;
    int rc;

    *out_len = 0;
    if (in_len < B + et->mac_size)
        return KRB5C_ERR_ARG;
    cipher_len = in_len - et->mac_size;
    /* Encrypt-then-MAC: the MAC is checked before anything is decrypted. */
    rc = keyed_mac(p, et, key, usage, KRB5_DERIVE_KI, iv, B, in, cipher_len, mac);
    if (rc == KRB5C_OK && !krb5_ct_equal(mac, in + cipher_len, et->mac_size))
        rc = KRB5C_ERR_INTEGRITY;
    krb5_wipe(mac, sizeof(mac));
    if (rc != KRB5C_OK)
        return rc;
    plain = krb5_alloc(cipher_len);
    if (!plain)
        return KRB5C_ERR_CRYPTO;
    rc = krb5_aes_sha2_derive(p, et, key, usage, KRB5_DERIVE_KE, ke, &ke_len);
    if (rc == KRB5C_OK && krb5_cts_decrypt(p, ke, ke_len, iv, in, plain, cipher_len) != 0)
        rc = KRB5C_ERR_CRYPTO;
    if (rc == KRB5C_OK) {
        memcpy(out, plain + B, cipher_len - B);
        *out_len = cipher_len - B;
    }
    krb5_wipe(ke, sizeof(ke));
    krb5_free_wiped(plain, cipher_len);
    return rc;
}
