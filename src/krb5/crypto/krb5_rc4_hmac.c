/* rc4-hmac (23), RFC 4757: the key is MD4 of the UTF-16LE password; K1 = HMAC-MD5(key, usage as 32 bits
 * little-endian, after the RFC's usage mapping); ciphertext = HMAC-MD5(K1, confounder | plaintext) followed by RC4
 * under HMAC-MD5(K1, that checksum) of confounder | plaintext. Checksum -138: HMAC-MD5(Ksign, MD5(usage | data)). */
#include "krb5_enctype_impl.h"
#include "krb5_rc4.h"
#include "krb5_secret.h"

#include "lsa_utf.h"

#include <string.h>

#define K 16    /* MD5 / key size */
#define CONF 8  /* confounder */

/* RFC 4757 4: the Kerberos usages whose Microsoft number differs. */
static uint32_t ms_usage(uint32_t usage)
{
    switch (usage) {
    case 3: /* AS-REP encrypted part */
        return 8;
    case 9: /* TGS-REP encrypted part, subkey */
        return 8;
    case 23: /* GSS wrap token */
        return 13;
    default:
        return usage;
    }
}

static void le32(uint32_t v, uint8_t out[4])
{
    out[0] = (uint8_t)v, out[1] = (uint8_t)(v >> 8), out[2] = (uint8_t)(v >> 16), out[3] = (uint8_t)(v >> 24);
}

int krb5_rc4_hmac_string_to_key(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *password,
                                size_t password_len, const uint8_t *salt, size_t salt_len, const uint8_t *params,
                                size_t params_len, uint8_t *key)
{
    size_t utf16_size, utf16_len = 0;
    uint8_t *utf16 = NULL;
    char *text;
    int rc = KRB5C_OK;

    (void)et, (void)salt, (void)salt_len, (void)params; /* no salt: the key is the NT hash */
    /* No s2kparams exist for this enctype; an embedded NUL would cut the password short. */
    if (params_len || (password_len && memchr(password, 0, password_len)))
        return KRB5C_ERR_ARG;
    /* At most two UTF-16 bytes per UTF-8 byte (a 4-byte sequence becomes a 4-byte surrogate pair). */
    if (password_len > (SIZE_MAX - 1) / 2)
        return KRB5C_ERR_ARG;
    utf16_size = password_len * 2;
    text = (char *)krb5_alloc(password_len + 1);
    utf16 = krb5_alloc(utf16_size);
    if (!text || !utf16) {
        rc = KRB5C_ERR_CRYPTO;
        goto done;
    }
    if (password_len)
        memcpy(text, password, password_len);
    text[password_len] = 0;
    if (lsa_utf8_to_utf16le(text, utf16, utf16_size, &utf16_len) != 0)
        rc = KRB5C_ERR_ARG;
    else if (p->hash(p->ctx, KRB5_HASH_MD4, utf16, utf16_len, key) != 0)
        rc = KRB5C_ERR_CRYPTO;
done:
    krb5_free_wiped((uint8_t *)text, password_len + 1);
    krb5_free_wiped(utf16, utf16_size);
    return rc;
}

/* K1 = HMAC-MD5(key, ms_usage little-endian). The kind does not matter for RC4-HMAC: one key serves all. */
int krb5_rc4_hmac_derive(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                         uint8_t kind, uint8_t *out, size_t *out_len)
{
    uint8_t t[4];

    (void)kind;
    le32(ms_usage(usage), t);
    *out_len = K;
    return p->hmac(p->ctx, KRB5_HASH_MD5, key, et->key_size, t, sizeof(t), out) == 0 ? KRB5C_OK : KRB5C_ERR_CRYPTO;
}

