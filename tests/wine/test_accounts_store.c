/* The accounts store (src/accounts_store): atomic replace, loading, the locked read-modify-write under concurrent
 * writers (threads and processes), a held lock making writers wait, crash leftovers (temporary files) never read,
 * versions (every write moves the last-write time on; the version read is what GetFileAttributesExW sees) and a
 * replace while a reader has the file open.
 *
 * Run as `test_accounts_store.exe` (the tests), or as `test_accounts_store.exe increment <file> <n>` (a child writer
 * the process test starts). Works in a fresh folder under the current directory. */
#include <windows.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "accounts_store.h"

#define INCREMENTS 200

static WCHAR dir[MAX_PATH];
static WCHAR file[MAX_PATH];

static void put_file(const WCHAR *path, const char *text)
{
    HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD done;

    assert_true(h != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(h, text, (DWORD)strlen(text), &done, NULL));
    CloseHandle(h);
}

/* The whole file as a NUL-terminated string (freed by the caller), or NULL when it does not exist. */
static char *get_file(const WCHAR *path)
{
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    DWORD size, got;
    char *text;

    if (h == INVALID_HANDLE_VALUE)
        return NULL;
    size = GetFileSize(h, NULL);
    text = malloc(size + 1);
    assert_non_null(text);
    assert_true(ReadFile(h, text, size, &got, NULL));
    text[got] = 0;
    CloseHandle(h);
    return text;
}

