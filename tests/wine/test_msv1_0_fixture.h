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

#endif
