/* n-fold (RFC 3961 5.1): the input is repeated lcm(in, out) / in times, each copy rotated right 13 bits more than
 * the one before, and the result is cut into out-byte chunks added together in ones' complement arithmetic. */
#include "krb5_nfold.h"

static size_t gcd(size_t a, size_t b)
{
    while (b) {
        size_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

int krb5_nfold(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len)
{
    uint32_t acc[KRB5_NFOLD_MAX] = {0};
    size_t bits, lcm, copies;
    uint32_t carry;

    if (!in_len || !out_len || in_len > KRB5_NFOLD_MAX || out_len > KRB5_NFOLD_MAX)
        return -1;
    bits = in_len * 8;
    lcm = in_len / gcd(in_len, out_len) * out_len;
    copies = lcm / in_len;
    /* Bit b of copy k is bit (b - 13k) mod bits of the input (bit 0 = most significant bit of byte 0); it lands in
     * byte ((k * bits + b) / 8) mod out_len of the chunk sum. */
    for (size_t k = 0; k < copies; k++) {
        size_t shift = (13 * k) % bits;
        for (size_t b = 0; b < bits; b++) {
            size_t src = (b + bits - shift) % bits;
            size_t pos = k * bits + b;
            uint32_t bit = (in[src / 8] >> (7 - src % 8)) & 1u;
            acc[(pos / 8) % out_len] += bit << (7 - pos % 8);
        }
    }
    /* Ones' complement: carries out of the top byte come back in at the bottom until none are left. */
    do {
        carry = 0;
        for (size_t i = out_len; i-- > 0;) {
            uint32_t v = acc[i] + carry;
            acc[i] = v & 0xffu;
            carry = v >> 8;
        }
        acc[out_len - 1] += carry;
    } while (carry);
    for (size_t i = 0; i < out_len; i++)
        out[i] = (uint8_t)acc[i];
    return 0;
}
