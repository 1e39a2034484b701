/* The `server` transport, client side: every call goes to the prefix's LSA server, lsaemu_lsass.exe (src/server),
 * over its named pipe in message mode; the server is started on demand, like wineserver.
 *
 * Connections: a pool of open pipe handles; a calling thread takes a free one (or opens one) and gives it back after
 * the reply, so concurrent calls run concurrently, each on its own server thread. The handle is opened with
 * SECURITY_SQOS_PRESENT | SECURITY_IMPERSONATION, so the server may impersonate us to learn our token.
 *
 * No server listening: one client (a named mutex per pipe name serialises them) starts lsaemu_lsass.exe from the
 * folder of this DLL, else from system32, with this process's environment (its configuration: LSAEMU_ACCOUNTS,
 * KRB5_CONFIG, ...), and every client waits for the pipe up to LSA_SERVER_START_MS; then the call fails with
 * RPC_NT_SERVER_UNAVAILABLE. A connection that breaks during a call (the server died) fails that call with
 * STATUS_PORT_DISCONNECTED and drops every pooled connection; the next call connects again, starting a new server.
 *
 * The pipe name (LSAEMU_SERVER_PIPE) is read at every call, so a process that changes its configuration can name
 * another server: when the name differs from the one the pool was filled for, the pooled connections are closed and
 * the call connects to (or starts, with the process's current environment) the server of the new name. */
#include "transport_pipe_internal.h"
#include "transport_server_internal.h"
#include "lsa_transport.h"
#include "lsa_le.h"
#include "lsa_placement.h"

#include <stdarg.h>
#include <stdio.h>

#include <string.h>

#define LSA_SERVER_START_MS 5000u

/* A failure the user can act on (no server program, no server answering), straight to the console handle: this
 * library is linked without the core's trace channels (the transport test links it alone). */
static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    int n = snprintf(line, sizeof(line), "lsaemu: server transport: ");
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    DWORD written;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    n = (int)strlen(line);
    line[n++] = '\n';
    if (err && err != INVALID_HANDLE_VALUE)
        WriteFile(err, line, (DWORD)n, &written, NULL); /* best effort: there may be no console */
}

static SRWLOCK pool_lock = SRWLOCK_INIT;
static lsa_server_conn *free_conns[64];
static unsigned free_count;
static WCHAR pool_name[LSA_SERVER_NAME_MAX]; /* the pipe the pooled connections lead to */

static void close_conn(lsa_server_conn *c)
{
    lsa_server_fast_close(c);
    CloseHandle(c->pipe);
    HeapFree(GetProcessHeap(), 0, c);
}

/* A pooled connection to `name`, else NULL. A name other than the pool's (LSAEMU_SERVER_PIPE changed) empties the
 * pool: those connections lead to another server. */
static lsa_server_conn *take_free(const WCHAR *name)
{
    lsa_server_conn *h = NULL, *gone[ARRAYSIZE(free_conns)];
    unsigned n = 0;
    AcquireSRWLockExclusive(&pool_lock);
    if (lstrcmpiW(pool_name, name) != 0) {
        n = free_count;
        memcpy(gone, free_conns, n * sizeof(gone[0]));
        free_count = 0;
        lstrcpyW(pool_name, name);
    } else if (free_count) {
        h = free_conns[--free_count];
    }
    ReleaseSRWLockExclusive(&pool_lock);
    for (unsigned i = 0; i < n; i++)
        close_conn(gone[i]);
    return h;
}

static void give_back(lsa_server_conn *h, const WCHAR *name)
{
    AcquireSRWLockExclusive(&pool_lock);
    /* Not kept when the pool moved to another name during our call. */
    if (free_count < ARRAYSIZE(free_conns) && lstrcmpiW(pool_name, name) == 0) {
        free_conns[free_count++] = h;
        h = NULL;
    }
    ReleaseSRWLockExclusive(&pool_lock);
    if (h)
        close_conn(h); /* more idle connections than we keep, or another server's */
}

/* The server is gone: every pooled connection went with it. */
static void drop_pool(void)
{
    lsa_server_conn *gone[ARRAYSIZE(free_conns)];
    unsigned n;
    AcquireSRWLockExclusive(&pool_lock);
    n = free_count;
    memcpy(gone, free_conns, n * sizeof(gone[0]));
    free_count = 0;
    ReleaseSRWLockExclusive(&pool_lock);
    for (unsigned i = 0; i < n; i++)
        close_conn(gone[i]);
}

