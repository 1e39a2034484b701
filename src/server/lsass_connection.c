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
#include "lsa_le.h"
#include "lsa_placement.h"
#include "lsass_fast.h"

#include <string.h>

static volatile LONG connections;

typedef struct connection {
    HANDLE pipe;
    OVERLAPPED ov;
    lsa_core_caller caller;
    HANDLE thread;      /* the verified client thread (caller.thread_id), held open */
    lsa_wbuf request, reply;
    lsa_wbuf out;       /* what goes back: the reply header, the wire reply, the placement section */
    lsass_fast fast;    /* the fast channel, once the client asked for it */
    lsa_wbuf fast_request;
    BOOL reading;       /* a pipe read is pending into `request` (fast mode waits for both) */
    OVERLAPPED wov;     /* pipe writes while that read is pending */
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
    /* A process never changes terminal session: learnt once, not per logon. */
    c->caller.has_terminal_session = ProcessIdToSessionId(pid, &c->caller.terminal_session);
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
    c->caller.thread = NULL;
    if (!tid || !(t = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, tid)))
        return;
    if (GetProcessIdOfThread(t) != c->caller.process_id) {
        WARN("process %lu named thread %lu of another process", (unsigned long)c->caller.process_id,
             (unsigned long)tid);
        CloseHandle(t);
        return;
    }
    c->thread = t;
    c->caller.thread = t;
    c->caller.thread_id = tid;
}

/* One request: the core's reply, then the placement section of the blocks laid out in the client's grant, behind
 * the reply header, into c->out. FALSE ends the connection. */
static BOOL build_reply(connection *c, const uint8_t *prefix, const uint8_t *request, size_t request_len)
{
    uint8_t header[LSA_SERVER_REPLY_HEADER] = { 0 };
    uint32_t section;
    NTSTATUS failure = STATUS_SUCCESS;

    lsa_core_placement_begin(c->caller.placement, lsa_le_get64(prefix + 8), lsa_le_get32(prefix + 4));
    lsa_wbuf_reset(&c->out);
    if (!lsa_core_handle(&c->caller, request, request_len, &c->reply))
        failure = STATUS_NO_MEMORY;
    else if (c->reply.len < LSA_WIRE_HEADER_SIZE || c->reply.len > LSA_WIRE_MAX_MESSAGE)
        return FALSE; /* the core broke its contract; a closed connection is the only honest answer */
    else if (!lsa_wbuf_reserve(&c->out, LSA_SERVER_REPLY_HEADER + c->reply.len))
        failure = STATUS_NO_MEMORY; /* the call's outcome (a token in the client, a session) stands, as on every
                                     * transport when no reply can be sent */
    if (failure == STATUS_SUCCESS) {
        memcpy(c->out.data, header, sizeof(header));
        memcpy(c->out.data + sizeof(header), c->reply.data, c->reply.len);
        c->out.len = sizeof(header) + c->reply.len;
        if (!lsa_core_placement_finish(c->caller.placement, &c->out))
            failure = STATUS_NO_MEMORY;
    }
    if (failure != STATUS_SUCCESS) {
        uint8_t status[LSA_PIPE_STATUS_MESSAGE_SIZE];
        lsa_le_put32(status, (uint32_t)failure);
        lsa_core_placement_finish(c->caller.placement, NULL); /* no reply: the blocks are dropped */
        c->out.len = 0;
        if (!lsa_wbuf_reserve(&c->out, sizeof(header) + sizeof(status) + LSA_PLACEMENT_HEADER))
            return FALSE;
        memcpy(c->out.data, header, sizeof(header));
        memcpy(c->out.data + sizeof(header), status, sizeof(status));
        memset(c->out.data + sizeof(header) + sizeof(status), 0, LSA_PLACEMENT_HEADER); /* no blocks */
        c->out.len = sizeof(header) + sizeof(status) + LSA_PLACEMENT_HEADER;
    }
    section = (uint32_t)(c->out.len - sizeof(header) - (failure == STATUS_SUCCESS ? c->reply.len
                                                                                 : LSA_PIPE_STATUS_MESSAGE_SIZE));
    lsa_le_put32(c->out.data, section);
    return TRUE;
}

/* A rare huge message should not pin megabytes per connection. */
static void trim_buffers(connection *c)
{
    if (!c->reading && c->request.cap > LSA_PIPE_KEEP_BUFFER)
        lsa_wbuf_free(&c->request);
    if (c->reply.cap > LSA_PIPE_KEEP_BUFFER)
        lsa_wbuf_free(&c->reply);
    if (c->out.cap > LSA_PIPE_KEEP_BUFFER + LSA_PLACEMENT_MAX_SECTION + LSA_SERVER_REPLY_HEADER)
        lsa_wbuf_free(&c->out);
}

/* A request that came over the pipe, answered there. */
static BOOL serve_request(connection *c, const uint8_t *prefix)
{
    BOOL ok = build_reply(c, prefix, c->request.data, c->request.len) &&
              lsa_pipe_write(c->pipe, &c->ov, c->out.data, (DWORD)c->out.len);
    trim_buffers(c);
    return ok;
}

/* A request that came through the fast channel (a pipe read pending meanwhile): answered there, or over the pipe
 * when the reply is too large for it. */