static BOOL exists(const WCHAR *path)
{
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

/* Nothing but the accounts file in the folder: no temporary or lock file stays behind. */
static int files_in_dir(void)
{
    WCHAR pattern[MAX_PATH];
    WIN32_FIND_DATAW fd;
    HANDLE find;
    int n = 0;

    swprintf(pattern, MAX_PATH, L"%ls\\*", dir);
    find = FindFirstFileW(pattern, &fd);
    if (find == INVALID_HANDLE_VALUE)
        return 0;
    do {
        if (wcscmp(fd.cFileName, L".") && wcscmp(fd.cFileName, L".."))
            n++;
    } while (FindNextFileW(find, &fd));
    FindClose(find);
    return n;
}

static int setup(void **state)
{
    WCHAR pattern[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW fd;
    HANDLE find;

    (void)state;
    GetCurrentDirectoryW(MAX_PATH, dir);
    wcscat(dir, L"\\store-test");
    CreateDirectoryW(dir, NULL);
    swprintf(pattern, MAX_PATH, L"%ls\\*", dir);
    find = FindFirstFileW(pattern, &fd);
    if (find != INVALID_HANDLE_VALUE) {
        do {
            swprintf(path, MAX_PATH, L"%ls\\%ls", dir, fd.cFileName);
            DeleteFileW(path);
        } while (FindNextFileW(find, &fd));
        FindClose(find);
    }
    swprintf(file, MAX_PATH, L"%ls\\accounts.ini", dir);
    return 0;
}

static const char base[] = "# hand-written\n[alice]\npassword = Secret123\nlogon_count = 0\n";

static void replace_is_whole(void **state)
{
    char *text;
    DWORD win32 = 0;

    (void)state;
    put_file(file, "old contents\n");
    assert_int_equal(lsa_store_replace(file, "new contents\n", 13, &win32), LSA_STORE_OK);
    text = get_file(file);
    assert_string_equal(text, "new contents\n");
    free(text);
    assert_int_equal(files_in_dir(), 1);
    /* a file that did not exist yet */
    DeleteFileW(file);
    assert_int_equal(lsa_store_replace(file, "x", 1, &win32), LSA_STORE_OK);
    text = get_file(file);
    assert_string_equal(text, "x");
    free(text);
    /* a folder that does not exist: a file error, nothing created */
    {
        WCHAR bad[MAX_PATH];

        swprintf(bad, MAX_PATH, L"%ls\\missing\\accounts.ini", dir);
        assert_int_equal(lsa_store_replace(bad, "x", 1, &win32), LSA_STORE_IO);
        assert_int_equal(win32, ERROR_PATH_NOT_FOUND);
    }
}

static void load_missing_and_malformed(void **state)
{
    lsa_accounts_db *db = (lsa_accounts_db *)&db;
    lsa_store_error err;

    (void)state;
    assert_int_equal(lsa_store_load(file, &db, &err), LSA_STORE_OK);
    assert_int_equal(lsa_accounts_count(db), 0);
    lsa_accounts_free(db);
    put_file(file, "[a]\npassword = x\nbogus = 1\n");
    assert_int_equal(lsa_store_load(file, &db, &err), LSA_STORE_PARSE);
    assert_null(db);
    assert_int_equal(err.status, LSA_STORE_PARSE);
    assert_int_equal(err.parse.status, LSA_ACCOUNTS_UNKNOWN_KEY);
    assert_int_equal(err.parse.line, 3);
}

static int increment(lsa_accounts_db *db, void *context)
{
    lsa_account *a = lsa_accounts_find_mutable(db, NULL, "alice");
    char value[16];

    (void)context;
    if (!a)
        return 42;
    snprintf(value, sizeof(value), "%u", a->logon_count + 1);
    return lsa_accounts_set(db, a, "logon_count", value) == LSA_ACCOUNTS_OK ? LSA_STORE_WRITE : 43;
}

static int keep(lsa_accounts_db *db, void *context)
{
    (void)db;
    ++*(int *)context;
    return LSA_STORE_KEEP;
}

static uint32_t logon_count(void)
{
    lsa_accounts_db *db;
    uint32_t n;

    assert_int_equal(lsa_store_load(file, &db, NULL), LSA_STORE_OK);
    assert_non_null(lsa_accounts_find(db, NULL, "alice"));
    n = lsa_accounts_find(db, NULL, "alice")->logon_count;
    lsa_accounts_free(db);
    return n;
}

static void update_basics(void **state)
{
    lsa_store_error err;
    char *before, *after;
    int calls = 0;

    (void)state;
    put_file(file, base);
    assert_int_equal(lsa_store_update(file, increment, NULL, &err), LSA_STORE_OK);
    assert_int_equal(logon_count(), 1);
    assert_int_equal(files_in_dir(), 1); /* the lock file went with its handle, the temporary file was renamed */
    /* KEEP: the callback ran, the file is untouched */
    before = get_file(file);
    assert_int_equal(lsa_store_update(file, keep, &calls, &err), LSA_STORE_OK);
    assert_int_equal(calls, 1);
    after = get_file(file);
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* a refusal: its code comes back, the file is untouched */
    put_file(file, "[bob]\npassword = x\n");
    assert_int_equal(lsa_store_update(file, increment, NULL, &err), LSA_STORE_CALLBACK);
    assert_int_equal(err.callback, 42);
    after = get_file(file);
    assert_string_equal(after, "[bob]\npassword = x\n");
    free(after);
    /* a malformed file is never overwritten */
    put_file(file, "[alice]\nbroken\n");
    assert_int_equal(lsa_store_update(file, increment, NULL, &err), LSA_STORE_PARSE);
    assert_int_equal(err.parse.line, 2);
    after = get_file(file);
    assert_string_equal(after, "[alice]\nbroken\n");
    free(after);
}

static DWORD WINAPI increment_thread(void *arg)
{
    (void)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        if (lsa_store_update(file, increment, NULL, NULL) != LSA_STORE_OK)
            return 1;
    }
    return 0;
}

static void two_threads_lose_nothing(void **state)
{
    HANDLE threads[2];
    DWORD code;

    (void)state;
    put_file(file, base);
    for (int i = 0; i < 2; i++)
        threads[i] = CreateThread(NULL, 0, increment_thread, NULL, 0, NULL);
    assert_int_equal(WaitForMultipleObjects(2, threads, TRUE, 120000), WAIT_OBJECT_0);
    for (int i = 0; i < 2; i++) {
        assert_true(GetExitCodeThread(threads[i], &code));
        assert_int_equal(code, 0);
        CloseHandle(threads[i]);
    }
    assert_int_equal(logon_count(), 2 * INCREMENTS);
    assert_int_equal(files_in_dir(), 1);
}

static void two_processes_lose_nothing(void **state)
{
    PROCESS_INFORMATION pi[2];
    WCHAR self[MAX_PATH], cmd[3 * MAX_PATH];
    DWORD code;

    (void)state;
    put_file(file, base);
    GetModuleFileNameW(NULL, self, MAX_PATH);
    swprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" increment \"%ls\" %d", self, file, INCREMENTS);
    for (int i = 0; i < 2; i++) {
        STARTUPINFOW si;

        memset(&si, 0, sizeof(si));
        si.cb = sizeof(si);
        assert_true(CreateProcessW(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi[i]));
    }
    for (int i = 0; i < 2; i++) {
        assert_int_equal(WaitForSingleObject(pi[i].hProcess, 120000), WAIT_OBJECT_0);
        assert_true(GetExitCodeProcess(pi[i].hProcess, &code));
        assert_int_equal(code, 0);
        CloseHandle(pi[i].hProcess);
        CloseHandle(pi[i].hThread);
    }
    assert_int_equal(logon_count(), 2 * INCREMENTS);
    assert_int_equal(files_in_dir(), 1);
}

