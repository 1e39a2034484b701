/* Token information for local accounts; see msv1_0_token.h. */
#include "pkg_win.h"

#include <string.h>

#include "msv1_0_token.h"
#include "pkg_heap.h"
#include "pkg_token.h"

#define RID_NONE 513 /* DOMAIN_GROUP_RID_USERS: "None" on a workstation */

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

#define GROUP_COUNT (1 + ARRAYSIZE(fixed_groups))

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
        if (!(groups->Groups[groups->GroupCount].Sid = pkg_token_sid_copy(lsa, sid)))
            return STATUS_NO_MEMORY;
        groups->Groups[groups->GroupCount].Attributes = PKG_TOKEN_GROUP_ATTRS;
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
    groups->Groups[0].Attributes = PKG_TOKEN_GROUP_ATTRS;
    groups->GroupCount = 1;
    for (i = 0; i < ARRAYSIZE(fixed_groups); i++) {
        const well_known *w = &fixed_groups[i];
        PSID sid = pkg_heap_sid(lsa, w->authority, w->subs, w->count);

        if (!sid)
            return STATUS_NO_MEMORY;
        groups->Groups[groups->GroupCount].Sid = sid;
        groups->Groups[groups->GroupCount].Attributes = PKG_TOKEN_GROUP_ATTRS;
        groups->GroupCount++;
    }
    return extra ? add_extra(lsa, extra, groups) : STATUS_SUCCESS;
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
    if (!(info->PrimaryGroup.PrimaryGroup = extra ? pkg_token_sid_copy(lsa, (PSID)extra->primary)
                                                  : pkg_heap_sid_append(lsa, domain_sid, RID_NONE)))
        goto fail;
    if (!(info->Privileges = pkg_token_privileges(lsa)))
        goto fail;
    if (!(info->Owner.Owner = pkg_heap_sid_append(lsa, domain_sid, rid)))
        goto fail;
    if (!(info->DefaultDacl.DefaultDacl = pkg_token_dacl(lsa, info->User.User.Sid)))
        goto fail;
    *out = info;
    return STATUS_SUCCESS;

fail:
    pkg_token_free(lsa, info);
    return status;
}
