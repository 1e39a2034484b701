/* The floor for the pipe transport: raw round trips between two threads of this process over the same kind of pipe
 * (a named-pipe instance in message mode, TransactNamedPipe on the client end) carrying messages of the sizes our
 * wire encoding gives each operation, as many round trips as the operation makes. */
#include "bench.h"
#include "lsa_wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TRIPS 2
#define RAW_BUFFER 65536

typedef struct trip { size_t request, reply; } trip;

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

/* The round trips of each operation, sized as the secur32 stubs encode them. */
static int plan(int op, const bench_config *cfg, trip trips[MAX_TRIPS])
{
    lsa_wire_request q;
    KERB_QUERY_TKT_CACHE_REQUEST kerb;
    memset(&q, 0, sizeof(q));
    switch (op) {
    case OP_CONNECT:
        trips[0] = (trip){ request_size(&q, LSA_OP_CONNECT_UNTRUSTED), reply_size(LSA_OP_CONNECT_UNTRUSTED) };
        trips[1] = (trip){ request_size(&q, LSA_OP_DEREGISTER_LOGON_PROCESS),
                           reply_size(LSA_OP_DEREGISTER_LOGON_PROCESS) };
        return 2;
    case OP_LOOKUP:
        q.u.lookup.name.data = (const uint8_t *)"Kerberos";
        q.u.lookup.name.len = 8;
        trips[0] = (trip){ request_size(&q, LSA_OP_LOOKUP_PACKAGE), reply_size(LSA_OP_LOOKUP_PACKAGE) };
        return 1;
    case OP_CALLPKG:
        q.u.call.submit.data = (const uint8_t *)&kerb;
        q.u.call.submit.len = sizeof(kerb);
        trips[0] = (trip){ request_size(&q, LSA_OP_CALL_PACKAGE), reply_size(LSA_OP_CALL_PACKAGE) };
        break;
    case OP_LOGON: {
        ULONG len = 0;
        void *auth = bench_logon_buffer(cfg, &len);
        q.u.logon.origin.data = (const uint8_t *)BENCH_ORIGIN;
        q.u.logon.origin.len = (uint32_t)strlen(BENCH_ORIGIN);
        q.u.logon.auth.data = auth;
        q.u.logon.auth.len = auth ? len : 0;
        trips[0] = (trip){ request_size(&q, LSA_OP_LOGON_USER), reply_size(LSA_OP_LOGON_USER) };
        free(auth);
        break;
    }
    default:
        return 0;
    }
    memset(&q, 0, sizeof(q));
    trips[1] = (trip){ request_size(&q, LSA_OP_FREE_RETURN_BUFFER), reply_size(LSA_OP_FREE_RETURN_BUFFER) };
    return 2;
}

/* Echo server: each request's first 4 bytes say how long a reply to send. */
static DWORD WINAPI raw_server(void *arg)
{
    HANDLE pipe = arg;
    static BYTE in[RAW_BUFFER], out[RAW_BUFFER];
    DWORD got, sent, want;
    while (ReadFile(pipe, in, sizeof(in), &got, NULL) && got >= 4) {
        memcpy(&want, in, 4);
        if (want > sizeof(out) || !WriteFile(pipe, out, want, &sent, NULL) || sent != want)
            break;
    }
    return 0;
}

void bench_run_raw(const bench_config *cfg, bench_result results[OP_COUNT])
{
    WCHAR name[64];
    HANDLE server, client, thread;
    DWORD mode = PIPE_READMODE_MESSAGE;
    static BYTE request[RAW_BUFFER], reply[RAW_BUFFER];
    double *samples = malloc(sizeof(double) * (size_t)cfg->iterations);

    memset(results, 0, sizeof(bench_result) * OP_COUNT);
    swprintf(name, 64, L"\\\\.\\pipe\\lsabench-raw-%lu", GetCurrentProcessId());
    server = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE,
                              PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1,
                              64 * 1024, 64 * 1024, 0, NULL);
    client = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (!samples || server == INVALID_HANDLE_VALUE || client == INVALID_HANDLE_VALUE ||
        !SetNamedPipeHandleState(client, &mode, NULL, NULL) ||
        (!ConnectNamedPipe(server, NULL) && GetLastError() != ERROR_PIPE_CONNECTED) ||
        !(thread = CreateThread(NULL, 0, raw_server, server, 0, NULL))) {
        fprintf(stderr, "lsabench: raw pipe setup failed (error %lu)\n", GetLastError());
        free(samples);
        return;
    }
    for (int op = 0; op < OP_COUNT; op++) {
        trip trips[MAX_TRIPS];
        int n = plan(op, cfg, trips), ok = n > 0;
        if (op == OP_LOGON && !cfg->user)
            continue;
        for (int i = -cfg->warmup; ok && i < cfg->iterations; i++) {
            double t0 = bench_now_us();
            for (int t = 0; t < n && ok; t++) {
                DWORD want = (DWORD)trips[t].reply, got = 0;
                memcpy(request, &want, 4);
                ok = TransactNamedPipe(client, request, (DWORD)trips[t].request, reply, sizeof(reply), &got, NULL) &&
                     got == want;
            }
            if (i >= 0)
                samples[i] = bench_now_us() - t0;
        }
        if (ok)
            bench_summarize(samples, cfg->iterations, &results[op]);
        else
            fprintf(stderr, "lsabench: raw pipe round trip failed (error %lu)\n", GetLastError());
    }
    CloseHandle(client); /* the server thread sees the broken pipe and ends */
    WaitForSingleObject(thread, 5000);
    CloseHandle(thread);
    CloseHandle(server);
    free(samples);
}
