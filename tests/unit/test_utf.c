/* lsa_utf: strict UTF-8/UTF-16LE conversion and Windows-style name folding. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lsa_utf.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- UTF-8 validity ---- */

typedef struct utf8_case {
    const char *bytes;
    int valid;
} utf8_case;

static const utf8_case utf8_cases[] = {
    { "", 1 },
    { "plain ascii", 1 },
    { "\x7F", 1 },
    { "\xC2\x80", 1 },             /* U+0080, smallest 2-byte */
    { "\xDF\xBF", 1 },             /* U+07FF */
    { "\xE0\xA0\x80", 1 },         /* U+0800, smallest 3-byte */
    { "\xED\x9F\xBF", 1 },         /* U+D7FF, just below the surrogates */
    { "\xEE\x80\x80", 1 },         /* U+E000, just above */
    { "\xEF\xBF\xBF", 1 },         /* U+FFFF */
    { "\xF0\x90\x80\x80", 1 },     /* U+10000 */
    { "\xF4\x8F\xBF\xBF", 1 },     /* U+10FFFF, the last code point */
    { "\x80", 0 },                 /* lone continuation */
    { "\xBF", 0 },
    { "\xC0\x80", 0 },             /* overlong NUL */
    { "\xC1\xBF", 0 },             /* overlong U+007F */
    { "\xC2", 0 },                 /* truncated */
    { "\xC2\x41", 0 },             /* continuation missing */
    { "\xC2\xC2\x80", 0 },
    { "\xE0\x80\x80", 0 },         /* overlong */
    { "\xE0\x9F\xBF", 0 },         /* overlong U+07FF */
    { "\xE1\x80", 0 },             /* truncated */
    { "\xED\xA0\x80", 0 },         /* U+D800 */
    { "\xED\xBF\xBF", 0 },         /* U+DFFF */
    { "\xF0\x80\x80\x80", 0 },     /* overlong */
    { "\xF0\x8F\xBF\xBF", 0 },     /* overlong U+FFFF */
    { "\xF0\x90\x80", 0 },         /* truncated */
    { "\xF4\x90\x80\x80", 0 },     /* U+110000 */
    { "\xF5\x80\x80\x80", 0 },
    { "\xF8\x88\x80\x80\x80", 0 }, /* 5-byte form */
    { "\xFE", 0 },
    { "\xFF", 0 },
    { "ok\xC3", 0 },               /* valid text, truncated at the end */
};

static void test_utf8_valid_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(utf8_cases); i++) {
        const utf8_case *c = &utf8_cases[i];

        if (lsa_utf8_valid(c->bytes, strlen(c->bytes)) != c->valid)
            fail_msg("case %zu: expected %s", i, c->valid ? "valid" : "invalid");
    }
    /* NUL is a valid code point; callers that refuse it do so themselves. */
    assert_true(lsa_utf8_valid("a\0b", 3));
    assert_true(lsa_utf8_valid(NULL, 0));
    assert_false(lsa_utf8_valid(NULL, 1));
}

/* Every two-byte sequence against the definition: two ASCII bytes, or a C2..DF lead with one continuation. */
static void test_utf8_valid_all_pairs(void **state)
{
    (void)state;
    for (unsigned a = 0; a < 256; a++) {
        for (unsigned b = 0; b < 256; b++) {
            char s[2] = { (char)a, (char)b };
            int want = (a < 0x80 && b < 0x80) || (a >= 0xC2 && a <= 0xDF && b >= 0x80 && b <= 0xBF);

            if (lsa_utf8_valid(s, 2) != want)
                fail_msg("%02X %02X: expected %d", a, b, want);
        }
    }
}

/* ---- conversions ---- */

typedef struct conv_case {
    const char *utf8;
    const char *utf16; /* bytes */
    size_t utf16_len;
} conv_case;

