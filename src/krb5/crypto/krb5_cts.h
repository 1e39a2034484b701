/* AES in CBC mode with ciphertext stealing as Kerberos uses it (RFC 3962 section 5, the CBC-CS3 variant: the last
 * two blocks always swap), built on the platform's AES-CBC and AES-ECB. */
#ifndef LSAEMU_KRB5_CTS_H
#define LSAEMU_KRB5_CTS_H

#include "krb5_primitives.h"

/* out[0..len) = CTS encryption (or decryption) of in[0..len) from iv (all zeros when NULL). len must be at least one
 * block; exactly one block is plain CBC. in and out may be the same buffer. Returns 0, -1 on a bad length, -2 when
 * a primitive fails. */
int krb5_cts_encrypt(const krb5_primitives *p, const uint8_t *key, size_t key_len, const uint8_t *iv,
                     const uint8_t *in, uint8_t *out, size_t len);
int krb5_cts_decrypt(const krb5_primitives *p, const uint8_t *key, size_t key_len, const uint8_t *iv,
                     const uint8_t *in, uint8_t *out, size_t len);

#endif
