/* Both transports, tested directly against a FAKE lsa_core_handle (defined here): round trips, many threads at once,
 * the caller's thread id, a core side that breaks framing or dies, huge messages, idle core threads, process exit.
 *
 * The fake core decodes the request and answers deterministically: a connect reply's handle is
 * call_id | caller thread id << 32, so every thread can check its own reply. A call_id with the top byte 0xF0 is a
 * command that makes the fake core misbehave (garbage replies, no reply, thread exit, a call that never returns).
 *
 * No test sleeps for a fixed time and then expects something to have happened: each waits for the event itself
 * (settle(), or an event the fake core sets), with a bound that only catches a hang. */
#include "transport_pipe_internal.h"
#include "lsa_transport.h"
#include "lsa_core.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the fake core ---------------------------------------------------------------------------------------------- */

#define CMD(n, arg) (0xF0000000u | ((uint32_t)(n) << 16) | (uint32_t)(arg))
enum { CMD_GARBAGE = 1, CMD_NOMEM, CMD_EXIT_THREAD, CMD_BLOCK };

static volatile LONG last_caller_tid, last_core_tid;

/* CMD_BLOCK: the call never returns (only the process's end stops it). The arg says how many blocked calls set
 * all_blocked once they are all inside the core. */
static volatile LONG blocked_calls;
static HANDLE all_blocked, never_set;

static void put_le(uint8_t *p, uint32_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* A raw reply of total bytes whose header claims claimed bytes; the rest is a pattern (or, with body, body ^ 0x5A). */
static BOOL raw_reply(lsa_wbuf *out, uint16_t op, uint32_t call_id, uint32_t claimed, size_t total,
                      const lsa_wire_bytes *body)
{
    lsa_wbuf_reset(out);
    if (!lsa_pipe_wbuf_reserve(out, total < 64 ? 64 : total))
        return FALSE;
    memset(out->data, 0, 64);
    put_le(out->data, LSA_WIRE_MAGIC, 4);
    put_le(out->data + 4, LSA_WIRE_VERSION, 2);
    put_le(out->data + 6, op, 2);
    put_le(out->data + 8, claimed, 4);
    put_le(out->data + 12, call_id, 4);
    out->data[16] = LSA_WIRE_FLAG_REPLY;
    out->data[17] = (uint8_t)sizeof(void *);
    for (size_t i = LSA_WIRE_HEADER_SIZE; i < total; i++)
        out->data[i] = body ? (uint8_t)(body->data[i - LSA_WIRE_HEADER_SIZE] ^ 0x5A) : (uint8_t)i;
    out->len = total;
    return TRUE;
}

static BOOL garbage(lsa_wbuf *out, uint32_t call_id, unsigned kind)
{
    uint16_t op = LSA_OP_CONNECT_UNTRUSTED;
    switch (kind) {
    case 1: return raw_reply(out, op, call_id, 0xFFFFFFF0u, 24, NULL);                    /* absurd length */
    case 2: return raw_reply(out, op, call_id, 100, 24, NULL);                            /* claims more */
    case 3: return raw_reply(out, op, call_id, 8000, 5000, NULL);                         /* ends early */
    case 4: return raw_reply(out, op, call_id, 4500, 9000, NULL);                         /* goes on */
    case 5: return raw_reply(out, op, call_id, LSA_WIRE_MAX_MESSAGE + 1, 5000, NULL);     /* oversized */
    case 6: raw_reply(out, op, call_id, 24, 24, NULL); out->data[0] ^= 0xFF; return TRUE; /* bad magic */
    case 7: raw_reply(out, op, call_id, 24, 24, NULL); memset(out->data, 0, 4); out->len = 4; return TRUE;
    case 8: lsa_wbuf_reset(out); return TRUE;                                             /* empty */
    }
    return FALSE;
}
#define GARBAGE_KINDS 8

BOOL lsa_core_handle(const lsa_core_caller *caller, const uint8_t *request, size_t request_len, lsa_wbuf *reply)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    uint32_t id;

    InterlockedExchange(&last_caller_tid, (LONG)caller->thread_id);
    InterlockedExchange(&last_core_tid, (LONG)GetCurrentThreadId());
    memset(&rep, 0, sizeof(rep));
    if (caller->process_id != GetCurrentProcessId() || lsa_wire_decode_request(request, request_len, &req)) {
        rep.hdr.op = LSA_OP_CONNECT_UNTRUSTED;
        rep.hdr.ptr_size = sizeof(void *);
        rep.hdr.status = (uint32_t)STATUS_INVALID_PARAMETER;
        return lsa_wire_encode_reply(&rep, reply) == LSA_WIRE_OK;
    }
    id = req.hdr.call_id;
    if (req.hdr.op == LSA_OP_CALL_PACKAGE) /* echo the submit buffer (scrambled), raw, for the big-message tests */
        return raw_reply(reply, LSA_OP_CALL_PACKAGE, id, (uint32_t)(LSA_WIRE_HEADER_SIZE + req.u.call.submit.len),
                         LSA_WIRE_HEADER_SIZE + req.u.call.submit.len, &req.u.call.submit);
    if ((id >> 24) == 0xF0) {
        switch ((id >> 16) & 0xFF) {
        case CMD_GARBAGE: return garbage(reply, id, id & 0xFFFF);
        case CMD_NOMEM: return FALSE;
        case CMD_EXIT_THREAD: ExitThread(0);
        case CMD_BLOCK:
            if (InterlockedIncrement(&blocked_calls) == (LONG)(id & 0xFFFF))
                SetEvent(all_blocked);
            WaitForSingleObject(never_set, INFINITE);
            break;
        }
    }
    rep.hdr = req.hdr;
    rep.u.connect.handle = id | (uint64_t)caller->thread_id << 32;
    return lsa_wire_encode_reply(&rep, reply) == LSA_WIRE_OK;
}

