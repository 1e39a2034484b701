/* lsaemu_lsass.exe as a service (`--service`, registered by tools/install-into-prefix.sh --service): the SCM starts
 * it, it reports RUNNING once the pipe is being listened on, and SERVICE_CONTROL_STOP (or the system shutting down)
 * ends the listener; the process then reports STOPPED and exits, its sessions with it, as a stopped LSA's would. */
#include "lsass_server.h"
#include "lsa_trace.h"

static SERVICE_STATUS_HANDLE status_handle;
static SERVICE_STATUS status;
static HANDLE stop_event;
static int exit_code;

static void report(DWORD state, DWORD win32_exit)
{
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    status.dwWin32ExitCode = win32_exit;
    status.dwWaitHint = state == SERVICE_RUNNING || state == SERVICE_STOPPED ? 0 : 5000;
    if (!SetServiceStatus(status_handle, &status))
        WARN("SetServiceStatus(%lu): %lu", (unsigned long)state, GetLastError());
}

static DWORD WINAPI control(DWORD code, DWORD type, void *data, void *context)
{
    (void)type; (void)data; (void)context;
    switch (code) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
        report(SERVICE_STOP_PENDING, NO_ERROR);
        SetEvent(stop_event);
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

static void WINAPI service_main(DWORD argc, WCHAR **argv)
{
    (void)argc;
    if (!(status_handle = RegisterServiceCtrlHandlerExW(argv && argv[0] ? argv[0] : L"", control, NULL))) {
        ERR("RegisterServiceCtrlHandlerEx: %lu", GetLastError());
        exit_code = 1;
        return;
    }
    if (!(stop_event = CreateEventW(NULL, TRUE, FALSE, NULL))) {
        report(SERVICE_STOPPED, GetLastError());
        exit_code = 1;
        return;
    }
    /* The listener claims the pipe before its first wait; a client arriving before RUNNING is served anyway. */
    report(SERVICE_RUNNING, NO_ERROR);
    exit_code = lsass_listen(stop_event);
    status.dwServiceSpecificExitCode = (DWORD)exit_code;
    report(SERVICE_STOPPED, exit_code ? ERROR_SERVICE_SPECIFIC_ERROR : NO_ERROR);
}

int lsass_service_main(void)
{
    /* SERVICE_WIN32_OWN_PROCESS: the name in the table is not matched against the service's. */
    static WCHAR name[] = L"lsaemu-lsa";
    const SERVICE_TABLE_ENTRYW table[] = { { name, service_main }, { NULL, NULL } };
    if (!StartServiceCtrlDispatcherW(table)) {
        lsa_diag("--service: not started by the service control manager (error %lu)", GetLastError());
        return 1;
    }
    return exit_code;
}
