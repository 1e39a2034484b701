/* Kerberos through the public secur32 API: the per-logon-session ticket cache (empty without a Kerberos logon and
 * with no host ccache), the LogonId access rules, malformed requests, unsupported messages, and LsaLogonUser without
 * a KDC. */
#include "test_kerberos_calls.h"
#include "test_kerberos_fixture.h"

static BYTE buf[4096];

static int setup(void **state)
{
    (void)state;
    /* The caller's own session shows the host's MIT ccache: point it at a file that does not exist, so the cache is
     * empty whatever the host has (test_kerberos_cache.c tests a real one). */
    SetEnvironmentVariableW(L"KRB5CCNAME", L"FILE:/nonexistent/lsaemu-test-krb5cc");
    kerberos_fixture_connect();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kerberos_fixture_disconnect();
    return 0;
}

/* An empty cache: one block holding MessageType (echoing the request) and CountOfTickets 0. */
static void assert_empty_cache(const call_result *r, ULONG type)
{
    const KERB_QUERY_TKT_CACHE_RESPONSE *resp = r->buf;

    assert_status(r->status, STATUS_SUCCESS);
    assert_status(r->protocol, STATUS_SUCCESS);
    assert_non_null(resp);
    assert_true(resp != DEADBEEF_PTR);
    assert_int_equal(r->len, offsetof(KERB_QUERY_TKT_CACHE_RESPONSE, Tickets));
    assert_int_equal(resp->MessageType, type);
    assert_int_equal(resp->CountOfTickets, 0);
    assert_status(LsaFreeReturnBuffer(r->buf), STATUS_SUCCESS);
}

static void test_query_own_cache(void **state)
{
    LUID zero = {0, 0};
    call_result r;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(kerb_query_types); i++) {
        kerb_query(untrusted, kerb, kerb_query_types[i], zero, &r);
        assert_empty_cache(&r, kerb_query_types[i]);
        kerb_query(trusted, kerb, kerb_query_types[i], zero, &r);
        assert_empty_cache(&r, kerb_query_types[i]);
    }
}

/* Another session's cache needs a trusted caller: from an untrusted one the call succeeds, ProtocolStatus
 * STATUS_ACCESS_DENIED, no buffer. */
static void test_other_session_untrusted(void **state)
{
    LUID other = {0x12345, 0};
    call_result r;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(kerb_query_types); i++) {
        kerb_query(untrusted, kerb, kerb_query_types[i], other, &r);
        assert_protocol_only(&r, STATUS_ACCESS_DENIED);
    }
}

/* A trusted caller naming a session the LSA does not know: ProtocolStatus STATUS_NO_SUCH_LOGON_SESSION. */
static void test_unknown_session_trusted(void **state)
{
    LUID other = {0x7FFFFFF0, 0x7FFF};
    call_result r;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(kerb_query_types); i++) {
        kerb_query(trusted, kerb, kerb_query_types[i], other, &r);
        assert_protocol_only(&r, STATUS_NO_SUCH_LOGON_SESSION);
    }
}

/* A session made by an MSV1_0 logon is known: a trusted caller gets its (empty) cache, an untrusted one is refused. */
static void test_existing_session(void **state)
{
    logon_result l;
    call_result r;
    size_t i;

    (void)state;
    msv1_0_logon_alice(trusted, buf, &l);
    for (i = 0; i < ARRAYSIZE(kerb_query_types); i++) {
        kerb_query(trusted, kerb, kerb_query_types[i], l.id, &r);
        assert_empty_cache(&r, kerb_query_types[i]);
        kerb_query(untrusted, kerb, kerb_query_types[i], l.id, &r);
        assert_protocol_only(&r, STATUS_ACCESS_DENIED);
    }
    release_logon(&l);
}

