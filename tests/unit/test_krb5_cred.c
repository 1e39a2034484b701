/* KRB-CRED with an unencrypted part (src/krb5/cred): the two credentials of a cache MIT's kinit and kvno wrote
 * (tests/data/krb5/real.ccache) built into one KRB-CRED and parsed back field for field; every truncation refused;
 * bit flips refused or parsed into something else, never crashing; each strictness rule with its own code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kcc.h"
#include "kcred.h"
#include "krb5_asn1.h"
#include "krb5_real_ccache.h"


static kcc_cache real;
static kcc_cred listed[2]; /* shallow copies of real's two ordinary credentials */

static int setup(void **state)
{
    (void)state;
    krb5_real_ccache_load(&real, listed);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kcc_cache_free(&real);
    return 0;
}

static void assert_data_equal(const kcc_data *a, const kcc_data *b)
{
    assert_int_equal(a->length, b->length);
    if (a->length)
        assert_memory_equal(a->bytes, b->bytes, a->length);
}

static void assert_cred_equal(const kcc_cred *a, const kcc_cred *b)
{
    assert_true(kcc_principal_equal(&a->client, &b->client));
    assert_int_equal(a->client.name_type, b->client.name_type);
    assert_true(kcc_principal_equal(&a->server, &b->server));
    assert_int_equal(a->server.name_type, b->server.name_type);
    assert_int_equal(a->enctype, b->enctype);
    assert_data_equal(&a->key, &b->key);
    assert_int_equal(a->authtime, b->authtime);
    assert_int_equal(a->starttime, b->starttime);
    assert_int_equal(a->endtime, b->endtime);
    assert_int_equal(a->renew_till, b->renew_till);
    assert_int_equal(a->ticket_flags, b->ticket_flags);
    assert_int_equal(a->address_count, b->address_count);
    assert_data_equal(&a->ticket, &b->ticket);
}

static void test_round_trip(void **state)
{
    kcc_cache back;
    uint8_t *der, *again;
    size_t len, len2;

    (void)state;
    assert_int_equal(kcred_build(listed, 2, &der, &len), KCRED_OK);
    /* [APPLICATION 22] SEQUENCE, long-form length. */
    assert_int_equal(der[0], 0x76);
    memset(&back, 0, sizeof(back));
    assert_int_equal(kcred_parse(der, len, &back), KCRED_OK);
    assert_int_equal(back.version, KCC_VERSION_4);
    assert_true(kcc_principal_equal(&back.default_principal, &listed[0].client));
    assert_int_equal(back.cred_count, 2);
    assert_cred_equal(&back.creds[0], &listed[0]);
    assert_cred_equal(&back.creds[1], &listed[1]);
    /* Building again from what was parsed gives the same bytes: nothing is lost either way. */
    assert_int_equal(kcred_build(back.creds, back.cred_count, &again, &len2), KCRED_OK);
    assert_int_equal(len2, len);
    assert_memory_equal(again, der, len);
    kcred_free(again, len2);
    /* Appending to an existing cache keeps what it had. */
    assert_int_equal(kcred_parse(der, len, &back), KCRED_OK);
    assert_int_equal(back.cred_count, 4);
    assert_cred_equal(&back.creds[3], &listed[1]);
    kcc_cache_free(&back);
    kcred_free(der, len);
}

/* The enc-part is EncryptedData with etype 0 and no kvno, and its cipher is the EncKrbCredPart's DER. */
static void test_unencrypted_part(void **state)
{
    k5_enc_krb_cred_part part;
    k5_krb_cred_info *ci;
    k5_krb_cred cred;
    k5_arena a;
    uint8_t *der;
    size_t len;

    (void)state;
    assert_int_equal(kcred_build(&listed[1], 1, &der, &len), KCRED_OK);
    k5_arena_init(&a);
    assert_int_equal(k5_asn1_decode(&k5_KRB_CRED, der, len, &a, &cred), ASN1_OK);
    assert_int_equal(cred.pvno, 5);
    assert_int_equal(cred.msg_type, 22);
    assert_int_equal(cred.tickets.count, 1);
    assert_int_equal(cred.enc_part.etype, 0);
    assert_false(K5_HAS(&cred.enc_part, 1));
    assert_int_equal(k5_asn1_decode(&k5_EncKrbCredPart, cred.enc_part.cipher.data, cred.enc_part.cipher.len, &a,
                                    &part),
                     ASN1_OK);
    assert_int_equal(part.ticket_info.count, 1);
    ci = part.ticket_info.items;
    assert_int_equal(ci->key.keytype, 18);
    assert_int_equal(ci->key.keyvalue.len, 32);
    assert_memory_equal(ci->key.keyvalue.data, listed[1].key.bytes, 32);
    assert_int_equal(ci->prealm.len, strlen("LSAEMU.TEST"));
    assert_memory_equal(ci->srealm.data, "LSAEMU.TEST", ci->srealm.len);
    assert_int_equal(ci->sname.name_string.count, 2);
    assert_int_equal(ci->endtime, listed[1].endtime);
    k5_arena_free(&a);
    kcred_free(der, len);
}

