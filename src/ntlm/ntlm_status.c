/* Status names for traces; see ntlm_status.h. */
#include "ntlm_status.h"

const char *ntlm_status_name(ntlm_status status)
{
    switch (status) {
    case NTLM_OK: return "ok";
    case NTLM_ERR_ARG: return "invalid argument";
    case NTLM_ERR_CRYPTO: return "crypto provider failed";
    case NTLM_ERR_LENGTH: return "wrong response length";
    case NTLM_ERR_SHORT: return "NTLMv2 response too short";
    case NTLM_ERR_BLOB_VERSION: return "NTLMv2 blob version is not 1";
    case NTLM_ERR_AV_TRUNCATED: return "AV pair runs past the end";
    case NTLM_ERR_AV_NO_EOL: return "AV pairs without MsvAvEOL";
    case NTLM_ERR_AV_BAD_LENGTH: return "AV pair of the wrong length";
    case NTLM_ERR_AV_ODD_LENGTH: return "UTF-16 AV pair of odd length";
    case NTLM_ERR_MISMATCH: return "response does not match";
    }
    return "unknown";
}
