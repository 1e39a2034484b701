/* MSV1_0_LM20_LOGON parsing; see msv1_0_lm20_submit.h. */
#include "pkg_win.h"

#include <stddef.h>
#include <string.h>

#include "lsa_buffer.h"
#include "msv1_0_lm20_submit.h"
#include "pkg_trace.h"

/* An ANSI STRING {Length, MaximumLength, Buffer} holding bytes: any length, no evenness rule. */
static NTSTATUS locate_bytes(const char *what, const void *submit, ULONG submit_len, const void *client_base,
                             size_t field_offset, msv1_0_bytes *out)
{
    STRING field;
    lsa_buf_status st = LSA_BUF_OK;
    size_t offset = 0;

    out->data = NULL;
    out->len = 0;
    memcpy(&field, (const BYTE *)submit + field_offset, sizeof(field));
    if (field.MaximumLength < field.Length)
        st = LSA_BUF_MAX_BELOW_LENGTH;
    else
        st = lsa_buf_locate_region(submit_len, (uint64_t)(uintptr_t)client_base, (uint64_t)(uintptr_t)field.Buffer,
                                   field.Length, &offset);
    if (st != LSA_BUF_OK) {
        pkg_warn("msv1_0", "%s refused: %s (Length %u, MaximumLength %u)", what, lsa_buf_status_name(st),
                 field.Length, field.MaximumLength);
        return STATUS_INVALID_PARAMETER;
    }
    out->len = field.Length;
    out->data = field.Length ? (const BYTE *)submit + offset : NULL;
    return STATUS_SUCCESS;
}

NTSTATUS msv1_0_parse_lm20(const void *submit, ULONG submit_len, const void *client_base, msv1_0_lm20 *out)
{
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    if (!submit || submit_len < sizeof(MSV1_0_LM20_LOGON)) {
        pkg_warn("msv1_0", "LM20 logon buffer of %lu bytes is shorter than the structure (%u)",
                 (unsigned long)submit_len, (unsigned)sizeof(MSV1_0_LM20_LOGON));
        return STATUS_INVALID_PARAMETER;
    }
    status = pkg_submit_ustring("msv1_0", "LogonDomainName", submit, submit_len, client_base,
                                offsetof(MSV1_0_LM20_LOGON, LogonDomainName), &out->domain);
    if (status == STATUS_SUCCESS)
        status = pkg_submit_ustring("msv1_0", "UserName", submit, submit_len, client_base,
                                    offsetof(MSV1_0_LM20_LOGON, UserName), &out->user);
    if (status == STATUS_SUCCESS)
        status = pkg_submit_ustring("msv1_0", "Workstation", submit, submit_len, client_base,
                                    offsetof(MSV1_0_LM20_LOGON, Workstation), &out->workstation);
    if (status == STATUS_SUCCESS)
        status = locate_bytes("CaseSensitiveChallengeResponse", submit, submit_len, client_base,
                              offsetof(MSV1_0_LM20_LOGON, CaseSensitiveChallengeResponse), &out->nt_response);
    if (status == STATUS_SUCCESS)
        status = locate_bytes("CaseInsensitiveChallengeResponse", submit, submit_len, client_base,
                              offsetof(MSV1_0_LM20_LOGON, CaseInsensitiveChallengeResponse), &out->lm_response);
    if (status == STATUS_SUCCESS) {
        memcpy(out->challenge, (const BYTE *)submit + offsetof(MSV1_0_LM20_LOGON, ChallengeToClient),
               MSV1_0_CHALLENGE_LENGTH);
        memcpy(&out->parameter_control, (const BYTE *)submit + offsetof(MSV1_0_LM20_LOGON, ParameterControl),
               sizeof(out->parameter_control));
        if ((out->parameter_control & MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED) && out->nt_response.len % 2) {
            pkg_warn("msv1_0", "clear-text password of odd length");
            status = STATUS_INVALID_PARAMETER;
        }
    }
    if (status != STATUS_SUCCESS)
        memset(out, 0, sizeof(*out));
    return status;
}
