/* Return blocks placed in the grant a client of the LSA server lends with its request (src/common/lsa_placement.h).
 *
 * A connection owns one lsa_placement and serves one request at a time, and a call's client-buffer functions run on
 * the thread serving it (lsa_call_from_request), so the placement needs no lock. The server never touches the
 * grant itself: a block's bytes live in the shadow, the server's copy of the grant, until the section carries them
 * after the reply. What the client lent is only an address range to lay blocks out in: a lying client gets its own
 * bytes placed at its own addresses. */
#include "lsa_internal.h"
#include "lsa_placement.h"

#include <stdlib.h>
#include <string.h>

typedef struct placed_entry {
    uint32_t offset, size;
    uint64_t owner;  /* a call id while !returned, then the process it was returned to */
    BOOL returned;
    BOOL live;
} placed_entry;

struct lsa_placement {
    uint64_t base;   /* the grant of the request being served; size 0: none */
    uint32_t size;
    uint32_t high;   /* grains handed out; the shadow is zero from here on */
    uint32_t count;  /* entries used, live or freed */
    placed_entry entries[LSA_PLACEMENT_MAX_BLOCKS];
    uint8_t *shadow; /* the largest grant's size so far: a connection that never lends one costs nothing */
    uint32_t shadow_cap;
};

lsa_placement *lsa_core_placement_create(void)
{
    return calloc(1, sizeof(lsa_placement));
}

void lsa_core_placement_destroy(lsa_placement *p)
{
    if (!p)
        return;
    if (p->shadow) {
        lsa_wire_wipe(p->shadow, p->high);
        free(p->shadow);
    }
    free(p);
}

void lsa_core_placement_begin(lsa_placement *p, uint64_t base, uint32_t size)
{
    if (p->high)
        lsa_wire_wipe(p->shadow, p->high); /* left by a request whose section was never built */
    p->high = 0;
    p->count = 0;
    p->base = 0;
    p->size = 0;
    /* Anything but an aligned, non-null range of a pointer's reach that fits the shadow is no grant at all. */
    if (!size || !base || size > LSA_PLACEMENT_MAX_GRANT || base % LSA_PLACEMENT_ALIGN ||
        base > (uint64_t)UINTPTR_MAX - size)
        return;
    if (size > p->shadow_cap) {
        uint8_t *grown = calloc(1, size);
        if (!grown)
            return; /* served the cross-process way */
        free(p->shadow); /* all zero: wiped after every request */
        p->shadow = grown;
        p->shadow_cap = size;
    }
    p->base = base;
    p->size = size;
}

static BOOL accepts(const placed_entry *e, lsa_block_rule rule, uint64_t owner)
{
    switch (rule) {
    case LSA_BLOCK_ANY: return TRUE;
    case LSA_BLOCK_OF_CALL: return !e->returned && e->owner == owner;
    case LSA_BLOCK_RETURNED_TO: return FALSE; /* the client frees placed blocks itself */
    }
    return FALSE;
}

BOOL lsa_placed_in_grant(const lsa_placement *p, uint64_t address)
{
    return p && p->size && address >= p->base && address - p->base < p->size;
}

BOOL lsa_placed_alloc(lsa_placement *p, size_t size, uint64_t owner, BOOL returned, uint64_t *address)
{
    uint32_t grains;
    placed_entry *e;
    if (!p || !p->size || p->count == LSA_PLACEMENT_MAX_BLOCKS || size > p->size)
        return FALSE;
    grains = lsa_placement_grains((uint32_t)size);
    if (grains > p->size - p->high)
        return FALSE; /* the cross-process way takes it */
    e = &p->entries[p->count++];
    e->offset = p->high;
    e->size = (uint32_t)size;
    e->owner = owner;
    e->returned = returned;
    e->live = TRUE;
    p->high += grains;
    *address = p->base + e->offset;
    return TRUE;
}

