/* Account restrictions of an MSV1_0 logon, checked after the password (as Windows: a wrong password never reveals
 * that the account is restricted). A restricted logon fails with STATUS_ACCOUNT_RESTRICTION and SubStatus:
 *   STATUS_ACCOUNT_DISABLED      disabled = yes
 *   STATUS_ACCOUNT_EXPIRED       account_expires reached
 *   STATUS_PASSWORD_MUST_CHANGE  must_change_password = yes
 *   STATUS_PASSWORD_EXPIRED      password_last_set + max_password_age_days reached (not with password_never_expires
 *                                nor a maximum age of 0)
 *   STATUS_INVALID_LOGON_HOURS   the logon_hours bit of the current UTC hour of the week is clear
 *   STATUS_INVALID_WORKSTATION   workstations is set and the logon's workstation (the computer name for interactive
 *                                logons, the submit's Workstation for network ones) is not in it
 * checked in this order. A lockout is not among them: it is answered before the password counts, with
 * STATUS_ACCOUNT_LOCKED_OUT itself (msv1_0_still_locked, msv1_0_logon.c). LsaLogonUser's documentation lists SubStatus values for MSV1_0 under
 * STATUS_ACCOUNT_RESTRICTION; issue 3 puts every restriction there, and no Microsoft document says otherwise. */
#ifndef LSAEMU_PACKAGES_MSV1_0_RESTRICT_H
#define LSAEMU_PACKAGES_MSV1_0_RESTRICT_H

#include "pkg_win.h"

#include "msv1_0_accounts.h"

/* STATUS_SUCCESS, or the SubStatus of the restriction that refuses the logon at `now` (seconds since 1970 UTC). */
NTSTATUS msv1_0_restrictions(const msv1_0_account *account, int64_t now);

/* The same, leaving out the checks named in `skip`: an S4U logon uses no password, so the password's age and
 * must-change do not refuse it, and it checks logon hours only when asked (MSV1_0_S4U_LOGON_FLAG_CHECK_LOGONHOURS). */
#define MSV1_0_SKIP_PASSWORD_CHECKS 0x1u
#define MSV1_0_SKIP_LOGON_HOURS 0x2u
NTSTATUS msv1_0_restrictions_except(const msv1_0_account *account, int64_t now, unsigned skip);

/* Whether a locked-out account is still locked at `now`: locked_out = yes, unless [:policy]
 * lockout_duration_minutes (> 0) has passed since lockout_time (src/accounts/accounts_lockout.h; no lockout_time:
 * until unlocked). */
BOOL msv1_0_still_locked(const msv1_0_account *account, int64_t now);

/* Seconds since 1970 UTC: now, and conversions from and to FILETIME units (100 ns since 1601). */
int64_t msv1_0_unix_now(void);
int64_t msv1_0_unix_from_filetime(const FILETIME *ft);
LONGLONG msv1_0_filetime_from_unix(int64_t t); /* LSA_ACCOUNTS_NEVER gives PKG_NEVER */

#endif
