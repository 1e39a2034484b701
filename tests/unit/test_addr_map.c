/* lsa_addr_map: the address map the server transport keeps its placed blocks in. Checked against a plain array
 * through insertions, replacements and removals in a pseudo-random order, across growth and tombstone rebuilds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lsa_addr_map.h"

static void rejects_reserved_keys(void **state)
{
    lsa_addr_map m = LSA_ADDR_MAP_INIT;
    (void)state;
    assert_int_equal(lsa_addr_map_put(&m, 0, 1, 2), 0);
    assert_int_equal(lsa_addr_map_put(&m, 1, 1, 2), 0);
    assert_null(lsa_addr_map_get(&m, 0));
    assert_null(lsa_addr_map_get(&m, 1));
    assert_int_equal(lsa_addr_map_remove(&m, 1, NULL, NULL), 0);
    assert_int_equal(m.used, 0);
}

static void put_get_replace_remove(void **state)
{
    lsa_addr_map m = LSA_ADDR_MAP_INIT;
    uint64_t a = 0, b = 0;
    const lsa_addr_entry *e;
    (void)state;
    assert_int_equal(lsa_addr_map_put(&m, 0x1000, 7, 8), 1);
    assert_non_null(e = lsa_addr_map_get(&m, 0x1000));
    assert_int_equal(e->a, 7);
    assert_int_equal(e->b, 8);
    assert_int_equal(lsa_addr_map_put(&m, 0x1000, 9, 10), 1);
    assert_int_equal(m.used, 1);
    assert_int_equal(lsa_addr_map_get(&m, 0x1000)->a, 9);
    assert_int_equal(lsa_addr_map_remove(&m, 0x1000, &a, &b), 1);
    assert_int_equal(a, 9);
    assert_int_equal(b, 10);
    assert_null(lsa_addr_map_get(&m, 0x1000));
    assert_int_equal(lsa_addr_map_remove(&m, 0x1000, &a, &b), 0);
    /* Empty again: the table itself is gone. */
    assert_null(m.slots);
    assert_int_equal(m.capacity, 0);
}

#define KEYS 5000

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
    return *s;
}

static void against_a_reference(void **state)
{
    static uint64_t keys[KEYS], values[KEYS];
    static int present[KEYS];
    lsa_addr_map m = LSA_ADDR_MAP_INIT;
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    size_t live = 0;
    (void)state;
    for (size_t i = 0; i < KEYS; i++)
        keys[i] = (next(&seed) & ~(uint64_t)15) | 16; /* aligned addresses, as blocks are */
    for (int round = 0; round < 200000; round++) {
        size_t i = next(&seed) % KEYS;
        if (next(&seed) % 3) {
            values[i] = next(&seed);
            assert_int_equal(lsa_addr_map_put(&m, keys[i], values[i], ~values[i]), 1);
            live += !present[i];
            present[i] = 1;
        } else {
            uint64_t a, b;
            assert_int_equal(lsa_addr_map_remove(&m, keys[i], &a, &b), present[i]);
            if (present[i]) {
                assert_int_equal(a, values[i]);
                assert_int_equal(b, ~values[i]);
                live--;
            }
            present[i] = 0;
        }
        assert_int_equal(m.used, live);
        assert_true(m.capacity == 0 || (m.used + m.tombstones) * 4 <= m.capacity * 3);
    }
    for (size_t i = 0; i < KEYS; i++) {
        const lsa_addr_entry *e = lsa_addr_map_get(&m, keys[i]);
        if (present[i]) {
            assert_non_null(e);
            assert_int_equal(e->a, values[i]);
        } else {
            assert_null(e);
        }
    }
    lsa_addr_map_clear(&m);
    assert_int_equal(m.used, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rejects_reserved_keys),
        cmocka_unit_test(put_get_replace_remove),
        cmocka_unit_test(against_a_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