int krb5_rc4_hmac_checksum(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                           const uint8_t *data, size_t len, uint8_t *out)
{
    static const uint8_t signaturekey[] = "signaturekey"; /* with its NUL, as RFC 4757 5 says */
    uint8_t ksign[K], tmp[K];
    size_t msg_len;
    uint8_t *msg;
    int rc = KRB5C_OK;

    if (len > SIZE_MAX - 4)
        return KRB5C_ERR_ARG;
    msg_len = 4 + len;
    msg = krb5_alloc(msg_len);
    if (!msg)
        return KRB5C_ERR_CRYPTO;
    le32(ms_usage(usage), msg);
    if (len)
        memcpy(msg + 4, data, len);
    if (p->hmac(p->ctx, KRB5_HASH_MD5, key, et->key_size, signaturekey, sizeof(signaturekey), ksign) != 0 ||
        p->hash(p->ctx, KRB5_HASH_MD5, msg, msg_len, tmp) != 0 ||
        p->hmac(p->ctx, KRB5_HASH_MD5, ksign, K, tmp, K, out) != 0)
        rc = KRB5C_ERR_CRYPTO;
    krb5_wipe(ksign, sizeof(ksign));
    krb5_wipe(tmp, sizeof(tmp));
    krb5_free_wiped(msg, msg_len);
    return rc;
}

int krb5_rc4_hmac_encrypt(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                          const uint8_t *confounder, const uint8_t *in, size_t in_len, uint8_t *out)
{
    uint8_t k1[KRB5_MAX_DIGEST], k3[K];
    size_t k1_len = 0;
    uint8_t *data = out + K; /* confounder | plaintext, encrypted in place after the checksum */
    int rc;

    if (in_len > SIZE_MAX - K - CONF)
        return KRB5C_ERR_ARG;
    if (confounder)
        memcpy(data, confounder, CONF);
    rc = !confounder && p->random(p->ctx, data, CONF) != 0 ? KRB5C_ERR_CRYPTO : KRB5C_OK;
    if (in_len)
        memcpy(data + CONF, in, in_len);
    if (rc == KRB5C_OK)
        rc = krb5_rc4_hmac_derive(p, et, key, usage, 0, k1, &k1_len);
    if (rc == KRB5C_OK && (p->hmac(p->ctx, KRB5_HASH_MD5, k1, K, data, CONF + in_len, out) != 0 ||
                           p->hmac(p->ctx, KRB5_HASH_MD5, k1, K, out, K, k3) != 0 ||
                           krb5_rc4(k3, K, data, data, CONF + in_len) != 0))
        rc = KRB5C_ERR_CRYPTO;
    if (rc != KRB5C_OK)
        krb5_wipe(out, K + CONF + in_len); /* no plaintext left behind */
    krb5_wipe(k1, sizeof(k1));
    krb5_wipe(k3, sizeof(k3));
    return rc;
}

int krb5_rc4_hmac_decrypt(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                          const uint8_t *in, size_t in_len, uint8_t *out, size_t *out_len)
{
    uint8_t k1[KRB5_MAX_DIGEST], k3[K], mac[K];
    size_t k1_len = 0, data_len;
    uint8_t *data;
    int rc;

    *out_len = 0;
    if (in_len < K + CONF)
        return KRB5C_ERR_ARG;
    data_len = in_len - K;
    data = krb5_alloc(data_len);
    if (!data)
        return KRB5C_ERR_CRYPTO;
    rc = krb5_rc4_hmac_derive(p, et, key, usage, 0, k1, &k1_len);
    if (rc == KRB5C_OK && (p->hmac(p->ctx, KRB5_HASH_MD5, k1, K, in, K, k3) != 0 ||
                           krb5_rc4(k3, K, in + K, data, data_len) != 0 ||
                           p->hmac(p->ctx, KRB5_HASH_MD5, k1, K, data, data_len, mac) != 0))
        rc = KRB5C_ERR_CRYPTO;
    if (rc == KRB5C_OK && !krb5_ct_equal(mac, in, K))
        rc = KRB5C_ERR_INTEGRITY;
    if (rc == KRB5C_OK) {
        memcpy(out, data + CONF, data_len - CONF);
        *out_len = data_len - CONF;
    }
    krb5_wipe(k1, sizeof(k1));
    krb5_wipe(k3, sizeof(k3));
    krb5_wipe(mac, sizeof(mac));
    krb5_free_wiped(data, data_len);
    return rc;
}
