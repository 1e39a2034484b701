/* Where the accounts file is: the same rules, in the same order, as the MSV1_0 package (which has its own copy in
 * src/packages/msv1_0/msv1_0_accounts_path.c: packages use only ntsecpkg.h and their own files). */
#include "accounts_store.h"

typedef WCHAR *(CDECL *wine_get_dos_file_name_fn)(const char *unix_path);

/* Elsewhere than Wine, or if the conversion fails, the path stays as given: it then names no file. */
void lsa_store_from_host_path(WCHAR *path)
{
    wine_get_dos_file_name_fn to_dos;
    char unix_path[LSA_STORE_PATH_MAX * 3];
    HMODULE kernel32;
    WCHAR *dos;

    if (path[0] != '/')
        return;
    /* looked up at run time: the same program runs on Windows, where the function does not exist */
    if (!(kernel32 = GetModuleHandleW(L"kernel32.dll")))
        return;
    if (!(to_dos = (wine_get_dos_file_name_fn)(void (*)(void))GetProcAddress(kernel32, "wine_get_dos_file_name")))
        return;
    if (!WideCharToMultiByte(CP_UTF8, 0, path, -1, unix_path, sizeof(unix_path), NULL, NULL))
        return;
    if (!(dos = to_dos(unix_path)))
        return;
    if (lstrlenW(dos) < LSA_STORE_PATH_MAX)
        lstrcpyW(path, dos);
    HeapFree(GetProcessHeap(), 0, dos);
}

static BOOL from_env(WCHAR *path)
{
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", path, LSA_STORE_PATH_MAX);

    if (!n || n >= LSA_STORE_PATH_MAX)
        return FALSE;
    lsa_store_from_host_path(path);
    return TRUE;
}

static BOOL from_registry(WCHAR *path)
{
    DWORD bytes = LSA_STORE_PATH_MAX * sizeof(WCHAR);

    if (RegGetValueW(HKEY_LOCAL_MACHINE, L"Software\\lsaemu", L"AccountsFile", RRF_RT_REG_SZ, NULL, path, &bytes) !=
        ERROR_SUCCESS || !path[0])
        return FALSE;
    lsa_store_from_host_path(path);
    return TRUE;
}

void lsa_store_default_path(WCHAR *path)
{
    static const WCHAR tail[] = L"\\lsaemu\\accounts.ini";
    DWORD n;

    if (from_env(path) || from_registry(path))
        return;
    n = GetEnvironmentVariableW(L"ProgramData", path, LSA_STORE_PATH_MAX);
    if (!n || n >= LSA_STORE_PATH_MAX - ARRAYSIZE(tail)) {
        lstrcpyW(path, L"C:\\ProgramData");
        n = 14;
    }
    lstrcpyW(path + n, tail);
}