/* ---- helpers ---------------------------------------------------------------------------------------------------- */

static BOOL encode_connect(lsa_wbuf *req, uint32_t call_id)
{
    lsa_wire_request q;
    memset(&q, 0, sizeof(q));
    q.hdr.op = LSA_OP_CONNECT_UNTRUSTED;
    q.hdr.call_id = call_id;
    q.hdr.ptr_size = sizeof(void *);
    return lsa_wire_encode_request(&q, req) == LSA_WIRE_OK;
}

/* One connect call: TRUE when the transport succeeded and the reply is this call's and this thread's. */
static BOOL connect_ok(const lsa_transport *t, uint32_t call_id, lsa_wbuf *req, lsa_wbuf *rep)
{
    lsa_wire_reply r;
    if (!encode_connect(req, call_id) || t->call(req->data, req->len, rep) != STATUS_SUCCESS)
        return FALSE;
    if (lsa_wire_decode_reply(rep->data, rep->len, LSA_OP_CONNECT_UNTRUSTED, &r) != LSA_WIRE_OK)
        return FALSE;
    return r.hdr.status == 0 && r.hdr.call_id == call_id &&
           r.u.connect.handle == (call_id | (uint64_t)GetCurrentThreadId() << 32);
}

static NTSTATUS call_status(const lsa_transport *t, uint32_t call_id)
{
    lsa_wbuf req, rep;
    NTSTATUS st;
    lsa_wbuf_init(&req, 0);
    lsa_wbuf_init(&rep, 0);
    st = encode_connect(&req, call_id) ? t->call(req.data, req.len, &rep) : STATUS_NO_MEMORY;
    lsa_wbuf_free(&req);
    lsa_wbuf_free(&rep);
    return st;
}

static BOOL one_call_ok(const lsa_transport *t, uint32_t call_id)
{
    lsa_wbuf req, rep;
    BOOL ok;
    lsa_wbuf_init(&req, 0);
    lsa_wbuf_init(&rep, 0);
    ok = connect_ok(t, call_id, &req, &rep);
    lsa_wbuf_free(&req);
    lsa_wbuf_free(&rep);
    return ok;
}

