/* KerbChangePasswordMessage end to end against the fixture's MIT kadmind (lsaemu_kdc, tests/kdc/kdc.sh): the realm
 * comes from the fixture's krb5.conf (KRB5_CONFIG), whose kpasswd_server is kadmind's kpasswd port. pwuser's
 * password is changed (absolute pointers, the realm's name), a logon works with the new one and fails with the old,
 * then it is changed back (offsets, the NetBIOS-style name). The refusals, in ProtocolStatus of a successful call:
 * a wrong old password (STATUS_WRONG_PASSWORD), a new password pwpolicy's policy finds too short
 * (STATUS_PASSWORD_RESTRICTION), no kpasswd server (the realm registered with its KDC only, so the server is the
 * KDC's host at port 464, where nothing listens: STATUS_NO_LOGON_SERVERS), an unknown domain, a short request.
 * Exits 77 (skipped) without the fixture. */
#include "test_packages_common.h"

#include "kdc_env.h"
#include "kdc_realm.h"

#include <stdio.h>

static HANDLE trusted;
static ULONG kerb;
static WCHAR realm[256], netbios[256], address[300], pw_user[64], pw_password[256], policy_user[64];
static WCHAR other_password[256];
static BYTE buf[4096];

static ULONG build_change(const WCHAR *domain, const WCHAR *account, const WCHAR *old_pw, const WCHAR *new_pw,
                          dialect d)
{
    KERB_CHANGEPASSWORD_REQUEST *r = (KERB_CHANGEPASSWORD_REQUEST *)buf;
    size_t used = sizeof(*r);

    memset(buf, 0, sizeof(buf));
    r->MessageType = KerbChangePasswordMessage;
    put_ustring(buf, &used, &r->DomainName, domain, d);
    put_ustring(buf, &used, &r->AccountName, account, d);
    put_ustring(buf, &used, &r->OldPassword, old_pw, d);
    put_ustring(buf, &used, &r->NewPassword, new_pw, d);
    return (ULONG)used;
}

/* The call succeeds, returns no buffer, and ProtocolStatus is expected. */
static void change(const WCHAR *domain, const WCHAR *account, const WCHAR *old_pw, const WCHAR *new_pw, dialect d,
                   NTSTATUS expected)
{
    ULONG len = build_change(domain, account, old_pw, new_pw, d);
    call_result r;

    do_call(trusted, kerb, buf, len, &r);
    SecureZeroMemory(buf, sizeof(buf));
    assert_status(r.status, STATUS_SUCCESS);
    if (r.protocol != expected)
        fail_msg("change %ls@%ls (%s): 0x%08lx, expected 0x%08lx", account, domain, dialect_name(d),
                 (unsigned long)r.protocol, (unsigned long)expected);
    assert_no_return_buffer(&r);
}

static NTSTATUS logon_status(const WCHAR *name, const WCHAR *pw)
{
    ULONG len = build_interactive_in(buf, sizeof(KERB_INTERACTIVE_LOGON), KerbInteractiveLogon, realm, name, pw,
                                     DIALECT_ABSOLUTE);
    logon_result l;

    do_logon(trusted, kerb, Interactive, buf, len, &l);
    SecureZeroMemory(buf, sizeof(buf));
    if (l.status == STATUS_SUCCESS)
        release_logon(&l);
    return l.status;
}

static void test_change_and_back(void **state)
{
    WCHAR new_pw[64];

    (void)state;
    swprintf(new_pw, ARRAYSIZE(new_pw), L"changed-%lu", (unsigned long)GetTickCount());
    change(realm, pw_user, pw_password, new_pw, DIALECT_ABSOLUTE, STATUS_SUCCESS);
    assert_status(logon_status(pw_user, new_pw), STATUS_SUCCESS);
    assert_status(logon_status(pw_user, pw_password), STATUS_LOGON_FAILURE);
    change(netbios, pw_user, new_pw, pw_password, DIALECT_RELATIVE, STATUS_SUCCESS);
    assert_status(logon_status(pw_user, pw_password), STATUS_SUCCESS);
    assert_status(logon_status(pw_user, new_pw), STATUS_LOGON_FAILURE);
}

static void test_wrong_old_password(void **state)
{
    (void)state;
    change(realm, pw_user, L"not the password", L"never-set-1234", DIALECT_ABSOLUTE, STATUS_WRONG_PASSWORD);
    assert_status(logon_status(pw_user, pw_password), STATUS_SUCCESS);
}

static void test_policy_refusal(void **state)
{
    (void)state;
    /* pwpolicy's policy wants 12 characters at least. */
    change(realm, policy_user, other_password, L"short1", DIALECT_RELATIVE, STATUS_PASSWORD_RESTRICTION);
    assert_status(logon_status(policy_user, other_password), STATUS_SUCCESS);
    assert_status(logon_status(policy_user, L"short1"), STATUS_LOGON_FAILURE);
}

static void test_no_server(void **state)
{
    (void)state;
    /* The registry's realm is found first and names no kpasswd server: the KDC's host at 464, closed. */
    assert_true(kdc_realm_set(realm, address));
    change(realm, pw_user, pw_password, L"never-set-5678", DIALECT_ABSOLUTE, STATUS_NO_LOGON_SERVERS);
    kdc_realm_unset(realm);
    assert_status(logon_status(pw_user, pw_password), STATUS_SUCCESS);
    change(L"NO-SUCH-REALM.LSAEMU.INVALID", pw_user, pw_password, L"never-set-5678", DIALECT_ABSOLUTE,
           STATUS_NO_LOGON_SERVERS);
}

static void test_malformed(void **state)
{
    ULONG len = build_change(realm, pw_user, pw_password, L"x", DIALECT_RELATIVE);
    KERB_CHANGEPASSWORD_REQUEST *r = (KERB_CHANGEPASSWORD_REQUEST *)buf;
    call_result c;

    (void)state;
    do_call(trusted, kerb, buf, sizeof(*r) - 1, &c);
    assert_status(c.status, STATUS_SUCCESS);
    assert_status(c.protocol, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&c);
    r->NewPassword.Buffer = (PWSTR)(uintptr_t)len; /* an offset past the request */
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
    kerb = kerberos_id(trusted);
    kdc_env_netbios(realm, netbios, ARRAYSIZE(netbios));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kdc_realm_unset(realm);
    LsaDeregisterLogonProcess(trusted);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_change_and_back), cmocka_unit_test(test_wrong_old_password),
        cmocka_unit_test(test_policy_refusal),  cmocka_unit_test(test_no_server),
        cmocka_unit_test(test_malformed),
    };
    const kdc_env_var vars[] = {
        KDC_ENV_VAR(L"LSAEMU_KDC_REALM", realm),
        KDC_ENV_VAR(L"LSAEMU_KDC_ADDRESS", address),
        KDC_ENV_VAR(L"LSAEMU_KDC_PW_USER", pw_user),
        KDC_ENV_VAR(L"LSAEMU_KDC_PW_PASSWORD", pw_password),
        KDC_ENV_VAR(L"LSAEMU_KDC_POLICY_USER", policy_user),
        KDC_ENV_VAR(L"LSAEMU_KDC_OTHER_PASSWORD", other_password),
    };

    if (!kdc_env_load_or_say_skip())
        return 77;
    if (!kdc_env_read(vars, ARRAYSIZE(vars)))
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
