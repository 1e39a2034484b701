/* The primary credential MSV1_0 keeps for a logon session made with a password (interactive, unlock, batch,
 * service): the account's NT hash with the user and domain names, stored in the LSA with AddCredential under this
 * package's id and a package-private primary key, so it dies with the session (the core wipes it then). Network and
 * S4U sessions get none: they saw no reusable secret, as on Windows. MsV1_0Lm20GetChallengeResponse uses it. */
#ifndef LSAEMU_PACKAGES_MSV1_0_CREDENTIAL_H
#define LSAEMU_PACKAGES_MSV1_0_CREDENTIAL_H

#include "pkg_win.h"

#include "msv1_0_ntowf.h"

#define MSV1_0_CREDENTIAL_NAME_MAX 256 /* WCHARs of user and domain names */

typedef struct msv1_0_credential {
    BYTE nt_hash[MSV1_0_NT_HASH_LEN]; /* secret: SecureZeroMemory the whole structure after use */
    WCHAR user[MSV1_0_CREDENTIAL_NAME_MAX + 1];
    WCHAR domain[MSV1_0_CREDENTIAL_NAME_MAX + 1];
} msv1_0_credential;

/* STATUS_SUCCESS, or the failure of AddCredential / an allocation. */
NTSTATUS msv1_0_credential_store(const LUID *logon_id, const BYTE nt_hash[MSV1_0_NT_HASH_LEN], const WCHAR *user,
                                 const WCHAR *domain);

/* STATUS_SUCCESS; STATUS_NO_SUCH_LOGON_SESSION when the LSA knows no such session or the session has no MSV1_0
 * credential; STATUS_NO_MEMORY. *out is zeroed on failure. */
NTSTATUS msv1_0_credential_get(const LUID *logon_id, msv1_0_credential *out);

#endif
