/* MSV1_0 LsaCallAuthenticationPackage messages: MsV1_0ChangePassword against a per-run copy of the accounts
 * (written here to a temp file, LSAEMU_ACCOUNTS pointed at it before the first LSA call), then the answer of every
 * other message type, trusted and untrusted. */
#include "test_packages_common.h"

#define TICKS_PER_DAY 864000000000LL

/* The package test accounts (tests/data/test-accounts.ini) plus a policy: 6 characters minimum, one day minimum
 * age (alice and bob have no password_last_set, so their first change is allowed), lockout after 5 bad passwords
 * (erin is the account the lockout test locks). */
static const char accounts_text[] =
    "[alice]\npassword = Secret123\nfull_name = Alice Example\nrid = 1001\nmust_change_password = yes\n"
    "[bob]\nnt_hash = 411b0e157e85d817481b5964ff1ac200\nrid = 1002\n"
    "[carol]\npassword = Carol123\nrid = 1005\n"
    "[dave]\ndomain = CORP\npassword = Secret123\nrid = 1004\n"
    "[erin]\npassword = Erin#123\nrid = 1006\n"
    "[:policy]\nmin_password_length = 6\nmin_password_age_days = 1\nlockout_threshold = 5\n";

static WCHAR accounts_path[MAX_PATH];
static HANDLE trusted, untrusted;
static ULONG msv;
static BYTE buf[4096];

