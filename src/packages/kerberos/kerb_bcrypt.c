/* bcrypt behind krb5_primitives; see kerb_bcrypt.h. */
#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>

#include <bcrypt.h>
#include <string.h>

#include "kerb_bcrypt.h"

/* Provider slots, opened together once: opening a provider costs far more than the work done with it. */
enum {
    ALG_AES_ECB,
    ALG_AES_CBC,
    ALG_MD4,
    ALG_MD5,
    ALG_HMAC_MD5,
    ALG_HMAC_SHA1,
    ALG_HMAC_SHA256,
    ALG_HMAC_SHA384,
    ALG_COUNT
};

static INIT_ONCE providers_once = INIT_ONCE_STATIC_INIT;
static BCRYPT_ALG_HANDLE providers[ALG_COUNT];

static BCRYPT_ALG_HANDLE open_provider(LPCWSTR name, ULONG flags)
{
    BCRYPT_ALG_HANDLE alg = NULL;

    return BCryptOpenAlgorithmProvider(&alg, name, NULL, flags) == STATUS_SUCCESS ? alg : NULL;
}

/* The chaining mode belongs to the AES provider, so ECB and CBC get one provider each and no key ever changes mode
 * while another thread uses it. */
static BCRYPT_ALG_HANDLE open_aes(LPCWSTR mode)
{
    BCRYPT_ALG_HANDLE alg = open_provider(BCRYPT_AES_ALGORITHM, 0);

    if (alg && BCryptSetProperty(alg, BCRYPT_CHAINING_MODE, (PUCHAR)mode,
                                 (ULONG)((lstrlenW(mode) + 1) * sizeof(WCHAR)), 0) != STATUS_SUCCESS) {
        BCryptCloseAlgorithmProvider(alg, 0);
        alg = NULL;
    }
    return alg;
}

/* A provider the platform lacks stays NULL: the primitives using it then fail, the others keep working. */
static BOOL CALLBACK open_providers(PINIT_ONCE once, PVOID param, PVOID *context)
{
    (void)once;
    (void)param;
    (void)context;
    providers[ALG_AES_ECB] = open_aes(BCRYPT_CHAIN_MODE_ECB);
    providers[ALG_AES_CBC] = open_aes(BCRYPT_CHAIN_MODE_CBC);
    providers[ALG_MD4] = open_provider(BCRYPT_MD4_ALGORITHM, 0);
    providers[ALG_MD5] = open_provider(BCRYPT_MD5_ALGORITHM, 0);
    providers[ALG_HMAC_MD5] = open_provider(BCRYPT_MD5_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG);
    providers[ALG_HMAC_SHA1] = open_provider(BCRYPT_SHA1_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG);
    providers[ALG_HMAC_SHA256] = open_provider(BCRYPT_SHA256_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG);
    providers[ALG_HMAC_SHA384] = open_provider(BCRYPT_SHA384_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG);
    return TRUE;
}

static BCRYPT_ALG_HANDLE provider(int slot)
{
    InitOnceExecuteOnce(&providers_once, open_providers, NULL, NULL);
    return providers[slot];
}

static int hmac_slot(krb5_hash_alg alg)
{
    switch (alg) {
    case KRB5_HASH_MD5:
        return ALG_HMAC_MD5;
    case KRB5_HASH_SHA1:
        return ALG_HMAC_SHA1;
    case KRB5_HASH_SHA256:
        return ALG_HMAC_SHA256;
    case KRB5_HASH_SHA384:
        return ALG_HMAC_SHA384;
    case KRB5_HASH_MD4:
        break;
    }
    return -1;
}

static int run_aes(int slot, int decrypt, const uint8_t *key, size_t key_len, const uint8_t *iv, const uint8_t *in,
                   uint8_t *out, size_t len)
{
    BCRYPT_ALG_HANDLE alg = provider(slot);
    BCRYPT_KEY_HANDLE handle = NULL;
    UCHAR iv_copy[KRB5_AES_BLOCK];
    ULONG done = 0;
    NTSTATUS status;

    if (!alg || (key_len != 16 && key_len != 32) || len % KRB5_AES_BLOCK || len > 0xFFFFFFF0u)
        return -1;
    if (!len)
        return 0;
    /* bcrypt writes the last block back into the IV it is given; the caller's stays as it was. */
    if (iv)
        memcpy(iv_copy, iv, sizeof(iv_copy));
    status = BCryptGenerateSymmetricKey(alg, &handle, NULL, 0, (PUCHAR)key, (ULONG)key_len, 0);
    if (status == STATUS_SUCCESS)
        status = decrypt ? BCryptDecrypt(handle, (PUCHAR)in, (ULONG)len, NULL, iv ? iv_copy : NULL,
                                         iv ? sizeof(iv_copy) : 0, out, (ULONG)len, &done, 0)
                         : BCryptEncrypt(handle, (PUCHAR)in, (ULONG)len, NULL, iv ? iv_copy : NULL,
                                         iv ? sizeof(iv_copy) : 0, out, (ULONG)len, &done, 0);
    if (handle)
        BCryptDestroyKey(handle);
    /* The chaining state bcrypt left in the copy: wiped, as every copy we make is. */
    SecureZeroMemory(iv_copy, sizeof(iv_copy));
    return status == STATUS_SUCCESS && done == len ? 0 : -1;
}

