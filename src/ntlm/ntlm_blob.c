/* NTLMv2 response structure; see ntlm_blob.h. */
#include "ntlm_blob.h"

#include <string.h>

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Length rules per AvId: UTF-16 strings are even, the fixed-size ones exact; others (SingleHost, unknown ids that
 * later versions may add) are only bounded by the response. */
static ntlm_status check_av(uint16_t id, uint16_t av_len)
{
    switch (id) {
    case NTLM_AV_EOL:
        return av_len == 0 ? NTLM_OK : NTLM_ERR_AV_BAD_LENGTH;
    case NTLM_AV_NB_COMPUTER_NAME:
    case NTLM_AV_NB_DOMAIN_NAME:
    case NTLM_AV_DNS_COMPUTER_NAME:
    case NTLM_AV_DNS_DOMAIN_NAME:
    case NTLM_AV_DNS_TREE_NAME:
    case NTLM_AV_TARGET_NAME:
        return av_len % 2 ? NTLM_ERR_AV_ODD_LENGTH : NTLM_OK;
    case NTLM_AV_FLAGS:
        return av_len == 4 ? NTLM_OK : NTLM_ERR_AV_BAD_LENGTH;
    case NTLM_AV_TIMESTAMP:
        return av_len == 8 ? NTLM_OK : NTLM_ERR_AV_BAD_LENGTH;
    case NTLM_AV_CHANNEL_BINDINGS:
        return av_len == 16 ? NTLM_OK : NTLM_ERR_AV_BAD_LENGTH;
    default:
        return NTLM_OK;
    }
}

ntlm_status ntlm_v2_blob_parse(const uint8_t *response, size_t len, ntlm_v2_blob *out)
{
    ntlm_v2_blob blob;
    const uint8_t *b;
    size_t pos;

    if (out)
        memset(out, 0, sizeof(*out));
    if (!response)
        return NTLM_ERR_ARG;
    if (len < NTLM_V2_MIN_RESPONSE_LEN)
        return NTLM_ERR_SHORT;
    memset(&blob, 0, sizeof(blob));
    b = response + NTLM_V2_PROOF_LEN;
    if (b[0] != 1 || b[1] != 1)
        return NTLM_ERR_BLOB_VERSION;
    blob.timestamp = (uint64_t)get32(b + 8) | ((uint64_t)get32(b + 12) << 32);
    memcpy(blob.client_challenge, b + 16, NTLM_CHALLENGE_LEN);
    blob.av_offset = NTLM_V2_PROOF_LEN + NTLM_V2_BLOB_HEADER_LEN;

    /* Walk the pairs; every step checks the header and then the value against what is left. */
    for (pos = blob.av_offset;;) {
        uint16_t id, av_len;
        ntlm_status st;

        if (len - pos < 4)
            return pos == len ? NTLM_ERR_AV_NO_EOL : NTLM_ERR_AV_TRUNCATED;
        id = get16(response + pos);
        av_len = get16(response + pos + 2);
        pos += 4;
        if (av_len > len - pos)
            return NTLM_ERR_AV_TRUNCATED;
        if ((st = check_av(id, av_len)) != NTLM_OK)
            return st;
        if (id == NTLM_AV_FLAGS) {
            blob.has_av_flags = 1;
            blob.av_flags = get32(response + pos);
        }
        pos += av_len;
        if (id == NTLM_AV_EOL)
            break;
    }
    blob.av_len = pos - blob.av_offset;
    if (out)
        *out = blob;
    return NTLM_OK;
}
