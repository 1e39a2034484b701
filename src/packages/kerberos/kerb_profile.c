/* KERB_INTERACTIVE_PROFILE; see kerb_profile.h. */
#include "pkg_win.h"

#include <string.h>

#include "kerb_profile.h"
#include "pkg_block.h"

/* The profile's strings: the mapped local account's, else empty. */
typedef struct profile_strings {
    const WCHAR *script, *home, *full, *path, *drive;
} profile_strings;

static profile_strings strings_of(const kerb_account *mapped)
{
    static const WCHAR empty[] = L"";
    profile_strings s = {empty, empty, empty, empty, empty};

    if (mapped) {
        s.script = mapped->logon_script;
        s.home = mapped->home_directory;
        s.full = mapped->full_name;
        s.path = mapped->profile_path;
        s.drive = mapped->home_directory_drive;
    }
    return s;
}

size_t kerb_profile_strings_size(const kerb_account *mapped, const WCHAR *logon_server)
{
    profile_strings s = strings_of(mapped);

    return pkg_block_wstr_size(wcslen(s.script)) + pkg_block_wstr_size(wcslen(s.home)) +
           pkg_block_wstr_size(wcslen(s.full)) + pkg_block_wstr_size(wcslen(s.path)) +
           pkg_block_wstr_size(wcslen(s.drive)) + pkg_block_wstr_size(wcslen(logon_server));
}

void kerb_profile_fill(pkg_block *b, KERB_INTERACTIVE_PROFILE *p, const kerb_account *mapped, LONGLONG logon_time,
                       const WCHAR *logon_server)
{
    profile_strings s = strings_of(mapped);

    p->MessageType = KerbInteractiveProfile;
    p->LogonTime.QuadPart = logon_time;
    p->LogoffTime.QuadPart = PKG_NEVER;
    p->KickOffTime.QuadPart = PKG_NEVER;
    p->PasswordMustChange.QuadPart = PKG_NEVER;
    pkg_block_put_wstr(b, &p->LogonScript, s.script, wcslen(s.script));
    pkg_block_put_wstr(b, &p->HomeDirectory, s.home, wcslen(s.home));
    pkg_block_put_wstr(b, &p->FullName, s.full, wcslen(s.full));
    pkg_block_put_wstr(b, &p->ProfilePath, s.path, wcslen(s.path));
    pkg_block_put_wstr(b, &p->HomeDirectoryDrive, s.drive, wcslen(s.drive));
    pkg_block_put_wstr(b, &p->LogonServer, logon_server, wcslen(logon_server));
    p->UserFlags = s.path[0] ? LOGON_PROFILE_PATH_RETURNED : 0;
}

NTSTATUS kerb_profile_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request,
                            const kerb_account *mapped, LONGLONG logon_time, const WCHAR *logon_server,
                            void **client_profile, ULONG *length)
{
    size_t size = sizeof(KERB_INTERACTIVE_PROFILE) + kerb_profile_strings_size(mapped, logon_server);
    KERB_INTERACTIVE_PROFILE *p;
    pkg_block block;
    NTSTATUS status;

    *client_profile = NULL;
    *length = 0;
    if ((status = pkg_block_open(&block, lsa, request, (ULONG)size)) != STATUS_SUCCESS)
        return status;
    if ((p = pkg_block_take(&block, sizeof(*p), sizeof(void *), NULL)))
        kerb_profile_fill(&block, p, mapped, logon_time, logon_server);
    if ((status = pkg_block_close(&block, client_profile)) != STATUS_SUCCESS)
        return status;
    *length = (ULONG)size;
    return STATUS_SUCCESS;
}
