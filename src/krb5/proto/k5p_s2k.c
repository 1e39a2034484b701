/* The long-term key (RFC 4120 5.2.7.5, RFC 3962 4): PA-ETYPE-INFO2's enctype, salt and s2kparams, the cap on
 * PBKDF2 iterations, string-to-key, and PA-ENC-TIMESTAMP under the key. */
#include "k5p_internal.h"
#include "k5p_status.h"

#include <stdlib.h>
#include <string.h>

int k5p_etype_listed(int32_t e, const int32_t *etypes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (etypes[i] == e)
            return 1;
    return 0;
}

k5p_result k5p_choose_s2k_padata(const k5_pa_data *pa, size_t npa, const int32_t *etypes, size_t etype_count,
                                 k5_arena *arena, k5p_s2k *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < npa; i++) {
        k5_sequence_of info;
        const k5_etype_info2_entry *e;

        if (pa[i].padata_type != K5P_PA_ETYPE_INFO2)
            continue;
        if (k5_asn1_decode(&k5_ETYPE_INFO2, pa[i].padata_value.data, pa[i].padata_value.len, arena, &info) !=
            ASN1_OK)
            return K5P_E_MALFORMED;
        e = info.items.items;
        /* The KDC lists them in its order of preference. */
        for (size_t j = 0; j < info.items.count; j++) {
            if (!krb5_enctype_lookup(e[j].etype) || !k5p_etype_listed(e[j].etype, etypes, etype_count))
                continue;
            out->etype = e[j].etype;
            if (K5_HAS(&e[j], 1)) {
                out->salt = e[j].salt.data;
                out->salt_len = e[j].salt.len;
            }
            if (K5_HAS(&e[j], 2)) {
                out->params = e[j].s2kparams.data;
                out->params_len = e[j].s2kparams.len;
            }
            return K5P_OK;
        }
        return K5P_E_ETYPE;
    }
    /* No ETYPE-INFO2: our first supported enctype with the default salt (what MIT does). */
    for (size_t i = 0; i < etype_count; i++)
        if (krb5_enctype_lookup(etypes[i])) {
            out->etype = etypes[i];
            return K5P_OK;
        }
    return K5P_E_ETYPE;
}

k5p_result k5p_choose_s2k(const uint8_t *method_data, size_t len, const int32_t *etypes, size_t etype_count,
                          k5_arena *arena, k5p_s2k *out)
{
    k5_sequence_of md;

    memset(&md, 0, sizeof(md));
    if (len && k5_asn1_decode(&k5_METHOD_DATA, method_data, len, arena, &md) != ASN1_OK) {
        memset(out, 0, sizeof(*out));
        return K5P_E_MALFORMED;
    }
    return k5p_choose_s2k_padata(md.items.items, md.items.count, etypes, etype_count, arena, out);
}

/* The iteration count of s2kparams for the PBKDF2 enctypes, against the cap. */
static k5p_result check_iterations(const k5p_as_params *params, const k5p_s2k *s2k)
{
    uint32_t cap = params->max_iterations ? params->max_iterations : K5P_MAX_S2K_ITERATIONS;
    uint32_t n;

    if (s2k->etype == 23 || !s2k->params_len) /* RC4 has no parameters; none means the enctype's default */
        return K5P_OK;
    if (s2k->params_len != 4)
        return K5P_E_ITERATIONS;
    n = (uint32_t)s2k->params[0] << 24 | (uint32_t)s2k->params[1] << 16 | (uint32_t)s2k->params[2] << 8 |
        s2k->params[3];
    return n && n <= cap ? K5P_OK : K5P_E_ITERATIONS;
}

k5p_result k5p_string_to_key(const krb5_primitives *prims, const k5p_as_params *params, const k5p_s2k *s2k,
                             uint8_t *key, size_t *key_len)
{
    const krb5_enctype *et = krb5_enctype_lookup(s2k->etype);
    const kcc_principal *c = params->client;
    uint8_t *salt = NULL;
    size_t salt_len = 0;
    k5p_result rc;

    *key_len = 0;
    if (!et)
        return K5P_E_ETYPE;
    if ((rc = check_iterations(params, s2k)) != K5P_OK)
        return rc;
    if (s2k->salt) {
        salt = (uint8_t *)s2k->salt;
        salt_len = s2k->salt_len;
    } else {
        /* The default salt: the realm, then each name component, nothing between (RFC 4120 4). */
        size_t off = 0;
        salt_len = c->realm.length;
        for (uint32_t i = 0; i < c->count; i++) {
            if (c->components[i].length > SIZE_MAX - salt_len)
                return K5P_E_ARGUMENT;
            salt_len += c->components[i].length;
        }
        if (!(salt = malloc(salt_len ? salt_len : 1)))
            return K5P_E_NO_MEMORY;
        if (c->realm.length)
            memcpy(salt, c->realm.bytes, c->realm.length);
        off = c->realm.length;
        for (uint32_t i = 0; i < c->count; i++) {
            if (c->components[i].length)
                memcpy(salt + off, c->components[i].bytes, c->components[i].length);
            off += c->components[i].length;
        }
    }
    rc = et->string_to_key(prims, et, params->password, params->password_len, salt, salt_len,
                           s2k->etype == 23 ? NULL : s2k->params, s2k->etype == 23 ? 0 : s2k->params_len, key) ==
                 KRB5C_OK
             ? K5P_OK
             : K5P_E_CRYPTO;
    if (rc == K5P_OK)
        *key_len = et->key_size;
    if (!s2k->salt)
        free(salt);
    return rc;
}

k5p_result k5p_build_enc_timestamp(const k5p_env *env, int32_t etype, const uint8_t *key, size_t key_len,
                                   asn1_wbuf *w)
{
    k5_pa_enc_ts_enc ts;
    k5_encrypted_data ed;
    k5_arena a;
    asn1_wbuf plain;
    k5p_result rc;

    memset(&ts, 0, sizeof(ts));
    ts.present = 3;
    ts.patimestamp = env->now(env->clock_ctx, &ts.pausec);
    k5_arena_init(&a);
    asn1_wbuf_init(&plain, 256);
    if ((rc = k5p_encode(&k5_PA_ENC_TS_ENC, &ts, &plain)) == K5P_OK &&
        (rc = k5p_encrypt(env->prims, etype, key, key_len, K5P_USAGE_PA_ENC_TS, plain.data, plain.len, &a, &ed)) ==
            K5P_OK)
        rc = k5p_encode(&k5_EncryptedData, &ed, w);
    asn1_wbuf_free(&plain);
    k5_arena_free(&a);
    return rc;
}

