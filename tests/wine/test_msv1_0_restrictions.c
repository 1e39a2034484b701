/* MSV1_0 account restrictions observed through LsaLogonUser: a locked-out account answers STATUS_ACCOUNT_LOCKED_OUT
 * (SubStatus 0) whatever the password; otherwise the password is checked first (a restricted account with a wrong
 * password is STATUS_LOGON_FAILURE, SubStatus 0), then each restriction gives STATUS_ACCOUNT_RESTRICTION with its
 * SubStatus. Each test writes its own accounts file into a fresh temporary folder and points LSAEMU_ACCOUNTS at
 * it (the package reads the variable on every logon; in-process transport only, where the variable is ours). */
#include "test_msv1_0_fixture.h"

static BYTE buf[4096];
static scratch_accounts acc;

/* Writes `text` (UTF-8) as a fresh accounts file and makes it the package's. */
static void use_accounts(const char *text)
{
    msv1_0_use_scratch_accounts(&acc, L"restr", text);
}

/* The process whose store writes the file (its temporary file is named after it): ours, or over `server` the
 * server's, which use_accounts started (the fixture reconnected to it). */
static unsigned long lsa_process_id(void)
{
    WCHAR name[256];
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_TRANSPORT", name, ARRAYSIZE(name));
    ULONG pid = 0;
    HANDLE pipe;

    if (!n || n >= ARRAYSIZE(name) || lstrcmpiW(name, L"server"))
        return GetCurrentProcessId();
    n = GetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", name, ARRAYSIZE(name));
    assert_true(n > 0 && n < ARRAYSIZE(name));
    pipe = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    assert_true(pipe != INVALID_HANDLE_VALUE);
    assert_true(GetNamedPipeServerProcessId(pipe, &pid));
    CloseHandle(pipe);
    return pid;
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
    expect("disabled = yes\naccount_expires = 2000-01-01T00:00:00Z", "", L"wrong", STATUS_LOGON_FAILURE,
           STATUS_SUCCESS);
    expect("disabled = yes", "", L"", STATUS_LOGON_FAILURE, STATUS_SUCCESS);
}

/* A restricted logon with the right password is neither a logon nor a bad password: the file keeps no count. */
static void test_disabled(void **state)
{
    (void)state;
    expect("disabled = yes", "", L"Secret123", STATUS_ACCOUNT_RESTRICTION, STATUS_ACCOUNT_DISABLED);
    assert_null(strstr(file_text(), "logon_count"));
    assert_null(strstr(file_text(), "last_logon"));
    assert_null(strstr(file_text(), "bad_password_count"));
}

/* A locked account gives STATUS_ACCOUNT_LOCKED_OUT for the right password, a wrong one and an empty one alike (as
 * Windows' 4625 records of a spray show): the answer confirms no password. A wrong one is not counted. */
static void test_locked_out(void **state)
{
    static const WCHAR *const passwords[] = {L"Secret123", L"wrong", L""};
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(passwords); i++) {
        /* Duration 0: locked until unlocked by hand. */
        expect("locked_out = yes\nbad_password_count = 3", "lockout_threshold = 3\nlockout_duration_minutes = 0",
               passwords[i], STATUS_ACCOUNT_LOCKED_OUT, STATUS_SUCCESS);
        assert_non_null(strstr(file_text(), "bad_password_count = 3\n"));
        assert_null(strstr(file_text(), "last_bad_password"));
        /* Locked "now" (the file was just written) with a 30-minute duration: still locked. */
        expect("locked_out = yes", "lockout_duration_minutes = 30", passwords[i], STATUS_ACCOUNT_LOCKED_OUT,
               STATUS_SUCCESS);
        /* Even with every other restriction: the lockout is what a locked account answers. */
        expect("locked_out = yes\ndisabled = yes\naccount_expires = 2000-01-01T00:00:00Z", "", passwords[i],
               STATUS_ACCOUNT_LOCKED_OUT, STATUS_SUCCESS);
    }
}

/* `seconds` ago as the accounts file writes times (UTC, whole seconds). */
static void seconds_ago(LONGLONG seconds, char out[21])
{
    ULARGE_INTEGER t;
    FILETIME ft;
    SYSTEMTIME st;

    t.QuadPart = (ULONGLONG)now_filetime() - (ULONGLONG)seconds * 10000000;
    ft.dwLowDateTime = t.LowPart;
    ft.dwHighDateTime = t.HighPart;
    assert_true(FileTimeToSystemTime(&ft, &st));
    snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
             st.wSecond);
}

