/* The secur32 LSA exports. Each clears its outputs on entry the way Windows does (return-buffer pointer NULL, length
 * 0, ProtocolStatus success), so callers never read garbage, then marshals the call for the LSA core.
 *
 * Windows dereferences a NULL out-parameter and faults; a DLL inside someone else's process should not, so NULL
 * out-parameters give STATUS_INVALID_PARAMETER instead (docs/design.md). */
#include "lsa_client.h"
#include "lsa_trace.h"
#include "lsaemu/lsaemu.h"

#include <string.h>

static void bytes_of(const LSA_STRING *s, lsa_wire_bytes *out)
{
    out->data = (const uint8_t *)s->Buffer;
    out->len = s->Buffer ? s->Length : 0;
}

static HANDLE handle_from_wire(uint64_t v)
{
    return (HANDLE)(uintptr_t)v;
}

static uint64_t handle_to_wire(HANDLE h)
{
    return (uint64_t)(uintptr_t)h;
}

NTSTATUS NTAPI LsaConnectUntrusted(PHANDLE LsaHandle)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    NTSTATUS st;
    TRACE("%p", (void *)LsaHandle);
    if (!LsaHandle)
        return STATUS_INVALID_PARAMETER;
    *LsaHandle = NULL;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_CONNECT_UNTRUSTED;
    st = lsa_client_call(&req, &rep);
    if (st == STATUS_SUCCESS)
        *LsaHandle = handle_from_wire(rep.u.connect.handle);
    return st;
}

NTSTATUS NTAPI LsaRegisterLogonProcess(PLSA_STRING LogonProcessName, PHANDLE LsaHandle,
                                       PLSA_OPERATIONAL_MODE SecurityMode)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    NTSTATUS st;
    TRACE("%p %p %p", (void *)LogonProcessName, (void *)LsaHandle, (void *)SecurityMode);
    if (LsaHandle)
        *LsaHandle = NULL;
    if (SecurityMode)
        *SecurityMode = 0;
    if (!LogonProcessName || !LsaHandle || !SecurityMode || (LogonProcessName->Length && !LogonProcessName->Buffer))
        return STATUS_INVALID_PARAMETER;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_REGISTER_LOGON_PROCESS;
    bytes_of(LogonProcessName, &req.u.register_lp.name);
    st = lsa_client_call(&req, &rep);
    if (st == STATUS_SUCCESS) {
        *LsaHandle = handle_from_wire(rep.u.register_lp.handle);
        *SecurityMode = rep.u.register_lp.security_mode;
    }
    return st;
}

NTSTATUS NTAPI LsaDeregisterLogonProcess(HANDLE LsaHandle)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    TRACE("%p", LsaHandle);
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_DEREGISTER_LOGON_PROCESS;
    req.u.deregister.handle = handle_to_wire(LsaHandle);
    return lsa_client_call(&req, &rep);
}

NTSTATUS NTAPI LsaLookupAuthenticationPackage(HANDLE LsaHandle, PLSA_STRING PackageName,
                                              PULONG AuthenticationPackage)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    NTSTATUS st;
    TRACE("%p %p %p", LsaHandle, (void *)PackageName, (void *)AuthenticationPackage);
    if (AuthenticationPackage)
        *AuthenticationPackage = 0;
    if (!PackageName || !AuthenticationPackage || (PackageName->Length && !PackageName->Buffer))
        return STATUS_INVALID_PARAMETER;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_LOOKUP_PACKAGE;
    req.u.lookup.handle = handle_to_wire(LsaHandle);
    bytes_of(PackageName, &req.u.lookup.name);
    st = lsa_client_call(&req, &rep);
    if (st == STATUS_SUCCESS)
        *AuthenticationPackage = rep.u.lookup.package_id;
    return st;
}

