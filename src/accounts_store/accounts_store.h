/* The accounts file on disk (Windows only): where it is, reading it, and changing it safely.
 *
 * Updates are read-modify-write under an exclusive lock file `<file>.lock` (opened with no sharing, retried with a
 * bounded backoff), so concurrent writers never lose each other's changes; the new text goes to a temporary file in
 * the same folder, is flushed, and replaces the file with MoveFileExW(REPLACE_EXISTING | WRITE_THROUGH), so a reader
 * (or a crash) sees the old file or the new one, never a torn one. A temporary file left by a crash is never read;
 * the next update by a process with the same id overwrites it. Readers need no lock. */
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

/* The temporary file name lsa_store_replace uses for path in this process: "<path>.tmp-<pid>". out gets
 * LSA_STORE_PATH_MAX + 32 WCHARs. FALSE if path is too long. */
BOOL lsa_store_temp_name(const WCHAR *path, WCHAR *out, size_t out_count);

/* How long writers wait for the lock before LSA_STORE_LOCKED (process-wide; for tests and impatient callers). */
void lsa_store_set_lock_timeout(DWORD ms);

const char *lsa_store_status_name(lsa_store_status status);

#endif
