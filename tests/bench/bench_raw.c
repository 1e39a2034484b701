/* The floor for the pipe and server transports: raw round trips over the same kind of pipe (a named-pipe instance in
 * message mode, TransactNamedPipe on the client end) carrying messages of the sizes our wire encoding gives each
 * operation, as many round trips as the operation makes. The echoing end is a thread of this process (the floor of
 * the in-process pipe transport) or another process (the floor of the server transport: lsabench itself, started
 * with `--raw-echo <handle>` and given the pipe's server end by inheritance), then with the server transport's
 * framing and round trips (server_trips). */
#include "bench.h"
#include "lsa_wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MAX_TRIPS 4
/* Read buffers as large as the transport's first read (a message that fits needs one read). The size matters: Wine
 * sizes its side of every pipe read by the buffer offered, so a 64 KiB buffer makes each round trip slower. */
#define RAW_BUFFER 4096

typedef struct trip { size_t request, reply; uint16_t op; } trip;

static size_t request_size(lsa_wire_request *q, uint16_t op)
{
    lsa_wbuf b;
    size_t n;
    q->hdr.op = op;
    q->hdr.ptr_size = sizeof(void *);
    lsa_wbuf_init(&b, 0);
    n = lsa_wire_encode_request(q, &b) == LSA_WIRE_OK ? b.len : 0;
    lsa_wbuf_free(&b);
    return n;
}

static size_t reply_size(uint16_t op)
{
    lsa_wire_reply r;
    lsa_wbuf b;
    size_t n;
    memset(&r, 0, sizeof(r));
    r.hdr.op = op;
    r.hdr.ptr_size = sizeof(void *);
    lsa_wbuf_init(&b, 0);
    n = lsa_wire_encode_reply(&r, &b) == LSA_WIRE_OK ? b.len : 0;
    lsa_wbuf_free(&b);
    return n;
}

static trip make_trip(lsa_wire_request *q, uint16_t op)
{
    return (trip){ request_size(q, op), reply_size(op), op };
}

/* The LsaLogonUser round trip submitting auth (len bytes; NULL: none), which it frees. */
static trip logon_trip(lsa_wire_request *q, void *auth, ULONG len)
{
    trip t;
    q->u.logon.origin.data = (const uint8_t *)BENCH_ORIGIN;
    q->u.logon.origin.len = (uint32_t)strlen(BENCH_ORIGIN);
    q->u.logon.auth.data = auth;
    q->u.logon.auth.len = auth ? len : 0;
    t = make_trip(q, LSA_OP_LOGON_USER);
    free(auth);
    return t;
}

