/* MSV1_0 through the public secur32 API: LsaLogonUser with MSV1_0_INTERACTIVE_LOGON against the accounts file named
 * by LSAEMU_ACCOUNTS (tests/data/test-accounts.ini), the profile, the logon session, malformed buffers in both
 * pointer dialects, the accounts file's failure modes, and LsaCallAuthenticationPackage answers. */
#include "test_msv1_0_fixture.h"

#define ALICE_RID 1001
#define JUERGEN_RID 1003
#define NEVER 0x7FFFFFFFFFFFFFFFLL

static BYTE buf[4096];

typedef WCHAR *(CDECL *to_dos_fn)(const char *);

/* The accounts file as Windows sees it (LSAEMU_ACCOUNTS may be a host path). */
static void accounts_dos_path(WCHAR *out, size_t cap)
{
    char env[1024];
    DWORD n = GetEnvironmentVariableA("LSAEMU_ACCOUNTS", env, sizeof(env));
    to_dos_fn to_dos = (to_dos_fn)(void (*)(void))GetProcAddress(GetModuleHandleA("kernel32.dll"),
                                                                 "wine_get_dos_file_name");
    WCHAR *dos;

    assert_true(n > 0 && n < sizeof(env));
    if (env[0] == '/' && to_dos && (dos = to_dos(env))) {
        lstrcpynW(out, dos, (int)cap);
        HeapFree(GetProcessHeap(), 0, dos);
        return;
    }
    MultiByteToWideChar(CP_UTF8, 0, env, -1, out, (int)cap);
}

static LONGLONG accounts_mtime(void)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    WCHAR path[1024];

    accounts_dos_path(path, ARRAYSIZE(path));
    assert_true(GetFileAttributesExW(path, GetFileExInfoStandard, &data));
    return ((LONGLONG)data.ftLastWriteTime.dwHighDateTime << 32) | data.ftLastWriteTime.dwLowDateTime;
}

static void logon(const WCHAR *domain, const WCHAR *user, const WCHAR *password, dialect d, logon_result *r)
{
    ULONG len = build_interactive(buf, MsV1_0InteractiveLogon, domain, user, password, d);
    do_logon(lsa, msv, Interactive, buf, len, r);
}

