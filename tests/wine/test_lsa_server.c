/* The shared LSA server (LSAEMU_TRANSPORT=server): one LSA for every process of the prefix.
 *
 * Process A logs alice on through MSV1_0 and starts process B (this program again, with arguments), which lists the
 * session with LsaEnumerateLogonSessions and reads it with LsaGetLogonSessionData; when A closes its token the session
 * ends for B too. A challenge MSV1_0 issued to A is answered by a network logon from B. Eight processes share one
 * server at once (32 x 1,000 calls in the lsa_server_stress run). A client of the other pointer size is refused.
 * Clients that closed their connection before exiting leave no process handle in the server. The server judges a
 * client thread that impersonates by the thread's token, not the process's. A client that breaks the framing loses
 * its connection while others are served. A killed server fails the next call, or the call it was serving, with
 * STATUS_PORT_DISCONNECTED, and the call after it starts a new server (which knows no handle of the old one). */
#include "test_msv1_0_fixture.h"
#include "bench.h" /* bench_ntlm.c: the client half of an NTLMv2 network logon */
#include "lsa_wire.h"
#include "lsa_server_raw.h"

#include <psapi.h>
#include <winternl.h>
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

static HANDLE open_server_process(DWORD access);

/* The server's committed private memory, in KiB (0: unknown). */
static unsigned long server_private_kib(void)
{
    PROCESS_MEMORY_COUNTERS_EX m;
    HANDLE server = open_server_process(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ);
    unsigned long kib = 0;
    memset(&m, 0, sizeof(m));
    /* PagefileUsage: the committed private memory (Wine 8 leaves PrivateUsage 0). */
    if (server && GetProcessMemoryInfo(server, (PROCESS_MEMORY_COUNTERS *)&m, sizeof(m)))
        kib = (unsigned long)(m.PagefileUsage / 1024);
    if (server)
        CloseHandle(server);
    return kib;
}

/* The server's committed memory once the load has passed (sessions ended under load still being finished, the
 * connection threads ending): read every 500 ms until it has not fallen for 2 s (at most 30 s). A figure for
 * docs/benchmark.md, not a check. */
static unsigned long settled_server_kib(void)
{
    unsigned long low = server_private_kib(), now;
    for (int i = 0, steady = 0; i < 60 && steady < 4; i++) {
        Sleep(500);
        now = server_private_kib();
        steady = now < low ? 0 : steady + 1;
        if (now < low)
            low = now;
    }
    return low;
}

/* A worker of many_processes_share_the_server: `calls` rounds of mixed calls (or, with logons_only, of MSV1_0 logons
 * whose token is closed at once), each checked; exits with the number of calls that did not answer as expected. */
