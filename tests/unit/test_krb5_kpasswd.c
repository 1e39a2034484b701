/* RFC 3244 change/set password (src/krb5/proto/k5p_kpasswd.c) against a fake kpasswd server built with the project's
 * codec and enctypes: what the server reads out of the request (the password under the subkey, the target of a set,
 * the sequence number), each result code, a KRB-ERROR answer, and replies that must not be believed (an AP-REP for
 * another authenticator, a KRB-PRIV under the wrong key, every truncation, bad frame lengths). OpenSSL crypto. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "k5kpasswd.h"
#include "k5p_internal.h"
#include "k5p_status.h"
#include "krb5_openssl.h"

#define NOW 1700000000

static uint8_t session_key[32];
static kcc_data alice_component = {(uint8_t *)"alice", 5};
static kcc_data bob_component = {(uint8_t *)"bob", 3};

typedef enum { SERVE, WRONG_CTIME, PRIV_UNDER_SESSION_KEY, ERROR_ONLY, WRONG_SEQ } server_mode;

/* What the fake server saw and how it answers. */
typedef struct fake_server {
    server_mode mode;
    int result_code;
    uint16_t version;
    uint8_t password[64];
    size_t password_len;
    int has_target;
    char target_name[16], target_realm[16];
} fake_server;

static int64_t fake_now(void *ctx, int32_t *usec)
{
    (void)ctx;
    *usec = 424242;
    return NOW;
}

static k5p_env env(void)
{
    return (k5p_env){krb5_openssl_primitives(), fake_now, NULL};
}

static kcc_principal alice(void)
{
    kcc_principal p = {1, {(uint8_t *)"EXAMPLE.COM", 11}, 1, &alice_component};
    return p;
}

