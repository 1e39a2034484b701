/* S4U2Self (MS-SFU 3.1.5.1.1): a service asks the KDC, with its own TGT, for a ticket to itself on behalf of a user
 * who did not authenticate to it (protocol transition). The user goes in PA-FOR-USER (what every KDC reads) and
 * PA-S4U-X509-USER (bound to this request's nonce, with a checksum of the session key's own type; MIT's client sends
 * both, and a KDC that reads the second answers with its own, which MIT's client then requires). */
#include "k5p_internal.h"
#include "k5p_status.h"

#include <stdlib.h>
#include <string.h>

#include "krb5_secret.h"

#define MD5_LEN 16
#define ENCTYPE_RC4 23

static const char auth_package[] = "Kerberos";

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static int32_t user_name_type(const kcc_principal *user)
{
    return user->name_type ? (int32_t)user->name_type : K5P_NT_PRINCIPAL;
}

/* PA-FOR-USER's checksum (MS-SFU 2.2.1): the RFC 4757 HMAC-MD5 checksum keyed with the whole session key, whatever
 * its enctype: Ksign = HMAC-MD5(key, "signaturekey\0"), then HMAC-MD5(Ksign, MD5(usage LE32 | data)), data being the
 * name type (LE32), the name strings, the realm and the auth-package, each without a length. */
static k5p_result for_user_checksum(const krb5_primitives *p, const kcc_data *key, const kcc_principal *user,
                                    uint8_t out[MD5_LEN])
{
    static const uint8_t signaturekey[] = "signaturekey"; /* with its NUL, as RFC 4757 says */
    uint8_t ksign[MD5_LEN], digest[MD5_LEN], *data;
    size_t len = 4 + 4 + user->realm.length + sizeof(auth_package) - 1, at = 8;
    k5p_result rc = K5P_OK;

    for (uint32_t i = 0; i < user->count; i++) {
        if (user->components[i].length > SIZE_MAX / 2 - len)
            return K5P_E_ARGUMENT;
        len += user->components[i].length;
    }
    if (!(data = malloc(len)))
        return K5P_E_NO_MEMORY;
    put_le32(data, K5P_USAGE_PA_FOR_USER);
    put_le32(data + 4, (uint32_t)user_name_type(user));
    for (uint32_t i = 0; i < user->count; i++) {
        if (user->components[i].length)
            memcpy(data + at, user->components[i].bytes, user->components[i].length);
        at += user->components[i].length;
    }
    if (user->realm.length)
        memcpy(data + at, user->realm.bytes, user->realm.length);
    at += user->realm.length;
    memcpy(data + at, auth_package, sizeof(auth_package) - 1);
    if (p->hmac(p->ctx, KRB5_HASH_MD5, key->bytes, key->length, signaturekey, sizeof(signaturekey), ksign) != 0 ||
        p->hash(p->ctx, KRB5_HASH_MD5, data, len, digest) != 0 ||
        p->hmac(p->ctx, KRB5_HASH_MD5, ksign, sizeof(ksign), digest, sizeof(digest), out) != 0)
        rc = K5P_E_CRYPTO;
    krb5_wipe(ksign, sizeof(ksign));
    krb5_wipe(digest, sizeof(digest));
    free(data);
    return rc;
}

static int sends_x509(const kcc_cred *tgt)
{
    return tgt->enctype != ENCTYPE_RC4;
}

static void fill_user_id(const k5p_s4u_params *params, uint32_t nonce, const k5_principal_name *cname,
                         k5_s4u_user_id *id)
{
    memset(id, 0, sizeof(*id));
    id->present = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 4;
    id->nonce = nonce;
    id->cname = *cname;
    id->crealm = (k5_octets){params->user->realm.bytes, params->user->realm.length};
    id->options = K5P_S4U_OPTS_USE_REPLY_KEY_USAGE;
}

