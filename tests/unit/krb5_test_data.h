/* A file of tests/data/krb5 read whole, for the Kerberos unit tests. Include after <cmocka.h>; the test defines
 * LSAEMU_KRB5_DATA_DIR. The caller frees the bytes with free(). */
#ifndef LSAEMU_TESTS_KRB5_TEST_DATA_H
#define LSAEMU_TESTS_KRB5_TEST_DATA_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef LSAEMU_KRB5_DATA_DIR
#error LSAEMU_KRB5_DATA_DIR must name tests/data/krb5
#endif

static uint8_t *krb5_test_data_read(const char *name, size_t *size)
{
    char path[1024];
    uint8_t *bytes;
    FILE *f;
    long n;

    snprintf(path, sizeof(path), "%s/%s", LSAEMU_KRB5_DATA_DIR, name);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    bytes = malloc((size_t)n);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return bytes;
}

#endif
