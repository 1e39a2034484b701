/* The pieces of LsaTokenInformationV1 that every package fills the same way for a standard user.
 *
 * Each is its own AllocateLsaHeap block, as the core frees them one by one with FreeLsaHeap. */
#ifndef LSAEMU_PACKAGES_PKG_TOKEN_H
#define LSAEMU_PACKAGES_PKG_TOKEN_H

#include "pkg_win.h"

/* Attributes of every group a package puts in a token. */
#define PKG_TOKEN_GROUP_ATTRS (SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED)

/* A copy of sid in the LSA heap; NULL when out of memory. */
PSID pkg_token_sid_copy(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID sid);

/* The privileges of a standard user: SeChangeNotifyPrivilege (enabled), SeShutdownPrivilege, SeUndockPrivilege,
 * SeIncreaseWorkingSetPrivilege, SeTimeZonePrivilege (disabled). NULL when out of memory. */
PTOKEN_PRIVILEGES pkg_token_privileges(const LSA_SECPKG_FUNCTION_TABLE *lsa);

/* The default DACL: GENERIC_ALL for user and for SYSTEM. NULL when out of memory. */
PACL pkg_token_dacl(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID user);

/* Frees a token information V1 and every piece it points to (each group SID one by one); NULL is accepted. */
void pkg_token_free(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_TOKEN_INFORMATION_V1 info);

#endif
