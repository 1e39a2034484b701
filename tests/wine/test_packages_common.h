/* Helpers shared by the package tests (test_msv1_0.c, test_kerberos.c, test_negotiate.c, test_sample_ap.c):
 * building submit buffers in both pointer dialects, LsaLogonUser with pre-filled outputs, and facts about this
 * machine that the expected answers depend on. Header-only, on top of test_common.h. */
#ifndef LSAEMU_TESTS_WINE_TEST_PACKAGES_COMMON_H
#define LSAEMU_TESTS_WINE_TEST_PACKAGES_COMMON_H

#include "test_common.h"
#include "lsaemu/lsaemu_msv1_0.h"

#include <stdlib.h>
#include <wchar.h>
#include <wctype.h>
#include <stdint.h>

#define DEADBEEF_PTR ((void *)(uintptr_t)0xdeadbeef)

/* Where embedded UNICODE_STRING buffers point: absolute client addresses, or offsets from the buffer start. */
typedef enum { DIALECT_ABSOLUTE, DIALECT_RELATIVE } dialect;

static inline const char *dialect_name(dialect d)
{
    return d == DIALECT_ABSOLUTE ? "absolute" : "relative";
}

/* Appends `text` after the structure at *used and points `field` at it in the chosen dialect. */
static inline void put_ustring(BYTE *buf, size_t *used, UNICODE_STRING *field, const WCHAR *text, dialect d)
{
    size_t bytes = wcslen(text) * sizeof(WCHAR);
    memcpy(buf + *used, text, bytes + sizeof(WCHAR));
    field->Length = (USHORT)bytes;
    field->MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
    field->Buffer = d == DIALECT_ABSOLUTE ? (PWSTR)(buf + *used) : (PWSTR)(uintptr_t)*used;
    *used += bytes + sizeof(WCHAR);
}

/* An MSV1_0_INTERACTIVE_LOGON (same layout as KERB_INTERACTIVE_LOGON) at the start of a `header`-byte structure
 * (the logon alone, or an unlock logon with its LUID after it), with the strings after that, in buf[4096]. */
static inline ULONG build_interactive_in(BYTE *buf, size_t header, ULONG message_type, const WCHAR *domain,
                                         const WCHAR *user, const WCHAR *password, dialect d)
{
    MSV1_0_INTERACTIVE_LOGON *l = (MSV1_0_INTERACTIVE_LOGON *)buf;
    size_t used = header;
    memset(buf, 0, 4096);
    l->MessageType = (MSV1_0_LOGON_SUBMIT_TYPE)message_type;
    put_ustring(buf, &used, &l->LogonDomainName, domain, d);
    put_ustring(buf, &used, &l->UserName, user, d);
    put_ustring(buf, &used, &l->Password, password, d);
    return (ULONG)used;
}

static inline ULONG build_interactive(BYTE *buf, ULONG message_type, const WCHAR *domain, const WCHAR *user,
                                      const WCHAR *password, dialect d)
{
    return build_interactive_in(buf, sizeof(MSV1_0_INTERACTIVE_LOGON), message_type, domain, user, password, d);
}

/* An MSV1_0_S4U_LOGON with its strings after it, in buf[4096]. */
static inline ULONG build_s4u(BYTE *buf, ULONG flags, const WCHAR *upn, const WCHAR *domain, dialect d)
{
    MSV1_0_S4U_LOGON *l = (MSV1_0_S4U_LOGON *)buf;
    size_t used = sizeof(*l);

    memset(buf, 0, 4096);
    l->MessageType = MsV1_0S4ULogon;
    l->Flags = flags;
    put_ustring(buf, &used, &l->UserPrincipalName, upn, d);
    put_ustring(buf, &used, &l->DomainName, domain, d);
    return (ULONG)used;
}

/* An MSV1_0_LM20_LOGON (MsV1_0NetworkLogon) carrying a clear-text password (MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED, plus
 * `flags`), local domain, workstation "CLIENT", absolute pointers, in buf[4096]. */