static int worker(int calls, BOOL logons_only)
{
    HANDLE h = NULL;
    LSA_STRING name;
    ULONG msv_id = 0, count, failures = 0;
    PLUID ids;
    init_lsa_string(&name, MSV1_0_PACKAGE_NAME);
    if (LsaConnectUntrusted(&h) != STATUS_SUCCESS)
        return 1000;
    alice_len = build_interactive(alice, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
    for (int i = 0; i < calls; i++) {
        switch (logons_only ? 1 : i % 4) {
        case 0:
            failures += LsaLookupAuthenticationPackage(h, &name, &msv_id) != STATUS_SUCCESS || msv_id != 1;
            break;
        case 1: {
            logon_result r;
            do_logon(h, 1, Interactive, alice, alice_len, &r);
            failures += r.status != STATUS_SUCCESS;
            if (r.status == STATUS_SUCCESS) {
                /* The server reuses client memory: what arrives must be this call's. */
                const MSV1_0_INTERACTIVE_PROFILE *p = r.profile;
                failures += p->MessageType != MsV1_0InteractiveProfile ||
                            (p->LogonServer.Length && ((const BYTE *)p->LogonServer.Buffer < (const BYTE *)p ||
                                                       (const BYTE *)p->LogonServer.Buffer + p->LogonServer.Length >
                                                           (const BYTE *)p + r.profile_len));
                failures += LsaFreeReturnBuffer(r.profile) != STATUS_SUCCESS;
                CloseHandle(r.token);
            }
            break;
        }
        case 2:
            count = 0;
            ids = NULL;
            failures += LsaEnumerateLogonSessions(&count, &ids) != STATUS_SUCCESS || !count;
            if (ids) {
                PSECURITY_LOGON_SESSION_DATA d = NULL;
                failures += LsaGetLogonSessionData(&ids[0], &d) != STATUS_SUCCESS || !d ||
                            d->LogonId.LowPart != ids[0].LowPart || d->LogonId.HighPart != ids[0].HighPart ||
                            (d->UserName.Length && !d->UserName.Buffer);
                if (d)
                    LsaFreeReturnBuffer(d);
                LsaFreeReturnBuffer(ids);
            }
            break;
        default:
            failures += LsaFreeReturnBuffer((void *)(ULONG_PTR)0x10000) != STATUS_MEMORY_NOT_ALLOCATED;
            break;
        }
    }
    LsaDeregisterLogonProcess(h);
    return (int)failures;
}

/* Process B of challenge_issued_to_one_process_accepted_from_another: an NTLMv2 network logon of alice answering
 * the challenge (16 hex digits) process A got. Exits with the logon's status. */
static int network_child(const char *challenge_hex)
{
    bench_config cfg;
    BYTE challenge[8], key[16], logon[1024];
    ULONG len;
    HANDLE h;
    logon_result r;
    LSA_STRING name;
    LSA_OPERATIONAL_MODE mode;
    for (int i = 0; i < 8; i++) {
        unsigned v;
        if (sscanf(challenge_hex + 2 * i, "%2x", &v) != 1)
            return 1;
        challenge[i] = (BYTE)v;
    }
    memset(&cfg, 0, sizeof(cfg));
    cfg.user = L"alice";
    cfg.password = L"Secret123";
    if (!bench_ntlm_response_key(&cfg, key) || !(len = bench_ntlm_lm20(&cfg, key, challenge, 1, logon, sizeof(logon))))
        return 2;
    init_lsa_string(&name, "lsaemu-test");
    if (!set_privilege(SE_TCB_NAME, TRUE) || LsaRegisterLogonProcess(&name, &h, &mode) != STATUS_SUCCESS)
        return 3;
    do_logon(h, 1, Network, logon, len, &r);
    if (r.status == STATUS_SUCCESS) {
        LsaFreeReturnBuffer(r.profile);
        CloseHandle(r.token);
    }
    LsaDeregisterLogonProcess(h);
    return (int)r.status;
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

/* A thread impersonating a copy of the process token with SeTcbPrivilege disabled is refused a trusted connection
 * while the process token has it enabled, and the other way round: the server looks at the calling thread. */
static void impersonating_thread_is_judged_by_its_token(void **state)
{
    LSA_STRING name;
    HANDLE process_token, copy, h;
    LSA_OPERATIONAL_MODE mode;
    TOKEN_PRIVILEGES tp;
    (void)state;
    init_lsa_string(&name, "lsaemu-test");
    assert_true(OpenProcessToken(GetCurrentProcess(), TOKEN_DUPLICATE | TOKEN_QUERY, &process_token));
    assert_true(DuplicateTokenEx(process_token, TOKEN_ALL_ACCESS, NULL, SecurityImpersonation, TokenImpersonation,
                                 &copy));
    CloseHandle(process_token);
    tp.PrivilegeCount = 1;
    assert_true(LookupPrivilegeValueW(NULL, SE_TCB_NAME, &tp.Privileges[0].Luid));

    /* process: enabled; thread: disabled */
    assert_true(set_privilege(SE_TCB_NAME, TRUE));
    tp.Privileges[0].Attributes = 0;
    assert_true(AdjustTokenPrivileges(copy, FALSE, &tp, sizeof(tp), NULL, NULL));
    assert_true(SetThreadToken(NULL, copy));
    h = (HANDLE)DEADBEEF_PTR;
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_PORT_CONNECTION_REFUSED);
    assert_null(h);
    assert_true(RevertToSelf());
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_SUCCESS);
    assert_status(LsaDeregisterLogonProcess(h), STATUS_SUCCESS);

    /* process: disabled; thread: enabled */
    assert_true(set_privilege(SE_TCB_NAME, FALSE));
    tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    assert_true(AdjustTokenPrivileges(copy, FALSE, &tp, sizeof(tp), NULL, NULL));
    assert_true(SetThreadToken(NULL, copy));
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_SUCCESS);
    assert_status(LsaDeregisterLogonProcess(h), STATUS_SUCCESS);
    assert_true(RevertToSelf());
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_PORT_CONNECTION_REFUSED);
    CloseHandle(copy);
}

