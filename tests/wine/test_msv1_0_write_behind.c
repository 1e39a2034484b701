/* MSV1_0 logon statistics written behind (msv1_0_write_behind.h), over every transport:
 *   "long": a 60 s delay, so nothing is written while the tests run. A child process (never this one, whose pooled
 *           connections would keep a server alive) sees bad passwords lock the account at once from memory and a hand
 *           edit of the file merged (its fields win, the unwritten logons are counted on top), then stops; this
 *           process finds everything in the file long before the delay: written at the clean stop (the child's DLL
 *           unloading; over `server`, the server's exit once idle).
 *   "short": a 300 ms delay: 20 logons reach the file without any stop, by the writer thread.
 * The program writes its own accounts file before its first call, so the server it starts reads that one. */
#include "test_msv1_0_fixture.h"

static BYTE buf[4096];
static scratch_accounts acc;

static const char accounts_text[] =
    "[:policy]\nlockout_threshold = 3\nlockout_duration_minutes = 30\n"
    "[lock1]\npassword = Secret123\n"
    "[merge1]\npassword = Secret123\nlogon_count = 5\n"
    "[count1]\npassword = Secret123\n";

static void logon_as(HANDLE h, const WCHAR *user, const WCHAR *password, logon_result *r)
{
    ULONG len = build_interactive(buf, MsV1_0InteractiveLogon, L"", user, password, DIALECT_ABSOLUTE);
    do_logon(h, msv, Interactive, buf, len, r);
}

/* Whether the account's section of the file holds `line` (e.g. "logon_count = 5\n"). */
static BOOL section_has(const char *text, const char *section, const char *line)
{
    const char *start = strstr(text, section), *end, *hit;

    if (!start)
        return FALSE;
    start += strlen(section);
    end = strchr(start, '[');
    hit = strstr(start, line);
    return hit && (!end || hit < end);
}

/* Polls the file until the section holds the line; the bound only keeps a broken build from hanging the suite. */
static BOOL file_reaches(const char *section, const char *line)
{
    for (int i = 0; i < 600; i++) {
        if (section_has(scratch_accounts_text(&acc), section, line))
            return TRUE;
        Sleep(50);
    }
    print_message("file never reached %s %s:\n%s\n", section, line, scratch_accounts_text(&acc));
    return FALSE;
}

/* The threshold locks the account on the third bad password, before anything is written. */
static void test_lockout_decided_in_memory(void **state)
{
    logon_result r;

    (void)state;
    for (int i = 0; i < 3; i++) {
        logon_as(lsa, L"lock1", L"wrong", &r);
        assert_status(r.status, STATUS_LOGON_FAILURE);
    }
    logon_as(lsa, L"lock1", L"Secret123", &r);
    assert_status(r.status, STATUS_ACCOUNT_LOCKED_OUT);
    assert_logon_cleared(&r);
    assert_false(section_has(scratch_accounts_text(&acc), "[lock1]", "bad_password_count")); /* still behind */
}

/* The file edited by hand while two logons wait: its fields win (logon_count 100, a full name), the waiting logons
 * and bad passwords are counted on top of it (103 with the next one; lock1 still locked). */
