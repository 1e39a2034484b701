/* The KERB_INTERACTIVE_PROFILE a successful Kerberos logon returns (the layout of MSV1_0_INTERACTIVE_PROFILE), one
 * client block whose strings point into itself:
 *   MessageType         KerbInteractiveProfile
 *   LogonCount, BadPasswordCount   0: the KDC keeps them (in the PAC Windows' DC sends; an MIT KDC sends none)
 *   LogonTime           the TGT's authtime (when the KDC authenticated the user)
 *   LogoffTime          never: no forced-logoff policy reaches the client
 *   KickOffTime         never
 *   PasswordLastSet, PasswordCanChange   0, PasswordMustChange never: not known without a PAC
 *   LogonScript, HomeDirectory, FullName, ProfilePath, HomeDirectoryDrive   the mapped local account's, else ""
 *   LogonServer         the host of the KDC that answered (without a port or backslashes)
 *   UserFlags           LOGON_PROFILE_PATH_RETURNED when ProfilePath is not empty, else 0
 * Every string, empty ones included, is NUL-terminated inside the block. */
#ifndef LSAEMU_PACKAGES_KERB_PROFILE_H
#define LSAEMU_PACKAGES_KERB_PROFILE_H

#include "pkg_win.h"

#include "kerb_account.h"
#include "pkg_block.h"

/* mapped: NULL when no local account maps; logon_time: a FILETIME value. */
NTSTATUS kerb_profile_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request,
                            const kerb_account *mapped, LONGLONG logon_time, const WCHAR *logon_server,
                            void **client_profile, ULONG *length);

/* The same profile inside a larger block (KERB_TICKET_PROFILE embeds it): the bytes its strings take, and p (inside
 * b, whose size counted them) filled. */
size_t kerb_profile_strings_size(const kerb_account *mapped, const WCHAR *logon_server);
void kerb_profile_fill(pkg_block *b, KERB_INTERACTIVE_PROFILE *p, const kerb_account *mapped, LONGLONG logon_time,
                       const WCHAR *logon_server);

#endif
