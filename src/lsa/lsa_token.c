/* Tokens for logons: the package's token information plus WORLD, the logon-type group and LocalGroups.
 *
 * With NtCreateToken (Windows, newer Wine) the token carries exactly that identity, the session's LogonId and the
 * caller's TOKEN_SOURCE. Wine 8 does not export NtCreateToken; there the token is a duplicate of the caller's own
 * token of the right kind (primary for Interactive/Batch/Service, impersonation for Network), so CloseHandle,
 * impersonation and CreateProcessAsUser keep working, but its user and groups are the caller's. GetProcAddress
 * decides at run time. */
#include "lsa_internal.h"

#include <string.h>

typedef NTSTATUS(NTAPI *nt_create_token_fn)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, TOKEN_TYPE, PLUID,
                                             PLARGE_INTEGER, PTOKEN_USER, PTOKEN_GROUPS, PTOKEN_PRIVILEGES,
                                             PTOKEN_OWNER, PTOKEN_PRIMARY_GROUP, PTOKEN_DEFAULT_DACL, PTOKEN_SOURCE);

static INIT_ONCE probe_once = INIT_ONCE_STATIC_INIT;
static nt_create_token_fn nt_create_token;

static BOOL CALLBACK probe(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    (void)once; (void)param; (void)ctx;
    if (ntdll)
        nt_create_token = (nt_create_token_fn)(void (*)(void))GetProcAddress(ntdll, "NtCreateToken");
    return TRUE;
}

BOOL lsa_token_native_available(void)
{
    InitOnceExecuteOnce(&probe_once, probe, NULL, NULL);
    return nt_create_token != NULL;
}

/* The well-known group for each logon type (ntsecapi.h's SECURITY_LOGON_TYPE). */
static BOOL logon_type_sid(SECURITY_LOGON_TYPE type, SID *sid)
{
    DWORD rid;
    switch (type) {
    case Interactive:
    case Unlock:
    case RemoteInteractive:
    case CachedInteractive:
    case CachedRemoteInteractive:
    case CachedUnlock:
        rid = SECURITY_INTERACTIVE_RID;
        break;
    case Network:
    case NetworkCleartext:
        rid = SECURITY_NETWORK_RID;
        break;
    case Batch:
        rid = SECURITY_BATCH_RID;
        break;
    case Service:
        rid = SECURITY_SERVICE_RID;
        break;
    default:
        return FALSE;
    }
    SID_IDENTIFIER_AUTHORITY nt = { SECURITY_NT_AUTHORITY };
    sid->Revision = SID_REVISION;
    sid->SubAuthorityCount = 1;
    sid->IdentifierAuthority = nt;
    sid->SubAuthority[0] = rid;
    return TRUE;
}

static BOOL has_sid(const TOKEN_GROUPS *g, ULONG count, PSID sid)
{
    for (ULONG i = 0; i < count; i++)
        if (EqualSid(g->Groups[i].Sid, sid))
            return TRUE;
    return FALSE;
}

