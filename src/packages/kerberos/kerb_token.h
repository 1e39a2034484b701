/* The token information a Kerberos logon returns (LsaTokenInformationV1).
 *
 * Every piece is its own AllocateLsaHeap block, freed by the core with FreeLsaHeap. Contents (the core adds Everyone,
 * the logon-type group and LocalGroups):
 *   mapped to a local account (kerb_account.h): User <account domain>-<rid>; PrimaryGroup the account's (None,
 *     <account domain>-513, by default); Groups the primary group, BUILTIN\Users, Authenticated Users, This
 *     Organization, Local account (S-1-5-113), Authentication authority asserted identity (S-1-18-1), then the
 *     account's groups (pkg_groups.h);
 *   not mapped: User <realm domain>-<rid> (kerb_sid_rule.h); PrimaryGroup Domain Users (<realm domain>-513); Groups
 *     Domain Users, BUILTIN\Users, Authenticated Users, This Organization, Authentication authority asserted
 *     identity.
 *   Privileges, as a standard user gets, and DefaultDacl as pkg_token.h makes them; Owner the user; ExpirationTime
 *     never. pkg_token_free frees it all. */
#ifndef LSAEMU_PACKAGES_KERB_TOKEN_H
#define LSAEMU_PACKAGES_KERB_TOKEN_H

#include "pkg_win.h"

#include "kerb_account.h"

/* realm: the realm's name; user: the principal's name; mapped: NULL when no local account maps. Statuses:
 * STATUS_NO_MEMORY, STATUS_INTERNAL_DB_CORRUPTION (a mapped account names an unknown group), the SID rule's. */
NTSTATUS kerb_token_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, const WCHAR *realm, const WCHAR *user,
                          const kerb_account *mapped, PLSA_TOKEN_INFORMATION_V1 *out);

#endif
