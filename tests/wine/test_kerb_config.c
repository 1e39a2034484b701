/* The Kerberos package's realm lookup (kerb_config.c and its sources), linked directly and run under Wine: the
 * registry alone, KRB5_CONFIG alone (a temporary file named by its Unix path), the system file (its path replaced
 * for the test, so the host's /etc/krb5.conf is never involved), the order between them, the NetBIOS-style match,
 * the default realm, unknown names, ports and several KDCs, malformed sources. Also measures which route opens a
 * Unix path here and what a lookup costs (printed, not asserted). */
#include "pkg_win.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kerb_config.h"
#include "kerb_config_sources.h"

#define DOMAINS_KEY L"SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Domains"

typedef char *(CDECL *wine_get_unix_file_name_fn)(const WCHAR *dos_path);
typedef WCHAR *(CDECL *wine_get_dos_file_name_fn)(const char *unix_path);

/* The realms this program writes under Domains; all are removed by the teardown (and before each test). */
static const WCHAR *const test_realms[] = {L"KCREG.LSAEMU", L"KCBOTH.LSAEMU", L"KCEMPTY.LSAEMU", L"SHORT.ONE",
                                           L"KCDEF.LSAEMU"};

static WCHAR temp_dir[MAX_PATH];
static int file_serial;
static WCHAR written_files[32][MAX_PATH]; /* removed by the teardown */
static size_t written_count;

static void delete_test_realms(void)
{
    HKEY domains;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, DOMAINS_KEY, 0, KEY_ALL_ACCESS, &domains) != ERROR_SUCCESS)
        return;
    for (size_t i = 0; i < ARRAYSIZE(test_realms); i++)
        RegDeleteTreeW(domains, test_realms[i]);
    RegCloseKey(domains);
}

static void add_registry_value(const WCHAR *realm, DWORD type, const WCHAR *data, size_t chars);

/* KdcNames as REG_MULTI_SZ from a "\0"-separated list ending in "\0\0". */
static void add_registry_realm(const WCHAR *realm, const WCHAR *multi_sz, size_t chars)
{
    add_registry_value(realm, REG_MULTI_SZ, multi_sz, chars);
}

/* KdcNames of the given type, exactly chars WCHARs of data (no terminator added). */
static void add_registry_value(const WCHAR *realm, DWORD type, const WCHAR *data, size_t chars)
{
    WCHAR path[512];
    HKEY key;
    swprintf(path, ARRAYSIZE(path), L"%ls\\%ls", DOMAINS_KEY, realm);
    assert_int_equal(RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL),
                     ERROR_SUCCESS);
    if (data)
        assert_int_equal(
            RegSetValueExW(key, L"KdcNames", 0, type, (const BYTE *)data, (DWORD)(chars * sizeof(WCHAR))),
            ERROR_SUCCESS);
    RegCloseKey(key);
}

static char *unix_path_of(const WCHAR *dos)
{
    wine_get_unix_file_name_fn to_unix = (wine_get_unix_file_name_fn)(void (*)(void))GetProcAddress(
        GetModuleHandleW(L"kernel32.dll"), "wine_get_unix_file_name");
    assert_non_null(to_unix);
    char *unix_path = to_unix(dos);
    assert_non_null(unix_path);
    /* Wine answers through the prefix's dosdevices/c: link; KRB5_CONFIG separates files with ':', as MIT does, so
     * name the same file through drive_c instead. */
    const char *link = strstr(unix_path, "/dosdevices/c:/");
    size_t len = strlen(unix_path) + 1;
    char *copy = malloc(len);
    assert_non_null(copy);
    if (link) {
        size_t head = (size_t)(link - unix_path);
        memcpy(copy, unix_path, head);
        strcpy(copy + head, "/drive_c/");
        strcat(copy, link + strlen("/dosdevices/c:/"));
    } else {
        memcpy(copy, unix_path, len);
    }
    HeapFree(GetProcessHeap(), 0, unix_path);
    assert_null(strchr(copy, ':'));
    return copy;
}

/* Writes text to a new temporary file; returns its Unix path (free()) and its Windows path in dos (optional). */
static char *write_conf(const char *text, WCHAR *dos)
{
    WCHAR path[MAX_PATH];
    swprintf(path, ARRAYSIZE(path), L"%lskconf-%lu-%d.conf", temp_dir, GetCurrentProcessId(), file_serial++);
    HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    assert_true(h != INVALID_HANDLE_VALUE);
    DWORD written;
    assert_true(WriteFile(h, text, (DWORD)strlen(text), &written, NULL));
    CloseHandle(h);
    assert_true(written_count < ARRAYSIZE(written_files));
    wcscpy(written_files[written_count++], path);
    if (dos)
        wcscpy(dos, path);
    return unix_path_of(path);
}

