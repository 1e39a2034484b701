/* The TGS exchange (RFC 4120 3.3): a TGS-REQ authenticated by an AP-REQ with the TGT (PA-TGS-REQ), its
 * authenticator binding the request body through a keyed checksum, and a TGS-REP believed only once validated. */
#include "k5p_internal.h"
#include "k5p_status.h"

#include <stdlib.h>
#include <string.h>

#include "krb5_secret.h"

static const int32_t default_etypes[] = {18, 17, 20, 19, 23};

size_t k5p_tgs_etypes(int32_t etype, int32_t etypes[K5P_MAX_ETYPES])
{
    if (etype) {
        etypes[0] = etype;
        return 1;
    }
    memcpy(etypes, default_etypes, sizeof(default_etypes));
    return sizeof(default_etypes) / sizeof(default_etypes[0]);
}

uint32_t k5p_tgs_options(uint32_t kdc_options)
{
    return kdc_options ? kdc_options : K5P_TGS_OPTIONS;
}

void k5p_tgs_rep_expect(const kcc_cred *tgt, uint32_t nonce, k5p_rep_expect *x)
{
    memset(x, 0, sizeof(*x));
    x->type = &k5_TGS_REP;
    x->msg_type = 13;
    x->key_enctype = tgt->enctype;
    x->key = tgt->key.bytes;
    x->key_len = tgt->key.length;
    x->usage = K5P_USAGE_TGS_REP;
    x->nonce = nonce;
}

k5p_result k5p_tgs_exchange(const k5p_env *env, const k5p_net *net, const void *params, k5p_tgs_build_fn build,
                            k5p_tgs_process_fn process, kcc_cred *out, k5p_outcome *outcome)
{
    asn1_wbuf req;
    uint8_t *rep = NULL;
    size_t rep_len = 0;
    uint32_t nonce;
    k5p_result rc;

    memset(out, 0, sizeof(*out));
    memset(outcome, 0, sizeof(*outcome));
    outcome->krb_error = -1;
    asn1_wbuf_init(&req, K5P_MAX_MESSAGE);
    if ((rc = k5p_nonce(env->prims, &nonce)) != K5P_OK || (rc = build(env, params, nonce, &req)) != K5P_OK ||
        (rc = k5p_kdc_send(net, req.data, req.len, &rep, &rep_len, &outcome->kdc_index)) != K5P_OK)
        goto done;
    switch (k5p_reply_kind(rep, rep_len)) {
    case K5P_TAG_TGS_REP:
        rc = process(env, params, nonce, rep, rep_len, out);
        break;
    case K5P_TAG_KRB_ERROR:
        rc = k5p_parse_krb_error(rep, rep_len, &outcome->krb_error, &outcome->ext_status) == K5P_OK
                 ? K5P_E_KDC_ERROR
                 : K5P_E_MALFORMED;
        break;
    default:
        rc = K5P_E_MALFORMED;
    }
done:
    outcome->result = rc;
    k5p_outcome_map(outcome, 1);
    free(rep);
    asn1_wbuf_free(&req);
    return rc;
}

static const kcc_data *server_realm(const k5p_tgs_params *params)
{
    return params->server->realm.length ? &params->server->realm : &params->tgt->client.realm;
}

static k5p_result build_body(const k5p_tgs_params *params, uint32_t nonce, int32_t *etypes, k5_arena *a,
                             k5_kdc_req_body *b)
{
    const kcc_data *realm = server_realm(params);
    k5p_result rc;

    memset(b, 0, sizeof(*b));
    b->present = 1u << 0 | 1u << 2 | 1u << 3 | 1u << 5 | 1u << 7 | 1u << 8;
    b->kdc_options = k5p_tgs_options(params->kdc_options);
    b->realm = (k5_octets){realm->bytes, realm->length};
    if ((rc = k5p_name_from_kcc(params->server, a, &b->sname)) != K5P_OK)
        return rc;
    if (!params->server->name_type)
        b->sname.name_type = K5P_NT_SRV_INST;
    b->till = K5P_TIME_MAX;
    if (b->kdc_options & K5P_KDC_OPT_RENEWABLE) {
        K5_SET(b, 6);
        b->rtime = K5P_TIME_MAX;
    }
    b->nonce = nonce;
    b->etype = (k5_list){etypes, k5p_tgs_etypes(params->etype, etypes)};
    return K5P_OK;
}

k5p_result k5p_build_tgs_req(const k5p_env *env, const k5p_tgs_params *params, uint32_t nonce, asn1_wbuf *w)
{
    return k5p_build_tgs_req_with(env, params, nonce, NULL, 0, w);
}

