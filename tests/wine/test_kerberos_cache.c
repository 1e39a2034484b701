/* The caller's own session shows the host's MIT ccache: every cache message against a copy of
 * tests/data/krb5/real.ccache (a TGT and a host/svc.lsaemu.test ticket written by MIT's kinit and kvno) that
 * KRB5CCNAME names. The expected names, flags and etypes are what MIT's klist says of it (real.klist); the copy's
 * times are moved forward so that the tickets are current, by a delta the expected times get too. Ticket bytes and
 * keys are compared with the file's own, read with the portable ccache parser. */
#include "test_kerberos_calls.h"
#include "test_kerberos_fixture.h"

#include <time.h>

#include "kcc.h"
#include "kcred.h"
#include "test_kcc_file.h"

/* From real.klist (klist -e -f, UTC): both tickets start 12/04/26 16:04:49 and end 12/05/26 16:04:49; the TGT
 * renews until 12/06/26 16:04:49, the service ticket until 12/04/26 16:04:49. Flags FRI and FRT; aes256 (18). */
#define KLIST_START 1796400289LL
#define KLIST_END 1796486689LL
#define KLIST_TGT_RENEW 1796573089LL
#define KLIST_SVC_RENEW 1796400289LL
/* MIT's klist has no letter for name-canonicalize (RFC 6806, bit 15): kinit and kvno ask for it and the KDC sets it
 * on both tickets, as Windows' klist shows. */
#define FLAGS_FRI                                                                                                   \
    (KERB_TICKET_FLAGS_forwardable | KERB_TICKET_FLAGS_renewable | KERB_TICKET_FLAGS_initial |                      \
     KERB_TICKET_FLAGS_name_canonicalize)
#define FLAG_TRANSITED_POLICY_CHECKED 0x00080000 /* RFC 4120 bit 12 ("T"), not in ntsecapi.h */
#define FLAGS_FRT                                                                                                   \
    (KERB_TICKET_FLAGS_forwardable | KERB_TICKET_FLAGS_renewable | FLAG_TRANSITED_POLICY_CHECKED |                  \
     KERB_TICKET_FLAGS_name_canonicalize)
#define AES256 18

static char copy_path[MAX_PATH]; /* the copy, as a Unix path (Z: is /) */
static kcc_cache original;        /* real.ccache as read, times already moved */
static int64_t delta;             /* seconds the copy's times were moved by */
static BYTE buf[4096];
static scratch_accounts acc; /* alice, for an MSV1_0 session with no Kerberos credentials */

static LONGLONG filetime_of(int64_t unix_seconds)
{
    return (unix_seconds + delta) * 10000000LL + 116444736000000000LL;
}

static size_t listed_count(const kcc_cache *cache)
{
    size_t i = 0, n = 0;

    while (kcc_next_listed(cache, &i) == KCC_OK) {
        n++;
        i++;
    }
    return n;
}

/* The listed credential for the TGT (0) or the service ticket (1) of the original. */
static const kcc_cred *original_cred(int which)
{
    size_t i = 0;

    assert_int_equal(kcc_next_listed(&original, &i), KCC_OK);
    if (which) {
        i++;
        assert_int_equal(kcc_next_listed(&original, &i), KCC_OK);
    }
    return &original.creds[i];
}

/* A fresh copy of the original (every test starts from both tickets). */
static int reset_copy(void **state)
{
    (void)state;
    kcc_file_write(copy_path, &original);
    return 0;
}

