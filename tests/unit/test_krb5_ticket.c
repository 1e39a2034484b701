/* A ticket sent to this host (src/krb5/proto/k5p_ticket.c, what KERB_TICKET_LOGON opens): what it reports for a good
 * ticket, and each refusal: the wrong server, key or enctype, every truncation, every one-bit change, times (expired,
 * not yet valid, inconsistent; the skew boundaries; ALLOW_EXPIRED), the INVALID flag, a bad session key. Tickets from
 * the test's builder (krb5_ticket_builder.c) and from the fake KDC's TGS exchange. Crypto from OpenSSL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "k5proto.h"
#include "kcred.h"
#include "krb5_asn1.h"
#include "krb5_enctype.h"
#include "krb5_openssl.h"
#include "krb5_ticket_builder.h"

#define NOW 1700000000
#define SKEW K5P_DEFAULT_SKEW_SECONDS

static uint8_t service_key[32], session_key[32];
static kcc_principal ws; /* host/ws.example.com@EXAMPLE.COM */

static int64_t fake_now(void *ctx, int32_t *usec)
{
    (void)ctx;
    *usec = 0;
    return NOW;
}

static const k5p_env env_ = {0};

static k5p_env env(void)
{
    k5p_env e = env_;
    e.prims = krb5_openssl_primitives();
    e.now = fake_now;
    return e;
}

static k5p_ticket_params params(void)
{
    k5p_ticket_params p;

    memset(&p, 0, sizeof(p));
    p.server = &ws;
    p.key_enctype = 18;
    p.key = service_key;
    p.key_len = 32;
    p.skew_seconds = SKEW;
    return p;
}

static int setup(void **state)
{
    static const char *comps[] = {"host", "ws.example.com"};

    (void)state;
    memset(service_key, 0x5a, sizeof(service_key));
    for (size_t i = 0; i < sizeof(session_key); i++)
        session_key[i] = (uint8_t)(i * 7 + 1);
    return kcc_principal_set(&ws, 2, "EXAMPLE.COM", 2, comps) == KCC_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kcc_principal_free(&ws);
    return 0;
}

/* Opens the ticket spec s describes with p; returns the result, *out filled on K5P_OK (the caller frees). */
static k5p_result open_spec(const tkt_spec *s, const k5p_ticket_params *p, kcc_cred *out)
{
    k5p_env e = env();
    size_t len;
    uint8_t *der = tkt_build(e.prims, s, &len);
    k5p_result rc = k5p_open_ticket(&e, p, der, len, out);

    free(der);
    return rc;
}

static k5p_result open_with(const tkt_spec *s, const k5p_ticket_params *p)
{
    kcc_cred c;
    k5p_result rc = open_spec(s, p, &c);

    if (rc == K5P_OK)
        kcc_cred_free(&c);
    else /* nothing left behind on failure */
        assert_true(!c.key.bytes && !c.ticket.bytes && !c.client.count && !c.server.count);
    return rc;
}

static int data_is(const kcc_data *d, const char *s)
{
    return d->length == strlen(s) && !memcmp(d->bytes, s, d->length);
}

static void test_good_ticket_reported(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW - 60);
    k5p_ticket_params p = params();
    k5p_env e = env();
    uint8_t *der;
    size_t len;
    kcc_cred c;

    (void)state;
    s.starttime = NOW - 30;
    s.renew_till = NOW + 86400;
    s.with_address = 1;
    der = tkt_build(e.prims, &s, &len);
    assert_int_equal(k5p_open_ticket(&e, &p, der, len, &c), K5P_OK);
    assert_int_equal(c.client.count, 1);
    assert_true(data_is(&c.client.components[0], "alice") && data_is(&c.client.realm, "EXAMPLE.COM"));
    assert_true(kcc_principal_equal(&c.server, &ws));
    assert_int_equal(c.enctype, 18);
    assert_int_equal(c.key.length, 32);
    assert_memory_equal(c.key.bytes, session_key, 32);
    assert_int_equal(c.authtime, NOW - 60);
    assert_int_equal(c.starttime, NOW - 30);
    assert_int_equal(c.endtime, NOW - 60 + 36000);
    assert_int_equal(c.renew_till, NOW + 86400);
    assert_int_equal(c.ticket_flags, 0x40e10000);
    assert_int_equal(c.address_count, 1);
    assert_int_equal(c.addresses[0].type, 2);
    assert_int_equal(c.addresses[0].value.length, 4);
    assert_int_equal(c.ticket.length, len);
    assert_memory_equal(c.ticket.bytes, der, len);
    kcc_cred_free(&c);
    free(der);
}

