/* The Kerberos package's KDC exchanges (kerb_kdc.c over kerb_net.c's Winsock and kerb_bcrypt.c's bcrypt), linked
 * directly and run under Wine against the shared MIT KDC (fixture lsaemu_kdc, tests/kdc/kdc.sh). The fixture's
 * address, realm, principals and passwords come from its kdc.env (kdc_env.h); without it (no krb5kdc on the host)
 * the program skips. TGT (names, times, flags, enctype), the kept key, AES-SHA2 and RC4 keys, wrong password,
 * unknown user, disabled, expired password, no KDC listening and a KDC that never answers (both
 * STATUS_NO_LOGON_SERVERS; the time taken is printed), a service ticket and an unknown service. */
#define WIN32_NO_STATUS
#include <winsock2.h>
#undef WIN32_NO_STATUS
#include "pkg_win.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kerb_clock.h"
#include "kerb_kdc.h"

#include "kdc_env.h"
#include "loopback_port.h"

static kerb_realm_info realm;
static const char *user, *password_a, *other_password, *service_host;
static const char *disabled_user, *expired_user;
static char sha2_user[64], rc4_user[64];

static const WCHAR *wide(const char *s)
{
    static WCHAR buf[4][128];
    static int n;
    WCHAR *w = buf[n++ % 4];

    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, 128);
    return w;
}

static NTSTATUS tgt(const kerb_realm_info *r, const char *name, const char *pw, kerb_tgt_result *out,
                    NTSTATUS *sub)
{
    const WCHAR *w = wide(pw);
    return kerb_kdc_get_tgt(r, name, w, wcslen(w), out, sub);
}

static int has(const kcc_principal *p, uint32_t i, const char *s)
{
    return i < p->count && p->components[i].length == strlen(s) && !memcmp(p->components[i].bytes, s, strlen(s));
}

static void test_tgt(void **state)
{
    kerb_tgt_result r, again;
    NTSTATUS sub = 1;
    char want_kdc[KERB_MAX_KDC_NAME];
    int64_t now = kerb_clock_now(NULL);
    ULONGLONG start = GetTickCount64();

    (void)state;
    assert_int_equal(tgt(&realm, user, password_a, &r, &sub), STATUS_SUCCESS);
    print_message("TGT with a password (two AS exchanges, PBKDF2 4096): %llu ms\n",
                  (unsigned long long)(GetTickCount64() - start));
    assert_int_equal(sub, STATUS_SUCCESS);
    assert_true(has(&r.tgt.client, 0, user) && r.tgt.client.count == 1);
    assert_int_equal(r.tgt.client.realm.length, strlen(realm.realm));
    assert_memory_equal(r.tgt.client.realm.bytes, realm.realm, strlen(realm.realm));
    assert_true(has(&r.tgt.server, 0, "krbtgt") && has(&r.tgt.server, 1, realm.realm));
    assert_int_equal(r.tgt.enctype, 18);
    assert_int_equal(r.tgt.key.length, 32);
    assert_int_equal(r.tgt.ticket_flags & 0x40e00000u, 0x40e00000u); /* forwardable renewable initial pre-authent */
    assert_true(r.tgt.authtime >= now - 60 && r.tgt.authtime <= now + 60);
    assert_true(r.tgt.endtime > r.tgt.authtime);
    assert_true(r.tgt.renew_till >= r.tgt.endtime);
    assert_true(r.tgt.ticket.length > 100 && r.tgt.ticket.bytes[0] == 0x61);
    assert_int_equal(r.key_enctype, 18);
    assert_int_equal(r.key_len, 32);
    snprintf(want_kdc, sizeof(want_kdc), "%s:%u", realm.kdcs[0].host, realm.kdcs[0].port);
    assert_string_equal(r.kdc, want_kdc);
    /* The kept key fetches a new TGT without the password. */
    assert_int_equal(kerb_kdc_get_tgt_with_key(&realm, user, r.key_enctype, r.key, r.key_len, &again, &sub),
                     STATUS_SUCCESS);
    assert_true(has(&again.tgt.server, 0, "krbtgt"));
    assert_memory_not_equal(again.tgt.key.bytes, r.tgt.key.bytes, 32); /* a new session key */
    kerb_tgt_result_free(&again);
    kerb_tgt_result_free(&r);
    assert_null(r.tgt.ticket.bytes);
}