/* Every profile field of a successful logon, and the session LsaGetLogonSessionData reports. */
static void check_success(const logon_result *r, const WCHAR *canonical, const WCHAR *full_name, DWORD rid,
                          LONGLONG before, LONGLONG after)
{
    const MSV1_0_INTERACTIVE_PROFILE *p = r->profile;
    SECURITY_LOGON_SESSION_DATA *s = NULL;
    PSID sid = local_account_sid(rid);
    LONGLONG mtime = accounts_mtime();
    PLUID ids = NULL;
    ULONG count = 0, i;
    BOOL listed = FALSE;

    assert_status(r->status, STATUS_SUCCESS);
    assert_status(r->sub, STATUS_SUCCESS);
    assert_non_null(r->token);
    assert_true(r->token != (HANDLE)DEADBEEF_PTR);
    assert_true(r->id.LowPart || r->id.HighPart);
    assert_true(r->id.LowPart != 0xdeadbeef);
    assert_non_null(p);
    assert_true(r->profile_len >= sizeof(*p));

    assert_int_equal(p->MessageType, MsV1_0InteractiveProfile);
    assert_true(p->LogonCount >= 1);
    assert_true(p->LogonTime.QuadPart >= before && p->LogonTime.QuadPart <= after);
    assert_true(p->LogoffTime.QuadPart == NEVER);
    assert_true(p->KickOffTime.QuadPart == NEVER);
    /* The default policy: a maximum password age of 42 days. */
    assert_true(p->PasswordMustChange.QuadPart == p->PasswordLastSet.QuadPart + 42LL * 24 * 3600 * 10000000);
    /* The file's last-write time when the account has no password_last_set; the first statistics update pins it
     * into the file, and later writes move the file's time on. */
    assert_true(p->PasswordLastSet.QuadPart <= mtime);
    assert_true(p->PasswordCanChange.QuadPart == p->PasswordLastSet.QuadPart);
    assert_block_ustring(p, r->profile_len, &p->LogonScript, L"");
    assert_block_ustring(p, r->profile_len, &p->HomeDirectory, L"");
    assert_block_ustring(p, r->profile_len, &p->FullName, full_name);
    assert_block_ustring(p, r->profile_len, &p->ProfilePath, L"");
    assert_block_ustring(p, r->profile_len, &p->HomeDirectoryDrive, L"");
    assert_block_ustring(p, r->profile_len, &p->LogonServer, computer_name());
    assert_int_equal(p->UserFlags, 0);

    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    for (i = 0; i < count; i++)
        listed |= ids[i].LowPart == r->id.LowPart && ids[i].HighPart == r->id.HighPart;
    assert_true(listed);
    LsaFreeReturnBuffer(ids);

    assert_status(LsaGetLogonSessionData((PLUID)&r->id, &s), STATUS_SUCCESS);
    assert_non_null(s);
    assert_int_equal(s->LogonId.LowPart, r->id.LowPart);
    assert_int_equal(s->LogonId.HighPart, r->id.HighPart);
    assert_int_equal(s->UserName.Length, wcslen(canonical) * sizeof(WCHAR));
    assert_memory_equal(s->UserName.Buffer, canonical, s->UserName.Length);
    assert_int_equal(s->LogonDomain.Length, wcslen(computer_name()) * sizeof(WCHAR));
    assert_memory_equal(s->LogonDomain.Buffer, computer_name(), s->LogonDomain.Length);
    assert_int_equal(s->AuthenticationPackage.Length, 4 * sizeof(WCHAR));
    assert_memory_equal(s->AuthenticationPackage.Buffer, L"NTLM", 4 * sizeof(WCHAR));
    assert_int_equal(s->LogonType, Interactive);
    assert_non_null(s->Sid);
    assert_true(EqualSid(s->Sid, sid));
    assert_true(s->LogonTime.QuadPart >= before && s->LogonTime.QuadPart <= after);
    LsaFreeReturnBuffer(s);
    free(sid);
}

static void test_alice_both_dialects(void **state)
{
    dialect d;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        logon_result r;
        LONGLONG before = now_filetime(), after;

        logon(L"", L"alice", L"Secret123", d, &r);
        after = now_filetime();
        if (r.status != STATUS_SUCCESS)
            fail_msg("alice, %s pointers: 0x%08lx", dialect_name(d), (unsigned long)r.status);
        check_success(&r, L"alice", L"Alice Example", ALICE_RID, before, after);
        release_logon(&r);
    }
}

/* "", "." and the computer name in any case all select the local accounts; user names compare case-insensitively
 * and the session carries the name as the accounts file spells it. */
static void test_local_domain_spellings(void **state)
{
    WCHAR lower[MAX_COMPUTERNAME_LENGTH + 1];
    const WCHAR *domains[3];
    int i;

    (void)state;
    lstrcpyW(lower, computer_name());
    CharLowerW(lower);
    domains[0] = L".";
    domains[1] = computer_name();
    domains[2] = lower;
    for (i = 0; i < 3; i++) {
        logon_result r;
        LONGLONG before = now_filetime(), after;

        logon(domains[i], i == 2 ? L"ALICE" : L"alice", L"Secret123", DIALECT_ABSOLUTE, &r);
        after = now_filetime();
        check_success(&r, L"alice", L"Alice Example", ALICE_RID, before, after);
        release_logon(&r);
    }
}

