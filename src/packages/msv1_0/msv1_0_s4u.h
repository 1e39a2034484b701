/* MSV1_0 S4U logon (MSV1_0_S4U_LOGON, MessageType MsV1_0S4ULogon): a service asks for a token of a local account
 * without its password.
 *
 *  - UserPrincipalName names the account: "user", or "user@domain" where the suffix names this computer;
 *    DomainName is "", "." or this computer. Another domain (either place) needs a domain controller:
 *    STATUS_NO_LOGON_SERVERS, as for interactive logons.
 *  - An unknown account gives STATUS_LOGON_FAILURE with SubStatus 0: LsaLogonUser documents that status for
 *    misspelled user names, and Windows answers it for an S4U logon of an account that does not exist.
 *  - No password is checked, so nothing is counted: logon_count, last_logon and bad_password_count stay as they are.
 *  - A locked-out account (msv1_0_still_locked) gives STATUS_ACCOUNT_LOCKED_OUT, SubStatus 0, as a password logon
 *    does: S4U proves no password, so the lockout that stops guessing stops it too (Windows' SAM refuses every
 *    logon of a locked account; S4U has no password check that could come first).
 *  - Account restrictions apply as for other logons, except the password's (must change, expired: no password is
 *    used) and the logon hours, which are checked only with MSV1_0_S4U_LOGON_FLAG_CHECK_LOGONHOURS. Other Flags
 *    bits are ignored (none is documented for MSV1_0).
 *  - A caller without SeTcbPrivilege (SECPKG_CLIENT_INFO.HasTcbPrivilege) gets the logon flagged
 *    PRIMARY_CRED_LOGON_NO_TCB, which makes the LSA issue an identification token; a trusted caller gets the
 *    token of the logon type (impersonation for Network, primary otherwise).
 *  - The session keeps no credential: it cannot authenticate onward, as on Windows. */
#ifndef LSAEMU_PACKAGES_MSV1_0_S4U_H
#define LSAEMU_PACKAGES_MSV1_0_S4U_H

#include "pkg_win.h"

#include "msv1_0_accounts.h"
#include "msv1_0_machine.h"

typedef struct msv1_0_s4u_result {
    unsigned restriction_skip; /* MSV1_0_SKIP_* for msv1_0_restrictions_except */
    BOOL no_tcb;               /* the caller lacks SeTcbPrivilege: flag the logon PRIMARY_CRED_LOGON_NO_TCB */
} msv1_0_s4u_result;

/* STATUS_SUCCESS with *account filled (the caller wipes it), or the logon's failure status. */
NTSTATUS msv1_0_s4u_authenticate(const void *submit, ULONG submit_len, const void *client_base,
                                 const msv1_0_machine *machine, msv1_0_account *account, msv1_0_s4u_result *out);

#endif
