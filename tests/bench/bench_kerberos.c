/* The Kerberos operations of lsabench, against the KDC of the fixture (tests/kdc/kdc.sh, kdc.env): an interactive
 * logon (one AS exchange each, its session ended by closing the token) and a service-ticket retrieval for a session
 * logged on once at open, uncached (DONT_USE_CACHE: one TGS exchange each) and cached (DEFAULT: the first call puts
 * the ticket in the session's cache, the timed ones find it there). */
#include "bench.h"
#include "lsaemu_tool_logon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct krb_context {
    const bench_api *api;
    HANDLE untrusted, trusted;
    ULONG kerberos;
    void *logon; /* KERB_INTERACTIVE_LOGON of the user */
    ULONG logon_len;
    HANDLE session_token; /* the session whose tickets are asked for: alive while this token is open */
    LUID session;
    void *fetch, *cached; /* KERB_RETRIEVE_TKT_REQUEST: DONT_USE_CACHE, DEFAULT */
    ULONG fetch_len, cached_len;
    void *tkt; /* bench_ticket_logon.c's context, NULL without a machine account */
} krb_context;

void *bench_krb_logon_buffer(const bench_config *cfg, ULONG *len)
{
    return lsaemu_tool_interactive_logon(KerbInteractiveLogon, cfg->krb_realm, cfg->krb_user, cfg->krb_password, len);
}

void *bench_krb_retrieve_request(const bench_config *cfg, LUID session, ULONG cache_options, ULONG *len)
{
    return lsaemu_tool_retrieve_request(session, cache_options, cfg->krb_service, len);
}

static void logon(krb_context *c, NTSTATUS *status, NTSTATUS *sub, LUID *id, HANDLE *token)
{
    bench_logon(c->api, c->untrusted, Interactive, c->kerberos, c->logon, c->logon_len, id, token, status, sub);
}

static void retrieve(krb_context *c, void *req, ULONG len, NTSTATUS *status, NTSTATUS *protocol)
{
    void *ret = NULL;
    ULONG ret_len = 0;

    *protocol = 0;
    *status = c->api->call(c->trusted, c->kerberos, req, len, &ret, &ret_len, protocol);
    if (ret)
        c->api->free_buffer(ret);
}

BOOL bench_krb_run(void *ctx, int op, NTSTATUS *status, NTSTATUS *status2)
{
    krb_context *c = ctx;
    HANDLE token;
    LUID id;

    switch (op) {
    case OP_KRBLOGON:
        logon(c, status, status2, &id, &token);
        if (token)
            CloseHandle(token); /* the last handle: the session and its TGT end here */
        return TRUE;
    case OP_TKTFETCH: retrieve(c, c->fetch, c->fetch_len, status, status2); return TRUE;
    case OP_TKTCACHE: retrieve(c, c->cached, c->cached_len, status, status2); return TRUE;
    case OP_TKTLOGON: return c->tkt && bench_tkt_run(c->tkt, status, status2);
    }
    return FALSE;
}

void bench_krb_close(void *ctx)
{
    krb_context *c = ctx;

    if (!c)
        return;
    bench_tkt_close(c->tkt);
    if (c->session_token)
        CloseHandle(c->session_token);
    if (c->trusted)
        c->api->deregister(c->trusted);
    if (c->untrusted)
        c->api->deregister(c->untrusted);
    if (c->logon)
        SecureZeroMemory(c->logon, c->logon_len);
    free(c->logon);
    free(c->fetch);
    free(c->cached);
    free(c);
}

void *bench_krb_open(const bench_api *api, const bench_config *cfg)
{
    krb_context *c;
    NTSTATUS st, sub;
    BOOL registered;

    if (!api->register_logon || !cfg->krb_user || !cfg->krb_service)
        return NULL;
    if (!(c = calloc(1, sizeof(*c))))
        return NULL;
    c->api = api;
    registered = bench_register_trusted(api, &c->trusted);
    if (!registered)
        fprintf(stderr, "lsabench: no trusted connection (SeTcbPrivilege): the Kerberos operations are skipped\n");
    if (!registered || !NT_SUCCESS(api->connect(&c->untrusted)) ||
        !NT_SUCCESS(bench_lookup_kerberos(api, c->untrusted, &c->kerberos)) ||
        !(c->logon = bench_krb_logon_buffer(cfg, &c->logon_len))) {
        bench_krb_close(c);
        return NULL;
    }
    logon(c, &st, &sub, &c->session, &c->session_token);
    if (!NT_SUCCESS(st) || !c->session_token)
        fprintf(stderr, "lsabench: Kerberos logon of %ls@%ls: status 0x%08lx, substatus 0x%08lx\n", cfg->krb_user,
                cfg->krb_realm ? cfg->krb_realm : L"(default realm)", (unsigned long)st, (unsigned long)sub);
    if (!NT_SUCCESS(st) || !c->session_token ||
        !(c->fetch = bench_krb_retrieve_request(cfg, c->session, KERB_RETRIEVE_TICKET_DONT_USE_CACHE,
                                                &c->fetch_len)) ||
        !(c->cached = bench_krb_retrieve_request(cfg, c->session, KERB_RETRIEVE_TICKET_DEFAULT, &c->cached_len))) {
        bench_krb_close(c);
        return NULL;
    }
    c->tkt = bench_tkt_open(api, cfg, c->trusted, c->untrusted, c->kerberos, c->session);
    return c;
}
