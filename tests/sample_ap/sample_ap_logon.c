/* The sample AP's LsaApLogonUserEx2: a fixed identity, a profile in client memory, a logon session, token
 * information V1 with every piece a separate AllocateLsaHeap block (as ntsecpkg.h documents), and deliberate
 * failure modes so tests can see the core clean up. */
#include "sample_ap_internal.h"

#include <string.h>

static const DWORD user_subs[] = SAMPLE_AP_SID_SUBS;

static PSID make_sid(const DWORD *subs, BYTE count)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    PSID sid = sample_lsa->AllocateLsaHeap(GetSidLengthRequired(count));
    BYTE i;

    if (!sid)
        return NULL;
    InitializeSid(sid, &nt, count);
    for (i = 0; i < count; i++)
        *GetSidSubAuthority(sid, i) = subs[i];
    return sid;
}

static PUNICODE_STRING make_string(const WCHAR *text)
{
    USHORT bytes = (USHORT)(lstrlenW(text) * sizeof(WCHAR));
    PUNICODE_STRING s = sample_lsa->AllocateLsaHeap(sizeof(*s));

    if (!s)
        return NULL;
    if (!(s->Buffer = sample_lsa->AllocateLsaHeap(bytes + sizeof(WCHAR)))) {
        sample_lsa->FreeLsaHeap(s);
        return NULL;
    }
    memcpy(s->Buffer, text, bytes + sizeof(WCHAR));
    s->Length = bytes;
    s->MaximumLength = bytes + sizeof(WCHAR);
    return s;
}

static BOOL fill_cred_string(UNICODE_STRING *s, const WCHAR *text)
{
    USHORT bytes = (USHORT)(lstrlenW(text) * sizeof(WCHAR));
    if (!(s->Buffer = sample_lsa->AllocateLsaHeap(bytes + sizeof(WCHAR))))
        return FALSE;
    memcpy(s->Buffer, text, bytes + sizeof(WCHAR));
    s->Length = bytes;
    s->MaximumLength = bytes + sizeof(WCHAR);
    return TRUE;
}

static void free_string(PUNICODE_STRING s)
{
    if (s) {
        sample_lsa->FreeLsaHeap(s->Buffer);
        sample_lsa->FreeLsaHeap(s);
    }
}

static void free_token(PLSA_TOKEN_INFORMATION_V1 t)
{
    DWORD i;

    if (!t)
        return;
    if (t->User.User.Sid)
        sample_lsa->FreeLsaHeap(t->User.User.Sid);
    if (t->Groups) {
        for (i = 0; i < t->Groups->GroupCount; i++)
            sample_lsa->FreeLsaHeap(t->Groups->Groups[i].Sid);
        sample_lsa->FreeLsaHeap(t->Groups);
    }
    if (t->PrimaryGroup.PrimaryGroup)
        sample_lsa->FreeLsaHeap(t->PrimaryGroup.PrimaryGroup);
    if (t->Privileges)
        sample_lsa->FreeLsaHeap(t->Privileges);
    if (t->Owner.Owner)
        sample_lsa->FreeLsaHeap(t->Owner.Owner);
    if (t->DefaultDacl.DefaultDacl)
        sample_lsa->FreeLsaHeap(t->DefaultDacl.DefaultDacl);
    sample_lsa->FreeLsaHeap(t);
}

