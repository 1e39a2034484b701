/* The cached accounts database; see msv1_0_accounts.h. */
#include "pkg_win.h"

#include <stdlib.h>
#include <string.h>

#include "lsa_utf.h"
#include "msv1_0_accounts.h"
#include "msv1_0_accounts_path.h"
#include "msv1_0_restrict.h"
#include "pkg_trace.h"

/* What identifies one version of the file; a change of any part triggers a reload. */
typedef struct file_key {
    WCHAR path[MSV1_0_ACCOUNTS_PATH_MAX];
    BOOL present;
    FILETIME mtime;
    ULONGLONG size;
} file_key;

static struct {
    SRWLOCK lock;
    BOOL loaded;
    file_key key;
    NTSTATUS state;          /* STATUS_SUCCESS when db (possibly NULL: no file) is usable */
    lsa_accounts_db *db;
    BYTE (*hashes)[MSV1_0_NT_HASH_LEN]; /* parallel to db, wiped on unload */
} store = {SRWLOCK_INIT, FALSE, {{0}, FALSE, {0, 0}, 0}, STATUS_SUCCESS, NULL, NULL};

/* Logon statistics by canonical name; they outlive reloads of the file. */
typedef struct logon_stats {
    WCHAR name[LSA_ACCOUNTS_MAX_NAME + 1];
    USHORT logons;
    USHORT bad;
} logon_stats;

static struct {
    SRWLOCK lock;
    logon_stats *items;
    size_t count;
} stats = {SRWLOCK_INIT, NULL, 0};

static void unload(void)
{
    if (store.hashes && store.db)
        SecureZeroMemory(store.hashes, lsa_accounts_count(store.db) * sizeof(*store.hashes));
    free(store.hashes);
    store.hashes = NULL;
    lsa_accounts_free(store.db);
    store.db = NULL;
}

static void path_utf8(const WCHAR *path, char *out, int cap)
{
    if (!WideCharToMultiByte(CP_UTF8, 0, path, -1, out, cap, NULL, NULL))
        lstrcpynA(out, "(unprintable path)", cap);
}

static BOOL same_key(const file_key *a, const file_key *b)
{
    return !lstrcmpW(a->path, b->path) && a->present == b->present &&
           (!a->present || (CompareFileTime(&a->mtime, &b->mtime) == 0 && a->size == b->size));
}

/* Reads the whole file. STATUS_SUCCESS with *text (caller frees), or the reason. */
static NTSTATUS read_file(const WCHAR *path, char **text, size_t *len, DWORD *error)
{
    LARGE_INTEGER size;
    DWORD got = 0;
    HANDLE file;
    char *buf;
    size_t done = 0;

    *text = NULL;
    *len = 0;
    *error = 0;
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        *error = GetLastError();
        return STATUS_INTERNAL_DB_ERROR;
    }
    if (!GetFileSizeEx(file, &size)) {
        *error = GetLastError();
        CloseHandle(file);
        return STATUS_INTERNAL_DB_ERROR;
    }
    if ((ULONGLONG)size.QuadPart > LSA_ACCOUNTS_MAX_FILE) {
        CloseHandle(file);
        return STATUS_INTERNAL_DB_CORRUPTION; /* the parser's TOO_LARGE, reported by the caller */
    }
    if (!(buf = malloc((size_t)size.QuadPart + 1))) {
        CloseHandle(file);
        return STATUS_NO_MEMORY;
    }
    while (done < (size_t)size.QuadPart) {
        if (!ReadFile(file, buf + done, (DWORD)((size_t)size.QuadPart - done), &got, NULL)) {
            *error = GetLastError();
            break;
        }
        if (!got)
            break; /* the file shrank meanwhile: parse what there is; the next logon sees the new key */
        done += got;
    }
    CloseHandle(file);
    if (*error) {
        free(buf);
        return STATUS_INTERNAL_DB_ERROR;
    }
    *text = buf;
    *len = done;
    return STATUS_SUCCESS;
}

