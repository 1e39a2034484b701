/* Negotiate LsaApCallPackage / LsaApCallPackageUntrusted.
 *
 * Messages (enum NEGOTIATE_MESSAGES):
 *   NegGetCallerName        implemented (nego_caller_name.c); open to untrusted callers, as .NET calls it on an
 *                           LsaConnectUntrusted handle
 *   NegTransferCredentials  STATUS_ACCESS_DENIED to untrusted callers (it moves credentials between sessions);
 *                           STATUS_NOT_SUPPORTED otherwise: there are no credentials to move yet
 *   NegEnumPackagePrefixes, NegMsgReserved1   STATUS_NOT_SUPPORTED (needs the SSPI side, a later issue)
 *   buffer shorter than a message type, or a type >= NegCallPackageMax   returned STATUS_INVALID_PARAMETER
 * Dispatch failures are returned (and mirrored in ProtocolStatus); a dispatched message's outcome goes in
 * ProtocolStatus with STATUS_SUCCESS returned, as .NET's reading of NegGetCallerName expects. */
#include "pkg_win.h"

#include "nego_package.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

static NTSTATUS dispatch(PLSA_CLIENT_REQUEST request, BOOL trusted, PVOID submit, ULONG len, PVOID *ret,
                         PULONG ret_len, PNTSTATUS protocol_status)
{
    NTSTATUS status;
    ULONG type;

    *ret = NULL;
    *ret_len = 0;
    *protocol_status = STATUS_SUCCESS;
    if ((status = pkg_submit_message_type(submit, len, &type)) == STATUS_SUCCESS && type >= NegCallPackageMax)
        status = STATUS_INVALID_PARAMETER;
    if (status == STATUS_SUCCESS && type != NegGetCallerName)
        status = type == NegTransferCredentials && !trusted ? STATUS_ACCESS_DENIED : STATUS_NOT_SUPPORTED;
    if (status != STATUS_SUCCESS) {
        pkg_warn(NEGO_TRACE, "request of %lu bytes, type %lu: 0x%08lx", (unsigned long)len, (unsigned long)type,
                 (unsigned long)status);
        *protocol_status = status;
        return status;
    }
    status = nego_get_caller_name(request, trusted, submit, len, ret, ret_len);
    *protocol_status = status;
    switch (status) {
    case STATUS_SUCCESS:
    case STATUS_INVALID_PARAMETER:
    case STATUS_ACCESS_DENIED:
    case STATUS_NO_SUCH_LOGON_SESSION:
        return STATUS_SUCCESS;
    default:
        return status; /* internal failure: impersonation, memory, client buffer */
    }
}

NTSTATUS NTAPI nego_call_package(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base, ULONG submit_len,
                                 PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    (void)client_base;
    return dispatch(request, TRUE, submit, submit_len, ret, ret_len, protocol_status);
}

NTSTATUS NTAPI nego_call_package_untrusted(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base,
                                           ULONG submit_len, PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    (void)client_base;
    return dispatch(request, FALSE, submit, submit_len, ret, ret_len, protocol_status);
}