/* Wait for fn() to reach want; ms only bounds a hang. */
static LONG settle(LONG (*fn)(void), LONG want, DWORD ms)
{
    for (DWORD waited = 0; fn() != want && waited < ms; waited += 20)
        Sleep(20);
    return fn();
}

/* ---- round trips ------------------------------------------------------------------------------------------------ */

static void round_trips(const lsa_transport *t, BOOL same_thread)
{
    lsa_wbuf req, rep;
    lsa_wbuf_init(&req, 0);
    lsa_wbuf_init(&rep, 0);
    for (uint32_t i = 1; i <= 200; i++) {
        assert_true(connect_ok(t, i, &req, &rep));
        assert_int_equal(last_caller_tid, GetCurrentThreadId());
        if (same_thread)
            assert_int_equal(last_core_tid, GetCurrentThreadId());
        else
            assert_int_not_equal(last_core_tid, GetCurrentThreadId());
    }
    lsa_wbuf_free(&req);
    lsa_wbuf_free(&rep);
}

static void test_inproc_round_trip(void **state) { (void)state; round_trips(&lsa_transport_inproc, TRUE); }
static void test_pipe_round_trip(void **state) { (void)state; round_trips(&lsa_transport_pipe, FALSE); }

/* ---- many threads ----------------------------------------------------------------------------------------------- */

/* Idle core threads retire after this long in these tests (default 5 s), so tests that need an empty pool wait less. */
#define TEST_IDLE_MS 300
/* How long a wait for an event may take before the test calls it a hang (the waits end as soon as the event comes). */
#define HANG_MS 60000

#define THREADS 16
#define CALLS 500

typedef struct worker {
    const lsa_transport *t;
    uint32_t base;
    int calls;
    volatile LONG *failures;
} worker;

static DWORD WINAPI worker_main(void *arg)
{
    worker *w = arg;
    lsa_wbuf req, rep;
    lsa_wbuf_init(&req, 0);
    lsa_wbuf_init(&rep, 0);
    for (int i = 0; i < w->calls; i++)
        if (!connect_ok(w->t, w->base + (uint32_t)i, &req, &rep))
            InterlockedIncrement(w->failures);
    lsa_wbuf_free(&req);
    lsa_wbuf_free(&rep);
    return 0;
}

static LONG run_workers(const lsa_transport *t, int threads, int calls)
{
    HANDLE h[THREADS];
    worker w[THREADS];
    volatile LONG failures = 0;
    for (int i = 0; i < threads; i++) {
        w[i] = (worker){ t, (uint32_t)(i + 1) * 100000u, calls, &failures };
        h[i] = CreateThread(NULL, 0, worker_main, &w[i], 0, NULL);
        assert_non_null(h[i]);
    }
    assert_int_equal(WaitForMultipleObjects((DWORD)threads, h, TRUE, 120000), WAIT_OBJECT_0);
    for (int i = 0; i < threads; i++)
        CloseHandle(h[i]);
    return failures;
}

static void test_inproc_concurrent(void **state)
{
    (void)state;
    assert_int_equal(run_workers(&lsa_transport_inproc, THREADS, CALLS), 0);
}

static void test_pipe_concurrent(void **state)
{
    (void)state;
    assert_int_equal(run_workers(&lsa_transport_pipe, THREADS, CALLS), 0);
    assert_true(lsa_pipe_test_live_channels() >= 1);
    assert_true(lsa_pipe_test_live_channels() <= LSA_PIPE_DEFAULT_CAP);
}

/* More threads than channels: the extra callers wait for a free channel instead of failing. */
static void test_pipe_cap_waits(void **state)
{
    (void)state;
    assert_int_equal(settle(lsa_pipe_test_live_channels, 0, HANG_MS), 0); /* earlier tests' channels retire */
    lsa_pipe_test_set_cap(2);
    assert_int_equal(run_workers(&lsa_transport_pipe, 8, 50), 0);
    assert_true(lsa_pipe_test_live_channels() <= 2);
    lsa_pipe_test_set_cap(0);
}

