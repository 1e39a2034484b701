/* The accounts file on disk (Windows only): where it is, reading it, and changing it safely.
 *
 * Updates are read-modify-write under an exclusive lock file `<file>.lock` (opened with no sharing, retried with a
 * bounded backoff), so concurrent writers never lose each other's changes; the new text goes to a temporary file in
 * the same folder, is flushed, and is renamed over the file through its own handle (FileRenameInformation with
 * ReplaceIfExists: what MoveFileExW(REPLACE_EXISTING) does, without opening the file again), so a reader (or a crash)
 * sees the old file or the new one, never a torn one. A temporary file left by a crash is never read; the next update
 * by a process with the same id overwrites it. Readers need no lock.
 *
 * Versions: every file the store writes gets a last-write time later than that of the file it replaces (the clock's,
 * or one tick past the old one when the clock has not moved on: file times advance in coarse steps), so a reader
 * that remembers (size, last-write time) tells any later version written by the store from the one it has, without
 * opening the file. A cache that must be exact (the locked update) compares the text itself. */
#ifndef LSAEMU_ACCOUNTS_STORE_H
#define LSAEMU_ACCOUNTS_STORE_H

#include <windows.h>

#include "accounts.h"

#define LSA_STORE_PATH_MAX 1024 /* WCHARs, NUL included; as the MSV1_0 package */
#define LSA_STORE_LOCK_TIMEOUT_MS 10000 /* the default; see lsa_store_set_lock_timeout */

typedef enum lsa_store_status {
    LSA_STORE_OK = 0,
    LSA_STORE_NOMEM,
    LSA_STORE_IO,       /* reading or writing failed; win32 says why */
    LSA_STORE_PARSE,    /* the file is malformed; parse says where */
    LSA_STORE_LOCKED,   /* another writer held the lock for the whole lock timeout */
    LSA_STORE_CALLBACK, /* the update callback refused; callback holds its code */
    LSA_STORE_FORMAT,   /* the database could not be written as text; parse.status says why */
} lsa_store_status;

typedef struct lsa_store_error {
    lsa_store_status status;
    DWORD win32;               /* LSA_STORE_IO, LSA_STORE_LOCKED */
    lsa_accounts_error parse;  /* LSA_STORE_PARSE, LSA_STORE_FORMAT */
    int callback;              /* LSA_STORE_CALLBACK */
} lsa_store_error;

/* The file the MSV1_0 package uses, in the same order: env LSAEMU_ACCOUNTS (a path starting with '/' is a host path,
 * converted with kernel32's wine_get_dos_file_name when present), else HKLM\Software\lsaemu AccountsFile (REG_SZ),
 * else %ProgramData%\lsaemu\accounts.ini (C:\ProgramData when unset). Fills path[LSA_STORE_PATH_MAX]. */
void lsa_store_default_path(WCHAR *path);

/* A host path ("/...") as Wine's DOS path; anything else, or when not under Wine, unchanged. */
void lsa_store_from_host_path(WCHAR *path);

/* What tells one version of the file from another without reading it. Not the volume serial and file index of
 * GetFileInformationByHandle: under Wine the volume serial is a round trip to the mount manager (~0.3 ms), and the
 * index needs an open handle; a path names one volume, and the store's writes always move the last-write time on. */
typedef struct lsa_store_version {
    BOOL present;        /* FALSE: no file (then size and last_write are 0) */
    ULONGLONG size;
    FILETIME last_write;
} lsa_store_version;

BOOL lsa_store_same_version(const lsa_store_version *a, const lsa_store_version *b);

/* The whole file, NUL-terminated, in *text (release with lsa_store_free_text), and the version it was read from
 * (taken from the open handle before reading: if the file changes meanwhile, the version is the older one, so a
 * cache keyed by it errs towards reading again). A missing file (or folder) gives NULL, 0, version.present FALSE and
 * LSA_STORE_OK. A file over LSA_ACCOUNTS_MAX_FILE is read up to one byte past the limit, so the parser refuses it. */
lsa_store_status lsa_store_read(const WCHAR *path, char **text, size_t *len, lsa_store_version *version,
                                DWORD *win32);
void lsa_store_free_text(char *text, size_t len); /* wipes it: the text holds hashes */

/* Reads and parses the file. A missing file (or folder) is an empty database. err may be NULL. */
lsa_store_status lsa_store_load(const WCHAR *path, lsa_accounts_db **db, lsa_store_error *err);

/* The callback changes the freshly read database. It returns LSA_STORE_WRITE to save it, LSA_STORE_KEEP to leave the
 * file untouched (success), or any other value to abort: lsa_store_update then returns LSA_STORE_CALLBACK with the
 * value in err->callback. */
#define LSA_STORE_WRITE 0
#define LSA_STORE_KEEP 1
typedef int (*lsa_store_mutate_fn)(lsa_accounts_db *db, void *context);

/* Lock, read, call mutate, write atomically, unlock. The folder must exist. */
lsa_store_status lsa_store_update(const WCHAR *path, lsa_store_mutate_fn mutate, void *context, lsa_store_error *err);

/* Writes text atomically over path (temp file, flush, replace); no lock. Exposed for tests and the updater. */
lsa_store_status lsa_store_replace(const WCHAR *path, const char *text, size_t len, DWORD *win32);

/* lsa_store_replace for a caller that holds the lock and keeps a cache: `replaced` (NULL: unknown) is the version
 * being replaced, *written (may be NULL) gets the version written, whose last-write time is later than replaced's. */
lsa_store_status lsa_store_write(const WCHAR *path, const char *text, size_t len, const lsa_store_version *replaced,
                                 lsa_store_version *written, DWORD *win32);

/* The writers' lock alone, for callers that read and write through their own cache (the MSV1_0 package): *lock gets
 * the handle to pass to lsa_store_unlock. LSA_STORE_LOCKED after the lock timeout, LSA_STORE_IO otherwise. */
lsa_store_status lsa_store_lock(const WCHAR *path, HANDLE *lock, DWORD *win32);
void lsa_store_unlock(HANDLE lock);

/* The temporary file name lsa_store_replace uses for path in this process: "<path>.tmp-<pid>". out gets
 * LSA_STORE_PATH_MAX + 32 WCHARs. FALSE if path is too long. */
BOOL lsa_store_temp_name(const WCHAR *path, WCHAR *out, size_t out_count);

/* How long writers wait for the lock before LSA_STORE_LOCKED (process-wide; for tests and impatient callers). */
void lsa_store_set_lock_timeout(DWORD ms);

const char *lsa_store_status_name(lsa_store_status status);

#endif
