/* The network half of MSV1_0 LsaApLogonUserEx2: MsV1_0Lm20Logon / MsV1_0NetworkLogon with MSV1_0_LM20_LOGON.
 *
 * Statuses, in the order decided (after the message type):
 *   STATUS_INVALID_LOGON_TYPE    a logon type other than Network (the structure carries a challenge response, which
 *                                only a network logon consumes)
 *   STATUS_INVALID_PARAMETER     malformed buffer (msv1_0_lm20_submit.h)
 *   STATUS_NO_LOGON_SERVERS      a domain that is not this computer's, with MSV1_0_TRY_SPECIFIED_DOMAIN_ONLY; without
 *                                that flag another domain name is served from the local accounts, as a workgroup
 *                                Windows machine does for network logons
 *   STATUS_LOGON_FAILURE         MSV1_0_TRY_GUEST_ACCOUNT_ONLY (there is no guest account); unknown user; no response
 *                                matches (wrong password, another challenge, malformed response, LM-only, NTLMv1
 *                                at LmCompatibilityLevel 5); a
 *                                challenge issued by MsV1_0Lm20ChallengeRequest and already used (replay)
 *   STATUS_ACCOUNT_LOCKED_OUT    the account is locked out, whatever the response (not counted; a right one still
 *                                uses up its challenge)
 *   STATUS_INTERNAL_DB_CORRUPTION / STATUS_INTERNAL_DB_ERROR   accounts file malformed / unreadable, or (DB_ERROR)
 *                                not writable under a lockout policy (msv1_0_persist.h)
 * Failed verifications of a known account count as bad passwords; successful ones update the logon statistics only
 * with MSV1_0_UPDATE_LOGON_STATISTICS, as on Windows, and only once the account restrictions have passed (the
 * caller records them: result->update_statistics). Other ParameterControl flags change nothing here (see
 * docs/packages.md). */
#ifndef LSAEMU_PACKAGES_MSV1_0_NETWORK_LOGON_H
#define LSAEMU_PACKAGES_MSV1_0_NETWORK_LOGON_H

#include "pkg_win.h"

#include "msv1_0_accounts.h"
#include "msv1_0_machine.h"
#include "msv1_0_network.h"

/* On success *account is the account (the caller wipes it) and *result the keys and flags (the caller wipes it). */
NTSTATUS msv1_0_network_authenticate(SECURITY_LOGON_TYPE logon_type, PVOID submit, PVOID client_base,
                                     ULONG submit_len, const msv1_0_machine *machine, msv1_0_account *account,
                                     msv1_0_network_result *result);

#endif
