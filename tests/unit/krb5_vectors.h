/* Published known answers for the Kerberos enctypes, shared by the native test (OpenSSL primitives,
 * test_krb5_crypto.c) and the Wine test (bcrypt primitives, tests/wine/test_krb5_bcrypt.c) so both check the same
 * numbers. Hex strings; no code. */
#ifndef LSAEMU_TESTS_KRB5_VECTORS_H
#define LSAEMU_TESTS_KRB5_VECTORS_H

#include <stddef.h>
#include <stdint.h>

/* RFC 3962 B: string-to-key (PBKDF2-HMAC-SHA1, then DK). */
typedef struct krb5_s2k_vector {
    int32_t enctype;
    const char *password;
    const char *salt;
    size_t salt_len;
    uint32_t iterations;
    const char *key;
} krb5_s2k_vector;

#define KRB5_VEC_X64 "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
#define KRB5_VEC_X65 KRB5_VEC_X64 "X"
#define KRB5_VEC_SALT(s) s, sizeof(s) - 1

static const krb5_s2k_vector krb5_s2k_rfc3962[] = {
    {17, "password", KRB5_VEC_SALT("ATHENA.MIT.EDUraeburn"), 1, "42263c6e89f4fc28b8df68ee09799f15"},
    {18, "password", KRB5_VEC_SALT("ATHENA.MIT.EDUraeburn"), 1,
     "fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161"},
    {17, "password", KRB5_VEC_SALT("ATHENA.MIT.EDUraeburn"), 2, "c651bf29e2300ac27fa469d693bdda13"},
    {18, "password", KRB5_VEC_SALT("ATHENA.MIT.EDUraeburn"), 2,
     "a2e16d16b36069c135d5e9d2e25f896102685618b95914b467c67622225824ff"},
    {17, "password", KRB5_VEC_SALT("ATHENA.MIT.EDUraeburn"), 1200, "4c01cd46d632d01e6dbe230a01ed642a"},
    {18, "password", KRB5_VEC_SALT("ATHENA.MIT.EDUraeburn"), 1200,
     "55a6ac740ad17b4846941051e1e8b0a7548d93b0ab30a8bc3ff16280382b8c2a"},
    {17, "password", KRB5_VEC_SALT("\x12\x34\x56\x78\x78\x56\x34\x12"), 5, "e9b23d52273747dd5c35cb55be619d8e"},
    {18, "password", KRB5_VEC_SALT("\x12\x34\x56\x78\x78\x56\x34\x12"), 5,
     "97a4e786be20d81a382d5ebc96d5909cabcdadc87ca48f574504159f16c36e31"},
    {17, KRB5_VEC_X64, KRB5_VEC_SALT("pass phrase equals block size"), 1200, "59d1bb789a828b1aa54ef9c2883f69ed"},
    {18, KRB5_VEC_X64, KRB5_VEC_SALT("pass phrase equals block size"), 1200,
     "89adee3608db8bc71f1bfbfe459486b05618b70cbae22092534e56c553ba4b34"},
    {17, KRB5_VEC_X65, KRB5_VEC_SALT("pass phrase exceeds block size"), 1200, "cb8005dc5f90179a7f02104c0018751d"},
    {18, KRB5_VEC_X65, KRB5_VEC_SALT("pass phrase exceeds block size"), 1200,
     "d78c5c9cb872a8c9dad4697f0bb5b2d21496c82beb2caeda2112fceea057401b"},
    {17, "\xf0\x9d\x84\x9e", KRB5_VEC_SALT("EXAMPLE.COMpianist"), 50, "f149c1f2e154a73452d43e7fe62a56e5"},
    {18, "\xf0\x9d\x84\x9e", KRB5_VEC_SALT("EXAMPLE.COMpianist"), 50,
     "4b6d9839f84406df1f09cc166db4b83c571848b784a3d6bdc346589a3e393f9e"},
};

/* RFC 3962 B: AES-128 CBC with ciphertext stealing, IV zero, over prefixes of one input. */
#define KRB5_VEC_CTS_KEY "636869636b656e207465726979616b69"
#define KRB5_VEC_CTS_INPUT                                                                                          \
    "4920776f756c64206c696b65207468652047656e6572616c2047617527732043"                                               \
    "6869636b656e2c20706c656173652c20616e6420776f6e746f6e20736f75702e"

typedef struct krb5_cts_vector {
    size_t len;
    const char *out;
} krb5_cts_vector;

static const krb5_cts_vector krb5_cts_rfc3962[] = {
    {17, "c6353568f2bf8cb4d8a580362da7ff7f97"},
    {31, "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5"},
    {32, "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584"},
    {47, "97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e39312523a78662d5be7fcbcc98ebf5"},
    {48, "97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd839312523a78662d5be7fcbcc98ebf5a8"},
    {64, "97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a8"
         "4807efe836ee89a526730dbc2f7bc8409dad8bbb96c4cdc03bc103e1a194bbd8"},
};

