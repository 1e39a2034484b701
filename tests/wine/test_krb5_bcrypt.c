/* The Kerberos enctypes over the bcrypt primitives of the Kerberos package (kerb_bcrypt.c), run under Wine: the same
 * published known answers the native test checks with OpenSSL (tests/unit/krb5_vectors.h), each primitive on its
 * own, and an encrypt/decrypt round trip with tamper detection per enctype. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kerb_bcrypt.h"
#include "krb5_cts.h"
#include "krb5_enctype.h"
#include "krb5_test_helpers.h"
#include "krb5_vectors.h"

static const krb5_primitives *P(void)
{
    return kerb_bcrypt_primitives();
}

/* ---- each primitive against a published answer ---- */

static void test_hashes(void **state)
{
    uint8_t out[KRB5_MAX_DIGEST];

    (void)state;
    /* RFC 1320 A.5 and RFC 1321 A.5: "abc". */
    assert_int_equal(P()->hash(P()->ctx, KRB5_HASH_MD4, (const uint8_t *)"abc", 3, out), 0);
    assert_hex(out, 16, "a448017aaf21d8525fc10ae87aa6729d");
    assert_int_equal(P()->hash(P()->ctx, KRB5_HASH_MD5, (const uint8_t *)"abc", 3, out), 0);
    assert_hex(out, 16, "900150983cd24fb0d6963f7d28e17f72");
    /* Only MD4 and MD5 are asked for as plain hashes. */
    assert_int_not_equal(P()->hash(P()->ctx, KRB5_HASH_SHA1, (const uint8_t *)"abc", 3, out), 0);
}

static void hmac_case(krb5_hash_alg alg, const char *want)
{
    uint8_t out[KRB5_MAX_DIGEST];

    /* RFC 2202 / RFC 4231 test case 2: key "Jefe". */
    assert_int_equal(P()->hmac(P()->ctx, alg, (const uint8_t *)"Jefe", 4,
                               (const uint8_t *)"what do ya want for nothing?", 28, out),
                     0);
    assert_hex(out, krb5_hash_len(alg), want);
}

