/* lsabench: per-call time of four LSA operations through our secur32.dll over each transport, through Wine's builtin
 * secur32, and of the raw pipe round trips underneath. Reports; judges nothing.
 *
 *   WINEDLLOVERRIDES=secur32=n,b LSAEMU_ACCOUNTS=accounts.ini wine lsabench.exe [-n N] [-w W] [-u user] [-p pw]
 *
 * Linked against mingw's stock libsecur32.a, with our secur32.dll beside the .exe. The program re-runs itself as a
 * child with LSAEMU_TRANSPORT=inproc and =pipe (the transport is chosen once per process) and collects their
 * numbers; Wine's builtin is loaded by its full system32 path in this process, and the raw pipe is timed here too.
 * User and password (for the MSV1_0 logon) come from -u/-p/-d or LSABENCH_USER/LSABENCH_PASSWORD/LSABENCH_DOMAIN;
 * without a user the logon row is skipped. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

enum { IMPL_INPROC, IMPL_PIPE, IMPL_BUILTIN, IMPL_RAW, IMPL_COUNT };
static const char *const impl_names[IMPL_COUNT] = { "inproc", "pipe", "builtin", "raw" };
static const char *const impl_titles[IMPL_COUNT] = { "ours-inproc", "ours-pipe", "wine-builtin", "raw-pipe" };

static bench_result results[IMPL_COUNT][OP_COUNT];
static WCHAR ours_path[MAX_PATH], builtin_path[MAX_PATH];

static const bench_api imported = {
    LsaConnectUntrusted, LsaDeregisterLogonProcess, LsaLookupAuthenticationPackage, LsaCallAuthenticationPackage,
    LsaFreeReturnBuffer, LsaLogonUser,
};

static const WCHAR *env_or(const WCHAR *value, const WCHAR *name)
{
    static WCHAR store[3][256];
    static int used;
    DWORD n;
    if (value || used == 3)
        return value;
    n = GetEnvironmentVariableW(name, store[used], 256);
    return n && n < 256 ? store[used++] : NULL;
}

static void put_env(const WCHAR *name, const WCHAR *value)
{
    if (value)
        SetEnvironmentVariableW(name, value);
}

static FARPROC must_resolve(HMODULE m, const char *name)
{
    FARPROC p = GetProcAddress(m, name);
    if (!p)
        fprintf(stderr, "lsabench: builtin secur32 lacks %s\n", name);
    return p;
}
#define RESOLVE(m, field, name) ((field) = (__typeof__(field))(void (*)(void))must_resolve(m, name))

/* Wine marks its PE builtins with this text in the DOS stub: how we tell its secur32 from ours, whatever the paths. */
static BOOL is_wine_builtin(HMODULE m)
{
    return m && !memcmp((const BYTE *)m + 0x40, "Wine builtin DLL", 16);
}

/* Wine's own secur32, by full path: a separate module from ours (which the .exe imported as "secur32.dll"). */
static BOOL run_builtin(const bench_config *cfg)
{
    WCHAR path[MAX_PATH];
    HMODULE m;
    bench_api api;
    UINT n = GetSystemDirectoryW(path, MAX_PATH - 16);
    if (!n || n >= MAX_PATH - 16)
        return FALSE;
    wcscat(path, L"\\secur32.dll");
    if (!(m = LoadLibraryW(path)))
        return FALSE;
    GetModuleFileNameW(m, builtin_path, MAX_PATH);
    if (!is_wine_builtin(m)) {
        fprintf(stderr, "lsabench: %ls is not Wine's builtin (ours installed into the prefix?)\n", path);
        builtin_path[0] = 0;
        return FALSE;
    }
    if (!RESOLVE(m, api.connect, "LsaConnectUntrusted") || !RESOLVE(m, api.deregister, "LsaDeregisterLogonProcess") ||
        !RESOLVE(m, api.lookup, "LsaLookupAuthenticationPackage") ||
        !RESOLVE(m, api.call, "LsaCallAuthenticationPackage") || !RESOLVE(m, api.free_buffer, "LsaFreeReturnBuffer") ||
        !RESOLVE(m, api.logon, "LsaLogonUser"))
        return FALSE;
    bench_run_ops(&api, cfg, results[IMPL_BUILTIN]);
    return TRUE;
}

