/* Pipe transport, core side: creating a channel (a named-pipe instance connected to itself) and the core thread that
 * serves it: read one whole request, call lsa_core_handle() as the client thread recorded in the channel, write the
 * reply. The thread ends when the pipe breaks, when the client side breaks framing, or after an idle period with no
 * client holding the channel (so core threads never keep a process alive whose own threads have all ended). */
#include "transport_pipe_internal.h"
#include "lsa_core.h"

#include <stdlib.h>

volatile LONG lsa_pipe_created_count;
volatile LONG lsa_pipe_thread_count;

static INIT_ONCE init_once = INIT_ONCE_STATIC_INIT;
static DWORD fls_index = FLS_OUT_OF_INDEXES;
static BOOLEAN (NTAPI *shutdown_in_progress)(void); /* ntdll's RtlDllShutdownInProgress, when present */
static volatile LONG name_seq;

void lsa_pipe_channel_release(pipe_channel *ch)
{
    if (InterlockedDecrement(&ch->refs) != 0)
        return;
    lsa_wbuf_free(&ch->request);
    lsa_wbuf_free(&ch->reply);
    if (ch->ov.hEvent)
        CloseHandle(ch->ov.hEvent);
    free(ch);
}

/* The core thread's last act, normal or not: leave the pool, close the server end (a client waiting on it then
 * sees a broken pipe rather than hanging), drop the thread's reference. */
static void stop_serving(pipe_channel *ch)
{
    lsa_pipe_pool_retire(ch);
    CloseHandle(ch->server);
    ch->server = NULL;
    InterlockedDecrement(&lsa_pipe_thread_count);
    lsa_pipe_channel_release(ch);
}

/* Runs when a core thread ends without returning from core_thread (a package called ExitThread): without it the
 * client would wait forever on a pipe whose server end nobody reads. */
static void WINAPI core_thread_gone(void *value)
{
    /* At process exit (a package calling exit() on a core thread) other threads are gone, maybe holding the pool
     * lock: touch nothing. */
    if (value && !(shutdown_in_progress && shutdown_in_progress()))
        stop_serving(value);
}

static BOOL CALLBACK init_process(INIT_ONCE *once, void *param, void **context)
{
    HMODULE self, ntdll = GetModuleHandleW(L"ntdll.dll");
    (void)once;
    (void)param;
    (void)context;
    if (ntdll)
        shutdown_in_progress =
            (BOOLEAN (NTAPI *)(void))(void (*)(void))GetProcAddress(ntdll, "RtlDllShutdownInProgress");
    fls_index = FlsAlloc(core_thread_gone); /* on failure we only lose the ExitThread safety net */
    /* Core threads run this module's code: pin it, so FreeLibrary can never unmap it under them (and DllMain never
     * has to stop threads while holding the loader lock). Should pinning fail, only a program that unloads us while
     * calls are in flight could be hurt; the calls themselves still work. */
    (void)GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                             (LPCWSTR)(const void *)&fls_index, &self);
    return TRUE;
}

/* The core thread's idle check: retire the channel when no client holds it. */
static BOOL channel_idle(void *ch)
{
    return lsa_pipe_pool_retire(ch);
}

static DWORD WINAPI core_thread(void *arg)
{
    pipe_channel *ch = arg;
    BOOL running = TRUE;

    if (fls_index != FLS_OUT_OF_INDEXES)
        FlsSetValue(fls_index, ch);
    while (running) {
        switch (lsa_pipe_wait_request(ch->server, &ch->ov, &ch->request, 0, NULL, channel_idle, ch)) {
        case PIPE_REQUEST_READY: {
            lsa_core_caller caller = { .process_id = GetCurrentProcessId(), .thread_id = 0 };
            caller.thread_id = (DWORD)InterlockedCompareExchange(&ch->client_tid, 0, 0);
            running = lsa_pipe_serve_request(ch->server, &ch->ov, &caller, &ch->request, &ch->reply);
            break;
        }
        case PIPE_REQUEST_NOMEM: running = lsa_pipe_send_status(ch->server, &ch->ov, STATUS_NO_MEMORY); break;
        case PIPE_REQUEST_OTHER: /* not asked for here */
        case PIPE_REQUEST_STOP: running = FALSE; break;
        }
        /* The request may carry a password and the buffers are reused: nothing stays behind until the next call. */
        lsa_wbuf_wipe(&ch->request);
        lsa_wbuf_wipe(&ch->reply);
    }
    if (fls_index != FLS_OUT_OF_INDEXES)
        FlsSetValue(fls_index, NULL);
    stop_serving(ch);
    return 0;
}

