/* Names the machine account to the Kerberos package through the registry (HKLM\Software\lsaemu\Kerberos values
 * MachineAccount and MachineKeytab, README "Machine account"), which every LSA reads afresh: the in-process core and
 * the shared server alike, so a test can change it between cases over every transport (the server's environment is
 * the one it started with). Tests that write it hold the ctest resource lock lsaemu_machine_account. */
#ifndef LSAEMU_TESTS_KDC_MACHINE_H
#define LSAEMU_TESTS_KDC_MACHINE_H

#include <windows.h>

#include <wchar.h>

#define KDC_MACHINE_KEY L"Software\\lsaemu\\Kerberos"

static BOOL kdc_machine_value(const WCHAR *name, const WCHAR *value)
{
    if (!value)
        return RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, KDC_MACHINE_KEY, name) == ERROR_SUCCESS ||
               GetLastError() == ERROR_FILE_NOT_FOUND;
    return RegSetKeyValueW(HKEY_LOCAL_MACHINE, KDC_MACHINE_KEY, name, REG_SZ, value,
                           (DWORD)((wcslen(value) + 1) * sizeof(WCHAR))) == ERROR_SUCCESS;
}

/* FALSE when the key cannot be written (the caller fails). keytab NULL: no MachineKeytab value. */
static BOOL kdc_machine_set(const WCHAR *account, const WCHAR *keytab)
{
    return kdc_machine_value(L"MachineAccount", account) && kdc_machine_value(L"MachineKeytab", keytab);
}

static void kdc_machine_unset(void)
{
    RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, KDC_MACHINE_KEY, L"MachineAccount");
    RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, KDC_MACHINE_KEY, L"MachineKeytab");
}

#endif
