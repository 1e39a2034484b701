/* The Kerberos enctypes against the RFCs' own test vectors (RFC 3961 A.1 n-fold, RFC 3962 B string-to-key and
 * AES-CTS, RFC 8009 A), the published vectors of MIT krb5's crypto tests (AES-SHA1 and RC4-HMAC encryption, checksums,
 * RC4 string-to-key), RC4-HMAC (RFC 4757) against the NT hash and values computed independently with Python's
 * hmac/hashlib, then round trips and tamper detection for every enctype, with OpenSSL as the platform. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "krb5_cts.h"
#include "krb5_enctype.h"
#include "krb5_nfold.h"
#include "krb5_openssl.h"
#include "krb5_rc4.h"
#include "krb5_test_helpers.h"
#include "krb5_vectors.h"

static const krb5_primitives *P(void)
{
    return krb5_openssl_primitives();
}

/* ---- RFC 3961 A.1 ---- */

static void nfold_case(const char *in, size_t bits, const char *want)
{
    uint8_t out[64];

    assert_int_equal(krb5_nfold((const uint8_t *)in, strlen(in), out, bits / 8), 0);
    assert_hex(out, bits / 8, want);
}

static void test_nfold_rfc3961(void **state)
{
    (void)state;
    nfold_case("012345", 64, "be072631276b1955");
    nfold_case("password", 56, "78a07b6caf85fa");
    nfold_case("Rough Consensus, and Running Code", 64, "bb6ed30870b7f0e0");
    nfold_case("password", 168, "59e4a8ca7c0385c3c37b3f6d2000247cb6e6bd5b3e");
    nfold_case("MASSACHVSETTS INSTITVTE OF TECHNOLOGY", 192, "db3b0d8f0b061e603282b308a50841229ad798fab9540c1b");
    nfold_case("Q", 168, "518a54a215a8452a518a54a215a8452a518a54a215");
    nfold_case("ba", 168, "fb25d531ae8974499f52fd92ea9857c4ba24cf297e");
    nfold_case("kerberos", 64, "6b65726265726f73");
    nfold_case("kerberos", 128, "6b65726265726f737b9b5b2b93132b93");
    nfold_case("kerberos", 168, "8372c236344e5f1550cd0747e15d62ca7a5a3bcea4");
    nfold_case("kerberos", 256, "6b65726265726f737b9b5b2b93132b935c9bdcdad95c9899c4cae4dee6d6cae4");
}

static void test_nfold_bad_lengths(void **state)
{
    uint8_t out[8];

    (void)state;
    assert_int_equal(krb5_nfold((const uint8_t *)"a", 0, out, 8), -1);
    assert_int_equal(krb5_nfold((const uint8_t *)"a", 1, out, 0), -1);
}

/* ---- RFC 3962 B ---- */

#define S(s) (const uint8_t *)(s), strlen(s)

static void test_s2k_rfc3962(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(krb5_s2k_rfc3962) / sizeof(krb5_s2k_rfc3962[0]); i++) {
        const krb5_s2k_vector *v = &krb5_s2k_rfc3962[i];
        krb5_test_s2k(P(), v->enctype, v->password, (const uint8_t *)v->salt, v->salt_len, v->iterations,
                      v->key);
    }
}

static void test_s2k_params_refused(void **state)
{
    static const uint8_t zero[4] = {0}, three[3] = {0, 0, 1};
    uint8_t key[KRB5_MAX_KEY];
    size_t count;
    const krb5_enctype *table = krb5_enctype_table(&count);

    (void)state;
    for (size_t i = 0; i < count; i++) {
        const krb5_enctype *et = &table[i];
        assert_int_equal(et->string_to_key(P(), et, S("pw"), S("salt"), zero, sizeof(zero), key), KRB5C_ERR_ARG);
        assert_int_equal(et->string_to_key(P(), et, S("pw"), S("salt"), three, sizeof(three), key), KRB5C_ERR_ARG);
    }
}

