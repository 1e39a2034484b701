/* lsabench --stress: many threads doing mixed LSA calls, logons among them (each token closed at once), while the
 * process's private bytes, its handle count and the wineserver's resident set are read at start, middle and end.
 * Memory that stays flat under this load is the point; the numbers are reported, nothing is judged.
 *
 * Wine 8 reports PrivateUsage 0 and GetProcessHandleCount 0, so "private" is PrivateUsage where the host fills it
 * and otherwise the process's anonymous resident memory (RssAnon of /proc/<pid>/status, through Z:), and the handle
 * count is this process's entries of NtQuerySystemInformation(SystemHandleInformation). The Unix process is found by
 * the marker the parent put on our command line (Wine shows the command line in /proc/<pid>/cmdline; /proc/self would
 * be the wineserver, which opens files for us).
 *
 * The mix, call by call: LsaLookupAuthenticationPackage, LsaCallAuthenticationPackage(KerbQueryTicketCache),
 * LsaLogonUser(MSV1_0 interactive)+CloseHandle, LsaEnumerateLogonSessions, LsaGetLogonSessionData (of a listed
 * session). "start" is taken after a warm-up (the first WARMUP_SHARE of each thread's calls: heaps, caches and the
 * session watcher reach their working size), "middle" at half, "end" when every thread has made its last call (all
 * threads wait while a sample is read); each after an LsaEnumerateLogonSessions, so sessions whose tokens are closed
 * are already gone. */
#include "bench.h"

#include <psapi.h>
#include <winternl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARMUP_SHARE 20 /* percent */

enum { MIX_LOOKUP, MIX_CALLPKG, MIX_LOGON, MIX_ENUMERATE, MIX_SESSION_DATA, MIX_COUNT };
static const char *const mix_names[MIX_COUNT] = { "lookup", "callpkg", "logon", "enumerate", "sessiondata" };
enum { POINT_START, POINT_MIDDLE, POINT_END, POINT_COUNT };
static const char *const point_names[POINT_COUNT] = { "start", "middle", "end" };

static const bench_api imported = {
    LsaConnectUntrusted, LsaDeregisterLogonProcess, LsaLookupAuthenticationPackage, LsaCallAuthenticationPackage,
    LsaFreeReturnBuffer, LsaLogonUser, NULL, /* no Kerberos operations in the stress */
};

typedef struct checkpoint {
    volatile LONG arrived;
    HANDLE all_arrived; /* set by the last thread to arrive */
    HANDLE go;          /* manual reset: the sample is taken */
} checkpoint;

static struct {
    const bench_config *cfg;
    int threads, calls;
    checkpoint points[POINT_COUNT];
    volatile LONG done[MIX_COUNT], errors[MIX_COUNT];
    volatile LONG first_error;
} run;

/* The wineserver of this prefix, found through Wine's Z: drive: a "wineserver" whose environment names our
 * WINEPREFIX (the first Wine process of a prefix starts it with its own environment); with no WINEPREFIX, the only
 * wineserver there is. 0 when none is found. */
static BOOL read_proc_file(DWORD pid, const char *name, char *buf, DWORD cap, DWORD *got)
{
    char path[64];
    HANDLE f;
    DWORD n;
    *got = 0;
    snprintf(path, sizeof(path), "Z:\\proc\\%lu\\%s", (unsigned long)pid, name);
    f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return FALSE;
    while (*got < cap - 1 && ReadFile(f, buf + *got, cap - 1 - *got, &n, NULL) && n)
        *got += n;
    buf[*got] = 0;
    CloseHandle(f);
    return TRUE;
}

static BOOL environ_has(const char *env, DWORD len, const char *entry)
{
    for (DWORD i = 0; i < len; i += (DWORD)strlen(env + i) + 1)
        if (!strcmp(env + i, entry))
            return TRUE;
    return FALSE;
}

