/* Wiping, constant-time comparison, wiped buffers; see krb5_secret.h. */
#include "krb5_secret.h"
#include "krb5_primitives.h"

#include <stdlib.h>

void krb5_wipe(void *p, size_t len)
{
    volatile uint8_t *v = p;

    while (len--)
        *v++ = 0;
}

int krb5_ct_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
    uint8_t diff = 0;

    for (size_t i = 0; i < len; i++)
        diff |= (uint8_t)(a[i] ^ b[i]);
    return diff == 0;
}

uint8_t *krb5_alloc(size_t len)
{
    return malloc(len ? len : 1);
}

void krb5_free_wiped(uint8_t *p, size_t len)
{
    if (!p)
        return;
    krb5_wipe(p, len);
    free(p);
}

size_t krb5_hash_len(krb5_hash_alg alg)
{
    switch (alg) {
    case KRB5_HASH_MD4:
    case KRB5_HASH_MD5:
        return 16;
    case KRB5_HASH_SHA1:
        return 20;
    case KRB5_HASH_SHA256:
        return 32;
    case KRB5_HASH_SHA384:
        return 48;
    }
    return 0;
}