static void write_accounts(void)
{
    WCHAR dir[MAX_PATH];
    DWORD written;
    HANDLE f;

    assert_true(GetTempPathW(MAX_PATH, dir) > 0);
    swprintf(accounts_path, MAX_PATH, L"%lslsaemu-msg-%lu.ini", dir, (unsigned long)GetCurrentProcessId());
    f = CreateFileW(accounts_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    assert_true(f != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(f, accounts_text, sizeof(accounts_text) - 1, &written, NULL));
    CloseHandle(f);
    assert_true(SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", accounts_path));
}

/* The accounts file's text (for checking what was stored). */
static char *read_accounts(void)
{
    static char text[8192];
    DWORD got = 0;
    HANDLE f = CreateFileW(accounts_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, 0, NULL);
    assert_true(f != INVALID_HANDLE_VALUE);
    assert_true(ReadFile(f, text, sizeof(text) - 1, &got, NULL));
    CloseHandle(f);
    text[got] = 0;
    return text;
}

static int setup(void **state)
{
    (void)state;
    write_accounts();
    trusted = connect_trusted();
    untrusted = connect_untrusted();
    msv = msv1_0_id(trusted);
    return 0;
}

static int teardown(void **state)
{
    WCHAR lock[MAX_PATH + 8];
    (void)state;
    LsaDeregisterLogonProcess(trusted);
    LsaDeregisterLogonProcess(untrusted);
    DeleteFileW(accounts_path);
    swprintf(lock, ARRAYSIZE(lock), L"%ls.lock", accounts_path);
    DeleteFileW(lock);
    return 0;
}

static ULONG build_change(const WCHAR *domain, const WCHAR *user, const WCHAR *old_pw, const WCHAR *new_pw,
                          dialect d)
{
    MSV1_0_CHANGEPASSWORD_REQUEST *r = (MSV1_0_CHANGEPASSWORD_REQUEST *)buf;
    size_t used = sizeof(*r);

    memset(buf, 0, sizeof(buf));
    r->MessageType = MsV1_0ChangePassword;
    put_ustring(buf, &used, &r->DomainName, domain, d);
    put_ustring(buf, &used, &r->AccountName, user, d);
    put_ustring(buf, &used, &r->OldPassword, old_pw, d);
    put_ustring(buf, &used, &r->NewPassword, new_pw, d);
    return (ULONG)used;
}

/* A processed change: STATUS_SUCCESS, the outcome in ProtocolStatus, a response with the local policy. */
static void change(HANDLE h, const WCHAR *domain, const WCHAR *user, const WCHAR *old_pw, const WCHAR *new_pw,
                   dialect d, NTSTATUS expected, BOOL info_valid)
{
    ULONG len = build_change(domain, user, old_pw, new_pw, d);
    MSV1_0_CHANGEPASSWORD_RESPONSE *resp;
    call_result r;

    do_call(h, msv, buf, len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, expected);
    assert_non_null(r.buf);
    assert_int_equal(r.len, sizeof(*resp));
    resp = r.buf;
    assert_int_equal(resp->MessageType, MsV1_0ChangePassword);
    assert_int_equal(resp->PasswordInfoValid, info_valid);
    if (info_valid) {
        assert_int_equal(resp->DomainPasswordInfo.MinPasswordLength, 6);
        assert_true(resp->DomainPasswordInfo.MinPasswordAge.QuadPart == -TICKS_PER_DAY);
        assert_true(resp->DomainPasswordInfo.MaxPasswordAge.QuadPart == -42 * TICKS_PER_DAY);
    }
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

static NTSTATUS logon_status(const WCHAR *user, const WCHAR *password)
{
    logon_result r;
    ULONG len = build_interactive(buf, MsV1_0InteractiveLogon, L"", user, password, DIALECT_ABSOLUTE);

    do_logon(trusted, msv, Interactive, buf, len, &r);
    if (r.status == STATUS_SUCCESS)
        release_logon(&r);
    return r.status;
}

/* Untrusted callers may change a password (as on Windows); the new one logs on, the old one no longer does, only
 * the hash is stored, must_change_password is cleared and password_last_set set, so the minimum age now applies. */
static void test_change_success(void **state)
{
    const char *text;

    (void)state;
    /* must_change_password keeps alice from logging on until she changes it. */
    assert_true(logon_status(L"alice", L"Secret123") != STATUS_SUCCESS);
    change(untrusted, L"", L"alice", L"Secret123", L"NewPass1", DIALECT_ABSOLUTE, STATUS_SUCCESS, TRUE);
    assert_status(logon_status(L"alice", L"NewPass1"), STATUS_SUCCESS);
    assert_status(logon_status(L"alice", L"Secret123"), STATUS_LOGON_FAILURE);
    text = read_accounts();
    assert_null(strstr(text, "NewPass1"));
    assert_null(strstr(text, "Secret123\n[bob]"));
    assert_null(strstr(text, "must_change_password"));
    assert_non_null(strstr(text, "password_last_set"));
    /* Too young now. */
    change(untrusted, L".", L"ALICE", L"NewPass1", L"NewPass2", DIALECT_RELATIVE, STATUS_PASSWORD_RESTRICTION, TRUE);
    assert_status(logon_status(L"alice", L"NewPass1"), STATUS_SUCCESS);

    /* bob (stored as a hash) through a trusted connection, offsets dialect, domain = the computer name. */
    change(trusted, computer_name(), L"bob", L"Hunter2!", L"Bobby#42", DIALECT_RELATIVE, STATUS_SUCCESS, TRUE);
    assert_status(logon_status(L"bob", L"Bobby#42"), STATUS_SUCCESS);
    assert_status(logon_status(L"bob", L"Hunter2!"), STATUS_LOGON_FAILURE);
}

static void test_change_refused(void **state)
{
    dialect d;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        change(untrusted, L"", L"carol", L"carol123", L"Carol456", d, STATUS_WRONG_PASSWORD, TRUE);
        change(untrusted, L"", L"carol", L"Carol123", L"short", d, STATUS_PASSWORD_RESTRICTION, TRUE);
        change(untrusted, L"", L"nobody", L"Carol123", L"Carol456", d, STATUS_NO_SUCH_USER, TRUE);
        change(trusted, L"CORP", L"dave", L"Secret123", L"Secret456", d, STATUS_NO_LOGON_SERVERS, FALSE);
    }
    assert_status(logon_status(L"carol", L"Carol123"), STATUS_SUCCESS);
}

/* erin's section of the accounts file, up to the next section. */
static const char *erin_section(void)
{
    static char section[1024];
    const char *start = strstr(read_accounts(), "[erin]"), *end;

    assert_non_null(start);
    end = strstr(start + 1, "\n[");
    snprintf(section, sizeof(section), "%.*s", (int)(end ? end - start : (ptrdiff_t)strlen(start)), start);
    return section;
}

/* A wrong old password counts as a bad password, as SAM counts it (MS-SAMR 2.2.1.15: accounts lock after too many
 * invalid logon or password change attempts); at the threshold the account is locked, and a locked account cannot
 * change its password with the right old one either: STATUS_ACCOUNT_LOCKED_OUT, hash and statistics untouched. */
static void test_change_counts_bad_passwords(void **state)
{
    char expected[64], before[1024];
    int i;

    (void)state;
    for (i = 1; i <= 5; i++) {
        change(untrusted, L"", L"erin", L"Erin#12", L"Erin#456", DIALECT_ABSOLUTE, STATUS_WRONG_PASSWORD, TRUE);
        snprintf(expected, sizeof(expected), "bad_password_count = %d\n", i);
        assert_non_null(strstr(erin_section(), expected));
        assert_non_null(strstr(erin_section(), "last_bad_password = 20"));
    }
    assert_non_null(strstr(erin_section(), "locked_out = yes\n"));
    assert_non_null(strstr(erin_section(), "lockout_time = 20"));
    strcpy(before, erin_section());
    change(untrusted, L"", L"erin", L"Erin#123", L"Erin#456", DIALECT_ABSOLUTE, STATUS_ACCOUNT_LOCKED_OUT, TRUE);
    change(trusted, L".", L"erin", L"Erin#12", L"Erin#456", DIALECT_RELATIVE, STATUS_ACCOUNT_LOCKED_OUT, TRUE);
    assert_string_equal(erin_section(), before);
    /* Neither password logs on while locked: the old one is still the account's, the new one never became it. */
    assert_status(logon_status(L"erin", L"Erin#123"), STATUS_ACCOUNT_LOCKED_OUT);
    assert_status(logon_status(L"erin", L"Erin#456"), STATUS_ACCOUNT_LOCKED_OUT);
    assert_string_equal(erin_section(), before);
}

static void expect_invalid(HANDLE h, ULONG len)
{
    call_result r;
    do_call(h, msv, buf, len, &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
}

static void test_change_malformed(void **state)
{
    MSV1_0_CHANGEPASSWORD_REQUEST *req = (MSV1_0_CHANGEPASSWORD_REQUEST *)buf;
    dialect d;
    ULONG len;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        len = build_change(L"", L"carol", L"Carol123", L"Carol456", d);
        expect_invalid(untrusted, sizeof(*req) - 1);
        len = build_change(L"", L"carol", L"Carol123", L"Carol456", d);
        req->NewPassword.Length = 2000; /* past the end */
        expect_invalid(untrusted, len);
        len = build_change(L"", L"carol", L"Carol123", L"Carol456", d);
        req->OldPassword.Length = 3; /* odd */
        expect_invalid(untrusted, len);
        len = build_change(L"", L"carol", L"Carol123", L"Carol456", d);
        req->AccountName.Buffer = d == DIALECT_ABSOLUTE ? (PWSTR)(buf + 8192) : (PWSTR)(uintptr_t)0x7fff0000;
        expect_invalid(untrusted, len);
        len = build_change(L"", L"", L"Carol123", L"Carol456", d); /* no account name */
        expect_invalid(untrusted, len);
    }
    assert_status(logon_status(L"carol", L"Carol123"), STATUS_SUCCESS);
}

/* Every other message type: refused to untrusted callers; trusted ones get the documented answer. */
static void test_other_messages(void **state)
{
    ULONG type;

    (void)state;
    for (type = 0; type < 26; type++) {
        call_result r;
        if (type == MsV1_0ChangePassword)
            continue;
        memset(buf, 0, sizeof(buf));
        *(ULONG *)buf = type;
        do_call(untrusted, msv, buf, 512, &r);
        assert_status(r.status, type < 25 ? STATUS_ACCESS_DENIED : STATUS_INVALID_PARAMETER);
        assert_no_return_buffer(&r);
        if (type == MsV1_0Lm20ChallengeRequest || type == MsV1_0EnumerateUsers || type == MsV1_0GetUserInfo ||
            type == MsV1_0Lm20GetChallengeResponse || type == MsV1_0SetProcessOption ||
            type == MsV1_0SetThreadOption || type == MsV1_0ClearCachedCredentials)
            continue; /* implemented: their own tests */
        do_call(trusted, msv, buf, 512, &r);
        assert_status(r.status, type < 25 ? STATUS_NOT_SUPPORTED : STATUS_INVALID_PARAMETER);
        assert_no_return_buffer(&r);
    }
}

/* MSV1_0_SETPROCESSOPTION_REQUEST / MSV1_0_SETTHREADOPTION_REQUEST (absent from mingw's ntsecapi.h). */
typedef struct {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG ProcessOptions;
    BOOLEAN DisableOptions;
} setprocessoption_request;

typedef struct {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG ThreadOptions;
    BOOLEAN DisableOptions;
    BOOLEAN Revert;
} setthreadoption_request;

/* A call answered with `expected` and no buffer; ProtocolStatus STATUS_SUCCESS on success (a failed call's
 * ProtocolStatus is not returned to the client). */
static void expect_call(HANDLE h, void *submit, ULONG len, NTSTATUS expected)
{
    call_result r;

    do_call(h, msv, submit, len, &r);
    assert_status(r.status, expected);
    if (expected == STATUS_SUCCESS)
        assert_status(r.protocol, STATUS_SUCCESS);
    assert_no_return_buffer(&r);
}

/* SetProcessOption / SetThreadOption: every documented option set and cleared, a Revert; a short buffer or an
 * undocumented bit is STATUS_INVALID_PARAMETER; untrusted callers are refused. ClearCachedCredentials succeeds with
 * nothing to clear (no domain logon cache), no buffer. */
static void test_option_messages(void **state)
{
    setprocessoption_request p;
    setthreadoption_request t;
    ULONG clear = MsV1_0ClearCachedCredentials, bit;

    (void)state;
    memset(&p, 0, sizeof(p));
    p.MessageType = MsV1_0SetProcessOption;
    memset(&t, 0, sizeof(t));
    t.MessageType = MsV1_0SetThreadOption;
    for (bit = 1; bit <= 0x10; bit <<= 1) {
        p.ProcessOptions = t.ThreadOptions = bit;
        p.DisableOptions = t.DisableOptions = FALSE;
        expect_call(trusted, &p, sizeof(p), STATUS_SUCCESS);
        expect_call(trusted, &t, sizeof(t), STATUS_SUCCESS);
        p.DisableOptions = t.DisableOptions = TRUE;
        expect_call(trusted, &p, sizeof(p), STATUS_SUCCESS);
        expect_call(trusted, &t, sizeof(t), STATUS_SUCCESS);
    }
    p.ProcessOptions = t.ThreadOptions = 0x1f;
    p.DisableOptions = t.DisableOptions = FALSE;
    expect_call(trusted, &p, sizeof(p), STATUS_SUCCESS);
    t.Revert = TRUE;
    expect_call(trusted, &t, sizeof(t), STATUS_SUCCESS);
    t.Revert = FALSE;

    expect_call(trusted, &p, sizeof(p) - 1, STATUS_INVALID_PARAMETER);
    expect_call(trusted, &t, sizeof(t) - 1, STATUS_INVALID_PARAMETER);
    expect_call(trusted, &p, sizeof(ULONG), STATUS_INVALID_PARAMETER);
    p.ProcessOptions = t.ThreadOptions = 0x20;
    expect_call(trusted, &p, sizeof(p), STATUS_INVALID_PARAMETER);
    expect_call(trusted, &t, sizeof(t), STATUS_INVALID_PARAMETER);
    p.ProcessOptions = t.ThreadOptions = 0x80000001;
    expect_call(trusted, &p, sizeof(p), STATUS_INVALID_PARAMETER);
    expect_call(trusted, &t, sizeof(t), STATUS_INVALID_PARAMETER);
    p.ProcessOptions = t.ThreadOptions = 1;
    expect_call(untrusted, &p, sizeof(p), STATUS_ACCESS_DENIED);
    expect_call(untrusted, &t, sizeof(t), STATUS_ACCESS_DENIED);

    expect_call(trusted, &clear, sizeof(clear), STATUS_SUCCESS);
    expect_call(trusted, &clear, sizeof(clear) - 1, STATUS_INVALID_PARAMETER);
    expect_call(untrusted, &clear, sizeof(clear), STATUS_ACCESS_DENIED);
}

/* MSV1_0_ENUMUSERS_RESPONSE / MSV1_0_GETUSERINFO_* (absent from mingw's ntsecapi.h; Windows SDK layout). */
typedef struct {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    ULONG NumberOfLoggedOnUsers;
    PLUID LogonIds;
    PULONG EnumHandles;
} enumusers_response;

typedef struct {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    LUID LogonId;
} getuserinfo_request;

typedef struct {
    MSV1_0_PROTOCOL_MESSAGE_TYPE MessageType;
    PSID UserSid;
    UNICODE_STRING UserName;
    UNICODE_STRING LogonDomainName;
    UNICODE_STRING LogonServer;
    SECURITY_LOGON_TYPE LogonType;
} getuserinfo_response;

/* EnumerateUsers lists this package's sessions, among them a logon just made, which GetUserInfo describes;
 * GetUserInfo of an id it does not know is STATUS_NO_SUCH_LOGON_SESSION; a short one is STATUS_INVALID_PARAMETER. */
static void test_sessions_messages(void **state)
{
    ULONG type = MsV1_0EnumerateUsers, i;
    getuserinfo_request q;
    enumusers_response *e;
    call_result r;

    logon_result l;
    BOOL found = FALSE;
    ULONG len = build_interactive(buf, MsV1_0InteractiveLogon, L"", L"carol", L"Carol123", DIALECT_ABSOLUTE);

    (void)state;
    /* A logon of carol: EnumerateUsers must list it and GetUserInfo describe it. */
    do_logon(trusted, msv, Interactive, buf, len, &l);
    assert_status(l.status, STATUS_SUCCESS);
    do_call(trusted, msv, &type, sizeof(type), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    assert_non_null(r.buf);
    e = r.buf;
    assert_int_equal(e->MessageType, MsV1_0EnumerateUsers);
    for (i = 0; i < e->NumberOfLoggedOnUsers; i++) {
        assert_true(inside(r.buf, r.len, &e->LogonIds[i], sizeof(LUID)));
        assert_true(inside(r.buf, r.len, &e->EnumHandles[i], sizeof(ULONG)));
        found |= e->LogonIds[i].LowPart == l.id.LowPart && e->LogonIds[i].HighPart == l.id.HighPart;
    }
    assert_true(found);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    memset(&q, 0, sizeof(q));
    q.MessageType = MsV1_0GetUserInfo;
    q.LogonId = l.id;
    do_call(trusted, msv, &q, sizeof(q), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_non_null(r.buf);
    {
        const getuserinfo_response *u = r.buf;
        assert_int_equal(u->LogonType, Interactive);
        assert_block_ustring(r.buf, r.len, &u->UserName, L"carol");
        assert_true(EqualSid(u->UserSid, local_account_sid(1005)));
    }
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    release_logon(&l);

    memset(&q, 0, sizeof(q));
    q.MessageType = MsV1_0GetUserInfo;
    q.LogonId.LowPart = 0x7654321;
    q.LogonId.HighPart = 0x1234;
    do_call(trusted, msv, &q, sizeof(q), &r);
    assert_status(r.status, STATUS_NO_SUCH_LOGON_SESSION);
    assert_no_return_buffer(&r);
    do_call(trusted, msv, &q, sizeof(q) - 1, &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_change_success),
        cmocka_unit_test(test_change_refused),
        cmocka_unit_test(test_change_counts_bad_passwords),
        cmocka_unit_test(test_change_malformed),
        cmocka_unit_test(test_other_messages),
        cmocka_unit_test(test_option_messages),
        cmocka_unit_test(test_sessions_messages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
