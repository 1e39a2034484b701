/* Names, encryption and reply checks shared by the AS and TGS exchanges. */
#include "k5p_internal.h"

#include <stdlib.h>
#include <string.h>

#include "krb5_secret.h"

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int bytes_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, int nocase)
{
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (nocase ? lower(a[i]) != lower(b[i]) : a[i] != b[i])
            return 0;
    return 1;
}

k5p_result k5p_name_from_kcc(const kcc_principal *p, k5_arena *a, k5_principal_name *out)
{
    k5_octets *items;

    memset(out, 0, sizeof(*out));
    if (!p->count || p->count > KCC_MAX_COMPONENTS)
        return K5P_E_ARGUMENT;
    if (!(items = k5_arena_alloc(a, sizeof(*items) * p->count)))
        return K5P_E_NO_MEMORY;
    for (uint32_t i = 0; i < p->count; i++) {
        items[i].data = p->components[i].bytes;
        items[i].len = p->components[i].length;
    }
    out->present = 3;
    out->name_type = p->name_type ? (int32_t)p->name_type : K5P_NT_PRINCIPAL;
    out->name_string = (k5_list){items, p->count};
    return K5P_OK;
}

int k5p_name_matches(const k5_octets *realm, const k5_principal_name *name, const kcc_principal *p, int nocase)
{
    const k5_octets *c = name->name_string.items;

    if (!bytes_equal(realm->data, realm->len, p->realm.bytes, p->realm.length, nocase) ||
        name->name_string.count != p->count)
        return 0;
    for (uint32_t i = 0; i < p->count; i++)
        if (!bytes_equal(c[i].data, c[i].len, p->components[i].bytes, p->components[i].length, nocase))
            return 0;
    return 1;
}

int k5p_names_equal(const k5_octets *r1, const k5_principal_name *n1, const k5_octets *r2,
                    const k5_principal_name *n2)
{
    const k5_octets *a = n1->name_string.items, *b = n2->name_string.items;

    if (!bytes_equal(r1->data, r1->len, r2->data, r2->len, 0) || n1->name_string.count != n2->name_string.count)
        return 0;
    for (size_t i = 0; i < n1->name_string.count; i++)
        if (!bytes_equal(a[i].data, a[i].len, b[i].data, b[i].len, 0))
            return 0;
    return 1;
}

int k5p_is_tgs_name(const k5_octets *realm, const k5_principal_name *name, const uint8_t *want, size_t want_len)
{
    const k5_octets *c = name->name_string.items;

    return name->name_string.count == 2 && bytes_equal(c[0].data, c[0].len, (const uint8_t *)"krbtgt", 6, 0) &&
           bytes_equal(c[1].data, c[1].len, want, want_len, 1) &&
           bytes_equal(realm->data, realm->len, want, want_len, 1);
}

k5p_result k5p_kcc_from_name(kcc_principal *out, const k5_octets *realm, const k5_principal_name *name)
{
    const char *comps[KCC_MAX_COMPONENTS];
    const k5_octets *c = name->name_string.items;

    if (!name->name_string.count || name->name_string.count > KCC_MAX_COMPONENTS || name->name_type < 0)
        return K5P_E_MALFORMED;
    /* The decoder NUL-terminates every string and refuses NULs inside, so each is a C string of its length. */
    for (size_t i = 0; i < name->name_string.count; i++)
        comps[i] = (const char *)c[i].data;
    switch (kcc_principal_set(out, (uint32_t)name->name_type, (const char *)realm->data, name->name_string.count,
                              comps)) {
    case KCC_OK: return K5P_OK;
    case KCC_E_NO_MEMORY: return K5P_E_NO_MEMORY;
    default: return K5P_E_MALFORMED;
    }
}

k5p_result k5p_encrypt(const krb5_primitives *p, int32_t etype, const uint8_t *key, size_t key_len, uint32_t usage,
                       const uint8_t *plain, size_t len, k5_arena *a, k5_encrypted_data *out)
{
    const krb5_enctype *et = krb5_enctype_lookup(etype);
    size_t clen;

    memset(out, 0, sizeof(*out));
    if (!et || key_len != et->key_size)
        return K5P_E_ETYPE;
    if (!(clen = krb5_ciphertext_len(et, len)))
        return K5P_E_ARGUMENT;
    if (!(out->cipher.data = k5_arena_alloc(a, clen)))
        return K5P_E_NO_MEMORY;
    if (et->encrypt(p, et, key, usage, NULL, plain, len, out->cipher.data) != KRB5C_OK)
        return K5P_E_CRYPTO;
    out->cipher.len = clen;
    out->etype = etype;
    out->present = 1u << 0 | 1u << 2;
    return K5P_OK;
}