/* The child's report, one line per operation: RESULT <op> <median> <p90> <status> <status2>. */
static void child_report(const bench_config *cfg)
{
    bench_result r[OP_COUNT];
    bench_run_ops(&imported, cfg, r);
    printf("MODULE %ls\n", ours_path);
    for (int op = 0; op < OP_COUNT; op++)
        if (r[op].measured)
            printf("RESULT %s %.3f %.3f %08lx %08lx\n", bench_op_names[op], r[op].median_us, r[op].p90_us,
                   (unsigned long)r[op].status, (unsigned long)r[op].status2);
    fflush(stdout);
}

static void parse_child(char *text, bench_result out[OP_COUNT])
{
    for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        char op[32];
        double median, p90;
        unsigned long st, st2;
        if (sscanf(line, "RESULT %31s %lf %lf %lx %lx", op, &median, &p90, &st, &st2) != 5)
            continue;
        for (int i = 0; i < OP_COUNT; i++)
            if (!strcmp(op, bench_op_names[i]))
                out[i] = (bench_result){ TRUE, median, p90, (NTSTATUS)st, (NTSTATUS)st2 };
    }
}

/* Run this program again as a child with LSAEMU_TRANSPORT=transport and collect its numbers. */
static BOOL run_child(const WCHAR *transport, const bench_config *cfg, bench_result out[OP_COUNT])
{
    WCHAR exe[MAX_PATH], cmd[MAX_PATH + 64];
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    HANDLE rd, wr;
    static char text[16384];
    DWORD got, n = 0, code = 1;

    if (!GetModuleFileNameW(NULL, exe, MAX_PATH) || !CreatePipe(&rd, &wr, &sa, 0))
        return FALSE;
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    swprintf(cmd, MAX_PATH + 64, L"\"%ls\" --child -n %d -w %d", exe, cfg->iterations, cfg->warmup);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    SetEnvironmentVariableW(L"LSAEMU_TRANSPORT", transport);
    if (!CreateProcessW(exe, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        CloseHandle(rd);
        CloseHandle(wr);
        return FALSE;
    }
    CloseHandle(wr);
    while (n < sizeof(text) - 1 && ReadFile(rd, text + n, (DWORD)(sizeof(text) - 1 - n), &got, NULL) && got)
        n += got;
    text[n] = 0;
    CloseHandle(rd);
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    parse_child(text, out);
    return code == 0;
}

static void print_cell(const bench_result *r)
{
    char cell[40];
    if (!r->measured)
        snprintf(cell, sizeof(cell), "-");
    else
        snprintf(cell, sizeof(cell), "%.2f / %.2f%s", r->median_us, r->p90_us,
                 NT_SUCCESS(r->status) && NT_SUCCESS(r->status2) ? "" : " *");
    printf(" %-20s", cell);
}

static void print_ratio(const char *what, int op, const bench_result *a, const bench_result *b)
{
    if (a->measured && b->measured && b->median_us > 0)
        printf("RATIO %s %s %.2f\n", what, bench_op_names[op], a->median_us / b->median_us);
}

static void report(const bench_config *cfg)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    const char *(CDECL *wine_version)(void) =
        ntdll ? (const char *(CDECL *)(void))(void (*)(void))GetProcAddress(ntdll, "wine_get_version") : NULL;

    printf("lsabench: per call, microseconds, median / p90 over %d iterations after %d warm-up\n", cfg->iterations,
           cfg->warmup);
    printf("  host:         %s\n", wine_version ? wine_version() : "Windows (not Wine)");
    printf("  ours:         %ls (child processes, LSAEMU_TRANSPORT=inproc|pipe)\n", ours_path);
    printf("  wine-builtin: %ls (loaded by full path in this process)\n", builtin_path[0] ? builtin_path : L"-");
    printf("  raw-pipe:     named pipe, message mode, TransactNamedPipe between two threads, same round trips and "
           "message sizes as ours-pipe\n\n");
    printf("%-9s", "op");
    for (int i = 0; i < IMPL_COUNT; i++)
        printf(" %-20s", impl_titles[i]);
    printf("\n");
    for (int op = 0; op < OP_COUNT; op++) {
        printf("%-9s", bench_op_names[op]);
        for (int i = 0; i < IMPL_COUNT; i++)
            print_cell(&results[i][op]);
        printf("\n");
    }
    printf("\n");
    for (int op = 0; op < OP_COUNT; op++)
        printf("  %-8s %s\n", bench_op_names[op], bench_op_titles[op]);
    printf("  *        the first call did not succeed (see STATUS lines): the time is that of the failure path\n");
    if (results[IMPL_BUILTIN][OP_LOGON].measured)
        printf("  note     wine-builtin LsaLogonUser is a stub: it returns success without logging anyone on and "
               "writes no outputs, so its logon time is not comparable\n");
    if (!cfg->user)
        printf("  note     logon skipped: no user (-u/-p or LSABENCH_USER/LSABENCH_PASSWORD)\n");
    printf("\n");
    for (int i = 0; i < IMPL_COUNT; i++)
        for (int op = 0; op < OP_COUNT; op++)
            if (results[i][op].measured)
                printf("RESULT %s %s median_us=%.3f p90_us=%.3f\n", impl_names[i], bench_op_names[op],
                       results[i][op].median_us, results[i][op].p90_us);
    for (int i = 0; i < IMPL_RAW; i++)
        for (int op = 0; op < OP_COUNT; op++)
            if (results[i][op].measured)
                printf("STATUS %s %s 0x%08lx 0x%08lx%s\n", impl_names[i], bench_op_names[op],
                       (unsigned long)results[i][op].status, (unsigned long)results[i][op].status2,
                       i == IMPL_BUILTIN && op == OP_LOGON ? " stub" : "");
    for (int op = 0; op < OP_COUNT; op++)
        print_ratio("inproc/builtin", op, &results[IMPL_INPROC][op], &results[IMPL_BUILTIN][op]);
    for (int op = 0; op < OP_COUNT; op++)
        print_ratio("pipe/raw", op, &results[IMPL_PIPE][op], &results[IMPL_RAW][op]);
    for (int op = 0; op < OP_COUNT; op++)
        print_ratio("pipe/builtin", op, &results[IMPL_PIPE][op], &results[IMPL_BUILTIN][op]);
}

