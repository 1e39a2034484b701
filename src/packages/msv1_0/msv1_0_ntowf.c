/* NT hash through bcrypt; see msv1_0_ntowf.h. */
#include "pkg_win.h"

#include <bcrypt.h>

#include "msv1_0_ntowf.h"
#include "pkg_trace.h"

static INIT_ONCE md4_once = INIT_ONCE_STATIC_INIT;
static BCRYPT_ALG_HANDLE md4_alg;

static BOOL CALLBACK open_md4(PINIT_ONCE once, PVOID param, PVOID *context)
{
    NTSTATUS status;

    (void)once;
    (void)param;
    (void)context;
    /* Opened once and kept: the provider handle is thread-safe, and opening costs more than hashing. */
    status = BCryptOpenAlgorithmProvider(&md4_alg, BCRYPT_MD4_ALGORITHM, NULL, 0);
    if (status != STATUS_SUCCESS) {
        pkg_err("msv1_0", "BCryptOpenAlgorithmProvider(MD4) failed: 0x%08lx", (unsigned long)status);
        md4_alg = NULL;
    }
    return TRUE;
}

NTSTATUS msv1_0_ntowf(const BYTE *utf16le, size_t bytes, BYTE hash[MSV1_0_NT_HASH_LEN])
{
    static const BYTE empty = 0;
    NTSTATUS status;

    InitOnceExecuteOnce(&md4_once, open_md4, NULL, NULL);
    if (!md4_alg)
        return STATUS_INTERNAL_ERROR;
    if (bytes > 0xFFFFFFFFu)
        return STATUS_INVALID_PARAMETER;
    status = BCryptHash(md4_alg, NULL, 0, (PUCHAR)(bytes ? utf16le : &empty), (ULONG)bytes, hash,
                        MSV1_0_NT_HASH_LEN);
    if (status != STATUS_SUCCESS)
        pkg_err("msv1_0", "BCryptHash(MD4) failed: 0x%08lx", (unsigned long)status);
    return status;
}

const BYTE msv1_0_empty_password_hash[MSV1_0_NT_HASH_LEN] = {0x31, 0xd6, 0xcf, 0xe0, 0xd1, 0x6a, 0xe9, 0x31,
                                                             0xb7, 0x3c, 0x59, 0xd7, 0xe0, 0xc0, 0x89, 0xc0};

BOOL msv1_0_hash_equal(const BYTE a[MSV1_0_NT_HASH_LEN], const BYTE b[MSV1_0_NT_HASH_LEN])
{
    volatile BYTE diff = 0;
    size_t i;

    for (i = 0; i < MSV1_0_NT_HASH_LEN; i++)
        diff |= a[i] ^ b[i];
    return diff == 0;
}
