/* Kerberos LsaApLogonUserEx2 and LsaApLogonTerminated.
 *
 * A password logon (KERB_INTERACTIVE_LOGON, KERB_INTERACTIVE_UNLOCK_LOGON; both pointer dialects) gets a TGT from
 * the realm's KDCs and makes a logon session whose ticket cache holds it. Statuses, in the order they are decided:
 *   STATUS_INVALID_PARAMETER     buffer shorter than a MessageType
 *   STATUS_BAD_VALIDATION_CLASS  a MessageType that is not a KDC logon (unknown, or KerbNoElevationLogon /
 *                                KerbLuidLogon, which only the LSA itself issues)
 *   STATUS_NO_LOGON_SERVERS      the smart-card, certificate and proxy logons (they need a KDC protocol this
 *                                package does not speak: PKINIT)
 *   KERB_S4U_LOGON               kerb_logon_s4u.h
 *   KERB_TICKET_LOGON, KERB_TICKET_UNLOCK_LOGON   kerb_logon_ticket.h
 *   STATUS_INVALID_LOGON_TYPE / STATUS_INVALID_PARAMETER   as kerb_logon_submit.h reads the request
 *   STATUS_NO_LOGON_SERVERS      no realm for the logon domain (kerb_config.h), or no KDC of it answered; Negotiate
 *                                then tries MSV1_0 (src/lsa/lsa_negotiate.c)
 *   STATUS_LOGON_FAILURE         a user name that names no principal; the KDC's answers as kerb_kdc.h maps them
 *                                (unknown principal, wrong password; revoked -> STATUS_ACCOUNT_RESTRICTION with the
 *                                SubStatus it gives, ...)
 *   STATUS_INTERNAL_DB_CORRUPTION / STATUS_INTERNAL_DB_ERROR   the accounts file that maps users is malformed or
 *                                unreadable (kerb_account.h)
 * On success: a new logon session whose cache starts with the TGT (kerb_cache_start_session), the profile
 * (kerb_profile.h), token information V1 (kerb_token.h), AccountName (the mapped local account's spelling, else the
 * user name), AuthenticatingAuthority and MachineName the realm's first label (NetBIOS-style, as Windows names a
 * domain), and the primary credential: LogonId, DownlevelName, DomainName, UserSid, LogonServer (the KDC host that
 * answered), DnsDomainName (the realm) and Upn (user@realm), which LsaGetLogonSessionData reports. The password is
 * never logged and is wiped once the KDC exchange is over. On failure nothing is left: no session, no cache, no
 * profile, no credential. */
#include "pkg_win.h"

#include <string.h>

#include "kerb_account.h"
#include "kerb_cache.h"
#include "kerb_kdc.h"
#include "kerb_logon_parts.h"
#include "kerb_logon_s4u.h"
#include "kerb_logon_submit.h"
#include "kerb_logon_ticket.h"
#include "kerb_package.h"
#include "kerb_profile.h"
#include "pkg_logon.h"
#include "pkg_submit.h"
#include "pkg_trace.h"

/* The KDC exchange with an aligned, wiped copy of the password. */
static NTSTATUS get_tgt(const kerb_realm_info *realm, const kerb_logon_request *req, kerb_tgt_result *tgt,
                        NTSTATUS *sub_status)
{
    size_t chars = req->password.bytes / sizeof(WCHAR);
    WCHAR *password = HeapAlloc(GetProcessHeap(), 0, (chars + 1) * sizeof(WCHAR));
    NTSTATUS status;

    if (!password)
        return STATUS_NO_MEMORY;
    if (chars)
        memcpy(password, req->password.data, chars * sizeof(WCHAR));
    password[chars] = 0;
    status = kerb_kdc_get_tgt(realm, req->user_utf8, password, chars, tgt, sub_status);
    /* LsaLogonUser sets SubStatus only for STATUS_ACCOUNT_RESTRICTION (as MSV1_0 here): the KDC's finer reason for a
     * STATUS_LOGON_FAILURE (no such user, wrong password) must not tell a caller which names exist. */
    if (status != STATUS_ACCOUNT_RESTRICTION)
        *sub_status = STATUS_SUCCESS;
    SecureZeroMemory(password, (chars + 1) * sizeof(WCHAR));
    HeapFree(GetProcessHeap(), 0, password);
    return status;
}

static NTSTATUS build_outputs(PLSA_CLIENT_REQUEST request, const kerb_realm_info *realm, const kerb_tgt_result *tgt,
                              const kerb_account *mapped, const kerb_logon_names *n, pkg_logon_out *o)
{
    LONGLONG logon_time;
    NTSTATUS status;

    if ((status = kerb_logon_identity(n, mapped, o)) != STATUS_SUCCESS)
        return status;
    if ((status = kerb_cache_start_session(&o->logon_id, realm, tgt)) != STATUS_SUCCESS) {
        pkg_err(KERB_TRACE, "the session's ticket cache could not be started: 0x%08lx", (unsigned long)status);
        return status;
    }
    logon_time = ((LONGLONG)tgt->tgt.authtime + KERB_EPOCH_DIFFERENCE) * 10000000LL;
    return kerb_profile_build(kerb_lsa, request, mapped, logon_time, n->server, &o->profile, &o->profile_len);
}

