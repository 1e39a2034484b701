/* What a password change or set leaves behind: the long-term key each Kerberos session of ours keeps for its user
 * (kerb_cache.h) is the old password's, which the KDC refuses from then on, so such a session could not fetch a new
 * TGT once its current one ended or was purged. Both messages call this after the server said yes. */
#ifndef LSAEMU_PACKAGES_KERB_NEWKEY_H
#define LSAEMU_PACKAGES_KERB_NEWKEY_H

#include "pkg_win.h"

#include "kcc.h"
#include "kerb_config.h"

/* user (UTF-8, components joined with '/') @ realm as a principal (KRB_NT_PRINCIPAL). FALSE for an empty component,
 * more than 8, or no memory. */
BOOL kerb_newkey_principal(const char *realm, const char *user, kcc_principal *out);

/* user (UTF-8, components joined with '/', no realm) of realm now has password (chars UTF-16 units). When a session
 * of ours has that user and a kept key, an AS exchange with the new password gives the key in the enctype and with
 * the salt the KDC chooses (what a logon with it would keep), and every such session gets it (kerb_cache_update_key).
 * Returns how many sessions were updated; a failure is traced only (the password did change). */
ULONG kerb_newkey_update_sessions(const kerb_realm_info *realm, const char *user, const WCHAR *password,
                                  size_t chars);

#endif
