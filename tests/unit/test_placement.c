/* lsa_placement: the section the LSA server sends its client after a reply, with the return blocks it laid out in
 * the client's grant. Encoded by the server, decoded and checked by the client before it writes a byte. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lsa_placement.h"

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

/* A section written by hand: header, blocks, then `used` bytes of 0x5a. */
static size_t handmade(uint8_t *out, uint32_t count, uint32_t used, const lsa_placed_block *blocks)
{
    put32(out, count);
    put32(out + 4, used);
    for (uint32_t i = 0; i < count; i++) {
        put32(out + 8 + 8 * i, blocks[i].offset);
        put32(out + 12 + 8 * i, blocks[i].size);
    }
    memset(out + 8 + 8 * count, 0x5a, used);
    return 8 + 8u * count + used;
}

static void grains(void **state)
{
    (void)state;
    assert_int_equal(lsa_placement_grains(0), 16);
    assert_int_equal(lsa_placement_grains(1), 16);
    assert_int_equal(lsa_placement_grains(16), 16);
    assert_int_equal(lsa_placement_grains(17), 32);
    assert_int_equal(lsa_placement_grains(LSA_PLACEMENT_MAX_GRANT), LSA_PLACEMENT_MAX_GRANT);
    assert_int_equal(lsa_placement_grains(LSA_PLACEMENT_MAX_GRANT + 1), UINT32_MAX);
    assert_int_equal(lsa_placement_grains(UINT32_MAX), UINT32_MAX);
}

static void round_trip(void **state)
{
    static uint8_t grant[4096], out[LSA_PLACEMENT_MAX_SECTION];
    const lsa_placed_block blocks[] = { { 0, 100 }, { 112, 0 }, { 128, 33 } };
    lsa_placement_section s;
    size_t size;
    (void)state;
    for (size_t i = 0; i < sizeof(grant); i++)
        grant[i] = (uint8_t)i;
    size = lsa_placement_section_size(blocks, 3, sizeof(grant));
    assert_int_equal(size, 8 + 24 + 161);
    lsa_placement_encode(blocks, 3, grant, out);
    assert_int_equal(lsa_placement_decode(out, size, sizeof(grant), &s), LSA_PLACEMENT_OK);
    assert_int_equal(s.count, 3);
    assert_int_equal(s.used, 161);
    assert_memory_equal(s.blocks, blocks, sizeof(blocks));
    assert_ptr_equal(s.bytes, out + 32);
    assert_memory_equal(s.bytes, grant, 161);
}

static void no_blocks(void **state)
{
    uint8_t out[8];
    lsa_placement_section s;
    (void)state;
    assert_int_equal(lsa_placement_section_size(NULL, 0, 0), 8);
    lsa_placement_encode(NULL, 0, NULL, out);
    assert_int_equal(lsa_placement_decode(out, 8, 0, &s), LSA_PLACEMENT_OK);
    assert_int_equal(s.count, 0);
    assert_int_equal(s.used, 0);
    /* Without a grant, nothing can be placed. */
    assert_int_equal(lsa_placement_decode(out, 8, 4096, &s), LSA_PLACEMENT_OK);
}

typedef struct bad_case {
    const char *what;
    uint32_t count, used, grant;
    lsa_placed_block blocks[3];
    int cut;     /* bytes taken off the end (negative: added) */
    lsa_placement_status expect;
} bad_case;

