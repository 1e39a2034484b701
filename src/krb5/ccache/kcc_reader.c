/* The bounded reader of kcc_reader.h. */
#include "kcc_reader.h"

int kcc_read_u8(kcc_reader *r, uint8_t *v)
{
    if (kcc_reader_left(r) < 1)
        return 0;
    *v = r->bytes[r->pos++];
    return 1;
}

int kcc_read_u16(kcc_reader *r, uint16_t *v)
{
    const uint8_t *b;

    if (kcc_reader_left(r) < 2)
        return 0;
    b = r->bytes + r->pos;
    *v = r->little_endian ? (uint16_t)(b[1] << 8 | b[0]) : (uint16_t)(b[0] << 8 | b[1]);
    r->pos += 2;
    return 1;
}

int kcc_read_u32(kcc_reader *r, uint32_t *v)
{
    const uint8_t *b;

    if (kcc_reader_left(r) < 4)
        return 0;
    b = r->bytes + r->pos;
    if (r->little_endian)
        *v = (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
    else
        *v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    r->pos += 4;
    return 1;
}

kcc_status kcc_read_bytes(kcc_reader *r, size_t length, kcc_data *d)
{
    if (length > kcc_reader_left(r))
        return KCC_E_TRUNCATED;
    if (kcc_data_set(d, r->bytes + r->pos, length) != KCC_OK)
        return KCC_E_NO_MEMORY;
    r->pos += length;
    return KCC_OK;
}
