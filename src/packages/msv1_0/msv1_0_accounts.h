/* The accounts database as MSV1_0 uses it: the file named by msv1_0_accounts_path, parsed with src/accounts, with
 * every account's NT hash computed once per parse. Each lookup compares the file's path, size and last-write time
 * with the version it holds (no file is opened); on a difference it reads the file again, and parses it only if the
 * text differs. The package's own writes (msv1_0_accounts_update) keep the parse: no logon re-reads the file the
 * previous one wrote.
 *
 *  - a missing file means no accounts (every logon: STATUS_LOGON_FAILURE);
 *  - a malformed file makes logons fail with STATUS_INTERNAL_DB_CORRUPTION and prints, once per version of the file,
 *    "lsaemu: accounts file <path>:<line>: <error>" on stderr, so the user can fix it;
 *  - a file that exists but cannot be read makes logons fail with STATUS_INTERNAL_DB_ERROR (reported once too).
 *
 * Also keeps per-account logon statistics in memory, used only when the file cannot be written (msv1_0_persist.h). */
#ifndef LSAEMU_PACKAGES_MSV1_0_ACCOUNTS_H
#define LSAEMU_PACKAGES_MSV1_0_ACCOUNTS_H

#include "pkg_win.h"

#include "accounts.h"
#include "accounts_pending.h"
#include "accounts_store.h"
#include "msv1_0_ntowf.h"

typedef struct msv1_0_account {
    WCHAR name[LSA_ACCOUNTS_MAX_NAME + 1];       /* as spelled in the file (the canonical name) */
    WCHAR full_name[LSA_ACCOUNTS_MAX_VALUE + 1]; /* "" when absent */
    DWORD rid;
    BYTE nt_hash[MSV1_0_NT_HASH_LEN];            /* secret: wipe with SecureZeroMemory when done */
    LARGE_INTEGER password_last_set;             /* the account's password_last_set, else the file's last-write time
                                                    in whole seconds (what a statistics write pins) */
    /* What the restrictions (msv1_0_restrict.h) need, copied from the file and its [:policy]. */
    uint32_t flags;                              /* LSA_ACCOUNT_* */
    int64_t account_expires;                     /* seconds since 1970 UTC, or LSA_ACCOUNTS_NEVER */
    BYTE logon_hours[LSA_ACCOUNTS_HOURS_BYTES];
    WCHAR workstations[LSA_ACCOUNTS_MAX_VALUE + 1]; /* "PC1,PC2"; "" = any */
    lsa_accounts_policy policy;
    uint32_t logon_count, bad_password_count;    /* as the file holds them */
    int64_t last_logon;                          /* seconds since 1970 UTC, or LSA_ACCOUNTS_NEVER */
    int64_t last_bad_password, lockout_time;     /* the same (accounts_lockout.h) */
    /* Profile strings (UTF-16 copies; "" when absent). */
    WCHAR logon_script[LSA_ACCOUNTS_MAX_VALUE + 1];
    WCHAR home_directory[LSA_ACCOUNTS_MAX_VALUE + 1];
    WCHAR home_directory_drive[3];
    WCHAR profile_path[LSA_ACCOUNTS_MAX_VALUE + 1];
    WCHAR groups[LSA_ACCOUNTS_MAX_VALUE + 1];     /* "Users,S-1-5-32-544"; resolved by pkg_groups.h */
    WCHAR primary_group[LSA_ACCOUNTS_MAX_VALUE + 1];
    /* Filled by the logon path, not the lookup: the computer the logon comes from ("" = not given). */
    WCHAR from_workstation[LSA_ACCOUNTS_MAX_NAME + 1];
} msv1_0_account;

/* Finds a local account by UTF-8 name (case-insensitive). STATUS_SUCCESS, STATUS_NO_SUCH_USER,
 * STATUS_INTERNAL_DB_CORRUPTION, STATUS_INTERNAL_DB_ERROR, or STATUS_NO_MEMORY / STATUS_INTERNAL_ERROR. */
NTSTATUS msv1_0_accounts_lookup(const char *name_utf8, msv1_0_account *out);

/* lsa_store_update on the package's cached parse, for the statistics a logon writes back: takes the file lock, reads
 * the file and compares its text with the cached one (parsing it only if it differs, so an update by another process
 * is never lost), runs `mutate` on the cached database, writes it back (lsa_store_write: flushed, renamed over the
 * file, a later last-write time) and keeps the result as the cache. `mutate` returns LSA_STORE_KEEP only if it changed
 * nothing. Every write also stores each hand-written clear-text password of the file as its nt_hash: no rewrite by the
 * LSA keeps a password in clear text. Statuses as lsa_store_update; on any failure the next lookup reads the file again. */
lsa_store_status msv1_0_accounts_update(lsa_store_mutate_fn mutate, void *context, lsa_store_error *err);

/* Write-behind (msv1_0_write_behind.h): applies the password check e to the cached database at once and queues it
 * for the next write. *result says what it did (locked out, no such account: nothing queued), *logons and *bad the
 * account's counts after it (lsa_pending_apply), *first whether it started a new batch. FALSE when it could not (no
 * usable cache, queue full): the caller writes through instead (msv1_0_accounts_update), which writes the queue too. */
BOOL msv1_0_accounts_record(const lsa_pending_event *e, lsa_pending_result *result, uint32_t *logons, uint32_t *bad,
                            BOOL *first);

/* The write-behind delay, in milliseconds since the oldest queued check. */
void msv1_0_accounts_set_delay(DWORD delay_ms);

/* Milliseconds until the queue is due (0: now; INFINITE: empty); *any: whether anything is queued. */
DWORD msv1_0_accounts_pending_wait(BOOL *any);

/* Writes the queued checks now (msv1_0_accounts_update: the file's changes merged first). LSA_STORE_OK with nothing
 * queued; on failure the queue stays for the next attempt. */
lsa_store_status msv1_0_accounts_flush(lsa_store_error *err);

/* The [:policy] of the cached file (Windows' defaults when there is none or it cannot be used); returns how many
 * accounts it holds. */
size_t msv1_0_accounts_policy(lsa_accounts_policy *out);

/* Records a password check for the account and returns its statistics after it: successful logons so far, and the
 * failed password checks since the previous success (reset by each success, as SAM resets BadPasswordCount). */
void msv1_0_accounts_note_logon(const WCHAR *canonical_name, BOOL success, USHORT *logon_count,
                                USHORT *bad_password_count);

#endif