static void test_truncations(void **state)
{
    uint8_t *der;
    size_t len, n;
    kcc_cache c;

    (void)state;
    assert_int_equal(kcred_build(listed, 2, &der, &len), KCRED_OK);
    for (n = 0; n < len; n++) {
        memset(&c, 0, sizeof(c));
        assert_int_equal(kcred_parse(der, n, &c), KCRED_E_DECODE);
        assert_int_equal(c.cred_count, 0);
        assert_int_equal(c.version, 0);
    }
    kcred_free(der, len);
}

/* A flip either is refused (the cache untouched) or yields credentials that differ from the original somewhere:
 * never the same credentials from different bytes, never a crash (ASan watches). */
static void test_bit_flips(void **state)
{
    uint8_t *der, *flipped;
    size_t len, i, refused = 0;
    kcc_cache c;
    int bit;

    (void)state;
    assert_int_equal(kcred_build(&listed[0], 1, &der, &len), KCRED_OK);
    flipped = malloc(len);
    assert_non_null(flipped);
    for (i = 0; i < len; i++) {
        for (bit = 0; bit < 8; bit++) {
            memcpy(flipped, der, len);
            flipped[i] ^= (uint8_t)(1u << bit);
            memset(&c, 0, sizeof(c));
            if (kcred_parse(flipped, len, &c) != KCRED_OK) {
                assert_int_equal(c.cred_count, 0);
                refused++;
                continue;
            }
            uint8_t *again;
            size_t len2;
            assert_int_equal(c.cred_count, 1);
            assert_int_equal(kcred_build(c.creds, 1, &again, &len2), KCRED_OK);
            assert_false(len2 == len && !memcmp(again, der, len));
            kcred_free(again, len2);
            kcc_cache_free(&c);
        }
    }
    /* The structure (tags, lengths) is most of the bytes' meaning: most flips are refused. */
    assert_true(refused > len);
    free(flipped);
    kcred_free(der, len);
}

/* Encodes a KRB-CRED around one KrbCredInfo, with what the test changes. */
static uint8_t *encode(int pvno, int msg_type, int etype, k5_krb_cred_info *ci, size_t infos, size_t *len)
{
    k5_enc_krb_cred_part part = {0};
    k5_krb_cred cred = {0};
    k5_ticket ticket;
    asn1_wbuf inner, outer;
    k5_arena a;
    uint8_t *out;

    k5_arena_init(&a);
    assert_int_equal(k5_asn1_decode(&k5_Ticket, listed[0].ticket.bytes, listed[0].ticket.length, &a, &ticket),
                     ASN1_OK);
    asn1_wbuf_init(&inner, 1 << 20);
    asn1_wbuf_init(&outer, 1 << 20);
    K5_SET(&part, 0);
    part.ticket_info.items = ci;
    part.ticket_info.count = infos;
    assert_int_equal(k5_asn1_encode(&k5_EncKrbCredPart, &part, &inner), ASN1_OK);
    cred.present = 0xf;
    cred.pvno = pvno;
    cred.msg_type = msg_type;
    cred.tickets.items = &ticket;
    cred.tickets.count = 1;
    cred.enc_part.present = 0x5;
    cred.enc_part.etype = etype;
    cred.enc_part.cipher.data = inner.data;
    cred.enc_part.cipher.len = inner.len;
    assert_int_equal(k5_asn1_encode(&k5_KRB_CRED, &cred, &outer), ASN1_OK);
    out = malloc(outer.len);
    assert_non_null(out);
    memcpy(out, outer.data, outer.len);
    *len = outer.len;
    asn1_wbuf_free(&inner);
    asn1_wbuf_free(&outer);
    k5_arena_free(&a);
    return out;
}

