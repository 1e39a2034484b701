/* The package registry: built-ins first (Negotiate id 0, MSV1_0, Kerberos), then the DLLs listed in the REG_MULTI_SZ
 * "Authentication Packages" under HKLM\SYSTEM\CurrentControlSet\Control\Lsa.
 *
 * Built-ins and DLLs go through one loader: a list of exported names resolved to addresses (GetProcAddress for a DLL,
 * the package's export table for a built-in), so a built-in has no private door into the core. */
#include "lsa_internal.h"
#include "builtin_package.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define MAX_PACKAGES 32

static INIT_ONCE init_once = INIT_ONCE_STATIC_INIT;
static lsa_package packages[MAX_PACKAGES];
static ULONG package_count;

typedef FARPROC (*resolve_fn)(const void *module, const char *name);

static FARPROC resolve_builtin(const void *module, const char *name)
{
    const lsa_builtin_package *b = module;
    for (size_t i = 0; i < b->export_count; i++)
        if (!strcmp(b->exports[i].name, name))
            return b->exports[i].proc;
    return NULL;
}

static FARPROC resolve_dll(const void *module, const char *name)
{
    return GetProcAddress((HMODULE)module, name);
}

static BOOL is_builtin_name(const WCHAR *name)
{
    static const WCHAR *const builtins[] = { L"msv1_0", L"msv1_0.dll", L"kerberos", L"kerberos.dll",
                                             L"negotiate", L"negoexts", L"negoexts.dll" };
    for (size_t i = 0; i < ARRAYSIZE(builtins); i++)
        if (!_wcsicmp(name, builtins[i]))
            return TRUE;
    return FALSE;
}

/* Register one package: resolve its entry points, require the mandatory ones, call LsaApInitializePackage. */
static void add_package(const void *module, resolve_fn resolve, const WCHAR *module_name)
{
    lsa_package *p;
    PLSA_STRING name = NULL;
    NTSTATUS st;

    if (package_count >= MAX_PACKAGES) {
        lsa_diag("too many authentication packages; %ls not loaded", module_name);
        return;
    }
    p = &packages[package_count];
    memset(p, 0, sizeof(*p));
    p->id = package_count;
    wcsncpy(p->module, module_name, MAX_PATH - 1);
    p->initialize = (PLSA_AP_INITIALIZE_PACKAGE)(void (*)(void))resolve(module, "LsaApInitializePackage");
    p->logon_ex2 = (lsa_ap_logon_user_ex2_fn *)(void (*)(void))resolve(module, "LsaApLogonUserEx2");
    p->logon_ex = (PLSA_AP_LOGON_USER_EX)(void (*)(void))resolve(module, "LsaApLogonUserEx");
    p->logon = (PLSA_AP_LOGON_USER)(void (*)(void))resolve(module, "LsaApLogonUser");
    p->call = (PLSA_AP_CALL_PACKAGE)(void (*)(void))resolve(module, "LsaApCallPackage");
    p->call_untrusted = (PLSA_AP_CALL_PACKAGE_UNTRUSTED)(void (*)(void))resolve(module, "LsaApCallPackageUntrusted");
    p->call_passthrough =
        (PLSA_AP_CALL_PACKAGE_PASSTHROUGH)(void (*)(void))resolve(module, "LsaApCallPackagePassthrough");
    p->logon_terminated = (PLSA_AP_LOGON_TERMINATED)(void (*)(void))resolve(module, "LsaApLogonTerminated");

    /* Only LsaApInitializePackage and one LogonUser variant are mandatory (refusing packages without the optional
     * entry points, as ReactOS does, turns away working packages). */
    if (!p->initialize || !(p->logon_ex2 || p->logon_ex || p->logon)) {
        lsa_diag("%ls is not an authentication package (needs LsaApInitializePackage and LsaApLogonUser[Ex|Ex2])",
                 module_name);
        return;
    }
    st = p->initialize(p->id, (PLSA_DISPATCH_TABLE)lsa_function_table(), NULL, NULL, &name);
    if (st != STATUS_SUCCESS || !name || !name->Buffer || !name->Length || name->Length > LSA_MAX_NAME_CHARS) {
        lsa_diag("%ls: LsaApInitializePackage failed (status %08lx%s)", module_name, (unsigned long)st,
                 st == STATUS_SUCCESS ? ", no valid package name" : "");
        if (name) {
            lsa_heap_free(name->Buffer);
            lsa_heap_free(name);
        }
        return;
    }
    memcpy(p->name, name->Buffer, name->Length);
    p->name[name->Length] = 0;
    lsa_heap_free(name->Buffer);
    lsa_heap_free(name);
    for (ULONG i = 0; i < package_count; i++) {
        if (!_stricmp(packages[i].name, p->name)) {
            lsa_diag("%ls: package name \"%s\" already registered by %ls; not loaded", module_name, p->name,
                     packages[i].module);
            return;
        }
    }
    TRACE("package %lu: %s (%ls)", p->id, p->name, module_name);
    package_count++;
}

