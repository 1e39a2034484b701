/* Logon statistics and lockout written back to the accounts file (msv1_0_accounts_update: the store's locked,
 * atomic read-modify-write on the package's cached parse), as SAM keeps them (rules: src/accounts/accounts_lockout.h):
 *   wrong password   last_bad_password now; bad_password_count + 1, restarting at 1 when the previous bad password
 *                    is older than [:policy] lockout_observation_minutes; reaching lockout_threshold (> 0) sets
 *                    locked_out and lockout_time now (a lockout whose duration has run out starts afresh).
 *   success          bad_password_count 0, logon_count + 1, last_logon now, locked_out and lockout_time cleared (a
 *                    success means the lockout duration had passed). Recorded only once the restrictions passed.
 * A password_last_set of never (meaning "the file's last-write time") is pinned to that time on the first write, so
 * writing statistics does not move it. If the file cannot be written (read-only, locked too long), logons still work:
 * the statistics are kept in memory (msv1_0_accounts_note_logon) and stderr says so once. */
#ifndef LSAEMU_PACKAGES_MSV1_0_PERSIST_H
#define LSAEMU_PACKAGES_MSV1_0_PERSIST_H

#include "pkg_win.h"

#include "msv1_0_accounts.h"

/* Records one password check of `account` (from msv1_0_accounts_lookup). Gives the counts for the profile: logons
 * including this one, and the failures that preceded this success (or so far, on failure). */
void msv1_0_persist_logon(const msv1_0_account *account, BOOL success, USHORT *logon_count,
                          USHORT *bad_password_count);

#endif
