/* Kerberos ASN.1 (src/krb5/asn1): hand-built DER of an AS-REQ and a KRB-ERROR checked byte for byte both ways, a
 * round trip of every message type, each malformed input with its own error, every truncation, and bit flips that
 * are either refused or accepted only as canonical DER (re-encoding gives the same bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "krb5_asn1.h"

#define S(text) ((k5_octets){(uint8_t *)(text), sizeof(text) - 1})
#define LIST(array) ((k5_list){(array), sizeof(array) / sizeof((array)[0])})

/* AS-REQ for alice@EXAMPLE.COM: PA-PAC-REQUEST, options forwardable|renewable|canonicalize|renewable-ok, till
 * 20370913024805Z, nonce 0x9d2c4e11 (top bit set: a 5-octet INTEGER), etypes 18 17 23. Long-form lengths at the two
 * outer levels. */
static const uint8_t as_req_der[] = {
    0x6a, 0x81, 0x9f,                                     /* [APPLICATION 10] */
    0x30, 0x81, 0x9c,                                     /* KDC-REQ */
    0xa1, 0x03, 0x02, 0x01, 0x05,                         /* pvno 5 */
    0xa2, 0x03, 0x02, 0x01, 0x0a,                         /* msg-type 10 */
    0xa3, 0x15, 0x30, 0x13, 0x30, 0x11,                   /* padata: one PA-DATA */
    0xa1, 0x04, 0x02, 0x02, 0x00, 0x80,                   /* padata-type 128 */
    0xa2, 0x09, 0x04, 0x07, 0x30, 0x05, 0xa0, 0x03, 0x01, 0x01, 0xff,
    0xa4, 0x79, 0x30, 0x77,                               /* req-body */
    0xa0, 0x07, 0x03, 0x05, 0x00, 0x40, 0x81, 0x00, 0x10, /* kdc-options */
    0xa1, 0x12, 0x30, 0x10, 0xa0, 0x03, 0x02, 0x01, 0x01, /* cname: NT-PRINCIPAL */
    0xa1, 0x09, 0x30, 0x07, 0x1b, 0x05, 'a', 'l', 'i', 'c', 'e',
    0xa2, 0x0d, 0x1b, 0x0b, 'E', 'X', 'A', 'M', 'P', 'L', 'E', '.', 'C', 'O', 'M', /* realm */
    0xa3, 0x20, 0x30, 0x1e, 0xa0, 0x03, 0x02, 0x01, 0x02,                          /* sname: NT-SRV-INST */
    0xa1, 0x17, 0x30, 0x15, 0x1b, 0x06, 'k', 'r', 'b', 't', 'g', 't',
    0x1b, 0x0b, 'E', 'X', 'A', 'M', 'P', 'L', 'E', '.', 'C', 'O', 'M',
    0xa5, 0x11, 0x18, 0x0f, '2', '0', '3', '7', '0', '9', '1', '3', '0', '2', '4', '8', '0', '5', 'Z', /* till */
    0xa7, 0x07, 0x02, 0x05, 0x00, 0x9d, 0x2c, 0x4e, 0x11,                                           /* nonce */
    0xa8, 0x0b, 0x30, 0x09, 0x02, 0x01, 0x12, 0x02, 0x01, 0x11, 0x02, 0x01, 0x17,                   /* etype */
};

/* KRB-ERROR KDC_ERR_PREAUTH_REQUIRED (25) from krbtgt/EXAMPLE.COM, stime 20261204160000Z, susec 123456, e-data an
 * empty METHOD-DATA. */
static const uint8_t krb_error_der[] = {
    0x7e, 0x62, 0x30, 0x60,                                                        /* [APPLICATION 30] SEQUENCE */
    0xa0, 0x03, 0x02, 0x01, 0x05,                                                  /* pvno */
    0xa1, 0x03, 0x02, 0x01, 0x1e,                                                  /* msg-type 30 */
    0xa4, 0x11, 0x18, 0x0f, '2', '0', '2', '6', '1', '2', '0', '4', '1', '6', '0', '0', '0', '0', 'Z', /* stime */
    0xa5, 0x05, 0x02, 0x03, 0x01, 0xe2, 0x40,                                      /* susec */
    0xa6, 0x03, 0x02, 0x01, 0x19,                                                  /* error-code */
    0xa9, 0x0d, 0x1b, 0x0b, 'E', 'X', 'A', 'M', 'P', 'L', 'E', '.', 'C', 'O', 'M', /* realm */
    0xaa, 0x20, 0x30, 0x1e, 0xa0, 0x03, 0x02, 0x01, 0x02,                          /* sname */
    0xa1, 0x17, 0x30, 0x15, 0x1b, 0x06, 'k', 'r', 'b', 't', 'g', 't',
    0x1b, 0x0b, 'E', 'X', 'A', 'M', 'P', 'L', 'E', '.', 'C', 'O', 'M',
    0xac, 0x04, 0x04, 0x02, 0x30, 0x00, /* e-data */
};

static k5_octets alice_names[] = {{(uint8_t *)"alice", 5}};
static k5_octets krbtgt_names[] = {{(uint8_t *)"krbtgt", 6}, {(uint8_t *)"EXAMPLE.COM", 11}};
static uint8_t pac_request[] = {0x30, 0x05, 0xa0, 0x03, 0x01, 0x01, 0xff};
static int32_t etypes[] = {18, 17, 23};

static k5_principal_name principal(int32_t type, k5_octets *names, size_t count)
{
    k5_principal_name p = {0};
    p.name_type = type;
    p.name_string = (k5_list){names, count};
    return p;
}

