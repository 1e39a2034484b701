/* The interactive profile; see msv1_0_profile.h. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_profile.h"
#include "pkg_block.h"

NTSTATUS msv1_0_profile_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request,
                              const msv1_0_profile_facts *facts, void **client_profile, ULONG *length)
{
    size_t full_name = lstrlenW(facts->account->full_name);
    size_t size;
    MSV1_0_INTERACTIVE_PROFILE *p;
    pkg_block block;
    NTSTATUS status;

    *client_profile = NULL;
    *length = 0;
    /* Four empty strings, the full name and the logon server follow the structure. */
    size = sizeof(*p) + 4 * pkg_block_wstr_size(0) + pkg_block_wstr_size(full_name) +
           pkg_block_wstr_size(facts->logon_server_chars);
    if ((status = pkg_block_open(&block, lsa, request, (ULONG)size)) != STATUS_SUCCESS)
        return status;
    p = pkg_block_take(&block, sizeof(*p), sizeof(void *), NULL);
    if (p) {
        p->MessageType = MsV1_0InteractiveProfile;
        p->LogonCount = facts->logon_count;
        p->BadPasswordCount = facts->bad_password_count;
        p->LogonTime = facts->logon_time;
        p->LogoffTime.QuadPart = PKG_NEVER;
        p->KickOffTime.QuadPart = PKG_NEVER;
        p->PasswordLastSet = facts->account->password_last_set;
        p->PasswordCanChange = facts->account->password_last_set;
        p->PasswordMustChange.QuadPart = PKG_NEVER;
        pkg_block_put_wstr(&block, &p->LogonScript, L"", 0);
        pkg_block_put_wstr(&block, &p->HomeDirectory, L"", 0);
        pkg_block_put_wstr(&block, &p->FullName, facts->account->full_name, full_name);
        pkg_block_put_wstr(&block, &p->ProfilePath, L"", 0);
        pkg_block_put_wstr(&block, &p->HomeDirectoryDrive, L"", 0);
        pkg_block_put_wstr(&block, &p->LogonServer, facts->logon_server, facts->logon_server_chars);
        p->UserFlags = 0;
    }
    if ((status = pkg_block_close(&block, client_profile)) != STATUS_SUCCESS)
        return status;
    *length = (ULONG)size;
    return STATUS_SUCCESS;
}
