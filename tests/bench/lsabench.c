/* lsabench: per-call time of LSA operations through our secur32.dll over each transport, through Wine's builtin
 * secur32, and of the raw pipe round trips underneath. It reports; it judges nothing.
 *
 *   WINEDLLOVERRIDES=secur32=n,b LSAEMU_ACCOUNTS=accounts.ini wine lsabench.exe [-n N] [-w W] [-u user -p pw]
 *
 * Linked against mingw's stock libsecur32.a, run with our secur32.dll beside the .exe. The transport is chosen once
 * per process, so the program re-runs itself as two children:
 *   LSAEMU_TRANSPORT=inproc: ours, interleaved call by call with Wine's builtin loaded by full path (same process);
 *   LSAEMU_TRANSPORT=pipe:   ours, interleaved with raw pipe round trips of the same kind, count and sizes;
 *   LSAEMU_TRANSPORT=server: ours through the LSA server (lsaemu_lsass.exe beside our DLL; a server of its own, on
 *                            \\.\pipe\lsabench-<pid> unless LSAEMU_SERVER_PIPE names one), interleaved with the same
 *                            raw round trips, here between the child and another process (an echo).
 * Each ratio thus compares numbers taken side by side. User and password for the MSV1_0 logon come from -u/-p/-d or
 * LSABENCH_USER/LSABENCH_PASSWORD/LSABENCH_DOMAIN (passed to the children through the environment); without a user
 * the logon row is skipped. The Kerberos rows (a Kerberos logon, a service ticket uncached and cached) run against the
 * KDC that LSAEMU_KDC_ENV's kdc.env describes (tests/kdc/kdc.sh; its KRB5_CONFIG makes the realm known), or the
 * LSAEMU_KDC_REALM/_USER/_PASSWORD/_SERVICE of the environment; without them they are skipped. They run through ours
 * only: Wine's builtin LsaLogonUser is a stub that makes no session to fetch tickets for.
 * `--enum 1` times failed logons of a known and an unknown user instead (bench_enum.c).
 *
 *   lsabench.exe --stress [-t threads] [-c calls] -u user -p pw
 *
 * runs the stress of bench_stress.c instead (default 8 threads x 100000 mixed calls), once per transport (server
 * included), each in its own child, and prints the memory figures each child reports. */
#include "bench.h"
#include "kdc_env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

enum { COL_INPROC, COL_PIPE, COL_SERVER, COL_BUILTIN, COL_RAW, COL_RAWSRV, COL_COUNT };
static const char *const col_names[COL_COUNT] = { "inproc", "pipe", "server", "builtin", "raw", "rawsrv" };
static const char *const col_titles[COL_COUNT] = { "ours-inproc", "ours-pipe", "ours-server", "wine-builtin",
                                                   "raw-pipe", "raw-pipe(server)" };

static bench_result results[COL_COUNT][OP_COUNT];
static WCHAR ours_path[MAX_PATH];
static char builtin_path[MAX_PATH];

static const bench_api imported = {
    LsaConnectUntrusted, LsaDeregisterLogonProcess, LsaLookupAuthenticationPackage, LsaCallAuthenticationPackage,
    LsaFreeReturnBuffer, LsaLogonUser, LsaRegisterLogonProcess,
};

/* Wine marks its PE builtins with this text in the DOS stub: how we tell its secur32 from ours, whatever the paths. */
static BOOL is_wine_builtin(HMODULE m)
{
    return m && !memcmp((const BYTE *)m + 0x40, "Wine builtin DLL", 16);
}

#define RESOLVE(m, field, name) ((field) = (__typeof__(field))(void (*)(void))GetProcAddress(m, name))

/* Wine's own secur32, by full path: a module separate from ours (which the .exe imported as "secur32.dll"). */
static BOOL load_builtin(bench_api *api)
{
    WCHAR path[MAX_PATH];
    HMODULE m;
    UINT n = GetSystemDirectoryW(path, MAX_PATH - 16);
    if (!n || n >= MAX_PATH - 16)
        return FALSE;
    wcscat(path, L"\\secur32.dll");
    if (!(m = LoadLibraryW(path)))
        return FALSE;
    if (!is_wine_builtin(m)) {
        fprintf(stderr, "lsabench: %ls is not Wine's builtin (ours installed into the prefix?)\n", path);
        return FALSE;
    }
    snprintf(builtin_path, sizeof(builtin_path), "%ls", path);
    api->register_logon = NULL; /* no Kerberos operations: its LsaLogonUser makes no session */
    return RESOLVE(m, api->connect, "LsaConnectUntrusted") &&
           RESOLVE(m, api->deregister, "LsaDeregisterLogonProcess") &&
           RESOLVE(m, api->lookup, "LsaLookupAuthenticationPackage") &&
           RESOLVE(m, api->call, "LsaCallAuthenticationPackage") &&
           RESOLVE(m, api->free_buffer, "LsaFreeReturnBuffer") && RESOLVE(m, api->logon, "LsaLogonUser");
}

