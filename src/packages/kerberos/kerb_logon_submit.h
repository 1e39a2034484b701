/* Reading a Kerberos password logon (KERB_INTERACTIVE_LOGON, KERB_INTERACTIVE_UNLOCK_LOGON) out of the submit copy.
 *
 * Decided in Windows' order, the same as MSV1_0 for the structure the two share, so that a Negotiate logon gets one
 * answer whichever package reads it:
 *   STATUS_INVALID_LOGON_TYPE  KerbInteractiveLogon with a logon type other than Interactive, Network, Batch,
 *                              Service, NetworkCleartext, RemoteInteractive; KerbWorkstationUnlockLogon with any
 *                              type but Unlock (Proxy and NewCredentials mean something else; the Cached* types need
 *                              a logon cache this emulation does not keep)
 *   STATUS_INVALID_PARAMETER   buffer shorter than the structure; a string not inside the buffer or malformed
 * A user name that is empty, not valid UTF-16 or too long is read (user_valid FALSE): it names no principal, which
 * the logon answers as an unknown user once a realm is known. A domain too long for a realm reads as "?" (no realm).
 * The principal: UserName "user@realm" with an empty LogonDomainName is a UPN (the realm after the last '@');
 * otherwise UserName is the principal's name and LogonDomainName the realm or its NetBIOS-style first label ("" =
 * the default realm). */
#ifndef LSAEMU_PACKAGES_KERB_LOGON_SUBMIT_H
#define LSAEMU_PACKAGES_KERB_LOGON_SUBMIT_H

#include "pkg_win.h"

#include "kerb_config.h"
#include "pkg_submit.h"

#define KERB_MAX_USER 256 /* WCHARs of a user name, NUL included */

typedef struct kerb_logon_request {
    WCHAR user[KERB_MAX_USER];   /* the principal's name, without a realm */
    char user_utf8[KERB_MAX_USER * 3];
    WCHAR domain[KERB_MAX_REALM]; /* the domain to look up ("" = default realm) */
    pkg_wstr password;           /* inside the submit copy: the caller wipes it after use */
    BOOL user_valid;             /* user / user_utf8 name a principal */
    BOOL unlock;                 /* KERB_INTERACTIVE_UNLOCK_LOGON */
} kerb_logon_request;

/* type is the submit's MessageType: KerbInteractiveLogon or KerbWorkstationUnlockLogon. */
NTSTATUS kerb_logon_submit_read(ULONG type, SECURITY_LOGON_TYPE logon_type, PVOID submit, ULONG len, PVOID base,
                                kerb_logon_request *out);

#endif
