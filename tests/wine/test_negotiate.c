/* Negotiate through the public secur32 API: package id 0, NegGetCallerName (the caller's "DOMAIN\user" in one
 * return block), its LogonId rules, the other messages' answers, and logons: with no realm configured, every
 * interactive or unlock logon submitted to Negotiate gets MSV1_0's answer, and its session is MSV1_0's. */
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

/* The user SID of a logon's token (into sid[SECURITY_MAX_SID_SIZE]). */
static void token_user(HANDLE token, BYTE *sid)
{
    union {
        TOKEN_USER user;
        BYTE bytes[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    } info;
    DWORD got;

    assert_true(GetTokenInformation(token, TokenUser, &info, sizeof(info), &got));
    assert_true(CopySid(SECURITY_MAX_SID_SIZE, sid, info.user.User.Sid));
}

/* The same request to Negotiate and to MSV1_0 directly: the same status, SubStatus, profile type and token user;
 * Negotiate's session names the package that served it ("NTLM", as Windows names MSV1_0's sessions). */
static void check_same_as_msv1_0(SECURITY_LOGON_TYPE type, ULONG message, const WCHAR *domain, const WCHAR *user,
                                 const WCHAR *password, dialect d, NTSTATUS expected)
{
    BYTE buf[4096], sid_nego[SECURITY_MAX_SID_SIZE], sid_msv[SECURITY_MAX_SID_SIZE];
    size_t header = message == KerbWorkstationUnlockLogon ? sizeof(KERB_INTERACTIVE_UNLOCK_LOGON)
                                                          : sizeof(KERB_INTERACTIVE_LOGON);
    PSECURITY_LOGON_SESSION_DATA data = NULL, direct = NULL;
    logon_result nego, msv;
    ULONG len;

    len = build_interactive_in(buf, header, message, domain, user, password, d);
    do_logon(trusted, 0, type, buf, len, &nego);
    len = build_interactive_in(buf, header, message, domain, user, password, d);
    do_logon(trusted, msv1_0_id(trusted), type, buf, len, &msv);
    if (nego.status != expected || msv.status != expected)
        fail_msg("%ls\\%ls (%s, type %d, message %lu): Negotiate 0x%08lx, MSV1_0 0x%08lx, expected 0x%08lx", domain,
                 user, dialect_name(d), (int)type, (unsigned long)message, (unsigned long)nego.status,
                 (unsigned long)msv.status, (unsigned long)expected);
    assert_status(nego.sub, msv.sub);
    if (expected != STATUS_SUCCESS) {
        assert_logon_cleared(&nego);
        assert_logon_cleared(&msv);
        return;
    }
    assert_int_equal(nego.profile_len, msv.profile_len);
    assert_int_equal(((MSV1_0_INTERACTIVE_PROFILE *)nego.profile)->MessageType, MsV1_0InteractiveProfile);
    token_user(nego.token, sid_nego);
    token_user(msv.token, sid_msv);
    assert_true(EqualSid(sid_nego, sid_msv));
    assert_status(LsaGetLogonSessionData(&nego.id, &data), STATUS_SUCCESS);
    assert_status(LsaGetLogonSessionData(&msv.id, &direct), STATUS_SUCCESS);
    assert_int_equal(data->AuthenticationPackage.Length, 4 * sizeof(WCHAR));
    assert_memory_equal(data->AuthenticationPackage.Buffer, L"NTLM", 4 * sizeof(WCHAR));
    assert_int_equal(data->LogonType, type);
    assert_non_null(data->Sid);
    assert_true(EqualSid(data->Sid, direct->Sid));
    assert_int_equal(data->UserName.Length, direct->UserName.Length);
    assert_memory_equal(data->UserName.Buffer, direct->UserName.Buffer, direct->UserName.Length);
    assert_int_equal(data->LogonDomain.Length, direct->LogonDomain.Length);
    assert_memory_equal(data->LogonDomain.Buffer, direct->LogonDomain.Buffer, direct->LogonDomain.Length);
    LsaFreeReturnBuffer(data);
    LsaFreeReturnBuffer(direct);
    release_logon(&nego);
    release_logon(&msv);
}

/* One logon asked of Negotiate and of MSV1_0 (check_same_as_msv1_0); domain NULL: this computer's name. */
typedef struct same_case {
    SECURITY_LOGON_TYPE type;
    ULONG message;
    const WCHAR *domain, *user, *password;
    NTSTATUS expected;
} same_case;

/* Every case in both string dialects. */
static void check_cases_same_as_msv1_0(const same_case *cases, size_t count)
{
    dialect d;
    size_t i;

    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++)
        for (i = 0; i < count; i++)
            check_same_as_msv1_0(cases[i].type, cases[i].message, cases[i].domain ? cases[i].domain : computer_name(),
                                 cases[i].user, cases[i].password, d, cases[i].expected);
}

/* A local account logs on through Negotiate with no realm configured, exactly as through MSV1_0 (Kerberos has no
 * realm for a local domain; the LSA hands the logon to MSV1_0). */
