/* The blank-password limit (LimitBlankPasswordUse, on by default): a local account's blank password logs on at the
 * console (interactive, batch) but not over the network, unless the caller set MSV1_0_OPTION_ALLOW_BLANK_PASSWORD
 * (process or thread) or the policy is off. Private accounts file (in-process transport only). */
#include "test_msv1_0_fixture.h"

static BYTE buf[4096];
static scratch_accounts acc;

typedef struct {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG ProcessOptions;
    BOOLEAN DisableOptions;
} set_process_option;

typedef struct {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG ThreadOptions;
    BOOLEAN DisableOptions;
    BOOLEAN Revert;
} set_thread_option;

#define ALLOW_BLANK_PASSWORD 0x01

static int setup(void **state)
{
    msv1_0_setup(state);
    msv1_0_use_scratch_accounts(&acc, L"blank", "[blank]\npassword =\n[carol]\npassword = Secret123\n"
                                           "password_not_required = yes\n");
    return 0;
}

static NTSTATUS interactive_struct(SECURITY_LOGON_TYPE type, const WCHAR *user, const WCHAR *password, NTSTATUS *sub)
{
    logon_result r;

    do_logon(lsa, msv, type, buf, build_interactive(buf, MsV1_0InteractiveLogon, L"", user, password, DIALECT_ABSOLUTE),
             &r);
    *sub = r.sub;
    if (r.status == STATUS_SUCCESS)
        release_logon(&r);
    else
        assert_logon_cleared(&r);
    return r.status;
}

static NTSTATUS network_cleartext(const WCHAR *user, const WCHAR *password)
{
    logon_result r;

    do_logon(lsa, msv, Network, buf, build_cleartext_lm20(buf, user, password, 0), &r);
    if (r.status == STATUS_SUCCESS)
        release_logon(&r);
    return r.status;
}

static void process_option(BOOLEAN disable)
{
    set_process_option p = {MsV1_0SetProcessOption, ALLOW_BLANK_PASSWORD, disable};
    call_result r;

    do_call(lsa, msv, &p, sizeof(p), &r);
    assert_status(r.status, STATUS_SUCCESS);
}

static void thread_option(BOOLEAN revert)
{
    set_thread_option t = {MsV1_0SetThreadOption, ALLOW_BLANK_PASSWORD, FALSE, revert};
    call_result r;

    do_call(lsa, msv, &t, sizeof(t), &r);
    assert_status(r.status, STATUS_SUCCESS);
}

/* Console logons with a blank password work; network ones are an account restriction. */
static void test_blank_password_limited_to_console(void **state)
{
    static const SECURITY_LOGON_TYPE console[] = {Interactive, Batch, Service};
    static const SECURITY_LOGON_TYPE remote[] = {Network, NetworkCleartext, RemoteInteractive};
    NTSTATUS sub;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(console); i++) {
        assert_status(interactive_struct(console[i], L"blank", L"", &sub), STATUS_SUCCESS);
        assert_status(interactive_struct(console[i], L"carol", L"", &sub), STATUS_SUCCESS);
    }
    for (i = 0; i < ARRAYSIZE(remote); i++) {
        assert_status(interactive_struct(remote[i], L"blank", L"", &sub), STATUS_ACCOUNT_RESTRICTION);
        assert_status(sub, STATUS_ACCOUNT_RESTRICTION);
        /* password_not_required let an empty password through: still a blank password over the network */
        assert_status(interactive_struct(remote[i], L"carol", L"", &sub), STATUS_ACCOUNT_RESTRICTION);
        assert_status(interactive_struct(remote[i], L"carol", L"Secret123", &sub), STATUS_SUCCESS);
    }
    assert_status(network_cleartext(L"blank", L""), STATUS_ACCOUNT_RESTRICTION);
    assert_status(network_cleartext(L"carol", L"Secret123"), STATUS_SUCCESS);
    /* A wrong password is still a plain logon failure. */
    assert_status(interactive_struct(Network, L"blank", L"x", &sub), STATUS_LOGON_FAILURE);
}

/* MSV1_0_OPTION_ALLOW_BLANK_PASSWORD, for the process and for the thread, lifts the limit; clearing it restores it. */
static void test_allow_blank_password_option(void **state)
{
    NTSTATUS sub;

    (void)state;
    process_option(FALSE);
    assert_status(network_cleartext(L"blank", L""), STATUS_SUCCESS);
    assert_status(interactive_struct(Network, L"carol", L"", &sub), STATUS_SUCCESS);
    process_option(TRUE);
    assert_status(network_cleartext(L"blank", L""), STATUS_ACCOUNT_RESTRICTION);

    thread_option(FALSE);
    assert_status(network_cleartext(L"blank", L""), STATUS_SUCCESS);
    thread_option(TRUE); /* Revert: the process's options (none) apply again */
    assert_status(network_cleartext(L"blank", L""), STATUS_ACCOUNT_RESTRICTION);
}

/* LimitBlankPasswordUse = 0 turns the limit off. */
static void test_policy_off(void **state)
{
    HKEY key;
    DWORD off = 0;

    (void)state;
    assert_int_equal(RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Lsa", 0, NULL, 0,
                                     KEY_SET_VALUE, NULL, &key, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(RegSetValueExW(key, L"LimitBlankPasswordUse", 0, REG_DWORD, (const BYTE *)&off, sizeof(off)),
                     ERROR_SUCCESS);
    assert_status(network_cleartext(L"blank", L""), STATUS_SUCCESS);
    assert_int_equal(RegDeleteValueW(key, L"LimitBlankPasswordUse"), ERROR_SUCCESS);
    RegCloseKey(key);
    assert_status(network_cleartext(L"blank", L""), STATUS_ACCOUNT_RESTRICTION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blank_password_limited_to_console),
        cmocka_unit_test(test_allow_blank_password_option),
        cmocka_unit_test(test_policy_off),
    };
    return cmocka_run_group_tests(tests, setup, msv1_0_teardown);
}
