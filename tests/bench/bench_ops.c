/* The four timed LSA operations, through whichever implementation the api table points at. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>

const char *const bench_op_names[OP_COUNT] = { "connect", "lookup", "callpkg", "logon" };
const char *const bench_op_titles[OP_COUNT] = {
    "LsaConnectUntrusted+LsaDeregisterLogonProcess",
    "LsaLookupAuthenticationPackage(Kerberos)",
    "LsaCallAuthenticationPackage(KerbQueryTicketCache)+LsaFreeReturnBuffer",
    "LsaLogonUser(MSV1_0 interactive)+CloseHandle+LsaFreeReturnBuffer",
};

static void set_string(LSA_STRING *s, const char *text)
{
    s->Buffer = (PCHAR)text;
    s->Length = (USHORT)strlen(text);
    s->MaximumLength = (USHORT)(s->Length + 1);
}

/* MSV1_0_INTERACTIVE_LOGON with its strings after it, absolute pointers (the KList / msgina dialect). */
void *bench_logon_buffer(const bench_config *cfg, ULONG *len)
{
    const WCHAR *domain = cfg->domain ? cfg->domain : L"";
    const WCHAR *user = cfg->user ? cfg->user : L"";
    const WCHAR *password = cfg->password ? cfg->password : L"";
    size_t d = wcslen(domain) * 2, u = wcslen(user) * 2, p = wcslen(password) * 2;
    MSV1_0_INTERACTIVE_LOGON *logon;
    BYTE *strings;

    *len = (ULONG)(sizeof(*logon) + d + u + p);
    if (!(logon = calloc(1, *len)))
        return NULL;
    strings = (BYTE *)(logon + 1);
    logon->MessageType = MsV1_0InteractiveLogon;
    logon->LogonDomainName.Buffer = (PWSTR)strings;
    logon->LogonDomainName.Length = logon->LogonDomainName.MaximumLength = (USHORT)d;
    memcpy(strings, domain, d);
    logon->UserName.Buffer = (PWSTR)(strings + d);
    logon->UserName.Length = logon->UserName.MaximumLength = (USHORT)u;
    memcpy(strings + d, user, u);
    logon->Password.Buffer = (PWSTR)(strings + d + u);
    logon->Password.Length = logon->Password.MaximumLength = (USHORT)p;
    memcpy(strings + d + u, password, p);
    return logon;
}

typedef struct op_context {
    const bench_api *api;
    HANDLE lsa;
    ULONG kerberos, msv1_0;
    void *logon;
    ULONG logon_len;
    NTSTATUS status, status2; /* of the latest call */
} op_context;

static void op_connect(op_context *c)
{
    HANDLE h = NULL;
    c->status = c->api->connect(&h);
    c->status2 = NT_SUCCESS(c->status) ? c->api->deregister(h) : 0;
}

static void op_lookup(op_context *c)
{
    LSA_STRING name;
    ULONG id = 0;
    set_string(&name, "Kerberos");
    c->status = c->api->lookup(c->lsa, &name, &id);
}

static void op_callpkg(op_context *c)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;
    void *ret = NULL;
    ULONG ret_len = 0;
    NTSTATUS protocol = 0;
    memset(&req, 0, sizeof(req));
    req.MessageType = KerbQueryTicketCacheMessage;
    c->status = c->api->call(c->lsa, c->kerberos, &req, sizeof(req), &ret, &ret_len, &protocol);
    c->status2 = protocol;
    if (ret)
        c->api->free_buffer(ret);
}

static void op_logon(op_context *c)
{
    LSA_STRING origin;
    TOKEN_SOURCE source;
    void *profile = NULL;
    ULONG profile_len = 0;
    LUID luid;
    HANDLE token = NULL;
    QUOTA_LIMITS quotas;
    NTSTATUS sub = 0;
    set_string(&origin, BENCH_ORIGIN);
    memset(&source, 0, sizeof(source));
    memcpy(source.SourceName, "lsabench", 8);
    c->status = c->api->logon(c->lsa, &origin, Interactive, c->msv1_0, c->logon, c->logon_len, NULL, &source,
                              &profile, &profile_len, &luid, &token, &quotas, &sub);
    c->status2 = sub;
    /* Wine's builtin LsaLogonUser writes nothing: only release what was really returned. */
    if (token)
        CloseHandle(token);
    if (profile)
        c->api->free_buffer(profile);
}

static void time_op(op_context *c, void (*op)(op_context *), const bench_config *cfg, bench_result *out)
{
    double *samples = malloc(sizeof(double) * (size_t)cfg->iterations);
    if (!samples)
        return;
    for (int i = -cfg->warmup; i < cfg->iterations; i++) {
        double t0 = bench_now_us();
        op(c);
        double t1 = bench_now_us();
        if (i == -cfg->warmup || (i == 0 && !cfg->warmup)) {
            out->status = c->status;
            out->status2 = c->status2;
        }
        if (i >= 0)
            samples[i] = t1 - t0;
    }
    bench_summarize(samples, cfg->iterations, out);
    free(samples);
}

void bench_run_ops(const bench_api *api, const bench_config *cfg, bench_result results[OP_COUNT])
{
    op_context c;
    LSA_STRING name;
    memset(&c, 0, sizeof(c));
    memset(results, 0, sizeof(bench_result) * OP_COUNT);
    c.api = api;
    time_op(&c, op_connect, cfg, &results[OP_CONNECT]);
    if (!NT_SUCCESS(api->connect(&c.lsa)))
        return;
    set_string(&name, "Kerberos");
    api->lookup(c.lsa, &name, &c.kerberos);
    time_op(&c, op_lookup, cfg, &results[OP_LOOKUP]);
    time_op(&c, op_callpkg, cfg, &results[OP_CALLPKG]);
    if (cfg->user) {
        set_string(&name, MSV1_0_PACKAGE_NAME);
        if (!NT_SUCCESS(api->lookup(c.lsa, &name, &c.msv1_0)))
            c.msv1_0 = 0; /* Wine's builtin knows no MSV1_0 by name; its stub logon takes any id */
        if ((c.logon = bench_logon_buffer(cfg, &c.logon_len)))
            time_op(&c, op_logon, cfg, &results[OP_LOGON]);
        free(c.logon);
    }
    api->deregister(c.lsa);
}
