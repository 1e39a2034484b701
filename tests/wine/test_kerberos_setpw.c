/* KerbSetPasswordMessage end to end against the fixture's MIT KDC and kadmind (lsaemu_kdc, tests/kdc/kdc.sh), and
 * the sessions' kept keys after a set or a change. The realm comes from the fixture's krb5.conf (KRB5_CONFIG), whose
 * kpasswd_server is kadmind's kpasswd port. pwadmin (allowed by kadmind's ACL to set any password) logs on and sets
 * setpwuser's password through its session (Flags KERB_SETPASS_USE_LOGONID), in both pointer dialects and with the
 * realm's NetBIOS-style name; logons then work with the new password and not the old. A Kerberos session of setpwuser
 * open across a set and across a change (KerbChangePasswordMessage) gets the new key: its tickets purged, a service
 * ticket is still fetched (a new TGT with the kept key). Without the update the kept key is the old password's, which
 * the KDC refuses from then on: the test shows the KDC refusing a logon with the old password, the same AS exchange.
 * The refusals, in ProtocolStatus of a successful call: alice (no ACL entry) setting it (STATUS_ACCESS_DENIED),
 * setpwuser setting its own (kadmind wants an initial ticket for that: STATUS_ACCESS_DENIED), pwpolicy's policy
 * (STATUS_PASSWORD_RESTRICTION), an unknown account (kadmind's hard error: STATUS_UNSUCCESSFUL), a session without a
 * TGT (SEC_E_NO_CREDENTIALS), another session from an untrusted caller (STATUS_ACCESS_DENIED), a LogonId nobody has
 * (STATUS_NO_SUCH_LOGON_SESSION), no kpasswd server and an unknown domain (STATUS_NO_LOGON_SERVERS), malformed
 * requests (STATUS_INVALID_PARAMETER); KERB_SETPASS_USE_CREDHANDLE is not dispatched (STATUS_NOT_SUPPORTED).
 * Exits 77 (skipped) without the fixture. */
#include "test_packages_common.h"

#include "kdc_calls.h"
#include "kdc_env.h"
#include "kdc_realm.h"

#include <stdio.h>

static HANDLE trusted, untrusted;
static ULONG kerb;
static WCHAR realm[256], netbios[256], address[300], service[300];
static WCHAR admin_user[64], admin_password[256], setpw_user[64], alice[64], alice_password[256], policy_user[64];
static WCHAR other_password[256];
static WCHAR current[64]; /* setpwuser's password as this run last set it */
static logon_result admin, alice_session, victim;
static BYTE buf[4096];

static ULONG build_set(ULONG flags, LUID id, const WCHAR *domain, const WCHAR *account, const WCHAR *password,
                       dialect d)
{
    KERB_SETPASSWORD_REQUEST *r = (KERB_SETPASSWORD_REQUEST *)buf;
    size_t used = sizeof(*r);

    memset(buf, 0, sizeof(buf));
    r->MessageType = KerbSetPasswordMessage;
    r->LogonId = id;
    r->Flags = flags;
    put_ustring(buf, &used, &r->DomainName, domain, d);
    put_ustring(buf, &used, &r->AccountName, account, d);
    put_ustring(buf, &used, &r->Password, password, d);
    return (ULONG)used;
}

/* The call succeeds, returns no buffer, and ProtocolStatus is expected. */
static void set_on(HANDLE lsa, ULONG flags, LUID id, const WCHAR *domain, const WCHAR *account,
                   const WCHAR *password, dialect d, NTSTATUS expected)
{
    ULONG len = build_set(flags, id, domain, account, password, d);
    call_result r;

    do_call(lsa, kerb, buf, len, &r);
    SecureZeroMemory(buf, sizeof(buf));
    assert_status(r.status, STATUS_SUCCESS);
    if (r.protocol != expected)
        fail_msg("set %ls@%ls (%s, flags %lu): 0x%08lx, expected 0x%08lx", account, domain, dialect_name(d),
                 (unsigned long)flags, (unsigned long)r.protocol, (unsigned long)expected);
    assert_no_return_buffer(&r);
}

static void set_by(const logon_result *session, const WCHAR *account, const WCHAR *password, NTSTATUS expected)
{
    set_on(trusted, KERB_SETPASS_USE_LOGONID, session->id, realm, account, password, DIALECT_ABSOLUTE, expected);
}

