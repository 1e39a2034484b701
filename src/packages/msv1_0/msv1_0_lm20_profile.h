/* The MSV1_0_LM20_LOGON_PROFILE a successful network logon returns, one client block whose strings point into it:
 *
 *   MessageType        MsV1_0Lm20LogonProfile
 *   KickOffTime, LogoffTime   never (0x7FFFFFFFFFFFFFFF): no logon hours or expiry are configured
 *   UserFlags          from the verification (msv1_0_network.h): LOGON_NTLMV2_ENABLED | LOGON_NT_V2 or LOGON_LM_V2,
 *                      0 for NTLMv1, LOGON_NOENCRYPTION for a clear-text password
 *   UserSessionKey     the NTLMv2 session base key (or its LMv2 / NTLMv1 / clear-text counterpart)
 *   LogonDomainName    the authority of the account: this computer's name
 *   LanmanSessionKey   the first 8 bytes of UserSessionKey
 *   LogonServer        this computer's name, without backslashes
 *   UserParameters     "" (local accounts have none)
 * Every string is NUL-terminated inside the block. */
#ifndef LSAEMU_PACKAGES_MSV1_0_LM20_PROFILE_H
#define LSAEMU_PACKAGES_MSV1_0_LM20_PROFILE_H

#include "pkg_win.h"

#include "msv1_0_network.h"

NTSTATUS msv1_0_lm20_profile_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request,
                                   const msv1_0_network_result *result, const WCHAR *machine, size_t machine_chars,
                                   void **client_profile, ULONG *length);

#endif
