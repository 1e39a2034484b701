/* A ticket sent to this host, opened with the host's long-term key and checked as a service checks it (RFC 4120
 * 3.2.3); see k5proto.h. */
#include "k5p_internal.h"

#include <stdlib.h>
#include <string.h>

#define K5P_TICKET_USAGE 2 /* Ticket enc-part (RFC 4120 7.5.1) */

static int time_in_range(int64_t t)
{
    return t >= 0 && t <= UINT32_MAX;
}

k5p_result k5p_ticket_head(const uint8_t *der, size_t len, kcc_principal *server, int32_t *etype, uint32_t *kvno)
{
    k5_ticket t;
    k5_arena a;
    k5p_result rc = K5P_E_MALFORMED;

    memset(server, 0, sizeof(*server));
    *etype = 0;
    *kvno = 0;
    k5_arena_init(&a);
    if (der && k5_asn1_decode(&k5_Ticket, der, len, &a, &t) == ASN1_OK && t.tkt_vno == 5 &&
        (rc = k5p_kcc_from_name(server, &t.realm, &t.sname)) == K5P_OK) {
        *etype = t.enc_part.etype;
        *kvno = K5_HAS(&t.enc_part, 1) ? t.enc_part.kvno : 0;
    }
    k5_arena_free(&a);
    return rc;
}

/* The session key, the flags and the times, against the clock. */
static k5p_result check_part(const k5p_env *env, const k5p_ticket_params *params, const k5_enc_ticket_part *enc)
{
    const krb5_enctype *et = krb5_enctype_lookup(enc->key.keytype);
    int64_t start = K5_HAS(enc, 6) ? enc->starttime : enc->authtime;
    int64_t now;
    int32_t usec;

    if (!et || enc->key.keyvalue.len != et->key_size)
        return K5P_E_ETYPE;
    if (!time_in_range(enc->authtime) || !time_in_range(start) || !time_in_range(enc->endtime) ||
        enc->endtime <= start || (K5_HAS(enc, 8) && (!time_in_range(enc->renew_till) || enc->renew_till < start)))
        return K5P_E_TIMES;
    if (enc->flags & K5P_TKT_FLG_INVALID)
        return K5P_E_TKT_NYV;
    now = env->now(env->clock_ctx, &usec);
    /* Both times are within 32 bits here and skew is a uint32_t: neither side can overflow an int64_t. */
    if (start - (int64_t)params->skew_seconds > now)
        return K5P_E_TKT_NYV;
    if (!params->allow_expired && enc->endtime <= now - (int64_t)params->skew_seconds)
        return K5P_E_TKT_EXPIRED;
    return K5P_OK;
}

static k5p_result fill(const k5_ticket *t, const k5_enc_ticket_part *enc, const uint8_t *der, size_t len,
                       kcc_cred *out)
{
    const k5_host_address *addrs = enc->caddr.items;
    k5p_result rc;

    if ((rc = k5p_kcc_from_name(&out->client, &enc->crealm, &enc->cname)) != K5P_OK ||
        (rc = k5p_kcc_from_name(&out->server, &t->realm, &t->sname)) != K5P_OK)
        return rc;
    if (kcc_data_set(&out->key, enc->key.keyvalue.data, enc->key.keyvalue.len) != KCC_OK ||
        kcc_data_set(&out->ticket, der, len) != KCC_OK)
        return K5P_E_NO_MEMORY;
    out->enctype = (uint16_t)enc->key.keytype;
    out->authtime = (uint32_t)enc->authtime;
    out->starttime = (uint32_t)(K5_HAS(enc, 6) ? enc->starttime : enc->authtime);
    out->endtime = (uint32_t)enc->endtime;
    out->renew_till = K5_HAS(enc, 8) ? (uint32_t)enc->renew_till : 0;
    out->ticket_flags = enc->flags;
    if (!enc->caddr.count)
        return K5P_OK;
    if (enc->caddr.count > KCC_MAX_LIST)
        return K5P_E_MALFORMED;
    if (!(out->addresses = calloc(enc->caddr.count, sizeof(*out->addresses))))
        return K5P_E_NO_MEMORY;
    out->address_count = (uint32_t)enc->caddr.count;
    for (size_t i = 0; i < enc->caddr.count; i++) {
        if (addrs[i].addr_type < 0 || addrs[i].addr_type > UINT16_MAX)
            return K5P_E_MALFORMED;
        out->addresses[i].type = (uint16_t)addrs[i].addr_type;
        if (kcc_data_set(&out->addresses[i].value, addrs[i].address.data, addrs[i].address.len) != KCC_OK)
            return K5P_E_NO_MEMORY;
    }
    return K5P_OK;
}