static void test_cts_rfc3962(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(krb5_cts_rfc3962) / sizeof(krb5_cts_rfc3962[0]); i++)
        krb5_test_cts(P(), krb5_cts_rfc3962[i].len, krb5_cts_rfc3962[i].out);
}

static void test_cts_short_refused(void **state)
{
    uint8_t key[16] = {0}, buf[16] = {0};

    (void)state;
    assert_int_equal(krb5_cts_encrypt(P(), key, 16, NULL, buf, buf, 15), -1);
    assert_int_equal(krb5_cts_decrypt(P(), key, 16, NULL, buf, buf, 0), -1);
}

/* ---- RFC 8009 A ---- */

#define SALT8009 KRB5_VEC_SALT8009
#define BASE19 KRB5_VEC_BASE19
#define BASE20 KRB5_VEC_BASE20
#define PLAIN21 KRB5_VEC_PLAIN21

static void test_s2k_rfc8009(void **state)
{
    uint8_t salt[64];
    size_t n = unhex(SALT8009, salt, sizeof(salt));

    (void)state;
    for (size_t i = 0; i < sizeof(krb5_s2k_rfc8009) / sizeof(krb5_s2k_rfc8009[0]); i++)
        krb5_test_s2k(P(), krb5_s2k_rfc8009[i].enctype, "password", salt, n, 32768,
                      krb5_s2k_rfc8009[i].key);
}

static void derive_case(int32_t enctype, const char *base, uint8_t kind, const char *want)
{
    const krb5_enctype *et = krb5_enctype_lookup(enctype);
    uint8_t key[KRB5_MAX_KEY], out[KRB5_MAX_DIGEST];
    size_t len = 0;

    unhex(base, key, sizeof(key));
    assert_int_equal(et->derive(P(), et, key, 2, kind, out, &len), KRB5C_OK);
    assert_hex(out, len, want);
}

static void test_derive_rfc8009(void **state)
{
    (void)state;
    derive_case(19, BASE19, KRB5_DERIVE_KC, "b31a018a48f54776f403e9a396325dc3");
    derive_case(19, BASE19, KRB5_DERIVE_KE, "9b197dd1e8c5609d6e67c3e37c62c72e");
    derive_case(19, BASE19, KRB5_DERIVE_KI, "9fda0e56ab2d85e1569a688696c26a6c");
    derive_case(20, BASE20, KRB5_DERIVE_KC, "ef5718be86cc84963d8bbb5031e9f5c4ba41f28faf69e73d");
    derive_case(20, BASE20, KRB5_DERIVE_KE, "56ab22bee63d82d7bc5227f6773f8ea7a5eb1c825160c38312980c442e5c7e49");
    derive_case(20, BASE20, KRB5_DERIVE_KI, "69b16514e3cd8e56b82010d5c73012b622c4d00ffc23ed1f");
}

/* Encryption with a given confounder under a key usage, then decryption back. */
static void encrypt_usage_case(int32_t enctype, uint32_t usage, const char *base, const char *confounder,
                               const char *plain, const char *want)
{
    const krb5_enctype *et = krb5_enctype_lookup(enctype);
    uint8_t key[KRB5_MAX_KEY], conf[16], in[64], out[128], back[128];
    size_t in_len = unhex(plain, in, sizeof(in)), back_len = 0;
    size_t out_len = krb5_ciphertext_len(et, in_len);

    unhex(base, key, sizeof(key));
    unhex(confounder, conf, sizeof(conf));
    assert_int_equal(et->encrypt(P(), et, key, usage, conf, in, in_len, out), KRB5C_OK);
    assert_hex(out, out_len, want);
    assert_int_equal(et->decrypt(P(), et, key, usage, out, out_len, back, &back_len), KRB5C_OK);
    assert_int_equal(back_len, in_len);
    assert_memory_equal(back, in, in_len);
}

