/* The fake KDC of krb5_fake_kdc.h. Test code: every step that should not fail aborts. */
#include "krb5_fake_kdc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "krb5_build_util.h"
#include "krb5_enctype.h"

#define NEED(x) K5B_NEED("fake KDC", x)

static void encode(const k5_asn1_type *t, const void *v, asn1_wbuf *w)
{
    asn1_wbuf_init(w, 1 << 20);
    NEED(k5_asn1_encode(t, v, w) == ASN1_OK);
}

static k5_encrypted_data seal(const fake_kdc *k, k5_arena *a, int32_t etype, const uint8_t *key, uint32_t usage,
                              const k5_asn1_type *t, const void *v)
{
    const krb5_enctype *et = krb5_enctype_lookup(etype);
    asn1_wbuf w;
    k5_encrypted_data ed = {0};

    NEED(et);
    encode(t, v, &w);
    ed.cipher.len = krb5_ciphertext_len(et, w.len);
    NEED((ed.cipher.data = k5_arena_alloc(a, ed.cipher.len)));
    NEED(et->encrypt(k->p, et, key, usage, NULL, w.data, w.len, ed.cipher.data) == KRB5C_OK);
    asn1_wbuf_free(&w);
    ed.present = 5;
    ed.etype = etype;
    return ed;
}

/* Decrypts ed under key into the arena; NULL on failure. */
static uint8_t *open_sealed(const fake_kdc *k, k5_arena *a, const uint8_t *key, uint32_t usage,
                            const k5_encrypted_data *ed, size_t *len)
{
    const krb5_enctype *et = krb5_enctype_lookup(ed->etype);
    uint8_t *out;

    if (!et || !(out = k5_arena_alloc(a, ed->cipher.len + 1)))
        return NULL;
    return et->decrypt(k->p, et, key, usage, ed->cipher.data, ed->cipher.len, out, len) == KRB5C_OK ? out : NULL;
}

static uint8_t *take(asn1_wbuf *w, size_t *len)
{
    uint8_t *out = malloc(w->len);
    NEED(out);
    memcpy(out, w->data, w->len);
    *len = w->len;
    asn1_wbuf_free(w);
    return out;
}

uint8_t *fake_krb_error(const fake_kdc *k, int32_t code, const uint8_t *e_data, size_t e_len, size_t *out_len)
{
    k5_arena a;
    k5_krb_error e = {0};
    asn1_wbuf w;

    k5_arena_init(&a);
    e.present = 1u << 0 | 1u << 1 | 1u << 4 | 1u << 5 | 1u << 6 | 1u << 9 | 1u << 10;
    e.pvno = 5;
    e.msg_type = 30;
    e.stime = k->now;
    e.error_code = code;
    e.realm = k5b_str(k->realm);
    e.sname = k5b_name(&a, 2, "krbtgt", k->realm);
    if (e_data) {
        K5_SET(&e, 12);
        e.e_data = (k5_octets){(uint8_t *)e_data, e_len};
    }
    encode(&k5_KRB_ERROR, &e, &w);
    k5_arena_free(&a);
    return take(&w, out_len);
}

void fake_kdc_init(fake_kdc *k, const krb5_primitives *p, int64_t now)
{
    const krb5_enctype *et;
    char salt[512];

    memset(k, 0, sizeof(*k));
    k->p = p;
    k->now = now;
    k->realm = "EXAMPLE.COM";
    k->user = "alice";
    k->password = "correct horse";
    k->service_host = "svc.example.com";
    k->user_etype = 18;
    k->require_preauth = 1;
    NEED(p->random(p->ctx, k->tgt_key, sizeof(k->tgt_key)) == 0);
    NEED(p->random(p->ctx, k->svc_key, sizeof(k->svc_key)) == 0);
    et = krb5_enctype_lookup(k->user_etype);
    snprintf(salt, sizeof(salt), "%s%s", k->realm, k->user);
    NEED(et->string_to_key(p, et, (const uint8_t *)k->password, strlen(k->password), (const uint8_t *)salt,
                           strlen(salt), NULL, 0, k->user_key) == KRB5C_OK);
}