/* LocalGroups go on the wire as validated SIDs; a malformed list is refused here, in the caller's process. */
static NTSTATUS encode_local_groups(const TOKEN_GROUPS *groups, lsa_wbuf *out, uint32_t *count)
{
    *count = 0;
    if (!groups)
        return STATUS_SUCCESS;
    if (groups->GroupCount > LSA_WIRE_MAX_GROUPS)
        return STATUS_INVALID_PARAMETER;
    for (DWORD i = 0; i < groups->GroupCount; i++) {
        PSID sid = groups->Groups[i].Sid;
        if (!sid || !IsValidSid(sid))
            return STATUS_INVALID_SID;
        if (lsa_wire_append_group(out, sid, GetLengthSid(sid), groups->Groups[i].Attributes) != LSA_WIRE_OK)
            return out->error == LSA_WIRE_NOMEM ? STATUS_NO_MEMORY : STATUS_INVALID_PARAMETER;
    }
    *count = groups->GroupCount;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LsaLogonUser(HANDLE LsaHandle, PLSA_STRING OriginName, SECURITY_LOGON_TYPE LogonType,
                            ULONG AuthenticationPackage, PVOID AuthenticationInformation,
                            ULONG AuthenticationInformationLength, PTOKEN_GROUPS LocalGroups,
                            PTOKEN_SOURCE SourceContext, PVOID *ProfileBuffer, PULONG ProfileBufferLength,
                            PLUID LogonId, PHANDLE Token, PQUOTA_LIMITS Quotas, PNTSTATUS SubStatus)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    lsa_wbuf groups;
    NTSTATUS st;

    TRACE("%p type %d package %lu info %p/%lu", LsaHandle, (int)LogonType, AuthenticationPackage,
          AuthenticationInformation, AuthenticationInformationLength);
    if (ProfileBuffer)
        *ProfileBuffer = NULL;
    if (ProfileBufferLength)
        *ProfileBufferLength = 0;
    if (LogonId)
        memset(LogonId, 0, sizeof(*LogonId));
    if (Token)
        *Token = NULL;
    if (Quotas)
        memset(Quotas, 0, sizeof(*Quotas));
    if (SubStatus)
        *SubStatus = STATUS_SUCCESS;
    if (!OriginName || !SourceContext || !ProfileBuffer || !ProfileBufferLength || !LogonId || !Token || !Quotas ||
        !SubStatus || (OriginName->Length && !OriginName->Buffer) ||
        (AuthenticationInformationLength && !AuthenticationInformation) ||
        AuthenticationInformationLength > LSA_WIRE_MAX_SUBMIT)
        return STATUS_INVALID_PARAMETER;

    memset(&req, 0, sizeof(req));
    lsa_wbuf_init(&groups, LSA_WIRE_MAX_GROUPS * (LSA_WIRE_MAX_SID + 8u));
    st = encode_local_groups(LocalGroups, &groups, &req.u.logon.group_count);
    if (st != STATUS_SUCCESS) {
        lsa_wbuf_free(&groups);
        return st;
    }
    req.hdr.op = LSA_OP_LOGON_USER;
    req.u.logon.handle = handle_to_wire(LsaHandle);
    bytes_of(OriginName, &req.u.logon.origin);
    req.u.logon.logon_type = (uint32_t)LogonType;
    req.u.logon.package_id = AuthenticationPackage;
    req.u.logon.client_base = (uint64_t)(uintptr_t)AuthenticationInformation;
    req.u.logon.auth.data = AuthenticationInformation;
    req.u.logon.auth.len = AuthenticationInformationLength;
    req.u.logon.has_local_groups = LocalGroups != NULL;
    req.u.logon.groups.data = groups.data;
    req.u.logon.groups.len = (uint32_t)groups.len;
    memcpy(req.u.logon.source_name, SourceContext->SourceName, sizeof(req.u.logon.source_name));
    req.u.logon.source_id.low = SourceContext->SourceIdentifier.LowPart;
    req.u.logon.source_id.high = SourceContext->SourceIdentifier.HighPart;

    st = lsa_client_call(&req, &rep);
    lsa_wbuf_free(&groups);
    *SubStatus = (NTSTATUS)rep.u.logon.substatus;
    if (NT_SUCCESS(st)) {
        *ProfileBuffer = (PVOID)(uintptr_t)rep.u.logon.profile;
        *ProfileBufferLength = rep.u.logon.profile_len;
        LogonId->LowPart = rep.u.logon.logon_id.low;
        LogonId->HighPart = rep.u.logon.logon_id.high;
        *Token = handle_from_wire(rep.u.logon.token);
        Quotas->PagedPoolLimit = (SIZE_T)rep.u.logon.quotas.paged_pool_limit;
        Quotas->NonPagedPoolLimit = (SIZE_T)rep.u.logon.quotas.nonpaged_pool_limit;
        Quotas->MinimumWorkingSetSize = (SIZE_T)rep.u.logon.quotas.minimum_working_set;
        Quotas->MaximumWorkingSetSize = (SIZE_T)rep.u.logon.quotas.maximum_working_set;
        Quotas->PagefileLimit = (SIZE_T)rep.u.logon.quotas.pagefile_limit;
        Quotas->TimeLimit.QuadPart = rep.u.logon.quotas.time_limit;
    }
    return st;
}

