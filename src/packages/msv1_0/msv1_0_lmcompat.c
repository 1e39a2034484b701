/* LmCompatibilityLevel; see msv1_0_lmcompat.h. */
#include "pkg_win.h"

#include "msv1_0_lmcompat.h"

DWORD msv1_0_lm_compatibility_level(void)
{
    DWORD value = 0, size = sizeof(value);

    if (RegGetValueW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Lsa", L"LmCompatibilityLevel",
                     RRF_RT_REG_DWORD, NULL, &value, &size) != ERROR_SUCCESS)
        return MSV1_0_LMCOMPAT_DEFAULT;
    return value > 5 ? 5 : value;
}