static void set_krb5_config(const char *value)
{
    assert_true(SetEnvironmentVariableA("KRB5_CONFIG", value));
}

static NTSTATUS find(const WCHAR *domain, kerb_realm_info *info)
{
    memset(info, 0x5a, sizeof(*info));
    return kerb_config_find_realm(domain, domain ? wcslen(domain) : 0, info);
}

static void assert_kdc(const kerb_realm_info *info, size_t i, const char *host, unsigned port)
{
    assert_true(i < info->kdc_count);
    assert_string_equal(info->kdcs[i].host, host);
    assert_int_equal(info->kdcs[i].port, port);
}

static void assert_not_found(const WCHAR *domain)
{
    kerb_realm_info info, zero;
    memset(&zero, 0, sizeof(zero));
    assert_int_equal(find(domain, &info), STATUS_NOT_FOUND);
    assert_memory_equal(&info, &zero, sizeof(info)); /* nothing left of a partial match */
}

static char *missing_system_file;

static int setup(void **state)
{
    (void)state;
    delete_test_realms();
    SetEnvironmentVariableA("KRB5_CONFIG", NULL);
    kerb_config_set_system_file_for_tests(missing_system_file);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    delete_test_realms();
    for (size_t i = 0; i < written_count; i++)
        DeleteFileW(written_files[i]);
    written_count = 0;
    SetEnvironmentVariableA("KRB5_CONFIG", NULL);
    kerb_config_set_system_file_for_tests(missing_system_file);
    return 0;
}

static const char file_text[] = "[libdefaults]\n"
                                "\tdefault_realm = KCFILE.LSAEMU\n"
                                "[realms]\n"
                                "\tKCFILE.LSAEMU = {\n"
                                "\t\tkdc = kdc1.kcfile.test\n"
                                "\t\tkdc = 127.0.0.1:18802\n"
                                "\t\tkdc = [::1]:750\n"
                                "\t\tadmin_server = kdc1.kcfile.test\n"
                                "\t}\n"
                                "\tKCBOTH.LSAEMU = {\n"
                                "\t\tkdc = from.file.test\n"
                                "\t}\n"
                                "\tKCEMPTY.LSAEMU = {\n"
                                "\t\tkdc = kcempty.from.file\n"
                                "\t}\n"
                                "\tSHORT = {\n"
                                "\t\tkdc = short.from.file\n"
                                "\t}\n";

static void test_registry_only(void **state)
{
    (void)state;
    static const WCHAR kdcs[] = L"kdc1.kcreg.test\0[::1]:18802\0" L"10.0.0.1:750\0";
    add_registry_realm(L"KCREG.LSAEMU", kdcs, ARRAYSIZE(kdcs));
    kerb_realm_info info;
    assert_int_equal(find(L"KCREG.LSAEMU", &info), STATUS_SUCCESS);
    assert_string_equal(info.realm, "KCREG.LSAEMU");
    assert_int_equal(info.kdc_count, 3);
    assert_kdc(&info, 0, "kdc1.kcreg.test", 88);
    assert_kdc(&info, 1, "::1", 18802);
    assert_kdc(&info, 2, "10.0.0.1", 750);
    assert_int_equal(find(L"kcreg.lsaemu", &info), STATUS_SUCCESS);
    assert_string_equal(info.realm, "KCREG.LSAEMU");
    assert_int_equal(find(L"KcReg", &info), STATUS_SUCCESS);
    assert_string_equal(info.realm, "KCREG.LSAEMU");
    assert_int_equal(kerb_config_find_realm_utf8("kcreg.lsaemu", &info), STATUS_SUCCESS);
    assert_int_equal(info.kdc_count, 3);
    /* The UTF-8 form names realms exactly: no NetBIOS-style match. */
    assert_int_equal(kerb_config_find_realm_utf8("KCREG", &info), STATUS_NOT_FOUND);
    /* No krb5.conf at all: no default realm. */
    assert_not_found(NULL);
}

