/* The client half of an NTLMv2 network logon, for the "netlogon" operation: MS-NLMP 3.3.2's NTOWFv2, NTProofStr and
 * LMv2 over bcrypt (MD4, HMAC-MD5), producing an MSV1_0_LM20_LOGON for a challenge the package issued. The bench
 * computes this itself (instead of asking the host's NTLM SSP) so the timing is the LSA's, not Samba's ntlm_auth. */
#include "bench.h"

#include <bcrypt.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static BOOL hash(LPCWSTR alg_name, ULONG flags, const BYTE *key, ULONG key_len, const BYTE *a, ULONG a_len,
                 const BYTE *b, ULONG b_len, BYTE out[16])
{
    BCRYPT_ALG_HANDLE alg = NULL;
    BCRYPT_HASH_HANDLE h = NULL;
    BOOL ok = BCryptOpenAlgorithmProvider(&alg, alg_name, NULL, flags) == 0 &&
              BCryptCreateHash(alg, &h, NULL, 0, (PUCHAR)key, key_len, 0) == 0 &&
              BCryptHashData(h, (PUCHAR)a, a_len, 0) == 0 && (!b_len || BCryptHashData(h, (PUCHAR)b, b_len, 0) == 0) &&
              BCryptFinishHash(h, out, 16, 0) == 0;
    if (h)
        BCryptDestroyHash(h);
    if (alg)
        BCryptCloseAlgorithmProvider(alg, 0);
    return ok;
}

/* ResponseKeyNT = HMAC-MD5(MD4(UTF-16LE password), UTF-16LE(Upper(user) + domain)). */
BOOL bench_ntlm_response_key(const bench_config *cfg, BYTE key[16])
{
    const WCHAR *user = cfg->user, *password = cfg->password ? cfg->password : L"";
    const WCHAR *domain = cfg->domain ? cfg->domain : L"";
    WCHAR who[512];
    BYTE nt_hash[16];
    size_t u = wcslen(user), d = wcslen(domain);
    BOOL ok;

    if (u + d >= ARRAYSIZE(who))
        return FALSE;
    for (size_t i = 0; i < u; i++)
        who[i] = towupper(user[i]);
    memcpy(who + u, domain, d * sizeof(WCHAR));
    ok = hash(BCRYPT_MD4_ALGORITHM, 0, NULL, 0, (const BYTE *)password, (ULONG)(wcslen(password) * 2), NULL, 0,
              nt_hash) &&
         hash(BCRYPT_MD5_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG, nt_hash, 16, (const BYTE *)who,
              (ULONG)((u + d) * 2), NULL, 0, key);
    SecureZeroMemory(nt_hash, sizeof(nt_hash));
    return ok;
}

/* Layout of the MSV1_0_LM20_LOGON built in *buf: the structure, then domain, user, workstation, the NTLMv2 response
 * and the LMv2 response, absolute pointers. */
#define BLOB_LEN 32 /* 28-byte header + MsvAvEOL */

ULONG bench_ntlm_lm20(const bench_config *cfg, const BYTE key[16], const BYTE challenge[8], ULONG serial, BYTE *buf,
                      ULONG cap)
{
    MSV1_0_LM20_LOGON *l = (MSV1_0_LM20_LOGON *)buf;
    const WCHAR *domain = cfg->domain ? cfg->domain : L"";
    size_t d = wcslen(domain) * 2, u = wcslen(cfg->user) * 2;
    BYTE blob[BLOB_LEN], client[8], *p;
    FILETIME now;
    ULONG len = (ULONG)(sizeof(*l) + d + u + 16 + BLOB_LEN + 24);

    if (len > cap)
        return 0;
    memset(buf, 0, len);
    memset(client, 0, sizeof(client));
    memcpy(client, &serial, sizeof(serial)); /* a different client challenge for every logon */
    GetSystemTimeAsFileTime(&now);
    memset(blob, 0, sizeof(blob));
    blob[0] = blob[1] = 1; /* RespType, HiRespType */
    memcpy(blob + 8, &now, 8);
    memcpy(blob + 16, client, 8);
    /* blob + 24: Z(4); blob + 28: MsvAvEOL (id 0, length 0) */

    l->MessageType = MsV1_0Lm20Logon;
    memcpy(l->ChallengeToClient, challenge, 8);
    l->ParameterControl = 0; /* as an SMB server submits it: no logon statistics */
    p = (BYTE *)(l + 1);
    l->LogonDomainName.Buffer = (PWSTR)p;
    l->LogonDomainName.Length = l->LogonDomainName.MaximumLength = (USHORT)d;
    memcpy(p, domain, d);
    p += d;
    l->UserName.Buffer = (PWSTR)p;
    l->UserName.Length = l->UserName.MaximumLength = (USHORT)u;
    memcpy(p, cfg->user, u);
    p += u;
    l->Workstation.Buffer = NULL; /* empty: no workstation restriction to compare */
    /* NTLMv2 response = NTProofStr (HMAC-MD5(key, challenge + blob)) + blob. */
    l->CaseSensitiveChallengeResponse.Buffer = (PCHAR)p;
    l->CaseSensitiveChallengeResponse.Length = l->CaseSensitiveChallengeResponse.MaximumLength = 16 + BLOB_LEN;
    if (!hash(BCRYPT_MD5_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG, key, 16, challenge, 8, blob, BLOB_LEN, p))
        return 0;
    memcpy(p + 16, blob, BLOB_LEN);
    p += 16 + BLOB_LEN;
    /* LMv2 response = HMAC-MD5(key, challenge + client challenge) + client challenge. */
    l->CaseInsensitiveChallengeResponse.Buffer = (PCHAR)p;
    l->CaseInsensitiveChallengeResponse.Length = l->CaseInsensitiveChallengeResponse.MaximumLength = 24;
    if (!hash(BCRYPT_MD5_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG, key, 16, challenge, 8, client, 8, p))
        return 0;
    memcpy(p + 16, client, 8);
    return len;
}