/* Without a starttime the ticket starts at authtime; without renew-till it reports 0. */
static void test_optional_times_absent(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW - 10);
    k5p_ticket_params p = params();
    kcc_cred c;

    (void)state;
    assert_int_equal(open_spec(&s, &p, &c), K5P_OK);
    assert_int_equal(c.starttime, NOW - 10);
    assert_int_equal(c.renew_till, 0);
    assert_int_equal(c.address_count, 0);
    kcc_cred_free(&c);
}

static void test_other_enctypes(void **state)
{
    static const int32_t etypes[] = {17, 19, 20, 23};
    uint8_t key[32];

    (void)state;
    memset(key, 0x33, sizeof(key));
    for (size_t i = 0; i < sizeof(etypes) / sizeof(etypes[0]); i++) {
        const krb5_enctype *et = krb5_enctype_lookup(etypes[i]);
        tkt_spec s = tkt_spec_default(key, session_key, NOW);
        k5p_ticket_params p = params();
        assert_non_null(et);
        s.etype = etypes[i];
        s.session_etype = etypes[i];
        s.session_key_len = et->key_size;
        p.key_enctype = etypes[i];
        p.key = key;
        p.key_len = et->key_size;
        assert_int_equal(open_with(&s, &p), K5P_OK);
    }
}

static void test_server_checked(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_ticket_params p = params();

    (void)state;
    s.realm = "example.com"; /* realms up to case */
    assert_int_equal(open_with(&s, &p), K5P_OK);
    s.realm = "OTHER.COM";
    assert_int_equal(open_with(&s, &p), K5P_E_SNAME);
    s = tkt_spec_default(service_key, session_key, NOW);
    s.host = "WS.example.com"; /* components exactly */
    assert_int_equal(open_with(&s, &p), K5P_E_SNAME);
    s.host = "svc.example.com";
    assert_int_equal(open_with(&s, &p), K5P_E_SNAME);
    s.service = "cifs";
    s.host = "ws.example.com";
    assert_int_equal(open_with(&s, &p), K5P_E_SNAME);
    s.service = "host";
    s.host = NULL; /* one component */
    assert_int_equal(open_with(&s, &p), K5P_E_SNAME);
}

static void test_key_checked(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_ticket_params p = params();
    uint8_t other[32];

    (void)state;
    memcpy(other, service_key, sizeof(other));
    other[31] ^= 1;
    p.key = other;
    assert_int_equal(open_with(&s, &p), K5P_E_INTEGRITY);
    p = params();
    p.key_enctype = 17; /* a key of another enctype than the enc-part's */
    p.key_len = 16;
    assert_int_equal(open_with(&s, &p), K5P_E_ETYPE);
    p = params();
    p.key_len = 31;
    assert_int_equal(open_with(&s, &p), K5P_E_ETYPE);
}

static void test_session_key_checked(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_ticket_params p = params();

    (void)state;
    s.session_key_len = 31;
    assert_int_equal(open_with(&s, &p), K5P_E_ETYPE);
    s.session_key_len = 32;
    s.session_etype = 16; /* des3: not ours */
    assert_int_equal(open_with(&s, &p), K5P_E_ETYPE);
}

static void test_enc_part_not_der(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_ticket_params p = params();

    (void)state;
    s.plain_not_der = 1;
    assert_int_equal(open_with(&s, &p), K5P_E_MALFORMED);
}

static void test_expired(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW - 36000);
    k5p_ticket_params p = params();

    (void)state;
    s.endtime = NOW - SKEW; /* ended exactly a skew ago */
    assert_int_equal(open_with(&s, &p), K5P_E_TKT_EXPIRED);
    s.endtime = NOW - SKEW + 1; /* within the skew */
    assert_int_equal(open_with(&s, &p), K5P_OK);
    s.endtime = NOW - 3600;
    assert_int_equal(open_with(&s, &p), K5P_E_TKT_EXPIRED);
    p.allow_expired = 1;
    assert_int_equal(open_with(&s, &p), K5P_OK);
    p = params();
    p.skew_seconds = 0;
    s.endtime = NOW;
    assert_int_equal(open_with(&s, &p), K5P_E_TKT_EXPIRED);
    s.endtime = NOW + 1;
    assert_int_equal(open_with(&s, &p), K5P_OK);
}

