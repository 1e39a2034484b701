/* libFuzzer harness for the NTLM response parsing and verification (src/ntlm). The input is taken as an NTLMv2
 * response and as an LMv2 response. A stand-in keyed hash (not HMAC-MD5: speed matters here, and no input can be
 * expected to match it) lets the verification run to its comparison. Checked: a refusal leaves no key behind,
 * verification agrees with the structural parse, and a parsed blob lies inside the input and ends with MsvAvEOL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ntlm_v2.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static void mix(uint8_t out[NTLM_HASH_LEN], const uint8_t *p, size_t n, uint32_t *h)
{
    for (size_t i = 0; i < n; i++) {
        *h = (*h ^ p[i]) * 16777619u;
        out[i % NTLM_HASH_LEN] ^= (uint8_t)*h;
    }
}

static int fake_md4(void *ctx, const uint8_t *d, size_t n, uint8_t out[NTLM_HASH_LEN])
{
    uint32_t h = 2166136261u;

    (void)ctx;
    memset(out, 0, NTLM_HASH_LEN);
    mix(out, d, n, &h);
    return 0;
}

static int fake_hmac(void *ctx, const uint8_t *k, size_t kl, const uint8_t *a, size_t al, const uint8_t *b, size_t bl,
                     uint8_t out[NTLM_HASH_LEN])
{
    uint32_t h = 2166136261u;

    (void)ctx;
    memset(out, 0, NTLM_HASH_LEN);
    mix(out, k, kl, &h);
    if (al)
        mix(out, a, al, &h);
    if (bl)
        mix(out, b, bl, &h);
    return 0;
}

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i])
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ntlm_crypto crypto = {NULL, fake_md4, fake_hmac, NULL, NULL};
    static const uint8_t key[NTLM_HASH_LEN] = {1, 2, 3};
    static const uint8_t challenge[NTLM_CHALLENGE_LEN] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
    uint8_t session[NTLM_HASH_LEN];
    ntlm_v2_blob blob;
    ntlm_status parsed, verified;
    /* A copy of exactly `size` bytes, so ASan sees any read past the end. */
    uint8_t *copy = malloc(size ? size : 1);

    CHECK(copy);
    memcpy(copy, data, size);
    parsed = ntlm_v2_blob_parse(copy, size, &blob);
    if (parsed == NTLM_OK) {
        CHECK(blob.av_offset == NTLM_V2_PROOF_LEN + NTLM_V2_BLOB_HEADER_LEN);
        CHECK(blob.av_len >= 4 && blob.av_offset + blob.av_len <= size);
        CHECK(all_zero(copy + blob.av_offset + blob.av_len - 4, 2)); /* the last pair is MsvAvEOL... */
        CHECK(all_zero(copy + blob.av_offset + blob.av_len - 2, 2)); /* ...of length 0 */
    } else {
        CHECK(all_zero((const uint8_t *)&blob, sizeof(blob)));
    }
    verified = ntlm_v2_verify(&crypto, key, challenge, copy, size, session, NULL);
    CHECK(parsed == NTLM_OK ? verified == NTLM_OK || verified == NTLM_ERR_MISMATCH : verified == parsed);
    if (verified != NTLM_OK)
        CHECK(all_zero(session, sizeof(session)));
    verified = ntlm_lmv2_verify(&crypto, key, challenge, copy, size, session);
    CHECK(size == NTLM_LMV2_RESPONSE_LEN ? verified == NTLM_OK || verified == NTLM_ERR_MISMATCH
                                         : verified == NTLM_ERR_LENGTH);
    if (verified != NTLM_OK)
        CHECK(all_zero(session, sizeof(session)));
    free(copy);
    return 0;
}