static void test_registry_bad_entries(void **state)
{
    (void)state;
    static const WCHAR kdcs[] = L"bad host\0[::1\0good.kcreg.test:88\0host:0\0";
    add_registry_realm(L"KCREG.LSAEMU", kdcs, ARRAYSIZE(kdcs));
    kerb_realm_info info;
    assert_int_equal(find(L"KCREG.LSAEMU", &info), STATUS_SUCCESS);
    assert_int_equal(info.kdc_count, 1);
    assert_kdc(&info, 0, "good.kcreg.test", 88);
    /* Only malformed entries, or none: the realm has no KDC there. */
    static const WCHAR bad[] = L"bad host\0";
    add_registry_realm(L"KCREG.LSAEMU", bad, ARRAYSIZE(bad));
    assert_not_found(L"KCREG.LSAEMU");
    add_registry_realm(L"KCEMPTY.LSAEMU", NULL, 0);
    assert_not_found(L"KCEMPTY.LSAEMU");
    /* Values as other tools may store them: without the list's final terminators, or a REG_SZ of one entry. */
    static const WCHAR unterminated[] = {'a', '.', 't', '\0', 'b', '.', 't', ':', '9'};
    add_registry_value(L"KCREG.LSAEMU", REG_MULTI_SZ, unterminated, ARRAYSIZE(unterminated));
    assert_int_equal(find(L"KCREG.LSAEMU", &info), STATUS_SUCCESS);
    assert_int_equal(info.kdc_count, 2);
    assert_kdc(&info, 0, "a.t", 88);
    assert_kdc(&info, 1, "b.t", 9);
    static const WCHAR sz[] = L"kdc.sz.test:99";
    add_registry_value(L"KCREG.LSAEMU", REG_SZ, sz, ARRAYSIZE(sz));
    assert_int_equal(find(L"KCREG.LSAEMU", &info), STATUS_SUCCESS);
    assert_int_equal(info.kdc_count, 1);
    assert_kdc(&info, 0, "kdc.sz.test", 99);
    /* Binary data is no list of KDCs, even when its bytes spell one. */
    add_registry_value(L"KCREG.LSAEMU", REG_BINARY, sz, ARRAYSIZE(sz));
    assert_not_found(L"KCREG.LSAEMU");
}

static void test_krb5_config_only(void **state)
{
    (void)state;
    char *path = write_conf(file_text, NULL);
    set_krb5_config(path);
    kerb_realm_info info;
    assert_int_equal(find(L"KCFILE.LSAEMU", &info), STATUS_SUCCESS);
    assert_string_equal(info.realm, "KCFILE.LSAEMU");
    assert_int_equal(info.kdc_count, 3);
    assert_kdc(&info, 0, "kdc1.kcfile.test", 88);
    assert_kdc(&info, 1, "127.0.0.1", 18802);
    assert_kdc(&info, 2, "::1", 750);
    assert_int_equal(find(L"kcfile", &info), STATUS_SUCCESS); /* NetBIOS-style, any case */
    assert_string_equal(info.realm, "KCFILE.LSAEMU");
    assert_int_equal(find(L"KCFILE", &info), STATUS_SUCCESS);
    assert_not_found(L"KCFIL");
    assert_not_found(L"kcfile.other");
    assert_not_found(L"LSAEMU");
    free(path);
}

static void test_default_realm(void **state)
{
    (void)state;
    char *path = write_conf(file_text, NULL);
    set_krb5_config(path);
    kerb_realm_info info;
    assert_int_equal(find(NULL, &info), STATUS_SUCCESS);
    assert_string_equal(info.realm, "KCFILE.LSAEMU");
    assert_int_equal(info.kdc_count, 3);
    free(path);
    /* The default realm's KDCs come from the registry first, like any realm's. */
    char *with_default = write_conf("[libdefaults]\n default_realm = KCDEF.LSAEMU\n", NULL);
    set_krb5_config(with_default);
    assert_not_found(NULL); /* named, but no source lists a KDC for it */
    static const WCHAR kdcs[] = L"kcdef.from.registry\0";
    add_registry_realm(L"KCDEF.LSAEMU", kdcs, ARRAYSIZE(kdcs));
    assert_int_equal(find(NULL, &info), STATUS_SUCCESS);
    assert_string_equal(info.realm, "KCDEF.LSAEMU");
    assert_kdc(&info, 0, "kcdef.from.registry", 88);
    free(with_default);
}