static void test_purge(void **state)
{
    LUID zero = {0, 0}, other = {0x4242, 0};
    call_result r;
    dialect d;

    (void)state;
    /* All tickets of the caller's session (both names empty). */
    kerb_purge(untrusted, kerb, buf, NULL, NULL, DIALECT_ABSOLUTE, &r);
    assert_protocol_only(&r, STATUS_SUCCESS);

    /* One server's tickets, names in both dialects. */
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        kerb_purge(untrusted, kerb, buf, L"krbtgt/EXAMPLE.COM", L"EXAMPLE.COM", d, &r);
        assert_protocol_only(&r, STATUS_SUCCESS);
    }

    kerb_purge_ex(untrusted, kerb, buf, zero, KERB_PURGE_ALL_TICKETS, NULL, NULL, &r);
    assert_protocol_only(&r, STATUS_SUCCESS);

    /* Another session from an untrusted caller. */
    kerb_purge_ex(untrusted, kerb, buf, other, KERB_PURGE_ALL_TICKETS, NULL, NULL, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_ACCESS_DENIED);
    kerb_purge_ex(trusted, kerb, buf, other, KERB_PURGE_ALL_TICKETS, NULL, NULL, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_NO_SUCH_LOGON_SESSION);
}

/* Requests shorter than their structure, or with malformed strings: the call succeeds and ProtocolStatus is
 * STATUS_INVALID_PARAMETER; shorter than a message type: the call itself fails. */
static void test_malformed(void **state)
{
    KERB_PURGE_TKT_CACHE_REQUEST *p = (KERB_PURGE_TKT_CACHE_REQUEST *)buf;
    size_t i, used;
    call_result r;
    dialect d;

    (void)state;
    for (i = 0; i < ARRAYSIZE(kerb_query_types); i++) {
        memset(buf, 0, sizeof(buf));
        memcpy(buf, &kerb_query_types[i], sizeof(ULONG));
        do_call(untrusted, kerb, buf, sizeof(KERB_QUERY_TKT_CACHE_REQUEST) - 1, &r);
        assert_protocol_only(&r, STATUS_INVALID_PARAMETER);
    }
    memset(buf, 0, sizeof(buf));
    p->MessageType = KerbPurgeTicketCacheMessage;
    do_call(untrusted, kerb, buf, sizeof(*p) - 1, &r);
    assert_status(r.protocol, STATUS_INVALID_PARAMETER);
    ((KERB_PURGE_TKT_CACHE_EX_REQUEST *)buf)->MessageType = KerbPurgeTicketCacheExMessage;
    do_call(untrusted, kerb, buf, sizeof(KERB_PURGE_TKT_CACHE_EX_REQUEST) - 1, &r);
    assert_status(r.protocol, STATUS_INVALID_PARAMETER);

    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        for (i = 0; i < 4; i++) {
            memset(buf, 0, sizeof(buf));
            p->MessageType = KerbPurgeTicketCacheMessage;
            used = sizeof(*p);
            put_ustring(buf, &used, &p->ServerName, L"host/x", d);
            put_ustring(buf, &used, &p->RealmName, L"X", d);
            switch (i) {
            case 0: p->ServerName.Length = 3; break;                            /* odd length */
            case 1: p->RealmName.MaximumLength = 0; break;                      /* MaximumLength < Length */
            case 2: p->ServerName.Buffer = NULL; break;                         /* NULL with a length */
            case 3: p->RealmName.Buffer = d == DIALECT_ABSOLUTE ? (PWSTR)(buf + used)
                                                                : (PWSTR)(uintptr_t)used; /* past the end */
            }
            do_call(untrusted, kerb, buf, (ULONG)used, &r);
            assert_status(r.status, STATUS_SUCCESS);
            if (r.protocol != STATUS_INVALID_PARAMETER)
                fail_msg("case %u (%s): ProtocolStatus 0x%08lx", (unsigned)i, dialect_name(d),
                         (unsigned long)r.protocol);
            assert_no_return_buffer(&r);
        }
    }

    do_call(untrusted, kerb, buf, 2, &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
}

