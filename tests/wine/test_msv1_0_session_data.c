/* LsaGetLogonSessionData for MSV1_0 sessions: every field of SECURITY_LOGON_SESSION_DATA, compared with the accounts
 * file and with the profile LsaLogonUser returned; LastLogonInfo across two logons; network and S4U sessions. Each
 * test writes its own accounts file (in-process transport only: LSAEMU_ACCOUNTS is this process's variable). */
#include "test_msv1_0_fixture.h"

static BYTE buf[4096];
static scratch_accounts acc;

static const char carol[] = "[carol]\n"
                            "password = Secret123\n"
                            "rid = 1010\n"
                            "logon_script = logon.cmd\n"
                            "profile_path = C:\\Users\\carol\n"
                            "home_directory = \\\\srv\\home\\carol\n"
                            "home_directory_drive = H:\n"
                            "account_expires = 2099-01-01T00:00:00Z\n"
                            "password_last_set = 2026-11-01T00:00:00Z\n"
                            "last_logon = 2026-11-20T10:00:00Z\n"
                            "last_bad_password = 2026-11-20T09:00:00Z\n"
                            "logon_count = 5\n"
                            "bad_password_count = 2\n"
                            "[:policy]\n"
                            "min_password_age_days = 1\n"
                            "max_password_age_days = 42\n";

#define DAY 864000000000LL
#define NEVER 0x7FFFFFFFFFFFFFFFLL