static PLSA_TOKEN_INFORMATION_V1 make_token(void)
{
    static const DWORD users[] = {SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_USERS};
    PLSA_TOKEN_INFORMATION_V1 t = sample_lsa->AllocateLsaHeap(sizeof(*t));
    DWORD acl_size;

    if (!t)
        return NULL;
    memset(t, 0, sizeof(*t));
    t->ExpirationTime.QuadPart = 0x7FFFFFFFFFFFFFFFLL;
    if (!(t->User.User.Sid = make_sid(user_subs, ARRAYSIZE(user_subs))))
        goto fail;
    if (!(t->Groups = sample_lsa->AllocateLsaHeap(sizeof(TOKEN_GROUPS))))
        goto fail;
    t->Groups->GroupCount = 0;
    if (!(t->Groups->Groups[0].Sid = make_sid(users, ARRAYSIZE(users))))
        goto fail;
    t->Groups->Groups[0].Attributes = SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED;
    t->Groups->GroupCount = 1;
    if (!(t->PrimaryGroup.PrimaryGroup = make_sid(users, ARRAYSIZE(users))))
        goto fail;
    if (!(t->Privileges = sample_lsa->AllocateLsaHeap(sizeof(TOKEN_PRIVILEGES))))
        goto fail;
    t->Privileges->PrivilegeCount = 1;
    t->Privileges->Privileges[0].Luid.LowPart = 23; /* SeChangeNotifyPrivilege */
    t->Privileges->Privileges[0].Luid.HighPart = 0;
    t->Privileges->Privileges[0].Attributes = SE_PRIVILEGE_ENABLED | SE_PRIVILEGE_ENABLED_BY_DEFAULT;
    if (!(t->Owner.Owner = make_sid(user_subs, ARRAYSIZE(user_subs))))
        goto fail;
    acl_size = sizeof(ACL) + sizeof(ACCESS_ALLOWED_ACE) - sizeof(DWORD) + GetLengthSid(t->User.User.Sid);
    if (!(t->DefaultDacl.DefaultDacl = sample_lsa->AllocateLsaHeap(acl_size)))
        goto fail;
    if (!InitializeAcl(t->DefaultDacl.DefaultDacl, acl_size, ACL_REVISION) ||
        !AddAccessAllowedAce(t->DefaultDacl.DefaultDacl, ACL_REVISION, GENERIC_ALL, t->User.User.Sid))
        goto fail;
    return t;
fail:
    free_token(t);
    return NULL;
}

