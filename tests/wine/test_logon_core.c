/* The LSA-side rules of LsaLogonUser, seen through an MSV1_0 logon of a known account: handle and package checks,
 * logon types, LocalGroups by trust, Quotas and SubStatus, the token kind per logon type, sessions, and that a
 * failed logon leaves nothing behind. Package-specific checks live in test_msv1_0.c. */
#include "test_common.h"
#include "test_packages_common.h"

static BYTE alice[4096];
static ULONG alice_len;

static int setup(void **state)
{
    (void)state;
    alice_len = build_interactive(alice, MsV1_0InteractiveLogon, L".", L"alice", L"Secret123", DIALECT_ABSOLUTE);
    return 0;
}

static ULONG session_count(void)
{
    ULONG count = 0xdeadbeef;
    PLUID ids = NULL;
    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    assert_non_null(ids);
    assert_status(LsaFreeReturnBuffer(ids), STATUS_SUCCESS);
    return count;
}

static void bad_handle_and_package(void **state)
{
    static const ULONG_PTR handles[] = { 0, 0xdeadbeef, 0x15 };
    HANDLE lsa = connect_untrusted();
    logon_result r;
    HANDLE closed = connect_untrusted();
    (void)state;
    LsaDeregisterLogonProcess(closed);
    for (size_t i = 0; i <= ARRAYSIZE(handles); i++) {
        do_logon(i < ARRAYSIZE(handles) ? (HANDLE)handles[i] : closed, msv1_0_id(lsa), Interactive, alice,
                 alice_len, &r);
        assert_status(r.status, STATUS_INVALID_HANDLE);
        assert_logon_cleared(&r);
        assert_status(r.sub, STATUS_SUCCESS);
    }
    do_logon(lsa, 0xdead, Interactive, alice, alice_len, &r);
    assert_status(r.status, STATUS_NO_SUCH_PACKAGE);
    assert_logon_cleared(&r);
    LsaDeregisterLogonProcess(lsa);
}

static void invalid_logon_types(void **state)
{
    static const int types[] = { 0, 1, 14, 99, -1 };
    HANDLE lsa = connect_untrusted();
    logon_result r;
    (void)state;
    for (size_t i = 0; i < ARRAYSIZE(types); i++) {
        do_logon(lsa, msv1_0_id(lsa), (SECURITY_LOGON_TYPE)types[i], alice, alice_len, &r);
        assert_status(r.status, STATUS_INVALID_LOGON_TYPE);
        assert_logon_cleared(&r);
    }
    LsaDeregisterLogonProcess(lsa);
}

static NTSTATUS logon_with_groups(HANDLE lsa, logon_result *r)
{
    LSA_STRING origin;
    TOKEN_SOURCE source = { "lsaemu", { 1, 0 } };
    static SID extra = { SID_REVISION, 1, { SECURITY_NT_AUTHORITY }, { SECURITY_LOCAL_SYSTEM_RID } };
    TOKEN_GROUPS groups = { 1, { { &extra, SE_GROUP_ENABLED | SE_GROUP_MANDATORY } } };
    init_lsa_string(&origin, "lsaemu-test");
    r->profile = DEADBEEF_PTR;
    r->token = (HANDLE)DEADBEEF_PTR;
    r->status = LsaLogonUser(lsa, &origin, Interactive, msv1_0_id(lsa), alice, alice_len, &groups, &source,
                             &r->profile, &r->profile_len, &r->id, &r->token, &r->quotas, &r->sub);
    return r->status;
}

static void local_groups_need_a_trusted_caller(void **state)
{
    HANDLE untrusted = connect_untrusted(), trusted = connect_trusted();
    ULONG before = session_count();
    logon_result r;
    (void)state;
    assert_status(logon_with_groups(untrusted, &r), STATUS_ACCESS_DENIED);
    assert_logon_cleared(&r);
    assert_int_equal(session_count(), before);
    assert_status(logon_with_groups(trusted, &r), STATUS_SUCCESS);
    assert_non_null(r.token);
    assert_int_equal(session_count(), before + 1);
    release_logon(&r);
    LsaDeregisterLogonProcess(untrusted);
    LsaDeregisterLogonProcess(trusted);
}

