/* Placeholder until the full-credential cache lands (kerb_cache.h): a logon's state is not kept yet. */
#include "pkg_win.h"

#include "kerb_cache.h"

NTSTATUS kerb_cache_start_session(const LUID *session, const kerb_realm_info *realm, const kerb_tgt_result *logon)
{
    (void)session;
    (void)realm;
    (void)logon;
    return STATUS_NO_MEMORY;
}
