/* LsaLogonUser(Kerberos, KERB_S4U_LOGON) against the shared MIT KDC (fixture lsaemu_kdc): the machine account is the
 * fixture's host/lsaemu-ws.lsaemu.test with its machine.keytab (kdc.env's, named to the package by the registry's
 * MachineAccount / MachineKeytab so the shared server sees it too), the user alice. A trusted caller gets the logon type's token, an untrusted one or
 * KERB_S4U_LOGON_FLAG_IDENTIFY an identification token; the token's user is the session's SID where the host can make
 * such tokens; the session reports package Kerberos and alice's UPN, and its cache holds the S4U2Self ticket (client
 * alice, server the machine) and no TGT; refusals (unknown, disabled user, no machine account, another realm, malformed
 * buffers) leave nothing; Negotiate routes a realm's S4U logon to Kerberos and a local one to MSV1_0. Exits 77 without
 * the fixture. */
#include "test_kerberos_fixture.h"

#include "kdc_env.h"
#include "kdc_machine.h"
#include "kdc_realm.h"

#include <stdio.h>

#define DOWN_REALM L"KDC-DOWN.LSAEMU.INVALID"

static WCHAR realm[256], netbios[256], address[300], user[256], disabled[256], upn[600], machine[256];
static WCHAR machine_keytab[MAX_PATH];
static scratch_accounts no_accounts; /* unmapped users: an accounts file without them */
static BYTE buf[4096];
static char out_dir[1024]; /* for MIT's judge (tests/judge/judge_s4u.sh): Unix path, empty when not asked */

static void use_machine(const WCHAR *keytab)
{
    assert_true(kdc_machine_set(machine, keytab));
}

static int setup(void **state)
{
    (void)state;
    kerberos_fixture_connect();
    kdc_env_netbios(realm, netbios, ARRAYSIZE(netbios));
    swprintf(upn, ARRAYSIZE(upn), L"%ls@%ls", user, realm);
    assert_true(kdc_realm_set(realm, address));
    assert_true(kdc_realm_set(DOWN_REALM, L"127.0.0.1:9"));
    scratch_accounts_write(&no_accounts, L"ks4u-none", "");
    use_machine(machine_keytab);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kdc_realm_unset(realm);
    kdc_realm_unset(DOWN_REALM);
    kdc_machine_unset();
    kerberos_fixture_disconnect();
    return 0;
}

/* KERB_S4U_LOGON and MSV1_0_S4U_LOGON share number (12) and layout: MessageType, Flags, ClientUpn, ClientRealm. */
static ULONG build_kerb_s4u(ULONG flags, const WCHAR *client_upn, const WCHAR *client_realm, dialect d)
{
    ULONG len = build_s4u(buf, flags, client_upn, client_realm, d);

    ((KERB_S4U_LOGON *)buf)->MessageType = KerbS4ULogon;
    return len;
}

static void assert_ustring(const UNICODE_STRING *s, const WCHAR *expected)
{
    size_t n = wcslen(expected);

    if (s->Length != n * sizeof(WCHAR) || (n && memcmp(s->Buffer, expected, n * sizeof(WCHAR))))
        fail_msg("string is \"%.*ls\", expected \"%ls\"", (int)(s->Length / sizeof(WCHAR)), s->Buffer, expected);
}

static void assert_token_kind(HANDLE token, TOKEN_TYPE type, SECURITY_IMPERSONATION_LEVEL level)
{
    TOKEN_TYPE kind;
    SECURITY_IMPERSONATION_LEVEL got;
    DWORD n;

    assert_true(GetTokenInformation(token, TokenType, &kind, sizeof(kind), &n));
    assert_int_equal(kind, type);
    if (type == TokenImpersonation) {
        assert_true(GetTokenInformation(token, TokenImpersonationLevel, &got, sizeof(got), &n));
        assert_int_equal(got, level);
    }
}