static int aes_ecb(void *ctx, int decrypt, const uint8_t *key, size_t key_len, const uint8_t *in, uint8_t *out,
                   size_t len)
{
    (void)ctx;
    return run_aes(ALG_AES_ECB, decrypt, key, key_len, NULL, in, out, len);
}

static int aes_cbc(void *ctx, int decrypt, const uint8_t *key, size_t key_len, const uint8_t iv[KRB5_AES_BLOCK],
                   const uint8_t *in, uint8_t *out, size_t len)
{
    (void)ctx;
    return run_aes(ALG_AES_CBC, decrypt, key, key_len, iv, in, out, len);
}

/* One digest (key NULL) or HMAC over data with a provider of the right kind. */
static int digest(BCRYPT_ALG_HANDLE alg, krb5_hash_alg which, const uint8_t *key, size_t key_len,
                  const uint8_t *data, size_t len, uint8_t *out)
{
    BCRYPT_HASH_HANDLE hash = NULL;
    size_t out_len = krb5_hash_len(which);
    NTSTATUS status;

    if (!alg || !out_len || key_len > 0xFFFFFFFFu || len > 0xFFFFFFFFu)
        return -1;
    status = BCryptCreateHash(alg, &hash, NULL, 0, (PUCHAR)key, (ULONG)key_len, 0);
    if (status == STATUS_SUCCESS && len)
        status = BCryptHashData(hash, (PUCHAR)data, (ULONG)len, 0);
    if (status == STATUS_SUCCESS)
        status = BCryptFinishHash(hash, out, (ULONG)out_len, 0);
    if (hash)
        BCryptDestroyHash(hash);
    return status == STATUS_SUCCESS ? 0 : -1;
}

static int hash(void *ctx, krb5_hash_alg alg, const uint8_t *data, size_t len, uint8_t *out)
{
    (void)ctx;
    if (alg == KRB5_HASH_MD4)
        return digest(provider(ALG_MD4), alg, NULL, 0, data, len, out);
    if (alg == KRB5_HASH_MD5)
        return digest(provider(ALG_MD5), alg, NULL, 0, data, len, out);
    return -1;
}

static int hmac(void *ctx, krb5_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
                uint8_t *out)
{
    int slot = hmac_slot(alg);

    (void)ctx;
    return slot < 0 ? -1 : digest(provider(slot), alg, key, key_len, data, len, out);
}

static int pbkdf2(void *ctx, krb5_hash_alg alg, const uint8_t *password, size_t password_len, const uint8_t *salt,
                  size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len)
{
    int slot = alg == KRB5_HASH_MD5 ? -1 : hmac_slot(alg);
    BCRYPT_ALG_HANDLE prf = slot < 0 ? NULL : provider(slot);

    (void)ctx;
    if (!prf || !iterations || password_len > 0xFFFFFFFFu || salt_len > 0xFFFFFFFFu || out_len > 0xFFFFFFFFu)
        return -1;
    return BCryptDeriveKeyPBKDF2(prf, (PUCHAR)password, (ULONG)password_len, (PUCHAR)salt, (ULONG)salt_len,
                                 iterations, out, (ULONG)out_len, 0) == STATUS_SUCCESS
               ? 0
               : -1;
}

static int random_bytes(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    if (len > 0xFFFFFFFFu)
        return -1;
    return BCryptGenRandom(NULL, out, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == STATUS_SUCCESS ? 0 : -1;
}

const krb5_primitives *kerb_bcrypt_primitives(void)
{
    static const krb5_primitives primitives = {NULL, aes_ecb, aes_cbc, hash, hmac, pbkdf2, random_bytes};

    return &primitives;
}
