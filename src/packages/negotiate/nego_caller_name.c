/* NegGetCallerName: the name of the user a logon session belongs to, as "DOMAIN\user".
 *
 * Windows facts this follows: the request is NEGOTIATE_CALLER_NAME_REQUEST {MessageType, LogonId}; the answer is
 * one return block holding NEGOTIATE_CALLER_NAME_RESPONSE {MessageType = NegGetCallerName, CallerName} followed by
 * the NUL-terminated name CallerName points to (clients read the text right after the structure); the name is
 * "DOMAIN\user" (.NET's DirectoryContext splits it at the backslash to find the logged-on domain); a session
 * Negotiate has no name for is answered with a successful call and ProtocolStatus STATUS_NO_SUCH_LOGON_SESSION
 * (which .NET expects and handles).
 *
 * Here: LogonId 0 (or the caller's own) is answered from the caller's token — ImpersonateClient, the thread token's
 * user SID, LookupAccountSidW. Another session: STATUS_ACCESS_DENIED to an untrusted caller; for a trusted one
 * STATUS_NO_SUCH_LOGON_SESSION, whether or not the LSA knows the session, because Negotiate keeps no names of other
 * sessions (nor would Windows for sessions it did not log on). A SID without a name: STATUS_NO_SUCH_LOGON_SESSION.
 * A request shorter than the structure: STATUS_INVALID_PARAMETER. */
#include "pkg_win.h"

#include <string.h>

#include "nego_package.h"
#include "pkg_block.h"
#include "pkg_client.h"
#include "pkg_trace.h"

#define NAME_MAX_CHARS 512

/* The caller's "DOMAIN\user", from its (impersonated) token. */
static NTSTATUS caller_name(WCHAR *out, size_t cap, size_t *chars)
{
    WCHAR user[256], domain[256];
    DWORD user_chars = ARRAYSIZE(user), domain_chars = ARRAYSIZE(domain), got = 0;
    union {
        TOKEN_USER user;
        BYTE bytes[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    } info;
    SID_NAME_USE use;
    HANDLE token = NULL;
    NTSTATUS status;
    BOOL ok;

    *chars = 0;
    if ((status = nego_lsa->ImpersonateClient()) != STATUS_SUCCESS) {
        pkg_err(NEGO_TRACE, "ImpersonateClient failed: 0x%08lx", (unsigned long)status);
        return status;
    }
    ok = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &token);
    RevertToSelf();
    if (!ok) {
        pkg_err(NEGO_TRACE, "no thread token after ImpersonateClient: %lu", GetLastError());
        return STATUS_NO_TOKEN;
    }
    ok = GetTokenInformation(token, TokenUser, &info, sizeof(info), &got);
    CloseHandle(token);
    if (!ok)
        return STATUS_NO_SUCH_LOGON_SESSION;
    if (!LookupAccountSidW(NULL, info.user.User.Sid, user, &user_chars, domain, &domain_chars, &use)) {
        pkg_warn(NEGO_TRACE, "the caller's SID has no name (%lu)", GetLastError());
        return STATUS_NO_SUCH_LOGON_SESSION;
    }
    if (domain_chars + 1 + user_chars + 1 > cap)
        return STATUS_NO_SUCH_LOGON_SESSION;
    memcpy(out, domain, domain_chars * sizeof(WCHAR));
    out[domain_chars] = L'\\';
    memcpy(out + domain_chars + 1, user, user_chars * sizeof(WCHAR));
    *chars = domain_chars + 1 + user_chars;
    out[*chars] = 0;
    return STATUS_SUCCESS;
}

NTSTATUS nego_get_caller_name(PLSA_CLIENT_REQUEST request, BOOL trusted, PVOID submit, ULONG len, PVOID *ret,
                              PULONG ret_len)
{
    NEGOTIATE_CALLER_NAME_REQUEST req;
    NEGOTIATE_CALLER_NAME_RESPONSE *resp;
    WCHAR name[NAME_MAX_CHARS];
    void *client_text = NULL;
    WCHAR *text;
    size_t chars = 0, size;
    pkg_block block;
    NTSTATUS status;
    LUID target;
    BOOL own;

    *ret = NULL;
    *ret_len = 0;
    if (len < sizeof(req))
        return STATUS_INVALID_PARAMETER;
    memcpy(&req, submit, sizeof(req));
    status = pkg_client_resolve_logon_id(nego_lsa, nego_package_id, trusted, &req.LogonId, &target, &own);
    if (status != STATUS_SUCCESS)
        return status;
    if (!own)
        return STATUS_NO_SUCH_LOGON_SESSION;
    if ((status = caller_name(name, ARRAYSIZE(name), &chars)) != STATUS_SUCCESS)
        return status;

    size = sizeof(*resp) + pkg_block_wstr_size(chars);
    if ((status = pkg_block_open(&block, nego_lsa, request, (ULONG)size)) != STATUS_SUCCESS)
        return status;
    resp = pkg_block_take(&block, sizeof(*resp), sizeof(void *), NULL);
    text = pkg_block_take(&block, (ULONG)pkg_block_wstr_size(chars), sizeof(WCHAR), &client_text);
    if (resp && text) {
        resp->MessageType = NegGetCallerName;
        resp->CallerName = client_text;
        memcpy(text, name, (chars + 1) * sizeof(WCHAR));
    }
    if ((status = pkg_block_close(&block, ret)) != STATUS_SUCCESS)
        return status;
    *ret_len = (ULONG)size;
    return STATUS_SUCCESS;
}
