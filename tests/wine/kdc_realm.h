/* Makes a realm known to the Kerberos package the way `ksetup /addkdc` does: HKLM\SYSTEM\CurrentControlSet\Control\
 * Lsa\Kerberos\Domains\<REALM> value KdcNames (REG_MULTI_SZ of "host[:port]"), the first place kerb_config.h looks.
 * Tests that write it hold the ctest resource lock lsaemu_kerberos_domains. */
#ifndef LSAEMU_TESTS_KDC_REALM_H
#define LSAEMU_TESTS_KDC_REALM_H

#include <windows.h>

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define KDC_REALM_DOMAINS_KEY L"SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Domains"

/* FALSE when the key cannot be written (the caller fails its setup). */
static BOOL kdc_realm_set(const WCHAR *name, const WCHAR *kdc)
{
    WCHAR path[512], multi[320];
    size_t n = wcslen(kdc);
    HKEY key;
    LONG rc;

    if (n + 2 > ARRAYSIZE(multi))
        return FALSE;
    swprintf(path, ARRAYSIZE(path), L"%ls\\%ls", KDC_REALM_DOMAINS_KEY, name);
    memcpy(multi, kdc, n * sizeof(WCHAR));
    multi[n] = 0;
    multi[n + 1] = 0;
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL))
        return FALSE;
    rc = RegSetValueExW(key, L"KdcNames", 0, REG_MULTI_SZ, (const BYTE *)multi, (DWORD)((n + 2) * sizeof(WCHAR)));
    RegCloseKey(key);
    return rc == ERROR_SUCCESS;
}

static void kdc_realm_unset(const WCHAR *name)
{
    WCHAR path[512];

    swprintf(path, ARRAYSIZE(path), L"%ls\\%ls", KDC_REALM_DOMAINS_KEY, name);
    RegDeleteKeyW(HKEY_LOCAL_MACHINE, path);
}

#endif
