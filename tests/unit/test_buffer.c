/* lsa_buffer: locating embedded regions and UNICODE_STRINGs in a submit buffer copy. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lsa_buffer.h"

#define BASE 0x7FF612340000ull /* a plausible client address for the buffer */
#define UNTOUCHED ((size_t)0xDEADBEEF)

typedef struct region_case {
    const char *what;
    size_t buf_len;
    uint64_t base;
    uint64_t ptr;
    uint64_t length;
    lsa_buf_status expect;
    size_t offset; /* when expect is LSA_BUF_OK */
} region_case;

static const region_case region_cases[] = {
    { "NULL, empty", 100, BASE, 0, 0, LSA_BUF_OK, 0 },
    { "NULL with a length", 100, BASE, 0, 1, LSA_BUF_NULL_WITH_LENGTH, 0 },
    { "absolute inside", 100, BASE, BASE + 16, 16, LSA_BUF_OK, 16 },
    { "absolute at start", 100, BASE, BASE, 100, LSA_BUF_OK, 0 },
    { "absolute up to the end", 100, BASE, BASE + 90, 10, LSA_BUF_OK, 90 },
    { "absolute one byte past the end", 100, BASE, BASE + 91, 10, LSA_BUF_OUT_OF_RANGE, 0 },
    { "absolute empty at the end", 100, BASE, BASE + 100, 0, LSA_BUF_OK, 100 },
    { "absolute empty past the end", 100, BASE, BASE + 101, 0, LSA_BUF_OUT_OF_RANGE, 0 },
    { "absolute just below the buffer", 100, BASE, BASE - 1, 1, LSA_BUF_OUT_OF_RANGE, 0 },
    { "absolute, length wraps 64 bits", 100, BASE, BASE + 50, UINT64_MAX - 40, LSA_BUF_OUT_OF_RANGE, 0 },
    { "absolute, huge length", 100, BASE, BASE, UINT64_MAX, LSA_BUF_OUT_OF_RANGE, 0 },
    { "relative inside", 100, BASE, 16, 16, LSA_BUF_OK, 16 },
    { "relative up to the end", 100, BASE, 60, 40, LSA_BUF_OK, 60 },
    { "relative one byte past the end", 100, BASE, 60, 41, LSA_BUF_OUT_OF_RANGE, 0 },
    { "relative empty at the end", 100, BASE, 100, 0, LSA_BUF_OK, 100 },
    { "relative empty past the end", 100, BASE, 101, 0, LSA_BUF_OUT_OF_RANGE, 0 },
    { "relative, length wraps 64 bits", 100, BASE, 1, UINT64_MAX, LSA_BUF_OUT_OF_RANGE, 0 },
    { "pointer at the top of the address space", 100, BASE, UINT64_MAX, 1, LSA_BUF_OUT_OF_RANGE, 0 },
    { "buffer at the top, inside", 100, UINT64_MAX - 99, UINT64_MAX - 9, 10, LSA_BUF_OK, 90 },
    { "buffer at the top, past the end", 100, UINT64_MAX - 99, UINT64_MAX - 9, 11, LSA_BUF_OUT_OF_RANGE, 0 },
    { "buffer at the top, empty at its last byte", 100, UINT64_MAX - 99, UINT64_MAX, 0, LSA_BUF_OK, 99 },
    { "empty buffer, empty region at it", 0, BASE, BASE, 0, LSA_BUF_OK, 0 },
    { "empty buffer, one byte", 0, BASE, BASE, 1, LSA_BUF_OUT_OF_RANGE, 0 },
    { "base 0: both dialects agree", 10, 0, 5, 5, LSA_BUF_OK, 5 },
    { "base below buf_len: absolute reading wins", 100, 10, 20, 85, LSA_BUF_OK, 10 },
    { "base below buf_len: relative when absolute is below", 100, 50, 20, 10, LSA_BUF_OK, 20 },
};

static void test_region_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(region_cases) / sizeof(region_cases[0]); i++) {
        const region_case *c = &region_cases[i];
        size_t offset = UNTOUCHED;
        lsa_buf_status st = lsa_buf_locate_region(c->buf_len, c->base, c->ptr, c->length, &offset);

        /* a refusal writes nothing */
        if (st != c->expect || offset != (c->expect == LSA_BUF_OK ? c->offset : UNTOUCHED))
            fail_msg("region \"%s\": got %s offset %zu, want %s offset %zu", c->what, lsa_buf_status_name(st), offset,
                     lsa_buf_status_name(c->expect), c->offset);
    }
}

/* The model: a region fits when every byte of it is inside the copy under one reading of ptr (absolute preferred),
 * checked byte by byte instead of by subtraction. */
static int model_fits(size_t buf_len, uint64_t start, uint64_t length)
{
    for (uint64_t i = 0; i < length; i++) {
        if (start + i >= buf_len)
            return 0;
    }
    return start <= buf_len;
}

