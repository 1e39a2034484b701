/* RC4 (key schedule, then the output generator); see krb5_rc4.h for why it is ours. */
#include "krb5_rc4.h"
#include "krb5_secret.h"

int krb5_rc4(const uint8_t *key, size_t key_len, const uint8_t *in, uint8_t *out, size_t len)
{
    uint8_t s[256], t;
    uint8_t i = 0, j = 0;

    if (!key_len || key_len > 256)
        return -1;
    for (size_t n = 0; n < 256; n++)
        s[n] = (uint8_t)n;
    for (size_t n = 0; n < 256; n++) {
        j = (uint8_t)(j + s[n] + key[n % key_len]);
        t = s[n], s[n] = s[j], s[j] = t;
    }
    j = 0;
    for (size_t n = 0; n < len; n++) {
        i = (uint8_t)(i + 1);
        j = (uint8_t)(j + s[i]);
        t = s[i], s[i] = s[j], s[j] = t;
        out[n] = (uint8_t)(in[n] ^ s[(uint8_t)(s[i] + s[j])]);
    }
    krb5_wipe(s, sizeof(s));
    t = i = j = 0;
    krb5_wipe(&t, 1);
    return 0;
}
