/* MSV1_0 account restrictions observed through LsaLogonUser: the password is checked first (a restricted account with
 * a wrong password is STATUS_LOGON_FAILURE, SubStatus 0), then each restriction gives STATUS_ACCOUNT_RESTRICTION with
 * its SubStatus. Each test writes its own accounts file into a fresh temporary folder and points LSAEMU_ACCOUNTS at
 * it (the package reads the variable on every logon; in-process transport only, where the variable is ours). */
#include "test_msv1_0_fixture.h"

static BYTE buf[4096];
static scratch_accounts acc;

/* Writes `text` (UTF-8) as a fresh accounts file and makes it the package's. */
static void use_accounts(const char *text)
{
    scratch_accounts_write(&acc, L"restr", text);
}

/* The accounts file as text (for the persisted counters). */
static const char *file_text(void)
{
    return scratch_accounts_text(&acc);
}

static void logon_as(SECURITY_LOGON_TYPE type, const WCHAR *user, const WCHAR *password, logon_result *r)
{
    ULONG len = build_interactive(buf, MsV1_0InteractiveLogon, L"", user, password, DIALECT_ABSOLUTE);
    do_logon(lsa, msv, type, buf, len, r);
}

/* One logon of "carol" (password Secret123) with the given extra account lines and [:policy] lines. */
static void expect(const char *account_lines, const char *policy_lines, const WCHAR *password, NTSTATUS status,
                   NTSTATUS sub)
{
    static const SECURITY_LOGON_TYPE types[] = {Interactive, Batch, Service, Network};
    char text[2048];
    size_t i;

    snprintf(text, sizeof(text), "[carol]\npassword = Secret123\nrid = 1010\n%s\n[:policy]\n%s\n", account_lines,
             policy_lines);
    use_accounts(text);
    for (i = 0; i < ARRAYSIZE(types); i++) {
        logon_result r;

        logon_as(types[i], L"carol", password, &r);
        if (r.status != status || r.sub != sub)
            print_message("logon type %d, account lines \"%s\": status 0x%08lx sub 0x%08lx\n", (int)types[i],
                          account_lines, (unsigned long)r.status, (unsigned long)r.sub);
        assert_status(r.status, status);
        assert_status(r.sub, sub);
        if (status == STATUS_SUCCESS)
            release_logon(&r);
        else
            assert_logon_cleared(&r);
    }
}

static void test_unrestricted(void **state)
{
    (void)state;
    expect("", "", L"Secret123", STATUS_SUCCESS, STATUS_SUCCESS);
}

static void test_password_checked_first(void **state)
{
    (void)state;
    expect("disabled = yes\nlocked_out = yes\naccount_expires = 2000-01-01T00:00:00Z", "", L"wrong",
           STATUS_LOGON_FAILURE, STATUS_SUCCESS);
    expect("disabled = yes", "", L"", STATUS_LOGON_FAILURE, STATUS_SUCCESS);
}

static void test_disabled(void **state)
{
    (void)state;
    expect("disabled = yes", "", L"Secret123", STATUS_ACCOUNT_RESTRICTION, STATUS_ACCOUNT_DISABLED);
}

static void test_locked_out(void **state)
{
    (void)state;
    /* Duration 0: locked until unlocked by hand. */
    expect("locked_out = yes", "lockout_duration_minutes = 0", L"Secret123", STATUS_ACCOUNT_RESTRICTION,
           STATUS_ACCOUNT_LOCKED_OUT);
    /* Locked "now" (the file was just written) with a 30-minute duration: still locked. */
    expect("locked_out = yes", "lockout_duration_minutes = 30", L"Secret123", STATUS_ACCOUNT_RESTRICTION,
           STATUS_ACCOUNT_LOCKED_OUT);
}

/* `minutes` ago as the accounts file writes times (UTC, whole seconds). */
static void time_ago(LONGLONG minutes, char out[21])
{
    ULARGE_INTEGER t;
    FILETIME ft;
    SYSTEMTIME st;

    t.QuadPart = (ULONGLONG)now_filetime() - (ULONGLONG)minutes * 60 * 10000000;
    ft.dwLowDateTime = t.LowPart;
    ft.dwHighDateTime = t.HighPart;
    assert_true(FileTimeToSystemTime(&ft, &st));
    snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
             st.wSecond);
}