static inline ULONG build_cleartext_lm20(BYTE *buf, const WCHAR *user, const WCHAR *password, ULONG flags)
{
    MSV1_0_LM20_LOGON *l = (MSV1_0_LM20_LOGON *)buf;
    size_t used = sizeof(*l), bytes = wcslen(password) * sizeof(WCHAR);

    memset(buf, 0, 4096);
    l->MessageType = MsV1_0NetworkLogon;
    put_ustring(buf, &used, &l->LogonDomainName, L"", DIALECT_ABSOLUTE);
    put_ustring(buf, &used, &l->UserName, user, DIALECT_ABSOLUTE);
    put_ustring(buf, &used, &l->Workstation, L"CLIENT", DIALECT_ABSOLUTE);
    memcpy(buf + used, password, bytes);
    l->CaseSensitiveChallengeResponse.Buffer = (PCHAR)(buf + used);
    l->CaseSensitiveChallengeResponse.Length = l->CaseSensitiveChallengeResponse.MaximumLength = (USHORT)bytes;
    l->ParameterControl = MSV1_0_CLEARTEXT_PASSWORD_SUPPLIED | flags;
    return (ULONG)(used + bytes);
}

/* Everything LsaLogonUser returns; every output is pre-filled with 0xdeadbeef to prove it was written. */
typedef struct logon_result {
    NTSTATUS status;
    NTSTATUS sub;
    void *profile;
    ULONG profile_len;
    LUID id;
    HANDLE token;
    QUOTA_LIMITS quotas;
} logon_result;

/* LsaLogonUser with every output pre-filled, so a test sees which ones the call wrote. */
static inline void do_logon_with(HANDLE lsa, ULONG package, SECURITY_LOGON_TYPE type, LSA_STRING *origin, void *buf,
                                 ULONG len, TOKEN_GROUPS *groups, logon_result *r)
{
    TOKEN_SOURCE source;

    memcpy(source.SourceName, "lsaemu  ", 8);
    AllocateLocallyUniqueId(&source.SourceIdentifier);
    r->sub = (NTSTATUS)0xdeadbeef;
    r->profile = DEADBEEF_PTR;
    r->profile_len = 0xdeadbeef;
    r->id.LowPart = 0xdeadbeef;
    r->id.HighPart = (LONG)0xdeadbeef;
    r->token = (HANDLE)DEADBEEF_PTR;
    memset(&r->quotas, 0xde, sizeof(r->quotas));
    r->status = LsaLogonUser(lsa, origin, type, package, buf, len, groups, &source, &r->profile, &r->profile_len,
                             &r->id, &r->token, &r->quotas, &r->sub);
}

static inline void do_logon(HANDLE lsa, ULONG package, SECURITY_LOGON_TYPE type, void *buf, ULONG len,
                            logon_result *r)
{
    LSA_STRING origin;

    init_lsa_string(&origin, "lsaemu-test");
    do_logon_with(lsa, package, type, &origin, buf, len, NULL, r);
}

/* A failed logon leaves nothing behind: every output cleared. */
static inline void assert_logon_cleared(const logon_result *r)
{
    assert_null(r->profile);
    assert_int_equal(r->profile_len, 0);
    assert_int_equal(r->id.LowPart, 0);
    assert_int_equal(r->id.HighPart, 0);
    assert_null(r->token);
}

static inline void release_logon(logon_result *r)
{
    if (r->profile && r->profile != DEADBEEF_PTR)
        assert_status(LsaFreeReturnBuffer(r->profile), STATUS_SUCCESS);
    if (r->token && r->token != (HANDLE)DEADBEEF_PTR)
        CloseHandle(r->token);
    r->profile = NULL;
    r->token = NULL;
}

/* LsaCallAuthenticationPackage with pre-filled outputs. */
typedef struct call_result {
    NTSTATUS status;
    NTSTATUS protocol;
    void *buf;
    ULONG len;
} call_result;

static inline void do_call(HANDLE lsa, ULONG package, void *submit, ULONG len, call_result *r)
{
    r->buf = DEADBEEF_PTR;
    r->len = 0xdeadbeef;
    r->protocol = (NTSTATUS)0xdeadbeef;
    r->status = LsaCallAuthenticationPackage(lsa, package, submit, len, &r->buf, &r->len, &r->protocol);
}