static void test_region_against_model(void **state)
{
    const uint64_t base = 1000;

    (void)state;
    for (size_t buf_len = 0; buf_len <= 12; buf_len++) {
        for (uint64_t ptr = 0; ptr <= base + 16; ptr++) {
            for (uint64_t length = 0; length <= 14; length++) {
                size_t offset = UNTOUCHED;
                lsa_buf_status st = lsa_buf_locate_region(buf_len, base, ptr, length, &offset);
                lsa_buf_status want;
                size_t want_offset = 0;

                if (ptr == 0) {
                    want = length == 0 ? LSA_BUF_OK : LSA_BUF_NULL_WITH_LENGTH;
                } else if (ptr >= base && model_fits(buf_len, ptr - base, length)) {
                    want = LSA_BUF_OK;
                    want_offset = (size_t)(ptr - base);
                } else if (model_fits(buf_len, ptr, length)) {
                    want = LSA_BUF_OK;
                    want_offset = (size_t)ptr;
                } else {
                    want = LSA_BUF_OUT_OF_RANGE;
                }
                if (st != want || (want == LSA_BUF_OK && offset != want_offset))
                    fail_msg("buf_len %zu ptr %llu length %llu: got %d/%zu want %d/%zu", buf_len,
                             (unsigned long long)ptr, (unsigned long long)length, st, offset, want, want_offset);
            }
        }
    }
}

typedef struct ustring_case {
    const char *what;
    uint64_t ptr;
    uint16_t length;
    uint16_t max_length;
    lsa_buf_status expect;
    size_t offset;
} ustring_case;

/* Against a 64-byte copy at BASE. */
static const ustring_case ustring_cases[] = {
    { "absolute", BASE + 8, 10, 10, LSA_BUF_OK, 8 },
    { "relative", 8, 10, 12, LSA_BUF_OK, 8 },
    { "empty NULL", 0, 0, 0, LSA_BUF_OK, 0 },
    { "empty NULL with capacity", 0, 0, 20, LSA_BUF_OK, 0 },
    { "odd length", BASE + 8, 3, 4, LSA_BUF_ODD_LENGTH, 0 },
    { "odd length checked before max", BASE + 8, 3, 2, LSA_BUF_ODD_LENGTH, 0 },
    { "odd maximum is allowed", BASE + 8, 2, 3, LSA_BUF_OK, 8 },
    { "maximum below length", BASE + 8, 4, 2, LSA_BUF_MAX_BELOW_LENGTH, 0 },
    { "maximum below length before NULL", 0, 4, 2, LSA_BUF_MAX_BELOW_LENGTH, 0 },
    { "NULL with length", 0, 2, 2, LSA_BUF_NULL_WITH_LENGTH, 0 },
    { "maximum reaches past the copy", BASE + 60, 4, 400, LSA_BUF_OK, 60 },
    { "length reaches past the copy", BASE + 60, 6, 6, LSA_BUF_OUT_OF_RANGE, 0 },
    { "largest length, out of range", BASE, 0xFFFE, 0xFFFF, LSA_BUF_OUT_OF_RANGE, 0 },
    { "relative past the copy", 64, 2, 2, LSA_BUF_OUT_OF_RANGE, 0 },
    { "empty at the end", BASE + 64, 0, 0, LSA_BUF_OK, 64 },
};

static void test_ustring_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(ustring_cases) / sizeof(ustring_cases[0]); i++) {
        const ustring_case *c = &ustring_cases[i];
        size_t offset = UNTOUCHED;
        lsa_buf_status st = lsa_buf_locate_ustring(64, BASE, c->ptr, c->length, c->max_length, &offset);

        if (st != c->expect || offset != (c->expect == LSA_BUF_OK ? c->offset : UNTOUCHED))
            fail_msg("ustring \"%s\": got %s offset %zu, want %s offset %zu", c->what, lsa_buf_status_name(st),
                     offset, lsa_buf_status_name(c->expect), c->offset);
    }
}

static void test_status_names(void **state)
{
    static const lsa_buf_status all[] = { LSA_BUF_OK, LSA_BUF_ODD_LENGTH, LSA_BUF_MAX_BELOW_LENGTH,
                                          LSA_BUF_NULL_WITH_LENGTH, LSA_BUF_OUT_OF_RANGE };
    const size_t n = sizeof(all) / sizeof(all[0]);

    (void)state;
    for (size_t i = 0; i < n; i++) {
        assert_non_null(lsa_buf_status_name(all[i]));
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(lsa_buf_status_name(all[i]), lsa_buf_status_name(all[j]));
    }
    assert_string_equal(lsa_buf_status_name(LSA_BUF_ODD_LENGTH), "odd length");
    assert_non_null(lsa_buf_status_name((lsa_buf_status)99));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_table),
        cmocka_unit_test(test_region_against_model),
        cmocka_unit_test(test_ustring_table),
        cmocka_unit_test(test_status_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