static void logon(const WCHAR *name, const WCHAR *pw, logon_result *l)
{
    kdc_password_logon(trusted, kerb, buf, sizeof(buf), realm, name, pw, l);
}

static NTSTATUS logon_status(const WCHAR *name, const WCHAR *pw)
{
    logon_result l;

    logon(name, pw, &l);
    if (l.status == STATUS_SUCCESS)
        release_logon(&l);
    return l.status;
}

static void next_password(const WCHAR *tag)
{
    swprintf(current, ARRAYSIZE(current), L"%ls-%lu-%lu", tag, (unsigned long)GetCurrentProcessId(),
             (unsigned long)GetTickCount());
}

/* Every ticket of the session purged, then a service ticket: the TGT must be fetched again with the kept key. */
static void refetch_after_purge(const logon_result *session)
{
    KERB_PURGE_TKT_CACHE_REQUEST purge;
    KERB_QUERY_TKT_CACHE_REQUEST query;
    const KERB_QUERY_TKT_CACHE_RESPONSE *q;
    call_result r;
    ULONG len;

    memset(&purge, 0, sizeof(purge));
    purge.MessageType = KerbPurgeTicketCacheMessage;
    purge.LogonId = session->id;
    do_call(trusted, kerb, &purge, sizeof(purge), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    memset(&query, 0, sizeof(query));
    query.MessageType = KerbQueryTicketCacheMessage;
    query.LogonId = session->id;
    do_call(trusted, kerb, &query, sizeof(query), &r);
    assert_status(r.protocol, STATUS_SUCCESS);
    q = r.buf;
    assert_int_equal(q->CountOfTickets, 0); /* nothing left: the next ticket needs a new TGT */
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);

    len = build_retrieve_in(buf, sizeof(buf), service, KERB_RETRIEVE_TICKET_DONT_USE_CACHE, 0, 0, session->id,
                            DIALECT_ABSOLUTE);
    do_call(trusted, kerb, buf, len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    if (r.protocol != STATUS_SUCCESS)
        fail_msg("%ls after the password change: 0x%08lx", service, (unsigned long)r.protocol);
    assert_true(r.len >= sizeof(KERB_RETRIEVE_TKT_RESPONSE));
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

static void test_set_by_admin(void **state)
{
    WCHAR before[64];

    (void)state;
    next_password(L"set-a");
    set_by(&admin, setpw_user, current, STATUS_SUCCESS);
    assert_status(logon_status(setpw_user, current), STATUS_SUCCESS);
    assert_status(logon_status(setpw_user, other_password), STATUS_LOGON_FAILURE);
    /* Offsets, the NetBIOS-style domain name. */
    lstrcpynW(before, current, ARRAYSIZE(before));
    next_password(L"set-b");
    set_on(trusted, KERB_SETPASS_USE_LOGONID, admin.id, netbios, setpw_user, current, DIALECT_RELATIVE,
           STATUS_SUCCESS);
    assert_status(logon_status(setpw_user, current), STATUS_SUCCESS);
    assert_status(logon_status(setpw_user, before), STATUS_LOGON_FAILURE);
}

/* A session of setpwuser open across a set: its kept key is replaced. */
static void test_session_key_after_set(void **state)
{
    WCHAR before[64];

    (void)state;
    logon(setpw_user, current, &victim);
    if (victim.status != STATUS_SUCCESS)
        fail_msg("logon: 0x%08lx sub 0x%08lx", (unsigned long)victim.status, (unsigned long)victim.sub);
    lstrcpynW(before, current, ARRAYSIZE(before));
    next_password(L"set-c");
    set_by(&admin, setpw_user, current, STATUS_SUCCESS);
    /* What a session still keeping the old key would send: the KDC refuses it. */
    assert_status(logon_status(setpw_user, before), STATUS_LOGON_FAILURE);
    refetch_after_purge(&victim);
}

/* The same across KerbChangePasswordMessage. */
static void test_session_key_after_change(void **state)
{
    KERB_CHANGEPASSWORD_REQUEST *r = (KERB_CHANGEPASSWORD_REQUEST *)buf;
    size_t used = sizeof(*r);
    WCHAR before[64];
    call_result c;

    (void)state;
    lstrcpynW(before, current, ARRAYSIZE(before));
    next_password(L"change");
    memset(buf, 0, sizeof(buf));
    r->MessageType = KerbChangePasswordMessage;
    put_ustring(buf, &used, &r->DomainName, realm, DIALECT_ABSOLUTE);
    put_ustring(buf, &used, &r->AccountName, setpw_user, DIALECT_ABSOLUTE);
    put_ustring(buf, &used, &r->OldPassword, before, DIALECT_ABSOLUTE);
    put_ustring(buf, &used, &r->NewPassword, current, DIALECT_ABSOLUTE);
    do_call(untrusted, kerb, buf, (ULONG)used, &c);
    SecureZeroMemory(buf, sizeof(buf));
    assert_status(c.status, STATUS_SUCCESS);
    assert_status(c.protocol, STATUS_SUCCESS);
    assert_status(logon_status(setpw_user, before), STATUS_LOGON_FAILURE);
    refetch_after_purge(&victim);
}

static void test_not_authorised(void **state)
{
    (void)state;
    /* alice has no entry in kadmind's ACL. */
    set_by(&alice_session, setpw_user, L"never-set-by-alice-1", STATUS_ACCESS_DENIED);
    /* setpwuser itself: kadmind sets one's own password only with an initial ticket, and this one is a TGS's. */
    set_by(&victim, setpw_user, L"never-set-by-self-1", STATUS_ACCESS_DENIED);
    assert_status(logon_status(setpw_user, current), STATUS_SUCCESS);
}

static void test_server_refusals(void **state)
{
    (void)state;
    /* pwpolicy's policy wants 12 characters at least. */
    set_by(&admin, policy_user, L"short2", STATUS_PASSWORD_RESTRICTION);
    assert_status(logon_status(policy_user, other_password), STATUS_SUCCESS);
    set_by(&admin, L"no-such-user-lsaemu", L"never-set-5678", STATUS_UNSUCCESSFUL);
}

static void test_sessions(void **state)
{
    LUID none = {0, 0}, nobody = {0x7fff1234, 0x55};
    call_result r;
    ULONG len;

    (void)state;
    /* The caller's own session (Flags without USE_LOGONID, or LogonId 0) has no TGT: KRB5CCNAME names no file. */
    set_on(trusted, 0, admin.id, realm, setpw_user, L"never-set-0001", DIALECT_ABSOLUTE,
           (NTSTATUS)SEC_E_NO_CREDENTIALS);
    set_on(trusted, KERB_SETPASS_USE_LOGONID, none, realm, setpw_user, L"never-set-0002", DIALECT_RELATIVE,
           (NTSTATUS)SEC_E_NO_CREDENTIALS);
    set_on(untrusted, 0, none, realm, setpw_user, L"never-set-0003", DIALECT_ABSOLUTE,
           (NTSTATUS)SEC_E_NO_CREDENTIALS);
    set_on(untrusted, KERB_SETPASS_USE_LOGONID, admin.id, realm, setpw_user, L"never-set-0004", DIALECT_ABSOLUTE,
           STATUS_ACCESS_DENIED);
    set_on(trusted, KERB_SETPASS_USE_LOGONID, nobody, realm, setpw_user, L"never-set-0005", DIALECT_ABSOLUTE,
           STATUS_NO_SUCH_LOGON_SESSION);
    /* No credential handles in the package: not dispatched. */
    len = build_set(KERB_SETPASS_USE_CREDHANDLE, admin.id, realm, setpw_user, L"never-set-0006", DIALECT_ABSOLUTE);
    do_call(trusted, kerb, buf, len, &r);
    assert_status(r.status, STATUS_NOT_SUPPORTED);
    assert_no_return_buffer(&r);
    assert_status(logon_status(setpw_user, current), STATUS_SUCCESS);
}

static void test_no_server(void **state)
{
    logon_result registered;

    (void)state;
    /* A session whose realm came from the registry, which names no kpasswd server: the KDC's host at 464, closed. */
    assert_true(kdc_realm_set(realm, address));
    logon(admin_user, admin_password, &registered);
    kdc_realm_unset(realm);
    assert_status(registered.status, STATUS_SUCCESS);
    set_by(&registered, setpw_user, L"never-set-5679", STATUS_NO_LOGON_SERVERS);
    release_logon(&registered);
    set_on(trusted, KERB_SETPASS_USE_LOGONID, admin.id, L"NO-SUCH-REALM.LSAEMU.INVALID", setpw_user,
           L"never-set-5680", DIALECT_ABSOLUTE, STATUS_NO_LOGON_SERVERS);
    assert_status(logon_status(setpw_user, current), STATUS_SUCCESS);
}

static void test_malformed(void **state)
{
    KERB_SETPASSWORD_REQUEST *r = (KERB_SETPASSWORD_REQUEST *)buf;
    ULONG len;
    call_result c;

    (void)state;
    build_set(KERB_SETPASS_USE_LOGONID, admin.id, realm, setpw_user, L"x", DIALECT_RELATIVE);
    do_call(trusted, kerb, buf, sizeof(*r) - 1, &c);
    assert_status(c.status, STATUS_SUCCESS);
    assert_status(c.protocol, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&c);
    len = build_set(KERB_SETPASS_USE_LOGONID, admin.id, realm, setpw_user, L"x", DIALECT_RELATIVE);
    r->Password.Buffer = (PWSTR)(uintptr_t)len; /* an offset past the request */
    do_call(trusted, kerb, buf, len, &c);
    assert_status(c.status, STATUS_SUCCESS);
    assert_status(c.protocol, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&c);
    len = build_set(KERB_SETPASS_USE_LOGONID, admin.id, realm, L"", L"never-set-0007", DIALECT_ABSOLUTE);
    do_call(trusted, kerb, buf, len, &c);
    SecureZeroMemory(buf, sizeof(buf));
    assert_status(c.status, STATUS_SUCCESS);
    assert_status(c.protocol, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&c);
}

static int setup(void **state)
{
    (void)state;
    trusted = connect_trusted();
    untrusted = connect_untrusted();
    kerb = kerberos_id(trusted);
    kdc_env_netbios(realm, netbios, ARRAYSIZE(netbios));
    lstrcpynW(current, other_password, ARRAYSIZE(current));
    logon(admin_user, admin_password, &admin);
    logon(alice, alice_password, &alice_session);
    if (admin.status != STATUS_SUCCESS || alice_session.status != STATUS_SUCCESS) {
        fprintf(stderr, "logons: pwadmin 0x%08lx, alice 0x%08lx\n", (unsigned long)admin.status,
                (unsigned long)alice_session.status);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    /* Back to the fixture's password, so that a later run (or another test) finds setpwuser as kdc.env says. */
    set_by(&admin, setpw_user, other_password, STATUS_SUCCESS);
    release_logon(&victim);
    release_logon(&alice_session);
    release_logon(&admin);
    kdc_realm_unset(realm);
    LsaDeregisterLogonProcess(untrusted);
    LsaDeregisterLogonProcess(trusted);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_by_admin),
        cmocka_unit_test(test_session_key_after_set),
        cmocka_unit_test(test_session_key_after_change),
        cmocka_unit_test(test_not_authorised),
        cmocka_unit_test(test_server_refusals),
        cmocka_unit_test(test_sessions),
        cmocka_unit_test(test_no_server),
        cmocka_unit_test(test_malformed),
    };
    const kdc_env_var vars[] = {
        KDC_ENV_LOGON_VARS(realm, address, alice, alice_password),
        KDC_ENV_VAR(L"LSAEMU_KDC_SERVICE", service),
        KDC_ENV_VAR(L"LSAEMU_KDC_PWADMIN_USER", admin_user),
        KDC_ENV_VAR(L"LSAEMU_KDC_PWADMIN_PASSWORD", admin_password),
        KDC_ENV_VAR(L"LSAEMU_KDC_SETPW_USER", setpw_user),
        KDC_ENV_VAR(L"LSAEMU_KDC_POLICY_USER", policy_user),
        KDC_ENV_VAR(L"LSAEMU_KDC_OTHER_PASSWORD", other_password),
    };

    if (!kdc_env_load_or_say_skip())
        return 77;
    if (!kdc_env_read(vars, ARRAYSIZE(vars)))
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