static LONGLONG filetime(WORD year, WORD month, WORD day, WORD hour)
{
    SYSTEMTIME st = {year, month, 0, day, hour, 0, 0, 0};
    FILETIME ft;

    assert_true(SystemTimeToFileTime(&st, &ft));
    return ((LONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

/* A string of the session data: the expected text, NUL-terminated, MaximumLength covering the NUL. */
static void assert_session_string(const LSA_UNICODE_STRING *s, const WCHAR *expected)
{
    size_t n = wcslen(expected);

    assert_int_equal(s->Length, n * sizeof(WCHAR));
    assert_int_equal(s->MaximumLength, s->Length + sizeof(WCHAR));
    assert_non_null(s->Buffer);
    assert_int_equal(s->Buffer[n], 0);
    if (memcmp(s->Buffer, expected, n * sizeof(WCHAR)))
        fail_msg("string is \"%.*ls\", expected \"%ls\"", (int)n, s->Buffer, expected);
}

static PSECURITY_LOGON_SESSION_DATA session_data(const LUID *id)
{
    PSECURITY_LOGON_SESSION_DATA d = NULL;

    assert_status(LsaGetLogonSessionData((PLUID)id, &d), STATUS_SUCCESS);
    assert_non_null(d);
    assert_int_equal(d->Size, sizeof(*d));
    return d;
}

/* The fields every carol session shows, whatever its logon type. */
static void assert_carol_details(const SECURITY_LOGON_SESSION_DATA *d)
{
    LONGLONG last_set = filetime(2026, 11, 1, 0);

    assert_session_string(&d->UserName, L"carol");
    assert_session_string(&d->AuthenticationPackage, L"NTLM");
    assert_session_string(&d->LogonScript, L"logon.cmd");
    assert_session_string(&d->ProfilePath, L"C:\\Users\\carol");
    assert_session_string(&d->HomeDirectory, L"\\\\srv\\home\\carol");
    assert_session_string(&d->HomeDirectoryDrive, L"H:");
    assert_true(d->LogoffTime.QuadPart == NEVER);
    assert_true(d->KickOffTime.QuadPart == filetime(2099, 1, 1, 0));
    assert_true(d->PasswordLastSet.QuadPart == last_set);
    assert_true(d->PasswordCanChange.QuadPart == last_set + DAY);
    assert_true(d->PasswordMustChange.QuadPart == last_set + 42 * DAY);
}

/* An interactive session reports what its profile says, and the account's logon history before it. */
static void test_interactive_session(void **state)
{
    MSV1_0_INTERACTIVE_PROFILE *p;
    PSECURITY_LOGON_SESSION_DATA d;
    logon_result r;
    LONGLONG first;

    (void)state;
    msv1_0_use_scratch_accounts(&acc, L"sdata", carol);
    do_logon(lsa, msv, Interactive, buf,
             build_interactive(buf, MsV1_0InteractiveLogon, L"", L"carol", L"Secret123", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    p = r.profile;
    d = session_data(&r.id);
    assert_int_equal(d->LogonType, Interactive);
    assert_carol_details(d);
    assert_int_equal(d->UserFlags, LOGON_PROFILE_PATH_RETURNED);
    assert_int_equal(p->UserFlags, d->UserFlags);
    assert_true(d->LogoffTime.QuadPart == p->LogoffTime.QuadPart);
    assert_true(d->KickOffTime.QuadPart == p->KickOffTime.QuadPart);
    assert_true(d->PasswordLastSet.QuadPart == p->PasswordLastSet.QuadPart);
    assert_true(d->PasswordCanChange.QuadPart == p->PasswordCanChange.QuadPart);
    assert_true(d->PasswordMustChange.QuadPart == p->PasswordMustChange.QuadPart);
    assert_int_equal(p->BadPasswordCount, 2);
    assert_true(d->LastLogonInfo.LastSuccessfulLogon.QuadPart == filetime(2026, 11, 20, 10));
    assert_int_equal(d->LastLogonInfo.FailedAttemptCountSinceLastSuccessfulLogon, 2);
    assert_true(d->LastLogonInfo.LastFailedLogon.QuadPart == filetime(2026, 11, 20, 9));
    first = p->LogonTime.QuadPart;
    LsaFreeReturnBuffer(d);
    release_logon(&r);

    /* The second logon's last success is the first logon (the file keeps whole seconds); no failure since. */
    do_logon(lsa, msv, Interactive, buf,
             build_interactive(buf, MsV1_0InteractiveLogon, L"", L"carol", L"Secret123", DIALECT_RELATIVE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    d = session_data(&r.id);
    assert_true(d->LastLogonInfo.LastSuccessfulLogon.QuadPart <= first);
    assert_true(first - d->LastLogonInfo.LastSuccessfulLogon.QuadPart < 10000000);
    assert_int_equal(d->LastLogonInfo.FailedAttemptCountSinceLastSuccessfulLogon, 0);
    LsaFreeReturnBuffer(d);
    release_logon(&r);
}

/* A network session (clear-text password supplied) reports the LM20 profile's UserFlags and the account's details. */
static void test_network_session(void **state)
{
    PSECURITY_LOGON_SESSION_DATA d;
    logon_result r;

    (void)state;
    msv1_0_use_scratch_accounts(&acc, L"sdata", carol);
    do_logon(lsa, msv, Network, buf, build_cleartext_lm20(buf, L"carol", L"Secret123", 0), &r);
    assert_status(r.status, STATUS_SUCCESS);
    d = session_data(&r.id);
    assert_int_equal(d->LogonType, Network);
    assert_carol_details(d);
    assert_int_equal(d->UserFlags, ((MSV1_0_LM20_LOGON_PROFILE *)r.profile)->UserFlags);
    assert_int_equal(d->UserFlags, LOGON_NOENCRYPTION);
    /* Without MSV1_0_UPDATE_LOGON_STATISTICS nothing was counted: the failures since the last success remain. */
    assert_int_equal(d->LastLogonInfo.FailedAttemptCountSinceLastSuccessfulLogon, 2);
    LsaFreeReturnBuffer(d);
    release_logon(&r);
}

/* An S4U session has the same details; an account without any reports empty strings and its times. */
static void test_s4u_and_bare_sessions(void **state)
{
    PSECURITY_LOGON_SESSION_DATA d;
    logon_result r;

    (void)state;
    msv1_0_use_scratch_accounts(&acc, L"sdata", carol);
    do_logon(lsa, msv, Batch, buf, build_s4u(buf, 0, L"carol", L"", DIALECT_RELATIVE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    d = session_data(&r.id);
    assert_int_equal(d->LogonType, Batch);
    assert_carol_details(d);
    assert_int_equal(d->LastLogonInfo.FailedAttemptCountSinceLastSuccessfulLogon, 2);
    LsaFreeReturnBuffer(d);
    release_logon(&r);

    msv1_0_use_scratch_accounts(&acc, L"sdata", "[dave]\npassword = Secret123\npassword_never_expires = yes\n");
    do_logon(lsa, msv, Interactive, buf,
             build_interactive(buf, MsV1_0InteractiveLogon, L"", L"dave", L"Secret123", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    d = session_data(&r.id);
    assert_session_string(&d->LogonScript, L"");
    assert_session_string(&d->ProfilePath, L"");
    assert_session_string(&d->HomeDirectory, L"");
    assert_session_string(&d->HomeDirectoryDrive, L"");
    assert_int_equal(d->UserFlags, 0);
    assert_true(d->KickOffTime.QuadPart == NEVER);
    assert_true(d->PasswordMustChange.QuadPart == NEVER);
    assert_true(d->LastLogonInfo.LastSuccessfulLogon.QuadPart == 0); /* never logged on before */
    LsaFreeReturnBuffer(d);
    release_logon(&r);
}

/* Sets the accounts file's last-write time to `ft` (with a fraction of a second, as real file times have). */
static void set_file_time(LONGLONG ft)
{
    HANDLE h = CreateFileW(acc.file, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, 0, NULL);
    FILETIME t;

    assert_true(h != INVALID_HANDLE_VALUE);
    t.dwLowDateTime = (DWORD)ft;
    t.dwHighDateTime = (DWORD)((ULONGLONG)ft >> 32);
    assert_true(SetFileTime(h, NULL, NULL, &t));
    CloseHandle(h);
}

/* One interactive logon of `user` (password Secret123): the profile's and the session's PasswordLastSet, which must
 * agree. */
static LONGLONG password_last_set(const WCHAR *user)
{
    MSV1_0_INTERACTIVE_PROFILE *p;
    PSECURITY_LOGON_SESSION_DATA d;
    logon_result r;
    LONGLONG value;

    do_logon(lsa, msv, Interactive, buf,
             build_interactive(buf, MsV1_0InteractiveLogon, L"", user, L"Secret123", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    p = r.profile;
    d = session_data(&r.id);
    value = p->PasswordLastSet.QuadPart;
    assert_true(d->PasswordLastSet.QuadPart == value);
    LsaFreeReturnBuffer(d);
    release_logon(&r);
    return value;
}

/* An account without password_last_set reports the file's last-write time as PasswordLastSet: in whole seconds from
 * the first logon on, and the same on every later one, although each logon (and a wrong password, and an unknown
 * name) rewrites the file. An account that logs on for the first time after those writes keeps its first value too. */
static void test_password_last_set_stable(void **state)
{
    /* A day ago (well within the default maximum password age), with a fraction of a second. */
    LONGLONG written = (now_filetime() - DAY) / 10000000 * 10000000 + 1234567, first, later;
    logon_result r;
    int i;

    (void)state;
    msv1_0_use_scratch_accounts(&acc, L"sdata", "[carol]\npassword = Secret123\n[dave]\npassword = Secret123\n");
    set_file_time(written);
    first = password_last_set(L"carol");
    assert_true(first == written - 1234567); /* the fraction dropped */
    for (i = 0; i < 3; i++) {
        do_logon(lsa, msv, Interactive, buf,
                 build_interactive(buf, MsV1_0InteractiveLogon, L"", i == 1 ? L"nobody" : L"carol", L"wrong",
                                   DIALECT_ABSOLUTE), &r);
        assert_status(r.status, STATUS_LOGON_FAILURE);
        assert_true(password_last_set(L"carol") == first);
    }
    later = password_last_set(L"dave");
    assert_true(later % 10000000 == 0);
    assert_true(password_last_set(L"dave") == later);
    assert_true(password_last_set(L"carol") == first);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interactive_session),
        cmocka_unit_test(test_network_session),
        cmocka_unit_test(test_s4u_and_bare_sessions),
        cmocka_unit_test(test_password_last_set_stable),
    };
    return cmocka_run_group_tests(tests, msv1_0_setup, msv1_0_teardown);
}
