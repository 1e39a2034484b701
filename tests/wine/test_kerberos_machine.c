/* The machine account (kerb_machine.c), the Kerberos package linked directly and run under Wine against the shared
 * MIT KDC (fixture lsaemu_kdc): the keytab principal's keys (every enctype the KDC made, each one accepted by the KDC)
 * and its TGT, kept in the SYSTEM session's cache and reused; the password-configured principal (registry
 * MachinePassword) and its TGT; KRB5_KTNAME; a keytab without the principal, a missing or malformed one, another
 * keytab type -> STATUS_NO_TRUST_LSA_SECRET; a realm without KDC: the account loads, its TGT is
 * STATUS_NO_LOGON_SERVERS; kerb_machine_find_key. */
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

#include "kerb_cache.h"
#include "kerb_machine.h"

#include "kdc_env.h"

#define MACHINE_KEY L"Software\\lsaemu\\Kerberos"

static const LUID system_session = {0x3e7, 0};
static char machine[128], machine_keytab[MAX_PATH], pw_principal[128], pw_password[128], svc_keytab[MAX_PATH];
static char krb5_conf[MAX_PATH];

static BOOL var(const char *name, char *out, size_t cap)
{
    DWORD n = GetEnvironmentVariableA(name, out, (DWORD)cap);
    return n && n < cap;
}

static void set_password(const char *pw)
{
    WCHAR w[128];

    if (!pw) {
        LSTATUS rc = RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, MACHINE_KEY, L"MachinePassword");
        assert_true(rc == ERROR_SUCCESS || rc == ERROR_FILE_NOT_FOUND);
        return;
    }
    MultiByteToWideChar(CP_UTF8, 0, pw, -1, w, ARRAYSIZE(w));
    assert_int_equal(RegSetKeyValueW(HKEY_LOCAL_MACHINE, MACHINE_KEY, L"MachinePassword", REG_SZ, w,
                                     (DWORD)((wcslen(w) + 1) * sizeof(WCHAR))),
                     ERROR_SUCCESS);
}

/* The machine as the tests select it: environment only (NULL unsets). */
static void select_machine(const char *account, const char *keytab, const char *ktname)
{
    SetEnvironmentVariableA("LSAEMU_MACHINE_ACCOUNT", account);
    SetEnvironmentVariableA("LSAEMU_MACHINE_KEYTAB", keytab);
    SetEnvironmentVariableA("KRB5_KTNAME", ktname);
}

static int has(const kcc_principal *p, uint32_t i, const char *s)
{
    return i < p->count && p->components[i].length == strlen(s) && !memcmp(p->components[i].bytes, s, strlen(s));
}

static int realm_is(const kcc_principal *p, const char *s)
{
    return p->realm.length == strlen(s) && !memcmp(p->realm.bytes, s, strlen(s));
}

/* host/<name>: the name after "host/" of a fixture principal. */
static const char *host_part(const char *principal)
{
    return principal + 5;
}

static void assert_machine_tgt(const kcc_cred *tgt, const char *principal)
{
    assert_int_equal(tgt->client.count, 2);
    assert_true(has(&tgt->client, 0, "host") && has(&tgt->client, 1, host_part(principal)));
    assert_true(realm_is(&tgt->client, "LSAEMU.TEST"));
    assert_true(has(&tgt->server, 0, "krbtgt") && has(&tgt->server, 1, "LSAEMU.TEST"));
    assert_true(tgt->ticket.length > 0);
    assert_true(tgt->endtime > tgt->starttime);
}

