/* The LSA steps several benchmarks take the same way (bench.h): a logon as lsabench makes them, the trusted
 * connection, the Kerberos package's id. */
#include "bench.h"
#include "lsaemu_tool_logon.h"

#include <string.h>

void bench_logon(const bench_api *api, HANDLE lsa, SECURITY_LOGON_TYPE type, ULONG package, void *auth,
                 ULONG auth_len, LUID *id, HANDLE *token, NTSTATUS *status, NTSTATUS *sub)
{
    LSA_STRING origin = { (USHORT)strlen(BENCH_ORIGIN), (USHORT)strlen(BENCH_ORIGIN) + 1, (PCHAR)BENCH_ORIGIN };
    TOKEN_SOURCE source;
    void *profile = NULL;
    ULONG profile_len = 0;
    QUOTA_LIMITS quotas;

    memset(&source, 0, sizeof(source));
    memcpy(source.SourceName, "lsabench", 8);
    *sub = 0;
    *token = NULL;
    *status = api->logon(lsa, &origin, type, package, auth, auth_len, NULL, &source, &profile, &profile_len, id, token,
                         &quotas, sub);
    /* Wine's builtin LsaLogonUser writes nothing: only release what was really returned. */
    if (profile)
        api->free_buffer(profile);
}

void bench_logon_and_close(const bench_api *api, HANDLE lsa, SECURITY_LOGON_TYPE type, ULONG package, void *auth,
                           ULONG auth_len, NTSTATUS *status, NTSTATUS *sub)
{
    HANDLE token;
    LUID id;

    bench_logon(api, lsa, type, package, auth, auth_len, &id, &token, status, sub);
    if (token)
        CloseHandle(token); /* the last handle: the session (and its tickets) end here */
}

BOOL bench_register_trusted(const bench_api *api, HANDLE *trusted)
{
    LSA_STRING name = { 8, 9, (PCHAR) "lsabench" };
    LSA_OPERATIONAL_MODE mode;
    BOOL registered = lsaemu_tool_set_tcb(TRUE) && NT_SUCCESS(api->register_logon(&name, trusted, &mode));

    lsaemu_tool_set_tcb(FALSE);
    return registered;
}

NTSTATUS bench_lookup_kerberos(const bench_api *api, HANDLE lsa, ULONG *kerberos)
{
    LSA_STRING name;

    name.Buffer = (PCHAR)MICROSOFT_KERBEROS_NAME_A;
    name.Length = (USHORT)strlen(MICROSOFT_KERBEROS_NAME_A);
    name.MaximumLength = (USHORT)(name.Length + 1);
    return api->lookup(lsa, &name, kerberos);
}