/* The session: package Kerberos, alice in the realm, her UPN, logon type; the token's user is the session's SID. */
static void check_session(const logon_result *l, ULONG logon_type)
{
    PSECURITY_LOGON_SESSION_DATA data = NULL;
    BYTE user_buf[SECURITY_MAX_SID_SIZE + sizeof(TOKEN_USER)];
    DWORD n;

    assert_status(LsaGetLogonSessionData((PLUID)&l->id, &data), STATUS_SUCCESS);
    assert_ustring(&data->AuthenticationPackage, L"Kerberos");
    assert_ustring(&data->UserName, user);
    assert_ustring(&data->LogonDomain, netbios);
    assert_ustring(&data->DnsDomainName, realm);
    assert_ustring(&data->Upn, upn);
    assert_int_equal(data->LogonType, logon_type);
    assert_non_null(data->Sid);
    assert_true(GetTokenInformation(l->token, TokenUser, user_buf, sizeof(user_buf), &n));
    assert_true(IsValidSid(((TOKEN_USER *)user_buf)->User.Sid));
    /* Wine 8 has no NtCreateToken: its tokens carry the caller's user (docs/design.md, "Logon sessions"). */
    if (GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtCreateToken"))
        assert_true(EqualSid(((TOKEN_USER *)user_buf)->User.Sid, data->Sid));
    LsaFreeReturnBuffer(data);
}

static void expect_refusal(HANDLE lsa, ULONG package, SECURITY_LOGON_TYPE type, ULONG len, NTSTATUS status,
                           NTSTATUS sub)
{
    logon_result l;

    do_logon(lsa, package, type, buf, len, &l);
    if (l.status != status || l.sub != sub)
        fail_msg("0x%08lx sub 0x%08lx, expected 0x%08lx sub 0x%08lx", (unsigned long)l.status, (unsigned long)l.sub,
                 (unsigned long)status, (unsigned long)sub);
    assert_logon_cleared(&l);
}

/* A trusted caller (SeTcbPrivilege): Network gives an impersonation token, Batch a primary one; every name form. */
static void test_trusted(void **state)
{
    const WCHAR *upns[3] = {user, user, upn}, *realms[3] = {realm, L"", L""};
    logon_result l;
    dialect d;
    int i;

    (void)state;
    for (d = DIALECT_ABSOLUTE; d <= DIALECT_RELATIVE; d++) {
        for (i = 0; i < 3; i++) {
            do_logon(trusted, kerb, Network, buf, build_kerb_s4u(0, upns[i], realms[i], d), &l);
            if (l.status != STATUS_SUCCESS)
                fail_msg("%ls / %ls (%s): 0x%08lx sub 0x%08lx", upns[i], realms[i], dialect_name(d),
                         (unsigned long)l.status, (unsigned long)l.sub);
            assert_status(l.sub, STATUS_SUCCESS);
            assert_token_kind(l.token, TokenImpersonation, SecurityImpersonation);
            check_session(&l, Network);
            release_logon(&l);
        }
        do_logon(trusted, kerb, Batch, buf, build_kerb_s4u(0, user, netbios, d), &l);
        assert_status(l.status, STATUS_SUCCESS);
        assert_token_kind(l.token, TokenPrimary, 0);
        assert_int_equal(((KERB_INTERACTIVE_PROFILE *)l.profile)->MessageType, KerbInteractiveProfile);
        check_session(&l, Batch);
        release_logon(&l);
    }
}

/* Without SeTcbPrivilege, or with KERB_S4U_LOGON_FLAG_IDENTIFY, an identification token (LsaLogonUser's rule). */
static void test_identification(void **state)
{
    logon_result l;

    (void)state;
    do_logon(untrusted, kerb, Network, buf, build_kerb_s4u(0, user, realm, DIALECT_ABSOLUTE), &l);
    assert_status(l.status, STATUS_SUCCESS);
    assert_token_kind(l.token, TokenImpersonation, SecurityIdentification);
    check_session(&l, Network);
    release_logon(&l);
    do_logon(trusted, kerb, Batch, buf, build_kerb_s4u(KERB_S4U_LOGON_FLAG_IDENTIFY, user, realm, DIALECT_RELATIVE),
             &l);
    assert_status(l.status, STATUS_SUCCESS);
    assert_token_kind(l.token, TokenImpersonation, SecurityIdentification);
    release_logon(&l);
    /* CHECK_LOGONHOURS asks nothing more of an MIT KDC (no logon hours). */
    do_logon(trusted, kerb, Network, buf,
             build_kerb_s4u(KERB_S4U_LOGON_FLAG_CHECK_LOGONHOURS, user, realm, DIALECT_RELATIVE), &l);
    assert_status(l.status, STATUS_SUCCESS);
    assert_token_kind(l.token, TokenImpersonation, SecurityImpersonation);
    release_logon(&l);
}

/* The session's cache (KerbQueryTicketCacheEx3): the S4U2Self ticket (client alice, server the machine itself, not
 * PRIMARY, the KDC that issued it), no TGT. */
static void test_cache(void **state)
{
    KERB_QUERY_TKT_CACHE_REQUEST req;
    const KERB_QUERY_TKT_CACHE_EX3_RESPONSE *resp;
    call_result r;
    logon_result l;

    (void)state;
    do_logon(trusted, kerb, Network, buf, build_kerb_s4u(0, user, realm, DIALECT_ABSOLUTE), &l);
    assert_status(l.status, STATUS_SUCCESS);
    memset(&req, 0, sizeof(req));
    req.MessageType = KerbQueryTicketCacheEx3Message;
    req.LogonId = l.id;
    do_call(trusted, kerb, &req, sizeof(req), &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    resp = r.buf;
    assert_int_equal(resp->CountOfTickets, 1);
    assert_ustring(&resp->Tickets[0].ClientName, user);
    assert_ustring(&resp->Tickets[0].ClientRealm, realm);
    assert_ustring(&resp->Tickets[0].ServerName, machine);
    assert_ustring(&resp->Tickets[0].ServerRealm, realm);
    assert_true(resp->Tickets[0].EndTime.QuadPart > resp->Tickets[0].StartTime.QuadPart);
    assert_int_equal(resp->Tickets[0].CacheFlags, 0);
    assert_ustring(&resp->Tickets[0].KdcCalled, address); /* host:port, the port not being 88 */
    assert_true(resp->Tickets[0].SessionKeyType == 18 || resp->Tickets[0].SessionKeyType == 17);
    LsaFreeReturnBuffer(r.buf);
    release_logon(&l);
}

/* ---- what MIT's judge reads: the S4U2Self ticket as the session's cache gives it ---- */

static WCHAR *dos_path(const char *unix_path)
{
    typedef WCHAR *(CDECL * to_dos_fn)(const char *);
    to_dos_fn to_dos = (to_dos_fn)(void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "wine_get_dos_file_name");

    return to_dos ? to_dos(unix_path) : NULL;
}

static void write_out(const char *name, const void *bytes, size_t len)
{
    char path[1200];
    WCHAR *dos;
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", out_dir, name);
    assert_non_null(dos = dos_path(path));
    f = _wfopen(dos, L"wb");
    HeapFree(GetProcessHeap(), 0, dos);
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0)
        fail_msg("cannot write %s", path);
}

/* OUT = $LSAEMU_S4U_TICKETS_DIR/<transport>.<mode>, emptied of an earlier run's files. */
static void prepare_out_dir(void)
{
    static const char *const files[] = {"ticket.der", "session.hex", "enctype"};
    char base[900], transport[32], mode[32], path[1200];
    WCHAR *dos;

    if (!GetEnvironmentVariableA("LSAEMU_S4U_TICKETS_DIR", base, sizeof(base)) ||
        !GetEnvironmentVariableA("LSAEMU_TRANSPORT", transport, sizeof(transport)) ||
        !GetEnvironmentVariableA("LSAEMU_TEST_MODE", mode, sizeof(mode)))
        return;
    snprintf(out_dir, sizeof(out_dir), "%s/%s.%s", base, transport, mode);
    for (const char *d = base; d; d = d == base ? out_dir : NULL) {
        assert_non_null(dos = dos_path(d));
        if (!CreateDirectoryW(dos, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
            fail_msg("cannot create %s", d);
        HeapFree(GetProcessHeap(), 0, dos);
    }
    for (size_t i = 0; i < ARRAYSIZE(files); i++) {
        snprintf(path, sizeof(path), "%s/%s", out_dir, files[i]);
        if ((dos = dos_path(path))) {
            DeleteFileW(dos);
            HeapFree(GetProcessHeap(), 0, dos);
        }
    }
}

/* The session's S4U2Self ticket through KerbRetrieveEncodedTicketMessage (cache only: the session has no TGT to ask
 * the KDC with), written for the judge: it must open with machine.keytab and name alice as its client. */
static void test_ticket_for_judge(void **state)
{
    const KERB_EXTERNAL_TICKET *t;
    char hex[2 * 64 + 1], etype[16];
    call_result r;
    logon_result l;
    ULONG i, len;

    (void)state;
    do_logon(trusted, kerb, Network, buf, build_kerb_s4u(0, upn, L"", DIALECT_ABSOLUTE), &l);
    assert_status(l.status, STATUS_SUCCESS);
    len = build_retrieve_in(buf, sizeof(buf), machine, KERB_RETRIEVE_TICKET_USE_CACHE_ONLY, 0, 0, l.id,
                            DIALECT_ABSOLUTE);
    do_call(trusted, kerb, buf, len, &r);
    assert_status(r.status, STATUS_SUCCESS);
    assert_status(r.protocol, STATUS_SUCCESS);
    t = &((const KERB_RETRIEVE_TKT_RESPONSE *)r.buf)->Ticket;
    assert_true(t->EncodedTicketSize > 0);
    assert_true(t->SessionKey.Length > 0 && t->SessionKey.Length <= 64);
    if (out_dir[0]) {
        for (i = 0; i < t->SessionKey.Length; i++)
            snprintf(hex + 2 * i, 3, "%02x", t->SessionKey.Value[i]);
        hex[2 * i] = 0;
        snprintf(etype, sizeof(etype), "%ld", (long)t->SessionKey.KeyType);
        write_out("ticket.der", t->EncodedTicket, t->EncodedTicketSize);
        write_out("session.hex", hex, strlen(hex));
        write_out("enctype", etype, strlen(etype));
    }
    LsaFreeReturnBuffer(r.buf);
    release_logon(&l);
}

static void test_refusals(void **state)
{
    WCHAR missing[MAX_PATH + 16], down_machine[600];

    (void)state;
    expect_refusal(trusted, kerb, Network, build_kerb_s4u(0, L"no-such-user-lsaemu", realm, DIALECT_ABSOLUTE),
                   STATUS_LOGON_FAILURE, STATUS_SUCCESS);
    expect_refusal(trusted, kerb, Network, build_kerb_s4u(0, disabled, realm, DIALECT_ABSOLUTE),
                   STATUS_ACCOUNT_RESTRICTION, STATUS_ACCOUNT_DISABLED);
    /* A realm other than the machine's: no cross-realm S4U here. */
    expect_refusal(trusted, kerb, Network, build_kerb_s4u(0, user, DOWN_REALM, DIALECT_ABSOLUTE),
                   STATUS_NO_LOGON_SERVERS, STATUS_SUCCESS);
    expect_refusal(trusted, kerb, Network, build_kerb_s4u(0, L"", realm, DIALECT_RELATIVE), STATUS_INVALID_PARAMETER,
                   STATUS_SUCCESS);
    expect_refusal(trusted, kerb, Network, sizeof(KERB_S4U_LOGON) - 1, STATUS_INVALID_PARAMETER, STATUS_SUCCESS);
    expect_refusal(trusted, kerb, Unlock, build_kerb_s4u(0, user, realm, DIALECT_ABSOLUTE), STATUS_INVALID_LOGON_TYPE,
                   STATUS_SUCCESS);
    /* No machine account: its keytab is gone. */
    swprintf(missing, ARRAYSIZE(missing), L"%ls.missing", machine_keytab);
    use_machine(missing);
    expect_refusal(trusted, kerb, Network, build_kerb_s4u(0, user, realm, DIALECT_ABSOLUTE), STATUS_NO_TRUST_LSA_SECRET,
                   STATUS_SUCCESS);
    /* A machine account (keys from a MachinePassword) in a realm whose KDC is down: no TGT to be had. */
    swprintf(down_machine, ARRAYSIZE(down_machine), L"%ls@%ls", machine, DOWN_REALM);
    assert_true(kdc_machine_set(down_machine, NULL));
    assert_int_equal(RegSetKeyValueW(HKEY_LOCAL_MACHINE, L"Software\\lsaemu\\Kerberos", L"MachinePassword", REG_SZ,
                                     L"any password", sizeof(L"any password")),
                     ERROR_SUCCESS);
    expect_refusal(trusted, kerb, Network, build_kerb_s4u(0, user, L"", DIALECT_ABSOLUTE), STATUS_NO_LOGON_SERVERS,
                   STATUS_SUCCESS);
    assert_int_equal(RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, L"Software\\lsaemu\\Kerberos", L"MachinePassword"),
                     ERROR_SUCCESS);
    use_machine(machine_keytab);
}

/* Negotiate: a realm's user through Kerberos (the session says so); a local account (no realm, no '@') to MSV1_0
 * alone, which knows no such account here; Kerberos' refusals stand. */
static void test_negotiate(void **state)
{
    logon_result l;

    (void)state;
    do_logon(trusted, 0, Network, buf, build_kerb_s4u(0, upn, L"", DIALECT_RELATIVE), &l);
    assert_status(l.status, STATUS_SUCCESS);
    check_session(&l, Network);
    release_logon(&l);
    expect_refusal(trusted, 0, Network, build_kerb_s4u(0, L"no-such-user-lsaemu", realm, DIALECT_ABSOLUTE),
                   STATUS_LOGON_FAILURE, STATUS_SUCCESS);
    expect_refusal(trusted, 0, Network, build_kerb_s4u(0, disabled, realm, DIALECT_ABSOLUTE),
                   STATUS_ACCOUNT_RESTRICTION, STATUS_ACCOUNT_DISABLED);
    expect_refusal(trusted, 0, Network, build_kerb_s4u(0, user, L"", DIALECT_ABSOLUTE), STATUS_LOGON_FAILURE,
                   STATUS_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trusted),  cmocka_unit_test(test_identification), cmocka_unit_test(test_cache),
        cmocka_unit_test(test_refusals), cmocka_unit_test(test_negotiate),
        cmocka_unit_test(test_ticket_for_judge),
    };
    const kdc_env_var vars[] = {
        KDC_ENV_VAR(L"LSAEMU_KDC_REALM", realm),
        KDC_ENV_VAR(L"LSAEMU_KDC_ADDRESS", address),
        KDC_ENV_VAR(L"LSAEMU_KDC_USER", user),
        KDC_ENV_VAR(L"LSAEMU_KDC_DISABLED_USER", disabled),
        KDC_ENV_VAR(L"LSAEMU_KDC_MACHINE", machine),
        KDC_ENV_VAR(L"LSAEMU_KDC_MACHINE_KEYTAB", machine_keytab),
    };

    if (!kdc_env_load_or_say_skip())
        return 77;
    if (!kdc_env_read(vars, ARRAYSIZE(vars)))
        return 1;
    prepare_out_dir();
    return cmocka_run_group_tests(tests, setup, teardown);
}