static DWORD find_wineserver(void)
{
    static char env[65536];
    char prefix[MAX_PATH + 16], comm[64];
    WIN32_FIND_DATAA fd;
    HANDLE find;
    DWORD found = 0, candidates = 0, got;
    int have_prefix = GetEnvironmentVariableA("WINEPREFIX", prefix + 11, MAX_PATH) > 0;
    memcpy(prefix, "WINEPREFIX=", 11);
    if ((find = FindFirstFileA("Z:\\proc\\*", &fd)) == INVALID_HANDLE_VALUE)
        return 0;
    do {
        DWORD pid = (DWORD)strtoul(fd.cFileName, NULL, 10);
        if (!pid || !read_proc_file(pid, "comm", comm, sizeof(comm), &got) || strncmp(comm, "wineserver", 10))
            continue;
        candidates++;
        if (!have_prefix) {
            found = pid;
        } else if (read_proc_file(pid, "environ", env, sizeof(env), &got) && environ_has(env, got, prefix)) {
            found = pid;
            break;
        }
    } while (FindNextFileA(find, &fd));
    FindClose(find);
    return !have_prefix && candidates != 1 ? 0 : found;
}

/* A "Name:  N kB" field of /proc/<pid>/status; -1 when unreadable. */
static long status_kb(const char *pid, const char *field)
{
    char status[8192], path[64];
    HANDLE f;
    DWORD got = 0, n;
    const char *line;
    snprintf(path, sizeof(path), "Z:\\proc\\%s\\status", pid);
    f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return -1;
    while (got < sizeof(status) - 1 && ReadFile(f, status + got, sizeof(status) - 1 - got, &n, NULL) && n)
        got += n;
    status[got] = 0;
    CloseHandle(f);
    if (!(line = strstr(status, field)))
        return -1;
    return strtol(line + strlen(field), NULL, 10);
}

/* The Unix pid of this process: the one whose command line holds `marker`. 0 when not found. */
static DWORD find_self(const char *marker)
{
    static char cmdline[4096];
    WIN32_FIND_DATAA fd;
    HANDLE find;
    DWORD found = 0, got;
    if (!marker || (find = FindFirstFileA("Z:\\proc\\*", &fd)) == INVALID_HANDLE_VALUE)
        return 0;
    do {
        DWORD pid = (DWORD)strtoul(fd.cFileName, NULL, 10);
        if (!pid || !read_proc_file(pid, "cmdline", cmdline, sizeof(cmdline), &got))
            continue;
        for (DWORD i = 0; i < got; i++)
            if (!cmdline[i])
                cmdline[i] = ' ';
        if (strstr(cmdline, marker))
            found = pid;
    } while (!found && FindNextFileA(find, &fd));
    FindClose(find);
    return found;
}

static long wineserver_rss_kb(DWORD pid)
{
    char name[16];
    if (!pid)
        return -1;
    snprintf(name, sizeof(name), "%lu", (unsigned long)pid);
    return status_kb(name, "VmRSS:");
}

/* SYSTEM_HANDLE_INFORMATION (class 16), absent from mingw's winternl.h. */
typedef struct handle_entry {
    ULONG owner_pid;
    BYTE object_type;
    BYTE flags;
    USHORT value;
    PVOID object;
    ULONG access;
} handle_entry;

static long own_handles(void)
{
    ULONG cap = 1 << 16, len = 0;
    NTSTATUS st;
    BYTE *buf = NULL;
    long n = 0;
    for (;;) {
        free(buf);
        if (!(buf = malloc(cap)))
            return -1;
        st = NtQuerySystemInformation(16 /* SystemHandleInformation */, buf, cap, &len);
        if (st != STATUS_INFO_LENGTH_MISMATCH || cap > (1u << 28))
            break;
        cap *= 2;
    }
    if (NT_SUCCESS(st)) {
        ULONG count = *(ULONG *)buf;
        const handle_entry *e = (const handle_entry *)(buf + sizeof(void *)); /* the array is pointer-aligned */
        for (ULONG i = 0; i < count; i++)
            n += e[i].owner_pid == GetCurrentProcessId();
    } else {
        n = -1;
    }
    free(buf);
    return n;
}