NTSTATUS lsa_token_compose_groups(const TOKEN_GROUPS *package_groups, SECURITY_LOGON_TYPE logon_type,
                                  const TOKEN_GROUPS *local_groups, TOKEN_GROUPS **out)
{
    static SID world = { SID_REVISION, 1, { SECURITY_WORLD_SID_AUTHORITY }, { SECURITY_WORLD_RID } };
    SID type_sid;
    const DWORD added_attrs = SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED;
    ULONG pkg = package_groups ? package_groups->GroupCount : 0;
    ULONG local = local_groups ? local_groups->GroupCount : 0;
    ULONG max, n = 0;
    size_t sid_bytes = 0, header;
    TOKEN_GROUPS *g;
    BYTE *sids;
    BOOL have_type = logon_type_sid(logon_type, &type_sid);

    *out = NULL;
    if (pkg > 4096 || local > 4096)
        return STATUS_INVALID_PARAMETER;
    max = pkg + local + 2;
    for (ULONG i = 0; i < pkg; i++) {
        if (!package_groups->Groups[i].Sid || !IsValidSid(package_groups->Groups[i].Sid))
            return STATUS_INVALID_SID;
        sid_bytes += GetLengthSid(package_groups->Groups[i].Sid);
    }
    for (ULONG i = 0; i < local; i++) {
        if (!local_groups->Groups[i].Sid || !IsValidSid(local_groups->Groups[i].Sid))
            return STATUS_INVALID_SID;
        sid_bytes += GetLengthSid(local_groups->Groups[i].Sid);
    }
    sid_bytes += 2 * SECURITY_MAX_SID_SIZE;
    header = FIELD_OFFSET(TOKEN_GROUPS, Groups) + (size_t)max * sizeof(SID_AND_ATTRIBUTES);
    if (!(g = lsa_heap_alloc(header + sid_bytes)))
        return STATUS_NO_MEMORY;
    sids = (BYTE *)g + header;

#define ADD_GROUP(sid_, attrs_)                                             \
    do {                                                                    \
        DWORD len_ = GetLengthSid(sid_);                                    \
        if (!has_sid(g, n, (sid_))) {                                       \
            CopySid(len_, sids, (sid_));                                    \
            g->Groups[n].Sid = sids;                                        \
            g->Groups[n].Attributes = (attrs_);                             \
            sids += len_;                                                   \
            n++;                                                            \
        }                                                                   \
    } while (0)

    for (ULONG i = 0; i < pkg; i++)
        ADD_GROUP(package_groups->Groups[i].Sid, package_groups->Groups[i].Attributes);
    ADD_GROUP((PSID)&world, added_attrs);
    if (have_type)
        ADD_GROUP((PSID)&type_sid, added_attrs);
    for (ULONG i = 0; i < local; i++)
        ADD_GROUP(local_groups->Groups[i].Sid, local_groups->Groups[i].Attributes);
#undef ADD_GROUP
    g->GroupCount = n;
    *out = g;
    return STATUS_SUCCESS;
}

PSID lsa_token_info_user(LSA_TOKEN_INFORMATION_TYPE type, const void *info)
{
    if (!info || (type != LsaTokenInformationV1 && type != LsaTokenInformationV2))
        return NULL;
    return ((const LSA_TOKEN_INFORMATION_V1 *)info)->User.User.Sid;
}

/* In V1 token information each group SID is its own AllocateLsaHeap block (ntsecpkg.h documents it so). A package
 * that laid its SIDs out inside the TOKEN_GROUPS block instead is tolerated: those are not freed separately. */
static void free_group_sids(TOKEN_GROUPS *groups)
{
    SIZE_T block;
    if (!groups || !(block = lsa_heap_size(groups)))
        return;
    for (DWORD i = 0; i < groups->GroupCount; i++) {
        BYTE *sid = groups->Groups[i].Sid;
        if (sid && !(sid >= (BYTE *)groups && sid < (BYTE *)groups + block))
            lsa_heap_free(sid);
    }
}

void lsa_token_info_free(LSA_TOKEN_INFORMATION_TYPE type, void *info)
{
    if (!info)
        return;
    switch (type) {
    case LsaTokenInformationNull: {
        LSA_TOKEN_INFORMATION_NULL *t = info;
        lsa_heap_free(t->Groups);
        break;
    }
    case LsaTokenInformationV1: {
        LSA_TOKEN_INFORMATION_V1 *t = info;
        lsa_heap_free(t->User.User.Sid);
        free_group_sids(t->Groups);
        lsa_heap_free(t->Groups);
        lsa_heap_free(t->PrimaryGroup.PrimaryGroup);
        lsa_heap_free(t->Privileges);
        lsa_heap_free(t->Owner.Owner);
        lsa_heap_free(t->DefaultDacl.DefaultDacl);
        break;
    }
    default: /* V2 is one block */
        break;
    }
    lsa_heap_free(info);
}

