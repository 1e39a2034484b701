/* Per-session primary credentials; see msv1_0_credential.h.
 * Stored value: NT hash (16 bytes), user name bytes (u16 LE), domain bytes (u16 LE), then both names in UTF-16LE. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_credential.h"
#include "msv1_0_package.h"
#include "pkg_trace.h"

#define PRIMARY_KEY "MSV1_0 primary credential"
#define HEAD (MSV1_0_NT_HASH_LEN + 4)

static void primary_key(LSA_STRING *key)
{
    key->Buffer = (PCHAR)PRIMARY_KEY;
    key->Length = key->MaximumLength = (USHORT)strlen(PRIMARY_KEY);
}

NTSTATUS msv1_0_credential_store(const LUID *logon_id, const BYTE nt_hash[MSV1_0_NT_HASH_LEN], const WCHAR *user,
                                 const WCHAR *domain)
{
    BYTE value[HEAD + 2 * MSV1_0_CREDENTIAL_NAME_MAX * sizeof(WCHAR)];
    size_t user_bytes = (size_t)lstrlenW(user) * sizeof(WCHAR), domain_bytes = (size_t)lstrlenW(domain) * sizeof(WCHAR);
    LSA_STRING key, creds;
    LUID id = *logon_id;
    NTSTATUS status;

    if (user_bytes > MSV1_0_CREDENTIAL_NAME_MAX * sizeof(WCHAR) ||
        domain_bytes > MSV1_0_CREDENTIAL_NAME_MAX * sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    memcpy(value, nt_hash, MSV1_0_NT_HASH_LEN);
    value[16] = (BYTE)user_bytes;
    value[17] = (BYTE)(user_bytes >> 8);
    value[18] = (BYTE)domain_bytes;
    value[19] = (BYTE)(domain_bytes >> 8);
    memcpy(value + HEAD, user, user_bytes);
    memcpy(value + HEAD + user_bytes, domain, domain_bytes);
    creds.Buffer = (PCHAR)value;
    creds.Length = creds.MaximumLength = (USHORT)(HEAD + user_bytes + domain_bytes);
    primary_key(&key);
    status = msv1_0_lsa->AddCredential(&id, msv1_0_package_id, &key, &creds);
    SecureZeroMemory(value, sizeof(value));
    if (status != STATUS_SUCCESS)
        pkg_err(MSV1_0_TRACE, "AddCredential(primary) failed: 0x%08lx", (unsigned long)status);
    return status;
}

NTSTATUS msv1_0_credential_get(const LUID *logon_id, msv1_0_credential *out)
{
    LSA_STRING key, creds;
    ULONG context = 0;
    LUID id = *logon_id;
    NTSTATUS status;
    size_t user_bytes, domain_bytes;

    memset(out, 0, sizeof(*out));
    memset(&creds, 0, sizeof(creds));
    primary_key(&key);
    status = msv1_0_lsa->GetCredentials(&id, msv1_0_package_id, &context, FALSE, &key, NULL, &creds);
    if (status == STATUS_NOT_FOUND)
        status = STATUS_NO_SUCH_LOGON_SESSION; /* a session that never had a password credential */
    if (status != STATUS_SUCCESS)
        return status;
    user_bytes = creds.Length >= HEAD ? ((BYTE *)creds.Buffer)[16] | ((BYTE *)creds.Buffer)[17] << 8 : 0;
    domain_bytes = creds.Length >= HEAD ? ((BYTE *)creds.Buffer)[18] | ((BYTE *)creds.Buffer)[19] << 8 : 0;
    /* Written by msv1_0_credential_store only; checked all the same before it is read. */
    if (creds.Length < HEAD || user_bytes % 2 || domain_bytes % 2 ||
        user_bytes > MSV1_0_CREDENTIAL_NAME_MAX * sizeof(WCHAR) ||
        domain_bytes > MSV1_0_CREDENTIAL_NAME_MAX * sizeof(WCHAR) ||
        creds.Length != HEAD + user_bytes + domain_bytes) {
        pkg_err(MSV1_0_TRACE, "stored primary credential malformed");
        status = STATUS_INTERNAL_ERROR;
    } else {
        memcpy(out->nt_hash, creds.Buffer, MSV1_0_NT_HASH_LEN);
        memcpy(out->user, creds.Buffer + HEAD, user_bytes);
        memcpy(out->domain, creds.Buffer + HEAD + user_bytes, domain_bytes);
    }
    if (creds.Buffer) {
        SecureZeroMemory(creds.Buffer, creds.Length);
        msv1_0_lsa->FreeLsaHeap(creds.Buffer);
    }
    return status;
}