/* A ticket for kadmin/changepw: its encrypted part is opaque to the client, so any bytes do. */
static kcc_cred changepw_cred(asn1_wbuf *ticket_der)
{
    static k5_octets names[] = {{(uint8_t *)"kadmin", 6}, {(uint8_t *)"changepw", 8}};
    static uint8_t cipher[40];
    k5_ticket t = {0};
    kcc_cred c;

    for (size_t i = 0; i < sizeof(session_key); i++)
        session_key[i] = (uint8_t)(i * 7 + 1);
    t.tkt_vno = 5;
    t.realm = (k5_octets){(uint8_t *)"EXAMPLE.COM", 11};
    t.sname = (k5_principal_name){0, 2, {names, 2}};
    t.enc_part = (k5_encrypted_data){0, 18, 0, {cipher, sizeof(cipher)}};
    asn1_wbuf_init(ticket_der, 1 << 16);
    assert_int_equal(k5_asn1_encode(&k5_Ticket, &t, ticket_der), ASN1_OK);
    memset(&c, 0, sizeof(c));
    c.client = alice();
    c.enctype = 18;
    c.key = (kcc_data){session_key, sizeof(session_key)};
    c.ticket = (kcc_data){ticket_der->data, (uint32_t)ticket_der->len};
    return c;
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

static void encrypt_to(const k5p_env *e, const uint8_t *key, uint32_t usage, const k5_asn1_type *type,
                       const void *msg, k5_arena *a, k5_encrypted_data *out)
{
    asn1_wbuf w;

    asn1_wbuf_init(&w, 1 << 16);
    assert_int_equal(k5_asn1_encode(type, msg, &w), ASN1_OK);
    assert_int_equal(k5p_encrypt(e->prims, 18, key, 32, usage, w.data, w.len, a, out), K5P_OK);
    asn1_wbuf_free(&w);
}

/* Reads the request as a server holding the session key would, records what it found, and answers per mode. */
static size_t serve(fake_server *s, const uint8_t *req, size_t len, uint8_t *out, size_t out_size)
{
    k5p_env e = env();
    k5_arena a;
    k5_ap_req ap;
    k5_authenticator auth;
    k5_krb_priv priv;
    k5_enc_krb_priv_part part;
    uint8_t *plain;
    size_t plain_len, ap_len, at;
    asn1_wbuf aprep_w, priv_w;

    k5_arena_init(&a);
    assert_true(len >= 6);
    assert_int_equal(get16(req), len);
    s->version = (uint16_t)get16(req + 2);
    ap_len = get16(req + 4);
    assert_true(ap_len <= len - 6);
    assert_int_equal(k5_asn1_decode(&k5_AP_REQ, req + 6, ap_len, &a, &ap), ASN1_OK);
    assert_int_equal(k5p_decrypt(e.prims, 18, session_key, 32, 11, &ap.authenticator, &a, &plain, &plain_len),
                     K5P_OK);
    assert_int_equal(k5_asn1_decode(&k5_Authenticator, plain, plain_len, &a, &auth), ASN1_OK);
    assert_true(K5_HAS(&auth, 6) && K5_HAS(&auth, 7));
    assert_int_equal(auth.subkey.keytype, 18);
    assert_int_equal(auth.subkey.keyvalue.len, 32);
    assert_memory_not_equal(auth.subkey.keyvalue.data, session_key, 32);
    assert_int_equal(auth.ctime, NOW);
    assert_int_equal(auth.cusec, 424242);
    assert_int_equal(k5_asn1_decode(&k5_KRB_PRIV, req + 6 + ap_len, len - 6 - ap_len, &a, &priv), ASN1_OK);
    assert_int_equal(k5p_decrypt(e.prims, 18, auth.subkey.keyvalue.data, 32, 13, &priv.enc_part, &a, &plain,
                                 &plain_len), K5P_OK);
    assert_int_equal(k5_asn1_decode(&k5_EncKrbPrivPart, plain, plain_len, &a, &part), ASN1_OK);
    assert_true(K5_HAS(&part, 3));
    assert_int_equal(part.seq_number, auth.seq_number);
    assert_true(K5_HAS(&part, 4));
    assert_int_equal(part.s_address.addr_type, 2);
    assert_memory_equal(part.s_address.address.data, "\x7f\0\0\1", 4);
    if (s->version == K5KP_VERSION_SET) {
        k5_change_passwd_data cpd;
        assert_int_equal(k5_asn1_decode(&k5_ChangePasswdData, part.user_data.data, part.user_data.len, &a, &cpd),
                         ASN1_OK);
        assert_true(cpd.newpasswd.len <= sizeof(s->password));
        memcpy(s->password, cpd.newpasswd.data, cpd.newpasswd.len);
        s->password_len = cpd.newpasswd.len;
        s->has_target = K5_HAS(&cpd, 1);
        if (s->has_target) {
            k5_octets *n = cpd.targname.name_string.items;
            assert_int_equal(cpd.targname.name_string.count, 1);
            assert_true(n[0].len < sizeof(s->target_name) && cpd.targrealm.len < sizeof(s->target_realm));
            memcpy(s->target_name, n[0].data, n[0].len);
            memcpy(s->target_realm, cpd.targrealm.data, cpd.targrealm.len);
        }
    } else {
        assert_true(part.user_data.len <= sizeof(s->password));
        memcpy(s->password, part.user_data.data, part.user_data.len);
        s->password_len = part.user_data.len;
    }

    uint8_t result[2 + 10];
    put16(result, (size_t)s->result_code);
    memcpy(result + 2, "fake words", 10);
    asn1_wbuf_init(&aprep_w, 1 << 16);
    asn1_wbuf_init(&priv_w, 1 << 16);
    if (s->mode == ERROR_ONLY) {
        k5_krb_error err = {0};
        static k5_octets names[] = {{(uint8_t *)"kadmin", 6}, {(uint8_t *)"changepw", 8}};
        err.pvno = 5;
        err.msg_type = 30;
        err.stime = NOW;
        err.error_code = 41; /* KRB_AP_ERR_MODIFIED */
        err.realm = (k5_octets){(uint8_t *)"EXAMPLE.COM", 11};
        err.sname = (k5_principal_name){0, 2, {names, 2}};
        K5_SET(&err, 12);
        err.e_data = (k5_octets){result, sizeof(result)};
        assert_int_equal(k5_asn1_encode(&k5_KRB_ERROR, &err, &priv_w), ASN1_OK);
    } else {
        k5_enc_ap_rep_part arp = {0};
        k5_ap_rep rep = {0};
        k5_enc_krb_priv_part rpart = {0};
        k5_krb_priv rpriv = {0};
        arp.present = 1u << 3;
        arp.ctime = s->mode == WRONG_CTIME ? NOW - 1 : auth.ctime;
        arp.cusec = auth.cusec;
        arp.seq_number = 77;
        encrypt_to(&e, session_key, 12, &k5_EncAPRepPart, &arp, &a, &rep.enc_part);
        rep.pvno = 5;
        rep.msg_type = 15;
        assert_int_equal(k5_asn1_encode(&k5_AP_REP, &rep, &aprep_w), ASN1_OK);
        rpart.present = 1u << 0 | 1u << 3 | 1u << 4;
        rpart.user_data = (k5_octets){result, sizeof(result)};
        rpart.seq_number = s->mode == WRONG_SEQ ? 78 : 77;
        rpart.s_address = (k5_host_address){0, 2, {(uint8_t *)"\x7f\0\0\1", 4}};
        encrypt_to(&e, s->mode == PRIV_UNDER_SESSION_KEY ? session_key : auth.subkey.keyvalue.data, 13,
                   &k5_EncKrbPrivPart, &rpart, &a, &rpriv.enc_part);
        rpriv.pvno = 5;
        rpriv.msg_type = 21;
        assert_int_equal(k5_asn1_encode(&k5_KRB_PRIV, &rpriv, &priv_w), ASN1_OK);
    }
    at = 6 + aprep_w.len + priv_w.len;
    assert_true(at <= out_size);
    put16(out, at);
    put16(out + 2, 1);
    put16(out + 4, aprep_w.len);
    if (aprep_w.len) /* none before a KRB-ERROR */
        memcpy(out + 6, aprep_w.data, aprep_w.len);
    memcpy(out + 6 + aprep_w.len, priv_w.data, priv_w.len);
    asn1_wbuf_free(&aprep_w);
    asn1_wbuf_free(&priv_w);
    k5_arena_free(&a);
    return at;
}

static const uint8_t new_password[] = "N3w-Passw0rd!";

/* One exchange: build, serve, process. Returns the process result; the reply is left in reply/reply_len. */
static k5p_result exchange(fake_server *s, uint16_t version, const kcc_principal *target, int32_t *code,
                           int32_t *krb_error, uint8_t *reply, size_t *reply_len, size_t reply_size)
{
    k5p_env e = env();
    asn1_wbuf ticket, req;
    kcc_cred cred = changepw_cred(&ticket);
    k5kp_request_params p = {0};
    k5kp_state st;
    k5p_result rc;

    p.cred = &cred;
    p.version = version;
    p.new_password = new_password;
    p.new_password_len = sizeof(new_password) - 1;
    p.target = target;
    p.s_addr_type = 2;
    p.s_addr = (const uint8_t *)"\x7f\0\0\1";
    p.s_addr_len = 4;
    asn1_wbuf_init(&req, 1 << 16);
    assert_int_equal(k5kp_build_request(&e, &p, &st, &req), K5P_OK);
    /* The password never leaves in the clear. */
    for (size_t i = 0; i + p.new_password_len <= req.len; i++)
        assert_memory_not_equal(req.data + i, new_password, p.new_password_len);
    *reply_len = serve(s, req.data, req.len, reply, reply_size);
    rc = k5kp_process_reply(&e, &st, reply, *reply_len, code, krb_error);
    k5kp_state_wipe(&st);
    asn1_wbuf_free(&req);
    asn1_wbuf_free(&ticket);
    return rc;
}

static void test_change_reaches_the_server(void **state)
{
    fake_server s = {0};
    uint8_t reply[4096];
    size_t len;
    int32_t code, krb_error;
    (void)state;

    assert_int_equal(exchange(&s, K5KP_VERSION_CHANGE, NULL, &code, &krb_error, reply, &len, sizeof(reply)),
                     K5P_OK);
    assert_int_equal(s.version, 1);
    assert_int_equal(s.password_len, sizeof(new_password) - 1);
    assert_memory_equal(s.password, new_password, s.password_len);
    assert_int_equal(code, K5KP_RESULT_SUCCESS);
    assert_int_equal(krb_error, -1);
    assert_int_equal(k5kp_result_status(code), K5P_STATUS_SUCCESS);
}

static void test_set_names_its_target(void **state)
{
    fake_server s = {0};
    kcc_principal bob = {1, {(uint8_t *)"OTHER.REALM", 11}, 1, &bob_component};
    uint8_t reply[4096];
    size_t len;
    int32_t code, krb_error;
    (void)state;

    assert_int_equal(exchange(&s, K5KP_VERSION_SET, &bob, &code, &krb_error, reply, &len, sizeof(reply)), K5P_OK);
    assert_int_equal(s.version, 0xff80);
    assert_memory_equal(s.password, new_password, sizeof(new_password) - 1);
    assert_true(s.has_target);
    assert_string_equal(s.target_name, "bob");
    assert_string_equal(s.target_realm, "OTHER.REALM");
    memset(&s, 0, sizeof(s));
    assert_int_equal(exchange(&s, K5KP_VERSION_SET, NULL, &code, &krb_error, reply, &len, sizeof(reply)), K5P_OK);
    assert_false(s.has_target); /* a set of one's own password names nobody */
}

static void test_result_codes(void **state)
{
    static const struct {
        int code;
        uint32_t status;
    } map[] = {
        {0, K5P_STATUS_SUCCESS},
        {1, K5P_STATUS_INVALID_PARAMETER},
        {2, K5KP_STATUS_UNSUCCESSFUL},
        {3, K5P_STATUS_LOGON_FAILURE},
        {4, K5KP_STATUS_PASSWORD_RESTRICTION},
        {5, K5KP_STATUS_ACCESS_DENIED},
        {6, K5P_STATUS_NOT_SUPPORTED},
        {7, K5KP_STATUS_ACCESS_DENIED},
        {8, K5KP_STATUS_UNSUCCESSFUL},
        {0xffff, K5KP_STATUS_UNSUCCESSFUL},
    };
    uint8_t reply[4096];
    size_t len;
    int32_t code, krb_error;
    (void)state;

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        fake_server s = {0};
        s.result_code = map[i].code;
        assert_int_equal(exchange(&s, K5KP_VERSION_CHANGE, NULL, &code, &krb_error, reply, &len, sizeof(reply)),
                         K5P_OK);
        assert_int_equal(code, map[i].code);
        assert_int_equal(k5kp_result_status(code), map[i].status);
    }
}

