/* The MSV1_0_INTERACTIVE_PROFILE a successful interactive logon returns, built in client memory as one block whose
 * UNICODE_STRING buffers point into itself (freed by the client with one LsaFreeReturnBuffer).
 *
 *   MessageType         MsV1_0InteractiveProfile
 *   LogonCount          successful logons of the account in this LSA's lifetime, this one included
 *   BadPasswordCount    failed password checks since the previous successful logon
 *   LogonTime           now (UTC FILETIME)
 *   LogoffTime          never (0x7FFFFFFFFFFFFFFF): no forced-logoff policy
 *   KickOffTime         account_expires (never when unset)
 *   PasswordLastSet     password_last_set, or the accounts file's last-write time when the file has none
 *   PasswordCanChange   PasswordLastSet + [:policy] min_password_age_days
 *   PasswordMustChange  PasswordLastSet + max_password_age_days; never with password_never_expires or a maximum age
 *                       of 0; 0 with must_change_password
 *   LogonScript, HomeDirectory, ProfilePath, HomeDirectoryDrive   the account's values ("" when absent)
 *   FullName            the account's full_name ("" when absent)
 *   LogonServer         the computer name, without backslashes, as Windows returns it for a local logon
 *   UserFlags           LOGON_PROFILE_PATH_RETURNED when ProfilePath is not empty, else 0 (no other LOGON_* flag
 *                       applies to a local interactive logon)
 * Every string, empty ones included, is NUL-terminated inside the block (MaximumLength = Length + 2). */
#ifndef LSAEMU_PACKAGES_MSV1_0_PROFILE_H
#define LSAEMU_PACKAGES_MSV1_0_PROFILE_H

#include "pkg_win.h"

#include "msv1_0_accounts.h"

typedef struct msv1_0_profile_facts {
    const msv1_0_account *account;
    const WCHAR *logon_server;
    size_t logon_server_chars;
    USHORT logon_count;
    USHORT bad_password_count;
    LARGE_INTEGER logon_time;
} msv1_0_profile_facts;

/* The account's times as every MSV1_0 output reports them (FILETIME values; PKG_NEVER = never). */
typedef struct msv1_0_account_times {
    LONGLONG logoff, kickoff, password_last_set, password_can_change, password_must_change;
} msv1_0_account_times;

void msv1_0_account_times_get(const msv1_0_account *account, msv1_0_account_times *out);

/* UserFlags of an interactive profile (and of the session) for this account. */
ULONG msv1_0_interactive_user_flags(const msv1_0_account *account);

NTSTATUS msv1_0_profile_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request,
                              const msv1_0_profile_facts *facts, void **client_profile, ULONG *length);

#endif