static int setup(void **state)
{
    const char *data = getenv("LSAEMU_KRB5_DATA"), *work = getenv("LSAEMU_KCACHE_WORK");
    char source[MAX_PATH], name[MAX_PATH + 8];

    (void)state;
    assert_non_null(data);
    assert_non_null(work);
    snprintf(source, sizeof(source), "%s/real.ccache", data);
    snprintf(copy_path, sizeof(copy_path), "%s/krb5cc_%lu", work, (unsigned long)GetCurrentProcessId());
    CreateDirectoryA(work, NULL);
    kcc_file_load(source, &original);
    /* Move every time forward so the tickets are current now (an hour after their start). */
    delta = (int64_t)time(NULL) - 3600 - KLIST_START;
    kcc_file_shift_times(&original, delta);
    kcc_file_write(copy_path, &original);
    snprintf(name, sizeof(name), "FILE:%s", copy_path);
    assert_true(SetEnvironmentVariableA("KRB5CCNAME", name));
    scratch_accounts_write(&acc, L"kcache", "[alice]\npassword = Secret123\nrid = 1001\n");
    kerberos_fixture_connect();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kerberos_fixture_disconnect();
    DeleteFileA(copy_path);
    kcc_cache_free(&original);
    return 0;
}

typedef struct expected_ticket {
    const WCHAR *server;
    int64_t renew;
    ULONG flags;
} expected_ticket;

static const expected_ticket expected[2] = {
    {L"krbtgt/LSAEMU.TEST", KLIST_TGT_RENEW, FLAGS_FRI},
    {L"host/svc.lsaemu.test", KLIST_SVC_RENEW, FLAGS_FRT},
};

static void check_entry(const call_result *r, ULONG type, const BYTE *entry, const expected_ticket *e)
{
    const KERB_TICKET_CACHE_INFO *basic = (const KERB_TICKET_CACHE_INFO *)entry;
    const KERB_TICKET_CACHE_INFO_EX3 *ex = (const KERB_TICKET_CACHE_INFO_EX3 *)entry;

    if (type == KerbQueryTicketCacheMessage) {
        assert_block_ustring(r->buf, r->len, &basic->ServerName, e->server);
        assert_block_ustring(r->buf, r->len, &basic->RealmName, L"LSAEMU.TEST");
        assert_true(basic->StartTime.QuadPart == filetime_of(KLIST_START));
        assert_true(basic->EndTime.QuadPart == filetime_of(KLIST_END));
        assert_true(basic->RenewTime.QuadPart == filetime_of(e->renew));
        assert_int_equal(basic->EncryptionType, AES256);
        assert_int_equal(basic->TicketFlags, e->flags);
        return;
    }
    assert_block_ustring(r->buf, r->len, &ex->ClientName, L"alice");
    assert_block_ustring(r->buf, r->len, &ex->ClientRealm, L"LSAEMU.TEST");
    assert_block_ustring(r->buf, r->len, &ex->ServerName, e->server);
    assert_block_ustring(r->buf, r->len, &ex->ServerRealm, L"LSAEMU.TEST");
    assert_true(ex->StartTime.QuadPart == filetime_of(KLIST_START));
    assert_true(ex->EndTime.QuadPart == filetime_of(KLIST_END));
    assert_true(ex->RenewTime.QuadPart == filetime_of(e->renew));
    assert_int_equal(ex->EncryptionType, AES256);
    assert_int_equal(ex->TicketFlags, e->flags);
    if (type == KerbQueryTicketCacheExMessage)
        return;
    assert_int_equal(ex->SessionKeyType, AES256);
    if (type == KerbQueryTicketCacheEx2Message)
        return;
    /* Read from the host's file: no KDC was called by us and no cache flags are known. */
    assert_int_equal(ex->BranchId, 0);
    assert_int_equal(ex->CacheFlags, 0);
    assert_block_ustring(r->buf, r->len, &ex->KdcCalled, L"");
}

static size_t entry_size(ULONG type)
{
    switch (type) {
    case KerbQueryTicketCacheMessage: return sizeof(KERB_TICKET_CACHE_INFO);
    case KerbQueryTicketCacheExMessage: return sizeof(KERB_TICKET_CACHE_INFO_EX);
    case KerbQueryTicketCacheEx2Message: return sizeof(KERB_TICKET_CACHE_INFO_EX2);
    default: return sizeof(KERB_TICKET_CACHE_INFO_EX3);
    }
}

