/* lsabench_logons: interactive MSV1_0 logons per second, from 1 or more threads of one client (issue 9's figure).
 * A Windows program linked against the stock secur32 like lsabench; the transport is the caller's LSAEMU_TRANSPORT.
 *
 *   lsabench_logons.exe [-t threads] [-n logons per thread] [-w warmup per thread] -u user -p password [-d domain]
 *
 * Each thread registers its own logon process, warms up, waits for the others, then logs on n times (each profile
 * freed, each token closed at once); the rate is all threads' logons over the wall time from the common start to the
 * last thread's end. Prints one line; judges nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsaemu_tool_logon.h"

typedef struct thread_arg {
    int logons, warmup;
    const WCHAR *domain, *user, *password;
    HANDLE start;  /* manual-reset: the measured part begins */
    HANDLE ready;  /* semaphore: one release per thread warmed up */
    LONG failures;
    NTSTATUS first_failure;
} thread_arg;

static BOOL logon_once(HANDLE lsa, ULONG package, void *buf, ULONG len, NTSTATUS *status)
{
    LSA_STRING origin = {8, 9, (char *)"lsabench"};
    TOKEN_SOURCE source;
    void *profile = NULL;
    ULONG profile_len = 0;
    LUID id;
    HANDLE token = NULL;
    QUOTA_LIMITS quotas;
    NTSTATUS sub = 0;

    memcpy(source.SourceName, "lsabench", 8);
    AllocateLocallyUniqueId(&source.SourceIdentifier);
    *status = LsaLogonUser(lsa, &origin, Interactive, package, buf, len, NULL, &source, &profile, &profile_len, &id,
                           &token, &quotas, &sub);
    if (*status != STATUS_SUCCESS)
        return FALSE;
    LsaFreeReturnBuffer(profile);
    CloseHandle(token);
    return TRUE;
}

static DWORD WINAPI worker(void *param)
{
    thread_arg *a = param;
    LSA_STRING name = {8, 9, (char *)"lsabench"};
    LSA_STRING msv = {sizeof(MSV1_0_PACKAGE_NAME) - 1, sizeof(MSV1_0_PACKAGE_NAME), (char *)MSV1_0_PACKAGE_NAME};
    LSA_OPERATIONAL_MODE mode;
    HANDLE lsa = NULL;
    ULONG package = 0, len = 0;
    void *buf = lsaemu_tool_interactive_logon(MsV1_0InteractiveLogon, a->domain, a->user, a->password, &len);
    NTSTATUS status = buf ? LsaRegisterLogonProcess(&name, &lsa, &mode) : STATUS_NO_MEMORY;
    BOOL ok;

    if (status == STATUS_SUCCESS)
        status = LsaLookupAuthenticationPackage(lsa, &msv, &package);
    ok = status == STATUS_SUCCESS;

    for (int i = 0; ok && i < a->warmup; i++)
        ok = logon_once(lsa, package, buf, len, &status);
    ReleaseSemaphore(a->ready, 1, NULL);
    WaitForSingleObject(a->start, INFINITE);
    for (int i = 0; ok && i < a->logons; i++)
        ok = logon_once(lsa, package, buf, len, &status);
    if (!ok && InterlockedIncrement(&a->failures) == 1)
        a->first_failure = status;
    if (lsa)
        LsaDeregisterLogonProcess(lsa);
    if (buf) {
        SecureZeroMemory(buf, len);
        free(buf);
    }
    return 0;
}

int wmain(int argc, WCHAR **argv)
{
    thread_arg arg = {200, 20, L"", NULL, NULL, NULL, NULL, 0, 0};
    int threads = 1;
    HANDLE *handles;
    LARGE_INTEGER freq, t0, t1;
    double seconds;
    char transport[32] = "inproc";

    for (int i = 1; i + 1 < argc; i += 2) {
        if (!wcscmp(argv[i], L"-t")) threads = _wtoi(argv[i + 1]);
        else if (!wcscmp(argv[i], L"-n")) arg.logons = _wtoi(argv[i + 1]);
        else if (!wcscmp(argv[i], L"-w")) arg.warmup = _wtoi(argv[i + 1]);
        else if (!wcscmp(argv[i], L"-u")) arg.user = argv[i + 1];
        else if (!wcscmp(argv[i], L"-p")) arg.password = argv[i + 1];
        else if (!wcscmp(argv[i], L"-d")) arg.domain = argv[i + 1];
    }
    if (threads < 1 || threads > 64 || arg.logons < 1 || arg.warmup < 0 || !arg.user || !arg.password) {
        fprintf(stderr, "usage: lsabench_logons [-t threads] [-n logons] [-w warmup] -u user -p password [-d domain]\n");
        return 2;
    }
    GetEnvironmentVariableA("LSAEMU_TRANSPORT", transport, sizeof(transport));
    if (!lsaemu_tool_set_tcb(TRUE)) {
        fprintf(stderr, "lsabench_logons: SeTcbPrivilege not held\n");
        return 1;
    }
    arg.start = CreateEventW(NULL, TRUE, FALSE, NULL);
    arg.ready = CreateSemaphoreW(NULL, 0, threads, NULL);
    handles = calloc((size_t)threads, sizeof(*handles));
    if (!arg.start || !arg.ready || !handles)
        return 1;
    for (int i = 0; i < threads; i++)
        if (!(handles[i] = CreateThread(NULL, 0, worker, &arg, 0, NULL)))
            return 1;
    for (int i = 0; i < threads; i++)
        WaitForSingleObject(arg.ready, INFINITE);
    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&t0);
    SetEvent(arg.start);
    WaitForMultipleObjects((DWORD)threads, handles, TRUE, INFINITE);
    QueryPerformanceCounter(&t1);
    seconds = (double)(t1.QuadPart - t0.QuadPart) / (double)freq.QuadPart;
    if (arg.failures) {
        printf("lsabench_logons %s: %ld thread(s) failed, first status 0x%08lx\n", transport, arg.failures,
               (unsigned long)arg.first_failure);
        return 1;
    }
    printf("lsabench_logons %s: %d thread(s) x %d logons in %.3f s: %.0f logons/s (%.3f ms each per thread)\n",
           transport, threads, arg.logons, seconds, threads * arg.logons / seconds,
           seconds * 1000.0 / arg.logons);
    return 0;
}