/* A child: ours interleaved with one comparison subject; one RESULT line per subject and operation. */
static int child_main(const bench_config *cfg, const char *transport)
{
    bench_api builtin;
    bench_subject subjects[2];
    bench_result r[2];
    int count = 1;
    BOOL server = !strcmp(transport, "server"), pipe = server || !strcmp(transport, "pipe"), kerberos_failed = FALSE;

    subjects[0] = (bench_subject){ transport, bench_ops_open(&imported, cfg), bench_ops_run };
    if (!subjects[0].ctx) {
        fprintf(stderr, "lsabench: LsaConnectUntrusted through our DLL failed\n");
        return 1;
    }
    if (pipe)
        subjects[1] = (bench_subject){ server ? "rawsrv" : "raw", bench_raw_open(cfg, server), bench_raw_run };
    else if (load_builtin(&builtin))
        subjects[1] = (bench_subject){ "builtin", bench_ops_open(&builtin, cfg), bench_ops_run };
    else
        subjects[1].ctx = NULL;
    if (subjects[1].ctx)
        count = 2;
    else
        fprintf(stderr, "lsabench: no %s subject in the %s child\n", pipe ? "raw pipe" : "builtin", transport);
    printf("MODULE %ls\n", ours_path);
    if (builtin_path[0])
        printf("BUILTIN %s\n", builtin_path);
    for (int op = 0; op < OP_COUNT; op++) {
        bench_measure(subjects, count, op, cfg, r);
        /* A KDC was named: each Kerberos row of ours must be taken and its first call succeed, or the smoke run
         * would pass without the exchanges working. */
        if (cfg->krb_user && op >= OP_KRBLOGON && (op != OP_TKTLOGON || cfg->krb_machine) &&
            (!r[0].measured || !NT_SUCCESS(r[0].status) || !NT_SUCCESS(r[0].status2))) {
            fprintf(stderr, "lsabench: %s through ours: %s, status 0x%08lx, 0x%08lx\n", bench_op_names[op],
                    r[0].measured ? "failed" : "not measured", (unsigned long)r[0].status, (unsigned long)r[0].status2);
            kerberos_failed = TRUE;
        }
        for (int s = 0; s < count; s++)
            if (r[s].measured)
                printf("RESULT %s %s %.3f %.3f %08lx %08lx\n", subjects[s].name, bench_op_names[op], r[s].median_us,
                       r[s].p90_us, (unsigned long)r[s].status, (unsigned long)r[s].status2);
    }
    fflush(stdout);
    bench_ops_close(subjects[0].ctx);
    if (count == 2)
        (pipe ? bench_raw_close : bench_ops_close)(subjects[1].ctx);
    return kerberos_failed ? 1 : 0;
}

static void parse_child(char *text)
{
    for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        char col[16], op[16];
        double median, p90;
        unsigned long st, st2;
        if (!strncmp(line, "BUILTIN ", 8))
            snprintf(builtin_path, sizeof(builtin_path), "%s", line + 8);
        if (sscanf(line, "RESULT %15s %15s %lf %lf %lx %lx", col, op, &median, &p90, &st, &st2) != 6)
            continue;
        for (int c = 0; c < COL_COUNT; c++)
            for (int o = 0; o < OP_COUNT; o++)
                if (!strcmp(col, col_names[c]) && !strcmp(op, bench_op_names[o]))
                    results[c][o] = (bench_result){ TRUE, median, p90, (NTSTATUS)st, (NTSTATUS)st2 };
    }
}

/* Run this program again as a child with LSAEMU_TRANSPORT=transport and collect its numbers. */
static BOOL run_child(const WCHAR *transport, const bench_config *cfg)
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
    swprintf(cmd, MAX_PATH + 64, L"\"%ls\" --child %ls -n %d -w %d", exe, transport, cfg->iterations, cfg->warmup);
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
    parse_child(text);
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

