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
 *   UserFlags           0 (no LOGON_* flag applies to a local interactive logon)
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

NTSTATUS msv1_0_profile_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request,
                              const msv1_0_profile_facts *facts, void **client_profile, ULONG *length);

#endif