static void test_not_yet_valid(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_ticket_params p = params();

    (void)state;
    s.starttime = NOW + SKEW + 1;
    assert_int_equal(open_with(&s, &p), K5P_E_TKT_NYV);
    p.allow_expired = 1; /* allows an ended ticket, not one that has not started */
    assert_int_equal(open_with(&s, &p), K5P_E_TKT_NYV);
    p = params();
    s.starttime = NOW + SKEW;
    assert_int_equal(open_with(&s, &p), K5P_OK);
    s = tkt_spec_default(service_key, session_key, NOW + SKEW + 60); /* no starttime: authtime counts */
    assert_int_equal(open_with(&s, &p), K5P_E_TKT_NYV);
}

static void test_invalid_flag(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_ticket_params p = params();

    (void)state;
    s.flags |= K5P_TKT_FLG_INVALID;
    assert_int_equal(open_with(&s, &p), K5P_E_TKT_NYV);
    p.allow_expired = 1;
    assert_int_equal(open_with(&s, &p), K5P_E_TKT_NYV);
}

static void test_inconsistent_times(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_ticket_params p = params();

    (void)state;
    p.allow_expired = 1; /* the refusals below are not about the clock */
    s.endtime = NOW;     /* not after the start */
    assert_int_equal(open_with(&s, &p), K5P_E_TIMES);
    s = tkt_spec_default(service_key, session_key, NOW);
    s.starttime = NOW + 100;
    s.renew_till = NOW + 50; /* renewable until before it starts */
    assert_int_equal(open_with(&s, &p), K5P_E_TIMES);
    s = tkt_spec_default(service_key, session_key, NOW);
    s.endtime = (int64_t)UINT32_MAX + 1; /* past the ccache's range */
    assert_int_equal(open_with(&s, &p), K5P_E_TIMES);
    s = tkt_spec_default(service_key, session_key, -1);
    s.endtime = NOW;
    assert_int_equal(open_with(&s, &p), K5P_E_TIMES);
}

static void test_every_truncation(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_ticket_params p = params();
    k5p_env e = env();
    size_t len;
    uint8_t *der;
    kcc_cred c;

    (void)state;
    s.kvno = 3;
    s.with_address = 1;
    der = tkt_build(e.prims, &s, &len);
    for (size_t n = 0; n < len; n++) {
        uint8_t *cut = malloc(n ? n : 1); /* its own allocation so that ASan sees a read past n */
        kcc_principal server;
        int32_t etype;
        uint32_t kvno;
        assert_non_null(cut);
        memcpy(cut, der, n);
        assert_int_equal(k5p_open_ticket(&e, &p, cut, n, &c), K5P_E_MALFORMED);
        assert_int_equal(k5p_ticket_head(cut, n, &server, &etype, &kvno), K5P_E_MALFORMED);
        assert_int_equal(server.count, 0);
        free(cut);
    }
    assert_int_equal(k5p_open_ticket(&e, &p, NULL, 0, &c), K5P_E_MALFORMED);
    assert_int_equal(k5p_open_ticket(&e, &p, der, len, &c), K5P_OK);
    kcc_cred_free(&c);
    free(der);
}

/* Every octet with its low bit flipped: never believed (the low bit is not a case bit, so no name changes into an
 * equal one up to case; the ticket has no kvno, a field nothing checks), except the sname's name-type: names
 * compare by realm and components, not name type, as MIT compares them (NT-SRV-HST and NT-SRV-INST name the same
 * service). */
static void test_every_bit_flip(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_ticket_params p = params();
    k5p_env e = env();
    size_t len, cipher_refusals = 0, name_type_at;
    uint8_t *der;
    kcc_cred c;

    (void)state;
    der = tkt_build(e.prims, &s, &len);
    /* sname [2] PrincipalName { name-type [0] INTEGER 2 ...: the first such run after the realm. */
    for (name_type_at = 11; name_type_at + 5 <= len; name_type_at++)
        if (!memcmp(der + name_type_at, "\xa0\x03\x02\x01\x02", 5))
            break;
    name_type_at += 4;
    assert_true(name_type_at < 40);
    for (size_t i = 0; i < len; i++) {
        k5p_result rc;
        der[i] ^= 1;
        rc = k5p_open_ticket(&e, &p, der, len, &c);
        if (rc == K5P_OK && i == name_type_at) {
            assert_int_equal(c.server.name_type, 3);
            kcc_cred_free(&c);
        } else if (rc == K5P_OK) {
            fail_msg("flip at %zu of %zu believed", i, len);
        }
        cipher_refusals += rc == K5P_E_INTEGRITY;
        der[i] ^= 1;
    }
    /* The ciphertext is most of the ticket, and each of its octets is covered by the MAC. */
    assert_true(cipher_refusals > len / 2);
    free(der);
}

