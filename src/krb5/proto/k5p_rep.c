/* An AS-REP or a TGS-REP believed only once validated (RFC 4120 3.1.5, 3.3.4); see k5p_internal.h. */
#include "k5p_internal.h"

#include <string.h>

/* The expected server: the TGS of the client's realm (AS), or x->server (TGS). */
static int server_ok(const k5p_rep_expect *x, const k5_enc_kdc_rep_part *enc)
{
    if (!x->server)
        return k5p_is_tgs_name(&enc->srealm, &enc->sname, x->client->realm.bytes, x->client->realm.length);
    return k5p_name_matches(&enc->srealm, &enc->sname, x->server, x->server_nocase);
}

static k5p_result check(const k5p_env *env, const k5p_rep_expect *x, const uint8_t *rep, size_t rep_len,
                        k5_arena *a, kcc_cred *cred)
{
    k5_kdc_rep r;
    k5_enc_kdc_rep_part enc;
    uint8_t *plain;
    size_t plain_len;
    k5p_result rc;

    if (k5_asn1_decode(x->type, rep, rep_len, a, &r) != ASN1_OK || r.pvno != 5 || r.msg_type != x->msg_type)
        return K5P_E_MALFORMED;
    rc = k5p_decrypt(env->prims, x->key_enctype, x->key, x->key_len, x->usage, &r.enc_part, a, &plain, &plain_len);
    if (rc == K5P_E_INTEGRITY && x->alt_usage)
        rc = k5p_decrypt(env->prims, x->key_enctype, x->key, x->key_len, x->alt_usage, &r.enc_part, a, &plain,
                         &plain_len);
    if (rc != K5P_OK || (rc = k5p_decode_enc_rep(plain, plain_len, a, &enc)) != K5P_OK)
        return rc;
    if (enc.nonce != x->nonce)
        return K5P_E_NONCE;
    if (!k5p_name_matches(&r.crealm, &r.cname, x->client, x->client_nocase))
        return K5P_E_CNAME;
    if (!k5p_names_equal(&r.ticket.realm, &r.ticket.sname, &enc.srealm, &enc.sname) || !server_ok(x, &enc))
        return K5P_E_SNAME;
    if ((rc = k5p_check_enc_rep(env, &enc, x->etypes, x->etype_count)) != K5P_OK)
        return rc;
    return k5p_fill_cred(&r, &enc, cred);
}

k5p_result k5p_process_kdc_rep(const k5p_env *env, const k5p_rep_expect *x, const uint8_t *rep, size_t rep_len,
                               kcc_cred *cred)
{
    k5_arena a;
    k5p_result rc;

    memset(cred, 0, sizeof(*cred));
    k5_arena_init(&a);
    rc = check(env, x, rep, rep_len, &a, cred);
    k5_arena_free(&a);
    return rc;
}