static void test_logon_local_account(void **state)
{
    static const same_case cases[] = {
        {Interactive, KerbInteractiveLogon, L"", L"alice", L"Secret123", STATUS_SUCCESS},
        {Interactive, KerbInteractiveLogon, L".", L"alice", L"Secret123", STATUS_SUCCESS},
        {Interactive, KerbInteractiveLogon, NULL, L"ALICE", L"Secret123", STATUS_SUCCESS},
        {Batch, KerbInteractiveLogon, L"", L"alice", L"Secret123", STATUS_SUCCESS},
        {Network, KerbInteractiveLogon, L"", L"bob", L"Hunter2!", STATUS_SUCCESS},
        {Interactive, KerbInteractiveLogon, L"", L"J\u00fcrgen", L"P\u00e4ssw\u00f6rt\u20ac", STATUS_SUCCESS},
    };

    (void)state;
    check_cases_same_as_msv1_0(cases, ARRAYSIZE(cases));
}

/* Refusals are MSV1_0's, status and SubStatus, and leave nothing behind. */
static void test_logon_local_refusals(void **state)
{
    static const same_case cases[] = {
        {Interactive, KerbInteractiveLogon, L"", L"alice", L"wrong", STATUS_LOGON_FAILURE},
        {Interactive, KerbInteractiveLogon, L"", L"nobody", L"Secret123", STATUS_LOGON_FAILURE},
        {Interactive, KerbInteractiveLogon, L"", L"", L"", STATUS_LOGON_FAILURE},
        {Proxy, KerbInteractiveLogon, L"", L"alice", L"Secret123", STATUS_INVALID_LOGON_TYPE},
        {NewCredentials, KerbInteractiveLogon, L"", L"alice", L"Secret123", STATUS_INVALID_LOGON_TYPE},
    };

    (void)state;
    check_cases_same_as_msv1_0(cases, ARRAYSIZE(cases));
}

/* KERB_/MSV1_0_INTERACTIVE_UNLOCK_LOGON: LogonType Unlock only, as through MSV1_0. */
static void test_logon_unlock(void **state)
{
    static const same_case cases[] = {
        {Unlock, KerbWorkstationUnlockLogon, L"", L"alice", L"Secret123", STATUS_SUCCESS},
        {Unlock, KerbWorkstationUnlockLogon, L"", L"alice", L"bad", STATUS_LOGON_FAILURE},
        {Interactive, KerbWorkstationUnlockLogon, L"", L"alice", L"Secret123", STATUS_INVALID_LOGON_TYPE},
        {Unlock, KerbInteractiveLogon, L"", L"alice", L"Secret123", STATUS_INVALID_LOGON_TYPE},
    };

    (void)state;
    check_cases_same_as_msv1_0(cases, ARRAYSIZE(cases));
}

/* A domain no realm names: Kerberos has no KDC to ask (STATUS_NO_LOGON_SERVERS), so MSV1_0 answers: a domain other
 * than this computer needs a domain controller (STATUS_NO_LOGON_SERVERS); a UPN names no local account. */
static void test_logon_unknown_realm(void **state)
{
    static const same_case cases[] = {
        {Interactive, KerbInteractiveLogon, L"NO-SUCH-REALM.INVALID", L"alice", L"Secret123", STATUS_NO_LOGON_SERVERS},
        {Interactive, KerbInteractiveLogon, L"CORP", L"dave", L"Secret123", STATUS_NO_LOGON_SERVERS},
        {Interactive, KerbInteractiveLogon, L"", L"alice@NO-SUCH-REALM.INVALID", L"Secret123", STATUS_LOGON_FAILURE},
    };

    (void)state;
    check_cases_same_as_msv1_0(cases, ARRAYSIZE(cases));
}

/* Malformed requests and other message types: refused, nothing created. */
static void test_logon_malformed(void **state)
{
    BYTE buf[4096];
    logon_result l;
    ULONG len;

    (void)state;
    len = build_interactive(buf, KerbInteractiveLogon, L"", L"alice", L"Secret123", DIALECT_RELATIVE);
    do_logon(trusted, 0, Interactive, buf, 2, &l);
    assert_status(l.status, STATUS_INVALID_PARAMETER);
    assert_logon_cleared(&l);
    do_logon(trusted, 0, Interactive, buf, sizeof(KERB_INTERACTIVE_LOGON) - 1, &l);
    assert_status(l.status, STATUS_INVALID_PARAMETER);
    assert_logon_cleared(&l);
    ((KERB_INTERACTIVE_LOGON *)buf)->Password.Length = 4000;
    do_logon(trusted, 0, Interactive, buf, len, &l);
    assert_status(l.status, STATUS_INVALID_PARAMETER);
    assert_logon_cleared(&l);
    len = build_interactive(buf, 77, L"", L"alice", L"Secret123", DIALECT_RELATIVE);
    do_logon(trusted, 0, Interactive, buf, len, &l);
    assert_status(l.status, STATUS_BAD_VALIDATION_CLASS);
    assert_status(l.sub, STATUS_SUCCESS);
    assert_logon_cleared(&l);
    /* A network logon's structure is MSV1_0's own: Negotiate does not route it. */
    len = build_cleartext_lm20(buf, L"alice", L"Secret123", 0);
    do_logon(trusted, 0, Network, buf, len, &l);
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
        cmocka_unit_test(test_logon_local_account),
        cmocka_unit_test(test_logon_local_refusals),
        cmocka_unit_test(test_logon_unlock),
        cmocka_unit_test(test_logon_unknown_realm),
        cmocka_unit_test(test_logon_malformed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
