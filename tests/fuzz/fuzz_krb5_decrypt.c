/* Kerberos decryption of arbitrary bytes with fixed keys for every enctype (src/krb5/crypto, OpenSSL as the
 * platform): no crash, failures are clean (nothing returned, a defined error), and whatever the input, CTS decryption
 * of it and an encrypt/decrypt round trip of it work.
 * Input: byte 0 selects the enctype (mod the table size), byte 1 the key usage, the rest is the ciphertext. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "krb5_cts.h"
#include "krb5_enctype.h"
#include "krb5_openssl.h"

#define CHECK(x)                                                                                                   \
    do {                                                                                                           \
        if (!(x))                                                                                                  \
            abort();                                                                                               \
    } while (0)

/* The RFC 8009 appendix A base keys and the NT hash of "password" for the enctypes with published or checked
 * ciphertexts (the seeds are those ciphertexts, valid under these keys), a pattern for the others. */
static void fixed_key(int32_t id, uint8_t key[KRB5_MAX_KEY])
{
    static const uint8_t base19[16] = {0x37, 0x05, 0xd9, 0x60, 0x80, 0xc1, 0x77, 0x28,
                                       0xa0, 0xe8, 0x00, 0xea, 0xb6, 0xe0, 0xd2, 0x3c};
    static const uint8_t base20[32] = {0x6d, 0x40, 0x4d, 0x37, 0xfa, 0xf7, 0x9f, 0x9d, 0xf0, 0xd3, 0x35,
                                       0x68, 0xd3, 0x20, 0x66, 0x98, 0x00, 0xeb, 0x48, 0x36, 0x47, 0x2e,
                                       0xa8, 0xa0, 0x26, 0xd1, 0x6b, 0x71, 0x82, 0x46, 0x0c, 0x52};
    static const uint8_t nt_password[16] = {0x88, 0x46, 0xf7, 0xea, 0xee, 0x8f, 0xb1, 0x17,
                                            0xad, 0x06, 0xbd, 0xd8, 0x30, 0xb7, 0x58, 0x6c};

    for (size_t i = 0; i < KRB5_MAX_KEY; i++)
        key[i] = (uint8_t)(0xA5 ^ i);
    if (id == KRB5_ENCTYPE_AES128_CTS_HMAC_SHA256_128)
        memcpy(key, base19, sizeof(base19));
    else if (id == KRB5_ENCTYPE_AES256_CTS_HMAC_SHA384_192)
        memcpy(key, base20, sizeof(base20));
    else if (id == KRB5_ENCTYPE_RC4_HMAC)
        memcpy(key, nt_password, sizeof(nt_password));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const krb5_primitives *p = krb5_openssl_primitives();
    const krb5_enctype *table, *et;
    uint8_t key[KRB5_MAX_KEY];
    uint8_t *copy, *out, *cipher;
    size_t count, len, out_len = 1, cipher_len;
    uint32_t usage;
    int rc;

    if (size < 2 || size > 4096)
        return 0;
    table = krb5_enctype_table(&count);
    et = &table[data[0] % count];
    usage = data[1];
    fixed_key(et->id, key);
    len = size - 2;
    /* Exact-size copies, so ASan sees any read past the end. */
    copy = malloc(len ? len : 1);
    out = malloc(len ? len : 1);
    CHECK(copy && out);
    memcpy(copy, data + 2, len);

    rc = et->decrypt(p, et, key, usage, copy, len, out, &out_len);
    CHECK(rc == KRB5C_OK || rc == KRB5C_ERR_ARG || rc == KRB5C_ERR_INTEGRITY);
    if (rc != KRB5C_OK)
        CHECK(out_len == 0);
    else
        CHECK(out_len == len - et->confounder_size - et->mac_size);

    /* The CTS layer alone, which the SHA-2 enctypes only reach after their MAC: it inverts its encryption. */
    if (et->block_size == KRB5_AES_BLOCK && len >= KRB5_AES_BLOCK) {
        uint8_t *back = malloc(len);
        CHECK(back);
        CHECK(krb5_cts_decrypt(p, key, et->key_size, NULL, copy, out, len) == 0);
        CHECK(krb5_cts_encrypt(p, key, et->key_size, NULL, out, back, len) == 0);
        CHECK(memcmp(back, copy, len) == 0);
        free(back);
    }

    /* The input as plaintext: encrypted, then decrypted back unchanged. */
    cipher_len = krb5_ciphertext_len(et, len);
    cipher = malloc(cipher_len);
    CHECK(cipher);
    CHECK(et->encrypt(p, et, key, usage, NULL, copy, len, cipher) == KRB5C_OK);
    out = realloc(out, cipher_len);
    CHECK(out);
    CHECK(et->decrypt(p, et, key, usage, cipher, cipher_len, out, &out_len) == KRB5C_OK);
    CHECK(out_len == len && (len == 0 || memcmp(out, copy, len) == 0));

    free(cipher);
    free(out);
    free(copy);
    return 0;
}
