/* LsaLogonUser through Kerberos (and Negotiate) against a real KDC (MIT krb5kdc on loopback, started by the test
 * fixture lsaemu_kdc, tests/kdc/kdc.sh). The KDC comes from the fixture's kdc.env (kdc_env.h); without it the program
 * exits 77 (skipped):
 *   LSAEMU_KDC_REALM          the realm, LSAEMU.TEST
 *   LSAEMU_KDC_ADDRESS        its KDC, "host:port"
 *   LSAEMU_KDC_USER           a principal of the realm (name without the realm) that can log on, and ..._PASSWORD
 *   LSAEMU_KDC_DISABLED_USER  a principal with -allow_tix (revoked)
 *   LSAEMU_KDC_EXPIRED_USER   a principal whose password has expired, these two with LSAEMU_KDC_OTHER_PASSWORD
 * The realm is made known the way `ksetup /addkdc` does it, HKLM\...\Lsa\Kerberos\Domains\<REALM> KdcNames (the
 * first place kerb_config.h looks), and so is a realm whose only KDC is a closed loopback port (KDC down). */
#include "test_kerberos_fixture.h"

#include "kdc_env.h"
#include "kdc_realm.h"

#include <stdio.h>

#define DOWN_REALM L"KDC-DOWN.LSAEMU.INVALID"
#define NEVER 0x7FFFFFFFFFFFFFFFLL

static WCHAR realm[256], netbios[256], address[300], kdc_host[300], user[256], disabled[256], expired[256];
static WCHAR password[256], other_password[256], upn[600];
static scratch_accounts no_accounts; /* unmapped users: an accounts file without them */

/* Over `server` (TRUE), the LSA reads the environment of the client that started it: the fixture leaves the current
 * server for one of the current accounts file's own (scratch_accounts_server). */
static BOOL follow_accounts(void)
{
    WCHAR file[MAX_PATH];
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_TRANSPORT", file, ARRAYSIZE(file));

    if (!n || n >= ARRAYSIZE(file) || lstrcmpiW(file, L"server"))
        return FALSE;
    kerberos_fixture_disconnect();
    n = GetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", file, ARRAYSIZE(file));
    assert_true(n > 0 && n < ARRAYSIZE(file));
    assert_true(scratch_accounts_server(file));
    kerberos_fixture_connect();
    return TRUE;
}

static int setup(void **state)
{
    WCHAR *colon;

    (void)state;
    kerberos_fixture_connect();
    kdc_env_netbios(realm, netbios, ARRAYSIZE(netbios));
    lstrcpynW(kdc_host, address, ARRAYSIZE(kdc_host));
    if ((colon = wcsrchr(kdc_host, L':')))
        *colon = 0;
    swprintf(upn, ARRAYSIZE(upn), L"%ls@%ls", user, realm);
    assert_true(kdc_realm_set(realm, address));
    assert_true(kdc_realm_set(DOWN_REALM, L"127.0.0.1:9"));
    scratch_accounts_write(&no_accounts, L"klogon-none", "");
    follow_accounts();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kdc_realm_unset(realm);
    kdc_realm_unset(DOWN_REALM);
    kerberos_fixture_disconnect();
    return 0;
}

static void logon(ULONG package, SECURITY_LOGON_TYPE type, ULONG message, const WCHAR *domain, const WCHAR *name,
                  const WCHAR *pw, dialect d, logon_result *l)
{
    static BYTE buf[4096];
    size_t header = message == KerbWorkstationUnlockLogon ? sizeof(KERB_INTERACTIVE_UNLOCK_LOGON)
                                                          : sizeof(KERB_INTERACTIVE_LOGON);
    ULONG len = build_interactive_in(buf, header, message, domain, name, pw, d);

    do_logon(trusted, package, type, buf, len, l);
    SecureZeroMemory(buf, sizeof(buf));
}

