/* KERB_INTERACTIVE_PROFILE; see kerb_profile.h. */
#include "pkg_win.h"

#include <string.h>

#include "kerb_profile.h"
#include "pkg_block.h"

NTSTATUS kerb_profile_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request,
                            const kerb_account *mapped, LONGLONG logon_time, const WCHAR *logon_server,
                            void **client_profile, ULONG *length)
{
    static const WCHAR empty[] = L"";
    const WCHAR *script = mapped ? mapped->logon_script : empty, *home = mapped ? mapped->home_directory : empty;
    const WCHAR *full = mapped ? mapped->full_name : empty, *path = mapped ? mapped->profile_path : empty;
    const WCHAR *drive = mapped ? mapped->home_directory_drive : empty;
    size_t n_script = wcslen(script), n_home = wcslen(home), n_full = wcslen(full), n_path = wcslen(path);
    size_t n_drive = wcslen(drive), n_server = wcslen(logon_server), size;
    KERB_INTERACTIVE_PROFILE *p;
    pkg_block block;
    NTSTATUS status;

    *client_profile = NULL;
    *length = 0;
    size = sizeof(*p) + pkg_block_wstr_size(n_script) + pkg_block_wstr_size(n_home) + pkg_block_wstr_size(n_full) +
           pkg_block_wstr_size(n_path) + pkg_block_wstr_size(n_drive) + pkg_block_wstr_size(n_server);
    if ((status = pkg_block_open(&block, lsa, request, (ULONG)size)) != STATUS_SUCCESS)
        return status;
    p = pkg_block_take(&block, sizeof(*p), sizeof(void *), NULL);
    if (p) {
        p->MessageType = KerbInteractiveProfile;
        p->LogonTime.QuadPart = logon_time;
        p->LogoffTime.QuadPart = PKG_NEVER;
        p->KickOffTime.QuadPart = PKG_NEVER;
        p->PasswordMustChange.QuadPart = PKG_NEVER;
        pkg_block_put_wstr(&block, &p->LogonScript, script, n_script);
        pkg_block_put_wstr(&block, &p->HomeDirectory, home, n_home);
        pkg_block_put_wstr(&block, &p->FullName, full, n_full);
        pkg_block_put_wstr(&block, &p->ProfilePath, path, n_path);
        pkg_block_put_wstr(&block, &p->HomeDirectoryDrive, drive, n_drive);
        pkg_block_put_wstr(&block, &p->LogonServer, logon_server, n_server);
        p->UserFlags = n_path ? LOGON_PROFILE_PATH_RETURNED : 0;
    }
    if ((status = pkg_block_close(&block, client_profile)) != STATUS_SUCCESS)
        return status;
    *length = (ULONG)size;
    return STATUS_SUCCESS;
}