/* Framing broken three ways on raw connections: each is dropped (the server closes its end), and the LSA keeps
 * serving everyone else. */
static void broken_framing_drops_only_that_connection(void **state)
{
    static const BYTE too_short[2] = { 1, 2 };
    BYTE header_lies[4 + 5000], reply[64];
    HANDLE pipe, h;
    DWORD got;
    (void)state;
    /* Shorter than the transport's prefix. */
    assert_non_null(pipe = open_server_pipe());
    assert_false(TransactNamedPipe(pipe, (void *)too_short, sizeof(too_short), reply, sizeof(reply), &got, NULL));
    CloseHandle(pipe);
    /* Longer than the first chunk, with a header that is not one. */
    memset(header_lies, 0x41, sizeof(header_lies));
    assert_non_null(pipe = open_server_pipe());
    assert_false(TransactNamedPipe(pipe, header_lies, sizeof(header_lies), reply, sizeof(reply), &got, NULL));
    CloseHandle(pipe);
    /* The peer goes away mid-conversation. */
    assert_non_null(pipe = open_server_pipe());
    CloseHandle(pipe);
    h = connect_untrusted();
    assert_status(LsaDeregisterLogonProcess(h), STATUS_SUCCESS);
}

/* A client of the other pointer size (a 32-bit program with the 64-bit server, or the reverse) cannot be served: the
 * core lays out structures in its own size. Its every message is refused with STATUS_NOT_SUPPORTED, deliberately, and
 * the connection stays usable (the client may still call LsaFreeReturnBuffer on nothing, or leave). */
static void other_pointer_size_is_refused(void **state)
{
    lsa_wire_request q;
    lsa_wire_reply r;
    raw_reply reply;
    HANDLE pipe;
    (void)state;
    memset(&q, 0, sizeof(q));
    q.hdr.op = LSA_OP_CONNECT_UNTRUSTED;
    q.hdr.call_id = 7;
    q.hdr.ptr_size = sizeof(void *) == 8 ? 4 : 8;
    assert_non_null(pipe = open_server_pipe());
    for (int round = 0; round < 2; round++) {
        assert_true(raw_call(pipe, &q, 0, 0, &reply));
        memset(&r, 0, sizeof(r));
        assert_int_equal(lsa_wire_decode_reply(reply.wire, reply.wire_len, LSA_OP_CONNECT_UNTRUSTED, &r),
                         LSA_WIRE_OK);
        assert_int_equal(r.hdr.call_id, 7);
        assert_status((NTSTATUS)r.hdr.status, STATUS_NOT_SUPPORTED);
        assert_int_equal(reply.section_len, 8); /* no blocks */
    }
    CloseHandle(pipe);
}

/* A client that ends its connection before it exits: one raw request that makes the server place a return buffer in
 * it (LsaEnumerateLogonSessions: a memory arena, which holds a handle to this process), then the pipe is closed and
 * the process lives on a moment, so the connection's end does not see it gone. Exits 0 when the reply came. */
