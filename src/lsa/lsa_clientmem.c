/* Memory the LSA hands to clients (return and profile buffers).
 *
 * Each block comes from a private heap and is registered in a table with its owner: the call that allocated it while
 * that call runs, then the process it was returned to (or the LSA itself, for a package's CallPackage result). Every
 * operation names the owner it acts for, so a package reaches only its own call's blocks, a rollback frees only its
 * own call's blocks (never an address another call got after a free), and LsaFreeReturnBuffer frees only blocks that
 * were returned. The core never writes anywhere else in the client.
 *
 * Where a block lives: with the in-process transports the client shares our address space and a block is a block of
 * a private heap. For a client in another process (the LSA server, src/server) the caller carries a handle to that
 * process: the block is allocated there with VirtualAllocEx and written and read with WriteProcessMemory and
 * ReadProcessMemory, as Windows' LSA writes return buffers into its clients (measured under Wine 8: each works, an
 * allocation with its write and free costs 0.6-3.5 ms on this loaded 2-core machine; lsa_clientmem_remote.c
 * sub-allocates, so most blocks cost the write alone). Blocks are keyed by address and process, since two clients
 * can get the same address. A client of the server that lends a grant with its request gets the call's blocks
 * placed in it instead (lsa_clientmem_placed.c): those never enter this table, and no cross-process call is made for
 * them. */
#include "lsa_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct block {
    uint64_t address;
    uint32_t pid;     /* the process whose address space holds the block */
    BOOL remote;      /* not this process: VirtualAllocEx memory */
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

static size_t hash_address(uint64_t a, uint32_t pid, size_t cap)
{
    a ^= (uint64_t)pid << 40 | (uint64_t)pid >> 24;
    a ^= a >> 33;
    a *= 0xff51afd7ed558ccdull;
    a ^= a >> 33;
    return (size_t)a & (cap - 1);
}

/* Where the caller's blocks live: its own process when the transport says so, else this one. */
static lsa_client_space space_of(const lsa_core_caller *caller)
{
    lsa_client_space s;
    s.pid = caller && caller->process ? caller->process_id : GetCurrentProcessId();
    s.process = caller ? caller->process : NULL;
    s.placement = caller && caller->process ? caller->placement : NULL;
    return s;
}

static lsa_client_space call_space(const lsa_call *call)
{
    return call->internal ? space_of(NULL) : space_of(call->caller);
}

static block *find(uint64_t address, uint32_t pid)
{
    if (!capacity || address <= TOMBSTONE)
        return NULL;
    for (size_t i = hash_address(address, pid, capacity), n = 0; n < capacity; i = (i + 1) & (capacity - 1), n++) {
        if (blocks[i].address == address && blocks[i].pid == pid)
            return &blocks[i];
        if (blocks[i].address == 0)
            return NULL;
    }
    return NULL;
}

/* Rehash when the table is 3/4 full of live and deleted slots: twice as large only if live blocks fill half of it,
 * else at the same size, dropping the deleted ones. Doubling on deleted slots grew the table with every new client
 * (each frees blocks at addresses of its own) however few blocks were alive. */
