/* The client half of NTLM; see ntlm_client.h. */
#include "ntlm_client.h"

#include <string.h>

#include "ntlm_util.h"

#define BLOB_HEADER 28u

ntlm_status ntlm_v2_respond(const ntlm_crypto *c, const uint8_t response_key[NTLM_HASH_LEN],
                            const uint8_t server_challenge[NTLM_CHALLENGE_LEN],
                            const uint8_t client_challenge[NTLM_CHALLENGE_LEN], uint64_t timestamp,
                            const uint8_t *target_info, size_t target_len, uint8_t *out, size_t cap, size_t *out_len,
                            uint8_t session_base_key[NTLM_HASH_LEN])
{
    static const uint8_t eol[4] = {0};
    uint8_t *temp;
    size_t need;

    if (out_len)
        *out_len = 0;
    if (!c || !response_key || !server_challenge || !client_challenge || !out || !out_len || !session_base_key ||
        (!target_info && target_len))
        return NTLM_ERR_ARG;
    if (!target_len) {
        target_info = eol;
        target_len = sizeof(eol);
    }
    if (target_len > cap || cap - target_len < NTLM_V2_RESPONSE_OVERHEAD)
        return NTLM_ERR_LENGTH;
    need = NTLM_V2_RESPONSE_OVERHEAD + target_len;
    temp = out + NTLM_HASH_LEN;
    memset(temp, 0, BLOB_HEADER);
    temp[0] = temp[1] = 1; /* RespType, HiRespType */
    for (int i = 0; i < 8; i++)
        temp[8 + i] = (uint8_t)(timestamp >> (8 * i));
    memcpy(temp + 16, client_challenge, NTLM_CHALLENGE_LEN);
    memcpy(temp + BLOB_HEADER, target_info, target_len);
    memset(temp + BLOB_HEADER + target_len, 0, 4);
    if (c->hmac_md5(c->ctx, response_key, NTLM_HASH_LEN, server_challenge, NTLM_CHALLENGE_LEN, temp,
                    need - NTLM_HASH_LEN, out) ||
        c->hmac_md5(c->ctx, response_key, NTLM_HASH_LEN, out, NTLM_HASH_LEN, NULL, 0, session_base_key)) {
        ntlm_wipe(out, need);
        ntlm_wipe(session_base_key, NTLM_HASH_LEN);
        return NTLM_ERR_CRYPTO;
    }
    *out_len = need;
    return NTLM_OK;
}

ntlm_status ntlm_lmv2_respond(const ntlm_crypto *c, const uint8_t response_key[NTLM_HASH_LEN],
                              const uint8_t server_challenge[NTLM_CHALLENGE_LEN],
                              const uint8_t client_challenge[NTLM_CHALLENGE_LEN], uint8_t out[NTLM_V1_RESPONSE_LEN])
{
    if (!c || !response_key || !server_challenge || !client_challenge || !out)
        return NTLM_ERR_ARG;
    if (c->hmac_md5(c->ctx, response_key, NTLM_HASH_LEN, server_challenge, NTLM_CHALLENGE_LEN, client_challenge,
                    NTLM_CHALLENGE_LEN, out)) {
        ntlm_wipe(out, NTLM_V1_RESPONSE_LEN);
        return NTLM_ERR_CRYPTO;
    }
    memcpy(out + NTLM_HASH_LEN, client_challenge, NTLM_CHALLENGE_LEN);
    return NTLM_OK;
}

ntlm_status ntlm_v1_respond(const ntlm_crypto *c, const uint8_t nt_hash[NTLM_HASH_LEN],
                            const uint8_t server_challenge[NTLM_CHALLENGE_LEN], const uint8_t *client_challenge,
                            uint8_t nt_out[NTLM_V1_RESPONSE_LEN], uint8_t lm_out[NTLM_V1_RESPONSE_LEN],
                            uint8_t session_base_key[NTLM_HASH_LEN])
{
    uint8_t digest[NTLM_HASH_LEN];
    ntlm_status st;

    if (!c || !nt_hash || !server_challenge || !nt_out || !lm_out || !session_base_key || !c->md5 || !c->des_ecb7)
        return NTLM_ERR_ARG;
    if (client_challenge) {
        if (c->md5(c->ctx, server_challenge, NTLM_CHALLENGE_LEN, client_challenge, NTLM_CHALLENGE_LEN, digest))
            st = NTLM_ERR_CRYPTO;
        else
            st = ntlm_desl(c, nt_hash, digest, nt_out);
        memset(lm_out, 0, NTLM_V1_RESPONSE_LEN);
        memcpy(lm_out, client_challenge, NTLM_CHALLENGE_LEN);
        ntlm_wipe(digest, sizeof(digest));
    } else {
        st = ntlm_desl(c, nt_hash, server_challenge, nt_out);
        memcpy(lm_out, nt_out, NTLM_V1_RESPONSE_LEN);
    }
    if (st == NTLM_OK && c->md4(c->ctx, nt_hash, NTLM_HASH_LEN, session_base_key))
        st = NTLM_ERR_CRYPTO;
    if (st != NTLM_OK) {
        ntlm_wipe(nt_out, NTLM_V1_RESPONSE_LEN);
        ntlm_wipe(lm_out, NTLM_V1_RESPONSE_LEN);
        ntlm_wipe(session_base_key, NTLM_HASH_LEN);
    }
    return st;
}
