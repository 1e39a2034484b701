/* End to end through the LSA: a Kerberos logon of the fixture's user (fixture lsaemu_kdc, tests/kdc/kdc.sh, read
 * from its kdc.env), then that session's tickets through every cache message a trusted caller sends with the
 * session's LogonId: KerbRetrieveEncodedTicket (DEFAULT fetched then cached, DONT_USE_CACHE, USE_CACHE_ONLY, an
 * EncryptionType, TicketFlags, AS_KERB_CRED, an unknown service), KerbQueryTicketCacheEx3, KerbRetrieveTicket,
 * KerbPurgeTicketCacheEx, the session's end; Negotiate's logon lists the same TGT; the locked principal, a KDC port
 * nobody listens on and a KDC that never answers are refused.
 * What the LSA returned goes to LSAEMU_LSA_TICKETS_DIR/<transport>.<mode> (Unix path) for MIT's library to judge
 * natively (tests/judge/judge_lsa_tickets.sh): svc/ (the DEFAULT ticket: ticket.der, session.hex, enctype, lsa.txt
 * with its times and flags as the LSA listed them), tgt/ (the same of KerbRetrieveTicket's TGT), sha2/ and rc4/
 * (tickets asked with an EncryptionType), cred.der (AS_KERB_CRED). Exits 77 (skipped) without the fixture. */
#define WIN32_NO_STATUS
#include <winsock2.h>
#undef WIN32_NO_STATUS
#include "test_packages_common.h"

#include "judge_files.h"
#include "kdc_env.h"
#include "kdc_realm.h"
#include "loopback_port.h"

#include <stdio.h>
#include <stdlib.h>

#define DOWN_REALM L"KDC-DOWN.LSAEMU.INVALID"
#define MUTE_REALM L"KDC-MUTE.LSAEMU.INVALID"
#define TGT_FLAGS                                                                                                   \
    (KERB_TICKET_FLAGS_forwardable | KERB_TICKET_FLAGS_renewable | KERB_TICKET_FLAGS_initial |                      \
     KERB_TICKET_FLAGS_pre_authent)
#define SVC_FLAGS (TGT_FLAGS & ~KERB_TICKET_FLAGS_initial) /* a TGS reply: not initial */
#define MAX_LIFE 36000 /* the realm's max_life (kdc.sh: 10h); our requests ask "as long as the KDC allows" */

static HANDLE trusted;
static ULONG kerb;
static WCHAR realm[256], address[300], user[256], password[256], other_password[256], locked[256];
static WCHAR service[300], sha2_service[300], rc4_service[300], krbtgt[300];
static char out_dir[1024]; /* Unix path, empty when nothing is to be written */
static logon_result session;
static BYTE buf[4096];
static BYTE svc_ticket[8192], svc_key[64];
static ULONG svc_ticket_len, svc_key_len;
static LONGLONG tgt_start, tgt_end; /* the TGT as KerbQueryTicketCacheEx3 listed it */
static ULONG tgt_flags;

static long long unix_of(LONGLONG filetime) { return filetime / 10000000LL - 11644473600LL; }

/* ---- what the judge reads ---- */

/* lsa.txt: a ticket's start, end and flags as the LSA gave them, for the judge to compare with the ticket's own. */
static void write_times(const char *sub, LONGLONG start, LONGLONG end, ULONG flags)
{
    char text[200];

    snprintf(text, sizeof(text), "starttime: %lld\nendtime: %lld\nflags: 0x%08lx\n", unix_of(start), unix_of(end),
             (unsigned long)flags);
    judge_write(out_dir, sub, "lsa.txt", text, strlen(text));
}

/* ---- the calls ---- */

/* KerbRetrieveEncodedTicketMessage for the session; its ticket, or NULL with r->protocol the refusal. */
static const KERB_EXTERNAL_TICKET *retrieve(const WCHAR *target, ULONG options, ULONG flags, LONG etype,
                                            call_result *r)
{
    ULONG len = build_retrieve_in(buf, sizeof(buf), target, options, flags, etype, session.id, DIALECT_ABSOLUTE);

    do_call(trusted, kerb, buf, len, r);
    assert_status(r->status, STATUS_SUCCESS);
    if (r->protocol != STATUS_SUCCESS) {
        assert_no_return_buffer(r);
        return NULL;
    }
    assert_true(r->len >= sizeof(KERB_RETRIEVE_TKT_RESPONSE));
    return &((const KERB_RETRIEVE_TKT_RESPONSE *)r->buf)->Ticket;
}