/* The other string-to-key paths through bcrypt: PBKDF2-HMAC-SHA384 (aes256-cts-hmac-sha384-192) and RC4-HMAC's MD4
 * of the UTF-16 password. */
static void test_other_key_types(void **state)
{
    kerb_tgt_result r;
    NTSTATUS sub;

    (void)state;
    assert_int_equal(tgt(&realm, sha2_user, other_password, &r, &sub), STATUS_SUCCESS);
    assert_int_equal(r.key_enctype, 20);
    assert_int_equal(r.key_len, 32);
    kerb_tgt_result_free(&r);
    assert_int_equal(tgt(&realm, rc4_user, other_password, &r, &sub), STATUS_SUCCESS);
    assert_int_equal(r.key_enctype, 23);
    assert_int_equal(r.key_len, 16);
    kerb_tgt_result_free(&r);
}

static void expect(const char *name, const char *pw, NTSTATUS status, NTSTATUS want_sub)
{
    kerb_tgt_result r;
    NTSTATUS sub = 1;

    assert_int_equal(tgt(&realm, name, pw, &r, &sub), status);
    assert_int_equal(sub, want_sub);
    assert_null(r.tgt.ticket.bytes);
    assert_int_equal(r.key_len, 0);
}

static void test_refusals(void **state)
{
    (void)state;
    expect(user, "not the password", STATUS_LOGON_FAILURE, STATUS_WRONG_PASSWORD);
    expect("nosuchuser", "x", STATUS_LOGON_FAILURE, STATUS_NO_SUCH_USER);
    expect(disabled_user, other_password, STATUS_ACCOUNT_RESTRICTION, STATUS_ACCOUNT_DISABLED);
    expect(expired_user, other_password, STATUS_ACCOUNT_RESTRICTION, STATUS_PASSWORD_EXPIRED);
}

static void no_kdc_case(const char *what, unsigned short port)
{
    kerb_realm_info none = realm;
    kerb_tgt_result r;
    NTSTATUS sub = 1;
    ULONGLONG start;

    none.kdc_count = 1;
    snprintf(none.kdcs[0].host, sizeof(none.kdcs[0].host), "127.0.0.1");
    none.kdcs[0].port = port;
    start = GetTickCount64();
    assert_int_equal(tgt(&none, user, password_a, &r, &sub), STATUS_NO_LOGON_SERVERS);
    print_message("%s: STATUS_NO_LOGON_SERVERS after %llu ms\n", what,
                  (unsigned long long)(GetTickCount64() - start));
    assert_int_equal(sub, STATUS_SUCCESS);
    assert_null(r.tgt.ticket.bytes);
}

static void test_no_kdc(void **state)
{
    SOCKET udp, tcp;
    unsigned short port;

    (void)state;
    no_kdc_case("nothing listening", loopback_port(NULL, NULL));
    port = loopback_port(&udp, &tcp);
    no_kdc_case("a KDC that never answers", port);
    closesocket(udp);
    closesocket(tcp);
}

static NTSTATUS service(const kerb_tgt_result *t, const char *host, int32_t etype, kcc_cred *s, char *kdc)
{
    kcc_principal server = {0};
    const char *comp[] = {"host", host};
    NTSTATUS st;

    assert_int_equal(kcc_principal_set(&server, 2, "", 2, comp), KCC_OK);
    st = kerb_kdc_get_service_ticket(&realm, &t->tgt, &server, 0, etype, s, kdc);
    kcc_principal_free(&server);
    return st;
}