static void test_encrypt_rfc8009(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(krb5_encrypt_rfc8009) / sizeof(krb5_encrypt_rfc8009[0]); i++) {
        const krb5_encrypt_vector *v = &krb5_encrypt_rfc8009[i];
        encrypt_usage_case(v->enctype, v->usage, v->key, v->confounder, v->plain, v->out);
    }
}

static void checksum_case(int32_t enctype, const char *base, const char *want)
{
    const krb5_enctype *et = krb5_enctype_lookup(enctype);
    uint8_t key[KRB5_MAX_KEY], data[64], out[KRB5_MAX_DIGEST];
    size_t len = unhex(PLAIN21, data, sizeof(data));

    unhex(base, key, sizeof(key));
    assert_int_equal(et->checksum(P(), et, key, 2, data, len, out), KRB5C_OK);
    assert_hex(out, et->checksum_size, want);
    assert_int_equal(krb5_checksum_verify(P(), et, key, 2, data, len, out, et->checksum_size), KRB5C_OK);
}

static void test_checksum_rfc8009(void **state)
{
    (void)state;
    checksum_case(19, BASE19, "d78367186643d67b411cba9139fc1dee");
    checksum_case(20, BASE20, "45ee791567eefca37f4ac1e0222de80d43c3bfa06699672a");
}

/* ---- RFC 4757 ---- */

static void test_rc4_known_answer(void **state)
{
    uint8_t out[9];

    (void)state;
    assert_int_equal(krb5_rc4((const uint8_t *)"Key", 3, (const uint8_t *)"Plaintext", out, 9), 0);
    assert_hex(out, 9, "bbf316e8d940af0ad3");
    assert_int_equal(krb5_rc4(out, 0, out, out, 9), -1);
}

#define NT_PASSWORD KRB5_VEC_NT_PASSWORD

static void test_rc4_hmac_string_to_key(void **state)
{
    const krb5_enctype *et = krb5_enctype_lookup(KRB5_ENCTYPE_RC4_HMAC);
    uint8_t key[16];

    (void)state;
    /* The salt plays no part. */
    assert_int_equal(et->string_to_key(P(), et, S("password"), S("EXAMPLE.COMuser"), NULL, 0, key), KRB5C_OK);
    assert_hex(key, 16, NT_PASSWORD);
    /* Invalid UTF-8 and an embedded NUL are refused, not hashed. */
    assert_int_equal(et->string_to_key(P(), et, (const uint8_t *)"\xff", 1, NULL, 0, NULL, 0, key), KRB5C_ERR_ARG);
    assert_int_equal(et->string_to_key(P(), et, (const uint8_t *)"a\0b", 3, NULL, 0, NULL, 0, key), KRB5C_ERR_ARG);
}

static void test_rc4_hmac_known_answer(void **state)
{
    const krb5_encrypt_vector *v = &krb5_encrypt_rc4_hmac;

    (void)state;
    encrypt_usage_case(v->enctype, v->usage, v->key, v->confounder, v->plain, v->out);
}

