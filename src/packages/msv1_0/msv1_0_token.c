/* Token information for local accounts; see msv1_0_token.h. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_token.h"
#include "pkg_heap.h"

#define GROUP_ATTRS (SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED)
#define RID_NONE 513 /* DOMAIN_GROUP_RID_USERS: "None" on a workstation */

/* Well-known privilege LUIDs (winnt.h SE_*_PRIVILEGE values of the DDK; fixed on every Windows). */
#define PRIV_SHUTDOWN 19
#define PRIV_CHANGE_NOTIFY 23
#define PRIV_UNDOCK 25
#define PRIV_INC_WORKING_SET 33
#define PRIV_TIME_ZONE 34

typedef struct well_known {
    BYTE authority;
    BYTE count;
    DWORD subs[2];
} well_known;

static const well_known fixed_groups[] = {
    {5, 2, {SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_USERS}}, /* BUILTIN\Users */
    {5, 1, {SECURITY_AUTHENTICATED_USER_RID, 0}},                  /* Authenticated Users */
    {5, 1, {SECURITY_THIS_ORGANIZATION_RID, 0}},                   /* This Organization */
    {5, 1, {113, 0}},                                              /* Local account (SECURITY_LOCAL_ACCOUNT_RID) */
    {5, 2, {SECURITY_PACKAGE_BASE_RID, SECURITY_PACKAGE_NTLM_RID}},/* NTLM Authentication */
};

static const struct {
    DWORD luid;
    DWORD attrs;
} privileges[] = {
    {PRIV_CHANGE_NOTIFY, SE_PRIVILEGE_ENABLED | SE_PRIVILEGE_ENABLED_BY_DEFAULT},
    {PRIV_SHUTDOWN, 0},
    {PRIV_UNDOCK, 0},
    {PRIV_INC_WORKING_SET, 0},
    {PRIV_TIME_ZONE, 0},
};

#define GROUP_COUNT (1 + ARRAYSIZE(fixed_groups))

/* A copy of sid in the LSA heap. */
static PSID heap_sid_copy(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID sid)
{
    DWORD len = GetLengthSid(sid);
    PSID copy = lsa->AllocateLsaHeap(len);

    if (copy && !CopySid(len, copy, sid)) {
        lsa->FreeLsaHeap(copy);
        copy = NULL;
    }
    return copy;
}

/* The account's own groups and its primary group, after the fixed ones, each once. */
static NTSTATUS add_extra(const LSA_SECPKG_FUNCTION_TABLE *lsa, const pkg_groups *extra, PTOKEN_GROUPS groups)
{
    size_t i;
    ULONG j;

    for (i = 0; i <= extra->count; i++) {
        PSID sid = (PSID)(i < extra->count ? extra->sids[i] : extra->primary);
        BOOL present = FALSE;

        for (j = 0; j < groups->GroupCount && !present; j++)
            present = EqualSid(groups->Groups[j].Sid, sid);
        if (present)
            continue;
        if (!(groups->Groups[groups->GroupCount].Sid = heap_sid_copy(lsa, sid)))
            return STATUS_NO_MEMORY;
        groups->Groups[groups->GroupCount].Attributes = GROUP_ATTRS;
        groups->GroupCount++;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS build_groups(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID domain_sid, const pkg_groups *extra,
                             PTOKEN_GROUPS *out)
{
    ULONG size = (ULONG)(FIELD_OFFSET(TOKEN_GROUPS, Groups) +
                         (GROUP_COUNT + (extra ? extra->count + 1 : 0)) * sizeof(SID_AND_ATTRIBUTES));
    PTOKEN_GROUPS groups;
    size_t i;

    if (!(groups = lsa->AllocateLsaHeap(size)))
        return STATUS_NO_MEMORY;
    memset(groups, 0, size);
    *out = groups; /* counted as filled below, so a partial build frees cleanly */
    if (!(groups->Groups[0].Sid = pkg_heap_sid_append(lsa, domain_sid, RID_NONE)))
        return STATUS_NO_MEMORY;
    groups->Groups[0].Attributes = GROUP_ATTRS;
    groups->GroupCount = 1;
    for (i = 0; i < ARRAYSIZE(fixed_groups); i++) {
        const well_known *w = &fixed_groups[i];
        PSID sid = pkg_heap_sid(lsa, w->authority, w->subs, w->count);

        if (!sid)
            return STATUS_NO_MEMORY;
        groups->Groups[groups->GroupCount].Sid = sid;
        groups->Groups[groups->GroupCount].Attributes = GROUP_ATTRS;
        groups->GroupCount++;
    }
    return extra ? add_extra(lsa, extra, groups) : STATUS_SUCCESS;
}

static PTOKEN_PRIVILEGES build_privileges(const LSA_SECPKG_FUNCTION_TABLE *lsa)
{
    ULONG size = (ULONG)(FIELD_OFFSET(TOKEN_PRIVILEGES, Privileges) + ARRAYSIZE(privileges) *
                                                                           sizeof(LUID_AND_ATTRIBUTES));
    PTOKEN_PRIVILEGES p;
    size_t i;

    if (!(p = lsa->AllocateLsaHeap(size)))
        return NULL;
    memset(p, 0, size);
    p->PrivilegeCount = ARRAYSIZE(privileges);
    for (i = 0; i < ARRAYSIZE(privileges); i++) {
        p->Privileges[i].Luid.LowPart = privileges[i].luid;
        p->Privileges[i].Attributes = privileges[i].attrs;
    }
    return p;
}

static PACL build_dacl(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID user)
{
    static const DWORD system_rid = SECURITY_LOCAL_SYSTEM_RID;
    BYTE system_sid[SECURITY_MAX_SID_SIZE];
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    DWORD size;
    PACL acl;

    InitializeSid(system_sid, &nt, 1);
    *GetSidSubAuthority(system_sid, 0) = system_rid;
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

NTSTATUS msv1_0_token_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID domain_sid, DWORD rid,
                            const pkg_groups *extra, PLSA_TOKEN_INFORMATION_V1 *out)
{
    PLSA_TOKEN_INFORMATION_V1 info;
    NTSTATUS status;

    *out = NULL;
    if (!(info = lsa->AllocateLsaHeap(sizeof(*info))))
        return STATUS_NO_MEMORY;
    memset(info, 0, sizeof(*info));
    info->ExpirationTime.QuadPart = PKG_NEVER;
    status = STATUS_NO_MEMORY;
    if (!(info->User.User.Sid = pkg_heap_sid_append(lsa, domain_sid, rid)))
        goto fail;
    info->User.User.Attributes = 0;
    if ((status = build_groups(lsa, domain_sid, extra, &info->Groups)) != STATUS_SUCCESS)
        goto fail;
    status = STATUS_NO_MEMORY;
    if (!(info->PrimaryGroup.PrimaryGroup = extra ? heap_sid_copy(lsa, (PSID)extra->primary)
                                                  : pkg_heap_sid_append(lsa, domain_sid, RID_NONE)))
        goto fail;
    if (!(info->Privileges = build_privileges(lsa)))
        goto fail;
    if (!(info->Owner.Owner = pkg_heap_sid_append(lsa, domain_sid, rid)))
        goto fail;
    if (!(info->DefaultDacl.DefaultDacl = build_dacl(lsa, info->User.User.Sid)))
        goto fail;
    *out = info;
    return STATUS_SUCCESS;

fail:
    msv1_0_token_free(lsa, info);
    return status;
}

void msv1_0_token_free(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_TOKEN_INFORMATION_V1 info)
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