/* carol, locked out `seconds` ago by the threshold (`extra` account lines), with the given lockout duration. */
static void use_carol_locked(LONGLONG seconds, const char *extra, unsigned duration_minutes)
{
    char text[320], when[21];

    seconds_ago(seconds, when);
    snprintf(text, sizeof(text), "[carol]\npassword = Secret123\nlocked_out = yes\nlockout_time = %s\n%s"
                                 "[:policy]\nlockout_threshold = 3\nlockout_duration_minutes = %u\n",
             when, extra, duration_minutes);
    use_accounts(text);
}

/* Sets the accounts file's last-write time, `seconds` ago. */
static void file_written_ago(LONGLONG seconds)
{
    HANDLE h = CreateFileW(acc.file, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, 0, NULL);
    ULARGE_INTEGER t;
    FILETIME ft;

    assert_true(h != INVALID_HANDLE_VALUE);
    t.QuadPart = (ULONGLONG)now_filetime() - (ULONGLONG)seconds * 10000000;
    ft.dwLowDateTime = t.LowPart;
    ft.dwHighDateTime = t.HighPart;
    assert_true(SetFileTime(h, NULL, NULL, &ft));
    CloseHandle(h);
}

/* With a one-minute lockout_duration_minutes: locked 30 seconds ago is still locked, 2 minutes ago is over (the
 * success then clears the lockout in the file). A locked_out account without lockout_time (set by hand, or a file
 * from before the field) stays locked until unlocked, however old the file: its lock time is unknown, and an admin
 * who locks an account by hand expects it to stay locked. */
static void test_lockout_one_minute(void **state)
{
    logon_result r;

    (void)state;
    use_carol_locked(30, "bad_password_count = 3\n", 1);
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_ACCOUNT_LOCKED_OUT);
    assert_status(r.sub, STATUS_SUCCESS);
    assert_logon_cleared(&r);

    use_carol_locked(2 * 60, "bad_password_count = 3\n", 1);
    logon_as(Network, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.sub, STATUS_SUCCESS);
    release_logon(&r);
    assert_null(strstr(file_text(), "locked_out"));
    assert_null(strstr(file_text(), "lockout_time"));
    assert_null(strstr(file_text(), "bad_password_count"));
    assert_non_null(strstr(file_text(), "logon_count = 1\n"));

    use_accounts("[carol]\npassword = Secret123\nlocked_out = yes\n[:policy]\nlockout_duration_minutes = 1\n");
    file_written_ago(3600);
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_ACCOUNT_LOCKED_OUT);
    assert_status(r.sub, STATUS_SUCCESS);
}

