/* The cached accounts database; see msv1_0_accounts.h. */
#include "pkg_win.h"

#include <stdlib.h>
#include <string.h>

#include "accounts_pending.h"
#include "accounts_store.h"
#include "lsa_utf.h"
#include "msv1_0_accounts.h"
#include "msv1_0_accounts_path.h"
#include "msv1_0_restrict.h"
#include "pkg_trace.h"

/* What identifies one version of the file (lsa_store_version: size and last-write time); a change of any part makes
 * the next lookup read the file again, and only a change of its text makes it parse again. */
typedef struct file_key {
    WCHAR path[MSV1_0_ACCOUNTS_PATH_MAX];
    lsa_store_version version;
} file_key;

/* The parsed file. Lock order: the store's file lock (msv1_0_accounts_update) before `lock`, never the reverse. */
static struct {
    SRWLOCK lock;
    BOOL loaded;
    file_key key;
    NTSTATUS state;          /* STATUS_SUCCESS when db (possibly NULL: no file) is usable */
    lsa_accounts_db *db;
    BYTE (*hashes)[MSV1_0_NT_HASH_LEN]; /* parallel to db, wiped on unload */
    size_t hash_count;
    char *text;              /* the bytes db was parsed from (or formatted to); holds hashes: wiped on unload */
    size_t text_len;
} store = {SRWLOCK_INIT, FALSE, {{0}, {FALSE, 0, {0, 0}}}, STATUS_SUCCESS, NULL, NULL, 0, NULL, 0};

/* Write-behind (msv1_0_write_behind.h): the password checks applied to store.db but not yet written, under store.lock.
 * Invariant: store.db is the parse of store.text with these events replayed (lsa_pending_replay), so a reparse (a
 * hand edit) replays them and the package's own write of store.db empties them. */
static lsa_pending pending;

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

static void drop_hashes(void)
{
    if (store.hashes)
        SecureZeroMemory(store.hashes, store.hash_count * sizeof(*store.hashes));
    free(store.hashes);
    store.hashes = NULL;
    store.hash_count = 0;
}

static void unload(void)
{
    drop_hashes();
    lsa_accounts_free(store.db);
    store.db = NULL;
    lsa_store_free_text(store.text, store.text_len);
    store.text = NULL;
    store.text_len = 0;
}

static void path_utf8(const WCHAR *path, char *out, int cap)
{
    if (!WideCharToMultiByte(CP_UTF8, 0, path, -1, out, cap, NULL, NULL))
        lstrcpynA(out, "(unprintable path)", cap);
}

static BOOL same_key(const file_key *a, const file_key *b)
{
    return !lstrcmpW(a->path, b->path) && lsa_store_same_version(&a->version, &b->version);
}

