/* The LSA's heaps: AllocateLsaHeap memory (returned structures the LSA frees) and the private heap packages use for
 * their own state (AllocatePrivateHeap). Kept apart so a package freeing on the wrong heap is caught by HeapFree. */
#include "lsa_internal.h"

#include <string.h>

static INIT_ONCE heaps_once = INIT_ONCE_STATIC_INIT;
static HANDLE lsa_heap, private_heap;

static BOOL CALLBACK create_heaps(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once; (void)param; (void)ctx;
    lsa_heap = HeapCreate(0, 0, 0);
    private_heap = HeapCreate(0, 0, 0);
    if (!lsa_heap)
        lsa_heap = GetProcessHeap();
    if (!private_heap)
        private_heap = GetProcessHeap();
    return TRUE;
}

void *lsa_heap_alloc(size_t size)
{
    InitOnceExecuteOnce(&heaps_once, create_heaps, NULL, NULL);
    return HeapAlloc(lsa_heap, HEAP_ZERO_MEMORY, size ? size : 1);
}

void lsa_heap_free(void *p)
{
    if (!p)
        return;
    InitOnceExecuteOnce(&heaps_once, create_heaps, NULL, NULL);
    HeapFree(lsa_heap, 0, p);
}

SIZE_T lsa_heap_size(const void *p)
{
    SIZE_T n;
    if (!p)
        return 0;
    InitOnceExecuteOnce(&heaps_once, create_heaps, NULL, NULL);
    n = HeapSize(lsa_heap, 0, p);
    return n == (SIZE_T)-1 ? 0 : n;
}

void *lsa_private_heap_alloc(size_t size)
{
    InitOnceExecuteOnce(&heaps_once, create_heaps, NULL, NULL);
    return HeapAlloc(private_heap, HEAP_ZERO_MEMORY, size ? size : 1);
}

void lsa_private_heap_free(void *p)
{
    if (!p)
        return;
    InitOnceExecuteOnce(&heaps_once, create_heaps, NULL, NULL);
    HeapFree(private_heap, 0, p);
}

UNICODE_STRING *lsa_heap_ustring_from_w(const WCHAR *s, size_t chars)
{
    UNICODE_STRING *u;
    if (chars > 0x7FFE)
        return NULL;
    u = lsa_heap_alloc(sizeof(*u) + (chars + 1) * sizeof(WCHAR));
    if (!u)
        return NULL;
    u->Buffer = (WCHAR *)(u + 1);
    memcpy(u->Buffer, s, chars * sizeof(WCHAR));
    u->Length = (USHORT)(chars * sizeof(WCHAR));
    u->MaximumLength = (USHORT)(u->Length + sizeof(WCHAR));
    return u;
}