static uint8_t *method_data_with(const fake_kdc *k, int32_t type, const uint8_t *v, size_t vlen, size_t *len)
{
    k5_pa_data pa = {6, type, {(uint8_t *)v, vlen}};
    k5_sequence_of md = {1, {&pa, 1}};
    asn1_wbuf w;

    (void)k;
    encode(&k5_METHOD_DATA, &md, &w);
    return take(&w, len);
}

static uint8_t *preauth_required(fake_kdc *k, size_t *out_len)
{
    k5_etype_info2_entry e = {0};
    k5_sequence_of info = {1, {&e, 1}};
    asn1_wbuf w;
    uint8_t *md, *rep;
    size_t md_len;

    e.present = 1;
    e.etype = k->user_etype;
    if (k->salt) {
        K5_SET(&e, 1);
        e.salt = k5b_str(k->salt);
    }
    if (k->s2kparams) {
        K5_SET(&e, 2);
        e.s2kparams = (k5_octets){(uint8_t *)k->s2kparams, k->s2kparams_len};
    }
    encode(&k5_ETYPE_INFO2, &info, &w);
    md = method_data_with(k, 19, w.data, w.len, &md_len);
    asn1_wbuf_free(&w);
    rep = fake_krb_error(k, 25, md, md_len, out_len);
    free(md);
    return rep;
}

static int32_t pick_session_etype(const k5_kdc_req_body *b)
{
    const int32_t *e = b->etype.items;

    for (size_t i = 0; i < b->etype.count; i++)
        if (e[i] == 17 || e[i] == 18 || e[i] == 23)
            return e[i];
    return 0;
}

/* The ticket (for server, sealed with server_key) and the reply's encrypted part. */
/* PA-DATA the next reply carries (S4U2Self's), or none. */
static const k5_pa_data *reply_padata;

