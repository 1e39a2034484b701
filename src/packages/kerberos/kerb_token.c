/* Token information of a Kerberos logon; see kerb_token.h. */
#include "pkg_win.h"

#include <string.h>

#include "kerb_sid_rule.h"
#include "kerb_token.h"
#include "pkg_groups.h"
#include "pkg_token.h"

#define MAX_GROUPS (PKG_MAX_EXTRA_GROUPS + 8)

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

static PTOKEN_GROUPS heap_groups(const LSA_SECPKG_FUNCTION_TABLE *lsa, const sid_list *l)
{
    ULONG size = (ULONG)(FIELD_OFFSET(TOKEN_GROUPS, Groups) + l->count * sizeof(SID_AND_ATTRIBUTES));
    PTOKEN_GROUPS g = lsa->AllocateLsaHeap(size);
    size_t i;

    if (!g)
        return NULL;
    memset(g, 0, size);
    for (i = 0; i < l->count; i++) {
        if (!(g->Groups[i].Sid = pkg_token_sid_copy(lsa, (PSID)l->sids[i])))
            break; /* counted so far: the caller's free releases them */
        g->Groups[i].Attributes = PKG_TOKEN_GROUP_ATTRS;
        g->GroupCount++;
    }
    return g;
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
        if ((info->User.User.Sid = pkg_token_sid_copy(lsa, (PSID)user_sid)) &&
            (info->Groups = heap_groups(lsa, groups)) && info->Groups->GroupCount == groups->count &&
            (info->PrimaryGroup.PrimaryGroup = pkg_token_sid_copy(lsa, (PSID)primary)) &&
            (info->Privileges = pkg_token_privileges(lsa)) &&
            (info->Owner.Owner = pkg_token_sid_copy(lsa, (PSID)user_sid)) &&
            (info->DefaultDacl.DefaultDacl = pkg_token_dacl(lsa, (PSID)user_sid)))
            st = STATUS_SUCCESS;
    }
    HeapFree(GetProcessHeap(), 0, groups);
    if (st != STATUS_SUCCESS) {
        pkg_token_free(lsa, info);
        return st;
    }
    *out = info;
    return STATUS_SUCCESS;
}
