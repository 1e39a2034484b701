/* The client half of NTLM (MS-NLMP 3.3.1 and 3.3.2, computing side), for MSV1_0's MsV1_0Lm20GetChallengeResponse:
 * the responses a client sends for a server challenge, and the session base key it derives. Portable; crypto
 * through ntlm_crypto.h. The caller wipes keys and outputs. */
#ifndef LSAEMU_NTLM_NTLM_CLIENT_H
#define LSAEMU_NTLM_NTLM_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "ntlm_crypto.h"
#include "ntlm_status.h"
#include "ntlm_v1.h"

/* Bytes of an NTLMv2 response around the target info: NTProofStr (16), the blob header (28), the trailing Z(4). */
#define NTLM_V2_RESPONSE_OVERHEAD 48u

/* NTLMv2 response = NTProofStr || temp, temp = 1, 1, Z(6), timestamp (LE, FILETIME), client challenge, Z(4),
 * target info, Z(4); NTProofStr = HMAC-MD5(ResponseKeyNT, server challenge || temp). `target_info` is the server's
 * AV-pair list as it came (its MsvAvEOL included); an empty one is sent as a lone MsvAvEOL. out[cap] receives
 * NTLM_V2_RESPONSE_OVERHEAD + target length (4 when empty) bytes (else NTLM_ERR_LENGTH); *session_base_key =
 * HMAC-MD5(ResponseKeyNT, NTProofStr). */
ntlm_status ntlm_v2_respond(const ntlm_crypto *c, const uint8_t response_key[NTLM_HASH_LEN],
                            const uint8_t server_challenge[NTLM_CHALLENGE_LEN],
                            const uint8_t client_challenge[NTLM_CHALLENGE_LEN], uint64_t timestamp,
                            const uint8_t *target_info, size_t target_len, uint8_t *out, size_t cap, size_t *out_len,
                            uint8_t session_base_key[NTLM_HASH_LEN]);

/* LMv2 response = HMAC-MD5(ResponseKeyLM, server challenge || client challenge) || client challenge (24 bytes). */
ntlm_status ntlm_lmv2_respond(const ntlm_crypto *c, const uint8_t response_key[NTLM_HASH_LEN],
                              const uint8_t server_challenge[NTLM_CHALLENGE_LEN],
                              const uint8_t client_challenge[NTLM_CHALLENGE_LEN], uint8_t out[NTLM_V1_RESPONSE_LEN]);

/* NTLMv1 responses from the NT hash. client_challenge NULL: NT = DESL(hash, server challenge) and, as a client
 * without an LM hash sends it (NoLMResponseNTLMv1), LM = NT. Else extended session security: LM = client challenge
 * || Z(16), NT = DESL(hash, MD5(server challenge || client challenge)[0..7]). *session_base_key = MD4(NT hash). */
ntlm_status ntlm_v1_respond(const ntlm_crypto *c, const uint8_t nt_hash[NTLM_HASH_LEN],
                            const uint8_t server_challenge[NTLM_CHALLENGE_LEN], const uint8_t *client_challenge,
                            uint8_t nt_out[NTLM_V1_RESPONSE_LEN], uint8_t lm_out[NTLM_V1_RESPONSE_LEN],
                            uint8_t session_base_key[NTLM_HASH_LEN]);

#endif