/* The profile as one client block; Greeting points inside it. */
static NTSTATUS make_profile(PLSA_CLIENT_REQUEST request, ULONG pid, ULONG cookie, ULONG len, PVOID *out,
                             PULONG out_len)
{
    static const WCHAR greeting[] = SAMPLE_AP_GREETING;
    SAMPLE_AP_PROFILE p;
    BYTE image[sizeof(SAMPLE_AP_PROFILE) + sizeof(greeting)];
    BYTE *client = NULL;
    NTSTATUS status;

    status = sample_lsa->AllocateClientBuffer(request, sizeof(image), (PVOID *)&client);
    if (status != STATUS_SUCCESS)
        return status;
    memset(&p, 0, sizeof(p));
    p.Magic = SAMPLE_AP_MAGIC;
    p.ProcessId = pid;
    p.Cookie = cookie;
    p.SubmitLength = len;
    p.Greeting.Length = sizeof(greeting) - sizeof(WCHAR);
    p.Greeting.MaximumLength = sizeof(greeting);
    p.Greeting.Buffer = (WCHAR *)(client + sizeof(p));
    memcpy(image, &p, sizeof(p));
    memcpy(image + sizeof(p), greeting, sizeof(greeting));
    status = sample_lsa->CopyToClientBuffer(request, sizeof(image), client, image);
    if (status != STATUS_SUCCESS) {
        sample_lsa->FreeClientBuffer(request, client);
        return status;
    }
    *out = client;
    *out_len = sizeof(image);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LsaApLogonUserEx2(PLSA_CLIENT_REQUEST request, SECURITY_LOGON_TYPE logon_type, PVOID submit,
                                 PVOID client_base, ULONG len, PVOID *profile, PULONG profile_len, PLUID logon_id,
                                 PNTSTATUS sub_status, PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token,
                                 PUNICODE_STRING *account, PUNICODE_STRING *authority, PUNICODE_STRING *machine,
                                 PSECPKG_PRIMARY_CRED primary, PSECPKG_SUPPLEMENTAL_CRED_ARRAY *supplemental)
{
    SAMPLE_AP_LOGON_REQUEST req;
    SECPKG_CLIENT_INFO info;
    PLSA_TOKEN_INFORMATION_V1 t = NULL;
    PUNICODE_STRING acc = NULL, auth = NULL;
    NTSTATUS status;

    (void)logon_type;
    (void)client_base;
    *profile = NULL;
    *profile_len = 0;
    *sub_status = STATUS_SUCCESS;
    *token_type = LsaTokenInformationNull;
    *token = NULL;
    *account = NULL;
    *authority = NULL;
    if (machine)
        *machine = NULL;
    if (primary)
        memset(primary, 0, sizeof(*primary));
    if (supplemental)
        *supplemental = NULL;
    memset(logon_id, 0, sizeof(*logon_id));

    if (!submit || len < sizeof(req))
        return STATUS_INVALID_PARAMETER;
    memcpy(&req, submit, sizeof(req));
    if (req.MessageType < SAMPLE_AP_LOGON || req.MessageType > SAMPLE_AP_LOGON_NO_TCB)
        return STATUS_BAD_VALIDATION_CLASS;
    memset(&info, 0, sizeof(info));
    if ((status = sample_lsa->GetClientInfo(&info)) != STATUS_SUCCESS)
        return status;
    if (!AllocateLocallyUniqueId(logon_id))
        return STATUS_INSUFFICIENT_RESOURCES;
    if ((status = sample_lsa->CreateLogonSession(logon_id)) != STATUS_SUCCESS)
        return status;
    if (req.MessageType == SAMPLE_AP_LOGON_LEAK_SESSION)
        return STATUS_LOGON_FAILURE; /* misbehaving on purpose: the session is left for the core to delete */
    if (req.MessageType == SAMPLE_AP_LOGON_FAIL_AFTER_SESSION) {
        sample_lsa->DeleteLogonSession(logon_id);
        memset(logon_id, 0, sizeof(*logon_id));
        return STATUS_LOGON_FAILURE;
    }

    status = STATUS_NO_MEMORY;
    if (!(t = make_token()) || !(acc = make_string(SAMPLE_AP_USER)) || !(auth = make_string(SAMPLE_AP_AUTHORITY)))
        goto fail;
    if ((status = make_profile(request, info.ProcessID, req.Cookie, len, profile, profile_len)) != STATUS_SUCCESS)
        goto fail;
    if (req.MessageType == SAMPLE_AP_LOGON_NO_TCB && primary)
        primary->Flags |= PRIMARY_CRED_LOGON_NO_TCB;
    if (primary) {
        /* Each Buffer an AllocateLsaHeap block of its own: the LSA frees them. */
        if (!fill_cred_string(&primary->LogonServer, SAMPLE_AP_LOGON_SERVER) ||
            !fill_cred_string(&primary->DnsDomainName, SAMPLE_AP_DNS_DOMAIN) ||
            !fill_cred_string(&primary->Upn, SAMPLE_AP_UPN))
            goto fail_primary;
    }
    *token_type = LsaTokenInformationV1;
    *token = t;
    *account = acc;
    *authority = auth;
    return STATUS_SUCCESS;

fail_primary:
    status = STATUS_NO_MEMORY;
    if (primary) {
        sample_lsa->FreeLsaHeap(primary->LogonServer.Buffer);
        sample_lsa->FreeLsaHeap(primary->DnsDomainName.Buffer);
        sample_lsa->FreeLsaHeap(primary->Upn.Buffer);
        memset(primary, 0, sizeof(*primary));
    }
    sample_lsa->FreeClientBuffer(request, *profile);
    *profile = NULL;
    *profile_len = 0;
fail:
    free_token(t);
    free_string(acc);
    free_string(auth);
    sample_lsa->DeleteLogonSession(logon_id);
    memset(logon_id, 0, sizeof(*logon_id));
    return status;
}
