/* Where the accounts database lives, in order of precedence:
 *   1. the environment variable LSAEMU_ACCOUNTS (a Windows path; a path starting with '/' is a host path, converted
 *      with kernel32's wine_get_dos_file_name when the process runs under Wine);
 *   2. the registry value HKLM\Software\lsaemu "AccountsFile" (REG_SZ; same conversion);
 *   3. %ProgramData%\lsaemu\accounts.ini (C:\ProgramData when the variable is unset).
 * Resolved on every logon, so a changed variable or registry value takes effect at once. */
#ifndef LSAEMU_PACKAGES_MSV1_0_ACCOUNTS_PATH_H
#define LSAEMU_PACKAGES_MSV1_0_ACCOUNTS_PATH_H

#include "pkg_win.h"

#define MSV1_0_ACCOUNTS_PATH_MAX 1024 /* WCHARs, NUL included */

/* Fills path[MSV1_0_ACCOUNTS_PATH_MAX]. FALSE only if no candidate fits. */
BOOL msv1_0_accounts_path(WCHAR *path);

#endif