/* The listed tickets of the copy, in order, through one query type. */
static void check_query(HANDLE h, ULONG type, const expected_ticket *list, ULONG count)
{
    const KERB_QUERY_TKT_CACHE_RESPONSE *resp;
    LUID zero = {0, 0};
    call_result r;
    ULONG i;

    kerb_query(h, kerb, type, zero, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    resp = r.buf;
    assert_non_null(resp);
    assert_int_equal(resp->MessageType, type);
    assert_int_equal(resp->CountOfTickets, count);
    assert_true(r.len >= offsetof(KERB_QUERY_TKT_CACHE_RESPONSE, Tickets) + count * entry_size(type));
    for (i = 0; i < count; i++)
        check_entry(&r, type, (const BYTE *)resp->Tickets + i * entry_size(type), &list[i]);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

static void test_query_lists_host_tickets(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(kerb_query_types); i++) {
        check_query(untrusted, kerb_query_types[i], expected, 2);
        check_query(trusted, kerb_query_types[i], expected, 2);
    }
}

/* A KERB_EXTERNAL_NAME inside the block with these components. */
static void check_name(const call_result *r, const KERB_EXTERNAL_NAME *n, SHORT type, const WCHAR *a, const WCHAR *b)
{
    assert_non_null(n);
    assert_true(inside(r->buf, r->len, n, offsetof(KERB_EXTERNAL_NAME, Names)));
    assert_int_equal(n->NameType, type);
    assert_int_equal(n->NameCount, b ? 2 : 1);
    assert_true(inside(r->buf, r->len, n->Names, n->NameCount * sizeof(UNICODE_STRING)));
    assert_block_ustring(r->buf, r->len, &n->Names[0], a);
    if (b)
        assert_block_ustring(r->buf, r->len, &n->Names[1], b);
}

static void check_bytes(const call_result *r, const BYTE *p, ULONG len, const kcc_data *want)
{
    assert_int_equal(len, want->length);
    assert_non_null(p);
    assert_true(inside(r->buf, r->len, p, len));
    assert_memory_equal(p, want->bytes, len);
}

static void check_zero_key(const call_result *r, const KERB_CRYPTO_KEY *k, const kcc_cred *c)
{
    ULONG i;

    assert_int_equal(k->KeyType, c->enctype);
    assert_int_equal(k->Length, c->key.length);
    assert_true(inside(r->buf, r->len, k->Value, k->Length));
    for (i = 0; i < k->Length; i++)
        assert_int_equal(k->Value[i], 0);
}

/* target_a/target_b: TargetName as asked (NULL: the service's own name). */
static void check_external_as(const call_result *r, const kcc_cred *c, const WCHAR *service, const WCHAR *host,
                              const WCHAR *target_a, const WCHAR *target_b, const expected_ticket *e)
{
    const KERB_EXTERNAL_TICKET *t = &((const KERB_RETRIEVE_TKT_RESPONSE *)r->buf)->Ticket;

    assert_status(r->status, STATUS_SUCCESS);
    assert_status(r->protocol, STATUS_SUCCESS);
    assert_true(r->len >= sizeof(KERB_RETRIEVE_TKT_RESPONSE));
    check_name(r, t->ServiceName, (SHORT)c->server.name_type, service, host);
    check_name(r, t->TargetName, t->TargetName->NameType, target_a ? target_a : service, target_a ? target_b : host);
    check_name(r, t->ClientName, (SHORT)c->client.name_type, L"alice", NULL);
    assert_block_ustring(r->buf, r->len, &t->DomainName, L"LSAEMU.TEST");
    assert_block_ustring(r->buf, r->len, &t->TargetDomainName, L"LSAEMU.TEST");
    assert_block_ustring(r->buf, r->len, &t->AltTargetDomainName, L"LSAEMU.TEST");
    assert_int_equal(t->TicketFlags, e->flags);
    assert_int_equal(t->Flags, 0);
    assert_true(t->StartTime.QuadPart == filetime_of(KLIST_START));
    assert_true(t->EndTime.QuadPart == filetime_of(KLIST_END));
    assert_true(t->RenewUntil.QuadPart == filetime_of(e->renew));
    assert_int_equal(t->SessionKey.KeyType, AES256);
    assert_int_equal(t->SessionKey.Length, 32);
}

static void check_external(const call_result *r, const kcc_cred *c, const WCHAR *service, const WCHAR *host,
                           const expected_ticket *e)
{
    check_external_as(r, c, service, host, NULL, NULL, e);
}

static void retrieve_tgt(HANDLE h, LUID id, call_result *r)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;

    memset(&req, 0, sizeof(req));
    req.MessageType = KerbRetrieveTicketMessage;
    req.LogonId = id;
    do_call(h, kerb, &req, sizeof(req), r);
}

