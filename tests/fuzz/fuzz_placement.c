/* libFuzzer harness for the server transport's portable pieces (src/common):
 *   mode 0: lsa_placement_decode, the section a client checks before it copies blocks into its grant. The input is
 *           a grant size (u32) and the section. Whatever is accepted must keep every block inside the grant, in
 *           order and apart, its bytes inside the input (read, so ASan sees any byte outside), and encode back to
 *           the same bytes.
 *   mode 1: lsa_addr_map driven by a script of puts and removes, checked against a plain array. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lsa_addr_map.h"
#include "lsa_placement.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static uint32_t get32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void section(const uint8_t *data, size_t size)
{
    static uint8_t again[LSA_PLACEMENT_MAX_SECTION];
    lsa_placement_section s;
    uint32_t grant, next = 0;
    volatile uint8_t sink = 0;
    if (size < 4)
        return;
    grant = get32(data) % (LSA_PLACEMENT_MAX_GRANT + 2);
    data += 4, size -= 4;
    if (lsa_placement_decode(data, size, grant, &s) != LSA_PLACEMENT_OK)
        return;
    CHECK(s.count <= LSA_PLACEMENT_MAX_BLOCKS && s.used <= grant);
    for (uint32_t i = 0; i < s.count; i++) {
        CHECK(s.blocks[i].offset % LSA_PLACEMENT_ALIGN == 0 && s.blocks[i].offset >= next);
        CHECK(s.blocks[i].offset <= s.used && s.blocks[i].size <= s.used - s.blocks[i].offset);
        CHECK(lsa_placement_grains(s.blocks[i].size) <= grant - s.blocks[i].offset);
        next = s.blocks[i].offset + lsa_placement_grains(s.blocks[i].size);
    }
    CHECK(s.bytes >= data && (size_t)(s.bytes - data) + s.used == size);
    for (uint32_t i = 0; i < s.used; i++)
        sink ^= s.bytes[i];
    CHECK(lsa_placement_section_size(s.blocks, s.count, grant) == size);
    lsa_placement_encode(s.blocks, s.count, s.bytes, again);
    CHECK(!memcmp(again, data, size));
    (void)sink;
}

#define SLOTS 64

static void map_script(const uint8_t *data, size_t size)
{
    lsa_addr_map m = LSA_ADDR_MAP_INIT;
    uint64_t value[SLOTS];
    int present[SLOTS] = { 0 };
    size_t live = 0;
    for (size_t i = 0; i + 2 <= size; i += 2) {
        unsigned slot = data[i] % SLOTS;
        /* Keys of one slot are fixed; slots differ in low and high bits, so probes collide. */
        uint64_t key = ((uint64_t)slot << 4) + 16 + ((uint64_t)(slot & 3) << 40);
        if (data[i + 1] & 1) {
            uint64_t a, b;
            int had = lsa_addr_map_remove(&m, key, &a, &b);
            CHECK(had == present[slot]);
            if (had) {
                CHECK(a == value[slot] && b == (uint64_t)slot);
                live--;
            }
            present[slot] = 0;
        } else {
            CHECK(lsa_addr_map_put(&m, key, data[i + 1], slot));
            value[slot] = data[i + 1];
            live += !present[slot];
            present[slot] = 1;
        }
        CHECK(m.used == live);
    }
    for (unsigned slot = 0; slot < SLOTS; slot++) {
        const lsa_addr_entry *e = lsa_addr_map_get(&m, ((uint64_t)slot << 4) + 16 + ((uint64_t)(slot & 3) << 40));
        CHECK(!e == !present[slot] && (!e || e->a == value[slot]));
    }
    lsa_addr_map_clear(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    if (data[0] & 1)
        map_script(data + 1, size - 1);
    else
        section(data + 1, size - 1);
    return 0;
}
