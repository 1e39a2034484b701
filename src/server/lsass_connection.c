/* One client connection of the LSA server: who the client is, from the pipe (GetNamedPipeClientProcessId and the
 * token ImpersonateNamedPipeClient gives), then its requests one after the other until it closes the pipe.
 *
 * Measured under Wine 8: ImpersonateNamedPipeClient works, but gives a copy of the client process's token taken when
 * it is called, even when the client thread impersonates another (with SECURITY_IMPERSONATION, with or without
 * SECURITY_CONTEXT_TRACKING). So the server checks it once per connection, then holds the client's process token
 * object itself (OpenProcessToken on the pipe client's process: privileges adjusted later are seen), and learns a
 * client thread's impersonation from the thread id the transport puts before each request: accepted only for a
 * thread of the pipe client's own process (which could take that thread's token itself), and kept open while it is
 * the connection's current thread so its id cannot be reused by another process's thread meanwhile. */
#include "lsass_server.h"
#include "lsa_core.h"
#include "lsa_trace.h"
#include "transport_pipe_internal.h"
#include "transport_server_internal.h"

static volatile LONG connections;

typedef struct connection {
    HANDLE pipe;
    OVERLAPPED ov;
    lsa_core_caller caller;
    HANDLE thread;      /* the verified client thread (caller.thread_id), held open */
    lsa_wbuf request, reply;
} connection;

LONG lsass_connection_count(void)
{
    return InterlockedCompareExchange(&connections, 0, 0);
}

/* The client process and its token, from the pipe alone. */
static BOOL identify(connection *c)
{
    ULONG pid = 0;
    HANDLE snapshot = NULL;
    BOOL ok;
    if (!GetNamedPipeClientProcessId(c->pipe, &pid) || !pid)
        return FALSE;
    c->caller.process_id = pid;
    /* Held open for the connection's life, so the id cannot name another process meanwhile. */
    c->caller.process = OpenProcess(PROCESS_VM_OPERATION | PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
                                        PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE,
                                    FALSE, pid);
    if (!c->caller.process)
        return FALSE;
    /* The pipe's own view of the client must agree before we act for it. */
    if (!ImpersonateNamedPipeClient(c->pipe))
        return FALSE;
    ok = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &snapshot);
    if (!RevertToSelf()) {
        ERR("cannot revert to the server's own token: %lu", GetLastError());
        ExitProcess(1); /* never serve anyone as somebody else */
    }
    if (snapshot)
        CloseHandle(snapshot);
    /* The process token object itself, not the pipe's copy: a privilege the client enables later (SeTcbPrivilege
     * before LsaRegisterLogonProcess) is seen, as Windows' LSA sees it when it impersonates per call. */
    return ok && OpenProcessToken(c->caller.process, TOKEN_QUERY | TOKEN_DUPLICATE | TOKEN_IMPERSONATE,
                                  &c->caller.token);
}

/* The thread the request names, if it is one of the client's own; else none (its process token decides). */
static void take_thread(connection *c, DWORD tid)
{
    HANDLE t;
    if (tid == c->caller.thread_id && c->thread)
        return;
    if (c->thread) {
        CloseHandle(c->thread);
        c->thread = NULL;
    }
    c->caller.thread_id = 0;
    if (!tid || !(t = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, tid)))
        return;
    if (GetProcessIdOfThread(t) != c->caller.process_id) {
        WARN("process %lu named thread %lu of another process", (unsigned long)c->caller.process_id,
             (unsigned long)tid);
        CloseHandle(t);
        return;
    }
    c->thread = t;
    c->caller.thread_id = tid;
}

static DWORD WINAPI serve(void *arg)
{
    connection *c = arg;
    uint8_t prefix[LSA_SERVER_PREFIX_SIZE];
    BOOL running;
    DWORD code = 0;

    running = identify(c);
    if (!running)
        WARN("client not identified (%lu): connection closed", GetLastError());
    while (running) {
        switch (lsa_pipe_wait_request(c->pipe, &c->ov, &c->request, LSA_SERVER_PREFIX_SIZE, prefix, NULL, NULL)) {
        case PIPE_REQUEST_READY:
            take_thread(c, prefix[0] | (DWORD)prefix[1] << 8 | (DWORD)prefix[2] << 16 | (DWORD)prefix[3] << 24);
            running = lsa_pipe_serve_request(c->pipe, &c->ov, &c->caller, &c->request, &c->reply);
            break;
        case PIPE_REQUEST_NOMEM: running = lsa_pipe_send_status(c->pipe, &c->ov, STATUS_NO_MEMORY); break;
        case PIPE_REQUEST_STOP: running = FALSE; break;
        }
        /* The request may carry a password and the buffers are reused: nothing stays behind. */
        lsa_wbuf_wipe(&c->request);
        lsa_wbuf_wipe(&c->reply);
    }
    /* A client that is gone leaves no entries behind; one that only closed this connection keeps its buffers. */
    if (c->caller.process && GetExitCodeProcess(c->caller.process, &code) && code != STILL_ACTIVE)
        lsa_core_client_gone(c->caller.process_id);
    CloseHandle(c->pipe);
    if (c->thread)
        CloseHandle(c->thread);
    if (c->caller.token)
        CloseHandle(c->caller.token);
    if (c->caller.process)
        CloseHandle(c->caller.process);
    CloseHandle(c->ov.hEvent);
    lsa_wbuf_free(&c->request);
    lsa_wbuf_free(&c->reply);
    HeapFree(GetProcessHeap(), 0, c);
    InterlockedDecrement(&connections);
    return 0;
}

BOOL lsass_connection_start(HANDLE pipe)
{
    connection *c = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*c));
    HANDLE t;
    if (!c || !(c->ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL))) {
        if (c)
            HeapFree(GetProcessHeap(), 0, c);
        CloseHandle(pipe);
        return FALSE;
    }
    c->pipe = pipe;
    lsa_wbuf_init(&c->request, LSA_WIRE_MAX_MESSAGE);
    lsa_wbuf_init(&c->reply, LSA_WIRE_MAX_MESSAGE);
    InterlockedIncrement(&connections);
    if (!(t = CreateThread(NULL, 0, serve, c, 0, NULL))) {
        InterlockedDecrement(&connections);
        CloseHandle(c->ov.hEvent);
        HeapFree(GetProcessHeap(), 0, c);
        CloseHandle(pipe);
        return FALSE;
    }
    CloseHandle(t);
    return TRUE;
}