/* ---- a misbehaving core ----------------------------------------------------------------------------------------- */

static void test_pipe_garbage_reply(void **state)
{
    (void)state;
    for (unsigned kind = 1; kind <= GARBAGE_KINDS; kind++) {
        LONG created = lsa_pipe_test_created_channels();
        print_message("garbage kind %u\n", kind);
        assert_int_equal(call_status(&lsa_transport_pipe, CMD(CMD_GARBAGE, kind)), STATUS_PORT_DISCONNECTED);
        assert_true(one_call_ok(&lsa_transport_pipe, 7));
        assert_true(one_call_ok(&lsa_transport_pipe, 8));
        /* the broken channel was thrown away: at most one new one replaced it */
        assert_true(lsa_pipe_test_created_channels() - created <= 1);
    }
}

/* The in-process transport does not look inside replies (the stub's decoder does): garbage comes back as is. */
static void test_inproc_garbage_reply(void **state)
{
    lsa_wbuf req, rep;
    (void)state;
    lsa_wbuf_init(&req, 0);
    lsa_wbuf_init(&rep, 0);
    assert_true(encode_connect(&req, CMD(CMD_GARBAGE, 3)));
    assert_int_equal(lsa_transport_inproc.call(req.data, req.len, &rep), STATUS_SUCCESS);
    assert_int_equal(rep.len, 5000);
    lsa_wbuf_free(&req);
    lsa_wbuf_free(&rep);
}

/* lsa_core_handle() returning FALSE means "no memory", and the channel stays usable. */
static void test_no_reply_is_no_memory(void **state)
{
    LONG created;
    (void)state;
    assert_int_equal(call_status(&lsa_transport_inproc, CMD(CMD_NOMEM, 0)), STATUS_NO_MEMORY);
    assert_true(one_call_ok(&lsa_transport_pipe, 1));
    created = lsa_pipe_test_created_channels();
    assert_int_equal(call_status(&lsa_transport_pipe, CMD(CMD_NOMEM, 0)), STATUS_NO_MEMORY);
    assert_true(one_call_ok(&lsa_transport_pipe, 2));
    assert_int_equal(lsa_pipe_test_created_channels(), created);
}

/* A core thread that ends in the middle of a call (a package calling ExitThread): the caller gets
 * STATUS_PORT_DISCONNECTED instead of hanging, and the next call works. */
static void test_pipe_core_thread_dies(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(call_status(&lsa_transport_pipe, CMD(CMD_EXIT_THREAD, 0)), STATUS_PORT_DISCONNECTED);
        assert_true(one_call_ok(&lsa_transport_pipe, 3));
    }
    assert_int_equal(settle(lsa_pipe_test_core_threads, lsa_pipe_test_live_channels(), HANG_MS),
                     lsa_pipe_test_live_channels());
}

/* Requests the core side cannot read: over the maximum (refused before sending), a header claiming more than the
 * maximum (the core thread drops the channel), a small malformed message (passed to the core, which answers). */
static void test_pipe_bad_requests(void **state)
{
    uint8_t *big = calloc(1, LSA_WIRE_MAX_MESSAGE + 1);
    lsa_wbuf req, rep;
    lsa_wire_reply r;
    (void)state;
    assert_non_null(big);
    lsa_wbuf_init(&req, 0);
    lsa_wbuf_init(&rep, 0);
    assert_int_equal(lsa_transport_pipe.call(big, LSA_WIRE_MAX_MESSAGE + 1, &rep), STATUS_INVALID_PARAMETER);
    assert_int_equal(lsa_transport_inproc.call(big, LSA_WIRE_MAX_MESSAGE + 1, &rep), STATUS_INVALID_PARAMETER);

    assert_true(encode_connect(&req, 9));
    memcpy(big, req.data, req.len);
    put_le(big + 8, LSA_WIRE_MAX_MESSAGE + 1, 4);
    assert_int_equal(lsa_transport_pipe.call(big, 6000, &rep), STATUS_PORT_DISCONNECTED);
    assert_true(one_call_ok(&lsa_transport_pipe, 10));

    put_le(big + 8, 100, 4); /* claims 100 bytes, has 24: the core's decoder refuses it politely */
    assert_int_equal(lsa_transport_pipe.call(big, LSA_WIRE_HEADER_SIZE, &rep), STATUS_SUCCESS);
    assert_int_equal(lsa_wire_decode_reply(rep.data, rep.len, LSA_OP_CONNECT_UNTRUSTED, &r), LSA_WIRE_OK);
    assert_int_equal(r.hdr.status, (uint32_t)STATUS_INVALID_PARAMETER);
    lsa_wbuf_free(&req);
    lsa_wbuf_free(&rep);
    free(big);
}

