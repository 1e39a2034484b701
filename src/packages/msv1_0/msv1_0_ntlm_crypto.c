/* bcrypt behind the ntlm_crypto interface; see msv1_0_ntlm_crypto.h. */
#include "pkg_win.h"

#include <bcrypt.h>

#include "msv1_0_ntlm_crypto.h"
#include "msv1_0_ntowf.h"
#include "pkg_trace.h"

static INIT_ONCE hmac_once = INIT_ONCE_STATIC_INIT;
static BCRYPT_ALG_HANDLE hmac_md5_alg, md5_alg;

static BOOL CALLBACK open_hmac(PINIT_ONCE once, PVOID param, PVOID *context)
{
    NTSTATUS status;

    (void)once;
    (void)param;
    (void)context;
    /* Kept for the process: opening a provider costs more than the hashing it is used for. */
    status = BCryptOpenAlgorithmProvider(&hmac_md5_alg, BCRYPT_MD5_ALGORITHM, NULL, BCRYPT_ALG_HANDLE_HMAC_FLAG);
    if (status != STATUS_SUCCESS) {
        pkg_err("msv1_0", "BCryptOpenAlgorithmProvider(HMAC-MD5) failed: 0x%08lx", (unsigned long)status);
        hmac_md5_alg = NULL;
    }
    status = BCryptOpenAlgorithmProvider(&md5_alg, BCRYPT_MD5_ALGORITHM, NULL, 0);
    if (status != STATUS_SUCCESS) {
        pkg_err("msv1_0", "BCryptOpenAlgorithmProvider(MD5) failed: 0x%08lx", (unsigned long)status);
        md5_alg = NULL;
    }
    return TRUE;
}

static int md4(void *ctx, const uint8_t *data, size_t len, uint8_t out[NTLM_HASH_LEN])
{
    (void)ctx;
    return msv1_0_ntowf(data, len, out) == STATUS_SUCCESS ? 0 : -1;
}

/* MD5 or HMAC-MD5 (with key) of a || b: NTLM only ever hashes two pieces. */
static int hash_two(BCRYPT_ALG_HANDLE alg, const char *name, const uint8_t *key, size_t key_len, const uint8_t *a,
                    size_t a_len, const uint8_t *b, size_t b_len, uint8_t out[NTLM_HASH_LEN])
{
    BCRYPT_HASH_HANDLE hash = NULL;
    NTSTATUS status;

    if (!alg || key_len > 0xFFFFFFFFu || a_len > 0xFFFFFFFFu || b_len > 0xFFFFFFFFu)
        return -1;
    status = BCryptCreateHash(alg, &hash, NULL, 0, (PUCHAR)key, (ULONG)key_len, 0);
    if (status == STATUS_SUCCESS && a_len)
        status = BCryptHashData(hash, (PUCHAR)a, (ULONG)a_len, 0);
    if (status == STATUS_SUCCESS && b_len)
        status = BCryptHashData(hash, (PUCHAR)b, (ULONG)b_len, 0);
    if (status == STATUS_SUCCESS)
        status = BCryptFinishHash(hash, out, NTLM_HASH_LEN, 0);
    if (hash)
        BCryptDestroyHash(hash);
    if (status != STATUS_SUCCESS)
        pkg_err("msv1_0", "%s through bcrypt failed: 0x%08lx", name, (unsigned long)status);
    return status == STATUS_SUCCESS ? 0 : -1;
}

static int hmac_md5(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len, const uint8_t *b,
                    size_t b_len, uint8_t out[NTLM_HASH_LEN])
{
    (void)ctx;
    InitOnceExecuteOnce(&hmac_once, open_hmac, NULL, NULL);
    return hash_two(hmac_md5_alg, "HMAC-MD5", key, key_len, a, a_len, b, b_len, out);
}

static int md5(void *ctx, const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
               uint8_t out[NTLM_HASH_LEN])
{
    (void)ctx;
    InitOnceExecuteOnce(&hmac_once, open_hmac, NULL, NULL);
    return hash_two(md5_alg, "MD5", NULL, 0, a, a_len, b, b_len, out);
}

/* Wine 8's bcrypt has no DES. advapi32's SystemFunction001 (exported by Windows and Wine alike, not in the SDK
 * headers) encrypts one block under a 7-byte DES key, exactly the DES(K, D) NTLMv1 is defined with. */
NTSTATUS WINAPI SystemFunction001(const BYTE *data, const BYTE *key, LPBYTE output);

static int des_ecb7(void *ctx, const uint8_t key7[7], const uint8_t in[8], uint8_t out[8])
{
    (void)ctx;
    return SystemFunction001(in, key7, out) == STATUS_SUCCESS ? 0 : -1;
}

const ntlm_crypto *msv1_0_ntlm_crypto(void)
{
    static const ntlm_crypto crypto = {NULL, md4, hmac_md5, md5, des_ecb7};

    return &crypto;
}
