/* The cmocka group fixture most MSV1_0 test programs share: a trusted connection (`lsa`), an untrusted one
 * (`untrusted`) and MSV1_0's package id (`msv`). Header-only: each test program is its own executable, so each gets
 * its own copies of these statics. */
#ifndef LSAEMU_TESTS_WINE_TEST_MSV1_0_FIXTURE_H
#define LSAEMU_TESTS_WINE_TEST_MSV1_0_FIXTURE_H

#include "test_packages_common.h"

static HANDLE lsa, untrusted;
static ULONG msv;

static int msv1_0_setup(void **state)
{
    (void)state;
    lsa = connect_trusted();
    untrusted = connect_untrusted();
    msv = msv1_0_id(lsa);
    return 0;
}

static int msv1_0_teardown(void **state)
{
    (void)state;
    LsaDeregisterLogonProcess(lsa);
    LsaDeregisterLogonProcess(untrusted);
    return 0;
}

/* Over `server`, a change of LSAEMU_ACCOUNTS goes to a server of its own (scratch_accounts_server): call
 * msv1_0_leave_server before the change (it closes the fixture's connections on the current server and says whether
 * they were open) and msv1_0_follow_server after it (it names the server of the current file and reconnects). Both do
 * nothing over the in-process transports, where the variable is read by our own core. */
static inline BOOL msv1_0_over_server(void)
{
    WCHAR transport[16];
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_TRANSPORT", transport, ARRAYSIZE(transport));
    return n && n < ARRAYSIZE(transport) && !lstrcmpiW(transport, L"server");
}

static inline BOOL msv1_0_leave_server(void)
{
    BOOL connected = lsa != NULL;
    if (connected && msv1_0_over_server()) {
        LsaDeregisterLogonProcess(lsa);
        LsaDeregisterLogonProcess(untrusted);
        lsa = untrusted = NULL;
    }
    return connected;
}

static inline void msv1_0_follow_server(BOOL reconnect)
{
    WCHAR file[MAX_PATH] = L"(none)"; /* no variable: the registry's or the default file, a server of its own */
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", file, ARRAYSIZE(file));
    assert_true(n < ARRAYSIZE(file));
    if (!n)
        lstrcpyW(file, L"(none)");
    if (scratch_accounts_server(file) && reconnect)
        msv1_0_setup(NULL);
}

/* scratch_accounts_write, followed over `server`. */
static inline void msv1_0_use_scratch_accounts(scratch_accounts *s, const WCHAR *tag, const char *text)
{
    BOOL connected = msv1_0_leave_server();
    scratch_accounts_write(s, tag, text);
    msv1_0_follow_server(connected);
}

#endif