k5p_result k5p_decrypt(const krb5_primitives *p, int32_t etype, const uint8_t *key, size_t key_len, uint32_t usage,
                       const k5_encrypted_data *ed, k5_arena *a, uint8_t **plain, size_t *len)
{
    const krb5_enctype *et = krb5_enctype_lookup(etype);
    int rc;

    *plain = NULL;
    *len = 0;
    if (!et || ed->etype != etype || key_len != et->key_size)
        return K5P_E_ETYPE;
    if (!(*plain = k5_arena_alloc(a, ed->cipher.len ? ed->cipher.len : 1)))
        return K5P_E_NO_MEMORY;
    rc = et->decrypt(p, et, key, usage, ed->cipher.data, ed->cipher.len, *plain, len);
    if (rc == KRB5C_OK)
        return K5P_OK;
    return rc == KRB5C_ERR_CRYPTO ? K5P_E_CRYPTO : K5P_E_INTEGRITY; /* a short ciphertext cannot be ours either */
}

k5p_result k5p_nonce(const krb5_primitives *p, uint32_t *nonce)
{
    uint8_t b[4];

    if (p->random(p->ctx, b, sizeof(b)) != 0)
        return K5P_E_CRYPTO;
    *nonce = ((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]) & 0x7fffffffu;
    return K5P_OK;
}

k5p_result k5p_decode_enc_rep(const uint8_t *plain, size_t len, k5_arena *a, k5_enc_kdc_rep_part *out)
{
    if (len && plain[0] == 0x79 && k5_asn1_decode(&k5_EncASRepPart, plain, len, a, out) == ASN1_OK)
        return K5P_OK;
    if (len && plain[0] == 0x7A && k5_asn1_decode(&k5_EncTGSRepPart, plain, len, a, out) == ASN1_OK)
        return K5P_OK;
    memset(out, 0, sizeof(*out));
    return K5P_E_MALFORMED;
}

k5p_result k5p_check_enc_rep(const k5p_env *env, const k5_enc_kdc_rep_part *enc, const int32_t *etypes,
                             size_t etype_count)
{
    const krb5_enctype *et = krb5_enctype_lookup(enc->key.keytype);
    int asked = 0;
    int64_t start, now;
    int32_t usec;

    for (size_t i = 0; i < etype_count; i++)
        asked |= etypes[i] == enc->key.keytype;
    if (!et || !asked || enc->key.keyvalue.len != et->key_size)
        return K5P_E_ETYPE;
    start = K5_HAS(enc, 6) ? enc->starttime : enc->authtime;
    now = env->now(env->clock_ctx, &usec);
    if (enc->authtime < 0 || enc->authtime > UINT32_MAX || start < 0 || start > UINT32_MAX ||
        enc->endtime > UINT32_MAX || enc->endtime <= start || enc->endtime <= now - K5P_SKEW_SECONDS)
        return K5P_E_TIMES;
    if (K5_HAS(enc, 8) && (enc->renew_till < enc->endtime || enc->renew_till > UINT32_MAX))
        return K5P_E_TIMES;
    return K5P_OK;
}

k5p_result k5p_fill_cred(const k5_kdc_rep *rep, const k5_enc_kdc_rep_part *enc, kcc_cred *cred)
{
    asn1_wbuf w;
    k5p_result rc;

    memset(cred, 0, sizeof(*cred));
    if ((rc = k5p_kcc_from_name(&cred->client, &rep->crealm, &rep->cname)) != K5P_OK ||
        (rc = k5p_kcc_from_name(&cred->server, &enc->srealm, &enc->sname)) != K5P_OK)
        goto fail;
    if (kcc_data_set(&cred->key, enc->key.keyvalue.data, enc->key.keyvalue.len) != KCC_OK) {
        rc = K5P_E_NO_MEMORY;
        goto fail;
    }
    cred->enctype = (uint16_t)enc->key.keytype;
    cred->authtime = (uint32_t)enc->authtime;
    cred->starttime = (uint32_t)(K5_HAS(enc, 6) ? enc->starttime : enc->authtime);
    cred->endtime = (uint32_t)enc->endtime;
    cred->renew_till = K5_HAS(enc, 8) ? (uint32_t)enc->renew_till : 0;
    cred->ticket_flags = enc->flags;
    asn1_wbuf_init(&w, K5P_MAX_MESSAGE);
    if ((rc = k5p_encode(&k5_Ticket, &rep->ticket, &w)) == K5P_OK &&
        kcc_data_set(&cred->ticket, w.data, w.len) != KCC_OK)
        rc = K5P_E_NO_MEMORY;
    asn1_wbuf_free(&w);
    if (rc == K5P_OK)
        return K5P_OK;
fail:
    kcc_cred_free(cred);
    return rc;
}

int k5p_reply_kind(const uint8_t *rep, size_t len)
{
    if (!len)
        return 0;
    return rep[0] == K5P_TAG_AS_REP || rep[0] == K5P_TAG_TGS_REP || rep[0] == K5P_TAG_KRB_ERROR ? rep[0] : 0;
}

k5p_result k5p_encode(const k5_asn1_type *type, const void *in, asn1_wbuf *w)
{
    asn1_status s = k5_asn1_encode(type, in, w);

    if (s == ASN1_OK)
        return K5P_OK;
    return s == ASN1_ERR_NO_MEMORY ? K5P_E_NO_MEMORY : K5P_E_ARGUMENT;
}