/* ---- big messages ----------------------------------------------------------------------------------------------- */

static void big_round_trip(const lsa_transport *t, uint32_t size)
{
    lsa_wire_request q;
    lsa_wbuf req, rep;
    uint8_t *submit = malloc(size);
    assert_non_null(submit);
    for (uint32_t i = 0; i < size; i++)
        submit[i] = (uint8_t)(i * 7 + (i >> 12));
    memset(&q, 0, sizeof(q));
    q.hdr.op = LSA_OP_CALL_PACKAGE;
    q.hdr.call_id = size;
    q.hdr.ptr_size = sizeof(void *);
    q.u.call.submit.data = submit;
    q.u.call.submit.len = size;
    lsa_wbuf_init(&req, 0);
    lsa_wbuf_init(&rep, 0);
    assert_int_equal(lsa_wire_encode_request(&q, &req), LSA_WIRE_OK);
    assert_int_equal(t->call(req.data, req.len, &rep), STATUS_SUCCESS);
    assert_int_equal(rep.len, LSA_WIRE_HEADER_SIZE + size);
    for (uint32_t i = 0; i < size; i++)
        if (rep.data[LSA_WIRE_HEADER_SIZE + i] != (uint8_t)(submit[i] ^ 0x5A))
            fail_msg("byte %u differs", i);
    lsa_wbuf_free(&req);
    lsa_wbuf_free(&rep);
    free(submit);
}

static void test_big_messages(void **state)
{
    static const uint32_t sizes[] = { 1, 4000, 4096, 70000, 1u << 20, LSA_WIRE_MAX_SUBMIT };
    (void)state;
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        big_round_trip(&lsa_transport_inproc, sizes[i]);
        big_round_trip(&lsa_transport_pipe, sizes[i]);
    }
    assert_true(one_call_ok(&lsa_transport_pipe, 11));
}

/* A reply bigger than the caller's buffer may hold is drained: STATUS_NO_MEMORY, and the channel stays in step. */
static void test_pipe_reply_over_max(void **state)
{
    lsa_wire_request q;
    lsa_wbuf req, rep;
    uint8_t submit[6000] = { 0 };
    LONG created;
    (void)state;
    memset(&q, 0, sizeof(q));
    q.hdr.op = LSA_OP_CALL_PACKAGE;
    q.hdr.ptr_size = sizeof(void *);
    q.u.call.submit.data = submit;
    q.u.call.submit.len = sizeof(submit);
    lsa_wbuf_init(&req, 0);
    lsa_wbuf_init(&rep, 5000);
    assert_int_equal(lsa_wire_encode_request(&q, &req), LSA_WIRE_OK);
    assert_true(one_call_ok(&lsa_transport_pipe, 12));
    created = lsa_pipe_test_created_channels();
    assert_int_equal(lsa_transport_pipe.call(req.data, req.len, &rep), STATUS_NO_MEMORY);
    assert_true(one_call_ok(&lsa_transport_pipe, 13));
    assert_int_equal(lsa_pipe_test_created_channels(), created);
    lsa_wbuf_free(&req);
    lsa_wbuf_free(&rep);
}

/* ---- idle core threads and process exit ------------------------------------------------------------------------- */