static void test_refusals(void **state)
{
    static uint8_t keybytes[32];
    k5_octets alice = {(uint8_t *)"alice", 5}, names[2] = {{(uint8_t *)"krbtgt", 6}, {(uint8_t *)"R", 1}};
    k5_krb_cred_info ci[2];
    kcc_cache c;
    uint8_t *der;
    size_t len;
    int i;

    (void)state;
    memset(ci, 0, sizeof(ci));
    ci[0].present = 0x3ff;
    ci[0].key.present = 0x3;
    ci[0].key.keytype = 18;
    ci[0].key.keyvalue.data = keybytes;
    ci[0].key.keyvalue.len = sizeof(keybytes);
    ci[0].prealm.data = (uint8_t *)"R";
    ci[0].prealm.len = 1;
    ci[0].pname.present = 0x3;
    ci[0].pname.name_type = 1;
    ci[0].pname.name_string.items = &alice;
    ci[0].pname.name_string.count = 1;
    ci[0].srealm = ci[0].prealm;
    ci[0].sname.present = 0x3;
    ci[0].sname.name_type = 2;
    ci[0].sname.name_string.items = names;
    ci[0].sname.name_string.count = 2;
    ci[0].endtime = 1796486689;
    ci[1] = ci[0];

    memset(&c, 0, sizeof(c));
    der = encode(5, 22, 0, ci, 1, &len);
    assert_int_equal(kcred_parse(der, len, &c), KCRED_OK);
    assert_int_equal(c.cred_count, 1);
    assert_int_equal(c.creds[0].endtime, 1796486689);
    kcc_cache_free(&c);
    free(der);

    der = encode(4, 22, 0, ci, 1, &len);
    assert_int_equal(kcred_parse(der, len, &c), KCRED_E_VERSION);
    free(der);
    der = encode(5, 21, 0, ci, 1, &len);
    assert_int_equal(kcred_parse(der, len, &c), KCRED_E_VERSION);
    free(der);
    der = encode(5, 22, 18, ci, 1, &len);
    assert_int_equal(kcred_parse(der, len, &c), KCRED_E_ENCRYPTED);
    free(der);
    der = encode(5, 22, 0, ci, 2, &len);
    assert_int_equal(kcred_parse(der, len, &c), KCRED_E_MISMATCH);
    free(der);
    /* Without a client or server name or realm there is no credential to make. */
    for (i = 1; i <= 9; i += (i == 2 ? 6 : 1)) {
        k5_krb_cred_info missing = ci[0];
        missing.present &= ~(1u << i);
        der = encode(5, 22, 0, &missing, 1, &len);
        assert_int_equal(kcred_parse(der, len, &c), KCRED_E_MISSING);
        free(der);
    }
    /* A time past what a ccache holds, a key type that does not fit its 16 bits. */
    ci[1].endtime = (int64_t)UINT32_MAX + 1;
    der = encode(5, 22, 0, &ci[1], 1, &len);
    assert_int_equal(kcred_parse(der, len, &c), KCRED_E_MISSING);
    free(der);
    ci[1].endtime = 0;
    ci[1].key.keytype = 70000;
    der = encode(5, 22, 0, &ci[1], 1, &len);
    assert_int_equal(kcred_parse(der, len, &c), KCRED_E_MISSING);
    free(der);
    assert_int_equal(c.cred_count, 0);
    assert_int_equal(c.version, 0);

    /* Building: nothing to build, and a credential whose ticket is not a Ticket. */
    assert_int_equal(kcred_build(listed, 0, &der, &len), KCRED_E_ARGUMENT);
    assert_null(der);
    {
        kcc_cred bad = listed[0];
        bad.ticket.length = 3;
        assert_int_equal(kcred_build(&bad, 1, &der, &len), KCRED_E_ARGUMENT);
        assert_null(der);
        assert_int_equal(len, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_unencrypted_part),
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_bit_flips),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