k5p_result k5p_build_s4u2self_req(const k5p_env *env, const k5p_s4u_params *params, uint32_t nonce, asn1_wbuf *w)
{
    const kcc_cred *tgt = params->tgt;
    const krb5_enctype *et = krb5_enctype_lookup(tgt->enctype);
    k5p_tgs_params tgs = {0};
    uint8_t cksum[MD5_LEN], x509_cksum[KRB5_MAX_DIGEST];
    k5_arena a;
    k5_pa_for_user fu;
    k5_pa_s4u_x509_user xu;
    k5_pa_data pa[2];
    asn1_wbuf fuw, idw, xuw;
    size_t npa = 1;
    k5p_result rc;

    if (!et || tgt->key.length != et->key_size || !tgt->client.count || !params->user->count ||
        !params->user->realm.length)
        return K5P_E_ARGUMENT;
    memset(&fu, 0, sizeof(fu));
    memset(&xu, 0, sizeof(xu));
    memset(pa, 0, sizeof(pa));
    k5_arena_init(&a);
    asn1_wbuf_init(&fuw, K5P_MAX_MESSAGE);
    asn1_wbuf_init(&idw, K5P_MAX_MESSAGE);
    asn1_wbuf_init(&xuw, K5P_MAX_MESSAGE);
    fu.present = 0xF;
    if ((rc = k5p_name_from_kcc(params->user, &a, &fu.user_name)) != K5P_OK)
        goto done;
    fu.user_name.name_type = user_name_type(params->user);
    fu.user_realm = (k5_octets){params->user->realm.bytes, params->user->realm.length};
    if ((rc = for_user_checksum(env->prims, &tgt->key, params->user, cksum)) != K5P_OK)
        goto done;
    fu.cksum = (k5_checksum){3, KRB5_CKSUMTYPE_HMAC_MD5, {cksum, MD5_LEN}};
    fu.auth_package = (k5_octets){(uint8_t *)auth_package, sizeof(auth_package) - 1};
    if ((rc = k5p_encode(&k5_PA_FOR_USER, &fu, &fuw)) != K5P_OK)
        goto done;
    pa[0] = (k5_pa_data){1u << 1 | 1u << 2, K5P_PA_FOR_USER, {fuw.data, fuw.len}};
    if (sends_x509(tgt)) {
        fill_user_id(params, nonce, &fu.user_name, &xu.user_id);
        if ((rc = k5p_encode(&k5_S4UUserID, &xu.user_id, &idw)) != K5P_OK)
            goto done;
        if (et->checksum(env->prims, et, tgt->key.bytes, K5P_USAGE_S4U_X509_REQUEST, idw.data, idw.len,
                         x509_cksum) != KRB5C_OK) {
            rc = K5P_E_CRYPTO;
            goto done;
        }
        xu.present = 3;
        xu.checksum = (k5_checksum){3, et->checksum_type, {x509_cksum, et->checksum_size}};
        if ((rc = k5p_encode(&k5_PA_S4U_X509_USER, &xu, &xuw)) != K5P_OK)
            goto done;
        /* MIT's order: PA-S4U-X509-USER, then PA-FOR-USER. */
        pa[1] = pa[0];
        pa[0] = (k5_pa_data){1u << 1 | 1u << 2, K5P_PA_S4U_X509_USER, {xuw.data, xuw.len}};
        npa = 2;
    }
    tgs.tgt = tgt;
    tgs.server = &tgt->client; /* the service itself */
    tgs.kdc_options = params->kdc_options;
    rc = k5p_build_tgs_req_with(env, &tgs, nonce, pa, npa, w);
done:
    krb5_wipe(cksum, sizeof(cksum));
    krb5_wipe(x509_cksum, sizeof(x509_cksum));
    asn1_wbuf_free(&fuw);
    asn1_wbuf_free(&idw);
    asn1_wbuf_free(&xuw);
    k5_arena_free(&a);
    return rc;
}

