/* A third-party AP DLL (tests/sample_ap), listed in the registry's "Authentication Packages", hosted by the LSA core
 * through ntsecpkg.h: lookup, trusted/untrusted routing, client-buffer copies both ways, LsaLogonUser, and the
 * core's cleanup after a failed logon. */
#include "test_packages_common.h"

#include "../sample_ap/sample_ap_proto.h"

#define LSA_KEY L"SYSTEM\\CurrentControlSet\\Control\\Lsa"
#define PACKAGES_VALUE L"Authentication Packages"

static HANDLE trusted, untrusted;
static ULONG sample;
static WCHAR saved_list[4096];
static DWORD saved_bytes;
static BOOL had_list, added;

/* Lists "sample_ap" in the prefix's REG_MULTI_SZ "Authentication Packages" unless the test registration already
 * did, before the first LSA call (the core, in this process, reads the list once when it starts). LoadLibraryW finds
 * sample_ap.dll beside this program. teardown() puts the value back as it was. */
static void register_sample_ap(void)
{
    WCHAR list[4096];
    DWORD type = 0, bytes = sizeof(saved_list) - 2 * sizeof(WCHAR);
    size_t used = 0;
    const WCHAR *e;
    HKEY key;

    assert_int_equal(RegCreateKeyExW(HKEY_LOCAL_MACHINE, LSA_KEY, 0, NULL, 0, KEY_QUERY_VALUE | KEY_SET_VALUE, NULL,
                                     &key, NULL), ERROR_SUCCESS);
    memset(saved_list, 0, sizeof(saved_list));
    had_list = !RegQueryValueExW(key, PACKAGES_VALUE, NULL, &type, (BYTE *)saved_list, &bytes) &&
               type == REG_MULTI_SZ;
    saved_bytes = had_list ? bytes : 0;
    for (e = saved_list; had_list && *e; e += wcslen(e) + 1) {
        if (!_wcsicmp(e, L"sample_ap")) {
            RegCloseKey(key);
            return;
        }
        used = (size_t)(e - saved_list) + wcslen(e) + 1;
    }
    memcpy(list, saved_list, used * sizeof(WCHAR));
    lstrcpyW(list + used, L"sample_ap");
    used += wcslen(L"sample_ap") + 1;
    list[used++] = 0;
    assert_int_equal(RegSetValueExW(key, PACKAGES_VALUE, 0, REG_MULTI_SZ, (const BYTE *)list,
                                    (DWORD)(used * sizeof(WCHAR))), ERROR_SUCCESS);
    added = TRUE;
    RegCloseKey(key);
}

static void unregister_sample_ap(void)
{
    HKEY key;

    if (!added || RegOpenKeyExW(HKEY_LOCAL_MACHINE, LSA_KEY, 0, KEY_SET_VALUE, &key))
        return;
    if (had_list)
        RegSetValueExW(key, PACKAGES_VALUE, 0, REG_MULTI_SZ, (const BYTE *)saved_list, saved_bytes);
    else
        RegDeleteValueW(key, PACKAGES_VALUE);
    RegCloseKey(key);
}

