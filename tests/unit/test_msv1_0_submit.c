/* msv1_0_submit_check: the MSV1_0 submit structures as the package validates them, in both pointer widths and both
 * pointer dialects: valid buffers, a table of malformed ones, and every truncation of each valid one. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "msv1_0_submit_check.h"

#define BASE64 0x7FF612340000ull /* a plausible 64-bit client address for the buffer */
#define BASE32 0x00A10000ull     /* and a 32-bit one */
#define MAX_BUF 512

/* A submit buffer built the way clients pack one: the structure, then each field's bytes in field order. */
typedef struct built {
    uint8_t bytes[MAX_BUF];
    size_t len;
    uint64_t base;
    size_t data_offset[MSV1_0_SUBMIT_MAX_FIELDS];
    size_t data_len[MSV1_0_SUBMIT_MAX_FIELDS];
} built;

static void put_le(uint8_t *p, uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static size_t ptr_size(msv1_0_client_width width)
{
    return width == MSV1_0_CLIENT_32 ? 4 : 8;
}

/* Every field non-empty (an even count of bytes), so that any truncation past the structure cuts a field. */
static void build(built *b, msv1_0_submit_kind kind, msv1_0_client_width width, int absolute)
{
    const msv1_0_submit_layout *l = &msv1_0_submit_layouts[kind];
    size_t at = l->size[width];

    memset(b, 0, sizeof(*b));
    b->base = width == MSV1_0_CLIENT_32 ? BASE32 : BASE64;
    put_le(b->bytes, (uint64_t)kind + 2, 4); /* MessageType: not this code's concern */
    for (size_t i = 0; i < l->count; i++) {
        size_t field = l->fields[i].offset[width];
        size_t n = 2 * (i + 2);

        for (size_t j = 0; j < n; j++)
            b->bytes[at + j] = (uint8_t)('a' + i + j);
        put_le(b->bytes + field, n, 2);
        put_le(b->bytes + field + 2, n + 2, 2);
        put_le(b->bytes + field + ptr_size(width), absolute ? b->base + at : at, ptr_size(width));
        b->data_offset[i] = at;
        b->data_len[i] = n;
        at += n;
    }
    if (l->flags_offset[width] != SIZE_MAX)
        put_le(b->bytes + l->flags_offset[width], kind == MSV1_0_SUBMIT_LM20 ? 0x4820u : 0x2u, 4);
    if (l->challenge_offset[width] != SIZE_MAX)
        memcpy(b->bytes + l->challenge_offset[width], "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
    if (l->logon_id_offset[width] != SIZE_MAX)
        memcpy(b->bytes + l->logon_id_offset[width], "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    b->len = at;
}

static void assert_accepted(const built *b, msv1_0_submit_kind kind, msv1_0_client_width width)
{
    const msv1_0_submit_layout *l = &msv1_0_submit_layouts[kind];
    msv1_0_submit_result res;

    assert_int_equal(msv1_0_submit_check(kind, width, b->bytes, b->len, b->base, &res), MSV1_0_SUBMIT_OK);
    assert_int_equal(res.status, MSV1_0_SUBMIT_OK);
    for (size_t i = 0; i < l->count; i++) {
        assert_int_equal(res.spans[i].offset, b->data_offset[i]);
        assert_int_equal(res.spans[i].len, b->data_len[i]);
    }
    if (kind == MSV1_0_SUBMIT_S4U)
        assert_int_equal(res.flags, 0x2u);
    if (kind == MSV1_0_SUBMIT_LM20) {
        assert_int_equal(res.flags, 0x4820u);
        assert_memory_equal(res.challenge, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
    }
    if (kind == MSV1_0_SUBMIT_UNLOCK)
        assert_memory_equal(res.logon_id, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
}

static void test_valid_buffers_are_accepted(void **state)
{
    (void)state;
    for (int kind = 0; kind < MSV1_0_SUBMIT_KINDS; kind++)
        for (int width = 0; width < 2; width++)
            for (int absolute = 0; absolute < 2; absolute++) {
                built b;

                build(&b, (msv1_0_submit_kind)kind, (msv1_0_client_width)width, absolute);
                assert_accepted(&b, (msv1_0_submit_kind)kind, (msv1_0_client_width)width);
            }
}

/* Each length short of the whole: below the structure it is too short; past it, the first field whose bytes are
 * cut is out of range (the fields' bytes follow in field order). */
static void test_every_truncation_is_refused(void **state)
{
    (void)state;
    for (int kind = 0; kind < MSV1_0_SUBMIT_KINDS; kind++)
        for (int width = 0; width < 2; width++)
            for (int absolute = 0; absolute < 2; absolute++) {
                const msv1_0_submit_layout *l = &msv1_0_submit_layouts[kind];
                built b;

                build(&b, (msv1_0_submit_kind)kind, (msv1_0_client_width)width, absolute);
                for (size_t len = 0; len < b.len; len++) {
                    msv1_0_submit_result res;
                    msv1_0_submit_status st = msv1_0_submit_check((msv1_0_submit_kind)kind,
                                                                  (msv1_0_client_width)width, b.bytes, len, b.base,
                                                                  &res);
                    size_t cut = 0;

                    if (len < l->size[width]) {
                        assert_int_equal(st, MSV1_0_SUBMIT_SHORT);
                        continue;
                    }
                    while (b.data_offset[cut] + b.data_len[cut] <= len)
                        cut++;
                    assert_int_equal(st, MSV1_0_SUBMIT_BAD_FIELD);
                    assert_int_equal(res.field, cut);
                    assert_int_equal(res.buf_status, LSA_BUF_OUT_OF_RANGE);
                    assert_int_equal(res.length, b.data_len[cut]);
                    for (size_t i = 0; i < MSV1_0_SUBMIT_MAX_FIELDS; i++)
                        assert_int_equal(res.spans[i].len, 0);
                }
            }
}

/* One change to a valid (offset-dialect) buffer. */
enum change { SET_LENGTH, SET_MAX_LENGTH, SET_POINTER, SET_FLAGS, EMPTY_FIELD };

typedef struct malformed_case {
    const char *what;
    msv1_0_submit_kind kind;
    msv1_0_client_width width;
    enum change change;
    size_t field;
    uint64_t value;
    msv1_0_submit_status expect;
    size_t bad_field;        /* for MSV1_0_SUBMIT_BAD_FIELD */
    lsa_buf_status buf_status;
} malformed_case;

#define I MSV1_0_SUBMIT_INTERACTIVE
#define U MSV1_0_SUBMIT_UNLOCK
#define S MSV1_0_SUBMIT_S4U
#define L MSV1_0_SUBMIT_LM20
#define W64 MSV1_0_CLIENT_64
#define W32 MSV1_0_CLIENT_32
#define BAD MSV1_0_SUBMIT_BAD_FIELD

static const malformed_case malformed_cases[] = {
    { "interactive domain odd length", I, W64, SET_LENGTH, 0, 3, BAD, 0, LSA_BUF_ODD_LENGTH },
    { "interactive user MaximumLength below Length", I, W64, SET_MAX_LENGTH, 1, 2, BAD, 1, LSA_BUF_MAX_BELOW_LENGTH },
    { "interactive password NULL with a length", I, W64, SET_POINTER, 2, 0, BAD, 2, LSA_BUF_NULL_WITH_LENGTH },
    { "interactive password past the end", I, W64, SET_POINTER, 2, 1000, BAD, 2, LSA_BUF_OUT_OF_RANGE },
    { "interactive 32-bit user odd length", I, W32, SET_LENGTH, 1, 5, BAD, 1, LSA_BUF_ODD_LENGTH },
    { "interactive 32-bit password past the end", I, W32, SET_POINTER, 2, 0xFFFFFFFFu, BAD, 2, LSA_BUF_OUT_OF_RANGE },
    { "interactive pointer wrapping 64 bits", I, W64, SET_POINTER, 0, UINT64_MAX, BAD, 0, LSA_BUF_OUT_OF_RANGE },
    { "interactive empty password", I, W64, EMPTY_FIELD, 2, 0, MSV1_0_SUBMIT_OK, 0, LSA_BUF_OK },
    { "unlock domain NULL with a length", U, W64, SET_POINTER, 0, 0, BAD, 0, LSA_BUF_NULL_WITH_LENGTH },
    { "unlock 32-bit password MaximumLength below Length", U, W32, SET_MAX_LENGTH, 2, 0, BAD, 2,
      LSA_BUF_MAX_BELOW_LENGTH },
    { "S4U without a UserPrincipalName", S, W64, EMPTY_FIELD, 0, 0, MSV1_0_SUBMIT_NO_UPN, 0, LSA_BUF_OK },
    { "S4U 32-bit without a UserPrincipalName", S, W32, EMPTY_FIELD, 0, 0, MSV1_0_SUBMIT_NO_UPN, 0, LSA_BUF_OK },
    { "S4U empty DomainName", S, W64, EMPTY_FIELD, 1, 0, MSV1_0_SUBMIT_OK, 0, LSA_BUF_OK },
    { "S4U DomainName odd length", S, W64, SET_LENGTH, 1, 1, BAD, 1, LSA_BUF_ODD_LENGTH },
    { "S4U malformed UPN wins over the empty-UPN rule", S, W32, SET_LENGTH, 0, 7, BAD, 0, LSA_BUF_ODD_LENGTH },
    { "LM20 workstation odd length", L, W64, SET_LENGTH, 2, 1, BAD, 2, LSA_BUF_ODD_LENGTH },
    { "LM20 odd NT response without clear text", L, W64, SET_LENGTH, 3, 7, MSV1_0_SUBMIT_OK, 0, LSA_BUF_OK },
    { "LM20 odd clear-text password", L, W64, SET_LENGTH, 3, 7, MSV1_0_SUBMIT_ODD_CLEARTEXT, 0, LSA_BUF_OK },
    { "LM20 32-bit odd clear-text password", L, W32, SET_LENGTH, 3, 3, MSV1_0_SUBMIT_ODD_CLEARTEXT, 0, LSA_BUF_OK },
    { "LM20 LM response MaximumLength below Length", L, W64, SET_MAX_LENGTH, 4, 1, BAD, 4,
      LSA_BUF_MAX_BELOW_LENGTH },
    { "LM20 NT response NULL with a length", L, W32, SET_POINTER, 3, 0, BAD, 3, LSA_BUF_NULL_WITH_LENGTH },
    { "LM20 LM response past the end", L, W32, SET_POINTER, 4, 400, BAD, 4, LSA_BUF_OUT_OF_RANGE },
};

static void test_malformed_buffers(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof(malformed_cases) / sizeof(malformed_cases[0]); c++) {
        const malformed_case *m = &malformed_cases[c];
        const msv1_0_submit_layout *l = &msv1_0_submit_layouts[m->kind];
        size_t at = l->fields[m->field].offset[m->width];
        msv1_0_submit_result res;
        msv1_0_submit_status st;
        built b;

        print_message("%s\n", m->what);
        build(&b, m->kind, m->width, 0);
        if (m->kind == MSV1_0_SUBMIT_LM20 && m->expect == MSV1_0_SUBMIT_OK)
            put_le(b.bytes + l->flags_offset[m->width], 0x0820u, 4); /* no MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED */
        switch (m->change) {
        case SET_LENGTH: put_le(b.bytes + at, m->value, 2); break;
        case SET_MAX_LENGTH: put_le(b.bytes + at + 2, m->value, 2); break;
        case SET_POINTER: put_le(b.bytes + at + ptr_size(m->width), m->value, ptr_size(m->width)); break;
        case SET_FLAGS: put_le(b.bytes + l->flags_offset[m->width], m->value, 4); break;
        case EMPTY_FIELD: memset(b.bytes + at, 0, 2 * ptr_size(m->width)); break;
        }
        st = msv1_0_submit_check(m->kind, m->width, b.bytes, b.len, b.base, &res);
        assert_int_equal(st, m->expect);
        assert_int_equal(res.status, m->expect);
        if (st == BAD) {
            assert_int_equal(res.field, m->bad_field);
            assert_int_equal(res.buf_status, m->buf_status);
            assert_string_not_equal(lsa_buf_status_name(res.buf_status), "ok");
        }
        if (st != MSV1_0_SUBMIT_OK) {
            for (size_t i = 0; i < MSV1_0_SUBMIT_MAX_FIELDS; i++)
                assert_int_equal(res.spans[i].len, 0);
            assert_int_equal(res.flags, 0);
        } else {
            assert_int_equal(res.spans[m->field].len, m->change == EMPTY_FIELD ? 0 : m->value);
        }
    }
}

static void test_no_buffer_is_short(void **state)
{
    msv1_0_submit_result res;

    (void)state;
    for (int kind = 0; kind < MSV1_0_SUBMIT_KINDS; kind++)
        assert_int_equal(msv1_0_submit_check((msv1_0_submit_kind)kind, MSV1_0_CLIENT_64, NULL, 4096, BASE64, &res),
                         MSV1_0_SUBMIT_SHORT);
}

/* A zero-length string may point exactly at the end of the buffer, and an absolute pointer at the buffer's start is
 * offset 0, not NULL. */
static void test_edges_accepted(void **state)
{
    const msv1_0_submit_layout *l = &msv1_0_submit_layouts[MSV1_0_SUBMIT_INTERACTIVE];
    msv1_0_submit_result res;
    built b;

    (void)state;
    build(&b, MSV1_0_SUBMIT_INTERACTIVE, MSV1_0_CLIENT_64, 1);
    put_le(b.bytes + l->fields[2].offset[0], 0, 2);
    put_le(b.bytes + l->fields[2].offset[0] + 8, b.base + b.len, 8);
    assert_int_equal(msv1_0_submit_check(MSV1_0_SUBMIT_INTERACTIVE, MSV1_0_CLIENT_64, b.bytes, b.len, b.base, &res),
                     MSV1_0_SUBMIT_OK);
    assert_int_equal(res.spans[2].len, 0);
    put_le(b.bytes + l->fields[0].offset[0], 4, 2);
    put_le(b.bytes + l->fields[0].offset[0] + 8, b.base, 8);
    assert_int_equal(msv1_0_submit_check(MSV1_0_SUBMIT_INTERACTIVE, MSV1_0_CLIENT_64, b.bytes, b.len, b.base, &res),
                     MSV1_0_SUBMIT_OK);
    assert_int_equal(res.spans[0].offset, 0);
    assert_int_equal(res.spans[0].len, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_buffers_are_accepted),
        cmocka_unit_test(test_every_truncation_is_refused),
        cmocka_unit_test(test_malformed_buffers),
        cmocka_unit_test(test_no_buffer_is_short),
        cmocka_unit_test(test_edges_accepted),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
