/* The interactive profile; see msv1_0_profile.h. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_profile.h"
#include "msv1_0_restrict.h"
#include "pkg_block.h"

#define DAY_TICKS (24LL * 3600 * 10000000)

/* PasswordMustChange: never when the password never expires or the policy has no maximum age; "now" (0, long past)
 * when a change is required at the next logon; else the last change plus the maximum age. */
static LONGLONG must_change(const msv1_0_account *a)
{
    if (a->flags & LSA_ACCOUNT_MUST_CHANGE_PASSWORD)
        return 0;
    if ((a->flags & LSA_ACCOUNT_PASSWORD_NEVER_EXPIRES) || !a->policy.max_password_age_days)
        return PKG_NEVER;
    return a->password_last_set.QuadPart + (LONGLONG)a->policy.max_password_age_days * DAY_TICKS;
}

void msv1_0_account_times_get(const msv1_0_account *a, msv1_0_account_times *out)
{
    out->logoff = PKG_NEVER; /* no forced-logoff policy */
    out->kickoff = msv1_0_filetime_from_unix(a->account_expires);
    out->password_last_set = a->password_last_set.QuadPart;
    out->password_can_change =
        a->password_last_set.QuadPart + (LONGLONG)a->policy.min_password_age_days * DAY_TICKS;
    out->password_must_change = must_change(a);
}

ULONG msv1_0_interactive_user_flags(const msv1_0_account *a)
{
    return a->profile_path[0] ? LOGON_PROFILE_PATH_RETURNED : 0;
}

NTSTATUS msv1_0_profile_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request,
                              const msv1_0_profile_facts *facts, void **client_profile, ULONG *length)
{
    const msv1_0_account *a = facts->account;
    size_t full_name = lstrlenW(a->full_name), script = lstrlenW(a->logon_script);
    size_t home = lstrlenW(a->home_directory), drive = lstrlenW(a->home_directory_drive);
    size_t profile = lstrlenW(a->profile_path);
    size_t size;
    MSV1_0_INTERACTIVE_PROFILE *p;
    msv1_0_account_times times;
    pkg_block block;
    NTSTATUS status;

    *client_profile = NULL;
    *length = 0;
    size = sizeof(*p) + pkg_block_wstr_size(script) + pkg_block_wstr_size(home) + pkg_block_wstr_size(full_name) +
           pkg_block_wstr_size(profile) + pkg_block_wstr_size(drive) + pkg_block_wstr_size(facts->logon_server_chars);
    if ((status = pkg_block_open(&block, lsa, request, (ULONG)size)) != STATUS_SUCCESS)
        return status;
    p = pkg_block_take(&block, sizeof(*p), sizeof(void *), NULL);
    if (p) {
        p->MessageType = MsV1_0InteractiveProfile;
        p->LogonCount = facts->logon_count;
        p->BadPasswordCount = facts->bad_password_count;
        p->LogonTime = facts->logon_time;
        msv1_0_account_times_get(a, &times);
        p->LogoffTime.QuadPart = times.logoff;
        p->KickOffTime.QuadPart = times.kickoff;
        p->PasswordLastSet.QuadPart = times.password_last_set;
        p->PasswordCanChange.QuadPart = times.password_can_change;
        p->PasswordMustChange.QuadPart = times.password_must_change;
        pkg_block_put_wstr(&block, &p->LogonScript, a->logon_script, script);
        pkg_block_put_wstr(&block, &p->HomeDirectory, a->home_directory, home);
        pkg_block_put_wstr(&block, &p->FullName, a->full_name, full_name);
        pkg_block_put_wstr(&block, &p->ProfilePath, a->profile_path, profile);
        pkg_block_put_wstr(&block, &p->HomeDirectoryDrive, a->home_directory_drive, drive);
        pkg_block_put_wstr(&block, &p->LogonServer, facts->logon_server, facts->logon_server_chars);
        p->UserFlags = msv1_0_interactive_user_flags(a);
    }
    if ((status = pkg_block_close(&block, client_profile)) != STATUS_SUCCESS)
        return status;
    *length = (ULONG)size;
    return STATUS_SUCCESS;
}