static k5_kdc_req sample_as_req(k5_pa_data *pa)
{
    k5_kdc_req r = {0};

    pa->present = 0;
    pa->padata_type = 128;
    pa->padata_value = (k5_octets){pac_request, sizeof(pac_request)};
    r.pvno = 5;
    r.msg_type = 10;
    K5_SET(&r, 3);
    r.padata = (k5_list){pa, 1};
    r.req_body.kdc_options = 0x40810010;
    K5_SET(&r.req_body, 1);
    r.req_body.cname = principal(1, alice_names, 1);
    r.req_body.realm = S("EXAMPLE.COM");
    K5_SET(&r.req_body, 3);
    r.req_body.sname = principal(2, krbtgt_names, 2);
    r.req_body.till = 2136422885;
    r.req_body.nonce = 0x9d2c4e11;
    r.req_body.etype = LIST(etypes);
    return r;
}

static k5_krb_error sample_krb_error(void)
{
    static uint8_t empty_method_data[] = {0x30, 0x00};
    k5_krb_error e = {0};

    e.pvno = 5;
    e.msg_type = 30;
    e.stime = 1796400000;
    e.susec = 123456;
    e.error_code = 25;
    e.realm = S("EXAMPLE.COM");
    e.sname = principal(2, krbtgt_names, 2);
    K5_SET(&e, 12);
    e.e_data = (k5_octets){empty_method_data, 2};
    return e;
}

static void encode_ok(const k5_asn1_type *type, const void *in, asn1_wbuf *w)
{
    asn1_wbuf_init(w, 1 << 20);
    assert_int_equal(k5_asn1_encode(type, in, w), ASN1_OK);
}

/* Decodes der as type, re-encodes it and checks the bytes are the same (DER is canonical). */
static void assert_canonical(const k5_asn1_type *type, const uint8_t *der, size_t len)
{
    k5_arena arena;
    void *msg = calloc(1, k5_asn1_type_size(type));
    asn1_wbuf w;

    assert_non_null(msg);
    k5_arena_init(&arena);
    assert_int_equal(k5_asn1_decode(type, der, len, &arena, msg), ASN1_OK);
    encode_ok(type, msg, &w);
    assert_int_equal(w.len, len);
    assert_memory_equal(w.data, der, len);
    asn1_wbuf_free(&w);
    k5_arena_free(&arena);
    free(msg);
}

static void test_as_req_known_bytes(void **state)
{
    k5_pa_data pa;
    k5_kdc_req r = sample_as_req(&pa), d;
    k5_arena arena;
    asn1_wbuf w;
    (void)state;

    encode_ok(&k5_AS_REQ, &r, &w);
    assert_int_equal(w.len, sizeof(as_req_der));
    assert_memory_equal(w.data, as_req_der, sizeof(as_req_der));
    asn1_wbuf_free(&w);

    k5_arena_init(&arena);
    assert_int_equal(k5_asn1_decode(&k5_AS_REQ, as_req_der, sizeof(as_req_der), &arena, &d), ASN1_OK);
    assert_int_equal(d.pvno, 5);
    assert_int_equal(d.msg_type, 10);
    assert_true(K5_HAS(&d, 3));
    assert_int_equal(d.padata.count, 1);
    assert_int_equal(((k5_pa_data *)d.padata.items)[0].padata_type, 128);
    assert_int_equal(((k5_pa_data *)d.padata.items)[0].padata_value.len, sizeof(pac_request));
    assert_memory_equal(((k5_pa_data *)d.padata.items)[0].padata_value.data, pac_request, sizeof(pac_request));
    assert_int_equal(d.req_body.kdc_options, 0x40810010);
    assert_true(K5_HAS(&d.req_body, 1));
    assert_false(K5_HAS(&d.req_body, 4));
    assert_false(K5_HAS(&d.req_body, 9));
    assert_int_equal(d.req_body.cname.name_type, 1);
    assert_int_equal(d.req_body.cname.name_string.count, 1);
    assert_string_equal((char *)((k5_octets *)d.req_body.cname.name_string.items)[0].data, "alice");
    assert_string_equal((char *)d.req_body.realm.data, "EXAMPLE.COM");
    assert_int_equal(d.req_body.sname.name_string.count, 2);
    assert_string_equal((char *)((k5_octets *)d.req_body.sname.name_string.items)[1].data, "EXAMPLE.COM");
    assert_int_equal(d.req_body.till, 2136422885);
    assert_int_equal(d.req_body.nonce, 0x9d2c4e11u);
    assert_int_equal(d.req_body.etype.count, 3);
    assert_int_equal(((int32_t *)d.req_body.etype.items)[2], 23);
    k5_arena_free(&arena);

    /* The same bytes are not a TGS-REQ (application 12) nor a KRB-ERROR. */
    k5_arena_init(&arena);
    assert_int_equal(k5_asn1_decode(&k5_TGS_REQ, as_req_der, sizeof(as_req_der), &arena, &d), ASN1_ERR_UNEXPECTED_TAG);
    assert_int_equal(d.pvno, 0);
    k5_krb_error e;
    assert_int_equal(k5_asn1_decode(&k5_KRB_ERROR, as_req_der, sizeof(as_req_der), &arena, &e),
                     ASN1_ERR_UNEXPECTED_TAG);
    k5_arena_free(&arena);
}

static void test_krb_error_known_bytes(void **state)
{
    k5_krb_error e = sample_krb_error(), d;
    k5_arena arena;
    asn1_wbuf w;
    (void)state;

    encode_ok(&k5_KRB_ERROR, &e, &w);
    assert_int_equal(w.len, sizeof(krb_error_der));
    assert_memory_equal(w.data, krb_error_der, sizeof(krb_error_der));
    asn1_wbuf_free(&w);

    k5_arena_init(&arena);
    assert_int_equal(k5_asn1_decode(&k5_KRB_ERROR, krb_error_der, sizeof(krb_error_der), &arena, &d), ASN1_OK);
    assert_int_equal(d.error_code, 25);
    assert_int_equal(d.stime, 1796400000);
    assert_int_equal(d.susec, 123456);
    assert_false(K5_HAS(&d, 2));
    assert_false(K5_HAS(&d, 11));
    assert_true(K5_HAS(&d, 12));
    assert_int_equal(d.e_data.len, 2);
    assert_int_equal(d.sname.name_type, 2);
    k5_arena_free(&arena);
}

