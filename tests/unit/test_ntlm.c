/* NTLM verification (src/ntlm) against the example values of MS-NLMP section 4.2 (4.2.2 NTLMv1, 4.2.3 NTLMv1 with
 * extended session security, 4.2.4 NTLMv2) and a table of malformed responses. Crypto: OpenSSL (ntlm_openssl.c,
 * test-only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ntlm_openssl.h"
#include "ntlm_util.h"
#include "ntlm_client.h"
#include "ntlm_v1.h"
#include "ntlm_v2.h"

/* MS-NLMP 4.2.1 common values: User "User", UserDom "Domain", Passwd "Password", ServerChallenge
 * 0123456789abcdef, ClientChallenge aaaaaaaaaaaaaaaa, Time 0. */
static const uint8_t user_upper[] = {'U', 0, 'S', 0, 'E', 0, 'R', 0};
static const uint8_t domain[] = {'D', 0, 'o', 0, 'm', 0, 'a', 0, 'i', 0, 'n', 0};
static const uint8_t password[] = {'P', 0, 'a', 0, 's', 0, 's', 0, 'w', 0, 'o', 0, 'r', 0, 'd', 0};
static const uint8_t server_challenge[8] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};

/* MS-NLMP 4.2.2.1.2 NTOWFv1("Password"). */
static const uint8_t nt_hash[16] = {0xa4, 0xf4, 0x9c, 0x40, 0x65, 0x10, 0xbd, 0xca,
                                    0xb6, 0x82, 0x4e, 0xe7, 0xc3, 0x0f, 0xd8, 0x52};
/* MS-NLMP 4.2.4.1.1 NTOWFv2 / LMOWFv2. */
static const uint8_t response_key[16] = {0x0c, 0x86, 0x8a, 0x40, 0x3b, 0xfd, 0x7a, 0x93,
                                         0xa3, 0x00, 0x1e, 0xf2, 0x2e, 0xf0, 0x2e, 0x3f};
/* MS-NLMP 4.2.4.1.2 session base key. */
static const uint8_t session_base_key[16] = {0x8d, 0xe4, 0x0c, 0xca, 0xdb, 0xc1, 0x4a, 0x82,
                                             0xf1, 0x5c, 0xb0, 0xad, 0x0d, 0xe9, 0x5c, 0xa3};
/* MS-NLMP 4.2.4.2.1 LMv2 response. */
static const uint8_t lmv2_response[24] = {0x86, 0xc3, 0x50, 0x97, 0xac, 0x9c, 0xec, 0x10, 0x25, 0x54, 0x76, 0x4a,
                                          0x57, 0xcc, 0xcc, 0x19, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa};

/* MS-NLMP 4.2.4.2.2 NTLMv2 response: NTProofStr 68cd0ab851e51c96aabc927bebef6a1c, then temp (4.2.4: the
 * CHALLENGE_MESSAGE's AV pairs MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", MsvAvEOL). */
#define V2_LEN 84
static const uint8_t v2_response[V2_LEN] = {
    0x68, 0xcd, 0x0a, 0xb8, 0x51, 0xe5, 0x1c, 0x96, 0xaa, 0xbc, 0x92, 0x7b, 0xeb, 0xef, 0x6a, 0x1c, /* NTProofStr */
    0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                                                 /* 1, 1, Z(6) */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                                                 /* Time */
    0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,                                                 /* client chal */
    0x00, 0x00, 0x00, 0x00,                                                                         /* Z(4) */
    0x02, 0x00, 0x0c, 0x00, 'D', 0, 'o', 0, 'm', 0, 'a', 0, 'i', 0, 'n', 0,                         /* @44 */
    0x01, 0x00, 0x0c, 0x00, 'S', 0, 'e', 0, 'r', 0, 'v', 0, 'e', 0, 'r', 0,                         /* @60 */
    0x00, 0x00, 0x00, 0x00,                                                                         /* @76 EOL */
    0x00, 0x00, 0x00, 0x00,                                                                         /* Z(4) */
};

static const ntlm_crypto *crypto;

static int setup(void **state)
{
    (void)state;
    crypto = ntlm_openssl_crypto();
    return crypto ? 0 : -1;
}

