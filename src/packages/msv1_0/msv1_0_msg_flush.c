/* See msv1_0_msg_flush.h. */
#include "msv1_0_msg_flush.h"

#include "msv1_0_accounts.h"
#include "msv1_0_package.h"
#include "pkg_trace.h"

NTSTATUS msv1_0_msg_flush_accounts(void)
{
    lsa_store_error err;

    /* The writer thread may be writing the same queue: the store's file lock and the cache's lock order the two, and
     * whichever comes second finds nothing left to write. */
    switch (msv1_0_accounts_flush(&err)) {
    case LSA_STORE_OK:
        return STATUS_SUCCESS;
    case LSA_STORE_NOMEM:
        return STATUS_NO_MEMORY;
    case LSA_STORE_PARSE:
    case LSA_STORE_FORMAT:
        pkg_warn(MSV1_0_TRACE, "accounts flush: the file is malformed (%s)", lsa_store_status_name(err.status));
        return STATUS_INTERNAL_DB_CORRUPTION;
    default:
        pkg_warn(MSV1_0_TRACE, "accounts flush: not written (%s, Windows error %lu)", lsa_store_status_name(err.status),
                 (unsigned long)err.win32);
        return STATUS_INTERNAL_DB_ERROR;
    }
}