/* Every message type, with every OPTIONAL field present, through encode, decode, encode. */
static uint8_t key_bytes[16] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                                0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00};
static uint8_t cipher_bytes[200];

static k5_encrypted_data enc_data(void)
{
    k5_encrypted_data e = {0};
    e.etype = 18;
    K5_SET(&e, 1);
    e.kvno = 0xfffffffe;
    e.cipher = (k5_octets){cipher_bytes, sizeof(cipher_bytes)};
    return e;
}

static k5_ticket ticket(void)
{
    k5_ticket t = {0};
    t.tkt_vno = 5;
    t.realm = S("EXAMPLE.COM");
    t.sname = principal(2, krbtgt_names, 2);
    t.enc_part = enc_data();
    return t;
}

static k5_encryption_key key(void)
{
    k5_encryption_key k = {0};
    k.keytype = 18;
    k.keyvalue = (k5_octets){key_bytes, sizeof(key_bytes)};
    return k;
}

static k5_host_address addresses[] = {{0, 2, {(uint8_t *)"\x7f\x00\x00\x01", 4}},
                                      {0, 24, {(uint8_t *)"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16}}};
static k5_authorization_data_entry auth_data[] = {{0, 1, {(uint8_t *)"\x30\x00", 2}}};

/* encode(x) is well-formed DER, decode(encode(x)) == x, and encode(decode(bytes)) == bytes. */
static void round_trip(const k5_asn1_type *type, const void *msg)
{
    asn1_wbuf w;
    k5_arena arena;
    void *back = calloc(1, k5_asn1_type_size(type));

    assert_non_null(back);
    encode_ok(type, msg, &w);
    assert_int_equal(asn1_check_structure(w.data, w.len, ASN1_MAX_DEPTH), ASN1_OK);
    k5_arena_init(&arena);
    assert_int_equal(k5_asn1_decode(type, w.data, w.len, &arena, back), ASN1_OK);
    if (!k5_asn1_equal(type, msg, back))
        fail_msg("%s: decode(encode(x)) != x", k5_asn1_type_name(type));
    k5_arena_free(&arena);
    free(back);
    assert_canonical(type, w.data, w.len);
    asn1_wbuf_free(&w);
}

/* KRB-PRIV has no field [2]: enc-part is [3]. pvno 5, msg-type 21, EncryptedData {etype 18, cipher 01 02}. */
static const uint8_t krb_priv_der[] = {
    0x75, 0x19, 0x30, 0x17,                   /* [APPLICATION 21] SEQUENCE */
    0xa0, 0x03, 0x02, 0x01, 0x05,             /* pvno */
    0xa1, 0x03, 0x02, 0x01, 0x15,             /* msg-type 21 */
    0xa3, 0x0b, 0x30, 0x09,                   /* enc-part */
    0xa0, 0x03, 0x02, 0x01, 0x12,             /* etype 18 */
    0xa2, 0x02, 0x04, 0x00,                   /* cipher: empty */
};

/* ChangePasswdData (RFC 3244) for a set: newpasswd "pw", targname alice (NT-PRINCIPAL), targrealm "R". */
static const uint8_t change_passwd_data_der[] = {
    0x30, 0x1f,
    0xa0, 0x04, 0x04, 0x02, 'p', 'w',                         /* newpasswd */
    0xa1, 0x12, 0x30, 0x10, 0xa0, 0x03, 0x02, 0x01, 0x01,     /* targname */
    0xa1, 0x09, 0x30, 0x07, 0x1b, 0x05, 'a', 'l', 'i', 'c', 'e',
    0xa2, 0x03, 0x1b, 0x01, 'R',                              /* targrealm */
};

static void test_kpasswd_types_known_bytes(void **state)
{
    k5_arena arena;
    k5_krb_priv priv;
    k5_change_passwd_data cpd;
    asn1_wbuf w;
    (void)state;

    k5_arena_init(&arena);
    assert_int_equal(k5_asn1_decode(&k5_KRB_PRIV, krb_priv_der, sizeof(krb_priv_der), &arena, &priv), ASN1_OK);
    assert_int_equal(priv.pvno, 5);
    assert_int_equal(priv.msg_type, 21);
    assert_int_equal(priv.enc_part.etype, 18);
    assert_int_equal(priv.enc_part.cipher.len, 0);
    assert_false(K5_HAS(&priv.enc_part, 1));
    encode_ok(&k5_KRB_PRIV, &priv, &w);
    assert_int_equal(w.len, sizeof(krb_priv_der));
    assert_memory_equal(w.data, krb_priv_der, w.len);
    asn1_wbuf_free(&w);

    assert_int_equal(k5_asn1_decode(&k5_ChangePasswdData, change_passwd_data_der, sizeof(change_passwd_data_der),
                                    &arena, &cpd), ASN1_OK);
    assert_int_equal(cpd.present & 0x7, 0x7);
    assert_int_equal(cpd.newpasswd.len, 2);
    assert_memory_equal(cpd.newpasswd.data, "pw", 2);
    assert_int_equal(cpd.targname.name_type, 1);
    assert_int_equal(cpd.targname.name_string.count, 1);
    assert_int_equal(cpd.targrealm.len, 1);
    encode_ok(&k5_ChangePasswdData, &cpd, &w);
    assert_int_equal(w.len, sizeof(change_passwd_data_der));
    assert_memory_equal(w.data, change_passwd_data_der, w.len);
    asn1_wbuf_free(&w);

    /* A change (version 1) sends the password alone: neither target field. */
    k5_change_passwd_data change = {0};
    change.newpasswd = S("pw");
    encode_ok(&k5_ChangePasswdData, &change, &w);
    assert_int_equal(w.len, 8);
    assert_memory_equal(w.data, "\x30\x06", 2);
    assert_memory_equal(w.data + 2, change_passwd_data_der + 2, 6);
    asn1_wbuf_free(&w);
    k5_arena_free(&arena);
}

static void test_equal_sees_differences(void **state)
{
    k5_krb_error a = sample_krb_error(), b = sample_krb_error();
    uint8_t other[] = {0x30, 0x01};
    (void)state;

    assert_true(k5_asn1_equal(&k5_KRB_ERROR, &a, &b));
    b.present = 0; /* required fields' bits do not matter, e-data's does */
    assert_false(k5_asn1_equal(&k5_KRB_ERROR, &a, &b));
    b = sample_krb_error();
    b.e_data = (k5_octets){other, 2};
    assert_false(k5_asn1_equal(&k5_KRB_ERROR, &a, &b));
    b = sample_krb_error();
    b.e_text = S("ignored while absent");
    assert_true(k5_asn1_equal(&k5_KRB_ERROR, &a, &b));
    b.sname.name_string.count = 1;
    assert_false(k5_asn1_equal(&k5_KRB_ERROR, &a, &b));
    b = sample_krb_error();
    b.susec++;
    assert_false(k5_asn1_equal(&k5_KRB_ERROR, &a, &b));
}

static void test_every_type_round_trips(void **state)
{
    k5_ticket tickets[2];
    k5_pa_data pa;
    (void)state;

    memset(cipher_bytes, 0xa5, sizeof(cipher_bytes));
    tickets[0] = ticket();
    tickets[1] = ticket();

    k5_kdc_req tgs = sample_as_req(&pa);
    tgs.msg_type = 12;
    tgs.req_body.present = 0xfff;
    tgs.req_body.from = 0;
    tgs.req_body.rtime = 253402300799; /* 9999-12-31T23:59:59Z */
    tgs.req_body.addresses = LIST(addresses);
    tgs.req_body.enc_authorization_data = enc_data();
    tgs.req_body.additional_tickets = LIST(tickets);
    round_trip(&k5_TGS_REQ, &tgs);
    round_trip(&k5_KDC_REQ_BODY, &tgs.req_body);

    k5_kdc_rep rep = {0};
    rep.present = 0x7f;
    rep.pvno = 5;
    rep.msg_type = 11;
    rep.padata = (k5_list){&pa, 1};
    rep.crealm = S("EXAMPLE.COM");
    rep.cname = principal(1, alice_names, 1);
    rep.ticket = ticket();
    rep.enc_part = enc_data();
    round_trip(&k5_AS_REP, &rep);
    rep.msg_type = 13;
    round_trip(&k5_TGS_REP, &rep);

    k5_last_req_entry lr[] = {{0, 0, -62167219200}, {0, -6, 1796400000}};
    k5_enc_kdc_rep_part part = {0};
    part.present = 0xfff;
    part.key = key();
    part.last_req = LIST(lr);
    part.nonce = 0;
    part.key_expiration = -1;
    part.flags = 0xffffffff;
    part.srealm = S("EXAMPLE.COM");
    part.sname = principal(2, krbtgt_names, 2);
    part.caddr = LIST(addresses);
    round_trip(&k5_EncASRepPart, &part);
    round_trip(&k5_EncTGSRepPart, &part);

    k5_enc_ticket_part etp = {0};
    etp.present = 0x7ff;
    etp.flags = 0x50e10000;
    etp.key = key();
    etp.crealm = S("EXAMPLE.COM");
    etp.cname = principal(1, alice_names, 1);
    etp.transited = (k5_transited_encoding){0, 1, {(uint8_t *)"", 0}};
    etp.authtime = 951868799; /* 2000-02-29T23:59:59Z, a leap day */
    etp.caddr = LIST(addresses);
    etp.authorization_data = LIST(auth_data);
    round_trip(&k5_EncTicketPart, &etp);
    round_trip(&k5_TransitedEncoding, &etp.transited);

    k5_authenticator a = {0};
    a.present = 0x1ff;
    a.authenticator_vno = 5;
    a.crealm = S("EXAMPLE.COM");
    a.cname = principal(1, alice_names, 1);
    a.cksum = (k5_checksum){0, 0x8003, {key_bytes, 16}};
    a.cusec = 999999;
    a.ctime = 1796400000;
    a.subkey = key();
    a.seq_number = 0x80000000u;
    a.authorization_data = LIST(auth_data);
    round_trip(&k5_Authenticator, &a);
    round_trip(&k5_Checksum, &a.cksum);

    k5_ap_req ap = {0};
    ap.pvno = 5;
    ap.msg_type = 14;
    ap.ap_options = 0x20000000;
    ap.ticket = ticket();
    ap.authenticator = enc_data();
    round_trip(&k5_AP_REQ, &ap);
    round_trip(&k5_Ticket, &ap.ticket);
    round_trip(&k5_EncryptedData, &ap.authenticator);

    k5_krb_error e = sample_krb_error();
    e.present = 0x1fff;
    e.ctime = 1;
    e.cusec = 0;
    e.crealm = S("EXAMPLE.COM");
    e.cname = principal(1, alice_names, 1);
    e.e_text = S("NEEDED_PREAUTH");
    round_trip(&k5_KRB_ERROR, &e);

    k5_etype_info2_entry info[] = {{0x7, 18, S("EXAMPLE.COMalice"), {(uint8_t *)"\0\0\x10\0", 4}}, {0, 23, {0}, {0}}};
    k5_sequence_of info2 = {1, LIST(info)};
    round_trip(&k5_ETYPE_INFO2, &info2);
    round_trip(&k5_ETYPE_INFO2_ENTRY, &info[0]);

    k5_pa_enc_ts_enc ts = {0x3, 1796400000, 42};
    round_trip(&k5_PA_ENC_TS_ENC, &ts);

    k5_krb_cred_info ci = {0};
    ci.present = 0x7ff;
    ci.key = key();
    ci.prealm = S("EXAMPLE.COM");
    ci.pname = principal(1, alice_names, 1);
    ci.flags = 0x40e00000;
    ci.authtime = 1796400000;
    ci.starttime = 1796400000;
    ci.endtime = 1796436000;
    ci.renew_till = 1797004800;
    ci.srealm = S("EXAMPLE.COM");
    ci.sname = principal(2, krbtgt_names, 2);
    ci.caddr = LIST(addresses);
    round_trip(&k5_KrbCredInfo, &ci);
    k5_enc_krb_cred_part ecp = {0};
    ecp.present = 0x3f;
    ecp.ticket_info = (k5_list){&ci, 1};
    ecp.nonce = 7;
    ecp.timestamp = 1796400000;
    ecp.usec = 5;
    ecp.s_address = addresses[0];
    ecp.r_address = addresses[1];
    round_trip(&k5_EncKrbCredPart, &ecp);
    k5_krb_cred cred = {0};
    cred.pvno = 5;
    cred.msg_type = 22;
    cred.tickets = LIST(tickets);
    cred.enc_part = enc_data();
    round_trip(&k5_KRB_CRED, &cred);

    k5_ap_rep aprep = {0};
    aprep.pvno = 5;
    aprep.msg_type = 15;
    aprep.enc_part = enc_data();
    round_trip(&k5_AP_REP, &aprep);
    k5_enc_ap_rep_part arp = {0};
    arp.present = 0xf;
    arp.ctime = 1796400000;
    arp.cusec = 999999;
    arp.subkey = key();
    arp.seq_number = 0xffffffffu;
    round_trip(&k5_EncAPRepPart, &arp);
    arp.present = 0; /* both OPTIONAL fields absent */
    round_trip(&k5_EncAPRepPart, &arp);
    k5_krb_priv priv = {0};
    priv.pvno = 5;
    priv.msg_type = 21;
    priv.enc_part = enc_data();
    round_trip(&k5_KRB_PRIV, &priv);
    k5_enc_krb_priv_part epp = {0};
    epp.present = 0x3f;
    epp.user_data = S("\x00\x01user data");
    epp.timestamp = 1796400000;
    epp.usec = 17;
    epp.seq_number = 0x80000000u;
    epp.s_address = addresses[0];
    epp.r_address = addresses[1];
    round_trip(&k5_EncKrbPrivPart, &epp);
    epp.present = 0x1; /* user-data alone, as some senders do without an address */
    round_trip(&k5_EncKrbPrivPart, &epp);
    k5_change_passwd_data cpd = {0};
    cpd.present = 0x7;
    cpd.newpasswd = S("N3w-Passw0rd");
    cpd.targname = principal(1, alice_names, 1);
    cpd.targrealm = S("EXAMPLE.COM");
    round_trip(&k5_ChangePasswdData, &cpd);

    k5_sequence_of lists[4] = {{1, LIST(addresses)}, {1, LIST(auth_data)}, {1, LIST(lr)}, {1, {&pa, 1}}};
    round_trip(&k5_HostAddresses, &lists[0]);
    round_trip(&k5_AuthorizationData, &lists[1]);
    round_trip(&k5_LastReq, &lists[2]);
    round_trip(&k5_METHOD_DATA, &lists[3]);
    round_trip(&k5_HostAddress, &addresses[1]);
    round_trip(&k5_PA_DATA, &pa);
    k5_encryption_key k = key();
    round_trip(&k5_EncryptionKey, &k);
    k5_principal_name empty = principal(10, NULL, 0); /* an empty SEQUENCE OF stays one */
    round_trip(&k5_PrincipalName, &empty);
}

typedef struct malformed {
    const char *what;
    const k5_asn1_type *type;
    const uint8_t *der;
    size_t len;
    asn1_status expect;
} malformed;

#define BYTES(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})
/* PrincipalName {1, ["a"]} with a replaceable name-type INTEGER. */
#define PN_WITH_TYPE(...) \
    BYTES(0x30, sizeof((const uint8_t[]){__VA_ARGS__}) + 9, 0xa0, sizeof((const uint8_t[]){__VA_ARGS__}), \
          __VA_ARGS__, 0xa1, 0x05, 0x30, 0x03, 0x1b, 0x01, 'a')
#define TS(...) BYTES(0x30, 0x13, 0xa0, 0x11, 0x18, 0x0f, __VA_ARGS__)

static void test_malformed_inputs(void **state)
{
    const malformed cases[] = {
        {"empty input", &k5_PrincipalName, (const uint8_t[]){0}, 0, ASN1_ERR_TRUNCATED},
        {"header cut", &k5_PrincipalName, BYTES(0x30), ASN1_ERR_TRUNCATED},
        {"length octets cut", &k5_PrincipalName, BYTES(0x30, 0x82, 0x01), ASN1_ERR_TRUNCATED},
        {"indefinite length", &k5_KRB_ERROR, BYTES(0x7e, 0x80, 0x30, 0x80, 0x00, 0x00, 0x00, 0x00),
         ASN1_ERR_INDEFINITE_LENGTH},
        {"long form for a short length", &k5_PrincipalName,
         BYTES(0x30, 0x81, 0x0d, 0xa0, 0x03, 0x02, 0x01, 0x01, 0xa1, 0x06, 0x30, 0x04, 0x1b, 0x02, 'a', 'b'),
         ASN1_ERR_NONMINIMAL_LENGTH},
        {"leading zero length octet", &k5_PrincipalName, BYTES(0x30, 0x82, 0x00, 0x85), ASN1_ERR_NONMINIMAL_LENGTH},
        {"five length octets", &k5_PrincipalName, BYTES(0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00),
         ASN1_ERR_LENGTH_TOO_BIG},
        {"length past the end", &k5_PrincipalName, BYTES(0x30, 0x10, 0xa0, 0x03, 0x02, 0x01, 0x01),
         ASN1_ERR_LENGTH_PAST_END},
        {"inner length past its container", &k5_PrincipalName,
         BYTES(0x30, 0x05, 0xa0, 0x05, 0x02, 0x01, 0x01), ASN1_ERR_LENGTH_PAST_END},
        {"high tag number form", &k5_PrincipalName, BYTES(0x3f, 0x22, 0x00), ASN1_ERR_HIGH_TAG},
        {"wrong universal tag", &k5_PrincipalName, BYTES(0x31, 0x00), ASN1_ERR_UNEXPECTED_TAG},
        {"wrong application tag", &k5_AS_REQ, BYTES(0x6c, 0x02, 0x30, 0x00), ASN1_ERR_UNEXPECTED_TAG},
        {"application tag on a plain SEQUENCE type", &k5_PrincipalName, BYTES(0x61, 0x02, 0x30, 0x00),
         ASN1_ERR_UNEXPECTED_TAG},
        {"primitive SEQUENCE", &k5_PrincipalName, BYTES(0x10, 0x00), ASN1_ERR_WRONG_FORM},
        {"primitive context tag", &k5_PrincipalName, BYTES(0x30, 0x03, 0x80, 0x01, 0x01), ASN1_ERR_WRONG_FORM},
        {"constructed OCTET STRING", &k5_EncryptionKey,
         BYTES(0x30, 0x0b, 0xa0, 0x03, 0x02, 0x01, 0x12, 0xa1, 0x04, 0x24, 0x02, 0x04, 0x00), ASN1_ERR_WRONG_FORM},
        {"Int32 out of range", &k5_PrincipalName, PN_WITH_TYPE(0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00),
         ASN1_ERR_INTEGER_RANGE},
        {"Int32 just above", &k5_PrincipalName, PN_WITH_TYPE(0x02, 0x05, 0x00, 0x80, 0x00, 0x00, 0x00),
         ASN1_ERR_INTEGER_RANGE},
        {"INTEGER non-minimal zero", &k5_PrincipalName, PN_WITH_TYPE(0x02, 0x02, 0x00, 0x01),
         ASN1_ERR_INTEGER_ENCODING},
        {"INTEGER non-minimal minus one", &k5_PrincipalName, PN_WITH_TYPE(0x02, 0x02, 0xff, 0xff),
         ASN1_ERR_INTEGER_ENCODING},
        {"empty INTEGER", &k5_PrincipalName, BYTES(0x30, 0x0b, 0xa0, 0x02, 0x02, 0x00, 0xa1, 0x05, 0x30, 0x03, 0x1b,
                                                   0x01, 'a'),
         ASN1_ERR_INTEGER_ENCODING},
        {"negative UInt32 (kvno)", &k5_EncryptedData,
         BYTES(0x30, 0x0e, 0xa0, 0x03, 0x02, 0x01, 0x12, 0xa1, 0x03, 0x02, 0x01, 0xff, 0xa2, 0x02, 0x04, 0x00),
         ASN1_ERR_INTEGER_RANGE},
        {"UInt32 above 2^32-1", &k5_EncryptedData,
         BYTES(0x30, 0x12, 0xa0, 0x03, 0x02, 0x01, 0x12, 0xa1, 0x07, 0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0xa2,
               0x02, 0x04, 0x00),
         ASN1_ERR_INTEGER_RANGE},
        {"Microseconds 1000000", &k5_PA_ENC_TS_ENC,
         BYTES(0x30, 0x1a, 0xa0, 0x11, 0x18, 0x0f, '2', '0', '2', '6', '1', '2', '0', '4', '1', '6', '0', '0', '0',
               '0', 'Z', 0xa1, 0x05, 0x02, 0x03, 0x0f, 0x42, 0x40),
         ASN1_ERR_INTEGER_RANGE},
        {"time: month 13", &k5_PA_ENC_TS_ENC, TS('2', '0', '2', '6', '1', '3', '0', '4', '1', '6', '0', '0', '0', '0',
                                                 'Z'),
         ASN1_ERR_BAD_TIME},
        {"time: 29 February of a common year", &k5_PA_ENC_TS_ENC,
         TS('2', '0', '2', '6', '0', '2', '2', '9', '0', '0', '0', '0', '0', '0', 'Z'), ASN1_ERR_BAD_TIME},
        {"time: leap second", &k5_PA_ENC_TS_ENC,
         TS('2', '0', '1', '6', '1', '2', '3', '1', '2', '3', '5', '9', '6', '0', 'Z'), ASN1_ERR_BAD_TIME},
        {"time: hour 24", &k5_PA_ENC_TS_ENC, TS('2', '0', '2', '6', '1', '2', '0', '4', '2', '4', '0', '0', '0', '0',
                                                'Z'),
         ASN1_ERR_BAD_TIME},
        {"time: local, no Z", &k5_PA_ENC_TS_ENC,
         TS('2', '0', '2', '6', '1', '2', '0', '4', '1', '6', '0', '0', '0', '0', '0'), ASN1_ERR_BAD_TIME},
        {"time: sign in a digit", &k5_PA_ENC_TS_ENC,
         TS('2', '0', '2', '6', '1', '2', '0', '4', '1', '6', '0', '0', '-', '1', 'Z'), ASN1_ERR_BAD_TIME},
        {"time: fraction of a second", &k5_PA_ENC_TS_ENC,
         BYTES(0x30, 0x15, 0xa0, 0x13, 0x18, 0x11, '2', '0', '2', '6', '1', '2', '0', '4', '1', '6', '0', '0', '0',
               '0', '.', '5', 'Z'),
         ASN1_ERR_BAD_TIME},
        {"KerberosFlags of 24 bits", &k5_AP_REQ,
         BYTES(0x6e, 0x14, 0x30, 0x12, 0xa0, 0x03, 0x02, 0x01, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x0e, 0xa2, 0x06, 0x03,
               0x04, 0x00, 0x20, 0x00, 0x00),
         ASN1_ERR_BAD_BIT_STRING},
        {"KerberosFlags with unused bits", &k5_AP_REQ,
         BYTES(0x6e, 0x15, 0x30, 0x13, 0xa0, 0x03, 0x02, 0x01, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x0e, 0xa2, 0x07, 0x03,
               0x05, 0x01, 0x20, 0x00, 0x00, 0x00),
         ASN1_ERR_BAD_BIT_STRING},
        {"NUL inside a KerberosString", &k5_PrincipalName,
         BYTES(0x30, 0x0e, 0xa0, 0x03, 0x02, 0x01, 0x01, 0xa1, 0x07, 0x30, 0x05, 0x1b, 0x03, 'a', 0x00, 'b'),
         ASN1_ERR_BAD_STRING},
        {"required field missing", &k5_PrincipalName, BYTES(0x30, 0x05, 0xa0, 0x03, 0x02, 0x01, 0x01),
         ASN1_ERR_MISSING_FIELD},
        {"fields out of order", &k5_PrincipalName,
         BYTES(0x30, 0x0c, 0xa1, 0x05, 0x30, 0x03, 0x1b, 0x01, 'a', 0xa0, 0x03, 0x02, 0x01, 0x01),
         ASN1_ERR_MISSING_FIELD},
        {"unknown field", &k5_PrincipalName,
         BYTES(0x30, 0x0e, 0xa0, 0x03, 0x02, 0x01, 0x01, 0xa1, 0x05, 0x30, 0x03, 0x1b, 0x01, 'a', 0xa2, 0x00),
         ASN1_ERR_UNEXPECTED_TAG},
        {"two values in one [n]", &k5_PrincipalName,
         BYTES(0x30, 0x0f, 0xa0, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0xa1, 0x05, 0x30, 0x03, 0x1b, 0x01, 'a'),
         ASN1_ERR_TRAILING_DATA},
        {"bytes after the message", &k5_PrincipalName,
         BYTES(0x30, 0x0c, 0xa0, 0x03, 0x02, 0x01, 0x01, 0xa1, 0x05, 0x30, 0x03, 0x1b, 0x01, 'a', 0x00),
         ASN1_ERR_TRAILING_DATA},
        {"two SEQUENCEs in an application tag", &k5_Ticket, BYTES(0x61, 0x04, 0x30, 0x00, 0x30, 0x00),
         ASN1_ERR_TRAILING_DATA},
    };
    (void)state;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const malformed *c = &cases[i];
        size_t size = k5_asn1_type_size(c->type);
        uint8_t *msg = malloc(size), *zero = calloc(1, size);
        k5_arena arena;
        asn1_status st;

        assert_non_null(msg);
        assert_non_null(zero);
        memset(msg, 0x5a, size);
        k5_arena_init(&arena);
        st = k5_asn1_decode(c->type, c->der, c->len, &arena, msg);
        if (st != c->expect)
            fail_msg("%s: got %s, expected %s", c->what, asn1_status_name(st), asn1_status_name(c->expect));
        assert_memory_equal(msg, zero, size); /* cleared on failure */
        k5_arena_free(&arena);
        free(msg);
        free(zero);
    }
}

static void test_depth_bomb(void **state)
{
    asn1_wbuf w;
    size_t opened[200];
    (void)state;

    asn1_wbuf_init(&w, 1 << 16);
    for (size_t i = 0; i < 200; i++)
        opened[i] = asn1_write_open(&w, ASN1_CLASS_UNIVERSAL, ASN1_TAG_SEQUENCE);
    for (size_t i = 200; i-- > 0;)
        asn1_write_close(&w, opened[i]);
    assert_int_equal(w.error, ASN1_OK);
    assert_int_equal(asn1_check_structure(w.data, w.len, ASN1_MAX_DEPTH), ASN1_ERR_DEPTH);
    assert_int_equal(asn1_check_structure(w.data, w.len, 200), ASN1_OK);
    /* As a message it is refused by the schema long before the depth would matter. */
    k5_arena arena;
    k5_krb_cred cred;
    k5_arena_init(&arena);
    assert_int_equal(k5_asn1_decode(&k5_KRB_CRED, w.data, w.len, &arena, &cred), ASN1_ERR_UNEXPECTED_TAG);
    k5_arena_free(&arena);
    asn1_wbuf_free(&w);
}

static void test_encoder_refusals(void **state)
{
    k5_krb_error e = sample_krb_error();
    asn1_wbuf w;
    (void)state;

    e.susec = 1000000;
    asn1_wbuf_init(&w, 4096);
    assert_int_equal(k5_asn1_encode(&k5_KRB_ERROR, &e, &w), ASN1_ERR_INVALID_VALUE);
    asn1_wbuf_free(&w);

    e = sample_krb_error();
    e.stime = 253402300800; /* year 10000 */
    asn1_wbuf_init(&w, 4096);
    assert_int_equal(k5_asn1_encode(&k5_KRB_ERROR, &e, &w), ASN1_ERR_INVALID_VALUE);
    asn1_wbuf_free(&w);

    e = sample_krb_error();
    e.realm = (k5_octets){(uint8_t *)"EX\0AMPLE", 8};
    asn1_wbuf_init(&w, 4096);
    assert_int_equal(k5_asn1_encode(&k5_KRB_ERROR, &e, &w), ASN1_ERR_INVALID_VALUE);
    asn1_wbuf_free(&w);

    e = sample_krb_error();
    asn1_wbuf_init(&w, sizeof(krb_error_der) - 1);
    assert_int_equal(k5_asn1_encode(&k5_KRB_ERROR, &e, &w), ASN1_ERR_TOO_LARGE);
    asn1_wbuf_free(&w);
    asn1_wbuf_init(&w, sizeof(krb_error_der));
    assert_int_equal(k5_asn1_encode(&k5_KRB_ERROR, &e, &w), ASN1_OK);
    assert_int_equal(w.len, sizeof(krb_error_der));
    asn1_wbuf_free(&w);
}

static void test_time_edges(void **state)
{
    static const struct {
        const char *text;
        int64_t t;
    } cases[] = {
        {"19700101000000Z", 0},
        {"19691231235959Z", -1},
        {"00000101000000Z", -62167219200},
        {"99991231235959Z", 253402300799},
        {"20000229235959Z", 951868799},
        {"20371231235959Z", 2145916799},
        {"20380119031408Z", 2147483648},
    };
    (void)state;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t t;
        asn1_wbuf w;
        assert_int_equal(asn1_decode_time((const uint8_t *)cases[i].text, 15, &t), ASN1_OK);
        assert_int_equal(t, cases[i].t);
        asn1_wbuf_init(&w, 64);
        asn1_write_time(&w, cases[i].t);
        assert_int_equal(w.error, ASN1_OK);
        assert_int_equal(w.len, 17);
        assert_memory_equal(w.data + 2, cases[i].text, 15);
        asn1_wbuf_free(&w);
    }
    for (int64_t v = -300; v <= 300; v++) {
        int64_t back;
        asn1_wbuf w;
        asn1_wbuf_init(&w, 64);
        asn1_write_int64(&w, v * 1000003);
        assert_int_equal(asn1_decode_int64(w.data + 2, w.len - 2, &back), ASN1_OK);
        assert_int_equal(back, v * 1000003);
        asn1_wbuf_free(&w);
    }
}

static void every_truncation_fails(const k5_asn1_type *type, const uint8_t *der, size_t len)
{
    for (size_t n = 0; n < len; n++) {
        uint8_t *copy = malloc(n ? n : 1); /* exact size, so ASan sees any read past the cut */
        k5_arena arena;
        void *msg = malloc(k5_asn1_type_size(type));
        asn1_status st;

        assert_non_null(copy);
        assert_non_null(msg);
        memcpy(copy, der, n);
        k5_arena_init(&arena);
        st = k5_asn1_decode(type, copy, n, &arena, msg);
        if (st != ASN1_ERR_TRUNCATED && st != ASN1_ERR_LENGTH_PAST_END)
            fail_msg("%s cut at %zu: %s", k5_asn1_type_name(type), n, asn1_status_name(st));
        k5_arena_free(&arena);
        free(msg);
        free(copy);
    }
}

static void every_bit_flip_is_safe(const k5_asn1_type *type, const uint8_t *der, size_t len)
{
    uint8_t *copy = malloc(len);

    assert_non_null(copy);
    for (size_t bit = 0; bit < len * 8; bit++) {
        k5_arena arena;
        void *msg = malloc(k5_asn1_type_size(type));
        assert_non_null(msg);
        memcpy(copy, der, len);
        copy[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        k5_arena_init(&arena);
        if (k5_asn1_decode(type, copy, len, &arena, msg) == ASN1_OK) {
            asn1_wbuf w;
            encode_ok(type, msg, &w);
            if (w.len != len || memcmp(w.data, copy, len))
                fail_msg("%s bit %zu accepted but not canonical", k5_asn1_type_name(type), bit);
            asn1_wbuf_free(&w);
        }
        k5_arena_free(&arena);
        free(msg);
    }
    free(copy);
}

static void test_truncations_and_bit_flips(void **state)
{
    k5_ticket t = ticket();
    k5_krb_cred cred = {0};
    asn1_wbuf w;
    (void)state;

    memset(cipher_bytes, 0xa5, sizeof(cipher_bytes));
    cred.pvno = 5;
    cred.msg_type = 22;
    cred.tickets = (k5_list){&t, 1};
    cred.enc_part = enc_data();
    encode_ok(&k5_KRB_CRED, &cred, &w);

    every_truncation_fails(&k5_AS_REQ, as_req_der, sizeof(as_req_der));
    every_truncation_fails(&k5_KRB_ERROR, krb_error_der, sizeof(krb_error_der));
    every_truncation_fails(&k5_KRB_CRED, w.data, w.len);
    every_bit_flip_is_safe(&k5_AS_REQ, as_req_der, sizeof(as_req_der));
    every_bit_flip_is_safe(&k5_KRB_ERROR, krb_error_der, sizeof(krb_error_der));
    every_bit_flip_is_safe(&k5_KRB_CRED, w.data, w.len);
    asn1_wbuf_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_as_req_known_bytes),
        cmocka_unit_test(test_krb_error_known_bytes),
        cmocka_unit_test(test_kpasswd_types_known_bytes),
        cmocka_unit_test(test_every_type_round_trips),
        cmocka_unit_test(test_equal_sees_differences),
        cmocka_unit_test(test_malformed_inputs),
        cmocka_unit_test(test_depth_bomb),
        cmocka_unit_test(test_encoder_refusals),
        cmocka_unit_test(test_time_edges),
        cmocka_unit_test(test_truncations_and_bit_flips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