static uint8_t *issue(fake_kdc *k, k5_arena *a, const k5_kdc_req_body *b, int as, const k5_octets *crealm,
                      const k5_principal_name *cname, const k5_principal_name *sname, const uint8_t *server_key,
                      int32_t reply_etype, const uint8_t *reply_key, size_t *out_len)
{
    const krb5_enctype *set;
    k5_enc_ticket_part tp = {0};
    k5_ticket t = {0};
    k5_enc_kdc_rep_part ep = {0};
    k5_kdc_rep rep = {0};
    asn1_wbuf w;
    uint8_t *out;

    k->session_etype = k->tamper == T_SESSION_ETYPE ? 16 : pick_session_etype(b);
    if (!k->session_etype)
        return fake_krb_error(k, 14, NULL, 0, out_len);
    set = krb5_enctype_lookup(k->session_etype == 16 ? 18 : k->session_etype);
    if (k->fixed_session_key)
        memcpy(k->session_key, k->fixed_session_key, set->key_size);
    else
        NEED(k->p->random(k->p->ctx, k->session_key, set->key_size) == 0);

    tp.present = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 7;
    tp.flags = 0x40e00000;
    tp.key = (k5_encryption_key){3, k->session_etype, {k->session_key, set->key_size}};
    tp.crealm = *crealm;
    tp.cname = *cname;
    tp.transited = (k5_transited_encoding){3, 1, {(uint8_t *)"", 0}};
    tp.authtime = k->issue_authtime ? k->issue_authtime : k->now;
    tp.endtime = k->now + 36000;
    t.present = 0xF;
    t.tkt_vno = 5;
    t.realm = k5b_str(k->realm);
    t.sname = *sname;
    if (k->tamper == T_ENC_SNAME) /* ticket and encrypted part agree, on a server nobody asked for */
        t.sname = as ? k5b_name(a, 2, "krbtgt", "OTHER.COM") : k5b_name(a, 2, "host", "evil.example.com");
    t.enc_part = seal(k, a, 18, server_key, 2, &k5_EncTicketPart, &tp);
    if (k->tamper == T_TICKET_SNAME)
        t.sname = k5b_name(a, 2, "krbtgt", "OTHER.COM");
    encode(&k5_Ticket, &t, &w);
    NEED(w.len <= sizeof(k->ticket));
    memcpy(k->ticket, w.data, w.len);
    k->ticket_len = w.len;
    asn1_wbuf_free(&w);

    ep.present = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 4 | 1u << 5 | 1u << 7 | 1u << 8 | 1u << 9 | 1u << 10;
    ep.key = (k5_encryption_key){3, k->session_etype,
                                 {k->session_key, set->key_size - (k->tamper == T_SESSION_LEN ? 1 : 0)}};
    ep.last_req = (k5_list){NULL, 0};
    ep.nonce = b->nonce + (k->tamper == T_NONCE ? 1 : 0);
    ep.flags = tp.flags;
    ep.authtime = tp.authtime;
    ep.endtime = k->tamper == T_TIMES ? k->now - 1 : k->tamper == T_EXPIRED ? k->now - 3600 : k->now + 36000;
    if (k->tamper == T_EXPIRED)
        ep.authtime = k->now - 7200;
    /* Renewable for a week from the logon, as renewal keeps it (RFC 4120 3.3.3). */
    ep.renew_till = tp.authtime + 7 * 86400;
    if (k->issue_authtime && k->tamper == T_RENEW_AUTHTIME)
        ep.authtime++;
    if (k->issue_authtime && k->tamper == T_RENEW_TILL)
        ep.renew_till++;
    ep.srealm = t.realm;
    ep.sname = t.sname;
    if (k->tamper == T_TICKET_SNAME)
        ep.sname = *sname;
    rep.present = 1u << 0 | 1u << 1 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 6;
    rep.pvno = 5;
    rep.msg_type = as ? (k->tamper == T_MSG_TYPE ? 13 : 11) : 13;
    rep.crealm = k->tamper == T_CREALM ? k5b_str("OTHER.COM") : *crealm;
    rep.cname = *cname;
    if (k->tamper == T_CNAME)
        rep.cname = k5b_name(a, 1, "mallory", NULL);
    if (k->tamper == T_CNAME_CASE)
        rep.cname = k5b_name(a, 1, "ALICE", NULL);
    if (reply_padata) {
        K5_SET(&rep, 2);
        rep.padata = (k5_list){(void *)reply_padata, 1};
    }
    rep.ticket = t;
    rep.enc_part = seal(k, a, reply_etype, reply_key, as ? (k->tamper == T_USAGE8 ? 8 : 3) : 8,
                        as && k->tamper != T_TGS_TAG ? &k5_EncASRepPart : &k5_EncTGSRepPart, &ep);
    if (k->tamper == T_ENC_FLIP)
        rep.enc_part.cipher.data[rep.enc_part.cipher.len / 2] ^= 0x10;
    if (k->tamper == T_REP_ETYPE)
        rep.enc_part.etype = 17;
    encode(as ? &k5_AS_REP : &k5_TGS_REP, &rep, &w);
    out = take(&w, out_len);
    if (k->tamper == T_TRUNCATE)
        (*out_len)--;
    return out;
}

