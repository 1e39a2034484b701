/* lsaemu's accounts flush (LSAEMU_MSV1_0_FLUSH_ACCOUNTS, include/lsaemu/lsaemu_msv1_0.h) over every transport; the
 * file read back with the accounts store's own parser (lsa_store_load) and with the accounts tool.
 *   (no argument) each transport's own setting: the server's default delay (200 ms), write-through in process. After
 *        a bad then a good password, and two bad ones locking another account, a trusted flush answers once the file
 *        holds every count, exactly; an untrusted one is refused; the tool shows a logon it has just made.
 *   long: a 60 s delay everywhere, in process too, so nothing reaches the file during the test but through the flush:
 *        the file is checked unchanged before it (and after the refused one), the tool's read is proved to flush, and
 *        a write that fails (a malformed file, the file's lock held) answers the store's status with the checks kept
 *        for the next flush; over `server`, the tool reads on when its flush fails, and says so.
 * The program writes its own accounts file before its first call, so the server it starts reads that one. */
#include "test_msv1_0_fixture.h"

#include "accounts_store.h"
#include "lsaemu/lsaemu_msv1_0.h"

static BYTE buf[4096];
static scratch_accounts acc;
static BOOL long_delay;
static int64_t started; /* seconds since 1970, before the first logon */

static const char accounts_text[] = "[:policy]\nlockout_threshold = 2\nlockout_duration_minutes = 30\n"
                                    "[flush1]\npassword = Secret123\n"
                                    "[flush2]\npassword = Secret123\n";

static int64_t now_seconds(void)
{
    return (now_filetime() - 116444736000000000LL) / 10000000; /* 1601 to 1970, in 100 ns */
}

static NTSTATUS logon_as(const WCHAR *user, const WCHAR *password)
{
    ULONG len = build_interactive(buf, MsV1_0InteractiveLogon, L"", user, password, DIALECT_ABSOLUTE);
    logon_result r;

    do_logon(lsa, msv, Interactive, buf, len, &r);
    release_logon(&r);
    return r.status;
}

/* The flush on connection h: the call's status, which ProtocolStatus must equal, and never a return buffer. */
static NTSTATUS flush(HANDLE h)
{
    ULONG message = LSAEMU_MSV1_0_FLUSH_ACCOUNTS;
    call_result r;

    do_call(h, msv, &message, sizeof(message), &r);
    assert_status(r.protocol, r.status);
    assert_no_return_buffer(&r);
    return r.status;
}

/* An account as the file holds it now, through the store's parser; the caller frees *db. */
static const lsa_account *file_account(lsa_accounts_db **db, const char *name)
{
    lsa_store_error err;
    const lsa_account *a;

    assert_int_equal(lsa_store_load(acc.file, db, &err), LSA_STORE_OK);
    a = lsa_accounts_find(*db, NULL, name);
    assert_non_null(a);
    return a;
}

static void assert_recent(int64_t t)
{
    /* file times are whole seconds: the bounds are the clock's, not a duration the test expects */
    assert_true(t != LSA_ACCOUNTS_NEVER);
    assert_true(t >= started - 1);
    assert_true(t <= now_seconds() + 1);
}

