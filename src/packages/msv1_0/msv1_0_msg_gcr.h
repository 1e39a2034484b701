/* MsV1_0Lm20GetChallengeResponse: the client half of NTLM for a trusted caller (an SMB client, a proxy), computing
 * the responses to a server's challenge from a logon session's primary credential or from a given password.
 *
 * Request MSV1_0_GETCHALLENRESP_REQUEST (or the shorter _V1, without UserName, LogonDomainName, ServerName):
 *   ParameterControl  USE_PRIMARY_PASSWORD: the credential of the session LogonId (0 = the caller's own); without
 *                     it, Password (clear text, or with GCR_USE_OWF_PASSWORD the 16-byte NT hash) and the request's
 *                     UserName / LogonDomainName.
 *                     GCR_NTLM3_PARMS: NTLMv2 + LMv2 responses (NTOWFv2 over the request's UserName and
 *                     LogonDomainName when given, else the credential's names; a fresh random client challenge;
 *                     now as the timestamp; target info = ServerName's bytes with GCR_TARGET_INFO, else an
 *                     MsvAvNbComputerName pair of ServerName when given). Otherwise NTLMv1: NT = DESL(hash,
 *                     challenge), LM = NT (no LM hash is kept); GENERATE_CLIENT_CHALLENGE: extended session security.
 *                     RETURN_PRIMARY_USERNAME / RETURN_PRIMARY_LOGON_DOMAINNAME: the names in the response (empty
 *                     otherwise). Other bits are accepted and change nothing.
 * Response MSV1_0_GETCHALLENRESP_RESPONSE, one client block: the two responses, the names, UserSessionKey (the
 * session base key: HMAC-MD5(ResponseKeyNT, NTProofStr) for NTLMv2, MD4(NT hash) for NTLMv1, as the server half
 * derives them) and LanmanSessionKey (its first 8 bytes).
 * Statuses: STATUS_INVALID_PARAMETER (buffer shorter than _V1, a malformed string, an OWF password not 16 bytes),
 * STATUS_NO_SUCH_LOGON_SESSION (no such session, or one without a password credential: network and S4U logons),
 * STATUS_INTERNAL_ERROR (crypto failed). */
#ifndef LSAEMU_PACKAGES_MSV1_0_MSG_GCR_H
#define LSAEMU_PACKAGES_MSV1_0_MSG_GCR_H

#include "pkg_win.h"

NTSTATUS msv1_0_msg_get_challenge_response(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base,
                                           ULONG submit_len, PVOID *ret, PULONG ret_len);

#endif