static void test_head(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_env e = env();
    kcc_principal server;
    int32_t etype;
    uint32_t kvno;
    uint8_t *der;
    size_t len;

    (void)state;
    der = tkt_build(e.prims, &s, &len);
    assert_int_equal(k5p_ticket_head(der, len, &server, &etype, &kvno), K5P_OK);
    assert_true(kcc_principal_equal(&server, &ws));
    assert_int_equal(server.name_type, 2);
    assert_int_equal(etype, 18);
    assert_int_equal(kvno, 0);
    kcc_principal_free(&server);
    free(der);
    s.kvno = 7;
    s.etype = 23;
    s.realm = "OTHER.COM";
    der = tkt_build(e.prims, &s, &len);
    assert_int_equal(k5p_ticket_head(der, len, &server, &etype, &kvno), K5P_OK);
    assert_int_equal(etype, 23);
    assert_int_equal(kvno, 7);
    assert_true(data_is(&server.realm, "OTHER.COM"));
    kcc_principal_free(&server);
    der[0] = 0x62; /* [APPLICATION 2]: an Authenticator's tag */
    assert_int_equal(k5p_ticket_head(der, len, &server, &etype, &kvno), K5P_E_MALFORMED);
    free(der);
}

static void test_no_server(void **state)
{
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_ticket_params p = params();
    kcc_principal none = {0};

    (void)state;
    p.server = &none;
    assert_int_equal(open_with(&s, &p), K5P_E_ARGUMENT);
}

/* ---- the forwarded TGT's KRB-CRED (k5p_krb_cred_clear) ---- */

/* A clear KRB-CRED of one TGT of alice's (malloc'd by kcred_build; free with kcred_free). */
static uint8_t *clear_krb_cred(size_t *len)
{
    static const char *alice_c[] = {"alice"}, *tgs_c[] = {"krbtgt", "EXAMPLE.COM"};
    tkt_spec s = tkt_spec_default(service_key, session_key, NOW);
    k5p_env e = env();
    kcc_cred c;
    size_t tlen;
    uint8_t *der, *ticket;

    memset(&c, 0, sizeof(c));
    s.service = "krbtgt";
    s.host = "EXAMPLE.COM";
    ticket = tkt_build(e.prims, &s, &tlen);
    assert_int_equal(kcc_principal_set(&c.client, 1, "EXAMPLE.COM", 1, alice_c), KCC_OK);
    assert_int_equal(kcc_principal_set(&c.server, 2, "EXAMPLE.COM", 2, tgs_c), KCC_OK);
    assert_int_equal(kcc_data_set(&c.key, session_key, 32), KCC_OK);
    assert_int_equal(kcc_data_set(&c.ticket, ticket, tlen), KCC_OK);
    c.enctype = 18;
    c.authtime = NOW;
    c.endtime = NOW + 36000;
    c.ticket_flags = 0x60a10000; /* forwardable, forwarded, renewable, pre-authent */
    assert_int_equal(kcred_build(&c, 1, &der, len), KCRED_OK);
    kcc_cred_free(&c);
    free(ticket);
    return der;
}

/* The same KRB-CRED with its enc-part encrypted under key (etype 18, usage 14), malloc'd. */
static uint8_t *encrypted_krb_cred(const uint8_t *clear, size_t clear_len, const uint8_t *key, size_t *len)
{
    const krb5_enctype *et = krb5_enctype_lookup(18);
    k5_krb_cred cred;
    asn1_wbuf w;
    k5_arena a;
    uint8_t *cipher, *out;
    size_t clen;

    k5_arena_init(&a);
    assert_int_equal(k5_asn1_decode(&k5_KRB_CRED, clear, clear_len, &a, &cred), ASN1_OK);
    clen = krb5_ciphertext_len(et, cred.enc_part.cipher.len);
    cipher = k5_arena_alloc(&a, clen);
    assert_non_null(cipher);
    assert_int_equal(et->encrypt(krb5_openssl_primitives(), et, key, 14, NULL, cred.enc_part.cipher.data,
                                 cred.enc_part.cipher.len, cipher),
                     KRB5C_OK);
    cred.enc_part.etype = 18;
    cred.enc_part.cipher.data = cipher;
    cred.enc_part.cipher.len = clen;
    asn1_wbuf_init(&w, 1 << 20);
    assert_int_equal(k5_asn1_encode(&k5_KRB_CRED, &cred, &w), ASN1_OK);
    out = malloc(w.len);
    assert_non_null(out);
    memcpy(out, w.data, w.len);
    *len = w.len;
    asn1_wbuf_free(&w);
    k5_arena_free(&a);
    return out;
}