/* A lockout ends lockout_duration_minutes after lockout_time; a later write of the file does not restart it. */
static void test_lockout_duration_passed(void **state)
{
    char text[256], when[21];
    logon_result r;

    (void)state;
    time_ago(29, when);
    snprintf(text, sizeof(text), "[carol]\npassword = Secret123\nlocked_out = yes\nlockout_time = %s\n"
                                 "[:policy]\nlockout_duration_minutes = 30\n", when);
    use_accounts(text);
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_ACCOUNT_RESTRICTION);
    assert_status(r.sub, STATUS_ACCOUNT_LOCKED_OUT);
    time_ago(31, when);
    snprintf(text, sizeof(text), "[carol]\npassword = Secret123\nlocked_out = yes\nlockout_time = %s\n"
                                 "[:policy]\nlockout_duration_minutes = 30\n", when);
    use_accounts(text); /* written just now, locked 31 minutes ago */
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.sub, STATUS_SUCCESS);
    release_logon(&r);
    /* The success cleared the lockout in the file. */
    assert_null(strstr(file_text(), "locked_out"));
    assert_null(strstr(file_text(), "lockout_time"));
}

/* Wrong passwords further apart than lockout_observation_minutes do not add up. */
static void test_lockout_observation_window(void **state)
{
    char text[256], when[21];
    logon_result r;

    (void)state;
    time_ago(20, when);
    snprintf(text, sizeof(text), "[carol]\npassword = Secret123\nbad_password_count = 2\nlast_bad_password = %s\n"
                                 "[:policy]\nlockout_threshold = 3\nlockout_observation_minutes = 15\n", when);
    use_accounts(text);
    logon_as(Interactive, L"carol", L"wrong", &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_non_null(strstr(file_text(), "bad_password_count = 1\n")); /* the old two were outside the window */
    assert_null(strstr(file_text(), "locked_out"));
    /* Inside the window they do: two more lock the account, with the time of the lockout recorded. */
    logon_as(Interactive, L"carol", L"wrong", &r);
    logon_as(Interactive, L"carol", L"wrong", &r);
    assert_non_null(strstr(file_text(), "locked_out = yes"));
    assert_non_null(strstr(file_text(), "lockout_time = 20"));
    assert_non_null(strstr(file_text(), "last_bad_password = 20"));
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_ACCOUNT_RESTRICTION);
    assert_status(r.sub, STATUS_ACCOUNT_LOCKED_OUT);
}

static void test_account_expired(void **state)
{
    (void)state;
    expect("account_expires = 2000-01-01T00:00:00Z", "", L"Secret123", STATUS_ACCOUNT_RESTRICTION,
           STATUS_ACCOUNT_EXPIRED);
    expect("account_expires = 9999-01-01T00:00:00Z", "", L"Secret123", STATUS_SUCCESS, STATUS_SUCCESS);
}

static void test_password_expiry(void **state)
{
    (void)state;
    expect("password_last_set = 2000-01-01T00:00:00Z", "max_password_age_days = 42", L"Secret123",
           STATUS_ACCOUNT_RESTRICTION, STATUS_PASSWORD_EXPIRED);
    expect("password_last_set = 2000-01-01T00:00:00Z\npassword_never_expires = yes", "max_password_age_days = 42",
           L"Secret123", STATUS_SUCCESS, STATUS_SUCCESS);
    expect("password_last_set = 2000-01-01T00:00:00Z", "max_password_age_days = 0", L"Secret123", STATUS_SUCCESS,
           STATUS_SUCCESS);
}

static void test_must_change(void **state)
{
    (void)state;
    expect("must_change_password = yes", "", L"Secret123", STATUS_ACCOUNT_RESTRICTION, STATUS_PASSWORD_MUST_CHANGE);
}

/* 42 hex digits with every hour allowed except (allowed = FALSE) or only (allowed = TRUE) the hours around now. */
static void hours_around_now(BOOL allowed, char *out)
{
    BYTE bits[21];
    SYSTEMTIME st;
    int h, d, i;

    GetSystemTime(&st);
    h = st.wDayOfWeek * 24 + st.wHour;
    memset(bits, allowed ? 0x00 : 0xFF, sizeof(bits));
    for (d = -1; d <= 1; d++) { /* a neighbour too, in case the hour turns during the test */
        i = (h + d + 168) % 168;
        if (allowed)
            bits[i / 8] |= (BYTE)(1u << (i % 8));
        else
            bits[i / 8] &= (BYTE)~(1u << (i % 8));
    }
    for (i = 0; i < 21; i++)
        sprintf(out + 2 * i, "%02X", bits[i]);
}

