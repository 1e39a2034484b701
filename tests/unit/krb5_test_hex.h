/* Hex helpers for the Kerberos crypto tests (native and under Wine); include after <cmocka.h> and <stdio.h>. */
#ifndef LSAEMU_TESTS_KRB5_TEST_HEX_H
#define LSAEMU_TESTS_KRB5_TEST_HEX_H

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

#endif
