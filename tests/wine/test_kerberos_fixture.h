/* The connections the Kerberos test programs through secur32 share: a trusted one (`trusted`), an untrusted one
 * (`untrusted`) and the Kerberos package's id (`kerb`), opened from a program's group setup and closed from its
 * teardown, around what each program prepares itself. Header-only: each test program is its own executable, so each
 * gets its own copies of these statics. */
#ifndef LSAEMU_TESTS_WINE_TEST_KERBEROS_FIXTURE_H
#define LSAEMU_TESTS_WINE_TEST_KERBEROS_FIXTURE_H

#include "test_packages_common.h"

static HANDLE trusted, untrusted;
static ULONG kerb;

static inline void kerberos_fixture_connect(void)
{
    trusted = connect_trusted();
    untrusted = connect_untrusted();
    kerb = kerberos_id(untrusted);
}

static inline void kerberos_fixture_disconnect(void)
{
    LsaDeregisterLogonProcess(trusted);
    LsaDeregisterLogonProcess(untrusted);
}

#endif
