/* The AS exchange (RFC 4120 3.1): AS-REQ as Windows sends it, PA-ENC-TIMESTAMP after KDC_ERR_PREAUTH_REQUIRED with
 * the salt and s2kparams of PA-ETYPE-INFO2 (RFC 4120 5.2.7.5), and an AS-REP believed only once validated. */
#include "k5p_internal.h"
#include "k5p_status.h"

#include <stdlib.h>
#include <string.h>

#include "krb5_secret.h"

static const int32_t default_etypes[] = {18, 17, 20, 19, 23};
/* PA-PAC-REQUEST ::= SEQUENCE { include-pac [0] BOOLEAN TRUE } (MS-KILE 2.2.3), sent by Windows in every AS-REQ. */
static const uint8_t pac_request[] = {0x30, 0x05, 0xA0, 0x03, 0x01, 0x01, 0xFF};

size_t k5p_as_etypes(const k5p_as_params *params, int32_t etypes[K5P_MAX_ETYPES])
{
    size_t n = 0;

    if (params->etypes) {
        for (size_t i = 0; i < params->etype_count && n < K5P_MAX_ETYPES; i++)
            etypes[n++] = params->etypes[i];
        return n;
    }
    /* With a kept key, its enctype first: the KDC encrypts the reply in the first listed type the client has. */
    if (params->key_len)
        etypes[n++] = params->key_enctype;
    for (size_t i = 0; i < sizeof(default_etypes) / sizeof(default_etypes[0]); i++)
        if (!params->key_len || default_etypes[i] != params->key_enctype)
            etypes[n++] = default_etypes[i];
    return n;
}

static uint32_t as_options(const k5p_as_params *params)
{
    return params->kdc_options ? params->kdc_options : K5P_AS_OPTIONS;
}

k5p_result k5p_build_as_req(const k5p_as_params *params, uint32_t nonce, const uint8_t *enc_ts, size_t enc_ts_len,
                            asn1_wbuf *w)
{
    k5_arena a;
    k5_kdc_req req;
    k5_pa_data pa[2];
    k5_octets tgs[2];
    int32_t etypes[K5P_MAX_ETYPES];
    size_t npa = 0;
    k5p_result rc;

    memset(&req, 0, sizeof(req));
    memset(pa, 0, sizeof(pa));
    if (!params->client->realm.length)
        return K5P_E_ARGUMENT;
    k5_arena_init(&a);
    if (enc_ts) {
        pa[npa].present = 1u << 1 | 1u << 2;
        pa[npa].padata_type = K5P_PA_ENC_TIMESTAMP;
        pa[npa++].padata_value = (k5_octets){(uint8_t *)enc_ts, enc_ts_len};
    }
    pa[npa].present = 1u << 1 | 1u << 2;
    pa[npa].padata_type = K5P_PA_PAC_REQUEST;
    pa[npa++].padata_value = (k5_octets){(uint8_t *)pac_request, sizeof(pac_request)};
    req.present = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4;
    req.pvno = 5;
    req.msg_type = 10;
    req.padata = (k5_list){pa, npa};

    k5_kdc_req_body *b = &req.req_body;
    b->present = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 5 | 1u << 7 | 1u << 8;
    b->kdc_options = as_options(params);
    if ((rc = k5p_name_from_kcc(params->client, &a, &b->cname)) != K5P_OK)
        goto done;
    b->realm = (k5_octets){params->client->realm.bytes, params->client->realm.length};
    tgs[0] = (k5_octets){(uint8_t *)"krbtgt", 6};
    tgs[1] = b->realm;
    b->sname = (k5_principal_name){3, K5P_NT_SRV_INST, {tgs, 2}};
    b->till = K5P_TIME_MAX;
    if (b->kdc_options & K5P_KDC_OPT_RENEWABLE) {
        K5_SET(b, 6);
        b->rtime = K5P_TIME_MAX;
    }
    b->nonce = nonce;
    b->etype = (k5_list){etypes, k5p_as_etypes(params, etypes)};
    rc = k5p_encode(&k5_AS_REQ, &req, w);
done:
    k5_arena_free(&a);
    return rc;
}

static int etype_listed(int32_t e, const int32_t *etypes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (etypes[i] == e)
            return 1;
    return 0;
}

static k5p_result choose_from_padata(const k5_pa_data *pa, size_t npa, const int32_t *etypes, size_t etype_count,
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
            if (!krb5_enctype_lookup(e[j].etype) || !etype_listed(e[j].etype, etypes, etype_count))
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
    return choose_from_padata(md.items.items, md.items.count, etypes, etype_count, arena, out);
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

k5p_result k5p_process_as_rep(const k5p_env *env, const k5p_as_params *params, uint32_t nonce, int32_t key_enctype,
                              const uint8_t *key, size_t key_len, const uint8_t *rep, size_t rep_len,
                              kcc_cred *cred)
{
    k5_arena a;
    k5_kdc_rep r;
    k5_enc_kdc_rep_part enc;
    int32_t etypes[K5P_MAX_ETYPES];
    size_t n = k5p_as_etypes(params, etypes);
    int nocase = (as_options(params) & K5P_KDC_OPT_CANONICALIZE) != 0;
    uint8_t *plain;
    size_t plain_len;
    k5p_result rc;

    memset(cred, 0, sizeof(*cred));
    k5_arena_init(&a);
    if (k5_asn1_decode(&k5_AS_REP, rep, rep_len, &a, &r) != ASN1_OK || r.pvno != 5 || r.msg_type != 11) {
        rc = K5P_E_MALFORMED;
        goto done;
    }
    if (r.enc_part.etype != key_enctype) {
        rc = K5P_E_ETYPE;
        goto done;
    }
    rc = k5p_decrypt(env->prims, key_enctype, key, key_len, K5P_USAGE_AS_REP, &r.enc_part, &a, &plain, &plain_len);
    if (rc == K5P_E_INTEGRITY) /* some KDCs encrypt it with the TGS-REP usage; MIT accepts that too */
        rc = k5p_decrypt(env->prims, key_enctype, key, key_len, K5P_USAGE_TGS_REP, &r.enc_part, &a, &plain,
                         &plain_len);
    if (rc != K5P_OK || (rc = k5p_decode_enc_rep(plain, plain_len, &a, &enc)) != K5P_OK)
        goto done;
    if (enc.nonce != nonce) {
        rc = K5P_E_NONCE;
        goto done;
    }
    /* canonicalize lets the KDC return the name in its own case (RFC 6806), never another name or realm. */
    if (!k5p_name_matches(&r.crealm, &r.cname, params->client, nocase)) {
        rc = K5P_E_CNAME;
        goto done;
    }
    if (!k5p_names_equal(&r.ticket.realm, &r.ticket.sname, &enc.srealm, &enc.sname) ||
        !k5p_is_tgs_name(&enc.srealm, &enc.sname, params->client->realm.bytes, params->client->realm.length)) {
        rc = K5P_E_SNAME;
        goto done;
    }
    if ((rc = k5p_check_enc_rep(env, &enc, etypes, n)) != K5P_OK)
        goto done;
    rc = k5p_fill_cred(&r, &enc, cred);
done:
    k5_arena_free(&a);
    return rc;
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
    if ((rc = k5p_nonce(env->prims, &nonce)) != K5P_OK || (rc = k5p_build_as_req(params, nonce, NULL, 0, &req)) != K5P_OK ||
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
        if (!etype_listed(etype, etypes, n) ||
            (rc = choose_from_padata(rep.padata.items, rep.padata.count, &etype, 1, &a, &s2k)) != K5P_OK) {
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
