/* The host's MIT FILE ccache; see kerb_host_ccache.h. */
#include "pkg_win.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kerb_host_ccache.h"
#include "kerb_package.h"
#include "pkg_trace.h"

#define UNIX_PREFIX L"\\\\?\\unix"
#define MAX_CCACHE_BYTES (16u << 20) /* far above any real cache; bounds what a hostile file makes us allocate */

/* A Unix path as a Windows one: \\?\unix then the path with '\' separators. */
static BOOL unix_path(const WCHAR *unix, WCHAR *path, size_t cap)
{
    size_t prefix = ARRAYSIZE(UNIX_PREFIX) - 1, n = (size_t)lstrlenW(unix), i;

    if (n >= cap || cap - n <= prefix)
        return FALSE;
    memcpy(path, UNIX_PREFIX, prefix * sizeof(WCHAR));
    for (i = 0; i <= n; i++)
        path[prefix + i] = unix[i] == L'/' ? L'\\' : unix[i];
    return TRUE;
}

/* Opens the file and takes a whole-file lock, shared to read or exclusive to rewrite: Wine maps LockFileEx onto
 * fcntl locks, the ones MIT's tools take on a ccache (measured: an fcntl write lock held by another process makes
 * both fail, a read lock only the exclusive one). The wait is bounded so that a process sitting on the lock cannot
 * hang an LSA call: *locked tells whether it was taken. STATUS_OBJECT_NAME_NOT_FOUND when there is no file. */
#define LOCK_TRIES 200 /* 10 ms apart */
static NTSTATUS open_locked(const WCHAR *path, BOOL exclusive, HANDLE *out, BOOL *locked)
{
    DWORD access = GENERIC_READ | (exclusive ? GENERIC_WRITE : 0), err;
    DWORD flags = LOCKFILE_FAIL_IMMEDIATELY | (exclusive ? LOCKFILE_EXCLUSIVE_LOCK : 0);
    OVERLAPPED whole;
    HANDLE h;
    int i;

    *out = INVALID_HANDLE_VALUE;
    *locked = FALSE;
    h = CreateFileW(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        err = GetLastError();
        return err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND ? STATUS_OBJECT_NAME_NOT_FOUND
                                                                           : STATUS_UNSUCCESSFUL;
    }
    for (i = 0; i < LOCK_TRIES && !*locked; i++) {
        memset(&whole, 0, sizeof(whole));
        if (LockFileEx(h, flags, 0, MAXDWORD, MAXDWORD, &whole))
            *locked = TRUE;
        else if (GetLastError() != ERROR_LOCK_VIOLATION)
            break;
        else
            Sleep(10);
    }
    if (!*locked)
        pkg_warn(KERB_TRACE, "the host ccache stayed locked by another process");
    *out = h;
    return STATUS_SUCCESS;
}

static void close_locked(HANDLE h, BOOL locked)
{
    OVERLAPPED whole;

    memset(&whole, 0, sizeof(whole));
    if (locked)
        UnlockFileEx(h, 0, MAXDWORD, MAXDWORD, &whole);
    CloseHandle(h);
}

/* Reads the whole open file (at most MAX_CCACHE_BYTES). */
static NTSTATUS read_handle(HANDLE h, BYTE **bytes, DWORD *size)
{
    LARGE_INTEGER length;
    DWORD got = 0;

    *bytes = NULL;
    *size = 0;
    if (!GetFileSizeEx(h, &length) || length.QuadPart > MAX_CCACHE_BYTES)
        return STATUS_UNSUCCESSFUL;
    if (!(*bytes = malloc(length.QuadPart ? (size_t)length.QuadPart : 1)))
        return STATUS_NO_MEMORY;
    if (length.QuadPart && (!ReadFile(h, *bytes, (DWORD)length.QuadPart, &got, NULL) || got != length.QuadPart)) {
        free(*bytes);
        *bytes = NULL;
        return STATUS_UNSUCCESSFUL;
    }
    *size = got;
    return STATUS_SUCCESS;
}

