/* Accounts database location; see msv1_0_accounts_path.h. */
#include "pkg_win.h"

#include "msv1_0_accounts_path.h"

typedef WCHAR *(CDECL *wine_get_dos_file_name_fn)(const char *unix_path);

/* A host path ("/home/...") becomes the Windows path Wine maps it to. Elsewhere, or if the conversion fails, the
 * path is left as given: it then names no file, which reads as an empty database, never as another file. */
static void from_host_path(WCHAR *path)
{
    wine_get_dos_file_name_fn to_dos;
    char unix_path[MSV1_0_ACCOUNTS_PATH_MAX * 3];
    HMODULE kernel32;
    WCHAR *dos;

    if (path[0] != '/')
        return;
    /* GetProcAddress, not a build flag: the same DLL runs on Windows, where the function does not exist. */
    if (!(kernel32 = GetModuleHandleW(L"kernel32.dll")))
        return;
    if (!(to_dos = (wine_get_dos_file_name_fn)(void (*)(void))GetProcAddress(kernel32, "wine_get_dos_file_name")))
        return;
    if (!WideCharToMultiByte(CP_UTF8, 0, path, -1, unix_path, sizeof(unix_path), NULL, NULL))
        return;
    if (!(dos = to_dos(unix_path)))
        return;
    if (lstrlenW(dos) < MSV1_0_ACCOUNTS_PATH_MAX)
        lstrcpyW(path, dos);
    HeapFree(GetProcessHeap(), 0, dos);
}

static BOOL from_env(WCHAR *path)
{
    DWORD n = GetEnvironmentVariableW(L"LSAEMU_ACCOUNTS", path, MSV1_0_ACCOUNTS_PATH_MAX);

    if (!n || n >= MSV1_0_ACCOUNTS_PATH_MAX)
        return FALSE;
    from_host_path(path);
    return TRUE;
}

static BOOL from_registry(WCHAR *path)
{
    DWORD bytes = MSV1_0_ACCOUNTS_PATH_MAX * sizeof(WCHAR);

    if (RegGetValueW(HKEY_LOCAL_MACHINE, L"Software\\lsaemu", L"AccountsFile", RRF_RT_REG_SZ, NULL, path, &bytes) !=
        ERROR_SUCCESS)
        return FALSE;
    if (!path[0])
        return FALSE;
    from_host_path(path);
    return TRUE;
}

static BOOL from_default(WCHAR *path)
{
    static const WCHAR tail[] = L"\\lsaemu\\accounts.ini";
    DWORD n = GetEnvironmentVariableW(L"ProgramData", path, MSV1_0_ACCOUNTS_PATH_MAX);

    if (!n || n >= MSV1_0_ACCOUNTS_PATH_MAX - ARRAYSIZE(tail)) {
        lstrcpyW(path, L"C:\\ProgramData");
        n = 14;
    }
    lstrcpyW(path + n, tail);
    return TRUE;
}

BOOL msv1_0_accounts_path(WCHAR *path)
{
    if (from_env(path) || from_registry(path))
        return TRUE;
    return from_default(path);
}
