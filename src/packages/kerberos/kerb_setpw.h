/* KerbSetPasswordMessage: an account's password set (not changed: no old password) by the kpasswd server of the
 * realm, RFC 3244 version 0xff80 naming the account, authenticated by a kadmin/changepw ticket the named session's
 * TGT obtains. Whether the session's user may set that account's password is the server's decision (MIT: kadmind's
 * ACL; Active Directory: the Reset Password right). */
#ifndef LSAEMU_PACKAGES_KERB_SETPW_H
#define LSAEMU_PACKAGES_KERB_SETPW_H

#include "pkg_win.h"

/* submit is a whole KERB_SETPASSWORD_REQUEST of len bytes (strings as client pointers from base, or offsets).
 * The session: Flags KERB_SETPASS_USE_LOGONID with LogonId (0 = the caller's; another session: trusted callers only,
 * as every message), else the caller's. Returned (not dispatched): STATUS_NOT_SUPPORTED for
 * KERB_SETPASS_USE_CREDHANDLE (no credential handles in the package). The ProtocolStatus otherwise:
 *   STATUS_SUCCESS                 the server set the password
 *   STATUS_INVALID_PARAMETER       request shorter than its structure, a string out of bounds, an empty account
 *   STATUS_ACCESS_DENIED           another session on an untrusted connection; or the server's refusal (result code
 *                                  5, the session's user may not set it; 7, its own password with a ticket that is not
 *                                  initial)
 *   STATUS_NO_SUCH_LOGON_SESSION   another session the LSA does not know (trusted caller)
 *   SEC_E_NO_CREDENTIALS           the session has no TGT (and none to be had with a kept key)
 *   STATUS_NO_LOGON_SERVERS        no realm for DomainName; no KDC or kpasswd server answered
 *   STATUS_PASSWORD_RESTRICTION    the server's policy refused the password (result code 4)
 *   other                          the TGS exchange's status (kerb_kdc.h; a KDC that issues kadmin/changepw tickets
 *                                  only from an AS exchange, MIT's default, answers KDC_ERR_POLICY:
 *                                  STATUS_ACCOUNT_RESTRICTION), the other result codes as k5kp_result_status maps
 *                                  them (an unknown account is MIT's hard error: STATUS_UNSUCCESSFUL)
 * After a success every Kerberos session of ours whose user is the account gets the new password's key
 * (kerb_newkey.h). Nothing of the password is logged; the copy is wiped. */
NTSTATUS kerb_set_password(BOOL trusted, const void *submit, ULONG len, const void *base);

#endif
