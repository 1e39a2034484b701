/* The secur32 LSA exports. Each clears its outputs on entry the way Windows does (return-buffer pointer NULL, length
 * 0, ProtocolStatus success), so callers never read garbage, then checks every argument it can before anything is
 * sent (a refused call has done nothing), then marshals the call for the LSA core.
 *
 * Windows dereferences a NULL out-parameter and faults; a DLL inside someone else's process should not, so NULL
 * out-parameters give STATUS_INVALID_PARAMETER instead, and the caller's memory is read only through
 * lsa_client_memory.h: a buffer it cannot back gives STATUS_ACCESS_VIOLATION (docs/design.md, "Client memory"). */
#include "lsa_client.h"
#include "lsa_transport.h"
#include "lsa_client_memory.h"
#include "lsa_trace.h"
#include "lsaemu/lsaemu.h"

#include <string.h>

/* Logon process, package and origin names: Windows' LSA refuses more than 127 characters with STATUS_NAME_TOO_LONG
 * (the core's limit too); checked on the length alone, before the text is read. */
#define CLIENT_MAX_NAME 127u

/* A caller's LSA_STRING name as wire bytes: the structure and its text checked readable, the length first. A NULL
 * Buffer with a non-zero Length is STATUS_INVALID_PARAMETER. */
static NTSTATUS name_bytes(const LSA_STRING *caller_name, lsa_wire_bytes *out)
{
    LSA_STRING s;
    NTSTATUS st = lsa_client_read(&s, caller_name, sizeof(s));
    out->data = NULL;
    out->len = 0;
    if (st != STATUS_SUCCESS)
        return st;
    if (s.Length > CLIENT_MAX_NAME)
        return STATUS_NAME_TOO_LONG;
    if (!s.Buffer) /* an empty name */
        return s.Length ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
    if ((st = lsa_client_check_read(s.Buffer, s.Length)) != STATUS_SUCCESS)
        return st;
    out->data = (const uint8_t *)s.Buffer;
    out->len = s.Length;
    return STATUS_SUCCESS;
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
    if (!LogonProcessName || !LsaHandle || !SecurityMode)
        return STATUS_INVALID_PARAMETER;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_REGISTER_LOGON_PROCESS;
    if ((st = name_bytes(LogonProcessName, &req.u.register_lp.name)) != STATUS_SUCCESS)
        return st;
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
    if (!PackageName || !AuthenticationPackage)
        return STATUS_INVALID_PARAMETER;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_LOOKUP_PACKAGE;
    req.u.lookup.handle = handle_to_wire(LsaHandle);
    if ((st = name_bytes(PackageName, &req.u.lookup.name)) != STATUS_SUCCESS)
        return st;
    st = lsa_client_call(&req, &rep);
    if (st == STATUS_SUCCESS)
        *AuthenticationPackage = rep.u.lookup.package_id;
    return st;
}

/* One LocalGroups SID, read from the caller: its fixed part, then the sub-authorities its count announces. */
static NTSTATUS read_sid(const void *caller_sid, uint8_t sid[LSA_WIRE_MAX_SID], uint32_t *len)
{
    NTSTATUS st;
    if (!caller_sid)
        return STATUS_INVALID_SID;
    if ((st = lsa_client_read(sid, caller_sid, 8)) != STATUS_SUCCESS)
        return st;
    if (sid[0] != SID_REVISION || sid[1] > SID_MAX_SUB_AUTHORITIES)
        return STATUS_INVALID_SID;
    *len = 8u + 4u * sid[1];
    return lsa_client_read(sid + 8, (const uint8_t *)caller_sid + 8, *len - 8u);
}

/* LocalGroups go on the wire as validated SIDs; a malformed list is refused here, in the caller's process. The count
 * is checked first, then the whole array is checked readable before any entry is used. */
