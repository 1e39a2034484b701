/* The placement section's codec (lsa_placement.h). */
#include "lsa_placement.h"
#include "lsa_le.h"

#include <string.h>

uint32_t lsa_placement_grains(uint32_t size)
{
    if (size > LSA_PLACEMENT_MAX_GRANT)
        return UINT32_MAX; /* never fits a grant; and no overflow below */
    return size ? (size + LSA_PLACEMENT_ALIGN - 1) & ~(LSA_PLACEMENT_ALIGN - 1) : LSA_PLACEMENT_ALIGN;
}

/* The rules both sides apply: count, order, alignment, inside the grant. Sets *used to the end of the last block. */
static lsa_placement_status check_blocks(const lsa_placed_block *blocks, uint32_t count, uint32_t grant_size,
                                         uint32_t *used)
{
    uint32_t next = 0; /* the first offset the next block may take */
    *used = 0;
    if (count > LSA_PLACEMENT_MAX_BLOCKS)
        return LSA_PLACEMENT_TOO_MANY;
    if (grant_size > LSA_PLACEMENT_MAX_GRANT)
        return LSA_PLACEMENT_OUTSIDE;
    for (uint32_t i = 0; i < count; i++) {
        const lsa_placed_block *b = &blocks[i];
        if (b->offset % LSA_PLACEMENT_ALIGN)
            return LSA_PLACEMENT_MISALIGNED;
        if (b->offset < next)
            return LSA_PLACEMENT_OVERLAP;
        /* Its whole grains inside the grant, as the server hands them out (an empty block takes one too). */
        if (b->offset > grant_size || lsa_placement_grains(b->size) > grant_size - b->offset)
            return LSA_PLACEMENT_OUTSIDE;
        next = b->offset + lsa_placement_grains(b->size); /* both under 64 KiB: no overflow */
        *used = b->offset + b->size;
    }
    return LSA_PLACEMENT_OK;
}

size_t lsa_placement_section_size(const lsa_placed_block *blocks, uint32_t count, uint32_t grant_size)
{
    uint32_t used;
    if (check_blocks(blocks, count, grant_size, &used) != LSA_PLACEMENT_OK)
        return 0;
    return LSA_PLACEMENT_HEADER + 8u * (size_t)count + used;
}

void lsa_placement_encode(const lsa_placed_block *blocks, uint32_t count, const uint8_t *grant_bytes, uint8_t *out)
{
    uint32_t used = count ? blocks[count - 1].offset + blocks[count - 1].size : 0;
    lsa_le_put32(out, count);
    lsa_le_put32(out + 4, used);
    out += LSA_PLACEMENT_HEADER;
    for (uint32_t i = 0; i < count; i++, out += 8) {
        lsa_le_put32(out, blocks[i].offset);
        lsa_le_put32(out + 4, blocks[i].size);
    }
    if (used)
        memcpy(out, grant_bytes, used);
}

lsa_placement_status lsa_placement_decode(const uint8_t *in, size_t len, uint32_t grant_size,
                                          lsa_placement_section *out)
{
    uint32_t used;
    lsa_placement_status st;
    memset(out, 0, sizeof(*out));
    if (len < LSA_PLACEMENT_HEADER)
        return LSA_PLACEMENT_TRUNCATED;
    out->count = lsa_le_get32(in);
    out->used = lsa_le_get32(in + 4);
    if (out->count > LSA_PLACEMENT_MAX_BLOCKS)
        return LSA_PLACEMENT_TOO_MANY;
    if (len - LSA_PLACEMENT_HEADER < 8u * (size_t)out->count)
        return LSA_PLACEMENT_TRUNCATED;
    for (uint32_t i = 0; i < out->count; i++) {
        out->blocks[i].offset = lsa_le_get32(in + LSA_PLACEMENT_HEADER + 8u * i);
        out->blocks[i].size = lsa_le_get32(in + LSA_PLACEMENT_HEADER + 8u * i + 4);
    }
    if ((st = check_blocks(out->blocks, out->count, grant_size, &used)) != LSA_PLACEMENT_OK)
        return st;
    if (out->used != used)
        return LSA_PLACEMENT_BAD_USED;
    len -= LSA_PLACEMENT_HEADER + 8u * (size_t)out->count;
    if (len < used)
        return LSA_PLACEMENT_TRUNCATED;
    if (len > used)
        return LSA_PLACEMENT_TRAILING;
    out->bytes = in + LSA_PLACEMENT_HEADER + 8u * (size_t)out->count;
    return LSA_PLACEMENT_OK;
}

const char *lsa_placement_status_name(lsa_placement_status st)
{
    switch (st) {
    case LSA_PLACEMENT_OK: return "ok";
    case LSA_PLACEMENT_TRUNCATED: return "truncated";
    case LSA_PLACEMENT_TRAILING: return "trailing bytes";
    case LSA_PLACEMENT_TOO_MANY: return "too many blocks";
    case LSA_PLACEMENT_OUTSIDE: return "outside the grant";
    case LSA_PLACEMENT_MISALIGNED: return "misaligned block";
    case LSA_PLACEMENT_OVERLAP: return "overlapping blocks";
    case LSA_PLACEMENT_BAD_USED: return "used does not end the last block";
    }
    return "unknown";
}