static uint8_t *answer_as(fake_kdc *k, k5_arena *a, const k5_kdc_req *req, size_t *out_len)
{
    const k5_pa_data *pa = req->padata.items;
    const k5_pa_data *ts = NULL;
    const k5_octets *cn = req->req_body.cname.name_string.items;
    k5_principal_name tgs;

    k->as_requests++;
    k->last_options = req->req_body.kdc_options;
    k->last_nonce = req->req_body.nonce;
    k->last_etype_count = req->req_body.etype.count < 8 ? req->req_body.etype.count : 8;
    memcpy(k->last_etypes, req->req_body.etype.items, k->last_etype_count * sizeof(int32_t));
    for (size_t i = 0; i < req->padata.count; i++) {
        if (pa[i].padata_type == 2)
            ts = &pa[i];
        if (pa[i].padata_type == 128)
            k->pac_request_seen = 1;
    }
    if (k->error_code) {
        uint8_t ext[12] = {0}, *md = NULL, *rep;
        size_t md_len = 0;
        if (k->ext_status) {
            for (int i = 0; i < 4; i++)
                ext[i] = (uint8_t)(k->ext_status >> (8 * i));
            ext[8] = 1;
            md = method_data_with(k, 3, ext, sizeof(ext), &md_len);
        }
        rep = fake_krb_error(k, k->error_code, md, md_len, out_len);
        free(md);
        return rep;
    }
    if (req->req_body.cname.name_string.count != 1 || strcmp((char *)cn[0].data, k->user))
        return fake_krb_error(k, 6, NULL, 0, out_len);
    if (ts) {
        k5_encrypted_data ed;
        k5_pa_enc_ts_enc t;
        uint8_t *plain;
        size_t plain_len;
        k->preauth_seen++;
        if (k5_asn1_decode(&k5_EncryptedData, ts->padata_value.data, ts->padata_value.len, a, &ed) != ASN1_OK ||
            ed.etype != k->user_etype || !(plain = open_sealed(k, a, k->user_key, 1, &ed, &plain_len)) ||
            k5_asn1_decode(&k5_PA_ENC_TS_ENC, plain, plain_len, a, &t) != ASN1_OK)
            return fake_krb_error(k, 24, NULL, 0, out_len);
        if (t.patimestamp < k->now - 300 || t.patimestamp > k->now + 300)
            return fake_krb_error(k, 37, NULL, 0, out_len);
        if (k->refuse_preauth)
            return preauth_required(k, out_len);
    } else if (k->require_preauth) {
        return preauth_required(k, out_len);
    }
    tgs = k5b_name(a, 2, "krbtgt", k->realm);
    return issue(k, a, &req->req_body, 1, &req->req_body.realm, &req->req_body.cname, &tgs, k->tgt_key,
                 k->user_etype, k->user_key, out_len);
}

static int same_name(const k5_principal_name *a, const k5_principal_name *b)
{
    const k5_octets *x = a->name_string.items, *y = b->name_string.items;

    if (a->name_string.count != b->name_string.count)
        return 0;
    for (size_t i = 0; i < a->name_string.count; i++)
        if (x[i].len != y[i].len || memcmp(x[i].data, y[i].data, x[i].len))
            return 0;
    return 1;
}

/* MS-SFU 2.2.1's checksum, computed here independently of the client's code: HMAC-MD5 keyed with the session key. */
static int for_user_cksum_ok(const fake_kdc *k, const uint8_t *key, size_t key_len, const k5_pa_for_user *fu)
{
    uint8_t data[1024], ksign[16], md5[16], mac[16];
    const k5_octets *n = fu->user_name.name_string.items;
    size_t len = 8;

    data[0] = 17, data[1] = data[2] = data[3] = 0;
    for (int i = 0; i < 4; i++)
        data[4 + i] = (uint8_t)((uint32_t)fu->user_name.name_type >> (8 * i));
    for (size_t i = 0; i < fu->user_name.name_string.count; i++) {
        NEED(len + n[i].len < sizeof(data));
        memcpy(data + len, n[i].data, n[i].len);
        len += n[i].len;
    }
    NEED(len + fu->user_realm.len + fu->auth_package.len < sizeof(data));
    memcpy(data + len, fu->user_realm.data, fu->user_realm.len);
    len += fu->user_realm.len;
    memcpy(data + len, fu->auth_package.data, fu->auth_package.len);
    len += fu->auth_package.len;
    NEED(k->p->hmac(k->p->ctx, KRB5_HASH_MD5, key, key_len, (const uint8_t *)"signaturekey", 13, ksign) == 0);
    NEED(k->p->hash(k->p->ctx, KRB5_HASH_MD5, data, len, md5) == 0);
    NEED(k->p->hmac(k->p->ctx, KRB5_HASH_MD5, ksign, 16, md5, 16, mac) == 0);
    return fu->cksum.cksumtype == -138 && fu->cksum.checksum.len == 16 && !memcmp(fu->cksum.checksum.data, mac, 16);
}

