/* CBC-CS3 over the platform's AES. Encryption: CBC over the zero-padded input, then the last two ciphertext blocks
 * swap and the output is cut to the input's length. Decryption undoes that: the last full block decrypted (ECB)
 * gives the tail of the stolen block and, XORed with it, the short final plaintext; then ordinary CBC. */
#include "krb5_cts.h"
#include "krb5_secret.h"

#include <string.h>

#define B KRB5_AES_BLOCK

int krb5_cts_encrypt(const krb5_primitives *p, const uint8_t *key, size_t key_len, const uint8_t *iv,
                     const uint8_t *in, uint8_t *out, size_t len)
{
    static const uint8_t zero_iv[B];
    size_t padded, tail;
    uint8_t *buf;
    int rc = 0;

    if (len < B)
        return -1;
    if (!iv)
        iv = zero_iv;
    tail = len % B ? len % B : B;
    if (len > SIZE_MAX - B)
        return -1;
    padded = len - tail + B;
    buf = krb5_alloc(padded);
    if (!buf)
        return -2;
    memset(buf, 0, padded);
    memcpy(buf, in, len);
    if (p->aes_cbc(p->ctx, 0, key, key_len, iv, buf, buf, padded) != 0) {
        rc = -2;
    } else if (padded == B) {
        memcpy(out, buf, B);
    } else {
        /* ... C(n-2), C(n), first `tail` bytes of C(n-1) */
        size_t head = padded - 2 * B;
        memmove(out, buf, head);
        memcpy(out + head, buf + head + B, B);
        memcpy(out + head + B, buf + head, tail);
    }
    krb5_free_wiped(buf, padded);
    return rc;
}

int krb5_cts_decrypt(const krb5_primitives *p, const uint8_t *key, size_t key_len, const uint8_t *iv,
                     const uint8_t *in, uint8_t *out, size_t len)
{
    static const uint8_t zero_iv[B];
    uint8_t d[B], last[B];
    size_t head, tail;
    uint8_t *buf;
    int rc = 0;

    if (len < B)
        return -1;
    if (!iv)
        iv = zero_iv;
    if (len == B)
        return p->aes_cbc(p->ctx, 1, key, key_len, iv, in, out, B) == 0 ? 0 : -2;
    tail = len % B ? len % B : B;
    head = len - tail - B; /* full blocks before the swapped pair */
    buf = krb5_alloc(head + B);
    if (!buf)
        return -2;
    /* d = D(C(n)) = P(n) padded XOR C(n-1); C(n-1) is the short tail followed by d's own bytes past it. */
    if (p->aes_ecb(p->ctx, 1, key, key_len, in + head, d, B) != 0) {
        rc = -2;
        goto done;
    }
    memcpy(buf, in, head);
    memcpy(buf + head, in + head + B, tail);
    memcpy(buf + head + tail, d + tail, B - tail);
    for (size_t i = 0; i < tail; i++)
        last[i] = (uint8_t)(d[i] ^ buf[head + i]);
    if (p->aes_cbc(p->ctx, 1, key, key_len, iv, buf, buf, head + B) != 0) {
        rc = -2;
        goto done;
    }
    memcpy(out, buf, head + B);
    memcpy(out + head + B, last, tail);
done:
    krb5_wipe(d, sizeof(d));
    krb5_wipe(last, sizeof(last));
    krb5_free_wiped(buf, head + B);
    return rc;
}