static void load_registry_packages(void)
{
    HKEY key;
    DWORD type, size = 0;
    WCHAR *list, *entry;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Lsa", 0, KEY_QUERY_VALUE, &key))
        return;
    if (RegQueryValueExW(key, L"Authentication Packages", NULL, &type, NULL, &size) || type != REG_MULTI_SZ ||
        size < sizeof(WCHAR) || !(list = calloc(1, size + 2 * sizeof(WCHAR)))) {
        RegCloseKey(key);
        return;
    }
    if (RegQueryValueExW(key, L"Authentication Packages", NULL, &type, (BYTE *)list, &size)) {
        free(list);
        RegCloseKey(key);
        return;
    }
    RegCloseKey(key);
    for (entry = list; *entry; entry += wcslen(entry) + 1) {
        HMODULE module;
        if (is_builtin_name(entry))
            continue;
        module = LoadLibraryW(entry);
        if (!module) {
            lsa_diag("authentication package %ls could not be loaded (error %lu)", entry, GetLastError());
            continue;
        }
        add_package(module, resolve_dll, entry);
    }
    free(list);
}

static BOOL CALLBACK load_all(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once; (void)param; (void)ctx;
    add_package(&lsa_builtin_negotiate, resolve_builtin, L"negotiate (built-in)");
    add_package(&lsa_builtin_msv1_0, resolve_builtin, L"msv1_0 (built-in)");
    add_package(&lsa_builtin_kerberos, resolve_builtin, L"kerberos (built-in)");
    load_registry_packages();
    return TRUE;
}

void lsa_packages_init(void)
{
    InitOnceExecuteOnce(&init_once, load_all, NULL, NULL);
}

const lsa_package *lsa_packages_by_id(ULONG id)
{
    lsa_packages_init();
    return id < package_count ? &packages[id] : NULL;
}

const lsa_package *lsa_packages_by_name(const char *name, size_t len)
{
    lsa_packages_init();
    for (ULONG i = 0; i < package_count; i++)
        if (strlen(packages[i].name) == len && !_strnicmp(packages[i].name, name, len))
            return &packages[i];
    return NULL;
}

const lsa_package *lsa_packages_by_wname(const WCHAR *name, size_t chars)
{
    char narrow[LSA_MAX_NAME_CHARS + 1];
    if (chars > LSA_MAX_NAME_CHARS)
        return NULL;
    for (size_t i = 0; i < chars; i++) {
        if (name[i] == 0 || name[i] > 0x7F)
            return NULL; /* package names are ASCII */
        narrow[i] = (char)name[i];
    }
    return lsa_packages_by_name(narrow, chars);
}

ULONG lsa_packages_count(void)
{
    lsa_packages_init();
    return package_count;
}

void lsa_packages_logon_terminated(const LUID *id)
{
    LUID copy = *id;
    lsa_packages_init();
    for (ULONG i = 0; i < package_count; i++)
        if (packages[i].logon_terminated)
            packages[i].logon_terminated(&copy);
}