static void test_hand_edit_merged(void **state)
{
    MSV1_0_INTERACTIVE_PROFILE *p;
    logon_result r;
    HANDLE h;
    DWORD written;
    static const char edited[] =
        "[:policy]\nlockout_threshold = 3\nlockout_duration_minutes = 30\n"
        "[lock1]\npassword = Secret123\n"
        "[merge1]\npassword = Secret123\nlogon_count = 100\nfull_name = Edited By Hand\n"
        "[count1]\npassword = Secret123\n";

    (void)state;
    for (int i = 0; i < 2; i++) {
        logon_as(lsa, L"merge1", L"Secret123", &r);
        assert_status(r.status, STATUS_SUCCESS);
        p = r.profile;
        assert_int_equal(p->LogonCount, 6 + i);
        release_logon(&r);
    }
    assert_true(section_has(scratch_accounts_text(&acc), "[merge1]", "logon_count = 5\n")); /* not written yet */
    h = CreateFileW(acc.file, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, CREATE_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    assert_true(h != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(h, edited, (DWORD)strlen(edited), &written, NULL));
    CloseHandle(h);

    logon_as(lsa, L"merge1", L"Secret123", &r);
    assert_status(r.status, STATUS_SUCCESS);
    p = r.profile;
    assert_int_equal(p->LogonCount, 103);
    assert_int_equal(p->FullName.Length, wcslen(L"Edited By Hand") * sizeof(WCHAR));
    assert_memory_equal(p->FullName.Buffer, L"Edited By Hand", p->FullName.Length);
    release_logon(&r);
    logon_as(lsa, L"lock1", L"Secret123", &r);
    assert_status(r.status, STATUS_ACCOUNT_LOCKED_OUT);
}

/* The child's logons, bad passwords and merged edit, found in the file after its clean stop. */
static void test_written_at_clean_stop(void **state)
{
    WCHAR exe[MAX_PATH], cmd[MAX_PATH + 16];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD code = 1;
    const char *text;

    (void)state;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    assert_true(GetModuleFileNameW(NULL, exe, ARRAYSIZE(exe)) > 0);
    swprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" child", exe);
    assert_true(CreateProcessW(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    assert_int_equal(code, 0);
    assert_true(file_reaches("[count1]", "logon_count = 5\n"));
    text = scratch_accounts_text(&acc);
    assert_true(section_has(text, "[merge1]", "logon_count = 103\n"));
    assert_true(section_has(text, "[merge1]", "full_name = Edited By Hand\n") ||
                section_has(text, "[merge1]", "full_name = \"Edited By Hand\"\n"));
    assert_true(section_has(text, "[lock1]", "bad_password_count = 3\n"));
    assert_true(section_has(text, "[lock1]", "locked_out = yes\n"));
}

/* 20 logons in a row, no stop: the writer thread writes them once the delay has run. */
static void test_written_within_delay(void **state)
{
    logon_result r;

    (void)state;
    for (int i = 0; i < 20; i++) {
        logon_as(lsa, L"count1", L"Secret123", &r);
        assert_status(r.status, STATUS_SUCCESS);
        release_logon(&r);
    }
    assert_true(file_reaches("[count1]", "logon_count = 20\n"));
}

/* Five logons of count1 after the group's tests. */
static void test_five_logons(void **state)
{
    logon_result r;

    (void)state;
    for (int i = 0; i < 5; i++) {
        logon_as(lsa, L"count1", L"Secret123", &r);
        assert_status(r.status, STATUS_SUCCESS);
        release_logon(&r);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest child_tests[] = {
        cmocka_unit_test(test_lockout_decided_in_memory),
        cmocka_unit_test(test_hand_edit_merged),
        cmocka_unit_test(test_five_logons),
    };
    const struct CMUnitTest stop_tests[] = {
        cmocka_unit_test(test_written_at_clean_stop),
    };
    const struct CMUnitTest short_tests[] = {
        cmocka_unit_test(test_written_within_delay),
    };

    if (argc > 1 && !strcmp(argv[1], "child")) { /* LSAEMU_ACCOUNTS and the delay inherited */
        if (!GetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", acc.file, ARRAYSIZE(acc.file)))
            return 3;
        return cmocka_run_group_tests(child_tests, msv1_0_setup, msv1_0_teardown);
    }
    if (argc > 1 && !strcmp(argv[1], "short")) {
        SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS_WRITE_DELAY_MS", L"300");
        scratch_accounts_write(&acc, L"wbshort", accounts_text);
        return cmocka_run_group_tests(short_tests, msv1_0_setup, msv1_0_teardown);
    }
    SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS_WRITE_DELAY_MS", L"60000");
    scratch_accounts_write(&acc, L"wblong", accounts_text);
    return cmocka_run_group_tests(stop_tests, NULL, NULL);
}
