/* Validation of the MSV1_0 submit structures; see msv1_0_submit_check.h. */
#include "msv1_0_submit_check.h"

#include <string.h>

/* Little-endian, byte by byte: the copy's alignment is the core's business, not something to rely on. */
static uint64_t read_le(const uint8_t *p, size_t n)
{
    uint64_t v = 0;

    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* {Length, MaximumLength, (padding), Buffer} at `at`, which the structure-size check put inside the copy. */
static lsa_buf_status locate_field(const msv1_0_submit_field *f, msv1_0_client_width width, const uint8_t *buf,
                                   size_t len, uint64_t client_base, uint16_t *length, uint16_t *max_length,
                                   size_t *offset)
{
    size_t at = f->offset[width];
    size_t ptr_size = width == MSV1_0_CLIENT_32 ? 4 : 8;
    uint64_t ptr = read_le(buf + at + ptr_size, ptr_size);

    *length = (uint16_t)read_le(buf + at, 2);
    *max_length = (uint16_t)read_le(buf + at + 2, 2);
    *offset = 0;
    if (f->kind == MSV1_0_FIELD_USTRING)
        return lsa_buf_locate_ustring(len, client_base, ptr, *length, *max_length, offset);
    if (*max_length < *length)
        return LSA_BUF_MAX_BELOW_LENGTH;
    return lsa_buf_locate_region(len, client_base, ptr, *length, offset);
}

static msv1_0_submit_status refuse(msv1_0_submit_result *out, msv1_0_submit_status status)
{
    /* A refusal hands back no part of the buffer. */
    memset(out->spans, 0, sizeof(out->spans));
    out->status = status;
    return status;
}

msv1_0_submit_status msv1_0_submit_check(msv1_0_submit_kind kind, msv1_0_client_width width, const uint8_t *buf,
                                         size_t len, uint64_t client_base, msv1_0_submit_result *out)
{
    const msv1_0_submit_layout *layout;

    memset(out, 0, sizeof(*out));
    if ((unsigned)kind >= MSV1_0_SUBMIT_KINDS || (width != MSV1_0_CLIENT_64 && width != MSV1_0_CLIENT_32))
        return refuse(out, MSV1_0_SUBMIT_SHORT);
    layout = &msv1_0_submit_layouts[kind];
    if (!buf || len < layout->size[width])
        return refuse(out, MSV1_0_SUBMIT_SHORT);
    for (size_t i = 0; i < layout->count; i++) {
        uint16_t length, max_length;
        size_t offset;
        lsa_buf_status st = locate_field(&layout->fields[i], width, buf, len, client_base, &length, &max_length,
                                         &offset);

        if (st != LSA_BUF_OK) {
            out->field = i;
            out->buf_status = st;
            out->length = length;
            out->max_length = max_length;
            return refuse(out, MSV1_0_SUBMIT_BAD_FIELD);
        }
        out->spans[i].offset = length ? offset : 0;
        out->spans[i].len = length;
    }
    if (layout->flags_offset[width] != SIZE_MAX)
        out->flags = (uint32_t)read_le(buf + layout->flags_offset[width], 4);
    if (layout->challenge_offset[width] != SIZE_MAX)
        memcpy(out->challenge, buf + layout->challenge_offset[width], sizeof(out->challenge));
    if (layout->logon_id_offset[width] != SIZE_MAX)
        memcpy(out->logon_id, buf + layout->logon_id_offset[width], sizeof(out->logon_id));

    if (kind == MSV1_0_SUBMIT_S4U && out->spans[MSV1_0_S4U_FIELD_UPN].len == 0) {
        out->flags = 0;
        return refuse(out, MSV1_0_SUBMIT_NO_UPN);
    }
    if (kind == MSV1_0_SUBMIT_LM20 && (out->flags & MSV1_0_SUBMIT_CLEARTEXT_PASSWORD_SUPPLIED) &&
        out->spans[MSV1_0_LM20_FIELD_NT_RESPONSE].len % 2 != 0) {
        out->flags = 0;
        memset(out->challenge, 0, sizeof(out->challenge));
        return refuse(out, MSV1_0_SUBMIT_ODD_CLEARTEXT);
    }
    out->status = MSV1_0_SUBMIT_OK;
    return MSV1_0_SUBMIT_OK;
}

const char *msv1_0_submit_status_name(msv1_0_submit_status status)
{
    switch (status) {
    case MSV1_0_SUBMIT_OK: return "ok";
    case MSV1_0_SUBMIT_SHORT: return "buffer shorter than the structure";
    case MSV1_0_SUBMIT_BAD_FIELD: return "a string field refused";
    case MSV1_0_SUBMIT_NO_UPN: return "S4U logon without a UserPrincipalName";
    case MSV1_0_SUBMIT_ODD_CLEARTEXT: return "clear-text password of odd length";
    }
    return "unknown submit status";
}
