/* Hostile callers of the client stubs: lengths and counts larger than the memory behind them, with that memory at the
 * end of a readable page followed by a PAGE_NOACCESS page, so a read past it would really fault. Each shape answers
 * the status Windows' LSA gives (a name over 127 characters STATUS_NAME_TOO_LONG before anything is read, a buffer
 * the LSA cannot read STATUS_ACCESS_VIOLATION) with every output cleared. Then: a call refused for a NULL output has
 * done nothing (a password change sent that way leaves the old password working), and after logons and password
 * changes no copy of the passwords is left anywhere in the process's private memory.
 *
 * Uses its own accounts file (written before the first LSA call, LSAEMU_ACCOUNTS pointed at it), as
 * test_msv1_0_messages.c does: MsV1_0ChangePassword rewrites it. */
#include "test_packages_common.h"

/* bob's secret is stored as the NT hash of "Hunter2!" (tests/data/test-accounts.ini): no password in clear text in
 * the file, so the only copies of it in memory are those the calls made. */
static const char accounts_text[] =
    "[alice]\npassword = Secret123\nrid = 1001\n"
    "[bob]\nnt_hash = 411b0e157e85d817481b5964ff1ac200\nrid = 1002\n";
static const WCHAR bob_old[] = L"Hunter2!";
static const WCHAR bob_new[] = L"Zq7#Wipe-Me-Now";

static WCHAR accounts_path[MAX_PATH];
static HANDLE trusted;
static ULONG msv;
static BYTE *page;                 /* a readable page; the page after it is PAGE_NOACCESS */
static SYSTEM_INFO sys;
static BYTE scratch[4096];         /* static (image memory): never part of the private-memory scan */

static BYTE *page_end(size_t n)
{
    return page + sys.dwPageSize - n;
}