static void test_service_ticket(void **state)
{
    kerb_tgt_result t;
    NTSTATUS sub;
    kcc_cred s;
    char kdc[KERB_MAX_KDC_NAME];

    ULONGLONG start;

    (void)state;
    assert_int_equal(tgt(&realm, user, password_a, &t, &sub), STATUS_SUCCESS);
    start = GetTickCount64();
    assert_int_equal(service(&t, service_host, 0, &s, kdc), STATUS_SUCCESS);
    print_message("service ticket (one TGS exchange): %llu ms\n", (unsigned long long)(GetTickCount64() - start));
    assert_true(has(&s.server, 0, "host") && has(&s.server, 1, service_host));
    assert_true(has(&s.client, 0, user));
    assert_int_equal(s.enctype, 18);
    assert_int_equal(s.key.length, 32);
    assert_true(s.endtime > s.authtime);
    assert_true(s.ticket.length > 100);
    assert_string_equal(kdc, t.kdc);
    kcc_cred_free(&s);
    assert_int_equal(service(&t, service_host, 17, &s, kdc), STATUS_SUCCESS);
    assert_int_equal(s.enctype, 17);
    assert_int_equal(s.key.length, 16);
    kcc_cred_free(&s);
    /* Windows' Kerberos maps KDC_ERR_S_PRINCIPAL_UNKNOWN to STATUS_NO_TRUST_SAM_ACCOUNT. */
    assert_int_equal(service(&t, "nosuch.lsaemu.test", 0, &s, kdc), STATUS_NO_TRUST_SAM_ACCOUNT);
    assert_null(s.ticket.bytes);
    kerb_tgt_result_free(&t);
}

/* A variable kdc_env_load set: the process environment (the C runtime's copy, getenv's, predates it); NULL when
 * unset. Each name gets a buffer of its own, kept until exit. */
static const char *kdc_var(const char *name)
{
    char buf[1024];
    DWORD n = GetEnvironmentVariableA(name, buf, sizeof(buf));

    return n && n < sizeof(buf) ? _strdup(buf) : NULL;
}

/* The user of the given enctype in LSAEMU_KDC_ENCTYPE_USERS ("name:enctype,..."). */
static BOOL enctype_user(const char *enctype, char *out, size_t cap)
{
    const char *p = kdc_var("LSAEMU_KDC_ENCTYPE_USERS");

    while (p && *p) {
        size_t n = strcspn(p, ","), name = strcspn(p, ":");
        if (name < n && n - name - 1 == strlen(enctype) && !strncmp(p + name + 1, enctype, n - name - 1) &&
            name < cap) {
            memcpy(out, p, name);
            out[name] = 0;
            return TRUE;
        }
        p += n + (p[n] == ',');
    }
    return FALSE;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tgt),
        cmocka_unit_test(test_other_key_types),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_no_kdc),
        cmocka_unit_test(test_service_ticket),
    };
    const char *host, *port, *name, *service;
    WSADATA wsa;

    if (!kdc_env_load()) {
        printf("skipped: no KDC fixture (LSAEMU_KDC_ENV names no kdc.env: krb5kdc not installed?)\n");
        return 77;
    }
    host = kdc_var("LSAEMU_KDC_HOST");
    port = kdc_var("LSAEMU_KDC_PORT");
    name = kdc_var("LSAEMU_KDC_REALM");
    service = kdc_var("LSAEMU_KDC_SERVICE");
    user = kdc_var("LSAEMU_KDC_USER");
    password_a = kdc_var("LSAEMU_KDC_PASSWORD");
    other_password = kdc_var("LSAEMU_KDC_OTHER_PASSWORD");
    disabled_user = kdc_var("LSAEMU_KDC_DISABLED_USER");
    expired_user = kdc_var("LSAEMU_KDC_EXPIRED_USER");
    if (!host || !port || !name || !user || !password_a || !other_password || !service ||
        strncmp(service, "host/", 5) || !disabled_user || !expired_user ||
        !enctype_user("20", sha2_user, sizeof(sha2_user)) || !enctype_user("23", rc4_user, sizeof(rc4_user))) {
        fprintf(stderr, "kdc.env lacks a key this test needs\n");
        return 1;
    }
    service_host = service + 5;
    snprintf(realm.realm, sizeof(realm.realm), "%s", name);
    snprintf(realm.kdcs[0].host, sizeof(realm.kdcs[0].host), "%s", host);
    realm.kdcs[0].port = (unsigned short)atoi(port);
    realm.kdc_count = 1;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
