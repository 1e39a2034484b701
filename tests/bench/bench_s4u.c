/* lsabench's s4ulogon: LsaLogonUser(Kerberos, KERB_S4U_LOGON, Network) of the KDC fixture's user on a trusted
 * connection, the token closed at once. Each logon is one S4U2Self exchange with the machine's TGT (the fixture's
 * machine account, host/lsaemu-ws with machine.keytab; its TGT is fetched by the first logon and then kept in the
 * SYSTEM session) plus the keytab read that names the machine's keys. */
#include "bench.h"
#include "lsaemu_tool_logon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct s4u_context {
    const bench_api *api;
    HANDLE trusted;
    ULONG kerberos;
    void *logon;
    ULONG logon_len;
} s4u_context;

/* The fixture's machine account for the LSA of this process and its children, unless one is named already. */
static void name_the_machine(void)
{
    WCHAR v[MAX_PATH];

    if (GetEnvironmentVariableW(L"LSAEMU_MACHINE_ACCOUNT", v, MAX_PATH))
        return;
    if (GetEnvironmentVariableW(L"LSAEMU_KDC_MACHINE", v, MAX_PATH) && v[0])
        SetEnvironmentVariableW(L"LSAEMU_MACHINE_ACCOUNT", v);
    if (GetEnvironmentVariableW(L"LSAEMU_KDC_MACHINE_KEYTAB", v, MAX_PATH) && v[0])
        SetEnvironmentVariableW(L"LSAEMU_MACHINE_KEYTAB", v);
}

void *bench_s4u_logon_buffer(const bench_config *cfg, ULONG *len)
{
    size_t upn = wcslen(cfg->krb_user) * sizeof(WCHAR);
    size_t realm = cfg->krb_realm ? wcslen(cfg->krb_realm) * sizeof(WCHAR) : 0;
    KERB_S4U_LOGON *l;
    BYTE *buf;

    *len = 0;
    if (!(buf = calloc(1, sizeof(*l) + upn + realm)))
        return NULL;
    l = (KERB_S4U_LOGON *)buf;
    l->MessageType = KerbS4ULogon;
    memcpy(buf + sizeof(*l), cfg->krb_user, upn);
    l->ClientUpn.Length = l->ClientUpn.MaximumLength = (USHORT)upn;
    l->ClientUpn.Buffer = (PWSTR)(buf + sizeof(*l));
    if (realm) {
        memcpy(buf + sizeof(*l) + upn, cfg->krb_realm, realm);
        l->ClientRealm.Length = l->ClientRealm.MaximumLength = (USHORT)realm;
        l->ClientRealm.Buffer = (PWSTR)(buf + sizeof(*l) + upn);
    }
    *len = (ULONG)(sizeof(*l) + upn + realm);
    return buf;
}

BOOL bench_s4u_run(void *ctx, int op, NTSTATUS *status, NTSTATUS *sub)
{
    s4u_context *c = ctx;

    if (!c || op != OP_S4ULOGON)
        return FALSE;
    bench_logon_and_close(c->api, c->trusted, Network, c->kerberos, c->logon, c->logon_len, status, sub);
    return TRUE;
}

void bench_s4u_close(void *ctx)
{
    s4u_context *c = ctx;

    if (!c)
        return;
    if (c->trusted)
        c->api->deregister(c->trusted);
    free(c->logon);
    free(c);
}

void *bench_s4u_open(const bench_api *api, const bench_config *cfg)
{
    s4u_context *c;

    if (!api->register_logon || !cfg->krb_user)
        return NULL;
    name_the_machine();
    if (!(c = calloc(1, sizeof(*c))))
        return NULL;
    c->api = api;
    if (!bench_register_trusted(api, &c->trusted) ||
        !NT_SUCCESS(bench_lookup_kerberos(api, c->trusted, &c->kerberos)) ||
        !(c->logon = bench_s4u_logon_buffer(cfg, &c->logon_len))) {
        bench_s4u_close(c);
        return NULL;
    }
    return c;
}
