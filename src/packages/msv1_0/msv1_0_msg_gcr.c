/* MsV1_0Lm20GetChallengeResponse; see msv1_0_msg_gcr.h. */
#include "pkg_win.h"

#include <bcrypt.h>
#include <stddef.h>
#include <string.h>

#include "msv1_0_credential.h"
#include "msv1_0_msg_gcr.h"
#include "msv1_0_ntlm_crypto.h"
#include "msv1_0_package.h"
#include "ntlm_client.h"
#include "ntlm_util.h"
#include "ntlm_v2.h"
#include "pkg_block.h"
#include "pkg_client.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

/* mingw-w64 has these in ddk/ntifs.h only (same layout as the Windows SDK's ntsecapi.h). */
#define GCR_USE_PRIMARY_PASSWORD 0x01
#define GCR_RETURN_PRIMARY_USERNAME 0x02
#define GCR_RETURN_PRIMARY_LOGON_DOMAINNAME 0x04
#define GCR_GENERATE_CLIENT_CHALLENGE 0x10
#define GCR_NTLM3 0x20
#define GCR_TARGET 0x40
#define GCR_OWF_PASSWORD 0x800

typedef struct gcr_request_v1 {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG ParameterControl;
    LUID LogonId;
    UNICODE_STRING Password;
    UCHAR ChallengeToClient[MSV1_0_CHALLENGE_LENGTH];
} gcr_request_v1;

typedef struct gcr_request {
    gcr_request_v1 v1;
    UNICODE_STRING UserName;
    UNICODE_STRING LogonDomainName;
    UNICODE_STRING ServerName;
} gcr_request;

typedef struct gcr_response {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    STRING CaseSensitiveChallengeResponse;
    STRING CaseInsensitiveChallengeResponse;
    UNICODE_STRING UserName;
    UNICODE_STRING LogonDomainName;
    UCHAR UserSessionKey[MSV1_0_USER_SESSION_KEY_LENGTH];
    UCHAR LanmanSessionKey[MSV1_0_LANMAN_SESSION_KEY_LENGTH];
} gcr_response;

#define TARGET_MAX 1024 /* bytes of target info accepted */
#define NAME_CHARS MSV1_0_CREDENTIAL_NAME_MAX

typedef struct gcr_work {
    ULONG control;
    BYTE challenge[MSV1_0_CHALLENGE_LENGTH];
    msv1_0_credential cred; /* hash and names used: from the session, or from the request */
    pkg_wstr server;
    BYTE nt[NTLM_V2_RESPONSE_OVERHEAD + TARGET_MAX];
    size_t nt_len;
    BYTE lm[NTLM_V1_RESPONSE_LEN];
    BYTE session_key[NTLM_HASH_LEN];
} gcr_work;

