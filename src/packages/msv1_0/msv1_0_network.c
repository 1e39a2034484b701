/* NTLM response verification for network logons; see msv1_0_network.h. The protocol itself is in src/ntlm. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_lmcompat.h"
#include "msv1_0_network.h"
#include "msv1_0_ntlm_crypto.h"
#include "ntlm_util.h"
#include "ntlm_v1.h"
#include "ntlm_v2.h"
#include "pkg_trace.h"

#define MAX_USER_CHARS 512

static NTSTATUS verify_cleartext(const msv1_0_lm20 *in, const BYTE nt_hash[MSV1_0_NT_HASH_LEN],
                                 msv1_0_network_result *out)
{
    const ntlm_crypto *c = msv1_0_ntlm_crypto();
    BYTE offered[MSV1_0_NT_HASH_LEN];
    NTSTATUS status = STATUS_LOGON_FAILURE;

    if (ntlm_ntowfv1(c, in->nt_response.data, in->nt_response.len, offered) != NTLM_OK)
        return STATUS_INTERNAL_ERROR;
    if (msv1_0_hash_equal(offered, nt_hash)) {
        status = ntlm_ntowfv1(c, nt_hash, MSV1_0_NT_HASH_LEN, out->user_session_key) == NTLM_OK
                     ? STATUS_SUCCESS : STATUS_INTERNAL_ERROR;
        out->user_flags = LOGON_NOENCRYPTION;
    }
    ntlm_wipe(offered, sizeof(offered));
    return status;
}

/* One attempt with one domain spelling. NTLM_OK, NTLM_ERR_CRYPTO, or another refusal. */
static ntlm_status try_domain(const msv1_0_lm20 *in, const BYTE nt_hash[MSV1_0_NT_HASH_LEN], const BYTE *user_upper,
                              size_t user_bytes, const BYTE *domain, size_t domain_bytes,
                              msv1_0_network_result *out)
{
    const ntlm_crypto *c = msv1_0_ntlm_crypto();
    uint8_t key[NTLM_HASH_LEN];
    ntlm_status st, lm = NTLM_ERR_LENGTH;

    if ((st = ntlm_ntowfv2(c, nt_hash, user_upper, user_bytes, domain, domain_bytes, key)) != NTLM_OK)
        return st;
    st = NTLM_ERR_SHORT;
    if (in->nt_response.len > NTLM_LMV2_RESPONSE_LEN) {
        st = ntlm_v2_verify(c, key, in->challenge, in->nt_response.data, in->nt_response.len, out->user_session_key,
                            NULL);
        if (st == NTLM_OK)
            out->user_flags = LOGON_NTLMV2_ENABLED | LOGON_NT_V2;
        else if (st != NTLM_ERR_MISMATCH)
            pkg_warn("msv1_0", "NTLMv2 response refused: %s", ntlm_status_name(st));
    }
    if (st != NTLM_OK && st != NTLM_ERR_CRYPTO && in->lm_response.len == NTLM_LMV2_RESPONSE_LEN) {
        lm = ntlm_lmv2_verify(c, key, in->challenge, in->lm_response.data, in->lm_response.len,
                              out->user_session_key);
        if (lm == NTLM_OK)
            out->user_flags = LOGON_NTLMV2_ENABLED | LOGON_LM_V2;
        st = lm == NTLM_OK || lm == NTLM_ERR_CRYPTO ? lm : st;
    }
    ntlm_wipe(key, sizeof(key));
    return st;
}

/* An NTLMv1 response (with or without extended session security), unless LmCompatibilityLevel 5 refuses NTLM. */
static ntlm_status try_v1(const msv1_0_lm20 *in, const BYTE nt_hash[MSV1_0_NT_HASH_LEN], msv1_0_network_result *out)
{
    DWORD level = msv1_0_lm_compatibility_level();
    ntlm_status st;
    int ess = 0;

    if (level >= 5) {
        pkg_warn("msv1_0", "NTLMv1 response refused: LmCompatibilityLevel %lu accepts NTLMv2 only",
                 (unsigned long)level);
        return NTLM_ERR_MISMATCH;
    }
    st = ntlm_v1_verify(msv1_0_ntlm_crypto(), nt_hash, in->challenge, in->nt_response.data, in->nt_response.len,
                        in->lm_response.data, in->lm_response.len, out->user_session_key, &ess);
    if (st == NTLM_OK)
        out->user_flags = 0;
    return st;
}

NTSTATUS msv1_0_network_verify(const msv1_0_lm20 *in, const BYTE nt_hash[MSV1_0_NT_HASH_LEN],
                               msv1_0_network_result *out)
{
    WCHAR user[MAX_USER_CHARS + 1], upper[MAX_USER_CHARS + 1];
    int chars = 0;
    ntlm_status st;
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    if (in->parameter_control & MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED) {
        status = verify_cleartext(in, nt_hash, out);
    } else {
        /* Upper(User) of NTOWFv2: Unicode upper-casing, locale-independent. */
        if (!pkg_wstr_copy(&in->user, user, ARRAYSIZE(user)))
            return STATUS_LOGON_FAILURE; /* no account has such a name */
        if (in->user.bytes &&
            !(chars = LCMapStringW(LOCALE_INVARIANT, LCMAP_UPPERCASE, user, in->user.bytes / sizeof(WCHAR), upper,
                                   MAX_USER_CHARS)))
            return STATUS_INTERNAL_ERROR;
        st = try_domain(in, nt_hash, (const BYTE *)upper, (size_t)chars * sizeof(WCHAR), in->domain.data,
                        in->domain.bytes, out);
        /* MS-NLMP 3.3.2: when neither response matches, retry with an empty domain name. */
        if (st != NTLM_OK && st != NTLM_ERR_CRYPTO && in->domain.bytes)
            st = try_domain(in, nt_hash, (const BYTE *)upper, (size_t)chars * sizeof(WCHAR), NULL, 0, out);
        if (st != NTLM_OK && st != NTLM_ERR_CRYPTO && in->nt_response.len == NTLM_V1_RESPONSE_LEN)
            st = try_v1(in, nt_hash, out);
        status = st == NTLM_OK ? STATUS_SUCCESS : st == NTLM_ERR_CRYPTO ? STATUS_INTERNAL_ERROR
                                                                       : STATUS_LOGON_FAILURE;
        ntlm_wipe(upper, sizeof(upper));
        ntlm_wipe(user, sizeof(user));
    }
    if (status == STATUS_SUCCESS)
        memcpy(out->lanman_session_key, out->user_session_key, MSV1_0_LANMAN_SESSION_KEY_LENGTH);
    else
        ntlm_wipe(out, sizeof(*out));
    return status;
}
