/* lsaemu_lsass.exe: the LSA core and its packages in one process that every program of the prefix shares, serving
 * the wire messages over a named pipe in message mode (the `server` transport; docs/design.md, "The LSA server").
 *
 *   lsaemu_lsass.exe [--service] [--pipe \\.\pipe\<name>]
 *
 * Plain (how the DLL starts it on demand): listens until idle (lsass_listen.c). --service: started by the service
 * control manager (tools/install-into-prefix.sh --service registers it so); listens until the service is stopped
 * (lsass_service.c). The flag, not a try-and-fall-back: the on-demand start must not depend on how the SCM answers
 * a program it did not start (Wine 8, measured: StartServiceCtrlDispatcher fails with
 * ERROR_FAILED_SERVICE_CONTROLLER_CONNECT; --service outside the SCM therefore exits 1). --pipe sets
 * LSAEMU_SERVER_PIPE, for a service, whose environment is services.exe's. The configuration is this process's
 * environment, i.e. that of the client that started it (or services.exe's, and then the registry's). */
#include "lsass_server.h"
#include "lsa_trace.h"

#include <wchar.h>

static int usage(void)
{
    lsa_diag("usage: lsaemu_lsass.exe [--service] [--pipe \\\\.\\pipe\\<name>]");
    return 2;
}

int wmain(int argc, WCHAR **argv)
{
    BOOL service = FALSE;
    for (int i = 1; i < argc; i++) {
        if (!wcscmp(argv[i], L"--service"))
            service = TRUE;
        else if (!wcscmp(argv[i], L"--pipe") && i + 1 < argc)
            SetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", argv[++i]);
        else
            return usage();
    }
    /* A package DLL in here that calls secur32 must not come back to this server (it would wait for itself). */
    SetEnvironmentVariableW(L"LSAEMU_TRANSPORT", L"inproc");
    /* One process owns the account counts here: the accounts file is written behind (msv1_0_write_behind.h). */
    if (!GetEnvironmentVariableW(L"LSAEMU_ACCOUNTS_WRITE_DELAY_MS", NULL, 0))
        SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS_WRITE_DELAY_MS", L"200");
    return service ? lsass_service_main() : lsass_listen(NULL);
}
