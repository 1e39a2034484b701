/* MSV1_0_INTERACTIVE_LOGON, unlock and S4U submit parsing; see msv1_0_submit.h. */
#include "pkg_win.h"

#include <stddef.h>
#include <string.h>

#include "msv1_0_submit.h"
#include "pkg_trace.h"

NTSTATUS msv1_0_parse_interactive(const void *submit, ULONG submit_len, const void *client_base,
                                  msv1_0_interactive *out)
{
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    if (!submit || submit_len < sizeof(MSV1_0_INTERACTIVE_LOGON)) {
        pkg_warn("msv1_0", "interactive logon buffer of %lu bytes is shorter than the structure (%u)",
                 (unsigned long)submit_len, (unsigned)sizeof(MSV1_0_INTERACTIVE_LOGON));
        return STATUS_INVALID_PARAMETER;
    }
    status = pkg_submit_ustring("msv1_0", "LogonDomainName", submit, submit_len, client_base,
                                offsetof(MSV1_0_INTERACTIVE_LOGON, LogonDomainName), &out->domain);
    if (status == STATUS_SUCCESS)
        status = pkg_submit_ustring("msv1_0", "UserName", submit, submit_len, client_base,
                                    offsetof(MSV1_0_INTERACTIVE_LOGON, UserName), &out->user);
    if (status == STATUS_SUCCESS)
        status = pkg_submit_ustring("msv1_0", "Password", submit, submit_len, client_base,
                                    offsetof(MSV1_0_INTERACTIVE_LOGON, Password), &out->password);
    if (status != STATUS_SUCCESS)
        memset(out, 0, sizeof(*out));
    return status;
}

NTSTATUS msv1_0_parse_unlock(const void *submit, ULONG submit_len, const void *client_base, msv1_0_interactive *out,
                             LUID *unlocked)
{
    NTSTATUS status;

    memset(unlocked, 0, sizeof(*unlocked));
    if (!submit || submit_len < sizeof(msv1_0_unlock_logon)) {
        memset(out, 0, sizeof(*out));
        pkg_warn("msv1_0", "unlock logon buffer of %lu bytes is shorter than the structure (%u)",
                 (unsigned long)submit_len, (unsigned)sizeof(msv1_0_unlock_logon));
        return STATUS_INVALID_PARAMETER;
    }
    status = msv1_0_parse_interactive(submit, submit_len, client_base, out);
    if (status == STATUS_SUCCESS)
        memcpy(unlocked, (const BYTE *)submit + offsetof(msv1_0_unlock_logon, LogonId), sizeof(*unlocked));
    return status;
}

NTSTATUS msv1_0_parse_s4u(const void *submit, ULONG submit_len, const void *client_base, msv1_0_s4u *out)
{
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    if (!submit || submit_len < sizeof(MSV1_0_S4U_LOGON)) {
        pkg_warn("msv1_0", "S4U logon buffer of %lu bytes is shorter than the structure (%u)",
                 (unsigned long)submit_len, (unsigned)sizeof(MSV1_0_S4U_LOGON));
        return STATUS_INVALID_PARAMETER;
    }
    memcpy(&out->flags, (const BYTE *)submit + offsetof(MSV1_0_S4U_LOGON, Flags), sizeof(out->flags));
    status = pkg_submit_ustring("msv1_0", "UserPrincipalName", submit, submit_len, client_base,
                                offsetof(MSV1_0_S4U_LOGON, UserPrincipalName), &out->upn);
    if (status == STATUS_SUCCESS)
        status = pkg_submit_ustring("msv1_0", "DomainName", submit, submit_len, client_base,
                                    offsetof(MSV1_0_S4U_LOGON, DomainName), &out->domain);
    if (status == STATUS_SUCCESS && !out->upn.bytes) {
        pkg_warn("msv1_0", "S4U logon without a UserPrincipalName");
        status = STATUS_INVALID_PARAMETER;
    }
    if (status != STATUS_SUCCESS)
        memset(out, 0, sizeof(*out));
    return status;
}
