/* KerbChangePasswordMessage: a user's password changed with the old one, against the realm's kpasswd server
 * (RFC 3244 over the portable frames of k5kpasswd.h). */
#ifndef LSAEMU_PACKAGES_KERB_KPASSWD_H
#define LSAEMU_PACKAGES_KERB_KPASSWD_H

#include "pkg_win.h"

/* submit is a whole KERB_CHANGEPASSWORD_REQUEST of len bytes (strings as client pointers from base, or offsets).
 * The ProtocolStatus:
 *   STATUS_SUCCESS                 the server changed the password
 *   STATUS_INVALID_PARAMETER       request shorter than its structure, a string out of bounds, an empty account
 *   STATUS_NO_LOGON_SERVERS        no realm for DomainName, or no KDC / kpasswd server answered
 *   STATUS_WRONG_PASSWORD          the KDC refused the old password (as MSV1_0's change password answers)
 *   STATUS_NO_SUCH_USER, STATUS_ACCOUNT_DISABLED, ...  the other refusals of the initial ticket (LsaLogonUser's
 *                                  SubStatus for the same KDC error)
 *   STATUS_PASSWORD_RESTRICTION    the server's policy refused the new password (RFC 3244 soft error)
 *   other result codes             as k5kp_result_status maps them
 *   STATUS_INVALID_NETWORK_RESPONSE  the server's reply did not verify
 * Nothing of the passwords is logged; the copies are wiped. */
NTSTATUS kerb_change_password(const void *submit, ULONG len, const void *base);

#endif
