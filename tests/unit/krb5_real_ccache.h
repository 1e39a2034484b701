/* real.ccache (tests/data/krb5: a TGT and a service ticket MIT's kinit and kvno wrote), parsed, for the tests that
 * build KRB-CRED from its credentials. Include after <cmocka.h>; the test defines LSAEMU_KRB5_DATA_DIR. */
#ifndef LSAEMU_TESTS_KRB5_REAL_CCACHE_H
#define LSAEMU_TESTS_KRB5_REAL_CCACHE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kcc.h"

#ifndef LSAEMU_KRB5_DATA_DIR
#error LSAEMU_KRB5_DATA_DIR must name tests/data/krb5
#endif

/* Parses the file into *real; listed[] get shallow copies of its two ordinary credentials (not configuration
 * entries), valid while *real is. */
static void krb5_real_ccache_load(kcc_cache *real, kcc_cred listed[2])
{
    char path[1024];
    uint8_t *bytes;
    size_t i = 0, n = 0;
    long size;
    FILE *f;

    snprintf(path, sizeof(path), "%s/real.ccache", LSAEMU_KRB5_DATA_DIR);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    bytes = malloc((size_t)size);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    assert_int_equal(kcc_parse(bytes, (size_t)size, real), KCC_OK);
    free(bytes);
    while (n < 2 && kcc_next_listed(real, &i) == KCC_OK)
        listed[n++] = real->creds[i++];
    assert_int_equal(n, 2);
}

#endif
