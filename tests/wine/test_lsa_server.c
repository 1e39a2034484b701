/* The shared LSA server (LSAEMU_TRANSPORT=server): one LSA for every process of the prefix.
 *
 * Process A logs alice on through MSV1_0 and starts process B (this program again, with arguments), which lists the
 * session with LsaEnumerateLogonSessions and reads it with LsaGetLogonSessionData; when A closes its token the session
 * ends for B too. A killed server fails the next call with STATUS_PORT_DISCONNECTED, and the call after it starts a
 * new server (which knows no handle of the old one). */
#include "test_msv1_0_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

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

static BOOL enumerated(const LUID *id)
{
    ULONG count = 0;
    PLUID ids = NULL;
    BOOL found = FALSE;
    if (LsaEnumerateLogonSessions(&count, &ids) != STATUS_SUCCESS)
        return FALSE;
    for (ULONG i = 0; i < count; i++)
        found |= same(&ids[i], id);
    LsaFreeReturnBuffer(ids);
    return found;
}

/* ---- process B ------------------------------------------------------------------------------------------------- */

enum { CHILD_OK = 0, CHILD_NOT_LISTED = 10, CHILD_NO_DATA, CHILD_WRONG_DATA, CHILD_NO_EVENT, CHILD_STILL_THERE };

static BOOL ustring_is(const LSA_UNICODE_STRING *s, const WCHAR *text)
{
    size_t n = wcslen(text);
    return s->Length == n * sizeof(WCHAR) && s->Buffer && !memcmp(s->Buffer, text, s->Length);
}

/* Sees A's session, tells A so, waits until A closed its token, then sees the session end (within 10 s: the
 * server's watcher sweeps every 0.5 s). */
static int child(const char *id_text, const char *ready_name, const char *closed_name)
{
    LUID id;
    unsigned long long v = strtoull(id_text, NULL, 16);
    PSECURITY_LOGON_SESSION_DATA d = NULL;
    HANDLE ready, closed;
    NTSTATUS st;
    int rc = CHILD_OK;

    id.LowPart = (DWORD)v;
    id.HighPart = (LONG)(v >> 32);
    if (!enumerated(&id))
        return CHILD_NOT_LISTED;
    if (LsaGetLogonSessionData(&id, &d) != STATUS_SUCCESS || !d)
        return CHILD_NO_DATA;
    if (!same(&d->LogonId, &id) || !ustring_is(&d->UserName, L"alice") ||
        !ustring_is(&d->AuthenticationPackage, L"NTLM") || d->LogonType != Interactive)
        rc = CHILD_WRONG_DATA;
    LsaFreeReturnBuffer(d);
    if (rc != CHILD_OK)
        return rc;
    ready = OpenEventA(EVENT_MODIFY_STATE, FALSE, ready_name);
    closed = OpenEventA(SYNCHRONIZE, FALSE, closed_name);
    if (!ready || !closed || !SetEvent(ready) || WaitForSingleObject(closed, 60000) != WAIT_OBJECT_0)
        return CHILD_NO_EVENT;
    for (int i = 0; i < 100; i++) {
        d = NULL;
        st = LsaGetLogonSessionData(&id, &d);
        if (st == STATUS_NO_SUCH_LOGON_SESSION && !enumerated(&id))
            return CHILD_OK;
        if (d)
            LsaFreeReturnBuffer(d);
        Sleep(100);
    }
    return CHILD_STILL_THERE;
}

/* ---- process A ------------------------------------------------------------------------------------------------- */

