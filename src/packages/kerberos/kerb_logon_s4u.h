/* Kerberos S4U logon (KERB_S4U_LOGON, both pointer dialects): a service asks for a token of a user of the realm
 * without the user's password. The machine account (kerb_machine.h) asks the KDC, with its own TGT, for a ticket to
 * itself on behalf of the user (S4U2Self, MS-SFU); the KDC's answer is what proves the user exists and may log on.
 * Statuses, in the order they are decided:
 *   STATUS_INVALID_LOGON_TYPE    a logon type other than Interactive, Network, Batch, Service, NetworkCleartext,
 *                                RemoteInteractive (as MSV1_0's S4U)
 *   STATUS_INVALID_PARAMETER     buffer shorter than KERB_S4U_LOGON, a malformed string, an empty ClientUpn
 *   STATUS_NO_TRUST_LSA_SECRET   no machine account (no keytab entry, no MachinePassword)
 *   STATUS_NO_LOGON_SERVERS      no realm with a KDC for the machine or the user's realm, a user's realm other than the
 *                                machine's (no cross-realm S4U), no KDC answered; Negotiate then tries MSV1_0
 *   STATUS_TRUSTED_RELATIONSHIP_FAILURE   the KDC refuses the machine account's keys (Windows' status for a machine
 *                                whose password the domain does not share)
 *   STATUS_LOGON_FAILURE         a user name that names no principal, a user the KDC does not know (SubStatus 0, as
 *                                MSV1_0's S4U answers), a KDC reply that does not verify
 *   STATUS_ACCOUNT_RESTRICTION   the KDC refuses the user (revoked: SubStatus STATUS_ACCOUNT_DISABLED, ...)
 * On success: a session whose cache holds the S4U2Self ticket only (no TGT, no kept key: the user's credentials
 * never came here), the names, token, profile and primary credential of kerb_logon_parts.h; for a caller without
 * SeTcbPrivilege, or with KERB_S4U_LOGON_FLAG_IDENTIFY, the logon is flagged PRIMARY_CRED_LOGON_NO_TCB and the LSA
 * issues an identification token. KERB_S4U_LOGON_FLAG_CHECK_LOGONHOURS asks for nothing more here: MIT's KDC has no
 * logon hours. */
#ifndef LSAEMU_PACKAGES_KERB_LOGON_S4U_H
#define LSAEMU_PACKAGES_KERB_LOGON_S4U_H

#include "pkg_win.h"

#include "pkg_logon.h"

/* LsaApLogonUserEx2's outputs (already cleared by the caller) for a KerbS4ULogon submit. */
NTSTATUS kerb_logon_s4u(PLSA_CLIENT_REQUEST request, SECURITY_LOGON_TYPE logon_type, PVOID submit, PVOID client_base,
                        ULONG submit_len, PVOID *profile, PULONG profile_len, PLUID logon_id, PNTSTATUS sub_status,
                        PLSA_TOKEN_INFORMATION_TYPE token_type, PVOID *token, PUNICODE_STRING *account_name,
                        PUNICODE_STRING *authority, PUNICODE_STRING *machine_name, PSECPKG_PRIMARY_CRED primary);

#endif