static void test_pipe_idle_retire(void **state)
{
    (void)state;
    assert_true(one_call_ok(&lsa_transport_pipe, 14));
    lsa_pipe_test_set_idle_ms(150);
    assert_int_equal(settle(lsa_pipe_test_live_channels, 0, HANG_MS), 0);
    assert_int_equal(settle(lsa_pipe_test_core_threads, 0, HANG_MS), 0);
    lsa_pipe_test_set_idle_ms(TEST_IDLE_MS);
    assert_true(one_call_ok(&lsa_transport_pipe, 15));
    assert_int_equal(lsa_pipe_test_core_threads(), 1);
}

/* Run this program again with args and environment variable LSAEMU_TRANSPORT=transport (NULL: unset); collect its
 * stdout and stderr (\r stripped), its exit code and how long it ran. */
typedef struct child_result {
    char out[4096];
    DWORD exit_code;
    DWORD ms;
    BOOL finished;
} child_result;

static void run_child(const char *args, const char *transport, child_result *res)
{
    char exe[MAX_PATH], cmd[MAX_PATH + 128];
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE rd, wr;
    DWORD got, start, n = 0;

    memset(res, 0, sizeof(*res));
    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    snprintf(cmd, sizeof(cmd), "\"%s\" %s", exe, args);
    assert_true(CreatePipe(&rd, &wr, &sa, 0));
    assert_true(SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0));
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = wr;
    assert_true(SetEnvironmentVariableA("LSAEMU_TRANSPORT", transport));
    start = GetTickCount();
    assert_true(CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi));
    SetEnvironmentVariableA("LSAEMU_TRANSPORT", NULL);
    CloseHandle(wr);
    CloseHandle(pi.hThread);
    res->finished = WaitForSingleObject(pi.hProcess, HANG_MS) == WAIT_OBJECT_0;
    res->ms = GetTickCount() - start;
    if (!res->finished)
        TerminateProcess(pi.hProcess, 99);
    GetExitCodeProcess(pi.hProcess, &res->exit_code);
    CloseHandle(pi.hProcess);
    while (n < sizeof(res->out) - 1 && ReadFile(rd, res->out + n, (DWORD)(sizeof(res->out) - 1 - n), &got, NULL) && got)
        n += got;
    CloseHandle(rd);
    for (DWORD i = 0, j = 0; i <= n; i++) /* through the terminating 0 */
        if (res->out[i] != '\r')
            res->out[j++] = res->out[i];
}