static void test_logon_hours(void **state)
{
    char hex[43], line[64];

    (void)state;
    hours_around_now(FALSE, hex);
    snprintf(line, sizeof(line), "logon_hours = %s", hex);
    expect(line, "", L"Secret123", STATUS_ACCOUNT_RESTRICTION, STATUS_INVALID_LOGON_HOURS);
    hours_around_now(TRUE, hex);
    snprintf(line, sizeof(line), "logon_hours = %s", hex);
    expect(line, "", L"Secret123", STATUS_SUCCESS, STATUS_SUCCESS);
}

static void test_workstations(void **state)
{
    char line[512];

    (void)state;
    expect("workstations = OTHERPC, THIRDPC", "", L"Secret123", STATUS_ACCOUNT_RESTRICTION,
           STATUS_INVALID_WORKSTATION);
    /* The computer name in another case is still this computer. */
    snprintf(line, sizeof(line), "workstations = OTHERPC, %ls", computer_name());
    CharLowerA(line + 24);
    expect(line, "", L"Secret123", STATUS_SUCCESS, STATUS_SUCCESS);
}

static void test_password_not_required(void **state)
{
    static const SECURITY_LOGON_TYPE console[] = {Interactive, Batch, Service};
    logon_result r;
    size_t i;

    (void)state;
    /* An empty password logs on at the console; over the network the blank-password limit refuses it
     * (test_msv1_0_blank.c). */
    use_accounts("[carol]\npassword = Secret123\nrid = 1010\npassword_not_required = yes\n");
    for (i = 0; i < ARRAYSIZE(console); i++) {
        logon_as(console[i], L"carol", L"", &r);
        assert_status(r.status, STATUS_SUCCESS);
        release_logon(&r);
    }
    logon_as(Network, L"carol", L"", &r);
    assert_status(r.status, STATUS_ACCOUNT_RESTRICTION);
    assert_status(r.sub, STATUS_ACCOUNT_RESTRICTION);
    expect("password_not_required = yes", "", L"Secret123", STATUS_SUCCESS, STATUS_SUCCESS);
    expect("password_not_required = yes", "", L"wrong", STATUS_LOGON_FAILURE, STATUS_SUCCESS);
    expect("", "", L"", STATUS_LOGON_FAILURE, STATUS_SUCCESS);
}

/* The profile fields that come from the account and the policy. */
static void test_profile_fields(void **state)
{
    const LONGLONG day = 24LL * 3600 * 10000000;
    const LONGLONG set_2025 = 134090208000000000LL; /* 2025-12-01T00:00:00Z as a FILETIME */
    const LONGLONG expires = 2334898656000000000LL; /* 9000-01-01T00:00:00Z */
    MSV1_0_INTERACTIVE_PROFILE *p;
    logon_result r;

    (void)state;
    use_accounts("[carol]\npassword = Secret123\nrid = 1010\nlogon_script = logon.cmd\n"
                 "home_directory = \\\\server\\home\\carol\nhome_directory_drive = H:\n"
                 "profile_path = C:\\Users\\carol\naccount_expires = 9000-01-01T00:00:00Z\n"
                 "password_last_set = 2025-12-01T00:00:00Z\n"
                 "[:policy]\nmax_password_age_days = 999\nmin_password_age_days = 2\n");
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    p = r.profile;
    assert_true(p->KickOffTime.QuadPart == expires);
    assert_true(p->LogoffTime.QuadPart == 0x7FFFFFFFFFFFFFFFLL);
    assert_true(p->PasswordLastSet.QuadPart == set_2025);
    assert_true(p->PasswordCanChange.QuadPart == set_2025 + 2 * day);
    assert_true(p->PasswordMustChange.QuadPart == set_2025 + 999 * day);
    assert_block_ustring(p, r.profile_len, &p->LogonScript, L"logon.cmd");
    assert_block_ustring(p, r.profile_len, &p->HomeDirectory, L"\\\\server\\home\\carol");
    assert_block_ustring(p, r.profile_len, &p->HomeDirectoryDrive, L"H:");
    assert_block_ustring(p, r.profile_len, &p->ProfilePath, L"C:\\Users\\carol");
    release_logon(&r);

    /* password_never_expires: PasswordMustChange never. */
    use_accounts("[carol]\npassword = Secret123\npassword_never_expires = yes\n");
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    p = r.profile;
    assert_true(p->PasswordMustChange.QuadPart == 0x7FFFFFFFFFFFFFFFLL);
    assert_true(p->KickOffTime.QuadPart == 0x7FFFFFFFFFFFFFFFLL);
    release_logon(&r);
}

/* Wrong passwords are counted in the file; the threshold locks the account; the right password then meets the
 * lockout restriction. */
