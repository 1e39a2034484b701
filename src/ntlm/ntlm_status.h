/* Result codes of the NTLM code: one per cause, so tests and traces can tell them apart. The MSV1_0 package maps
 * every refusal of a response to STATUS_LOGON_FAILURE (a response is opaque bytes to the client's caller: Windows
 * answers a malformed one as it answers a wrong one) and NTLM_ERR_CRYPTO to STATUS_INTERNAL_ERROR. */
#ifndef LSAEMU_NTLM_STATUS_H
#define LSAEMU_NTLM_STATUS_H

typedef enum ntlm_status {
    NTLM_OK = 0,
    NTLM_ERR_ARG,            /* a NULL pointer or a length the interface does not allow */
    NTLM_ERR_CRYPTO,         /* the crypto provider failed */
    NTLM_ERR_LENGTH,         /* a response of a length its kind never has (LMv2: 24) */
    NTLM_ERR_SHORT,          /* NTLMv2 response shorter than NTProofStr + blob header + MsvAvEOL (48 bytes) */
    NTLM_ERR_BLOB_VERSION,   /* RespType or HiRespType is not 1 (MS-NLMP 2.2.2.7) */
    NTLM_ERR_AV_TRUNCATED,   /* an AV pair header or value runs past the end of the response */
    NTLM_ERR_AV_NO_EOL,      /* the AV pair list ends without MsvAvEOL */
    NTLM_ERR_AV_BAD_LENGTH,  /* MsvAvEOL with a value, or a fixed-size AV pair (Flags 4, Timestamp 8, ChannelBindings
                                16) of another length */
    NTLM_ERR_AV_ODD_LENGTH,  /* a UTF-16 AV pair (names, MsvAvTargetName) with an odd byte count */
    NTLM_ERR_MISMATCH,       /* well-formed, but not computed from this key and challenge */
} ntlm_status;

/* Static English name of a status, for traces. Never NULL. */
const char *ntlm_status_name(ntlm_status status);

#endif