static NTSTATUS password_logon(PLSA_CLIENT_REQUEST request, ULONG type, SECURITY_LOGON_TYPE logon_type,
                               PVOID submit, PVOID client_base, ULONG submit_len, PNTSTATUS sub_status,
                               pkg_logon_out *o, PSECPKG_PRIMARY_CRED primary)
{
    kerb_logon_request req;
    kerb_realm_info *realm;
    kerb_tgt_result tgt;
    kerb_account *mapped;
    kerb_logon_names names;
    NTSTATUS status;

    if ((status = kerb_logon_submit_read(type, logon_type, submit, submit_len, client_base, &req)))
        return status;
    realm = HeapAlloc(GetProcessHeap(), 0, sizeof(*realm));
    mapped = HeapAlloc(GetProcessHeap(), 0, sizeof(*mapped));
    if (!realm || !mapped) {
        HeapFree(GetProcessHeap(), 0, realm);
        HeapFree(GetProcessHeap(), 0, mapped);
        return STATUS_NO_MEMORY;
    }
    memset(&tgt, 0, sizeof(tgt));
    status = kerb_config_find_realm(req.domain, wcslen(req.domain), realm);
    if (status == STATUS_NOT_FOUND) {
        pkg_warn(KERB_TRACE, "no realm with a KDC for the logon domain");
        status = STATUS_NO_LOGON_SERVERS;
    }
    if (status == STATUS_SUCCESS && !req.user_valid)
        status = STATUS_LOGON_FAILURE;
    if (status == STATUS_SUCCESS && (status = get_tgt(realm, &req, &tgt, sub_status)) != STATUS_SUCCESS)
        pkg_warn(KERB_TRACE, "no TGT: 0x%08lx, SubStatus 0x%08lx", (unsigned long)status,
                 (unsigned long)*sub_status);
    if (status == STATUS_SUCCESS) {
        status = kerb_account_find(req.user_utf8, mapped);
        if (status == STATUS_SUCCESS || status == STATUS_NO_SUCH_USER) {
            kerb_logon_names_fill(req.user, realm, &tgt.tgt.client, tgt.kdc, status == STATUS_SUCCESS ? mapped : NULL,
                                  &names);
            status = build_outputs(request, realm, &tgt, status == STATUS_SUCCESS ? mapped : NULL, &names, o);
        }
        if (status == STATUS_SUCCESS && primary)
            status = kerb_logon_fill_primary(primary, o, &names);
    }
    kerb_tgt_result_free(&tgt);
    SecureZeroMemory(&req, sizeof(req));
    HeapFree(GetProcessHeap(), 0, realm);
    HeapFree(GetProcessHeap(), 0, mapped);
    return status;
}

NTSTATUS NTAPI kerb_logon_user_ex2(PLSA_CLIENT_REQUEST request, SECURITY_LOGON_TYPE logon_type, PVOID submit,
                                   PVOID client_base, ULONG submit_len, PVOID *profile, PULONG profile_len,
                                   PLUID logon_id, PNTSTATUS sub_status, PLSA_TOKEN_INFORMATION_TYPE token_type,
                                   PVOID *token, PUNICODE_STRING *account_name, PUNICODE_STRING *authority,
                                   PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary,
                                   PSECPKG_SUPPLEMENTAL_CRED_ARRAY *supplemental)
{
    NTSTATUS status;
    pkg_logon_out o;
    ULONG type;

    pkg_logon_clear_outputs(profile, profile_len, logon_id, sub_status, token_type, token, account_name, authority,
                            machine_name, primary, supplemental);
    if ((status = pkg_submit_message_type(submit, submit_len, &type)) != STATUS_SUCCESS)
        return status;
    switch (type) {
    case KerbInteractiveLogon:
    case KerbWorkstationUnlockLogon:
        break;
    case KerbS4ULogon:
        return kerb_logon_s4u(request, logon_type, submit, client_base, submit_len, profile, profile_len, logon_id,
                              sub_status, token_type, token, account_name, authority, machine_name, primary);
    case KerbTicketLogon:
    case KerbTicketUnlockLogon:
        return kerb_logon_ticket(request, type, logon_type, submit, client_base, submit_len, profile, profile_len,
                                 logon_id, token_type, token, account_name, authority, machine_name, primary);
    case KerbSmartCardLogon:
    case KerbSmartCardUnlockLogon:
    case KerbProxyLogon:
    case KerbCertificateLogon:
    case KerbCertificateS4ULogon:
    case KerbCertificateUnlockLogon:
        pkg_warn(KERB_TRACE, "logon MessageType %lu needs a KDC protocol not served yet", (unsigned long)type);
        return STATUS_NO_LOGON_SERVERS;
    default:
        pkg_warn(KERB_TRACE, "logon MessageType %lu not recognized", (unsigned long)type);
        return STATUS_BAD_VALIDATION_CLASS;
    }

    memset(&o, 0, sizeof(o));
    status = password_logon(request, type, logon_type, submit, client_base, submit_len, sub_status, &o, primary);
    return kerb_logon_finish(status, request, &o, profile, profile_len, logon_id, token_type, token, account_name,
                             authority, machine_name);
}

VOID NTAPI kerb_logon_terminated(PLUID logon_id)
{
    if (logon_id)
        kerb_cache_drop_session(logon_id);
}
