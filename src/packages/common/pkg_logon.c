/* See pkg_logon.h. */
#include "pkg_logon.h"

#include <string.h>

#include "pkg_heap.h"
#include "pkg_token.h"
#include "pkg_trace.h"

void pkg_logon_clear_outputs(PVOID *profile, PULONG profile_len, PLUID logon_id, PNTSTATUS sub_status,
                             PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token, PUNICODE_STRING *account_name,
                             PUNICODE_STRING *authority, PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary,
                             PSECPKG_SUPPLEMENTAL_CRED_ARRAY *supplemental)
{
    *profile = NULL;
    *profile_len = 0;
    memset(logon_id, 0, sizeof(*logon_id));
    *sub_status = STATUS_SUCCESS;
    *token_type = LsaTokenInformationNull;
    *token = NULL;
    *account_name = NULL;
    *authority = NULL;
    if (machine_name)
        *machine_name = NULL;
    if (primary)
        memset(primary, 0, sizeof(*primary));
    if (supplemental)
        *supplemental = NULL;
}

NTSTATUS pkg_logon_out_start_session(const LSA_SECPKG_FUNCTION_TABLE *lsa, const char *package, pkg_logon_out *o)
{
    NTSTATUS status;

    if (!AllocateLocallyUniqueId(&o->logon_id))
        return STATUS_INSUFFICIENT_RESOURCES;
    if ((status = lsa->CreateLogonSession(&o->logon_id)) != STATUS_SUCCESS) {
        pkg_err(package, "CreateLogonSession failed: 0x%08lx", (unsigned long)status);
        return status;
    }
    o->session = TRUE;
    return STATUS_SUCCESS;
}

void pkg_logon_out_release(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request, pkg_logon_out *o)
{
    if (o->profile)
        lsa->FreeClientBuffer(request, o->profile);
    pkg_token_free(lsa, o->token);
    pkg_heap_ustring_free(lsa, o->account);
    pkg_heap_ustring_free(lsa, o->authority);
    pkg_heap_ustring_free(lsa, o->machine);
    if (o->session)
        lsa->DeleteLogonSession(&o->logon_id);
    memset(o, 0, sizeof(*o));
}

void pkg_logon_out_hand_over(const LSA_SECPKG_FUNCTION_TABLE *lsa, const pkg_logon_out *o, PVOID *profile,
                             PULONG profile_len, PLUID logon_id, PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token,
                             PUNICODE_STRING *account_name, PUNICODE_STRING *authority,
                             PUNICODE_STRING *machine_name)
{
    *profile = o->profile;
    *profile_len = o->profile_len;
    *logon_id = o->logon_id;
    *token_type = LsaTokenInformationV1;
    *token = o->token;
    *account_name = o->account;
    *authority = o->authority;
    if (machine_name)
        *machine_name = o->machine;
    else
        pkg_heap_ustring_free(lsa, o->machine);
}

BOOL pkg_logon_type_ok(BOOL unlock, SECURITY_LOGON_TYPE logon_type)
{
    if (unlock)
        return logon_type == Unlock;
    switch (logon_type) {
    case Interactive:
    case Network:
    case Batch:
    case Service:
    case NetworkCleartext:
    case RemoteInteractive:
        return TRUE;
    default:
        return FALSE;
    }
}
