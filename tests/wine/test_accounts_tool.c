/* The accounts tool (lsaemu_accounts.exe, copied beside this program) as a user runs it: add, passwd, disable, show,
 * list, remove, policy, its exit codes and messages; a hand-written `password =` replaced by its hash at the next
 * write; and the accounts it writes logging on through MSV1_0 with LsaLogonUser (our DLL re-reads the file when it
 * changes). Works on a file in the current folder, named to LSAEMU_ACCOUNTS inside this process. */
#include "test_packages_common.h"

#define TOOL_OUTPUT_MAX 16384

static WCHAR file[MAX_PATH];

typedef struct tool_result {
    DWORD code;
    char out[TOOL_OUTPUT_MAX]; /* stdout and stderr together */
} tool_result;

/* Runs `lsaemu_accounts.exe --file <file> <args>` and collects its output and exit code. */
static void tool(tool_result *r, const WCHAR *args)
{
    WCHAR dir[MAX_PATH], exe[MAX_PATH], cmd[4096];
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    PROCESS_INFORMATION pi;
    STARTUPINFOW si;
    HANDLE rd, wr;
    DWORD got, used = 0;

    GetModuleFileNameW(NULL, dir, MAX_PATH);
    *wcsrchr(dir, '\\') = 0;
    swprintf(exe, MAX_PATH, L"%ls\\lsaemu_accounts.exe", dir);
    swprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --file \"%ls\" %ls", exe, file, args);
    assert_true(CreatePipe(&rd, &wr, &sa, 0));
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = wr;
    if (!CreateProcessW(exe, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
        fail_msg("CreateProcessW(%ls): error %lu", exe, (unsigned long)GetLastError());
    CloseHandle(wr);
    while (used < TOOL_OUTPUT_MAX - 1 && ReadFile(rd, r->out + used, TOOL_OUTPUT_MAX - 1 - used, &got, NULL) && got)
        used += got;
    r->out[used] = 0;
    CloseHandle(rd);
    assert_int_equal(WaitForSingleObject(pi.hProcess, 60000), WAIT_OBJECT_0);
    GetExitCodeProcess(pi.hProcess, &r->code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

static void expect_tool(const WCHAR *args, DWORD code, const char *in_output)
{
    static tool_result r;

    tool(&r, args);
    if (r.code != code || (in_output && !strstr(r.out, in_output)))
        fail_msg("lsaemu_accounts %ls: exit %lu, want %lu%s%s; output:\n%s", args, (unsigned long)r.code,
                 (unsigned long)code, in_output ? ", output with " : "", in_output ? in_output : "", r.out);
}

static void put_file(const char *text)
{
    HANDLE h = CreateFileW(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD done;

    assert_true(h != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(h, text, (DWORD)strlen(text), &done, NULL));
    CloseHandle(h);
}

static char *get_file(void)
{
    static char text[65536];
    HANDLE h = CreateFileW(file, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    DWORD got = 0;

    assert_true(h != INVALID_HANDLE_VALUE);
    assert_true(ReadFile(h, text, sizeof(text) - 1, &got, NULL));
    text[got] = 0;
    CloseHandle(h);
    return text;
}

/* An MSV1_0 interactive logon of a local account through our DLL. */
static NTSTATUS logon(const WCHAR *user, const WCHAR *password)
{
    HANDLE lsa = connect_untrusted();
    BYTE buf[4096];
    ULONG len = build_interactive(buf, MsV1_0InteractiveLogon, L".", user, password, DIALECT_ABSOLUTE);
    logon_result r;

    do_logon(lsa, msv1_0_id(lsa), Interactive, buf, len, &r);
    release_logon(&r);
    LsaDeregisterLogonProcess(lsa);
    return r.status;
}

static int setup(void **state)
{
    (void)state;
    GetCurrentDirectoryW(MAX_PATH, file);
    wcscat(file, L"\\tool-accounts.ini");
    DeleteFileW(file);
    SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", file);
    return 0;
}

static void add_passwd_disable_show_list_remove(void **state)
{
    (void)state;
    put_file("# written by hand\n[carol]\npassword = Hand-Written1\n");
    /* the hand-written account logs on from its clear text */
    assert_status(logon(L"carol", L"Hand-Written1"), STATUS_SUCCESS);

    expect_tool(L"add alice --password Secret123 --full-name \"Alice Example\"", 0, NULL);
    expect_tool(L"add bob --password Hunter2!", 0, NULL);
    /* the next write replaced carol's clear text by its hash; bob's is MD4 of UTF-16LE "Hunter2!" */
    /* (a "password =" line; carol's logon pinned a password_last_set, which is fine) */
    assert_null(strstr(get_file(), "\npassword "));
    assert_null(strstr(get_file(), "\npassword="));
    assert_null(strstr(get_file(), "Hand-Written1"));
    assert_null(strstr(get_file(), "Secret123"));
    assert_null(strstr(get_file(), "# written by hand"));
    assert_non_null(strstr(get_file(), "nt_hash = 411B0E157E85D817481B5964FF1AC200"));
    assert_status(logon(L"carol", L"Hand-Written1"), STATUS_SUCCESS);
    assert_status(logon(L"alice", L"Secret123"), STATUS_SUCCESS);
    assert_status(logon(L"bob", L"Hunter2!"), STATUS_SUCCESS);

    expect_tool(L"add ALICE --password x", 1, "account defined twice");
    expect_tool(L"add dave", 1, "exactly one of --password and --nt-hash");
    expect_tool(L"add dave --nt-hash 1234", 1, "32 hex digits");
    expect_tool(L"add dave --nt-hash 411b0e157e85d817481b5964ff1ac200 --rid 1002", 1, "rid used twice");
    expect_tool(L"add \"a:b\" --password x", 1, "invalid account name");

    expect_tool(L"passwd alice NewPass456", 0, NULL);
    assert_status(logon(L"alice", L"NewPass456"), STATUS_SUCCESS);
    assert_status(logon(L"alice", L"Secret123"), STATUS_LOGON_FAILURE);
    expect_tool(L"passwd nobody x", 2, "no account nobody");

    expect_tool(L"disable alice", 0, NULL);
    expect_tool(L"show alice", 0, "disabled               yes");
    expect_tool(L"enable alice", 0, NULL);
    expect_tool(L"show alice", 0, "disabled               no");
    expect_tool(L"set alice locked_out=yes bad_password_count=4 lockout_time=2026-11-21T10:00:00Z "
                L"last_bad_password=2026-11-21T09:59:00Z", 0, NULL);
    expect_tool(L"show alice", 0, "bad_password_count     4");
    expect_tool(L"show alice", 0, "lockout_time           2026-11-21T10:00:00Z");
    expect_tool(L"unlock alice", 0, NULL);
    expect_tool(L"show alice", 0, "locked_out             no");
    expect_tool(L"show alice", 0, "bad_password_count     0");
    expect_tool(L"show alice", 0, "lockout_time           never");
    expect_tool(L"show alice", 0, "last_bad_password      2026-11-21T09:59:00Z"); /* history stays */
    expect_tool(L"set alice account_expires=2027-01-31T23:59:59Z logon_hours=all workstations=PC1,PC2 "
                L"groups=Users,S-1-5-32-544 home_directory=\\\\srv\\home\\alice home_directory_drive=H: "
                L"profile_path=C:\\Users\\alice logon_script=go.cmd must_change_password=yes",
                0, NULL);
    expect_tool(L"show alice", 0, "account_expires        2027-01-31T23:59:59Z");
    expect_tool(L"show alice", 0, "workstations           PC1,PC2");
    expect_tool(L"show alice", 0, "home_directory         \\\\srv\\home\\alice");
    expect_tool(L"show alice", 0, "full_name              Alice Example");
    expect_tool(L"set alice account_expires=tomorrow", 1, "time is not never");
    expect_tool(L"set alice colour=blue", 1, "unknown key");
    expect_tool(L"set alice password=x", 1, "use passwd");
    expect_tool(L"set alice", 1, "wrong number of arguments");

    /* show never prints a secret, nor does list */
    {
        static tool_result r;

        tool(&r, L"show bob");
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, "set (NT hash)"));
        assert_null(strstr(r.out, "411B0E157E85D817481B5964FF1AC200"));
        assert_null(strstr(r.out, "411b0e157e85d817481b5964ff1ac200"));
        tool(&r, L"list");
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, "carol"));
        assert_non_null(strstr(r.out, "alice"));
        assert_non_null(strstr(r.out, "bob"));
        assert_null(strstr(r.out, "411B0E"));
    }

    expect_tool(L"policy lockout_threshold=5 max_password_age_days=0", 0, NULL);
    expect_tool(L"policy", 0, "lockout_threshold            5");
    expect_tool(L"policy lockout_threshold=1000", 1, "not a decimal number in its range");
    expect_tool(L"policy disabled=yes", 1, "unknown key");

    expect_tool(L"remove alice", 0, NULL);
    expect_tool(L"remove alice", 2, "no account alice");
    expect_tool(L"show alice", 2, "no account alice");
    assert_status(logon(L"alice", L"NewPass456"), STATUS_LOGON_FAILURE);
    assert_status(logon(L"bob", L"Hunter2!"), STATUS_SUCCESS);
}

static void usage_and_file_errors(void **state)
{
    char before[256];

    (void)state;
    expect_tool(L"", 1, "usage:");
    expect_tool(L"frobnicate", 1, "unknown command frobnicate");
    expect_tool(L"list extra", 1, "usage:");
    /* a missing file is an empty database; the first add creates it */
    expect_tool(L"list", 0, NULL);
    expect_tool(L"add first --password p", 0, NULL);
    expect_tool(L"list", 0, "first");
    /* a malformed file: exit 3 with the line, and it is not overwritten */
    put_file("[a]\npassword = x\nbogus = 1\n");
    strcpy(before, get_file());
    expect_tool(L"list", 3, ":3: unknown key");
    expect_tool(L"add b --password y", 3, ":3: unknown key");
    assert_string_equal(get_file(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(add_passwd_disable_show_list_remove, setup),
        cmocka_unit_test_setup(usage_and_file_errors, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
