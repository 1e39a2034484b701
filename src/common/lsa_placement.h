/* Return buffers the LSA server lays out in its client's own memory ("placement").
 *
 * With each request that may return buffers, the client lends a range of its own memory, the grant (address and
 * size travel in the server transport's request prefix). The server allocates that call's return blocks inside the
 * grant, so their addresses are final before a package lays embedded pointers out, keeps their bytes itself, and
 * sends them back after the wire reply in a placement section; the client copies them into the grant and frees
 * each block itself in LsaFreeReturnBuffer, as Windows' own LsaFreeReturnBuffer frees in the caller's process. A
 * return buffer then costs neither a cross-process write nor a free message.
 *
 * This is the section's codec, portable (no windows.h): the server encodes, the client decodes and checks every
 * field against the grant it lent before it writes a byte.
 *
 * Section: u32 count, u32 used, count x (u32 offset, u32 size), then `used` bytes (the grant's first `used` bytes).
 * Blocks are in offset order, LSA_PLACEMENT_ALIGN-aligned, each taking whole grains (at least one) that lie inside
 * the grant and apart from the others; used is the end of the last block. Little-endian. */
#ifndef LSAEMU_COMMON_LSA_PLACEMENT_H
#define LSAEMU_COMMON_LSA_PLACEMENT_H

#include <stddef.h>
#include <stdint.h>

#define LSA_PLACEMENT_MAX_GRANT (64u * 1024u) /* larger grants are refused (served as no grant) */
#define LSA_PLACEMENT_MAX_BLOCKS 16u          /* blocks of one call placed; more go the cross-process way */
#define LSA_PLACEMENT_ALIGN 16u
#define LSA_PLACEMENT_HEADER 8u
#define LSA_PLACEMENT_MAX_SECTION (LSA_PLACEMENT_HEADER + 8u * LSA_PLACEMENT_MAX_BLOCKS + LSA_PLACEMENT_MAX_GRANT)

typedef struct lsa_placed_block {
    uint32_t offset, size;
} lsa_placed_block;

typedef struct lsa_placement_section {
    uint32_t count;
    uint32_t used;
    lsa_placed_block blocks[LSA_PLACEMENT_MAX_BLOCKS];
    const uint8_t *bytes; /* `used` bytes inside the decoded input */
} lsa_placement_section;

typedef enum lsa_placement_status {
    LSA_PLACEMENT_OK = 0,
    LSA_PLACEMENT_TRUNCATED,    /* shorter than its header and block list say */
    LSA_PLACEMENT_TRAILING,     /* longer than they say */
    LSA_PLACEMENT_TOO_MANY,     /* count over LSA_PLACEMENT_MAX_BLOCKS */
    LSA_PLACEMENT_OUTSIDE,      /* used beyond the grant, or a block beyond used */
    LSA_PLACEMENT_MISALIGNED,   /* a block offset not LSA_PLACEMENT_ALIGN-aligned */
    LSA_PLACEMENT_OVERLAP,      /* a block not after the previous one's grains */
    LSA_PLACEMENT_BAD_USED,     /* used is not the end of the last block (0 without blocks) */
} lsa_placement_status;

/* Bytes a block of `size` takes in the grant: whole grains, at least one. */
uint32_t lsa_placement_grains(uint32_t size);
/* Bytes of the section for these blocks, 0 when they break the rules above (so the caller never encodes garbage). */
size_t lsa_placement_section_size(const lsa_placed_block *blocks, uint32_t count, uint32_t grant_size);
/* Write the section into out (lsa_placement_section_size bytes): the blocks and the grant's first `used` bytes
 * from grant_bytes. */
void lsa_placement_encode(const lsa_placed_block *blocks, uint32_t count, const uint8_t *grant_bytes, uint8_t *out);
/* Parse in[len] for a grant of grant_size bytes; on success out->bytes points into in. */
lsa_placement_status lsa_placement_decode(const uint8_t *in, size_t len, uint32_t grant_size,
                                          lsa_placement_section *out);
const char *lsa_placement_status_name(lsa_placement_status st);

#endif