/* The reply's PA-S4U-X509-USER against the request (k5p_process_s4u2self_rep's comment). */
static k5p_result check_x509_reply(const k5p_env *env, const k5p_s4u_params *params, uint32_t nonce,
                                   const uint8_t *rep, size_t rep_len)
{
    const kcc_cred *tgt = params->tgt;
    const krb5_enctype *et = krb5_enctype_lookup(tgt->enctype);
    const k5_pa_data *pa, *found = NULL;
    k5_arena a;
    k5_kdc_rep r;
    k5_pa_s4u_x509_user xu;
    asn1_wbuf idw;
    k5p_result rc = K5P_E_MALFORMED;

    k5_arena_init(&a);
    asn1_wbuf_init(&idw, K5P_MAX_MESSAGE);
    if (!et || k5_asn1_decode(&k5_TGS_REP, rep, rep_len, &a, &r) != ASN1_OK)
        goto done;
    pa = r.padata.items;
    for (size_t i = 0; K5_HAS(&r, 2) && i < r.padata.count && !found; i++)
        if (pa[i].padata_type == K5P_PA_S4U_X509_USER)
            found = &pa[i];
    if (!found ||
        k5_asn1_decode(&k5_PA_S4U_X509_USER, found->padata_value.data, found->padata_value.len, &a, &xu) != ASN1_OK)
        goto done;
    if (xu.user_id.nonce != nonce) {
        rc = K5P_E_NONCE;
        goto done;
    }
    if (xu.checksum.cksumtype != et->checksum_type || (rc = k5p_encode(&k5_S4UUserID, &xu.user_id, &idw)) != K5P_OK) {
        rc = rc == K5P_E_NO_MEMORY ? rc : K5P_E_MALFORMED;
        goto done;
    }
    if (krb5_checksum_verify(env->prims, et, tgt->key.bytes,
                             K5_HAS(&xu.user_id, 4) && (xu.user_id.options & K5P_S4U_OPTS_USE_REPLY_KEY_USAGE)
                                 ? K5P_USAGE_S4U_X509_REPLY
                                 : K5P_USAGE_S4U_X509_REQUEST,
                             idw.data, idw.len, xu.checksum.checksum.data, xu.checksum.checksum.len) != KRB5C_OK) {
        rc = K5P_E_INTEGRITY;
        goto done;
    }
    /* The user the KDC vouches for is the one asked for. */
    rc = K5_HAS(&xu.user_id, 1) && k5p_name_matches(&xu.user_id.crealm, &xu.user_id.cname, params->user, 0)
             ? K5P_OK
             : K5P_E_CNAME;
done:
    asn1_wbuf_free(&idw);
    k5_arena_free(&a);
    return rc;
}

k5p_result k5p_process_s4u2self_rep(const k5p_env *env, const k5p_s4u_params *params, uint32_t nonce,
                                    const uint8_t *rep, size_t rep_len, kcc_cred *cred)
{
    const kcc_cred *tgt = params->tgt;
    int32_t etypes[K5P_MAX_ETYPES];
    k5p_rep_expect x;
    k5p_result rc;

    k5p_tgs_rep_expect(tgt, nonce, &x);
    x.client = params->user;
    x.client_nocase = (k5p_tgs_options(params->kdc_options) & K5P_KDC_OPT_CANONICALIZE) != 0;
    x.server = &tgt->client;
    x.server_nocase = x.client_nocase;
    x.etypes = etypes;
    x.etype_count = k5p_tgs_etypes(0, etypes);
    if ((rc = k5p_process_kdc_rep(env, &x, rep, rep_len, cred)) != K5P_OK || !sends_x509(tgt))
        return rc;
    if ((rc = check_x509_reply(env, params, nonce, rep, rep_len)) != K5P_OK) {
        kcc_cred_free(cred);
        memset(cred, 0, sizeof(*cred));
    }
    return rc;
}

static k5p_result build_req(const k5p_env *env, const void *params, uint32_t nonce, asn1_wbuf *w)
{
    return k5p_build_s4u2self_req(env, params, nonce, w);
}

static k5p_result process_rep(const k5p_env *env, const void *params, uint32_t nonce, const uint8_t *rep,
                              size_t rep_len, kcc_cred *cred)
{
    return k5p_process_s4u2self_rep(env, params, nonce, rep, rep_len, cred);
}

k5p_result k5p_get_s4u2self(const k5p_env *env, const k5p_net *net, const k5p_s4u_params *params, kcc_cred *out,
                            k5p_outcome *outcome)
{
    return k5p_tgs_exchange(env, net, params, build_req, process_rep, out, outcome);
}
