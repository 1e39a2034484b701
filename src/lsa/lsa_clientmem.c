/* Memory the LSA hands to clients (return and profile buffers).
 *
 * Each block comes from a private heap and is registered in a table, so CopyToClientBuffer writes only inside a
 * block the LSA allocated, and LsaFreeReturnBuffer frees only what the LSA handed out. The core never writes
 * anywhere else in the client. (The in-process transports share the address space; an out-of-process server will
 * implement the same four operations across processes.) */
#include "lsa_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct block {
    uint64_t address;
    size_t size;
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
    if (!capacity)
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

static BOOL insert(uint64_t address, size_t size)
{
    if ((used + tombstones + 1) * 4 > capacity * 3 && !grow())
        return FALSE;
    size_t i = hash_address(address, capacity);
    while (blocks[i].address > TOMBSTONE)
        i = (i + 1) & (capacity - 1);
    if (blocks[i].address == TOMBSTONE)
        tombstones--;
    blocks[i].address = address;
    blocks[i].size = size;
    used++;
    return TRUE;
}

NTSTATUS lsa_clientmem_alloc(size_t size, uint64_t *address)
{
    void *p;
    *address = 0;
    InitOnceExecuteOnce(&heap_once, create_heap, NULL, NULL);
    if (size > 0x7FFFFFFFu)
        return STATUS_NO_MEMORY;
    p = HeapAlloc(heap, HEAP_ZERO_MEMORY, size ? size : 1);
    if (!p)
        return STATUS_NO_MEMORY;
    AcquireSRWLockExclusive(&lock);
    BOOL ok = insert((uint64_t)(uintptr_t)p, size);
    ReleaseSRWLockExclusive(&lock);
    if (!ok) {
        HeapFree(heap, 0, p);
        return STATUS_NO_MEMORY;
    }
    *address = (uint64_t)(uintptr_t)p;
    return STATUS_SUCCESS;
}

NTSTATUS lsa_clientmem_free(uint64_t address)
{
    block *b;
    if (address <= TOMBSTONE)
        return STATUS_INVALID_PARAMETER;
    AcquireSRWLockExclusive(&lock);
    b = find(address);
    if (b) {
        b->address = TOMBSTONE;
        used--;
        tombstones++;
    }
    ReleaseSRWLockExclusive(&lock);
    if (!b) {
        WARN("address %#llx was not handed out by the LSA", (unsigned long long)address);
        return STATUS_MEMORY_NOT_ALLOCATED;
    }
    HeapFree(heap, 0, (void *)(uintptr_t)address);
    return STATUS_SUCCESS;
}

/* Find the registered block holding [address, address+len). Blocks are few and short-lived: a linear scan is cheaper
 * than keeping an ordered index for the rare write that does not start at a block's base. */
static BOOL range_ok(uint64_t address, size_t len)
{
    block *b = find(address);
    if (b)
        return len <= b->size;
    for (size_t i = 0; i < capacity; i++) {
        if (blocks[i].address > TOMBSTONE && address >= blocks[i].address &&
            address - blocks[i].address <= blocks[i].size && len <= blocks[i].size - (address - blocks[i].address))
            return TRUE;
    }
    return FALSE;
}

NTSTATUS lsa_clientmem_write(uint64_t address, const void *src, size_t len)
{
    BOOL ok;
    if (!len)
        return STATUS_SUCCESS;
    AcquireSRWLockShared(&lock);
    ok = range_ok(address, len);
    if (ok)
        memcpy((void *)(uintptr_t)address, src, len);
    ReleaseSRWLockShared(&lock);
    return ok ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

NTSTATUS lsa_clientmem_read(uint64_t address, void *dst, size_t len)
{
    BOOL ok;
    if (!len)
        return STATUS_SUCCESS;
    AcquireSRWLockShared(&lock);
    ok = range_ok(address, len);
    if (ok)
        memcpy(dst, (const void *)(uintptr_t)address, len);
    ReleaseSRWLockShared(&lock);
    return ok ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}
