/* Token information pieces shared by the packages; see pkg_token.h. */
#include "pkg_win.h"

#include <string.h>

#include "pkg_heap.h"
#include "pkg_token.h"

/* Well-known privilege LUIDs (the DDK's SE_*_PRIVILEGE values; fixed on every Windows). */
static const struct {
    DWORD luid;
    DWORD attrs;
} privileges[] = {
    {23 /* SeChangeNotifyPrivilege */, SE_PRIVILEGE_ENABLED | SE_PRIVILEGE_ENABLED_BY_DEFAULT},
    {19 /* SeShutdownPrivilege */, 0},
    {25 /* SeUndockPrivilege */, 0},
    {33 /* SeIncreaseWorkingSetPrivilege */, 0},
    {34 /* SeTimeZonePrivilege */, 0},
};

PSID pkg_token_sid_copy(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID sid)
{
    DWORD len = GetLengthSid(sid);
    PSID copy = lsa->AllocateLsaHeap(len);

    if (copy && !CopySid(len, copy, sid)) {
        lsa->FreeLsaHeap(copy);
        copy = NULL;
    }
    return copy;
}

PTOKEN_PRIVILEGES pkg_token_privileges(const LSA_SECPKG_FUNCTION_TABLE *lsa)
{
    ULONG size = (ULONG)(FIELD_OFFSET(TOKEN_PRIVILEGES, Privileges) + ARRAYSIZE(privileges) *
                                                                           sizeof(LUID_AND_ATTRIBUTES));
    PTOKEN_PRIVILEGES p = lsa->AllocateLsaHeap(size);
    size_t i;

    if (!p)
        return NULL;
    memset(p, 0, size);
    p->PrivilegeCount = ARRAYSIZE(privileges);
    for (i = 0; i < ARRAYSIZE(privileges); i++) {
        p->Privileges[i].Luid.LowPart = privileges[i].luid;
        p->Privileges[i].Attributes = privileges[i].attrs;
    }
    return p;
}

PACL pkg_token_dacl(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID user)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    BYTE system_sid[SECURITY_MAX_SID_SIZE];
    DWORD size;
    PACL acl;

    InitializeSid(system_sid, &nt, 1);
    *GetSidSubAuthority(system_sid, 0) = SECURITY_LOCAL_SYSTEM_RID;
    size = sizeof(ACL) + 2 * (sizeof(ACCESS_ALLOWED_ACE) - sizeof(DWORD)) + GetLengthSid(user) +
           GetLengthSid(system_sid);
    if (!(acl = lsa->AllocateLsaHeap(size)))
        return NULL;
    if (!InitializeAcl(acl, size, ACL_REVISION) || !AddAccessAllowedAce(acl, ACL_REVISION, GENERIC_ALL, user) ||
        !AddAccessAllowedAce(acl, ACL_REVISION, GENERIC_ALL, system_sid)) {
        lsa->FreeLsaHeap(acl);
        return NULL;
    }
    return acl;
}

void pkg_token_free(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_TOKEN_INFORMATION_V1 info)
{
    DWORD i;

    if (!info)
        return;
    pkg_heap_free(lsa, info->User.User.Sid);
    if (info->Groups) {
        for (i = 0; i < info->Groups->GroupCount; i++)
            pkg_heap_free(lsa, info->Groups->Groups[i].Sid);
        lsa->FreeLsaHeap(info->Groups);
    }
    pkg_heap_free(lsa, info->PrimaryGroup.PrimaryGroup);
    pkg_heap_free(lsa, info->Privileges);
    pkg_heap_free(lsa, info->Owner.Owner);
    pkg_heap_free(lsa, info->DefaultDacl.DefaultDacl);
    lsa->FreeLsaHeap(info);
}
