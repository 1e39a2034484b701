/* Session details of MSV1_0 logon sessions; see msv1_0_session_details.h. */
#include "pkg_win.h"

#include <string.h>

#include "lsa_session_details.h"
#include "lsaemu/lsaemu.h"
#include "msv1_0_package.h"
#include "msv1_0_profile.h"
#include "msv1_0_restrict.h"
#include "msv1_0_session_details.h"
#include "pkg_trace.h"

static lsa_sd_string wide(const WCHAR *s)
{
    lsa_sd_string out;

    out.bytes = (uint32_t)lstrlenW(s) * sizeof(WCHAR);
    out.data = out.bytes ? (const uint8_t *)s : NULL;
    return out;
}

NTSTATUS msv1_0_session_details_attach(const LUID *logon_id, const msv1_0_account *account, ULONG user_flags,
                                       ULONG failed_attempts)
{
    lsa_session_details d;
    msv1_0_account_times times;
    LSA_STRING key, blob;
    size_t size = 0, written = 0;
    NTSTATUS status;
    LUID id = *logon_id;

    memset(&d, 0, sizeof(d));
    msv1_0_account_times_get(account, &times);
    d.user_flags = user_flags;
    d.failed_attempts = failed_attempts;
    d.logoff_time = times.logoff;
    d.kickoff_time = times.kickoff;
    d.password_last_set = times.password_last_set;
    d.password_can_change = times.password_can_change;
    d.password_must_change = times.password_must_change;
    d.last_successful_logon =
        account->last_logon == LSA_ACCOUNTS_NEVER ? 0 : msv1_0_filetime_from_unix(account->last_logon);
    d.last_failed_logon =
        account->last_bad_password == LSA_ACCOUNTS_NEVER ? 0 : msv1_0_filetime_from_unix(account->last_bad_password);
    d.strings[LSA_SD_LOGON_SCRIPT] = wide(account->logon_script);
    d.strings[LSA_SD_PROFILE_PATH] = wide(account->profile_path);
    d.strings[LSA_SD_HOME_DIRECTORY] = wide(account->home_directory);
    d.strings[LSA_SD_HOME_DIRECTORY_DRIVE] = wide(account->home_directory_drive);
    /* The account's strings are bounded (LSA_ACCOUNTS_MAX_VALUE), so the blob always fits an LSA_STRING. */
    if (lsa_session_details_size(&d, &size) != LSA_SD_OK || size > 0xFFFF)
        return STATUS_INTERNAL_ERROR;
    if (!(blob.Buffer = msv1_0_lsa->AllocateLsaHeap((ULONG)size)))
        return STATUS_NO_MEMORY;
    if (lsa_session_details_encode(&d, (uint8_t *)blob.Buffer, size, &written) != LSA_SD_OK) {
        msv1_0_lsa->FreeLsaHeap(blob.Buffer);
        return STATUS_INTERNAL_ERROR;
    }
    blob.Length = blob.MaximumLength = (USHORT)written;
    key.Buffer = (PCHAR)LSAEMU_SESSION_DETAILS_KEY;
    key.Length = key.MaximumLength = (USHORT)strlen(LSAEMU_SESSION_DETAILS_KEY);
    status = msv1_0_lsa->AddCredential(&id, msv1_0_package_id, &key, &blob);
    msv1_0_lsa->FreeLsaHeap(blob.Buffer);
    if (status != STATUS_SUCCESS)
        pkg_err(MSV1_0_TRACE, "AddCredential(session details) failed: 0x%08lx", (unsigned long)status);
    return status;
}