/* Runs the accounts tool copied beside this program on the scratch file; gives its exit code. */
static DWORD run_tool(const WCHAR *args)
{
    WCHAR exe[MAX_PATH], cmd[2 * MAX_PATH + 256];
    PROCESS_INFORMATION pi;
    STARTUPINFOW si;
    DWORD code = 0xFFFFFFFF;

    assert_true(GetModuleFileNameW(NULL, exe, MAX_PATH) > 0);
    wcscpy(wcsrchr(exe, '\\') + 1, L"lsaemu_accounts.exe");
    swprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --file \"%ls\" %ls", exe, acc.file, args);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    if (!CreateProcessW(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        fail_msg("CreateProcessW(%ls): error %lu", exe, (unsigned long)GetLastError());
    assert_int_equal(WaitForSingleObject(pi.hProcess, 60000), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(pi.hProcess, &code));
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

/* Locked at the threshold with no lockout duration (until an administrator unlocks): `lsaemu_accounts unlock` clears
 * the flag, the count and lockout_time (last_bad_password stays: it is history), and the next logon succeeds. */
static void test_unlock_with_tool(void **state)
{
    MSV1_0_INTERACTIVE_PROFILE *p;
    logon_result r;

    (void)state;
    use_accounts("[carol]\npassword = Secret123\n[:policy]\nlockout_threshold = 2\nlockout_duration_minutes = 0\n");
    logon_as(Interactive, L"carol", L"wrong", &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    logon_as(Batch, L"carol", L"wrong", &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_status(r.sub, STATUS_SUCCESS);
    assert_non_null(strstr(file_text(), "locked_out = yes"));
    assert_non_null(strstr(file_text(), "lockout_time = 20"));
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_ACCOUNT_LOCKED_OUT);
    assert_status(r.sub, STATUS_SUCCESS);

    assert_int_equal(run_tool(L"unlock carol"), 0);
    assert_null(strstr(file_text(), "locked_out"));
    assert_null(strstr(file_text(), "lockout_time"));
    assert_null(strstr(file_text(), "bad_password_count"));
    assert_non_null(strstr(file_text(), "last_bad_password = 20"));
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.sub, STATUS_SUCCESS);
    p = r.profile;
    assert_int_equal(p->BadPasswordCount, 0);
    assert_int_equal(p->LogonCount, 1);
    release_logon(&r);
    /* The tool works on an account nobody locked too, and refuses an unknown one (exit code 2). */
    assert_int_equal(run_tool(L"unlock carol"), 0);
    assert_int_equal(run_tool(L"unlock nobody"), 2);
}

/* A lockout ends lockout_duration_minutes after lockout_time; a later write of the file does not restart it. */
static void test_lockout_duration_passed(void **state)
{
    logon_result r;

    (void)state;
    use_carol_locked(29 * 60, "", 30);
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_ACCOUNT_LOCKED_OUT);
    assert_status(r.sub, STATUS_SUCCESS);
    use_carol_locked(31 * 60, "", 30); /* written just now, locked 31 minutes ago */
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
    seconds_ago(20 * 60, when);
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
    assert_status(r.status, STATUS_ACCOUNT_LOCKED_OUT);
    assert_status(r.sub, STATUS_SUCCESS);
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
    assert_status(r.status, STATUS_ACCOUNT_LOCKED_OUT);
    assert_status(r.sub, STATUS_SUCCESS);
    /* Still locked: a wrong password gets the same answer, and is not counted. */
    logon_as(Network, L"carol", L"wrong", &r);
    assert_status(r.status, STATUS_ACCOUNT_LOCKED_OUT);
    assert_status(r.sub, STATUS_SUCCESS);
    assert_non_null(strstr(file_text(), "bad_password_count = 3\n"));
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

/* The package keeps its parse of the file it wrote, but under the store's lock it compares the file's text with it
 * before writing: a change made meanwhile by someone else is not lost even when it keeps the file's size and
 * last-write time (here forged; in life, two writes within one tick of the file-system clock). */
static void test_foreign_change_kept(void **state)
{
    WIN32_FILE_ATTRIBUTE_DATA before, after;
    MSV1_0_INTERACTIVE_PROFILE *p;
    char text[512], *count;
    logon_result r;
    HANDLE h;
    DWORD done;

    (void)state;
    use_accounts("[carol]\npassword = Secret123\nlogon_count = 10\n");
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
    assert_true(strlen(file_text()) < sizeof(text));
    strcpy(text, file_text());
    assert_non_null(count = strstr(text, "logon_count = 11\n"));
    memcpy(count, "logon_count = 50\n", 17); /* same length */
    assert_true(GetFileAttributesExW(acc.file, GetFileExInfoStandard, &before));
    h = CreateFileW(acc.file, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, TRUNCATE_EXISTING, 0, NULL);
    assert_true(h != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(h, text, (DWORD)strlen(text), &done, NULL));
    assert_true(SetFileTime(h, NULL, NULL, &before.ftLastWriteTime));
    CloseHandle(h);
    assert_true(GetFileAttributesExW(acc.file, GetFileExInfoStandard, &after));
    assert_int_equal(after.nFileSizeLow, before.nFileSizeLow);
    assert_int_equal(CompareFileTime(&after.ftLastWriteTime, &before.ftLastWriteTime), 0);

    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    p = r.profile;
    assert_int_equal(p->LogonCount, 51);
    release_logon(&r);
    assert_non_null(strstr(file_text(), "logon_count = 51\n"));
}

#define CHILD_LOGONS 60

/* N interactive logons of carol from the accounts file named by LSAEMU_ACCOUNTS: how many failed. */
static int carol_logons(int n)
{
    int i, failed = 0;

    for (i = 0; i < n; i++) {
        logon_result r;

        logon_as(Interactive, L"carol", L"Secret123", &r);
        if (r.status != STATUS_SUCCESS)
            failed++;
        else
            release_logon(&r);
    }
    return failed;
}

/* Child mode (`test_msv1_0_restrictions.exe logons N`): exit code 0 when all N logons succeeded. */
static int child_logons(int n)
{
    int failed;

    msv1_0_setup(NULL);
    failed = carol_logons(n);
    msv1_0_teardown(NULL);
    return failed ? 1 : 0;
}

/* Logons in three processes at once, each keeping its own cached parse: every one is counted in the file. */
static void test_concurrent_logons_counted(void **state)
{
    PROCESS_INFORMATION pi[2];
    WCHAR self[MAX_PATH], cmd[MAX_PATH + 64];
    char expected[64];
    DWORD code;
    int i;

    (void)state;
    use_accounts("[carol]\npassword = Secret123\n");
    assert_true(GetModuleFileNameW(NULL, self, MAX_PATH) > 0);
    swprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" logons %d", self, CHILD_LOGONS);
    for (i = 0; i < 2; i++) {
        STARTUPINFOW si;

        memset(&si, 0, sizeof(si));
        si.cb = sizeof(si);
        assert_true(CreateProcessW(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi[i]));
    }
    assert_int_equal(carol_logons(CHILD_LOGONS), 0);
    for (i = 0; i < 2; i++) {
        assert_int_equal(WaitForSingleObject(pi[i].hProcess, 120000), WAIT_OBJECT_0);
        assert_true(GetExitCodeProcess(pi[i].hProcess, &code));
        assert_int_equal(code, 0);
        CloseHandle(pi[i].hProcess);
        CloseHandle(pi[i].hThread);
    }
    snprintf(expected, sizeof(expected), "logon_count = %d\n", 3 * CHILD_LOGONS);
    if (!strstr(file_text(), expected))
        fail_msg("want %s in:\n%s", expected, file_text());
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
    swprintf(blocker, ARRAYSIZE(blocker), L"%ls.tmp-%lu", acc.file, lsa_process_id());
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

/* MSV1_0_INTERACTIVE_LOGON + the LUID of the session being unlocked (KERB_INTERACTIVE_UNLOCK_LOGON's layout). */
typedef struct unlock_logon {
    MSV1_0_INTERACTIVE_LOGON Logon;
    LUID LogonId;
} unlock_logon;

/* One logon of carol with `password` by every kind MSV1_0 serves: interactive-structure logon types, a workstation
 * unlock, an NTLM network logon (the LM20 structure, clear-text form) and S4U (no password). */
enum { KIND_INTERACTIVE, KIND_BATCH, KIND_SERVICE, KIND_NETWORK_CLEARTEXT, KIND_REMOTE, KIND_UNLOCK, KIND_LM20,
       KIND_S4U, KIND_COUNT };

static void logon_kind(int kind, const WCHAR *password, logon_result *r)
{
    static const SECURITY_LOGON_TYPE types[] = {Interactive, Batch, Service, NetworkCleartext, RemoteInteractive};
    ULONG len;

    switch (kind) {
    case KIND_UNLOCK:
        len = build_interactive_in(buf, sizeof(unlock_logon), MsV1_0WorkstationUnlockLogon, L"", L"carol", password,
                                   DIALECT_ABSOLUTE);
        AllocateLocallyUniqueId(&((unlock_logon *)buf)->LogonId);
        do_logon(lsa, msv, Unlock, buf, len, r);
        return;
    case KIND_LM20:
        do_logon(lsa, msv, Network, buf, build_cleartext_lm20(buf, L"carol", password, 0), r);
        return;
    case KIND_S4U:
        do_logon(lsa, msv, Network, buf, build_s4u(buf, 0, L"carol", L"", DIALECT_ABSOLUTE), r);
        return;
    default:
        logon_as(types[kind], L"carol", password, r);
    }
}

/* Every logon kind of a locked account, right password or wrong: STATUS_ACCOUNT_LOCKED_OUT, SubStatus 0, nothing
 * returned, and the file untouched (no count, no newer last_bad_password, the lockout not extended). Once the
 * duration has passed, the same account behaves normally again: a wrong password counts from 1, the right one logs
 * on. */
static void test_locked_every_logon_kind(void **state)
{
    static const WCHAR *const passwords[] = {L"Secret123", L"wrong"};
    char before[1024];
    logon_result r;
    size_t p;
    int kind;

    (void)state;
    use_carol_locked(30, "bad_password_count = 3\nlast_bad_password = 2026-01-01T00:00:00Z\n", 30);
    assert_true(strlen(file_text()) < sizeof(before));
    strcpy(before, file_text());
    for (kind = 0; kind < KIND_COUNT; kind++) {
        for (p = 0; p < ARRAYSIZE(passwords); p++) {
            logon_kind(kind, passwords[p], &r);
            if (r.status != STATUS_ACCOUNT_LOCKED_OUT || r.sub != STATUS_SUCCESS)
                print_message("kind %d, password %ls: status 0x%08lx sub 0x%08lx\n", kind, passwords[p],
                              (unsigned long)r.status, (unsigned long)r.sub);
            assert_status(r.status, STATUS_ACCOUNT_LOCKED_OUT);
            assert_status(r.sub, STATUS_SUCCESS);
            assert_logon_cleared(&r);
        }
    }
    assert_string_equal(file_text(), before);

    for (kind = 0; kind < KIND_COUNT; kind++) {
        use_carol_locked(31 * 60, "bad_password_count = 3\n", 30);
        if (kind != KIND_S4U) {
            logon_kind(kind, L"wrong", &r);
            assert_status(r.status, STATUS_LOGON_FAILURE);
            assert_status(r.sub, STATUS_SUCCESS);
            assert_non_null(strstr(file_text(), "bad_password_count = 1\n"));
            assert_null(strstr(file_text(), "locked_out"));
        }
        logon_kind(kind, L"Secret123", &r);
        if (r.status != STATUS_SUCCESS)
            print_message("kind %d after the lockout: status 0x%08lx\n", kind, (unsigned long)r.status);
        assert_status(r.status, STATUS_SUCCESS);
        release_logon(&r);
    }
}

/* The blocker folder that keeps the store from writing its temporary file (as root under Wine, a read-only
 * attribute or mode would not stop the write). */
static void block_writes(WCHAR *blocker, size_t cap)
{
    swprintf(blocker, cap, L"%ls.tmp-%lu", acc.file, lsa_process_id());
    assert_true(CreateDirectoryW(blocker, NULL));
}

/* A file the LSA cannot write while a lockout policy is in force: bad passwords could only be counted per process,
 * so password logons fail closed, right password or wrong, known name or not, with STATUS_INTERNAL_DB_ERROR; S4U
 * (no password to guess) still works. Once the file is writable again, logons work and count as before. */
static void test_read_only_file_lockout_policy(void **state)
{
    static const WCHAR *const users[] = {L"carol", L"nobody"};
    WCHAR blocker[MAX_PATH + 32];
    logon_result r;
    size_t u;
    int i;

    (void)state;
    use_accounts("[carol]\npassword = Secret123\n[:policy]\nlockout_threshold = 3\n");
    block_writes(blocker, ARRAYSIZE(blocker));
    for (i = 0; i < 5; i++) {
        for (u = 0; u < ARRAYSIZE(users); u++) {
            logon_as(Interactive, users[u], L"wrong", &r);
            assert_status(r.status, STATUS_INTERNAL_DB_ERROR);
            assert_logon_cleared(&r);
        }
        logon_as(Interactive, L"carol", L"Secret123", &r);
        assert_status(r.status, STATUS_INTERNAL_DB_ERROR);
        assert_logon_cleared(&r);
        /* A network logon that records no statistics must fail as well, or it would confirm the password. */
        do_logon(lsa, msv, Network, buf, build_cleartext_lm20(buf, L"carol", L"Secret123", 0), &r);
        assert_status(r.status, STATUS_INTERNAL_DB_ERROR);
    }
    do_logon(lsa, msv, Network, buf, build_s4u(buf, 0, L"carol", L"", DIALECT_ABSOLUTE), &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
    assert_string_equal(file_text(), "[carol]\npassword = Secret123\n[:policy]\nlockout_threshold = 3\n");

    assert_true(RemoveDirectoryW(blocker));
    logon_as(Interactive, L"carol", L"wrong", &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_non_null(strstr(file_text(), "bad_password_count = 1\n"));
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
}

/* MsV1_0ChangePassword of carol (untrusted, as anyone may): its ProtocolStatus. */
static NTSTATUS change_password(const WCHAR *old_pw, const WCHAR *new_pw)
{
    MSV1_0_CHANGEPASSWORD_REQUEST *req = (MSV1_0_CHANGEPASSWORD_REQUEST *)buf;
    size_t used = sizeof(*req);
    call_result r;

    memset(buf, 0, sizeof(buf));
    req->MessageType = MsV1_0ChangePassword;
    put_ustring(buf, &used, &req->DomainName, L"", DIALECT_ABSOLUTE);
    put_ustring(buf, &used, &req->AccountName, L"carol", DIALECT_ABSOLUTE);
    put_ustring(buf, &used, &req->OldPassword, old_pw, DIALECT_ABSOLUTE);
    put_ustring(buf, &used, &req->NewPassword, new_pw, DIALECT_ABSOLUTE);
    do_call(untrusted, msv, buf, (ULONG)used, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_non_null(r.buf);
    LsaFreeReturnBuffer(r.buf);
    return r.protocol;
}

/* A password change against a file the LSA cannot write: a wrong old password cannot be counted, so it gets the same
 * STATUS_INTERNAL_DB_ERROR as the right one (which cannot be stored); neither tells which it was. Writable again, the
 * wrong one is counted and the right one changes the password. */
static void test_read_only_file_change_password(void **state)
{
    WCHAR blocker[MAX_PATH + 32];
    logon_result r;

    (void)state;
    use_accounts("[carol]\npassword = Secret123\n[:policy]\nlockout_threshold = 3\n");
    block_writes(blocker, ARRAYSIZE(blocker));
    assert_status(change_password(L"wrong", L"NewPass1"), STATUS_INTERNAL_DB_ERROR);
    assert_status(change_password(L"Secret123", L"NewPass1"), STATUS_INTERNAL_DB_ERROR);
    assert_string_equal(file_text(), "[carol]\npassword = Secret123\n[:policy]\nlockout_threshold = 3\n");
    assert_true(RemoveDirectoryW(blocker));
    assert_status(change_password(L"wrong", L"NewPass1"), STATUS_WRONG_PASSWORD);
    assert_non_null(strstr(file_text(), "bad_password_count = 1\n"));
    assert_status(change_password(L"Secret123", L"NewPass1"), STATUS_SUCCESS);
    logon_as(Interactive, L"carol", L"NewPass1", &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
}

/* Every rewrite of the file by the LSA stores a hand-written clear-text password as its hash, for every account in
 * the file, not only the one whose statistics changed. */
static void test_rewrite_stores_hashes(void **state)
{
    logon_result r;

    (void)state;
    use_accounts("[carol]\npassword = Secret123\n[dave]\npassword = \"Dave's secret\"\n");
    logon_as(Interactive, L"carol", L"wrong", &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_null(strstr(file_text(), "\npassword ="));
    assert_null(strstr(file_text(), "Secret123"));
    assert_null(strstr(file_text(), "secret"));
    assert_non_null(strstr(file_text(), "nt_hash = "));
    /* The hashes are the passwords': both still log on. */
    logon_as(Interactive, L"carol", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
    logon_as(Interactive, L"dave", L"Dave's secret", &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
    /* An unknown name's rewrite (the same work as a counted bad password) stores hashes too. */
    use_accounts("[carol]\npassword = Secret123\n");
    logon_as(Interactive, L"nobody", L"Secret123", &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_null(strstr(file_text(), "Secret123"));
    assert_non_null(strstr(file_text(), "nt_hash = "));
    assert_null(strstr(file_text(), "bad_password_count"));
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

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unrestricted),
        cmocka_unit_test(test_password_checked_first),
        cmocka_unit_test(test_disabled),
        cmocka_unit_test(test_locked_out),
        cmocka_unit_test(test_lockout_duration_passed),
        cmocka_unit_test(test_lockout_observation_window),
        cmocka_unit_test(test_lockout_one_minute),
        cmocka_unit_test(test_unlock_with_tool),
        cmocka_unit_test(test_account_expired),
        cmocka_unit_test(test_password_expiry),
        cmocka_unit_test(test_must_change),
        cmocka_unit_test(test_logon_hours),
        cmocka_unit_test(test_workstations),
        cmocka_unit_test(test_password_not_required),
        cmocka_unit_test(test_profile_fields),
        cmocka_unit_test(test_lockout_after_threshold),
        cmocka_unit_test(test_counters_persisted),
        cmocka_unit_test(test_foreign_change_kept),
        cmocka_unit_test(test_concurrent_logons_counted),
        cmocka_unit_test(test_read_only_file),
        cmocka_unit_test(test_locked_every_logon_kind),
        cmocka_unit_test(test_read_only_file_lockout_policy),
        cmocka_unit_test(test_read_only_file_change_password),
        cmocka_unit_test(test_rewrite_stores_hashes),
        cmocka_unit_test(test_groups),
    };
    if (argc == 3 && !strcmp(argv[1], "logons"))
        return child_logons(atoi(argv[2]));
    return cmocka_run_group_tests(tests, msv1_0_setup, msv1_0_teardown);
}
