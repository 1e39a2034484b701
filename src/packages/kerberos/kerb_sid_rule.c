/* SIDs of unmapped Kerberos users; see kerb_sid_rule.h. */
#include "pkg_win.h"

#include <bcrypt.h>
#include <string.h>

#include "kerb_sid_rule.h"

#define MAX_TEXT 1024 /* UTF-8 bytes hashed */

/* Appends `s` case-mapped (LCMAP_UPPERCASE or LCMAP_LOWERCASE, invariant locale) as UTF-8. */
static BOOL append(char *buf, size_t *used, const WCHAR *s, DWORD map)
{
    WCHAR mapped[512];
    int chars, bytes;

    if (!s[0])
        return TRUE;
    chars = LCMapStringEx(LOCALE_NAME_INVARIANT, map, s, -1, mapped, ARRAYSIZE(mapped), NULL, NULL, 0);
    if (chars <= 1)
        return FALSE;
    bytes = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, mapped, chars - 1, buf + *used,
                                (int)(MAX_TEXT - *used), NULL, NULL);
    if (bytes <= 0)
        return FALSE;
    *used += (size_t)bytes;
    return TRUE;
}

static BOOL append_ascii(char *buf, size_t *used, const char *s)
{
    size_t n = strlen(s);
    if (n > MAX_TEXT - *used)
        return FALSE;
    memcpy(buf + *used, s, n);
    *used += n;
    return TRUE;
}

static NTSTATUS sha256(const char *data, size_t len, BYTE digest[32])
{
    BCRYPT_ALG_HANDLE alg = NULL;
    BCRYPT_HASH_HANDLE hash = NULL;
    NTSTATUS st;

    if ((st = BCryptOpenAlgorithmProvider(&alg, BCRYPT_SHA256_ALGORITHM, NULL, 0)))
        return st;
    if (!(st = BCryptCreateHash(alg, &hash, NULL, 0, NULL, 0, 0))) {
        if (!(st = BCryptHashData(hash, (PUCHAR)data, (ULONG)len, 0)))
            st = BCryptFinishHash(hash, digest, 32, 0);
        BCryptDestroyHash(hash);
    }
    BCryptCloseAlgorithmProvider(alg, 0);
    return st;
}

static DWORD le32(const BYTE *p)
{
    return (DWORD)p[0] | (DWORD)p[1] << 8 | (DWORD)p[2] << 16 | (DWORD)p[3] << 24;
}

NTSTATUS kerb_sid_rule_domain(const WCHAR *realm, BYTE *sid)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    char text[MAX_TEXT];
    BYTE digest[32];
    size_t used = 0;
    NTSTATUS st;
    int i;

    if (!realm[0] || !append_ascii(text, &used, "lsaemu-realm:") || !append(text, &used, realm, LCMAP_UPPERCASE))
        return STATUS_INVALID_PARAMETER;
    if ((st = sha256(text, used, digest)))
        return st;
    InitializeSid(sid, &nt, 4);
    *GetSidSubAuthority(sid, 0) = SECURITY_NT_NON_UNIQUE;
    for (i = 0; i < 3; i++)
        *GetSidSubAuthority(sid, (DWORD)i + 1) = le32(digest + 4 * i);
    return STATUS_SUCCESS;
}

NTSTATUS kerb_sid_rule_rid(const WCHAR *realm, const WCHAR *user, DWORD *rid)
{
    char text[MAX_TEXT];
    BYTE digest[32];
    size_t used = 0;
    NTSTATUS st;

    *rid = 0;
    if (!realm[0] || !user[0] || !append_ascii(text, &used, "lsaemu-user:") ||
        !append(text, &used, realm, LCMAP_UPPERCASE) || !append_ascii(text, &used, "\\") ||
        !append(text, &used, user, LCMAP_LOWERCASE))
        return STATUS_INVALID_PARAMETER;
    if ((st = sha256(text, used, digest)))
        return st;
    *rid = KERB_SID_RULE_FIRST_RID + le32(digest) % KERB_SID_RULE_RID_SPAN;
    return STATUS_SUCCESS;
}