static void test_ntowfv1_vector(void **state)
{
    uint8_t out[16];

    (void)state;
    assert_int_equal(ntlm_ntowfv1(crypto, password, sizeof(password), out), NTLM_OK);
    assert_memory_equal(out, nt_hash, 16);
}

static void test_ntowfv2_vector(void **state)
{
    uint8_t out[16];

    (void)state;
    assert_int_equal(ntlm_ntowfv2(crypto, nt_hash, user_upper, sizeof(user_upper), domain, sizeof(domain), out),
                     NTLM_OK);
    assert_memory_equal(out, response_key, 16);
}

static void test_v2_vector(void **state)
{
    static const uint8_t aa[8] = {0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa};
    uint8_t key[16];
    ntlm_v2_blob blob;

    (void)state;
    assert_int_equal(ntlm_v2_verify(crypto, response_key, server_challenge, v2_response, V2_LEN, key, &blob),
                     NTLM_OK);
    assert_memory_equal(key, session_base_key, 16);
    assert_memory_equal(blob.client_challenge, aa, 8);
    assert_int_equal(blob.timestamp, 0);
    assert_int_equal(blob.av_offset, 44);
    assert_int_equal(blob.av_len, 36);
    assert_false(blob.has_av_flags);
}

static void test_lmv2_vector(void **state)
{
    uint8_t key[16], zero[16] = {0};

    (void)state;
    assert_int_equal(ntlm_lmv2_verify(crypto, response_key, server_challenge, lmv2_response, 24, key), NTLM_OK);
    assert_memory_not_equal(key, zero, 16);
}

/* The same response for another challenge, or another password, never verifies. */
static void test_v2_wrong_challenge_or_key(void **state)
{
    uint8_t other_challenge[8], other_key[16], key[16], zero[16] = {0};

    (void)state;
    memcpy(other_challenge, server_challenge, 8);
    other_challenge[7] ^= 1;
    assert_int_equal(ntlm_v2_verify(crypto, response_key, other_challenge, v2_response, V2_LEN, key, NULL),
                     NTLM_ERR_MISMATCH);
    assert_memory_equal(key, zero, 16);
    memcpy(other_key, response_key, 16);
    other_key[0] ^= 0x80;
    assert_int_equal(ntlm_v2_verify(crypto, other_key, server_challenge, v2_response, V2_LEN, key, NULL),
                     NTLM_ERR_MISMATCH);
    assert_int_equal(ntlm_lmv2_verify(crypto, response_key, other_challenge, lmv2_response, 24, key),
                     NTLM_ERR_MISMATCH);
    assert_int_equal(ntlm_lmv2_verify(crypto, other_key, server_challenge, lmv2_response, 24, key),
                     NTLM_ERR_MISMATCH);
    assert_memory_equal(key, zero, 16);
}

/* Any changed bit anywhere in the response is refused. */
static void test_v2_every_bit_flip(void **state)
{
    uint8_t buf[V2_LEN], key[16];
    size_t i;
    int bit;

    (void)state;
    for (i = 0; i < V2_LEN; i++) {
        for (bit = 0; bit < 8; bit++) {
            memcpy(buf, v2_response, V2_LEN);
            buf[i] ^= (uint8_t)(1u << bit);
            assert_int_not_equal(ntlm_v2_verify(crypto, response_key, server_challenge, buf, V2_LEN, key, NULL),
                                 NTLM_OK);
        }
    }
}

/* Expected status of the first n bytes of the vector response (AV pairs at 44, 60, EOL at 76, padding 80..83). */
static ntlm_status truncation_status(size_t n)
{
    if (n < NTLM_V2_MIN_RESPONSE_LEN)
        return NTLM_ERR_SHORT;
    if (n == 60 || n == 76)
        return NTLM_ERR_AV_NO_EOL; /* ends exactly between two pairs */
    if (n < 80)
        return NTLM_ERR_AV_TRUNCATED;
    return NTLM_ERR_MISMATCH; /* well-formed but the padding NTProofStr covers is cut */
}

/* Every truncation is refused with its exact status; each copy is a fresh allocation of exactly n bytes, so ASan
 * catches any read past the end. */
