/* The enctype table and the helpers every family shares. */
#include "krb5_enctype_impl.h"
#include "krb5_secret.h"

#include <string.h>

#define ENTRY(prefix) prefix##_string_to_key, prefix##_derive, prefix##_encrypt, prefix##_decrypt, prefix##_checksum

static const krb5_enctype table[] = {
    {KRB5_ENCTYPE_AES128_CTS_HMAC_SHA1_96, "aes128-cts-hmac-sha1-96", 16, 16, 16, 12,
     KRB5_CKSUMTYPE_HMAC_SHA1_96_AES128, 12, ENTRY(krb5_aes_sha1)},
    {KRB5_ENCTYPE_AES256_CTS_HMAC_SHA1_96, "aes256-cts-hmac-sha1-96", 32, 16, 16, 12,
     KRB5_CKSUMTYPE_HMAC_SHA1_96_AES256, 12, ENTRY(krb5_aes_sha1)},
    {KRB5_ENCTYPE_AES128_CTS_HMAC_SHA256_128, "aes128-cts-hmac-sha256-128", 16, 16, 16, 16,
     KRB5_CKSUMTYPE_HMAC_SHA256_128_AES128, 16, ENTRY(krb5_aes_sha2)},
    {KRB5_ENCTYPE_AES256_CTS_HMAC_SHA384_192, "aes256-cts-hmac-sha384-192", 32, 16, 16, 24,
     KRB5_CKSUMTYPE_HMAC_SHA384_192_AES256, 24, ENTRY(krb5_aes_sha2)},
    {KRB5_ENCTYPE_RC4_HMAC, "arcfour-hmac", 16, 1, 8, 16, KRB5_CKSUMTYPE_HMAC_MD5, 16, ENTRY(krb5_rc4_hmac)},
};

const krb5_enctype *krb5_enctype_lookup(int32_t id)
{
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (table[i].id == id)
            return &table[i];
    return NULL;
}

const krb5_enctype *krb5_enctype_table(size_t *count)
{
    *count = sizeof(table) / sizeof(table[0]);
    return table;
}

size_t krb5_ciphertext_len(const krb5_enctype *et, size_t plain_len)
{
    size_t extra = et->confounder_size + et->mac_size;

    return plain_len > SIZE_MAX - extra ? 0 : plain_len + extra;
}

int krb5_checksum_verify(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                         const uint8_t *data, size_t len, const uint8_t *checksum, size_t checksum_len)
{
    uint8_t mine[KRB5_MAX_DIGEST];
    int rc;

    if (checksum_len != et->checksum_size)
        return KRB5C_ERR_INTEGRITY;
    rc = et->checksum(p, et, key, usage, data, len, mine);
    if (rc == KRB5C_OK && !krb5_ct_equal(mine, checksum, checksum_len))
        rc = KRB5C_ERR_INTEGRITY;
    krb5_wipe(mine, sizeof(mine));
    return rc;
}

void krb5_usage_constant(uint32_t usage, uint8_t kind, uint8_t out[5])
{
    out[0] = (uint8_t)(usage >> 24);
    out[1] = (uint8_t)(usage >> 16);
    out[2] = (uint8_t)(usage >> 8);
    out[3] = (uint8_t)usage;
    out[4] = kind;
}

int krb5_s2k_iterations(const uint8_t *params, size_t params_len, uint32_t def, uint32_t *iterations)
{
    if (!params || !params_len) {
        *iterations = def;
        return 0;
    }
    if (params_len != 4)
        return -1;
    *iterations = (uint32_t)params[0] << 24 | (uint32_t)params[1] << 16 | (uint32_t)params[2] << 8 | params[3];
    /* RFC 3962 reads 0 as 2^32 iterations, which no KDC should ask of a client: refused. */
    return *iterations ? 0 : -1;
}

int krb5_confounded(const krb5_primitives *p, size_t conf_len, const uint8_t *confounder, const uint8_t *in,
                    size_t in_len, uint8_t **out, size_t *out_len)
{
    uint8_t *block;

    *out = NULL;
    *out_len = 0;
    if (in_len > SIZE_MAX - conf_len)
        return KRB5C_ERR_ARG;
    if (!(block = krb5_alloc(conf_len + in_len)))
        return KRB5C_ERR_CRYPTO;
    if (confounder)
        memcpy(block, confounder, conf_len);
    else if (p->random(p->ctx, block, conf_len) != 0) {
        krb5_free_wiped(block, conf_len + in_len);
        return KRB5C_ERR_CRYPTO;
    }
    if (in_len)
        memcpy(block + conf_len, in, in_len);
    *out = block;
    *out_len = conf_len + in_len;
    return KRB5C_OK;
}
