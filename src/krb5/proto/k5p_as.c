/* The AS exchange (RFC 4120 3.1): the first AS-REQ, PA-ENC-TIMESTAMP after KDC_ERR_PREAUTH_REQUIRED, and an AS-REP
 * believed only once validated. */
#include "k5p_internal.h"
#include "k5p_status.h"

#include <stdlib.h>
#include <string.h>

#include "krb5_secret.h"

k5p_result k5p_process_as_rep(const k5p_env *env, const k5p_as_params *params, uint32_t nonce, int32_t key_enctype,
                              const uint8_t *key, size_t key_len, const uint8_t *rep, size_t rep_len,
                              kcc_cred *cred)
{
    int32_t etypes[K5P_MAX_ETYPES];
    k5p_rep_expect x = {0};
    kcc_principal service;

    if (params->service) { /* a service of the client's realm, as the request asked */
        service = *params->service;
        service.realm = params->client->realm;
        x.server = &service;
        x.server_nocase = (k5p_as_options(params) & K5P_KDC_OPT_CANONICALIZE) != 0;
    }
    x.type = &k5_AS_REP;
    x.msg_type = 11;
    x.key_enctype = key_enctype;
    x.key = key;
    x.key_len = key_len;
    x.usage = K5P_USAGE_AS_REP;
    x.alt_usage = K5P_USAGE_TGS_REP; /* some KDCs encrypt it with the TGS-REP usage; MIT accepts that too */
    x.nonce = nonce;
    x.client = params->client;
    /* canonicalize lets the KDC return the name in its own case (RFC 6806), never another name or realm. */
    x.client_nocase = (k5p_as_options(params) & K5P_KDC_OPT_CANONICALIZE) != 0;
    x.etypes = etypes;
    x.etype_count = k5p_as_etypes(params, etypes);
    return k5p_process_kdc_rep(env, &x, rep, rep_len, cred);
}

void k5p_tgt_free(k5p_tgt *t)
{
    if (!t)
        return;
    kcc_cred_free(&t->cred);
    krb5_wipe(t, sizeof(*t));
}

/* One request to the realm's KDCs; a KRB-ERROR's code and e-data (in arena) when that is what came back. */
typedef struct as_reply {
    uint8_t *bytes;
    size_t len;
    int kind;
    int32_t code;
    uint32_t ext_status;
    k5_octets e_data;
} as_reply;

static k5p_result exchange(const k5p_net *net, const asn1_wbuf *req, k5_arena *a, as_reply *r,
                           k5p_outcome *outcome)
{
    k5p_result rc;

    memset(r, 0, sizeof(*r));
    if (req->error != ASN1_OK)
        return req->error == ASN1_ERR_NO_MEMORY ? K5P_E_NO_MEMORY : K5P_E_ARGUMENT;
    if ((rc = k5p_kdc_send(net, req->data, req->len, &r->bytes, &r->len, &outcome->kdc_index)) != K5P_OK)
        return rc;
    r->kind = k5p_reply_kind(r->bytes, r->len);
    if (r->kind == K5P_TAG_KRB_ERROR) {
        k5_krb_error e;
        if (k5p_parse_krb_error(r->bytes, r->len, &r->code, &r->ext_status) != K5P_OK ||
            k5_asn1_decode(&k5_KRB_ERROR, r->bytes, r->len, a, &e) != ASN1_OK)
            return K5P_E_MALFORMED;
        if (K5_HAS(&e, 12))
            r->e_data = e.e_data;
        outcome->krb_error = r->code;
        outcome->ext_status = r->ext_status;
    }
    return K5P_OK;
}

static void reply_free(as_reply *r)
{
    free(r->bytes);
    r->bytes = NULL;
}

