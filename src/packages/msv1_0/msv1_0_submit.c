/* MSV1_0_INTERACTIVE_LOGON parsing; see msv1_0_submit.h. */
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
