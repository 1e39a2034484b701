/* Memory the LSA hands to clients (return and profile buffers).
 *
 * Each block comes from a private heap and is registered in a table with its owner: the call that allocated it while
 * that call runs, then the process it was returned to (or the LSA itself, for a package's CallPackage result). Every
 * operation names the owner it acts for, so a package reaches only its own call's blocks, a rollback frees only its
 * own call's blocks (never an address another call got after a free), and LsaFreeReturnBuffer frees only blocks that
 * were returned. The core never writes anywhere else in the client. (The in-process transports share the address
 * space; an out-of-process server will implement the same operations across processes.) */
#include "lsa_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct block {
    uint64_t address;
    size_t size;
    uint64_t owner;   /* a call id while !returned; a process id or LSA_CLIENTMEM_OWNER_LSA once returned */
    BOOL returned;
} block;

static SRWLOCK lock = SRWLOCK_INIT;
static block *blocks;        /* open addressing; address 0 = empty, 1 = deleted */
static size_t capacity, used, tombstones;
static HANDLE heap;
static INIT_ONCE heap_once = INIT_ONCE_STATIC_INIT;

#define TOMBSTONE 1u

static BOOL CALLBACK create_heap(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once; (void)param; (void)ctx;
    heap = HeapCreate(0, 0, 0);
    if (!heap)
        heap = GetProcessHeap();
    return TRUE;
}

static size_t hash_address(uint64_t a, size_t cap)
{
    a ^= a >> 33;
    a *= 0xff51afd7ed558ccdull;
    a ^= a >> 33;
    return (size_t)a & (cap - 1);
}

static block *find(uint64_t address)
{
    if (!capacity || address <= TOMBSTONE)
        return NULL;
    for (size_t i = hash_address(address, capacity), n = 0; n < capacity; i = (i + 1) & (capacity - 1), n++) {
        if (blocks[i].address == address)
            return &blocks[i];
        if (blocks[i].address == 0)
            return NULL;
    }
    return NULL;
}

static BOOL grow(void)
{
    size_t new_cap = capacity ? capacity * 2 : 64;
    block *fresh = calloc(new_cap, sizeof(*fresh));
    if (!fresh)
        return FALSE;
    for (size_t i = 0; i < capacity; i++) {
        if (blocks[i].address > TOMBSTONE) {
            size_t j = hash_address(blocks[i].address, new_cap);
            while (fresh[j].address)
                j = (j + 1) & (new_cap - 1);
            fresh[j] = blocks[i];
        }
    }
    free(blocks);
    blocks = fresh;
    capacity = new_cap;
    tombstones = 0;
    return TRUE;
}

static BOOL insert(const block *b)
{
    if ((used + tombstones + 1) * 4 > capacity * 3 && !grow())
        return FALSE;
    size_t i = hash_address(b->address, capacity);
    while (blocks[i].address > TOMBSTONE)
        i = (i + 1) & (capacity - 1);
    if (blocks[i].address == TOMBSTONE)
        tombstones--;
    blocks[i] = *b;
    used++;
    return TRUE;
}

/* Unregister (lock held); the caller frees the memory after releasing the lock. */
static void remove_block(block *b)
{
    b->address = TOMBSTONE;
    b->owner = 0;
    b->returned = FALSE;
    used--;
    tombstones++;
}

static NTSTATUS alloc_owned(size_t size, uint64_t owner, BOOL returned, uint64_t *address)
{
    block b;
    void *p;
    BOOL ok;
    *address = 0;
    InitOnceExecuteOnce(&heap_once, create_heap, NULL, NULL);
    if (size > 0x7FFFFFFFu)
        return STATUS_NO_MEMORY;
    p = HeapAlloc(heap, HEAP_ZERO_MEMORY, size ? size : 1);
    if (!p)
        return STATUS_NO_MEMORY;
    b.address = (uint64_t)(uintptr_t)p;
    b.size = size;
    b.owner = owner;
    b.returned = returned;
    AcquireSRWLockExclusive(&lock);
    ok = insert(&b);
    ReleaseSRWLockExclusive(&lock);
    if (!ok) {
        HeapFree(heap, 0, p);
        return STATUS_NO_MEMORY;
    }
    *address = b.address;
    return STATUS_SUCCESS;
}

/* Free `address` if `accept` says its owner may. */
static NTSTATUS free_if(uint64_t address, BOOL (*accept)(const block *, uint64_t), uint64_t owner)
{
    block *b;
    BOOL ok;
    AcquireSRWLockExclusive(&lock);
    b = find(address);
    ok = b && accept(b, owner);
    if (ok)
        remove_block(b);
    ReleaseSRWLockExclusive(&lock);
    if (!ok) {
        WARN("address %#llx is not a block this owner may free", (unsigned long long)address);
        return STATUS_MEMORY_NOT_ALLOCATED;
    }
    HeapFree(heap, 0, (void *)(uintptr_t)address);
    return STATUS_SUCCESS;
}