/* S4U2Self: the TGT's client asks for itself on behalf of the user named in the PA-DATA. */
static uint8_t *answer_s4u(fake_kdc *k, k5_arena *a, const k5_kdc_req *req, const k5_enc_ticket_part *tp,
                           const krb5_enctype *set, const k5_pa_data *for_user, const k5_pa_data *x509,
                           size_t *out_len)
{
    k5_pa_for_user fu;
    k5_pa_s4u_x509_user xu, rx;
    k5_pa_data rpa;
    asn1_wbuf w, idw;
    const k5_principal_name *user;
    const k5_octets *realm, *un;
    uint8_t cksum[64], *out;
    const char *known = k->s4u_user ? k->s4u_user : k->user;

    k->s4u_requests++;
    if (k5_asn1_decode(&k5_PA_FOR_USER, for_user->padata_value.data, for_user->padata_value.len, a, &fu) != ASN1_OK)
        return fake_krb_error(k, 41, NULL, 0, out_len);
    k->for_user_ok = for_user_cksum_ok(k, tp->key.keyvalue.data, set->key_size, &fu);
    if (!k->for_user_ok)
        return fake_krb_error(k, 41, NULL, 0, out_len);
    user = &fu.user_name;
    realm = &fu.user_realm;
    if (x509) {
        k->x509_seen = 1;
        if (k5_asn1_decode(&k5_PA_S4U_X509_USER, x509->padata_value.data, x509->padata_value.len, a, &xu) !=
            ASN1_OK)
            return fake_krb_error(k, 41, NULL, 0, out_len);
        encode(&k5_S4UUserID, &xu.user_id, &idw);
        k->x509_ok = xu.checksum.cksumtype == set->checksum_type && xu.user_id.nonce == req->req_body.nonce &&
                     krb5_checksum_verify(k->p, set, tp->key.keyvalue.data, 26, idw.data, idw.len,
                                          xu.checksum.checksum.data, xu.checksum.checksum.len) == KRB5C_OK;
        asn1_wbuf_free(&idw);
        if (!k->x509_ok)
            return fake_krb_error(k, 41, NULL, 0, out_len);
        user = &xu.user_id.cname;
        realm = &xu.user_id.crealm;
    }
    un = user->name_string.items;
    if (user->name_string.count != 1 || un[0].len != strlen(known) || memcmp(un[0].data, known, un[0].len))
        return fake_krb_error(k, 6, NULL, 0, out_len);
    if (x509 && k->tamper != T_S4U_NO_PADATA) {
        rx = xu;
        if (k->tamper == T_S4U_NONCE)
            rx.user_id.nonce++;
        if (k->tamper == T_S4U_USER)
            rx.user_id.cname = k5b_name(a, 1, "mallory", NULL);
        encode(&k5_S4UUserID, &rx.user_id, &idw);
        NEED(set->checksum(k->p, set, tp->key.keyvalue.data, k->tamper == T_S4U_USAGE ? 26 : 27, idw.data, idw.len,
                           cksum) == KRB5C_OK);
        asn1_wbuf_free(&idw);
        if (k->tamper == T_S4U_CKSUM)
            cksum[0] ^= 1;
        rx.checksum = (k5_checksum){3, set->checksum_type, {cksum, set->checksum_size}};
        encode(&k5_PA_S4U_X509_USER, &rx, &w);
        rpa = (k5_pa_data){6, 130, {k5_arena_alloc(a, w.len), w.len}};
        NEED(rpa.padata_value.data);
        memcpy(rpa.padata_value.data, w.data, w.len);
        asn1_wbuf_free(&w);
        reply_padata = &rpa;
    }
    out = issue(k, a, &req->req_body, 0, realm, user, &req->req_body.sname, k->svc_key, tp->key.keytype,
                tp->key.keyvalue.data, out_len);
    reply_padata = NULL;
    return out;
}