static void test_nt_hash_account(void **state)
{
    logon_result r;

    (void)state;
    logon(L"", L"bob", L"Hunter2!", DIALECT_RELATIVE, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_block_ustring(r.profile, r.profile_len, &((MSV1_0_INTERACTIVE_PROFILE *)r.profile)->FullName, L"");
    release_logon(&r);
    logon(L"", L"bob", L"hunter2!", DIALECT_RELATIVE, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);
}

static void test_unicode_account(void **state)
{
    logon_result r;
    LONGLONG before = now_filetime(), after;

    (void)state;
    logon(L"", L"j\x00fcrgen", L"P\x00e4sswort", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    logon(L"", L"j\x00fcrgen", L"P\x00e4ssw\x00f6rt\x20ac", DIALECT_ABSOLUTE, &r);
    after = now_filetime();
    check_success(&r, L"J\x00fcrgen", L"J\x00fcrgen M\x00fcller", JUERGEN_RID, before, after);
    release_logon(&r);
}

/* LogonCount counts successes; BadPasswordCount the failures since the previous success. */
static void test_logon_statistics(void **state)
{
    MSV1_0_INTERACTIVE_PROFILE *p;
    logon_result r;
    USHORT logons;

    (void)state;
    logon(L"", L"alice", L"Secret123", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_SUCCESS);
    logons = ((MSV1_0_INTERACTIVE_PROFILE *)r.profile)->LogonCount;
    release_logon(&r);
    logon(L"", L"alice", L"wrong", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    logon(L"", L"alice", L"wrong again", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    logon(L"", L"alice", L"Secret123", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_SUCCESS);
    p = r.profile;
    assert_int_equal(p->LogonCount, logons + 1);
    assert_int_equal(p->BadPasswordCount, 2);
    release_logon(&r);
    logon(L"", L"alice", L"Secret123", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_int_equal(((MSV1_0_INTERACTIVE_PROFILE *)r.profile)->BadPasswordCount, 0);
    release_logon(&r);
}

/* Unknown user and wrong password are indistinguishable: STATUS_LOGON_FAILURE with SubStatus 0 (LsaLogonUser sets
 * SubStatus only for restrictions on a valid account), nothing returned. */
static void test_logon_failures(void **state)
{
    static const struct {
        const WCHAR *user, *password;
    } cases[] = {
        {L"alice", L"secret123"}, {L"alice", L""}, {L"nobody", L"Secret123"}, {L"", L""}, {L"alic", L"Secret123"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(cases); i++) {
        logon_result r;

        logon(L"", cases[i].user, cases[i].password, i % 2 ? DIALECT_RELATIVE : DIALECT_ABSOLUTE, &r);
        assert_status(r.status, STATUS_LOGON_FAILURE);
        assert_status(r.sub, STATUS_SUCCESS);
        assert_logon_cleared(&r);
    }
}

/* A domain that is not this computer would need a domain controller. */
static void test_other_domain(void **state)
{
    logon_result r;

    (void)state;
    logon(L"CORP", L"dave", L"Secret123", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_NO_LOGON_SERVERS);
    assert_status(r.sub, STATUS_SUCCESS);
    assert_logon_cleared(&r);
}

static void test_bad_message_type(void **state)
{
    /* 5: MsV1_0SubAuthLogon, 82: MsV1_0VirtualLogon (served by neither: see docs/packages.md) */
    static const ULONG types[] = {0, 1, 5, 6, 82, 99, 0xFFFFFFFF};
    static const ULONG network_types[] = {MsV1_0Lm20Logon, MsV1_0NetworkLogon};
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(types); i++) {
        ULONG len = build_interactive(buf, types[i], L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
        logon_result r;

        do_logon(lsa, msv, Interactive, buf, len, &r);
        assert_status(r.status, STATUS_BAD_VALIDATION_CLASS);
        assert_status(r.sub, STATUS_SUCCESS);
        assert_logon_cleared(&r);
    }
    /* The LM20 (network) submit types are served for the Network logon type only (test_ntlm_network.c). */
    for (i = 0; i < ARRAYSIZE(network_types); i++) {
        ULONG len = build_interactive(buf, network_types[i], L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
        logon_result r;

        do_logon(lsa, msv, Interactive, buf, len, &r);
        assert_status(r.status, STATUS_INVALID_LOGON_TYPE);
        assert_status(r.sub, STATUS_SUCCESS);
        assert_logon_cleared(&r);
    }
}

/* LogonUser maps Interactive, Network, Batch, Service, NetworkCleartext and RemoteInteractive onto this
 * structure; Unlock, Proxy and NewCredentials need something else. */
static void test_logon_types(void **state)
{
    static const SECURITY_LOGON_TYPE ok[] = {Interactive, Network, Batch, Service, NetworkCleartext,
                                             RemoteInteractive};
    static const SECURITY_LOGON_TYPE refused[] = {Proxy, Unlock, NewCredentials};
    ULONG len = build_interactive(buf, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
    logon_result r;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(ok); i++) {
        do_logon(lsa, msv, ok[i], buf, len, &r);
        assert_status(r.status, STATUS_SUCCESS);
        release_logon(&r);
    }
    for (i = 0; i < ARRAYSIZE(refused); i++) {
        do_logon(lsa, msv, refused[i], buf, len, &r);
        assert_status(r.status, STATUS_INVALID_LOGON_TYPE);
        assert_logon_cleared(&r);
    }
}

/* Every malformed string, in each of the three fields and both pointer dialects: STATUS_INVALID_PARAMETER. */
enum bad_kind { ODD_LENGTH, MAX_BELOW_LENGTH, NULL_WITH_LENGTH, PAST_END, STRADDLES_END, FAR_AWAY };

static const char *const bad_names[] = {"odd length", "MaximumLength < Length", "NULL with a length",
                                        "past the end", "straddles the end", "far outside"};

static void corrupt(UNICODE_STRING *s, enum bad_kind kind, ULONG len, dialect d)
{
    size_t at;

    switch (kind) {
    case ODD_LENGTH:
        s->Length = 3;
        s->MaximumLength = 4;
        break;
    case MAX_BELOW_LENGTH:
        s->Length = 4;
        s->MaximumLength = 2;
        break;
    case NULL_WITH_LENGTH:
        s->Buffer = NULL;
        s->Length = 2;
        s->MaximumLength = 2;
        break;
    case PAST_END:
    case STRADDLES_END:
        at = kind == PAST_END ? len + 16 : len - 2;
        s->Length = 4;
        s->MaximumLength = 4;
        s->Buffer = d == DIALECT_ABSOLUTE ? (PWSTR)(buf + at) : (PWSTR)(uintptr_t)at;
        break;
    case FAR_AWAY:
        s->Length = 2;
        s->MaximumLength = 2;
        s->Buffer = d == DIALECT_ABSOLUTE ? (PWSTR)(buf - 4096) : (PWSTR)(uintptr_t)0x7FFF0000;
        break;
    }
}

static void test_malformed_strings(void **state)
{
    static const char *const field_names[] = {"LogonDomainName", "UserName", "Password"};
    dialect d;
    int field, kind;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        for (field = 0; field < 3; field++) {
            for (kind = ODD_LENGTH; kind <= FAR_AWAY; kind++) {
                ULONG len = build_interactive(buf, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", d);
                MSV1_0_INTERACTIVE_LOGON *l = (MSV1_0_INTERACTIVE_LOGON *)buf;
                UNICODE_STRING *s = field == 0 ? &l->LogonDomainName : field == 1 ? &l->UserName : &l->Password;
                logon_result r;

                corrupt(s, (enum bad_kind)kind, len, d);
                do_logon(lsa, msv, Interactive, buf, len, &r);
                if (r.status != STATUS_INVALID_PARAMETER)
                    fail_msg("%s %s (%s pointers): got 0x%08lx", field_names[field], bad_names[kind],
                             dialect_name(d), (unsigned long)r.status);
                assert_status(r.sub, STATUS_SUCCESS);
                assert_logon_cleared(&r);
            }
        }
    }
}

/* A buffer shorter than the structure, down to less than a MessageType. */
static void test_short_buffers(void **state)
{
    static const ULONG lengths[] = {sizeof(MSV1_0_INTERACTIVE_LOGON) - 1, sizeof(MSV1_0_INTERACTIVE_LOGON) / 2,
                                    sizeof(ULONG), 2};
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(lengths); i++) {
        logon_result r;

        /* Only the truncated bytes are sent: the strings lie beyond them. */
        build_interactive(buf, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", DIALECT_RELATIVE);
        do_logon(lsa, msv, Interactive, buf, lengths[i], &r);
        if (r.status != STATUS_INVALID_PARAMETER)
            fail_msg("%lu-byte buffer: got 0x%08lx", (unsigned long)lengths[i], (unsigned long)r.status);
        assert_logon_cleared(&r);
    }
}

/* Points LSAEMU_ACCOUNTS at another file of tests/data (the LSA core runs in this process and reads it per
 * logon; over `server`, the file's own server), runs a logon, and restores the variable. */
static NTSTATUS logon_with_accounts_file(const char *file, NTSTATUS *sub)
{
    char saved[1024], other[1024];
    char *slash;
    logon_result r;

    assert_true(GetEnvironmentVariableA("LSAEMU_ACCOUNTS", saved, sizeof(saved)) > 0);
    lstrcpynA(other, saved, sizeof(other));
    slash = strrchr(other, '/') ? strrchr(other, '/') : strrchr(other, '\\');
    assert_non_null(slash);
    lstrcpynA(slash + 1, file, (int)(sizeof(other) - (slash + 1 - other)));
    msv1_0_leave_server();
    SetEnvironmentVariableA("LSAEMU_ACCOUNTS", other);
    msv1_0_follow_server(TRUE);
    logon(L"", L"alice", L"Secret123", DIALECT_ABSOLUTE, &r);
    msv1_0_leave_server();
    SetEnvironmentVariableA("LSAEMU_ACCOUNTS", saved);
    msv1_0_follow_server(TRUE);
    *sub = r.sub;
    if (r.status == STATUS_SUCCESS)
        release_logon(&r);
    else
        assert_logon_cleared(&r);
    return r.status;
}

static void test_accounts_file_states(void **state)
{
    logon_result r;
    NTSTATUS sub;

    (void)state;
    /* Malformed: refused until fixed (the diagnostic goes to stderr once). */
    assert_status(logon_with_accounts_file("malformed-accounts.ini", &sub), STATUS_INTERNAL_DB_CORRUPTION);
    assert_status(sub, STATUS_SUCCESS);
    assert_status(logon_with_accounts_file("malformed-accounts.ini", &sub), STATUS_INTERNAL_DB_CORRUPTION);
    /* Missing: no accounts at all. */
    assert_status(logon_with_accounts_file("no-such-accounts-file.ini", &sub), STATUS_LOGON_FAILURE);
    /* Back to the real file. */
    logon(L"", L"alice", L"Secret123", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
}

/* Where the file is looked for: LSAEMU_ACCOUNTS, else HKLM\Software\lsaemu "AccountsFile" (a host path converted
 * as for the variable), else %ProgramData%\lsaemu\accounts.ini (absent in the test prefix: no accounts). */
static void test_accounts_file_location(void **state)
{
    char saved[1024];
    WCHAR saved_w[1024], previous[1024];
    DWORD previous_bytes = sizeof(previous), type = 0;
    BOOL had_previous;
    logon_result r;
    HKEY key;

    (void)state;
    assert_true(GetEnvironmentVariableA("LSAEMU_ACCOUNTS", saved, sizeof(saved)) > 0);
    MultiByteToWideChar(CP_UTF8, 0, saved, -1, saved_w, ARRAYSIZE(saved_w));
    assert_int_equal(RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"Software\\lsaemu", 0, NULL, 0,
                                     KEY_QUERY_VALUE | KEY_SET_VALUE, NULL, &key, NULL), ERROR_SUCCESS);
    had_previous = !RegQueryValueExW(key, L"AccountsFile", NULL, &type, (BYTE *)previous, &previous_bytes);
    assert_int_equal(RegSetValueExW(key, L"AccountsFile", 0, REG_SZ, (const BYTE *)saved_w,
                                    (DWORD)((wcslen(saved_w) + 1) * sizeof(WCHAR))), ERROR_SUCCESS);
    msv1_0_leave_server();
    SetEnvironmentVariableA("LSAEMU_ACCOUNTS", NULL);
    msv1_0_follow_server(TRUE);

    logon(L"", L"alice", L"Secret123", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);

    RegDeleteValueW(key, L"AccountsFile");
    logon(L"", L"alice", L"Secret123", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_LOGON_FAILURE);
    assert_logon_cleared(&r);

    if (had_previous)
        RegSetValueExW(key, L"AccountsFile", 0, type, (const BYTE *)previous, previous_bytes);
    RegCloseKey(key);
    msv1_0_leave_server();
    SetEnvironmentVariableA("LSAEMU_ACCOUNTS", saved);
    msv1_0_follow_server(TRUE);
    logon(L"", L"alice", L"Secret123", DIALECT_ABSOLUTE, &r);
    assert_status(r.status, STATUS_SUCCESS);
    release_logon(&r);
}

/* LsaCallAuthenticationPackage: every MSV1_0 message gets a definite answer (only Lm20ChallengeRequest is
 * implemented).
 * (What ProtocolStatus reads after a failed call is the core's business, not the package's: not checked here.) */
static void test_call_package(void **state)
{
    ULONG msg[16];
    call_result r;
    ULONG type;

    (void)state;
    memset(msg, 0, sizeof(msg));
    msg[0] = 1000;
    do_call(untrusted, msv, msg, sizeof(msg), &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);
    do_call(lsa, msv, msg, sizeof(msg), &r);
    assert_status(r.status, STATUS_INVALID_PARAMETER);
    assert_no_return_buffer(&r);

    for (type = MsV1_0Lm20ChallengeRequest; type <= MsV1_0DeleteTbalSecrets; type++) {
        msg[0] = type;
        do_call(untrusted, msv, msg, sizeof(msg), &r);
        /* ChangePassword is open to untrusted callers; an all-zero request has no account name. */
        assert_status(r.status, type == MsV1_0ChangePassword ? STATUS_INVALID_PARAMETER : STATUS_ACCESS_DENIED);
        assert_no_return_buffer(&r);
        do_call(lsa, msv, msg, sizeof(msg), &r);
        if (type == MsV1_0ChangePassword || type == MsV1_0GetUserInfo) {
            /* Implemented (test_msv1_0_messages.c): no account name / no session 0. */
            assert_status(r.status, type == MsV1_0ChangePassword ? STATUS_INVALID_PARAMETER
                                                                 : STATUS_NO_SUCH_LOGON_SESSION);
            assert_no_return_buffer(&r);
            continue;
        }
        if (type == MsV1_0Lm20ChallengeRequest || type == MsV1_0EnumerateUsers ||
            type == MsV1_0Lm20GetChallengeResponse) {
            /* Implemented (test_ntlm_network.c, test_msv1_0_messages.c, test_msv1_0_gcr.c check the answers; an
             * all-zero GetChallengeResponse asks for the responses of the empty password). */
            assert_status(r.status, STATUS_SUCCESS);
            assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
            continue;
        }
        /* Implemented without a response (test_msv1_0_messages.c): no options set, nothing cached to clear. */
        assert_status(r.status, type == MsV1_0SetProcessOption || type == MsV1_0SetThreadOption ||
                                        type == MsV1_0ClearCachedCredentials
                                    ? STATUS_SUCCESS
                                    : STATUS_NOT_SUPPORTED);
        assert_no_return_buffer(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alice_both_dialects),
        cmocka_unit_test(test_local_domain_spellings),
        cmocka_unit_test(test_nt_hash_account),
        cmocka_unit_test(test_unicode_account),
        cmocka_unit_test(test_logon_statistics),
        cmocka_unit_test(test_logon_failures),
        cmocka_unit_test(test_other_domain),
        cmocka_unit_test(test_bad_message_type),
        cmocka_unit_test(test_logon_types),
        cmocka_unit_test(test_malformed_strings),
        cmocka_unit_test(test_short_buffers),
        cmocka_unit_test(test_accounts_file_states),
        cmocka_unit_test(test_accounts_file_location),
        cmocka_unit_test(test_call_package),
    };
    return cmocka_run_group_tests(tests, msv1_0_setup, msv1_0_teardown);
}