/* Derives every account's NT hash once, so a logon costs one MD4 (of the offered password). */
static NTSTATUS compute_hashes(void)
{
    size_t i, n = lsa_accounts_count(store.db);

    if (!n)
        return STATUS_SUCCESS;
    if (!(store.hashes = calloc(n, sizeof(*store.hashes))))
        return STATUS_NO_MEMORY;
    store.hash_count = n;
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

/* Makes `text` (read from the version in `key`; owned from here on) the store's database: parsed, unless it is the
 * text the store already holds (a file touched or rewritten unchanged, or the package's own write read back). A
 * malformed file is reported once per version, and *parse_error (may be NULL) says why. */
static void adopt(const file_key *key, char *text, size_t len, lsa_accounts_error *parse_error)
{
    lsa_accounts_error local = {LSA_ACCOUNTS_OK, 0};
    lsa_accounts_error *err = parse_error ? parse_error : &local;
    lsa_accounts_status parsed;
    char where[MSV1_0_ACCOUNTS_PATH_MAX * 3];
    NTSTATUS status;

    if (store.loaded && store.state == STATUS_SUCCESS && store.text && text && len == store.text_len &&
        !lstrcmpW(key->path, store.key.path) && !memcmp(text, store.text, len)) {
        store.key = *key;
        lsa_store_free_text(text, len);
        return;
    }
    unload();
    store.key = *key;
    store.loaded = TRUE;
    store.state = STATUS_SUCCESS;
    if (!text)
        return; /* no file: no accounts */
    store.text = text;
    store.text_len = len;
    path_utf8(key->path, where, sizeof(where));
    if (len > LSA_ACCOUNTS_MAX_FILE) {
        pkg_user_diag("accounts file %s: %s (limit %u bytes); MSV1_0 logons fail until it is fixed", where,
                      lsa_accounts_status_name(LSA_ACCOUNTS_TOO_LARGE), LSA_ACCOUNTS_MAX_FILE);
        unload();
        store.state = STATUS_INTERNAL_DB_CORRUPTION;
        err->status = LSA_ACCOUNTS_TOO_LARGE;
        err->line = 0;
        return;
    }
    parsed = lsa_accounts_parse(text, len, &store.db, err);
    if (parsed == LSA_ACCOUNTS_NOMEM) {
        unload();
        store.state = STATUS_NO_MEMORY;
        store.loaded = FALSE; /* not the file's fault: try again on the next logon */
        return;
    }
    if (parsed != LSA_ACCOUNTS_OK) {
        if (err->line)
            pkg_user_diag("accounts file %s:%u: %s; MSV1_0 logons fail with STATUS_INTERNAL_DB_CORRUPTION until it "
                          "is fixed", where, err->line, lsa_accounts_status_name(err->status));
        else
            pkg_user_diag("accounts file %s: %s; MSV1_0 logons fail with STATUS_INTERNAL_DB_CORRUPTION until it is "
                          "fixed", where, lsa_accounts_status_name(err->status));
        unload();
        store.state = STATUS_INTERNAL_DB_CORRUPTION;
        return;
    }
    status = compute_hashes();
    if (status != STATUS_SUCCESS) {
        unload();
        store.state = status;
        store.loaded = FALSE;
        return;
    }
    /* The merge rule (accounts_pending.h): the file's text wins, the checks not yet written are counted on top. */
    lsa_pending_replay(&pending, store.db);
}

/* Reads the file of `key` again (the lookup saw another version). */
static void reload(const file_key *key)
{
    char where[MSV1_0_ACCOUNTS_PATH_MAX * 3];
    lsa_store_version read_version;
    lsa_store_status st;
    char *text = NULL;
    size_t len = 0;
    DWORD error = 0;

    if (!key->version.present) {
        adopt(key, NULL, 0, NULL);
        return;
    }
    /* The key stays the one the lookup saw, taken before this read: if the file changed in between, the next
     * lookup sees a newer version and reads again. */
    st = lsa_store_read(key->path, &text, &len, &read_version, &error);
    if (st == LSA_STORE_OK) {
        adopt(key, text, len, NULL);
        return;
    }
    unload();
    store.key = *key;
    store.loaded = st != LSA_STORE_NOMEM; /* out of memory: try again on the next logon */
    store.state = st == LSA_STORE_NOMEM ? STATUS_NO_MEMORY : STATUS_INTERNAL_DB_ERROR;
    if (st == LSA_STORE_IO) {
        path_utf8(key->path, where, sizeof(where));
        pkg_user_diag("accounts file %s: cannot be read (Windows error %lu); MSV1_0 logons fail until it is fixed",
                      where, error);
    }
}

static void current_key(file_key *key)
{
    WIN32_FILE_ATTRIBUTE_DATA data;

    memset(key, 0, sizeof(*key));
    msv1_0_accounts_path(key->path);
    if (GetFileAttributesExW(key->path, GetFileExInfoStandard, &data)) {
        key->version.present = TRUE;
        if (!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
            key->version.last_write = data.ftLastWriteTime;
            key->version.size = ((ULONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
        }
        return; /* a directory: present, so that reading it fails loudly */
    }
    /* Only a file that is not there counts as "no accounts"; anything else (access denied) is kept as present so
     * that reading it fails loudly. */
    switch (GetLastError()) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_NETPATH:
        return;
    default:
        key->version.present = TRUE;
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
                /* Whole seconds, as the account's first statistics write pins it (msv1_0_persist.h): the same
                 * value before and after. */
                out->password_last_set.QuadPart =
                    msv1_0_filetime_from_unix(msv1_0_unix_from_filetime(&store.key.version.last_write));
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

/* Every write by the LSA stores a hand-written clear-text password as its NT hash (already derived into
 * store.hashes), whoever's statistics it writes: the file never keeps one once the LSA has rewritten it. TRUE when
 * anything changed. */
static BOOL seal_passwords(void)
{
    size_t i, n = store.db ? lsa_accounts_count(store.db) : 0;
    BOOL changed = FALSE;

    for (i = 0; i < n; i++) {
        const lsa_account *a = lsa_accounts_at(store.db, i);
        lsa_account *m;

        if (a->has_nt_hash || !(m = lsa_accounts_find_mutable(store.db, a->domain, a->name)))
            continue;
        lsa_account_set_nt_hash(m, store.hashes[i]);
        changed = TRUE;
    }
    return changed;
}

/* Under the file lock and the store lock: brings the cache up to the file (the text compared byte for byte, so no
 * version of the file, however quickly written, is mistaken for the cached one), lets `mutate` change the cached
 * database, and writes it back. The cache then holds what was written, under the version written. */
static lsa_store_status locked_update(const file_key *where, lsa_store_mutate_fn mutate, void *context,
                                      lsa_store_error *err)
{
    lsa_store_status st;
    file_key key = *where;
    char *text = NULL;
    size_t len = 0;
    int verdict;
    BOOL sealed;

    st = lsa_store_read(key.path, &text, &len, &key.version, &err->win32);
    if (st != LSA_STORE_OK)
        return st;
    adopt(&key, text, len, &err->parse);
    if (store.state != STATUS_SUCCESS) /* a malformed file is never overwritten; stderr has said why */
        return store.state == STATUS_NO_MEMORY ? LSA_STORE_NOMEM : LSA_STORE_PARSE;
    if (!store.db && lsa_accounts_parse("", 0, &store.db, &err->parse) != LSA_ACCOUNTS_OK)
        return LSA_STORE_NOMEM; /* no file: an empty database to change */
    sealed = seal_passwords();
    verdict = mutate(store.db, context);
    if (verdict == LSA_STORE_KEEP && !sealed)
        return LSA_STORE_OK;
    if (verdict != LSA_STORE_WRITE && verdict != LSA_STORE_KEEP) {
        err->callback = verdict;
        store.loaded = FALSE; /* the callback may have changed the database before refusing */
        return LSA_STORE_CALLBACK;
    }
    /* The change may have set a hash (a password change): the hashes follow the database they are kept with. */
    drop_hashes();
    if (compute_hashes() != STATUS_SUCCESS) {
        store.loaded = FALSE;
        return LSA_STORE_NOMEM;
    }
    {
        lsa_store_version written;
        lsa_accounts_status formatted = lsa_accounts_format(store.db, &text, &len);
        char *kept;

        if (formatted != LSA_ACCOUNTS_OK) {
            err->parse.status = formatted;
            store.loaded = FALSE;
            return formatted == LSA_ACCOUNTS_NOMEM ? LSA_STORE_NOMEM : LSA_STORE_FORMAT;
        }
        st = lsa_store_write(key.path, text, len, &key.version, &written, &err->win32);
        /* The cache keeps the text it wrote, for the next comparison (a copy in the store's allocator). */
        if (st == LSA_STORE_OK)
            lsa_pending_clear(&pending); /* written with store.db, which holds them */
        kept = st == LSA_STORE_OK ? HeapAlloc(GetProcessHeap(), 0, len + 1) : NULL;
        if (kept) {
            memcpy(kept, text, len + 1);
            lsa_store_free_text(store.text, store.text_len);
            store.text = kept;
            store.text_len = len;
            store.key.version = written;
        } else {
            store.loaded = FALSE; /* not written, or not remembered: the next lookup reads the file again */
        }
        lsa_accounts_format_free(text, len);
    }
    return st;
}

lsa_store_status msv1_0_accounts_update(lsa_store_mutate_fn mutate, void *context, lsa_store_error *err)
{
    lsa_store_status st;
    file_key key;
    HANDLE lock;

    memset(err, 0, sizeof(*err));
    memset(&key, 0, sizeof(key));
    if (!msv1_0_accounts_path(key.path)) {
        err->win32 = ERROR_FILENAME_EXCED_RANGE;
        return err->status = LSA_STORE_IO;
    }
    if ((st = lsa_store_lock(key.path, &lock, &err->win32)) != LSA_STORE_OK)
        return err->status = st;
    AcquireSRWLockExclusive(&store.lock);
    st = locked_update(&key, mutate, context, err);
    ReleaseSRWLockExclusive(&store.lock);
    lsa_store_unlock(lock);
    return err->status = st;
}

BOOL msv1_0_accounts_record(const lsa_pending_event *e, lsa_pending_result *result, uint32_t *logons,
                            uint32_t *bad, BOOL *first)
{
    BOOL recorded = FALSE;

    *first = FALSE;
    AcquireSRWLockExclusive(&store.lock);
    /* Only on a usable cache (the lookup just brought it up to the file), with room in the queue. */
    if (store.loaded && store.state == STATUS_SUCCESS && store.db && pending.count < LSA_PENDING_MAX) {
        *result = lsa_pending_apply(store.db, e, logons, bad);
        if (*result == LSA_PENDING_APPLIED) {
            *first = pending.count == 0;
            recorded = lsa_pending_add(&pending, e, GetTickCount64()) == 0;
            if (!recorded)
                store.loaded = FALSE; /* applied but not queued: the next lookup reads the file again */
        } else {
            recorded = TRUE; /* locked out, or no such account: nothing to write */
        }
    }
    ReleaseSRWLockExclusive(&store.lock);
    return recorded;
}

void msv1_0_accounts_set_delay(DWORD delay_ms)
{
    AcquireSRWLockExclusive(&store.lock);
    pending.delay_ms = delay_ms;
    ReleaseSRWLockExclusive(&store.lock);
}

DWORD msv1_0_accounts_pending_wait(BOOL *any)
{
    DWORD wait;

    AcquireSRWLockShared(&store.lock);
    wait = lsa_pending_wait_ms(&pending, GetTickCount64());
    *any = pending.count != 0;
    ReleaseSRWLockShared(&store.lock);
    return wait;
}

/* The flush's change: none, store.db already holds the queued checks; written if any are queued. */
static int write_pending(lsa_accounts_db *db, void *context)
{
    (void)db;
    (void)context;
    return pending.count ? LSA_STORE_WRITE : LSA_STORE_KEEP;
}

lsa_store_status msv1_0_accounts_flush(lsa_store_error *err)
{
    BOOL any;

    memset(err, 0, sizeof(*err));
    msv1_0_accounts_pending_wait(&any);
    if (!any)
        return LSA_STORE_OK;
    return msv1_0_accounts_update(write_pending, NULL, err);
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

size_t msv1_0_accounts_policy(lsa_accounts_policy *out)
{
    const lsa_accounts_db *db;
    size_t n;

    AcquireSRWLockShared(&store.lock);
    db = store.state == STATUS_SUCCESS ? store.db : NULL;
    *out = *lsa_accounts_get_policy(db);
    n = db ? lsa_accounts_count(db) : 0;
    ReleaseSRWLockShared(&store.lock);
    return n;
}
