/* Secret-handling helpers; see ntlm_util.h. */
#include "ntlm_util.h"

int ntlm_ct_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
    uint8_t diff = 0;
    size_t i;

    for (i = 0; i < len; i++)
        diff |= (uint8_t)(a[i] ^ b[i]);
    /* Branch-free mapping of diff to 1/0. */
    return (int)(1u & (((unsigned)diff - 1u) >> 8));
}

void ntlm_wipe(void *p, size_t len)
{
    volatile uint8_t *v = p;

    while (len--)
        *v++ = 0;
}