static void test_keytab_account(void **state)
{
    kerb_machine_account *a = malloc(sizeof(*a));
    kerb_tgt_result r;
    NTSTATUS sub;

    (void)state;
    assert_non_null(a);
    set_password(NULL);
    /* No "@REALM": the default realm (krb5.conf's default_realm). */
    select_machine(machine, machine_keytab, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_SUCCESS);
    assert_true(has(&a->principal, 0, "host") && has(&a->principal, 1, host_part(machine)));
    assert_true(realm_is(&a->principal, "LSAEMU.TEST"));
    assert_string_equal(a->realm.realm, "LSAEMU.TEST");
    assert_true(a->realm.kdc_count >= 1);
    /* Every enctype the fixture's KDC makes (kdc.sh's ENCTYPES), one kvno, in the AS exchange's preference. */
    assert_int_equal(a->key_count, 5);
    assert_int_equal(a->keys[0].enctype, 18);
    assert_int_equal(a->keys[1].enctype, 17);
    assert_int_equal(a->keys[2].enctype, 20);
    assert_int_equal(a->keys[3].enctype, 19);
    assert_int_equal(a->keys[4].enctype, 23);
    for (size_t i = 0; i < a->key_count; i++) {
        assert_true(a->keys[i].kvno >= 1);
        assert_int_equal(a->keys[i].kvno, a->keys[0].kvno);
        assert_int_equal(a->keys[i].key_len, a->keys[i].enctype == 17 || a->keys[i].enctype == 19 ||
                                                     a->keys[i].enctype == 23
                                                 ? 16
                                                 : 32);
        /* The KDC takes each key: they are the account's, not just bytes of the right size. */
        assert_int_equal(kerb_kdc_get_tgt_for_principal_with_key(&a->realm, &a->principal, a->keys[i].enctype,
                                                                 a->keys[i].key, a->keys[i].key_len, &r, &sub),
                         STATUS_SUCCESS);
        assert_int_equal(r.key_enctype, a->keys[i].enctype);
        assert_machine_tgt(&r.tgt, machine);
        kerb_tgt_result_free(&r);
    }
    kerb_machine_free(a);
    assert_int_equal(a->key_count, 0);
    assert_null(a->principal.components);
    /* The realm spelled in lower case names the same realm. */
    {
        char with_realm[160];
        snprintf(with_realm, sizeof(with_realm), "%s@lsaemu.test", machine);
        select_machine(with_realm, machine_keytab, NULL);
        assert_int_equal(kerb_machine_load(a), STATUS_SUCCESS);
        assert_true(realm_is(&a->principal, "LSAEMU.TEST"));
        assert_int_equal(a->key_count, 5);
        kerb_machine_free(a);
    }
    free(a);
}

static void test_keytab_tgt_kept(void **state)
{
    kerb_machine_account *a = malloc(sizeof(*a));
    kcc_cred tgt, again;
    kerb_snapshot snap;
    size_t listed = 0;

    (void)state;
    assert_non_null(a);
    set_password(NULL);
    select_machine(machine, machine_keytab, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_SUCCESS);
    kerb_cache_drop_session(&system_session);
    assert_int_equal(kerb_machine_get_tgt(a, &tgt), STATUS_SUCCESS);
    assert_machine_tgt(&tgt, machine);
    assert_int_equal(tgt.enctype, 18);
    /* Kept in the SYSTEM session's cache, as the PRIMARY TGT ... */
    assert_int_equal(kerb_cache_snapshot(&system_session, &snap), STATUS_SUCCESS);
    assert_int_equal(kcc_next_listed(&snap.cache, &listed), KCC_OK);
    assert_int_equal(snap.cache.cred_count, 1);
    assert_int_equal(snap.info[0].cache_flags, KERB_CACHE_FLAG_PRIMARY);
    assert_int_equal(snap.cache.creds[0].ticket.length, tgt.ticket.length);
    assert_memory_equal(snap.cache.creds[0].ticket.bytes, tgt.ticket.bytes, tgt.ticket.length);
    kerb_snapshot_free(&snap);
    /* ... and reused: the same ticket, even with no KDC reachable (the realm's KDC list emptied). */
    a->realm.kdc_count = 0;
    assert_int_equal(kerb_machine_get_tgt(a, &again), STATUS_SUCCESS);
    assert_int_equal(again.ticket.length, tgt.ticket.length);
    assert_memory_equal(again.ticket.bytes, tgt.ticket.bytes, tgt.ticket.length);
    kcc_cred_free(&again);
    /* Without it in the cache, a new AS exchange, which then finds no KDC. */
    kerb_cache_drop_session(&system_session);
    assert_int_equal(kerb_machine_get_tgt(a, &again), STATUS_NO_LOGON_SERVERS);
    assert_null(again.ticket.bytes);
    kcc_cred_free(&tgt);
    kerb_machine_free(a);
    free(a);
}