/* The process's real uid, from the "Uid:" line of /proc/self/status (the Wine process is the Unix process). The
 * file reports a size of 0, so it is read until it ends. */
static BOOL unix_uid(unsigned long *uid)
{
    char text[8192], *line, *end;
    DWORD size = 0, got;
    BOOL ok = FALSE;
    HANDLE h;

    h = CreateFileW(UNIX_PREFIX L"\\proc\\self\\status", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0,
                    NULL);
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    while (size < sizeof(text) - 1 && ReadFile(h, text + size, (DWORD)sizeof(text) - 1 - size, &got, NULL) && got)
        size += got;
    CloseHandle(h);
    text[size] = 0;
    for (line = text; line; line = (line = strchr(line, '\n')) ? line + 1 : NULL) {
        if (!strncmp(line, "Uid:", 4)) {
            *uid = strtoul(line + 4, &end, 10);
            ok = end != line + 4;
            break;
        }
    }
    return ok;
}

NTSTATUS kerb_host_ccache_path(WCHAR *path, size_t cap)
{
    WCHAR name[MAX_PATH * 2], fallback[64];
    const WCHAR *file = name, *colon;
    unsigned long uid;
    DWORD n;

    n = GetEnvironmentVariableW(L"KRB5CCNAME", name, ARRAYSIZE(name));
    if (n && n < ARRAYSIZE(name)) {
        if (!wcsncmp(name, L"FILE:", 5)) {
            file = name + 5;
        } else if ((colon = wcschr(name, L':')) && colon - name > 1) {
            /* "TYPE:residual" (DIR, KEYRING, KCM, MEMORY ...): not a file we can read. A one-letter prefix is a
             * drive. */
            pkg_warn(KERB_TRACE, "KRB5CCNAME names a cache type other than FILE: not read");
            return STATUS_NOT_FOUND;
        }
        if (file[0] == L'/')
            return unix_path(file, path, cap) ? STATUS_SUCCESS : STATUS_NOT_FOUND;
        if ((size_t)lstrlenW(file) >= cap)
            return STATUS_NOT_FOUND;
        lstrcpyW(path, file);
        return STATUS_SUCCESS;
    }
    if (!unix_uid(&uid)) {
        pkg_warn(KERB_TRACE, "no Unix uid: the host's default ccache is not read");
        return STATUS_NOT_FOUND;
    }
    swprintf(fallback, ARRAYSIZE(fallback), L"/tmp/krb5cc_%lu", uid);
    return unix_path(fallback, path, cap) ? STATUS_SUCCESS : STATUS_NOT_FOUND;
}