static void test_v2_every_truncation(void **state)
{
    uint8_t key[16];
    size_t n;

    (void)state;
    for (n = 0; n < V2_LEN; n++) {
        uint8_t *copy = test_malloc(n ? n : 1);

        memcpy(copy, v2_response, n);
        assert_int_equal(ntlm_v2_verify(crypto, response_key, server_challenge, copy, n, key, NULL),
                         truncation_status(n));
        test_free(copy);
    }
}

typedef struct malformed_case {
    const char *what;
    size_t offset;  /* byte to overwrite in the vector (after the proof: structure only is checked) */
    uint8_t value[4];
    size_t value_len;
    ntlm_status expected;
} malformed_case;

static void test_v2_malformed_table(void **state)
{
    static const malformed_case cases[] = {
        {"RespType 2", 16, {2}, 1, NTLM_ERR_BLOB_VERSION},
        {"HiRespType 0", 17, {0}, 1, NTLM_ERR_BLOB_VERSION},
        {"name of odd length", 46, {0x0b, 0x00}, 2, NTLM_ERR_AV_ODD_LENGTH},
        {"pair longer than the response", 46, {0xff, 0xff}, 2, NTLM_ERR_AV_TRUNCATED},
        {"second pair runs past the end", 62, {0x20, 0x00}, 2, NTLM_ERR_AV_TRUNCATED},
        {"EOL with a value", 78, {0x04, 0x00}, 2, NTLM_ERR_AV_BAD_LENGTH},
        {"EOL replaced by a pair that eats the padding", 76, {0x09, 0x00, 0x04, 0x00}, 4, NTLM_ERR_AV_NO_EOL},
        {"MsvAvFlags of 12 bytes", 44, {0x06, 0x00}, 2, NTLM_ERR_AV_BAD_LENGTH},
        {"MsvAvTimestamp of 12 bytes", 44, {0x07, 0x00}, 2, NTLM_ERR_AV_BAD_LENGTH},
        {"MsvAvChannelBindings of 12 bytes", 44, {0x0a, 0x00}, 2, NTLM_ERR_AV_BAD_LENGTH},
        {"MsvAvTargetName of odd length", 60, {0x09, 0x00, 0x0b, 0x00}, 4, NTLM_ERR_AV_ODD_LENGTH},
        {"unknown AvId is skipped (then the proof fails)", 60, {0x7f, 0x00}, 2, NTLM_ERR_MISMATCH},
    };
    uint8_t buf[V2_LEN], key[16];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memcpy(buf, v2_response, V2_LEN);
        memcpy(buf + cases[i].offset, cases[i].value, cases[i].value_len);
        print_message("case: %s\n", cases[i].what);
        assert_int_equal(ntlm_v2_verify(crypto, response_key, server_challenge, buf, V2_LEN, key, NULL),
                         cases[i].expected);
        assert_int_equal(ntlm_v2_blob_parse(buf, V2_LEN, NULL),
                         cases[i].expected == NTLM_ERR_MISMATCH ? NTLM_OK : cases[i].expected);
    }
}

static void test_lengths_and_arguments(void **state)
{
    uint8_t buf[64] = {0}, key[16];

    (void)state;
    assert_int_equal(ntlm_lmv2_verify(crypto, response_key, server_challenge, lmv2_response, 23, key),
                     NTLM_ERR_LENGTH);
    assert_int_equal(ntlm_lmv2_verify(crypto, response_key, server_challenge, buf, 25, key), NTLM_ERR_LENGTH);
    assert_int_equal(ntlm_lmv2_verify(crypto, response_key, server_challenge, NULL, 24, key), NTLM_ERR_ARG);
    /* An NTLMv1-sized response is not an NTLMv2 one. */
    assert_int_equal(ntlm_v2_verify(crypto, response_key, server_challenge, buf, 24, key, NULL), NTLM_ERR_SHORT);
    assert_int_equal(ntlm_v2_verify(crypto, response_key, server_challenge, NULL, 0, key, NULL), NTLM_ERR_ARG);
    assert_int_equal(ntlm_v2_verify(NULL, response_key, server_challenge, v2_response, V2_LEN, key, NULL),
                     NTLM_ERR_ARG);
    assert_int_equal(ntlm_ntowfv2(crypto, nt_hash, NULL, 2, domain, sizeof(domain), key), NTLM_ERR_ARG);
    assert_int_equal(ntlm_ntowfv1(crypto, NULL, 2, key), NTLM_ERR_ARG);
    assert_string_equal(ntlm_status_name(NTLM_ERR_AV_TRUNCATED), "AV pair runs past the end");
    assert_string_equal(ntlm_status_name((ntlm_status)99), "unknown");
}