static int arena_then_leave_child(void)
{
    lsa_wire_request q;
    lsa_wire_reply r;
    raw_reply reply;
    HANDLE pipe = open_server_pipe();
    BOOL ok;
    if (!pipe)
        return 1;
    memset(&q, 0, sizeof(q));
    q.hdr.op = LSA_OP_ENUMERATE_SESSIONS;
    q.hdr.call_id = 1;
    q.hdr.ptr_size = sizeof(void *);
    memset(&r, 0, sizeof(r));
    /* No grant: the server places the list itself, in an arena. */
    ok = raw_call(pipe, &q, 0, 0, &reply) &&
         lsa_wire_decode_reply(reply.wire, reply.wire_len, LSA_OP_ENUMERATE_SESSIONS, &r) == LSA_WIRE_OK &&
         r.hdr.status == STATUS_SUCCESS && r.u.sessions.buffer;
    CloseHandle(pipe);
    Sleep(1000); /* the server's connection thread ends while we still run */
    return ok ? 0 : 3;
}

/* SYSTEM_HANDLE_INFORMATION (class 16), absent from mingw's winternl.h. */
typedef struct handle_entry {
    ULONG owner_pid;
    BYTE object_type;
    BYTE flags;
    USHORT value;
    PVOID object;
    ULONG access;
} handle_entry;

/* How many handles to process objects process pid holds (Wine 8's GetProcessHandleCount answers 0); -1 when
 * unknown. The type index of a process object is learnt from a handle of our own to one. */
static long process_handles_of(DWORD pid)
{
    ULONG cap = 1 << 16, len = 0;
    NTSTATUS st = STATUS_NO_MEMORY;
    BYTE *buf = NULL;
    long n = 0;
    HANDLE probe = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentProcessId());
    int type = -1;
    if (!probe)
        return -1;
    for (;;) {
        free(buf);
        if (!(buf = malloc(cap)))
            break;
        st = NtQuerySystemInformation(16 /* SystemHandleInformation */, buf, cap, &len);
        if (st != STATUS_INFO_LENGTH_MISMATCH || cap > (1u << 28))
            break;
        cap *= 2;
    }
    if (buf && NT_SUCCESS(st)) {
        ULONG count = *(ULONG *)buf;
        const handle_entry *e = (const handle_entry *)(buf + sizeof(void *)); /* the array is pointer-aligned */
        for (ULONG i = 0; i < count; i++)
            if (e[i].owner_pid == GetCurrentProcessId() && e[i].value == (USHORT)(ULONG_PTR)probe)
                type = e[i].object_type;
        for (ULONG i = 0; i < count && type >= 0; i++)
            n += e[i].owner_pid == pid && e[i].object_type == type;
    }
    CloseHandle(probe);
    free(buf);
    return type >= 0 ? n : -1;
}

/* Clients that closed their connection before they exited hold nothing in the server afterwards: the server's
 * handles to processes come back to what they were (each such client left one, its arena's, before the sweep). */
static void client_gone_after_its_connections_is_forgotten(void **state)
{
    char exe[MAX_PATH], cmd[MAX_PATH + 64];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi[4];
    HANDLE server = open_server_process(PROCESS_QUERY_LIMITED_INFORMATION);
    DWORD server_pid, code;
    long before, after = -1;
    (void)state;
    assert_non_null(server);
    server_pid = GetProcessId(server);
    CloseHandle(server);
    Sleep(1000); /* the connections of the tests before this one end */
    before = process_handles_of(server_pid);
    assert_true(before > 0); /* at least our own connection's */
    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    snprintf(cmd, sizeof(cmd), "\"%s\" arena-then-leave", exe);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    for (int i = 0; i < 4; i++)
        assert_true(CreateProcessA(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi[i]));
    for (int i = 0; i < 4; i++) {
        assert_int_equal(WaitForSingleObject(pi[i].hProcess, 30000), WAIT_OBJECT_0);
        assert_true(GetExitCodeProcess(pi[i].hProcess, &code));
        assert_int_equal(code, 0);
        CloseHandle(pi[i].hProcess);
        CloseHandle(pi[i].hThread);
    }
    /* The sweep runs every 250 ms; connection threads may still be ending, so look for up to 10 s. */
    for (int i = 0; i < 100 && (after = process_handles_of(server_pid)) > before; i++)
        Sleep(100);
    print_message("server's process handles: %ld before, %ld after four clients left\n", before, after);
    assert_true(after >= 0 && after <= before);
}