static void test_rc4_hmac_usage_mapping(void **state)
{
    const krb5_enctype *et = krb5_enctype_lookup(KRB5_ENCTYPE_RC4_HMAC);
    const char *text = "rc4-hmac known answer";
    uint8_t key[16], c3[64], c8[64], c9[64], conf[8] = {1, 2, 3, 4, 5, 6, 7, 8}, sum[16];

    (void)state;
    unhex(NT_PASSWORD, key, sizeof(key));
    assert_int_equal(et->checksum(P(), et, key, 3, (const uint8_t *)text, strlen(text), sum), KRB5C_OK);
    assert_hex(sum, 16, "6146855b7c28e3233da968feb97330dd");
    /* 3 and 9 are both Microsoft's 8, so they give the same ciphertext as 8; 23 is Microsoft's 13; 7 stays 7. */
    assert_int_equal(et->encrypt(P(), et, key, 3, conf, (const uint8_t *)text, 5, c3), KRB5C_OK);
    assert_int_equal(et->encrypt(P(), et, key, 8, conf, (const uint8_t *)text, 5, c8), KRB5C_OK);
    assert_int_equal(et->encrypt(P(), et, key, 9, conf, (const uint8_t *)text, 5, c9), KRB5C_OK);
    assert_memory_equal(c3, c8, krb5_ciphertext_len(et, 5));
    assert_memory_equal(c9, c8, krb5_ciphertext_len(et, 5));
    assert_int_equal(et->encrypt(P(), et, key, 23, conf, (const uint8_t *)text, 5, c3), KRB5C_OK);
    assert_int_equal(et->encrypt(P(), et, key, 13, conf, (const uint8_t *)text, 5, c8), KRB5C_OK);
    assert_memory_equal(c3, c8, krb5_ciphertext_len(et, 5));
    assert_int_equal(et->encrypt(P(), et, key, 7, conf, (const uint8_t *)text, 5, c9), KRB5C_OK);
    assert_memory_not_equal(c9, c8, krb5_ciphertext_len(et, 5));
}

/* ---- the published vectors of MIT krb5's crypto tests (t_encrypt, t_cksums, t_str2key), as values only ---- */

static void hex_of(const char *text, char *out)
{
    for (; *text; text++, out += 2)
        sprintf(out, "%02x", (unsigned char)*text);
    *out = 0;
}

static void mit_encrypt_case(int32_t enctype, uint32_t usage, const char *key, const char *confounder,
                             const char *text, const char *want)
{
    char plain[128];

    hex_of(text, plain);
    encrypt_usage_case(enctype, usage, key, confounder, plain, want);
}

static void mit_checksum_case(int32_t enctype, uint32_t usage, const char *key_hex, const char *text,
                              const char *want)
{
    const krb5_enctype *et = krb5_enctype_lookup(enctype);
    uint8_t key[KRB5_MAX_KEY], out[KRB5_MAX_DIGEST], w[KRB5_MAX_DIGEST];
    size_t n;

    unhex(key_hex, key, sizeof(key));
    assert_int_equal(et->checksum(P(), et, key, usage, (const uint8_t *)text, strlen(text), out), KRB5C_OK);
    assert_hex(out, et->checksum_size, want);
    n = unhex(want, w, sizeof(w));
    assert_int_equal(krb5_checksum_verify(P(), et, key, usage, (const uint8_t *)text, strlen(text), w, n), KRB5C_OK);
}

static void test_mit_vectors(void **state)
{
    const krb5_enctype *rc4 = krb5_enctype_lookup(KRB5_ENCTYPE_RC4_HMAC);
    uint8_t key[16];

    (void)state;
    mit_encrypt_case(17, 2, "9062430c8cda3388922e6d6a509f5b7a", "94b491f481485b9a0678cd3c4ea386ad", "9 bytesss",
                     "68fb9679601f45c78857b2bf820fd6e53eca8d42fd4b1d7024a09205abb7cd2ec26c355d2f");
    mit_encrypt_case(18, 4, "f1c795e9248a09338d82c3f8d5b567040b0110736845041347235b1404231398",
                     "e45ca518b42e266ad98e165e706ffb60", "30 bytes bytes bytes bytes byt",
                     "d1137a4d634cfece924dbc3bf6790648bd5cff7de0e7b99460211d0daef3d79a"
                     "295c688858f3b34b9cbd6eebae81daf6b734d4d498b6714f1c1d");
    mit_encrypt_case(23, 4, "68f263db3fce15d031c9eab02d67107a", "37245e73a45fbf72", "30 bytes bytes bytes bytes byt",
                     "95f9047c3ad75891c2e9b04b16566dc8b6eb9ce4231afb2542ef87a7b5a0f260"
                     "a99f0460508de0cecc632d07c354124e46c5d2234eb8");
    mit_checksum_case(17, 3, "9062430c8cda3388922e6d6a509f5b7a", "eight nine ten eleven twelve thirteen",
                      "01a4b088d45628f6946614e3");
    mit_checksum_case(18, 4, "b1ae4cd8462aff1677053cc9279aac30b796fb81ce21474dd3ddbcfea4ec76d7", "fourteen",
                      "e08739e3279e2903ec8e3836");
    mit_checksum_case(23, 6, "f7d3a155af5e238a0b7a871a96ba2ab2", "seventeen eighteen nineteen twenty",
                      "eb38cc97e2230f59da4117dc5859d7ec");
    assert_int_equal(rc4->string_to_key(P(), rc4, S("foo"), NULL, 0, NULL, 0, key), KRB5C_OK);
    assert_hex(key, 16, "ac8e657f83df82beea5d43bdaf7800cc");
}

