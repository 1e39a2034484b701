/* MSV1_0 S4U logons (MSV1_0_S4U_LOGON) and workstation-unlock logons (MsV1_0WorkstationUnlockLogon), observed
 * through LsaLogonUser: the token each caller gets, the profile, what is (not) counted in the accounts file, which
 * restrictions apply, and the malformed buffers refused. Each test writes its own accounts file (in-process transport
 * only: LSAEMU_ACCOUNTS is this process's variable). */
#include "test_msv1_0_fixture.h"

static BYTE buf[4096];
static scratch_accounts acc;

/* carol (password Secret123) with extra account lines, alone in a fresh accounts file. */
static void use_carol(const char *lines)
{
    char text[1024];

    snprintf(text, sizeof(text), "[carol]\npassword = Secret123\nrid = 1010\nlogon_count = 5\n%s\n", lines);
    msv1_0_use_scratch_accounts(&acc, L"s4u", text);
}

/* MSV1_0_INTERACTIVE_LOGON + the LUID of the session being unlocked (KERB_INTERACTIVE_UNLOCK_LOGON's layout). */
typedef struct unlock_logon {
    MSV1_0_INTERACTIVE_LOGON Logon;
    LUID LogonId;
} unlock_logon;

static ULONG build_unlock(const WCHAR *user, const WCHAR *password, dialect d)
{
    ULONG len = build_interactive_in(buf, sizeof(unlock_logon), MsV1_0WorkstationUnlockLogon, L"", user, password, d);

    AllocateLocallyUniqueId(&((unlock_logon *)buf)->LogonId);
    return len;
}

static void assert_token_kind(HANDLE token, TOKEN_TYPE type, SECURITY_IMPERSONATION_LEVEL level)
{
    TOKEN_TYPE kind;
    SECURITY_IMPERSONATION_LEVEL got;
    DWORD n;

    assert_true(GetTokenInformation(token, TokenType, &kind, sizeof(kind), &n));
    assert_int_equal(kind, type);
    if (type == TokenImpersonation) {
        assert_true(GetTokenInformation(token, TokenImpersonationLevel, &got, sizeof(got), &n));
        assert_int_equal(got, level);
    }
}

static ULONG session_logon_type(const LUID *id)
{
    PSECURITY_LOGON_SESSION_DATA d = NULL;
    ULONG type;

    assert_status(LsaGetLogonSessionData((PLUID)id, &d), STATUS_SUCCESS);
    type = d->LogonType;
    LsaFreeReturnBuffer(d);
    return type;
}

/* A trusted caller's S4U logon: the token of the logon type (impersonation for Network, primary for Batch), the
 * profile of the logon type, and nothing counted in the accounts file. */
static void test_s4u_trusted(void **state)
{
    MSV1_0_LM20_LOGON_PROFILE *net;
    MSV1_0_INTERACTIVE_PROFILE *inter;
    static const BYTE zero[MSV1_0_USER_SESSION_KEY_LENGTH];
    logon_result r;
    dialect d;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        use_carol("");
        do_logon(lsa, msv, Network, buf, build_s4u(buf, 0, L"carol", L"", d), &r);
        assert_status(r.status, STATUS_SUCCESS);
        assert_status(r.sub, STATUS_SUCCESS);
        assert_token_kind(r.token, TokenImpersonation, SecurityImpersonation);
        net = r.profile;
        assert_int_equal(r.profile_len >= sizeof(*net), 1);
        assert_int_equal(net->MessageType, MsV1_0Lm20LogonProfile);
        assert_memory_equal(net->UserSessionKey, zero, sizeof(zero)); /* no password: no session key */
        assert_int_equal(session_logon_type(&r.id), Network);
        release_logon(&r);

        do_logon(lsa, msv, Batch, buf, build_s4u(buf, 0, L"CAROL", L".", d), &r);
        assert_status(r.status, STATUS_SUCCESS);
        assert_token_kind(r.token, TokenPrimary, 0);
        inter = r.profile;
        assert_int_equal(inter->MessageType, MsV1_0InteractiveProfile);
        assert_int_equal(inter->LogonCount, 5);
        assert_int_equal(session_logon_type(&r.id), Batch);
        release_logon(&r);
        /* No password was checked: nothing counted, nothing recorded. */
        assert_non_null(strstr(scratch_accounts_current(&acc), "logon_count = 5"));
        assert_null(strstr(scratch_accounts_current(&acc), "last_logon"));
    }
}