static uint8_t *answer_tgs(fake_kdc *k, k5_arena *a, const k5_kdc_req *req, size_t *out_len)
{
    const k5_pa_data *pa = req->padata.items;
    const k5_octets *sn = req->req_body.sname.name_string.items;
    k5_ap_req ap;
    k5_enc_ticket_part tp;
    k5_authenticator au;
    uint8_t *plain;
    size_t plain_len;
    asn1_wbuf body;
    const krb5_enctype *set;
    int ok;

    k->tgs_requests++;
    k->last_options = req->req_body.kdc_options;
    if (!req->padata.count || pa[0].padata_type != 1 ||
        k5_asn1_decode(&k5_AP_REQ, pa[0].padata_value.data, pa[0].padata_value.len, a, &ap) != ASN1_OK ||
        !(plain = open_sealed(k, a, k->tgt_key, 2, &ap.ticket.enc_part, &plain_len)) ||
        k5_asn1_decode(&k5_EncTicketPart, plain, plain_len, a, &tp) != ASN1_OK ||
        !(set = krb5_enctype_lookup(tp.key.keytype)) ||
        !(plain = open_sealed(k, a, tp.key.keyvalue.data, 7, &ap.authenticator, &plain_len)) ||
        k5_asn1_decode(&k5_Authenticator, plain, plain_len, a, &au) != ASN1_OK || !K5_HAS(&au, 3))
        return fake_krb_error(k, 41, NULL, 0, out_len);
    encode(&k5_KDC_REQ_BODY, &req->req_body, &body);
    ok = au.cksum.cksumtype == set->checksum_type &&
         krb5_checksum_verify(k->p, set, tp.key.keyvalue.data, 6, body.data, body.len, au.cksum.checksum.data,
                              au.cksum.checksum.len) == KRB5C_OK;
    asn1_wbuf_free(&body);
    if (!ok)
        return fake_krb_error(k, 41, NULL, 0, out_len);
    k->checksum_ok = 1;
    {
        const k5_pa_data *for_user = NULL, *x509 = NULL;
        for (size_t i = 1; i < req->padata.count; i++) {
            if (pa[i].padata_type == 129)
                for_user = &pa[i];
            if (pa[i].padata_type == 130)
                x509 = &pa[i];
        }
        if (for_user) {
            if (!same_name(&req->req_body.sname, &au.cname))
                return fake_krb_error(k, 13, NULL, 0, out_len); /* S4U2Self is for oneself */
            return answer_s4u(k, a, req, &tp, set, for_user, x509, out_len);
        }
    }
    if ((req->req_body.kdc_options & 0x2) && req->req_body.sname.name_string.count == 2 &&
        !strcmp((char *)sn[0].data, "krbtgt") && !strcmp((char *)sn[1].data, k->realm)) {
        uint8_t *rep;
        if (!(tp.flags & 0x00800000)) /* not renewable: KDC_ERR_BADOPTION */
            return fake_krb_error(k, 13, NULL, 0, out_len);
        k->renewals++;
        k->issue_authtime = tp.authtime;
        rep = issue(k, a, &req->req_body, 0, &au.crealm, &au.cname, &req->req_body.sname, k->tgt_key,
                    tp.key.keytype, tp.key.keyvalue.data, out_len);
        k->issue_authtime = 0;
        return rep;
    }
    if (req->req_body.sname.name_string.count != 2 || strcmp((char *)sn[0].data, "host") ||
        strcmp((char *)sn[1].data, k->service_host))
        return fake_krb_error(k, 7, NULL, 0, out_len);
    return issue(k, a, &req->req_body, 0, &au.crealm, &au.cname, &req->req_body.sname, k->svc_key, tp.key.keytype,
                 tp.key.keyvalue.data, out_len);
}

uint8_t *fake_kdc_answer(fake_kdc *k, const uint8_t *req, size_t len, size_t *out_len)
{
    k5_arena a;
    k5_kdc_req r;
    uint8_t *out = NULL;

    *out_len = 0;
    k5_arena_init(&a);
    if (len && req[0] == 0x6A && k5_asn1_decode(&k5_AS_REQ, req, len, &a, &r) == ASN1_OK)
        out = answer_as(k, &a, &r, out_len);
    else if (len && req[0] == 0x6C && k5_asn1_decode(&k5_TGS_REQ, req, len, &a, &r) == ASN1_OK)
        out = answer_tgs(k, &a, &r, out_len);
    k5_arena_free(&a);
    return out;
}
