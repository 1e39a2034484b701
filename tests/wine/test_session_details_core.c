/* The core's half of the session details: LsaGetLogonSessionData's op reads back what the session's own package
 * attached with AddCredential(LSAEMU_SESSION_DETAILS_KEY), as a third-party AP DLL would attach it, and builds one
 * block whose embedded pointers point into itself. A missing blob, another package's blob and a malformed blob all
 * leave the fields empty and the times "never"; only the malformed one is reported (once per query, on stderr). */
#include "lsa_internal.h"

#include <fcntl.h>
#include <io.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>

#include "lsa_session_details.h"
#include "lsaemu/lsaemu.h"

#define NEVER 0x7FFFFFFFFFFFFFFFLL
#define THIRD_PARTY 42 /* the package id of the pretend AP DLL that creates the sessions */
#define OTHER_PACKAGE 43

static lsa_core_caller self;

/* A completed session of THIRD_PARTY, as the core records it after the package's LogonUser returned. */
static void make_session(LUID *id)
{
    static SID user_sid = { SID_REVISION, 1, { SECURITY_NT_AUTHORITY }, { 4242 } };
    lsa_session_info info;

    assert_true(AllocateLocallyUniqueId(id));
    assert_int_equal(lsa_sessions_create(id, THIRD_PARTY), STATUS_SUCCESS);
    memset(&info, 0, sizeof(info));
    info.logon_id = *id;
    info.logon_type = Interactive;
    info.package_id = THIRD_PARTY;
    wcscpy(info.user, L"pat");
    wcscpy(info.domain, L"SAMPLE");
    wcscpy(info.package_name, L"SampleAP");
    memcpy(info.sid, &user_sid, sizeof(user_sid));
    info.has_sid = TRUE;
    info.logon_time.QuadPart = 133000000000000000LL;
    assert_int_equal(lsa_sessions_complete(&info), STATUS_SUCCESS);
}

static void attach(const LUID *id, ULONG package, const void *blob, size_t len)
{
    LSA_STRING key, value;
    LUID copy = *id;

    key.Buffer = (PCHAR)LSAEMU_SESSION_DETAILS_KEY;
    key.Length = key.MaximumLength = (USHORT)strlen(LSAEMU_SESSION_DETAILS_KEY);
    value.Buffer = (PCHAR)blob;
    value.Length = value.MaximumLength = (USHORT)len;
    assert_int_equal(lsa_function_table()->AddCredential(&copy, package, &key, &value), STATUS_SUCCESS);
}

/* Runs the op with stderr sent to a scratch file; *diagnostics counts the session-details lines it wrote. */
static SECURITY_LOGON_SESSION_DATA *query(const LUID *id, int *diagnostics)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    char path[MAX_PATH], dir[MAX_PATH], line[1200];
    int saved, scratch;
    FILE *f;
    NTSTATUS st;

    memset(&req, 0, sizeof(req));
    memset(&rep, 0, sizeof(rep));
    req.u.session_data.logon_id.low = id->LowPart;
    req.u.session_data.logon_id.high = id->HighPart;
    assert_true(GetTempPathA(sizeof(dir), dir) && GetTempFileNameA(dir, "sdc", 0, path));
    fflush(stderr);
    saved = _dup(_fileno(stderr));
    scratch = _open(path, _O_WRONLY | _O_TRUNC);
    assert_true(saved >= 0 && scratch >= 0);
    assert_int_equal(_dup2(scratch, _fileno(stderr)), 0);
    st = lsa_op_get_session_data(&self, &req, &rep);
    fflush(stderr);
    _dup2(saved, _fileno(stderr));
    _close(saved);
    _close(scratch);

    *diagnostics = 0;
    assert_non_null(f = fopen(path, "r"));
    while (fgets(line, sizeof(line), f))
        if (strstr(line, "malformed session details"))
            ++*diagnostics;
    fclose(f);
    DeleteFileA(path);
    assert_int_equal(st, STATUS_SUCCESS);
    assert_true(rep.u.session_data.buffer != 0);
    return (SECURITY_LOGON_SESSION_DATA *)(uintptr_t)rep.u.session_data.buffer;
}

