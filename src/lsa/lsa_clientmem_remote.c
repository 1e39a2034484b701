/* Client blocks in another process (the LSA server's clients): sub-allocated from arenas the server allocates in the
 * client with VirtualAllocEx, so a return buffer costs one cross-process write instead of an allocation, a write and
 * a free (each a wineserver APC to the client under Wine 8; measured in docs/design.md, "The LSA server"). Blocks
 * over ARENA_MAX_BLOCK get their own allocation.
 *
 * The bookkeeping is all here: the client's memory is only ever written (zeros when a range is reused, then what the
 * core copies in), never trusted. A client that scribbles over its own arena harms only itself. */
#include "lsa_internal.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_SIZE (256u * 1024u)
#define ARENA_MAX_BLOCK (64u * 1024u)
#define GRAIN 16u

typedef struct range {
    uint32_t offset, size;
} range;

typedef struct arena {
    struct arena *next;
    uint32_t pid;
    HANDLE process;       /* our own handle: while it is open the pid cannot name another process */
    uint64_t base;
    uint32_t high;        /* bytes from the start ever handed out: beyond, the pages are fresh (zero) */
    range *free;          /* free ranges below high, sorted by offset, never adjacent */
    uint32_t free_count, free_cap;
} arena;

static SRWLOCK lock = SRWLOCK_INIT;
static arena *arenas;
static const uint8_t zeros[ARENA_MAX_BLOCK];

static uint32_t rounded(size_t size)
{
    return (uint32_t)((size ? size : 1) + GRAIN - 1) & ~(GRAIN - 1);
}

/* First fit in a's free ranges, else above its high mark. Lock held. */
static BOOL take(arena *a, uint32_t n, uint32_t *offset, BOOL *reused)
{
    for (uint32_t i = 0; i < a->free_count; i++) {
        range *r = &a->free[i];
        if (r->size < n)
            continue;
        *offset = r->offset;
        *reused = TRUE;
        r->offset += n;
        r->size -= n;
        if (!r->size) {
            memmove(r, r + 1, (a->free_count - i - 1) * sizeof(*r));
            a->free_count--;
        }
        return TRUE;
    }
    if (ARENA_SIZE - a->high < n)
        return FALSE;
    *offset = a->high;
    *reused = FALSE;
    a->high += n;
    return TRUE;
}

/* Give [offset, offset+n) back, merging with its neighbours and the high mark. Lock held. FALSE: out of memory for
 * the list (the range is then lost until the client exits: only its own address space). */
static BOOL give(arena *a, uint32_t offset, uint32_t n)
{
    uint32_t i = 0;
    while (i < a->free_count && a->free[i].offset < offset)
        i++;
    if (i > 0 && a->free[i - 1].offset + a->free[i - 1].size == offset) {
        a->free[i - 1].size += n;
        if (i < a->free_count && offset + n == a->free[i].offset) {
            a->free[i - 1].size += a->free[i].size;
            memmove(&a->free[i], &a->free[i + 1], (a->free_count - i - 1) * sizeof(range));
            a->free_count--;
        }
    } else if (i < a->free_count && offset + n == a->free[i].offset) {
        a->free[i].offset = offset;
        a->free[i].size += n;
    } else {
        if (a->free_count == a->free_cap) {
            uint32_t cap = a->free_cap ? a->free_cap * 2 : 16;
            range *grown = malloc(cap * sizeof(range));
            if (!grown)
                return FALSE;
            if (a->free_count)
                memcpy(grown, a->free, a->free_count * sizeof(range));
            free(a->free);
            a->free = grown;
            a->free_cap = cap;
        }
        memmove(&a->free[i + 1], &a->free[i], (a->free_count - i) * sizeof(range));
        a->free[i].offset = offset;
        a->free[i].size = n;
        a->free_count++;
    }
    return TRUE; /* the high mark stays: memory below it was used, and is zeroed when handed out again */
}