static inline void assert_no_return_buffer(const call_result *r)
{
    assert_null(r->buf);
    assert_int_equal(r->len, 0);
}

/* TRUE when [p, p+bytes) lies inside [block, block+len). */
static inline BOOL inside(const void *block, ULONG len, const void *p, size_t bytes)
{
    uintptr_t b = (uintptr_t)block, a = (uintptr_t)p;
    return a >= b && a - b <= len && bytes <= len - (a - b);
}

/* A UNICODE_STRING returned in a block: inside it, NUL-terminated, equal to `expected`. */
static inline void assert_block_ustring(const void *block, ULONG len, const UNICODE_STRING *s, const WCHAR *expected)
{
    size_t n = wcslen(expected);
    assert_int_equal(s->Length, n * sizeof(WCHAR));
    assert_true(s->MaximumLength >= s->Length);
    assert_non_null(s->Buffer);
    assert_true(inside(block, len, s->Buffer, s->MaximumLength));
    assert_true(s->MaximumLength >= s->Length + sizeof(WCHAR));
    assert_int_equal(s->Buffer[n], 0);
    if (memcmp(s->Buffer, expected, n * sizeof(WCHAR)))
        fail_msg("string is \"%.*ls\", expected \"%ls\"", (int)n, s->Buffer, expected);
}