/* The server's process, asked of its pipe. */
static HANDLE open_server_process(DWORD access)
{
    ULONG pid = 0;
    HANDLE pipe = open_server_pipe();
    if (!pipe)
        return NULL;
    if (!GetNamedPipeServerProcessId(pipe, &pid))
        pid = 0;
    CloseHandle(pipe);
    return pid ? OpenProcess(access, FALSE, pid) : NULL;
}

/* The default run: 8 processes x 200 calls. `test_lsa_server stress <processes> <calls> [logons]` runs this test
 * alone with other figures (the `lsa_server_stress` registration: 32 x 1,000, issue 9's figure). */
#define MAX_WORKERS 64
static int workers = 8, worker_calls = 200;
static BOOL workers_log_on_only;

/* `workers` processes x `worker_calls` calls against one server at once, every call answered as expected; the
 * server's committed memory before, at its highest while they run (read every second), as soon as they are gone and
 * once settled is printed (no threshold: figures for docs/benchmark.md). */
static void many_processes_share_the_server(void **state)
{
    PROCESS_INFORMATION pi[MAX_WORKERS];
    HANDLE procs[MAX_WORKERS];
    char exe[MAX_PATH], cmd[MAX_PATH + 64];
    STARTUPINFOA si;
    DWORD code, started = GetTickCount(), wait, elapsed;
    unsigned long before = server_private_kib(), peak = before, now, at_once;
    (void)state;
    assert_true(workers > 0 && workers <= MAX_WORKERS && worker_calls > 0);
    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    snprintf(cmd, sizeof(cmd), "\"%s\" worker %d%s", exe, worker_calls, workers_log_on_only ? " logons" : "");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    for (int i = 0; i < workers; i++) {
        assert_true(CreateProcessA(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi[i]));
        CloseHandle(pi[i].hThread);
        procs[i] = pi[i].hProcess;
    }
    /* Up to an hour for the big runs; the default run finishes in seconds. */
    while ((wait = WaitForMultipleObjects((DWORD)workers, procs, TRUE, 1000)) == WAIT_TIMEOUT &&
           GetTickCount() - started < 3600000u) {
        if ((now = server_private_kib()) > peak)
            peak = now;
    }
    assert_int_equal(wait, WAIT_OBJECT_0);
    for (int i = 0; i < workers; i++) {
        assert_true(GetExitCodeProcess(procs[i], &code));
        if (code)
            print_message("worker %d: %lu unexpected answers\n", i, code);
        assert_int_equal(code, 0);
        CloseHandle(procs[i]);
    }
    elapsed = GetTickCount() - started;
    at_once = server_private_kib();
    print_message("%d processes x %d %s in %lu ms; server committed memory: %lu KiB before, %lu KiB at most during, "
                  "%lu KiB when the clients are gone, %lu KiB settled\n",
                  workers, worker_calls, workers_log_on_only ? "logon+close cycles" : "mixed calls", elapsed, before,
                  peak, at_once, settled_server_kib());
}

/* MSV1_0 accepts only challenges it issued: one issued to this process is answered by a network logon from
 * another, as on Windows, because both talk to one LSA. */