/* The ticket's sname@realm is server: the realm up to ASCII case (realms are written in either case in
 * configuration), the components exactly (as kerb_machine_find_key compares them). */
static int names_server(const k5_ticket *t, const kcc_principal *server)
{
    const k5_octets *c = t->sname.name_string.items;

    if (!k5p_name_matches(&t->realm, &t->sname, server, 1))
        return 0;
    for (uint32_t i = 0; i < server->count; i++)
        if (c[i].len != server->components[i].length || memcmp(c[i].data, server->components[i].bytes, c[i].len))
            return 0;
    return 1;
}

static k5p_result open_ticket(const k5p_env *env, const k5p_ticket_params *params, const uint8_t *der, size_t len,
                              k5_arena *a, kcc_cred *out)
{
    k5_enc_ticket_part enc;
    k5_ticket t;
    uint8_t *plain;
    size_t plain_len;
    k5p_result rc;

    if (!der || k5_asn1_decode(&k5_Ticket, der, len, a, &t) != ASN1_OK || t.tkt_vno != 5)
        return K5P_E_MALFORMED;
    if (!names_server(&t, params->server))
        return K5P_E_SNAME;
    rc = k5p_decrypt(env->prims, params->key_enctype, params->key, params->key_len, K5P_TICKET_USAGE, &t.enc_part,
                     a, &plain, &plain_len);
    if (rc != K5P_OK)
        return rc;
    if (k5_asn1_decode(&k5_EncTicketPart, plain, plain_len, a, &enc) != ASN1_OK)
        return K5P_E_MALFORMED;
    if ((rc = check_part(env, params, &enc)) != K5P_OK)
        return rc;
    return fill(&t, &enc, der, len, out);
}

k5p_result k5p_open_ticket(const k5p_env *env, const k5p_ticket_params *params, const uint8_t *der, size_t len,
                           kcc_cred *out)
{
    k5_arena a;
    k5p_result rc;

    memset(out, 0, sizeof(*out));
    if (!params->server || !params->server->count)
        return K5P_E_ARGUMENT;
    k5_arena_init(&a); /* the plaintext and the decoded session key live here: wiped when freed */
    rc = open_ticket(env, params, der, len, &a, out);
    k5_arena_free(&a);
    if (rc != K5P_OK)
        kcc_cred_free(out);
    return rc;
}

#define K5P_KRB_CRED_USAGE 14 /* EncKrbCredPart (RFC 4120 7.5.1) */

k5p_result k5p_krb_cred_clear(const krb5_primitives *prims, const uint8_t *der, size_t len, int32_t key_enctype,
                              const uint8_t *key, size_t key_len, asn1_wbuf *clear)
{
    k5_krb_cred cred;
    uint8_t *plain;
    size_t plain_len;
    k5_arena a;
    k5p_result rc;

    k5_arena_init(&a);
    if (!der || k5_asn1_decode(&k5_KRB_CRED, der, len, &a, &cred) != ASN1_OK) {
        rc = K5P_E_MALFORMED;
        goto done;
    }
    if (cred.enc_part.etype != 0) {
        if (!key_len) {
            rc = K5P_E_ETYPE;
            goto done;
        }
        rc = k5p_decrypt(prims, key_enctype, key, key_len, K5P_KRB_CRED_USAGE, &cred.enc_part, &a, &plain,
                         &plain_len);
        if (rc != K5P_OK)
            goto done;
        cred.enc_part.present = 0x5; /* etype and cipher: a kvno would name a key there no longer is */
        cred.enc_part.etype = 0;
        cred.enc_part.kvno = 0;
        cred.enc_part.cipher.data = plain;
        cred.enc_part.cipher.len = plain_len;
    }
    rc = k5p_encode(&k5_KRB_CRED, &cred, clear);
done:
    k5_arena_free(&a);
    return rc;
}