/* A string of the block: exactly `expected`, NUL-terminated, its buffer inside the block after the structure. */
static void assert_block_string(const SECURITY_LOGON_SESSION_DATA *d, const LSA_UNICODE_STRING *s,
                                const WCHAR *expected, size_t chars)
{
    const BYTE *base = (const BYTE *)d, *at = (const BYTE *)s->Buffer;

    assert_int_equal(s->Length, chars * sizeof(WCHAR));
    assert_int_equal(s->MaximumLength, s->Length + sizeof(WCHAR));
    assert_true(at >= base + sizeof(*d));
    assert_int_equal((uintptr_t)at % sizeof(WCHAR), 0);
    assert_memory_equal(s->Buffer, expected, chars * sizeof(WCHAR));
    assert_int_equal(s->Buffer[chars], 0);
}

static void assert_nothing_reported(const SECURITY_LOGON_SESSION_DATA *d)
{
    assert_block_string(d, &d->LogonScript, L"", 0);
    assert_block_string(d, &d->ProfilePath, L"", 0);
    assert_block_string(d, &d->HomeDirectory, L"", 0);
    assert_block_string(d, &d->HomeDirectoryDrive, L"", 0);
    assert_int_equal(d->UserFlags, 0);
    assert_true(d->LastLogonInfo.LastSuccessfulLogon.QuadPart == 0);
    assert_true(d->LastLogonInfo.LastFailedLogon.QuadPart == 0);
    assert_int_equal(d->LastLogonInfo.FailedAttemptCountSinceLastSuccessfulLogon, 0);
    assert_true(d->LogoffTime.QuadPart == NEVER);
    assert_true(d->KickOffTime.QuadPart == NEVER);
    assert_true(d->PasswordLastSet.QuadPart == 0);
    assert_true(d->PasswordCanChange.QuadPart == 0);
    assert_true(d->PasswordMustChange.QuadPart == NEVER);
    /* What the session itself knows is there all the same. */
    assert_block_string(d, &d->UserName, L"pat", 3);
    assert_block_string(d, &d->AuthenticationPackage, L"SampleAP", 8);
}

static WCHAR long_path[3000];

/* The details a third-party package reports, with one long string so the block's size accounting is exercised. */
static void sample_details(lsa_session_details *in)
{
    static const WCHAR script[] = L"start.cmd", drive[] = L"Z:", profile[] = L"\\\\srv\\profiles\\pat";

    for (size_t i = 0; i < ARRAYSIZE(long_path); i++)
        long_path[i] = (WCHAR)(L'a' + i % 26);
    memset(in, 0, sizeof(*in));
    in->user_flags = LOGON_EXTRA_SIDS | LOGON_PROFILE_PATH_RETURNED;
    in->failed_attempts = 3;
    in->logoff_time = 133100000000000000LL;
    in->kickoff_time = 133200000000000000LL;
    in->password_last_set = 132900000000000000LL;
    in->password_can_change = 132900864000000000LL;
    in->password_must_change = 133262880000000000LL;
    in->last_successful_logon = 132999000000000000LL;
    in->last_failed_logon = 132999500000000000LL;
    in->strings[LSA_SD_LOGON_SCRIPT].data = (const uint8_t *)script;
    in->strings[LSA_SD_LOGON_SCRIPT].bytes = sizeof(script) - sizeof(WCHAR);
    in->strings[LSA_SD_PROFILE_PATH].data = (const uint8_t *)profile;
    in->strings[LSA_SD_PROFILE_PATH].bytes = sizeof(profile) - sizeof(WCHAR);
    in->strings[LSA_SD_HOME_DIRECTORY].data = (const uint8_t *)long_path;
    in->strings[LSA_SD_HOME_DIRECTORY].bytes = sizeof(long_path);
    in->strings[LSA_SD_HOME_DIRECTORY_DRIVE].data = (const uint8_t *)drive;
    in->strings[LSA_SD_HOME_DIRECTORY_DRIVE].bytes = sizeof(drive) - sizeof(WCHAR);
}

