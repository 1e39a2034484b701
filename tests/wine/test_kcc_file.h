/* MIT ccache files for the Wine Kerberos tests (test_kerberos_cache.c, test_kerberos_pkg.h and its users): a file
 * read whole, a cache parsed from or written to a file, its tickets' times moved, its configuration entries counted.
 * Header-only; include after <cmocka.h>. */
#ifndef LSAEMU_TESTS_WINE_TEST_KCC_FILE_H
#define LSAEMU_TESTS_WINE_TEST_KCC_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kcc.h"

/* The whole file, in a malloc'd buffer (one byte at least, so that an empty file is not a NULL). */
static inline uint8_t *kcc_file_read(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    long n;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc(n ? (size_t)n : 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return data;
}

static inline void kcc_file_load(const char *path, kcc_cache *cache)
{
    size_t size;
    uint8_t *data = kcc_file_read(path, &size);

    assert_int_equal(kcc_parse(data, size, cache), KCC_OK);
    free(data);
}

static inline void kcc_file_write(const char *path, const kcc_cache *cache)
{
    size_t size = 0, written = 0;
    uint8_t *data;
    FILE *f;

    assert_int_equal(kcc_serialized_size(cache, &size), KCC_OK);
    data = malloc(size);
    assert_non_null(data);
    assert_int_equal(kcc_serialize(cache, data, size, &written), KCC_OK);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    fclose(f);
    free(data);
}

/* Every ticket's times moved by delta seconds (a starttime or renew_till of 0, "none", stays 0). */
static inline void kcc_file_shift_times(kcc_cache *cache, int64_t delta)
{
    size_t i;

    for (i = 0; i < cache->cred_count; i++) {
        kcc_cred *c = &cache->creds[i];
        if (kcc_is_config(c))
            continue;
        c->authtime = (uint32_t)(c->authtime + delta);
        c->starttime = c->starttime ? (uint32_t)(c->starttime + delta) : 0;
        c->endtime = (uint32_t)(c->endtime + delta);
        c->renew_till = c->renew_till ? (uint32_t)(c->renew_till + delta) : 0;
    }
}

static inline size_t kcc_file_config_count(const kcc_cache *cache)
{
    size_t i, n = 0;

    for (i = 0; i < cache->cred_count; i++)
        n += kcc_is_config(&cache->creds[i]) != 0;
    return n;
}

#endif
