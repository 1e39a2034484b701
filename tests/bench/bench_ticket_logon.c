/* lsabench's "tktlogon": LsaLogonUser(Network, KERB_TICKET_LOGON) with a ticket for the machine account
 * (LSAEMU_KDC_MACHINE, whose keytab the package reads through LSAEMU_MACHINE_ACCOUNT / _KEYTAB) and the user's TGT
 * as a clear KRB-CRED, both fetched once at open from the session bench_kerberos.c logged on; each timed call opens
 * the ticket with the machine key, makes a session with the TGT in its cache, and ends it (CloseHandle of the token).
 * No KDC exchange is timed: that is the point of a ticket logon. */
#include "bench.h"
#include "lsaemu_tool_logon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tkt_context {
    const bench_api *api;
    HANDLE lsa;
    ULONG kerberos;
    BYTE *logon; /* KERB_TICKET_LOGON, the ticket and the KRB-CRED after it, as offsets */
    ULONG logon_len;
} tkt_context;

/* The EncodedTicket of one KerbRetrieveEncodedTicketMessage for target in session (malloc'd), or NULL. */
static BYTE *fetch(tkt_context *c, HANDLE trusted, LUID session, const WCHAR *target, ULONG options, ULONG *len)
{
    ULONG req_len = 0, ret_len = 0;
    void *req = lsaemu_tool_retrieve_request(session, options, target, &req_len), *ret = NULL;
    NTSTATUS st, protocol = 0;
    BYTE *out = NULL;

    *len = 0;
    if (!req)
        return NULL;
    st = c->api->call(trusted, c->kerberos, req, req_len, &ret, &ret_len, &protocol);
    if (NT_SUCCESS(st) && NT_SUCCESS(protocol) && ret) {
        const KERB_EXTERNAL_TICKET *t = &((const KERB_RETRIEVE_TKT_RESPONSE *)ret)->Ticket;
        if ((out = malloc(t->EncodedTicketSize))) {
            memcpy(out, t->EncodedTicket, t->EncodedTicketSize);
            *len = t->EncodedTicketSize;
        }
    } else {
        fprintf(stderr, "lsabench: tktlogon: retrieving %ls: 0x%08lx, 0x%08lx\n", target, (unsigned long)st,
                (unsigned long)protocol);
    }
    if (ret)
        c->api->free_buffer(ret);
    free(req);
    return out;
}

void *bench_tkt_open(const bench_api *api, const bench_config *cfg, HANDLE trusted, HANDLE lsa, ULONG kerberos,
                     LUID session)
{
    WCHAR krbtgt[300];
    KERB_TICKET_LOGON *t;
    ULONG ticket_len, cred_len;
    BYTE *ticket, *cred;
    tkt_context *c;

    if (!cfg->krb_machine || !cfg->krb_realm || !(c = calloc(1, sizeof(*c))))
        return NULL;
    c->api = api;
    c->lsa = lsa;
    c->kerberos = kerberos;
    swprintf(krbtgt, ARRAYSIZE(krbtgt), L"krbtgt/%ls", cfg->krb_realm);
    ticket = fetch(c, trusted, session, cfg->krb_machine, KERB_RETRIEVE_TICKET_DEFAULT, &ticket_len);
    cred = fetch(c, trusted, session, krbtgt, KERB_RETRIEVE_TICKET_AS_KERB_CRED, &cred_len);
    if (ticket && cred && (c->logon = calloc(1, sizeof(*t) + ticket_len + cred_len))) {
        t = (KERB_TICKET_LOGON *)c->logon;
        t->MessageType = KerbTicketLogon;
        t->ServiceTicketLength = ticket_len;
        t->ServiceTicket = (PUCHAR)(ULONG_PTR)sizeof(*t);
        t->TicketGrantingTicketLength = cred_len;
        t->TicketGrantingTicket = (PUCHAR)(ULONG_PTR)(sizeof(*t) + ticket_len);
        memcpy(c->logon + sizeof(*t), ticket, ticket_len);
        memcpy(c->logon + sizeof(*t) + ticket_len, cred, cred_len);
        c->logon_len = (ULONG)(sizeof(*t) + ticket_len + cred_len);
    }
    free(ticket);
    if (cred)
        SecureZeroMemory(cred, cred_len); /* the TGT's session key */
    free(cred);
    if (!c->logon) {
        free(c);
        return NULL;
    }
    return c;
}

BOOL bench_tkt_run(void *ctx, NTSTATUS *status, NTSTATUS *sub)
{
    tkt_context *c = ctx;

    bench_logon_and_close(c->api, c->lsa, Network, c->kerberos, c->logon, c->logon_len, status, sub);
    return TRUE;
}

void bench_tkt_close(void *ctx)
{
    tkt_context *c = ctx;

    if (!c)
        return;
    SecureZeroMemory(c->logon, c->logon_len);
    free(c->logon);
    free(c);
}