static void refusals(void **state)
{
    static const bad_case cases[] = {
        { "block past the grant", 1, 40, 32, { { 0, 40 } }, 0, LSA_PLACEMENT_OUTSIDE },
        { "block starting past the grant", 1, 80, 64, { { 80, 0 } }, 0, LSA_PLACEMENT_OUTSIDE },
        { "empty block at the grant's end", 1, 64, 64, { { 64, 0 } }, 0, LSA_PLACEMENT_OUTSIDE },
        { "last grain past the grant", 1, 40, 40, { { 0, 40 } }, 0, LSA_PLACEMENT_OUTSIDE },
        { "no grant", 1, 0, 0, { { 0, 0 } }, 0, LSA_PLACEMENT_OUTSIDE },
        { "misaligned", 1, 24, 4096, { { 8, 16 } }, 0, LSA_PLACEMENT_MISALIGNED },
        { "overlapping", 2, 48, 4096, { { 0, 20 }, { 16, 32 } }, 0, LSA_PLACEMENT_OVERLAP },
        { "out of order", 2, 16, 4096, { { 32, 16 }, { 0, 16 } }, 0, LSA_PLACEMENT_OVERLAP },
        { "empty block sharing a grain", 2, 16, 4096, { { 0, 0 }, { 0, 16 } }, 0, LSA_PLACEMENT_OVERLAP },
        { "used short of the last block", 1, 10, 4096, { { 0, 20 } }, 0, LSA_PLACEMENT_BAD_USED },
        { "used past the last block", 1, 30, 4096, { { 0, 20 } }, 0, LSA_PLACEMENT_BAD_USED },
        { "used without blocks", 0, 16, 4096, { { 0, 0 } }, 0, LSA_PLACEMENT_BAD_USED },
        { "bytes missing", 1, 20, 4096, { { 0, 20 } }, 1, LSA_PLACEMENT_TRUNCATED },
        { "bytes left over", 1, 20, 4096, { { 0, 20 } }, -1, LSA_PLACEMENT_TRAILING },
        { "grant over the largest", 1, 20, LSA_PLACEMENT_MAX_GRANT + 1, { { 0, 20 } }, 0, LSA_PLACEMENT_OUTSIDE },
    };
    static uint8_t in[LSA_PLACEMENT_MAX_SECTION + 64];
    lsa_placement_section s;
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const bad_case *c = &cases[i];
        size_t len = handmade(in, c->count, c->used, c->blocks);
        print_message("%s\n", c->what);
        len = c->cut >= 0 ? len - (size_t)c->cut : len + (size_t)-c->cut;
        assert_int_equal(lsa_placement_decode(in, len, c->grant, &s), c->expect);
        assert_int_equal(lsa_placement_section_size(c->blocks, c->count, c->grant) == 0,
                         c->expect == LSA_PLACEMENT_OUTSIDE || c->expect == LSA_PLACEMENT_MISALIGNED ||
                             c->expect == LSA_PLACEMENT_OVERLAP);
        assert_non_null(lsa_placement_status_name(c->expect));
    }
}

static void header_and_block_list_truncations(void **state)
{
    uint8_t in[64];
    const lsa_placed_block b[2] = { { 0, 4 }, { 16, 4 } };
    size_t len = handmade(in, 2, 20, b);
    lsa_placement_section s;
    (void)state;
    for (size_t cut = 1; cut <= len; cut++)
        assert_int_equal(lsa_placement_decode(in, len - cut, 4096, &s), LSA_PLACEMENT_TRUNCATED);
    put32(in, LSA_PLACEMENT_MAX_BLOCKS + 1);
    assert_int_equal(lsa_placement_decode(in, len, 4096, &s), LSA_PLACEMENT_TOO_MANY);
    put32(in, UINT32_MAX);
    assert_int_equal(lsa_placement_decode(in, len, 4096, &s), LSA_PLACEMENT_TOO_MANY);
}

static void most_blocks(void **state)
{
    static uint8_t grant[LSA_PLACEMENT_MAX_GRANT], out[LSA_PLACEMENT_MAX_SECTION];
    lsa_placed_block blocks[LSA_PLACEMENT_MAX_BLOCKS + 1];
    lsa_placement_section s;
    size_t size;
    (void)state;
    for (uint32_t i = 0; i <= LSA_PLACEMENT_MAX_BLOCKS; i++) {
        blocks[i].offset = i * 4096;
        blocks[i].size = 4096;
    }
    blocks[LSA_PLACEMENT_MAX_BLOCKS - 1].size = 4096; /* ends exactly at the grant's end */
    size = lsa_placement_section_size(blocks, LSA_PLACEMENT_MAX_BLOCKS, sizeof(grant));
    assert_int_equal(size, LSA_PLACEMENT_MAX_SECTION);
    lsa_placement_encode(blocks, LSA_PLACEMENT_MAX_BLOCKS, grant, out);
    assert_int_equal(lsa_placement_decode(out, size, sizeof(grant), &s), LSA_PLACEMENT_OK);
    assert_int_equal(lsa_placement_section_size(blocks, LSA_PLACEMENT_MAX_BLOCKS + 1, sizeof(grant) + 4096), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grains),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(no_blocks),
        cmocka_unit_test(refusals),
        cmocka_unit_test(header_and_block_list_truncations),
        cmocka_unit_test(most_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