static void assert_ustring(const UNICODE_STRING *s, const WCHAR *expected)
{
    size_t n = wcslen(expected);

    if (s->Length != n * sizeof(WCHAR) || (n && memcmp(s->Buffer, expected, n * sizeof(WCHAR))))
        fail_msg("string is \"%.*ls\", expected \"%ls\"", (int)(s->Length / sizeof(WCHAR)), s->Buffer, expected);
}

/* The session data of a Kerberos logon: package, names, realm, UPN, the KDC as logon server. Copies its SID. */
static void check_session(const logon_result *l, const WCHAR *package, const WCHAR *account, BYTE *sid)
{
    PSECURITY_LOGON_SESSION_DATA data = NULL;

    assert_status(LsaGetLogonSessionData((PLUID)&l->id, &data), STATUS_SUCCESS);
    assert_ustring(&data->AuthenticationPackage, package);
    assert_ustring(&data->UserName, account);
    assert_ustring(&data->LogonDomain, netbios);
    assert_ustring(&data->DnsDomainName, realm);
    assert_ustring(&data->Upn, upn);
    assert_ustring(&data->LogonServer, kdc_host);
    assert_non_null(data->Sid);
    assert_true(CopySid(SECURITY_MAX_SID_SIZE, sid, data->Sid));
    LsaFreeReturnBuffer(data);
}

static void check_profile(const logon_result *l, const WCHAR *full_name)
{
    const KERB_INTERACTIVE_PROFILE *p = l->profile;

    assert_non_null(p);
    assert_true(l->profile_len >= sizeof(*p));
    assert_int_equal(p->MessageType, KerbInteractiveProfile);
    assert_true(p->LogonTime.QuadPart > 0);
    assert_true(p->LogonTime.QuadPart != NEVER);
    assert_true(p->LogoffTime.QuadPart == NEVER);
    assert_true(p->KickOffTime.QuadPart == NEVER);
    assert_block_ustring(p, l->profile_len, &p->LogonServer, kdc_host);
    assert_block_ustring(p, l->profile_len, &p->FullName, full_name);
}

/* The SID rule for an unmapped user (kerb_sid_rule.h): S-1-5-21-x-y-z-RID, RID >= 1000, never a local account's. */
static void check_rule_sid(const BYTE *sid)
{
    PSID local = local_account_sid(1000);
    BYTE count = *GetSidSubAuthorityCount((PSID)sid);

    assert_int_equal(count, 5);
    assert_int_equal(*GetSidSubAuthority((PSID)sid, 0), SECURITY_NT_NON_UNIQUE);
    assert_true(*GetSidSubAuthority((PSID)sid, 4) >= 1000);
    assert_false(EqualPrefixSid((PSID)sid, local));
    free(local);
}

static void test_right_password(void **state)
{
    BYTE first[SECURITY_MAX_SID_SIZE], sid[SECURITY_MAX_SID_SIZE];
    logon_result l;
    dialect d;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        const WCHAR *domains[3] = {realm, netbios, L""};
        const WCHAR *names[3] = {user, user, upn};
        int i;

        for (i = 0; i < 3; i++) {
            logon(kerb, Interactive, KerbInteractiveLogon, domains[i], names[i], password, d, &l);
            if (l.status != STATUS_SUCCESS)
                fail_msg("%ls / %ls (%s): 0x%08lx sub 0x%08lx", domains[i], names[i], dialect_name(d),
                         (unsigned long)l.status, (unsigned long)l.sub);
            assert_status(l.sub, STATUS_SUCCESS);
            check_profile(&l, L"");
            check_session(&l, L"Kerberos", user, sid);
            check_rule_sid(sid);
            if (d == DIALECT_ABSOLUTE && i == 0)
                memcpy(first, sid, sizeof(first));
            assert_true(EqualSid(first, sid)); /* stable across logons and spellings */
            release_logon(&l);
        }
    }
}

