/* Logon statistics and lockout written back to the accounts file (msv1_0_accounts_update: the store's locked,
 * atomic read-modify-write on the package's cached parse), as SAM keeps them (rules: src/accounts/accounts_lockout.h):
 *   wrong password   last_bad_password now; bad_password_count + 1, restarting at 1 when the previous bad password
 *                    is older than [:policy] lockout_observation_minutes; reaching lockout_threshold (> 0) sets
 *                    locked_out and lockout_time now (a lockout whose duration has run out starts afresh).
 *   success          bad_password_count 0, logon_count + 1, last_logon now, locked_out and lockout_time cleared (a
 *                    success means the lockout duration had passed). Recorded only once the restrictions passed.
 *   locked out       (the lockout still in force in the file) nothing recorded: the caller answers
 *                    STATUS_ACCOUNT_LOCKED_OUT, for the right password and the wrong one alike.
 * A password_last_set of never (meaning "the file's last-write time", which the write moves) is pinned to the value
 * the lookup reported (whole seconds), so the account's PasswordLastSet is one value from its first logon on.
 * A name that names no account costs the same: the file is read, compared and written back unchanged under the same
 * lock (msv1_0_persist_touch), so timing does not tell known from unknown names.
 * If the file cannot be written (read-only, its folder not writable, locked too long) and [:policy] lockout_threshold
 * is 0, logons still work and the statistics are kept in memory; with a lockout threshold they fail closed with
 * STATUS_INTERNAL_DB_ERROR (a count kept per process would let a guesser start afresh in a new process). stderr says
 * which, once. */
#ifndef LSAEMU_PACKAGES_MSV1_0_PERSIST_H
#define LSAEMU_PACKAGES_MSV1_0_PERSIST_H

#include "pkg_win.h"

#include "msv1_0_accounts.h"

/* Records one password check of `account` (from msv1_0_accounts_lookup). Gives the counts for the profile: logons
 * including this one, and the failures that preceded this success (or so far, on failure). STATUS_SUCCESS (recorded,
 * in the file or in memory), STATUS_ACCOUNT_LOCKED_OUT (the file has the account locked out now: nothing recorded) or
 * STATUS_INTERNAL_DB_ERROR (not writable under a lockout policy). */
NTSTATUS msv1_0_persist_logon(const msv1_0_account *account, BOOL success, USHORT *logon_count,
                              USHORT *bad_password_count);

/* The same work without recording anything: the file written back unchanged (a password check of a name that names
 * no account; a network logon that updates no statistics under a lockout policy, which must fail closed too).
 * STATUS_SUCCESS or STATUS_INTERNAL_DB_ERROR. */
NTSTATUS msv1_0_persist_touch(void);

/* A password check that failed: counted for a known account (msv1_0_persist_logon), the same work for an unknown
 * name. STATUS_LOGON_FAILURE, or what recording it answered instead (locked out, STATUS_INTERNAL_DB_ERROR). */
NTSTATUS msv1_0_logon_count_failure(const msv1_0_account *account, BOOL known);

#endif
