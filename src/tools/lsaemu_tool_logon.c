/* See lsaemu_tool_logon.h. */
#include "lsaemu_tool_logon.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* One builder serves both packages because their interactive logon structures are laid out alike. */
_Static_assert(sizeof(KERB_INTERACTIVE_LOGON) == sizeof(MSV1_0_INTERACTIVE_LOGON), "interactive logon layouts");
_Static_assert(offsetof(KERB_INTERACTIVE_LOGON, LogonDomainName) ==
                   offsetof(MSV1_0_INTERACTIVE_LOGON, LogonDomainName),
               "interactive logon layouts");
_Static_assert(offsetof(KERB_INTERACTIVE_LOGON, UserName) == offsetof(MSV1_0_INTERACTIVE_LOGON, UserName),
               "interactive logon layouts");
_Static_assert(offsetof(KERB_INTERACTIVE_LOGON, Password) == offsetof(MSV1_0_INTERACTIVE_LOGON, Password),
               "interactive logon layouts");

BOOL lsaemu_tool_set_tcb(BOOL enable)
{
    TOKEN_PRIVILEGES tp = { 1, { { { 0, 0 }, enable ? SE_PRIVILEGE_ENABLED : 0 } } };
    HANDLE token;
    BOOL ok;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES, &token))
        return FALSE;
    ok = LookupPrivilegeValueW(NULL, SE_TCB_NAME, &tp.Privileges[0].Luid) &&
         AdjustTokenPrivileges(token, FALSE, &tp, sizeof(tp), NULL, NULL) && GetLastError() == ERROR_SUCCESS;
    CloseHandle(token);
    return ok;
}

void *lsaemu_tool_interactive_logon(ULONG message_type, const WCHAR *domain, const WCHAR *user, const WCHAR *password,
                                    ULONG *len)
{
    size_t d = domain ? wcslen(domain) * 2 : 0, u = user ? wcslen(user) * 2 : 0;
    size_t p = password ? wcslen(password) * 2 : 0;
    KERB_INTERACTIVE_LOGON *logon;
    BYTE *strings;

    *len = (ULONG)(sizeof(*logon) + d + u + p);
    if (!(logon = calloc(1, *len)))
        return NULL;
    strings = (BYTE *)(logon + 1);
    logon->MessageType = (KERB_LOGON_SUBMIT_TYPE)message_type;
    logon->LogonDomainName.Buffer = (PWSTR)strings;
    logon->LogonDomainName.Length = logon->LogonDomainName.MaximumLength = (USHORT)d;
    if (d)
        memcpy(strings, domain, d);
    logon->UserName.Buffer = (PWSTR)(strings + d);
    logon->UserName.Length = logon->UserName.MaximumLength = (USHORT)u;
    if (u)
        memcpy(strings + d, user, u);
    logon->Password.Buffer = (PWSTR)(strings + d + u);
    logon->Password.Length = logon->Password.MaximumLength = (USHORT)p;
    if (p)
        memcpy(strings + d + u, password, p);
    return logon;
}

void *lsaemu_tool_retrieve_request(LUID id, ULONG cache_options, const WCHAR *service, ULONG *len)
{
    size_t n = service ? wcslen(service) * sizeof(WCHAR) : 0;
    KERB_RETRIEVE_TKT_REQUEST *req;

    *len = (ULONG)(sizeof(*req) + n);
    if (!(req = calloc(1, *len)))
        return NULL;
    req->MessageType = KerbRetrieveEncodedTicketMessage;
    req->LogonId = id;
    req->CacheOptions = cache_options;
    req->TargetName.Buffer = (PWSTR)(req + 1);
    req->TargetName.Length = req->TargetName.MaximumLength = (USHORT)n;
    if (n)
        memcpy(req->TargetName.Buffer, service, n);
    return req;
}