/* ---- every enctype ---- */

static void test_table(void **state)
{
    size_t count;
    const krb5_enctype *table = krb5_enctype_table(&count);

    (void)state;
    assert_int_equal(count, 5);
    for (size_t i = 0; i < count; i++)
        assert_ptr_equal(krb5_enctype_lookup(table[i].id), &table[i]);
    assert_null(krb5_enctype_lookup(1));  /* des-cbc-crc: not supported */
    assert_null(krb5_enctype_lookup(16)); /* des3-cbc-sha1 */
    assert_string_equal(krb5_enctype_lookup(18)->name, "aes256-cts-hmac-sha1-96");
    assert_int_equal(krb5_enctype_lookup(18)->checksum_type, KRB5_CKSUMTYPE_HMAC_SHA1_96_AES256);
    assert_int_equal(krb5_enctype_lookup(23)->checksum_type, KRB5_CKSUMTYPE_HMAC_MD5);
}

static void test_round_trip_and_tamper(void **state)
{
    static const uint32_t usages[] = {1, 2, 3, 7, 8, 9, 11, 12, 13, 23, 1024};
    static const size_t lengths[] = {0, 1, 15, 16, 17, 31, 32, 33, 100};
    size_t count;
    const krb5_enctype *table = krb5_enctype_table(&count);

    (void)state;
    for (size_t e = 0; e < count; e++) {
        const krb5_enctype *et = &table[e];
        uint8_t key[KRB5_MAX_KEY], other[KRB5_MAX_KEY];
        for (size_t i = 0; i < et->key_size; i++)
            key[i] = (uint8_t)(i * 7 + et->id), other[i] = (uint8_t)(key[i] ^ 1);
        for (size_t u = 0; u < sizeof(usages) / sizeof(usages[0]); u++) {
            for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++) {
                uint8_t plain[100], c1[200], c2[200], back[200], sum[KRB5_MAX_DIGEST];
                size_t len = lengths[l], clen = krb5_ciphertext_len(et, len), back_len = 99;
                for (size_t i = 0; i < len; i++)
                    plain[i] = (uint8_t)(i + u);
                assert_int_equal(et->encrypt(P(), et, key, usages[u], NULL, plain, len, c1), KRB5C_OK);
                assert_int_equal(et->encrypt(P(), et, key, usages[u], NULL, plain, len, c2), KRB5C_OK);
                /* A fresh confounder each time. */
                assert_memory_not_equal(c1, c2, clen);
                assert_int_equal(et->decrypt(P(), et, key, usages[u], c1, clen, back, &back_len), KRB5C_OK);
                assert_int_equal(back_len, len);
                if (len)
                    assert_memory_equal(back, plain, len);
                /* Another usage or another key: an integrity failure, nothing returned. */
                assert_int_equal(et->decrypt(P(), et, key, usages[u] + 100, c1, clen, back, &back_len),
                                 KRB5C_ERR_INTEGRITY);
                assert_int_equal(back_len, 0);
                assert_int_equal(et->decrypt(P(), et, other, usages[u], c1, clen, back, &back_len),
                                 KRB5C_ERR_INTEGRITY);
                /* Every flipped bit (one per byte, rotating) in ciphertext and MAC. */
                for (size_t i = 0; i < clen; i++) {
                    c1[i] ^= (uint8_t)(1u << (i % 8));
                    assert_int_equal(et->decrypt(P(), et, key, usages[u], c1, clen, back, &back_len),
                                     KRB5C_ERR_INTEGRITY);
                    assert_int_equal(back_len, 0);
                    c1[i] ^= (uint8_t)(1u << (i % 8));
                }
                /* Truncations: too short for the format, or a MAC that no longer matches. */
                for (size_t cut = 1; cut <= clen; cut++) {
                    int rc = et->decrypt(P(), et, key, usages[u], c1, clen - cut, back, &back_len);
                    assert_true(rc == KRB5C_ERR_ARG || rc == KRB5C_ERR_INTEGRITY);
                    assert_int_equal(back_len, 0);
                }
                /* Checksums: verified, and refused once a bit or the usage changes. */
                assert_int_equal(et->checksum(P(), et, key, usages[u], plain, len, sum), KRB5C_OK);
                assert_int_equal(krb5_checksum_verify(P(), et, key, usages[u], plain, len, sum, et->checksum_size),
                                 KRB5C_OK);
                assert_int_equal(
                    krb5_checksum_verify(P(), et, key, usages[u] + 100, plain, len, sum, et->checksum_size),
                    KRB5C_ERR_INTEGRITY);
                assert_int_equal(krb5_checksum_verify(P(), et, key, usages[u], plain, len, sum, et->checksum_size - 1),
                                 KRB5C_ERR_INTEGRITY);
                sum[et->checksum_size - 1] ^= 0x80;
                assert_int_equal(krb5_checksum_verify(P(), et, key, usages[u], plain, len, sum, et->checksum_size),
                                 KRB5C_ERR_INTEGRITY);
            }
        }
    }
}

