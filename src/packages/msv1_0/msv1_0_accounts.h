/* The accounts database as MSV1_0 uses it: the file named by msv1_0_accounts_path, parsed with src/accounts, re-read
 * when its path, last-write time or size changes, with every account's NT hash computed once per load.
 *
 *  - a missing file means no accounts (every logon: STATUS_LOGON_FAILURE);
 *  - a malformed file makes logons fail with STATUS_INTERNAL_DB_CORRUPTION and prints, once per version of the file,
 *    "lsaemu: accounts file <path>:<line>: <error>" on stderr, so the user can fix it;
 *  - a file that exists but cannot be read makes logons fail with STATUS_INTERNAL_DB_ERROR (reported once too).
 *
 * Also keeps per-account logon statistics for the profile (LogonCount, BadPasswordCount) for the life of the process:
 * the file has no place for them yet. */
#ifndef LSAEMU_PACKAGES_MSV1_0_ACCOUNTS_H
#define LSAEMU_PACKAGES_MSV1_0_ACCOUNTS_H

#include "pkg_win.h"

#include "accounts.h"
#include "msv1_0_ntowf.h"

typedef struct msv1_0_account {
    WCHAR name[LSA_ACCOUNTS_MAX_NAME + 1];       /* as spelled in the file (the canonical name) */
    WCHAR full_name[LSA_ACCOUNTS_MAX_VALUE + 1]; /* "" when absent */
    DWORD rid;
    BYTE nt_hash[MSV1_0_NT_HASH_LEN];            /* secret: wipe with SecureZeroMemory when done */
    LARGE_INTEGER password_last_set;             /* the file's last-write time: the latest the password was set */
} msv1_0_account;

/* Finds a local account by UTF-8 name (case-insensitive). STATUS_SUCCESS, STATUS_NO_SUCH_USER,
 * STATUS_INTERNAL_DB_CORRUPTION, STATUS_INTERNAL_DB_ERROR, or STATUS_NO_MEMORY / STATUS_INTERNAL_ERROR. */
NTSTATUS msv1_0_accounts_lookup(const char *name_utf8, msv1_0_account *out);

/* Records a password check for the account and returns its statistics after it: successful logons so far, and the
 * failed password checks since the previous success (reset by each success, as SAM resets BadPasswordCount). */
void msv1_0_accounts_note_logon(const WCHAR *canonical_name, BOOL success, USHORT *logon_count,
                                USHORT *bad_password_count);

#endif
