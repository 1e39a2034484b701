/* The caller's identity, taken from the OS: the calling thread's effective token. Nothing the client sends counts.
 *
 * Every token operation is a wineserver round trip under Wine, so the hot path is kept short: the process token is
 * opened once and kept (a handle to the same token object, so privilege changes made later are still seen), and a
 * thread token is looked for only on the calling thread. */
#include "lsa_internal.h"

#include <stdlib.h>

static INIT_ONCE process_token_once = INIT_ONCE_STATIC_INIT;
static HANDLE process_token; /* TOKEN_QUERY | TOKEN_DUPLICATE | TOKEN_IMPERSONATE */
static LUID tcb_luid;

static BOOL CALLBACK open_process_token(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once; (void)param; (void)ctx;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY | TOKEN_DUPLICATE | TOKEN_IMPERSONATE, &process_token))
        process_token = NULL;
    if (!LookupPrivilegeValueW(NULL, SE_TCB_NAME, &tcb_luid))
        tcb_luid.LowPart = 7; /* SE_TCB_PRIVILEGE, fixed by Windows */
    return TRUE;
}

/* The caller's effective token. *owned says whether the caller of this function must close it. */
NTSTATUS lsa_caller_borrow_token(const lsa_core_caller *caller, DWORD access, HANDLE *token, BOOL *owned)
{
    HANDLE thread, process;
    BOOL ok;

    *token = NULL;
    *owned = TRUE;
    if (caller->thread_id == GetCurrentThreadId()) {
        if (OpenThreadToken(GetCurrentThread(), access, TRUE, token))
            return STATUS_SUCCESS;
    } else if (caller->thread) {
        /* The transport holds the client thread open (and checked it is the client's): no handle to open. */
        if (OpenThreadToken(caller->thread, access, TRUE, token))
            return STATUS_SUCCESS;
    } else if (caller->thread_id &&
               (thread = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, caller->thread_id))) {
        ok = OpenThreadToken(thread, access, TRUE, token);
        CloseHandle(thread);
        if (ok)
            return STATUS_SUCCESS;
    }
    if (caller->token) {
        /* The client's own token as its pipe gave it: no id to trust. */
        *token = caller->token;
        *owned = FALSE;
        return STATUS_SUCCESS;
    }
    if (caller->process_id == GetCurrentProcessId()) {
        InitOnceExecuteOnce(&process_token_once, open_process_token, NULL, NULL);
        if (process_token && !(access & ~(TOKEN_QUERY | TOKEN_DUPLICATE | TOKEN_IMPERSONATE))) {
            *token = process_token;
            *owned = FALSE;
            return STATUS_SUCCESS;
        }
        return OpenProcessToken(GetCurrentProcess(), access, token) ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
    }
    process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, caller->process_id);
    if (!process)
        return STATUS_ACCESS_DENIED;
    ok = OpenProcessToken(process, access, token);
    CloseHandle(process);
    return ok ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
}

NTSTATUS lsa_caller_open_token(const lsa_core_caller *caller, DWORD access, HANDLE *token)
{
    BOOL owned;
    NTSTATUS st = lsa_caller_borrow_token(caller, access, token, &owned);
    if (st == STATUS_SUCCESS && !owned &&
        !DuplicateHandle(GetCurrentProcess(), *token, GetCurrentProcess(), token, 0, FALSE, DUPLICATE_SAME_ACCESS)) {
        *token = NULL;
        st = STATUS_NO_MEMORY;
    }
    return st;
}

static INIT_ONCE own_session_once = INIT_ONCE_STATIC_INIT;
static DWORD own_session;

static BOOL CALLBACK read_own_session(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once; (void)param; (void)ctx;
    if (!ProcessIdToSessionId(GetCurrentProcessId(), &own_session))
        own_session = 0;
    return TRUE;
}

DWORD lsa_caller_terminal_session(const lsa_core_caller *caller)
{
    DWORD session;
    /* A process never changes session: what the transport or a first lookup learnt holds (each lookup is three
     * wineserver round trips under Wine). */
    if (caller->has_terminal_session)
        return caller->terminal_session;
    if (caller->process_id == GetCurrentProcessId()) {
        InitOnceExecuteOnce(&own_session_once, read_own_session, NULL, NULL);
        return own_session;
    }
    return ProcessIdToSessionId(caller->process_id, &session) ? session : 0;
}

/* SeTcbPrivilege enabled in the token: what a Windows privilege check tests. One query, for primary and
 * impersonation tokens alike (PrivilegeCheck wants an impersonation token). */
