/* MSV1_0_LM20_LOGON parsing; see msv1_0_lm20_submit.h. The checks themselves are portable
 * (portable/msv1_0_submit_check.c); this file maps their answer to Windows types. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_lm20_submit.h"
#include "msv1_0_submit_read.h"

static msv1_0_bytes bytes_of(const void *submit, const msv1_0_submit_result *res, size_t index)
{
    msv1_0_bytes b;

    b.len = res->spans[index].len;
    b.data = b.len ? (const BYTE *)submit + res->spans[index].offset : NULL;
    return b;
}

NTSTATUS msv1_0_parse_lm20(const void *submit, ULONG submit_len, const void *client_base, msv1_0_lm20 *out)
{
    msv1_0_submit_result res;
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    status = msv1_0_submit_read(MSV1_0_SUBMIT_LM20, submit, submit_len, client_base, &res);
    if (status != STATUS_SUCCESS)
        return status;
    out->domain = msv1_0_submit_wstr(submit, &res, MSV1_0_LM20_FIELD_DOMAIN);
    out->user = msv1_0_submit_wstr(submit, &res, MSV1_0_LM20_FIELD_USER);
    out->workstation = msv1_0_submit_wstr(submit, &res, MSV1_0_LM20_FIELD_WORKSTATION);
    out->nt_response = bytes_of(submit, &res, MSV1_0_LM20_FIELD_NT_RESPONSE);
    out->lm_response = bytes_of(submit, &res, MSV1_0_LM20_FIELD_LM_RESPONSE);
    memcpy(out->challenge, res.challenge, MSV1_0_CHALLENGE_LENGTH);
    out->parameter_control = res.flags;
    return STATUS_SUCCESS;
}
