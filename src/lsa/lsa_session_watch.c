/* Seeing a logon session's last token go: the host's object reference counts, read with NtQueryObject.
 *
 * Windows ends a logon session when its last token object is freed. The LSA cannot hook that, but it keeps one handle
 * to every token it made and reads ObjectBasicInformation: under Wine 8 HandleCount counts every handle in every
 * process (DuplicateHandle, also into another process, adds one) and PointerCount is the handles plus the other
 * references — one held by the query itself, one per thread impersonating with the token. So a token is released
 * when its only handle is the LSA's and its other references are back to those of a token just made.
 *
 * The watcher thread sweeps every WATCH_INTERVAL_MS while any session is watched and exits when none is (it holds a
 * reference to this module meanwhile, so the DLL cannot unload under it). LsaEnumerateLogonSessions and
 * LsaGetLogonSessionData sweep first, so an observer never sees a session whose last token is already closed. */
#include "lsa_internal.h"

/* Short enough that a burst of logons does not pile sessions up, long enough that a program holding many tokens
 * open costs the wineserver little: each sweep is one query per watched token. */
#define WATCH_INTERVAL_MS 500
/* After a sweep that ended many sessions, a burst of short logons is under way: the next sweep comes sooner, so ended
 * sessions do not pile up for a whole interval at thousands a second (each is read about once whatever the
 * interval; a token kept open is read once per sweep, which the burst's own sweeps cost only while it lasts). */
#define WATCH_BURST_ENDED 64
#define WATCH_BURST_INTERVAL_MS 50

static BOOL read_counts(HANDLE h, ULONG *handles, ULONG *pointers)
{
    PUBLIC_OBJECT_BASIC_INFORMATION info;
    if (!NT_SUCCESS(NtQueryObject(h, ObjectBasicInformation, &info, sizeof(info), NULL)))
        return FALSE;
    *handles = info.HandleCount;
    *pointers = info.PointerCount;
    return TRUE;
}

/* Every watched token is one the LSA has just made (lsa_token_create): nothing references it yet but handles and
 * the query itself, and that count is the host's, the same for every such token. Read once, it saves a wineserver
 * round trip per logon. */
static INIT_ONCE baseline_once = INIT_ONCE_STATIC_INIT;
static BOOL host_readable;
static ULONG host_other_refs;

static BOOL CALLBACK read_baseline(PINIT_ONCE once, PVOID token, PVOID *ctx)
{
    ULONG handles, pointers;
    (void)once; (void)ctx;
    host_readable = read_counts(token, &handles, &pointers) && handles && pointers >= handles;
    host_other_refs = host_readable ? pointers - handles : 0;
    if (!host_readable)
        WARN("token reference counts unreadable: logon sessions last as long as the process");
    return TRUE;
}

void lsa_watched_token_start(lsa_watched_token *w)
{
    InitOnceExecuteOnce(&baseline_once, read_baseline, w->handle, NULL);
    w->readable = host_readable;
    w->other_refs = host_other_refs;
}

BOOL lsa_watched_token_in_use(const lsa_watched_token *w)
{
    ULONG handles, pointers;
    if (!w->readable || !read_counts(w->handle, &handles, &pointers) || pointers < handles)
        return TRUE;
    return handles > 1 || pointers - handles > w->other_refs;
}

static volatile LONG running;

static DWORD WINAPI watcher(void *module)
{
    ULONG ended = 0;
    for (;;) {
        Sleep(ended >= WATCH_BURST_ENDED ? WATCH_BURST_INTERVAL_MS : WATCH_INTERVAL_MS);
        ended = lsa_sessions_sweep();
        if (lsa_sessions_any_watched())
            continue;
        /* Stop; but a session watched between the check and this store must not be missed: whoever watched it
         * either saw running == 0 and started a new thread, or this thread takes the job back. */
        InterlockedExchange(&running, 0);
        if (!lsa_sessions_any_watched() || InterlockedCompareExchange(&running, 1, 0) != 0)
            break;
    }
    lsa_session_heap_release(); /* the load is over: its memory goes if no session is left (lsa_session_heap.c) */
    FreeLibraryAndExitThread(module, 0);
    return 0;
}

void lsa_session_watcher_start(void)
{
    HMODULE self;
    HANDLE thread;
    if (InterlockedCompareExchange(&running, 1, 0) != 0)
        return;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCWSTR)&running, &self)) {
        InterlockedExchange(&running, 0);
        return;
    }
    thread = CreateThread(NULL, 64 * 1024, watcher, self, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
    if (!thread) {
        /* Sessions still end at the sweeps of LsaEnumerateLogonSessions and LsaGetLogonSessionData. */
        ERR("cannot start the logon session watcher: %lu", GetLastError());
        FreeLibrary(self);
        InterlockedExchange(&running, 0);
        return;
    }
    CloseHandle(thread);
}
