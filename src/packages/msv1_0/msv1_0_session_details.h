/* What an MSV1_0 logon session reports through LsaGetLogonSessionData beyond the documented outputs: the package
 * attaches the session-details blob (src/common/lsa_session_details.h) with AddCredential under
 * LSAEMU_SESSION_DETAILS_KEY, right after CreateLogonSession.
 *
 *   UserFlags                  as the logon's profile has them
 *   LastLogonInfo              LastSuccessfulLogon: the account's last_logon before this logon (0 when it has none);
 *                              FailedAttemptCountSinceLastSuccessfulLogon: the bad passwords since then (the count
 *                              this logon reset); LastFailedLogon: the account's last_bad_password (0 if none)
 *   LogonScript, ProfilePath, HomeDirectory, HomeDirectoryDrive   the account's values
 *   LogoffTime, KickOffTime, PasswordLastSet, PasswordCanChange, PasswordMustChange   as the interactive profile
 *                              has them (msv1_0_account_times_get), for every logon type */
#ifndef LSAEMU_PACKAGES_MSV1_0_SESSION_DETAILS_H
#define LSAEMU_PACKAGES_MSV1_0_SESSION_DETAILS_H

#include "pkg_win.h"

#include "msv1_0_accounts.h"

/* STATUS_SUCCESS, or the failure of AddCredential / an allocation (the logon then fails and is rolled back). */
NTSTATUS msv1_0_session_details_attach(const LUID *logon_id, const msv1_0_account *account, ULONG user_flags,
                                       ULONG failed_attempts);

#endif