/* The live entry holding [address, address+len), whatever its rule says; NULL if none. */
static placed_entry *entry_for(lsa_placement *p, uint64_t address, size_t len)
{
    uint64_t offset = address - p->base;
    if (!lsa_placed_in_grant(p, address))
        return NULL;
    for (uint32_t i = 0; i < p->count; i++) {
        placed_entry *e = &p->entries[i];
        if (e->live && offset >= e->offset && offset - e->offset <= e->size &&
            len <= e->size - (offset - e->offset))
            return e;
    }
    return NULL;
}

NTSTATUS lsa_placed_free(lsa_placement *p, uint64_t address, lsa_block_rule rule, uint64_t owner)
{
    placed_entry *e = entry_for(p, address, 0);
    if (!e || p->base + e->offset != address || !accepts(e, rule, owner))
        return STATUS_MEMORY_NOT_ALLOCATED;
    lsa_wire_wipe(p->shadow + e->offset, e->size);
    e->live = FALSE;
    /* Freed blocks at the end give their grains back (a package that allocates, frees and allocates again). */
    while (p->count && !p->entries[p->count - 1].live)
        p->high = p->entries[--p->count].offset;
    return STATUS_SUCCESS;
}

NTSTATUS lsa_placed_copy(lsa_placement *p, uint64_t address, void *local, size_t len, BOOL to_block,
                         lsa_block_rule rule, uint64_t owner)
{
    placed_entry *e = entry_for(p, address, len);
    uint8_t *at;
    if (!e || !accepts(e, rule, owner))
        return STATUS_ACCESS_VIOLATION;
    at = p->shadow + (address - p->base);
    if (to_block)
        memcpy(at, local, len);
    else
        memcpy(local, at, len);
    return STATUS_SUCCESS;
}

size_t lsa_placed_release_call(lsa_placement *p, uint64_t call)
{
    size_t freed = 0;
    if (!p)
        return 0;
    for (uint32_t i = p->count; i-- > 0;) {
        placed_entry *e = &p->entries[i];
        if (e->live && accepts(e, LSA_BLOCK_OF_CALL, call)) {
            lsa_placed_free(p, p->base + e->offset, LSA_BLOCK_OF_CALL, call);
            freed++;
        }
    }
    return freed;
}

void lsa_placed_hand_over(lsa_placement *p, uint64_t call, uint64_t owner)
{
    if (!p)
        return;
    for (uint32_t i = 0; i < p->count; i++) {
        placed_entry *e = &p->entries[i];
        if (e->live && accepts(e, LSA_BLOCK_OF_CALL, call)) {
            e->owner = owner;
            e->returned = TRUE;
        }
    }
}

BOOL lsa_core_placement_finish(lsa_placement *p, lsa_wbuf *out)
{
    lsa_placed_block blocks[LSA_PLACEMENT_MAX_BLOCKS] = { { 0, 0 } };
    uint32_t n = 0;
    size_t size;
    BOOL ok;
    for (uint32_t i = 0; i < p->count; i++) {
        placed_entry *e = &p->entries[i];
        if (e->live && e->returned) {
            blocks[n].offset = e->offset;
            blocks[n++].size = e->size;
        } else if (e->live) { /* no call runs after its request: nobody's block, never sent */
            lsa_wire_wipe(p->shadow + e->offset, e->size);
        }
    }
    size = lsa_placement_section_size(blocks, n, p->size);
    if (!out) {
        ok = TRUE; /* no reply goes out: the blocks are dropped */
    } else if (!n) {
        if ((ok = lsa_wbuf_reserve(out, out->len + LSA_PLACEMENT_HEADER) != 0)) {
            memset(out->data + out->len, 0, LSA_PLACEMENT_HEADER);
            out->len += LSA_PLACEMENT_HEADER;
        }
    } else if ((ok = size && lsa_wbuf_reserve(out, out->len + size))) {
        lsa_placement_encode(blocks, n, p->shadow, out->data + out->len);
        out->len += size;
    }
    /* The bytes are in the section (wiped with its buffer) or lost with the reply: none stay here. */
    if (p->high)
        lsa_wire_wipe(p->shadow, p->high);
    p->high = 0;
    p->count = 0;
    p->size = 0;
    return ok;
}
