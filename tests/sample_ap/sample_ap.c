/* A third-party authentication package, built as its own DLL and loaded by the LSA core from the registry's
 * "Authentication Packages" list. Initialisation and the two call entry points; logon is in sample_ap_logon.c.
 * Written only against ntsecpkg.h, like any vendor's AP. */
#include "sample_ap_internal.h"

#include <string.h>

const LSA_SECPKG_FUNCTION_TABLE *sample_lsa;

NTSTATUS NTAPI LsaApInitializePackage(ULONG package_id, PLSA_DISPATCH_TABLE dispatch, PLSA_STRING database,
                                      PLSA_STRING confidentiality, PLSA_STRING *package_name)
{
    static const char name[] = SAMPLE_AP_NAME;
    PLSA_STRING s;

    (void)package_id;
    (void)database;
    (void)confidentiality;
    /* The LSA passes its whole LSA_SECPKG_FUNCTION_TABLE; GetClientInfo lies past the dispatch table part. */
    sample_lsa = (const LSA_SECPKG_FUNCTION_TABLE *)dispatch;
    if (!(s = sample_lsa->AllocateLsaHeap(sizeof(*s))))
        return STATUS_NO_MEMORY;
    if (!(s->Buffer = sample_lsa->AllocateLsaHeap(sizeof(name)))) {
        sample_lsa->FreeLsaHeap(s);
        return STATUS_NO_MEMORY;
    }
    memcpy(s->Buffer, name, sizeof(name));
    s->Length = sizeof(name) - 1;
    s->MaximumLength = sizeof(name);
    *package_name = s;
    return STATUS_SUCCESS;
}

static NTSTATUS echo(PLSA_CLIENT_REQUEST request, ULONG entry, PVOID client_base, ULONG len, PVOID *ret,
                     PULONG ret_len)
{
    SAMPLE_AP_ECHO_RESPONSE *resp;
    SECPKG_CLIENT_INFO info;
    ULONG size = sizeof(*resp) + len;
    BYTE *image, *client = NULL;
    NTSTATUS status;

    memset(&info, 0, sizeof(info));
    if ((status = sample_lsa->GetClientInfo(&info)) != STATUS_SUCCESS)
        return status;
    if (!(image = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size)))
        return STATUS_NO_MEMORY;
    resp = (SAMPLE_AP_ECHO_RESPONSE *)image;
    /* Read the request back from the client by its client address, not from the copy we were handed. */
    status = sample_lsa->CopyFromClientBuffer(request, len, image + sizeof(*resp), client_base);
    if (status == STATUS_SUCCESS)
        status = sample_lsa->AllocateClientBuffer(request, size, (PVOID *)&client);
    if (status == STATUS_SUCCESS) {
        resp->EntryPoint = entry;
        resp->ProcessId = info.ProcessID;
        resp->ThreadId = info.ThreadID;
        resp->HasTcbPrivilege = info.HasTcbPrivilege;
        resp->LogonId = info.LogonId;
        resp->SubmitLength = len;
        resp->Submit = client + sizeof(*resp);
        status = sample_lsa->CopyToClientBuffer(request, size, client, image);
        if (status != STATUS_SUCCESS)
            sample_lsa->FreeClientBuffer(request, client);
    }
    HeapFree(GetProcessHeap(), 0, image);
    if (status == STATUS_SUCCESS) {
        *ret = client;
        *ret_len = size;
    }
    return status;
}

static NTSTATUS call(PLSA_CLIENT_REQUEST request, ULONG entry, PVOID submit, PVOID client_base, ULONG len,
                     PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    SAMPLE_AP_CALL_REQUEST req;
    NTSTATUS status;

    *ret = NULL;
    *ret_len = 0;
    *protocol_status = STATUS_SUCCESS;
    if (!submit || len < sizeof(req)) {
        *protocol_status = STATUS_INVALID_PARAMETER;
        return STATUS_INVALID_PARAMETER;
    }
    memcpy(&req, submit, sizeof(req));
    switch (req.MessageType) {
    case SAMPLE_AP_ECHO:
        status = echo(request, entry, client_base, len, ret, ret_len);
        *protocol_status = status;
        return status;
    case SAMPLE_AP_SET_PROTOCOL_STATUS:
        *protocol_status = (NTSTATUS)req.Value;
        return STATUS_SUCCESS;
    case SAMPLE_AP_RETURN_STATUS:
        *protocol_status = (NTSTATUS)req.Value;
        return (NTSTATUS)req.Value;
    default:
        *protocol_status = STATUS_INVALID_PARAMETER;
        return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS NTAPI LsaApCallPackage(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base, ULONG len,
                                PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    return call(request, SAMPLE_AP_ENTRY_TRUSTED, submit, client_base, len, ret, ret_len, protocol_status);
}

NTSTATUS NTAPI LsaApCallPackageUntrusted(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base, ULONG len,
                                         PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    return call(request, SAMPLE_AP_ENTRY_UNTRUSTED, submit, client_base, len, ret, ret_len, protocol_status);
}
