/* Kerberos encryption types (RFC 3961 framework): one table, looked up by enctype number. Each entry knows its
 * sizes and does string-to-key, key derivation, authenticated encryption/decryption and keyed checksums with the
 * primitives the caller supplies (krb5_primitives.h). Keys are raw bytes of key_size. */
#ifndef LSAEMU_KRB5_ENCTYPE_H
#define LSAEMU_KRB5_ENCTYPE_H

#include "krb5_primitives.h"

#include <stddef.h>
#include <stdint.h>

#define KRB5_ENCTYPE_AES128_CTS_HMAC_SHA1_96 17
#define KRB5_ENCTYPE_AES256_CTS_HMAC_SHA1_96 18
#define KRB5_ENCTYPE_AES128_CTS_HMAC_SHA256_128 19
#define KRB5_ENCTYPE_AES256_CTS_HMAC_SHA384_192 20
#define KRB5_ENCTYPE_RC4_HMAC 23

#define KRB5_CKSUMTYPE_HMAC_SHA1_96_AES128 15
#define KRB5_CKSUMTYPE_HMAC_SHA1_96_AES256 16
#define KRB5_CKSUMTYPE_HMAC_SHA256_128_AES128 19
#define KRB5_CKSUMTYPE_HMAC_SHA384_192_AES256 20
#define KRB5_CKSUMTYPE_HMAC_MD5 (-138)

/* Results. */
#define KRB5C_OK 0
#define KRB5C_ERR_ARG (-1)       /* a length or parameter out of range (short ciphertext, bad s2kparams) */
#define KRB5C_ERR_CRYPTO (-2)    /* a primitive failed, or memory ran out */
#define KRB5C_ERR_INTEGRITY (-3) /* the MAC does not match: KRB5KRB_AP_ERR_BAD_INTEGRITY */

/* The derived keys of RFC 3961 5.3 / RFC 8009 5: the byte that follows the 4-byte usage number. */
#define KRB5_DERIVE_KC 0x99 /* checksums */
#define KRB5_DERIVE_KE 0xAA /* encryption */
#define KRB5_DERIVE_KI 0x55 /* encryption's integrity */

#define KRB5_MAX_KEY 32

typedef struct krb5_enctype krb5_enctype;

struct krb5_enctype {
    int32_t id;
    const char *name;       /* as RFC 3961/3962/8009/4757 and MIT krb5.conf spell it */
    size_t key_size;        /* bytes of a key of this type */
    size_t block_size;      /* cipher block (1 for the RC4 stream cipher) */
    size_t confounder_size; /* random bytes put before the plaintext */
    size_t mac_size;        /* integrity bytes of a ciphertext */
    int32_t checksum_type;  /* the keyed checksum that goes with this enctype */
    size_t checksum_size;   /* bytes of that checksum */
    /* key[0..key_size) from a UTF-8 password and a salt; params are the s2kparams (NULL/0: the default). */
    int (*string_to_key)(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *password,
                         size_t password_len, const uint8_t *salt, size_t salt_len, const uint8_t *params,
                         size_t params_len, uint8_t *key);
    /* out = the key of the given kind (KRB5_DERIVE_*) for usage; *out_len says its length (at most
     * KRB5_MAX_DIGEST). */
    int (*derive)(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage, uint8_t kind,
                  uint8_t *out, size_t *out_len);
    /* out[0..krb5_ciphertext_len(et, in_len)) = encryption of in under key for usage. confounder: NULL for fresh
     * random bytes (always, outside known-answer tests), else confounder_size given bytes. */
    int (*encrypt)(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                   const uint8_t *confounder, const uint8_t *in, size_t in_len, uint8_t *out);
    /* out[0..*out_len) = plaintext of in (out has room for in_len bytes). KRB5C_ERR_INTEGRITY on a bad MAC; on any
     * failure nothing is written to out and *out_len is 0. */
    int (*decrypt)(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                   const uint8_t *in, size_t in_len, uint8_t *out, size_t *out_len);
    /* out[0..checksum_size) = keyed checksum of data for usage. */
    int (*checksum)(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                    const uint8_t *data, size_t len, uint8_t *out);
};

/* The table entry for id, or NULL when the enctype is not supported. */
const krb5_enctype *krb5_enctype_lookup(int32_t id);

/* The table itself (for iterating): *count entries. */
const krb5_enctype *krb5_enctype_table(size_t *count);

/* Length of the ciphertext of a plaintext of plain_len bytes; 0 when that would overflow. */
size_t krb5_ciphertext_len(const krb5_enctype *et, size_t plain_len);

/* Verifies a keyed checksum in constant time: KRB5C_OK, KRB5C_ERR_INTEGRITY, or another error. */
int krb5_checksum_verify(const krb5_primitives *p, const krb5_enctype *et, const uint8_t *key, uint32_t usage,
                         const uint8_t *data, size_t len, const uint8_t *checksum, size_t checksum_len);

#endif