/* Names and secret of the request, or of the session's credential. */
static NTSTATUS gather(const void *submit, ULONG submit_len, const void *client_base, gcr_work *w)
{
    const gcr_request_v1 *v1 = submit;
    BOOL full = submit_len >= sizeof(gcr_request);
    pkg_wstr password, user, domain;
    LUID requested, target;
    BOOL own = FALSE;
    NTSTATUS status;

    memset(&user, 0, sizeof(user));
    memset(&domain, 0, sizeof(domain));
    memset(&w->server, 0, sizeof(w->server));
    memcpy(&w->control, &v1->ParameterControl, sizeof(w->control));
    memcpy(&requested, &v1->LogonId, sizeof(requested));
    memcpy(w->challenge, v1->ChallengeToClient, sizeof(w->challenge));
    if ((status = pkg_submit_ustring(MSV1_0_TRACE, "Password", submit, submit_len, client_base,
                                     offsetof(gcr_request_v1, Password), &password)))
        return status;
    if (full && ((status = pkg_submit_ustring(MSV1_0_TRACE, "UserName", submit, submit_len, client_base,
                                              offsetof(gcr_request, UserName), &user)) ||
                 (status = pkg_submit_ustring(MSV1_0_TRACE, "LogonDomainName", submit, submit_len, client_base,
                                              offsetof(gcr_request, LogonDomainName), &domain)) ||
                 (status = pkg_submit_ustring(MSV1_0_TRACE, "ServerName", submit, submit_len, client_base,
                                              offsetof(gcr_request, ServerName), &w->server))))
        return status;
    if (w->server.bytes > TARGET_MAX - 8) {
        pkg_warn(MSV1_0_TRACE, "GetChallengeResponse: ServerName of %u bytes is too long", w->server.bytes);
        return STATUS_INVALID_PARAMETER;
    }
    if (w->control & GCR_USE_PRIMARY_PASSWORD) {
        if ((status = pkg_client_resolve_logon_id(msv1_0_lsa, msv1_0_package_id, TRUE, &requested, &target, &own)) ||
            (status = msv1_0_credential_get(&target, &w->cred)))
            return status;
    } else if (w->control & GCR_OWF_PASSWORD) {
        if (password.bytes != MSV1_0_NT_HASH_LEN) {
            pkg_warn(MSV1_0_TRACE, "GetChallengeResponse: an OWF password of %u bytes", password.bytes);
            return STATUS_INVALID_PARAMETER;
        }
        memcpy(w->cred.nt_hash, password.data, MSV1_0_NT_HASH_LEN);
    } else if (msv1_0_ntowf(password.data, password.bytes, w->cred.nt_hash) != STATUS_SUCCESS) {
        return STATUS_INTERNAL_ERROR;
    }
    /* The request's names win over the credential's (a caller may authenticate as the session's user under
     * another spelling); a name too long for an account is refused. */
    if ((user.bytes && !pkg_wstr_copy(&user, w->cred.user, ARRAYSIZE(w->cred.user))) ||
        (domain.bytes && !pkg_wstr_copy(&domain, w->cred.domain, ARRAYSIZE(w->cred.domain)))) {
        pkg_warn(MSV1_0_TRACE, "GetChallengeResponse: a name longer than %u characters", NAME_CHARS);
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

/* Target info for NTLMv2: ServerName's bytes as AV pairs (GCR_TARGET_INFO), or MsvAvNbComputerName(ServerName) +
 * MsvAvEOL, or nothing (ntlm_v2_respond then sends a lone MsvAvEOL). */
static size_t target_info(const gcr_work *w, BYTE *out)
{
    if (!w->server.bytes)
        return 0;
    if (w->control & GCR_TARGET) {
        memcpy(out, w->server.data, w->server.bytes);
        return w->server.bytes;
    }
    out[0] = MsvAvNbComputerName;
    out[1] = 0;
    out[2] = (BYTE)w->server.bytes;
    out[3] = (BYTE)(w->server.bytes >> 8);
    memcpy(out + 4, w->server.data, w->server.bytes);
    memset(out + 4 + w->server.bytes, 0, 4);
    return 8u + w->server.bytes;
}

static NTSTATUS respond(gcr_work *w)
{
    const ntlm_crypto *c = msv1_0_ntlm_crypto();
    BYTE client[NTLM_CHALLENGE_LEN], key[NTLM_HASH_LEN], target[TARGET_MAX];
    WCHAR upper[NAME_CHARS + 1];
    int chars = 0, user_chars = lstrlenW(w->cred.user);
    FILETIME now;
    ntlm_status st;

    if (!c)
        return STATUS_INTERNAL_ERROR;
    if ((w->control & (GCR_NTLM3 | GCR_GENERATE_CLIENT_CHALLENGE)) &&
        BCryptGenRandom(NULL, client, sizeof(client), BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
        return STATUS_INTERNAL_ERROR;
    if (!(w->control & GCR_NTLM3)) {
        st = ntlm_v1_respond(c, w->cred.nt_hash, w->challenge,
                             (w->control & GCR_GENERATE_CLIENT_CHALLENGE) ? client : NULL, w->nt, w->lm,
                             w->session_key);
        w->nt_len = NTLM_V1_RESPONSE_LEN;
        return st == NTLM_OK ? STATUS_SUCCESS : STATUS_INTERNAL_ERROR;
    }
    /* NTOWFv2 = HMAC-MD5(NT hash, Upper(User) || Domain); Unicode upper-casing, locale-independent. */
    if (user_chars && !(chars = LCMapStringW(LOCALE_INVARIANT, LCMAP_UPPERCASE, w->cred.user, user_chars, upper,
                                             NAME_CHARS)))
        return STATUS_INTERNAL_ERROR;
    GetSystemTimeAsFileTime(&now);
    st = ntlm_ntowfv2(c, w->cred.nt_hash, (const uint8_t *)upper, (size_t)chars * sizeof(WCHAR),
                      (const uint8_t *)w->cred.domain, (size_t)lstrlenW(w->cred.domain) * sizeof(WCHAR), key);
    if (st == NTLM_OK)
        st = ntlm_v2_respond(c, key, w->challenge, client,
                             ((uint64_t)now.dwHighDateTime << 32) | now.dwLowDateTime, target,
                             target_info(w, target), w->nt, sizeof(w->nt), &w->nt_len, w->session_key);
    if (st == NTLM_OK)
        st = ntlm_lmv2_respond(c, key, w->challenge, client, w->lm);
    ntlm_wipe(key, sizeof(key));
    ntlm_wipe(upper, sizeof(upper));
    return st == NTLM_OK ? STATUS_SUCCESS : STATUS_INTERNAL_ERROR;
}

static NTSTATUS reply(PLSA_CLIENT_REQUEST request, const gcr_work *w, PVOID *ret, PULONG ret_len)
{
    const WCHAR *user = (w->control & GCR_RETURN_PRIMARY_USERNAME) ? w->cred.user : L"";
    const WCHAR *domain = (w->control & GCR_RETURN_PRIMARY_LOGON_DOMAINNAME) ? w->cred.domain : L"";
    size_t user_chars = (size_t)lstrlenW(user), domain_chars = (size_t)lstrlenW(domain);
    ULONG size = (ULONG)(sizeof(gcr_response) + w->nt_len + NTLM_V1_RESPONSE_LEN + pkg_block_wstr_size(user_chars) +
                         pkg_block_wstr_size(domain_chars));
    gcr_response *r;
    pkg_block block;
    void *nt_client = NULL, *lm_client = NULL;
    BYTE *nt, *lm;
    NTSTATUS status;

    if ((status = pkg_block_open(&block, msv1_0_lsa, request, size)) != STATUS_SUCCESS)
        return status;
    r = pkg_block_take(&block, sizeof(*r), sizeof(void *), NULL);
    nt = pkg_block_take(&block, (ULONG)w->nt_len, 1, &nt_client);
    lm = pkg_block_take(&block, NTLM_V1_RESPONSE_LEN, 1, &lm_client);
    if (r && nt && lm) {
        r->MessageType = MsV1_0Lm20GetChallengeResponse;
        memcpy(nt, w->nt, w->nt_len);
        r->CaseSensitiveChallengeResponse.Buffer = nt_client;
        r->CaseSensitiveChallengeResponse.Length = r->CaseSensitiveChallengeResponse.MaximumLength =
            (USHORT)w->nt_len;
        memcpy(lm, w->lm, NTLM_V1_RESPONSE_LEN);
        r->CaseInsensitiveChallengeResponse.Buffer = lm_client;
        r->CaseInsensitiveChallengeResponse.Length = r->CaseInsensitiveChallengeResponse.MaximumLength =
            NTLM_V1_RESPONSE_LEN;
        pkg_block_put_wstr(&block, &r->UserName, user, user_chars);
        pkg_block_put_wstr(&block, &r->LogonDomainName, domain, domain_chars);
        memcpy(r->UserSessionKey, w->session_key, sizeof(r->UserSessionKey));
        memcpy(r->LanmanSessionKey, w->session_key, sizeof(r->LanmanSessionKey));
    }
    if ((status = pkg_block_close(&block, ret)) == STATUS_SUCCESS)
        *ret_len = size;
    return status;
}

NTSTATUS msv1_0_msg_get_challenge_response(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base,
                                           ULONG submit_len, PVOID *ret, PULONG ret_len)
{
    gcr_work w;
    NTSTATUS status;

    if (!submit || submit_len < sizeof(gcr_request_v1)) {
        pkg_warn(MSV1_0_TRACE, "GetChallengeResponse request of %lu bytes is shorter than the structure (%u)",
                 (unsigned long)submit_len, (unsigned)sizeof(gcr_request_v1));
        return STATUS_INVALID_PARAMETER;
    }
    memset(&w, 0, sizeof(w));
    status = gather(submit, submit_len, client_base, &w);
    if (status == STATUS_SUCCESS)
        status = respond(&w);
    if (status == STATUS_SUCCESS)
        status = reply(request, &w, ret, ret_len);
    SecureZeroMemory(&w, sizeof(w));
    return status;
}
