/* The per-family functions the enctype table (krb5_enctype.c) points at; not for callers. */
#ifndef LSAEMU_KRB5_ENCTYPE_IMPL_H
#define LSAEMU_KRB5_ENCTYPE_IMPL_H

#include "krb5_enctype.h"

#define KRB5_ENCTYPE_FUNCS(prefix)                                                                                 \
    int prefix##_string_to_key(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *password,          \
                               size_t password_len, const uint8_t *salt, size_t salt_len, const uint8_t *params,   \
                               size_t params_len, uint8_t *key);                                                   \
    int prefix##_derive(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,      \
                        uint8_t kind, uint8_t *out, size_t *out_len);                                              \
    int prefix##_encrypt(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,     \
                         const uint8_t *confounder, const uint8_t *in, size_t in_len, uint8_t *out);               \
    int prefix##_decrypt(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,     \
                         const uint8_t *in, size_t in_len, uint8_t *out, size_t *out_len);                         \
    int prefix##_checksum(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,    \
                          const uint8_t *data, size_t len, uint8_t *out);

KRB5_ENCTYPE_FUNCS(krb5_aes_sha1)
KRB5_ENCTYPE_FUNCS(krb5_aes_sha2)
KRB5_ENCTYPE_FUNCS(krb5_rc4_hmac)

/* The 5-byte derivation constant: usage big-endian, then the kind byte. */
void krb5_usage_constant(uint32_t usage, uint8_t kind, uint8_t out[5]);

/* The iteration count of s2kparams (4 bytes big-endian) or def when there are none; -1 on a malformed or zero
 * count. */
int krb5_s2k_iterations(const uint8_t *params, size_t params_len, uint32_t def, uint32_t *iterations);

/* A new block of conf_len confounder bytes (the given ones, for known-answer tests, else random) followed by in:
 * what the AES enctypes encrypt. *out is released with krb5_free_wiped(*out, *out_len); nothing on failure. */
int krb5_confounded(const krb5_primitives *p, size_t conf_len, const uint8_t *confounder, const uint8_t *in,
                    size_t in_len, uint8_t **out, size_t *out_len);

#endif
