/* LsaEnumerateLogonSessions / LsaGetLogonSessionData show a sensible machine: the well-known system sessions as
 * Windows reports them, and the session of the user this program runs as. */
#include "test_common.h"

#include <sddl.h>
#include <wchar.h>

static BOOL listed(const LUID *ids, ULONG count, DWORD low, LONG high)
{
    for (ULONG i = 0; i < count; i++)
        if (ids[i].LowPart == low && ids[i].HighPart == high)
            return TRUE;
    return FALSE;
}

static void assert_ustr(const LSA_UNICODE_STRING *s, const WCHAR *expected)
{
    size_t n = wcslen(expected);
    if (s->Length != n * sizeof(WCHAR) || _wcsnicmp(s->Buffer, expected, n))
        fail_msg("got \"%.*ls\", expected \"%ls\"", (int)(s->Length / sizeof(WCHAR)), s->Buffer, expected);
}

static void check_session(DWORD low, const WCHAR *user, const WCHAR *domain, const WCHAR *package, ULONG type,
                          const WCHAR *sid)
{
    LUID id = { low, 0 };
    PSECURITY_LOGON_SESSION_DATA d = NULL;
    LPWSTR text = NULL;
    print_message("session %lx\n", low);
    assert_status(LsaGetLogonSessionData(&id, &d), STATUS_SUCCESS);
    assert_int_equal(d->Size, sizeof(*d));
    assert_int_equal(d->LogonId.LowPart, low);
    assert_ustr(&d->UserName, user);
    assert_ustr(&d->LogonDomain, domain);
    assert_ustr(&d->AuthenticationPackage, package);
    assert_int_equal(d->LogonType, type);
    assert_int_equal(d->Session, 0);
    assert_true(ConvertSidToStringSidW(d->Sid, &text));
    assert_true(!wcscmp(text, sid));
    LocalFree(text);
    assert_true(d->LogonTime.QuadPart > 0);
    assert_status(LsaFreeReturnBuffer(d), STATUS_SUCCESS);
}

static void machine_sessions_are_listed(void **state)
{
    ULONG count = 0;
    PLUID ids = NULL;
    WCHAR machine[MAX_COMPUTERNAME_LENGTH + 2];
    DWORD n = MAX_COMPUTERNAME_LENGTH + 1;
    (void)state;
    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    assert_true(count >= 5);
    assert_true(listed(ids, count, 0x3e7, 0));
    assert_true(listed(ids, count, 0x3e4, 0));
    assert_true(listed(ids, count, 0x3e5, 0));
    assert_true(listed(ids, count, 0x3e6, 0));
    assert_status(LsaFreeReturnBuffer(ids), STATUS_SUCCESS);

    assert_true(GetComputerNameW(machine, &n));
    wcscat(machine, L"$");
    check_session(0x3e7, machine, L"WORKGROUP", L"Negotiate", 0, L"S-1-5-18");
    check_session(0x3e4, machine, L"WORKGROUP", L"Negotiate", Service, L"S-1-5-20");
    check_session(0x3e5, L"LOCAL SERVICE", L"NT AUTHORITY", L"Negotiate", Service, L"S-1-5-19");
    check_session(0x3e6, L"ANONYMOUS LOGON", L"NT AUTHORITY", L"NTLM", Network, L"S-1-5-7");
}

static void own_session_is_the_token_s(void **state)
{
    HANDLE token;
    TOKEN_STATISTICS stats;
    BYTE buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    TOKEN_USER *user = (TOKEN_USER *)buf;
    DWORD n;
    ULONG count;
    PLUID ids;
    PSECURITY_LOGON_SESSION_DATA d = NULL;
    WCHAR name[256];
    DWORD name_len = ARRAYSIZE(name);
    (void)state;
    assert_true(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
    assert_true(GetTokenInformation(token, TokenStatistics, &stats, sizeof(stats), &n));
    assert_true(GetTokenInformation(token, TokenUser, user, sizeof(buf), &n));
    CloseHandle(token);
    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    assert_true(listed(ids, count, stats.AuthenticationId.LowPart, stats.AuthenticationId.HighPart));
    LsaFreeReturnBuffer(ids);
    assert_status(LsaGetLogonSessionData(&stats.AuthenticationId, &d), STATUS_SUCCESS);
    assert_true(EqualSid(d->Sid, user->User.Sid));
    assert_int_equal(d->LogonType, Interactive);
    assert_true(GetUserNameW(name, &name_len));
    assert_ustr(&d->UserName, name);
    assert_true(d->LogonDomain.Length > 0);
    assert_status(LsaFreeReturnBuffer(d), STATUS_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(machine_sessions_are_listed),
        cmocka_unit_test(own_session_is_the_token_s),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
