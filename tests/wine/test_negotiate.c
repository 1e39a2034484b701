/* Negotiate through the public secur32 API: package id 0, NegGetCallerName (the caller's "DOMAIN\user" in one
 * return block), its LogonId rules, and the other messages' answers. */
#include "test_packages_common.h"

static HANDLE trusted, untrusted;

static int setup(void **state)
{
    (void)state;
    trusted = connect_trusted();
    untrusted = connect_untrusted();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    LsaDeregisterLogonProcess(trusted);
    LsaDeregisterLogonProcess(untrusted);
    return 0;
}

/* "DOMAIN\user" of this process's token, as LookupAccountSidW names it. */
static void own_name(WCHAR *out, size_t cap)
{
    union {
        TOKEN_USER user;
        BYTE bytes[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    } info;
    WCHAR user[256], domain[256];
    DWORD got, user_chars = ARRAYSIZE(user), domain_chars = ARRAYSIZE(domain);
    SID_NAME_USE use;
    HANDLE token;

    assert_true(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
    assert_true(GetTokenInformation(token, TokenUser, &info, sizeof(info), &got));
    CloseHandle(token);
    assert_true(LookupAccountSidW(NULL, info.user.User.Sid, user, &user_chars, domain, &domain_chars, &use));
    assert_true(domain_chars + user_chars + 2 <= cap);
    swprintf(out, cap, L"%ls\\%ls", domain, user);
}

static void test_package_id_zero(void **state)
{
    (void)state;
    /* .NET's DirectoryContext sends NegGetCallerName to package 0 without looking Negotiate up. */
    assert_int_equal(package_id(untrusted, "Negotiate"), 0);
    assert_int_equal(package_id(untrusted, "NEGOTIATE"), 0);
}

static void check_caller_name(HANDLE h)
{
    NEGOTIATE_CALLER_NAME_REQUEST req;
    const NEGOTIATE_CALLER_NAME_RESPONSE *resp;
    WCHAR expected[600];
    call_result r;
    size_t n;

    own_name(expected, ARRAYSIZE(expected));
    n = wcslen(expected);
    memset(&req, 0, sizeof(req));
    req.MessageType = NegGetCallerName;
    do_call(h, 0, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    resp = r.buf;
    assert_non_null(resp);
    assert_true(resp != DEADBEEF_PTR);
    assert_int_equal(r.len, sizeof(*resp) + (n + 1) * sizeof(WCHAR));
    assert_int_equal(resp->MessageType, NegGetCallerName);
    /* One block: the name follows the structure and CallerName points at it. */
    assert_ptr_equal(resp->CallerName, (const WCHAR *)(resp + 1));
    assert_true(inside(resp, r.len, resp->CallerName, (n + 1) * sizeof(WCHAR)));
    assert_int_equal(resp->CallerName[n], 0);
    if (wcscmp(resp->CallerName, expected))
        fail_msg("CallerName \"%ls\", expected \"%ls\"", resp->CallerName, expected);
    assert_non_null(wcschr(resp->CallerName, L'\\'));
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

static void test_caller_name(void **state)
{
    (void)state;
    check_caller_name(untrusted);
    check_caller_name(trusted);
}

static void test_caller_name_other_session(void **state)
{
    NEGOTIATE_CALLER_NAME_REQUEST req;
    call_result r;

    (void)state;
    memset(&req, 0, sizeof(req));
    req.MessageType = NegGetCallerName;
    req.LogonId.LowPart = 0x31337;
    do_call(untrusted, 0, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_ACCESS_DENIED);
    assert_no_return_buffer(&r);
    /* Negotiate keeps no names of sessions it did not log on. */
    do_call(trusted, 0, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_NO_SUCH_LOGON_SESSION);
    assert_no_return_buffer(&r);
}

static void test_malformed_and_other_messages(void **state)
{
    ULONG msg[8];
    call_result r;

    (void)state;
    memset(msg, 0, sizeof(msg));
    msg[0] = NegGetCallerName;
    do_call(untrusted, 0, msg, sizeof(NEGOTIATE_CALLER_NAME_REQUEST) - 1, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
    do_call(untrusted, 0, msg, 2, &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);

    msg[0] = NegCallPackageMax;
    do_call(untrusted, 0, msg, sizeof(msg), &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
    msg[0] = NegEnumPackagePrefixes;
    do_call(untrusted, 0, msg, sizeof(msg), &r);
    assert_status(r.status, STATUS_NOT_SUPPORTED);
    assert_no_return_buffer(&r);
    msg[0] = NegTransferCredentials;
    do_call(untrusted, 0, msg, sizeof(msg), &r);
    assert_status(r.status, STATUS_ACCESS_DENIED);
    assert_no_return_buffer(&r);
    do_call(trusted, 0, msg, sizeof(msg), &r);
    assert_status(r.status, STATUS_NOT_SUPPORTED);
    assert_no_return_buffer(&r);
}

/* Negotiate cannot run another package's logon through the LSA's function table yet. */
static void test_logon_not_supported(void **state)
{
    BYTE buf[4096];
    logon_result l;
    ULONG len;

    (void)state;
    len = build_interactive(buf, KerbInteractiveLogon, L"", L"alice", L"Secret123", DIALECT_RELATIVE);
    do_logon(trusted, 0, Interactive, buf, len, &l);
    assert_status(l.status, STATUS_NOT_SUPPORTED);
    assert_status(l.sub, STATUS_SUCCESS);
    assert_logon_cleared(&l);
    do_logon(trusted, 0, Interactive, buf, 2, &l);
    assert_status(l.status, STATUS_INVALID_PARAMETER);
    len = build_interactive(buf, 77, L"", L"alice", L"Secret123", DIALECT_RELATIVE);
    do_logon(trusted, 0, Interactive, buf, len, &l);
    assert_status(l.status, STATUS_BAD_VALIDATION_CLASS);
    assert_logon_cleared(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_package_id_zero),
        cmocka_unit_test(test_caller_name),
        cmocka_unit_test(test_caller_name_other_session),
        cmocka_unit_test(test_malformed_and_other_messages),
        cmocka_unit_test(test_logon_not_supported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