static HANDLE open_pipe(const WCHAR *pipe_name)
{
    DWORD mode = PIPE_READMODE_MESSAGE;
    HANDLE h = CreateFileW(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           SECURITY_SQOS_PRESENT | SECURITY_IMPERSONATION, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return NULL;
    if (!SetNamedPipeHandleState(h, &mode, NULL, NULL)) {
        CloseHandle(h);
        SetLastError(ERROR_PIPE_NOT_CONNECTED);
        return NULL;
    }
    return h;
}

/* lsaemu_lsass.exe beside this DLL, else in system32. */
static BOOL server_path(WCHAR *path, DWORD size)
{
    HMODULE self;
    DWORD n;
    WCHAR *slash = NULL;
    if (GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                           (LPCWSTR)(const void *)&pool_lock, &self) &&
        (n = GetModuleFileNameW(self, path, size)) && n < size) {
        for (WCHAR *p = path; *p; p++)
            if (*p == L'\\' || *p == L'/')
                slash = p;
        if (slash && (size_t)(slash + 1 - path) + ARRAYSIZE(LSA_SERVER_EXE) <= size) {
            lstrcpyW(slash + 1, LSA_SERVER_EXE);
            if (GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES)
                return TRUE;
        }
    }
    n = GetSystemDirectoryW(path, size);
    if (!n || n + 1 + ARRAYSIZE(LSA_SERVER_EXE) > size)
        return FALSE;
    path[n] = L'\\';
    lstrcpyW(path + n + 1, LSA_SERVER_EXE);
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

/* Under the start mutex: start the server unless someone did, and wait until its pipe exists or time runs out.
 * FALSE only when CreateProcess failed, which may pass (measured once in ~270 test programs under load, with
 * ERROR_INTERNAL_ERROR from Wine): the caller may try again while its time lasts. */
static BOOL start_server(const WCHAR *pipe_name, DWORD deadline)
{
    WCHAR path[MAX_PATH + 32], cmd[MAX_PATH + 40];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    HANDLE h;

    if ((h = open_pipe(pipe_name)) || GetLastError() != ERROR_FILE_NOT_FOUND) {
        if (h)
            CloseHandle(h); /* another client started it meanwhile */
        return TRUE;
    }
    if (!server_path(path, ARRAYSIZE(path))) {
        report("%ls not found beside secur32.dll nor in system32", LSA_SERVER_EXE);
        return TRUE; /* no use trying again */
    }
    cmd[0] = L'"';
    lstrcpyW(cmd + 1, path);
    lstrcatW(cmd, L"\"");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    /* No handles inherited: a server outliving us must not hold our pipes or files open. */
    if (!CreateProcessW(path, cmd, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
        report("cannot start %ls: %lu", path, GetLastError());
        return FALSE;
    }
    CloseHandle(pi.hThread);
    while ((LONG)(deadline - GetTickCount()) > 0) {
        if (WaitNamedPipeW(pipe_name, 0) || GetLastError() != ERROR_FILE_NOT_FOUND)
            break; /* listening (maybe busy: the caller waits for an instance) */
        if (WaitForSingleObject(pi.hProcess, 10) == WAIT_OBJECT_0) {
            report("%ls exited at start", path);
            break;
        }
    }
    CloseHandle(pi.hProcess);
    return TRUE;
}

/* A mutex named after the pipe, so two clients never start two servers for one name. */
static HANDLE start_mutex(const WCHAR *pipe_name)
{
    WCHAR name[LSA_SERVER_NAME_MAX + 32] = L"Local\\lsaemu-lsa-start-";
    size_t n = lstrlenW(name);
    for (const WCHAR *p = pipe_name; *p; p++)
        name[n++] = *p == L'\\' ? L'_' : *p;
    name[n] = 0;
    return CreateMutexW(NULL, FALSE, name);
}

static HANDLE connect_server(const WCHAR *pipe_name)
{
    DWORD deadline = GetTickCount() + LSA_SERVER_START_MS;
    unsigned starts = 0; /* attempts to start it: a failed CreateProcess is tried again, a few times */
    HANDLE h;

    for (;;) {
        if ((h = open_pipe(pipe_name)))
            return h;
        if ((LONG)(deadline - GetTickCount()) <= 0)
            return NULL;
        if (GetLastError() == ERROR_PIPE_BUSY) {
            WaitNamedPipeW(pipe_name, 50); /* every instance taken: the server makes another at once */
        } else if (GetLastError() == ERROR_FILE_NOT_FOUND && starts < 3) {
            HANDLE mutex = start_mutex(pipe_name);
            starts++;
            if (mutex && WaitForSingleObject(mutex, LSA_SERVER_START_MS) != WAIT_TIMEOUT) {
                if (start_server(pipe_name, deadline))
                    starts = 3; /* started, or no program to start: wait for the pipe */
                ReleaseMutex(mutex);
            }
            if (starts < 3)
                Sleep(100);
            if (mutex)
                CloseHandle(mutex);
        } else {
            Sleep(10); /* a server starting or between instances */
        }
    }
}

/* The rest of a reply whose first chunk (reply->len bytes) is in: the reply header's section length and the wire
 * header behind it size the whole; it must end exactly there. */
static pipe_msg_result finish_reply(HANDLE h, lsa_wbuf *reply, BOOL more)
{
    lsa_wire_header hdr;
    uint32_t section;
    size_t total;
    DWORD got;
    if (reply->len < LSA_SERVER_REPLY_HEADER)
        return PIPE_MSG_PROTOCOL;
    if (!more)
        return PIPE_MSG_OK;
    section = lsa_le_get32(reply->data);
    if (section > LSA_PLACEMENT_MAX_SECTION ||
        lsa_wire_decode_header(reply->data + LSA_SERVER_REPLY_HEADER, reply->len - LSA_SERVER_REPLY_HEADER, &hdr) !=
            LSA_WIRE_OK ||
        hdr.length > LSA_WIRE_MAX_MESSAGE)
        return PIPE_MSG_PROTOCOL;
    total = LSA_SERVER_REPLY_HEADER + (size_t)hdr.length + section; /* each bounded: no overflow */
    if (total <= reply->len)
        return PIPE_MSG_PROTOCOL;
    if (!lsa_pipe_wbuf_reserve(reply, total))
        return PIPE_MSG_NOMEM; /* the connection is dropped: its message was not drained */
    while (reply->len < total) {
        BOOL ok = lsa_pipe_read(h, NULL, reply->data + reply->len, (DWORD)(total - reply->len), &got);
        reply->len += got;
        if (ok)
            return reply->len == total ? PIPE_MSG_OK : PIPE_MSG_PROTOCOL;
        if (GetLastError() != ERROR_MORE_DATA)
            return PIPE_MSG_BROKEN;
    }
    return PIPE_MSG_PROTOCOL;
}

/* A whole reply is in: leave the wire message alone at the start of the buffer and, once it checks out, place the
 * section's blocks in the grant (which is then the caller's, or gone when no block came). */
static NTSTATUS open_reply(lsa_wbuf *reply, void **grant, uint32_t grant_size, BOOL *channel_ok)
{
    uint32_t section = lsa_le_get32(reply->data);
    size_t wire;
    NTSTATUS status;
    *channel_ok = FALSE;
    if (reply->len - LSA_SERVER_REPLY_HEADER < section)
        return STATUS_PORT_DISCONNECTED;
    wire = reply->len - LSA_SERVER_REPLY_HEADER - section;
    /* Moving the message 8 bytes down leaves the section behind it untouched; the buffer is wiped by its owner. */
    memmove(reply->data, reply->data + LSA_SERVER_REPLY_HEADER, wire);
    reply->len = wire;
    if ((status = lsa_pipe_check_reply(reply, channel_ok)) != STATUS_SUCCESS)
        return status; /* the grant is dropped: a failed call returns no buffer */
    if (!lsa_server_grant_place(*grant, grant_size, reply->data + LSA_SERVER_REPLY_HEADER + wire, section)) {
        *grant = NULL;
        *channel_ok = FALSE;
        return STATUS_PORT_DISCONNECTED; /* not our server's framing */
    }
    *grant = NULL;
    return STATUS_SUCCESS;
}

/* A new connection, with the fast channel when the server gives one. */
static lsa_server_conn *new_conn(const WCHAR *pipe_name)
{
    lsa_server_conn *c;
    HANDLE h = connect_server(pipe_name);
    if (!h)
        return NULL;
    if (!(c = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*c)))) {
        CloseHandle(h);
        return NULL;
    }
    c->pipe = h;
    lsa_server_fast_open(c);
    return c;
}