static void challenge_issued_to_one_process_accepted_from_another(void **state)
{
    ULONG type = MsV1_0Lm20ChallengeRequest, len = 0;
    NTSTATUS protocol;
    const BYTE *reply = NULL;
    char exe[MAX_PATH], cmd[MAX_PATH + 64];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DWORD code = 0xdeadbeef;
    int n;
    (void)state;
    assert_status(LsaCallAuthenticationPackage(lsa, msv, &type, sizeof(type), (void **)&reply, &len, &protocol),
                  STATUS_SUCCESS);
    assert_status(protocol, STATUS_SUCCESS);
    assert_true(len >= 12);
    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    n = snprintf(cmd, sizeof(cmd), "\"%s\" network ", exe);
    for (int i = 0; i < 8; i++)
        n += snprintf(cmd + n, sizeof(cmd) - (size_t)n, "%02x", reply[4 + i]);
    assert_status(LsaFreeReturnBuffer((void *)reply), STATUS_SUCCESS);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    assert_true(CreateProcessA(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    assert_int_equal(WaitForSingleObject(pi.hProcess, 60000), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(pi.hProcess, &code));
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    assert_status((NTSTATUS)code, STATUS_SUCCESS);
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
    server = open_server_process(PROCESS_TERMINATE | SYNCHRONIZE);
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

typedef struct pending_logon {
    HANDLE lsa;
    logon_result r;
    LARGE_INTEGER done;
} pending_logon;

static DWORD WINAPI logon_thread(void *arg)
{
    pending_logon *p = arg;
    do_logon(p->lsa, 1, Interactive, alice, alice_len, &p->r);
    QueryPerformanceCounter(&p->done);
    return 0;
}

/* A logon waits inside the server (the accounts file's writers' lock, `<file>.lock`, is held here), the server is
 * killed: the call fails with STATUS_PORT_DISCONNECTED, all its outputs cleared, and the next call starts a server. */
static void server_killed_mid_call(void **state)
{
    WCHAR lock_name[MAX_PATH + 8];
    pending_logon p;
    HANDLE lock, server, thread, h;
    LARGE_INTEGER f, killed;
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", lock_name, MAX_PATH);
    (void)state;
    assert_true(n > 0 && n < MAX_PATH);
    lstrcatW(lock_name, L".lock");
    memset(&p, 0, sizeof(p));
    p.lsa = connect_untrusted();
    lock = CreateFileW(lock_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    assert_true(lock != INVALID_HANDLE_VALUE);
    assert_non_null(thread = CreateThread(NULL, 0, logon_thread, &p, 0, NULL));
    /* The logon waits up to 10 s for the lock; it is in the server long before this wait ends. */
    assert_int_equal(WaitForSingleObject(thread, 1000), WAIT_TIMEOUT);
    assert_non_null(server = open_server_process(PROCESS_TERMINATE | SYNCHRONIZE));
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&killed);
    assert_true(TerminateProcess(server, 9));
    assert_int_equal(WaitForSingleObject(thread, 10000), WAIT_OBJECT_0);
    print_message("the logon failed %.1f ms after the server was killed\n",
                  (double)(p.done.QuadPart - killed.QuadPart) * 1000.0 / (double)f.QuadPart);
    assert_status(p.r.status, STATUS_PORT_DISCONNECTED);
    assert_logon_cleared(&p.r);
    CloseHandle(thread);
    CloseHandle(lock);
    WaitForSingleObject(server, 10000);
    CloseHandle(server);
    h = connect_untrusted(); /* a new server */
    assert_status(LsaDeregisterLogonProcess(h), STATUS_SUCCESS);
}

static ULONG session_count(void)
{
    ULONG count = 0;
    PLUID ids = NULL;
    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    assert_status(LsaFreeReturnBuffer(ids), STATUS_SUCCESS);
    return count;
}

/* A client killed while the server serves its logon (held on the accounts lock): the server finishes or rolls the
 * logon back, keeps no session for it, and serves on. */
static void client_killed_mid_call(void **state)
{
    WCHAR lock_name[MAX_PATH + 8];
    char exe[MAX_PATH], cmd[MAX_PATH + 32];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE lock;
    ULONG before = session_count(), after = 0;
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", lock_name, MAX_PATH);
    (void)state;
    assert_true(n > 0 && n < MAX_PATH);
    lstrcatW(lock_name, L".lock");
    lock = CreateFileW(lock_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    assert_true(lock != INVALID_HANDLE_VALUE);
    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    snprintf(cmd, sizeof(cmd), "\"%s\" worker 2", exe); /* a lookup, then a logon that waits for the lock */
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    assert_true(CreateProcessA(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    CloseHandle(pi.hThread);
    assert_int_equal(WaitForSingleObject(pi.hProcess, 1500), WAIT_TIMEOUT);
    assert_true(TerminateProcess(pi.hProcess, 9));
    assert_int_equal(WaitForSingleObject(pi.hProcess, 10000), WAIT_OBJECT_0);
    CloseHandle(pi.hProcess);
    CloseHandle(lock); /* the server's logon goes on now, for a client that is gone */
    for (int i = 0; i < 100 && (after = session_count()) != before; i++)
        Sleep(100);
    print_message("sessions: %lu before, %lu after\n", before, after);
    assert_int_equal(after, before);
}

/* A process that changes LSAEMU_SERVER_PIPE is followed: its calls go to (and start) the server of the new name, whose
 * sessions are its own; going back reaches the first server again, which still has the logon. Runs last but one:
 * the fixture's handles belong to the first server. */
static void changed_pipe_name_reaches_another_server(void **state)
{
    WCHAR first[256], second[64];
    HANDLE lsa_a, lsa_b;
    ULONG msv_b;
    LSA_STRING name;
    logon_result r;
    DWORD pid_a, pid_b;
    HANDLE server;
    (void)state;

    assert_true(GetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", first, ARRAYSIZE(first)) > 0);
    swprintf(second, ARRAYSIZE(second), L"\\\\.\\pipe\\lsaemu-test-switch-%lu", GetCurrentProcessId());
    lsa_a = connect_trusted();
    do_logon(lsa_a, msv1_0_id(lsa_a), Interactive, alice, alice_len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    LsaFreeReturnBuffer(r.profile);
    assert_true(enumerated(&r.id));
    assert_non_null(server = open_server_process(PROCESS_QUERY_LIMITED_INFORMATION));
    pid_a = GetProcessId(server);
    CloseHandle(server);

    assert_true(SetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", second));
    assert_false(enumerated(&r.id)); /* another LSA: it never saw that logon */
    assert_non_null(server = open_server_process(PROCESS_QUERY_LIMITED_INFORMATION));
    pid_b = GetProcessId(server);
    CloseHandle(server);
    assert_true(pid_b != pid_a);
    /* A's handle means nothing to B (which has issued none yet); B hands out its own. */
    init_lsa_string(&name, MSV1_0_PACKAGE_NAME);
    assert_status(LsaLookupAuthenticationPackage(lsa_a, &name, &msv_b), STATUS_INVALID_HANDLE);
    lsa_b = connect_trusted();
    msv_b = msv1_0_id(lsa_b);
    assert_int_equal(msv_b, msv);
    LsaDeregisterLogonProcess(lsa_b);

    assert_true(SetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", first));
    assert_true(enumerated(&r.id)); /* the first server, with its session */
    assert_non_null(server = open_server_process(PROCESS_QUERY_LIMITED_INFORMATION));
    assert_int_equal(GetProcessId(server), pid_a);
    CloseHandle(server);
    assert_status(LsaDeregisterLogonProcess(lsa_a), STATUS_SUCCESS);
    assert_true(CloseHandle(r.token));
}

/* No server can be started (app-local run with lsaemu_lsass.exe renamed away, on a pipe name nobody serves): the
 * call fails with RPC_NT_SERVER_UNAVAILABLE after the bounded wait. Installed runs share system32: not there. */
static void no_server_gives_server_unavailable(void **state)
{
    char exe[MAX_PATH], dir[MAX_PATH], server[MAX_PATH + 32], moved[MAX_PATH + 32], cmd[MAX_PATH + 32];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DWORD code = 0, started;
    char *slash;
    (void)state;
    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    strcpy(dir, exe);
    assert_non_null(slash = strrchr(dir, '\\'));
    slash[1] = 0;
    snprintf(server, sizeof(server), "%slsaemu_lsass.exe", dir);
    snprintf(moved, sizeof(moved), "%slsaemu_lsass.exe.away", dir);
    assert_true(MoveFileExA(server, moved, MOVEFILE_REPLACE_EXISTING));
    snprintf(cmd, sizeof(cmd), "\"%s\" connect", exe);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    assert_true(SetEnvironmentVariableA("LSAEMU_SERVER_PIPE", "\\\\.\\pipe\\lsaemu-test-nobody-serves-this"));
    started = GetTickCount();
    assert_true(CreateProcessA(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    SetEnvironmentVariableA("LSAEMU_SERVER_PIPE", NULL);
    WaitForSingleObject(pi.hProcess, 60000);
    GetExitCodeProcess(pi.hProcess, &code);
    print_message("the call failed after %lu ms\n", GetTickCount() - started);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    assert_true(MoveFileExA(moved, server, MOVEFILE_REPLACE_EXISTING));
    assert_int_equal(code, (DWORD)RPC_NT_SERVER_UNAVAILABLE);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(logon_seen_and_ended_in_another_process),
        cmocka_unit_test(impersonating_thread_is_judged_by_its_token),
        cmocka_unit_test(broken_framing_drops_only_that_connection),
        cmocka_unit_test(other_pointer_size_is_refused),
        cmocka_unit_test(client_gone_after_its_connections_is_forgotten),
        cmocka_unit_test(many_processes_share_the_server),
        cmocka_unit_test(client_killed_mid_call),
        cmocka_unit_test(challenge_issued_to_one_process_accepted_from_another),
        cmocka_unit_test(killed_server_fails_the_call_then_restarts),
        cmocka_unit_test(server_killed_mid_call),
        cmocka_unit_test(changed_pipe_name_reaches_another_server),
        cmocka_unit_test(no_server_gives_server_unavailable), /* last: app-local runs only (see main) */
    };
    char mode[16];
    size_t count = ARRAYSIZE(tests);
    if (argc == 5 && !strcmp(argv[1], "child"))
        return child(argv[2], argv[3], argv[4]);
    if ((argc == 3 || argc == 4) && !strcmp(argv[1], "worker"))
        return worker(atoi(argv[2]), argc == 4 && !strcmp(argv[3], "logons"));
    if (argc == 2 && !strcmp(argv[1], "arena-then-leave"))
        return arena_then_leave_child();
    if (argc == 3 && !strcmp(argv[1], "network"))
        return network_child(argv[2]);
    if (argc == 2 && !strcmp(argv[1], "connect")) {
        HANDLE h = NULL;
        return (int)LsaConnectUntrusted(&h);
    }
    if (!lsaemu_loaded())
        return 77;
    if ((argc == 4 || argc == 5) && !strcmp(argv[1], "stress")) {
        const struct CMUnitTest stress[] = { cmocka_unit_test(many_processes_share_the_server) };
        workers = atoi(argv[2]);
        worker_calls = atoi(argv[3]);
        workers_log_on_only = argc == 5 && !strcmp(argv[4], "logons");
        return _cmocka_run_group_tests("test_lsa_server_stress", stress, 1, setup, msv1_0_teardown);
    }
    /* Installed runs take lsaemu_lsass.exe from system32, which other tests share: it cannot be moved away there. */
    if (!GetEnvironmentVariableA("LSAEMU_TEST_MODE", mode, sizeof(mode)) || strcmp(mode, "applocal"))
        count--;
    return _cmocka_run_group_tests("test_lsa_server", tests, count, setup, msv1_0_teardown);
}