/* Derives every account's NT hash once, so a logon costs one MD4 (of the offered password). */
static NTSTATUS compute_hashes(void)
{
    size_t i, n = lsa_accounts_count(store.db);

    if (!n)
        return STATUS_SUCCESS;
    if (!(store.hashes = calloc(n, sizeof(*store.hashes))))
        return STATUS_NO_MEMORY;
    for (i = 0; i < n; i++) {
        const lsa_account *a = lsa_accounts_at(store.db, i);
        size_t cap, bytes = 0;
        BYTE *utf16;
        NTSTATUS status;

        if (a->has_nt_hash) {
            memcpy(store.hashes[i], a->nt_hash, MSV1_0_NT_HASH_LEN);
            continue;
        }
        /* A UTF-8 byte never yields more than one UTF-16 unit (two bytes). */
        cap = strlen(a->password) * 2 + 2;
        if (!(utf16 = malloc(cap)))
            return STATUS_NO_MEMORY;
        if (lsa_utf8_to_utf16le(a->password, utf16, cap, &bytes)) {
            SecureZeroMemory(utf16, cap);
            free(utf16);
            return STATUS_INTERNAL_DB_CORRUPTION; /* the parser admits valid UTF-8 only; cannot happen */
        }
        status = msv1_0_ntowf(utf16, bytes, store.hashes[i]);
        SecureZeroMemory(utf16, cap);
        free(utf16);
        if (status != STATUS_SUCCESS)
            return STATUS_INTERNAL_ERROR;
    }
    return STATUS_SUCCESS;
}

static void reload(const file_key *key)
{
    lsa_accounts_error err = {LSA_ACCOUNTS_OK, 0};
    lsa_accounts_status parsed;
    char where[MSV1_0_ACCOUNTS_PATH_MAX * 3];
    char *text = NULL;
    size_t len = 0;
    DWORD error = 0;
    NTSTATUS status;

    unload();
    store.key = *key;
    store.loaded = TRUE;
    store.state = STATUS_SUCCESS;
    if (!key->present)
        return; /* no file: no accounts */

    path_utf8(key->path, where, sizeof(where));
    status = read_file(key->path, &text, &len, &error);
    if (status == STATUS_INTERNAL_DB_CORRUPTION) {
        pkg_user_diag("accounts file %s: %s (limit %u bytes); MSV1_0 logons fail until it is fixed", where,
                      lsa_accounts_status_name(LSA_ACCOUNTS_TOO_LARGE), LSA_ACCOUNTS_MAX_FILE);
        store.state = status;
        return;
    }
    if (status != STATUS_SUCCESS) {
        if (status == STATUS_INTERNAL_DB_ERROR)
            pkg_user_diag("accounts file %s: cannot be read (Windows error %lu); MSV1_0 logons fail until it is "
                          "fixed", where, error);
        store.state = status;
        return;
    }
    parsed = lsa_accounts_parse(text, len, &store.db, &err);
    SecureZeroMemory(text, len); /* it held clear-text passwords */
    free(text);
    if (parsed == LSA_ACCOUNTS_NOMEM) {
        store.db = NULL;
        store.state = STATUS_NO_MEMORY;
        store.loaded = FALSE; /* not the file's fault: try again on the next logon */
        return;
    }
    if (parsed != LSA_ACCOUNTS_OK) {
        if (err.line)
            pkg_user_diag("accounts file %s:%u: %s; MSV1_0 logons fail with STATUS_INTERNAL_DB_CORRUPTION until it "
                          "is fixed", where, err.line, lsa_accounts_status_name(err.status));
        else
            pkg_user_diag("accounts file %s: %s; MSV1_0 logons fail with STATUS_INTERNAL_DB_CORRUPTION until it is "
                          "fixed", where, lsa_accounts_status_name(err.status));
        store.db = NULL;
        store.state = STATUS_INTERNAL_DB_CORRUPTION;
        return;
    }
    status = compute_hashes();
    if (status != STATUS_SUCCESS) {
        unload();
        store.state = status;
        store.loaded = FALSE;
    }
}