static NTSTATUS server_call(const uint8_t *request, size_t len, lsa_wbuf *reply)
{
    uint8_t stack[LSA_SERVER_PREFIX_SIZE + 1024];
    uint8_t *frame = stack;
    DWORD got = 0;
    size_t first;
    BOOL ok, more = FALSE, channel_ok = FALSE;
    NTSTATUS status = STATUS_PORT_DISCONNECTED;
    lsa_server_conn *h;
    WCHAR pipe_name[LSA_SERVER_NAME_MAX];
    lsa_wire_header hdr;
    void *grant = NULL;
    uint32_t grant_size = 0;
    uint64_t grant_address;

    if (!request || !reply || len < LSA_WIRE_HEADER_SIZE || len > LSA_WIRE_MAX_MESSAGE)
        return STATUS_INVALID_PARAMETER;
    if (!lsa_server_pipe_name(pipe_name)) {
        report("LSAEMU_SERVER_PIPE must be \\\\.\\pipe\\<name>, under %u characters", LSA_SERVER_NAME_MAX);
        return STATUS_OBJECT_NAME_INVALID;
    }
    reply->max = LSA_SERVER_REPLY_HEADER + LSA_WIRE_MAX_MESSAGE + LSA_PLACEMENT_MAX_SECTION;
    lsa_wbuf_reset(reply);
    first = LSA_PIPE_FIRST_CHUNK;
    if (!lsa_pipe_wbuf_reserve(reply, first))
        return STATUS_NO_MEMORY;
    if (len > sizeof(stack) - LSA_SERVER_PREFIX_SIZE && !(frame = HeapAlloc(GetProcessHeap(), 0,
                                                                          LSA_SERVER_PREFIX_SIZE + len)))
        return STATUS_NO_MEMORY;
    if (lsa_wire_decode_header(request, len, &hdr) == LSA_WIRE_OK)
        grant = lsa_server_grant_take(hdr.op, &grant_size);
    grant_address = (uint64_t)(uintptr_t)grant;
    lsa_le_put32(frame, GetCurrentThreadId());
    lsa_le_put32(frame + 4, grant_size);
    lsa_le_put64(frame + 8, grant_address);
    memcpy(frame + LSA_SERVER_PREFIX_SIZE, request, len);

    if (!(h = take_free(pipe_name)) && !(h = new_conn(pipe_name))) {
        report("no LSA server on %ls", pipe_name);
        status = RPC_NT_SERVER_UNAVAILABLE;
    } else {
        if (lsa_server_fast_fits(h, LSA_SERVER_PREFIX_SIZE + len)) {
            ok = lsa_server_fast_transact(h, frame, LSA_SERVER_PREFIX_SIZE + len, reply, (DWORD)first, &more);
        } else {
            ok = TransactNamedPipe(h->pipe, frame, (DWORD)(LSA_SERVER_PREFIX_SIZE + len), reply->data, (DWORD)first,
                                   &got, NULL);
            more = !ok && GetLastError() == ERROR_MORE_DATA;
            ok = ok || more;
            reply->len = got;
        }
        if (ok) {
            switch (finish_reply(h->pipe, reply, more)) {
            case PIPE_MSG_OK: status = open_reply(reply, &grant, grant_size, &channel_ok); break;
            case PIPE_MSG_NOMEM: status = STATUS_NO_MEMORY; break; /* this connection only: its message is unread */
            case PIPE_MSG_BROKEN:
            case PIPE_MSG_PROTOCOL: break;
            }
        }
        if (channel_ok) {
            give_back(h, pipe_name);
        } else {
            close_conn(h);
            if (status != STATUS_NO_MEMORY)
                drop_pool(); /* the server is gone, or not ours: the pooled connections too */
        }
    }
    lsa_server_grant_drop(grant); /* still ours when no reply placed it */
    /* The request may carry a password. */
    lsa_wire_wipe(frame, LSA_SERVER_PREFIX_SIZE + len);
    if (frame != stack)
        HeapFree(GetProcessHeap(), 0, frame);
    if (status != STATUS_SUCCESS)
        reply->len = 0;
    return status;
}

const lsa_transport lsa_transport_server = { "server", server_call, lsa_server_free_local };