/* KerbRetrieveTicketMessage: the TGT with every field; its session key only for a trusted caller while
 * AllowTgtSessionKey is not set. */
static void test_retrieve_tgt(void **state)
{
    const kcc_cred *tgt = original_cred(0);
    const KERB_EXTERNAL_TICKET *t;
    LUID zero = {0, 0};
    call_result r;

    (void)state;
    retrieve_tgt(untrusted, zero, &r);
    check_external(&r, tgt, L"krbtgt", L"LSAEMU.TEST", &expected[0]);
    t = &((const KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    check_bytes(&r, t->EncodedTicket, t->EncodedTicketSize, &tgt->ticket);
    check_zero_key(&r, &t->SessionKey, tgt);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);

    retrieve_tgt(trusted, zero, &r);
    check_external(&r, tgt, L"krbtgt", L"LSAEMU.TEST", &expected[0]);
    t = &((const KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    check_bytes(&r, t->EncodedTicket, t->EncodedTicketSize, &tgt->ticket);
    check_bytes(&r, t->SessionKey.Value, t->SessionKey.Length, &tgt->key);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* AllowTgtSessionKey (a REG_DWORD under the Kerberos Parameters key) set to 1 opens the TGT's key to untrusted
 * callers too; 0 keeps it hidden. The value is removed afterwards (the runs that read it share a ctest lock). */
static void test_allow_tgt_session_key(void **state)
{
    static const WCHAR key_path[] = L"SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters";
    const kcc_cred *tgt = original_cred(0);
    const KERB_EXTERNAL_TICKET *t;
    LUID zero = {0, 0};
    DWORD one = 1, none = 0;
    call_result r;
    HKEY key;

    (void)state;
    assert_int_equal(RegCreateKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(RegSetValueExW(key, L"AllowTgtSessionKey", 0, REG_DWORD, (BYTE *)&one, sizeof(one)),
                     ERROR_SUCCESS);
    retrieve_tgt(untrusted, zero, &r);
    check_external(&r, tgt, L"krbtgt", L"LSAEMU.TEST", &expected[0]);
    t = &((const KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    check_bytes(&r, t->SessionKey.Value, t->SessionKey.Length, &tgt->key);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);

    assert_int_equal(RegSetValueExW(key, L"AllowTgtSessionKey", 0, REG_DWORD, (BYTE *)&none, sizeof(none)),
                     ERROR_SUCCESS);
    retrieve_tgt(untrusted, zero, &r);
    check_external(&r, tgt, L"krbtgt", L"LSAEMU.TEST", &expected[0]);
    check_zero_key(&r, &((const KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket.SessionKey, tgt);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    RegDeleteValueW(key, L"AllowTgtSessionKey");
    RegCloseKey(key);
}

static ULONG build_retrieve(const WCHAR *target, ULONG cache_options, ULONG flags, LONG etype, LUID id, dialect d)
{
    return build_retrieve_in(buf, sizeof(buf), target, cache_options, flags, etype, id, d);
}

/* USE_CACHE_ONLY returns the cached service ticket's exact bytes and its key (a service ticket's key is not hidden),
 * named with or without its realm, in both pointer dialects. */
static void test_retrieve_encoded_cached(void **state)
{
    static const WCHAR *const names[] = {L"host/svc.lsaemu.test", L"host/svc.lsaemu.test@LSAEMU.TEST",
                                         L"HOST/SVC.lsaemu.test@lsaemu.test"};
    const kcc_cred *svc = original_cred(1);
    const KERB_EXTERNAL_TICKET *t;
    LUID zero = {0, 0};
    call_result r;
    size_t i;
    dialect d;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        for (i = 0; i < ARRAYSIZE(names); i++) {
            ULONG len = build_retrieve(names[i], KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, zero, d);
            do_call(untrusted, kerb, buf, len, &r);
            /* TargetName is the name as asked; ServiceName the ticket's. */
            check_external_as(&r, svc, L"host", L"svc.lsaemu.test", i == 2 ? L"HOST" : L"host",
                              i == 2 ? L"SVC.lsaemu.test" : L"svc.lsaemu.test", &expected[1]);
            t = &((const KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
            check_bytes(&r, t->EncodedTicket, t->EncodedTicketSize, &svc->ticket);
            check_bytes(&r, t->SessionKey.Value, t->SessionKey.Length, &svc->key);
            assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
        }
    }
    /* The TGT is a ticket like any other for RetrieveEncodedTicket; its key hidden from an untrusted caller. */
    do_call(untrusted, kerb, buf,
            build_retrieve(L"krbtgt/LSAEMU.TEST", KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, zero, DIALECT_ABSOLUTE),
            &r);
    check_external(&r, original_cred(0), L"krbtgt", L"LSAEMU.TEST", &expected[0]);
    t = &((const KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    check_zero_key(&r, &t->SessionKey, original_cred(0));
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* AS_KERB_CRED: EncodedTicket is a KRB-CRED with an unencrypted part that parses back to the same ticket and key. */
static void test_retrieve_as_krb_cred(void **state)
{
    const kcc_cred *svc = original_cred(1);
    const KERB_EXTERNAL_TICKET *t;
    LUID zero = {0, 0};
    kcc_cache parsed;
    call_result r;

    (void)state;
    do_call(untrusted, kerb, buf,
            build_retrieve(L"host/svc.lsaemu.test",
                           KERB_RETRIEVE_TICKET_USE_CACHE_ONLY | KERB_RETRIEVE_TICKET_AS_KERB_CRED, 0, 0, zero,
                           DIALECT_ABSOLUTE),
            &r);
    check_external(&r, svc, L"host", L"svc.lsaemu.test", &expected[1]);
    t = &((const KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    assert_true(inside(r.buf, r.len, t->EncodedTicket, t->EncodedTicketSize));
    memset(&parsed, 0, sizeof(parsed));
    assert_int_equal(kcred_parse(t->EncodedTicket, t->EncodedTicketSize, &parsed), KCRED_OK);
    assert_int_equal(parsed.cred_count, 1);
    assert_true(kcc_principal_equal(&parsed.creds[0].client, &svc->client));
    assert_true(kcc_principal_equal(&parsed.creds[0].server, &svc->server));
    assert_int_equal(parsed.creds[0].ticket.length, svc->ticket.length);
    assert_memory_equal(parsed.creds[0].ticket.bytes, svc->ticket.bytes, svc->ticket.length);
    assert_int_equal(parsed.creds[0].enctype, svc->enctype);
    assert_int_equal(parsed.creds[0].key.length, svc->key.length);
    assert_memory_equal(parsed.creds[0].key.bytes, svc->key.bytes, svc->key.length);
    assert_int_equal(parsed.creds[0].ticket_flags, svc->ticket_flags);
    assert_int_equal(parsed.creds[0].endtime, svc->endtime);
    kcc_cache_free(&parsed);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* Tickets not in the cache: USE_CACHE_ONLY gives STATUS_OBJECT_NAME_NOT_FOUND (documented); so does a cached one
 * whose etype or flags do not match. Asking the KDC needs the realm's KDCs, which nothing configures here. */
static void test_retrieve_not_cached(void **state)
{
    LUID zero = {0, 0};
    call_result r;

    (void)state;
    do_call(untrusted, kerb, buf,
            build_retrieve(L"host/other.lsaemu.test", KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, zero,
                           DIALECT_ABSOLUTE),
            &r);
    assert_protocol_only(&r, STATUS_OBJECT_NAME_NOT_FOUND);
    do_call(untrusted, kerb, buf,
            build_retrieve(L"host/svc.lsaemu.test", KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 23, zero,
                           DIALECT_ABSOLUTE),
            &r);
    assert_status(r.protocol, STATUS_OBJECT_NAME_NOT_FOUND);
    do_call(untrusted, kerb, buf,
            build_retrieve(L"host/svc.lsaemu.test", KERB_RETRIEVE_TICKET_USE_CACHE_ONLY,
                           KERB_TICKET_FLAGS_initial, 0, zero, DIALECT_ABSOLUTE),
            &r);
    assert_status(r.protocol, STATUS_OBJECT_NAME_NOT_FOUND);
    do_call(untrusted, kerb, buf, build_retrieve(L"host/other.lsaemu.test", 0, 0, 0, zero, DIALECT_ABSOLUTE), &r);
    assert_protocol_only(&r, STATUS_NO_LOGON_SERVERS);
}

/* TargetNames that do not parse, and requests too short: ProtocolStatus STATUS_INVALID_PARAMETER. */
static void test_retrieve_malformed(void **state)
{
    static const WCHAR *const bad[] = {L"", L"host/", L"/x", L"host/x@", L"host\\"};
    KERB_RETRIEVE_TKT_REQUEST *req = (KERB_RETRIEVE_TKT_REQUEST *)buf;
    LUID zero = {0, 0};
    call_result r;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(bad); i++) {
        do_call(untrusted, kerb, buf,
                build_retrieve(bad[i], KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, zero, DIALECT_ABSOLUTE), &r);
        assert_status(r.status, STATUS_SUCCESS);
        if (r.protocol != STATUS_INVALID_PARAMETER)
            fail_msg("\"%ls\": ProtocolStatus 0x%08lx", bad[i], (unsigned long)r.protocol);
        assert_no_return_buffer(&r);
    }
    /* A NUL inside the name (a KerberosString cannot hold one). */
    build_retrieve(L"host/svc.lsaemu.test", KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, zero, DIALECT_ABSOLUTE);
    req->TargetName.Buffer[6] = 0;
    do_call(untrusted, kerb, buf, sizeof(*req) + 64, &r);
    assert_status(r.protocol, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
    build_retrieve(L"host/svc.lsaemu.test", 0, 0, 0, zero, DIALECT_ABSOLUTE);
    req->TargetName.Length = 3;
    do_call(untrusted, kerb, buf, sizeof(*req) + 64, &r);
    assert_status(r.protocol, STATUS_INVALID_PARAMETER);
    do_call(untrusted, kerb, buf, sizeof(*req) - 1, &r);
    assert_status(r.protocol, STATUS_INVALID_PARAMETER);
    memset(buf, 0, sizeof(buf));
    req->MessageType = KerbRetrieveTicketMessage;
    do_call(untrusted, kerb, buf, sizeof(KERB_QUERY_TKT_CACHE_REQUEST) - 1, &r);
    assert_status(r.protocol, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
}

/* Other sessions: untrusted callers are refused, unknown sessions are named; a session without a Kerberos logon
 * (MSV1_0) has no TGT, nothing cached and no credentials to ask the KDC with. */
static void test_retrieve_other_sessions(void **state)
{
    LUID other = {0x12345, 0}, unknown = {0x7FFFFFF0, 0x7FFF};
    logon_result l;
    call_result r;

    (void)state;
    retrieve_tgt(untrusted, other, &r);
    assert_protocol_only(&r, STATUS_ACCESS_DENIED);
    do_call(untrusted, kerb, buf, build_retrieve(L"host/svc.lsaemu.test", 0, 0, 0, other, DIALECT_ABSOLUTE), &r);
    assert_status(r.protocol, STATUS_ACCESS_DENIED);
    assert_no_return_buffer(&r);
    retrieve_tgt(trusted, unknown, &r);
    assert_status(r.protocol, STATUS_NO_SUCH_LOGON_SESSION);
    do_call(trusted, kerb, buf, build_retrieve(L"host/svc.lsaemu.test", 0, 0, 0, unknown, DIALECT_ABSOLUTE), &r);
    assert_status(r.protocol, STATUS_NO_SUCH_LOGON_SESSION);

    msv1_0_logon_alice(trusted, buf, &l);
    retrieve_tgt(trusted, l.id, &r);
    assert_protocol_only(&r, STATUS_NO_SUCH_LOGON_SESSION);
    do_call(trusted, kerb, buf,
            build_retrieve(L"host/svc.lsaemu.test", KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, l.id,
                           DIALECT_ABSOLUTE),
            &r);
    assert_status(r.protocol, STATUS_OBJECT_NAME_NOT_FOUND);
    do_call(trusted, kerb, buf, build_retrieve(L"host/svc.lsaemu.test", 0, 0, 0, l.id, DIALECT_ABSOLUTE), &r);
    assert_status(r.protocol, SEC_E_NO_CREDENTIALS);
    assert_no_return_buffer(&r);
    release_logon(&l);
}

/* A purge by server and realm removes that ticket from the file and nothing else (configuration entries and the
 * default principal stay, as krb5_cc_remove_cred leaves them); a purge of a name not cached changes nothing. */
static void test_purge_by_server(void **state)
{
    kcc_cache after;
    call_result r;

    (void)state;
    kerb_purge(untrusted, kerb, buf, L"host/nothing.lsaemu.test", L"LSAEMU.TEST", DIALECT_RELATIVE, &r);
    assert_status(r.protocol, STATUS_SUCCESS);
    check_query(untrusted, KerbQueryTicketCacheExMessage, expected, 2);

    kerb_purge(untrusted, kerb, buf, L"HOST/svc.lsaemu.test", L"lsaemu.test", DIALECT_ABSOLUTE, &r);
    assert_protocol_only(&r, STATUS_SUCCESS);
    check_query(untrusted, KerbQueryTicketCacheExMessage, expected, 1);

    kcc_file_load(copy_path, &after);
    assert_int_equal(listed_count(&after), 1);
    assert_int_equal(kcc_file_config_count(&after), kcc_file_config_count(&original));
    assert_true(kcc_principal_equal(&after.default_principal, &original.default_principal));
    assert_int_equal(after.version, original.version);
    kcc_cache_free(&after);
}

/* KerbPurgeTicketCacheEx: by client name and realm, then everything. */
static void test_purge_ex(void **state)
{
    LUID zero = {0, 0};
    kcc_cache after;
    call_result r;

    (void)state;
    kerb_purge_ex(untrusted, kerb, buf, zero, 0, L"bob", NULL, &r);
    assert_status(r.protocol, STATUS_SUCCESS);
    check_query(untrusted, KerbQueryTicketCacheMessage, expected, 2);

    kerb_purge_ex(untrusted, kerb, buf, zero, 0, L"alice", L"krbtgt/LSAEMU.TEST", &r);
    assert_status(r.protocol, STATUS_SUCCESS);
    check_query(untrusted, KerbQueryTicketCacheMessage, &expected[1], 1);

    kerb_purge_ex(untrusted, kerb, buf, zero, KERB_PURGE_ALL_TICKETS, NULL, NULL, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    check_query(untrusted, KerbQueryTicketCacheEx3Message, expected, 0);
    kcc_file_load(copy_path, &after);
    assert_int_equal(listed_count(&after), 0);
    assert_int_equal(kcc_file_config_count(&after), kcc_file_config_count(&original));
    assert_true(kcc_principal_equal(&after.default_principal, &original.default_principal));
    kcc_cache_free(&after);

    /* Nothing left: RetrieveTicket finds no TGT. */
    retrieve_tgt(untrusted, zero, &r);
    assert_status(r.protocol, STATUS_NO_SUCH_LOGON_SESSION);
    assert_no_return_buffer(&r);
}

/* Another holder of the file, open and under its exclusive lock (as MIT's tools hold it while they write; here
 * another handle of this process, which Wine's server treats alike): a purge waits a bounded time, then leaves the
 * file as it was. */
static void test_purge_respects_file_lock(void **state)
{
    LUID zero = {0, 0};
    OVERLAPPED whole;
    kcc_cache after;
    call_result r;
    HANDLE h;

    (void)state;
    h = CreateFileA(copy_path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, 0, NULL);
    assert_true(h != INVALID_HANDLE_VALUE);
    memset(&whole, 0, sizeof(whole));
    assert_true(LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK, 0, MAXDWORD, MAXDWORD, &whole));
    kerb_purge_ex(untrusted, kerb, buf, zero, KERB_PURGE_ALL_TICKETS, NULL, NULL, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS); /* purges report success, as Windows' do */
    memset(&whole, 0, sizeof(whole));
    assert_true(UnlockFileEx(h, 0, MAXDWORD, MAXDWORD, &whole));
    CloseHandle(h);
    kcc_file_load(copy_path, &after);
    assert_int_equal(listed_count(&after), 2);
    kcc_cache_free(&after);
    /* Unlocked, the same purge goes through. */
    kerb_purge_ex(untrusted, kerb, buf, zero, KERB_PURGE_ALL_TICKETS, NULL, NULL, &r);
    assert_status(r.protocol, STATUS_SUCCESS);
    kcc_file_load(copy_path, &after);
    assert_int_equal(listed_count(&after), 0);
    kcc_cache_free(&after);
}

/* A missing host file is an empty cache, and a purge does not create it. */
static void test_missing_host_file(void **state)
{
    LUID zero = {0, 0};
    call_result r;

    (void)state;
    assert_true(DeleteFileA(copy_path));
    check_query(untrusted, KerbQueryTicketCacheEx2Message, expected, 0);
    kerb_purge_ex(untrusted, kerb, buf, zero, KERB_PURGE_ALL_TICKETS, NULL, NULL, &r);
    assert_status(r.protocol, STATUS_SUCCESS);
    assert_int_equal(GetFileAttributesA(copy_path), INVALID_FILE_ATTRIBUTES);
    retrieve_tgt(untrusted, zero, &r);
    assert_status(r.protocol, STATUS_NO_SUCH_LOGON_SESSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_query_lists_host_tickets, reset_copy),
        cmocka_unit_test_setup(test_retrieve_tgt, reset_copy),
        cmocka_unit_test_setup(test_allow_tgt_session_key, reset_copy),
        cmocka_unit_test_setup(test_retrieve_encoded_cached, reset_copy),
        cmocka_unit_test_setup(test_retrieve_as_krb_cred, reset_copy),
        cmocka_unit_test_setup(test_retrieve_not_cached, reset_copy),
        cmocka_unit_test_setup(test_retrieve_malformed, reset_copy),
        cmocka_unit_test_setup(test_retrieve_other_sessions, reset_copy),
        cmocka_unit_test_setup(test_purge_by_server, reset_copy),
        cmocka_unit_test_setup(test_purge_ex, reset_copy),
        cmocka_unit_test_setup(test_purge_respects_file_lock, reset_copy),
        cmocka_unit_test_setup(test_missing_host_file, reset_copy),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