static void test_logon_types(void **state)
{
    static const SECURITY_LOGON_TYPE ok[] = {Interactive, Network, Batch, Service, NetworkCleartext,
                                             RemoteInteractive};
    logon_result l;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(ok); i++) {
        logon(kerb, ok[i], KerbInteractiveLogon, realm, user, password, DIALECT_ABSOLUTE, &l);
        assert_status(l.status, STATUS_SUCCESS);
        release_logon(&l);
    }
    logon(kerb, Unlock, KerbWorkstationUnlockLogon, realm, user, password, DIALECT_RELATIVE, &l);
    assert_status(l.status, STATUS_SUCCESS);
    release_logon(&l);
    logon(kerb, Proxy, KerbInteractiveLogon, realm, user, password, DIALECT_ABSOLUTE, &l);
    assert_status(l.status, STATUS_INVALID_LOGON_TYPE);
    assert_logon_cleared(&l);
    logon(kerb, Interactive, KerbWorkstationUnlockLogon, realm, user, password, DIALECT_ABSOLUTE, &l);
    assert_status(l.status, STATUS_INVALID_LOGON_TYPE);
    assert_logon_cleared(&l);
}

static void expect_refusal(ULONG package, const WCHAR *domain, const WCHAR *name, const WCHAR *pw, NTSTATUS status,
                           NTSTATUS sub)
{
    logon_result l;

    logon(package, Interactive, KerbInteractiveLogon, domain, name, pw, DIALECT_ABSOLUTE, &l);
    if (l.status != status || l.sub != sub)
        fail_msg("%ls\\%ls: 0x%08lx sub 0x%08lx, expected 0x%08lx sub 0x%08lx", domain, name,
                 (unsigned long)l.status, (unsigned long)l.sub, (unsigned long)status, (unsigned long)sub);
    assert_logon_cleared(&l);
}

static void test_refusals(void **state)
{
    (void)state;
    expect_refusal(kerb, realm, user, L"wrong password", STATUS_LOGON_FAILURE, STATUS_SUCCESS);
    expect_refusal(kerb, realm, L"no-such-user-lsaemu", password, STATUS_LOGON_FAILURE, STATUS_SUCCESS);
    expect_refusal(kerb, realm, disabled, other_password, STATUS_ACCOUNT_RESTRICTION, STATUS_ACCOUNT_DISABLED);
    expect_refusal(kerb, realm, expired, other_password, STATUS_ACCOUNT_RESTRICTION, STATUS_PASSWORD_EXPIRED);
    expect_refusal(kerb, DOWN_REALM, user, password, STATUS_NO_LOGON_SERVERS, STATUS_SUCCESS);
}

