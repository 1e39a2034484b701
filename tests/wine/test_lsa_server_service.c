/* lsaemu_lsass.exe as a Wine service (`--service`, what tools/install-into-prefix.sh --service registers): created
 * with CreateService under a name of this run's own (the prefix is shared with other tests), started by Wine's
 * services.exe, it serves this process's LSA calls (the pipe's server is the service's process, not a server the DLL
 * started), stops on SERVICE_CONTROL_STOP with exit code 0 and its process ends. The same program started by hand
 * with --service is refused: the SCM did not start it. */
#include "test_common.h"

#include <stdio.h>
#include <wchar.h>

static WCHAR service_name[64], pipe_name[96], server_exe[MAX_PATH];
static SC_HANDLE scm, service;

/* lsaemu_lsass.exe where the DLL looks for it: beside our secur32.dll, else system32. */
static BOOL find_server(void)
{
    HMODULE ours = GetModuleHandleW(L"secur32.dll");
    WCHAR *slash;
    if (ours && GetModuleFileNameW(ours, server_exe, MAX_PATH) && (slash = wcsrchr(server_exe, L'\\'))) {
        lstrcpyW(slash + 1, L"lsaemu_lsass.exe");
        if (GetFileAttributesW(server_exe) != INVALID_FILE_ATTRIBUTES)
            return TRUE;
    }
    return GetSystemDirectoryW(server_exe, MAX_PATH - 20) && lstrcatW(server_exe, L"\\lsaemu_lsass.exe") &&
           GetFileAttributesW(server_exe) != INVALID_FILE_ATTRIBUTES;
}

static int setup(void **state)
{
    WCHAR command[MAX_PATH + 200];
    (void)state;
    if (!find_server())
        return -1;
    swprintf(service_name, ARRAYSIZE(service_name), L"lsaemu-lsa-test-%lu", GetCurrentProcessId());
    swprintf(pipe_name, ARRAYSIZE(pipe_name), L"\\\\.\\pipe\\lsaemu-service-test-%lu", GetCurrentProcessId());
    /* Our calls go to the service's pipe (the transport reads the name at its first call, after this). */
    SetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", pipe_name);
    swprintf(command, ARRAYSIZE(command), L"\"%ls\" --service --pipe %ls", server_exe, pipe_name);
    if (!(scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS)))
        return -1;
    service = CreateServiceW(scm, service_name, service_name, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                             SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, command, NULL, NULL, NULL, NULL, NULL);
    return service ? 0 : -1;
}

static int teardown(void **state)
{
    SERVICE_STATUS st;
    (void)state;
    if (service) {
        ControlService(service, SERVICE_CONTROL_STOP, &st);
        DeleteService(service);
        CloseServiceHandle(service);
    }
    if (scm)
        CloseServiceHandle(scm);
    return 0;
}

/* Polls the service until it is in `state` (up to 15 s: services.exe starts a Wine process). */
static BOOL reaches(DWORD state, SERVICE_STATUS_PROCESS *st)
{
    DWORD needed;
    for (int i = 0; i < 150; i++) {
        if (!QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, (BYTE *)st, sizeof(*st), &needed))
            return FALSE;
        if (st->dwCurrentState == state)
            return TRUE;
        Sleep(100);
    }
    return FALSE;
}

static DWORD pipe_server_pid(void)
{
    ULONG pid = 0;
    HANDLE pipe = CreateFileW(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (pipe == INVALID_HANDLE_VALUE)
        return 0;
    if (!GetNamedPipeServerProcessId(pipe, &pid))
        pid = 0;
    CloseHandle(pipe);
    return pid;
}

static void service_serves_and_stops(void **state)
{
    SERVICE_STATUS_PROCESS st;
    SERVICE_STATUS control;
    HANDLE h, process;
    DWORD code = 0xdeadbeef;
    (void)state;
    assert_true(StartServiceW(service, 0, NULL));
    assert_true(reaches(SERVICE_RUNNING, &st));
    assert_int_not_equal(st.dwProcessId, 0);
    assert_non_null(process = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, st.dwProcessId));

    h = connect_untrusted();
    assert_int_equal(msv1_0_id(h), 1);
    assert_status(LsaDeregisterLogonProcess(h), STATUS_SUCCESS);
    /* The service answered: the DLL found its pipe and started no server of its own. */
    assert_int_equal(pipe_server_pid(), st.dwProcessId);

    assert_true(ControlService(service, SERVICE_CONTROL_STOP, &control));
    assert_true(reaches(SERVICE_STOPPED, &st));
    assert_int_equal(st.dwWin32ExitCode, NO_ERROR);
    assert_int_equal(WaitForSingleObject(process, 10000), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(process, &code));
    assert_int_equal(code, 0);
    CloseHandle(process);
    /* Stopped means gone: nobody listens on its pipe any more. */
    assert_int_equal(pipe_server_pid(), 0);
}

static void service_flag_outside_the_scm_is_refused(void **state)
{
    WCHAR command[MAX_PATH + 200];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD code = 0xdeadbeef;
    (void)state;
    swprintf(command, ARRAYSIZE(command), L"\"%ls\" --service --pipe %ls-byhand", server_exe, pipe_name);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    assert_true(CreateProcessW(server_exe, command, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    assert_int_equal(WaitForSingleObject(pi.hProcess, 30000), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(pi.hProcess, &code));
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    assert_int_equal(code, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(service_serves_and_stops),
        cmocka_unit_test(service_flag_outside_the_scm_is_refused),
    };
    if (!lsaemu_loaded())
        return 77;
    return cmocka_run_group_tests(tests, setup, teardown);
}
