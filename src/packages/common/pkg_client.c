/* Caller identity and LogonId resolution; see pkg_client.h. */
#include "pkg_win.h"

#include <string.h>

#include "pkg_client.h"
#include "pkg_trace.h"

static BOOL luid_is_zero(const LUID *id)
{
    return !id->LowPart && !id->HighPart;
}

static BOOL luid_equal(const LUID *a, const LUID *b)
{
    return a->LowPart == b->LowPart && a->HighPart == b->HighPart;
}

NTSTATUS pkg_client_session_exists(const LSA_SECPKG_FUNCTION_TABLE *lsa, ULONG package_id, const LUID *id)
{
    LSA_STRING key = {0, 0, NULL}, creds = {0, 0, NULL};
    ULONG context = 0, key_len = 0;
    LUID copy = *id;
    NTSTATUS status;

    /* GetCredentials is the table's only question about a session: it answers STATUS_NO_SUCH_LOGON_SESSION for an
     * unknown one, and anything else (STATUS_NOT_FOUND for a session holding no credentials of ours) means it
     * exists. Buffers go in NULL, so any returned are the LSA's allocations and ours to free. */
    status = lsa->GetCredentials(&copy, package_id, &context, TRUE, &key, &key_len, &creds);
    if (key.Buffer)
        lsa->FreeLsaHeap(key.Buffer);
    if (creds.Buffer) {
        SecureZeroMemory(creds.Buffer, creds.MaximumLength);
        lsa->FreeLsaHeap(creds.Buffer);
    }
    return status == STATUS_NO_SUCH_LOGON_SESSION ? STATUS_NO_SUCH_LOGON_SESSION : STATUS_SUCCESS;
}

NTSTATUS pkg_client_resolve_logon_id(const LSA_SECPKG_FUNCTION_TABLE *lsa, ULONG package_id, BOOL trusted,
                                     const LUID *requested, LUID *target, BOOL *own)
{
    SECPKG_CLIENT_INFO info;
    NTSTATUS status;

    memset(&info, 0, sizeof(info));
    memset(target, 0, sizeof(*target));
    *own = FALSE;
    status = lsa->GetClientInfo(&info);
    if (status != STATUS_SUCCESS) {
        pkg_err("packages", "GetClientInfo failed: 0x%08lx", (unsigned long)status);
        return status;
    }
    if (luid_is_zero(requested) || luid_equal(requested, &info.LogonId)) {
        *target = info.LogonId;
        *own = TRUE;
        return STATUS_SUCCESS;
    }
    /* Trust is the connection's (decided by the core from the caller's token), seen here as the entry point. */
    if (!trusted)
        return STATUS_ACCESS_DENIED;
    status = pkg_client_session_exists(lsa, package_id, requested);
    if (status != STATUS_SUCCESS)
        return status;
    *target = *requested;
    return STATUS_SUCCESS;
}