NTSTATUS NTAPI LsaCallAuthenticationPackage(HANDLE LsaHandle, ULONG AuthenticationPackage,
                                            PVOID ProtocolSubmitBuffer, ULONG SubmitBufferLength,
                                            PVOID *ProtocolReturnBuffer, PULONG ReturnBufferLength,
                                            PNTSTATUS ProtocolStatus)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    NTSTATUS st;

    TRACE("%p package %lu submit %p/%lu", LsaHandle, AuthenticationPackage, ProtocolSubmitBuffer,
          SubmitBufferLength);
    if (ProtocolReturnBuffer)
        *ProtocolReturnBuffer = NULL;
    if (ReturnBufferLength)
        *ReturnBufferLength = 0;
    if (ProtocolStatus)
        *ProtocolStatus = STATUS_SUCCESS;
    if (SubmitBufferLength > LSA_WIRE_MAX_SUBMIT)
        return STATUS_INVALID_PARAMETER;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_CALL_PACKAGE;
    req.u.call.handle = handle_to_wire(LsaHandle);
    req.u.call.package_id = AuthenticationPackage;
    req.u.call.client_base = (uint64_t)(uintptr_t)ProtocolSubmitBuffer;
    /* A NULL or empty buffer travels as empty: the core checks the handle and the package first, as Windows does. */
    if (ProtocolSubmitBuffer) {
        req.u.call.submit.data = ProtocolSubmitBuffer;
        req.u.call.submit.len = SubmitBufferLength;
    }
    st = lsa_client_call(&req, &rep);
    if (!NT_SUCCESS(st))
        return st;
    if (!ProtocolReturnBuffer || !ReturnBufferLength || !ProtocolStatus) {
        /* Nowhere to hand the buffer: free it rather than leak it. */
        if (rep.u.call.buffer) {
            lsa_wire_request fr;
            lsa_wire_reply frep;
            memset(&fr, 0, sizeof(fr));
            fr.hdr.op = LSA_OP_FREE_RETURN_BUFFER;
            fr.u.free_buffer.address = rep.u.call.buffer;
            lsa_client_call(&fr, &frep);
        }
        return STATUS_INVALID_PARAMETER;
    }
    *ProtocolReturnBuffer = (PVOID)(uintptr_t)rep.u.call.buffer;
    *ReturnBufferLength = rep.u.call.length;
    *ProtocolStatus = (NTSTATUS)rep.u.call.protocol_status;
    return st;
}

NTSTATUS NTAPI LsaFreeReturnBuffer(PVOID Buffer)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    TRACE("%p", Buffer);
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_FREE_RETURN_BUFFER;
    req.u.free_buffer.address = (uint64_t)(uintptr_t)Buffer;
    return lsa_client_call(&req, &rep);
}

NTSTATUS NTAPI LsaEnumerateLogonSessions(PULONG LogonSessionCount, PLUID *LogonSessionList)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    NTSTATUS st;
    TRACE("%p %p", (void *)LogonSessionCount, (void *)LogonSessionList);
    if (LogonSessionCount)
        *LogonSessionCount = 0;
    if (LogonSessionList)
        *LogonSessionList = NULL;
    if (!LogonSessionCount || !LogonSessionList)
        return STATUS_INVALID_PARAMETER;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_ENUMERATE_SESSIONS;
    st = lsa_client_call(&req, &rep);
    if (st == STATUS_SUCCESS) {
        *LogonSessionCount = rep.u.sessions.count;
        *LogonSessionList = (PLUID)(uintptr_t)rep.u.sessions.buffer;
    }
    return st;
}

NTSTATUS NTAPI LsaGetLogonSessionData(PLUID LogonId, PSECURITY_LOGON_SESSION_DATA *ppLogonSessionData)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    NTSTATUS st;
    TRACE("%p %p", (void *)LogonId, (void *)ppLogonSessionData);
    if (ppLogonSessionData)
        *ppLogonSessionData = NULL;
    if (!LogonId || !ppLogonSessionData)
        return STATUS_INVALID_PARAMETER;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_GET_SESSION_DATA;
    req.u.session_data.logon_id.low = LogonId->LowPart;
    req.u.session_data.logon_id.high = LogonId->HighPart;
    st = lsa_client_call(&req, &rep);
    if (st == STATUS_SUCCESS)
        *ppLogonSessionData = (PSECURITY_LOGON_SESSION_DATA)(uintptr_t)rep.u.session_data.buffer;
    return st;
}

static NTSTATUS policy_notification(uint16_t op, POLICY_NOTIFICATION_INFORMATION_CLASS cls, HANDLE event)
{
    lsa_wire_request req;
    lsa_wire_reply rep;
    memset(&req, 0, sizeof(req));
    req.hdr.op = op;
    req.u.policy.info_class = (uint32_t)cls;
    req.u.policy.event = handle_to_wire(event);
    return lsa_client_call(&req, &rep);
}

NTSTATUS NTAPI LsaRegisterPolicyChangeNotification(POLICY_NOTIFICATION_INFORMATION_CLASS InformationClass,
                                                   HANDLE NotificationEventHandle)
{
    TRACE("%d %p", (int)InformationClass, NotificationEventHandle);
    return policy_notification(LSA_OP_REGISTER_POLICY_NOTIFICATION, InformationClass, NotificationEventHandle);
}

NTSTATUS NTAPI LsaUnregisterPolicyChangeNotification(POLICY_NOTIFICATION_INFORMATION_CLASS InformationClass,
                                                     HANDLE NotificationEventHandle)
{
    TRACE("%d %p", (int)InformationClass, NotificationEventHandle);
    return policy_notification(LSA_OP_UNREGISTER_POLICY_NOTIFICATION, InformationClass, NotificationEventHandle);
}

/* Private export: lets tests and tools tell our secur32.dll from the host's. */
const char *WINAPI lsaemu_version(void)
{
    return "lsaemu " LSAEMU_VERSION_STRING;
}