/* RFC 8009 A: string-to-key (hex salt, 32768 iterations), then encryption under usage 2 with a given confounder. */
#define KRB5_VEC_SALT8009 "10df9dd783e5bc8acea1730e74355f61415448454e412e4d49542e4544557261656275726e"
#define KRB5_VEC_BASE19 "3705d96080c17728a0e800eab6e0d23c"
#define KRB5_VEC_BASE20 "6d404d37faf79f9df0d33568d320669800eb4836472ea8a026d16b7182460c52"
#define KRB5_VEC_PLAIN21 "000102030405060708090a0b0c0d0e0f1011121314"

typedef struct krb5_s2k8009_vector {
    int32_t enctype;
    const char *key;
} krb5_s2k8009_vector;

static const krb5_s2k8009_vector krb5_s2k_rfc8009[] = {
    {19, "089bca48b105ea6ea77ca5d2f39dc5e7"},
    {20, "45bd806dbf6a833a9cffc1c94589a222367a79bc21c413718906e9f578a78467"},
};

typedef struct krb5_encrypt_vector {
    int32_t enctype;
    uint32_t usage;
    const char *key;
    const char *confounder;
    const char *plain;
    const char *out;
} krb5_encrypt_vector;

static const krb5_encrypt_vector krb5_encrypt_rfc8009[] = {
    {19, 2, KRB5_VEC_BASE19, "7e5895eaf2672435bad817f545a37148", "",
     "ef85fb890bb8472f4dab20394dca781dad877eda39d50c870c0d5a0a8e48c718"},
    {19, 2, KRB5_VEC_BASE19, "7bca285e2fd4130fb55b1a5c83bc5b24", "000102030405",
     "84d7f30754ed987bab0bf3506beb09cfb55402cef7e6877ce99e247e52d16ed4421dfdf8976c"},
    {19, 2, KRB5_VEC_BASE19, "56ab21713ff62c0a1457200f6fa9948f", "000102030405060708090a0b0c0d0e0f",
     "3517d640f50ddc8ad3628722b3569d2ae07493fa8263254080ea65c1008e8fc295fb4852e7d83e1e7c48c37eebe6b0d3"},
    {19, 2, KRB5_VEC_BASE19, "a7a4e29a4728ce10664fb64e49ad3fac", KRB5_VEC_PLAIN21,
     "720f73b18d9859cd6ccb4346115cd336c70f58edc0c4437c5573"
     "544c31c813bce1e6d072c186b39a413c2f92ca9b8334a287ffcbfc"},
    {20, 2, KRB5_VEC_BASE20, "f764e9fa15c276478b2c7d0c4e5f58e4", "",
     "41f53fa5bfe7026d91faf9be959195a058707273a96a40f0a01960621ac612748b9bbfbe7eb4ce3c"},
    {20, 2, KRB5_VEC_BASE20, "b80d3251c1f6471494256ffe712d0b9a", "000102030405",
     "4ed7b37c2bcac8f74f23c1cf07e62bc7b75fb3f637b9f559c7f664f69eab7b6092237526ea0d1f61cb20d69d10f2"},
    {20, 2, KRB5_VEC_BASE20, "53bf8a0d105265d4e276428624ce5e63", "000102030405060708090a0b0c0d0e0f",
     "bc47ffec7998eb91e8115cf8d19dac4bbbe2e163e87dd37f49beca92"
     "027764f68cf51f14d798c2273f35df574d1f932e40c4ff255b36a266"},
    {20, 2, KRB5_VEC_BASE20, "763e65367e864f02f55153c7e3b58af1", KRB5_VEC_PLAIN21,
     "40013e2df58e8751957d2878bcd2d6fe101ccfd556cb1eae79db3c3ee864"
     "29f2b2a602ac86fef6ecb647d6295fae077a1feb517508d2c16b4192e01f62"},
};

/* RFC 4757: the key is MD4(UTF-16LE password), the well-known NT hash of "password"; the salt plays no part. */
#define KRB5_VEC_NT_PASSWORD "8846f7eaee8fb117ad06bdd830b7586c"

/* Computed with Python's hmac/hashlib and a reference RC4, composing RFC 4757 4 and 5 by hand: usage 3 maps to 8. */
static const krb5_encrypt_vector krb5_encrypt_rc4_hmac = {
    23, 3, KRB5_VEC_NT_PASSWORD, "0102030405060708", "7263342d686d6163206b6e6f776e20616e73776572",
    "daa6ea23a0720447b4d5aef25b2ae4b73c278c7abc96c73f0c968677d758070a9a4122afa9a57f4278ea9219ed"};

#endif