k5p_result k5p_build_tgs_req_with(const k5p_env *env, const k5p_tgs_params *params, uint32_t nonce,
                                  const k5_pa_data *extra, size_t extra_count, asn1_wbuf *w)
{
    const kcc_cred *tgt = params->tgt;
    const krb5_enctype *et = krb5_enctype_lookup(tgt->enctype);
    int32_t etypes[K5P_MAX_ETYPES];
    uint8_t cksum[KRB5_MAX_DIGEST];
    k5_arena a;
    k5_kdc_req req;
    k5_authenticator auth;
    k5_ap_req ap;
    k5_pa_data pa[1 + K5P_MAX_EXTRA_PA];
    asn1_wbuf body, plain, apw;
    k5p_result rc;

    if (!et || tgt->key.length != et->key_size || !tgt->ticket.length || !params->server->count ||
        extra_count > K5P_MAX_EXTRA_PA)
        return K5P_E_ARGUMENT;
    memset(&req, 0, sizeof(req));
    memset(&auth, 0, sizeof(auth));
    memset(&ap, 0, sizeof(ap));
    memset(&pa, 0, sizeof(pa));
    k5_arena_init(&a);
    asn1_wbuf_init(&body, K5P_MAX_MESSAGE);
    asn1_wbuf_init(&plain, K5P_MAX_MESSAGE);
    asn1_wbuf_init(&apw, K5P_MAX_MESSAGE);
    if ((rc = build_body(params, nonce, etypes, &a, &req.req_body)) != K5P_OK ||
        (rc = k5p_encode(&k5_KDC_REQ_BODY, &req.req_body, &body)) != K5P_OK)
        goto done;
    /* The authenticator's checksum binds the request body to the TGT's session key. */
    if (et->checksum(env->prims, et, tgt->key.bytes, K5P_USAGE_TGS_REQ_CKSUM, body.data, body.len, cksum) !=
        KRB5C_OK) {
        rc = K5P_E_CRYPTO;
        goto done;
    }
    auth.present = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5;
    auth.authenticator_vno = 5;
    auth.crealm = (k5_octets){tgt->client.realm.bytes, tgt->client.realm.length};
    if ((rc = k5p_name_from_kcc(&tgt->client, &a, &auth.cname)) != K5P_OK)
        goto done;
    auth.cksum = (k5_checksum){3, et->checksum_type, {cksum, et->checksum_size}};
    auth.ctime = env->now(env->clock_ctx, &auth.cusec);
    if ((rc = k5p_encode(&k5_Authenticator, &auth, &plain)) != K5P_OK ||
        (rc = k5p_encrypt(env->prims, tgt->enctype, tgt->key.bytes, tgt->key.length, K5P_USAGE_TGS_AUTHENTICATOR,
                          plain.data, plain.len, &a, &ap.authenticator)) != K5P_OK)
        goto done;
    if (k5_asn1_decode(&k5_Ticket, tgt->ticket.bytes, tgt->ticket.length, &a, &ap.ticket) != ASN1_OK) {
        rc = K5P_E_ARGUMENT;
        goto done;
    }
    ap.present = 0x1F;
    ap.pvno = 5;
    ap.msg_type = 14;
    if ((rc = k5p_encode(&k5_AP_REQ, &ap, &apw)) != K5P_OK)
        goto done;
    pa[0].present = 1u << 1 | 1u << 2;
    pa[0].padata_type = K5P_PA_TGS_REQ;
    pa[0].padata_value = (k5_octets){apw.data, apw.len};
    for (size_t i = 0; i < extra_count; i++)
        pa[1 + i] = extra[i];
    req.present = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4;
    req.pvno = 5;
    req.msg_type = 12;
    req.padata = (k5_list){pa, 1 + extra_count};
    rc = k5p_encode(&k5_TGS_REQ, &req, w);
done:
    krb5_wipe(cksum, sizeof(cksum));
    asn1_wbuf_free(&body);
    asn1_wbuf_free(&plain);
    asn1_wbuf_free(&apw);
    k5_arena_free(&a);
    return rc;
}

k5p_result k5p_process_tgs_rep(const k5p_env *env, const k5p_tgs_params *params, uint32_t nonce,
                               const uint8_t *rep, size_t rep_len, kcc_cred *cred)
{
    const kcc_cred *tgt = params->tgt;
    int32_t etypes[K5P_MAX_ETYPES];
    k5p_rep_expect x;
    kcc_principal want = *params->server;

    want.realm = *server_realm(params);
    k5p_tgs_rep_expect(tgt, nonce, &x);
    x.client = &tgt->client;
    x.server = &want;
    x.server_nocase = (k5p_tgs_options(params->kdc_options) & K5P_KDC_OPT_CANONICALIZE) != 0;
    x.etypes = etypes;
    x.etype_count = k5p_tgs_etypes(params->etype, etypes);
    return k5p_process_kdc_rep(env, &x, rep, rep_len, cred);
}

static k5p_result build_req(const k5p_env *env, const void *params, uint32_t nonce, asn1_wbuf *w)
{
    return k5p_build_tgs_req(env, params, nonce, w);
}

static k5p_result process_rep(const k5p_env *env, const void *params, uint32_t nonce, const uint8_t *rep,
                              size_t rep_len, kcc_cred *cred)
{
    return k5p_process_tgs_rep(env, params, nonce, rep, rep_len, cred);
}

k5p_result k5p_get_service_ticket(const k5p_env *env, const k5p_net *net, const k5p_tgs_params *params,
                                  kcc_cred *out, k5p_outcome *outcome)
{
    return k5p_tgs_exchange(env, net, params, build_req, process_rep, out, outcome);
}