static void logon_seen_and_ended_in_another_process(void **state)
{
    logon_result r;
    const MSV1_0_INTERACTIVE_PROFILE *profile;
    TOKEN_STATISTICS stats;
    DWORD size, code = 0xdeadbeef;
    char exe[MAX_PATH], cmd[MAX_PATH + 200], ready_name[64], closed_name[64];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE ready, closed;
    (void)state;

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    do_logon(lsa, msv, Interactive, alice, alice_len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    /* The profile and the token are ours, though the server made them. */
    profile = r.profile;
    assert_non_null(profile);
    assert_int_equal(profile->MessageType, MsV1_0InteractiveProfile);
    assert_true(r.profile_len >= sizeof(*profile));
    if (profile->LogonServer.Length) /* an embedded pointer: into the same buffer, at our address */
        assert_true((const BYTE *)profile->LogonServer.Buffer >= (const BYTE *)profile &&
                    (const BYTE *)profile->LogonServer.Buffer + profile->LogonServer.Length <=
                        (const BYTE *)profile + r.profile_len);
    assert_true(GetTokenInformation(r.token, TokenStatistics, &stats, sizeof(stats), &size));
    assert_status(LsaFreeReturnBuffer(r.profile), STATUS_SUCCESS);
    assert_status(LsaFreeReturnBuffer(r.profile), STATUS_MEMORY_NOT_ALLOCATED);
    assert_true(enumerated(&r.id));

    snprintf(ready_name, sizeof(ready_name), "lsaemu-test-ready-%lu", GetCurrentProcessId());
    snprintf(closed_name, sizeof(closed_name), "lsaemu-test-closed-%lu", GetCurrentProcessId());
    ready = CreateEventA(NULL, TRUE, FALSE, ready_name);
    closed = CreateEventA(NULL, TRUE, FALSE, closed_name);
    assert_non_null(ready);
    assert_non_null(closed);
    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    snprintf(cmd, sizeof(cmd), "\"%s\" child %llx %s %s", exe,
             (unsigned long long)(ULONG)r.id.HighPart << 32 | r.id.LowPart, ready_name, closed_name);
    assert_true(CreateProcessA(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    CloseHandle(pi.hThread);
    HANDLE waits[2] = { ready, pi.hProcess };
    assert_int_equal(WaitForMultipleObjects(2, waits, FALSE, 60000), WAIT_OBJECT_0); /* B saw the session */
    assert_true(CloseHandle(r.token));
    SetEvent(closed);
    assert_int_equal(WaitForSingleObject(pi.hProcess, 60000), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(pi.hProcess, &code));
    assert_int_equal(code, CHILD_OK);
    CloseHandle(pi.hProcess);
    CloseHandle(ready);
    CloseHandle(closed);
    assert_false(enumerated(&r.id));
}

/* The server's process, asked of its pipe. */
static HANDLE open_server_process(void)
{
    WCHAR name[256];
    ULONG pid = 0;
    HANDLE pipe;
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", name, ARRAYSIZE(name));
    if (!n || n >= ARRAYSIZE(name))
        lstrcpyW(name, L"\\\\.\\pipe\\lsaemu-lsa");
    pipe = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (pipe == INVALID_HANDLE_VALUE)
        return NULL;
    if (!GetNamedPipeServerProcessId(pipe, &pid))
        pid = 0;
    CloseHandle(pipe);
    return pid ? OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, pid) : NULL;
}

static void killed_server_fails_the_call_then_restarts(void **state)
{
    HANDLE h = connect_untrusted(), server, again;
    LARGE_INTEGER f, t0, t1;
    LSA_STRING name;
    ULONG id = 0xdeadbeef;
    (void)state;
    init_lsa_string(&name, MSV1_0_PACKAGE_NAME);
    assert_status(LsaLookupAuthenticationPackage(h, &name, &id), STATUS_SUCCESS);
    server = open_server_process();
    assert_non_null(server);
    assert_true(TerminateProcess(server, 9));
    assert_int_equal(WaitForSingleObject(server, 10000), WAIT_OBJECT_0);
    CloseHandle(server);

    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&t0);
    assert_status(LsaLookupAuthenticationPackage(h, &name, &id), STATUS_PORT_DISCONNECTED);
    QueryPerformanceCounter(&t1);
    print_message("call on the dead server's connection failed after %.1f ms\n",
                  (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)f.QuadPart);
    /* The next call starts a new server; it never issued our old handle. */
    assert_status(LsaLookupAuthenticationPackage(h, &name, &id), STATUS_INVALID_HANDLE);
    again = connect_untrusted();
    assert_status(LsaLookupAuthenticationPackage(again, &name, &id), STATUS_SUCCESS);
    assert_int_equal(id, 1);
    LsaDeregisterLogonProcess(again);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(logon_seen_and_ended_in_another_process),
        cmocka_unit_test(killed_server_fails_the_call_then_restarts),
    };
    if (argc == 5 && !strcmp(argv[1], "child"))
        return child(argv[2], argv[3], argv[4]);
    if (!lsaemu_loaded())
        return 77;
    return cmocka_run_group_tests(tests, setup, msv1_0_teardown);
}
