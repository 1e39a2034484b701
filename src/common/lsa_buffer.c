/* Locating embedded regions of a submit buffer copy; see lsa_buffer.h.
 *
 * Every check compares a length against what remains (`length > buf_len - offset`), which cannot wrap, and the
 * absolute-pointer subtraction happens only once ptr >= client_base is known. */
#include "lsa_buffer.h"

/* The region [offset, offset + length) lies inside [0, buf_len]. An empty region may sit at buf_len itself: a packer
 * that puts an empty string after the last byte it wrote has done nothing wrong. */
static int region_fits(size_t buf_len, uint64_t offset, uint64_t length)
{
    if (offset > buf_len)
        return 0;
    return length <= (uint64_t)buf_len - offset;
}

lsa_buf_status lsa_buf_locate_region(size_t buf_len, uint64_t client_base, uint64_t ptr, uint64_t length,
                                     size_t *offset)
{
    if (ptr == 0) {
        /* 0 is NULL in the absolute dialect, and in the relative one it would point at the submit structure's own
         * header, which never holds the data a field describes. */
        if (length != 0)
            return LSA_BUF_NULL_WITH_LENGTH;
        *offset = 0;
        return LSA_BUF_OK;
    }
    /* Absolute first: when both readings fit, client_base > 0 makes the absolute offset the smaller one, and real
     * client addresses lie far above any submit buffer's size, so the readings cannot be confused. */
    if (ptr >= client_base && region_fits(buf_len, ptr - client_base, length)) {
        *offset = (size_t)(ptr - client_base);
        return LSA_BUF_OK;
    }
    if (region_fits(buf_len, ptr, length)) {
        *offset = (size_t)ptr;
        return LSA_BUF_OK;
    }
    return LSA_BUF_OUT_OF_RANGE;
}

lsa_buf_status lsa_buf_locate_ustring(size_t buf_len, uint64_t client_base, uint64_t ptr, uint16_t length,
                                      uint16_t max_length, size_t *offset)
{
    if (length % 2 != 0)
        return LSA_BUF_ODD_LENGTH;
    if (max_length < length)
        return LSA_BUF_MAX_BELOW_LENGTH;
    return lsa_buf_locate_region(buf_len, client_base, ptr, length, offset);
}

const char *lsa_buf_status_name(lsa_buf_status status)
{
    switch (status) {
    case LSA_BUF_OK: return "ok";
    case LSA_BUF_ODD_LENGTH: return "odd length";
    case LSA_BUF_MAX_BELOW_LENGTH: return "maximum length below length";
    case LSA_BUF_NULL_WITH_LENGTH: return "null buffer with non-zero length";
    case LSA_BUF_OUT_OF_RANGE: return "region outside the submit buffer";
    }
    return "unknown buffer status";
}
