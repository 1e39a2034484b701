/* lsaemu's secur32.dll exports every name Wine 8's secur32 exports, and nothing else but lsaemu_* private names.
 *
 * Built against mingw's stock -lsecur32 (so the loader binds secur32.dll as it does for applications) and run under
 * Wine with lsaemu's secur32.dll loaded in place of the builtin. Checks each of the 80 names with GetProcAddress, then
 * reads the module's export directory to catch extra names. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

/* Wine 8 dlls/secur32: 11 implemented by lsaemu (Lsa*), the rest forwarded to the host. */
static const char *const wine_secur32_exports[] = {
    "AcceptSecurityContext",
    "AcquireCredentialsHandleA",
    "AcquireCredentialsHandleW",
    "AddCredentialsA",
    "AddCredentialsW",
    "AddSecurityPackageA",
    "AddSecurityPackageW",
    "ApplyControlToken",
    "CompleteAuthToken",
    "DecryptMessage",
    "DeleteSecurityContext",
    "DeleteSecurityPackageA",
    "DeleteSecurityPackageW",
    "EncryptMessage",
    "EnumerateSecurityPackagesA",
    "EnumerateSecurityPackagesW",
    "ExportSecurityContext",
    "FreeContextBuffer",
    "FreeCredentialsHandle",
    "GetComputerObjectNameA",
    "GetComputerObjectNameW",
    "GetSecurityUserInfo",
    "GetUserNameExA",
    "GetUserNameExW",
    "ImpersonateSecurityContext",
    "ImportSecurityContextA",
    "ImportSecurityContextW",
    "InitSecurityInterfaceA",
    "InitSecurityInterfaceW",
    "InitializeSecurityContextA",
    "InitializeSecurityContextW",
    "LsaCallAuthenticationPackage",
    "LsaConnectUntrusted",
    "LsaDeregisterLogonProcess",
    "LsaEnumerateLogonSessions",
    "LsaFreeReturnBuffer",
    "LsaGetLogonSessionData",
    "LsaLogonUser",
    "LsaLookupAuthenticationPackage",
    "LsaRegisterLogonProcess",
    "LsaRegisterPolicyChangeNotification",
    "LsaUnregisterPolicyChangeNotification",
    "MakeSignature",
    "QueryContextAttributesA",
    "QueryContextAttributesW",
    "QueryCredentialsAttributesA",
    "QueryCredentialsAttributesW",
    "QuerySecurityContextToken",
    "QuerySecurityPackageInfoA",
    "QuerySecurityPackageInfoW",
    "RevertSecurityContext",
    "SaslAcceptSecurityContext",
    "SaslEnumerateProfilesA",
    "SaslEnumerateProfilesW",
    "SaslGetProfilePackageA",
    "SaslGetProfilePackageW",
    "SaslIdentifyPackageA",
    "SaslIdentifyPackageW",
    "SaslInitializeSecurityContextA",
    "SaslInitializeSecurityContextW",
    "SealMessage",
    "SecCacheSspiPackages",
    "SecDeleteUserModeContext",
    "SecGetLocaleSpecificEncryptionRules",
    "SecInitUserModeContext",
    "SecpFreeMemory",
    "SecpTranslateName",
    "SecpTranslateNameEx",
    "SetContextAttributesA",
    "SetContextAttributesW",
    "SspiEncodeAuthIdentityAsStrings",
    "SspiEncodeStringsAsAuthIdentity",
    "SspiFreeAuthIdentity",
    "SspiLocalFree",
    "SspiPrepareForCredWrite",
    "SspiZeroAuthIdentity",
    "TranslateNameA",
    "TranslateNameW",
    "UnsealMessage",
    "VerifySignature",
};
#define EXPORT_COUNT (sizeof(wine_secur32_exports) / sizeof(wine_secur32_exports[0]))

static HMODULE loaded_secur32(void)
{
    HMODULE m = GetModuleHandleW(L"secur32.dll");
    assert_non_null(m);
    return m;
}

static void test_list_has_80_names(void **state)
{
    (void)state;
    assert_int_equal(EXPORT_COUNT, 80);
}

static void test_module_is_lsaemu(void **state)
{
    (void)state;
    assert_non_null(GetProcAddress(loaded_secur32(), "lsaemu_version"));
}

static void test_every_wine_export_resolves(void **state)
{
    (void)state;
    HMODULE m = loaded_secur32();
    int missing = 0;
    for (size_t i = 0; i < EXPORT_COUNT; i++) {
        if (!GetProcAddress(m, wine_secur32_exports[i])) {
            print_error("missing export %s\n", wine_secur32_exports[i]);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

/* The statically imported function is the module's own export (the import bound to our DLL, not another one). */
static void test_import_binds_to_loaded_module(void **state)
{
    (void)state;
    FARPROC by_name = GetProcAddress(loaded_secur32(), "EnumerateSecurityPackagesW");
    HMODULE owner = NULL;
    assert_true(GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                                   (LPCWSTR)(void *)EnumerateSecurityPackagesW, &owner));
    assert_ptr_equal(owner, loaded_secur32());
    assert_ptr_equal((void *)by_name, (void *)EnumerateSecurityPackagesW);
}

/* Wine (like Windows) gives the two user-mode-context functions ordinals 1 and 2. */
static void test_ordinals_match_wine(void **state)
{
    (void)state;
    HMODULE m = loaded_secur32();
    assert_non_null(GetProcAddress(m, (LPCSTR)1));
    assert_ptr_equal((void *)GetProcAddress(m, (LPCSTR)1), (void *)GetProcAddress(m, "SecDeleteUserModeContext"));
    assert_ptr_equal((void *)GetProcAddress(m, (LPCSTR)2), (void *)GetProcAddress(m, "SecInitUserModeContext"));
}

static int is_wine_export(const char *name)
{
    for (size_t i = 0; i < EXPORT_COUNT; i++)
        if (lstrcmpA(name, wine_secur32_exports[i]) == 0)
            return 1;
    return 0;
}

/* Undecorated names only (no i686 "@bytes" leaks), none beyond Wine's list except lsaemu_* private ones. */
static void test_no_unexpected_exports(void **state)
{
    (void)state;
    const BYTE *base = (const BYTE *)loaded_secur32();
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
    const IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    assert_int_not_equal(dir->VirtualAddress, 0);
    const IMAGE_EXPORT_DIRECTORY *exp = (const IMAGE_EXPORT_DIRECTORY *)(base + dir->VirtualAddress);
    const DWORD *names = (const DWORD *)(base + exp->AddressOfNames);
    int unexpected = 0;
    DWORD wine_names = 0;
    for (DWORD i = 0; i < exp->NumberOfNames; i++) {
        const char *name = (const char *)(base + names[i]);
        if (is_wine_export(name))
            wine_names++;
        else if (strncmp(name, "lsaemu_", 7) != 0) {
            print_error("unexpected export %s\n", name);
            unexpected++;
        }
    }
    assert_int_equal(unexpected, 0);
    assert_int_equal(wine_names, 80);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_has_80_names),
        cmocka_unit_test(test_module_is_lsaemu),
        cmocka_unit_test(test_every_wine_export_resolves),
        cmocka_unit_test(test_import_binds_to_loaded_module),
        cmocka_unit_test(test_ordinals_match_wine),
        cmocka_unit_test(test_no_unexpected_exports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
