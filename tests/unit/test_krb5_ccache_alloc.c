/* The ccache library built with LSAEMU_KCC_ALLOC_HOOK: its allocations come through here. Every allocation of a parse
 * and of each edit is made to fail in turn (clean KCC_E_NO_MEMORY, nothing leaked, an edited cache unchanged), and
 * every freed block is searched for session-key bytes, which must have been wiped first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kcc.h"
#include "kcc_alloc.h"
#include "krb5_test_data.h"

#ifndef LSAEMU_KRB5_DATA_DIR
#error LSAEMU_KRB5_DATA_DIR must name tests/data/krb5
#endif

/* Each block carries its size in front so realloc can copy and free can scan. */
typedef struct {
    size_t size;
    size_t pad;
} block_header;

static long fail_at = -1; /* index of the allocation to refuse, -1 for none */
static long allocations;
static long live;
static uint8_t watched[4][8]; /* key prefixes that must never be seen in a freed block */
static size_t watched_count;
static int secret_found;

void *lsaemu_kcc_test_malloc(size_t size)
{
    if (allocations++ == fail_at)
        return NULL;
    block_header *h = malloc(sizeof(*h) + (size ? size : 1));
    if (!h)
        return NULL;
    h->size = size;
    live++;
    return h + 1;
}

void *lsaemu_kcc_test_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = lsaemu_kcc_test_malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void lsaemu_kcc_test_free(void *ptr)
{
    if (!ptr)
        return;
    block_header *h = (block_header *)ptr - 1;
    const uint8_t *bytes = ptr;
    for (size_t w = 0; w < watched_count; w++)
        for (size_t at = 0; h->size >= 8 && at <= h->size - 8; at++)
            if (!memcmp(bytes + at, watched[w], 8))
                secret_found = 1;
    live--;
    free(h);
}

void *lsaemu_kcc_test_realloc(void *ptr, size_t size)
{
    void *p = lsaemu_kcc_test_malloc(size);
    if (!p || !ptr)
        return p;
    size_t old = ((block_header *)ptr - 1)->size;
    memcpy(p, ptr, old < size ? old : size);
    lsaemu_kcc_test_free(ptr);
    return p;
}

static uint8_t *load(size_t *size)
{
    return krb5_test_data_read("real.ccache", size);
}

static uint8_t *serialize(const kcc_cache *c, size_t *n)
{
    size_t need;
    uint8_t *out;

    assert_int_equal(kcc_serialized_size(c, &need), KCC_OK);
    out = malloc(need);
    assert_non_null(out);
    assert_int_equal(kcc_serialize(c, out, need, n), KCC_OK);
    return out;
}

static void test_parse_every_allocation_fails(void **state)
{
    size_t size;
    uint8_t *bytes = load(&size);
    kcc_cache c;
    long n;

    (void)state;
    for (n = 0;; n++) {
        allocations = 0;
        fail_at = n;
        kcc_status s = kcc_parse(bytes, size, &c);
        fail_at = -1;
        if (s == KCC_OK)
            break;
        assert_int_equal(s, KCC_E_NO_MEMORY);
        assert_int_equal(live, 0);
        assert_int_equal(c.cred_count, 0);
    }
    /* The real file needs dozens of allocations: the loop really went through them. */
    assert_true(n > 20);
    kcc_cache_free(&c);
    assert_int_equal(live, 0);
    free(bytes);
}

static void test_keys_wiped_on_free(void **state)
{
    size_t size;
    uint8_t *bytes = load(&size);
    kcc_cache c, copy;

    (void)state;
    assert_int_equal(kcc_parse(bytes, size, &c), KCC_OK);
    watched_count = 0;
    for (size_t i = 0; i < c.cred_count; i++) {
        if (c.creds[i].key.length >= 8) {
            memcpy(watched[watched_count++], c.creds[i].key.bytes, 8);
        }
    }
    assert_int_equal(watched_count, 2);
    /* The copies an edit makes are secrets too. */
    memset(&copy, 0, sizeof(copy));
    copy.version = KCC_VERSION_4;
    assert_int_equal(kcc_principal_copy(&copy.default_principal, &c.default_principal), KCC_OK);
    assert_int_equal(kcc_add_cred(&copy, &c.creds[1]), KCC_OK);
    assert_int_equal(kcc_add_cred(&copy, &c.creds[2]), KCC_OK);
    assert_int_equal(kcc_remove_server(&copy, &c.creds[2].server, NULL), KCC_OK);
    secret_found = 0;
    kcc_cache_free(&copy);
    kcc_cache_free(&c);
    assert_false(secret_found);
    assert_int_equal(live, 0);
    /* The check can fail: a freed block still holding a key is seen. */
    uint8_t *block = lsaemu_kcc_test_malloc(16);
    assert_non_null(block);
    memcpy(block + 3, watched[0], 8);
    lsaemu_kcc_test_free(block);
    assert_true(secret_found);
    watched_count = 0;
    secret_found = 0;
    free(bytes);
}

/* An edit that runs out of memory leaves the cache exactly as it was. */
static void test_edits_every_allocation_fails(void **state)
{
    size_t size, before_n, after_n;
    uint8_t *bytes = load(&size);
    const char *names[] = {"krbtgt", "LSAEMU.TEST"};
    kcc_principal tgs;
    kcc_cache c;

    (void)state;
    assert_int_equal(kcc_parse(bytes, size, &c), KCC_OK);
    assert_int_equal(kcc_principal_set(&tgs, 2, "LSAEMU.TEST", 2, names), KCC_OK);
    uint8_t *before = serialize(&c, &before_n);
    for (int edit = 0; edit < 4; edit++) {
        for (long n = 0;; n++) {
            allocations = 0;
            fail_at = n;
            kcc_status s;
            switch (edit) {
            case 0: s = kcc_add_cred(&c, &c.creds[2]); break;
            case 1: s = kcc_set_config(&c, "pa_type", &tgs, "2", 1); break;
            case 2: s = kcc_set_config(&c, "fast_avail", &tgs, "no", 2); break;
            default: s = kcc_set_kdc_offset(&c, 7, 8); break;
            }
            fail_at = -1;
            if (s == KCC_OK)
                break;
            assert_int_equal(s, KCC_E_NO_MEMORY);
            uint8_t *after = serialize(&c, &after_n);
            assert_int_equal(after_n, before_n);
            assert_memory_equal(after, before, before_n);
            free(after);
        }
        free(before);
        before = serialize(&c, &before_n);
    }
    free(before);
    assert_int_equal(c.cred_count, 5);
    kcc_principal_free(&tgs);
    kcc_cache_free(&c);
    assert_int_equal(live, 0);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_every_allocation_fails),
        cmocka_unit_test(test_keys_wiped_on_free),
        cmocka_unit_test(test_edits_every_allocation_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