/* One update, announced first: the test knows the writer is on its way to the lock without guessing a delay. */
static HANDLE writer_started;

static DWORD WINAPI one_increment_thread(void *arg)
{
    (void)arg;
    SetEvent(writer_started);
    return lsa_store_update(file, increment, NULL, NULL) == LSA_STORE_OK ? 0 : 1;
}

/* A writer waits while another holds the lock, then goes ahead. No delay is assumed: the lock timeout is made longer
 * than any hang, so while the lock is held the writer cannot have finished (lock_wait_is_bounded shows a held lock
 * is never ignored), and once it is released the writer must get through. */
static void held_lock_makes_writers_wait(void **state)
{
    WCHAR name[MAX_PATH];
    HANDLE lock, thread;
    DWORD code;

    (void)state;
    put_file(file, base);
    swprintf(name, MAX_PATH, L"%ls.lock", file);
    lock = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    assert_true(lock != INVALID_HANDLE_VALUE);
    lsa_store_set_lock_timeout(600000);
    writer_started = CreateEventW(NULL, TRUE, FALSE, NULL);
    assert_non_null(writer_started);
    thread = CreateThread(NULL, 0, one_increment_thread, NULL, 0, NULL);
    assert_non_null(thread);
    assert_int_equal(WaitForSingleObject(writer_started, 120000), WAIT_OBJECT_0);
    assert_int_equal(WaitForSingleObject(thread, 0), WAIT_TIMEOUT);
    assert_int_equal(logon_count(), 0);
    CloseHandle(lock);
    assert_int_equal(WaitForSingleObject(thread, 120000), WAIT_OBJECT_0);
    lsa_store_set_lock_timeout(LSA_STORE_LOCK_TIMEOUT_MS);
    assert_true(GetExitCodeThread(thread, &code));
    assert_int_equal(code, 0);
    CloseHandle(thread);
    CloseHandle(writer_started);
    assert_int_equal(logon_count(), 1);
}

/* A held lock is never ignored, and the wait for it is bounded: a lock never released gives LSA_STORE_LOCKED (at
 * once with a timeout of 0, after retrying with a short one), and the file is untouched. The time the wait takes is
 * not asserted: on a loaded machine it says nothing. */
static void lock_wait_is_bounded(void **state)
{
    static const DWORD timeouts[] = { 0, 300 };
    WCHAR name[MAX_PATH];
    lsa_store_error err;
    HANDLE lock;

    (void)state;
    put_file(file, base);
    swprintf(name, MAX_PATH, L"%ls.lock", file);
    lock = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    assert_true(lock != INVALID_HANDLE_VALUE);
    for (size_t i = 0; i < ARRAYSIZE(timeouts); i++) {
        lsa_store_set_lock_timeout(timeouts[i]);
        memset(&err, 0, sizeof(err));
        assert_int_equal(lsa_store_update(file, increment, NULL, &err), LSA_STORE_LOCKED);
        assert_int_equal(err.status, LSA_STORE_LOCKED);
        assert_int_equal(err.win32, ERROR_SHARING_VIOLATION);
        assert_int_equal(logon_count(), 0);
    }
    lsa_store_set_lock_timeout(LSA_STORE_LOCK_TIMEOUT_MS);
    CloseHandle(lock);
    /* a lock file left by a writer that did not delete it (no holder): taken over at once */
    assert_int_equal(lsa_store_update(file, increment, NULL, &err), LSA_STORE_OK);
    assert_int_equal(logon_count(), 1);
}

/* A writer killed at a random point of its work: the file still parses with a count it really wrote, the lock went
 * with the process, and the next writer goes ahead. */
