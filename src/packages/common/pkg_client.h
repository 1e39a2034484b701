/* Who is calling, and which logon session a request names, through the LSA's GetClientInfo and GetCredentials.
 *
 * Shared rules for messages that take a LogonId (Kerberos ticket cache, Negotiate caller name):
 *  - LogonId 0 means the caller's own session (GetClientInfo's LogonId);
 *  - another session needs a trusted connection (the LsaApCallPackage entry point); from an untrusted one the call
 *    succeeds with ProtocolStatus STATUS_ACCESS_DENIED;
 *  - a session the LSA does not know gives ProtocolStatus STATUS_NO_SUCH_LOGON_SESSION. */
#ifndef LSAEMU_PACKAGES_PKG_CLIENT_H
#define LSAEMU_PACKAGES_PKG_CLIENT_H

#include "pkg_win.h"

/* Resolves `requested` (0 = own) to *target. Returns STATUS_SUCCESS, or the ProtocolStatus to answer with
 * (STATUS_ACCESS_DENIED, STATUS_NO_SUCH_LOGON_SESSION, or the failure of GetClientInfo). *own tells whether the
 * target is the caller's own session (whose existence is not checked: the caller is in it). */
NTSTATUS pkg_client_resolve_logon_id(const LSA_SECPKG_FUNCTION_TABLE *lsa, ULONG package_id, BOOL trusted,
                                     const LUID *requested, LUID *target, BOOL *own);

/* STATUS_SUCCESS if the LSA knows the logon session, STATUS_NO_SUCH_LOGON_SESSION if not. */
NTSTATUS pkg_client_session_exists(const LSA_SECPKG_FUNCTION_TABLE *lsa, ULONG package_id, const LUID *id);

#endif
