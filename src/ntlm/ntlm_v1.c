/* NTLM v1 verification; see ntlm_v1.h. */
#include "ntlm_v1.h"

#include <string.h>

#include "ntlm_util.h"

ntlm_status ntlm_desl(const ntlm_crypto *c, const uint8_t key[NTLM_HASH_LEN], const uint8_t data[8],
                      uint8_t out[NTLM_V1_RESPONSE_LEN])
{
    uint8_t last[7] = {0};
    int failed;

    if (!c || !c->des_ecb7 || !key || !data || !out)
        return NTLM_ERR_ARG;
    memcpy(last, key + 14, 2);
    failed = c->des_ecb7(c->ctx, key, data, out) || c->des_ecb7(c->ctx, key + 7, data, out + 8) ||
             c->des_ecb7(c->ctx, last, data, out + 16);
    ntlm_wipe(last, sizeof(last));
    if (failed) {
        ntlm_wipe(out, NTLM_V1_RESPONSE_LEN);
        return NTLM_ERR_CRYPTO;
    }
    return NTLM_OK;
}

ntlm_status ntlm_lmowfv1(const ntlm_crypto *c, const uint8_t *upper_oem_password, size_t len,
                         uint8_t out[NTLM_HASH_LEN])
{
    static const uint8_t magic[8] = {'K', 'G', 'S', '!', '@', '#', '$', '%'};
    uint8_t key[14] = {0};
    int failed;

    if (!c || !c->des_ecb7 || !out || (!upper_oem_password && len))
        return NTLM_ERR_ARG;
    if (len)
        memcpy(key, upper_oem_password, len < sizeof(key) ? len : sizeof(key));
    failed = c->des_ecb7(c->ctx, key, magic, out) || c->des_ecb7(c->ctx, key + 7, magic, out + 8);
    ntlm_wipe(key, sizeof(key));
    if (failed) {
        ntlm_wipe(out, NTLM_HASH_LEN);
        return NTLM_ERR_CRYPTO;
    }
    return NTLM_OK;
}

static int is_ess(const uint8_t *lm, size_t lm_len)
{
    static const uint8_t zero[16] = {0};

    return lm && lm_len == NTLM_V1_RESPONSE_LEN && ntlm_ct_equal(lm + 8, zero, sizeof(zero));
}

ntlm_status ntlm_v1_verify(const ntlm_crypto *c, const uint8_t nt_hash[NTLM_HASH_LEN],
                           const uint8_t server_challenge[NTLM_CHALLENGE_LEN], const uint8_t *response, size_t len,
                           const uint8_t *lm, size_t lm_len, uint8_t session_base_key[NTLM_HASH_LEN], int *ess)
{
    uint8_t expected[NTLM_V1_RESPONSE_LEN], digest[NTLM_HASH_LEN];
    const uint8_t *data = server_challenge;
    ntlm_status st;

    if (session_base_key)
        memset(session_base_key, 0, NTLM_HASH_LEN);
    if (ess)
        *ess = 0;
    if (!c || !c->md5 || !c->des_ecb7 || !nt_hash || !server_challenge || !response || !session_base_key || !ess)
        return NTLM_ERR_ARG;
    if (len != NTLM_V1_RESPONSE_LEN)
        return NTLM_ERR_LENGTH;
    if (is_ess(lm, lm_len)) {
        /* The 8-byte client challenge heads the LM field. */
        if (c->md5(c->ctx, server_challenge, NTLM_CHALLENGE_LEN, lm, NTLM_CHALLENGE_LEN, digest))
            return NTLM_ERR_CRYPTO;
        data = digest;
        *ess = 1;
    }
    st = ntlm_desl(c, nt_hash, data, expected);
    if (st == NTLM_OK && !ntlm_ct_equal(expected, response, NTLM_V1_RESPONSE_LEN))
        st = NTLM_ERR_MISMATCH;
    if (st == NTLM_OK && c->md4(c->ctx, nt_hash, NTLM_HASH_LEN, session_base_key)) {
        ntlm_wipe(session_base_key, NTLM_HASH_LEN);
        st = NTLM_ERR_CRYPTO;
    }
    if (st != NTLM_OK)
        *ess = 0;
    ntlm_wipe(expected, sizeof(expected));
    ntlm_wipe(digest, sizeof(digest));
    return st;
}