static void test_hmacs(void **state)
{
    uint8_t out[KRB5_MAX_DIGEST];

    (void)state;
    hmac_case(KRB5_HASH_MD5, "750c783e6ab0b503eaa86e310a5db738");
    hmac_case(KRB5_HASH_SHA1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    hmac_case(KRB5_HASH_SHA256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    hmac_case(KRB5_HASH_SHA384,
              "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
    assert_int_not_equal(P()->hmac(P()->ctx, KRB5_HASH_MD4, (const uint8_t *)"k", 1, (const uint8_t *)"d", 1, out),
                         0);
}

static void test_pbkdf2(void **state)
{
    uint8_t out[32];

    (void)state;
    /* RFC 6070 case 2 (SHA-1); the SHA-256 and SHA-384 answers are those of the same inputs computed with
     * Python's hashlib.pbkdf2_hmac. */
    assert_int_equal(P()->pbkdf2(P()->ctx, KRB5_HASH_SHA1, (const uint8_t *)"password", 8, (const uint8_t *)"salt", 4,
                                 2, out, 20),
                     0);
    assert_hex(out, 20, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
    assert_int_equal(P()->pbkdf2(P()->ctx, KRB5_HASH_SHA256, (const uint8_t *)"password", 8,
                                 (const uint8_t *)"salt", 4, 2, out, 32),
                     0);
    assert_hex(out, 32, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
    assert_int_equal(P()->pbkdf2(P()->ctx, KRB5_HASH_SHA384, (const uint8_t *)"password", 8,
                                 (const uint8_t *)"salt", 4, 2, out, 32),
                     0);
    assert_hex(out, 32, "54f775c6d790f21930459162fc535dbf04a939185127016a04176a0730c6f1f4");
    /* No MD5 PRF in Kerberos, and no iteration count of zero. */
    assert_int_not_equal(P()->pbkdf2(P()->ctx, KRB5_HASH_MD5, (const uint8_t *)"p", 1, (const uint8_t *)"s", 1, 1,
                                     out, 16),
                         0);
    assert_int_not_equal(P()->pbkdf2(P()->ctx, KRB5_HASH_SHA1, (const uint8_t *)"p", 1, (const uint8_t *)"s", 1, 0,
                                     out, 16),
                         0);
}

static void test_aes(void **state)
{
    /* FIPS-197 C.1 and C.3. */
    static const char *plain = "00112233445566778899aabbccddeeff";
    uint8_t key[32], in[32], out[32], iv[16] = {0}, iv_before[16], back[32];

    (void)state;
    unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", key, sizeof(key));
    unhex(plain, in, sizeof(in));
    assert_int_equal(P()->aes_ecb(P()->ctx, 0, key, 16, in, out, 16), 0);
    assert_hex(out, 16, "69c4e0d86a7b0430d8cdb78070b4c55a");
    assert_int_equal(P()->aes_ecb(P()->ctx, 0, key, 32, in, out, 16), 0);
    assert_hex(out, 16, "8ea2b7ca516745bfeafc49904b496089");
    assert_int_equal(P()->aes_ecb(P()->ctx, 1, key, 32, out, back, 16), 0);
    assert_memory_equal(back, in, 16);
    /* CBC with a zero IV: the first block is the ECB block, the second chains on it; the IV is left as it was. */
    memcpy(in + 16, in, 16);
    memset(iv, 0, sizeof(iv));
    memcpy(iv_before, iv, sizeof(iv));
    assert_int_equal(P()->aes_cbc(P()->ctx, 0, key, 16, iv, in, out, 32), 0);
    assert_hex(out, 16, "69c4e0d86a7b0430d8cdb78070b4c55a");
    assert_memory_equal(iv, iv_before, sizeof(iv));
    assert_int_equal(P()->aes_cbc(P()->ctx, 1, key, 16, iv, out, back, 32), 0);
    assert_memory_equal(back, in, 32);
    assert_memory_equal(iv, iv_before, sizeof(iv));
    /* Only whole blocks under 16- or 32-byte keys. */
    assert_int_not_equal(P()->aes_ecb(P()->ctx, 0, key, 24, in, out, 16), 0);
    assert_int_not_equal(P()->aes_cbc(P()->ctx, 0, key, 16, iv, in, out, 15), 0);
}

static void test_random(void **state)
{
    uint8_t a[32] = {0}, b[32] = {0};

    (void)state;
    assert_int_equal(P()->random(P()->ctx, a, sizeof(a)), 0);
    assert_int_equal(P()->random(P()->ctx, b, sizeof(b)), 0);
    assert_memory_not_equal(a, b, sizeof(a));
}

/* ---- the enctypes' known answers (shared with the native test) ---- */

static void test_s2k_rfc3962(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(krb5_s2k_rfc3962) / sizeof(krb5_s2k_rfc3962[0]); i++) {
        const krb5_s2k_vector *v = &krb5_s2k_rfc3962[i];
        krb5_test_s2k(P(), v->enctype, v->password, (const uint8_t *)v->salt, v->salt_len, v->iterations,
                      v->key);
    }
}

static void test_cts_rfc3962(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(krb5_cts_rfc3962) / sizeof(krb5_cts_rfc3962[0]); i++)
        krb5_test_cts(P(), krb5_cts_rfc3962[i].len, krb5_cts_rfc3962[i].out);
}

static void test_s2k_rfc8009(void **state)
{
    uint8_t salt[64];
    size_t n = unhex(KRB5_VEC_SALT8009, salt, sizeof(salt));

    (void)state;
    for (size_t i = 0; i < sizeof(krb5_s2k_rfc8009) / sizeof(krb5_s2k_rfc8009[0]); i++)
        krb5_test_s2k(P(), krb5_s2k_rfc8009[i].enctype, "password", salt, n, 32768,
                      krb5_s2k_rfc8009[i].key);
}

static void encrypt_case(const krb5_encrypt_vector *v)
{
    const krb5_enctype *et = krb5_enctype_lookup(v->enctype);
    uint8_t key[KRB5_MAX_KEY], conf[16], in[64], out[128], back[128];
    size_t in_len = unhex(v->plain, in, sizeof(in)), back_len = 0, out_len;

    assert_non_null(et);
    out_len = krb5_ciphertext_len(et, in_len);
    unhex(v->key, key, sizeof(key));
    unhex(v->confounder, conf, sizeof(conf));
    assert_int_equal(et->encrypt(P(), et, key, v->usage, conf, in, in_len, out), KRB5C_OK);
    assert_hex(out, out_len, v->out);
    assert_int_equal(et->decrypt(P(), et, key, v->usage, out, out_len, back, &back_len), KRB5C_OK);
    assert_int_equal(back_len, in_len);
    assert_memory_equal(back, in, in_len);
}

static void test_encrypt_rfc8009(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(krb5_encrypt_rfc8009) / sizeof(krb5_encrypt_rfc8009[0]); i++)
        encrypt_case(&krb5_encrypt_rfc8009[i]);
}

static void test_rc4_hmac(void **state)
{
    const krb5_enctype *et = krb5_enctype_lookup(KRB5_ENCTYPE_RC4_HMAC);
    uint8_t key[16];

    (void)state;
    /* MD4 of UTF-16LE: the NT hashes of "foo" and "password"; the salt plays no part. */
    assert_int_equal(et->string_to_key(P(), et, (const uint8_t *)"foo", 3, (const uint8_t *)"EXAMPLE.COMuser", 15,
                                       NULL, 0, key),
                     KRB5C_OK);
    assert_hex(key, 16, "ac8e657f83df82beea5d43bdaf7800cc");
    assert_int_equal(et->string_to_key(P(), et, (const uint8_t *)"password", 8, NULL, 0, NULL, 0, key), KRB5C_OK);
    assert_hex(key, 16, KRB5_VEC_NT_PASSWORD);
    encrypt_case(&krb5_encrypt_rc4_hmac);
}

/* Every enctype: fresh confounders, decryption back, and a flipped bit, another usage or a shorter ciphertext
 * refused with nothing returned. */
static void test_round_trip_and_tamper(void **state)
{
    static const size_t lengths[] = {0, 1, 16, 33};
    size_t count;
    const krb5_enctype *table = krb5_enctype_table(&count);

    (void)state;
    assert_true(count >= 5);
    for (size_t e = 0; e < count; e++) {
        const krb5_enctype *et = &table[e];
        uint8_t key[KRB5_MAX_KEY];
        for (size_t i = 0; i < et->key_size; i++)
            key[i] = (uint8_t)(i * 7 + et->id);
        for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++) {
            uint8_t plain[64], c1[128], c2[128], back[128];
            size_t len = lengths[l], clen = krb5_ciphertext_len(et, len), back_len = 99;
            for (size_t i = 0; i < len; i++)
                plain[i] = (uint8_t)i;
            assert_int_equal(et->encrypt(P(), et, key, 3, NULL, plain, len, c1), KRB5C_OK);
            assert_int_equal(et->encrypt(P(), et, key, 3, NULL, plain, len, c2), KRB5C_OK);
            assert_memory_not_equal(c1, c2, clen);
            assert_int_equal(et->decrypt(P(), et, key, 3, c1, clen, back, &back_len), KRB5C_OK);
            assert_int_equal(back_len, len);
            if (len)
                assert_memory_equal(back, plain, len);
            assert_int_equal(et->decrypt(P(), et, key, 4, c1, clen, back, &back_len), KRB5C_ERR_INTEGRITY);
            assert_int_equal(back_len, 0);
            for (size_t i = 0; i < clen; i += 5) {
                c1[i] ^= 0x01;
                assert_int_equal(et->decrypt(P(), et, key, 3, c1, clen, back, &back_len), KRB5C_ERR_INTEGRITY);
                assert_int_equal(back_len, 0);
                c1[i] ^= 0x01;
            }
            {
                int rc = et->decrypt(P(), et, key, 3, c1, clen - 1, back, &back_len);
                assert_true(rc == KRB5C_ERR_ARG || rc == KRB5C_ERR_INTEGRITY);
                assert_int_equal(back_len, 0);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hashes),
        cmocka_unit_test(test_hmacs),
        cmocka_unit_test(test_pbkdf2),
        cmocka_unit_test(test_aes),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_s2k_rfc3962),
        cmocka_unit_test(test_cts_rfc3962),
        cmocka_unit_test(test_s2k_rfc8009),
        cmocka_unit_test(test_encrypt_rfc8009),
        cmocka_unit_test(test_rc4_hmac),
        cmocka_unit_test(test_round_trip_and_tamper),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