static int setup(void **state)
{
    WCHAR dir[MAX_PATH];
    DWORD written, old;
    HANDLE f;
    (void)state;

    GetSystemInfo(&sys);
    page = VirtualAlloc(NULL, 2 * sys.dwPageSize, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    assert_non_null(page);
    assert_true(VirtualProtect(page + sys.dwPageSize, sys.dwPageSize, PAGE_NOACCESS, &old));

    assert_true(GetTempPathW(MAX_PATH, dir) > 0);
    swprintf(accounts_path, MAX_PATH, L"%lslsaemu-hostile-%lu.ini", dir, (unsigned long)GetCurrentProcessId());
    f = CreateFileW(accounts_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    assert_true(f != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(f, accounts_text, sizeof(accounts_text) - 1, &written, NULL));
    CloseHandle(f);
    assert_true(SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", accounts_path));

    trusted = connect_trusted();
    msv = msv1_0_id(trusted);
    return 0;
}

static int teardown(void **state)
{
    WCHAR lock[MAX_PATH + 8];
    (void)state;
    LsaDeregisterLogonProcess(trusted);
    VirtualFree(page, 0, MEM_RELEASE);
    DeleteFileW(accounts_path);
    swprintf(lock, ARRAYSIZE(lock), L"%ls.lock", accounts_path);
    DeleteFileW(lock);
    return 0;
}

/* An LSA_STRING of `length` bytes whose text is the last `readable` bytes of the page. */
static LSA_STRING name_at_page_end(USHORT length, size_t readable)
{
    LSA_STRING s;
    memset(page_end(readable), 'a', readable);
    s.Buffer = (PCHAR)page_end(readable);
    s.Length = s.MaximumLength = length;
    return s;
}

static void register_name_shapes(void **state)
{
    LSA_STRING name;
    HANDLE h;
    LSA_OPERATIONAL_MODE mode;
    (void)state;

    name = name_at_page_end(0xFFFF, 8);
    h = (HANDLE)DEADBEEF_PTR;
    mode = 0xdeadbeef;
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_NAME_TOO_LONG);
    assert_null(h);
    assert_int_equal(mode, 0);
    /* 127 characters is the most a name may have: with 8 of them readable the LSA cannot read it. */
    name = name_at_page_end(127, 8);
    h = (HANDLE)DEADBEEF_PTR;
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_ACCESS_VIOLATION);
    assert_null(h);
    /* The LSA_STRING itself unreadable. */
    assert_status(LsaRegisterLogonProcess((PLSA_STRING)page_end(4), &h, &mode), STATUS_ACCESS_VIOLATION);
    /* The same 8 readable bytes, exactly: the name is read and the call goes on (no SeTcbPrivilege enabled). */
    name = name_at_page_end(8, 8);
    assert_status(LsaRegisterLogonProcess(&name, &h, &mode), STATUS_PORT_CONNECTION_REFUSED);
}

static void lookup_name_shapes(void **state)
{
    LSA_STRING name;
    ULONG id;
    (void)state;

    name = name_at_page_end(0xFFFF, 8);
    id = 0xdeadbeef;
    assert_status(LsaLookupAuthenticationPackage(trusted, &name, &id), STATUS_NAME_TOO_LONG);
    assert_int_equal(id, 0);
    name = name_at_page_end(100, 8);
    assert_status(LsaLookupAuthenticationPackage(trusted, &name, &id), STATUS_ACCESS_VIOLATION);
    assert_status(LsaLookupAuthenticationPackage(trusted, (PLSA_STRING)page_end(4), &id), STATUS_ACCESS_VIOLATION);
    /* "Kerberos" in the page's last 8 bytes: found. */
    memcpy(page_end(8), "Kerberos", 8);
    name.Buffer = (PCHAR)page_end(8);
    name.Length = name.MaximumLength = 8;
    assert_status(LsaLookupAuthenticationPackage(trusted, &name, &id), STATUS_SUCCESS);
    assert_int_equal(id, kerberos_id(trusted));
}

/* An interactive MSV1_0 logon on the trusted connection; origin, submit buffer and LocalGroups as given. */
static NTSTATUS logon_with(LSA_STRING *origin, void *auth, ULONG auth_len, TOKEN_GROUPS *groups, logon_result *r)
{
    do_logon_with(trusted, msv, Interactive, origin, auth, auth_len, groups, r);
    return r->status;
}

/* An interactive logon of alice (offsets dialect, so it can live anywhere) in the last bytes of the page. */
static ULONG alice_at_page_end(BYTE **at)
{
    ULONG len = build_interactive(scratch, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", DIALECT_RELATIVE);
    *at = page_end(len);
    memcpy(*at, scratch, len);
    memset(scratch, 0, sizeof(scratch));
    return len;
}

static void logon_origin_and_submit_shapes(void **state)
{
    LSA_STRING origin, good;
    logon_result r;
    BYTE *auth;
    ULONG len;
    (void)state;

    init_lsa_string(&good, "lsaemu-test");
    len = alice_at_page_end(&auth);
    origin = name_at_page_end(0xFFFF, 8);
    assert_status(logon_with(&origin, auth, len, NULL, &r), STATUS_NAME_TOO_LONG);
    assert_logon_cleared(&r);
    assert_status(r.sub, STATUS_SUCCESS);

    /* A 70-byte buffer announced as 1 MiB and 16 MiB (the largest carried). */
    memset(page_end(70), 0, 70);
    assert_status(logon_with(&good, page_end(70), 1024 * 1024, NULL, &r), STATUS_ACCESS_VIOLATION);
    assert_logon_cleared(&r);
    assert_status(logon_with(&good, page_end(70), 16 * 1024 * 1024, NULL, &r), STATUS_ACCESS_VIOLATION);
    assert_logon_cleared(&r);
    /* One byte too many. */
    len = alice_at_page_end(&auth);
    assert_status(logon_with(&good, auth, len + 1, NULL, &r), STATUS_ACCESS_VIOLATION);
    assert_logon_cleared(&r);
    /* Exactly the bytes there are: the logon goes through. */
    assert_status(logon_with(&good, auth, len, NULL, &r), STATUS_SUCCESS);
    assert_non_null(r.token);
    release_logon(&r);
    /* The origin read to its last byte at the page end (the submit buffer elsewhere). */
    len = build_interactive(scratch, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
    origin = name_at_page_end(8, 8);
    assert_status(logon_with(&origin, scratch, len, NULL, &r), STATUS_SUCCESS);
    release_logon(&r);
    origin = name_at_page_end(9, 8);
    assert_status(logon_with(&origin, scratch, len, NULL, &r), STATUS_ACCESS_VIOLATION);
    assert_logon_cleared(&r);
    memset(scratch, 0, sizeof(scratch));
}

static void logon_local_groups_shapes(void **state)
{
    LSA_STRING origin;
    logon_result r;
    static BYTE auth[4096];
    ULONG len = build_interactive(auth, MsV1_0InteractiveLogon, L"", L"alice", L"Secret123", DIALECT_ABSOLUTE);
    const size_t one = FIELD_OFFSET(TOKEN_GROUPS, Groups) + sizeof(SID_AND_ATTRIBUTES);
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    BYTE sid[SECURITY_MAX_SID_SIZE];
    TOKEN_GROUPS *groups;
    PSID at_end;
    (void)state;

    init_lsa_string(&origin, "lsaemu-test");
    assert_true(InitializeSid(sid, &nt, 2));
    *GetSidSubAuthority(sid, 0) = SECURITY_BUILTIN_DOMAIN_RID;
    *GetSidSubAuthority(sid, 1) = DOMAIN_ALIAS_RID_USERS;

    /* GroupCount 1024 (the most carried) with one entry before the page ends. */
    groups = (TOKEN_GROUPS *)page_end(one);
    groups->GroupCount = 1024;
    groups->Groups[0].Sid = sid;
    groups->Groups[0].Attributes = SE_GROUP_ENABLED | SE_GROUP_MANDATORY;
    assert_status(logon_with(&origin, auth, len, groups, &r), STATUS_ACCESS_VIOLATION);
    assert_logon_cleared(&r);
    /* One entry, as many as there are: accepted. */
    groups->GroupCount = 1;
    assert_status(logon_with(&origin, auth, len, groups, &r), STATUS_SUCCESS);
    release_logon(&r);

    /* The SID itself at the page end: whole, then announcing more sub-authorities than the bytes there. */
    at_end = (PSID)page_end(GetLengthSid(sid));
    memcpy(at_end, sid, GetLengthSid(sid));
    groups = (TOKEN_GROUPS *)scratch;
    groups->GroupCount = 1;
    groups->Groups[0].Sid = at_end;
    groups->Groups[0].Attributes = SE_GROUP_ENABLED | SE_GROUP_MANDATORY;
    assert_status(logon_with(&origin, auth, len, groups, &r), STATUS_SUCCESS);
    release_logon(&r);
    ((BYTE *)at_end)[1] = 3;
    assert_status(logon_with(&origin, auth, len, groups, &r), STATUS_ACCESS_VIOLATION);
    assert_logon_cleared(&r);
    /* A SID pointer into the unreadable page; the TOKEN_GROUPS itself there. */
    groups->Groups[0].Sid = page + sys.dwPageSize;
    assert_status(logon_with(&origin, auth, len, groups, &r), STATUS_ACCESS_VIOLATION);
    assert_status(logon_with(&origin, auth, len, (TOKEN_GROUPS *)page_end(2), &r), STATUS_ACCESS_VIOLATION);
    assert_logon_cleared(&r);
    memset(auth, 0, sizeof(auth));
    memset(scratch, 0, sizeof(scratch));
}

static void call_package_submit_shapes(void **state)
{
    call_result r;
    KERB_QUERY_TKT_CACHE_REQUEST *q;
    ULONG kerberos = kerberos_id(trusted);
    (void)state;

    memset(page_end(70), 0, 70);
    do_call(trusted, msv, page_end(70), 1024 * 1024, &r);
    assert_status(r.status, STATUS_ACCESS_VIOLATION);
    assert_no_return_buffer(&r);
    assert_status(r.protocol, STATUS_SUCCESS);
    do_call(trusted, msv, page_end(70), 16 * 1024 * 1024, &r);
    assert_status(r.status, STATUS_ACCESS_VIOLATION);
    assert_no_return_buffer(&r);
    /* A whole message in the page's last bytes: read and answered; one byte more is not there. */
    q = (KERB_QUERY_TKT_CACHE_REQUEST *)page_end(sizeof(*q));
    memset(q, 0, sizeof(*q));
    q->MessageType = KerbQueryTicketCacheMessage;
    do_call(trusted, kerberos, q, sizeof(*q), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    assert_non_null(r.buf);
    assert_status(LsaFreeReturnBuffer(r.buf), STATUS_SUCCESS);
    do_call(trusted, kerberos, q, sizeof(*q) + 1, &r);
    assert_status(r.status, STATUS_ACCESS_VIOLATION);
    assert_no_return_buffer(&r);
}

static void session_data_shapes(void **state)
{
    PSECURITY_LOGON_SESSION_DATA data = (PSECURITY_LOGON_SESSION_DATA)DEADBEEF_PTR;
    (void)state;
    assert_status(LsaGetLogonSessionData((PLUID)page_end(4), &data), STATUS_ACCESS_VIOLATION);
    assert_null(data);
}

/* ---- calls that refuse have done nothing ---------------------------------------------------------------------- */

static ULONG build_change(const WCHAR *user, const WCHAR *old_pw, const WCHAR *new_pw)
{
    MSV1_0_CHANGEPASSWORD_REQUEST *r = (MSV1_0_CHANGEPASSWORD_REQUEST *)scratch;
    size_t used = sizeof(*r);

    memset(scratch, 0, sizeof(scratch));
    r->MessageType = MsV1_0ChangePassword;
    put_ustring(scratch, &used, &r->DomainName, L"", DIALECT_ABSOLUTE);
    put_ustring(scratch, &used, &r->AccountName, user, DIALECT_ABSOLUTE);
    put_ustring(scratch, &used, &r->OldPassword, old_pw, DIALECT_ABSOLUTE);
    put_ustring(scratch, &used, &r->NewPassword, new_pw, DIALECT_ABSOLUTE);
    return (ULONG)used;
}

static NTSTATUS logon_status(const WCHAR *user, const WCHAR *password)
{
    logon_result r;
    ULONG len = build_interactive(scratch, MsV1_0InteractiveLogon, L"", user, password, DIALECT_ABSOLUTE);
    do_logon(trusted, msv, Interactive, scratch, len, &r);
    memset(scratch, 0, sizeof(scratch));
    if (r.status == STATUS_SUCCESS)
        release_logon(&r);
    return r.status;
}

static void refused_change_changes_nothing(void **state)
{
    PVOID buf;
    ULONG len, ret_len;
    NTSTATUS proto;
    (void)state;

    assert_status(logon_status(L"alice", L"Secret123"), STATUS_SUCCESS);
    len = build_change(L"alice", L"Secret123", L"Changed99");
    assert_status(LsaCallAuthenticationPackage(trusted, msv, scratch, len, &buf, &ret_len, NULL),
                  STATUS_INVALID_PARAMETER);
    assert_status(LsaCallAuthenticationPackage(trusted, msv, scratch, len, NULL, &ret_len, &proto),
                  STATUS_INVALID_PARAMETER);
    assert_status(LsaCallAuthenticationPackage(trusted, msv, scratch, len, &buf, NULL, &proto),
                  STATUS_INVALID_PARAMETER);
    assert_status(logon_status(L"alice", L"Secret123"), STATUS_SUCCESS);
    assert_status(logon_status(L"alice", L"Changed99"), STATUS_LOGON_FAILURE);
    /* The same message with every output given does change it (so the refusals above were the outputs' doing). */
    len = build_change(L"alice", L"Secret123", L"Changed99");
    buf = NULL;
    assert_status(LsaCallAuthenticationPackage(trusted, msv, scratch, len, &buf, &ret_len, &proto), STATUS_SUCCESS);
    assert_status(proto, STATUS_SUCCESS);
    assert_status(LsaFreeReturnBuffer(buf), STATUS_SUCCESS);
    assert_status(logon_status(L"alice", L"Changed99"), STATUS_SUCCESS);
    memset(scratch, 0, sizeof(scratch));
}

/* ---- no password left in memory --------------------------------------------------------------------------------- */

/* The last input block Wine 8's bcrypt MD4 leaves in its hash object, which it frees unwiped: the password (shorter
 * than 56 bytes), 0x80, zeros, the message length in bits at byte 56. MSV1_0 hashes each password it checks through
 * BCryptHash (src/packages/msv1_0/msv1_0_ntowf.c), so the last password hashed stays in a freed heap block there:
 * counted apart, not a copy made by the client stubs, the transports or the core. */
static BOOL is_md4_residue(const BYTE *p, size_t room, size_t len)
{
    uint64_t bits = 0;
    if (len >= 56 || room < 64 || p[len] != 0x80)
        return FALSE;
    for (size_t i = len + 1; i < 56; i++)
        if (p[i])
            return FALSE;
    memcpy(&bits, p + 56, sizeof(bits));
    return bits == (uint64_t)len * 8;
}

typedef struct scan_result {
    size_t copies;      /* copies anywhere else */
    size_t md4_residue; /* copies that are bcrypt's MD4 block (see is_md4_residue) */
} scan_result;

static void count_in(const BYTE *p, size_t n, const void *pattern, size_t len, scan_result *r)
{
    for (size_t i = 0; len <= n && i <= n - len; i++) {
        if (p[i] != *(const BYTE *)pattern || memcmp(p + i, pattern, len))
            continue;
        if (is_md4_residue(p + i, n - i, len)) {
            r->md4_residue++;
        } else {
            print_message("copy at %p\n", (void *)(p + i));
            r->copies++;
        }
    }
}

/* Copies of `pattern` in the process's committed, readable private memory (heaps and stacks; the program's image,
 * where its own literals and static buffers live, is not private). */
static scan_result copies_in_private_memory(const void *pattern, size_t len)
{
    MEMORY_BASIC_INFORMATION mbi;
    const BYTE *at = NULL;
    scan_result r = {0, 0};

    while (VirtualQuery(at, &mbi, sizeof(mbi))) {
        if (mbi.State == MEM_COMMIT && mbi.Type == MEM_PRIVATE && !(mbi.Protect & (PAGE_GUARD | PAGE_NOACCESS)) &&
            (mbi.Protect & (PAGE_READONLY | PAGE_READWRITE | PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE)))
            count_in(mbi.BaseAddress, mbi.RegionSize, pattern, len, &r);
        at = (const BYTE *)mbi.BaseAddress + mbi.RegionSize;
        if (at < (const BYTE *)mbi.BaseAddress)
            break;
    }
    return r;
}

static void change_bob(const WCHAR *old_pw, const WCHAR *new_pw)
{
    PVOID buf = NULL;
    ULONG ret_len;
    NTSTATUS proto;
    ULONG len = build_change(L"bob", old_pw, new_pw);
    assert_status(LsaCallAuthenticationPackage(trusted, msv, scratch, len, &buf, &ret_len, &proto), STATUS_SUCCESS);
    memset(scratch, 0, sizeof(scratch));
    assert_status(proto, STATUS_SUCCESS);
    assert_status(LsaFreeReturnBuffer(buf), STATUS_SUCCESS);
}

static void no_password_left_in_memory(void **state)
{
    const size_t old_len = sizeof(bob_old) - sizeof(WCHAR), new_len = sizeof(bob_new) - sizeof(WCHAR);
    scan_result r;
    BYTE *heap_copy;
    (void)state;
    for (int i = 0; i < 3; i++)
        assert_status(logon_status(L"bob", bob_old), STATUS_SUCCESS);
    change_bob(bob_old, bob_new);
    for (int i = 0; i < 3; i++)
        assert_status(logon_status(L"bob", bob_new), STATUS_SUCCESS);
    assert_status(logon_status(L"bob", bob_old), STATUS_LOGON_FAILURE);
    change_bob(bob_new, bob_old);
    assert_status(logon_status(L"bob", bob_old), STATUS_SUCCESS);
    memset(scratch, 0, sizeof(scratch));

    /* The passwords as they travel (UTF-16LE, without the terminator). */
    r = copies_in_private_memory(bob_old, old_len);
    print_message("\"%ls\": %u copies, %u in bcrypt's MD4 block\n", bob_old, (unsigned)r.copies,
                  (unsigned)r.md4_residue);
    assert_int_equal(r.copies, 0);
    r = copies_in_private_memory(bob_new, new_len);
    print_message("\"%ls\": %u copies, %u in bcrypt's MD4 block\n", bob_new, (unsigned)r.copies,
                  (unsigned)r.md4_residue);
    assert_int_equal(r.copies, 0);

    /* The scan sees a copy where there is one (it prints its address above). */
    heap_copy = HeapAlloc(GetProcessHeap(), 0, old_len);
    assert_non_null(heap_copy);
    memcpy(heap_copy, bob_old, old_len);
    assert_int_equal(copies_in_private_memory(bob_old, old_len).copies, 1);
    SecureZeroMemory(heap_copy, old_len);
    HeapFree(GetProcessHeap(), 0, heap_copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(register_name_shapes),
        cmocka_unit_test(lookup_name_shapes),
        cmocka_unit_test(logon_origin_and_submit_shapes),
        cmocka_unit_test(logon_local_groups_shapes),
        cmocka_unit_test(call_package_submit_shapes),
        cmocka_unit_test(session_data_shapes),
        cmocka_unit_test(refused_change_changes_nothing),
        cmocka_unit_test(no_password_left_in_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
