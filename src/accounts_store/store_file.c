/* Reading the accounts file whole, and replacing it atomically. */
#include "accounts_store.h"

#include <stdio.h>

#include "store_internal.h"

/* Shared for reading, writing and deletion: a writer's MoveFileExW must be able to replace the file while we read. */
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

lsa_store_status store_read_file(const WCHAR *path, char **text, size_t *len, DWORD *win32)
{
    HANDLE file;
    LARGE_INTEGER size;
    DWORD got = 0;
    char *buf;

    *text = NULL;
    *len = 0;
    file = CreateFileW(path, GENERIC_READ, SHARE_ALL, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        *win32 = GetLastError();
        if (*win32 == ERROR_FILE_NOT_FOUND || *win32 == ERROR_PATH_NOT_FOUND)
            return LSA_STORE_OK; /* no file: no accounts */
        return LSA_STORE_IO;
    }
    if (!GetFileSizeEx(file, &size)) {
        *win32 = GetLastError();
        CloseHandle(file);
        return LSA_STORE_IO;
    }
    if (size.QuadPart > LSA_ACCOUNTS_MAX_FILE) {
        /* read a byte past the limit: the parser reports the file as too large, with its own message */
        size.QuadPart = LSA_ACCOUNTS_MAX_FILE + 1;
    }
    buf = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)size.QuadPart + 1);
    if (!buf) {
        CloseHandle(file);
        return LSA_STORE_NOMEM;
    }
    if (size.QuadPart != 0 && !ReadFile(file, buf, (DWORD)size.QuadPart, &got, NULL)) {
        *win32 = GetLastError();
        CloseHandle(file);
        HeapFree(GetProcessHeap(), 0, buf);
        return LSA_STORE_IO;
    }
    CloseHandle(file);
    buf[got] = '\0';
    *text = buf;
    *len = got;
    return LSA_STORE_OK;
}

/* The file holds hashes (or a hand-written password): wiped before the memory goes back. */
void store_free_text(char *text, size_t len)
{
    if (text) {
        SecureZeroMemory(text, len);
        HeapFree(GetProcessHeap(), 0, text);
    }
}

BOOL lsa_store_temp_name(const WCHAR *path, WCHAR *out, size_t out_count)
{
    int n = _snwprintf(out, out_count, L"%ls.tmp-%lu", path, (unsigned long)GetCurrentProcessId());

    return n > 0 && (size_t)n < out_count;
}

static BOOL write_all(HANDLE file, const char *text, size_t len)
{
    while (len) {
        DWORD chunk = len > 0x10000000 ? 0x10000000 : (DWORD)len;
        DWORD done = 0;

        if (!WriteFile(file, text, chunk, &done, NULL) || done == 0)
            return FALSE;
        text += done;
        len -= done;
    }
    return TRUE;
}

/* Another process reading the file without FILE_SHARE_DELETE makes the replace fail for a moment: retried. */
static BOOL replace_with_retries(const WCHAR *temp, const WCHAR *path)
{
    for (DWORD wait = 1; ; wait *= 2) {
        DWORD e;

        if (MoveFileExW(temp, path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
            return TRUE;
        e = GetLastError();
        if ((e != ERROR_SHARING_VIOLATION && e != ERROR_ACCESS_DENIED) || wait > 256)
            return FALSE;
        Sleep(wait);
    }
}

lsa_store_status lsa_store_replace(const WCHAR *path, const char *text, size_t len, DWORD *win32)
{
    WCHAR temp[LSA_STORE_PATH_MAX + 32];
    HANDLE file;
    BOOL ok;

    if (!lsa_store_temp_name(path, temp, ARRAYSIZE(temp))) {
        *win32 = ERROR_FILENAME_EXCED_RANGE;
        return LSA_STORE_IO;
    }
    /* CREATE_ALWAYS: a temp file a crashed run of a process with our id left behind is simply overwritten */
    file = CreateFileW(temp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        *win32 = GetLastError();
        return LSA_STORE_IO;
    }
    ok = write_all(file, text, len) && FlushFileBuffers(file);
    if (!ok)
        *win32 = GetLastError();
    CloseHandle(file);
    if (ok && !replace_with_retries(temp, path)) {
        *win32 = GetLastError();
        ok = FALSE;
    }
    if (!ok) {
        DeleteFileW(temp);
        return LSA_STORE_IO;
    }
    return LSA_STORE_OK;
}