static NTSTATUS create_native(const lsa_token_request *req, const TOKEN_GROUPS *groups, HANDLE *token)
{
    const LSA_TOKEN_INFORMATION_V1 *v1 = req->info;
    OBJECT_ATTRIBUTES attrs;
    SECURITY_QUALITY_OF_SERVICE qos;
    LARGE_INTEGER expiry;
    TOKEN_USER user;
    TOKEN_PRIVILEGES no_privs = { 0 };
    TOKEN_OWNER owner;
    TOKEN_PRIMARY_GROUP primary;
    TOKEN_DEFAULT_DACL dacl = { NULL };
    TOKEN_SOURCE source;
    LUID id = *req->logon_id;

    if (req->info_type == LsaTokenInformationNull)
        return STATUS_NOT_SUPPORTED; /* anonymous tokens come from the fallback below */
    memset(&qos, 0, sizeof(qos));
    qos.Length = sizeof(qos);
    qos.ImpersonationLevel = req->level ? req->level : SecurityImpersonation;
    InitializeObjectAttributes(&attrs, NULL, 0, NULL, NULL);
    attrs.SecurityQualityOfService = &qos;
    expiry = v1->ExpirationTime;
    user = v1->User;
    owner.Owner = v1->Owner.Owner ? v1->Owner.Owner : v1->User.User.Sid;
    primary.PrimaryGroup = v1->PrimaryGroup.PrimaryGroup ? v1->PrimaryGroup.PrimaryGroup : v1->User.User.Sid;
    dacl.DefaultDacl = v1->DefaultDacl.DefaultDacl;
    source = *req->source;
    return nt_create_token(token, TOKEN_ALL_ACCESS, &attrs, req->level ? TokenImpersonation : TokenPrimary, &id,
                           &expiry, &user, (PTOKEN_GROUPS)groups, v1->Privileges ? v1->Privileges : &no_privs,
                           &owner, &primary, &dacl, &source);
}

static NTSTATUS create_fallback(const lsa_token_request *req, HANDLE *token)
{
    HANDLE base;
    BOOL owned;
    NTSTATUS st = lsa_caller_borrow_token(req->caller, TOKEN_DUPLICATE | TOKEN_QUERY, &base, &owned);
    if (st != STATUS_SUCCESS)
        return st;
    if (!DuplicateTokenEx(base, TOKEN_ALL_ACCESS, NULL, req->level ? req->level : SecurityImpersonation,
                          req->level ? TokenImpersonation : TokenPrimary, token))
        st = STATUS_NO_MEMORY;
    if (owned)
        CloseHandle(base);
    return st;
}

NTSTATUS lsa_token_create(const lsa_token_request *req, HANDLE *token)
{
    TOKEN_GROUPS *groups = NULL;
    const TOKEN_GROUPS *pkg_groups = NULL;
    NTSTATUS st;

    *token = NULL;
    if (req->info_type == LsaTokenInformationV1 || req->info_type == LsaTokenInformationV2)
        pkg_groups = ((const LSA_TOKEN_INFORMATION_V1 *)req->info)->Groups;
    else if (req->info_type == LsaTokenInformationNull)
        pkg_groups = ((const LSA_TOKEN_INFORMATION_NULL *)req->info)->Groups;
    else
        return STATUS_INVALID_PARAMETER;
    if (req->info_type != LsaTokenInformationNull && !lsa_token_info_user(req->info_type, req->info))
        return STATUS_INVALID_PARAMETER;
    st = lsa_token_compose_groups(pkg_groups, req->logon_type, req->local_groups, &groups);
    if (st != STATUS_SUCCESS)
        return st;
    if (lsa_token_native_available()) {
        st = create_native(req, groups, token);
        if (st == STATUS_NOT_SUPPORTED || st == STATUS_PRIVILEGE_NOT_HELD) {
            WARN("NtCreateToken: %08lx; using the caller's token", (unsigned long)st);
            st = create_fallback(req, token);
        }
    } else {
        st = create_fallback(req, token);
    }
    lsa_heap_free(groups);
    return st;
}