static int usage(void)
{
    fprintf(stderr, "usage: lsabench [-n iterations] [-w warmup] [-u user] [-p password] [-d domain]\n");
    return 2;
}

int wmain(int argc, WCHAR **argv)
{
    bench_config cfg = { 1000, 100, NULL, NULL, NULL };
    BOOL child = FALSE;
    HMODULE ours = GetModuleHandleW(L"secur32.dll");

    for (int i = 1; i < argc; i++) {
        const WCHAR *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!wcscmp(a, L"--child")) { child = TRUE; continue; }
        if (!v)
            return usage();
        if (!wcscmp(a, L"-n")) cfg.iterations = _wtoi(v);
        else if (!wcscmp(a, L"-w")) cfg.warmup = _wtoi(v);
        else if (!wcscmp(a, L"-u")) cfg.user = v;
        else if (!wcscmp(a, L"-p")) cfg.password = v;
        else if (!wcscmp(a, L"-d")) cfg.domain = v;
        else return usage();
        i++;
    }
    if (cfg.iterations < 1 || cfg.warmup < 0)
        return usage();
    cfg.user = env_or(cfg.user, L"LSABENCH_USER");
    cfg.password = env_or(cfg.password, L"LSABENCH_PASSWORD");
    cfg.domain = env_or(cfg.domain, L"LSABENCH_DOMAIN");
    if (ours)
        GetModuleFileNameW(ours, ours_path, MAX_PATH);
    if (is_wine_builtin(ours)) {
        fprintf(stderr, "lsabench: the program's secur32.dll is Wine's builtin, not ours: put our secur32.dll beside "
                        "lsabench.exe and set WINEDLLOVERRIDES=secur32=n,b\n");
        return 3;
    }
    if (child) {
        child_report(&cfg);
        return 0;
    }
    /* Children read the account from the environment (not the command line). */
    put_env(L"LSABENCH_USER", cfg.user);
    put_env(L"LSABENCH_PASSWORD", cfg.password);
    put_env(L"LSABENCH_DOMAIN", cfg.domain);
    bench_run_raw(&cfg, results[IMPL_RAW]);
    if (!run_builtin(&cfg))
        fprintf(stderr, "lsabench: Wine's builtin secur32 not measured\n");
    if (!run_child(L"inproc", &cfg, results[IMPL_INPROC]))
        fprintf(stderr, "lsabench: the inproc child failed\n");
    if (!run_child(L"pipe", &cfg, results[IMPL_PIPE]))
        fprintf(stderr, "lsabench: the pipe child failed\n");
    report(&cfg);
    return 0;
}
