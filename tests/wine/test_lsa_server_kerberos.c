/* The shared LSA server with Kerberos (LSAEMU_TRANSPORT=server, the KDC fixture): process A logs alice on through
 * Kerberos; process B (this program again) lists that session's tickets and purges them; A then finds its cache
 * empty. Exits 77 (skipped) without the KDC fixture. */
#include "test_kerberos_calls.h"
#include "test_kerberos_fixture.h"
#include "kdc_env.h"
#include "kdc_realm.h"

#include <stdio.h>
#include <stdlib.h>

static WCHAR realm[128], address[128], user[128], password[128];
static BYTE buf[4096];

static BOOL env(const WCHAR *name, WCHAR *out, DWORD cap)
{
    DWORD n = GetEnvironmentVariableW(name, out, cap);
    return n && n < cap;
}

/* The tickets of session id (KerbQueryTicketCacheEx3Message), or -1 when the query fails. */
static long ticket_count(HANDLE h, ULONG package, LUID id)
{
    call_result r;
    long n;
    kerb_query(h, package, KerbQueryTicketCacheEx3Message, id, &r);
    if (r.status != STATUS_SUCCESS || r.protocol != STATUS_SUCCESS || !r.buf)
        return -1;
    n = (long)((const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *)r.buf)->CountOfTickets;
    LsaFreeReturnBuffer(r.buf);
    return n;
}

/* Process B: sees the session's ticket, purges every ticket of it. */
static int purge_child(const char *id_text)
{
    unsigned long long v = strtoull(id_text, NULL, 16);
    LUID id;
    HANDLE h;
    ULONG package;
    call_result r;
    id.LowPart = (DWORD)v;
    id.HighPart = (LONG)(v >> 32);
    h = connect_trusted();
    package = kerberos_id(h);
    if (ticket_count(h, package, id) < 1)
        return 10; /* A's TGT not seen */
    kerb_purge_ex(h, package, buf, id, KERB_PURGE_ALL_TICKETS, NULL, NULL, &r);
    if (r.status != STATUS_SUCCESS || r.protocol != STATUS_SUCCESS)
        return 11;
    if (ticket_count(h, package, id) != 0)
        return 12;
    LsaDeregisterLogonProcess(h);
    return 0;
}

static void tickets_listed_and_purged_from_another_process(void **state)
{
    logon_result l;
    ULONG len = build_interactive_in(buf, sizeof(KERB_INTERACTIVE_LOGON), KerbInteractiveLogon, realm, user, password,
                                     DIALECT_ABSOLUTE);
    char exe[MAX_PATH], cmd[MAX_PATH + 64];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DWORD code = 0xdeadbeef;
    (void)state;
    do_logon(trusted, kerb, Interactive, buf, len, &l);
    SecureZeroMemory(buf, sizeof(buf));
    if (l.status != STATUS_SUCCESS)
        fail_msg("Kerberos logon: 0x%08lx sub 0x%08lx", (unsigned long)l.status, (unsigned long)l.sub);
    assert_int_equal(ticket_count(trusted, kerb, l.id), 1); /* the TGT */

    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    snprintf(cmd, sizeof(cmd), "\"%s\" purge %llx", exe, (unsigned long long)(ULONG)l.id.HighPart << 32 | l.id.LowPart);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    assert_true(CreateProcessA(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    assert_int_equal(WaitForSingleObject(pi.hProcess, 60000), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(pi.hProcess, &code));
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    assert_int_equal(code, 0);
    assert_int_equal(ticket_count(trusted, kerb, l.id), 0); /* purged for A too: one LSA */
    release_logon(&l);
}

static int setup(void **state)
{
    (void)state;
    kerberos_fixture_connect();
    return kdc_realm_set(realm, address) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kdc_realm_unset(realm);
    kerberos_fixture_disconnect();
    return 0;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tickets_listed_and_purged_from_another_process),
    };
    if (argc == 3 && !strcmp(argv[1], "purge"))
        return purge_child(argv[2]);
    if (!lsaemu_loaded())
        return 77;
    if (!kdc_env_load_or_say_skip())
        return 77;
    if (!env(L"LSAEMU_KDC_REALM", realm, ARRAYSIZE(realm)) || !env(L"LSAEMU_KDC_ADDRESS", address, ARRAYSIZE(address)) ||
        !env(L"LSAEMU_KDC_USER", user, ARRAYSIZE(user)) || !env(L"LSAEMU_KDC_PASSWORD", password, ARRAYSIZE(password)))
        return 77;
    return cmocka_run_group_tests(tests, setup, teardown);
}