typedef struct sample {
    long private_kb, rss_kb, server_kb, handles;
    ULONG sessions;
} sample;

static void take_sample(DWORD server, DWORD self, sample *s)
{
    PROCESS_MEMORY_COUNTERS_EX pmc;
    ULONG count = 0;
    PLUID ids = NULL;
    char name[16];
    memset(s, 0, sizeof(*s));
    /* Enumerating first ends every session whose token is closed: what is left is what is really held. */
    if (NT_SUCCESS(LsaEnumerateLogonSessions(&count, &ids))) {
        s->sessions = count;
        LsaFreeReturnBuffer(ids);
    }
    memset(&pmc, 0, sizeof(pmc));
    if (GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&pmc, sizeof(pmc)))
        s->private_kb = (long)(pmc.PrivateUsage / 1024);
    snprintf(name, sizeof(name), "%lu", (unsigned long)self);
    if (!s->private_kb)
        s->private_kb = self ? status_kb(name, "RssAnon:") : -1;
    s->rss_kb = self ? status_kb(name, "VmRSS:") : -1;
    s->handles = own_handles();
    s->server_kb = wineserver_rss_kb(server);
}

static void note(int mix, BOOL ok, NTSTATUS status)
{
    InterlockedIncrement(&run.done[mix]);
    if (!ok) {
        InterlockedIncrement(&run.errors[mix]);
        InterlockedCompareExchange(&run.first_error, (LONG)status, 0);
    }
}

static void mix_sessions(BOOL data)
{
    ULONG count = 0;
    PLUID ids = NULL;
    PSECURITY_LOGON_SESSION_DATA d = NULL;
    NTSTATUS st = LsaEnumerateLogonSessions(&count, &ids);
    if (!data) {
        note(MIX_ENUMERATE, st == STATUS_SUCCESS && count >= 4, st);
    } else if (st == STATUS_SUCCESS && count) {
        /* The newest listed session: another thread may close its token meanwhile, which ends it (not an error). */
        NTSTATUS got = LsaGetLogonSessionData(&ids[count - 1], &d);
        note(MIX_SESSION_DATA, got == STATUS_SUCCESS || got == STATUS_NO_SUCH_LOGON_SESSION, got);
        if (d)
            LsaFreeReturnBuffer(d);
    } else {
        note(MIX_SESSION_DATA, FALSE, st);
    }
    if (ids)
        LsaFreeReturnBuffer(ids);
}

static void arrive(checkpoint *p)
{
    if (InterlockedIncrement(&p->arrived) == run.threads)
        SetEvent(p->all_arrived);
    WaitForSingleObject(p->go, INFINITE);
}

static DWORD WINAPI stress_thread(void *param)
{
    void *ops = bench_ops_open(&imported, run.cfg);
    int warmup = (int)((long long)run.calls * WARMUP_SHARE / 100), middle = warmup + (run.calls - warmup) / 2;
    NTSTATUS st, st2;
    (void)param;
    for (int i = 0; i < run.calls; i++) {
        int mix = i % MIX_COUNT;
        if (i == warmup)
            arrive(&run.points[POINT_START]);
        if (i == middle)
            arrive(&run.points[POINT_MIDDLE]);
        if (!ops) {
            note(mix, FALSE, STATUS_UNSUCCESSFUL);
            continue;
        }
        switch (mix) {
        case MIX_LOOKUP:
            bench_ops_run(ops, OP_LOOKUP, &st, &st2);
            note(mix, st == STATUS_SUCCESS, st);
            break;
        case MIX_CALLPKG:
            bench_ops_run(ops, OP_CALLPKG, &st, &st2);
            note(mix, st == STATUS_SUCCESS && NT_SUCCESS(st2), st ? st : st2);
            break;
        case MIX_LOGON:
            if (!bench_ops_run(ops, OP_LOGON, &st, &st2))
                st = STATUS_NO_SUCH_USER;
            note(mix, st == STATUS_SUCCESS, st);
            break;
        case MIX_ENUMERATE:
        case MIX_SESSION_DATA:
            mix_sessions(mix == MIX_SESSION_DATA);
            break;
        }
    }
    /* "end" is read while every thread still holds what it holds during the run (its stack, its connection): the
     * three points then differ only in how many calls were made. */
    arrive(&run.points[POINT_END]);
    bench_ops_close(ops);
    return 0;
}

