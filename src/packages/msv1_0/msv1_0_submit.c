/* MSV1_0_INTERACTIVE_LOGON, unlock and S4U submit parsing; see msv1_0_submit.h. The checks themselves are portable
 * (portable/msv1_0_submit_check.c); this file maps their answer to Windows types. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_submit.h"
#include "msv1_0_submit_read.h"

static void fill_interactive(const void *submit, const msv1_0_submit_result *res, msv1_0_interactive *out)
{
    out->domain = msv1_0_submit_wstr(submit, res, MSV1_0_INTERACTIVE_FIELD_DOMAIN);
    out->user = msv1_0_submit_wstr(submit, res, MSV1_0_INTERACTIVE_FIELD_USER);
    out->password = msv1_0_submit_wstr(submit, res, MSV1_0_INTERACTIVE_FIELD_PASSWORD);
}

NTSTATUS msv1_0_parse_interactive(const void *submit, ULONG submit_len, const void *client_base,
                                  msv1_0_interactive *out)
{
    msv1_0_submit_result res;
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    status = msv1_0_submit_read(MSV1_0_SUBMIT_INTERACTIVE, submit, submit_len, client_base, &res);
    if (status == STATUS_SUCCESS)
        fill_interactive(submit, &res, out);
    return status;
}

NTSTATUS msv1_0_parse_unlock(const void *submit, ULONG submit_len, const void *client_base, msv1_0_interactive *out,
                             LUID *unlocked)
{
    msv1_0_submit_result res;
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    memset(unlocked, 0, sizeof(*unlocked));
    status = msv1_0_submit_read(MSV1_0_SUBMIT_UNLOCK, submit, submit_len, client_base, &res);
    if (status == STATUS_SUCCESS) {
        fill_interactive(submit, &res, out);
        memcpy(unlocked, res.logon_id, sizeof(*unlocked));
    }
    return status;
}

NTSTATUS msv1_0_parse_s4u(const void *submit, ULONG submit_len, const void *client_base, msv1_0_s4u *out)
{
    msv1_0_submit_result res;
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    status = msv1_0_submit_read(MSV1_0_SUBMIT_S4U, submit, submit_len, client_base, &res);
    if (status == STATUS_SUCCESS) {
        out->flags = res.flags;
        out->upn = msv1_0_submit_wstr(submit, &res, MSV1_0_S4U_FIELD_UPN);
        out->domain = msv1_0_submit_wstr(submit, &res, MSV1_0_S4U_FIELD_DOMAIN);
    }
    return status;
}
