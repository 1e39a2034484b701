/* The caller's identity, taken from the OS: the calling thread's effective token. Nothing the client sends counts. */
#include "lsa_internal.h"

#include <stdlib.h>

NTSTATUS lsa_caller_open_token(const lsa_core_caller *caller, DWORD access, HANDLE *token)
{
    HANDLE thread, process;
    BOOL ok;

    *token = NULL;
    if (caller->thread_id == GetCurrentThreadId()) {
        if (OpenThreadToken(GetCurrentThread(), access, TRUE, token))
            return STATUS_SUCCESS;
    } else if ((thread = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, caller->thread_id))) {
        ok = OpenThreadToken(thread, access, TRUE, token);
        CloseHandle(thread);
        if (ok)
            return STATUS_SUCCESS;
    }
    if (GetLastError() != ERROR_NO_TOKEN && GetLastError() != ERROR_INVALID_PARAMETER) {
        WARN("thread token of %lu: error %lu; using the process token", caller->thread_id, GetLastError());
    }
    if (caller->process_id == GetCurrentProcessId())
        return OpenProcessToken(GetCurrentProcess(), access, token) ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
    process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, caller->process_id);
    if (!process)
        return STATUS_ACCESS_DENIED;
    ok = OpenProcessToken(process, access, token);
    CloseHandle(process);
    return ok ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
}

static BOOL token_has_enabled_privilege(HANDLE token, const WCHAR *name)
{
    PRIVILEGE_SET set;
    BOOL result = FALSE;
    set.PrivilegeCount = 1;
    set.Control = PRIVILEGE_SET_ALL_NECESSARY;
    set.Privilege[0].Attributes = 0;
    if (!LookupPrivilegeValueW(NULL, name, &set.Privilege[0].Luid))
        return FALSE;
    /* PrivilegeCheck wants an impersonation token; a primary token is checked by hand below. */
    if (PrivilegeCheck(token, &set, &result))
        return result;
    {
        DWORD size = 0;
        TOKEN_PRIVILEGES *privs;
        GetTokenInformation(token, TokenPrivileges, NULL, 0, &size);
        if (!size || !(privs = malloc(size)))
            return FALSE;
        if (GetTokenInformation(token, TokenPrivileges, privs, size, &size)) {
            for (DWORD i = 0; i < privs->PrivilegeCount; i++) {
                if (privs->Privileges[i].Luid.LowPart == set.Privilege[0].Luid.LowPart &&
                    privs->Privileges[i].Luid.HighPart == set.Privilege[0].Luid.HighPart &&
                    (privs->Privileges[i].Attributes & SE_PRIVILEGE_ENABLED))
                    result = TRUE;
            }
        }
        free(privs);
    }
    return result;
}

BOOL lsa_caller_has_tcb(const lsa_core_caller *caller)
{
    HANDLE token;
    BOOL result;
    if (lsa_caller_open_token(caller, TOKEN_QUERY, &token) != STATUS_SUCCESS)
        return FALSE;
    result = token_has_enabled_privilege(token, SE_TCB_NAME);
    CloseHandle(token);
    return result;
}

NTSTATUS lsa_caller_client_info(const lsa_core_caller *caller, BOOL trusted, SECPKG_CLIENT_INFO *info)
{
    HANDLE token;
    TOKEN_STATISTICS stats;
    DWORD size;
    NTSTATUS st;

    ZeroMemory(info, sizeof(*info));
    info->ProcessID = caller->process_id;
    info->ThreadID = caller->thread_id;
    st = lsa_caller_open_token(caller, TOKEN_QUERY, &token);
    if (st != STATUS_SUCCESS)
        return st;
    if (GetTokenInformation(token, TokenStatistics, &stats, sizeof(stats), &size)) {
        info->LogonId = stats.AuthenticationId;
        info->Impersonating = stats.TokenType == TokenImpersonation;
        info->ImpersonationLevel = info->Impersonating ? stats.ImpersonationLevel : SecurityImpersonation;
    }
    info->Restricted = IsTokenRestricted(token) ? TRUE : FALSE;
    /* HasTcbPrivilege reports what the connection was granted on: a trusted connection was checked for it. */
    info->HasTcbPrivilege = trusted || token_has_enabled_privilege(token, SE_TCB_NAME);
    CloseHandle(token);
    return STATUS_SUCCESS;
}
