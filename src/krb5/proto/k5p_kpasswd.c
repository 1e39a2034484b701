/* RFC 3244 change/set password: the request and reply frames around an AP-REQ/AP-REP and a KRB-PRIV under a fresh
 * subkey. The new password only ever exists encrypted in what leaves here; every plaintext copy is wiped. */
#include "k5kpasswd.h"
#include "k5p_internal.h"
#include "k5p_status.h"

#include <string.h>

#include "krb5_secret.h"

#define USAGE_AP_REQ_AUTHENTICATOR 11
#define USAGE_AP_REP 12
#define USAGE_KRB_PRIV 13
#define FRAME_HEADER 6
#define FRAME_MAX 0xffffu /* the frame's length is 16 bits */

void k5kp_state_wipe(k5kp_state *st)
{
    krb5_wipe(st, sizeof(*st));
}

static void put16(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static size_t get16(const uint8_t *p)
{
    return (size_t)p[0] << 8 | p[1];
}

static k5p_result build_ap_req(const k5p_env *env, const k5kp_request_params *p, const krb5_enctype *et,
                               k5kp_state *st, k5_arena *a, asn1_wbuf *out)
{
    const kcc_cred *c = p->cred;
    k5_authenticator auth;
    k5_ap_req ap;
    asn1_wbuf plain;
    k5p_result rc;

    memset(&auth, 0, sizeof(auth));
    memset(&ap, 0, sizeof(ap));
    asn1_wbuf_init(&plain, K5P_MAX_MESSAGE);
    auth.present = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 4 | 1u << 5 | 1u << 6 | 1u << 7;
    auth.authenticator_vno = 5;
    auth.crealm = (k5_octets){c->client.realm.bytes, c->client.realm.length};
    if ((rc = k5p_name_from_kcc(&c->client, a, &auth.cname)) != K5P_OK)
        goto done;
    auth.ctime = env->now(env->clock_ctx, &auth.cusec);
    auth.subkey = (k5_encryption_key){0, (int32_t)c->enctype, {st->subkey, et->key_size}};
    auth.seq_number = st->seq_number;
    st->ctime = auth.ctime;
    st->cusec = auth.cusec;
    if ((rc = k5p_encode(&k5_Authenticator, &auth, &plain)) != K5P_OK ||
        (rc = k5p_encrypt(env->prims, c->enctype, c->key.bytes, c->key.length, USAGE_AP_REQ_AUTHENTICATOR,
                          plain.data, plain.len, a, &ap.authenticator)) != K5P_OK)
        goto done;
    if (k5_asn1_decode(&k5_Ticket, c->ticket.bytes, c->ticket.length, a, &ap.ticket) != ASN1_OK) {
        rc = K5P_E_ARGUMENT;
        goto done;
    }
    ap.present = 0x1F;
    ap.pvno = 5;
    ap.msg_type = 14;
    rc = k5p_encode(&k5_AP_REQ, &ap, out);
done:
    if (plain.data)
        krb5_wipe(plain.data, plain.len); /* holds the subkey */
    asn1_wbuf_free(&plain);
    return rc;
}

/* user-data: the password itself (version 1) or a ChangePasswdData naming the target (RFC 3244). */
static k5p_result build_user_data(const k5kp_request_params *p, k5_arena *a, asn1_wbuf *out)
{
    k5_change_passwd_data cpd;
    k5p_result rc;

    if (p->version == K5KP_VERSION_CHANGE) {
        asn1_write_bytes(out, p->new_password, p->new_password_len);
        return out->error ? K5P_E_NO_MEMORY : K5P_OK;
    }
    memset(&cpd, 0, sizeof(cpd));
    cpd.newpasswd = (k5_octets){(uint8_t *)p->new_password, p->new_password_len};
    if (p->target) {
        if ((rc = k5p_name_from_kcc(p->target, a, &cpd.targname)) != K5P_OK)
            return rc;
        cpd.targrealm = (k5_octets){p->target->realm.bytes, p->target->realm.length};
        cpd.present = 1u << 1 | 1u << 2;
    }
    return k5p_encode(&k5_ChangePasswdData, &cpd, out);
}

static k5p_result build_priv(const k5p_env *env, const k5kp_request_params *p, const k5kp_state *st, k5_arena *a,
                             asn1_wbuf *out)
{
    k5_enc_krb_priv_part part;
    k5_krb_priv priv;
    asn1_wbuf user, plain;
    k5p_result rc;

    memset(&part, 0, sizeof(part));
    memset(&priv, 0, sizeof(priv));
    asn1_wbuf_init(&user, K5P_MAX_MESSAGE);
    asn1_wbuf_init(&plain, K5P_MAX_MESSAGE);
    if ((rc = build_user_data(p, a, &user)) != K5P_OK)
        goto done;
    part.present = 1u << 0 | 1u << 3;
    part.user_data = (k5_octets){user.data, user.len};
    part.seq_number = st->seq_number;
    if (p->s_addr_len) {
        K5_SET(&part, 4);
        part.s_address = (k5_host_address){0, p->s_addr_type, {(uint8_t *)p->s_addr, p->s_addr_len}};
    }
    if ((rc = k5p_encode(&k5_EncKrbPrivPart, &part, &plain)) != K5P_OK ||
        (rc = k5p_encrypt(env->prims, st->session_enctype, st->subkey, st->session_key_len, USAGE_KRB_PRIV,
                          plain.data, plain.len, a, &priv.enc_part)) != K5P_OK)
        goto done;
    priv.present = 1u << 0 | 1u << 1 | 1u << 3;
    priv.pvno = 5;
    priv.msg_type = 21;
    rc = k5p_encode(&k5_KRB_PRIV, &priv, out);
done:
    if (user.data)
        krb5_wipe(user.data, user.len);
    if (plain.data)
        krb5_wipe(plain.data, plain.len);
    asn1_wbuf_free(&user);
    asn1_wbuf_free(&plain);
    return rc;
}

k5p_result k5kp_build_request(const k5p_env *env, const k5kp_request_params *p, k5kp_state *st, asn1_wbuf *w)
{
    const krb5_enctype *et;
    uint8_t header[FRAME_HEADER];
    asn1_wbuf ap, priv;
    k5_arena a;
    k5p_result rc;

    memset(st, 0, sizeof(*st));
    if (!p->cred || !(et = krb5_enctype_lookup(p->cred->enctype)) || p->cred->key.length != et->key_size ||
        et->key_size > sizeof(st->subkey) || !p->cred->ticket.length || !p->cred->client.count ||
        (p->version != K5KP_VERSION_CHANGE && p->version != K5KP_VERSION_SET) ||
        (p->target && (p->version != K5KP_VERSION_SET || !p->target->count)))
        return K5P_E_ARGUMENT;
    st->session_enctype = p->cred->enctype;
    st->session_key_len = et->key_size;
    memcpy(st->session_key, p->cred->key.bytes, et->key_size);
    /* A fresh subkey per request: random bytes are a key for every enctype we support (AES, RC4). */
    if (env->prims->random(env->prims->ctx, st->subkey, et->key_size) != 0 ||
        k5p_nonce(env->prims, &st->seq_number) != K5P_OK) {
        k5kp_state_wipe(st);
        return K5P_E_CRYPTO;
    }
    k5_arena_init(&a);
    asn1_wbuf_init(&ap, K5P_MAX_MESSAGE);
    asn1_wbuf_init(&priv, K5P_MAX_MESSAGE);
    if ((rc = build_ap_req(env, p, et, st, &a, &ap)) != K5P_OK || (rc = build_priv(env, p, st, &a, &priv)) != K5P_OK)
        goto done;
    if (ap.len > FRAME_MAX - FRAME_HEADER || priv.len > FRAME_MAX - FRAME_HEADER - ap.len) {
        rc = K5P_E_ARGUMENT;
        goto done;
    }
    put16(header, FRAME_HEADER + ap.len + priv.len);
    put16(header + 2, p->version);
    put16(header + 4, ap.len);
    asn1_write_bytes(w, header, sizeof(header));
    asn1_write_bytes(w, ap.data, ap.len);
    asn1_write_bytes(w, priv.data, priv.len);
    if (w->error)
        rc = K5P_E_NO_MEMORY;
done:
    if (priv.data)
        krb5_wipe(priv.data, priv.len);
    asn1_wbuf_free(&ap);
    asn1_wbuf_free(&priv);
    k5_arena_free(&a);
    if (rc != K5P_OK)
        k5kp_state_wipe(st);
    return rc;
}

/* A KRB-ERROR in place of the reply: its code, and the result code MIT and Windows put first in its e-data. */
static k5p_result process_error(const uint8_t *der, size_t len, int32_t *result_code, int32_t *krb_error)
{
    k5_arena a;
    k5_krb_error e;

    k5_arena_init(&a);
    if (k5_asn1_decode(&k5_KRB_ERROR, der, len, &a, &e) != ASN1_OK || e.pvno != 5 || e.msg_type != 30) {
        k5_arena_free(&a);
        return K5P_E_MALFORMED;
    }
    *krb_error = e.error_code;
    if (K5_HAS(&e, 12) && e.e_data.len >= 2)
        *result_code = (int32_t)get16(e.e_data.data);
    k5_arena_free(&a);
    return K5P_E_KDC_ERROR;
}

/* The AP-REP proves the server read our authenticator (its ctime and cusec come back under the session key); it may
 * name the key for the reply (a subkey of its own) and its sequence number. */
static k5p_result process_ap_rep(const k5p_env *env, const k5kp_state *st, const uint8_t *der, size_t len,
                                 k5_arena *a, k5_enc_ap_rep_part *part)
{
    k5_ap_rep rep;
    uint8_t *plain;
    size_t plain_len;
    k5p_result rc;

    if (k5_asn1_decode(&k5_AP_REP, der, len, a, &rep) != ASN1_OK || rep.pvno != 5 || rep.msg_type != 15)
        return K5P_E_MALFORMED;
    if ((rc = k5p_decrypt(env->prims, st->session_enctype, st->session_key, st->session_key_len, USAGE_AP_REP,
                          &rep.enc_part, a, &plain, &plain_len)) != K5P_OK)
        return rc;
    if (k5_asn1_decode(&k5_EncAPRepPart, plain, plain_len, a, part) != ASN1_OK)
        return K5P_E_MALFORMED;
    if (part->ctime != st->ctime || part->cusec != st->cusec)
        return K5P_E_INTEGRITY;
    if (K5_HAS(part, 2) &&
        (part->subkey.keytype != st->session_enctype || part->subkey.keyvalue.len != st->session_key_len))
        return K5P_E_ETYPE;
    return K5P_OK;
}

k5p_result k5kp_process_reply(const k5p_env *env, const k5kp_state *st, const uint8_t *rep, size_t len,
                              int32_t *result_code, int32_t *krb_error)
{
    k5_enc_ap_rep_part ap_part;
    k5_krb_priv priv;
    k5_enc_krb_priv_part part;
    const uint8_t *key;
    uint8_t *plain;
    size_t plain_len, ap_len, version;
    k5_arena a;
    k5p_result rc;

    *result_code = -1;
    *krb_error = -1;
    if (len < FRAME_HEADER || get16(rep) != len)
        return K5P_E_MALFORMED;
    version = get16(rep + 2);
    ap_len = get16(rep + 4);
    if (ap_len > len - FRAME_HEADER)
        return K5P_E_MALFORMED;
    rep += FRAME_HEADER;
    len -= FRAME_HEADER;
    /* MIT answers a request it cannot read with no AP-REP and a KRB-ERROR; that frame may carry any version. */
    if (!ap_len || k5p_reply_kind(rep + ap_len, len - ap_len) == K5P_TAG_KRB_ERROR)
        return process_error(rep + ap_len, len - ap_len, result_code, krb_error);
    if (version != K5KP_VERSION_CHANGE && version != K5KP_VERSION_SET)
        return K5P_E_MALFORMED;
    k5_arena_init(&a);
    if ((rc = process_ap_rep(env, st, rep, ap_len, &a, &ap_part)) != K5P_OK)
        goto done;
    key = K5_HAS(&ap_part, 2) ? ap_part.subkey.keyvalue.data : st->subkey;
    rc = K5P_E_MALFORMED;
    if (k5_asn1_decode(&k5_KRB_PRIV, rep + ap_len, len - ap_len, &a, &priv) != ASN1_OK || priv.pvno != 5 ||
        priv.msg_type != 21)
        goto done;
    if ((rc = k5p_decrypt(env->prims, st->session_enctype, key, st->session_key_len, USAGE_KRB_PRIV, &priv.enc_part,
                          &a, &plain, &plain_len)) != K5P_OK)
        goto done;
    rc = K5P_E_MALFORMED;
    if (k5_asn1_decode(&k5_EncKrbPrivPart, plain, plain_len, &a, &part) != ASN1_OK || part.user_data.len < 2)
        goto done;
    /* The server's sequence numbers start where its AP-REP said: a KRB-PRIV with another one is not this reply. */
    if (K5_HAS(&ap_part, 3) && K5_HAS(&part, 3) && ap_part.seq_number != part.seq_number) {
        rc = K5P_E_INTEGRITY;
        goto done;
    }
    *result_code = (int32_t)get16(part.user_data.data);
    rc = K5P_OK;
done:
    k5_arena_free(&a);
    return rc;
}

uint32_t k5kp_result_status(int32_t result_code)
{
    switch (result_code) {
    case K5KP_RESULT_SUCCESS:
        return K5P_STATUS_SUCCESS;
    case K5KP_RESULT_MALFORMED:
        return K5P_STATUS_INVALID_PARAMETER;
    case K5KP_RESULT_AUTHERROR:
        return K5P_STATUS_LOGON_FAILURE;
    case K5KP_RESULT_SOFTERROR:
        return K5KP_STATUS_PASSWORD_RESTRICTION;
    case K5KP_RESULT_ACCESSDENIED:
    case K5KP_RESULT_INITIAL_FLAG_NEEDED:
        return K5KP_STATUS_ACCESS_DENIED;
    case K5KP_RESULT_BAD_VERSION:
        return K5P_STATUS_NOT_SUPPORTED;
    default: /* HARDERROR and codes RFC 3244 does not define */
        return K5KP_STATUS_UNSUCCESSFUL;
    }
}