static void test_krb_error_answer(void **state)
{
    fake_server s = {0};
    uint8_t reply[4096];
    size_t len;
    int32_t code, krb_error;
    (void)state;

    s.mode = ERROR_ONLY;
    s.result_code = K5KP_RESULT_AUTHERROR;
    assert_int_equal(exchange(&s, K5KP_VERSION_CHANGE, NULL, &code, &krb_error, reply, &len, sizeof(reply)),
                     K5P_E_KDC_ERROR);
    assert_int_equal(krb_error, 41);
    assert_int_equal(code, K5KP_RESULT_AUTHERROR);
}

static void test_replies_not_believed(void **state)
{
    fake_server s = {0};
    uint8_t reply[4096];
    size_t len;
    int32_t code, krb_error;
    (void)state;

    s.mode = WRONG_CTIME; /* an AP-REP for another authenticator */
    assert_int_equal(exchange(&s, K5KP_VERSION_CHANGE, NULL, &code, &krb_error, reply, &len, sizeof(reply)),
                     K5P_E_INTEGRITY);
    assert_int_equal(code, -1);
    s.mode = PRIV_UNDER_SESSION_KEY; /* the reply must be under our subkey */
    assert_int_equal(exchange(&s, K5KP_VERSION_CHANGE, NULL, &code, &krb_error, reply, &len, sizeof(reply)),
                     K5P_E_INTEGRITY);
    assert_int_equal(code, -1);
    s.mode = WRONG_SEQ;
    assert_int_equal(exchange(&s, K5KP_VERSION_CHANGE, NULL, &code, &krb_error, reply, &len, sizeof(reply)),
                     K5P_E_INTEGRITY);
}