static const conv_case conv_cases[] = {
    { "", "", 0 },
    { "A", "A\0", 2 },
    { "\xC3\xA9", "\xE9\0", 2 },                      /* U+00E9 */
    { "\xE2\x82\xAC", "\xAC\x20", 2 },                /* U+20AC */
    { "\xEF\xBF\xBF", "\xFF\xFF", 2 },                /* U+FFFF */
    { "\xF0\x9F\x98\x80", "\x3D\xD8\x00\xDE", 4 },    /* U+1F600 as a surrogate pair */
    { "\xF4\x8F\xBF\xBF", "\xFF\xDB\xFF\xDF", 4 },    /* U+10FFFF */
    { "a\xC3\xA9\xF0\x9F\x98\x80z", "a\0\xE9\0\x3D\xD8\x00\xDE" "z\0", 10 },
};

static void test_conversion_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(conv_cases); i++) {
        const conv_case *c = &conv_cases[i];
        uint8_t wide[32];
        char narrow[32];
        size_t n = 99;

        assert_int_equal(lsa_utf8_to_utf16le(c->utf8, wide, sizeof(wide), &n), 0);
        assert_int_equal(n, c->utf16_len);
        assert_memory_equal(wide, c->utf16, n);
        n = 99;
        assert_int_equal(lsa_utf16le_to_utf8((const uint8_t *)c->utf16, c->utf16_len, narrow, sizeof(narrow), &n), 0);
        assert_int_equal(n, strlen(c->utf8));
        assert_string_equal(narrow, c->utf8);
    }
}

typedef struct bad_utf16_case {
    const char *what;
    const char *bytes;
    size_t len;
} bad_utf16_case;

static const bad_utf16_case bad_utf16_cases[] = {
    { "odd length", "A\0B", 3 },
    { "odd length 1", "A", 1 },
    { "high surrogate at the end", "A\0\x00\xD8", 4 },
    { "high surrogate then a letter", "\x00\xD8" "A\0", 4 },
    { "high surrogate twice", "\x00\xD8\x00\xD8\x00\xDC", 6 },
    { "low surrogate alone", "\x00\xDC", 2 },
    { "low before high", "\x00\xDC\x00\xD8", 4 },
    { "embedded U+0000", "a\0\0\0b\0", 6 },
    { "only U+0000", "\0\0", 2 },
};

static void test_utf16_refusals(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(bad_utf16_cases); i++) {
        const bad_utf16_case *c = &bad_utf16_cases[i];
        char out[16];

        memset(out, 'x', sizeof(out));
        if (lsa_utf16le_to_utf8((const uint8_t *)c->bytes, c->len, out, sizeof(out), NULL) != -1)
            fail_msg("%s: accepted", c->what);
        assert_int_equal(out[0], '\0');
    }
    /* NULL source only with no bytes; no output space at all is always too small */
    {
        char out[4];

        assert_int_equal(lsa_utf16le_to_utf8(NULL, 0, out, sizeof(out), NULL), 0);
        assert_string_equal(out, "");
        assert_int_equal(lsa_utf16le_to_utf8(NULL, 2, out, sizeof(out), NULL), -1);
        assert_int_equal(lsa_utf16le_to_utf8((const uint8_t *)"", 0, out, 0, NULL), -1);
        assert_int_equal(lsa_utf16le_to_utf8((const uint8_t *)"", 0, NULL, 0, NULL), -1);
    }
}

static void test_utf8_refusals(void **state)
{
    uint8_t out[16];

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(utf8_cases); i++) {
        size_t n = 77;

        if (utf8_cases[i].valid)
            continue;
        memset(out, 0xAA, sizeof(out));
        assert_int_equal(lsa_utf8_to_utf16le(utf8_cases[i].bytes, out, sizeof(out), &n), -1);
        assert_int_equal(n, 77);
    }
    /* the bytes converted before the bad sequence do not stay behind */
    memset(out, 0xAA, sizeof(out));
    assert_int_equal(lsa_utf8_to_utf16le("secret\xFF", out, sizeof(out), NULL), -1);
    for (size_t i = 0; i < 12; i++)
        assert_int_equal(out[i], 0);
    assert_int_equal(out[12], 0xAA);
    assert_int_equal(lsa_utf8_to_utf16le(NULL, out, sizeof(out), NULL), -1);
    assert_int_equal(lsa_utf8_to_utf16le("", NULL, 0, NULL), 0);
    assert_int_equal(lsa_utf8_to_utf16le("a", NULL, 0, NULL), -1);
}

