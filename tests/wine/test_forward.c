/* The SSPI exports lsaemu forwards to the host's secur32 behave as the host's do, through our DLL.
 *
 * Built against mingw's stock import library (-lsecur32), as applications are, and run under Wine with lsaemu's
 * secur32.dll loaded in place of Wine's builtin (app-local with WINEDLLOVERRIDES=secur32=n,b, or installed). The first
 * test checks that it really is ours; the thread test must run before any other call to QuerySecurityPackageInfoW, as
 * it is the first call that resolves that export. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <secext.h>
#include <schannel.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

static HMODULE loaded_secur32(void)
{
    return GetModuleHandleW(L"secur32.dll");
}

static void test_loaded_secur32_is_lsaemu(void **state)
{
    (void)state;
    HMODULE m = loaded_secur32();
    assert_non_null(m);
    /* lsaemu_version is our private export; Wine's builtin has no such name. */
    assert_non_null(GetProcAddress(m, "lsaemu_version"));
}

/* Several threads make the first call to an export at once: each must get the host's answer (the lazy resolution is
 * shared and must not hand anyone a half-written target). */
#define RACE_THREADS 8
static HANDLE race_start;

static DWORD WINAPI race_thread(void *arg)
{
    (void)arg;
    WaitForSingleObject(race_start, INFINITE);
    PSecPkgInfoW info = NULL;
    SECURITY_STATUS st = QuerySecurityPackageInfoW((SEC_WCHAR *)L"NTLM", &info);
    if (st != SEC_E_OK || !info || lstrcmpW(info->Name, L"NTLM") != 0)
        return 1;
    return FreeContextBuffer(info) == SEC_E_OK ? 0 : 2;
}

static void test_first_call_from_many_threads(void **state)
{
    (void)state;
    HANDLE threads[RACE_THREADS];
    race_start = CreateEventW(NULL, TRUE, FALSE, NULL);
    assert_non_null(race_start);
    for (int i = 0; i < RACE_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, race_thread, NULL, 0, NULL);
        assert_non_null(threads[i]);
    }
    SetEvent(race_start);
    assert_int_equal(WaitForMultipleObjects(RACE_THREADS, threads, TRUE, 30000), WAIT_OBJECT_0);
    for (int i = 0; i < RACE_THREADS; i++) {
        DWORD code = 99;
        assert_true(GetExitCodeThread(threads[i], &code));
        assert_int_equal(code, 0);
        CloseHandle(threads[i]);
    }
    CloseHandle(race_start);
}

/* "DOMAIN\user" of the process token, as advapi32 sees it. */
static void expected_sam_name(WCHAR *out, size_t out_len)
{
    HANDLE token;
    BYTE buf[512];
    DWORD len;
    assert_true(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
    assert_true(GetTokenInformation(token, TokenUser, buf, sizeof(buf), &len));
    CloseHandle(token);
    WCHAR name[256], domain[256];
    DWORD name_len = 256, domain_len = 256;
    SID_NAME_USE use;
    assert_true(LookupAccountSidW(NULL, ((TOKEN_USER *)buf)->User.Sid, name, &name_len, domain, &domain_len, &use));

    WCHAR user[256];
    DWORD user_len = 256;
    assert_true(GetUserNameW(user, &user_len));
    assert_int_equal(CompareStringOrdinal(name, -1, user, -1, TRUE), CSTR_EQUAL);

    assert_true(domain_len + 1 + name_len < out_len);
    lstrcpyW(out, domain);
    lstrcatW(out, L"\\");
    lstrcatW(out, name);
}

static void test_get_user_name_ex_sam_compatible(void **state)
{
    (void)state;
    WCHAR expected[600];
    expected_sam_name(expected, 600);

    WCHAR got[600];
    ULONG len = 600;
    assert_true(GetUserNameExW(NameSamCompatible, got, &len));
    assert_int_equal(len, lstrlenW(got));
    assert_int_equal(CompareStringOrdinal(got, -1, expected, -1, TRUE), CSTR_EQUAL);

    /* Size query: fails with ERROR_MORE_DATA and asks for the length including the terminator. */
    ULONG need = 0;
    SetLastError(0xdeadbeef);
    assert_false(GetUserNameExW(NameSamCompatible, NULL, &need));
    assert_int_equal(GetLastError(), ERROR_MORE_DATA);
    assert_int_equal(need, len + 1);
}

static void test_ntlm_credentials(void **state)
{
    (void)state;
    CredHandle cred;
    TimeStamp expiry;
    SECURITY_STATUS st = AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL,
                                                   NULL, &cred, &expiry);
    assert_int_equal(st, SEC_E_OK);
    assert_int_equal(FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* Schannel lives in Wine's builtin secur32 and needs its Unix library: lost if the host were a renamed copy. */
static void test_schannel_package_available(void **state)
{
    (void)state;
    PSecPkgInfoW info = NULL;
    assert_int_equal(QuerySecurityPackageInfoW((SEC_WCHAR *)UNISP_NAME_W, &info), SEC_E_OK);
    assert_non_null(info);
    assert_int_equal(FreeContextBuffer(info), SEC_E_OK);
}

static void test_enumerate_lists_ntlm(void **state)
{
    (void)state;
    ULONG count = 0;
    PSecPkgInfoW packages = NULL;
    assert_int_equal(EnumerateSecurityPackagesW(&count, &packages), SEC_E_OK);
    assert_non_null(packages);
    int found = 0;
    for (ULONG i = 0; i < count; i++)
        if (packages[i].Name && lstrcmpW(packages[i].Name, L"NTLM") == 0)
            found = 1;
    assert_true(found);
    assert_int_equal(FreeContextBuffer(packages), SEC_E_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loaded_secur32_is_lsaemu),
        cmocka_unit_test(test_first_call_from_many_threads),
        cmocka_unit_test(test_get_user_name_ex_sam_compatible),
        cmocka_unit_test(test_ntlm_credentials),
        cmocka_unit_test(test_schannel_package_available),
        cmocka_unit_test(test_enumerate_lists_ntlm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