/* A crypto provider that fails gives NTLM_ERR_CRYPTO and no key. */
static int failing_md4(void *ctx, const uint8_t *d, size_t l, uint8_t o[16])
{
    (void)ctx, (void)d, (void)l;
    memset(o, 0x55, 16);
    return -1;
}

static int failing_hmac(void *ctx, const uint8_t *k, size_t kl, const uint8_t *a, size_t al, const uint8_t *b,
                        size_t bl, uint8_t o[16])
{
    (void)ctx, (void)k, (void)kl, (void)a, (void)al, (void)b, (void)bl;
    memset(o, 0x55, 16);
    return -1;
}

static void test_crypto_failure(void **state)
{
    static const ntlm_crypto broken = {NULL, failing_md4, failing_hmac, NULL, NULL};
    uint8_t key[16], zero[16] = {0};

    (void)state;
    assert_int_equal(ntlm_ntowfv1(&broken, password, sizeof(password), key), NTLM_ERR_CRYPTO);
    assert_memory_equal(key, zero, 16);
    assert_int_equal(ntlm_ntowfv2(&broken, nt_hash, user_upper, 8, domain, 12, key), NTLM_ERR_CRYPTO);
    assert_memory_equal(key, zero, 16);
    assert_int_equal(ntlm_v2_verify(&broken, response_key, server_challenge, v2_response, V2_LEN, key, NULL),
                     NTLM_ERR_CRYPTO);
    assert_memory_equal(key, zero, 16);
    assert_int_equal(ntlm_lmv2_verify(&broken, response_key, server_challenge, lmv2_response, 24, key),
                     NTLM_ERR_CRYPTO);
    assert_memory_equal(key, zero, 16);
}

/* MS-NLMP 4.2.2.1.3 session base key (MD4 of the NT hash) and 4.2.2.2.1 NTLMv1 response (no extended session
 * security: the LM field is not client challenge + Z(16)). */
static const uint8_t v1_session_base_key[16] = {0xd8, 0x72, 0x62, 0xb0, 0xcd, 0xe4, 0xb1, 0xcb,
                                                0x74, 0x99, 0xbe, 0xcc, 0xcd, 0xf1, 0x07, 0x84};
static const uint8_t v1_response[24] = {0x67, 0xc4, 0x30, 0x11, 0xf3, 0x02, 0x98, 0xa2, 0xad, 0x35, 0xec, 0xe6,
                                        0x4f, 0x16, 0x33, 0x1c, 0x44, 0xbd, 0xbe, 0xd9, 0x27, 0x84, 0x1f, 0x94};
/* MS-NLMP 4.2.3.2.1 LM field and 4.2.3.2.2 NTLMv1 response with extended session security (client challenge aa..). */
static const uint8_t ess_lm[24] = {0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa};
static const uint8_t ess_response[24] = {0x75, 0x37, 0xf8, 0x03, 0xae, 0x36, 0x71, 0x28, 0xca, 0x45, 0x82, 0x04,
                                         0xbd, 0xe7, 0xca, 0xf8, 0x1e, 0x97, 0xed, 0x26, 0x83, 0x26, 0x72, 0x32};

