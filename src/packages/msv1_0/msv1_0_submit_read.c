/* Running the portable submit check from the package; see msv1_0_submit_read.h. */
#include "pkg_win.h"

#include "msv1_0_submit_read.h"
#include "pkg_trace.h"

/* The client writes structures of its own pointer size, which is this DLL's (Wine runs a 32-bit client with the
 * 32-bit secur32.dll). */
#define MSV1_0_THIS_WIDTH (sizeof(void *) == 8 ? MSV1_0_CLIENT_64 : MSV1_0_CLIENT_32)

NTSTATUS msv1_0_submit_read(msv1_0_submit_kind kind, const void *submit, ULONG submit_len, const void *client_base,
                            msv1_0_submit_result *res)
{
    const msv1_0_submit_layout *layout = &msv1_0_submit_layouts[kind];

    switch (msv1_0_submit_check(kind, MSV1_0_THIS_WIDTH, submit, submit_len, (uint64_t)(uintptr_t)client_base, res)) {
    case MSV1_0_SUBMIT_OK:
        return STATUS_SUCCESS;
    case MSV1_0_SUBMIT_SHORT:
        pkg_warn("msv1_0", "%s logon buffer of %lu bytes is shorter than the structure (%u)", layout->name,
                 (unsigned long)submit_len, (unsigned)layout->size[MSV1_0_THIS_WIDTH]);
        break;
    case MSV1_0_SUBMIT_BAD_FIELD:
        pkg_warn("msv1_0", "%s refused: %s (Length %u, MaximumLength %u)", layout->fields[res->field].name,
                 lsa_buf_status_name(res->buf_status), res->length, res->max_length);
        break;
    case MSV1_0_SUBMIT_NO_UPN:
    case MSV1_0_SUBMIT_ODD_CLEARTEXT:
        pkg_warn("msv1_0", "%s", msv1_0_submit_status_name(res->status));
        break;
    }
    return STATUS_INVALID_PARAMETER;
}

pkg_wstr msv1_0_submit_wstr(const void *submit, const msv1_0_submit_result *res, size_t index)
{
    pkg_wstr s;

    s.bytes = res->spans[index].len;
    s.data = s.bytes ? (const BYTE *)submit + res->spans[index].offset : NULL;
    return s;
}