static void check_name(const call_result *r, const KERB_EXTERNAL_NAME *n, const WCHAR *a, const WCHAR *b)
{
    assert_non_null(n);
    assert_true(inside(r->buf, r->len, n, offsetof(KERB_EXTERNAL_NAME, Names)));
    assert_int_equal(n->NameCount, b ? 2 : 1);
    assert_true(inside(r->buf, r->len, n->Names, n->NameCount * sizeof(UNICODE_STRING)));
    assert_block_ustring(r->buf, r->len, &n->Names[0], a);
    if (b)
        assert_block_ustring(r->buf, r->len, &n->Names[1], b);
}

/* A service ticket of alice for host/<host> from this realm's KDC, current, in session key type etype. */
static void check_service_ticket(const call_result *r, const KERB_EXTERNAL_TICKET *t, const WCHAR *host, LONG etype)
{
    LONGLONG now = now_filetime();

    if (!t)
        fail_msg("host/%ls, etype %ld: ProtocolStatus 0x%08lx", host, (long)etype, (unsigned long)r->protocol);
    check_name(r, t->ServiceName, L"host", host);
    check_name(r, t->ClientName, user, NULL);
    assert_block_ustring(r->buf, r->len, &t->DomainName, realm);
    assert_block_ustring(r->buf, r->len, &t->TargetDomainName, realm);
    assert_int_equal(t->SessionKey.KeyType, etype);
    assert_int_equal(t->SessionKey.Length, etype == 23 || etype == 17 ? 16 : 32);
    assert_true(inside(r->buf, r->len, t->SessionKey.Value, t->SessionKey.Length));
    assert_true(t->EncodedTicketSize > 100);
    assert_true(inside(r->buf, r->len, t->EncodedTicket, t->EncodedTicketSize));
    assert_int_equal(t->EncodedTicket[0], 0x61); /* [APPLICATION 1] Ticket */
    assert_true(t->StartTime.QuadPart <= now && now < t->EndTime.QuadPart);
    assert_true(t->TicketFlags & KERB_TICKET_FLAGS_pre_authent);
    assert_false(t->TicketFlags & KERB_TICKET_FLAGS_initial);
}

/* The session's KerbQueryTicketCacheEx3 listing. */
static const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *query_ex3(LUID id, call_result *r)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;

    memset(&req, 0, sizeof(req));
    req.MessageType = KerbQueryTicketCacheEx3Message;
    req.LogonId = id;
    do_call(trusted, kerb, &req, sizeof(req), r);
    assert_status(r->status, STATUS_SUCCESS);
    if (r->protocol != STATUS_SUCCESS)
        return NULL;
    assert_true(r->len >= offsetof(KERB_QUERY_TKT_CACHE_EX3_RESPONSE, Tickets));
    assert_true(r->len >= offsetof(KERB_QUERY_TKT_CACHE_EX3_RESPONSE, Tickets) +
                              ((const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *)r->buf)->CountOfTickets *
                                  sizeof(KERB_TICKET_CACHE_INFO_EX3));
    return r->buf;
}

static BOOL ustring_is(const UNICODE_STRING *s, const WCHAR *text)
{
    return s->Length == wcslen(text) * sizeof(WCHAR) && !memcmp(s->Buffer, text, s->Length);
}

static const KERB_TICKET_CACHE_INFO_EX3 *listed(const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *q, const WCHAR *server)
{
    ULONG i;

    for (i = 0; i < q->CountOfTickets; i++)
        if (ustring_is(&q->Tickets[i].ServerName, server))
            return &q->Tickets[i];
    return NULL;
}

static ULONG purge_ex(ULONG flags, const WCHAR *server, const WCHAR *server_realm)
{
    KERB_PURGE_TKT_CACHE_EX_REQUEST *p = (KERB_PURGE_TKT_CACHE_EX_REQUEST *)buf;
    size_t used = sizeof(*p);

    memset(buf, 0, sizeof(buf));
    p->MessageType = KerbPurgeTicketCacheExMessage;
    p->LogonId = session.id;
    p->Flags = flags;
    if (server)
        put_ustring(buf, &used, &p->TicketTemplate.ServerName, server, DIALECT_ABSOLUTE);
    if (server_realm)
        put_ustring(buf, &used, &p->TicketTemplate.ServerRealm, server_realm, DIALECT_ABSOLUTE);
    return (ULONG)used;
}