static void test_system_file_fallback(void **state)
{
    (void)state;
    char *system = write_conf("[libdefaults]\n default_realm = KCSYS.LSAEMU\n[realms]\n KCSYS.LSAEMU = {\n"
                              "  kdc = kcsys.test:1088\n }\n KCFILE.LSAEMU = {\n  kdc = from.system.file\n }\n",
                              NULL);
    kerb_config_set_system_file_for_tests(system);
    kerb_realm_info info;
    assert_int_equal(find(L"kcsys", &info), STATUS_SUCCESS);
    assert_string_equal(info.realm, "KCSYS.LSAEMU");
    assert_kdc(&info, 0, "kcsys.test", 1088);
    assert_int_equal(find(NULL, &info), STATUS_SUCCESS);
    assert_string_equal(info.realm, "KCSYS.LSAEMU");
    /* KRB5_CONFIG comes before it: for a realm both name, and for the default realm. */
    char *path = write_conf(file_text, NULL);
    set_krb5_config(path);
    assert_int_equal(find(L"KCFILE.LSAEMU", &info), STATUS_SUCCESS);
    assert_kdc(&info, 0, "kdc1.kcfile.test", 88);
    assert_int_equal(find(NULL, &info), STATUS_SUCCESS);
    assert_string_equal(info.realm, "KCFILE.LSAEMU");
    /* A realm only the system file names is still found. */
    assert_int_equal(find(L"KCSYS.LSAEMU", &info), STATUS_SUCCESS);
    free(path);
    free(system);
}

static void test_registry_beats_file(void **state)
{
    (void)state;
    char *path = write_conf(file_text, NULL);
    set_krb5_config(path);
    static const WCHAR kdcs[] = L"from.registry.test:2088\0";
    add_registry_realm(L"KCBOTH.LSAEMU", kdcs, ARRAYSIZE(kdcs));
    kerb_realm_info info;
    assert_int_equal(find(L"KCBOTH.LSAEMU", &info), STATUS_SUCCESS);
    assert_int_equal(info.kdc_count, 1);
    assert_kdc(&info, 0, "from.registry.test", 2088);
    assert_int_equal(find(L"kcboth", &info), STATUS_SUCCESS);
    assert_kdc(&info, 0, "from.registry.test", 2088);
    /* A realm key without KdcNames does not hide the file's KDCs. */
    add_registry_realm(L"KCEMPTY.LSAEMU", NULL, 0);
    assert_int_equal(find(L"KCEMPTY.LSAEMU", &info), STATUS_SUCCESS);
    assert_kdc(&info, 0, "kcempty.from.file", 88);
    /* An exact name anywhere beats a first-label match anywhere: "short" is the file's realm SHORT, not the
     * registry's SHORT.ONE. */
    static const WCHAR short_kdcs[] = L"short.one.from.registry\0";
    add_registry_realm(L"SHORT.ONE", short_kdcs, ARRAYSIZE(short_kdcs));
    assert_int_equal(find(L"short", &info), STATUS_SUCCESS);
    assert_string_equal(info.realm, "SHORT");
    assert_kdc(&info, 0, "short.from.file", 88);
    free(path);
}

static void test_malformed_file_skipped(void **state)
{
    (void)state;
    /* The realm is complete before the error, and still not believed: the whole file is refused. */
    char *bad = write_conf("[realms]\n KCBAD.LSAEMU = {\n  kdc = kcbad.test\n }\n KCFILE.LSAEMU = {\n"
                           "  kdc = bad host name\n }\n",
                           NULL);
    char *good = write_conf(file_text, NULL);
    char list[2048];
    snprintf(list, sizeof(list), "%s:%s", bad, good);
    set_krb5_config(list);
    kerb_realm_info info;
    assert_not_found(L"KCBAD.LSAEMU");
    assert_int_equal(find(L"KCFILE.LSAEMU", &info), STATUS_SUCCESS);
    assert_kdc(&info, 0, "kdc1.kcfile.test", 88);
    /* Asked again (reported once only): the same answers. */
    assert_not_found(L"KCBAD.LSAEMU");
    /* A missing file in the list is no error either. */
    snprintf(list, sizeof(list), "/nonexistent/krb5.conf:%s", good);
    set_krb5_config(list);
    assert_int_equal(find(L"KCFILE", &info), STATUS_SUCCESS);
    /* Empty elements are skipped, not the end of the list. */
    snprintf(list, sizeof(list), ":/nonexistent/krb5.conf::%s", good);
    set_krb5_config(list);
    assert_int_equal(find(L"KCFILE", &info), STATUS_SUCCESS);
    free(bad);
    free(good);
}

static void test_unknown_and_bad_names(void **state)
{
    (void)state;
    char *path = write_conf(file_text, NULL);
    set_krb5_config(path);
    assert_not_found(L"NOSUCH.REALM");
    assert_not_found(L"nosuch");
    assert_not_found(L"."); /* MSV1_0's "this machine" is no realm */
    assert_not_found(L"KCFILE.LSAEMU."); /* names are compared whole: no trailing-dot folding */
    static const WCHAR lone_surrogate[] = {0xd800, 'A', 0};
    assert_not_found(lone_surrogate);
    WCHAR long_name[KERB_MAX_REALM + 2];
    for (size_t i = 0; i < ARRAYSIZE(long_name) - 1; i++)
        long_name[i] = L'K';
    long_name[ARRAYSIZE(long_name) - 1] = 0;
    assert_not_found(long_name);
    kerb_realm_info info;
    assert_int_equal(kerb_config_find_realm_utf8("", &info), STATUS_NOT_FOUND);
    assert_int_equal(kerb_config_find_realm_utf8(NULL, &info), STATUS_NOT_FOUND);
    free(path);
}

