/* Submit buffer reading; see pkg_submit.h. */
#include "pkg_win.h"

#include <string.h>

#include "lsa_buffer.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

NTSTATUS pkg_submit_message_type(const void *submit, ULONG submit_len, ULONG *type)
{
    *type = 0;
    if (!submit || submit_len < sizeof(ULONG))
        return STATUS_INVALID_PARAMETER;
    memcpy(type, submit, sizeof(*type));
    return STATUS_SUCCESS;
}

NTSTATUS pkg_submit_ustring(const char *package, const char *what, const void *submit, ULONG submit_len,
                            const void *client_base, size_t field_offset, pkg_wstr *out)
{
    UNICODE_STRING field;
    lsa_buf_status st;
    size_t offset = 0;

    out->data = NULL;
    out->bytes = 0;
    if (field_offset > submit_len || sizeof(field) > submit_len - field_offset)
        return STATUS_INVALID_PARAMETER;
    /* memcpy: the copy's alignment is the core's business, not something to rely on. */
    memcpy(&field, (const BYTE *)submit + field_offset, sizeof(field));
    st = lsa_buf_locate_ustring(submit_len, (uint64_t)(uintptr_t)client_base, (uint64_t)(uintptr_t)field.Buffer,
                                field.Length, field.MaximumLength, &offset);
    if (st != LSA_BUF_OK) {
        pkg_warn(package, "%s refused: %s (Length %u, MaximumLength %u)", what, lsa_buf_status_name(st),
                 field.Length, field.MaximumLength);
        return STATUS_INVALID_PARAMETER;
    }
    out->bytes = field.Length;
    out->data = field.Length ? (const BYTE *)submit + offset : NULL;
    return STATUS_SUCCESS;
}

BOOL pkg_wstr_copy(const pkg_wstr *s, WCHAR *dst, size_t cap)
{
    size_t chars = s->bytes / sizeof(WCHAR);

    if (!cap || chars > cap - 1)
        return FALSE;
    if (chars)
        memcpy(dst, s->data, chars * sizeof(WCHAR));
    dst[chars] = 0;
    return TRUE;
}

BOOL pkg_wstr_equal_nocase(const pkg_wstr *s, const WCHAR *text)
{
    WCHAR buf[256];

    if (!pkg_wstr_copy(s, buf, ARRAYSIZE(buf)))
        return FALSE;
    return CompareStringOrdinal(buf, -1, text, -1, TRUE) == CSTR_EQUAL;
}
