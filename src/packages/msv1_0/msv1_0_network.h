/* Verification of an MSV1_0_LM20_LOGON's responses against an account's NT hash (the server half of NTLM).
 *
 *  - ParameterControl MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED: CaseSensitiveChallengeResponse is the UTF-16LE password;
 *    its NT hash is compared (UserFlags LOGON_NOENCRYPTION; UserSessionKey MD4(NT hash), the NTLMv1 user session
 *    key of MS-NLMP 3.3.1).
 *  - Otherwise, as MS-NLMP 3.3.2 has the server do it: ResponseKeyNT = NTOWFv2(hash, Upper(UserName),
 *    LogonDomainName); an NTLMv2 response (CaseSensitiveChallengeResponse longer than 24 bytes) is checked, then the
 *    LMv2 response (CaseInsensitiveChallengeResponse of 24 bytes); if neither matches, both again with an empty
 *    domain. NTLMv2 gives UserFlags LOGON_NTLMV2_ENABLED | LOGON_NT_V2 and UserSessionKey = the session base key;
 *    LMv2 gives LOGON_NTLMV2_ENABLED | LOGON_LM_V2 and the LMv2 key. LanmanSessionKey is the first 8 bytes of the
 *    UserSessionKey.
 *  - Then, for a 24-byte CaseSensitiveChallengeResponse, NTLMv1 (MS-NLMP 3.3.1; extended session security when
 *    the LM field is client challenge + Z(16)) unless LmCompatibilityLevel is 5 (msv1_0_lmcompat.h). UserFlags 0,
 *    UserSessionKey MD4(NT hash).
 *  - LM responses (DES of the LM hash) never match: the accounts database keeps no LM hash (Windows keeps none by
 *    default either, NoLMHash), so at every level an LM-only response fails.
 * STATUS_SUCCESS, STATUS_LOGON_FAILURE (no match, malformed response), STATUS_INTERNAL_ERROR (crypto failed).
 * *out is zeroed on failure; the caller wipes it after use. */
#ifndef LSAEMU_PACKAGES_MSV1_0_NETWORK_H
#define LSAEMU_PACKAGES_MSV1_0_NETWORK_H

#include "pkg_win.h"

#include "msv1_0_lm20_submit.h"
#include "msv1_0_ntowf.h"

typedef struct msv1_0_network_result {
    BYTE user_session_key[MSV1_0_USER_SESSION_KEY_LENGTH];
    BYTE lanman_session_key[MSV1_0_LANMAN_SESSION_KEY_LENGTH];
    ULONG user_flags;
    BOOL update_statistics; /* MSV1_0_UPDATE_LOGON_STATISTICS: a success is counted once restrictions have passed */
} msv1_0_network_result;

NTSTATUS msv1_0_network_verify(const msv1_0_lm20 *in, const BYTE nt_hash[MSV1_0_NT_HASH_LEN],
                               msv1_0_network_result *out);

#endif
