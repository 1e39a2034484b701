/* The NTLMv2 response (MS-NLMP 2.2.2.8): NTProofStr (16 bytes), then the NTLMv2_CLIENT_CHALLENGE blob
 * (MS-NLMP 2.2.2.7): RespType 1, HiRespType 1, Reserved1 (2), Reserved2 (4), TimeStamp (8), ChallengeFromClient (8),
 * Reserved3 (4), then AV pairs (MS-NLMP 2.2.2.1) up to and including MsvAvEOL. Bytes after MsvAvEOL are allowed:
 * clients pad the blob (the temp of MS-NLMP 3.3.2 ends in four zero bytes), and they are covered by NTProofStr. */
#ifndef LSAEMU_NTLM_BLOB_H
#define LSAEMU_NTLM_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include "ntlm_crypto.h"
#include "ntlm_status.h"

#define NTLM_V2_PROOF_LEN 16
#define NTLM_V2_BLOB_HEADER_LEN 28
#define NTLM_V2_MIN_RESPONSE_LEN (NTLM_V2_PROOF_LEN + NTLM_V2_BLOB_HEADER_LEN + 4)

/* AvId values (MS-NLMP 2.2.2.1). */
enum {
    NTLM_AV_EOL = 0,
    NTLM_AV_NB_COMPUTER_NAME = 1,
    NTLM_AV_NB_DOMAIN_NAME = 2,
    NTLM_AV_DNS_COMPUTER_NAME = 3,
    NTLM_AV_DNS_DOMAIN_NAME = 4,
    NTLM_AV_DNS_TREE_NAME = 5,
    NTLM_AV_FLAGS = 6,
    NTLM_AV_TIMESTAMP = 7,
    NTLM_AV_SINGLE_HOST = 8,
    NTLM_AV_TARGET_NAME = 9,
    NTLM_AV_CHANNEL_BINDINGS = 10,
};

typedef struct ntlm_v2_blob {
    uint64_t timestamp;                              /* TimeStamp (FILETIME) */
    uint8_t client_challenge[NTLM_CHALLENGE_LEN];    /* ChallengeFromClient */
    size_t av_offset;                                /* offset of the AV pairs in the response */
    size_t av_len;                                   /* bytes of AV pairs, MsvAvEOL included */
    int has_av_flags;
    uint32_t av_flags;                               /* MsvAvFlags when present */
} ntlm_v2_blob;

/* Checks the structure of an NTLMv2 response of `len` bytes. NTLM_OK or one of NTLM_ERR_ARG, NTLM_ERR_SHORT,
 * NTLM_ERR_BLOB_VERSION, NTLM_ERR_AV_*; *out is filled on NTLM_OK (out may be NULL). */
ntlm_status ntlm_v2_blob_parse(const uint8_t *response, size_t len, ntlm_v2_blob *out);

#endif