/* Each output size below the need fails and leaves no converted byte behind (what was written is zeroed; 0xAA marks
 * bytes never written, and no output byte here is 0xAA); the exact need succeeds. */
static void test_output_sizes(void **state)
{
    const char *utf8 = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"; /* 1 + 2 + 3 + 4 bytes */
    const size_t utf8_len = 10;
    const size_t utf16_len = 10; /* 2 + 2 + 2 + 4 */
    uint8_t wide[16];
    char narrow[16];

    (void)state;
    for (size_t size = 0; size <= utf16_len; size++) {
        uint8_t *dst = wide + sizeof(wide) - size; /* ends where the array ends: an overrun would be seen */
        size_t n = 0;
        int rc;

        memset(wide, 0xAA, sizeof(wide));
        rc = lsa_utf8_to_utf16le(utf8, size == 0 ? NULL : dst, size, &n);
        if (size < utf16_len) {
            assert_int_equal(rc, -1);
            for (size_t i = 0; i < size; i++)
                assert_true(dst[i] == 0 || dst[i] == 0xAA);
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(n, utf16_len);
        }
    }
    assert_int_equal(lsa_utf8_to_utf16le(utf8, wide, sizeof(wide), NULL), 0);
    for (size_t size = 1; size <= utf8_len + 1; size++) {
        char *dst = narrow + sizeof(narrow) - size;
        size_t n = 0;
        int rc;

        memset(narrow, 0xAA, sizeof(narrow));
        rc = lsa_utf16le_to_utf8(wide, utf16_len, dst, size, &n);
        if (size <= utf8_len) {
            assert_int_equal(rc, -1);
            assert_int_equal(dst[0], '\0'); /* reads as an empty string */
            for (size_t i = 0; i < size; i++)
                assert_true(dst[i] == 0 || (uint8_t)dst[i] == 0xAA);
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(n, utf8_len);
            assert_string_equal(dst, utf8);
        }
    }
}

/* Every code point except U+0000 and the surrogates survives UTF-16 -> UTF-8 -> UTF-16, and the UTF-8 is valid. */
static void test_round_trip_all_code_points(void **state)
{
    (void)state;
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
        uint8_t wide[4];
        uint8_t back[4];
        size_t wide_len;
        char narrow[8];
        size_t narrow_len;
        size_t back_len;

        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        if (cp < 0x10000) {
            wide[0] = (uint8_t)cp;
            wide[1] = (uint8_t)(cp >> 8);
            wide_len = 2;
        } else {
            uint32_t hi = 0xD800 + ((cp - 0x10000) >> 10);
            uint32_t lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);

            wide[0] = (uint8_t)hi;
            wide[1] = (uint8_t)(hi >> 8);
            wide[2] = (uint8_t)lo;
            wide[3] = (uint8_t)(lo >> 8);
            wide_len = 4;
        }
        if (lsa_utf16le_to_utf8(wide, wide_len, narrow, sizeof(narrow), &narrow_len) != 0)
            fail_msg("U+%04X: to UTF-8 failed", cp);
        if (narrow_len != (cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u))
            fail_msg("U+%04X: %zu UTF-8 bytes", cp, narrow_len);
        if (!lsa_utf8_valid(narrow, narrow_len))
            fail_msg("U+%04X: output not valid", cp);
        if (lsa_utf8_to_utf16le(narrow, back, sizeof(back), &back_len) != 0 || back_len != wide_len ||
            memcmp(back, wide, wide_len) != 0)
            fail_msg("U+%04X: round trip differs", cp);
    }
}

/* ---- name comparison ---- */

typedef struct name_case {
    const char *a;
    const char *b;
    int equal;
} name_case;