static void test_krb_cred_clear(void **state)
{
    const krb5_primitives *p = krb5_openssl_primitives();
    size_t len, elen;
    uint8_t *clear = clear_krb_cred(&len), *enc = encrypted_krb_cred(clear, len, session_key, &elen);
    uint8_t other[32];
    kcc_cache cache;
    asn1_wbuf w;

    (void)state;
    /* Clear stays as it is, with or without a key. */
    asn1_wbuf_init(&w, 1 << 20);
    assert_int_equal(k5p_krb_cred_clear(p, clear, len, 0, NULL, 0, &w), K5P_OK);
    assert_int_equal(w.len, len);
    assert_memory_equal(w.data, clear, len);
    asn1_wbuf_free(&w);
    /* Encrypted: opened with the session key into exactly the clear form, which kcred_parse reads. */
    asn1_wbuf_init(&w, 1 << 20);
    assert_int_equal(k5p_krb_cred_clear(p, enc, elen, 18, session_key, 32, &w), K5P_OK);
    assert_int_equal(w.len, len);
    assert_memory_equal(w.data, clear, len);
    memset(&cache, 0, sizeof(cache));
    assert_int_equal(kcred_parse(w.data, w.len, &cache), KCRED_OK);
    assert_int_equal(cache.cred_count, 1);
    assert_memory_equal(cache.creds[0].key.bytes, session_key, 32);
    kcc_cache_free(&cache);
    asn1_wbuf_free(&w);
    /* No key, a key of another enctype, the wrong key. */
    memcpy(other, session_key, 32);
    other[0] ^= 0x80;
    asn1_wbuf_init(&w, 1 << 20);
    assert_int_equal(k5p_krb_cred_clear(p, enc, elen, 0, NULL, 0, &w), K5P_E_ETYPE);
    assert_int_equal(k5p_krb_cred_clear(p, enc, elen, 17, session_key, 16, &w), K5P_E_ETYPE);
    assert_int_equal(k5p_krb_cred_clear(p, enc, elen, 18, other, 32, &w), K5P_E_INTEGRITY);
    assert_int_equal(w.len, 0);
    /* Every truncation of either form. */
    for (size_t n = 0; n < elen; n++) {
        uint8_t *cut = malloc(n ? n : 1);
        assert_non_null(cut);
        memcpy(cut, enc, n);
        assert_int_equal(k5p_krb_cred_clear(p, cut, n, 18, session_key, 32, &w), K5P_E_MALFORMED);
        if (n < len) {
            memcpy(cut, clear, n);
            assert_int_equal(k5p_krb_cred_clear(p, cut, n, 0, NULL, 0, &w), K5P_E_MALFORMED);
        }
        free(cut);
    }
    /* Every octet of the ciphertext's end changed: refused by the MAC (the last 12 octets are the HMAC). */
    for (size_t i = elen - 12; i < elen; i++) {
        enc[i] ^= 1;
        assert_int_equal(k5p_krb_cred_clear(p, enc, elen, 18, session_key, 32, &w), K5P_E_INTEGRITY);
        enc[i] ^= 1;
    }
    assert_int_equal(w.len, 0);
    asn1_wbuf_free(&w);
    kcred_free(clear, len);
    free(enc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_ticket_reported),
        cmocka_unit_test(test_optional_times_absent),
        cmocka_unit_test(test_other_enctypes),
        cmocka_unit_test(test_server_checked),
        cmocka_unit_test(test_key_checked),
        cmocka_unit_test(test_session_key_checked),
        cmocka_unit_test(test_enc_part_not_der),
        cmocka_unit_test(test_expired),
        cmocka_unit_test(test_not_yet_valid),
        cmocka_unit_test(test_invalid_flag),
        cmocka_unit_test(test_inconsistent_times),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_every_bit_flip),
        cmocka_unit_test(test_head),
        cmocka_unit_test(test_no_server),
        cmocka_unit_test(test_krb_cred_clear),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
