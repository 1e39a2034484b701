/* What the Kerberos crypto tests share (native with OpenSSL, under Wine with bcrypt): hex helpers and the known-answer
 * cases, run over the primitives each test passes. Include after <cmocka.h>, <stdio.h> and <string.h>. */
#ifndef LSAEMU_TESTS_KRB5_TEST_HELPERS_H
#define LSAEMU_TESTS_KRB5_TEST_HELPERS_H

#include "krb5_cts.h"
#include "krb5_enctype.h"
#include "krb5_vectors.h"

/* Hex with optional spaces into out; returns the byte count. */
static size_t unhex(const char *hex, uint8_t *out, size_t size)
{
    size_t n = 0;

    while (*hex) {
        unsigned v;
        if (*hex == ' ') {
            hex++;
            continue;
        }
        assert_int_equal(sscanf(hex, "%2x", &v), 1);
        assert_true(n < size);
        out[n++] = (uint8_t)v;
        hex += 2;
    }
    return n;
}

static void assert_hex(const uint8_t *got, size_t len, const char *want)
{
    uint8_t w[256];
    size_t n = unhex(want, w, sizeof(w));

    assert_int_equal(len, n);
    assert_memory_equal(got, w, n);
}

/* string-to-key with the iteration count as s2kparams. */
static void krb5_test_s2k(const krb5_primitives *p, int32_t enctype, const char *password, const uint8_t *salt,
                          size_t salt_len, uint32_t iterations, const char *want)
{
    const krb5_enctype *et = krb5_enctype_lookup(enctype);
    uint8_t params[4] = {(uint8_t)(iterations >> 24), (uint8_t)(iterations >> 16), (uint8_t)(iterations >> 8),
                         (uint8_t)iterations};
    uint8_t key[KRB5_MAX_KEY];

    assert_non_null(et);
    assert_int_equal(et->string_to_key(p, et, (const uint8_t *)password, strlen(password), salt, salt_len, params,
                                       sizeof(params), key),
                     KRB5C_OK);
    assert_hex(key, et->key_size, want);
}

/* RFC 3962 B's AES-CTS vector of len bytes, both ways. */
static void krb5_test_cts(const krb5_primitives *p, size_t len, const char *want)
{
    uint8_t key[16], in[64], out[64], back[64];

    unhex(KRB5_VEC_CTS_KEY, key, sizeof(key));
    unhex(KRB5_VEC_CTS_INPUT, in, sizeof(in));
    assert_int_equal(krb5_cts_encrypt(p, key, 16, NULL, in, out, len), 0);
    assert_hex(out, len, want);
    assert_int_equal(krb5_cts_decrypt(p, key, 16, NULL, out, back, len), 0);
    assert_memory_equal(back, in, len);
}

#endif