static BOOL serve_fast(connection *c)
{
    BOOL ok, on_pipe = FALSE;
    const uint8_t *prefix;
    if (!lsass_fast_take_request(&c->fast, &c->fast_request)) {
        WARN("fast channel request of a broken length: connection closed");
        return FALSE;
    }
    prefix = c->fast_request.data;
    take_thread(c, lsa_le_get32(prefix));
    ok = build_reply(c, prefix, prefix + LSA_SERVER_PREFIX_SIZE, c->fast_request.len - LSA_SERVER_PREFIX_SIZE);
    lsa_wbuf_wipe(&c->fast_request); /* it may carry a password */
    if (ok)
        lsass_fast_reply(&c->fast, c->out.data, c->out.len, &on_pipe);
    if (ok && on_pipe)
        ok = lsa_pipe_write(c->pipe, &c->wov, c->out.data, (DWORD)c->out.len);
    trim_buffers(c);
    return ok;
}

/* The client asks for the fast channel: its handles, or magic 0 to stay on the pipe. */
static BOOL open_fast(connection *c)
{
    uint8_t reply[LSA_SERVER_FAST_OPEN_REPLY];
    lsass_fast_open(&c->fast, c->caller.process, reply);
    return lsa_pipe_write(c->pipe, &c->ov, reply, sizeof(reply));
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
        pipe_request_result r =
            c->fast.view ? lsa_pipe_wait_request_or(c->pipe, &c->ov, &c->request, LSA_SERVER_PREFIX_SIZE, prefix,
                                                    c->fast.request, &c->reading)
                         : lsa_pipe_wait_request(c->pipe, &c->ov, &c->request, LSA_SERVER_PREFIX_SIZE, prefix, NULL,
                                                 NULL);
        switch (r) {
        case PIPE_REQUEST_OTHER:
            running = serve_fast(c);
            break;
        case PIPE_REQUEST_READY:
            if (!c->request.len && lsa_le_get32(prefix + 4) == LSA_SERVER_FAST_OPEN) {
                running = open_fast(c);
                break;
            }
            take_thread(c, lsa_le_get32(prefix));
            running = serve_request(c, prefix);
            break;
        case PIPE_REQUEST_NOMEM: {
            /* The reply framing with a status message and no blocks. */
            static const uint8_t nomem[LSA_SERVER_REPLY_HEADER + LSA_PIPE_STATUS_MESSAGE_SIZE + LSA_PLACEMENT_HEADER] =
                { LSA_PLACEMENT_HEADER, 0, 0, 0, 0, 0, 0, 0, 0x17, 0, 0, 0xC0 };
            running = lsa_pipe_write(c->pipe, &c->ov, nomem, sizeof(nomem));
            break;
        }
        case PIPE_REQUEST_STOP: running = FALSE; break;
        }
        /* The request may carry a password and the buffers are reused: nothing stays behind (a pending read's
         * buffer is left to it). */
        if (!c->reading)
            lsa_wbuf_wipe(&c->request);
        lsa_wbuf_wipe(&c->reply);
        /* Only what was written: the buffer is large (it has room for a whole section) and mostly untouched. */
        lsa_wire_wipe(c->out.data, c->out.len);
        lsa_wbuf_reset(&c->out);
    }
    if (c->reading) { /* never leave a read pending into memory about to be freed */
        DWORD unused;
        CancelIoEx(c->pipe, &c->ov);
        GetOverlappedResult(c->pipe, &c->ov, &unused, TRUE);
    }
    lsass_fast_close(&c->fast); /* a client waiting in the channel is told the connection ended */
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
    CloseHandle(c->wov.hEvent);
    lsa_wbuf_free(&c->fast_request);
    lsa_wbuf_free(&c->request);
    lsa_wbuf_free(&c->reply);
    lsa_wbuf_free(&c->out);
    lsa_core_placement_destroy(c->caller.placement);
    HeapFree(GetProcessHeap(), 0, c);
    InterlockedDecrement(&connections);
    return 0;
}

BOOL lsass_connection_start(HANDLE pipe)
{
    connection *c = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*c));
    HANDLE t;
    if (!c || !(c->caller.placement = lsa_core_placement_create()) ||
        !(c->ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL)) ||
        !(c->wov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL))) {
        if (c) {
            if (c->ov.hEvent)
                CloseHandle(c->ov.hEvent);
            lsa_core_placement_destroy(c->caller.placement);
            HeapFree(GetProcessHeap(), 0, c);
        }
        CloseHandle(pipe);
        return FALSE;
    }
    c->pipe = pipe;
    lsa_wbuf_init(&c->request, LSA_WIRE_MAX_MESSAGE);
    lsa_wbuf_init(&c->reply, LSA_WIRE_MAX_MESSAGE);
    lsa_wbuf_init(&c->out, LSA_SERVER_REPLY_HEADER + LSA_WIRE_MAX_MESSAGE + LSA_PLACEMENT_MAX_SECTION);
    lsa_wbuf_init(&c->fast_request, LSA_SERVER_FAST_REQUEST);
    InterlockedIncrement(&connections);
    if (!(t = CreateThread(NULL, 0, serve, c, 0, NULL))) {
        InterlockedDecrement(&connections);
        lsa_core_placement_destroy(c->caller.placement);
        CloseHandle(c->ov.hEvent);
        CloseHandle(c->wov.hEvent);
        HeapFree(GetProcessHeap(), 0, c);
        CloseHandle(pipe);
        return FALSE;
    }
    CloseHandle(t);
    return TRUE;
}