static void test_password_account(void **state)
{
    kerb_machine_account *a = malloc(sizeof(*a));
    kcc_cred tgt;

    (void)state;
    assert_non_null(a);
    /* The keytab has no entry of this principal: the registry's MachinePassword gives the keys. */
    set_password(pw_password);
    select_machine(pw_principal, machine_keytab, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_SUCCESS);
    assert_true(has(&a->principal, 1, host_part(pw_principal)));
    assert_int_equal(a->key_count, 5);
    for (size_t i = 0; i < a->key_count; i++)
        assert_int_equal(a->keys[i].kvno, 0);
    kerb_cache_drop_session(&system_session);
    assert_int_equal(kerb_machine_get_tgt(a, &tgt), STATUS_SUCCESS);
    assert_machine_tgt(&tgt, pw_principal);
    kcc_cred_free(&tgt);
    kerb_machine_free(a);
    /* A wrong password: keys, but the KDC refuses them (pre-authentication fails). */
    set_password("not-the-machine-password");
    kerb_cache_drop_session(&system_session);
    assert_int_equal(kerb_machine_load(a), STATUS_SUCCESS);
    assert_int_equal(kerb_machine_get_tgt(a, &tgt), STATUS_LOGON_FAILURE);
    assert_null(tgt.ticket.bytes);
    kerb_machine_free(a);
    set_password(NULL);
    free(a);
}

static void test_ktname(void **state)
{
    kerb_machine_account *a = malloc(sizeof(*a));
    char name[MAX_PATH + 8];

    (void)state;
    assert_non_null(a);
    set_password(NULL);
    snprintf(name, sizeof(name), "FILE:%s", machine_keytab);
    select_machine(machine, NULL, name);
    assert_int_equal(kerb_machine_load(a), STATUS_SUCCESS);
    assert_int_equal(a->key_count, 5);
    kerb_machine_free(a);
    /* Another keytab type is not a file (and /etc/krb5.keytab is not read instead, as MIT does). */
    select_machine(machine, NULL, "MEMORY:machine");
    assert_int_equal(kerb_machine_load(a), STATUS_NO_TRUST_LSA_SECRET);
    /* LSAEMU_MACHINE_KEYTAB wins over KRB5_KTNAME. */
    select_machine(machine, svc_keytab, name);
    assert_int_equal(kerb_machine_load(a), STATUS_NO_TRUST_LSA_SECRET);
    free(a);
}

static void test_no_secret(void **state)
{
    kerb_machine_account *a = malloc(sizeof(*a));
    char missing[MAX_PATH + 16];

    (void)state;
    assert_non_null(a);
    set_password(NULL);
    /* A keytab of other principals (the fixture's services). */
    select_machine(machine, svc_keytab, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_NO_TRUST_LSA_SECRET);
    assert_int_equal(a->key_count, 0);
    assert_null(a->principal.components);
    /* A keytab file that does not exist. */
    snprintf(missing, sizeof(missing), "%s.missing", machine_keytab);
    select_machine(machine, missing, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_NO_TRUST_LSA_SECRET);
    /* A file that is not a keytab (krb5.conf). */
    select_machine(machine, krb5_conf, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_NO_TRUST_LSA_SECRET);
    /* A malformed principal. */
    select_machine("host//x", machine_keytab, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_NO_TRUST_LSA_SECRET);
    select_machine("host/x@", machine_keytab, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_NO_TRUST_LSA_SECRET);
    free(a);
}

/* A realm nobody gives a KDC: the account loads (a ticket logon needs only its keys), its TGT cannot be had. */
static void test_realm_without_kdc(void **state)
{
    kerb_machine_account *a = malloc(sizeof(*a));
    kcc_cred tgt;

    (void)state;
    assert_non_null(a);
    set_password("a machine password");
    select_machine("host/x@NOWHERE.INVALID", machine_keytab, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_SUCCESS);
    assert_string_equal(a->realm.realm, "NOWHERE.INVALID");
    assert_int_equal(a->realm.kdc_count, 0);
    assert_true(a->key_count > 0);
    assert_true(realm_is(&a->principal, "NOWHERE.INVALID") && has(&a->principal, 1, "x"));
    assert_int_equal(kerb_machine_get_tgt(a, &tgt), STATUS_NO_LOGON_SERVERS);
    assert_null(tgt.ticket.bytes);
    kerb_machine_free(a);
    set_password(NULL);
    free(a);
}

