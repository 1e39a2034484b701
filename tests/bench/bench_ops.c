/* The timed LSA operations, through whichever implementation the api table points at (the Kerberos ones are in
 * bench_kerberos.c). */
#include "bench.h"
#include "lsaemu_tool_logon.h"

#include <stdlib.h>
#include <string.h>

const char *const bench_op_names[OP_COUNT] = { "connect", "lookup", "callpkg", "logon", "netlogon",
                                                "krblogon", "tktfetch", "tktcache", "s4ulogon", "tktlogon" };
const char *const bench_op_titles[OP_COUNT] = {
    "LsaConnectUntrusted+LsaDeregisterLogonProcess",
    "LsaLookupAuthenticationPackage(Kerberos)",
    "LsaCallAuthenticationPackage(KerbQueryTicketCache)+LsaFreeReturnBuffer",
    "LsaLogonUser(MSV1_0 interactive)+CloseHandle+LsaFreeReturnBuffer",
    "MsV1_0Lm20ChallengeRequest+free, NTLMv2 response (bcrypt), LsaLogonUser(MSV1_0 Network)+CloseHandle+free",
    "LsaLogonUser(Kerberos interactive: AS exchange with the KDC)+CloseHandle+LsaFreeReturnBuffer",
    "KerbRetrieveEncodedTicketMessage(DONT_USE_CACHE: a TGS exchange each time)+LsaFreeReturnBuffer",
    "KerbRetrieveEncodedTicketMessage(DEFAULT: from the session's cache after the first)+LsaFreeReturnBuffer",
    "LsaLogonUser(Kerberos S4U, Network: S4U2Self with the machine's kept TGT)+CloseHandle+LsaFreeReturnBuffer",
    "LsaLogonUser(Kerberos KERB_TICKET_LOGON, Network: machine key opens the ticket, TGT cached)+CloseHandle+free",
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
    return lsaemu_tool_interactive_logon(MsV1_0InteractiveLogon, cfg->domain, cfg->user, cfg->password, len);
}

typedef struct op_context {
    const bench_api *api;
    const bench_config *cfg;
    HANDLE lsa;
    ULONG kerberos, msv1_0;
    void *logon; /* NULL: no user, no logon operation */
    ULONG logon_len;
    BYTE response_key[16]; /* NTLMv2 ResponseKeyNT of the user, for netlogon */
    ULONG serial;
    BYTE lm20[1024];
    void *krb; /* bench_kerberos.c's context; NULL: no Kerberos operations */
    void *s4u; /* bench_s4u.c's context; NULL: no s4ulogon */
} op_context;

static void op_connect(op_context *c, NTSTATUS *status, NTSTATUS *status2)
{
    HANDLE h = NULL;
    *status = c->api->connect(&h);
    *status2 = NT_SUCCESS(*status) ? c->api->deregister(h) : 0;
}

static void op_lookup(op_context *c, NTSTATUS *status)
{
    LSA_STRING name;
    ULONG id = 0;
    set_string(&name, "Kerberos");
    *status = c->api->lookup(c->lsa, &name, &id);
}

static void op_callpkg(op_context *c, NTSTATUS *status, NTSTATUS *protocol)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;
    void *ret = NULL;
    ULONG ret_len = 0;
    memset(&req, 0, sizeof(req));
    req.MessageType = KerbQueryTicketCacheMessage;
    *protocol = 0;
    *status = c->api->call(c->lsa, c->kerberos, &req, sizeof(req), &ret, &ret_len, protocol);
    if (ret)
        c->api->free_buffer(ret);
}

static void logon_and_release(op_context *c, SECURITY_LOGON_TYPE type, void *auth, ULONG auth_len, NTSTATUS *status,
                              NTSTATUS *sub)
{
    bench_logon_and_close(c->api, c->lsa, type, c->msv1_0, auth, auth_len, status, sub);
}