/* Every truncation of a good reply (with its length field fixed up, and without) and every bit flip is refused. */
static void test_truncations_and_frames(void **state)
{
    k5p_env e = env();
    asn1_wbuf ticket, req;
    kcc_cred cred = changepw_cred(&ticket);
    k5kp_request_params p = {0};
    k5kp_state st;
    fake_server s = {0};
    uint8_t reply[4096], cut[4096];
    size_t len;
    int32_t code, krb_error;
    (void)state;

    p.cred = &cred;
    p.version = K5KP_VERSION_CHANGE;
    p.new_password = new_password;
    p.new_password_len = sizeof(new_password) - 1;
    p.s_addr_type = 2;
    p.s_addr = (const uint8_t *)"\x7f\0\0\1";
    p.s_addr_len = 4;
    asn1_wbuf_init(&req, 1 << 16);
    assert_int_equal(k5kp_build_request(&e, &p, &st, &req), K5P_OK);
    len = serve(&s, req.data, req.len, reply, sizeof(reply));
    assert_int_equal(k5kp_process_reply(&e, &st, reply, len, &code, &krb_error), K5P_OK);
    for (size_t n = 0; n < len; n++) {
        memcpy(cut, reply, n);
        assert_int_not_equal(k5kp_process_reply(&e, &st, cut, n, &code, &krb_error), K5P_OK);
        if (n >= 6) {
            put16(cut, n);
            assert_int_not_equal(k5kp_process_reply(&e, &st, cut, n, &code, &krb_error), K5P_OK);
        }
    }
    for (size_t bit = 0; bit < len * 8; bit++) {
        memcpy(cut, reply, len);
        cut[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        /* Refused every time: DER is canonical, the encrypted parts carry MACs, the frame's fields are checked. */
        assert_int_not_equal(k5kp_process_reply(&e, &st, cut, len, &code, &krb_error), K5P_OK);
    }
    memcpy(cut, reply, len);
    put16(cut + 4, len); /* AP-REP longer than the frame */
    assert_int_equal(k5kp_process_reply(&e, &st, cut, len, &code, &krb_error), K5P_E_MALFORMED);
    k5kp_state_wipe(&st);
    asn1_wbuf_free(&req);
    asn1_wbuf_free(&ticket);
}

static void test_bad_arguments(void **state)
{
    k5p_env e = env();
    asn1_wbuf ticket, req;
    kcc_cred cred = changepw_cred(&ticket);
    kcc_principal bob = {1, {(uint8_t *)"EXAMPLE.COM", 11}, 1, &bob_component};
    k5kp_request_params p = {0};
    k5kp_state st;
    (void)state;

    asn1_wbuf_init(&req, 1 << 16);
    p.cred = &cred;
    p.new_password = new_password;
    p.new_password_len = 3;
    p.version = 2;
    assert_int_equal(k5kp_build_request(&e, &p, &st, &req), K5P_E_ARGUMENT);
    p.version = K5KP_VERSION_CHANGE;
    p.target = &bob; /* a change has no target */
    assert_int_equal(k5kp_build_request(&e, &p, &st, &req), K5P_E_ARGUMENT);
    p.target = NULL;
    cred.key.length = 16; /* not an AES-256 key */
    assert_int_equal(k5kp_build_request(&e, &p, &st, &req), K5P_E_ARGUMENT);
    assert_int_equal(req.len, 0);
    asn1_wbuf_free(&req);
    asn1_wbuf_free(&ticket);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_change_reaches_the_server),
        cmocka_unit_test(test_set_names_its_target),
        cmocka_unit_test(test_result_codes),
        cmocka_unit_test(test_krb_error_answer),
        cmocka_unit_test(test_replies_not_believed),
        cmocka_unit_test(test_truncations_and_frames),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