static size_t encode(const lsa_session_details *in, uint8_t *out, size_t cap)
{
    size_t written = 0;

    assert_int_equal(lsa_session_details_encode(in, out, cap, &written), LSA_SD_OK);
    return written;
}

static uint8_t blob[8192];

/* Every field as the package put it, in one block the client frees with one call. */
static void test_third_party_details(void **state)
{
    SECURITY_LOGON_SESSION_DATA *d;
    lsa_session_details in;
    LUID id;
    size_t len;
    int diagnostics;

    (void)state;
    sample_details(&in);
    len = encode(&in, blob, sizeof(blob));
    make_session(&id);
    attach(&id, THIRD_PARTY, blob, len);
    d = query(&id, &diagnostics);
    assert_int_equal(diagnostics, 0);
    assert_int_equal(d->Size, sizeof(*d));
    assert_int_equal(d->LogonType, Interactive);
    assert_true((const BYTE *)d->Sid >= (const BYTE *)d + sizeof(*d));
    assert_int_equal(*GetSidSubAuthority(d->Sid, 0), 4242);
    assert_int_equal(d->UserFlags, LOGON_EXTRA_SIDS | LOGON_PROFILE_PATH_RETURNED);
    assert_int_equal(d->LastLogonInfo.FailedAttemptCountSinceLastSuccessfulLogon, 3);
    assert_true(d->LastLogonInfo.LastSuccessfulLogon.QuadPart == in.last_successful_logon);
    assert_true(d->LastLogonInfo.LastFailedLogon.QuadPart == in.last_failed_logon);
    assert_true(d->LogoffTime.QuadPart == in.logoff_time);
    assert_true(d->KickOffTime.QuadPart == in.kickoff_time);
    assert_true(d->PasswordLastSet.QuadPart == in.password_last_set);
    assert_true(d->PasswordCanChange.QuadPart == in.password_can_change);
    assert_true(d->PasswordMustChange.QuadPart == in.password_must_change);
    assert_block_string(d, &d->LogonScript, L"start.cmd", 9);
    assert_block_string(d, &d->ProfilePath, L"\\\\srv\\profiles\\pat", 18);
    assert_block_string(d, &d->HomeDirectory, long_path, ARRAYSIZE(long_path));
    assert_block_string(d, &d->HomeDirectoryDrive, L"Z:", 2);
    assert_int_equal(lsa_clientmem_free(&self, (uint64_t)(uintptr_t)d), STATUS_SUCCESS);
    assert_int_equal(lsa_sessions_delete(&id), STATUS_SUCCESS);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* A string at an odd offset (the format allows it, a package may pack its blob so): copied out aligned. */
static void test_unaligned_string(void **state)
{
    static const WCHAR script[] = L"odd.cmd";
    const uint32_t script_bytes = sizeof(script) - sizeof(WCHAR), total = LSA_SD_HEADER + 1 + script_bytes;
    SECURITY_LOGON_SESSION_DATA *d;
    lsa_session_details none;
    uint8_t odd[LSA_SD_HEADER + 1 + sizeof(script)];
    LUID id;
    int diagnostics;

    (void)state;
    memset(&none, 0, sizeof(none));
    memset(odd, 0, sizeof(odd));
    assert_int_equal(encode(&none, odd, sizeof(odd)), LSA_SD_HEADER);
    put32(odd + 4, total);
    put32(odd + 72, LSA_SD_HEADER + 1); /* LogonScript: one byte after the header */
    put32(odd + 76, script_bytes);
    for (int i = 1; i < LSA_SD_STRINGS; i++)
        put32(odd + 72 + 8 * i, total); /* the others empty, at the end */
    memcpy(odd + LSA_SD_HEADER + 1, script, script_bytes);
    make_session(&id);
    attach(&id, THIRD_PARTY, odd, total);
    d = query(&id, &diagnostics);
    assert_int_equal(diagnostics, 0);
    assert_block_string(d, &d->LogonScript, L"odd.cmd", 7);
    assert_block_string(d, &d->ProfilePath, L"", 0);
    assert_int_equal(lsa_clientmem_free(&self, (uint64_t)(uintptr_t)d), STATUS_SUCCESS);
    assert_int_equal(lsa_sessions_delete(&id), STATUS_SUCCESS);
}

/* Nothing attached, or attached by a package that did not create the session: empty, "never", and no diagnostic. */
static void test_missing_or_foreign_details(void **state)
{
    SECURITY_LOGON_SESSION_DATA *d;
    lsa_session_details in;
    LUID id;
    size_t len;
    int diagnostics;

    (void)state;
    make_session(&id);
    d = query(&id, &diagnostics);
    assert_int_equal(diagnostics, 0);
    assert_nothing_reported(d);
    assert_int_equal(lsa_clientmem_free(&self, (uint64_t)(uintptr_t)d), STATUS_SUCCESS);

    sample_details(&in);
    len = encode(&in, blob, sizeof(blob));
    attach(&id, OTHER_PACKAGE, blob, len);
    d = query(&id, &diagnostics);
    assert_int_equal(diagnostics, 0);
    assert_nothing_reported(d);
    assert_int_equal(lsa_clientmem_free(&self, (uint64_t)(uintptr_t)d), STATUS_SUCCESS);
    assert_int_equal(lsa_sessions_delete(&id), STATUS_SUCCESS);
}

/* Each kind of malformed blob: treated as absent, and said once per query. */
static void test_malformed_details(void **state)
{
    static const struct {
        const char *what;
        size_t at;     /* where to write `value` (a u32) in a valid blob, or SIZE_MAX for none */
        uint32_t value;
        size_t len;    /* the length attached: 0 = the valid length */
    } cases[] = {
        { "truncated header", SIZE_MAX, 0, LSA_SD_HEADER - 1 },
        { "version 2", 0, 2, 0 },
        { "size field too large", 4, 0x10000, 0 },
        { "odd string length", 76, 3, 0 },
        { "string past the end", 72, 0xFFFFFFF0u, 0 },
        { "string inside the header", 80, 8, 0 },
    };
    SECURITY_LOGON_SESSION_DATA *d;
    lsa_session_details in;
    uint8_t bad[sizeof(blob)];
    size_t len;
    int diagnostics;

    (void)state;
    sample_details(&in);
    len = encode(&in, blob, sizeof(blob));
    for (size_t i = 0; i < ARRAYSIZE(cases); i++) {
        LUID id;

        print_message("%s\n", cases[i].what);
        memcpy(bad, blob, len);
        if (cases[i].at != SIZE_MAX)
            put32(bad + cases[i].at, cases[i].value);
        make_session(&id);
        attach(&id, THIRD_PARTY, bad, cases[i].len ? cases[i].len : len);
        d = query(&id, &diagnostics);
        assert_int_equal(diagnostics, 1);
        assert_nothing_reported(d);
        assert_int_equal(lsa_clientmem_free(&self, (uint64_t)(uintptr_t)d), STATUS_SUCCESS);
        d = query(&id, &diagnostics);
        assert_int_equal(diagnostics, 1); /* every query says it again: the blob is not repaired behind anyone's back */
        assert_int_equal(lsa_clientmem_free(&self, (uint64_t)(uintptr_t)d), STATUS_SUCCESS);
        assert_int_equal(lsa_sessions_delete(&id), STATUS_SUCCESS);
    }
}

static int setup(void **state)
{
    (void)state;
    self.process_id = GetCurrentProcessId();
    self.thread_id = GetCurrentThreadId();
    /* The malformed-blob diagnostics are on the error channel, which LSAEMU_DEBUG=none would silence. */
    SetEnvironmentVariableA("LSAEMU_DEBUG", "err");
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_third_party_details),
        cmocka_unit_test(test_unaligned_string),
        cmocka_unit_test(test_missing_or_foreign_details),
        cmocka_unit_test(test_malformed_details),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
