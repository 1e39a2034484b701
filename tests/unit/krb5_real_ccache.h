/* real.ccache (tests/data/krb5: a TGT and a service ticket MIT's kinit and kvno wrote), parsed, for the tests that
 * build KRB-CRED from its credentials. Include after <cmocka.h>; the test defines LSAEMU_KRB5_DATA_DIR. */
#ifndef LSAEMU_TESTS_KRB5_REAL_CCACHE_H
#define LSAEMU_TESTS_KRB5_REAL_CCACHE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kcc.h"
#include "krb5_test_data.h"

#ifndef LSAEMU_KRB5_DATA_DIR
#error LSAEMU_KRB5_DATA_DIR must name tests/data/krb5
#endif

/* Parses the file into *real; listed[] get shallow copies of its two ordinary credentials (not configuration
 * entries), valid while *real is. */
static void krb5_real_ccache_load(kcc_cache *real, kcc_cred listed[2])
{
    uint8_t *bytes;
    size_t i = 0, n = 0, size;

    bytes = krb5_test_data_read("real.ccache", &size);
    assert_int_equal(kcc_parse(bytes, size, real), KCC_OK);
    free(bytes);
    while (n < 2 && kcc_next_listed(real, &i) == KCC_OK)
        listed[n++] = real->creds[i++];
    assert_int_equal(n, 2);
}

#endif