static const name_case name_cases[] = {
    { "alice", "ALICE", 1 },
    { "Alice", "alicE", 1 },
    { "alice", "alice ", 0 },
    { "alice", "alic", 0 },
    { "", "", 1 },
    { "\xC3\x89lodie", "\xC3\xA9LODIE", 1 },   /* Élodie */
    { "\xC3\xBF", "\xC5\xB8", 1 },             /* ÿ and Ÿ */
    { "\xC5\x81", "\xC5\x82", 1 },             /* Ł ł */
    { "\xC4\xB2", "\xC4\xB3", 1 },             /* Ĳ ĳ */
    { "\xC5\xBD", "\xC5\xBE", 1 },             /* Ž ž */
    { "\xC3\x97", "\xC3\xB7", 0 },             /* × ÷ are not a pair */
    { "\xC4\xB1", "I", 0 },                    /* dotless ı: not folded by Windows */
    { "\xC4\xB0", "i", 0 },                    /* dotted İ */
    { "\xC5\xBF", "S", 0 },                    /* long s */
    { "\xC2\xB5", "\xCE\x9C", 0 },             /* micro sign vs Greek capital mu */
    { "\xC3\x9F", "SS", 0 },                   /* ß has no single upper case */
    { "\xCE\xA9", "\xCF\x89", 0 },             /* Ω ω: outside the folded ranges */
    { "\xD0\x96", "\xD0\xB6", 0 },             /* Cyrillic Ж ж: likewise */
    { "a\xFF", "A\xFF", 1 },                   /* invalid bytes compare as themselves */
    { "a\xFF", "a\xFE", 0 },
    { "\xC3", "\xC3\xA9", 0 },
};

static void test_name_equal_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(name_cases); i++) {
        const name_case *c = &name_cases[i];

        if (lsa_name_equal(c->a, c->b) != c->equal || lsa_name_equal(c->b, c->a) != c->equal)
            fail_msg("case %zu: expected %s", i, c->equal ? "equal" : "different");
        if ((lsa_name_compare(c->a, c->b) == 0) != c->equal)
            fail_msg("case %zu: compare disagrees with equal", i);
    }
    assert_true(lsa_name_equal(NULL, NULL));
    assert_false(lsa_name_equal(NULL, ""));
    assert_false(lsa_name_equal("", NULL));
}

/* RtlUpcaseUnicodeChar for U+0000..U+017F as measured under Wine 8 (whose tables follow Windows'): every code point
 * not listed maps to itself. */
static const struct { uint16_t lower, upper; } measured_upcase[] = {
    {0x061, 0x041}, {0x062, 0x042}, {0x063, 0x043}, {0x064, 0x044}, {0x065, 0x045}, {0x066, 0x046}, {0x067, 0x047},
    {0x068, 0x048}, {0x069, 0x049}, {0x06A, 0x04A}, {0x06B, 0x04B}, {0x06C, 0x04C}, {0x06D, 0x04D}, {0x06E, 0x04E},
    {0x06F, 0x04F}, {0x070, 0x050}, {0x071, 0x051}, {0x072, 0x052}, {0x073, 0x053}, {0x074, 0x054}, {0x075, 0x055},
    {0x076, 0x056}, {0x077, 0x057}, {0x078, 0x058}, {0x079, 0x059}, {0x07A, 0x05A}, {0x0E0, 0x0C0}, {0x0E1, 0x0C1},
    {0x0E2, 0x0C2}, {0x0E3, 0x0C3}, {0x0E4, 0x0C4}, {0x0E5, 0x0C5}, {0x0E6, 0x0C6}, {0x0E7, 0x0C7}, {0x0E8, 0x0C8},
    {0x0E9, 0x0C9}, {0x0EA, 0x0CA}, {0x0EB, 0x0CB}, {0x0EC, 0x0CC}, {0x0ED, 0x0CD}, {0x0EE, 0x0CE}, {0x0EF, 0x0CF},
    {0x0F0, 0x0D0}, {0x0F1, 0x0D1}, {0x0F2, 0x0D2}, {0x0F3, 0x0D3}, {0x0F4, 0x0D4}, {0x0F5, 0x0D5}, {0x0F6, 0x0D6},
    {0x0F8, 0x0D8}, {0x0F9, 0x0D9}, {0x0FA, 0x0DA}, {0x0FB, 0x0DB}, {0x0FC, 0x0DC}, {0x0FD, 0x0DD}, {0x0FE, 0x0DE},
    {0x0FF, 0x178}, {0x101, 0x100}, {0x103, 0x102}, {0x105, 0x104}, {0x107, 0x106}, {0x109, 0x108}, {0x10B, 0x10A},
    {0x10D, 0x10C}, {0x10F, 0x10E}, {0x111, 0x110}, {0x113, 0x112}, {0x115, 0x114}, {0x117, 0x116}, {0x119, 0x118},
    {0x11B, 0x11A}, {0x11D, 0x11C}, {0x11F, 0x11E}, {0x121, 0x120}, {0x123, 0x122}, {0x125, 0x124}, {0x127, 0x126},
    {0x129, 0x128}, {0x12B, 0x12A}, {0x12D, 0x12C}, {0x12F, 0x12E}, {0x133, 0x132}, {0x135, 0x134}, {0x137, 0x136},
    {0x13A, 0x139}, {0x13C, 0x13B}, {0x13E, 0x13D}, {0x140, 0x13F}, {0x142, 0x141}, {0x144, 0x143}, {0x146, 0x145},
    {0x148, 0x147}, {0x14B, 0x14A}, {0x14D, 0x14C}, {0x14F, 0x14E}, {0x151, 0x150}, {0x153, 0x152}, {0x155, 0x154},
    {0x157, 0x156}, {0x159, 0x158}, {0x15B, 0x15A}, {0x15D, 0x15C}, {0x15F, 0x15E}, {0x161, 0x160}, {0x163, 0x162},
    {0x165, 0x164}, {0x167, 0x166}, {0x169, 0x168}, {0x16B, 0x16A}, {0x16D, 0x16C}, {0x16F, 0x16E}, {0x171, 0x170},
    {0x173, 0x172}, {0x175, 0x174}, {0x177, 0x176}, {0x17A, 0x179}, {0x17C, 0x17B}, {0x17E, 0x17D},
};