/* Printed as taken, so a long run shows its figures as it goes. */
static void print_sample(const char *transport, int p, const sample *s, DWORD start)
{
    printf("STRESS %s %-6s private_kb=%ld rss_kb=%ld handles=%ld sessions=%lu wineserver_rss_kb=%ld at %.1f s\n",
           transport, point_names[p], s->private_kb, s->rss_kb, s->handles, (unsigned long)s->sessions, s->server_kb,
           (GetTickCount() - start) / 1000.0);
    fflush(stdout);
}

static double growth(double from, double to)
{
    return from > 0 ? (to - from) * 100.0 / from : 0;
}

/* A child: the whole stress over the transport this process was started with. */
int bench_stress_child(const bench_config *cfg, const char *transport, int threads, int calls, const char *marker)
{
    HANDLE *handles = calloc((size_t)threads, sizeof(HANDLE));
    sample samples[POINT_COUNT];
    DWORD server = find_wineserver(), self = find_self(marker), start = GetTickCount();
    LONG errors = 0;

    if (!handles || threads < 1 || calls < MIX_COUNT)
        return 2;
    run.cfg = cfg;
    run.threads = threads;
    run.calls = calls;
    for (int p = 0; p < POINT_COUNT; p++) {
        run.points[p].all_arrived = CreateEventW(NULL, TRUE, FALSE, NULL);
        run.points[p].go = CreateEventW(NULL, TRUE, FALSE, NULL);
    }
    for (int t = 0; t < threads; t++)
        if (!(handles[t] = CreateThread(NULL, 0, stress_thread, NULL, 0, NULL)))
            return 1;
    for (int p = 0; p < POINT_COUNT; p++) {
        WaitForSingleObject(run.points[p].all_arrived, INFINITE);
        take_sample(server, self, &samples[p]);
        print_sample(transport, p, &samples[p], start);
        SetEvent(run.points[p].go);
    }
    WaitForMultipleObjects((DWORD)threads, handles, TRUE, INFINITE);
    for (int t = 0; t < threads; t++)
        CloseHandle(handles[t]);
    free(handles);

    printf("STRESS %s: %d threads x %d calls, %.1f s\n", transport, threads, calls,
           (GetTickCount() - start) / 1000.0);
    for (int m = 0; m < MIX_COUNT; m++) {
        printf("STRESS %s calls %-11s %ld errors %ld\n", transport, mix_names[m], run.done[m], run.errors[m]);
        errors += run.errors[m];
    }
    if (errors)
        printf("STRESS %s first error 0x%08lx\n", transport, (unsigned long)run.first_error);
    printf("STRESS %s growth start->end private %+.2f%% rss %+.2f%% handles %+ld wineserver %+.2f%%%s\n", transport,
           growth((double)samples[POINT_START].private_kb, (double)samples[POINT_END].private_kb),
           growth((double)samples[POINT_START].rss_kb, (double)samples[POINT_END].rss_kb),
           samples[POINT_END].handles - samples[POINT_START].handles,
           growth((double)samples[POINT_START].server_kb, (double)samples[POINT_END].server_kb),
           server ? "" : " (wineserver not found)");
    if (!self)
        printf("STRESS %s note: own Unix process not found, private/rss unknown\n", transport);
    fflush(stdout);
    return errors ? 1 : 0;
}
