/* The local account a Kerberos principal maps to, as Windows' `ksetup /mapuser <principal> <local account>` does for
 * a same-named account: an account of the accounts file (the one MSV1_0 reads) with the principal's name, local
 * (no domain), case-insensitively. Its SID (this computer's account domain + rid), groups and profile strings are
 * the logon's; its password is not used (the KDC checked the user). */
#ifndef LSAEMU_PACKAGES_KERB_ACCOUNT_H
#define LSAEMU_PACKAGES_KERB_ACCOUNT_H

#include "pkg_win.h"

#include "accounts.h"

typedef struct kerb_account {
    WCHAR name[LSA_ACCOUNTS_MAX_NAME + 1]; /* as spelled in the file */
    DWORD rid;
    WCHAR full_name[LSA_ACCOUNTS_MAX_VALUE + 1];
    WCHAR groups[LSA_ACCOUNTS_MAX_VALUE + 1];
    WCHAR primary_group[LSA_ACCOUNTS_MAX_VALUE + 1];
    WCHAR logon_script[LSA_ACCOUNTS_MAX_VALUE + 1];
    WCHAR home_directory[LSA_ACCOUNTS_MAX_VALUE + 1];
    WCHAR home_directory_drive[3];
    WCHAR profile_path[LSA_ACCOUNTS_MAX_VALUE + 1];
} kerb_account;

/* STATUS_SUCCESS (found), STATUS_NO_SUCH_USER (no file, or no such local account), STATUS_INTERNAL_DB_CORRUPTION
 * (the file is malformed: a mapping cannot be decided, so the logon fails rather than get another SID),
 * STATUS_INTERNAL_DB_ERROR (unreadable), STATUS_NO_MEMORY. */
NTSTATUS kerb_account_find(const char *user_utf8, kerb_account *out);

/* This computer's account-domain SID (the prefix of local account SIDs): LookupAccountNameW of the computer name,
 * else S-1-5-21-0-0-0 as Wine 8 answers. Process lifetime; never freed. */
PSID kerb_account_domain_sid(void);

#endif
