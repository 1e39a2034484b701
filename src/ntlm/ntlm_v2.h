/* NTLM v2 (MS-NLMP 3.3.2) from the server's side: the response keys, and verification of the NTLMv2 and LMv2
 * responses against a server challenge. Names are UTF-16LE bytes, unterminated. Every secret this code derives on
 * the stack is wiped before it returns; the caller wipes its inputs and outputs. */
#ifndef LSAEMU_NTLM_V2_H
#define LSAEMU_NTLM_V2_H

#include <stddef.h>
#include <stdint.h>

#include "ntlm_blob.h"
#include "ntlm_crypto.h"
#include "ntlm_status.h"

#define NTLM_LMV2_RESPONSE_LEN 24

/* NTOWFv1 (MS-NLMP 3.3.1): MD4 of the UTF-16LE password; the NT hash. */
ntlm_status ntlm_ntowfv1(const ntlm_crypto *c, const uint8_t *password, size_t password_len,
                         uint8_t out[NTLM_HASH_LEN]);

/* NTOWFv2 = LMOWFv2 (MS-NLMP 3.3.2): HMAC-MD5(NT hash, Upper(User) || UserDom). The caller passes the user name
 * already upper-cased (Unicode upper-casing is the platform's job), the domain as the client sent it. */
ntlm_status ntlm_ntowfv2(const ntlm_crypto *c, const uint8_t nt_hash[NTLM_HASH_LEN], const uint8_t *user_upper,
                         size_t user_len, const uint8_t *domain, size_t domain_len, uint8_t out[NTLM_HASH_LEN]);

/* Verifies an NTLMv2 response: the structure (ntlm_v2_blob_parse), then
 * NTProofStr == HMAC-MD5(ResponseKeyNT, ServerChallenge || blob), compared in constant time. On NTLM_OK,
 * *session_base_key = HMAC-MD5(ResponseKeyNT, NTProofStr) and *blob (may be NULL) describes the blob; on failure
 * both are zeroed. */
ntlm_status ntlm_v2_verify(const ntlm_crypto *c, const uint8_t response_key[NTLM_HASH_LEN],
                           const uint8_t server_challenge[NTLM_CHALLENGE_LEN], const uint8_t *response, size_t len,
                           uint8_t session_base_key[NTLM_HASH_LEN], ntlm_v2_blob *blob);

/* Verifies an LMv2 response (MS-NLMP 2.2.2.4: HMAC-MD5(ResponseKeyLM, ServerChallenge || ClientChallenge) ||
 * ClientChallenge; exactly 24 bytes, else NTLM_ERR_LENGTH). On NTLM_OK, *session_key = HMAC-MD5(ResponseKeyLM,
 * the 16-byte proof), the LMv2 counterpart of the NTLMv2 session base key; zeroed on failure. */
ntlm_status ntlm_lmv2_verify(const ntlm_crypto *c, const uint8_t response_key[NTLM_HASH_LEN],
                             const uint8_t server_challenge[NTLM_CHALLENGE_LEN], const uint8_t *response, size_t len,
                             uint8_t session_key[NTLM_HASH_LEN]);

#endif
