/* Reading the accounts file whole with its version, and replacing it atomically with a later one. */
#include "accounts_store.h"

#include <stdio.h>
#include <string.h>
#include <winternl.h>

/* Shared for reading, writing and deletion: a writer's rename must be able to replace the file while we read. */
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

BOOL lsa_store_same_version(const lsa_store_version *a, const lsa_store_version *b)
{
    return a->present == b->present && a->size == b->size &&
           CompareFileTime(&a->last_write, &b->last_write) == 0;
}

/* Size and last-write time of an open file: two cheap queries (no volume information, see lsa_store_version). */
static BOOL describe(HANDLE file, lsa_store_version *version)
{
    FILE_BASIC_INFO basic;
    LARGE_INTEGER size;

    memset(version, 0, sizeof(*version));
    if (!GetFileInformationByHandleEx(file, FileBasicInfo, &basic, sizeof(basic)) || !GetFileSizeEx(file, &size))
        return FALSE;
    version->present = TRUE;
    version->size = (ULONGLONG)size.QuadPart;
    version->last_write.dwLowDateTime = (DWORD)basic.LastWriteTime.QuadPart;
    version->last_write.dwHighDateTime = (DWORD)((ULONGLONG)basic.LastWriteTime.QuadPart >> 32);
    return TRUE;
}

lsa_store_status lsa_store_read(const WCHAR *path, char **text, size_t *len, lsa_store_version *version,
                                DWORD *win32)
{
    lsa_store_version seen;
    HANDLE file;
    ULONGLONG want;
    DWORD got = 0;
    char *buf;

    *text = NULL;
    *len = 0;
    memset(version, 0, sizeof(*version));
    file = CreateFileW(path, GENERIC_READ, SHARE_ALL, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        *win32 = GetLastError();
        if (*win32 == ERROR_FILE_NOT_FOUND || *win32 == ERROR_PATH_NOT_FOUND)
            return LSA_STORE_OK; /* no file: no accounts */
        return LSA_STORE_IO;
    }
    if (!describe(file, &seen)) {
        *win32 = GetLastError();
        CloseHandle(file);
        return LSA_STORE_IO;
    }
    /* read a byte past the limit: the parser reports the file as too large, with its own message */
    want = seen.size > LSA_ACCOUNTS_MAX_FILE ? LSA_ACCOUNTS_MAX_FILE + 1 : seen.size;
    buf = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)want + 1);
    if (!buf) {
        CloseHandle(file);
        return LSA_STORE_NOMEM;
    }
    if (want != 0 && !ReadFile(file, buf, (DWORD)want, &got, NULL)) {
        *win32 = GetLastError();
        CloseHandle(file);
        HeapFree(GetProcessHeap(), 0, buf);
        return LSA_STORE_IO;
    }
    CloseHandle(file);
    buf[got] = '\0';
    *text = buf;
    *len = got;
    *version = seen;
    return LSA_STORE_OK;
}

/* The file holds hashes (or a hand-written password): wiped before the memory goes back. */
void lsa_store_free_text(char *text, size_t len)
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

/* Gives the new file a last-write time later than the one it replaces: the clock's, or one tick (100 ns) past the
 * old time when the clock has not moved past it (file times advance in steps of a scheduler tick). Set explicitly,
 * the time also stays as it is when the handle closes. */
static BOOL stamp_later(HANDLE file, const lsa_store_version *replaced)
{
    FILE_BASIC_INFO basic;
    FILETIME now;
    LONGLONG t, old;

    memset(&basic, 0, sizeof(basic)); /* 0: leave that time or the attributes as they are */
    GetSystemTimeAsFileTime(&now);
    t = (LONGLONG)(((ULONGLONG)now.dwHighDateTime << 32) | now.dwLowDateTime);
    if (replaced && replaced->present) {
        old = (LONGLONG)(((ULONGLONG)replaced->last_write.dwHighDateTime << 32) | replaced->last_write.dwLowDateTime);
        if (t <= old && old < INT64_MAX)
            t = old + 1;
    }
    basic.LastWriteTime.QuadPart = t;
    return SetFileInformationByHandle(file, FileBasicInfo, &basic, sizeof(basic));
}

/* The rename request for path: FILE_RENAME_INFO takes an NT path ("\??\C:\..."). Freed with HeapFree. */
static FILE_RENAME_INFO *rename_request(const WCHAR *path, DWORD *size)
{
    UNICODE_STRING nt;
    FILE_RENAME_INFO *info;

    if (!RtlDosPathNameToNtPathName_U(path, &nt, NULL, NULL))
        return NULL;
    *size = (DWORD)(offsetof(FILE_RENAME_INFO, FileName) + nt.Length + sizeof(WCHAR));
    info = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, *size);
    if (info) {
        info->ReplaceIfExists = TRUE;
        info->RootDirectory = NULL;
        info->FileNameLength = nt.Length;
        memcpy(info->FileName, nt.Buffer, nt.Length);
    }
    RtlFreeUnicodeString(&nt);
    return info;
}

/* Renames the open temporary file over path. A reader that has the file open makes the replace fail for a moment
 * (on Windows one that did not share deletion; under Wine 8 any: its server does not replace an open file): retried,
 * for up to half a second. */
static BOOL rename_over(HANDLE file, const WCHAR *path)
{
    DWORD size = 0;
    FILE_RENAME_INFO *info = rename_request(path, &size);
    BOOL ok = FALSE;

    if (!info) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    for (DWORD wait = 1; ; wait *= 2) {
        DWORD e;

        if ((ok = SetFileInformationByHandle(file, FileRenameInfo, info, size)))
            break;
        e = GetLastError();
        if ((e != ERROR_SHARING_VIOLATION && e != ERROR_ACCESS_DENIED) || wait > 256)
            break;
        Sleep(wait);
    }
    HeapFree(GetProcessHeap(), 0, info);
    return ok;
}

lsa_store_status lsa_store_write(const WCHAR *path, const char *text, size_t len, const lsa_store_version *replaced,
                                 lsa_store_version *written, DWORD *win32)
{
    WCHAR temp[LSA_STORE_PATH_MAX + 32];
    lsa_store_version mine;
    HANDLE file;
    BOOL ok;

    if (written)
        memset(written, 0, sizeof(*written));
    if (!lsa_store_temp_name(path, temp, ARRAYSIZE(temp))) {
        *win32 = ERROR_FILENAME_EXCED_RANGE;
        return LSA_STORE_IO;
    }
    /* CREATE_ALWAYS: a temp file a crashed run of a process with our id left behind is simply overwritten. DELETE:
     * the handle renames the file. Shared for reading and deletion: once renamed it is the accounts file, which
     * readers open (sharing everything) before this handle is closed. */
    file = CreateFileW(temp, GENERIC_WRITE | DELETE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, CREATE_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        *win32 = GetLastError();
        return LSA_STORE_IO;
    }
    /* The flush comes before the rename: a crash must never leave the file renamed but its data unwritten. */
    ok = write_all(file, text, len) && stamp_later(file, replaced) && FlushFileBuffers(file) &&
         describe(file, &mine) && rename_over(file, path);
    if (!ok)
        *win32 = GetLastError();
    CloseHandle(file);
    if (!ok) {
        DeleteFileW(temp); /* the rename is the last step: a failure leaves the temporary file where it was */
        return LSA_STORE_IO;
    }
    if (written)
        *written = mine;
    return LSA_STORE_OK;
}

lsa_store_status lsa_store_replace(const WCHAR *path, const char *text, size_t len, DWORD *win32)
{
    return lsa_store_write(path, text, len, NULL, NULL, win32);
}
