/* libFuzzer harness for the NTLM response parsing and verification (src/ntlm). The input is taken as an NTLMv2
 * response, as an LMv2 response and as an NTLMv1 NT response with an LM field cut from it. Stand-in keyed hashes
 * (not HMAC-MD5, MD5 or DES: speed matters here, and no input can be expected to match them) let the verification run
 * to its comparison. Checked: a refusal leaves no key behind, verification agrees with the structural parse, a parsed
 * blob lies inside the input and ends with MsvAvEOL, and an NTLMv1 response computed by the client half from
 * input-chosen hash and challenges verifies (plain and with extended session security). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ntlm_client.h"
#include "ntlm_v1.h"
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

static int fake_md5(void *ctx, const uint8_t *a, size_t al, const uint8_t *b, size_t bl, uint8_t out[NTLM_HASH_LEN])
{
    uint32_t h = 2166136261u;

    (void)ctx;
    memset(out, 0, NTLM_HASH_LEN);
    if (al)
        mix(out, a, al, &h);
    if (bl)
        mix(out, b, bl, &h);
    return 0;
}

static int fake_des_ecb7(void *ctx, const uint8_t key7[7], const uint8_t in[8], uint8_t out[8])
{
    uint8_t wide[NTLM_HASH_LEN];
    uint32_t h = 2166136261u;

    (void)ctx;
    memset(wide, 0, sizeof(wide));
    mix(wide, key7, 7, &h);
    mix(wide, in, 8, &h);
    memcpy(out, wide, 8);
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

/* The input as an NTLMv1 NT response; its first byte picks how much of the input after the first 24 bytes is the LM
 * field (24 bytes ending in 16 zero bytes selects extended session security). */
static void check_v1_verify(const ntlm_crypto *crypto, const uint8_t *copy, size_t size)
{
    static const uint8_t hash[NTLM_HASH_LEN] = {4, 5, 6};
    static const uint8_t challenge[NTLM_CHALLENGE_LEN] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
    uint8_t session[NTLM_HASH_LEN];
    size_t lm_len = 0;
    const uint8_t *lm = NULL;
    int ess = -1;
    ntlm_status st;

    if (size > NTLM_V1_RESPONSE_LEN) {
        lm = copy + NTLM_V1_RESPONSE_LEN;
        lm_len = copy[0] % (size - NTLM_V1_RESPONSE_LEN + 1);
    }
    st = ntlm_v1_verify(crypto, hash, challenge, copy, size < NTLM_V1_RESPONSE_LEN ? size : NTLM_V1_RESPONSE_LEN,
                        lm, lm_len, session, &ess);
    CHECK(size >= NTLM_V1_RESPONSE_LEN ? st == NTLM_OK || st == NTLM_ERR_MISMATCH : st == NTLM_ERR_LENGTH);
    CHECK(ess == 0 || (st == NTLM_OK && ess == 1));
    if (st != NTLM_OK)
        CHECK(all_zero(session, sizeof(session)));
    if (size != NTLM_V1_RESPONSE_LEN) {
        st = ntlm_v1_verify(crypto, hash, challenge, copy, size, lm, lm_len, session, &ess);
        CHECK(st == NTLM_ERR_LENGTH && ess == 0 && all_zero(session, sizeof(session)));
    }
}

/* What the client half computes from input-chosen hash and challenges, the server half accepts, in the form the LM
 * field announces; a different server challenge is refused. */
static void check_v1_round_trip(const ntlm_crypto *crypto, const uint8_t *data, size_t size)
{
    uint8_t in[NTLM_HASH_LEN + 2 * NTLM_CHALLENGE_LEN] = {0};
    const uint8_t *hash = in, *server = in + NTLM_HASH_LEN, *client = server + NTLM_CHALLENGE_LEN;
    uint8_t nt[NTLM_V1_RESPONSE_LEN], lm[NTLM_V1_RESPONSE_LEN], key[NTLM_HASH_LEN], key2[NTLM_HASH_LEN];
    uint8_t other[NTLM_CHALLENGE_LEN];
    int use_client = size > 0 && (data[size - 1] & 1);
    int ess = -1;

    memcpy(in, data, size < sizeof(in) ? size : sizeof(in));
    CHECK(ntlm_v1_respond(crypto, hash, server, use_client ? client : NULL, nt, lm, key) == NTLM_OK);
    /* Without a client challenge LM = NT; should NT end in 16 zero bytes it would read as extended session security
     * (the protocol's own ambiguity, not the code's): nothing to check then. */
    if (!use_client && all_zero(lm + 8, 16))
        return;
    CHECK(ntlm_v1_verify(crypto, hash, server, nt, sizeof(nt), lm, sizeof(lm), key2, &ess) == NTLM_OK);
    CHECK(ess == use_client && memcmp(key, key2, sizeof(key)) == 0);
    memcpy(other, server, sizeof(other));
    other[0] ^= 1;
    /* The stand-in DES is no cipher: a collision is possible, but then the responses are equal too. */
    if (ntlm_v1_verify(crypto, hash, other, nt, sizeof(nt), lm, sizeof(lm), key2, &ess) == NTLM_OK) {
        uint8_t nt2[NTLM_V1_RESPONSE_LEN], lm2[NTLM_V1_RESPONSE_LEN];

        CHECK(ntlm_v1_respond(crypto, hash, other, use_client ? client : NULL, nt2, lm2, key2) == NTLM_OK);
        CHECK(memcmp(nt, nt2, sizeof(nt)) == 0);
    } else {
        CHECK(all_zero(key2, sizeof(key2)) && ess == 0);
    }
}

/* LMOWFv1 uses at most 14 bytes of the password: a longer one gives the hash of its first 14, a shorter one that of
 * itself zero-padded. */
static void check_lmowfv1(const ntlm_crypto *crypto, const uint8_t *copy, size_t size)
{
    uint8_t a[NTLM_HASH_LEN], b[NTLM_HASH_LEN], padded[14] = {0};
    size_t used = size < sizeof(padded) ? size : sizeof(padded);

    CHECK(ntlm_lmowfv1(crypto, copy, size, a) == NTLM_OK);
    memcpy(padded, copy, used);
    CHECK(ntlm_lmowfv1(crypto, padded, sizeof(padded), b) == NTLM_OK);
    CHECK(memcmp(a, b, sizeof(a)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ntlm_crypto crypto = {NULL, fake_md4, fake_hmac, fake_md5, fake_des_ecb7};
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
    check_v1_verify(&crypto, copy, size);
    check_v1_round_trip(&crypto, copy, size);
    check_lmowfv1(&crypto, copy, size);
    free(copy);
    return 0;
}