static void print_ratio(const char *what, int op, int a, int b)
{
    if (results[a][op].measured && results[b][op].measured && results[b][op].median_us > 0)
        printf("RATIO %s %s %.2f\n", what, bench_op_names[op], results[a][op].median_us / results[b][op].median_us);
}

/* The same subject's two operations: what a Kerberos operation costs against its MSV1_0 or cache-only neighbour. */
static void print_op_ratio(int col, int a, int b)
{
    if (results[col][a].measured && results[col][b].measured && results[col][b].median_us > 0)
        printf("RATIO %s %s/%s %.2f\n", col_names[col], bench_op_names[a], bench_op_names[b],
               results[col][a].median_us / results[col][b].median_us);
}

static void report(const bench_config *cfg)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    const char *(CDECL *wine_version)(void) =
        ntdll ? (const char *(CDECL *)(void))(void (*)(void))GetProcAddress(ntdll, "wine_get_version") : NULL;

    printf("lsabench: per call, microseconds, median / p90 over %d iterations after %d warm-up\n", cfg->iterations,
           cfg->warmup);
    printf("  host:         %s%s\n", wine_version ? "Wine " : "Windows", wine_version ? wine_version() : "");
    printf("  ours:         %ls (LSAEMU_TRANSPORT=inproc, =pipe and =server, one child process each)\n", ours_path);
    printf("  wine-builtin: %s (by full path, in the inproc child, interleaved with ours-inproc)\n",
           builtin_path[0] ? builtin_path : "-");
    printf("  raw-pipe:     named pipe, message mode, TransactNamedPipe to an overlapped server thread (as the "
           "transport); the round trips and message sizes of ours-pipe (in the pipe child, interleaved with it); "
           "raw-pipe(server): the same in the server child between two processes (the echo is another lsabench)\n\n");
    printf("%-9s", "op");
    for (int c = 0; c < COL_COUNT; c++)
        printf(" %-20s", col_titles[c]);
    printf("\n");
    for (int op = 0; op < OP_COUNT; op++) {
        printf("%-9s", bench_op_names[op]);
        for (int c = 0; c < COL_COUNT; c++)
            print_cell(&results[c][op]);
        printf("\n");
    }
    printf("\n");
    for (int op = 0; op < OP_COUNT; op++)
        printf("  %-8s %s\n", bench_op_names[op], bench_op_titles[op]);
    printf("  *        the first call did not succeed (see STATUS lines): the time is that of the failure path\n");
    if (results[COL_BUILTIN][OP_LOGON].measured || results[COL_BUILTIN][OP_NETLOGON].measured)
        printf("  note     wine-builtin LsaLogonUser is a stub: it returns success without logging anyone on and "
               "writes no outputs, so its logon and netlogon times are not comparable\n");
    if (!cfg->user)
        printf("  note     logon skipped: no user (-u/-p or LSABENCH_USER/LSABENCH_PASSWORD)\n");
    if (!cfg->krb_user)
        printf("  note     Kerberos rows skipped: no KDC (LSAEMU_KDC_ENV naming the kdc.env of tests/kdc/kdc.sh)\n");
    else
        printf("  note     Kerberos rows: %ls@%ls, service %ls; ours only (Wine's builtin LsaLogonUser is a stub); "
               "the raw pipe carries their LSA messages, not the KDC exchange\n", cfg->krb_user,
               cfg->krb_realm ? cfg->krb_realm : L"(default realm)", cfg->krb_service ? cfg->krb_service : L"-");
    printf("\n");
    for (int c = 0; c < COL_COUNT; c++)
        for (int op = 0; op < OP_COUNT; op++)
            if (results[c][op].measured)
                printf("RESULT %s %s median_us=%.3f p90_us=%.3f\n", col_names[c], bench_op_names[op],
                       results[c][op].median_us, results[c][op].p90_us);
    for (int c = 0; c < COL_RAW; c++)
        for (int op = 0; op < OP_COUNT; op++)
            if (results[c][op].measured)
                printf("STATUS %s %s 0x%08lx 0x%08lx%s\n", col_names[c], bench_op_names[op],
                       (unsigned long)results[c][op].status, (unsigned long)results[c][op].status2,
                       c == COL_BUILTIN && (op == OP_LOGON || op == OP_NETLOGON) ? " stub" : "");
    for (int op = 0; op < OP_COUNT; op++)
        print_ratio("inproc/builtin", op, COL_INPROC, COL_BUILTIN);
    for (int op = 0; op < OP_COUNT; op++)
        print_ratio("pipe/raw", op, COL_PIPE, COL_RAW);
    for (int op = 0; op < OP_COUNT; op++)
        print_ratio("server/raw", op, COL_SERVER, COL_RAWSRV);
    for (int op = 0; op < OP_COUNT; op++)
        print_ratio("server/pipe", op, COL_SERVER, COL_PIPE);
    for (int c = COL_INPROC; c <= COL_SERVER; c++) {
        print_op_ratio(c, OP_KRBLOGON, OP_LOGON);
        print_op_ratio(c, OP_TKTFETCH, OP_TKTCACHE);
        print_op_ratio(c, OP_TKTCACHE, OP_CALLPKG);
    }
}