static WCHAR *put_hex(WCHAR *p, ULONGLONG v, int digits)
{
    while (digits--)
        *p++ = L"0123456789abcdef"[(v >> (4 * digits)) & 15];
    return p;
}

/* \\.\pipe\lsaemu-<pid>-<seq>-<noise>: unique per process; FILE_FLAG_FIRST_PIPE_INSTANCE turns a squatted name into
 * a failure (and a retry with the next name) instead of a connection to someone else's server. */
static void make_name(WCHAR *name, const void *salt)
{
    static const WCHAR prefix[] = L"\\\\.\\pipe\\lsaemu-";
    LARGE_INTEGER qpc;
    WCHAR *p = name;
    QueryPerformanceCounter(&qpc);
    for (const WCHAR *s = prefix; *s; s++)
        *p++ = *s;
    p = put_hex(p, GetCurrentProcessId(), 8);
    *p++ = L'-';
    p = put_hex(p, (ULONG)InterlockedIncrement(&name_seq), 8);
    *p++ = L'-';
    p = put_hex(p, (ULONGLONG)qpc.QuadPart ^ ((ULONGLONG)(ULONG_PTR)salt << 16) ^ GetTickCount(), 16);
    *p = 0;
}

/* Create the pipe instance and connect our own client end to it. */
static BOOL connect_pair(pipe_channel *ch)
{
    WCHAR name[64];
    DWORD mode = PIPE_READMODE_MESSAGE;

    for (int attempt = 0; attempt < 4; attempt++) {
        make_name(name, ch);
        ch->server = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE | FILE_FLAG_OVERLAPPED,
                                      PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT |
                                          PIPE_REJECT_REMOTE_CLIENTS,
                                      1, 64 * 1024, 64 * 1024, 0, NULL);
        if (ch->server != INVALID_HANDLE_VALUE)
            break;
        ch->server = NULL;
    }
    if (!ch->server)
        return FALSE;
    /* One instance only, so if anyone else connected first this fails and the channel is never used. Identification
     * level: nobody serving this name may act as us. */
    ch->client = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                             SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, NULL);
    if (ch->client == INVALID_HANDLE_VALUE) {
        ch->client = NULL;
        return FALSE;
    }
    if (!SetNamedPipeHandleState(ch->client, &mode, NULL, NULL))
        return FALSE;
    /* Already connected by the CreateFileW above: overlapped ConnectNamedPipe reports ERROR_PIPE_CONNECTED. */
    if (ConnectNamedPipe(ch->server, &ch->ov) || GetLastError() == ERROR_PIPE_CONNECTED)
        return TRUE;
    if (GetLastError() == ERROR_IO_PENDING) {
        DWORD unused;
        CancelIoEx(ch->server, &ch->ov);
        GetOverlappedResult(ch->server, &ch->ov, &unused, TRUE);
    }
    return FALSE;
}

pipe_channel *lsa_pipe_channel_create(void)
{
    pipe_channel *ch;
    HANDLE thread;

    InitOnceExecuteOnce(&init_once, init_process, NULL, NULL);
    if (!(ch = calloc(1, sizeof(*ch))))
        return NULL;
    ch->state = PIPE_CHANNEL_BUSY;
    ch->refs = 2; /* the pool's (the creating client holds it) and the core thread's */
    ch->client_tid = (LONG)GetCurrentThreadId();
    lsa_wbuf_init(&ch->request, LSA_WIRE_MAX_MESSAGE);
    lsa_wbuf_init(&ch->reply, LSA_WIRE_MAX_MESSAGE);
    ch->ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (ch->ov.hEvent && connect_pair(ch)) {
        InterlockedIncrement(&lsa_pipe_thread_count);
        thread = CreateThread(NULL, 0, core_thread, ch, 0, NULL);
        if (thread) {
            CloseHandle(thread); /* the thread ends on its own; nobody joins it */
            InterlockedIncrement(&lsa_pipe_created_count);
            return ch;
        }
        InterlockedDecrement(&lsa_pipe_thread_count);
    }
    if (ch->client)
        CloseHandle(ch->client);
    if (ch->server)
        CloseHandle(ch->server);
    ch->refs = 1;
    lsa_pipe_channel_release(ch);
    return NULL;
}
