/* The memory of the logon-session table (lsa_sessions.c: sessions, their token lists, the credentials packages
 * attach): a heap of its own, destroyed once no block of it is left (lsa_session_heap_release, when the LSA server is
 * idle or the session watcher stops).
 *
 * Why: Wine's heap keeps the pages of freed blocks committed. Measured in the LSA server (docs/benchmark.md, "The LSA
 * server: many client processes"): the sessions alive at once under load (~2,000, about 8 blocks and 3.3 KB each)
 * left the heap they came from 3.8 MB committed and 99 % free after every session had ended; a heap that is
 * destroyed gives its pages back. */
#include "lsa_internal.h"

static SRWLOCK heap_lock = SRWLOCK_INIT; /* shared: using the heap; exclusive: creating or destroying it */
static HANDLE heap;
static volatile LONG blocks;

void *lsa_session_alloc(size_t size)
{
    void *p = NULL;
    AcquireSRWLockShared(&heap_lock);
    while (!heap) {
        BOOL made;
        ReleaseSRWLockShared(&heap_lock);
        AcquireSRWLockExclusive(&heap_lock);
        if (!heap)
            heap = HeapCreate(0, 0, 0);
        made = heap != NULL;
        ReleaseSRWLockExclusive(&heap_lock);
        if (!made)
            return NULL;
        AcquireSRWLockShared(&heap_lock);
    }
    if ((p = HeapAlloc(heap, HEAP_ZERO_MEMORY, size ? size : 1)))
        InterlockedIncrement(&blocks);
    ReleaseSRWLockShared(&heap_lock);
    return p;
}

void *lsa_session_realloc(void *p, size_t size)
{
    void *grown;
    if (!p)
        return lsa_session_alloc(size);
    /* p is a live block, so the heap exists and cannot be destroyed meanwhile. */
    AcquireSRWLockShared(&heap_lock);
    grown = HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, size ? size : 1);
    ReleaseSRWLockShared(&heap_lock);
    return grown;
}

void lsa_session_free(void *p)
{
    if (!p)
        return;
    AcquireSRWLockShared(&heap_lock);
    HeapFree(heap, 0, p);
    InterlockedDecrement(&blocks);
    ReleaseSRWLockShared(&heap_lock);
}

size_t lsa_session_heap_blocks(void)
{
    return (size_t)InterlockedCompareExchange(&blocks, 0, 0);
}

BOOL lsa_session_heap_release(void)
{
    BOOL released = FALSE;
    AcquireSRWLockExclusive(&heap_lock);
    if (heap && !InterlockedCompareExchange(&blocks, 0, 0)) {
        HeapDestroy(heap);
        heap = NULL;
        released = TRUE;
    }
    ReleaseSRWLockExclusive(&heap_lock);
    return released;
}
