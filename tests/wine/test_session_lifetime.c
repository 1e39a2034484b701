/* A logon session ends when the last handle to its token is closed, as on Windows: it leaves
 * LsaEnumerateLogonSessions, LsaGetLogonSessionData gives STATUS_NO_SUCH_LOGON_SESSION, and MSV1_0 heard
 * LsaApLogonTerminated (MsV1_0EnumerateUsers no longer lists it). A session whose token is still open somewhere —
 * the original handle, a duplicate, a handle in another process, a thread impersonating with it — stays. */
#include "test_msv1_0_fixture.h"

#define THREADS 2
#define LOGONS_PER_THREAD 100

static BYTE alice[4096];
static ULONG alice_len;

static int setup(void **state)
{
    alice_len = build_interactive(alice, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
    return msv1_0_setup(state);
}

static BOOL same(const LUID *a, const LUID *b)
{
    return a->LowPart == b->LowPart && a->HighPart == b->HighPart;
}

static BOOL in_list(const LUID *ids, ULONG count, const LUID *id)
{
    for (ULONG i = 0; i < count; i++)
        if (same(&ids[i], id))
            return TRUE;
    return FALSE;
}

static BOOL enumerated(const LUID *id)
{
    ULONG count = 0;
    PLUID ids = NULL;
    BOOL found;
    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    found = in_list(ids, count, id);
    assert_status(LsaFreeReturnBuffer(ids), STATUS_SUCCESS);
    return found;
}

/* MSV1_0_ENUMUSERS_RESPONSE (absent from mingw's ntsecapi.h; Windows SDK layout). */
typedef struct {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG NumberOfLoggedOnUsers;
    PLUID LogonIds;
    PULONG EnumHandles;
} enumusers_response;

/* MSV1_0's own list: it forgets a logon only when the LSA calls its LsaApLogonTerminated. */
static BOOL msv1_0_lists(const LUID *id)
{
    ULONG type = MsV1_0EnumerateUsers;
    call_result r;
    const enumusers_response *e;
    BOOL found;
    do_call(lsa, msv, &type, sizeof(type), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    e = r.buf;
    found = in_list(e->LogonIds, e->NumberOfLoggedOnUsers, id);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    return found;
}

static void assert_session_alive(const LUID *id)
{
    PSECURITY_LOGON_SESSION_DATA d = NULL;
    assert_true(enumerated(id));
    assert_status(LsaGetLogonSessionData((PLUID)id, &d), STATUS_SUCCESS);
    assert_true(same(&d->LogonId, id));
    assert_status(LsaFreeReturnBuffer(d), STATUS_SUCCESS);
    assert_true(msv1_0_lists(id));
}

static void assert_session_gone(const LUID *id)
{
    PSECURITY_LOGON_SESSION_DATA d = (PSECURITY_LOGON_SESSION_DATA)DEADBEEF_PTR;
    assert_false(enumerated(id));
    assert_status(LsaGetLogonSessionData((PLUID)id, &d), STATUS_NO_SUCH_LOGON_SESSION);
    assert_null(d);
    assert_false(msv1_0_lists(id));
}

static void logon_alice(logon_result *r)
{
    do_logon(lsa, msv, Interactive, alice, alice_len, r);
    assert_status(r->status, STATUS_SUCCESS);
    assert_non_null(r->token);
}

typedef struct worker {
    LUID ids[LOGONS_PER_THREAD];
    LONG failures;
} worker;

/* Each logon's token is closed at once, as a program that only checks a password does. */
static DWORD WINAPI logon_and_close(void *param)
{
    worker *w = param;
    for (int i = 0; i < LOGONS_PER_THREAD; i++) {
        logon_result r;
        do_logon(lsa, msv, Interactive, alice, alice_len, &r);
        if (r.status != STATUS_SUCCESS) {
            w->failures++;
            continue;
        }
        w->ids[i] = r.id;
        LsaFreeReturnBuffer(r.profile);
        CloseHandle(r.token);
    }
    return 0;
}

static void closed_tokens_end_their_sessions(void **state)
{
    static worker workers[THREADS];
    HANDLE threads[THREADS];
    ULONG count = 0;
    PLUID ids = NULL;
    PSECURITY_LOGON_SESSION_DATA d;
    (void)state;
    for (int t = 0; t < THREADS; t++) {
        threads[t] = CreateThread(NULL, 0, logon_and_close, &workers[t], 0, NULL);
        assert_non_null(threads[t]);
    }
    assert_int_equal(WaitForMultipleObjects(THREADS, threads, TRUE, INFINITE), WAIT_OBJECT_0);
    for (int t = 0; t < THREADS; t++)
        CloseHandle(threads[t]);

    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(workers[t].failures, 0);
        for (int i = 0; i < LOGONS_PER_THREAD; i++) {
            if (in_list(ids, count, &workers[t].ids[i]))
                fail_msg("session %lx:%lx still listed after its token was closed", workers[t].ids[i].HighPart,
                         workers[t].ids[i].LowPart);
            d = (PSECURITY_LOGON_SESSION_DATA)DEADBEEF_PTR;
            assert_status(LsaGetLogonSessionData(&workers[t].ids[i], &d), STATUS_NO_SUCH_LOGON_SESSION);
            assert_null(d);
        }
    }
    /* The machine's sessions have no token to close: they never end. */
    assert_true(in_list(ids, count, &(LUID){ 0x3e7, 0 }));
    assert_true(in_list(ids, count, &(LUID){ 0x3e6, 0 }));
    assert_status(LsaFreeReturnBuffer(ids), STATUS_SUCCESS);
    for (int t = 0; t < THREADS; t++)
        for (int i = 0; i < LOGONS_PER_THREAD; i += 25)
            assert_false(msv1_0_lists(&workers[t].ids[i]));
}

static void open_token_keeps_its_session(void **state)
{
    logon_result r;
    (void)state;
    logon_alice(&r);
    assert_session_alive(&r.id);
    release_logon(&r);
    assert_session_gone(&r.id);
}

/* DuplicateHandle gives another handle to the same token object: the session lives while either is open. */
static void duplicated_token_keeps_its_session(void **state)
{
    logon_result r;
    HANDLE dup;
    (void)state;
    logon_alice(&r);
    assert_true(DuplicateHandle(GetCurrentProcess(), r.token, GetCurrentProcess(), &dup, 0, FALSE,
                                DUPLICATE_SAME_ACCESS));
    release_logon(&r);
    assert_session_alive(&r.id);
    CloseHandle(dup);
    assert_session_gone(&r.id);
}

/* A copy made with DuplicateTokenEx is a different token: it does not keep the session. */
static void token_copy_does_not_keep_the_session(void **state)
{
    logon_result r;
    HANDLE copy;
    (void)state;
    logon_alice(&r);
    assert_true(DuplicateTokenEx(r.token, TOKEN_QUERY, NULL, SecurityImpersonation, TokenPrimary, &copy));
    release_logon(&r);
    assert_session_gone(&r.id);
    CloseHandle(copy);
}

/* A handle in another process counts too. */
static void token_in_another_process_keeps_its_session(void **state)
{
    logon_result r;
    HANDLE child_token;
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    WCHAR cmd[] = L"cmd.exe /c exit 0";
    (void)state;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    logon_alice(&r);
    /* Suspended: the child only holds the handle, it never runs. */
    assert_true(CreateProcessW(NULL, cmd, NULL, NULL, FALSE, CREATE_SUSPENDED | CREATE_NO_WINDOW, NULL, NULL, &si,
                               &pi));
    assert_true(DuplicateHandle(GetCurrentProcess(), r.token, pi.hProcess, &child_token, 0, FALSE,
                                DUPLICATE_SAME_ACCESS));
    release_logon(&r);
    assert_session_alive(&r.id);
    TerminateProcess(pi.hProcess, 0);
    assert_int_equal(WaitForSingleObject(pi.hProcess, INFINITE), WAIT_OBJECT_0);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    assert_session_gone(&r.id);
}

typedef struct impersonator {
    HANDLE token, impersonating, stop;
} impersonator;

static DWORD WINAPI impersonate_until_told(void *param)
{
    impersonator *i = param;
    BOOL ok = SetThreadToken(NULL, i->token);
    SetEvent(i->impersonating);
    if (!ok)
        return 1;
    WaitForSingleObject(i->stop, INFINITE);
    RevertToSelf();
    return 0;
}

/* A thread impersonating with the token references it without a handle: the session lives until it reverts. */
static void impersonating_thread_keeps_its_session(void **state)
{
    static BYTE s4u[4096];
    logon_result r;
    impersonator imp;
    HANDLE thread;
    DWORD code = 1;
    (void)state;
    /* An S4U network logon from a trusted caller gives an impersonation token, which a thread can use as is. */
    do_logon(lsa, msv, Network, s4u, build_s4u(s4u, 0, L"alice", L"", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    imp.token = r.token;
    imp.impersonating = CreateEventW(NULL, TRUE, FALSE, NULL);
    imp.stop = CreateEventW(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, impersonate_until_told, &imp, 0, NULL);
    assert_non_null(thread);
    assert_int_equal(WaitForSingleObject(imp.impersonating, INFINITE), WAIT_OBJECT_0);
    release_logon(&r);
    assert_session_alive(&r.id);
    SetEvent(imp.stop);
    assert_int_equal(WaitForSingleObject(thread, INFINITE), WAIT_OBJECT_0);
    assert_true(GetExitCodeThread(thread, &code));
    assert_int_equal(code, 0);
    CloseHandle(thread);
    CloseHandle(imp.impersonating);
    CloseHandle(imp.stop);
    assert_session_gone(&r.id);
}

/* Nobody enumerates: the LSA's watcher ends the session by itself, and MSV1_0 hears of it. Polled, since the
 * watcher runs on its own schedule; the bound only keeps a broken build from hanging the suite. */
static void watcher_ends_sessions_unasked(void **state)
{
    logon_result r;
    int polls = 0;
    (void)state;
    logon_alice(&r);
    assert_true(msv1_0_lists(&r.id));
    release_logon(&r);
    while (msv1_0_lists(&r.id) && polls++ < 600)
        Sleep(50);
    assert_false(msv1_0_lists(&r.id));
    assert_session_gone(&r.id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(closed_tokens_end_their_sessions),
        cmocka_unit_test(open_token_keeps_its_session),
        cmocka_unit_test(duplicated_token_keeps_its_session),
        cmocka_unit_test(token_copy_does_not_keep_the_session),
        cmocka_unit_test(token_in_another_process_keeps_its_session),
        cmocka_unit_test(impersonating_thread_keeps_its_session),
        cmocka_unit_test(watcher_ends_sessions_unasked),
    };
    if (!lsaemu_loaded()) {
        print_message("our secur32.dll is not loaded\n");
        return 1;
    }
    return cmocka_run_group_tests(tests, setup, msv1_0_teardown);
}