static void logon(ULONG package, const WCHAR *domain, const WCHAR *name, const WCHAR *pw, logon_result *l)
{
    ULONG len = build_interactive_in(buf, sizeof(KERB_INTERACTIVE_LOGON), KerbInteractiveLogon, domain, name, pw,
                                     DIALECT_ABSOLUTE);

    do_logon(trusted, package, Interactive, buf, len, l);
    SecureZeroMemory(buf, sizeof(buf));
}

/* ---- the tests, in order: one session from the first to the purge ---- */

static void test_logon(void **state)
{
    ULONGLONG start = GetTickCount64();

    (void)state;
    logon(kerb, realm, user, password, &session);
    print_message("Kerberos logon (AS exchanges, string-to-key): %llu ms\n",
                  (unsigned long long)(GetTickCount64() - start));
    if (session.status != STATUS_SUCCESS)
        fail_msg("logon: 0x%08lx sub 0x%08lx", (unsigned long)session.status, (unsigned long)session.sub);
}

/* DEFAULT asks the KDC the first time and keeps the ticket; the second DEFAULT and USE_CACHE_ONLY are served from
 * the cache (the same ticket bytes and key); DONT_USE_CACHE asks again (a new ticket, a new key) and is not kept. */
static void test_retrieve_cache_options(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    ULONGLONG start;
    call_result r;

    (void)state;
    assert_null(retrieve(service, KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, &r));
    assert_status(r.protocol, STATUS_OBJECT_NAME_NOT_FOUND); /* documented for USE_CACHE_ONLY, nothing cached */

    start = GetTickCount64();
    t = retrieve(service, KERB_RETRIEVE_TICKET_DEFAULT, 0, 0, &r);
    print_message("service ticket from the KDC: %llu ms\n", (unsigned long long)(GetTickCount64() - start));
    check_service_ticket(&r, t, service + 5, 18);
    assert_true(t->EncodedTicketSize <= sizeof(svc_ticket) && t->SessionKey.Length <= sizeof(svc_key));
    memcpy(svc_ticket, t->EncodedTicket, svc_ticket_len = t->EncodedTicketSize);
    memcpy(svc_key, t->SessionKey.Value, svc_key_len = t->SessionKey.Length);
    judge_write_ticket(out_dir, "svc", t);
    write_times("svc", t->StartTime.QuadPart, t->EndTime.QuadPart, t->TicketFlags);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);

    start = GetTickCount64();
    t = retrieve(service, KERB_RETRIEVE_TICKET_DEFAULT, 0, 0, &r);
    print_message("service ticket from the cache: %llu ms\n", (unsigned long long)(GetTickCount64() - start));
    assert_non_null(t);
    assert_int_equal(t->EncodedTicketSize, svc_ticket_len);
    assert_memory_equal(t->EncodedTicket, svc_ticket, svc_ticket_len);
    assert_memory_equal(t->SessionKey.Value, svc_key, svc_key_len);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);

    t = retrieve(service, KERB_RETRIEVE_TICKET_DONT_USE_CACHE, 0, 0, &r);
    check_service_ticket(&r, t, service + 5, 18);
    assert_int_equal(t->SessionKey.Length, svc_key_len);
    assert_memory_not_equal(t->SessionKey.Value, svc_key, svc_key_len);
    assert_false(t->EncodedTicketSize == svc_ticket_len && !memcmp(t->EncodedTicket, svc_ticket, svc_ticket_len));
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);

    t = retrieve(service, KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, &r);
    assert_non_null(t);
    assert_int_equal(t->EncodedTicketSize, svc_ticket_len);
    assert_memory_equal(t->EncodedTicket, svc_ticket, svc_ticket_len);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* EncryptionType: the services of one enctype each give tickets and keys in it (MIT judges the tickets' own
 * enctype); the every-enctype service in the one asked. Not kept (documented: an etype asked is not cached). */
