/* "Accounts: Limit local account use of blank passwords to console logon only", on by default on Windows
 * (HKLM\SYSTEM\CurrentControlSet\Control\Lsa, DWORD LimitBlankPasswordUse; absent = 1): a local account whose
 * password is blank may log on only at the computer itself. A Network, NetworkCleartext or RemoteInteractive logon
 * whose password check passed with the blank password (the account's password is empty, or password_not_required
 * let an empty one through) is refused with STATUS_ACCOUNT_RESTRICTION, SubStatus STATUS_ACCOUNT_RESTRICTION
 * (LogonUser reports ERROR_ACCOUNT_RESTRICTION, "blank passwords not allowed"), unless the value is 0 or the calling
 * process or thread set MSV1_0_OPTION_ALLOW_BLANK_PASSWORD with MsV1_0SetProcessOption / SetThreadOption. Interactive,
 * batch, service and unlock logons are console logons and S4U logons use no password: never refused here. */
#ifndef LSAEMU_PACKAGES_MSV1_0_BLANK_H
#define LSAEMU_PACKAGES_MSV1_0_BLANK_H

#include "pkg_win.h"

#include "msv1_0_ntowf.h"

/* TRUE when a logon of `type` that was verified against `nt_hash` (the hash of the password that passed) must be
 * refused by the rule above. */
BOOL msv1_0_blank_password_refused(SECURITY_LOGON_TYPE type, const BYTE nt_hash[MSV1_0_NT_HASH_LEN]);

#endif