static BOOL token_has_tcb_enabled(HANDLE token)
{
    BYTE stack[1024];
    TOKEN_PRIVILEGES *privs = (TOKEN_PRIVILEGES *)stack;
    DWORD size = sizeof(stack);
    BOOL result = FALSE, heap = FALSE;

    InitOnceExecuteOnce(&process_token_once, open_process_token, NULL, NULL);
    if (!GetTokenInformation(token, TokenPrivileges, privs, size, &size)) {
        if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || !(privs = malloc(size)))
            return FALSE;
        heap = TRUE;
        if (!GetTokenInformation(token, TokenPrivileges, privs, size, &size)) {
            free(privs);
            return FALSE;
        }
    }
    for (DWORD i = 0; i < privs->PrivilegeCount; i++) {
        if (privs->Privileges[i].Luid.LowPart == tcb_luid.LowPart &&
            privs->Privileges[i].Luid.HighPart == tcb_luid.HighPart &&
            (privs->Privileges[i].Attributes & SE_PRIVILEGE_ENABLED))
            result = TRUE;
    }
    if (heap)
        free(privs);
    return result;
}

BOOL lsa_caller_has_tcb(const lsa_core_caller *caller)
{
    HANDLE token;
    BOOL owned, result;
    if (lsa_caller_borrow_token(caller, TOKEN_QUERY, &token, &owned) != STATUS_SUCCESS)
        return FALSE;
    result = token_has_tcb_enabled(token);
    if (owned)
        CloseHandle(token);
    return result;
}

/* Whether the token has restricting SIDs. Wine 8 does not implement that query (TokenRestrictedSids, and so
 * IsTokenRestricted) and logs an error for every attempt: after the first refusal we stop asking, and report FALSE,
 * which is right there since Wine 8 cannot make restricted tokens either. */
static BOOL token_restricted(HANDLE token)
{
    static volatile LONG unsupported;
    BYTE buf[sizeof(TOKEN_GROUPS)];
    DWORD size = 0;
    if (unsupported)
        return FALSE;
    if (GetTokenInformation(token, TokenRestrictedSids, buf, sizeof(buf), &size))
        return ((TOKEN_GROUPS *)buf)->GroupCount != 0;
    if (GetLastError() == ERROR_INSUFFICIENT_BUFFER)
        return TRUE; /* more than zero groups */
    InterlockedExchange(&unsupported, 1);
    return FALSE;
}

/* TCB answers remembered per token state: TokenStatistics.ModifiedId changes whenever the token's privileges or
 * groups are adjusted, so (TokenId, ModifiedId) names one privilege set and saves a wineserver round trip. */
typedef struct tcb_memo {
    LUID token_id;
    LUID modified_id;
    BOOL has_tcb;
    BOOL valid;
} tcb_memo;

static SRWLOCK memo_lock = SRWLOCK_INIT;
static tcb_memo memos[8];
static unsigned memo_next;

static BOOL same_luid(const LUID *a, const LUID *b)
{
    return a->LowPart == b->LowPart && a->HighPart == b->HighPart;
}

static BOOL tcb_for_state(HANDLE token, const TOKEN_STATISTICS *stats)
{
    BOOL found = FALSE, result = FALSE;
    AcquireSRWLockShared(&memo_lock);
    for (unsigned i = 0; i < ARRAYSIZE(memos); i++) {
        if (memos[i].valid && same_luid(&memos[i].token_id, &stats->TokenId) &&
            same_luid(&memos[i].modified_id, &stats->ModifiedId)) {
            found = TRUE;
            result = memos[i].has_tcb;
            break;
        }
    }
    ReleaseSRWLockShared(&memo_lock);
    if (found)
        return result;
    result = token_has_tcb_enabled(token);
    AcquireSRWLockExclusive(&memo_lock);
    memos[memo_next].token_id = stats->TokenId;
    memos[memo_next].modified_id = stats->ModifiedId;
    memos[memo_next].has_tcb = result;
    memos[memo_next].valid = TRUE;
    memo_next = (memo_next + 1) % ARRAYSIZE(memos);
    ReleaseSRWLockExclusive(&memo_lock);
    return result;
}

NTSTATUS lsa_caller_client_info(const lsa_core_caller *caller, BOOL trusted, SECPKG_CLIENT_INFO *info)
{
    HANDLE token;
    TOKEN_STATISTICS stats;
    DWORD size;
    BOOL owned;
    NTSTATUS st;

    ZeroMemory(info, sizeof(*info));
    info->ProcessID = caller->process_id;
    info->ThreadID = caller->thread_id;
    st = lsa_caller_borrow_token(caller, TOKEN_QUERY, &token, &owned);
    if (st != STATUS_SUCCESS)
        return st;
    if (!GetTokenInformation(token, TokenStatistics, &stats, sizeof(stats), &size)) {
        if (owned)
            CloseHandle(token);
        return STATUS_ACCESS_DENIED;
    }
    info->LogonId = stats.AuthenticationId;
    info->Impersonating = stats.TokenType == TokenImpersonation;
    info->ImpersonationLevel = info->Impersonating ? stats.ImpersonationLevel : SecurityImpersonation;
    info->Restricted = token_restricted(token);
    /* A trusted connection was granted because the privilege was enabled; otherwise report the token as it is now. */
    info->HasTcbPrivilege = trusted || tcb_for_state(token, &stats);
    if (owned)
        CloseHandle(token);
    return STATUS_SUCCESS;
}