void *lsa_clientmem_remote_alloc(const lsa_client_space *space, size_t size)
{
    uint32_t n, offset = 0;
    BOOL reused = FALSE, found = FALSE;
    uint64_t address = 0;
    arena *a, *fresh;
    SIZE_T done = 0;

    if (size > ARENA_MAX_BLOCK)
        return VirtualAllocEx(space->process, NULL, size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    n = rounded(size);
    AcquireSRWLockExclusive(&lock);
    for (a = arenas; a && !found; a = a->next)
        if (a->pid == space->pid && (found = take(a, n, &offset, &reused)))
            address = a->base + offset;
    ReleaseSRWLockExclusive(&lock);
    /* (An arena outlives no process: it holds its process open until lsa_clientmem_remote_forget, so a pid found
     * here is the same process as the caller's.) */
    if (!found) {
        /* A new arena, allocated outside the lock: the call crosses into the client. */
        void *base = VirtualAllocEx(space->process, NULL, ARENA_SIZE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        if (!base)
            return NULL;
        if (!(fresh = calloc(1, sizeof(*fresh))) ||
            !DuplicateHandle(GetCurrentProcess(), space->process, GetCurrentProcess(), &fresh->process, 0, FALSE,
                             DUPLICATE_SAME_ACCESS)) {
            free(fresh);
            VirtualFreeEx(space->process, base, 0, MEM_RELEASE);
            return NULL;
        }
        fresh->pid = space->pid;
        fresh->base = (uint64_t)(uintptr_t)base;
        fresh->high = n;
        AcquireSRWLockExclusive(&lock);
        fresh->next = arenas;
        arenas = fresh;
        ReleaseSRWLockExclusive(&lock);
        return base;
    }
    /* Fresh pages are zero, as VirtualAllocEx gives them; a reused range is made so. */
    if (reused && (!WriteProcessMemory(space->process, (void *)(uintptr_t)address, zeros, n, &done) || done != n)) {
        lsa_clientmem_remote_free(space, address, size);
        return NULL;
    }
    return (void *)(uintptr_t)address;
}

void lsa_clientmem_remote_free(const lsa_client_space *space, uint64_t address, size_t size)
{
    BOOL found = FALSE;
    if (size > ARENA_MAX_BLOCK) {
        if (!VirtualFreeEx(space->process, (void *)(uintptr_t)address, 0, MEM_RELEASE))
            WARN("could not free client block %#llx of process %lu", (unsigned long long)address,
                 (unsigned long)space->pid); /* the client's address space, gone with it at worst */
        return;
    }
    AcquireSRWLockExclusive(&lock);
    for (arena *a = arenas; a && !found; a = a->next) {
        if (a->pid == space->pid && address >= a->base && address - a->base < ARENA_SIZE) {
            found = TRUE;
            if (!give(a, (uint32_t)(address - a->base), rounded(size)))
                WARN("client block %#llx not reusable (out of memory)", (unsigned long long)address);
        }
    }
    ReleaseSRWLockExclusive(&lock);
    if (!found)
        ERR("client block %#llx of process %lu is in no arena", (unsigned long long)address,
            (unsigned long)space->pid);
}

void lsa_clientmem_remote_forget(uint32_t pid)
{
    arena **link = &arenas, *gone = NULL;
    AcquireSRWLockExclusive(&lock);
    while (*link) {
        arena *a = *link;
        if (a->pid == pid) {
            *link = a->next;
            a->next = gone;
            gone = a;
        } else {
            link = &a->next;
        }
    }
    ReleaseSRWLockExclusive(&lock);
    while (gone) {
        arena *next = gone->next;
        CloseHandle(gone->process);
        free(gone->free);
        free(gone);
        gone = next;
    }
}

uint32_t lsa_clientmem_remote_exited(void)
{
    uint32_t pid = 0;
    AcquireSRWLockShared(&lock);
    for (arena *a = arenas; a && !pid; a = a->next)
        if (WaitForSingleObject(a->process, 0) == WAIT_OBJECT_0)
            pid = a->pid;
    ReleaseSRWLockShared(&lock);
    return pid;
}

size_t lsa_clientmem_remote_arena_count(void)
{
    size_t n = 0;
    AcquireSRWLockShared(&lock);
    for (const arena *a = arenas; a; a = a->next)
        n++;
    ReleaseSRWLockShared(&lock);
    return n;
}