static void test_retrieve_encryption_type(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    call_result r;

    (void)state;
    t = retrieve(sha2_service, KERB_RETRIEVE_TICKET_DEFAULT, 0, 20, &r);
    check_service_ticket(&r, t, sha2_service + 5, 20);
    judge_write_ticket(out_dir, "sha2", t);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    t = retrieve(rc4_service, KERB_RETRIEVE_TICKET_DEFAULT, 0, 23, &r);
    check_service_ticket(&r, t, rc4_service + 5, 23);
    judge_write_ticket(out_dir, "rc4", t);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    t = retrieve(service, KERB_RETRIEVE_TICKET_DEFAULT, 0, 17, &r);
    check_service_ticket(&r, t, service + 5, 17);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    assert_null(retrieve(sha2_service, KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, &r));
    assert_status(r.protocol, STATUS_OBJECT_NAME_NOT_FOUND);
}

/* TicketFlags are the KDC options asked: forwardable alone gives a forwardable ticket that is not renewable (the
 * default asks both, so the cached ticket is renewable). */
static void test_retrieve_ticket_flags(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    call_result r;

    (void)state;
    t = retrieve(service, KERB_RETRIEVE_TICKET_DONT_USE_CACHE, KERB_TICKET_FLAGS_forwardable, 0, &r);
    check_service_ticket(&r, t, service + 5, 18);
    assert_true(t->TicketFlags & KERB_TICKET_FLAGS_forwardable);
    assert_false(t->TicketFlags & KERB_TICKET_FLAGS_renewable);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    t = retrieve(service, KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, &r);
    assert_non_null(t);
    assert_int_equal(t->TicketFlags & (KERB_TICKET_FLAGS_forwardable | KERB_TICKET_FLAGS_renewable),
                     KERB_TICKET_FLAGS_forwardable | KERB_TICKET_FLAGS_renewable);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* KDC_ERR_S_PRINCIPAL_UNKNOWN: STATUS_NO_TRUST_SAM_ACCOUNT, as Windows' Kerberos maps it (kerb_kdc.h), nothing
 * returned and nothing cached. */
static void test_retrieve_unknown_service(void **state)
{
    call_result r;

    (void)state;
    assert_null(retrieve(L"host/nosuch.lsaemu.test", KERB_RETRIEVE_TICKET_DEFAULT, 0, 0, &r));
    assert_status(r.protocol, STATUS_NO_TRUST_SAM_ACCOUNT);
    assert_null(retrieve(L"host/nosuch.lsaemu.test", KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, &r));
    assert_status(r.protocol, STATUS_OBJECT_NAME_NOT_FOUND);
}

/* AS_KERB_CRED: the cached ticket as a KRB-CRED ([APPLICATION 22]), the same key beside it. */
static void test_retrieve_as_krb_cred(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    call_result r;
    ULONG i;
    BOOL holds_ticket = FALSE;

    (void)state;
    t = retrieve(service, KERB_RETRIEVE_TICKET_AS_KERB_CRED, 0, 0, &r);
    assert_non_null(t);
    assert_true(inside(r.buf, r.len, t->EncodedTicket, t->EncodedTicketSize));
    assert_int_equal(t->EncodedTicket[0], 0x76);
    for (i = 0; !holds_ticket && t->EncodedTicketSize >= svc_ticket_len && i <= t->EncodedTicketSize - svc_ticket_len;
         i++)
        holds_ticket = !memcmp(t->EncodedTicket + i, svc_ticket, svc_ticket_len);
    assert_true(holds_ticket);
    assert_int_equal(t->SessionKey.Length, svc_key_len);
    assert_memory_equal(t->SessionKey.Value, svc_key, svc_key_len);
    judge_write(out_dir, ".", "cred.der", t->EncodedTicket, t->EncodedTicketSize);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* Ex3 lists what the session holds: the TGT and the DEFAULT service ticket (those fetched with an etype, flags or
 * DONT_USE_CACHE were not kept), with the names, times, flags and etypes the KDC gave. */
static void test_query_ex3(void **state)
{
    const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *q;
    const KERB_TICKET_CACHE_INFO_EX3 *tgt, *svc;
    LONGLONG now = now_filetime();
    call_result r;
    int i;

    (void)state;
    assert_non_null(q = query_ex3(session.id, &r));
    assert_int_equal(q->MessageType, KerbQueryTicketCacheEx3Message);
    assert_int_equal(q->CountOfTickets, 2);
    assert_non_null(tgt = listed(q, krbtgt));
    assert_non_null(svc = listed(q, service));
    for (i = 0; i < 2; i++) {
        const KERB_TICKET_CACHE_INFO_EX3 *e = i ? svc : tgt;

        assert_block_ustring(r.buf, r.len, &e->ClientName, user);
        assert_block_ustring(r.buf, r.len, &e->ClientRealm, realm);
        assert_block_ustring(r.buf, r.len, &e->ServerRealm, realm);
        assert_true(e->StartTime.QuadPart <= now && now < e->EndTime.QuadPart);
        assert_true(e->RenewTime.QuadPart > e->EndTime.QuadPart);
        assert_int_equal(e->EncryptionType, 18);
        assert_int_equal(e->SessionKeyType, 18);
        assert_block_ustring(r.buf, r.len, &e->KdcCalled, address); /* host:port, the port not being 88 */
    }
    /* What the KDC granted: the TGT its max_life from the logon, the service ticket up to the TGT's end (RFC 4120
     * 3.3.3: no later than the TGT's); the judge compares the service ticket's exact times with its own. */
    assert_true(tgt->EndTime.QuadPart - tgt->StartTime.QuadPart == MAX_LIFE * 10000000LL);
    assert_true(svc->EndTime.QuadPart == tgt->EndTime.QuadPart);
    assert_true(svc->StartTime.QuadPart >= tgt->StartTime.QuadPart);
    assert_int_equal(tgt->CacheFlags, 0x1); /* KERB_TICKET_CACHE_PRIMARY_TGT: the logon's own */
    tgt_start = tgt->StartTime.QuadPart;
    tgt_end = tgt->EndTime.QuadPart;
    tgt_flags = tgt->TicketFlags;
    assert_int_equal(svc->CacheFlags, 0);
    assert_int_equal(tgt->TicketFlags & TGT_FLAGS, TGT_FLAGS);
    assert_int_equal(svc->TicketFlags & SVC_FLAGS, SVC_FLAGS);
    assert_false(svc->TicketFlags & KERB_TICKET_FLAGS_initial);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* KerbRetrieveTicketMessage: the TGT, with its key for this trusted caller, its times and flags those Ex3 listed.
 * Written to tgt/ for the judge, who opens it with the realm's krbtgt keys. */
static void test_retrieve_tgt(void **state)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;
    const KERB_EXTERNAL_TICKET *t;
    call_result r;
    WCHAR *slash;
    WCHAR first[300];
    ULONG i, nonzero = 0;

    (void)state;
    memset(&req, 0, sizeof(req));
    req.MessageType = KerbRetrieveTicketMessage;
    req.LogonId = session.id;
    do_call(trusted, kerb, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    t = &((const KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    lstrcpynW(first, krbtgt, ARRAYSIZE(first));
    slash = wcschr(first, L'/');
    *slash = 0;
    check_name(&r, t->ServiceName, first, slash + 1);
    check_name(&r, t->ClientName, user, NULL);
    assert_block_ustring(r.buf, r.len, &t->DomainName, realm);
    assert_int_equal(t->TicketFlags & TGT_FLAGS, TGT_FLAGS);
    assert_int_equal(t->SessionKey.KeyType, 18);
    assert_int_equal(t->SessionKey.Length, 32);
    for (i = 0; i < t->SessionKey.Length; i++)
        nonzero |= t->SessionKey.Value[i];
    assert_true(nonzero);
    assert_int_equal(t->EncodedTicket[0], 0x61);
    assert_true(t->StartTime.QuadPart == tgt_start && t->EndTime.QuadPart == tgt_end);
    assert_int_equal(t->TicketFlags, tgt_flags);
    judge_write_ticket(out_dir, "tgt", t);
    write_times("tgt", tgt_start, tgt_end, tgt_flags);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* A purge of the service ticket by name and realm leaves the TGT; KERB_PURGE_ALL_TICKETS leaves nothing. */
static void test_purge(void **state)
{
    const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *q;
    call_result r;

    (void)state;
    do_call(trusted, kerb, buf, purge_ex(0, service, realm), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    assert_no_return_buffer(&r);
    assert_non_null(q = query_ex3(session.id, &r));
    assert_int_equal(q->CountOfTickets, 1);
    assert_non_null(listed(q, krbtgt));
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);

    do_call(trusted, kerb, buf, purge_ex(KERB_PURGE_ALL_TICKETS, NULL, NULL), &r);
    assert_status(r.protocol, STATUS_SUCCESS);
    assert_non_null(q = query_ex3(session.id, &r));
    assert_int_equal(q->CountOfTickets, 0);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* The session ends with its token: its LogonId names no session and lists nothing. LsaGetLogonSessionData looks at
 * the session's tokens at once (the LSA's sweep otherwise comes within 500 ms, docs/design.md "Logon sessions"). */
static void test_session_end(void **state)
{
    PSECURITY_LOGON_SESSION_DATA data = NULL;
    LUID id = session.id;
    call_result r;

    (void)state;
    release_logon(&session);
    assert_status(LsaGetLogonSessionData(&id, &data), STATUS_NO_SUCH_LOGON_SESSION);
    assert_null(data);
    assert_null(query_ex3(id, &r));
    assert_status(r.protocol, STATUS_NO_SUCH_LOGON_SESSION);
    assert_no_return_buffer(&r);
}

/* Negotiate with the realm: Kerberos serves it, and its session lists the TGT of the same client and realm. */
static void test_negotiate_tgt(void **state)
{
    const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *q;
    const KERB_TICKET_CACHE_INFO_EX3 *tgt;
    logon_result l;
    call_result r;

    (void)state;
    logon(0, realm, user, password, &l);
    assert_status(l.status, STATUS_SUCCESS);
    assert_non_null(q = query_ex3(l.id, &r));
    assert_int_equal(q->CountOfTickets, 1);
    assert_non_null(tgt = listed(q, krbtgt));
    assert_block_ustring(r.buf, r.len, &tgt->ClientName, user);
    assert_block_ustring(r.buf, r.len, &tgt->ClientRealm, realm);
    assert_block_ustring(r.buf, r.len, &tgt->ServerRealm, realm);
    assert_int_equal(tgt->TicketFlags & TGT_FLAGS, TGT_FLAGS);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    release_logon(&l);
}

/* The locked principal: MIT's KDC answers KDC_ERR_CLIENT_REVOKED for a principal locked out by its policy, the same
 * code as for a disabled one and with no e-data (an Active Directory KDC adds STATUS_ACCOUNT_LOCKED_OUT in its
 * KERB-ERROR-DATA), so the logon gets what a revoked client gets: STATUS_ACCOUNT_RESTRICTION, SubStatus
 * STATUS_ACCOUNT_DISABLED. */
static void test_locked(void **state)
{
    logon_result l;

    (void)state;
    logon(kerb, realm, locked, other_password, &l);
    if (l.status != STATUS_ACCOUNT_RESTRICTION || l.sub != STATUS_ACCOUNT_DISABLED)
        fail_msg("locked: 0x%08lx sub 0x%08lx", (unsigned long)l.status, (unsigned long)l.sub);
    assert_logon_cleared(&l);
}

/* A realm whose KDC is a loopback port nobody listens on, then one whose KDC takes requests and never answers:
 * STATUS_NO_LOGON_SERVERS, SubStatus 0, nothing returned; the time each takes is printed (kerb_net.c bounds it). */
static void no_kdc_case(const char *what, const WCHAR *name)
{
    ULONGLONG start = GetTickCount64();
    logon_result l;

    logon(kerb, name, user, password, &l);
    print_message("%s: 0x%08lx after %llu ms\n", what, (unsigned long)l.status,
                  (unsigned long long)(GetTickCount64() - start));
    assert_status(l.status, STATUS_NO_LOGON_SERVERS);
    assert_status(l.sub, STATUS_SUCCESS);
    assert_logon_cleared(&l);
}

static void test_no_kdc(void **state)
{
    (void)state;
    no_kdc_case("no KDC listening", DOWN_REALM);
    no_kdc_case("a KDC that never answers", MUTE_REALM);
}

static SOCKET mute_udp = INVALID_SOCKET, mute_tcp = INVALID_SOCKET; /* MUTE_REALM's KDC */

static int setup(void **state)
{
    WCHAR down[64], mute[64];
    WSADATA wsa;

    (void)state;
    trusted = connect_trusted();
    kerb = kerberos_id(trusted);
    swprintf(krbtgt, ARRAYSIZE(krbtgt), L"krbtgt/%ls", realm);
    if (WSAStartup(MAKEWORD(2, 2), &wsa))
        return -1;
    swprintf(down, ARRAYSIZE(down), L"127.0.0.1:%u", loopback_port(NULL, NULL));
    swprintf(mute, ARRAYSIZE(mute), L"127.0.0.1:%u", loopback_port(&mute_udp, &mute_tcp));
    if (!kdc_realm_set(realm, address) || !kdc_realm_set(DOWN_REALM, down) || !kdc_realm_set(MUTE_REALM, mute))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    release_logon(&session);
    kdc_realm_unset(realm);
    kdc_realm_unset(DOWN_REALM);
    kdc_realm_unset(MUTE_REALM);
    closesocket(mute_udp);
    closesocket(mute_tcp);
    WSACleanup();
    LsaDeregisterLogonProcess(trusted);
    return 0;
}

/* The service of the given enctype in LSAEMU_KDC_ENCTYPE_SERVICES ("name:enctype,..."). */
static BOOL enctype_service(const WCHAR *enctype, WCHAR *out, size_t cap)
{
    WCHAR list[600];
    const WCHAR *p = list;

    if (!kdc_env_get(L"LSAEMU_KDC_ENCTYPE_SERVICES", list, ARRAYSIZE(list)))
        return FALSE;
    while (*p) {
        size_t n = wcscspn(p, L","), name = wcscspn(p, L":");
        if (name < n && n - name - 1 == wcslen(enctype) && !wcsncmp(p + name + 1, enctype, n - name - 1) &&
            name < cap) {
            memcpy(out, p, name * sizeof(WCHAR));
            out[name] = 0;
            return TRUE;
        }
        p += n + (p[n] == L',');
    }
    return FALSE;
}

/* The judge's folder for this run, emptied of an earlier run's files so that only this run's can be judged. */
static void prepare_out_dir(void)
{
    static const char *const files[] = {"svc/ticket.der", "svc/session.hex", "svc/enctype", "svc/lsa.txt",
                                        "tgt/ticket.der", "tgt/session.hex", "tgt/enctype", "tgt/lsa.txt",
                                        "sha2/ticket.der", "sha2/session.hex", "sha2/enctype", "rc4/ticket.der",
                                        "rc4/session.hex", "rc4/enctype", "cred.der"};

    judge_prepare("LSAEMU_LSA_TICKETS_DIR", files, ARRAYSIZE(files), out_dir, sizeof(out_dir));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logon),
        cmocka_unit_test(test_retrieve_cache_options),
        cmocka_unit_test(test_retrieve_encryption_type),
        cmocka_unit_test(test_retrieve_ticket_flags),
        cmocka_unit_test(test_retrieve_unknown_service),
        cmocka_unit_test(test_retrieve_as_krb_cred),
        cmocka_unit_test(test_query_ex3),
        cmocka_unit_test(test_retrieve_tgt),
        cmocka_unit_test(test_purge),
        cmocka_unit_test(test_session_end),
        cmocka_unit_test(test_negotiate_tgt),
        cmocka_unit_test(test_locked),
        cmocka_unit_test(test_no_kdc),
    };
    const kdc_env_var vars[] = {
        KDC_ENV_LOGON_VARS(realm, address, user, password),
        KDC_ENV_VAR(L"LSAEMU_KDC_OTHER_PASSWORD", other_password),
        KDC_ENV_VAR(L"LSAEMU_KDC_LOCKED_USER", locked),
        KDC_ENV_VAR(L"LSAEMU_KDC_SERVICE", service),
    };

    if (!kdc_env_load_or_say_skip())
        return 77;
    if (!kdc_env_read(vars, ARRAYSIZE(vars)) || wcsncmp(service, L"host/", 5) ||
        !enctype_service(L"20", sha2_service, ARRAYSIZE(sha2_service)) ||
        !enctype_service(L"23", rc4_service, ARRAYSIZE(rc4_service))) {
        fprintf(stderr, "kdc.env lacks a key this test needs\n");
        return 1;
    }
    prepare_out_dir();
    return cmocka_run_group_tests(tests, setup, teardown);
}