/* A network logon as a server does it: ask MSV1_0 for a challenge, have the client answer it, submit the answer. */
static void op_netlogon(op_context *c, NTSTATUS *status, NTSTATUS *sub)
{
    /* mingw-w64's ntsecapi.h lacks the SDK's MSV1_0_LM20_CHALLENGE_REQUEST/_RESPONSE: the request is the MessageType,
     * the response the MessageType followed by the 8-byte challenge. */
    MSV1_0_PROTOCOL_MESSAGE_TYPE req = MsV1_0Lm20ChallengeRequest;
    BYTE *rep = NULL;
    BYTE challenge[8];
    ULONG rep_len = 0, len;
    NTSTATUS protocol = 0;

    memset(challenge, 0, sizeof(challenge));
    *status = c->api->call(c->lsa, c->msv1_0, &req, sizeof(req), (PVOID *)&rep, &rep_len, &protocol);
    if (rep) {
        if (NT_SUCCESS(*status) && rep_len >= 4 + sizeof(challenge))
            memcpy(challenge, rep + 4, sizeof(challenge));
        c->api->free_buffer(rep);
    }
    /* Wine's builtin has no MSV1_0 messages: its stub LsaLogonUser is still timed, with a zero challenge. */
    len = bench_ntlm_lm20(c->cfg, c->response_key, challenge, ++c->serial, c->lm20, sizeof(c->lm20));
    logon_and_release(c, Network, c->lm20, len, status, sub);
}

static void op_logon(op_context *c, NTSTATUS *status, NTSTATUS *sub)
{
    logon_and_release(c, Interactive, c->logon, c->logon_len, status, sub);
}

BOOL bench_ops_run(void *ctx, int op, NTSTATUS *status, NTSTATUS *status2)
{
    op_context *c = ctx;
    *status2 = 0;
    switch (op) {
    case OP_CONNECT: op_connect(c, status, status2); return TRUE;
    case OP_LOOKUP: op_lookup(c, status); return TRUE;
    case OP_CALLPKG: op_callpkg(c, status, status2); return TRUE;
    case OP_LOGON:
        if (!c->logon)
            return FALSE;
        op_logon(c, status, status2);
        return TRUE;
    case OP_NETLOGON:
        if (!c->logon)
            return FALSE;
        op_netlogon(c, status, status2);
        return TRUE;
    case OP_KRBLOGON:
    case OP_TKTFETCH:
    case OP_TKTCACHE:
    case OP_TKTLOGON:
        return c->krb && bench_krb_run(c->krb, op, status, status2);
    case OP_S4ULOGON:
        return c->s4u && bench_s4u_run(c->s4u, op, status, status2);
    }
    return FALSE;
}

/* One connection for lookup, callpkg and logon (connect times its own), and the package ids they use. */
void *bench_ops_open(const bench_api *api, const bench_config *cfg)
{
    op_context *c = calloc(1, sizeof(*c));
    LSA_STRING name;
    if (!c)
        return NULL;
    c->api = api;
    if (!NT_SUCCESS(api->connect(&c->lsa))) {
        free(c);
        return NULL;
    }
    set_string(&name, "Kerberos");
    api->lookup(c->lsa, &name, &c->kerberos);
    set_string(&name, MSV1_0_PACKAGE_NAME);
    if (!NT_SUCCESS(api->lookup(c->lsa, &name, &c->msv1_0)))
        c->msv1_0 = 0; /* Wine's builtin knows no MSV1_0 by name; its stub LsaLogonUser takes any id */
    c->cfg = cfg;
    if (cfg->user && bench_ntlm_response_key(cfg, c->response_key))
        c->logon = bench_logon_buffer(cfg, &c->logon_len);
    c->krb = bench_krb_open(api, cfg);
    c->s4u = bench_s4u_open(api, cfg);
    return c;
}

void bench_ops_close(void *ctx)
{
    op_context *c = ctx;
    if (!c)
        return;
    bench_krb_close(c->krb);
    bench_s4u_close(c->s4u);
    c->api->deregister(c->lsa);
    SecureZeroMemory(c->response_key, sizeof(c->response_key));
    free(c->logon);
    free(c);
}
