/* Kerberos cache messages through secur32, shared by test_kerberos.c and test_kerberos_cache.c: the query types,
 * query and purge requests, a dispatched call's outcome, and a session with no Kerberos credentials (an MSV1_0
 * logon). Header-only. */
#ifndef LSAEMU_TESTS_WINE_TEST_KERBEROS_CALLS_H
#define LSAEMU_TESTS_WINE_TEST_KERBEROS_CALLS_H

#include "test_packages_common.h"

static const ULONG kerb_query_types[] = {KerbQueryTicketCacheMessage, KerbQueryTicketCacheExMessage,
                                         KerbQueryTicketCacheEx2Message, KerbQueryTicketCacheEx3Message};

/* A query message of `type` for session `id`, to package `kerb`. */
static inline void kerb_query(HANDLE h, ULONG kerb, ULONG type, LUID id, call_result *r)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;

    memset(&req, 0, sizeof(req));
    req.MessageType = (KERB_PROTOCOL_MESSAGE_TYPE)type;
    req.LogonId = id;
    do_call(h, kerb, &req, sizeof(req), r);
}

/* KerbPurgeTicketCacheMessage for the caller's session, built in buf[4096]: ServerName and RealmName in dialect d,
 * NULL for an empty one. */
static inline void kerb_purge(HANDLE h, ULONG kerb, BYTE *buf, const WCHAR *server, const WCHAR *realm, dialect d,
                              call_result *r)
{
    KERB_PURGE_TKT_CACHE_REQUEST *p = (KERB_PURGE_TKT_CACHE_REQUEST *)buf;
    size_t used = sizeof(*p);

    memset(buf, 0, 4096);
    p->MessageType = KerbPurgeTicketCacheMessage;
    if (server)
        put_ustring(buf, &used, &p->ServerName, server, d);
    if (realm)
        put_ustring(buf, &used, &p->RealmName, realm, d);
    do_call(h, kerb, buf, (ULONG)used, r);
}

/* KerbPurgeTicketCacheExMessage for session `id`, built in buf[4096]: Flags, and the template's ClientName and
 * ServerName (absolute pointers; NULL for an empty one). */
static inline void kerb_purge_ex(HANDLE h, ULONG kerb, BYTE *buf, LUID id, ULONG flags, const WCHAR *client,
                                 const WCHAR *server, call_result *r)
{
    KERB_PURGE_TKT_CACHE_EX_REQUEST *ex = (KERB_PURGE_TKT_CACHE_EX_REQUEST *)buf;
    size_t used = sizeof(*ex);

    memset(buf, 0, 4096);
    ex->MessageType = KerbPurgeTicketCacheExMessage;
    ex->LogonId = id;
    ex->Flags = flags;
    if (server)
        put_ustring(buf, &used, &ex->TicketTemplate.ServerName, server, DIALECT_ABSOLUTE);
    if (client)
        put_ustring(buf, &used, &ex->TicketTemplate.ClientName, client, DIALECT_ABSOLUTE);
    do_call(h, kerb, buf, (ULONG)used, r);
}

/* A message the package dispatched with no answer to return: the call succeeds, its outcome is ProtocolStatus. */
static inline void assert_protocol_only(const call_result *r, NTSTATUS protocol)
{
    assert_status(r->status, STATUS_SUCCESS);
    assert_status(r->protocol, protocol);
    assert_no_return_buffer(r);
}

/* alice's MSV1_0 interactive logon (the test's accounts file has alice / Secret123): a session the LSA knows,
 * with no Kerberos credentials. buf holds 4096 bytes. */
static inline void msv1_0_logon_alice(HANDLE trusted, BYTE *buf, logon_result *l)
{
    ULONG len = build_interactive(buf, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);

    do_logon(trusted, msv1_0_id(trusted), Interactive, buf, len, l);
    assert_status(l->status, STATUS_SUCCESS);
}

#endif