static inline const WCHAR *computer_name(void)
{
    static WCHAR name[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD n = ARRAYSIZE(name);
    if (!name[0])
        assert_true(GetComputerNameW(name, &n));
    return name;
}

/* The SID of local account `rid`: the account domain's SID (LookupAccountNameW of the computer name, or
 * S-1-5-21-0-0-0 as Wine 8 has it) plus the rid. Caller frees with free(). */
static inline PSID local_account_sid(DWORD rid)
{
    BYTE domain_sid[SECURITY_MAX_SID_SIZE];
    WCHAR domain[256];
    DWORD size = sizeof(domain_sid), chars = ARRAYSIZE(domain), i;
    SID_NAME_USE use;
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    BYTE count;
    PSID sid;

    if (!LookupAccountNameW(NULL, computer_name(), domain_sid, &size, domain, &chars, &use) ||
        use != SidTypeDomain) {
        InitializeSid(domain_sid, &nt, 4);
        *GetSidSubAuthority(domain_sid, 0) = SECURITY_NT_NON_UNIQUE;
        for (i = 1; i < 4; i++)
            *GetSidSubAuthority(domain_sid, i) = 0;
    }
    count = *GetSidSubAuthorityCount(domain_sid);
    sid = malloc(GetSidLengthRequired(count + 1));
    assert_non_null(sid);
    InitializeSid(sid, GetSidIdentifierAuthority(domain_sid), count + 1);
    for (i = 0; i < count; i++)
        *GetSidSubAuthority(sid, i) = *GetSidSubAuthority(domain_sid, i);
    *GetSidSubAuthority(sid, count) = rid;
    return sid;
}

/* A private accounts file for one test: written fresh into its own temporary folder and made the package's through
 * LSAEMU_ACCOUNTS (which the package reads on every logon; in-process transports: the variable is ours). Over
 * `server`, the LSA reads the environment of the client that started it: scratch_accounts_server then names a server
 * of the file's own. */
typedef struct scratch_accounts {
    WCHAR folder[MAX_PATH];
    WCHAR file[MAX_PATH];
} scratch_accounts;

/* Over `server` (TRUE), points LSAEMU_SERVER_PIPE at a name of this accounts file's own, so the next call starts a
 * server with the current configuration (a handle of the previous server means nothing to it). That server writes
 * behind with its own delay unless the test chose one: tests that read the file right after their logons read it
 * with scratch_accounts_current, which has the LSA write first. */
static inline BOOL scratch_accounts_server(const WCHAR *file)
{
    WCHAR transport[16], name[64];
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_TRANSPORT", transport, ARRAYSIZE(transport));
    uint32_t hash = 2166136261u; /* FNV-1a of the path: one server per accounts file */

    if (n == 0 || n >= ARRAYSIZE(transport) || lstrcmpiW(transport, L"server") != 0)
        return FALSE;
    for (const WCHAR *p = file; *p; p++)
        hash = (hash ^ (uint32_t)towlower(*p)) * 16777619u;
    swprintf(name, ARRAYSIZE(name), L"\\\\.\\pipe\\lsaemu-test-%08x", hash);
    assert_true(SetEnvironmentVariableW(L"LSAEMU_SERVER_PIPE", name));
    return TRUE;
}

static inline void scratch_accounts_write(scratch_accounts *s, const WCHAR *tag, const char *text)
{
    static unsigned serial;
    WCHAR tmp[MAX_PATH];
    HANDLE h;
    DWORD written = 0;

    assert_true(GetTempPathW(ARRAYSIZE(tmp), tmp) > 0);
    swprintf(s->folder, ARRAYSIZE(s->folder), L"%lslsaemu-%ls-%lu-%u", tmp, tag, (unsigned long)GetCurrentProcessId(),
             ++serial);
    assert_true(CreateDirectoryW(s->folder, NULL) || GetLastError() == ERROR_ALREADY_EXISTS);
    swprintf(s->file, ARRAYSIZE(s->file), L"%ls\\accounts.ini", s->folder);
    h = CreateFileW(s->file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    assert_true(h != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(h, text, (DWORD)strlen(text), &written, NULL));
    CloseHandle(h);
    assert_true(SetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", s->file));
}

/* The file's current text (as the LSA last wrote it), in a static buffer. */
static inline const char *scratch_accounts_text(const scratch_accounts *s)
{
    static char text[8192];
    DWORD got = 0;
    HANDLE h = CreateFileW(s->file, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);

    assert_true(h != INVALID_HANDLE_VALUE);
    assert_true(ReadFile(h, text, sizeof(text) - 1, &got, NULL));
    CloseHandle(h);
    text[got] = 0;
    return text;
}

/* Has the LSA write the logon statistics it still holds in memory (LSAEMU_MSV1_0_FLUSH_ACCOUNTS, a trusted caller's
 * request): over `server` they wait there for its write delay. In process, where the default writes through, it
 * answers at once. */
static inline void lsa_flush_accounts(void)
{
    ULONG message = LSAEMU_MSV1_0_FLUSH_ACCOUNTS, len = 0xdeadbeef;
    HANDLE h = connect_trusted();
    NTSTATUS protocol = (NTSTATUS)0xdeadbeef;
    void *ret = DEADBEEF_PTR;

    assert_status(LsaCallAuthenticationPackage(h, msv1_0_id(h), &message, sizeof(message), &ret, &len, &protocol),
                  STATUS_SUCCESS);
    assert_status(protocol, STATUS_SUCCESS);
    assert_null(ret);
    LsaDeregisterLogonProcess(h);
}

/* The file's text once the LSA has written what it holds: what a reader going through the LSA would see. */
static inline const char *scratch_accounts_current(const scratch_accounts *s)
{
    lsa_flush_accounts();
    return scratch_accounts_text(s);
}

static inline LONGLONG now_filetime(void)
{
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    return ((LONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

/* A KerbRetrieveEncodedTicketMessage request in buf (cap bytes, cleared first), TargetName after the structure. */
static inline ULONG build_retrieve_in(BYTE *buf, size_t cap, const WCHAR *target, ULONG cache_options, ULONG flags,
                                      LONG etype, LUID id, dialect d)
{
    KERB_RETRIEVE_TKT_REQUEST *req = (KERB_RETRIEVE_TKT_REQUEST *)buf;
    size_t used = sizeof(*req);

    memset(buf, 0, cap);
    req->MessageType = KerbRetrieveEncodedTicketMessage;
    req->LogonId = id;
    req->CacheOptions = cache_options;
    req->TicketFlags = flags;
    req->EncryptionType = etype;
    put_ustring(buf, &used, &req->TargetName, target, d);
    return (ULONG)used;
}

#endif
