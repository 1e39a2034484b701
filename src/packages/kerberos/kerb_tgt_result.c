/* kerb_tgt_result's release (kerb_kdc.h), apart from the exchanges: a program that links the package with a fake KDC
 * in place of kerb_kdc.c (tests/wine/test_kerberos_fetch.c) frees its results with this same code. */
#include "pkg_win.h"

#include "kerb_kdc.h"

void kerb_tgt_result_free(kerb_tgt_result *r)
{
    if (!r)
        return;
    kcc_cred_free(&r->tgt);
    SecureZeroMemory(r, sizeof(*r));
}