/* A server of our own for the server child, started by it with this environment (the accounts, the KDC), unless
 * LSAEMU_SERVER_PIPE names one. */
static void set_own_server_pipe(void)
{
    WCHAR name[64];
    if (GetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", NULL, 0))
        return;
    swprintf(name, ARRAYSIZE(name), L"\\\\.\\pipe\\lsabench-%lu", GetCurrentProcessId());
    SetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", name);
}

static int usage(void)
{
    fprintf(stderr, "usage: lsabench [-n iterations] [-w warmup] [-u user] [-p password] [-d domain]\n"
                    "       lsabench --enum 1 -u user [-n iterations] [-w warmup]   (known vs unknown user timing)\n"
                    "       lsabench --stress [-t threads] [-c calls per thread] [-u user] [-p password] [-d domain]\n");
    return 2;
}

/* A stress child over one transport; its output goes straight to ours. */
static BOOL run_stress_child(const WCHAR *transport, int threads, int calls)
{
    WCHAR exe[MAX_PATH], cmd[MAX_PATH + 96];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD code = 1;

    if (!GetModuleFileNameW(NULL, exe, MAX_PATH))
        return FALSE;
    /* -k: a marker by which the child finds its own Unix process (its memory figures are read from there). */
    swprintf(cmd, MAX_PATH + 96, L"\"%ls\" --stress-child %ls -t %d -c %d -k lsabench-%lu-%lu", exe, transport,
             threads, calls, GetCurrentProcessId(), GetTickCount());
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    SetEnvironmentVariableW(L"LSAEMU_TRANSPORT", transport);
    fflush(stdout);
    if (!CreateProcessW(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        return FALSE;
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code == 0;
}

static const WCHAR *env_or(const WCHAR *value, const WCHAR *name, WCHAR store[256])
{
    DWORD n;
    if (value)
        return value;
    n = GetEnvironmentVariableW(name, store, 256);
    return n && n < 256 ? store : NULL;
}

int wmain(int argc, WCHAR **argv)
{
    static WCHAR env_store[8][256];
    bench_config cfg = { 1000, 100, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
    const WCHAR *child = NULL, *stress_child = NULL, *marker = NULL;
    BOOL stress = FALSE, enumeration = FALSE;
    int threads = 8, calls = 100000;
    HMODULE ours = GetModuleHandleW(L"secur32.dll");
    BOOL ok;

    if (argc == 3 && !wcscmp(argv[1], L"--raw-echo"))
        return bench_raw_echo_main(argv[2]);
    for (int i = 1; i < argc; i++) {
        const WCHAR *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!wcscmp(a, L"--stress")) {
            stress = TRUE;
            continue;
        }
        if (!v)
            return usage();
        if (!wcscmp(a, L"--child")) child = v;
        else if (!wcscmp(a, L"--enum")) enumeration = _wtoi(v) != 0;
        else if (!wcscmp(a, L"--stress-child")) stress_child = v;
        else if (!wcscmp(a, L"-t")) threads = _wtoi(v);
        else if (!wcscmp(a, L"-c")) calls = _wtoi(v);
        else if (!wcscmp(a, L"-k")) marker = v;
        else if (!wcscmp(a, L"-n")) cfg.iterations = _wtoi(v);
        else if (!wcscmp(a, L"-w")) cfg.warmup = _wtoi(v);
        else if (!wcscmp(a, L"-u")) cfg.user = v;
        else if (!wcscmp(a, L"-p")) cfg.password = v;
        else if (!wcscmp(a, L"-d")) cfg.domain = v;
        else return usage();
        i++;
    }
    if (cfg.iterations < 1 || cfg.warmup < 0 || threads < 1 || calls < 5)
        return usage();
    cfg.user = env_or(cfg.user, L"LSABENCH_USER", env_store[0]);
    cfg.password = env_or(cfg.password, L"LSABENCH_PASSWORD", env_store[1]);
    cfg.domain = env_or(cfg.domain, L"LSABENCH_DOMAIN", env_store[2]);
    if (!stress && !stress_child && !enumeration) {
        /* kdc.env's lines become this process's environment, which the children inherit. */
        kdc_env_load();
        cfg.krb_realm = env_or(NULL, L"LSAEMU_KDC_REALM", env_store[3]);
        cfg.krb_user = env_or(NULL, L"LSAEMU_KDC_USER", env_store[4]);
        cfg.krb_password = env_or(NULL, L"LSAEMU_KDC_PASSWORD", env_store[5]);
        cfg.krb_service = env_or(NULL, L"LSAEMU_KDC_SERVICE", env_store[6]);
        if (!cfg.krb_service || !cfg.krb_password)
            cfg.krb_user = NULL;
        /* The machine account the package opens tktlogon's tickets with (README "Machine account"). */
        if ((cfg.krb_machine = env_or(NULL, L"LSAEMU_KDC_MACHINE", env_store[7]))) {
            WCHAR keytab[1024];
            SetEnvironmentVariableW(L"LSAEMU_MACHINE_ACCOUNT", cfg.krb_machine);
            if (GetEnvironmentVariableW(L"LSAEMU_KDC_MACHINE_KEYTAB", keytab, ARRAYSIZE(keytab)) - 1 <
                ARRAYSIZE(keytab) - 1)
                SetEnvironmentVariableW(L"LSAEMU_MACHINE_KEYTAB", keytab);
        }
    }
    if (ours)
        GetModuleFileNameW(ours, ours_path, MAX_PATH);
    if (!ours || is_wine_builtin(ours)) {
        fprintf(stderr, "lsabench: the program's secur32.dll is Wine's builtin, not ours: put our secur32.dll beside "
                        "lsabench.exe and set WINEDLLOVERRIDES=secur32=n,b\n");
        return 3;
    }
    if (enumeration)
        return bench_enum_main(&imported, &cfg);
    if (child || stress_child) {
        char name[16], mark[64];
        snprintf(name, sizeof(name), "%ls", child ? child : stress_child);
        snprintf(mark, sizeof(mark), "-k %ls", marker ? marker : L"");
        return child ? child_main(&cfg, name) : bench_stress_child(&cfg, name, threads, calls, marker ? mark : NULL);
    }
    /* The account travels to the children in the environment, not on their command lines. */
    if (cfg.user)
        SetEnvironmentVariableW(L"LSABENCH_USER", cfg.user);
    if (cfg.password)
        SetEnvironmentVariableW(L"LSABENCH_PASSWORD", cfg.password);
    if (cfg.domain)
        SetEnvironmentVariableW(L"LSABENCH_DOMAIN", cfg.domain);
    if (stress) {
        ok = TRUE;
        printf("lsabench --stress: %d threads x %d mixed calls per transport (lookup, ticket-cache query, MSV1_0 logon "
               "+ token close, session enumeration, session data, in turn)\n", threads, calls);
        static const WCHAR *const stress_transports[] = { L"inproc", L"pipe", L"server" };
        for (int t = 0; t < 3; t++) {
            if (t == 2) {
                /* A server of our own; the memory figures are then the client's, the LSA's being the server's. */
                set_own_server_pipe();
                printf("STRESS server note: private/rss/handles are the client process's, not the server's\n");
            }
            if (!run_stress_child(stress_transports[t], threads, calls)) {
                fprintf(stderr, "lsabench: the %ls stress child failed\n", stress_transports[t]);
                ok = FALSE;
            }
        }
        return ok ? 0 : 1;
    }
    ok = run_child(L"inproc", &cfg);
    if (!ok)
        fprintf(stderr, "lsabench: the inproc child failed\n");
    if (!run_child(L"pipe", &cfg)) {
        fprintf(stderr, "lsabench: the pipe child failed\n");
        ok = FALSE;
    }
    set_own_server_pipe();
    if (!run_child(L"server", &cfg)) {
        fprintf(stderr, "lsabench: the server child failed\n");
        ok = FALSE;
    }
    report(&cfg);
    return ok ? 0 : 1; /* no thresholds: only a measurement that could not be taken fails */
}