k5p_result k5p_get_tgt(const k5p_env *env, const k5p_net *net, const k5p_as_params *params, k5p_tgt *out,
                       k5p_outcome *outcome)
{
    k5_arena a;
    asn1_wbuf req, ts;
    as_reply r = {0};
    int32_t etypes[K5P_MAX_ETYPES];
    size_t n = k5p_as_etypes(params, etypes);
    uint8_t key[32];
    size_t key_len = 0;
    int32_t key_enctype = 0;
    uint32_t nonce;
    k5p_result rc;

    memset(out, 0, sizeof(*out));
    memset(outcome, 0, sizeof(*outcome));
    outcome->krb_error = -1;
    k5_arena_init(&a);
    asn1_wbuf_init(&req, K5P_MAX_MESSAGE);
    asn1_wbuf_init(&ts, 4096);
    if (!params->client || !params->client->count || !params->client->realm.length ||
        (params->key_len && (params->key_len > sizeof(key) || !krb5_enctype_lookup(params->key_enctype) ||
                             krb5_enctype_lookup(params->key_enctype)->key_size != params->key_len)) ||
        (!params->key_len && !params->password && params->password_len)) {
        rc = K5P_E_ARGUMENT;
        goto done;
    }
    if (params->key_len) {
        memcpy(key, params->key, params->key_len);
        key_len = params->key_len;
        key_enctype = params->key_enctype;
    }
    /* First without preauthentication, as Windows does: the KDC's answer names the salt and s2kparams. */
    if ((rc = k5p_nonce(env->prims, &nonce)) != K5P_OK ||
        (rc = k5p_build_as_req(params, nonce, NULL, 0, &req)) != K5P_OK ||
        (rc = exchange(net, &req, &a, &r, outcome)) != K5P_OK)
        goto done;
    if (r.kind == K5P_TAG_KRB_ERROR && r.code == KDC_ERR_PREAUTH_REQUIRED) {
        if (!key_len) {
            k5p_s2k s2k;
            if ((rc = k5p_choose_s2k(r.e_data.data, r.e_data.len, etypes, n, &a, &s2k)) != K5P_OK ||
                (rc = k5p_string_to_key(env->prims, params, &s2k, key, &key_len)) != K5P_OK)
                goto done;
            key_enctype = s2k.etype;
        }
        reply_free(&r);
        asn1_wbuf_free(&req);
        asn1_wbuf_init(&req, K5P_MAX_MESSAGE);
        outcome->krb_error = -1;
        if ((rc = k5p_build_enc_timestamp(env, key_enctype, key, key_len, &ts)) != K5P_OK ||
            (rc = k5p_nonce(env->prims, &nonce)) != K5P_OK ||
            (rc = k5p_build_as_req(params, nonce, ts.data, ts.len, &req)) != K5P_OK ||
            (rc = exchange(net, &req, &a, &r, outcome)) != K5P_OK)
            goto done;
        if (r.kind == K5P_TAG_KRB_ERROR && r.code == KDC_ERR_PREAUTH_REQUIRED) {
            rc = K5P_E_PREAUTH;
            goto done;
        }
    } else if (r.kind == K5P_TAG_AS_REP && !key_len) {
        /* No preauthentication asked: the reply's own PA-ETYPE-INFO2 (or the default salt) for its enctype. */
        k5_kdc_rep rep;
        k5p_s2k s2k;
        int32_t etype;
        if (k5_asn1_decode(&k5_AS_REP, r.bytes, r.len, &a, &rep) != ASN1_OK) {
            rc = K5P_E_MALFORMED;
            goto done;
        }
        etype = rep.enc_part.etype;
        if (!k5p_etype_listed(etype, etypes, n) ||
            (rc = k5p_choose_s2k_padata(rep.padata.items, rep.padata.count, &etype, 1, &a, &s2k)) != K5P_OK) {
            rc = K5P_E_ETYPE;
            goto done;
        }
        if ((rc = k5p_string_to_key(env->prims, params, &s2k, key, &key_len)) != K5P_OK)
            goto done;
        key_enctype = etype;
    }
    if (r.kind == K5P_TAG_KRB_ERROR) {
        rc = K5P_E_KDC_ERROR;
        goto done;
    }
    if (r.kind != K5P_TAG_AS_REP) {
        rc = K5P_E_MALFORMED;
        goto done;
    }
    if ((rc = k5p_process_as_rep(env, params, nonce, key_enctype, key, key_len, r.bytes, r.len, &out->cred)) !=
        K5P_OK)
        goto done;
    out->key_enctype = key_enctype;
    memcpy(out->key, key, key_len);
    out->key_len = key_len;
done:
    outcome->result = rc;
    k5p_outcome_map(outcome, 0);
    if (rc != K5P_OK)
        k5p_tgt_free(out);
    krb5_wipe(key, sizeof(key));
    reply_free(&r);
    asn1_wbuf_free(&req);
    asn1_wbuf_free(&ts);
    k5_arena_free(&a);
    return rc;
}
