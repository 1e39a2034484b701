/* The token information MSV1_0 returns for a local account (LsaTokenInformationV1).
 *
 * Every piece is a separate AllocateLsaHeap allocation, freed by the core with FreeLsaHeap: the
 * LSA_TOKEN_INFORMATION_V1 itself, User.User.Sid, the TOKEN_GROUPS block (its array inline) and each group SID,
 * PrimaryGroup.PrimaryGroup, the TOKEN_PRIVILEGES block, Owner.Owner and DefaultDacl.DefaultDacl (pkg_token_free
 * frees them all).
 *
 * Contents, as Windows gives a local standard user (the core adds Everyone, the logon-type group and LocalGroups):
 *   User          <account domain>-<rid>
 *   Groups        <account domain>-513 (None), BUILTIN\Users, Authenticated Users, This Organization,
 *                 Local account (S-1-5-113), NTLM Authentication (S-1-5-64-10); all mandatory and enabled
 *   PrimaryGroup  <account domain>-513
 *   Privileges    a standard user's (pkg_token.h)
 *   Owner         the user
 *   DefaultDacl   GENERIC_ALL for the user and for SYSTEM
 *   ExpirationTime never */
#ifndef LSAEMU_PACKAGES_MSV1_0_TOKEN_H
#define LSAEMU_PACKAGES_MSV1_0_TOKEN_H

#include "pkg_win.h"

#include "pkg_groups.h"

/* extra: the account's groups and primary group (pkg_groups.h), added after the fixed groups (each SID once;
 * the primary group is made a member too); NULL = the fixed groups and None as primary group. */
NTSTATUS msv1_0_token_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID domain_sid, DWORD rid,
                            const pkg_groups *extra, PLSA_TOKEN_INFORMATION_V1 *out);

#endif
