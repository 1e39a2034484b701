/* NTLM v2 verification; see ntlm_v2.h. */
#include "ntlm_v2.h"

#include <string.h>

#include "ntlm_util.h"

ntlm_status ntlm_ntowfv1(const ntlm_crypto *c, const uint8_t *password, size_t password_len,
                         uint8_t out[NTLM_HASH_LEN])
{
    static const uint8_t empty = 0;

    if (!c || !out || (!password && password_len))
        return NTLM_ERR_ARG;
    if (c->md4(c->ctx, password_len ? password : &empty, password_len, out)) {
        ntlm_wipe(out, NTLM_HASH_LEN);
        return NTLM_ERR_CRYPTO;
    }
    return NTLM_OK;
}

ntlm_status ntlm_ntowfv2(const ntlm_crypto *c, const uint8_t nt_hash[NTLM_HASH_LEN], const uint8_t *user_upper,
                         size_t user_len, const uint8_t *domain, size_t domain_len, uint8_t out[NTLM_HASH_LEN])
{
    if (!c || !nt_hash || !out || (!user_upper && user_len) || (!domain && domain_len))
        return NTLM_ERR_ARG;
    if (c->hmac_md5(c->ctx, nt_hash, NTLM_HASH_LEN, user_upper, user_len, domain, domain_len, out)) {
        ntlm_wipe(out, NTLM_HASH_LEN);
        return NTLM_ERR_CRYPTO;
    }
    return NTLM_OK;
}

ntlm_status ntlm_v2_verify(const ntlm_crypto *c, const uint8_t response_key[NTLM_HASH_LEN],
                           const uint8_t server_challenge[NTLM_CHALLENGE_LEN], const uint8_t *response, size_t len,
                           uint8_t session_base_key[NTLM_HASH_LEN], ntlm_v2_blob *blob)
{
    uint8_t expected[NTLM_HASH_LEN];
    ntlm_v2_blob parsed;
    ntlm_status st;

    if (session_base_key)
        memset(session_base_key, 0, NTLM_HASH_LEN);
    if (blob)
        memset(blob, 0, sizeof(*blob));
    if (!c || !response_key || !server_challenge || !session_base_key)
        return NTLM_ERR_ARG;
    if ((st = ntlm_v2_blob_parse(response, len, &parsed)) != NTLM_OK)
        return st;

    /* NTProofStr covers the whole blob as sent, padding included. */
    if (c->hmac_md5(c->ctx, response_key, NTLM_HASH_LEN, server_challenge, NTLM_CHALLENGE_LEN,
                    response + NTLM_V2_PROOF_LEN, len - NTLM_V2_PROOF_LEN, expected)) {
        st = NTLM_ERR_CRYPTO;
    } else if (!ntlm_ct_equal(expected, response, NTLM_V2_PROOF_LEN)) {
        st = NTLM_ERR_MISMATCH;
    } else if (c->hmac_md5(c->ctx, response_key, NTLM_HASH_LEN, response, NTLM_V2_PROOF_LEN, NULL, 0,
                           session_base_key)) {
        ntlm_wipe(session_base_key, NTLM_HASH_LEN);
        st = NTLM_ERR_CRYPTO;
    }
    ntlm_wipe(expected, sizeof(expected));
    if (st == NTLM_OK && blob)
        *blob = parsed;
    return st;
}

ntlm_status ntlm_lmv2_verify(const ntlm_crypto *c, const uint8_t response_key[NTLM_HASH_LEN],
                             const uint8_t server_challenge[NTLM_CHALLENGE_LEN], const uint8_t *response, size_t len,
                             uint8_t session_key[NTLM_HASH_LEN])
{
    uint8_t expected[NTLM_HASH_LEN];
    ntlm_status st = NTLM_OK;

    if (session_key)
        memset(session_key, 0, NTLM_HASH_LEN);
    if (!c || !response_key || !server_challenge || !session_key || !response)
        return NTLM_ERR_ARG;
    if (len != NTLM_LMV2_RESPONSE_LEN)
        return NTLM_ERR_LENGTH;
    if (c->hmac_md5(c->ctx, response_key, NTLM_HASH_LEN, server_challenge, NTLM_CHALLENGE_LEN,
                    response + NTLM_HASH_LEN, NTLM_CHALLENGE_LEN, expected)) {
        st = NTLM_ERR_CRYPTO;
    } else if (!ntlm_ct_equal(expected, response, NTLM_HASH_LEN)) {
        st = NTLM_ERR_MISMATCH;
    } else if (c->hmac_md5(c->ctx, response_key, NTLM_HASH_LEN, response, NTLM_HASH_LEN, NULL, 0, session_key)) {
        ntlm_wipe(session_key, NTLM_HASH_LEN);
        st = NTLM_ERR_CRYPTO;
    }
    ntlm_wipe(expected, sizeof(expected));
    return st;
}