static NTSTATUS encode_local_groups(const TOKEN_GROUPS *groups, lsa_wbuf *out, uint32_t *count)
{
    DWORD n;
    NTSTATUS st;
    *count = 0;
    if (!groups)
        return STATUS_SUCCESS;
    if ((st = lsa_client_read(&n, &groups->GroupCount, sizeof(n))) != STATUS_SUCCESS)
        return st;
    if (n > LSA_WIRE_MAX_GROUPS)
        return STATUS_INVALID_PARAMETER;
    if ((st = lsa_client_check_read(groups->Groups, (size_t)n * sizeof(SID_AND_ATTRIBUTES))) != STATUS_SUCCESS)
        return st;
    for (DWORD i = 0; i < n; i++) {
        SID_AND_ATTRIBUTES entry;
        uint8_t sid[LSA_WIRE_MAX_SID];
        uint32_t sid_len = 0;
        if ((st = lsa_client_read(&entry, &groups->Groups[i], sizeof(entry))) != STATUS_SUCCESS)
            return st;
        if ((st = read_sid(entry.Sid, sid, &sid_len)) != STATUS_SUCCESS)
            return st;
        if (lsa_wire_append_group(out, sid, sid_len, entry.Attributes) != LSA_WIRE_OK)
            return out->error == LSA_WIRE_NOMEM ? STATUS_NO_MEMORY : STATUS_INVALID_PARAMETER;
    }
    *count = n;
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
    TOKEN_SOURCE source;
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
        !SubStatus || (AuthenticationInformationLength && !AuthenticationInformation) ||
        AuthenticationInformationLength > LSA_WIRE_MAX_SUBMIT)
        return STATUS_INVALID_PARAMETER;

    memset(&req, 0, sizeof(req));
    if ((st = name_bytes(OriginName, &req.u.logon.origin)) != STATUS_SUCCESS ||
        (st = lsa_client_check_read(AuthenticationInformation, AuthenticationInformationLength)) != STATUS_SUCCESS ||
        (st = lsa_client_read(&source, SourceContext, sizeof(source))) != STATUS_SUCCESS)
        return st;
    lsa_wbuf_init(&groups, LSA_WIRE_MAX_GROUPS * (LSA_WIRE_MAX_SID + 8u));
    st = encode_local_groups(LocalGroups, &groups, &req.u.logon.group_count);
    if (st != STATUS_SUCCESS) {
        lsa_wbuf_free(&groups);
        return st;
    }
    req.hdr.op = LSA_OP_LOGON_USER;
    req.u.logon.handle = handle_to_wire(LsaHandle);
    req.u.logon.logon_type = (uint32_t)LogonType;
    req.u.logon.package_id = AuthenticationPackage;
    req.u.logon.client_base = (uint64_t)(uintptr_t)AuthenticationInformation;
    req.u.logon.auth.data = AuthenticationInformation;
    req.u.logon.auth.len = AuthenticationInformationLength;
    req.u.logon.has_local_groups = LocalGroups != NULL;
    req.u.logon.groups.data = groups.data;
    req.u.logon.groups.len = (uint32_t)groups.len;
    memcpy(req.u.logon.source_name, source.SourceName, sizeof(req.u.logon.source_name));
    req.u.logon.source_id.low = source.SourceIdentifier.LowPart;
    req.u.logon.source_id.high = source.SourceIdentifier.HighPart;

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
    /* Refused before anything is sent: a package must never act (change a password, purge tickets) on a call whose
     * answer has nowhere to go. */
    if (!ProtocolReturnBuffer || !ReturnBufferLength || !ProtocolStatus || SubmitBufferLength > LSA_WIRE_MAX_SUBMIT)
        return STATUS_INVALID_PARAMETER;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_CALL_PACKAGE;
    req.u.call.handle = handle_to_wire(LsaHandle);
    req.u.call.package_id = AuthenticationPackage;
    req.u.call.client_base = (uint64_t)(uintptr_t)ProtocolSubmitBuffer;
    /* A NULL or empty buffer travels as empty: the core checks the handle and the package first, as Windows does. */
    if (ProtocolSubmitBuffer) {
        if ((st = lsa_client_check_read(ProtocolSubmitBuffer, SubmitBufferLength)) != STATUS_SUCCESS)
            return st;
        req.u.call.submit.data = ProtocolSubmitBuffer;
        req.u.call.submit.len = SubmitBufferLength;
    }
    st = lsa_client_call(&req, &rep);
    if (!NT_SUCCESS(st)) {
        /* The package's ProtocolStatus travels with a failed call too (never a buffer); a reply that never came is
         * zeroed by lsa_client_call, so this stays STATUS_SUCCESS then. */
        *ProtocolStatus = (NTSTATUS)rep.u.call.protocol_status;
        return st;
    }
    *ProtocolReturnBuffer = (PVOID)(uintptr_t)rep.u.call.buffer;
    *ReturnBufferLength = rep.u.call.length;
    *ProtocolStatus = (NTSTATUS)rep.u.call.protocol_status;
    return st;
}

NTSTATUS NTAPI LsaFreeReturnBuffer(PVOID Buffer)
{
    const lsa_transport *transport = lsa_transport_get();
    lsa_wire_request req;
    lsa_wire_reply rep;
    TRACE("%p", Buffer);
    /* A buffer the server transport placed in this process is freed here, as Windows frees return buffers in the
     * caller's process; any other address is the core's to judge. */
    if (Buffer && transport->free_local && transport->free_local(Buffer))
        return STATUS_SUCCESS;
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
    LUID id;
    NTSTATUS st;
    TRACE("%p %p", (void *)LogonId, (void *)ppLogonSessionData);
    if (ppLogonSessionData)
        *ppLogonSessionData = NULL;
    if (!LogonId || !ppLogonSessionData)
        return STATUS_INVALID_PARAMETER;
    if ((st = lsa_client_read(&id, LogonId, sizeof(id))) != STATUS_SUCCESS)
        return st;
    memset(&req, 0, sizeof(req));
    req.hdr.op = LSA_OP_GET_SESSION_DATA;
    req.u.session_data.logon_id.low = id.LowPart;
    req.u.session_data.logon_id.high = id.HighPart;
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
