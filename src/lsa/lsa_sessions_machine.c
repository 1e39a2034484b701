/* The logon sessions every Windows machine has before anyone logs on, and the caller's own, so session-enumerating
 * tools see a sensible machine: SYSTEM (0x3e7), NETWORK SERVICE (0x3e4), LOCAL SERVICE (0x3e5), ANONYMOUS LOGON
 * (0x3e6) as Windows reports them, and the session of the token the caller runs with (under Wine 8 that token's
 * AuthenticationId is 0:0, so that is the id it gets). They have no token to watch, so they never end. */
#include "lsa_internal.h"

#include <string.h>
#include <wchar.h>

/* Windows' fixed LUIDs of these sessions (winnt.h spells them as LUID initialisers only). */
enum { SYSTEM_SESSION = 0x3e7, ANONYMOUS_SESSION = 0x3e6, LOCAL_SERVICE_SESSION = 0x3e5,
       NETWORK_SERVICE_SESSION = 0x3e4 };

typedef struct well_known {
    DWORD luid;
    ULONG logon_type;
    const WCHAR *package;
    BYTE rid;             /* S-1-5-<rid> */
    BOOL machine_account; /* reported as WORKGROUP\<COMPUTER>$ */
    const WCHAR *user;    /* otherwise NT AUTHORITY\<user> */
} well_known;

static const well_known machine_sessions[] = {
    { SYSTEM_SESSION, 0 /* UndefinedLogonType */, L"Negotiate", SECURITY_LOCAL_SYSTEM_RID, TRUE, NULL },
    { NETWORK_SERVICE_SESSION, Service, L"Negotiate", SECURITY_NETWORK_SERVICE_RID, TRUE, NULL },
    { LOCAL_SERVICE_SESSION, Service, L"Negotiate", SECURITY_LOCAL_SERVICE_RID, FALSE, L"LOCAL SERVICE" },
    { ANONYMOUS_SESSION, Network, L"NTLM", SECURITY_ANONYMOUS_LOGON_RID, FALSE, L"ANONYMOUS LOGON" },
};

static INIT_ONCE machine_once = INIT_ONCE_STATIC_INIT;

static void add_session(const lsa_session_info *info)
{
    if (lsa_sessions_create(&info->logon_id, (ULONG)-1) == STATUS_SUCCESS)
        lsa_sessions_complete(info);
}

static BOOL CALLBACK add_machine_sessions(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    FILETIME boot;
    ULONGLONG now;
    (void)once; (void)param; (void)ctx;
    /* Started with the machine: logon time = boot time. */
    GetSystemTimeAsFileTime(&boot);
    now = ((ULONGLONG)boot.dwHighDateTime << 32 | boot.dwLowDateTime) - GetTickCount64() * 10000ull;
    for (size_t i = 0; i < ARRAYSIZE(machine_sessions); i++) {
        const well_known *w = &machine_sessions[i];
        SID_IDENTIFIER_AUTHORITY nt = { SECURITY_NT_AUTHORITY };
        SID *sid;
        lsa_session_info info;
        memset(&info, 0, sizeof(info));
        info.logon_id.LowPart = w->luid;
        info.logon_type = w->logon_type;
        info.package_id = (ULONG)-1;
        if (w->machine_account) {
            _snwprintf(info.user, ARRAYSIZE(info.user) - 1, L"%ls$", lsa_computer_name());
            wcscpy(info.domain, L"WORKGROUP");
        } else {
            wcscpy(info.user, w->user);
            wcscpy(info.domain, L"NT AUTHORITY");
        }
        wcscpy(info.package_name, w->package);
        sid = (SID *)info.sid;
        sid->Revision = SID_REVISION;
        sid->SubAuthorityCount = 1;
        sid->IdentifierAuthority = nt;
        sid->SubAuthority[0] = w->rid;
        info.has_sid = TRUE;
        info.logon_time.QuadPart = (LONGLONG)now;
        info.session = 0;
        add_session(&info);
    }
    return TRUE;
}

/* The caller's own session, from its token: once per distinct AuthenticationId. */
static void add_caller_session(const lsa_core_caller *caller)
{
    HANDLE token;
    BOOL owned, have_user;
    TOKEN_STATISTICS stats;
    BYTE user_buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    TOKEN_USER *user = (TOKEN_USER *)user_buf;
    DWORD size, user_chars, domain_chars;
    SID_NAME_USE use;
    lsa_session_info info;
    FILETIME created, unused;
    static volatile LONG process_session_added;

    if (lsa_caller_borrow_token(caller, TOKEN_QUERY, &token, &owned) != STATUS_SUCCESS)
        return;
    /* The process token's AuthenticationId never changes: once its session is in, there is nothing to ask. */
    if (!owned && process_session_added)
        return;
    if (!GetTokenInformation(token, TokenStatistics, &stats, sizeof(stats), &size)) {
        if (owned)
            CloseHandle(token);
        return;
    }
    if (lsa_sessions_exists(&stats.AuthenticationId)) {
        if (!owned)
            InterlockedExchange(&process_session_added, 1);
        else
            CloseHandle(token);
        return;
    }
    have_user = GetTokenInformation(token, TokenUser, user, sizeof(user_buf), &size);
    if (owned)
        CloseHandle(token);
    if (!have_user)
        return;
    memset(&info, 0, sizeof(info));
    info.logon_id = stats.AuthenticationId;
    info.logon_type = Interactive; /* the desktop user Wine runs programs as */
    info.package_id = (ULONG)-1;
    user_chars = ARRAYSIZE(info.user);
    domain_chars = ARRAYSIZE(info.domain);
    if (!LookupAccountSidW(NULL, user->User.Sid, info.user, &user_chars, info.domain, &domain_chars, &use)) {
        info.user[0] = 0;
        info.domain[0] = 0;
    }
    wcscpy(info.package_name, L"NTLM"); /* a local account's interactive logon goes through NTLM */
    if (GetLengthSid(user->User.Sid) <= sizeof(info.sid) && CopySid(sizeof(info.sid), info.sid, user->User.Sid))
        info.has_sid = TRUE;
    if (info.domain[0] && !_wcsicmp(info.domain, lsa_computer_name()))
        lstrcpynW(info.logon_server, info.domain, ARRAYSIZE(info.logon_server));
    /* The process was started inside that session: its creation time is the best logon time we know. */
    if (GetProcessTimes(GetCurrentProcess(), &created, &unused, &unused, &unused))
        memcpy(&info.logon_time, &created, sizeof(created));
    info.session = lsa_caller_terminal_session(caller);
    add_session(&info);
    if (!owned)
        InterlockedExchange(&process_session_added, 1);
}

void lsa_sessions_add_machine(const lsa_core_caller *caller)
{
    InitOnceExecuteOnce(&machine_once, add_machine_sessions, NULL, NULL);
    add_caller_session(caller);
}
