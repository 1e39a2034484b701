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

/* scratch_accounts_write, followed over `server` (scratch_accounts_server): the fixture's connections, if open, are
 * closed on the previous server and made again to the file's own. */
static inline void msv1_0_use_scratch_accounts(scratch_accounts *s, const WCHAR *tag, const char *text)
{
    BOOL connected = lsa != NULL;
    WCHAR transport[16];
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_TRANSPORT", transport, ARRAYSIZE(transport));

    if (connected && n && n < ARRAYSIZE(transport) && !lstrcmpiW(transport, L"server")) {
        LsaDeregisterLogonProcess(lsa);
        LsaDeregisterLogonProcess(untrusted);
        lsa = untrusted = NULL;
    }
    scratch_accounts_write(s, tag, text);
    if (scratch_accounts_server(s->file) && connected)
        msv1_0_setup(NULL);
}

#endif