static void test_v1_vectors(void **state)
{
    uint8_t key[16], zero[16] = {0}, other[8], resp[24];
    int ess = -1;

    (void)state;
    assert_int_equal(ntlm_desl(crypto, nt_hash, server_challenge, resp), NTLM_OK);
    assert_memory_equal(resp, v1_response, 24);
    assert_int_equal(ntlm_v1_verify(crypto, nt_hash, server_challenge, v1_response, 24, NULL, 0, key, &ess),
                     NTLM_OK);
    assert_memory_equal(key, v1_session_base_key, 16);
    assert_int_equal(ess, 0);
    assert_int_equal(ntlm_v1_verify(crypto, nt_hash, server_challenge, ess_response, 24, ess_lm, 24, key, &ess),
                     NTLM_OK);
    assert_memory_equal(key, v1_session_base_key, 16);
    assert_int_equal(ess, 1);

    /* Another challenge, a changed byte, the wrong form, the wrong lengths. */
    memcpy(other, server_challenge, 8);
    other[3] ^= 0x10;
    assert_int_equal(ntlm_v1_verify(crypto, nt_hash, other, v1_response, 24, NULL, 0, key, &ess), NTLM_ERR_MISMATCH);
    assert_memory_equal(key, zero, 16);
    assert_int_equal(ess, 0);
    assert_int_equal(ntlm_v1_verify(crypto, nt_hash, other, ess_response, 24, ess_lm, 24, key, &ess),
                     NTLM_ERR_MISMATCH);
    assert_int_equal(ntlm_v1_verify(crypto, nt_hash, server_challenge, ess_response, 24, NULL, 0, key, &ess),
                     NTLM_ERR_MISMATCH);
    memcpy(resp, v1_response, 24);
    resp[23] ^= 1;
    assert_int_equal(ntlm_v1_verify(crypto, nt_hash, server_challenge, resp, 24, NULL, 0, key, &ess),
                     NTLM_ERR_MISMATCH);
    assert_int_equal(ntlm_v1_verify(crypto, nt_hash, server_challenge, v1_response, 23, NULL, 0, key, &ess),
                     NTLM_ERR_LENGTH);
    assert_int_equal(ntlm_v1_verify(crypto, nt_hash, server_challenge, v2_response, V2_LEN, NULL, 0, key, &ess),
                     NTLM_ERR_LENGTH);
    assert_memory_equal(key, zero, 16);
}

/* The client half reproduces MS-NLMP's example values: NTLMv2 (4.2.4.2.2) and LMv2 (4.2.4.2.1) with client challenge
 * aa.., time 0 and the example's target info; NTLMv1 plain (4.2.2.2.1) and with extended session security
 * (4.2.3.2.2); and each response verifies with the server half. */
static void test_client_vectors(void **state)
{
    static const uint8_t client[8] = {0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa};
    uint8_t out[128], key[16], lm[24], nt[24], check[16];
    size_t len = 0;
    int ess = -1;

    (void)state;
    /* target info = the AV pairs at 44..80 of the example response */
    assert_int_equal(ntlm_v2_respond(crypto, response_key, server_challenge, client, 0, v2_response + 44, 36, out,
                                     sizeof(out), &len, key),
                     NTLM_OK);
    assert_int_equal(len, V2_LEN);
    assert_memory_equal(out, v2_response, V2_LEN);
    assert_memory_equal(key, session_base_key, 16);
    assert_int_equal(ntlm_v2_verify(crypto, response_key, server_challenge, out, len, check, NULL), NTLM_OK);
    assert_int_equal(ntlm_v2_respond(crypto, response_key, server_challenge, client, 0, v2_response + 44, 36, out,
                                     V2_LEN - 1, &len, key),
                     NTLM_ERR_LENGTH);
    assert_int_equal(len, 0);
    /* An empty target info is sent as a lone MsvAvEOL, and still verifies. */
    assert_int_equal(ntlm_v2_respond(crypto, response_key, server_challenge, client, 0x01d0000000000000ull, NULL, 0,
                                     out, sizeof(out), &len, key),
                     NTLM_OK);
    assert_int_equal(len, NTLM_V2_RESPONSE_OVERHEAD + 4);
    assert_int_equal(ntlm_v2_verify(crypto, response_key, server_challenge, out, len, check, NULL), NTLM_OK);
    assert_memory_equal(check, key, 16);

    assert_int_equal(ntlm_lmv2_respond(crypto, response_key, server_challenge, client, lm), NTLM_OK);
    assert_memory_equal(lm, lmv2_response, 24);

    assert_int_equal(ntlm_v1_respond(crypto, nt_hash, server_challenge, NULL, nt, lm, key), NTLM_OK);
    assert_memory_equal(nt, v1_response, 24);
    assert_memory_equal(lm, v1_response, 24);
    assert_memory_equal(key, v1_session_base_key, 16);
    assert_int_equal(ntlm_v1_respond(crypto, nt_hash, server_challenge, client, nt, lm, key), NTLM_OK);
    assert_memory_equal(nt, ess_response, 24);
    assert_memory_equal(lm, ess_lm, 24);
    assert_int_equal(ntlm_v1_verify(crypto, nt_hash, server_challenge, nt, 24, lm, 24, check, &ess), NTLM_OK);
    assert_int_equal(ess, 1);
    assert_int_equal(ntlm_v1_respond(NULL, nt_hash, server_challenge, NULL, nt, lm, key), NTLM_ERR_ARG);
    assert_int_equal(ntlm_lmv2_respond(crypto, NULL, server_challenge, client, lm), NTLM_ERR_ARG);
}