/* The round trips of each operation, sized as the secur32 stubs encode them. */
static int plan(int op, const bench_config *cfg, trip trips[MAX_TRIPS])
{
    lsa_wire_request q;
    KERB_QUERY_TKT_CACHE_REQUEST kerb;
    memset(&q, 0, sizeof(q));
    switch (op) {
    case OP_CONNECT:
        trips[0] = make_trip(&q, LSA_OP_CONNECT_UNTRUSTED);
        trips[1] = make_trip(&q, LSA_OP_DEREGISTER_LOGON_PROCESS);
        return 2;
    case OP_LOOKUP:
        q.u.lookup.name.data = (const uint8_t *)"Kerberos";
        q.u.lookup.name.len = 8;
        trips[0] = make_trip(&q, LSA_OP_LOOKUP_PACKAGE);
        return 1;
    case OP_CALLPKG:
        q.u.call.submit.data = (const uint8_t *)&kerb;
        q.u.call.submit.len = sizeof(kerb);
        trips[0] = make_trip(&q, LSA_OP_CALL_PACKAGE);
        break;
    case OP_LOGON: {
        ULONG len = 0;
        trips[0] = logon_trip(&q, bench_logon_buffer(cfg, &len), len);
        break;
    }
    case OP_NETLOGON: {
        /* challenge request, then the network logon (the frees make no round trip) */
        static BYTE lm20[1024];
        MSV1_0_PROTOCOL_MESSAGE_TYPE challenge = MsV1_0Lm20ChallengeRequest;
        BYTE key[16] = {0}, zero[8] = {0};
        ULONG len = bench_ntlm_lm20(cfg, key, zero, 0, lm20, sizeof(lm20));
        q.u.call.submit.data = (const uint8_t *)&challenge;
        q.u.call.submit.len = sizeof(challenge);
        trips[0] = make_trip(&q, LSA_OP_CALL_PACKAGE);
        memset(&q, 0, sizeof(q));
        q.u.logon.origin.data = (const uint8_t *)BENCH_ORIGIN;
        q.u.logon.origin.len = (uint32_t)strlen(BENCH_ORIGIN);
        q.u.logon.auth.data = lm20;
        q.u.logon.auth.len = len;
        trips[1] = make_trip(&q, LSA_OP_LOGON_USER);
        return 2;
    }
    case OP_KRBLOGON: {
        ULONG len = 0;
        trips[0] = logon_trip(&q, bench_krb_logon_buffer(cfg, &len), len);
        break;
    }
    case OP_S4ULOGON: {
        ULONG len = 0;
        trips[0] = logon_trip(&q, bench_s4u_logon_buffer(cfg, &len), len);
        break;
    }
    case OP_TKTFETCH:
    case OP_TKTCACHE: {
        /* the request's size does not depend on its LogonId or CacheOptions */
        ULONG len = 0;
        LUID any = { 0, 0 };
        void *req = bench_krb_retrieve_request(cfg, any, 0, &len);
        q.u.call.submit.data = req;
        q.u.call.submit.len = req ? len : 0;
        trips[0] = make_trip(&q, LSA_OP_CALL_PACKAGE);
        free(req);
        break;
    }
    default:
        return 0;
    }
    /* No round trip for LsaFreeReturnBuffer: neither transport makes one (the pipe's core frees in this process, the
     * server's client stub frees what it placed). */
    return 1;
}

/* The server transport's round trips for the same operation: each request carries its 16-byte prefix, each reply
 * its 8-byte header and a placement section; a call that returns a buffer brings it in the section (one block of
 * RAW_PLACED_BYTES, about an MSV1_0 profile; the sizes of the actual buffers differ by a few hundred bytes, which
 * costs a pipe round trip nothing measurable). */
#define RAW_PLACED_BYTES 256u
static void server_trips(trip *trips, int count)
{
    for (int i = 0; i < count; i++) {
        BOOL returns = trips[i].op == LSA_OP_LOGON_USER || trips[i].op == LSA_OP_CALL_PACKAGE;
        trips[i].request += 16;
        trips[i].reply += 8 + 8 + (returns ? 8 + RAW_PLACED_BYTES : 0);
    }
}

/* Echo server: each request's first 4 bytes say how long a reply to send. Its pipe end is overlapped and it waits
 * on an event, exactly as the transport's core threads do (under Wine 8 that is faster than a blocking ReadFile, so
 * a blocking server would not be the floor). */
static DWORD WINAPI raw_server(void *arg)
{
    HANDLE pipe = arg;
    static BYTE in[RAW_BUFFER], out[RAW_BUFFER]; /* one server thread per process */
    OVERLAPPED ov;
    DWORD got, sent, want;
    memset(&ov, 0, sizeof(ov));
    if (!(ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL)))
        return 1;
    for (;;) {
        if (!ReadFile(pipe, in, sizeof(in), NULL, &ov) && GetLastError() != ERROR_IO_PENDING)
            break;
        if (WaitForSingleObject(ov.hEvent, INFINITE) != WAIT_OBJECT_0 || !GetOverlappedResult(pipe, &ov, &got, TRUE) ||
            got < 4)
            break;
        memcpy(&want, in, 4);
        if (want > sizeof(out) || (!WriteFile(pipe, out, want, NULL, &ov) && GetLastError() != ERROR_IO_PENDING) ||
            !GetOverlappedResult(pipe, &ov, &sent, TRUE) || sent != want)
            break;
    }
    CloseHandle(ov.hEvent);
    return 0;
}

int bench_raw_echo_main(const WCHAR *handle_text)
{
    HANDLE pipe = (HANDLE)(ULONG_PTR)wcstoull(handle_text, NULL, 16);
    int rc = (int)raw_server(pipe);
    CloseHandle(pipe);
    return rc;
}