static BOOL any_owner(const block *b, uint64_t owner)
{
    (void)b; (void)owner;
    return TRUE;
}

static BOOL running_call_owns(const block *b, uint64_t call)
{
    return !b->returned && b->owner == call;
}

static BOOL returned_to(const block *b, uint64_t owner)
{
    return b->returned && b->owner == owner;
}

/* The registered block holding [address, address+len) that `accept` allows, or NULL (lock held). Blocks are few and
 * short-lived: a linear scan is cheaper than keeping an ordered index for the rare access that does not start at a
 * block's base. */
static const block *find_range(uint64_t address, size_t len, BOOL (*accept)(const block *, uint64_t), uint64_t owner)
{
    const block *b = find(address);
    if (b)
        return len <= b->size && accept(b, owner) ? b : NULL;
    for (size_t i = 0; i < capacity; i++) {
        b = &blocks[i];
        if (b->address > TOMBSTONE && address >= b->address && address - b->address <= b->size &&
            len <= b->size - (address - b->address))
            return accept(b, owner) ? b : NULL;
    }
    return NULL;
}

static NTSTATUS copy_with(uint64_t address, void *local, size_t len, BOOL to_block,
                          BOOL (*accept)(const block *, uint64_t), uint64_t owner)
{
    BOOL ok;
    if (!len)
        return STATUS_SUCCESS;
    AcquireSRWLockShared(&lock);
    ok = find_range(address, len, accept, owner) != NULL;
    if (ok && to_block)
        memcpy((void *)(uintptr_t)address, local, len);
    else if (ok)
        memcpy(local, (const void *)(uintptr_t)address, len);
    ReleaseSRWLockShared(&lock);
    return ok ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

/* ---- blocks the core builds and returns itself --------------------------------------------------------------- */

NTSTATUS lsa_clientmem_alloc(size_t size, uint64_t *address)
{
    /* The in-process transports serve this process only; the shared server will pass the client's process here. */
    return alloc_owned(size, GetCurrentProcessId(), TRUE, address);
}

NTSTATUS lsa_clientmem_free(uint64_t address)
{
    return free_if(address, any_owner, 0);
}

NTSTATUS lsa_clientmem_write(uint64_t address, const void *src, size_t len)
{
    return copy_with(address, (void *)src, len, TRUE, any_owner, 0);
}

NTSTATUS lsa_clientmem_free_returned(uint64_t owner, uint64_t address)
{
    if (!address)
        return STATUS_INVALID_PARAMETER;
    return free_if(address, returned_to, owner);
}

/* ---- blocks of a running call (the dispatch table's client-buffer functions) -------------------------------- */

NTSTATUS lsa_clientmem_call_alloc(uint64_t call, size_t size, uint64_t *address)
{
    return alloc_owned(size, call, FALSE, address);
}

NTSTATUS lsa_clientmem_call_free(uint64_t call, uint64_t address)
{
    return free_if(address, running_call_owns, call);
}

NTSTATUS lsa_clientmem_call_write(uint64_t call, uint64_t address, const void *src, size_t len)
{
    return copy_with(address, (void *)src, len, TRUE, running_call_owns, call);
}

NTSTATUS lsa_clientmem_call_read(uint64_t call, uint64_t address, void *dst, size_t len)
{
    return copy_with(address, dst, len, FALSE, running_call_owns, call);
}

size_t lsa_clientmem_call_release(uint64_t call)
{
    size_t freed = 0;
    /* Unregister under the lock, free outside it; a small batch at a time so no call has a fixed limit. */
    for (;;) {
        void *batch[32];
        size_t n = 0;
        AcquireSRWLockExclusive(&lock);
        for (size_t i = 0; i < capacity && n < ARRAYSIZE(batch); i++) {
            if (blocks[i].address > TOMBSTONE && running_call_owns(&blocks[i], call)) {
                batch[n++] = (void *)(uintptr_t)blocks[i].address;
                remove_block(&blocks[i]);
            }
        }
        ReleaseSRWLockExclusive(&lock);
        for (size_t i = 0; i < n; i++)
            HeapFree(heap, 0, batch[i]);
        freed += n;
        if (n < ARRAYSIZE(batch))
            return freed;
    }
}

void lsa_clientmem_call_hand_over(uint64_t call, uint64_t owner)
{
    AcquireSRWLockExclusive(&lock);
    for (size_t i = 0; i < capacity; i++) {
        if (blocks[i].address > TOMBSTONE && running_call_owns(&blocks[i], call)) {
            blocks[i].owner = owner;
            blocks[i].returned = TRUE;
        }
    }
    ReleaseSRWLockExclusive(&lock);
}

size_t lsa_clientmem_live_count(void)
{
    size_t n;
    AcquireSRWLockShared(&lock);
    n = used;
    ReleaseSRWLockShared(&lock);
    return n;
}
