/* The write-behind writer thread and its setting; see msv1_0_write_behind.h. */
#include "msv1_0_write_behind.h"

#include <stdlib.h>

#include "msv1_0_accounts_path.h"
#include "msv1_0_package.h"
#include "pkg_trace.h"

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static DWORD delay_ms;
static HANDLE wake;      /* auto-reset: a new batch started */
static LONG writer_started;
static volatile LONG writing; /* the writer is in a write: a thread killed there (process exit) holds its locks */

static BOOL CALLBACK read_setting(INIT_ONCE *init, void *param, void **context)
{
    char value[16];
    DWORD n = GetEnvironmentVariableA("LSAEMU_ACCOUNTS_WRITE_DELAY_MS", value, sizeof(value));
    char *end;
    unsigned long v;

    (void)init;
    (void)param;
    (void)context;
    delay_ms = 0;
    if (n && n < sizeof(value)) {
        v = strtoul(value, &end, 10);
        if (!*end && end != value && v <= MSV1_0_WRITE_DELAY_MAX_MS)
            delay_ms = (DWORD)v;
        else
            pkg_user_diag("LSAEMU_ACCOUNTS_WRITE_DELAY_MS=%s: not 0..%u; accounts are written through", value,
                          MSV1_0_WRITE_DELAY_MAX_MS);
    }
    msv1_0_accounts_set_delay(delay_ms);
    return TRUE;
}

DWORD msv1_0_write_behind_delay(void)
{
    InitOnceExecuteOnce(&once, read_setting, NULL, NULL);
    return delay_ms;
}

static void flush_once(void)
{
    static LONG said;
    lsa_store_error err;
    WCHAR path[MSV1_0_ACCOUNTS_PATH_MAX];
    char where[MSV1_0_ACCOUNTS_PATH_MAX * 3];

    if (msv1_0_accounts_flush(&err) == LSA_STORE_OK || InterlockedExchange(&said, 1))
        return;
    if (!msv1_0_accounts_path(path) || !WideCharToMultiByte(CP_UTF8, 0, path, -1, where, sizeof(where), NULL, NULL))
        lstrcpynA(where, "(unprintable path)", sizeof(where));
    pkg_user_diag("accounts file %s cannot be updated (%s, Windows error %lu); logon statistics wait in memory and "
                  "are written when it can be", where, lsa_store_status_name(err.status), (unsigned long)err.win32);
}

/* Sleeps until the queue is due, writes it, again; a failed write is tried again one delay later. */
static DWORD WINAPI writer(void *unused)
{
    (void)unused;
    for (;;) {
        BOOL any;
        DWORD wait = msv1_0_accounts_pending_wait(&any);

        if (any && wait == 0) {
            InterlockedExchange(&writing, 1);
            flush_once();
            InterlockedExchange(&writing, 0);
            msv1_0_accounts_pending_wait(&any);
            if (any)
                Sleep(delay_ms); /* not written: the file is locked or unwritable */
            continue;
        }
        WaitForSingleObject(wake, wait);
    }
    return 0;
}

void msv1_0_write_behind_flush(void)
{
    if (msv1_0_write_behind_delay())
        flush_once();
}

/* At process exit the other threads are gone already: if the writer died in a write, its locks are never released
 * and the checks of that last delay are lost, as in a crash (the file stays whole). */
static void flush_at_exit(void)
{
    if (!writing)
        msv1_0_write_behind_flush();
}

/* The thread starts with the first check recorded, never under the loader lock. */
static BOOL start_writer(void)
{
    HANDLE thread;

    if (InterlockedCompareExchange(&writer_started, 1, 0) != 0)
        return wake != NULL;
    if (!(wake = CreateEventW(NULL, FALSE, FALSE, NULL)))
        return FALSE;
    if (!(thread = CreateThread(NULL, 0, writer, NULL, 0, NULL))) {
        CloseHandle(wake);
        wake = NULL;
        return FALSE;
    }
    CloseHandle(thread);
    atexit(flush_at_exit); /* a clean stop: the server's return from main, the DLL's unload */
    return TRUE;
}

BOOL msv1_0_write_behind_record(const lsa_pending_event *e, lsa_pending_result *result, uint32_t *logons,
                                uint32_t *bad)
{
    BOOL first;

    if (!msv1_0_write_behind_delay() || !start_writer())
        return FALSE;
    if (!msv1_0_accounts_record(e, result, logons, bad, &first))
        return FALSE;
    if (first)
        SetEvent(wake);
    return TRUE;
}
