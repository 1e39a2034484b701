/* Kerberos ticket logons: KERB_TICKET_LOGON and KERB_TICKET_UNLOCK_LOGON (both pointer dialects). A service ticket
 * for this machine's account (kerb_machine.h) is opened with the machine's key and checked (k5p_open_ticket); its
 * client becomes the logon's user, with the names, token and primary credential every Kerberos logon reports
 * (kerb_logon_parts.h). A forwarded TGT sent along as a KRB-CRED (clear, or encrypted in the service ticket's session
 * key) starts the new session's ticket cache, so the session gets service tickets with it; without one the session
 * has no Kerberos cache (Windows: "the logon is only good for the local machine"). The profile is a
 * KERB_TICKET_PROFILE: the KERB_INTERACTIVE_PROFILE of a password logon (LogonTime the ticket's authtime, LogonServer
 * empty: no KDC was asked) and SessionKey the service ticket's session key.
 *
 * Statuses, in the order they are decided (docs/packages.md "Ticket logons" gives the reasons):
 *   STATUS_INVALID_LOGON_TYPE   KerbTicketLogon with a logon type a password logon does not serve either (Proxy,
 *                               NewCredentials, Unlock, the Cached* types); KerbTicketUnlockLogon with any but Unlock
 *   STATUS_INVALID_PARAMETER    buffer shorter than the structure; ServiceTicket empty or not inside the buffer;
 *                               TicketGrantingTicket not inside it; a ServiceTicket that is not a Ticket; a
 *                               TicketGrantingTicket that is not a KRB-CRED, holds no TGT, or holds tickets of
 *                               another client than the service ticket's
 *   STATUS_NO_TRUST_LSA_SECRET  no machine account configured (kerb_machine_load)
 *   SEC_E_WRONG_PRINCIPAL       a ticket for another server than the machine account (KRB_AP_ERR_NOT_US)
 *   SEC_E_ETYPE_NOT_SUPP        the machine has no key of the ticket's enctype (and kvno), or the ticket's session
 *                               key is of an enctype the package lacks (or not of its size)
 *   STATUS_LOGON_FAILURE        the ticket does not decrypt under the machine's key, or its encrypted part is not
 *                               an EncTicketPart (tampered: KRB_AP_ERR_MODIFIED / BAD_INTEGRITY)
 *   STATUS_TIME_DIFFERENCE_AT_DC   expired (past endtime + the clock skew, unless Flags has
 *                               KERB_LOGON_FLAG_ALLOW_EXPIRED_TICKET), not yet valid, or flagged INVALID
 *                               (KRB_AP_ERR_TKT_EXPIRED / TKT_NYV)
 *   SEC_E_DECRYPT_FAILURE       the TicketGrantingTicket is encrypted and the session key does not open it
 *   STATUS_INTERNAL_DB_CORRUPTION / STATUS_INTERNAL_DB_ERROR / STATUS_NO_MEMORY   as a password logon
 * The clock skew is Windows' SkewTime (HKLM\SYSTEM\CurrentControlSet\Control\Lsa\Kerberos\Parameters, REG_DWORD,
 * minutes; 5 when absent). */
#ifndef LSAEMU_PACKAGES_KERB_LOGON_TICKET_H
#define LSAEMU_PACKAGES_KERB_LOGON_TICKET_H

#include "pkg_win.h"

/* LsaApLogonUserEx2 for MessageType KerbTicketLogon / KerbTicketUnlockLogon (type), its outputs already cleared. */
NTSTATUS kerb_logon_ticket(PLSA_CLIENT_REQUEST request, ULONG type, SECURITY_LOGON_TYPE logon_type, PVOID submit,
                           PVOID client_base, ULONG submit_len, PVOID *profile, PULONG profile_len, PLUID logon_id,
                           PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token, PUNICODE_STRING *account_name,
                           PUNICODE_STRING *authority, PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary);

#endif