/* Parses the open host file into cache. */
static NTSTATUS load(HANDLE h, kcc_cache *cache)
{
    NTSTATUS status;
    BYTE *bytes;
    DWORD size;
    kcc_status ks;

    memset(cache, 0, sizeof(*cache));
    if ((status = read_handle(h, &bytes, &size)) != STATUS_SUCCESS)
        return status;
    ks = kcc_parse(bytes, size, cache);
    kcc_wipe(bytes, size); /* holds session keys */
    free(bytes);
    if (ks == KCC_E_NO_MEMORY)
        return STATUS_NO_MEMORY;
    if (ks != KCC_OK) {
        pkg_warn(KERB_TRACE, "the host ccache does not parse (kcc status %d): shown empty", (int)ks);
        return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

/* Renames temp over path. Another Wine process having the file open makes the rename fail for a moment (Windows'
 * rule); it is tried again for a bounded time. */
static BOOL rename_over(const WCHAR *temp, const WCHAR *path)
{
    DWORD err;
    int i;

    for (i = 0; i < LOCK_TRIES; i++) {
        if (MoveFileExW(temp, path, MOVEFILE_REPLACE_EXISTING))
            return TRUE;
        err = GetLastError();
        if (err != ERROR_ACCESS_DENIED && err != ERROR_SHARING_VIOLATION)
            break;
        Sleep(10);
    }
    return FALSE;
}

/* This process's readers and rewriters of the host file: a rename fails while any handle of ours has the file open,
 * so reads (shared) and rewrites (exclusive) do not overlap. */
static SRWLOCK file_users = SRWLOCK_INIT;

NTSTATUS kerb_host_ccache_read(kerb_snapshot *out)
{
    WCHAR path[MAX_PATH * 2 + 16];
    kerb_cred_info info;
    NTSTATUS status;
    kcc_cache cache;
    BOOL locked;
    HANDLE h;
    size_t i;

    memset(out, 0, sizeof(*out));
    memset(&info, 0, sizeof(info));
    out->cache.version = KCC_VERSION_4;
    if (kerb_host_ccache_path(path, ARRAYSIZE(path)) != STATUS_SUCCESS)
        return STATUS_SUCCESS;
    AcquireSRWLockShared(&file_users);
    if (open_locked(path, FALSE, &h, &locked) != STATUS_SUCCESS) {
        ReleaseSRWLockShared(&file_users);
        return STATUS_SUCCESS;
    }
    status = load(h, &cache);
    close_locked(h, locked);
    ReleaseSRWLockShared(&file_users);
    if (status == STATUS_NO_MEMORY)
        return status;
    if (status != STATUS_SUCCESS)
        return STATUS_SUCCESS;
    if (kcc_principal_copy(&out->cache.default_principal, &cache.default_principal) != KCC_OK)
        status = STATUS_NO_MEMORY;
    for (i = 0; status == STATUS_SUCCESS && kcc_next_listed(&cache, &i) == KCC_OK; i++)
        status = kerb_snapshot_add(out, &cache.creds[i], &info);
    kcc_cache_free(&cache);
    if (status != STATUS_SUCCESS)
        kerb_snapshot_free(out);
    return status;
}

/* The descriptor the rewritten file is created with, for its Unix mode. Wine derives a new file's mode from the
 * DACL: an ACE for a SID of the caller's token sets the user and group bits alike, one for the descriptor's owner
 * when that owner is not in the token sets the user bits alone. So the owner and the only ACE are the Unix user's
 * own SID (S-1-22-1-uid, not in Wine's token), read and write: mode 0600, what MIT creates ccaches with. Measured
 * under Wine 8: a copy of the original's descriptor comes back as 0750, the token user's SID as 0640. */
typedef struct owner_only_sd {
    SECURITY_DESCRIPTOR sd;
    BYTE sid[SECURITY_MAX_SID_SIZE];
    BYTE acl[sizeof(ACL) + sizeof(ACCESS_ALLOWED_ACE) + SECURITY_MAX_SID_SIZE];
} owner_only_sd;

static BOOL make_owner_only_sd(owner_only_sd *o)
{
    SID_IDENTIFIER_AUTHORITY unix_authority = {{0, 0, 0, 0, 0, 22}};
    unsigned long uid;
    PSID sid = (PSID)o->sid;
    ACL *acl = (ACL *)o->acl;

    if (!unix_uid(&uid) || uid > 0xFFFFFFFFul)
        return FALSE;
    return InitializeSid(sid, &unix_authority, 2) && (*GetSidSubAuthority(sid, 0) = 1, TRUE) &&
           (*GetSidSubAuthority(sid, 1) = (DWORD)uid, TRUE) && InitializeAcl(acl, sizeof(o->acl), ACL_REVISION) &&
           AddAccessAllowedAce(acl, ACL_REVISION, FILE_GENERIC_READ | FILE_GENERIC_WRITE, sid) &&
           InitializeSecurityDescriptor(&o->sd, SECURITY_DESCRIPTOR_REVISION) &&
           SetSecurityDescriptorOwner(&o->sd, sid, FALSE) && SetSecurityDescriptorDacl(&o->sd, TRUE, acl, FALSE);
}

/* Writes bytes to a new file beside path, named in temp (MAX_PATH * 2 + 48 WCHARs). */
static NTSTATUS write_temp(const WCHAR *path, const BYTE *bytes, size_t size, WCHAR *temp, size_t temp_cap)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, FALSE};
    owner_only_sd sd;
    DWORD written = 0;
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    HANDLE h;

    if (size > MAX_CCACHE_BYTES ||
        swprintf(temp, temp_cap, L"%ls.lsaemu-%lu-%lu", path, (unsigned long)GetCurrentProcessId(),
                 (unsigned long)GetCurrentThreadId()) < 0)
        return STATUS_UNSUCCESSFUL;
    /* Keys must not land in a file others may read: without the descriptor, no rewrite. */
    if (!make_owner_only_sd(&sd)) {
        pkg_warn(KERB_TRACE, "no Unix uid for the rewritten ccache's mode: the host file is left as it was");
        return STATUS_UNSUCCESSFUL;
    }
    sa.lpSecurityDescriptor = &sd.sd;
    /* CREATE_NEW (O_EXCL) never writes through a file or link someone else put there; one left by a crash of ours
     * is removed and the creation tried once more. */
    h = CreateFileW(temp, GENERIC_WRITE, 0, &sa, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS && DeleteFileW(temp))
        h = CreateFileW(temp, GENERIC_WRITE, 0, &sa, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return STATUS_UNSUCCESSFUL;
    if (WriteFile(h, bytes, (DWORD)size, &written, NULL) && written == size && FlushFileBuffers(h))
        status = STATUS_SUCCESS;
    CloseHandle(h);
    if (status != STATUS_SUCCESS)
        DeleteFileW(temp);
    return status;
}

NTSTATUS kerb_host_ccache_edit(BOOL (*edit)(kcc_cache *cache, void *context), void *context)
{
    WCHAR path[MAX_PATH * 2 + 16], temp[MAX_PATH * 2 + 48];
    NTSTATUS status;
    kcc_cache cache;
    uint8_t *bytes = NULL;
    size_t size = 0, written = 0;
    BOOL locked = FALSE;
    HANDLE h = INVALID_HANDLE_VALUE;

    memset(&cache, 0, sizeof(cache));
    if ((status = kerb_host_ccache_path(path, ARRAYSIZE(path))) != STATUS_SUCCESS)
        return status;
    /* This process's edits take turns here; MIT's tools are kept out by the file lock, held from the read until
     * just before the rename. One that takes the lock in that last moment, or opened the file earlier and waited
     * for the lock, writes to the old file, whose name is about to go (as after a kdestroy). */
    AcquireSRWLockExclusive(&file_users);
    status = open_locked(path, TRUE, &h, &locked);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        status = STATUS_SUCCESS;
        goto done;
    }
    if (status != STATUS_SUCCESS)
        goto done;
    if (!locked) {
        status = STATUS_UNSUCCESSFUL;
        goto done;
    }
    if ((status = load(h, &cache)) != STATUS_SUCCESS || !edit(&cache, context))
        goto done;
    if (kcc_serialized_size(&cache, &size) != KCC_OK || !(bytes = malloc(size ? size : 1))) {
        status = STATUS_NO_MEMORY;
        goto done;
    }
    if (kcc_serialize(&cache, bytes, size, &written) != KCC_OK || written != size)
        status = STATUS_UNSUCCESSFUL;
    else
        status = write_temp(path, bytes, size, temp, ARRAYSIZE(temp));
    kcc_wipe(bytes, size);
    free(bytes);
    if (status != STATUS_SUCCESS)
        goto done;
    /* A file with open handles cannot be replaced (Windows' rule, which Wine keeps): the lock goes just before the
     * rename, which readers see whole (the old file or the new one). */
    close_locked(h, locked);
    h = INVALID_HANDLE_VALUE;
    if (!rename_over(temp, path)) {
        pkg_warn(KERB_TRACE, "cannot rewrite the host ccache (error %lu)", (unsigned long)GetLastError());
        DeleteFileW(temp);
        status = STATUS_UNSUCCESSFUL;
    }
done:
    if (h != INVALID_HANDLE_VALUE)
        close_locked(h, locked);
    kcc_cache_free(&cache);
    ReleaseSRWLockExclusive(&file_users);
    return status;
}
