/* Compile-time checks of the Windows structure layouts the LSA and packages exchange with clients, for both the
 * x86_64 and the i686 build: a header change or a packing mistake fails the build instead of corrupting a buffer. */
#include "lsa_internal.h"

#include <stddef.h>

#define P (sizeof(void *))

_Static_assert(sizeof(LSA_UNICODE_STRING) == 2 * P, "UNICODE_STRING: 2+2 bytes, padding, pointer");
_Static_assert(offsetof(LSA_UNICODE_STRING, Buffer) == P, "UNICODE_STRING.Buffer");
_Static_assert(sizeof(TOKEN_SOURCE) == 16, "TOKEN_SOURCE");
_Static_assert(sizeof(LUID) == 8, "LUID");
_Static_assert(sizeof(QUOTA_LIMITS) == (P == 8 ? 48 : 32), "QUOTA_LIMITS");
_Static_assert(sizeof(MSV1_0_INTERACTIVE_LOGON) == (P == 8 ? 56 : 28), "MSV1_0_INTERACTIVE_LOGON");
_Static_assert(offsetof(MSV1_0_INTERACTIVE_LOGON, LogonDomainName) == P, "MSV1_0_INTERACTIVE_LOGON.LogonDomainName");
_Static_assert(sizeof(KERB_QUERY_TKT_CACHE_REQUEST) == 12, "KERB_QUERY_TKT_CACHE_REQUEST");
_Static_assert(offsetof(KERB_QUERY_TKT_CACHE_RESPONSE, Tickets) == 8, "KERB_QUERY_TKT_CACHE_RESPONSE.Tickets");
_Static_assert(offsetof(SECURITY_LOGON_SESSION_DATA, LogonId) == 4, "SECURITY_LOGON_SESSION_DATA.LogonId");
_Static_assert(offsetof(SECURITY_LOGON_SESSION_DATA, UserName) == (P == 8 ? 16 : 12),
               "SECURITY_LOGON_SESSION_DATA.UserName");
_Static_assert(sizeof(SECURITY_LOGON_SESSION_DATA) == (P == 8 ? 272 : 184), "SECURITY_LOGON_SESSION_DATA");
/* The dispatch table a package sees: 11 LSA_DISPATCH_TABLE entries first, then the rest, all pointer-sized. */
_Static_assert(sizeof(LSA_DISPATCH_TABLE) == 11 * P, "LSA_DISPATCH_TABLE");
_Static_assert(offsetof(LSA_SECPKG_FUNCTION_TABLE, GetClientInfo) == 16 * P, "GetClientInfo at index 16 (cyglsa)");
_Static_assert(sizeof(LSA_SECPKG_FUNCTION_TABLE) == 52 * P, "LSA_SECPKG_FUNCTION_TABLE (mingw's 52 entries)");
