/* The LSA server's listener: one pipe instance waits for a client at a time; each connection gets its own thread.
 *
 * The pipe is LSAEMU_SERVER_PIPE, else \\.\pipe\lsaemu-lsa (named pipes are per Wine prefix). Run as a plain program,
 * the server exits, like wineserver, when it has had no client connection and no live logon session (a token of one
 * still open somewhere) for LSAEMU_SERVER_IDLE_MS milliseconds (default LSASS_DEFAULT_IDLE_MS); sessions live in this
 * process, so it stays while one does. Run as a service it stays until the service is stopped. Every tick it also
 * forgets the clients that have exited (their memory arenas, which hold their process handles): a client may close
 * its last connection before it exits, and then no connection sees it go. */
#include "lsass_server.h"
#include "lsa_core.h"
#include "lsa_trace.h"
#include "transport_server_internal.h"

#include <stdlib.h>

#define LSASS_DEFAULT_IDLE_MS 10000u
#define LSASS_TICK_MS 250u

static DWORD idle_limit(void)
{
    char value[16];
    DWORD n = GetEnvironmentVariableA("LSAEMU_SERVER_IDLE_MS", value, sizeof(value));
    char *end;
    unsigned long v;
    if (!n || n >= sizeof(value))
        return LSASS_DEFAULT_IDLE_MS;
    v = strtoul(value, &end, 10);
    return *end || v == 0 || v > 86400000ul ? LSASS_DEFAULT_IDLE_MS : (DWORD)v;
}

static HANDLE new_instance(const WCHAR *name, BOOL first)
{
    return CreateNamedPipeW(name,
                            PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0),
                            PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
                            PIPE_UNLIMITED_INSTANCES, 64 * 1024, 64 * 1024, 0, NULL);
}

int lsass_listen(HANDLE stop)
{
    WCHAR name[LSA_SERVER_NAME_MAX];
    OVERLAPPED ov = { 0 };
    DWORD idle = idle_limit(), quiet_since = GetTickCount(), swept = GetTickCount(), unused, woke;
    HANDLE pipe, events[2];

    if (!lsa_server_pipe_name(name)) {
        lsa_diag("LSAEMU_SERVER_PIPE must be \\\\.\\pipe\\<name>, under %u characters", LSA_SERVER_NAME_MAX);
        return 2;
    }
    if (!(ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL)))
        return 1;
    /* The first instance claims the name: a second server for it fails here and leaves. */
    pipe = new_instance(name, TRUE);
    if (pipe == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();
        WARN("pipe %ls not created (%lu)", name, err);
        return err == ERROR_ACCESS_DENIED ? 0 : 1; /* access denied: another server has the name */
    }
    for (;;) {
        BOOL connected = ConnectNamedPipe(pipe, &ov);
        DWORD err = connected ? ERROR_PIPE_CONNECTED : GetLastError();
        if (err == ERROR_IO_PENDING) {
            events[0] = ov.hEvent;
            events[1] = stop;
            while ((woke = WaitForMultipleObjects(stop ? 2 : 1, events, FALSE, LSASS_TICK_MS)) != WAIT_OBJECT_0) {
                if (woke == WAIT_TIMEOUT) {
                    lsa_core_forget_exited_clients();
                    swept = GetTickCount();
                    lsass_stats_tick();
                    if (lsass_connection_count() || lsa_core_has_live_sessions()) {
                        quiet_since = GetTickCount();
                        continue;
                    }
                    lsa_core_release_idle_memory();
                    if (stop) {
                        quiet_since = GetTickCount(); /* a service does not leave idle */
                        continue;
                    }
                    if (GetTickCount() - quiet_since < idle)
                        continue;
                    TRACE("idle for %lu ms: exiting", (unsigned long)idle);
                } else {
                    TRACE("stopped");
                }
                CancelIoEx(pipe, &ov);
                GetOverlappedResult(pipe, &ov, &unused, TRUE);
                CloseHandle(pipe);
                CloseHandle(ov.hEvent);
                return 0;
            }
            err = GetOverlappedResult(pipe, &ov, &unused, FALSE) ? ERROR_PIPE_CONNECTED : GetLastError();
        }
        /* Connections arriving faster than the tick still let the sweep run. */
        if (GetTickCount() - swept >= LSASS_TICK_MS) {
            lsa_core_forget_exited_clients();
            swept = GetTickCount();
            lsass_stats_tick();
        }
        if (err == ERROR_PIPE_CONNECTED) {
            lsass_connection_start(pipe); /* the connection thread owns it now */
        } else {
            WARN("ConnectNamedPipe: %lu", err); /* a client that came and went: this instance is spent */
            CloseHandle(pipe);
        }
        quiet_since = GetTickCount();
        pipe = new_instance(name, FALSE);
        if (pipe == INVALID_HANDLE_VALUE) {
            ERR("cannot create another instance of %ls: %lu", name, GetLastError());
            Sleep(LSASS_TICK_MS);
            pipe = new_instance(name, FALSE);
            if (pipe == INVALID_HANDLE_VALUE)
                return 1;
        }
    }
}