static void test_find_key(void **state)
{
    kerb_machine_account *a = malloc(sizeof(*a));
    const kerb_machine_key *k;
    kcc_principal server = {0};
    const char *comps[2] = {"host", host_part(machine)};
    const char *upper[2] = {"HOST", host_part(machine)};
    const char *svc[2] = {"host", "svc.lsaemu.test"};
    uint32_t kvno;

    (void)state;
    assert_non_null(a);
    set_password(NULL);
    select_machine(machine, machine_keytab, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_SUCCESS);
    kvno = a->keys[0].kvno;
    assert_int_equal(kcc_principal_set(&server, 3, "lsaemu.test", 2, comps), KCC_OK); /* realm: any case */
    for (size_t i = 0; i < a->key_count; i++) {
        assert_int_equal(kerb_machine_find_key(a, &server, a->keys[i].enctype, kvno, &k), STATUS_SUCCESS);
        assert_ptr_equal(k, &a->keys[i]);
        assert_int_equal(kerb_machine_find_key(a, &server, a->keys[i].enctype, 0, &k), STATUS_SUCCESS);
        assert_ptr_equal(k, &a->keys[i]);
    }
    assert_int_equal(kerb_machine_find_key(a, &server, 18, kvno + 1, &k), (NTSTATUS)SEC_E_ETYPE_NOT_SUPP);
    assert_null(k);
    assert_int_equal(kerb_machine_find_key(a, &server, 16, kvno, &k), (NTSTATUS)SEC_E_ETYPE_NOT_SUPP);
    kcc_principal_free(&server);
    /* Components compare exactly; another service is not the machine. */
    assert_int_equal(kcc_principal_set(&server, 3, "LSAEMU.TEST", 2, upper), KCC_OK);
    assert_int_equal(kerb_machine_find_key(a, &server, 18, kvno, &k), STATUS_NO_TRUST_LSA_SECRET);
    assert_null(k);
    kcc_principal_free(&server);
    assert_int_equal(kcc_principal_set(&server, 3, "LSAEMU.TEST", 2, svc), KCC_OK);
    assert_int_equal(kerb_machine_find_key(a, &server, 18, 0, &k), STATUS_NO_TRUST_LSA_SECRET);
    kcc_principal_free(&server);
    assert_int_equal(kcc_principal_set(&server, 3, "OTHER.TEST", 2, comps), KCC_OK);
    assert_int_equal(kerb_machine_find_key(a, &server, 18, 0, &k), STATUS_NO_TRUST_LSA_SECRET);
    kcc_principal_free(&server);
    kerb_machine_free(a);
    /* Keys from a password have no kvno: they open a ticket of any kvno. */
    set_password(pw_password);
    select_machine(pw_principal, machine_keytab, NULL);
    assert_int_equal(kerb_machine_load(a), STATUS_SUCCESS);
    comps[1] = host_part(pw_principal);
    assert_int_equal(kcc_principal_set(&server, 3, "LSAEMU.TEST", 2, comps), KCC_OK);
    assert_int_equal(kerb_machine_find_key(a, &server, 23, 7, &k), STATUS_SUCCESS);
    assert_int_equal(k->enctype, 23);
    kcc_principal_free(&server);
    kerb_machine_free(a);
    set_password(NULL);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keytab_account), cmocka_unit_test(test_keytab_tgt_kept),
        cmocka_unit_test(test_password_account), cmocka_unit_test(test_ktname),
        cmocka_unit_test(test_no_secret), cmocka_unit_test(test_realm_without_kdc), cmocka_unit_test(test_find_key),
    };
    WSADATA wsa;
    int rc;

    if (!kdc_env_load()) {
        printf("skipped: no KDC fixture (LSAEMU_KDC_ENV names no kdc.env: krb5kdc not installed?)\n");
        return 77;
    }
    if (!var("LSAEMU_KDC_MACHINE", machine, sizeof(machine)) ||
        !var("LSAEMU_KDC_MACHINE_KEYTAB", machine_keytab, sizeof(machine_keytab)) ||
        !var("LSAEMU_KDC_MACHINE_PW_PRINCIPAL", pw_principal, sizeof(pw_principal)) ||
        !var("LSAEMU_KDC_MACHINE_PW_PASSWORD", pw_password, sizeof(pw_password)) ||
        !var("LSAEMU_KDC_KEYTAB", svc_keytab, sizeof(svc_keytab)) ||
        !var("KRB5_CONFIG", krb5_conf, sizeof(krb5_conf)) ||
        strncmp(machine, "host/", 5) || strncmp(pw_principal, "host/", 5)) {
        printf("kdc.env lacks the machine accounts\n");
        return 1;
    }
    WSAStartup(MAKEWORD(2, 2), &wsa);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    set_password(NULL);
    kerb_cache_drop_session(&system_session);
    WSACleanup();
    return rc;
}
