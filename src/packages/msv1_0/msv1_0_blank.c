/* The blank-password limit; see msv1_0_blank.h. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_blank.h"
#include "msv1_0_msg_options.h"
#include "msv1_0_package.h"
#include "pkg_trace.h"

static BOOL limit_enabled(void)
{
    DWORD value = 1, size = sizeof(value);

    if (RegGetValueW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Lsa", L"LimitBlankPasswordUse",
                     RRF_RT_REG_DWORD, NULL, &value, &size) != ERROR_SUCCESS)
        return TRUE;
    return value != 0;
}

static BOOL caller_allows_blank(void)
{
    SECPKG_CLIENT_INFO info;

    memset(&info, 0, sizeof(info));
    if (msv1_0_lsa->GetClientInfo(&info) != STATUS_SUCCESS)
        return FALSE;
    return (msv1_0_options_effective(info.ProcessID, info.ThreadID) & MSV1_0_OPTION_ALLOW_BLANK_PASSWORD) != 0;
}

BOOL msv1_0_blank_password_refused(SECURITY_LOGON_TYPE type, const BYTE nt_hash[MSV1_0_NT_HASH_LEN])
{
    if (type != Network && type != NetworkCleartext && type != RemoteInteractive)
        return FALSE;
    if (!msv1_0_hash_equal(nt_hash, msv1_0_empty_password_hash) || !limit_enabled() || caller_allows_blank())
        return FALSE;
    pkg_warn(MSV1_0_TRACE, "a blank password is limited to console logons (LimitBlankPasswordUse)");
    return TRUE;
}
