/* The network logon profile; see msv1_0_lm20_profile.h. */
#include "pkg_win.h"

#include <stddef.h>
#include <string.h>

#include "msv1_0_lm20_profile.h"
#include "pkg_block.h"

NTSTATUS msv1_0_lm20_profile_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_CLIENT_REQUEST request,
                                   const msv1_0_network_result *result, const WCHAR *machine, size_t machine_chars,
                                   void **client_profile, ULONG *length)
{
    MSV1_0_LM20_LOGON_PROFILE *p;
    pkg_block block;
    size_t size;
    NTSTATUS status;

    *client_profile = NULL;
    *length = 0;
    size = sizeof(*p) + 2 * pkg_block_wstr_size(machine_chars) + pkg_block_wstr_size(0);
    if ((status = pkg_block_open(&block, lsa, request, (ULONG)size)) != STATUS_SUCCESS)
        return status;
    p = pkg_block_take(&block, sizeof(*p), sizeof(void *), NULL);
    if (p) {
        p->MessageType = MsV1_0Lm20LogonProfile;
        p->KickOffTime.QuadPart = PKG_NEVER;
        p->LogoffTime.QuadPart = PKG_NEVER;
        p->UserFlags = result->user_flags;
        pkg_block_put_wstr(&block, &p->LogonDomainName, machine, machine_chars);
        pkg_block_put_wstr(&block, &p->LogonServer, machine, machine_chars);
        pkg_block_put_wstr(&block, &p->UserParameters, L"", 0);
    }
    if ((status = pkg_block_close(&block, client_profile)) != STATUS_SUCCESS)
        return status;
    /* The keys go straight to the client block: the block's local image is freed without being wiped, so it never
     * holds them. */
    status = lsa->CopyToClientBuffer(request, MSV1_0_USER_SESSION_KEY_LENGTH,
                                     (BYTE *)*client_profile + offsetof(MSV1_0_LM20_LOGON_PROFILE, UserSessionKey),
                                     (PVOID)result->user_session_key);
    if (status == STATUS_SUCCESS)
        status = lsa->CopyToClientBuffer(request, MSV1_0_LANMAN_SESSION_KEY_LENGTH,
                                         (BYTE *)*client_profile +
                                             offsetof(MSV1_0_LM20_LOGON_PROFILE, LanmanSessionKey),
                                         (PVOID)result->lanman_session_key);
    if (status != STATUS_SUCCESS) {
        lsa->FreeClientBuffer(request, *client_profile);
        *client_profile = NULL;
        return status;
    }
    *length = (ULONG)size;
    return STATUS_SUCCESS;
}