static void test_string_to_key_round_trip(void **state)
{
    size_t count;
    const krb5_enctype *table = krb5_enctype_table(&count);

    (void)state;
    /* The default iteration counts (4096 for RFC 3962, 32768 for RFC 8009) give the same key as explicit ones. */
    for (size_t e = 0; e < 4; e++) {
        const krb5_enctype *et = &table[e];
        uint32_t it = e < 2 ? 4096 : 32768;
        uint8_t params[4] = {(uint8_t)(it >> 24), (uint8_t)(it >> 16), (uint8_t)(it >> 8), (uint8_t)it};
        uint8_t k1[KRB5_MAX_KEY], k2[KRB5_MAX_KEY];
        assert_int_equal(et->string_to_key(P(), et, S("pw"), S("EXAMPLE.COMuser"), NULL, 0, k1), KRB5C_OK);
        assert_int_equal(et->string_to_key(P(), et, S("pw"), S("EXAMPLE.COMuser"), params, 4, k2), KRB5C_OK);
        assert_memory_equal(k1, k2, et->key_size);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nfold_rfc3961),
        cmocka_unit_test(test_nfold_bad_lengths),
        cmocka_unit_test(test_s2k_rfc3962),
        cmocka_unit_test(test_s2k_params_refused),
        cmocka_unit_test(test_cts_rfc3962),
        cmocka_unit_test(test_cts_short_refused),
        cmocka_unit_test(test_s2k_rfc8009),
        cmocka_unit_test(test_derive_rfc8009),
        cmocka_unit_test(test_encrypt_rfc8009),
        cmocka_unit_test(test_checksum_rfc8009),
        cmocka_unit_test(test_rc4_known_answer),
        cmocka_unit_test(test_rc4_hmac_string_to_key),
        cmocka_unit_test(test_rc4_hmac_known_answer),
        cmocka_unit_test(test_rc4_hmac_usage_mapping),
        cmocka_unit_test(test_mit_vectors),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_round_trip_and_tamper),
        cmocka_unit_test(test_string_to_key_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
