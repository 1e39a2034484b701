/* Token information of a Kerberos logon; see kerb_token.h. */
#include "pkg_win.h"

#include <string.h>

#include "kerb_sid_rule.h"
#include "kerb_token.h"
#include "pkg_groups.h"
#include "pkg_heap.h"

#define GROUP_ATTRS (SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED)
#define MAX_GROUPS (PKG_MAX_EXTRA_GROUPS + 8)

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

/* The SIDs a token gets, before they are copied to the LSA heap. */
typedef struct sid_list {
    BYTE sids[MAX_GROUPS][SECURITY_MAX_SID_SIZE];
    size_t count;
} sid_list;

static BOOL add_sid(sid_list *l, PSID sid)
{
    size_t i;

    for (i = 0; i < l->count; i++)
        if (EqualSid((PSID)l->sids[i], sid))
            return TRUE;
    if (l->count == MAX_GROUPS || !CopySid(SECURITY_MAX_SID_SIZE, l->sids[l->count], sid))
        return FALSE;
    l->count++;
    return TRUE;
}

static BOOL add_well_known(sid_list *l, BYTE authority, DWORD a, DWORD b, BYTE count)
{
    SID_IDENTIFIER_AUTHORITY id = {{0, 0, 0, 0, 0, authority}};
    BYTE sid[SECURITY_MAX_SID_SIZE];

    InitializeSid(sid, &id, count);
    *GetSidSubAuthority(sid, 0) = a;
    if (count > 1)
        *GetSidSubAuthority(sid, 1) = b;
    return add_sid(l, sid);
}

static BOOL sid_append(PSID prefix, DWORD rid, BYTE *out)
{
    BYTE n = *GetSidSubAuthorityCount(prefix);

    if (n >= SID_MAX_SUB_AUTHORITIES || !CopySid(SECURITY_MAX_SID_SIZE, out, prefix))
        return FALSE;
    (*GetSidSubAuthorityCount(out))++;
    *GetSidSubAuthority(out, n) = rid;
    return TRUE;
}

/* The user, primary group and groups the token gets. */
static NTSTATUS decide(const WCHAR *realm, const WCHAR *user, const kerb_account *mapped, BYTE *user_sid,
                       BYTE *primary, sid_list *groups)
{
    BYTE domain[SECURITY_MAX_SID_SIZE];
    pkg_groups extra;
    NTSTATUS st;
    DWORD rid;
    size_t i;

    memset(groups, 0, sizeof(*groups));
    if (mapped) {
        if ((st = pkg_groups_resolve(mapped->groups, mapped->primary_group, kerb_account_domain_sid(), &extra)))
            return st;
        if (!sid_append(kerb_account_domain_sid(), mapped->rid, user_sid))
            return STATUS_INTERNAL_ERROR;
        memcpy(primary, extra.primary, SECURITY_MAX_SID_SIZE);
    } else {
        if ((st = kerb_sid_rule_domain(realm, domain)) || (st = kerb_sid_rule_rid(realm, user, &rid)))
            return st;
        if (!sid_append(domain, rid, user_sid) || !sid_append(domain, DOMAIN_GROUP_RID_USERS, primary))
            return STATUS_INTERNAL_ERROR;
    }
    if (!add_sid(groups, primary) ||
        !add_well_known(groups, 5, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_USERS, 2) ||
        !add_well_known(groups, 5, SECURITY_AUTHENTICATED_USER_RID, 0, 1) ||
        !add_well_known(groups, 5, SECURITY_THIS_ORGANIZATION_RID, 0, 1) ||
        (mapped && !add_well_known(groups, 5, 113 /* SECURITY_LOCAL_ACCOUNT_RID */, 0, 1)) ||
        !add_well_known(groups, 18, 1 /* SECURITY_AUTHENTICATION_AUTHORITY_ASSERTED_RID */, 0, 1))
        return STATUS_INTERNAL_ERROR;
    for (i = 0; mapped && i < extra.count; i++)
        if (!add_sid(groups, (PSID)extra.sids[i]))
            return STATUS_INTERNAL_ERROR;
    return STATUS_SUCCESS;
}

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

static PTOKEN_GROUPS heap_groups(const LSA_SECPKG_FUNCTION_TABLE *lsa, const sid_list *l)
{
    ULONG size = (ULONG)(FIELD_OFFSET(TOKEN_GROUPS, Groups) + l->count * sizeof(SID_AND_ATTRIBUTES));
    PTOKEN_GROUPS g = lsa->AllocateLsaHeap(size);
    size_t i;

    if (!g)
        return NULL;
    memset(g, 0, size);
    for (i = 0; i < l->count; i++) {
        if (!(g->Groups[i].Sid = heap_sid_copy(lsa, (PSID)l->sids[i])))
            break; /* counted so far: the caller's free releases them */
        g->Groups[i].Attributes = GROUP_ATTRS;
        g->GroupCount++;
    }
    return g;
}

static PTOKEN_PRIVILEGES heap_privileges(const LSA_SECPKG_FUNCTION_TABLE *lsa)
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

static PACL heap_dacl(const LSA_SECPKG_FUNCTION_TABLE *lsa, PSID user)
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

NTSTATUS kerb_token_build(const LSA_SECPKG_FUNCTION_TABLE *lsa, const WCHAR *realm, const WCHAR *user,
                          const kerb_account *mapped, PLSA_TOKEN_INFORMATION_V1 *out)
{
    BYTE user_sid[SECURITY_MAX_SID_SIZE], primary[SECURITY_MAX_SID_SIZE];
    PLSA_TOKEN_INFORMATION_V1 info;
    sid_list *groups;
    NTSTATUS st;

    *out = NULL;
    if (!(groups = HeapAlloc(GetProcessHeap(), 0, sizeof(*groups))))
        return STATUS_NO_MEMORY;
    st = decide(realm, user, mapped, user_sid, primary, groups);
    if (st != STATUS_SUCCESS) {
        HeapFree(GetProcessHeap(), 0, groups);
        return st;
    }
    st = STATUS_NO_MEMORY;
    if ((info = lsa->AllocateLsaHeap(sizeof(*info)))) {
        memset(info, 0, sizeof(*info));
        info->ExpirationTime.QuadPart = PKG_NEVER;
        if ((info->User.User.Sid = heap_sid_copy(lsa, (PSID)user_sid)) &&
            (info->Groups = heap_groups(lsa, groups)) && info->Groups->GroupCount == groups->count &&
            (info->PrimaryGroup.PrimaryGroup = heap_sid_copy(lsa, (PSID)primary)) &&
            (info->Privileges = heap_privileges(lsa)) && (info->Owner.Owner = heap_sid_copy(lsa, (PSID)user_sid)) &&
            (info->DefaultDacl.DefaultDacl = heap_dacl(lsa, (PSID)user_sid)))
            st = STATUS_SUCCESS;
    }
    HeapFree(GetProcessHeap(), 0, groups);
    if (st != STATUS_SUCCESS) {
        kerb_token_free(lsa, info);
        return st;
    }
    *out = info;
    return STATUS_SUCCESS;
}

void kerb_token_free(const LSA_SECPKG_FUNCTION_TABLE *lsa, PLSA_TOKEN_INFORMATION_V1 info)
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
