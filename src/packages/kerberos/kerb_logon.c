/* Kerberos LsaApLogonUserEx2 and LsaApLogonTerminated.
 *
 * Logon through Kerberos needs a KDC, which a later issue brings. Until then a well-formed request gets the answer
 * Windows gives when no domain controller can be reached, STATUS_NO_LOGON_SERVERS (documented for LsaLogonUser:
 * "No domain controllers are available to service the authentication request") — honest, where
 * STATUS_NOT_IMPLEMENTED would be a statement about this code rather than about the logon. Statuses:
 *   STATUS_INVALID_PARAMETER     buffer shorter than its message type or structure; a malformed string
 *                                (KERB_INTERACTIVE_LOGON / KERB_INTERACTIVE_UNLOCK_LOGON, both pointer dialects)
 *   STATUS_BAD_VALIDATION_CLASS  a MessageType that is not a KDC logon (unknown, or KerbNoElevationLogon /
 *                                KerbLuidLogon, which only the LSA itself issues)
 *   STATUS_NO_LOGON_SERVERS      every KDC logon (interactive, unlock, smart card, ticket, S4U, certificate, proxy)
 * SubStatus is STATUS_SUCCESS; no session is created and nothing is returned. */
#include "pkg_win.h"

#include <stddef.h>
#include <string.h>

#include "kerb_cache.h"
#include "kerb_package.h"
#include "pkg_logon.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

static NTSTATUS check_interactive(PVOID submit, ULONG len, PVOID base, ULONG size)
{
    static const struct {
        const char *what;
        size_t offset;
    } fields[3] = {
        {"LogonDomainName", offsetof(KERB_INTERACTIVE_LOGON, LogonDomainName)},
        {"UserName", offsetof(KERB_INTERACTIVE_LOGON, UserName)},
        {"Password", offsetof(KERB_INTERACTIVE_LOGON, Password)},
    };
    NTSTATUS status;
    pkg_wstr s;
    int i;

    if (len < size)
        return STATUS_INVALID_PARAMETER;
    for (i = 0; i < 3; i++)
        if ((status = pkg_submit_ustring(KERB_TRACE, fields[i].what, submit, len, base, fields[i].offset, &s)))
            return status;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI kerb_logon_user_ex2(PLSA_CLIENT_REQUEST request, SECURITY_LOGON_TYPE logon_type, PVOID submit,
                                   PVOID client_base, ULONG submit_len, PVOID *profile, PULONG profile_len,
                                   PLUID logon_id, PNTSTATUS sub_status, PLSA_TOKEN_INFORMATION_TYPE token_type,
                                   PVOID *token, PUNICODE_STRING *account_name, PUNICODE_STRING *authority,
                                   PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary,
                                   PSECPKG_SUPPLEMENTAL_CRED_ARRAY *supplemental)
{
    NTSTATUS status;
    ULONG type;

    (void)request;
    (void)logon_type;
    pkg_logon_clear_outputs(profile, profile_len, logon_id, sub_status, token_type, token, account_name, authority,
                            machine_name, primary, supplemental);

    if ((status = pkg_submit_message_type(submit, submit_len, &type)) != STATUS_SUCCESS)
        return status;
    switch (type) {
    case KerbInteractiveLogon:
        status = check_interactive(submit, submit_len, client_base, sizeof(KERB_INTERACTIVE_LOGON));
        break;
    case KerbWorkstationUnlockLogon:
        status = check_interactive(submit, submit_len, client_base, sizeof(KERB_INTERACTIVE_UNLOCK_LOGON));
        break;
    case KerbSmartCardLogon:
    case KerbSmartCardUnlockLogon:
    case KerbProxyLogon:
    case KerbTicketLogon:
    case KerbTicketUnlockLogon:
    case KerbS4ULogon:
    case KerbCertificateLogon:
    case KerbCertificateS4ULogon:
    case KerbCertificateUnlockLogon:
        status = STATUS_SUCCESS;
        break;
    default:
        pkg_warn(KERB_TRACE, "logon MessageType %lu not recognized", (unsigned long)type);
        return STATUS_BAD_VALIDATION_CLASS;
    }
    if (status != STATUS_SUCCESS)
        return status;
    pkg_warn(KERB_TRACE, "logon MessageType %lu needs a KDC; none is configured", (unsigned long)type);
    return STATUS_NO_LOGON_SERVERS;
}

VOID NTAPI kerb_logon_terminated(PLUID logon_id)
{
    if (logon_id)
        kerb_cache_drop_session(logon_id);
}