static void killed_writer_leaves_a_whole_file(void **state)
{
    WCHAR self[MAX_PATH], cmd[3 * MAX_PATH];
    PROCESS_INFORMATION pi;
    STARTUPINFOW si;
    uint32_t before;

    (void)state;
    put_file(file, base);
    GetModuleFileNameW(NULL, self, MAX_PATH);
    swprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" increment \"%ls\" 1000000", self, file);
    for (int round = 0; round < 3; round++) {
        memset(&si, 0, sizeof(si));
        si.cb = sizeof(si);
        before = logon_count();
        assert_true(CreateProcessW(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
        /* kill it once it is writing; meanwhile every lock-free read sees a whole file */
        for (DWORD start = GetTickCount(); logon_count() == before && GetTickCount() - start < 20000;)
            Sleep(1);
        assert_true(logon_count() > before);
        Sleep(7 * round);
        assert_true(TerminateProcess(pi.hProcess, 9));
        WaitForSingleObject(pi.hProcess, INFINITE);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
        before = logon_count(); /* parses */
        assert_int_equal(lsa_store_update(file, increment, NULL, NULL), LSA_STORE_OK);
        assert_int_equal(logon_count(), before + 1);
    }
}

/* What a crash can leave: a half-written temporary file (ours or another process's). Neither is ever read, and the
 * next update replaces ours. */
static void crash_leftovers_are_harmless(void **state)
{
    WCHAR ours[LSA_STORE_PATH_MAX + 32], theirs[MAX_PATH];
    lsa_accounts_db *db;
    char *text;

    (void)state;
    put_file(file, base);
    assert_true(lsa_store_temp_name(file, ours, ARRAYSIZE(ours)));
    swprintf(theirs, MAX_PATH, L"%ls.tmp-99999", file);
    put_file(ours, "[alice]\npassword = torn");
    put_file(theirs, "\x01garbage");
    assert_int_equal(lsa_store_load(file, &db, NULL), LSA_STORE_OK);
    assert_string_equal(lsa_accounts_find(db, NULL, "alice")->password, "Secret123");
    lsa_accounts_free(db);
    assert_int_equal(lsa_store_update(file, increment, NULL, NULL), LSA_STORE_OK);
    assert_int_equal(logon_count(), 1);
    assert_false(exists(ours));  /* overwritten, then renamed over the file */
    assert_true(exists(theirs)); /* another process's: not ours to touch */
    text = get_file(file);
    assert_non_null(strstr(text, "password = Secret123"));
    free(text);
}

static void set_write_time(const WCHAR *path, LONGLONG t)
{
    HANDLE h = CreateFileW(path, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0,
                           NULL);
    FILETIME ft;

    assert_true(h != INVALID_HANDLE_VALUE);
    ft.dwLowDateTime = (DWORD)t;
    ft.dwHighDateTime = (DWORD)((ULONGLONG)t >> 32);
    assert_true(SetFileTime(h, NULL, NULL, &ft));
    CloseHandle(h);
}

static LONGLONG ticks(const FILETIME *ft)
{
    return (LONGLONG)(((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime);
}

/* The version lsa_store_read reports is what GetFileAttributesExW sees (what the MSV1_0 package compares on each
 * lookup without opening the file); a missing file has none. */
static lsa_store_version read_version(void)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    lsa_store_version v;
    char *text;
    size_t len;
    DWORD win32 = 0;

    assert_int_equal(lsa_store_read(file, &text, &len, &v, &win32), LSA_STORE_OK);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    assert_true(v.present);
    assert_true(GetFileAttributesExW(file, GetFileExInfoStandard, &data));
    assert_int_equal(v.size, len);
    assert_int_equal(((ULONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow, v.size);
    assert_int_equal(CompareFileTime(&data.ftLastWriteTime, &v.last_write), 0);
    lsa_store_free_text(text, len);
    return v;
}

/* Every write moves the last-write time past the replaced file's, even when the clock is behind it (file times come
 * in coarse steps, so two writes can otherwise share one), and reports the version it wrote. */
static void versions_move_forward(void **state)
{
    const LONGLONG hour = 3600LL * 10000000;
    const char *small = "[a]\npassword = x\n";
    lsa_store_version v1, v2, v3, written, none;
    FILETIME now;
    char *text = (char *)&text;
    size_t len = 1;
    DWORD win32 = 0;

    (void)state;
    assert_int_equal(lsa_store_read(file, &text, &len, &none, &win32), LSA_STORE_OK);
    assert_null(text);
    assert_int_equal(len, 0);
    assert_false(none.present);

    put_file(file, base);
    GetSystemTimeAsFileTime(&now);
    set_write_time(file, ticks(&now) + hour); /* in the future: the clock has not reached it */
    v1 = read_version();
    assert_int_equal(lsa_store_update(file, increment, NULL, NULL), LSA_STORE_OK);
    v2 = read_version();
    assert_true(ticks(&v2.last_write) == ticks(&v1.last_write) + 1);
    assert_int_equal(lsa_store_update(file, increment, NULL, NULL), LSA_STORE_OK);
    v3 = read_version();
    assert_true(ticks(&v3.last_write) == ticks(&v2.last_write) + 1);
    assert_false(lsa_store_same_version(&v2, &v3));
    assert_true(lsa_store_same_version(&v3, &v3));

    /* An old file: the new one gets the clock's time. lsa_store_write says which version it wrote. */
    set_write_time(file, ticks(&now) - 24 * hour);
    v1 = read_version();
    GetSystemTimeAsFileTime(&now);
    assert_int_equal(lsa_store_write(file, small, strlen(small), &v1, &written, &win32), LSA_STORE_OK);
    v2 = read_version();
    assert_true(lsa_store_same_version(&written, &v2));
    assert_true(ticks(&v2.last_write) >= ticks(&now));
    assert_int_equal(v2.size, strlen(small));
    assert_int_equal(files_in_dir(), 1);
}

/* Closes the reader once the writer's temporary file is in the folder, i.e. once the writer is renaming (or about to):
 * the store's rename retries then meet the close, whatever the machine's load, with no delay guessed. */
static volatile LONG replace_returned; /* a host that replaces an open file (Windows) never shows the wait */

static DWORD WINAPI close_when_writer_renames(void *handle)
{
    for (DWORD waited = 0; files_in_dir() < 2 && !replace_returned && waited < 60000; waited++)
        Sleep(1); /* only a bound against a hang: the writer creates the file at once */
    CloseHandle(handle);
    return 0;
}

/* A reader holding the file open (sharing everything, as every reader of the store does) does not make the replace
 * fail: Windows replaces the file under it, Wine 8 refuses while it is open and the store retries until it is
 * closed. Either way the new text is there afterwards and nothing else is left in the folder. */
static void replace_while_a_reader_has_it_open(void **state)
{
    HANDLE reader, thread;
    char *text;
    DWORD win32 = 0;

    (void)state;
    put_file(file, "old contents\n");
    reader = CreateFileW(file, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                         OPEN_EXISTING, 0, NULL);
    assert_true(reader != INVALID_HANDLE_VALUE);
    replace_returned = 0;
    thread = CreateThread(NULL, 0, close_when_writer_renames, reader, 0, NULL);
    assert_non_null(thread);
    assert_int_equal(lsa_store_replace(file, "new contents\n", 13, &win32), LSA_STORE_OK);
    InterlockedExchange(&replace_returned, 1);
    assert_int_equal(WaitForSingleObject(thread, 60000), WAIT_OBJECT_0);
    CloseHandle(thread);
    text = get_file(file);
    assert_string_equal(text, "new contents\n");
    free(text);
    assert_int_equal(files_in_dir(), 1);
}

/* The default location follows the MSV1_0 package's order: env, registry, ProgramData. */
static void default_path_order(void **state)
{
    WCHAR path[LSA_STORE_PATH_MAX], old[LSA_STORE_PATH_MAX];
    DWORD had = GetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", old, ARRAYSIZE(old));

    (void)state;
    SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", L"D:\\x\\acc.ini");
    lsa_store_default_path(path);
    assert_true(!wcscmp(path, L"D:\\x\\acc.ini"));
    SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", L"/tmp/acc.ini");
    lsa_store_default_path(path);
    assert_true(path[0] != '/'); /* Wine maps a host path to a DOS one */
    assert_non_null(wcsstr(path, L"acc.ini"));
    SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", NULL);
    lsa_store_default_path(path);
    assert_non_null(wcsstr(path, L"\\lsaemu\\accounts.ini")); /* no registry value in the test prefix */
    if (had)
        SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", old);
}

static int child(int argc, wchar_t **argv)
{
    int n = _wtoi(argv[3]);

    (void)argc;
    wcscpy(file, argv[2]);
    for (int i = 0; i < n; i++) {
        if (lsa_store_update(file, increment, NULL, NULL) != LSA_STORE_OK)
            return 1;
    }
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(replace_is_whole, setup),
        cmocka_unit_test_setup(load_missing_and_malformed, setup),
        cmocka_unit_test_setup(update_basics, setup),
        cmocka_unit_test_setup(two_threads_lose_nothing, setup),
        cmocka_unit_test_setup(two_processes_lose_nothing, setup),
        cmocka_unit_test_setup(held_lock_makes_writers_wait, setup),
        cmocka_unit_test_setup(lock_wait_is_bounded, setup),
        cmocka_unit_test_setup(killed_writer_leaves_a_whole_file, setup),
        cmocka_unit_test_setup(crash_leftovers_are_harmless, setup),
        cmocka_unit_test_setup(versions_move_forward, setup),
        cmocka_unit_test_setup(replace_while_a_reader_has_it_open, setup),
        cmocka_unit_test(default_path_order),
    };

    if (argc == 4 && !wcscmp(argv[1], L"increment"))
        return child(argc, argv);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
