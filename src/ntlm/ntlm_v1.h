/* NTLM v1 (MS-NLMP 3.3.1) from the server's side: verification of an NTLMv1 response, with or without extended
 * session security (NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY, recognisable in the LM response field: the client
 * challenge followed by 16 zero bytes). LM responses are not verified: that needs the LM hash, which the accounts
 * database does not keep (as Windows keeps none by default, NoLMHash). Needs the crypto's md5 and des_ecb7. */
#ifndef LSAEMU_NTLM_V1_H
#define LSAEMU_NTLM_V1_H

#include <stddef.h>
#include <stdint.h>

#include "ntlm_crypto.h"
#include "ntlm_status.h"

#define NTLM_V1_RESPONSE_LEN 24

/* DESL(K, D) of MS-NLMP 6: three DES encryptions of D under K[0..6], K[7..13], K[14..15] || Z(5). */
ntlm_status ntlm_desl(const ntlm_crypto *c, const uint8_t key[NTLM_HASH_LEN], const uint8_t data[8],
                      uint8_t out[NTLM_V1_RESPONSE_LEN]);

/* LMOWFv1 (MS-NLMP 3.3.1): the password upper-cased in the OEM code page (the caller's job), cut or zero-padded to 14
 * bytes, each half the DES key encrypting "KGS!@#$%". Not used by the package (no LM hashes are kept), provided for
 * completeness and tested against MS-NLMP 4.2.2.1.1. */
ntlm_status ntlm_lmowfv1(const ntlm_crypto *c, const uint8_t *upper_oem_password, size_t len,
                         uint8_t out[NTLM_HASH_LEN]);

/* Verifies a 24-byte NTLMv1 response (else NTLM_ERR_LENGTH) against the NT hash. `lm` / `lm_len` is the LM response
 * field: when it is 24 bytes ending in 16 zero bytes, the response is taken as extended session security
 * (DESL(hash, MD5(ServerChallenge || ClientChallenge)[0..7])), else as plain NTLMv1 (DESL(hash, ServerChallenge)).
 * On NTLM_OK *session_base_key = MD4(NT hash) (MS-NLMP 3.3.1) and *ess says which form matched; on failure the key
 * is zeroed. */
ntlm_status ntlm_v1_verify(const ntlm_crypto *c, const uint8_t nt_hash[NTLM_HASH_LEN],
                           const uint8_t server_challenge[NTLM_CHALLENGE_LEN], const uint8_t *response, size_t len,
                           const uint8_t *lm, size_t lm_len, uint8_t session_base_key[NTLM_HASH_LEN], int *ess);

#endif
