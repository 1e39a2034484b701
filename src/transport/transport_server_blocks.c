/* The `server` transport's client side of placement (src/common/lsa_placement.h): the grant lent with a request,
 * the blocks the server laid out in it, and their free in this process.
 *
 * A grant is a block of the process heap. After the reply its bytes are copied in, it shrinks to the blocks it
 * holds (or goes, when it holds none), and each block is recorded with its grant and size; LsaFreeReturnBuffer
 * of a recorded block wipes and forgets it, and frees the grant with its last block. Windows' own
 * LsaFreeReturnBuffer likewise frees in the caller's process, without asking the LSA. */
#include "transport_server_internal.h"
#include "lsa_addr_map.h"
#include "lsa_wire.h"
#include "lsa_placement.h"

#include <string.h>

/* Grants for the calls that return buffers, sized for what they usually return (a profile, a session's data, the
 * session list, a package's answer: ticket caches and encoded tickets can be tens of KiB); a larger buffer is placed
 * the cross-process way. */
#define GRANT_SMALL (16u * 1024u)
#define GRANT_PACKAGE LSA_PLACEMENT_MAX_GRANT

static SRWLOCK lock = SRWLOCK_INIT;
static lsa_addr_map blocks = LSA_ADDR_MAP_INIT; /* block address -> (grant, size); grant | 1 -> (live blocks, 0) */

void *lsa_server_grant_take(uint16_t op, uint32_t *size)
{
    void *grant;
    switch (op) {
    case LSA_OP_LOGON_USER:
    case LSA_OP_ENUMERATE_SESSIONS:
    case LSA_OP_GET_SESSION_DATA: *size = GRANT_SMALL; break;
    case LSA_OP_CALL_PACKAGE: *size = GRANT_PACKAGE; break;
    default: *size = 0; return NULL;
    }
    if (!(grant = HeapAlloc(GetProcessHeap(), 0, *size)) || ((uintptr_t)grant % LSA_PLACEMENT_ALIGN)) {
        if (grant)
            HeapFree(GetProcessHeap(), 0, grant); /* never on Windows' 64-bit heap; then no grant at all */
        *size = 0;
        return NULL;
    }
    return grant;
}

void lsa_server_grant_drop(void *grant)
{
    if (grant)
        HeapFree(GetProcessHeap(), 0, grant); /* the server placed nothing in it: never written */
}

BOOL lsa_server_grant_place(void *grant, uint32_t size, const uint8_t *section, size_t len)
{
    lsa_placement_section s;
    uint64_t base = (uint64_t)(uintptr_t)grant;
    BOOL recorded = TRUE;
    /* Without a grant no block can be placed (the decoder refuses any against a size of 0). */
    if (lsa_placement_decode(section, len, grant ? size : 0, &s) != LSA_PLACEMENT_OK) {
        lsa_server_grant_drop(grant);
        return FALSE;
    }
    if (!s.count) {
        lsa_server_grant_drop(grant);
        return TRUE;
    }
    memcpy(grant, s.bytes, s.used);
    /* Give back what the blocks do not use; a heap that cannot shrink in place keeps the whole grant. */
    HeapReAlloc(GetProcessHeap(), HEAP_REALLOC_IN_PLACE_ONLY, grant, s.used ? s.used : 1);
    AcquireSRWLockExclusive(&lock);
    for (uint32_t i = 0; i < s.count; i++)
        recorded &= lsa_addr_map_put(&blocks, base + s.blocks[i].offset, base, s.blocks[i].size) != 0;
    recorded &= lsa_addr_map_put(&blocks, base | 1, s.count, 0) != 0;
    ReleaseSRWLockExclusive(&lock);
    /* Out of memory for the records: the blocks stay valid and are never freed (LsaFreeReturnBuffer then answers
     * STATUS_MEMORY_NOT_ALLOCATED). Nothing is lost but memory. */
    (void)recorded;
    return TRUE;
}

BOOL lsa_server_free_local(void *address)
{
    uint64_t grant = 0, size = 0;
    const lsa_addr_entry *g;
    BOOL ours, last = FALSE;
    AcquireSRWLockExclusive(&lock);
    ours = lsa_addr_map_remove(&blocks, (uint64_t)(uintptr_t)address, &grant, &size);
    if (ours) {
        /* The block may hold keys (a ticket's session key): wiped before its memory goes back. */
        SecureZeroMemory(address, (SIZE_T)size);
        if ((g = lsa_addr_map_get(&blocks, grant | 1)) && g->a > 1)
            lsa_addr_map_put(&blocks, grant | 1, g->a - 1, 0); /* replaces: cannot fail */
        else
            last = lsa_addr_map_remove(&blocks, grant | 1, NULL, NULL);
    }
    ReleaseSRWLockExclusive(&lock);
    if (last)
        HeapFree(GetProcessHeap(), 0, (void *)(uintptr_t)grant);
    return ours;
}