/* A local account of the principal's name gives the logon its SID, groups and profile strings (ksetup /mapuser). */
static void test_mapped_account(void **state)
{
    BYTE sid[SECURITY_MAX_SID_SIZE];
    scratch_accounts accounts;
    char text[1024];
    PSID expected;
    logon_result l;
    BOOL over_server;

    (void)state;
    snprintf(text, sizeof(text), "[%ls]\nnt_hash = 00000000000000000000000000000000\nrid = 1234\n"
                                 "full_name = Mapped Kerberos User\n", user);
    scratch_accounts_write(&accounts, L"klogon", text);
    over_server = follow_accounts();
    logon(kerb, Interactive, KerbInteractiveLogon, realm, user, password, DIALECT_ABSOLUTE, &l);
    if (!over_server) /* the mapping was read at logon (over `server`, going back leaves that server: at the end) */
        assert_true(SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", no_accounts.file));
    assert_status(l.status, STATUS_SUCCESS);
    check_profile(&l, L"Mapped Kerberos User");
    check_session(&l, L"Kerberos", user, sid);
    expected = local_account_sid(1234);
    assert_true(EqualSid(sid, expected));
    free(expected);
    release_logon(&l);
    if (over_server) {
        assert_true(SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", no_accounts.file));
        follow_accounts();
    }
}

/* The session's cache holds the TGT: KerbQueryTicketCacheMessage for its LogonId lists krbtgt/REALM. */
static void test_tgt_in_cache(void **state)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;
    const KERB_QUERY_TKT_CACHE_RESPONSE *resp;
    WCHAR krbtgt[300];
    call_result r;
    logon_result l;
    ULONG i;
    BOOL found = FALSE;

    (void)state;
    swprintf(krbtgt, ARRAYSIZE(krbtgt), L"krbtgt/%ls", realm);
    logon(kerb, Interactive, KerbInteractiveLogon, realm, user, password, DIALECT_ABSOLUTE, &l);
    assert_status(l.status, STATUS_SUCCESS);
    memset(&req, 0, sizeof(req));
    req.MessageType = KerbQueryTicketCacheMessage;
    req.LogonId = l.id;
    do_call(trusted, kerb, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    resp = r.buf;
    assert_true(resp->CountOfTickets >= 1);
    for (i = 0; i < resp->CountOfTickets; i++) {
        const KERB_TICKET_CACHE_INFO *t = &resp->Tickets[i];
        if (t->ServerName.Length == wcslen(krbtgt) * sizeof(WCHAR) &&
            !memcmp(t->ServerName.Buffer, krbtgt, t->ServerName.Length)) {
            assert_ustring(&t->RealmName, realm);
            assert_true(t->EndTime.QuadPart > t->StartTime.QuadPart);
            found = TRUE;
        }
    }
    if (!found)
        fail_msg("no %ls among %lu tickets (the first: %.*ls)", krbtgt, (unsigned long)resp->CountOfTickets,
                 (int)(resp->Tickets[0].ServerName.Length / sizeof(WCHAR)), resp->Tickets[0].ServerName.Buffer);
    LsaFreeReturnBuffer(r.buf);
    release_logon(&l);
}

/* Negotiate with a realm: Kerberos serves it and the session says so; Kerberos' refusals stand (not retried against
 * MSV1_0, which would answer STATUS_NO_LOGON_SERVERS for a domain that is not this computer); a realm whose KDC is
 * down goes to MSV1_0, which has no domain controller either. */
static void test_negotiate(void **state)
{
    BYTE sid[SECURITY_MAX_SID_SIZE];
    logon_result l;

    (void)state;
    logon(0, Interactive, KerbInteractiveLogon, realm, user, password, DIALECT_RELATIVE, &l);
    assert_status(l.status, STATUS_SUCCESS);
    check_profile(&l, L"");
    check_session(&l, L"Kerberos", user, sid);
    release_logon(&l);
    logon(0, Interactive, KerbInteractiveLogon, L"", upn, password, DIALECT_ABSOLUTE, &l);
    assert_status(l.status, STATUS_SUCCESS);
    release_logon(&l);
    expect_refusal(0, realm, user, L"wrong password", STATUS_LOGON_FAILURE, STATUS_SUCCESS);
    expect_refusal(0, realm, disabled, other_password, STATUS_ACCOUNT_RESTRICTION, STATUS_ACCOUNT_DISABLED);
    expect_refusal(0, DOWN_REALM, user, password, STATUS_NO_LOGON_SERVERS, STATUS_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_right_password),
        cmocka_unit_test(test_logon_types),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_mapped_account),
        cmocka_unit_test(test_tgt_in_cache),
        cmocka_unit_test(test_negotiate),
    };
    const kdc_env_var vars[] = {
        KDC_ENV_LOGON_VARS(realm, address, user, password),
        KDC_ENV_VAR(L"LSAEMU_KDC_DISABLED_USER", disabled),
        KDC_ENV_VAR(L"LSAEMU_KDC_EXPIRED_USER", expired),
        KDC_ENV_VAR(L"LSAEMU_KDC_OTHER_PASSWORD", other_password),
    };

    if (!kdc_env_load_or_say_skip())
        return 77;
    if (!kdc_env_read(vars, ARRAYSIZE(vars))) {
        printf("no KDC: LSAEMU_KDC_REALM, _ADDRESS, _USER, _DISABLED_USER, _EXPIRED_USER and _PASSWORD are needed\n");
        return 77;
    }
    return cmocka_run_group_tests(tests, setup, teardown);
}