static void quotas_substatus_and_session(void **state)
{
    HANDLE lsa = connect_untrusted();
    logon_result r;
    PSECURITY_LOGON_SESSION_DATA data = NULL;
    ULONG count;
    PLUID ids;
    BOOL listed = FALSE;
    (void)state;
    do_logon(lsa, msv1_0_id(lsa), Interactive, alice, alice_len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.sub, STATUS_SUCCESS);
    /* Windows' default process quotas are always written. */
    assert_true(r.quotas.PagedPoolLimit > 0 && r.quotas.PagedPoolLimit != (SIZE_T)0xdededededededede);
    assert_true(r.quotas.NonPagedPoolLimit > 0);
    assert_true(r.quotas.MinimumWorkingSetSize > 0);
    assert_true(r.quotas.MaximumWorkingSetSize >= r.quotas.MinimumWorkingSetSize);
    assert_int_equal(r.quotas.TimeLimit.QuadPart, 0);
    assert_true(r.id.LowPart || r.id.HighPart);
    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    for (ULONG i = 0; i < count; i++)
        listed |= ids[i].LowPart == r.id.LowPart && ids[i].HighPart == r.id.HighPart;
    assert_true(listed);
    LsaFreeReturnBuffer(ids);
    assert_status(LsaGetLogonSessionData(&r.id, &data), STATUS_SUCCESS);
    assert_int_equal(data->Size, sizeof(*data));
    assert_int_equal(data->LogonType, Interactive);
    assert_memory_equal(&data->LogonId, &r.id, sizeof(LUID));
    assert_true(inside(data, sizeof(*data) + 4096, data->UserName.Buffer, data->UserName.Length));
    assert_int_equal(data->UserName.Length, 5 * sizeof(WCHAR));
    assert_memory_equal(data->UserName.Buffer, L"alice", 5 * sizeof(WCHAR));
    assert_int_equal(data->AuthenticationPackage.Length, 4 * sizeof(WCHAR));
    assert_memory_equal(data->AuthenticationPackage.Buffer, L"NTLM", 4 * sizeof(WCHAR));
    assert_true(IsValidSid(data->Sid));
    assert_true(EqualSid(data->Sid, local_account_sid(1001)));
    assert_status(LsaFreeReturnBuffer(data), STATUS_SUCCESS);
    /* The profile is one block, freed once. */
    assert_status(LsaFreeReturnBuffer(r.profile), STATUS_SUCCESS);
    assert_true(!NT_SUCCESS(LsaFreeReturnBuffer(r.profile)));
    r.profile = NULL;
    release_logon(&r);
    LsaDeregisterLogonProcess(lsa);
}

static void token_kind_per_logon_type(void **state)
{
    static const struct { SECURITY_LOGON_TYPE type; TOKEN_TYPE kind; } cases[] = {
        { Interactive, TokenPrimary }, { Batch, TokenPrimary }, { Service, TokenPrimary },
        { Network, TokenImpersonation },
    };
    HANDLE lsa = connect_untrusted();
    (void)state;
    for (size_t i = 0; i < ARRAYSIZE(cases); i++) {
        logon_result r;
        TOKEN_TYPE kind;
        DWORD n;
        print_message("logon type %d\n", (int)cases[i].type);
        do_logon(lsa, msv1_0_id(lsa), cases[i].type, alice, alice_len, &r);
        assert_status(r.status, STATUS_SUCCESS);
        assert_true(GetTokenInformation(r.token, TokenType, &kind, sizeof(kind), &n));
        assert_int_equal(kind, cases[i].kind);
        if (kind == TokenImpersonation) {
            SECURITY_IMPERSONATION_LEVEL level;
            assert_true(GetTokenInformation(r.token, TokenImpersonationLevel, &level, sizeof(level), &n));
            assert_int_equal(level, SecurityImpersonation);
        }
        release_logon(&r);
    }
    LsaDeregisterLogonProcess(lsa);
}

/* Every failure path leaves no session, no token, no profile. */
static void failures_leave_nothing_behind(void **state)
{
    HANDLE lsa = connect_untrusted();
    BYTE wrong[4096];
    ULONG wrong_len = build_interactive(wrong, MsV1_0InteractiveLogon, L".", L"alice", L"wrong", DIALECT_ABSOLUTE);
    ULONG before = session_count();
    logon_result r;
    (void)state;
    do_logon(lsa, msv1_0_id(lsa), Interactive, wrong, wrong_len, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);
    assert_true(r.sub != (NTSTATUS)0xdeadbeef); /* SubStatus is always written */
    do_logon(lsa, msv1_0_id(lsa), Interactive, alice, 8, &r); /* truncated submit buffer */
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_logon_cleared(&r);
    assert_int_equal(session_count(), before);
    LsaDeregisterLogonProcess(lsa);
}

/* With NtCreateToken (Windows, newer Wine) the token carries the session's LogonId and our TOKEN_SOURCE; Wine 8 has
 * no NtCreateToken and gets a duplicate of the caller's token (docs/design.md, "Tokens"). */
static void token_identity_when_the_host_can_build_tokens(void **state)
{
    HANDLE lsa = connect_untrusted();
    logon_result r;
    TOKEN_STATISTICS stats;
    TOKEN_SOURCE source;
    DWORD n;
    (void)state;
    if (!GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtCreateToken")) {
        print_message("host has no NtCreateToken: token is the caller's (documented fallback)\n");
        do_logon(lsa, msv1_0_id(lsa), Interactive, alice, alice_len, &r);
        assert_status(r.status, STATUS_SUCCESS);
        assert_true(GetTokenInformation(r.token, TokenStatistics, &stats, sizeof(stats), &n));
        release_logon(&r);
        LsaDeregisterLogonProcess(lsa);
        skip();
    }
    do_logon(lsa, msv1_0_id(lsa), Interactive, alice, alice_len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_true(GetTokenInformation(r.token, TokenStatistics, &stats, sizeof(stats), &n));
    assert_memory_equal(&stats.AuthenticationId, &r.id, sizeof(LUID));
    assert_true(GetTokenInformation(r.token, TokenSource, &source, sizeof(source), &n));
    assert_memory_equal(source.SourceName, "lsaemu  ", 8);
    release_logon(&r);
    LsaDeregisterLogonProcess(lsa);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_handle_and_package),
        cmocka_unit_test(invalid_logon_types),
        cmocka_unit_test(local_groups_need_a_trusted_caller),
        cmocka_unit_test(quotas_substatus_and_session),
        cmocka_unit_test(token_kind_per_logon_type),
        cmocka_unit_test(failures_leave_nothing_behind),
        cmocka_unit_test(token_identity_when_the_host_can_build_tokens),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