/* The memory behind "reported once": a fingerprint is new once, until 32 others have pushed it out; a file's name
 * and contents both count. */
static void test_report_once(void **state)
{
    (void)state;
    ULONGLONG a = kerb_config_fingerprint(0, "/etc/krb5.conf", 14);
    ULONGLONG a_edited = kerb_config_fingerprint(a, "[realms]\n", 9);
    assert_true(a != a_edited);
    assert_int_equal(kerb_config_fingerprint(0, "/etc/krb5.conf", 14), a);
    assert_true(kerb_config_first_report(a));
    assert_false(kerb_config_first_report(a));
    assert_true(kerb_config_first_report(a_edited));
    assert_false(kerb_config_first_report(a));
    for (ULONGLONG i = 1; i <= 32; i++)
        assert_true(kerb_config_first_report(a_edited + i));
    assert_true(kerb_config_first_report(a)); /* forgotten: a bounded memory, reported again */
}

/* Measurements for the report: which route opens a Unix path here, and the cost of one lookup with every source
 * present (a registry realm, KRB5_CONFIG, the system file), since every lookup reads them all afresh. */
static void test_measure(void **state)
{
    (void)state;
    WCHAR dos[MAX_PATH];
    char *path = write_conf(file_text, dos);
    wine_get_dos_file_name_fn to_dos = (wine_get_dos_file_name_fn)(void (*)(void))GetProcAddress(
        GetModuleHandleW(L"kernel32.dll"), "wine_get_dos_file_name");
    assert_non_null(to_dos); /* the route kerb_config_file.c takes first under Wine */
    WCHAR *converted = to_dos(path);
    assert_non_null(converted);
    HANDLE h = CreateFileW(converted, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    BOOL dos_route = h != INVALID_HANDLE_VALUE;
    if (dos_route)
        CloseHandle(h);
    HeapFree(GetProcessHeap(), 0, converted);
    WCHAR prefixed[MAX_PATH + 16];
    int n = swprintf(prefixed, ARRAYSIZE(prefixed), L"\\\\?\\unix%hs", path);
    for (int i = 8; i < n; i++)
        if (prefixed[i] == L'/')
            prefixed[i] = L'\\';
    h = CreateFileW(prefixed, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    BOOL unix_prefix_route = h != INVALID_HANDLE_VALUE;
    if (unix_prefix_route)
        CloseHandle(h);
    printf("# unix path routes: wine_get_dos_file_name %s, \\\\?\\unix prefix %s\n", dos_route ? "opens" : "fails",
           unix_prefix_route ? "opens" : "fails");
    assert_true(dos_route);

    set_krb5_config(path);
    kerb_config_set_system_file_for_tests(path);
    static const WCHAR kdcs[] = L"kdc1.kcreg.test\0";
    add_registry_realm(L"KCREG.LSAEMU", kdcs, ARRAYSIZE(kdcs));
    kerb_realm_info info;
    LARGE_INTEGER f, t0, t1;
    QueryPerformanceFrequency(&f);
    const int rounds = 200;
    for (int pass = 0; pass < 2; pass++) {
        const WCHAR *domain = pass == 0 ? L"KCREG.LSAEMU" : L"kcfile";
        QueryPerformanceCounter(&t0);
        for (int i = 0; i < rounds; i++)
            assert_int_equal(find(domain, &info), STATUS_SUCCESS);
        QueryPerformanceCounter(&t1);
        printf("# lookup cost (%ls, all sources read each time): %.1f us per call over %d calls\n", domain,
               (double)(t1.QuadPart - t0.QuadPart) * 1e6 / (double)f.QuadPart / rounds, rounds);
    }
    free(path);
}

int main(void)
{
    DWORD n = GetTempPathW(ARRAYSIZE(temp_dir), temp_dir);
    if (!n || n >= ARRAYSIZE(temp_dir))
        return 1;
    static char missing[] = "/nonexistent-lsaemu-test/krb5.conf";
    missing_system_file = missing;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_registry_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_registry_bad_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_krb5_config_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_realm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_system_file_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_registry_beats_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_file_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_and_bad_names, setup, teardown),
        cmocka_unit_test(test_report_once),
        cmocka_unit_test_setup_teardown(test_measure, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