static void test_lockout_after_threshold(void **state)
{
    logon_result r;
    int i;

    (void)state;
    use_accounts("[carol]\npassword = Secret123\n[:policy]\nlockout_threshold = 3\n");
    for (i = 1; i <= 3; i++) {
        char expected[64];

        logon_as(Interactive, L"carol", L"wrong", &r);
        assert_status(r.status, STATUS_LOGON_FAILURE);
        assert_status(r.sub, STATUS_SUCCESS);
        snprintf(expected, sizeof(expected), "bad_password_count = %d", i);
        assert_non_null(strstr(file_text(), expected));
    }
    assert_non_null(strstr(file_text(), "locked_out = yes"));
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_ACCOUNT_RESTRICTION);
    assert_status(r.sub, STATUS_ACCOUNT_LOCKED_OUT);
    /* Still locked: a wrong password stays a plain logon failure. */
    logon_as(Network, L"carol", L"wrong", &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
}

/* A success resets bad_password_count, counts the logon and records last_logon, in the file. */
static void test_counters_persisted(void **state)
{
    MSV1_0_INTERACTIVE_PROFILE *p;
    logon_result r;

    (void)state;
    use_accounts("[carol]\npassword = Secret123\nlogon_count = 5\n");
    logon_as(Interactive, L"carol", L"wrong", &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    logon_as(Batch, L"carol", L"wrong", &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_non_null(strstr(file_text(), "bad_password_count = 2"));
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    p = r.profile;
    assert_int_equal(p->LogonCount, 6);
    assert_int_equal(p->BadPasswordCount, 2);
    release_logon(&r);
    assert_null(strstr(file_text(), "bad_password_count"));
    assert_non_null(strstr(file_text(), "logon_count = 6"));
    assert_non_null(strstr(file_text(), "last_logon = 20"));
}

/* A file that cannot be written: logons still work, with the statistics in memory. */
static void test_read_only_file(void **state)
{
    MSV1_0_INTERACTIVE_PROFILE *p;
    logon_result r;
    WCHAR blocker[MAX_PATH + 32];
    USHORT first;

    (void)state;
    use_accounts("[carol]\npassword = Secret123\nlogon_count = 5\n");
    /* A folder where the store writes its temporary file (as root under Wine, a read-only attribute or mode would
     * not stop the write). */
    swprintf(blocker, ARRAYSIZE(blocker), L"%ls.tmp-%lu", acc.file, (unsigned long)GetCurrentProcessId());
    assert_true(CreateDirectoryW(blocker, NULL));
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    first = ((MSV1_0_INTERACTIVE_PROFILE *)r.profile)->LogonCount;
    assert_true(first >= 6);
    release_logon(&r);
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    p = r.profile;
    assert_int_equal(p->LogonCount, first + 1);
    release_logon(&r);
    assert_non_null(strstr(file_text(), "logon_count = 5"));
    RemoveDirectoryW(blocker);
}

/* groups and primary_group: names and SIDs resolve (the token object Wine makes does not show the package's groups,
 * so only the outcome is observable here); an unknown group name fails the logon. */
static void test_groups(void **state)
{
    (void)state;
    expect("groups = Administrators, remote desktop users, S-1-5-32-551\nprimary_group = Users", "", L"Secret123",
           STATUS_SUCCESS, STATUS_SUCCESS);
    expect("groups = Users, No Such Group", "", L"Secret123", STATUS_INTERNAL_DB_CORRUPTION, STATUS_SUCCESS);
    expect("primary_group = Nobody", "", L"Secret123", STATUS_INTERNAL_DB_CORRUPTION, STATUS_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unrestricted),
        cmocka_unit_test(test_password_checked_first),
        cmocka_unit_test(test_disabled),
        cmocka_unit_test(test_locked_out),
        cmocka_unit_test(test_lockout_duration_passed),
        cmocka_unit_test(test_lockout_observation_window),
        cmocka_unit_test(test_account_expired),
        cmocka_unit_test(test_password_expiry),
        cmocka_unit_test(test_must_change),
        cmocka_unit_test(test_logon_hours),
        cmocka_unit_test(test_workstations),
        cmocka_unit_test(test_password_not_required),
        cmocka_unit_test(test_profile_fields),
        cmocka_unit_test(test_lockout_after_threshold),
        cmocka_unit_test(test_counters_persisted),
        cmocka_unit_test(test_read_only_file),
        cmocka_unit_test(test_groups),
    };
    return cmocka_run_group_tests(tests, msv1_0_setup, msv1_0_teardown);
}
