/* KerbChangePasswordMessage: a user's password changed with the old one, against the realm's kpasswd server
 * (RFC 3244 over the portable frames of k5kpasswd.h); the exchange itself, which KerbSetPasswordMessage
 * (kerb_setpw.c) shares. */
#ifndef LSAEMU_PACKAGES_KERB_KPASSWD_H
#define LSAEMU_PACKAGES_KERB_KPASSWD_H

#include "pkg_win.h"

#include "kcc.h"
#include "kerb_config.h"
#include "pkg_submit.h"

#define KPASSWD_MAX_ACCOUNT 256 /* WCHARs of an account name, NUL included */
#define KPASSWD_MAX_USER (KPASSWD_MAX_ACCOUNT * 3) /* its UTF-8 bytes */

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
 * Nothing of the passwords is logged; the copies are wiped. After a success every Kerberos session of ours whose
 * user is the account gets the new password's key (kerb_newkey.h). */
NTSTATUS kerb_change_password(const void *submit, ULONG len, const void *base);

/* The RFC 3244 exchange with the realm's kpasswd server (krb5.conf's kpasswd_server, else each KDC at port 464; UDP
 * then TCP; a fresh request each attempt), authenticated by ticket (for kadmin/changepw, with its session key):
 * version 1 (the ticket's client's own password) when target is NULL, else version 0xff80 naming target. password
 * is chars UTF-16 units, sent as UTF-8 (the copy wiped). The server's result code as k5kp_result_status maps it;
 * STATUS_NO_LOGON_SERVERS when no server answered; STATUS_INVALID_NETWORK_RESPONSE for a reply that does not
 * verify; STATUS_INVALID_PARAMETER for a password that is not UTF-16. */
NTSTATUS kerb_kpasswd_send(const kerb_realm_info *realm, const kcc_cred *ticket, const kcc_principal *target,
                           const WCHAR *password, size_t chars);

/* The pieces of a request that change and set password share: its AccountName as UTF-8 (STATUS_INVALID_PARAMETER
 * when empty, too long or not UTF-16), and the configured realm its DomainName names (STATUS_NO_LOGON_SERVERS when
 * none). */
NTSTATUS kerb_kpasswd_account(const pkg_wstr *account, char user[KPASSWD_MAX_USER]);
NTSTATUS kerb_kpasswd_realm(const pkg_wstr *domain, kerb_realm_info *realm);

/* A password string of a request copied to aligned, NUL-terminated memory (malloc'd), and its wipe and free. */
NTSTATUS kerb_kpasswd_copy_password(const pkg_wstr *s, WCHAR **out, size_t *chars);
void kerb_kpasswd_wipe_password(WCHAR *s, size_t chars);

#endif