/* Runs `lsaemu_accounts.exe --file <file> <args>` (copied beside this program); its stdout and stderr in out. */
static DWORD tool(const WCHAR *args, char *out, DWORD size)
{
    WCHAR exe[MAX_PATH], cmd[2 * MAX_PATH + 64];
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    PROCESS_INFORMATION pi;
    STARTUPINFOW si;
    HANDLE rd, wr;
    DWORD got, used = 0, code = 0xdeadbeef;

    assert_true(GetModuleFileNameW(NULL, exe, MAX_PATH) > 0);
    wcscpy(wcsrchr(exe, '\\') + 1, L"lsaemu_accounts.exe");
    swprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" --file \"%ls\" %ls", exe, acc.file, args);
    assert_true(CreatePipe(&rd, &wr, &sa, 0));
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = si.hStdError = wr;
    if (!CreateProcessW(exe, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
        fail_msg("CreateProcessW(%ls): error %lu", exe, (unsigned long)GetLastError());
    CloseHandle(wr);
    while (used < size - 1 && ReadFile(rd, out + used, size - 1 - used, &got, NULL) && got)
        used += got;
    out[used] = 0;
    CloseHandle(rd);
    assert_int_equal(WaitForSingleObject(pi.hProcess, 60000), WAIT_OBJECT_0);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

/* Nothing queued: success at once, and nothing written. A buffer too short for the message type is refused first. */
static void test_nothing_queued(void **state)
{
    USHORT half = (USHORT)LSAEMU_MSV1_0_FLUSH_ACCOUNTS;
    call_result r;

    (void)state;
    do_call(lsa, msv, &half, sizeof(half), &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_status(r.protocol, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
    assert_status(flush(lsa), STATUS_SUCCESS);
    assert_string_equal(scratch_accounts_text(&acc), accounts_text);
}

/* A bad then a good password (flush1), two bad ones reaching the threshold (flush2): written by the flush, exactly. */
static void test_flush_writes_counts(void **state)
{
    lsa_accounts_db *db;
    const lsa_account *a;

    (void)state;
    started = now_seconds();
    assert_status(logon_as(L"flush1", L"wrong"), STATUS_LOGON_FAILURE);
    assert_status(logon_as(L"flush1", L"Secret123"), STATUS_SUCCESS);
    assert_status(logon_as(L"flush2", L"wrong"), STATUS_LOGON_FAILURE);
    assert_status(logon_as(L"flush2", L"wrong"), STATUS_LOGON_FAILURE);
    assert_status(logon_as(L"flush2", L"Secret123"), STATUS_ACCOUNT_LOCKED_OUT);
    if (long_delay) /* 60 s: only the flush can write them within the test */
        assert_string_equal(scratch_accounts_text(&acc), accounts_text);

    /* refused to an untrusted caller, as MSV1_0's other trusted-only messages; nothing written */
    assert_status(flush(untrusted), STATUS_ACCESS_DENIED);
    if (long_delay)
        assert_string_equal(scratch_accounts_text(&acc), accounts_text);

    assert_status(flush(lsa), STATUS_SUCCESS);
    a = file_account(&db, "flush1");
    assert_int_equal(a->logon_count, 1);
    assert_int_equal(a->bad_password_count, 0); /* reset by the success */
    assert_recent(a->last_logon);
    assert_recent(a->last_bad_password);
    assert_false(a->flags & LSA_ACCOUNT_LOCKED_OUT);
    a = lsa_accounts_find(db, NULL, "flush2");
    assert_non_null(a);
    assert_int_equal(a->logon_count, 0);
    assert_int_equal(a->bad_password_count, 2);
    assert_true(a->flags & LSA_ACCOUNT_LOCKED_OUT);
    assert_recent(a->lockout_time);
    assert_recent(a->last_bad_password);
    assert_true(a->last_logon == LSA_ACCOUNTS_NEVER);
    lsa_accounts_free(db);

    /* written already: the next flush has nothing left */
    assert_status(flush(lsa), STATUS_SUCCESS);
}

/* The tool writes the LSA's statistics before it reads: a logon made just before shows in `show`. */
static void test_tool_shows_current_counts(void **state)
{
    static char out[8192];
    char want[64];
    const char *hit;

    (void)state;
    assert_status(logon_as(L"flush1", L"Secret123"), STATUS_SUCCESS);
    assert_int_equal(tool(L"show flush1", out, sizeof(out)), 0);
    snprintf(want, sizeof(want), "%-22s %u", "logon_count", 2u);
    if (!(hit = strstr(out, want)) || (hit[strlen(want)] >= '0' && hit[strlen(want)] <= '9'))
        fail_msg("lsaemu_accounts show flush1, want \"%s\":\n%s", want, out);
    assert_int_equal(tool(L"list", out, sizeof(out)), 0);
    if (!strstr(out, "locked_out"))
        fail_msg("lsaemu_accounts list, want flush2 locked_out:\n%s", out);
}

/* The tool's flush fails (the file's lock held past the LSA's lock timeout): said on stderr with the status, and the
 * command still reads the file, as written so far. Over `server` only: in process the tool has its own LSA, with
 * nothing to write. */
static void test_tool_reads_when_flush_fails(void **state)
{
    static char out[8192];
    lsa_accounts_db *db;
    uint32_t before;
    char want[64];
    HANDLE lock;
    DWORD win32;

    (void)state;
    before = file_account(&db, "flush1")->logon_count;
    lsa_accounts_free(db);
    assert_status(logon_as(L"flush1", L"Secret123"), STATUS_SUCCESS);
    assert_int_equal(lsa_store_lock(acc.file, &lock, &win32), LSA_STORE_OK);
    assert_int_equal(tool(L"show flush1", out, sizeof(out)), 0);
    lsa_store_unlock(lock);
    if (!strstr(out, "could not be written first") || !strstr(out, "0xC0000158"))
        fail_msg("lsaemu_accounts show flush1, want the failed flush on stderr:\n%s", out);
    snprintf(want, sizeof(want), "%-22s %u", "logon_count", before);
    if (!strstr(out, want))
        fail_msg("lsaemu_accounts show flush1, want \"%s\":\n%s", want, out);
    assert_status(flush(lsa), STATUS_SUCCESS);
    assert_int_equal(file_account(&db, "flush1")->logon_count, before + 1);
    lsa_accounts_free(db);
}

/* A write that fails answers the store's status and keeps the checks: a malformed file (never overwritten), then
 * the file's lock held past the LSA's lock timeout; the next flush that can write writes them onto the file's text. */
static void test_failed_write_keeps_checks(void **state)
{
    static char good[8192];
    static const char malformed[] = "[flush1]\npassword = Secret123\nbogus = 1\n";
    lsa_accounts_db *db;
    const lsa_account *a;
    HANDLE lock;
    DWORD win32, written;
    HANDLE h;

    uint32_t before;

    (void)state;
    strcpy(good, scratch_accounts_text(&acc));
    before = file_account(&db, "flush1")->logon_count;
    lsa_accounts_free(db);
    assert_status(logon_as(L"flush1", L"Secret123"), STATUS_SUCCESS);

    h = CreateFileW(acc.file, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, CREATE_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    assert_true(h != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(h, malformed, (DWORD)strlen(malformed), &written, NULL));
    CloseHandle(h);
    assert_status(flush(lsa), STATUS_INTERNAL_DB_CORRUPTION);
    assert_string_equal(scratch_accounts_text(&acc), malformed);

    assert_int_equal(lsa_store_replace(acc.file, good, strlen(good), &win32), LSA_STORE_OK);
    assert_int_equal(lsa_store_lock(acc.file, &lock, &win32), LSA_STORE_OK);
    assert_status(flush(lsa), STATUS_INTERNAL_DB_ERROR);
    lsa_store_unlock(lock);
    assert_string_equal(scratch_accounts_text(&acc), good);

    assert_status(flush(lsa), STATUS_SUCCESS);
    a = file_account(&db, "flush1");
    assert_int_equal(a->logon_count, before + 1);
    lsa_accounts_free(db);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nothing_queued),
        cmocka_unit_test(test_flush_writes_counts),
        cmocka_unit_test(test_tool_shows_current_counts),
    };
    const struct CMUnitTest long_tests[] = {
        cmocka_unit_test(test_nothing_queued),
        cmocka_unit_test(test_flush_writes_counts),
        cmocka_unit_test(test_tool_shows_current_counts),
        cmocka_unit_test(test_tool_reads_when_flush_fails),
        cmocka_unit_test(test_failed_write_keeps_checks),
    };
    /* In process each process is its own LSA: the tool's flush cannot reach this one's 60 s queue. */
    const struct CMUnitTest long_in_process_tests[] = {
        cmocka_unit_test(test_nothing_queued),
        cmocka_unit_test(test_flush_writes_counts),
        cmocka_unit_test(test_failed_write_keeps_checks),
    };

    long_delay = argc > 1 && !strcmp(argv[1], "long");
    if (long_delay)
        SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS_WRITE_DELAY_MS", L"60000");
    scratch_accounts_write(&acc, long_delay ? L"flushlong" : L"flush", accounts_text);
    if (long_delay && msv1_0_over_server())
        return cmocka_run_group_tests(long_tests, msv1_0_setup, msv1_0_teardown);
    if (long_delay)
        return cmocka_run_group_tests(long_in_process_tests, msv1_0_setup, msv1_0_teardown);
    return cmocka_run_group_tests(tests, msv1_0_setup, msv1_0_teardown);
}