static void current_key(file_key *key)
{
    WIN32_FILE_ATTRIBUTE_DATA data;

    memset(key, 0, sizeof(*key));
    msv1_0_accounts_path(key->path);
    if (GetFileAttributesExW(key->path, GetFileExInfoStandard, &data) &&
        !(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
        key->present = TRUE;
        key->mtime = data.ftLastWriteTime;
        key->size = ((ULONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
        return;
    }
    /* Only a file that is not there counts as "no accounts"; anything else (access denied, a directory) is kept
     * as present so that reading it fails loudly. */
    switch (GetLastError()) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_NETPATH:
        return;
    default:
        key->present = TRUE;
    }
}

static BOOL utf8_to_wide(const char *s, WCHAR *out, size_t cap)
{
    return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, out, (int)cap) > 0;
}

NTSTATUS msv1_0_accounts_lookup(const char *name_utf8, msv1_0_account *out)
{
    const lsa_account *a = NULL;
    file_key key;
    NTSTATUS status;
    size_t i, n;

    memset(out, 0, sizeof(*out));
    current_key(&key);

    AcquireSRWLockExclusive(&store.lock);
    if (!store.loaded || !same_key(&key, &store.key))
        reload(&key);
    status = store.state;
    if (status == STATUS_SUCCESS) {
        status = STATUS_NO_SUCH_USER;
        n = store.db ? lsa_accounts_count(store.db) : 0;
        a = store.db ? lsa_accounts_find(store.db, NULL, name_utf8) : NULL;
        for (i = 0; a && i < n; i++) {
            if (lsa_accounts_at(store.db, i) != a)
                continue;
            if (!utf8_to_wide(a->name, out->name, ARRAYSIZE(out->name)) ||
                !utf8_to_wide(a->full_name ? a->full_name : "", out->full_name, ARRAYSIZE(out->full_name))) {
                status = STATUS_INTERNAL_DB_CORRUPTION;
                break;
            }
            out->rid = a->rid;
            memcpy(out->nt_hash, store.hashes[i], MSV1_0_NT_HASH_LEN);
            if (!utf8_to_wide(a->workstations, out->workstations, ARRAYSIZE(out->workstations)) ||
                !utf8_to_wide(a->logon_script, out->logon_script, ARRAYSIZE(out->logon_script)) ||
                !utf8_to_wide(a->home_directory, out->home_directory, ARRAYSIZE(out->home_directory)) ||
                !utf8_to_wide(a->home_directory_drive, out->home_directory_drive,
                              ARRAYSIZE(out->home_directory_drive)) ||
                !utf8_to_wide(a->profile_path, out->profile_path, ARRAYSIZE(out->profile_path)) ||
                !utf8_to_wide(a->groups, out->groups, ARRAYSIZE(out->groups)) ||
                !utf8_to_wide(a->primary_group, out->primary_group, ARRAYSIZE(out->primary_group))) {
                status = STATUS_INTERNAL_DB_CORRUPTION;
                break;
            }
            if (a->password_last_set != LSA_ACCOUNTS_NEVER) {
                out->password_last_set.QuadPart = msv1_0_filetime_from_unix(a->password_last_set);
            } else {
                out->password_last_set.LowPart = store.key.mtime.dwLowDateTime;
                out->password_last_set.HighPart = (LONG)store.key.mtime.dwHighDateTime;
            }
            out->flags = a->flags;
            out->account_expires = a->account_expires;
            memcpy(out->logon_hours, a->logon_hours, sizeof(out->logon_hours));
            out->policy = *lsa_accounts_get_policy(store.db);
            out->logon_count = a->logon_count;
            out->bad_password_count = a->bad_password_count;
            out->last_logon = a->last_logon;
            out->last_bad_password = a->last_bad_password;
            out->lockout_time = a->lockout_time;
            status = STATUS_SUCCESS;
            break;
        }
    }
    ReleaseSRWLockExclusive(&store.lock);
    if (status != STATUS_SUCCESS)
        SecureZeroMemory(out, sizeof(*out));
    return status;
}

void msv1_0_accounts_note_logon(const WCHAR *canonical_name, BOOL success, USHORT *logon_count,
                                USHORT *bad_password_count)
{
    logon_stats *s = NULL, *grown;
    size_t i;

    *logon_count = 0;
    *bad_password_count = 0;
    AcquireSRWLockExclusive(&stats.lock);
    for (i = 0; i < stats.count; i++) {
        if (!lstrcmpW(stats.items[i].name, canonical_name)) {
            s = &stats.items[i];
            break;
        }
    }
    if (!s && (grown = realloc(stats.items, (stats.count + 1) * sizeof(*stats.items)))) {
        stats.items = grown;
        s = &stats.items[stats.count++];
        memset(s, 0, sizeof(*s));
        lstrcpynW(s->name, canonical_name, ARRAYSIZE(s->name));
    }
    if (s) {
        if (success) {
            if (s->logons < 0xFFFF)
                s->logons++;
            *logon_count = s->logons;
            *bad_password_count = s->bad; /* the failures this success follows, then reset */
            s->bad = 0;
        } else {
            if (s->bad < 0xFFFF)
                s->bad++;
            *logon_count = s->logons;
            *bad_password_count = s->bad;
        }
    }
    ReleaseSRWLockExclusive(&stats.lock);
}