static int count_lines_with(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static void test_select(void **state)
{
    child_result r;
    (void)state;
    run_child("--child-select", NULL, &r);
    assert_true(r.finished);
    assert_string_equal(r.out, "selected inproc\n");
    run_child("--child-select", "pipe", &r);
    assert_string_equal(r.out, "selected pipe\n");
    run_child("--child-select", "PIPE", &r);
    assert_string_equal(r.out, "selected pipe\n");
    run_child("--child-select", "inproc", &r);
    assert_string_equal(r.out, "selected inproc\n");
    run_child("--child-select", "Server", &r);
    assert_string_equal(r.out, "selected server\n");
    run_child("--child-select", "tcp", &r);
    assert_int_equal(count_lines_with(r.out, "unknown LSAEMU_TRANSPORT \"tcp\""), 1);
    assert_non_null(strstr(r.out, "selected inproc\n"));
}

/* The prefix-wide choice: HKLM\Software\lsaemu Transport, when LSAEMU_TRANSPORT is unset (the variable wins). */
static void test_select_registry(void **state)
{
    child_result r;
    (void)state;
    assert_int_equal(RegSetKeyValueA(HKEY_LOCAL_MACHINE, "Software\\lsaemu", "Transport", REG_SZ, "server", 7),
                     ERROR_SUCCESS);
    run_child("--child-select", NULL, &r);
    assert_string_equal(r.out, "selected server\n");
    run_child("--child-select", "pipe", &r);
    assert_string_equal(r.out, "selected pipe\n");
    assert_int_equal(RegSetKeyValueA(HKEY_LOCAL_MACHINE, "Software\\lsaemu", "Transport", REG_SZ, "udp", 4),
                     ERROR_SUCCESS);
    run_child("--child-select", NULL, &r);
    assert_int_equal(count_lines_with(r.out, "unknown HKLM\\Software\\lsaemu Transport \"udp\""), 1);
    assert_non_null(strstr(r.out, "selected inproc\n"));
    assert_int_equal(RegDeleteKeyValueA(HKEY_LOCAL_MACHINE, "Software\\lsaemu", "Transport"), ERROR_SUCCESS);
}

/* The main thread ends with ExitThread while core threads exist: the idle core threads must end too, or the
 * process would live on with nobody to serve. */
static void test_exit_thread_ends_process(void **state)
{
    child_result r;
    (void)state;
    run_child("--child-exit-thread", NULL, &r);
    print_message("ExitThread child: finished=%d after %lu ms\n", r.finished, r.ms);
    assert_true(r.finished);
}

/* main returns while core threads are busy in calls that never return: the process exits anyway, cleanly (had the
 * exit waited for the calls, it would never finish). */
static void test_exit_during_calls(void **state)
{
    child_result r;
    (void)state;
    run_child("--child-exit-busy", NULL, &r);
    print_message("exit-busy child: finished=%d code=%lu after %lu ms\n", r.finished, r.exit_code, r.ms);
    assert_true(r.finished);
    assert_int_equal(r.exit_code, 42);
}

#define BLOCKED_CALLS 4

static DWORD WINAPI blocked_call(void *arg)
{
    (void)arg;
    call_status(&lsa_transport_pipe, CMD(CMD_BLOCK, BLOCKED_CALLS));
    return 0;
}

static int child(const char *mode)
{
    if (!strcmp(mode, "--child-select")) {
        const lsa_transport *t = lsa_transport_get();
        if (lsa_transport_get() != t) /* read once */
            return 2;
        printf("selected %s\n", t->name);
        return 0;
    }
    if (!strcmp(mode, "--child-exit-thread")) {
        lsa_pipe_test_set_idle_ms(300);
        if (!one_call_ok(&lsa_transport_pipe, 1))
            return 2;
        ExitThread(0);
    }
    if (!strcmp(mode, "--child-exit-busy")) {
        for (int i = 0; i < BLOCKED_CALLS; i++)
            CloseHandle(CreateThread(NULL, 0, blocked_call, NULL, 0, NULL));
        /* every call inside the core, each on its own channel's core thread */
        if (WaitForSingleObject(all_blocked, HANG_MS) != WAIT_OBJECT_0)
            return 4;
        if (lsa_pipe_test_core_threads() != BLOCKED_CALLS)
            return 3;
        return 42;
    }
    return 1;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select),
        cmocka_unit_test(test_select_registry),
        cmocka_unit_test(test_inproc_round_trip),
        cmocka_unit_test(test_pipe_round_trip),
        cmocka_unit_test(test_inproc_concurrent),
        cmocka_unit_test(test_pipe_concurrent),
        cmocka_unit_test(test_pipe_cap_waits),
        cmocka_unit_test(test_pipe_garbage_reply),
        cmocka_unit_test(test_inproc_garbage_reply),
        cmocka_unit_test(test_no_reply_is_no_memory),
        cmocka_unit_test(test_pipe_core_thread_dies),
        cmocka_unit_test(test_pipe_bad_requests),
        cmocka_unit_test(test_big_messages),
        cmocka_unit_test(test_pipe_reply_over_max),
        cmocka_unit_test(test_pipe_idle_retire),
        cmocka_unit_test(test_exit_thread_ends_process),
        cmocka_unit_test(test_exit_during_calls),
    };
    all_blocked = CreateEventW(NULL, TRUE, FALSE, NULL);
    never_set = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!all_blocked || !never_set)
        return 2;
    if (argc > 1)
        return child(argv[1]);
    lsa_pipe_test_set_idle_ms(TEST_IDLE_MS);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
