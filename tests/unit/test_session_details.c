/* The session-details blob (src/common/lsa_session_details.h): round trips, every truncation, each refusal with its
 * own code, arithmetic at the edges, and flipped bits that must never read outside the blob. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lsa_session_details.h"

static const uint8_t script[] = {'l', 0, 'o', 0, 'g', 0, 'o', 0, 'n', 0};
static const uint8_t drive[] = {'H', 0, ':', 0};

static lsa_session_details sample(void)
{
    lsa_session_details d;

    memset(&d, 0, sizeof(d));
    d.user_flags = 0x20;
    d.failed_attempts = 3;
    d.logoff_time = INT64_MAX;
    d.kickoff_time = 133000000000000000;
    d.password_last_set = 132000000000000000;
    d.password_can_change = 132000864000000000;
    d.password_must_change = INT64_MAX;
    d.last_successful_logon = 133100000000000000;
    d.last_failed_logon = -1;
    d.strings[LSA_SD_LOGON_SCRIPT] = (lsa_sd_string){script, sizeof(script)};
    d.strings[LSA_SD_HOME_DIRECTORY_DRIVE] = (lsa_sd_string){drive, sizeof(drive)};
    return d;
}

static size_t encode_sample(uint8_t *out, size_t cap)
{
    lsa_session_details d = sample();
    size_t n = 0;

    assert_int_equal(lsa_session_details_encode(&d, out, cap, &n), LSA_SD_OK);
    return n;
}

static void assert_same(const lsa_session_details *a, const lsa_session_details *b)
{
    assert_int_equal(a->user_flags, b->user_flags);
    assert_int_equal(a->failed_attempts, b->failed_attempts);
    assert_true(a->logoff_time == b->logoff_time && a->kickoff_time == b->kickoff_time &&
                a->password_last_set == b->password_last_set && a->password_can_change == b->password_can_change &&
                a->password_must_change == b->password_must_change &&
                a->last_successful_logon == b->last_successful_logon && a->last_failed_logon == b->last_failed_logon);
    for (int i = 0; i < LSA_SD_STRINGS; i++) {
        assert_int_equal(a->strings[i].bytes, b->strings[i].bytes);
        if (a->strings[i].bytes)
            assert_memory_equal(a->strings[i].data, b->strings[i].data, a->strings[i].bytes);
    }
}

static void test_round_trip(void **state)
{
    uint8_t blob[512];
    lsa_session_details in = sample(), out;
    size_t n = encode_sample(blob, sizeof(blob)), size = 0;

    (void)state;
    assert_int_equal(lsa_session_details_size(&in, &size), LSA_SD_OK);
    assert_int_equal(n, size);
    assert_int_equal(n, LSA_SD_HEADER + sizeof(script) + sizeof(drive));
    assert_int_equal(lsa_session_details_decode(blob, n, &out), LSA_SD_OK);
    assert_same(&in, &out);
    assert_null(out.strings[LSA_SD_PROFILE_PATH].data);
    /* Strings point into the blob. */
    assert_true(out.strings[LSA_SD_LOGON_SCRIPT].data >= blob && out.strings[LSA_SD_LOGON_SCRIPT].data < blob + n);
}

static void test_empty_details(void **state)
{
    uint8_t blob[LSA_SD_HEADER];
    lsa_session_details in, out;
    size_t n = 0;

    (void)state;
    memset(&in, 0, sizeof(in));
    assert_int_equal(lsa_session_details_encode(&in, blob, sizeof(blob), &n), LSA_SD_OK);
    assert_int_equal(n, LSA_SD_HEADER);
    assert_int_equal(lsa_session_details_decode(blob, n, &out), LSA_SD_OK);
    assert_same(&in, &out);
}

static void test_every_truncation(void **state)
{
    uint8_t blob[512];
    lsa_session_details out;
    size_t n = encode_sample(blob, sizeof(blob));

    (void)state;
    for (size_t len = 0; len < n; len++) {
        uint8_t *copy = malloc(len ? len : 1); /* exact size, so ASan sees any read past it */
        assert_non_null(copy);
        memcpy(copy, blob, len);
        assert_int_equal(lsa_session_details_decode(copy, len, &out), len < LSA_SD_HEADER ? LSA_SD_SHORT
                                                                                            : LSA_SD_BAD_SIZE);
        assert_int_equal(out.user_flags, 0);
        free(copy);
    }
    assert_int_equal(lsa_session_details_decode(NULL, 0, &out), LSA_SD_SHORT);
}

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4); /* the tests run on little-endian hosts only (x86-64) */
}