static BOOL grow(void)
{
    size_t new_cap = !capacity ? 64 : used * 2 < capacity ? capacity : capacity * 2;
    block *fresh = calloc(new_cap, sizeof(*fresh));
    if (!fresh)
        return FALSE;
    for (size_t i = 0; i < capacity; i++) {
        if (blocks[i].address > TOMBSTONE) {
            size_t j = hash_address(blocks[i].address, blocks[i].pid, new_cap);
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
    size_t i = hash_address(b->address, b->pid, capacity);
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
    b->pid = 0;
    b->owner = 0;
    b->returned = FALSE;
    used--;
    tombstones++;
}

/* The memory of a block, wherever it lives; release_memory takes what unregistering left. */
static void *allocate_memory(const lsa_client_space *space, size_t size)
{
    if (space->process) /* zeroed, as HEAP_ZERO_MEMORY makes local blocks */
        return lsa_clientmem_remote_alloc(space, size);
    return HeapAlloc(heap, HEAP_ZERO_MEMORY, size ? size : 1);
}

static void release_memory(const lsa_client_space *space, BOOL remote, uint64_t address, size_t size)
{
    if (!remote)
        HeapFree(heap, 0, (void *)(uintptr_t)address);
    else if (space->process)
        lsa_clientmem_remote_free(space, address, size);
}

static NTSTATUS alloc_owned(const lsa_client_space *space, size_t size, uint64_t owner, BOOL returned,
                            uint64_t *address)
{
    block b;
    void *p;
    BOOL ok;
    *address = 0;
    InitOnceExecuteOnce(&heap_once, create_heap, NULL, NULL);
    if (size > 0x7FFFFFFFu)
        return STATUS_NO_MEMORY;
    if (lsa_placed_alloc(space->placement, size, owner, returned, address))
        return STATUS_SUCCESS; /* in the client's grant: no cross-process work at all */
    p = allocate_memory(space, size);
    if (!p)
        return STATUS_NO_MEMORY;
    b.address = (uint64_t)(uintptr_t)p;
    b.pid = space->pid;
    b.remote = space->process != NULL;
    b.size = size;
    b.owner = owner;
    b.returned = returned;
    AcquireSRWLockExclusive(&lock);
    ok = insert(&b);
    ReleaseSRWLockExclusive(&lock);
    if (!ok) {
        release_memory(space, b.remote, b.address, b.size);
        return STATUS_NO_MEMORY;
    }
    *address = b.address;
    return STATUS_SUCCESS;
}

static BOOL running_call_owns(const block *b, uint64_t call)
{
    return !b->returned && b->owner == call;
}

static BOOL accepts(const block *b, lsa_block_rule rule, uint64_t owner)
{
    switch (rule) {
    case LSA_BLOCK_ANY: return TRUE;
    case LSA_BLOCK_OF_CALL: return running_call_owns(b, owner);
    case LSA_BLOCK_RETURNED_TO: return b->returned && b->owner == owner;
    }
    return FALSE;
}

/* Free `address` if `rule` lets `owner` do it. */
static NTSTATUS free_if(const lsa_client_space *space, uint64_t address, lsa_block_rule rule, uint64_t owner)
{
    block *b;
    BOOL ok, remote = FALSE;
    size_t size = 0;
    if (lsa_placed_in_grant(space->placement, address))
        return lsa_placed_free(space->placement, address, rule, owner);
    AcquireSRWLockExclusive(&lock);
    b = find(address, space->pid);
    ok = b && accepts(b, rule, owner);
    if (ok) {
        remote = b->remote;
        size = b->size;
        remove_block(b);
    }
    ReleaseSRWLockExclusive(&lock);
    if (!ok) {
        WARN("address %#llx is not a block this owner may free", (unsigned long long)address);
        return STATUS_MEMORY_NOT_ALLOCATED;
    }
    release_memory(space, remote, address, size);
    return STATUS_SUCCESS;
}


/* The registered block holding [address, address+len) that `rule` allows, or NULL (lock held). Blocks are few and
 * short-lived: a linear scan is cheaper than keeping an ordered index for the rare access that does not start at a
 * block's base. */
static const block *find_range(uint32_t pid, uint64_t address, size_t len, lsa_block_rule rule, uint64_t owner)
{
    const block *b = find(address, pid);
    if (b)
        return len <= b->size && accepts(b, rule, owner) ? b : NULL;
    for (size_t i = 0; i < capacity; i++) {
        b = &blocks[i];
        if (b->address > TOMBSTONE && b->pid == pid && address >= b->address && address - b->address <= b->size &&
            len <= b->size - (address - b->address))
            return accepts(b, rule, owner) ? b : NULL;
    }
    return NULL;
}

static NTSTATUS copy_with(const lsa_client_space *space, uint64_t address, void *local, size_t len, BOOL to_block,
                          lsa_block_rule rule, uint64_t owner)
{
    const block *b;
    BOOL ok;
    SIZE_T done = 0;
    if (!len)
        return STATUS_SUCCESS;
    if (lsa_placed_in_grant(space->placement, address))
        return lsa_placed_copy(space->placement, address, local, len, to_block, rule, owner);
    AcquireSRWLockShared(&lock);
    b = find_range(space->pid, address, len, rule, owner);
    ok = b != NULL;
    /* Under the lock, so the block cannot be freed (and its address reused) while we copy. */
    if (ok && b->remote && to_block)
        ok = space->process && WriteProcessMemory(space->process, (void *)(uintptr_t)address, local, len, &done) &&
             done == len;
    else if (ok && b->remote)
        ok = space->process && ReadProcessMemory(space->process, (const void *)(uintptr_t)address, local, len,
                                                 &done) && done == len;
    else if (ok && to_block)
        memcpy((void *)(uintptr_t)address, local, len);
    else if (ok)
        memcpy(local, (const void *)(uintptr_t)address, len);
    ReleaseSRWLockShared(&lock);
    return ok ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

/* ---- blocks the core builds and returns itself --------------------------------------------------------------- */

NTSTATUS lsa_clientmem_alloc(const lsa_core_caller *caller, size_t size, uint64_t *address)
{
    lsa_client_space space = space_of(caller);
    return alloc_owned(&space, size, caller->process_id, TRUE, address);
}

NTSTATUS lsa_clientmem_free(const lsa_core_caller *caller, uint64_t address)
{
    lsa_client_space space = space_of(caller);
    return free_if(&space, address, LSA_BLOCK_ANY, 0);
}

NTSTATUS lsa_clientmem_write(const lsa_core_caller *caller, uint64_t address, const void *src, size_t len)
{
    lsa_client_space space = space_of(caller);
    return copy_with(&space, address, (void *)src, len, TRUE, LSA_BLOCK_ANY, 0);
}

NTSTATUS lsa_clientmem_free_returned(const lsa_core_caller *caller, uint64_t owner, uint64_t address)
{
    lsa_client_space space = space_of(caller);
    if (!address)
        return STATUS_INVALID_PARAMETER;
    return free_if(&space, address, LSA_BLOCK_RETURNED_TO, owner);
}

/* ---- blocks of a running call (the dispatch table's client-buffer functions) -------------------------------- */

NTSTATUS lsa_clientmem_call_alloc(const lsa_call *call, size_t size, uint64_t *address)
{
    lsa_client_space space = call_space(call);
    return alloc_owned(&space, size, call->id, FALSE, address);
}

NTSTATUS lsa_clientmem_call_free(const lsa_call *call, uint64_t address)
{
    lsa_client_space space = call_space(call);
    return free_if(&space, address, LSA_BLOCK_OF_CALL, call->id);
}

NTSTATUS lsa_clientmem_call_write(const lsa_call *call, uint64_t address, const void *src, size_t len)
{
    lsa_client_space space = call_space(call);
    return copy_with(&space, address, (void *)src, len, TRUE, LSA_BLOCK_OF_CALL, call->id);
}

NTSTATUS lsa_clientmem_call_read(const lsa_call *call, uint64_t address, void *dst, size_t len)
{
    lsa_client_space space = call_space(call);
    return copy_with(&space, address, dst, len, FALSE, LSA_BLOCK_OF_CALL, call->id);
}

size_t lsa_clientmem_call_release(const lsa_call *call)
{
    lsa_client_space space = call_space(call);
    size_t freed = lsa_placed_release_call(space.placement, call->id);
    /* Unregister under the lock, free outside it; a small batch at a time so no call has a fixed limit. */
    for (;;) {
        uint64_t batch[32];
        size_t sizes[32];
        BOOL remote[32];
        size_t n = 0;
        AcquireSRWLockExclusive(&lock);
        for (size_t i = 0; i < capacity && n < ARRAYSIZE(batch); i++) {
            if (blocks[i].address > TOMBSTONE && running_call_owns(&blocks[i], call->id)) {
                batch[n] = blocks[i].address;
                sizes[n] = blocks[i].size;
                remote[n++] = blocks[i].remote;
                remove_block(&blocks[i]);
            }
        }
        ReleaseSRWLockExclusive(&lock);
        for (size_t i = 0; i < n; i++)
            release_memory(&space, remote[i], batch[i], sizes[i]);
        freed += n;
        if (n < ARRAYSIZE(batch))
            return freed;
    }
}

void lsa_clientmem_call_hand_over(const lsa_call *call, uint64_t owner)
{
    lsa_client_space space = call_space(call);
    lsa_placed_hand_over(space.placement, call->id, owner);
    AcquireSRWLockExclusive(&lock);
    for (size_t i = 0; i < capacity; i++) {
        if (blocks[i].address > TOMBSTONE && running_call_owns(&blocks[i], call->id)) {
            blocks[i].owner = owner;
            blocks[i].returned = TRUE;
        }
    }
    ReleaseSRWLockExclusive(&lock);
}

void lsa_clientmem_forget_process(uint32_t pid)
{
    /* Its address space is gone, and the blocks with it: only the entries are left to drop. */
    AcquireSRWLockExclusive(&lock);
    for (size_t i = 0; i < capacity; i++)
        if (blocks[i].address > TOMBSTONE && blocks[i].remote && blocks[i].pid == pid)
            remove_block(&blocks[i]);
    ReleaseSRWLockExclusive(&lock);
    lsa_clientmem_remote_forget(pid);
}

void lsa_clientmem_forget_exited(void)
{
    uint32_t pid;
    while ((pid = lsa_clientmem_remote_exited()) != 0)
        lsa_clientmem_forget_process(pid); /* drops its arenas too, so the loop ends */
}

size_t lsa_clientmem_live_count(void)
{
    size_t n;
    AcquireSRWLockShared(&lock);
    n = used;
    ReleaseSRWLockShared(&lock);
    return n;
}

void lsa_clientmem_table_size(size_t *slots, size_t *deleted)
{
    AcquireSRWLockShared(&lock);
    *slots = capacity;
    *deleted = tombstones;
    ReleaseSRWLockShared(&lock);
}
