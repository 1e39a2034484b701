/* The writers' lock: `<file>.lock` opened with no sharing. Whoever has it open holds the lock; the others get a
 * sharing violation (or, while the holder's delete-on-close is pending, access denied) and retry with a growing
 * sleep (1, 2, 4 ... 32 ms), up to the lock timeout. The file is deleted when the holder closes it, or the holder dies, so a
 * crash never leaves the database locked. */
#include <stdio.h>

#include "accounts_store.h"

static volatile LONG lock_timeout_ms = LSA_STORE_LOCK_TIMEOUT_MS;

void lsa_store_set_lock_timeout(DWORD ms)
{
    InterlockedExchange(&lock_timeout_ms, (LONG)ms);
}

lsa_store_status lsa_store_lock(const WCHAR *path, HANDLE *lock, DWORD *win32)
{
    WCHAR name[LSA_STORE_PATH_MAX + 8];
    DWORD waited = 0, wait = 1;
    int n = _snwprintf(name, ARRAYSIZE(name), L"%ls.lock", path);

    *lock = INVALID_HANDLE_VALUE;
    if (n <= 0 || (size_t)n >= ARRAYSIZE(name)) {
        *win32 = ERROR_FILENAME_EXCED_RANGE;
        return LSA_STORE_IO;
    }
    for (;;) {
        HANDLE h = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS,
                               FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE, NULL);
        DWORD e;

        if (h != INVALID_HANDLE_VALUE) {
            *lock = h;
            return LSA_STORE_OK;
        }
        e = GetLastError();
        *win32 = e;
        if (e != ERROR_SHARING_VIOLATION && e != ERROR_ACCESS_DENIED)
            return LSA_STORE_IO;
        if (waited >= (DWORD)lock_timeout_ms)
            return LSA_STORE_LOCKED;
        Sleep(wait);
        waited += wait;
        if (wait < 32)
            wait *= 2;
    }
}

void lsa_store_unlock(HANDLE lock)
{
    if (lock != INVALID_HANDLE_VALUE)
        CloseHandle(lock);
}