/* Each refusal has its own code. */
static void test_refusals(void **state)
{
    static const struct {
        size_t at;
        uint32_t value;
        lsa_sd_status expected;
    } cases[] = {
        {0, 2, LSA_SD_BAD_VERSION},
        {0, 0, LSA_SD_BAD_VERSION},
        {4, 0, LSA_SD_BAD_SIZE},
        {4, 0xFFFFFFFF, LSA_SD_BAD_SIZE},
        {76, 3, LSA_SD_ODD_STRING},                    /* LogonScript length */
        {76, 0xFFFFFFFE, LSA_SD_LONG_STRING},
        {76, LSA_SD_MAX_STRING + 2, LSA_SD_LONG_STRING},
        {72, 0, LSA_SD_STRING_RANGE},                  /* LogonScript inside the header */
        {72, LSA_SD_HEADER - 2, LSA_SD_STRING_RANGE},
        {72, 0xFFFFFFF8, LSA_SD_STRING_RANGE},         /* offset + length would wrap */
        {96, 0xFFFFFFFF, LSA_SD_STRING_RANGE},         /* HomeDirectoryDrive offset */
        {100, 6, LSA_SD_STRING_RANGE},                 /* HomeDirectoryDrive runs past the end */
    };
    uint8_t blob[512], copy[512];
    lsa_session_details out;
    size_t n = encode_sample(blob, sizeof(blob));

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memcpy(copy, blob, n);
        put32(copy + cases[i].at, cases[i].value);
        assert_int_equal(lsa_session_details_decode(copy, n, &out), cases[i].expected);
        assert_null(out.strings[LSA_SD_LOGON_SCRIPT].data);
        assert_int_equal(out.failed_attempts, 0);
    }
    /* A zero-length string may sit exactly at the end; strings may overlap (decoding only reads them). */
    memcpy(copy, blob, n);
    put32(copy + 80, (uint32_t)n);
    put32(copy + 84, 0);
    assert_int_equal(lsa_session_details_decode(copy, n, &out), LSA_SD_OK);
    assert_null(out.strings[LSA_SD_PROFILE_PATH].data);
    put32(copy + 88, LSA_SD_HEADER);
    put32(copy + 92, sizeof(script));
    assert_int_equal(lsa_session_details_decode(copy, n, &out), LSA_SD_OK);
    assert_int_equal(out.strings[LSA_SD_HOME_DIRECTORY].bytes, sizeof(script));
}

static void test_encode_refusals(void **state)
{
    static uint8_t big[LSA_SD_MAX_STRING + 2];
    uint8_t blob[512];
    lsa_session_details d = sample();
    size_t n = 99;

    (void)state;
    assert_int_equal(lsa_session_details_encode(&d, blob, LSA_SD_HEADER + 4, &n), LSA_SD_NO_ROOM);
    assert_int_equal(n, 0);
    d.strings[LSA_SD_PROFILE_PATH] = (lsa_sd_string){script, 3};
    assert_int_equal(lsa_session_details_encode(&d, blob, sizeof(blob), &n), LSA_SD_ODD_STRING);
    d.strings[LSA_SD_PROFILE_PATH] = (lsa_sd_string){big, sizeof(big)};
    assert_int_equal(lsa_session_details_size(&d, &n), LSA_SD_LONG_STRING);
    d.strings[LSA_SD_PROFILE_PATH] = (lsa_sd_string){big, LSA_SD_MAX_STRING};
    assert_int_equal(lsa_session_details_size(&d, &n), LSA_SD_OK);
    assert_string_not_equal(lsa_sd_status_name(LSA_SD_STRING_RANGE), "unknown status");
    assert_string_equal(lsa_sd_status_name((lsa_sd_status)99), "unknown status");
}

/* Every single-bit flip: decoding never reads outside the blob (ASan) and an accepted result stays inside it. */
static void test_flipped_bits(void **state)
{
    uint8_t blob[512];
    lsa_session_details out;
    size_t n = encode_sample(blob, sizeof(blob));

    (void)state;
    for (size_t bit = 0; bit < n * 8; bit++) {
        uint8_t *copy = malloc(n);
        assert_non_null(copy);
        memcpy(copy, blob, n);
        copy[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        if (lsa_session_details_decode(copy, n, &out) == LSA_SD_OK)
            for (int i = 0; i < LSA_SD_STRINGS; i++)
                assert_true(!out.strings[i].bytes ||
                            (out.strings[i].data >= copy + LSA_SD_HEADER &&
                             out.strings[i].data + out.strings[i].bytes <= copy + n));
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),       cmocka_unit_test(test_empty_details),
        cmocka_unit_test(test_every_truncation), cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_encode_refusals),  cmocka_unit_test(test_flipped_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