/* MS-NLMP 4.2.2.1.1 LMOWFv1("Password"): the key is "PASSWORD" upper-cased in the OEM code page. */
static void test_lmowfv1_vector(void **state)
{
    static const uint8_t expected[16] = {0xe5, 0x2c, 0xac, 0x67, 0x41, 0x9a, 0x9a, 0x22,
                                         0x4a, 0x3b, 0x10, 0x8f, 0x3f, 0xa6, 0xcb, 0x6d};
    uint8_t out[16], longer[16];

    (void)state;
    assert_int_equal(ntlm_lmowfv1(crypto, (const uint8_t *)"PASSWORD", 8, out), NTLM_OK);
    assert_memory_equal(out, expected, 16);
    /* Only the first 14 bytes count. */
    assert_int_equal(ntlm_lmowfv1(crypto, (const uint8_t *)"ABCDEFGHIJKLMNOP", 16, out), NTLM_OK);
    assert_int_equal(ntlm_lmowfv1(crypto, (const uint8_t *)"ABCDEFGHIJKLMNXY", 16, longer), NTLM_OK);
    assert_memory_equal(out, longer, 16);
    assert_int_equal(ntlm_lmowfv1(crypto, NULL, 0, out), NTLM_OK);
    assert_int_equal(ntlm_lmowfv1(crypto, NULL, 1, out), NTLM_ERR_ARG);
}

static void test_v1_without_des(void **state)
{
    const ntlm_crypto partial = {NULL, crypto->md4, crypto->hmac_md5, NULL, NULL};
    uint8_t key[16], resp[24];
    int ess;

    (void)state;
    assert_int_equal(ntlm_v1_verify(&partial, nt_hash, server_challenge, v1_response, 24, NULL, 0, key, &ess),
                     NTLM_ERR_ARG);
    assert_int_equal(ntlm_desl(&partial, nt_hash, server_challenge, resp), NTLM_ERR_ARG);
    assert_int_equal(ntlm_v1_verify(crypto, nt_hash, server_challenge, v1_response, 24, NULL, 0, key, NULL),
                     NTLM_ERR_ARG);
}

static void test_util(void **state)
{
    uint8_t a[4] = {1, 2, 3, 4}, b[4] = {1, 2, 3, 4};

    (void)state;
    assert_int_equal(ntlm_ct_equal(a, b, 4), 1);
    b[3] = 5;
    assert_int_equal(ntlm_ct_equal(a, b, 4), 0);
    b[0] = 0x81;
    assert_int_equal(ntlm_ct_equal(a, b, 4), 0);
    assert_int_equal(ntlm_ct_equal(a, b, 0), 1);
    ntlm_wipe(a, sizeof(a));
    assert_int_equal(a[0] | a[1] | a[2] | a[3], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ntowfv1_vector),
        cmocka_unit_test(test_ntowfv2_vector),
        cmocka_unit_test(test_v2_vector),
        cmocka_unit_test(test_lmv2_vector),
        cmocka_unit_test(test_v2_wrong_challenge_or_key),
        cmocka_unit_test(test_v2_every_bit_flip),
        cmocka_unit_test(test_v2_every_truncation),
        cmocka_unit_test(test_v2_malformed_table),
        cmocka_unit_test(test_lengths_and_arguments),
        cmocka_unit_test(test_crypto_failure),
        cmocka_unit_test(test_v1_vectors),
        cmocka_unit_test(test_client_vectors),
        cmocka_unit_test(test_lmowfv1_vector),
        cmocka_unit_test(test_v1_without_des),
        cmocka_unit_test(test_util),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