typedef struct raw_context {
    HANDLE server, client, thread; /* thread: the echo thread, or the echo process */
    trip trips[OP_COUNT][MAX_TRIPS];
    int count[OP_COUNT];
    BYTE request[RAW_BUFFER], reply[RAW_BUFFER];
} raw_context;

void bench_raw_close(void *ctx)
{
    raw_context *c = ctx;
    if (!c)
        return;
    if (c->client != INVALID_HANDLE_VALUE)
        CloseHandle(c->client); /* the echo thread or process sees the broken pipe and ends */
    if (c->thread) {
        WaitForSingleObject(c->thread, 5000);
        CloseHandle(c->thread);
    }
    if (c->server != INVALID_HANDLE_VALUE)
        CloseHandle(c->server);
    free(c);
}

/* Our own CreateFileW already connected the client: overlapped ConnectNamedPipe just confirms it. */
static BOOL connected(HANDLE server)
{
    OVERLAPPED ov;
    DWORD unused;
    memset(&ov, 0, sizeof(ov));
    if (ConnectNamedPipe(server, &ov) || GetLastError() == ERROR_PIPE_CONNECTED)
        return TRUE;
    if (GetLastError() == ERROR_IO_PENDING) { /* not connected after all: never leave ov pending */
        CancelIoEx(server, &ov);
        GetOverlappedResult(server, &ov, &unused, TRUE);
    }
    return FALSE;
}

/* lsabench again, with the pipe's server end (inheritable) as its echo; our copy of that end is closed. */
static HANDLE start_echo_process(raw_context *c)
{
    WCHAR exe[MAX_PATH], cmd[MAX_PATH + 64];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    BOOL started;
    if (!GetModuleFileNameW(NULL, exe, MAX_PATH) ||
        !SetHandleInformation(c->server, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT))
        return NULL;
    swprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --raw-echo %llx", exe, (unsigned long long)(ULONG_PTR)c->server);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    started = CreateProcessW(exe, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    CloseHandle(c->server);
    c->server = INVALID_HANDLE_VALUE;
    if (!started)
        return NULL;
    CloseHandle(pi.hThread);
    return pi.hProcess;
}

void *bench_raw_open(const bench_config *cfg, BOOL other_process)
{
    WCHAR name[64];
    DWORD mode = PIPE_READMODE_MESSAGE;
    raw_context *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    for (int op = 0; op < OP_COUNT; op++)
        c->count[op] = ((op == OP_LOGON || op == OP_NETLOGON) && !cfg->user) || (op >= OP_KRBLOGON && !cfg->krb_user)
                           ? 0
                           : plan(op, cfg, c->trips[op]);
    if (other_process)
        for (int op = 0; op < OP_COUNT; op++)
            server_trips(c->trips[op], c->count[op]);
    swprintf(name, 64, L"\\\\.\\pipe\\lsabench-raw-%lu", GetCurrentProcessId());
    c->server = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE | FILE_FLAG_OVERLAPPED,
                                 PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1,
                                 64 * 1024, 64 * 1024, 0, NULL);
    c->client = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (c->server == INVALID_HANDLE_VALUE || c->client == INVALID_HANDLE_VALUE ||
        !SetNamedPipeHandleState(c->client, &mode, NULL, NULL) ||
        !connected(c->server) ||
        !(c->thread = other_process ? start_echo_process(c) : CreateThread(NULL, 0, raw_server, c->server, 0, NULL))) {
        fprintf(stderr, "lsabench: raw pipe setup failed (error %lu)\n", GetLastError());
        bench_raw_close(c);
        return NULL;
    }
    return c;
}

BOOL bench_raw_run(void *ctx, int op, NTSTATUS *status, NTSTATUS *status2)
{
    raw_context *c = ctx;
    *status = *status2 = STATUS_SUCCESS;
    if (!c->count[op])
        return FALSE;
    for (int t = 0; t < c->count[op]; t++) {
        DWORD want = (DWORD)c->trips[op][t].reply, got = 0;
        memcpy(c->request, &want, 4);
        if (!TransactNamedPipe(c->client, c->request, (DWORD)c->trips[op][t].request, c->reply, sizeof(c->reply),
                               &got, NULL) || got != want) {
            *status = STATUS_PIPE_BROKEN;
            return TRUE;
        }
    }
    return TRUE;
}
