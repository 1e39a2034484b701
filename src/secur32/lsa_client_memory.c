/* Checked reads of the caller's memory (see lsa_client_memory.h).
 *
 * Why VirtualQuery and not a copy by the system: measured under Wine 8, NtReadVirtualMemory(GetCurrentProcess(), ...)
 * and ReadProcessMemory return STATUS_SUCCESS with the bytes for a PAGE_NOACCESS page, a PAGE_GUARD page and even a
 * reserved, uncommitted range (wineserver reads /proc/<pid>/mem, which ignores page protection), only a range with
 * no mapping at all gives STATUS_ACCESS_VIOLATION, and each call costs ~380 us (a wineserver round trip). VirtualQuery
 * answers in ~0.6 us from the process's own view of its pages. What it cannot cover is another thread of the caller
 * freeing or protecting the buffer during the call, which no caller can do legitimately. */
#include "lsa_client_memory.h"

#include <stdint.h>
#include <string.h>

static BOOL readable(const MEMORY_BASIC_INFORMATION *mbi)
{
    const DWORD read_access = PAGE_READONLY | PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READ |
                              PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY;
    /* A guard page would fault once and lose its guard (another thread's stack growth): never touch one. */
    if (mbi->State != MEM_COMMIT || (mbi->Protect & (PAGE_GUARD | PAGE_NOACCESS)))
        return FALSE;
    return (mbi->Protect & read_access) != 0;
}

NTSTATUS lsa_client_check_read(const void *p, size_t len)
{
    uintptr_t at = (uintptr_t)p, end;
    if (len == 0)
        return STATUS_SUCCESS;
    if (!p || len > UINTPTR_MAX - at)
        return STATUS_ACCESS_VIOLATION;
    end = at + len;
    while (at < end) {
        MEMORY_BASIC_INFORMATION mbi;
        uintptr_t region_end;
        if (!VirtualQuery((const void *)at, &mbi, sizeof(mbi)) || !readable(&mbi))
            return STATUS_ACCESS_VIOLATION;
        region_end = (uintptr_t)mbi.BaseAddress + mbi.RegionSize;
        if (region_end <= at) /* a region that ends at the top of the address space */
            return STATUS_ACCESS_VIOLATION;
        at = region_end;
    }
    return STATUS_SUCCESS;
}

NTSTATUS lsa_client_read(void *dst, const void *src, size_t len)
{
    NTSTATUS st = lsa_client_check_read(src, len);
    if (st == STATUS_SUCCESS && len)
        memcpy(dst, src, len);
    return st;
}