/* Without SeTcbPrivilege the caller gets an identification token, whatever the logon type. */
static void test_s4u_untrusted_identification(void **state)
{
    static const SECURITY_LOGON_TYPE types[] = {Network, Batch, Interactive};
    logon_result r;
    size_t i;

    (void)state;
    use_carol("");
    for (i = 0; i < ARRAYSIZE(types); i++) {
        do_logon(untrusted, msv, types[i], buf, build_s4u(buf, 0, L"carol", L"", DIALECT_ABSOLUTE), &r);
        assert_status(r.status, STATUS_SUCCESS);
        assert_token_kind(r.token, TokenImpersonation, SecurityIdentification);
        release_logon(&r);
    }
}

/* The names an S4U logon accepts for a local account, and those that need a domain controller. */
static void test_s4u_names(void **state)
{
    WCHAR upn[64];
    logon_result r;

    (void)state;
    use_carol("");
    swprintf(upn, ARRAYSIZE(upn), L"carol@%ls", computer_name());
    do_logon(lsa, msv, Network, buf, build_s4u(buf, 0, upn, L"", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
    do_logon(lsa, msv, Network, buf, build_s4u(buf, 0, L"carol", computer_name(), DIALECT_RELATIVE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);

    do_logon(lsa, msv, Network, buf, build_s4u(buf, 0, L"carol@corp.example", L"", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_NO_LOGON_SERVERS);
    assert_logon_cleared(&r);
    do_logon(lsa, msv, Network, buf, build_s4u(buf, 0, L"carol", L"CORP", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_NO_LOGON_SERVERS);
    assert_logon_cleared(&r);

    /* An account that does not exist: the documented STATUS_LOGON_FAILURE, SubStatus 0. */
    do_logon(lsa, msv, Network, buf, build_s4u(buf, 0, L"nobody", L"", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_status(r.sub, STATUS_SUCCESS);
    assert_logon_cleared(&r);
    do_logon(untrusted, msv, Network, buf, build_s4u(buf, 0, L"nobody@", L"", DIALECT_RELATIVE), &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);
}

/* 42 hex digits: no hour of the week allowed. */
#define NO_HOURS "logon_hours = 000000000000000000000000000000000000000000"

/* Restrictions: the account's apply; the password's do not (none is used); logon hours only when asked. */
static void test_s4u_restrictions(void **state)
{
    static const struct {
        const char *lines;
        ULONG flags;
        NTSTATUS status, sub;
    } cases[] = {
        {"disabled = yes", 0, STATUS_ACCOUNT_RESTRICTION, STATUS_ACCOUNT_DISABLED},
        {"locked_out = yes", 0, STATUS_ACCOUNT_LOCKED_OUT, STATUS_SUCCESS}, /* no password: nothing to check first */
        {"account_expires = 2001-01-01T00:00:00Z", 0, STATUS_ACCOUNT_RESTRICTION, STATUS_ACCOUNT_EXPIRED},
        {"workstations = ELSEWHERE", 0, STATUS_ACCOUNT_RESTRICTION, STATUS_INVALID_WORKSTATION},
        {"must_change_password = yes", 0, STATUS_SUCCESS, STATUS_SUCCESS},
        {"password_last_set = 2001-01-01T00:00:00Z", 0, STATUS_SUCCESS, STATUS_SUCCESS},
        {NO_HOURS, 0, STATUS_SUCCESS, STATUS_SUCCESS},
        {NO_HOURS, MSV1_0_S4U_LOGON_FLAG_CHECK_LOGONHOURS, STATUS_ACCOUNT_RESTRICTION, STATUS_INVALID_LOGON_HOURS},
    };
    logon_result r;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(cases); i++) {
        use_carol(cases[i].lines);
        do_logon(lsa, msv, Network, buf, build_s4u(buf, cases[i].flags, L"carol", L"", DIALECT_ABSOLUTE), &r);
        if (r.status != cases[i].status || r.sub != cases[i].sub)
            print_message("\"%s\" flags %lu: status 0x%08lx sub 0x%08lx\n", cases[i].lines,
                          (unsigned long)cases[i].flags, (unsigned long)r.status, (unsigned long)r.sub);
        assert_status(r.status, cases[i].status);
        assert_status(r.sub, cases[i].sub);
        if (r.status == STATUS_SUCCESS)
            release_logon(&r);
        else
            assert_logon_cleared(&r);
    }
}

/* Malformed S4U buffers are refused before anything is looked up; an unlock logon type is not an S4U one. */
static void test_s4u_malformed(void **state)
{
    MSV1_0_S4U_LOGON *l = (MSV1_0_S4U_LOGON *)buf;
    logon_result r;
    ULONG len;
    dialect d;

    (void)state;
    use_carol("");
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        len = build_s4u(buf, 0, L"carol", L"", d);
        do_logon(lsa, msv, Network, buf, sizeof(*l) - 1, &r); /* shorter than the structure */
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        assert_logon_cleared(&r);

        l->UserPrincipalName.Length = 3; /* odd */
        do_logon(lsa, msv, Network, buf, len, &r);
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        len = build_s4u(buf, 0, L"carol", L"", d);
        l->UserPrincipalName.MaximumLength = 2; /* below Length */
        do_logon(lsa, msv, Network, buf, len, &r);
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        len = build_s4u(buf, 0, L"carol", L"", d);
        l->DomainName.Length = 64; /* past the buffer */
        l->DomainName.MaximumLength = 64;
        do_logon(lsa, msv, Network, buf, len, &r);
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        len = build_s4u(buf, 0, L"carol", L"", d);
        l->UserPrincipalName.Buffer = NULL; /* NULL with a Length */
        do_logon(lsa, msv, Network, buf, len, &r);
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        len = build_s4u(buf, 0, L"", L"", d); /* the UPN is required */
        do_logon(lsa, msv, Network, buf, len, &r);
        assert_status(r.status, STATUS_INVALID_PARAMETER);
        assert_logon_cleared(&r);
    }
    len = build_s4u(buf, 0, L"carol", L"", DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Unlock, buf, len, &r);
    assert_status(r.status, STATUS_INVALID_LOGON_TYPE);
    assert_logon_cleared(&r);
}

/* An unlock logon checks the password like an interactive one, counts it, and makes an Unlock session. */
static void test_unlock(void **state)
{
    MSV1_0_INTERACTIVE_PROFILE *p;
    logon_result r;
    dialect d;

    (void)state;
    use_carol("");
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        do_logon(lsa, msv, Unlock, buf, build_unlock(L"carol", L"Secret123", d), &r);
        assert_status(r.status, STATUS_SUCCESS);
        assert_status(r.sub, STATUS_SUCCESS);
        assert_token_kind(r.token, TokenPrimary, 0);
        p = r.profile;
        assert_int_equal(p->MessageType, MsV1_0InteractiveProfile);
        assert_int_equal(p->LogonCount, d == DIALECT_ABSOLUTE ? 6 : 7);
        assert_int_equal(session_logon_type(&r.id), Unlock);
        release_logon(&r);
    }
    assert_non_null(strstr(scratch_accounts_current(&acc), "logon_count = 7"));

    do_logon(lsa, msv, Unlock, buf, build_unlock(L"carol", L"wrong", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_status(r.sub, STATUS_SUCCESS);
    assert_logon_cleared(&r);
    assert_non_null(strstr(scratch_accounts_current(&acc), "bad_password_count = 1"));
    do_logon(lsa, msv, Unlock, buf, build_unlock(L"nobody", L"Secret123", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);

    use_carol("disabled = yes");
    do_logon(lsa, msv, Unlock, buf, build_unlock(L"carol", L"Secret123", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_ACCOUNT_RESTRICTION);
    assert_status(r.sub, STATUS_ACCOUNT_DISABLED);
    assert_logon_cleared(&r);
}

/* The unlock structure serves LogonType Unlock only, and LogonType Unlock needs the unlock structure. */
static void test_unlock_types_and_malformed(void **state)
{
    unlock_logon *l = (unlock_logon *)buf;
    logon_result r;
    ULONG len;

    (void)state;
    use_carol("");
    do_logon(lsa, msv, Interactive, buf, build_unlock(L"carol", L"Secret123", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_INVALID_LOGON_TYPE);
    assert_logon_cleared(&r);
    len = build_interactive(buf, MsV1_0InteractiveLogon, L"", L"carol", L"Secret123", DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Unlock, buf, len, &r);
    assert_status(r.status, STATUS_INVALID_LOGON_TYPE);
    assert_logon_cleared(&r);

    /* A buffer that ends before the LUID (an interactive logon's size) is too short. */
    len = build_unlock(L"carol", L"Secret123", DIALECT_ABSOLUTE);
    do_logon(lsa, msv, Unlock, buf, (ULONG)sizeof(MSV1_0_INTERACTIVE_LOGON), &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_logon_cleared(&r);
    do_logon(lsa, msv, Unlock, buf, (ULONG)sizeof(*l) - 1, &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    l->Logon.Password.Length = 5; /* odd */
    do_logon(lsa, msv, Unlock, buf, len, &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    len = build_unlock(L"carol", L"Secret123", DIALECT_RELATIVE);
    l->Logon.UserName.Buffer = (PWSTR)(uintptr_t)(len + 2); /* past the buffer */
    do_logon(lsa, msv, Unlock, buf, len, &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_logon_cleared(&r);
}

/* LsaLogonUser with LocalGroups (one extra group) and a TOKEN_SOURCE, outputs pre-filled. */
static void logon_with_groups(HANDLE h, SECURITY_LOGON_TYPE type, ULONG len, logon_result *r)
{
    static SID extra = {SID_REVISION, 1, {SECURITY_NT_AUTHORITY}, {SECURITY_LOCAL_SYSTEM_RID}};
    TOKEN_GROUPS groups = {1, {{&extra, SE_GROUP_ENABLED | SE_GROUP_MANDATORY}}};
    TOKEN_SOURCE source = {"lsaemu", {7, 0}};
    LSA_STRING origin;

    init_lsa_string(&origin, "lsaemu-test");
    r->profile = DEADBEEF_PTR;
    r->token = (HANDLE)DEADBEEF_PTR;
    r->id.LowPart = 0;
    r->id.HighPart = 0;
    memset(&r->quotas, 0xde, sizeof(r->quotas));
    r->status = LsaLogonUser(h, &origin, type, msv, buf, len, &groups, &source, &r->profile, &r->profile_len, &r->id,
                             &r->token, &r->quotas, &r->sub);
}

/* LocalGroups, Quotas, SubStatus and LogonId behave for S4U and unlock logons as for the others: LocalGroups need a
 * trusted caller (untrusted: STATUS_ACCESS_DENIED, nothing left), the quotas and a fresh LogonId are written, and the
 * LogonId names the session. */
static void test_core_outputs_for_new_types(void **state)
{
    PSECURITY_LOGON_SESSION_DATA d;
    logon_result r;
    int i;

    (void)state;
    use_carol("");
    for (i = 0; i < 3; i++) {
        SECURITY_LOGON_TYPE type = i == 0 ? Network : i == 1 ? Batch : Unlock;
        ULONG len = i < 2 ? build_s4u(buf, 0, L"carol", L"", DIALECT_ABSOLUTE)
                          : build_unlock(L"carol", L"Secret123", DIALECT_ABSOLUTE);

        logon_with_groups(untrusted, type, len, &r);
        assert_status(r.status, STATUS_ACCESS_DENIED);
        assert_logon_cleared(&r);
        logon_with_groups(lsa, type, len, &r);
        assert_status(r.status, STATUS_SUCCESS);
        assert_status(r.sub, STATUS_SUCCESS);
        assert_true(r.id.LowPart || r.id.HighPart);
        assert_true(r.quotas.PagedPoolLimit > 0 && r.quotas.PagedPoolLimit != (SIZE_T)0xdededededededede);
        assert_true(r.quotas.MaximumWorkingSetSize >= r.quotas.MinimumWorkingSetSize);
        assert_status(LsaGetLogonSessionData(&r.id, &d), STATUS_SUCCESS);
        assert_int_equal(d->LogonId.LowPart, r.id.LowPart);
        assert_int_equal(d->LogonType, type);
        LsaFreeReturnBuffer(d);
        release_logon(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_s4u_trusted),
        cmocka_unit_test(test_s4u_untrusted_identification),
        cmocka_unit_test(test_s4u_names),
        cmocka_unit_test(test_s4u_restrictions),
        cmocka_unit_test(test_s4u_malformed),
        cmocka_unit_test(test_unlock),
        cmocka_unit_test(test_unlock_types_and_malformed),
        cmocka_unit_test(test_core_outputs_for_new_types),
    };
    return cmocka_run_group_tests(tests, msv1_0_setup, msv1_0_teardown);
}
