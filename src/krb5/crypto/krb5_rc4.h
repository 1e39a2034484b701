/* RC4, written here because Wine 8's bcrypt has no RC4 provider (BCRYPT_RC4_ALGORITHM is not implemented) and the
 * rc4-hmac enctype cannot exist without it; the same code runs natively so the tests cover what the DLL runs. */
#ifndef LSAEMU_KRB5_RC4_H
#define LSAEMU_KRB5_RC4_H

#include <stddef.h>
#include <stdint.h>

/* out[0..len) = in XOR the RC4 keystream of key (1..256 bytes); in and out may be the same buffer. The cipher
 * state is wiped before returning. Returns 0, or -1 on a bad key length. */
int krb5_rc4(const uint8_t *key, size_t key_len, const uint8_t *in, uint8_t *out, size_t len);

#endif
