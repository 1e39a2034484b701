/* MSV1_0 LsaApCallPackage / LsaApCallPackageUntrusted / LsaApCallPackagePassthrough.
 *
 * Every documented MSV1_0_PROTOCOL_MESSAGE_TYPE gets a definite answer (table in docs/packages.md):
 *   STATUS_INVALID_PARAMETER  buffer shorter than a message type, or a type past the documented enumeration
 *   STATUS_ACCESS_DENIED      untrusted caller, any message but MsV1_0ChangePassword (on Windows the only one open
 *                             to untrusted callers; the others need a trusted logon process or SeTcbPrivilege)
 *   implemented               Lm20ChallengeRequest (msv1_0_lm20_challenge.c), Lm20GetChallengeResponse
 *                             (msv1_0_msg_gcr.c), ChangePassword
 *                             (msv1_0_msg_password.c), EnumerateUsers and GetUserInfo (msv1_0_msg_sessions.c),
 *                             SetProcessOption and SetThreadOption (msv1_0_msg_options.c), ClearCachedCredentials
 *                             (no domain logon cache: nothing to clear, STATUS_SUCCESS)
 *   STATUS_NOT_SUPPORTED      every other documented message: they need a domain logon cache, a domain controller,
 *                             DPAPI keys (the SHA-1 OWF of the clear-text password) or undocumented layouts
 *                             (ReLogonUsers is unsupported on Windows too); docs/packages.md gives each reason
 * and lsaemu's own LSAEMU_MSV1_0_FLUSH_ACCOUNTS (include/lsaemu/lsaemu_msv1_0.h, msv1_0_msg_flush.c), a number past
 * the enumeration, refused to untrusted callers like the trusted-only messages above.
 * Failures are returned and also stored in ProtocolStatus; ChangePassword sets ProtocolStatus itself. */
#include "pkg_win.h"

#include "lsaemu/lsaemu_msv1_0.h"
#include "msv1_0_lm20.h"
#include "msv1_0_msg_flush.h"
#include "msv1_0_msg_gcr.h"
#include "msv1_0_msg_options.h"
#include "msv1_0_msg_password.h"
#include "msv1_0_msg_sessions.h"
#include "msv1_0_package.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

/* One past the last documented message (MsV1_0DeleteTbalSecrets), spelled as a number because older headers stop
 * the enumeration earlier. */
#define MSV1_0_MESSAGE_END 25

static const char *const message_names[MSV1_0_MESSAGE_END] = {
    "Lm20ChallengeRequest", "Lm20GetChallengeResponse", "EnumerateUsers", "GetUserInfo", "ReLogonUsers",
    "ChangePassword", "ChangeCachedPassword", "GenericPassthrough", "CacheLogon", "SubAuth", "DeriveCredential",
    "CacheLookup", "SetProcessOption", "ConfigLocalAliases", "ClearCachedCredentials", "LookupToken",
    "ValidateAuth", "CacheLookupEx", "GetCredentialKey", "SetThreadOption", "DecryptDpapiMasterKey",
    "GetStrongCredentialKey", "TransferCred", "ProvisionTbal", "DeleteTbalSecrets",
};

static NTSTATUS dispatch(PLSA_CLIENT_REQUEST request, BOOL trusted, PVOID submit, PVOID client_base, ULONG submit_len,
                         PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    NTSTATUS status;
    ULONG type;

    *ret = NULL;
    *ret_len = 0;
    *protocol_status = STATUS_SUCCESS;
    status = pkg_submit_message_type(submit, submit_len, &type);
    if (status == STATUS_SUCCESS && type == LSAEMU_MSV1_0_FLUSH_ACCOUNTS && !trusted) {
        pkg_warn(MSV1_0_TRACE, "lsaemu's FlushAccounts refused to an untrusted caller");
        status = STATUS_ACCESS_DENIED;
    } else if (status == STATUS_SUCCESS && type == LSAEMU_MSV1_0_FLUSH_ACCOUNTS) {
        status = msv1_0_msg_flush_accounts();
    } else if (status == STATUS_SUCCESS && type >= MSV1_0_MESSAGE_END) {
        pkg_warn(MSV1_0_TRACE, "unknown protocol message %lu", (unsigned long)type);
        status = STATUS_INVALID_PARAMETER;
    } else if (status == STATUS_SUCCESS && !trusted && type != MsV1_0ChangePassword) {
        pkg_warn(MSV1_0_TRACE, "MsV1_0%s refused to an untrusted caller", message_names[type]);
        status = STATUS_ACCESS_DENIED;
    } else if (status == STATUS_SUCCESS && type == MsV1_0ChangePassword) {
        /* Sets ProtocolStatus itself: a processed request succeeds, its outcome goes to ProtocolStatus. */
        status = msv1_0_msg_change_password(request, submit, client_base, submit_len, ret, ret_len, protocol_status);
        if (status != STATUS_SUCCESS)
            *protocol_status = status;
        return status;
    } else if (status == STATUS_SUCCESS && type == MsV1_0EnumerateUsers) {
        status = msv1_0_msg_enumerate_users(request, ret, ret_len);
    } else if (status == STATUS_SUCCESS && type == MsV1_0GetUserInfo) {
        status = msv1_0_msg_get_user_info(request, submit, submit_len, ret, ret_len);
    } else if (status == STATUS_SUCCESS && type == MsV1_0Lm20ChallengeRequest) {
        status = msv1_0_lm20_challenge_request(request, ret, ret_len);
    } else if (status == STATUS_SUCCESS && type == MsV1_0Lm20GetChallengeResponse) {
        status = msv1_0_msg_get_challenge_response(request, submit, client_base, submit_len, ret, ret_len);
    } else if (status == STATUS_SUCCESS && type == MsV1_0SetProcessOption) {
        status = msv1_0_msg_set_process_option(submit, submit_len);
    } else if (status == STATUS_SUCCESS && type == MsV1_0SetThreadOption) {
        status = msv1_0_msg_set_thread_option(submit, submit_len);
    } else if (status == STATUS_SUCCESS && type == MsV1_0ClearCachedCredentials) {
        status = STATUS_SUCCESS; /* no domain logon cache here: nothing to clear, as on a machine that never cached */
    } else if (status == STATUS_SUCCESS) {
        pkg_warn(MSV1_0_TRACE, "MsV1_0%s not supported", message_names[type]);
        status = STATUS_NOT_SUPPORTED;
    }
    *protocol_status = status;
    return status;
}

NTSTATUS NTAPI msv1_0_call_package(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base, ULONG submit_len,
                                   PVOID *ret, PULONG ret_len, PNTSTATUS protocol_status)
{
    return dispatch(request, TRUE, submit, client_base, submit_len, ret, ret_len, protocol_status);
}

NTSTATUS NTAPI msv1_0_call_package_untrusted(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base,
                                             ULONG submit_len, PVOID *ret, PULONG ret_len,
                                             PNTSTATUS protocol_status)
{
    return dispatch(request, FALSE, submit, client_base, submit_len, ret, ret_len, protocol_status);
}

/* Passthrough requests arrive from another machine's MSV1_0 through a domain controller; a workstation never
 * serves them. */
NTSTATUS NTAPI msv1_0_call_package_passthrough(PLSA_CLIENT_REQUEST request, PVOID submit, PVOID client_base,
                                               ULONG submit_len, PVOID *ret, PULONG ret_len,
                                               PNTSTATUS protocol_status)
{
    return dispatch(request, TRUE, submit, client_base, submit_len, ret, ret_len, protocol_status);
}