static int setup(void **state)
{
    LSA_STRING name;

    (void)state;
    register_sample_ap();
    trusted = connect_trusted();
    untrusted = connect_untrusted();
    init_lsa_string(&name, SAMPLE_AP_NAME);
    sample = 0xdeadbeef;
    if (LsaLookupAuthenticationPackage(untrusted, &name, &sample) != STATUS_SUCCESS) {
        fprintf(stderr, "sample_ap.dll did not load: it must lie beside this program or in system32\n");
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    LsaDeregisterLogonProcess(trusted);
    LsaDeregisterLogonProcess(untrusted);
    unregister_sample_ap();
    return 0;
}

static void test_lookup(void **state)
{
    (void)state;
    /* Registry packages come after the built-ins (Negotiate 0, MSV1_0, Kerberos). */
    assert_true(sample >= 3);
    assert_int_equal(package_id(trusted, "lsaemu_sample_ap"), sample);
}

/* The echo proves which entry point ran, what GetClientInfo told the package, and that the submit bytes read back
 * from the client by address arrive intact inside one return block. */
static void check_echo(HANDLE h, ULONG entry, BOOLEAN tcb)
{
    BYTE req[sizeof(SAMPLE_AP_CALL_REQUEST) + 37];
    const SAMPLE_AP_ECHO_RESPONSE *e;
    SAMPLE_AP_CALL_REQUEST head = {SAMPLE_AP_ECHO, 0x5eed};
    call_result r;
    size_t i;

    memcpy(req, &head, sizeof(head));
    for (i = sizeof(head); i < sizeof(req); i++)
        req[i] = (BYTE)(i * 7);
    do_call(h, sample, req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    e = r.buf;
    assert_non_null(e);
    assert_int_equal(r.len, sizeof(*e) + sizeof(req));
    assert_int_equal(e->EntryPoint, entry);
    assert_int_equal(e->ProcessId, GetCurrentProcessId());
    assert_int_equal(e->ThreadId, GetCurrentThreadId());
    assert_int_equal(e->HasTcbPrivilege, tcb);
    assert_int_equal(e->SubmitLength, sizeof(req));
    assert_ptr_equal(e->Submit, (const BYTE *)(e + 1));
    assert_memory_equal(e->Submit, req, sizeof(req));
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
}

/* Whether this thread's token has SeTcbPrivilege enabled right now. */
static BOOLEAN tcb_enabled(void)
{
    PRIVILEGE_SET set;
    BOOL result = FALSE;
    HANDLE token;

    assert_true(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
    set.PrivilegeCount = 1;
    set.Control = PRIVILEGE_SET_ALL_NECESSARY;
    set.Privilege[0].Attributes = 0;
    assert_true(LookupPrivilegeValueW(NULL, SE_TCB_NAME, &set.Privilege[0].Luid));
    assert_true(PrivilegeCheck(token, &set, &result));
    CloseHandle(token);
    return result ? TRUE : FALSE;
}

static void test_call_routing(void **state)
{
    (void)state;
    /* Untrusted: HasTcbPrivilege tells whether the caller's token has SeTcbPrivilege enabled. */
    check_echo(untrusted, SAMPLE_AP_ENTRY_UNTRUSTED, tcb_enabled());
    /* Trusted: the connection was granted on SeTcbPrivilege, which is what HasTcbPrivilege reports. */
    check_echo(trusted, SAMPLE_AP_ENTRY_TRUSTED, TRUE);
}

static void test_call_statuses(void **state)
{
    SAMPLE_AP_CALL_REQUEST req;
    call_result r;

    (void)state;
    req.MessageType = SAMPLE_AP_SET_PROTOCOL_STATUS;
    req.Value = (ULONG)STATUS_WRONG_PASSWORD;
    do_call(untrusted, sample, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_WRONG_PASSWORD);
    assert_no_return_buffer(&r);

    req.MessageType = SAMPLE_AP_RETURN_STATUS;
    req.Value = (ULONG)STATUS_ACCOUNT_DISABLED;
    do_call(trusted, sample, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_ACCOUNT_DISABLED);
    assert_no_return_buffer(&r);
}

static BOOL session_listed(const LUID *id)
{
    PLUID ids = NULL;
    ULONG count = 0, i;
    BOOL found = FALSE;

    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    for (i = 0; i < count; i++)
        found |= ids[i].LowPart == id->LowPart && ids[i].HighPart == id->HighPart;
    LsaFreeReturnBuffer(ids);
    return found;
}

static ULONG session_count(void)
{
    PLUID ids = NULL;
    ULONG count = 0;

    assert_status(LsaEnumerateLogonSessions(&count, &ids), STATUS_SUCCESS);
    LsaFreeReturnBuffer(ids);
    return count;
}

static void test_logon(void **state)
{
    static const DWORD subs[] = SAMPLE_AP_SID_SUBS;
    SAMPLE_AP_LOGON_REQUEST req = {SAMPLE_AP_LOGON, 0xc0ffee};
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    BYTE sid[SECURITY_MAX_SID_SIZE];
    const SAMPLE_AP_PROFILE *p;
    SECURITY_LOGON_SESSION_DATA *s = NULL;
    logon_result l;
    size_t i;

    (void)state;
    InitializeSid(sid, &nt, ARRAYSIZE(subs));
    for (i = 0; i < ARRAYSIZE(subs); i++)
        *GetSidSubAuthority(sid, (DWORD)i) = subs[i];

    do_logon(trusted, sample, Interactive, &req, sizeof(req), &l);
    assert_status(l.status, STATUS_SUCCESS);
    assert_status(l.sub, STATUS_SUCCESS);
    assert_non_null(l.token);
    p = l.profile;
    assert_non_null(p);
    assert_int_equal(l.profile_len, sizeof(*p) + sizeof(SAMPLE_AP_GREETING));
    assert_int_equal(p->Magic, SAMPLE_AP_MAGIC);
    assert_int_equal(p->ProcessId, GetCurrentProcessId());
    assert_int_equal(p->Cookie, 0xc0ffee);
    assert_int_equal(p->SubmitLength, sizeof(req));
    assert_block_ustring(p, l.profile_len, &p->Greeting, SAMPLE_AP_GREETING);

    assert_true(session_listed(&l.id));
    assert_status(LsaGetLogonSessionData(&l.id, &s), STATUS_SUCCESS);
    assert_int_equal(s->UserName.Length, wcslen(SAMPLE_AP_USER) * sizeof(WCHAR));
    assert_memory_equal(s->UserName.Buffer, SAMPLE_AP_USER, s->UserName.Length);
    assert_int_equal(s->LogonDomain.Length, wcslen(SAMPLE_AP_AUTHORITY) * sizeof(WCHAR));
    assert_memory_equal(s->LogonDomain.Buffer, SAMPLE_AP_AUTHORITY, s->LogonDomain.Length);
    assert_int_equal(s->AuthenticationPackage.Length, strlen(SAMPLE_AP_NAME) * sizeof(WCHAR));
    assert_memory_equal(s->AuthenticationPackage.Buffer, SAMPLE_AP_NAME_W, s->AuthenticationPackage.Length);
    assert_int_equal(s->LogonType, Interactive);
    assert_true(EqualSid(s->Sid, sid));
    /* From the package's SECPKG_PRIMARY_CRED. */
    assert_int_equal(s->LogonServer.Length, wcslen(SAMPLE_AP_LOGON_SERVER) * sizeof(WCHAR));
    assert_memory_equal(s->LogonServer.Buffer, SAMPLE_AP_LOGON_SERVER, s->LogonServer.Length);
    assert_int_equal(s->DnsDomainName.Length, wcslen(SAMPLE_AP_DNS_DOMAIN) * sizeof(WCHAR));
    assert_memory_equal(s->DnsDomainName.Buffer, SAMPLE_AP_DNS_DOMAIN, s->DnsDomainName.Length);
    assert_int_equal(s->Upn.Length, wcslen(SAMPLE_AP_UPN) * sizeof(WCHAR));
    assert_memory_equal(s->Upn.Buffer, SAMPLE_AP_UPN, s->Upn.Length);
    LsaFreeReturnBuffer(s);
    release_logon(&l);
}

/* A package that fails after creating a session — deleting it itself, or (misbehaving) leaving it — leaves no
 * session behind: the core deletes what a failed logon created. */
static void test_failed_logon_cleanup(void **state)
{
    static const ULONG modes[] = {SAMPLE_AP_LOGON_FAIL_AFTER_SESSION, SAMPLE_AP_LOGON_LEAK_SESSION};
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(modes); i++) {
        SAMPLE_AP_LOGON_REQUEST req = {modes[i], 1};
        ULONG before = session_count();
        logon_result l;

        do_logon(trusted, sample, Interactive, &req, sizeof(req), &l);
        assert_status(l.status, STATUS_LOGON_FAILURE);
        assert_logon_cleared(&l);
        assert_int_equal(session_count(), before);
    }
    {
        SAMPLE_AP_LOGON_REQUEST req = {99, 1};
        logon_result l;

        do_logon(trusted, sample, Interactive, &req, sizeof(req), &l);
        assert_status(l.status, STATUS_BAD_VALIDATION_CLASS);
        assert_logon_cleared(&l);
    }
}

/* The token kind the LSA hands out, from the logon type and the package's PRIMARY_CRED_LOGON_NO_TCB flag (what an
 * S4U logon for a caller without TCB sets): identification for NO_TCB, impersonation for Network, else primary. */
static void test_token_kinds(void **state)
{
    static const struct {
        ULONG mode;
        SECURITY_LOGON_TYPE type;
        TOKEN_TYPE kind;
        SECURITY_IMPERSONATION_LEVEL level;
    } cases[] = {
        {SAMPLE_AP_LOGON, Interactive, TokenPrimary, 0},
        {SAMPLE_AP_LOGON, Network, TokenImpersonation, SecurityImpersonation},
        {SAMPLE_AP_LOGON_NO_TCB, Network, TokenImpersonation, SecurityIdentification},
        {SAMPLE_AP_LOGON_NO_TCB, Interactive, TokenImpersonation, SecurityIdentification},
    };
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(cases); i++) {
        SAMPLE_AP_LOGON_REQUEST req = {cases[i].mode, 7};
        TOKEN_TYPE kind;
        SECURITY_IMPERSONATION_LEVEL level;
        DWORD n;
        logon_result l;

        print_message("mode %lu type %d\n", cases[i].mode, (int)cases[i].type);
        do_logon(untrusted, sample, cases[i].type, &req, sizeof(req), &l);
        assert_status(l.status, STATUS_SUCCESS);
        assert_true(GetTokenInformation(l.token, TokenType, &kind, sizeof(kind), &n));
        assert_int_equal(kind, cases[i].kind);
        if (kind == TokenImpersonation) {
            assert_true(GetTokenInformation(l.token, TokenImpersonationLevel, &level, sizeof(level), &n));
            assert_int_equal(level, cases[i].level);
        }
        release_logon(&l);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_call_routing),
        cmocka_unit_test(test_call_statuses),
        cmocka_unit_test(test_logon),
        cmocka_unit_test(test_failed_logon_cleanup),
        cmocka_unit_test(test_token_kinds),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