static uint32_t measured_up(uint32_t cp)
{
    for (size_t i = 0; i < ARRAY_SIZE(measured_upcase); i++) {
        if (measured_upcase[i].lower == cp)
            return measured_upcase[i].upper;
    }
    return cp;
}

static void encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        out[1] = 0;
    } else {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        out[2] = 0;
    }
}

/* Every pair of code points in U+0001..U+017F: equal exactly when the measured table upcases them alike. */
static void test_name_fold_matches_windows_table(void **state)
{
    (void)state;
    for (uint32_t a = 1; a < 0x180; a++) {
        char sa[4];

        encode(a, sa);
        for (uint32_t b = 1; b < 0x180; b++) {
            char sb[4];
            int want = measured_up(a) == measured_up(b);

            encode(b, sb);
            if (lsa_name_equal(sa, sb) != want)
                fail_msg("U+%04X vs U+%04X: expected %s", a, b, want ? "equal" : "different");
        }
    }
}

static void test_name_compare_orders(void **state)
{
    (void)state;
    assert_true(lsa_name_compare("a", "B") < 0);
    assert_true(lsa_name_compare("B", "a") > 0);
    assert_true(lsa_name_compare("ab", "A") > 0);
    assert_true(lsa_name_compare("", "a") < 0);
    assert_true(lsa_name_compare(NULL, "") < 0);
    assert_true(lsa_name_compare("", NULL) > 0);
    assert_int_equal(lsa_name_compare(NULL, NULL), 0);
    assert_true(lsa_name_compare("\xF4\x8F\xBF\xBF", "\xFF") < 0); /* invalid bytes above every code point */
    /* by folded code point, not by byte: ÿ (U+00FF, folds to U+0178) after ŀ (U+0140, folds to U+013F) */
    assert_true(lsa_name_compare("\xC3\xBF", "\xC5\x80") > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid_table),
        cmocka_unit_test(test_utf8_valid_all_pairs),
        cmocka_unit_test(test_conversion_table),
        cmocka_unit_test(test_utf16_refusals),
        cmocka_unit_test(test_utf8_refusals),
        cmocka_unit_test(test_output_sizes),
        cmocka_unit_test(test_round_trip_all_code_points),
        cmocka_unit_test(test_name_equal_table),
        cmocka_unit_test(test_name_fold_matches_windows_table),
        cmocka_unit_test(test_name_compare_orders),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