/* Message types past the enumeration are refused; documented ones this emulation does not do yet are
 * STATUS_NOT_SUPPORTED (docs/packages.md gives each one's reason). KerbSubmitTicketMessage is dispatched: a request
 * with no KRB-CRED is its ProtocolStatus STATUS_INVALID_PARAMETER; so is KerbChangePasswordMessage with no account
 * (test_kerberos_kpasswd changes passwords), and KerbSetPasswordMessage (test_kerberos_setpw sets them). */
static void test_unsupported_messages(void **state)
{
    static const ULONG unsupported[] = {KerbDebugRequestMessage, KerbVerifyPacMessage, KerbRetrieveKeyTabMessage};
    static const ULONG dispatched[] = {KerbSubmitTicketMessage, KerbChangePasswordMessage, KerbSetPasswordMessage};
    ULONG msg[32];
    call_result r;
    size_t i;

    (void)state;
    memset(msg, 0, sizeof(msg));
    msg[0] = KerbRetrieveKeyTabMessage + 1;
    do_call(untrusted, kerb, msg, sizeof(msg), &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
    msg[0] = 0x7FFFFFFF;
    do_call(trusted, kerb, msg, sizeof(msg), &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    for (i = 0; i < ARRAYSIZE(unsupported); i++) {
        msg[0] = unsupported[i];
        do_call(untrusted, kerb, msg, sizeof(msg), &r);
        assert_status(r.status, STATUS_NOT_SUPPORTED);
        assert_no_return_buffer(&r);
        do_call(trusted, kerb, msg, sizeof(msg), &r);
        assert_status(r.status, STATUS_NOT_SUPPORTED);
    }
    memset(msg, 0, sizeof(msg));
    for (i = 0; i < ARRAYSIZE(dispatched); i++) {
        msg[0] = dispatched[i];
        do_call(untrusted, kerb, msg, sizeof(msg), &r);
        assert_status(r.status, STATUS_SUCCESS);
        assert_status(r.protocol, STATUS_INVALID_PARAMETER);
        assert_no_return_buffer(&r);
    }
}

/* A realm no configuration names: STATUS_NO_LOGON_SERVERS, nothing created; malformed buffers and unknown types. */
static void test_logon_without_kdc(void **state)
{
    logon_result l;
    ULONG len;
    dialect d;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        len = build_interactive(buf, KerbInteractiveLogon, L"EXAMPLE.COM", L"alice", L"Secret123", d);
        do_logon(trusted, kerb, Interactive, buf, len, &l);
        assert_status(l.status, STATUS_NO_LOGON_SERVERS);
        assert_status(l.sub, STATUS_SUCCESS);
        assert_logon_cleared(&l);
    }
    len = build_interactive(buf, KerbInteractiveLogon, L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
    ((KERB_INTERACTIVE_LOGON *)buf)->UserName.Length = 3;
    do_logon(trusted, kerb, Interactive, buf, len, &l);
    assert_status(l.status, STATUS_INVALID_PARAMETER);
    assert_logon_cleared(&l);
    do_logon(trusted, kerb, Interactive, buf, sizeof(KERB_INTERACTIVE_LOGON) - 1, &l);
    assert_status(l.status, STATUS_INVALID_PARAMETER);
    len = build_interactive(buf, 99, L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
    do_logon(trusted, kerb, Interactive, buf, len, &l);
    assert_status(l.status, STATUS_BAD_VALIDATION_CLASS);
    assert_logon_cleared(&l);
}

/* What is decided before any KDC is asked: the logon type against the structure (as MSV1_0 decides it for the layout
 * the two share), the unlock structure's size, and a realm no configuration names (STATUS_NO_LOGON_SERVERS, for a
 * NetBIOS-style domain, a DNS-style one and a UPN's realm alike). Nothing is created. */
static void test_logon_validation(void **state)
{
    static const SECURITY_LOGON_TYPE served[] = {Interactive, Network, Batch, Service, NetworkCleartext,
                                                 RemoteInteractive};
    static const SECURITY_LOGON_TYPE refused[] = {Proxy, Unlock, NewCredentials, CachedInteractive,
                                                  CachedRemoteInteractive, CachedUnlock};
    static const WCHAR realm[] = L"NO-SUCH-REALM.INVALID";
    logon_result l;
    ULONG len;
    size_t i;
    dialect d;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        for (i = 0; i < ARRAYSIZE(served); i++) {
            len = build_interactive(buf, KerbInteractiveLogon, realm, L"alice", L"Secret123", d);
            do_logon(trusted, kerb, served[i], buf, len, &l);
            assert_status(l.status, STATUS_NO_LOGON_SERVERS);
            assert_status(l.sub, STATUS_SUCCESS);
            assert_logon_cleared(&l);
        }
        for (i = 0; i < ARRAYSIZE(refused); i++) {
            len = build_interactive(buf, KerbInteractiveLogon, realm, L"alice", L"Secret123", d);
            do_logon(trusted, kerb, refused[i], buf, len, &l);
            assert_status(l.status, STATUS_INVALID_LOGON_TYPE);
            assert_logon_cleared(&l);
        }
        len = build_interactive_in(buf, sizeof(KERB_INTERACTIVE_UNLOCK_LOGON), KerbWorkstationUnlockLogon, realm,
                                   L"alice", L"Secret123", d);
        do_logon(trusted, kerb, Unlock, buf, len, &l);
        assert_status(l.status, STATUS_NO_LOGON_SERVERS);
        assert_logon_cleared(&l);
        do_logon(trusted, kerb, Interactive, buf, len, &l);
        assert_status(l.status, STATUS_INVALID_LOGON_TYPE);
        assert_logon_cleared(&l);
        do_logon(trusted, kerb, Unlock, buf, sizeof(KERB_INTERACTIVE_UNLOCK_LOGON) - 1, &l);
        assert_status(l.status, STATUS_INVALID_PARAMETER);
        assert_logon_cleared(&l);

        len = build_interactive(buf, KerbInteractiveLogon, L"NO-SUCH-REALM", L"alice", L"Secret123", d);
        do_logon(trusted, kerb, Interactive, buf, len, &l);
        assert_status(l.status, STATUS_NO_LOGON_SERVERS);
        assert_logon_cleared(&l);
        len = build_interactive(buf, KerbInteractiveLogon, L"", L"alice@NO-SUCH-REALM.INVALID", L"Secret123", d);
        do_logon(trusted, kerb, Interactive, buf, len, &l);
        assert_status(l.status, STATUS_NO_LOGON_SERVERS);
        assert_logon_cleared(&l);
        /* An empty or unreadable user name is only judged once a realm is known. */
        len = build_interactive(buf, KerbInteractiveLogon, realm, L"", L"", d);
        do_logon(trusted, kerb, Interactive, buf, len, &l);
        assert_status(l.status, STATUS_NO_LOGON_SERVERS);
        assert_logon_cleared(&l);
    }
    /* Logons that need another KDC protocol (here a smart card's): no KDC serves them yet. */
    memset(buf, 0, sizeof(KERB_SMART_CARD_LOGON));
    ((KERB_SMART_CARD_LOGON *)buf)->MessageType = KerbSmartCardLogon;
    do_logon(trusted, kerb, Interactive, buf, sizeof(KERB_SMART_CARD_LOGON), &l);
    assert_status(l.status, STATUS_NO_LOGON_SERVERS);
    assert_logon_cleared(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_own_cache),
        cmocka_unit_test(test_other_session_untrusted),
        cmocka_unit_test(test_unknown_session_trusted),
        cmocka_unit_test(test_existing_session),
        cmocka_unit_test(test_purge),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_unsupported_messages),
        cmocka_unit_test(test_logon_without_kdc),
        cmocka_unit_test(test_logon_validation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
